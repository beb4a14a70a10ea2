package dev.vigil.app.review;

import dev.vigil.app.config.KafkaConnection;
import dev.vigil.app.events.AuditEvent;
import dev.vigil.app.topics.KafkaClients;
import dev.vigil.app.topics.Topic;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes audit events that happen outside the stream tasks (a rule's circuit tripping, an
 * operator's reset) to {@code moderation.audit}, waiting until each is stored: an act that is not
 * on record did not happen.
 */
public final class AuditWriter implements AutoCloseable {
  private final Topic<String, AuditEvent> topic;
  private final KafkaProducer<String, AuditEvent> producer;

  public AuditWriter(KafkaConnection kafka, Topic<String, AuditEvent> topic) {
    this.topic = topic;
    this.producer =
        KafkaClients.producer(
            kafka,
            topic,
            Map.of(
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                "true"));
  }

  /** Stores {@code event} under {@code key}; throws if Kafka does not confirm it within 30 s. */
  public void write(String key, AuditEvent event) {
    try {
      producer.send(new ProducerRecord<>(topic.name(), key, event)).get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while writing an audit event", e);
    } catch (Exception e) {
      throw new IllegalStateException("audit event not stored: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    producer.close();
  }
}
