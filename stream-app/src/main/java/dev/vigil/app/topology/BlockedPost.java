package dev.vigil.app.topology;

import dev.vigil.app.events.DecisionEvent;
import dev.vigil.core.post.Post;

/**
 * A post that must not be transmitted, on its way to evidence and report: blocked by the engine, or rejected by
 * a moderator. Both take the same path, so a moderator's block stands on exactly the same record as the engine's.
 *
 * @param post the post as parsed
 * @param decision the decision that blocked it ({@code source} says engine or moderator)
 * @param raw the post's bytes exactly as the platform submitted them: what the evidence seals and hashes, so the
 *     platform can match the evidence against what it sent; null when unknown (the parsed post is then sealed)
 */
public record BlockedPost(Post post, DecisionEvent decision, byte[] raw) {
  public BlockedPost(Post post, DecisionEvent decision) {
    this(post, decision, null);
  }
}
