package dev.vigil.app.review;

import dev.vigil.app.config.KafkaConnection;
import dev.vigil.app.events.ReviewCommand;
import dev.vigil.app.events.ReviewResult;
import dev.vigil.app.review.queue.CommandSignature;
import dev.vigil.app.topics.KafkaClients;
import dev.vigil.app.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the API talks to the review flow: it writes a command to {@code review.actions} (keyed by
 * postId, so it lands on the partition of the task that owns the post) and waits for that task's
 * answer on {@code review.results}. The answer is decided where the post's state lives, so a 409 is
 * right whichever instance served the request. A mass revert is sent to every partition and
 * answered once by each.
 */
public final class ReviewClient implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ReviewClient.class);

  private final Topics topics;
  private final CommandSignature signature;
  private final KafkaProducer<String, ReviewCommand> producer;
  private final KafkaConsumer<String, ReviewResult> results;
  private final Map<String, Pending> pending = new ConcurrentHashMap<>();
  private final Thread reader;
  private volatile boolean running = true;

  private static final class Pending {
    final int expected;
    final List<ReviewResult> got = new ArrayList<>();
    final CompletableFuture<List<ReviewResult>> done = new CompletableFuture<>();

    Pending(int expected) {
      this.expected = expected;
    }

    synchronized void add(ReviewResult r) {
      for (ReviewResult seen : got) {
        if (seen.partition() == r.partition()) {
          return;
        }
      }
      got.add(r);
      if (got.size() >= expected) {
        done.complete(List.copyOf(got));
      }
    }
  }

  /**
   * Connects and positions the result reader at the end, so no answer sent after this returns is
   * missed.
   *
   * @param signature signs every command sent, so the review task knows it was authenticated here
   */
  public ReviewClient(KafkaConnection kafka, Topics topics, CommandSignature signature) {
    this.topics = topics;
    this.signature = signature;
    producer =
        KafkaClients.producer(
            kafka,
            topics.reviewActions,
            Map.of(
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                "true",
                ProducerConfig.LINGER_MS_CONFIG,
                "0"));
    results =
        KafkaClients.consumer(
            kafka,
            topics.reviewResults,
            Map.of(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                "false"));
    List<TopicPartition> parts =
        results.partitionsFor(topics.reviewResults.name(), Duration.ofSeconds(30)).stream()
            .map(p -> new TopicPartition(p.topic(), p.partition()))
            .toList();
    results.assign(parts);
    results.seekToEnd(parts);
    parts.forEach(p -> results.position(p, Duration.ofSeconds(30)));
    reader = new Thread(this::readResults, "review-results-reader");
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Sends one command about one post and waits for its result.
   *
   * @throws TimeoutException when no answer came in time: the command is on the topic and will
   *     still apply
   */
  public ReviewResult submit(ReviewCommand command, Duration timeout)
      throws TimeoutException, InterruptedException {
    Pending p = new Pending(1);
    pending.put(command.commandId(), p);
    try {
      producer
          .send(
              new ProducerRecord<>(
                  topics.reviewActions.name(), command.postId(), signature.sign(command)))
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return p.done.get(timeout.toMillis(), TimeUnit.MILLISECONDS).get(0);
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "cannot send the command: " + e.getCause().getMessage(), e.getCause());
    } finally {
      pending.remove(command.commandId());
    }
  }

  /** How many partitions a broadcast command must reach. */
  public int partitions() {
    return producer.partitionsFor(topics.reviewActions.name()).size();
  }

  /**
   * Sends {@code command} to every partition of {@code review.actions} and waits for every
   * partition's answer.
   */
  public List<ReviewResult> broadcast(ReviewCommand command, Duration timeout)
      throws TimeoutException, InterruptedException {
    int partitions = command.revert() == null ? partitions() : command.revert().partitions();
    Pending p = new Pending(partitions);
    pending.put(command.commandId(), p);
    try {
      for (int i = 0; i < partitions; i++) {
        producer.send(
            new ProducerRecord<>(
                topics.reviewActions.name(),
                i,
                "revert:" + command.commandId(),
                signature.sign(command)));
      }
      producer.flush();
      return p.done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    } finally {
      pending.remove(command.commandId());
    }
  }

  private void readResults() {
    try {
      while (running) {
        for (ConsumerRecord<String, ReviewResult> r : results.poll(Duration.ofMillis(500))) {
          ReviewResult result = r.value();
          if (result == null) {
            continue;
          }
          Pending p = pending.get(result.commandId());
          if (p != null) {
            p.add(result);
          }
        }
      }
    } catch (WakeupException e) {
      // closing
    } catch (RuntimeException e) {
      LOG.error("review result reader stopped", e);
    } finally {
      results.close(Duration.ofSeconds(5));
    }
  }

  @Override
  public void close() {
    running = false;
    results.wakeup();
    try {
      reader.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    producer.close(Duration.ofSeconds(10));
  }
}
