package dev.vigil.app.topology;

import dev.vigil.app.events.DecisionEvent;
import dev.vigil.core.post.Post;

/**
 * A post that must not be transmitted, on its way to evidence and report: blocked by the engine, or rejected by
 * a moderator. Both take the same path, so a moderator's block stands on exactly the same record as the engine's.
 *
 * @param post the post as parsed (its text and author are what the evidence keeps)
 * @param decision the decision that blocked it ({@code source} says engine or moderator)
 */
public record BlockedPost(Post post, DecisionEvent decision) {}
