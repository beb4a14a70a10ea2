package dev.vigil.app.review;

import dev.vigil.app.config.KafkaConnection;
import dev.vigil.app.events.AuditEvent;
import dev.vigil.app.topics.Topic;
import dev.vigil.app.topics.TopicTail;
import java.util.function.Consumer;

/**
 * Brings the access alerts of {@code evidence export} into the app's metrics. The export runs on an
 * auditor's machine and has no metrics of its own; it writes its alert to the audit log, and every
 * instance reads the log from where it stood when the instance started ({@link TopicTail}, {@link
 * TopicTail.Start#end()}) and tells {@code sink} of each such alert, so the alert on {@code
 * vigil_access_alerts_total} pages for a bulk export as it does for bulk reads. Every instance
 * counts every export alert (the alert rule takes the largest count across instances for that
 * kind); an alert written while no instance ran is in the audit log only. Alerts of the console's
 * own reads and reveals are counted where they happen, not here.
 */
public final class ExportAlertWatch implements AutoCloseable {
  private final TopicTail<String, AuditEvent> tail;

  public ExportAlertWatch(
      KafkaConnection kafka, Topic<String, AuditEvent> audit, Consumer<AccessMonitor.Kind> sink) {
    this.tail =
        new TopicTail<>(
            kafka,
            audit,
            TopicTail.Start.end(),
            "export-alert-watch",
            (k, e) -> {
              if (isExportAlert(e)) {
                sink.accept(AccessMonitor.Kind.EXPORT);
              }
            });
  }

  /** True when {@code e} is an export's access alert. */
  static boolean isExportAlert(AuditEvent e) {
    return e != null
        && AccessMonitor.ALERT_ACTION.equals(e.action())
        && AccessMonitor.Kind.ofAlertDetail(e.detail()).orElse(null) == AccessMonitor.Kind.EXPORT;
  }

  /**
   * Starts reading (a daemon thread) from the log's end as it stands now: returns once that end is
   * fixed, or after {@link TopicTail#START_WAIT} when Kafka does not answer (see {@link
   * TopicTail.Start#end()}).
   */
  public ExportAlertWatch start() {
    tail.start();
    return this;
  }

  @Override
  public void close() {
    tail.close();
  }
}
