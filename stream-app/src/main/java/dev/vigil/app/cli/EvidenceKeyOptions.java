package dev.vigil.app.cli;

import dev.vigil.app.events.AuditEvent;
import dev.vigil.app.evidence.EvidenceSetup;
import dev.vigil.app.evidence.KafkaDataKeyStore;
import dev.vigil.app.review.AuditLog;
import dev.vigil.app.review.AuditWriter;
import dev.vigil.app.topics.JsonSerde;
import dev.vigil.app.topics.Topic;
import dev.vigil.core.evidence.MasterKey;
import dev.vigil.core.evidence.MasterKeyWrapper;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * What an evidence command that touches data keys needs, besides the record: the Kafka, the
 * data-key and audit topics, and the master key. {@code evidence export} and {@code evidence
 * release-hold} share it.
 */
final class EvidenceKeyOptions {
  @Mixin KafkaOptions kafka;

  @Option(
      names = "--keys-topic",
      defaultValue = "vigil.datakeys",
      description = "Data key topic (default: ${DEFAULT-VALUE}).")
  String keysTopic;

  @Option(
      names = "--audit-topic",
      defaultValue = "moderation.audit",
      description = "Audit topic (default: ${DEFAULT-VALUE}).")
  String auditTopic;

  @Option(
      names = "--master-key-file",
      description =
          "Master key file; the environment variable VIGIL_MASTER_KEY takes precedence (default: <data-dir>/secrets/master.key).")
  Path masterKeyFile;

  @Option(
      names = "--data-dir",
      defaultValue = "vigil-data",
      description =
          "The app's data directory, for its default master key file (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  /** A writer of audit events to the audit topic; close it. */
  AuditWriter auditWriter() {
    return new AuditWriter(kafka.connection(), auditTopic());
  }

  /** A reader of the audit topic's newest entries. */
  AuditLog auditLog() {
    return new AuditLog(kafka.connection(), auditTopic());
  }

  private Topic<String, AuditEvent> auditTopic() {
    return new Topic<>(auditTopic, Serdes.String(), new JsonSerde<>(AuditEvent.class), Map.of());
  }

  /**
   * The existing master key (never a new one): from VIGIL_MASTER_KEY, --master-key-file or the data
   * dir.
   */
  MasterKey masterKey() {
    return EvidenceSetup.existingMasterKey(masterKeyFile, dataDir);
  }

  /**
   * The data keys, unwrapped with {@code masterKey}; close it.
   *
   * @param readOnly true to read keys only (an export); false to destroy them too (a release)
   */
  KafkaDataKeyStore dataKeys(MasterKey masterKey, boolean readOnly) {
    return new KafkaDataKeyStore(
        kafka.connection(), keysTopic, new MasterKeyWrapper(masterKey), readOnly, null);
  }
}
