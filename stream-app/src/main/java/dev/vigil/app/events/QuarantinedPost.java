package dev.vigil.app.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * The record on {@code posts.quarantined}: the post as submitted, held with its decision until a
 * moderator acts.
 *
 * @param postId the post
 * @param post the submitted JSON object, every field kept, for reading
 * @param rawBase64 the submitted bytes, exactly, so that an approval publishes them unchanged
 * @param decision the engine's decision that held it
 * @param enqueuedAt when it entered quarantine
 */
public record QuarantinedPost(
    String postId, ObjectNode post, String rawBase64, DecisionEvent decision, Instant enqueuedAt) {}
