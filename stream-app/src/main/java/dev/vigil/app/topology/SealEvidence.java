package dev.vigil.app.topology;

import dev.vigil.app.events.FingerprintRecord;
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
 * of leaving orphans. The post's fingerprint is made here too, where its bytes are at hand and
 * before they are sealed, for engine blocks and moderator rejects alike: an engine block's tied to
 * the rules that made it, a moderator's to none (see {@link NearDuplicates}).
 */
final class SealEvidence implements FixedKeyProcessor<String, BlockedPost, SealEvidence.Sealed> {
  /**
   * The evidence, and the post's fingerprint for {@code moderation.fingerprints} (null when near
   * duplicates are off or the post has none): both leave in the block's transaction.
   */
  record Sealed(Evidence evidence, FingerprintRecord fingerprint) {}

  private final BlockPath.Settings settings;
  private final NearDuplicates near;
  private final boolean byModerator;
  private FixedKeyProcessorContext<String, Sealed> context;

  /**
   * @param byModerator whether the blocks sealed here are moderators' (rejects and takedowns),
   *     whose fingerprints are tied to no rule, rather than the engine's
   */
  SealEvidence(BlockPath.Settings settings, NearDuplicates near, boolean byModerator) {
    this.settings = settings;
    this.near = near;
    this.byModerator = byModerator;
  }

  @Override
  public void init(FixedKeyProcessorContext<String, Sealed> context) {
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
            .seal(
                evidenceId,
                blocked,
                // A moderator's canned reason cites its own basis; else the category's.
                blocked.reasonBasis() != null
                    ? blocked.reasonBasis()
                    : settings.reporting().legalBasisFor(decision),
                hold);
    context.forward(
        record.withValue(new Sealed(evidence, near.fingerprint(evidenceId, blocked, byModerator))));
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
