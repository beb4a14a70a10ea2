package dev.vigil.app.cli;

import dev.vigil.app.events.AuditEvent;
import dev.vigil.app.evidence.KafkaDataKeyStore;
import dev.vigil.app.review.AuditWriter;
import dev.vigil.app.topics.KafkaClients;
import dev.vigil.app.topics.Topic;
import dev.vigil.core.evidence.MasterKey;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code evidence release-hold}: ends the legal hold on one record. Writes the audit event first,
 * then destroys the record's hold key (crypto-shredding exactly that record, as its author's
 * erasure would have) and tombstones its copy on the held-evidence topic. Exit codes: 0 released, 1
 * failed, 2 no such hold.
 */
@Command(
    name = "release-hold",
    mixinStandardHelpOptions = true,
    description =
        "Ends the legal hold on one evidence record: its key is destroyed, so it can no longer be read (audited).")
final class EvidenceReleaseHoldCommand implements Callable<Integer> {
  @Option(names = "--evidence-id", required = true, description = "The held evidence record.")
  String evidenceId;

  @Option(
      names = "--reason",
      required = true,
      description = "Why the hold ends, e.g. the case closure reference.")
  String reason;

  @Option(names = "--actor", description = "Who releases it (default: the OS user).")
  String actor = System.getProperty("user.name", "unknown");

  @Mixin EvidenceKeyOptions keyOptions;

  @Option(
      names = "--held-topic",
      defaultValue = "moderation.evidence.held",
      description = "Held-evidence topic (default: ${DEFAULT-VALUE}).")
  String heldTopic;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    if (reason.isBlank()) {
      err.println("--reason must say why the hold ends");
      return ExitCodes.USAGE;
    }
    MasterKey masterKey = keyOptions.masterKey();
    try (KafkaProducer<String, byte[]> producer =
            KafkaClients.producer(
                keyOptions.kafka.connection(),
                new Topic<>(heldTopic, Serdes.String(), Serdes.ByteArray(), Map.of()),
                Map.of(
                    ProducerConfig.ACKS_CONFIG,
                    "all",
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                    "true"));
        AuditWriter audit = keyOptions.auditWriter();
        KafkaDataKeyStore keys = keyOptions.dataKeys(masterKey, false)) {
      audit(audit, "attempted");
      if (!keys.releaseHold(evidenceId)) {
        audit(audit, "not_found");
        err.println(
            "evidence "
                + evidenceId
                + " is not under legal hold (or its hold was already released)");
        return ExitCodes.INPUT;
      }
      producer.send(new ProducerRecord<>(heldTopic, evidenceId, null)).get(30, TimeUnit.SECONDS);
      audit(audit, "succeeded");
      err.println("legal hold on evidence " + evidenceId + " released: its key is destroyed");
      return 0;
    }
  }

  /** Writes one audit event and waits until it is stored. */
  private void audit(AuditWriter audit, String result) {
    audit.write(
        evidenceId,
        new AuditEvent(
            "au-" + java.util.UUID.randomUUID(),
            Instant.now(),
            actor,
            "auditor",
            "evidence.release-hold",
            null,
            reason,
            result,
            "evidence " + evidenceId,
            null));
  }
}
