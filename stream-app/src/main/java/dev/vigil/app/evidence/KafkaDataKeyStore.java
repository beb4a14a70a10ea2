package dev.vigil.app.evidence;

import dev.vigil.app.config.KafkaConnection;
import dev.vigil.app.topics.KafkaClients;
import dev.vigil.app.topics.Topics;
import dev.vigil.core.evidence.AbstractDataKeyStore;
import dev.vigil.core.evidence.KeyWrapper;
import dev.vigil.core.evidence.WrappedDataKey;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
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
 * A {@link dev.vigil.core.evidence.DataKeyStore} on a compacted Kafka topic: key = key id, value =
 * the {@link WrappedDataKey} JSON, a tombstone = destroyed. Every instance reads the whole topic
 * into a local {@link RocksDataKeyIndex} (on disk, so the heap does not grow with the number of
 * authors) and follows it; a new key is written in the background ({@code acks=all}, idempotent)
 * and {@link #awaitKeysDurable} waits for it: the Streams producer calls that before every commit
 * ({@link CommitAfterKeys}), so no evidence sealed under a key commits before the key is durably
 * stored, and sealing does not wait a round trip per new author. Destructions wait for their write.
 *
 * <p>How destroyed keys really become unrecoverable, and the limits. A tombstone removes the key
 * from every instance's memory at once. On the brokers, the wrapped key stays in the log until the
 * log cleaner rewrites its segment: the topic is created with {@code segment.ms=1h}, {@code
 * min.cleanable.dirty.ratio=0.01} and {@code max.compaction.lag.ms=1h} so that this happens within
 * hours, not the default week; the tombstone itself is dropped after {@code
 * delete.retention.ms=1d}. What compaction cannot reach: copies of the topic outside the cluster
 * (backups, MirrorMaker replicas, tiered storage), and disk blocks of deleted segment files. All of
 * those hold only WRAPPED keys, useless without the master key: the real boundary of
 * crypto-shredding for such copies is rotating the master key and destroying the old one (not
 * automated yet).
 *
 * <p>Key writes are not part of the Kafka Streams transaction: a key written for a transaction that
 * then aborts is an orphan, harmless (it seals nothing) and reused by the retry.
 */
public final class KafkaDataKeyStore extends AbstractDataKeyStore implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaDataKeyStore.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final String topic;
  private final KafkaProducer<String, byte[]> producer;
  private final KafkaConsumer<String, byte[]> consumer;
  private final RocksDataKeyIndex index;
  private final Object positionLock = new Object();
  private Map<TopicPartition, Long> positions = Map.of();
  private final Admin admin;
  private final Thread follower;
  private volatile boolean closed;

  /**
   * Connects, reads the whole topic, and keeps following it.
   *
   * @param readOnly true for tools that only open evidence: no producer is created
   * @param indexDir where the local index of the topic lives (emptied first), or null for a
   *     temporary one
   */
  public KafkaDataKeyStore(
      KafkaConnection kafka, String topic, KeyWrapper wrapper, boolean readOnly, Path indexDir) {
    this(
        kafka,
        topic,
        wrapper,
        readOnly,
        indexDir == null ? RocksDataKeyIndex.temporary() : RocksDataKeyIndex.open(indexDir));
  }

  private KafkaDataKeyStore(
      KafkaConnection kafka,
      String topic,
      KeyWrapper wrapper,
      boolean readOnly,
      RocksDataKeyIndex index) {
    super(wrapper, Clock.systemUTC(), index);
    this.index = index;
    this.topic = topic;
    this.admin = KafkaClients.admin(kafka);
    if (readOnly) {
      producer = null;
    } else {
      producer =
          KafkaClients.producer(
              kafka,
              Topics.dataKeyTopic(topic),
              Map.of(
                  ProducerConfig.ACKS_CONFIG,
                  "all",
                  ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                  "true",
                  ProducerConfig.CLIENT_ID_CONFIG,
                  "vigil-datakeys-writer"));
    }
    consumer =
        KafkaClients.consumer(
            kafka,
            Topics.dataKeyTopic(topic),
            Map.of(
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                "false",
                ConsumerConfig.CLIENT_ID_CONFIG,
                "vigil-datakeys-reader"));
    List<TopicPartition> parts =
        consumer.partitionsFor(topic, TIMEOUT).stream()
            .map(i -> new TopicPartition(topic, i.partition()))
            .toList();
    if (parts.isEmpty()) {
      consumer.close();
      admin.close();
      index.close();
      if (producer != null) {
        producer.close();
      }
      throw new IllegalStateException("data key topic " + topic + " does not exist");
    }
    consumer.assign(parts);
    consumer.seekToBeginning(parts);
    Map<TopicPartition, Long> end = consumer.endOffsets(parts, TIMEOUT);
    while (!reached(end)) {
      apply(consumer.poll(Duration.ofMillis(200)));
    }
    follower = new Thread(this::follow, "vigil-datakeys-follower");
    follower.setDaemon(true);
    follower.start();
  }

  private boolean reached(Map<TopicPartition, Long> end) {
    Map<TopicPartition, Long> now = new HashMap<>();
    for (TopicPartition tp : end.keySet()) {
      now.put(tp, consumer.position(tp, TIMEOUT));
    }
    synchronized (positionLock) {
      positions = now;
    }
    return end.entrySet().stream().allMatch(e -> now.get(e.getKey()) >= e.getValue());
  }

  /**
   * Follows the topic until closed; a failed poll is logged and retried, never the end of
   * following.
   */
  private void follow() {
    try {
      while (!closed) {
        try {
          var records = consumer.poll(Duration.ofMillis(500));
          apply(records);
          Map<TopicPartition, Long> now = new HashMap<>();
          for (TopicPartition tp : consumer.assignment()) {
            now.put(tp, consumer.position(tp));
          }
          synchronized (positionLock) {
            positions = now;
            positionLock.notifyAll();
          }
        } catch (WakeupException e) {
          throw e;
        } catch (RuntimeException e) {
          LOG.error("reading data key topic {} failed, retrying: {}", topic, e.toString());
          Thread.sleep(1000);
        }
      }
    } catch (WakeupException | InterruptedException e) {
      // closing
    } finally {
      consumer.close();
    }
  }

  private void apply(Iterable<ConsumerRecord<String, byte[]>> records) {
    for (ConsumerRecord<String, byte[]> r : records) {
      if (r.key() == null) {
        continue;
      }
      if (r.value() == null) {
        index.destroy(r.key());
      } else {
        try {
          index.put(WrappedDataKey.fromJson(r.value()));
        } catch (IllegalArgumentException e) {
          LOG.warn(
              "ignoring unreadable data key record at {}-{}@{}",
              r.topic(),
              r.partition(),
              r.offset());
        }
      }
    }
  }

  /**
   * Waits until this instance has read everything written to the topic before this call, so that
   * keys made or destroyed by other instances are seen.
   */
  @Override
  protected void refresh() {
    Map<TopicPartition, Long> end = endOffsets(positionsSnapshot().keySet());
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    synchronized (positionLock) {
      while (!end.entrySet().stream()
          .allMatch(e -> positions.getOrDefault(e.getKey(), 0L) >= e.getValue())) {
        long left = deadline - System.nanoTime();
        if (left <= 0 || closed) {
          throw new IllegalStateException(
              "data key topic " + topic + " could not be read up to date");
        }
        try {
          positionLock.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while reading data keys", e);
        }
      }
    }
  }

  private Map<TopicPartition, Long> positionsSnapshot() {
    synchronized (positionLock) {
      return positions;
    }
  }

  private Map<TopicPartition, Long> endOffsets(Set<TopicPartition> parts) {
    Map<TopicPartition, OffsetSpec> query = new HashMap<>();
    parts.forEach(tp -> query.put(tp, OffsetSpec.latest()));
    try {
      Map<TopicPartition, Long> out = new HashMap<>();
      admin
          .listOffsets(query)
          .all()
          .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
          .forEach((tp, info) -> out.put(tp, info.offset()));
      return out;
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "cannot read the end of data key topic " + topic + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading data keys", e);
    }
  }

  @Override
  protected void persist(WrappedDataKey key) {
    String keyId = key.keyId();
    writer()
        .send(
            new ProducerRecord<>(topic, keyId, key.toJson()),
            (metadata, e) -> {
              if (e != null) {
                LOG.error(
                    "data key {} could not be written to {} ({}); nothing sealed under it will be committed",
                    keyId,
                    topic,
                    e.toString());
                writeFailed(keyId);
              }
            });
  }

  @Override
  protected void awaitWrites() {
    if (producer != null) {
      producer.flush();
    }
  }

  @Override
  protected void persistDestruction(String keyId) {
    try {
      writer()
          .send(new ProducerRecord<>(topic, keyId, null))
          .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "could not destroy data key " + keyId + " in " + topic + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while destroying data key " + keyId, e);
    }
  }

  private KafkaProducer<String, byte[]> writer() {
    if (producer == null) {
      throw new IllegalStateException("this data key store was opened read-only");
    }
    return producer;
  }

  @Override
  public void close() {
    closed = true;
    consumer.wakeup();
    try {
      follower.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (producer != null) {
      producer.close(Duration.ofSeconds(10));
    }
    admin.close(Duration.ofSeconds(10));
    index.close();
  }
}
