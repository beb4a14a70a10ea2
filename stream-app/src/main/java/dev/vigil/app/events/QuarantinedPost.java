package dev.vigil.app.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * The record on {@code posts.quarantined}: the post as submitted, held with its decision until a moderator acts.
 *
 * @param postId the post
 * @param post the submitted JSON object, every field kept, so that an approval can publish it unchanged
 * @param decision the engine's decision that held it
 * @param enqueuedAt when it entered quarantine
 */
public record QuarantinedPost(String postId, ObjectNode post, DecisionEvent decision, Instant enqueuedAt) {}
