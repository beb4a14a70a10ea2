package dev.vigil.app.review.queue;

import dev.vigil.app.events.SealedBytes;

/**
 * Opens a held post's sealed bytes for the review flow's own use: publishing an approved post as
 * submitted, and filing a rejected one's evidence. The queue itself never needs a post's content
 * for anything else.
 */
@FunctionalInterface
public interface PostOpener {
  /**
   * The submitted bytes of {@code postId}.
   *
   * @throws dev.vigil.core.evidence.EvidenceAccessException when they can no longer be opened (the
   *     author's erasure destroyed the key) or the seal is not this post's
   */
  byte[] open(String postId, SealedBytes content);
}
