package dev.vigil.app.review;

import dev.vigil.app.config.KafkaConnection;
import dev.vigil.app.events.AuditEvent;
import dev.vigil.app.topics.KafkaClients;
import dev.vigil.app.topics.Topic;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the access alerts of {@code evidence export} into the app's metrics. The export runs on an
 * auditor's machine and has no metrics of its own; it writes its alert to the audit log, and every
 * instance reads the log from where it stood when the instance started (no group, nothing
 * committed) and tells {@code sink} of each such alert, so the alert on {@code
 * vigil_access_alerts_total} pages for a bulk export as it does for bulk reads. Every instance
 * counts every export alert (the alert rule takes the largest count across instances for that
 * kind); an alert written while no instance ran is in the audit log only. Alerts of the console's
 * own reads and reveals are counted where they happen, not here.
 */
public final class ExportAlertWatch implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ExportAlertWatch.class);

  private final Topic<String, AuditEvent> audit;
  private final KafkaConsumer<String, AuditEvent> consumer;
  private final Consumer<AccessMonitor.Kind> sink;
  private final AtomicBoolean closed = new AtomicBoolean();

  public ExportAlertWatch(
      KafkaConnection kafka, Topic<String, AuditEvent> audit, Consumer<AccessMonitor.Kind> sink) {
    this.audit = audit;
    this.sink = sink;
    this.consumer =
        KafkaClients.consumer(
            kafka,
            audit,
            Map.of(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest"));
  }

  /** True when {@code e} is an export's access alert. */
  static boolean isExportAlert(AuditEvent e) {
    return e != null
        && AccessMonitor.ALERT_ACTION.equals(e.action())
        && AccessMonitor.Kind.ofAlertDetail(e.detail()).orElse(null) == AccessMonitor.Kind.EXPORT;
  }

  /** Starts reading (a daemon thread); the partitions' ends at this moment are where it begins. */
  public ExportAlertWatch start() {
    List<TopicPartition> parts =
        consumer.partitionsFor(audit.name(), Duration.ofSeconds(30)).stream()
            .map(i -> new TopicPartition(i.topic(), i.partition()))
            .toList();
    consumer.assign(parts);
    consumer.seekToEnd(parts);
    for (TopicPartition tp : parts) {
      consumer.position(tp); // fixes the start now, before any alert this instance should count
    }
    Thread t = new Thread(this::run, "export-alert-watch");
    t.setDaemon(true);
    t.start();
    return this;
  }

  private void run() {
    try (consumer) {
      while (!closed.get()) {
        for (ConsumerRecord<String, AuditEvent> r : consumer.poll(Duration.ofSeconds(1))) {
          if (isExportAlert(r.value())) {
            sink.accept(AccessMonitor.Kind.EXPORT);
          }
        }
      }
    } catch (WakeupException e) {
      // closing
    } catch (RuntimeException e) {
      if (!closed.get()) {
        LOG.warn("stopped reading {} for export alerts: {}", audit.name(), e.toString());
      }
    }
  }

  @Override
  public void close() {
    closed.set(true);
    consumer.wakeup();
  }
}
