package dev.vigil.app.review.queue;

import java.util.List;

/**
 * What one input does to one post's entry: its new entry (when {@code changed}; null then removes
 * it) and what to emit, in order.
 */
public record Transition(boolean changed, QueueEntry entry, List<Output> outputs) {
  public Transition {
    outputs = List.copyOf(outputs);
  }

  /** The entry stays as it is. */
  static Transition keep(List<Output> outputs) {
    return new Transition(false, null, outputs);
  }

  /** The entry becomes {@code entry}; null removes it. */
  static Transition to(QueueEntry entry, List<Output> outputs) {
    return new Transition(true, entry, outputs);
  }
}
