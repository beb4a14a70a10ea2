package dev.vigil.app.topology;

import dev.vigil.core.evidence.BlockedPost;
import dev.vigil.core.evidence.Evidence;
import dev.vigil.core.evidence.LegalHold;
import dev.vigil.core.policy.Decision;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Seals a blocked post into {@link Evidence}: the post's bytes exactly as submitted, encrypted
 * under its author's data key (or a legal-hold key of its own), the author as a pseudonym, the
 * decision, the legal basis. The evidence id is derived from the input record's topic, partition
 * and offset, so a retried task seals under the same id and reuses the same legal-hold key instead
 * of leaving orphans.
 */
final class SealEvidence implements FixedKeyProcessor<String, BlockedPost, Evidence> {
  private final BlockPath.Settings settings;
  private FixedKeyProcessorContext<String, Evidence> context;

  SealEvidence(BlockPath.Settings settings) {
    this.settings = settings;
  }

  @Override
  public void init(FixedKeyProcessorContext<String, Evidence> context) {
    this.context = context;
  }

  @Override
  public void process(FixedKeyRecord<String, BlockedPost> record) {
    BlockedPost blocked = record.value();
    Decision decision = blocked.decision();
    LegalHold hold = settings.holds().holdFor(decision).orElse(null);
    String evidenceId = evidenceId(blocked.postId());
    Evidence evidence =
        settings
            .sealer()
            .seal(evidenceId, blocked, settings.reporting().legalBasisFor(decision), hold);
    context.forward(record.withValue(evidence));
  }

  private String evidenceId(String postId) {
    RecordMetadata md = context.recordMetadata().orElse(null);
    String origin = md == null ? "none" : md.topic() + "/" + md.partition() + "/" + md.offset();
    try {
      byte[] h =
          MessageDigest.getInstance("SHA-256")
              .digest(
                  ("vigil/evidence-id/v1\0" + origin + "\0" + postId)
                      .getBytes(StandardCharsets.UTF_8));
      return "ev-" + HexFormat.of().formatHex(h, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
