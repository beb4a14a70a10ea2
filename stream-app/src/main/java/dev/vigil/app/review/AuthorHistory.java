package dev.vigil.app.review;

import dev.vigil.app.config.KafkaConnection;
import dev.vigil.app.events.DecisionEvent;
import dev.vigil.app.topics.KafkaClients;
import dev.vigil.app.topics.Topic;
import dev.vigil.app.topics.Topics;
import dev.vigil.core.evidence.EvidenceRecord;
import dev.vigil.core.policy.Action;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An author's history on this platform, as counts by pseudonym and never an identity: the engine's
 * decisions on their posts ({@code moderation.decisions}) and the blocks on record ({@code
 * moderation.evidence}: the engine's, moderators' rejects, takedowns). Each instance reads both
 * topics from their start (as far as retention keeps them) in two background consumers of no group
 * (assigned, nothing committed), so the counts cover what the topics still hold. Bounded: past
 * {@code maxAuthors} pseudonyms, new ones are not counted and the answer says the history is
 * incomplete.
 */
public final class AuthorHistory implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AuthorHistory.class);

  /**
   * What is on record of one pseudonym.
   *
   * @param decisions the engine's decisions on their posts
   * @param held of those, sent to review
   * @param blocked of those, blocked by the engine
   * @param rejected posts a moderator rejected (held posts blocked, and published posts taken down)
   * @param complete false when the history was not kept for every author (the bound was reached)
   */
  public record Counts(long decisions, long held, long blocked, long rejected, boolean complete) {}

  private final Map<String, long[]> counts = new ConcurrentHashMap<>();
  private final int maxAuthors;
  private final AtomicBoolean full = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final List<Reader<?>> readers;

  public AuthorHistory(KafkaConnection kafka, Topics topics, int maxAuthors) {
    this.maxAuthors = maxAuthors;
    this.readers =
        List.of(
            new Reader<>(kafka, topics.decisions, (k, d) -> decision(d)),
            new Reader<>(kafka, topics.evidence, (k, e) -> evidence(e)));
  }

  /** Starts the readers (daemon threads). */
  public AuthorHistory start() {
    for (Reader<?> r : readers) {
      Thread t = new Thread(r, "author-history-" + r.topic.name());
      t.setDaemon(true);
      t.start();
    }
    return this;
  }

  /** The counts of {@code pseudonym} (zero when nothing is on record). */
  public Counts of(String pseudonym) {
    long[] c = pseudonym == null ? null : counts.get(pseudonym);
    boolean complete = !full.get();
    if (c == null) {
      return new Counts(0, 0, 0, 0, complete);
    }
    synchronized (c) {
      return new Counts(c[0], c[1], c[2], c[3], complete);
    }
  }

  void decision(DecisionEvent d) {
    if (d == null
        || d.authorPseudonym() == null
        || (d.source() != null && d.source() != DecisionEvent.Source.ENGINE)) {
      return;
    }
    long[] c = slot(d.authorPseudonym());
    if (c == null) {
      return;
    }
    synchronized (c) {
      c[0]++;
      if (d.decision().action() == Action.REVIEW) {
        c[1]++;
      } else if (d.decision().action() == Action.BLOCK) {
        c[2]++;
      }
    }
  }

  void evidence(EvidenceRecord r) {
    if (r == null || "engine".equals(r.evidence().blockedBy())) {
      return; // an engine block is counted from its decision
    }
    long[] c = slot(r.evidence().author().value());
    if (c == null) {
      return;
    }
    synchronized (c) {
      c[3]++;
    }
  }

  private long[] slot(String pseudonym) {
    long[] c = counts.get(pseudonym);
    if (c != null) {
      return c;
    }
    if (counts.size() >= maxAuthors) {
      full.set(true);
      return null;
    }
    return counts.computeIfAbsent(pseudonym, p -> new long[4]);
  }

  @Override
  public void close() {
    closed.set(true);
    for (Reader<?> r : readers) {
      r.consumer.wakeup();
    }
  }

  private final class Reader<V> implements Runnable {
    final Topic<String, V> topic;
    final KafkaConsumer<String, V> consumer;
    final BiConsumer<String, V> sink;

    Reader(KafkaConnection kafka, Topic<String, V> topic, BiConsumer<String, V> sink) {
      this.topic = topic;
      this.sink = sink;
      this.consumer =
          KafkaClients.consumer(
              kafka,
              topic,
              Map.of(
                  ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                  ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                  ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"));
    }

    @Override
    public void run() {
      try (consumer) {
        List<TopicPartition> parts = List.of();
        while (!closed.get() && parts.isEmpty()) {
          parts =
              consumer.partitionsFor(topic.name(), Duration.ofSeconds(10)).stream()
                  .map(i -> new TopicPartition(i.topic(), i.partition()))
                  .toList();
        }
        consumer.assign(parts);
        consumer.seekToBeginning(parts);
        while (!closed.get()) {
          for (ConsumerRecord<String, V> r : consumer.poll(Duration.ofSeconds(1))) {
            try {
              sink.accept(r.key(), r.value());
            } catch (RuntimeException e) {
              LOG.debug("author history skips a record of {}: {}", topic.name(), e.toString());
            }
          }
        }
      } catch (WakeupException e) {
        // closing
      } catch (RuntimeException e) {
        if (!closed.get()) {
          LOG.warn("author history stopped reading {}: {}", topic.name(), e.toString());
        }
      }
    }
  }
}
