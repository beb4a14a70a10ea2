package dev.vigil.app.events;

import java.time.Instant;

/**
 * The record on {@code posts.quarantined} (and {@code review.revertable}): the post as submitted,
 * held with its decision until a moderator acts. The post's bytes travel sealed under its author's
 * data key, so that an erasure makes this record, and every copy made of it, unreadable.
 *
 * @param postId the post
 * @param content the submitted bytes exactly (an approval publishes them unchanged), sealed for
 *     {@code ContentSealer.post(postId)}
 * @param decision the engine's decision that held it (the author only as a pseudonym)
 * @param enqueuedAt when it entered quarantine
 */
public record QuarantinedPost(
    String postId, SealedBytes content, DecisionEvent decision, Instant enqueuedAt) {}
