package dev.vigil.app.topology;

import dev.vigil.app.events.DeadLetter;
import dev.vigil.app.events.DecisionEvent;
import dev.vigil.app.events.SealedBytes;
import dev.vigil.core.post.Post;

/**
 * What became of one input record inside the topology: rejected to the dead-letter topic, or
 * decided.
 */
sealed interface Outcome {

  /**
   * The input could not be processed; {@code originalKey} is kept so the dead letter can be
   * replayed as is.
   */
  record Rejected(byte[] originalKey, DeadLetter deadLetter) implements Outcome {}

  /**
   * The input was a post and the engine decided it; {@code raw} are the post's bytes as its field
   * policy keeps them ({@code Post.bytes()}: the submitted bytes, untouched, when no field was
   * dropped), what is published and what evidence seals; {@code content} the same bytes sealed
   * under the author's data key for the records that keep a copy (quarantine, revertable), or null
   * for a post that is allowed.
   */
  record Decided(Post post, byte[] raw, DecisionEvent decision, SealedBytes content)
      implements Outcome {}
}
