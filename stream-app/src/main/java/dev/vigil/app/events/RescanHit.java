package dev.vigil.app.events;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The record on {@code posts.rescans}: a published post that the rules changed by a pack change
 * flagged when a rescan ran them over it (see {@code rescan.Rescan}). Keyed by postId; the review
 * task owning the post's partition merges it into the queue as an item of origin {@code rescan}.
 * Nothing in it is in clear: the author is a pseudonym, the post is sealed under the author's data
 * key (so an erasure shreds it with every other copy), and the matches are rule ids and offsets.
 *
 * @param postId the post
 * @param packVersion the pack whose change was rescanned
 * @param rules the changed rules that hit the post, sorted
 * @param decision the changed rules' own decision on the post (action REVIEW or BLOCK, their
 *     categories, score and matches with spans; source {@code rescan}; {@code submittedAt} is when
 *     the post was published)
 * @param content the post's bytes as published, sealed for {@code ContentSealer.post(postId)}
 * @param scannedAt when the rescan decided it
 * @param takedown the changed rules block the post in categories that opted in to {@code rescan:
 *     takedown} (pack data): it is taken down without a moderator; false (the default): reviewed
 */
public record RescanHit(
    String postId,
    String packVersion,
    List<String> rules,
    DecisionEvent decision,
    SealedBytes content,
    Instant scannedAt,
    boolean takedown) {
  /** A hit for review. */
  public RescanHit(
      String postId,
      String packVersion,
      List<String> rules,
      DecisionEvent decision,
      SealedBytes content,
      Instant scannedAt) {
    this(postId, packVersion, rules, decision, content, scannedAt, false);
  }

  public RescanHit {
    Objects.requireNonNull(postId, "postId");
    Objects.requireNonNull(packVersion, "packVersion");
    Objects.requireNonNull(decision, "decision");
    Objects.requireNonNull(content, "content");
    Objects.requireNonNull(scannedAt, "scannedAt");
    rules = rules == null ? List.of() : List.copyOf(rules);
  }
}
