package dev.vigil.core.evidence;

import dev.vigil.core.policy.Decision;
import dev.vigil.core.privacy.Pseudonym;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Objects;

/**
 * What is kept about one blocked post, before it takes its place in a chain (see {@link
 * EvidenceRecord}). Holds no personal information in the clear: the post as submitted (text and
 * author id included) is {@link #sealed}; the author appears as a pseudonym.
 *
 * @param evidenceId unique id of this evidence
 * @param postId the platform's id of the blocked post
 * @param submittedAt when publication was attempted (the post's createdAt, else when it reached
 *     Vigil)
 * @param blockedAt when Vigil blocked it
 * @param blockedBy {@code engine}, {@code moderator} for a moderator's reject, or {@code takedown}
 *     for a moderator's reject of a post already published
 * @param decision the decision, its matches and rule pack version; its score rounded to {@link
 *     CanonicalJson#DECIMAL_PLACES} places so that it survives the canonical form exactly
 * @param legalBasis the provision the block rests on, e.g. {@code CSL Art. 47} (a moderator's
 *     canned reason's own basis when it names one)
 * @param legalHold why the record is held beyond erasure and retention, or null
 * @param author the author's pseudonym
 * @param contentSha256 hex SHA-256 of the sealed plaintext (the post as submitted): ties the
 *     content to the chain, so that even someone holding the keys cannot swap it unnoticed
 * @param sealed the post as submitted, sealed under the author's data key (or the record's hold
 *     key)
 * @param reasonKey the canned reason of a moderator's reject ({@code reasons.yaml}), or null
 */
public record Evidence(
    String evidenceId,
    String postId,
    Instant submittedAt,
    Instant blockedAt,
    String blockedBy,
    Decision decision,
    String legalBasis,
    LegalHold legalHold,
    Pseudonym author,
    String contentSha256,
    Sealed sealed,
    String reasonKey) {

  public Evidence {
    Objects.requireNonNull(evidenceId, "evidenceId");
    Objects.requireNonNull(postId, "postId");
    submittedAt = Objects.requireNonNull(submittedAt, "submittedAt").truncatedTo(ChronoUnit.MILLIS);
    blockedAt = Objects.requireNonNull(blockedAt, "blockedAt").truncatedTo(ChronoUnit.MILLIS);
    Objects.requireNonNull(blockedBy, "blockedBy");
    Objects.requireNonNull(decision, "decision");
    Objects.requireNonNull(legalBasis, "legalBasis");
    Objects.requireNonNull(author, "author");
    Objects.requireNonNull(contentSha256, "contentSha256");
    Objects.requireNonNull(sealed, "sealed");
    if (contentSha256.length() != 64
        || !contentSha256.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
      throw new IllegalArgumentException("contentSha256 must be 64 hex digits");
    }
    double rounded = CanonicalJson.decimal(decision.score()).doubleValue();
    if (rounded != decision.score()) {
      decision =
          new Decision(
              decision.action(),
              decision.categories(),
              rounded,
              decision.matches(),
              decision.rulePackVersion());
    }
  }

  /** Evidence with no canned moderator reason (records written before reasons, engine blocks). */
  public Evidence(
      String evidenceId,
      String postId,
      Instant submittedAt,
      Instant blockedAt,
      String blockedBy,
      Decision decision,
      String legalBasis,
      LegalHold legalHold,
      Pseudonym author,
      String contentSha256,
      Sealed sealed) {
    this(
        evidenceId,
        postId,
        submittedAt,
        blockedAt,
        blockedBy,
        decision,
        legalBasis,
        legalHold,
        author,
        contentSha256,
        sealed,
        null);
  }

  /**
   * The canonical JSON of this evidence before it is chained: the form of an {@link EvidenceRecord}
   * at partition 0, seq 0, with an empty hash. How sealed evidence travels between the task that
   * seals it and the task that chains it.
   */
  public byte[] toJson() {
    return new EvidenceRecord(this, 0, 0, EvidenceRecord.GENESIS, "").toJson();
  }

  /** Reads {@link #toJson()}. @throws EvidenceFormatException when the bytes are not evidence */
  public static Evidence parse(byte[] json) {
    return EvidenceRecord.parse(json).evidence();
  }

  /** The hex SHA-256 of {@code bytes}. */
  public static String sha256Hex(byte[] bytes) {
    return HexFormat.of().formatHex(MasterKey.sha256("", bytes));
  }
}
