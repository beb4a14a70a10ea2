package dev.vigil.core.evidence;

import dev.vigil.core.policy.Action;
import dev.vigil.core.policy.Decision;
import dev.vigil.core.privacy.AuthorId;
import java.time.Instant;
import java.util.Objects;

/**
 * A post that was blocked, with everything evidence is made of; the input to {@link
 * EvidenceSealer}.
 *
 * @param postId the platform's id of the post
 * @param author the author's raw identity: sealed, and pseudonymised, never kept in the clear
 * @param submitted the post exactly as the platform sent it (its text and author id included)
 * @param submittedAt when publication was attempted
 * @param blockedAt when it was blocked
 * @param blockedBy {@code engine}, or {@code moderator:<pseudonym>}
 * @param decision the BLOCK decision
 * @param reasonKey a moderator's canned reason (the pack's {@code reasons.yaml}), or null
 * @param reasonBasis the legal basis that reason cites, or null for the category's
 */
public record BlockedPost(
    String postId,
    AuthorId author,
    byte[] submitted,
    Instant submittedAt,
    Instant blockedAt,
    String blockedBy,
    Decision decision,
    String reasonKey,
    String reasonBasis) {

  /** A block with no canned reason (the engine's, or a moderator's with free text only). */
  public BlockedPost(
      String postId,
      AuthorId author,
      byte[] submitted,
      Instant submittedAt,
      Instant blockedAt,
      String blockedBy,
      Decision decision) {
    this(postId, author, submitted, submittedAt, blockedAt, blockedBy, decision, null, null);
  }

  public BlockedPost {
    Objects.requireNonNull(postId, "postId");
    Objects.requireNonNull(author, "author");
    submitted = Objects.requireNonNull(submitted, "submitted").clone();
    Objects.requireNonNull(submittedAt, "submittedAt");
    Objects.requireNonNull(blockedAt, "blockedAt");
    Objects.requireNonNull(blockedBy, "blockedBy");
    Objects.requireNonNull(decision, "decision");
    if (decision.action() != Action.BLOCK) {
      throw new IllegalArgumentException(
          "evidence is kept for BLOCK decisions only, not " + decision.action());
    }
  }

  @Override
  public byte[] submitted() {
    return submitted.clone();
  }

  @Override
  public String toString() {
    return "BlockedPost[" + postId + "]";
  }
}
