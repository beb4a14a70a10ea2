package dev.vigil.app.evidence;

import dev.vigil.app.topics.KafkaClients;
import dev.vigil.core.evidence.DataKeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.streams.KafkaClientSupplier;

/**
 * The Kafka clients of the Streams app, with one change: a producer commits (its transaction under
 * exactly-once, its flush before an offset commit otherwise) only after every data key handed out
 * so far is durably stored.
 *
 * <p>Why: evidence is sealed under an author's data key, and the key is written to its own topic
 * outside the Streams transaction. Waiting for that write before sealing costs a broker round trip
 * per new author on the stream thread (it capped the pipeline at a few hundred new authors a
 * second); waiting for it once per commit costs nothing measurable and keeps the promise that
 * matters: no sealed record becomes visible whose key could be missing. If a key write failed since
 * this producer last committed, the commit is refused: the stream thread dies, is replaced, and
 * reprocesses from the last commit under a fresh key.
 */
public final class CommitAfterKeys implements KafkaClientSupplier {
  private final DataKeyStore keys;

  public CommitAfterKeys(DataKeyStore keys) {
    this.keys = Objects.requireNonNull(keys, "keys");
  }

  @Override
  public Producer<byte[], byte[]> getProducer(Map<String, Object> config) {
    return new KeysFirstProducer(KafkaClients.bytesProducer(config), keys);
  }

  @Override
  public Consumer<byte[], byte[]> getConsumer(Map<String, Object> config) {
    return consumer(config);
  }

  @Override
  public Consumer<byte[], byte[]> getRestoreConsumer(Map<String, Object> config) {
    return consumer(config);
  }

  @Override
  public Consumer<byte[], byte[]> getGlobalConsumer(Map<String, Object> config) {
    return consumer(config);
  }

  @Override
  public Admin getAdmin(Map<String, Object> config) {
    return KafkaClients.admin(config);
  }

  private static Consumer<byte[], byte[]> consumer(Map<String, Object> config) {
    return KafkaClients.bytesConsumer(config);
  }

  /**
   * A producer that waits for the data keys before it commits; everything else goes straight
   * through.
   */
  static final class KeysFirstProducer implements Producer<byte[], byte[]> {
    private final Producer<byte[], byte[]> producer;
    private final DataKeyStore keys;
    private long failuresSeen;

    KeysFirstProducer(Producer<byte[], byte[]> producer, DataKeyStore keys) {
      this.producer = producer;
      this.keys = keys;
      // A key that failed before this producer existed was forgotten before it could seal anything
      // here.
      this.failuresSeen = keys.awaitKeysDurable();
    }

    private void awaitKeys() {
      long failures = keys.awaitKeysDurable();
      if (failures != failuresSeen) {
        failuresSeen = failures;
        throw new KafkaException(
            "a data key could not be stored; not committing evidence that may be sealed under it");
      }
    }

    @Override
    public void commitTransaction() {
      awaitKeys();
      producer.commitTransaction();
    }

    @Override
    public void flush() {
      producer.flush();
      awaitKeys();
    }

    @Override
    public void initTransactions() {
      producer.initTransactions();
    }

    @Override
    public void beginTransaction() {
      producer.beginTransaction();
    }

    @Override
    public void sendOffsetsToTransaction(
        Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata group) {
      producer.sendOffsetsToTransaction(offsets, group);
    }

    @Override
    public void abortTransaction() {
      producer.abortTransaction();
    }

    @Override
    public void registerMetricForSubscription(KafkaMetric metric) {
      producer.registerMetricForSubscription(metric);
    }

    @Override
    public void unregisterMetricFromSubscription(KafkaMetric metric) {
      producer.unregisterMetricFromSubscription(metric);
    }

    @Override
    public Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record) {
      return producer.send(record);
    }

    @Override
    public Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record, Callback callback) {
      return producer.send(record, callback);
    }

    @Override
    public List<PartitionInfo> partitionsFor(String topic) {
      return producer.partitionsFor(topic);
    }

    @Override
    public Map<MetricName, ? extends Metric> metrics() {
      return producer.metrics();
    }

    @Override
    public Uuid clientInstanceId(Duration timeout) {
      return producer.clientInstanceId(timeout);
    }

    @Override
    public void close() {
      producer.close();
    }

    @Override
    public void close(Duration timeout) {
      producer.close(timeout);
    }
  }
}
