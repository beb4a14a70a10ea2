package dev.vigil.app.rescan;

import dev.vigil.app.config.KafkaConnection;
import dev.vigil.app.events.DecisionEvent;
import dev.vigil.app.events.RescanHit;
import dev.vigil.app.events.SealedBytes;
import dev.vigil.app.metrics.VigilMetrics;
import dev.vigil.app.topics.KafkaClients;
import dev.vigil.app.topics.Topics;
import dev.vigil.core.evidence.ContentSealer;
import dev.vigil.core.evidence.DataKeyStore;
import dev.vigil.core.policy.Action;
import dev.vigil.core.policy.Decision;
import dev.vigil.core.policy.Engine;
import dev.vigil.core.policy.Match;
import dev.vigil.core.post.ParseResult;
import dev.vigil.core.post.Post;
import dev.vigil.core.post.PostParser;
import dev.vigil.core.privacy.Pseudonym;
import dev.vigil.core.privacy.Pseudonymizer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One rescan: the rules a pack change added or altered ({@code core.rules.RuleChanges}), and only
 * they ({@code Engine.restrictedTo}), run over the posts published in the last {@code window},
 * throttled, in shadow: a post they flag becomes a {@link RescanHit} on {@code posts.rescans},
 * which the review task turns into a queue item of origin {@code rescan}; nothing is taken down
 * without a moderator.
 *
 * <p>A plain consumer of {@code posts.published} (read committed) in the group {@code
 * <application.id>-rescan-<pack version>}: every instance runs the same rescan in the same group,
 * so they share the partitions, and offsets are committed as hits are written, so a restart (or a
 * partition moving to another instance) resumes where it stopped. A partition seen for the first
 * time starts at {@code offsetsForTimes(now - window)} (the topic's retention bounds it: older
 * posts are gone) and stops at the end offset captured when the rescan started; that end and the
 * rescan's rules ride in each committed offset's metadata, so whoever resumes a partition stops
 * where the first instance would have, and {@link Rescans#resume} can restart a rescan after a
 * restart.
 *
 * <p>Personal data: the post is parsed with the app's {@link PostParser}, its author pseudonymised
 * and its bytes sealed under the author's data key before anything is written, exactly as the
 * report path does; the hit is sent only once every data key handed out is durable ({@link
 * DataKeyStore#awaitKeysDurable}), and its offset committed only once the hit is acknowledged.
 * Duplicates after a crash are possible and harmless: the queue merges a hit it already has.
 */
final class Rescan implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(Rescan.class);

  /** How long an instance waits for partitions before it leaves the work to the others. */
  static final Duration IDLE = Duration.ofSeconds(60);

  /** Committed offset metadata: {@code end=<offset>;rules=<id,id,...>} (rules if they fit). */
  static final int MAX_METADATA = 3000;

  /** Told when a rescan starts and ends, for the audit log. */
  interface Listener {
    void started(Rescan rescan);

    void ended(Rescan rescan, long posts, long hits, String how);
  }

  /** What a rescan needs from the app, shared by every rescan of one instance. */
  record Context(
      KafkaConnection kafka,
      Topics topics,
      String applicationId,
      PostParser parser,
      Pseudonymizer pseudonymizer,
      ContentSealer sealer,
      DataKeyStore keys,
      VigilMetrics metrics,
      Clock clock,
      Supplier<Set<String>> demoted,
      Listener listener) {}

  private final Context cx;
  private final String packVersion;
  private final Set<String> rules;
  private final Engine engine;
  private final Duration window;
  private final int postsPerSecond;
  private final boolean resumed;
  private final Set<String> takedownCategories;
  private volatile boolean stopped;
  private volatile String stopReason = "stopped";
  private volatile boolean finished;

  Rescan(
      Context cx,
      String packVersion,
      Set<String> rules,
      Engine engine,
      Duration window,
      int postsPerSecond,
      boolean resumed,
      Set<String> takedownCategories) {
    this.takedownCategories = Set.copyOf(takedownCategories);
    this.cx = cx;
    this.packVersion = packVersion;
    this.rules = Set.copyOf(new TreeSet<>(rules));
    this.engine = engine;
    this.window = window;
    this.postsPerSecond = postsPerSecond;
    this.resumed = resumed;
  }

  /** The consumer group of the rescan of pack {@code packVersion}. */
  static String group(String applicationId, String packVersion) {
    return applicationId + "-rescan-" + packVersion;
  }

  String packVersion() {
    return packVersion;
  }

  Set<String> rules() {
    return new TreeSet<>(rules);
  }

  Duration window() {
    return window;
  }

  boolean resumed() {
    return resumed;
  }

  boolean finished() {
    return finished;
  }

  /** Asks the rescan to stop after the post it is on; what it did is committed. */
  void stop(String reason) {
    stopReason = reason;
    stopped = true;
  }

  @Override
  public void run() {
    long[] counts = new long[2];
    String how = "done";
    cx.listener().started(this);
    try {
      how = scan(counts);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      how = stopReason;
    } catch (RuntimeException e) {
      LOG.error("rescan of pack {} failed; a restart resumes it", packVersion, e);
      how = "failed: " + e.getClass().getSimpleName();
    } finally {
      finished = true;
      cx.metrics().rescanRemaining(0);
      cx.listener().ended(this, counts[0], counts[1], how);
    }
  }

  private String scan(long[] counts) throws InterruptedException {
    String topic = cx.topics().published.name();
    Map<String, Object> consumerConfig = new HashMap<>();
    consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, group(cx.applicationId(), packVersion));
    consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
    consumerConfig.put(
        ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Math.max(1, Math.min(500, postsPerSecond)));
    consumerConfig.put(ConsumerConfig.CLIENT_ID_CONFIG, group(cx.applicationId(), packVersion));
    Map<String, Object> producerConfig = new HashMap<>();
    producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
    producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    producerConfig.put(
        ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Topics.MAX_OUTPUT_RECORD_BYTES + 64 * 1024);
    try (KafkaConsumer<String, byte[]> consumer =
            KafkaClients.consumer(cx.kafka(), cx.topics().published, consumerConfig);
        KafkaProducer<String, RescanHit> producer =
            KafkaClients.producer(cx.kafka(), cx.topics().rescans, producerConfig)) {
      Instant from = cx.clock().instant().minus(window);
      Map<TopicPartition, Long> ends = new HashMap<>();
      List<TopicPartition> all = new ArrayList<>();
      for (PartitionInfo p : consumer.partitionsFor(topic)) {
        all.add(new TopicPartition(topic, p.partition()));
      }
      ends.putAll(consumer.endOffsets(all));
      Map<TopicPartition, Long> stopAt = new HashMap<>();
      Map<TopicPartition, Long> progress = new HashMap<>();
      consumer.subscribe(
          List.of(topic),
          new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> parts) {
              parts.forEach(stopAt::remove);
              parts.forEach(progress::remove);
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> parts) {
              assign(consumer, parts, ends, from, stopAt, progress);
            }
          });
      TokenBucket bucket = new TokenBucket(postsPerSecond, TokenBucket.Ticker.SYSTEM);
      long failuresSeen = cx.keys().awaitKeysDurable();
      long idleSince = System.nanoTime();
      while (!stopped) {
        ConsumerRecords<String, byte[]> batch = consumer.poll(Duration.ofMillis(200));
        List<RescanHit> out = new ArrayList<>();
        Map<TopicPartition, Long> next = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r : batch) {
          if (stopped) {
            break;
          }
          TopicPartition tp = new TopicPartition(r.topic(), r.partition());
          Long end = stopAt.get(tp);
          if (end == null || r.offset() >= end) {
            continue;
          }
          bucket.take();
          counts[0]++;
          cx.metrics().rescanned();
          RescanHit hit = decide(r);
          if (hit != null) {
            counts[1]++;
            out.add(hit);
          }
          next.put(tp, r.offset() + 1);
        }
        if (!out.isEmpty()) {
          // No sealed record is written before its key is durable (as CommitAfterKeys does for the
          // streams).
          long failures = cx.keys().awaitKeysDurable();
          if (failures != failuresSeen) {
            throw new IllegalStateException(
                "a data key could not be stored; not writing hits sealed under it");
          }
          List<Future<RecordMetadata>> sent = new ArrayList<>();
          for (RescanHit hit : out) {
            sent.add(
                producer.send(new ProducerRecord<>(cx.topics().rescans.name(), hit.postId(), hit)));
          }
          producer.flush();
          for (Future<RecordMetadata> f : sent) {
            try {
              f.get();
            } catch (java.util.concurrent.ExecutionException e) {
              throw new IllegalStateException("a rescan hit was not written", e.getCause());
            }
          }
          for (RescanHit hit : out) {
            hit.rules().forEach(cx.metrics()::rescanHit);
          }
        }
        // Whole batch read: each partition's position is where it is done up to (past records
        // beyond its end, and past transaction markers, which carry offsets but no record).
        Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
        if (stopped) {
          next.forEach(
              (tp, offset) -> {
                if (stopAt.containsKey(tp)) {
                  commit.put(tp, new OffsetAndMetadata(offset, metadata(stopAt.get(tp))));
                }
              });
        } else {
          for (TopicPartition tp : consumer.assignment()) {
            Long end = stopAt.get(tp);
            if (end == null) {
              continue;
            }
            long position = consumer.position(tp);
            if (position != progress.getOrDefault(tp, -1L)) {
              progress.put(tp, position);
              commit.put(tp, new OffsetAndMetadata(position, metadata(end)));
            }
          }
        }
        if (!commit.isEmpty()) {
          consumer.commitSync(commit);
        }
        long remaining = 0;
        List<TopicPartition> done = new ArrayList<>();
        for (var e : stopAt.entrySet()) {
          long left = e.getValue() - progress.getOrDefault(e.getKey(), e.getValue());
          if (left <= 0) {
            done.add(e.getKey());
          }
          remaining += Math.max(0, left);
        }
        consumer.pause(done);
        cx.metrics().rescanRemaining(remaining);
        if (!stopAt.isEmpty()) {
          idleSince = System.nanoTime();
          if (remaining == 0) {
            return "done";
          }
        } else if (System.nanoTime() - idleSince > IDLE.toNanos()) {
          return "idle: no partitions assigned";
        }
      }
      return stopReason;
    }
  }

  /**
   * Places newly assigned partitions: a committed one resumes at its offset and stops at the end
   * its metadata names; a new one starts at the window's first post and stops at the end captured
   * at start, and that start is committed at once with its end, so that whoever resumes it later
   * stops at the same place.
   */
  private void assign(
      KafkaConsumer<String, byte[]> consumer,
      Collection<TopicPartition> parts,
      Map<TopicPartition, Long> ends,
      Instant from,
      Map<TopicPartition, Long> stopAt,
      Map<TopicPartition, Long> progress) {
    Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new HashSet<>(parts));
    Map<TopicPartition, Long> fresh = new HashMap<>();
    for (TopicPartition tp : parts) {
      OffsetAndMetadata c = committed.get(tp);
      Long end = c == null ? null : endOf(c.metadata());
      if (c != null && end != null) {
        stopAt.put(tp, end);
        progress.put(tp, c.offset());
        consumer.seek(tp, c.offset());
      } else {
        fresh.put(tp, from.toEpochMilli());
      }
    }
    if (fresh.isEmpty()) {
      return;
    }
    Map<TopicPartition, OffsetAndTimestamp> starts = consumer.offsetsForTimes(fresh);
    Map<TopicPartition, Long> missingEnds = new HashMap<>();
    for (TopicPartition tp : fresh.keySet()) {
      if (!ends.containsKey(tp)) {
        missingEnds.put(tp, 0L);
      }
    }
    if (!missingEnds.isEmpty()) {
      ends.putAll(consumer.endOffsets(missingEnds.keySet()));
    }
    Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
    for (TopicPartition tp : fresh.keySet()) {
      long end = ends.get(tp);
      OffsetAndTimestamp start = starts.get(tp);
      long offset = start == null ? end : Math.min(start.offset(), end);
      consumer.seek(tp, offset);
      stopAt.put(tp, end);
      progress.put(tp, offset);
      commit.put(tp, new OffsetAndMetadata(offset, metadata(end)));
    }
    consumer.commitSync(commit);
  }

  /** A hit if the changed rules (less any the breaker demoted since) flag the post, else null. */
  RescanHit decide(ConsumerRecord<String, byte[]> r) {
    if (r.value() == null) {
      return null;
    }
    ParseResult parsed = cx.parser().parse(r.value());
    if (!(parsed instanceof ParseResult.Ok ok)) {
      return null; // only valid posts are ever published
    }
    Post post = ok.post();
    if (r.key() != null && !r.key().equals(post.postId())) {
      return null;
    }
    Decision d = engine.decide(post.content());
    if (d.action() == Action.ALLOW) {
      return null;
    }
    Set<String> demoted = cx.demoted().get();
    List<Match> matches = new ArrayList<>();
    TreeSet<String> hitRules = new TreeSet<>();
    for (Match m : d.matches()) {
      if (!demoted.contains(m.ruleId())) {
        matches.add(m);
        hitRules.add(m.ruleId());
      }
    }
    if (hitRules.isEmpty()) {
      return null;
    }
    Instant now = cx.clock().instant();
    Instant publishedAt = Instant.ofEpochMilli(r.timestamp());
    Pseudonym author = cx.pseudonymizer().pseudonymOf(post.author());
    DecisionEvent decision =
        new DecisionEvent(
            post.postId(),
            d.withMatches(matches),
            now,
            publishedAt,
            Math.max(0, Duration.between(publishedAt, now).toMillis()),
            author.value(),
            DecisionEvent.Source.RESCAN);
    SealedBytes content =
        SealedBytes.of(
            cx.sealer().sealForAuthor(author, ContentSealer.post(post.postId()), post.bytes()));
    return new RescanHit(
        post.postId(), packVersion, List.copyOf(hitRules), decision, content, now, takedown(d));
  }

  /**
   * Whether the changed rules block the post in categories that all opted in to {@code rescan:
   * takedown}; anything less (a review, or a block in one category that did not) goes to review.
   */
  boolean takedown(Decision d) {
    if (d.action() != Action.BLOCK || d.categories().isEmpty()) {
      return false;
    }
    for (String c : d.categories()) {
      if (!takedownCategories.contains(dev.vigil.core.policy.CompiledRule.topCategory(c))) {
        return false;
      }
    }
    return true;
  }

  /** The committed offsets' metadata: where the partition stops, and the rules if they fit. */
  String metadata(long end) {
    String withRules = "end=" + end + ";rules=" + String.join(",", new TreeSet<>(rules));
    return withRules.length() <= MAX_METADATA ? withRules : "end=" + end;
  }

  /** The end offset named by a committed offset's metadata, or null. */
  static Long endOf(String metadata) {
    if (metadata == null) {
      return null;
    }
    for (String part : metadata.split(";")) {
      if (part.startsWith("end=")) {
        try {
          return Long.parseLong(part.substring(4));
        } catch (NumberFormatException e) {
          return null;
        }
      }
    }
    return null;
  }

  /** The rules named by a committed offset's metadata, or an empty set. */
  static Set<String> rulesOf(String metadata) {
    Set<String> out = new TreeSet<>();
    if (metadata == null) {
      return out;
    }
    for (String part : metadata.split(";")) {
      if (part.startsWith("rules=") && part.length() > 6) {
        out.addAll(List.of(part.substring(6).split(",")));
      }
    }
    return out;
  }
}
