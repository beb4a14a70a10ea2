package dev.vigil.app.topology;

import dev.vigil.app.events.DecisionEvent;

/**
 * What the topology tells the outside world as it works, so metrics stay out of the routing code.
 * Called on the stream thread: implementations must be cheap and must not throw. Under exactly-once
 * a retried batch is reported again, so counts built on this are at-least-once.
 */
public interface ModerationListener {
  ModerationListener NONE = new ModerationListener() {};

  /** A post was decided; {@code engineNanos} is the time spent in the engine alone. */
  default void decided(DecisionEvent decision, long engineNanos) {}

  /** An input was dead-lettered for {@code reason} (a bounded code). */
  default void deadLettered(String reason) {}

  /** Tells each of {@code listeners}, in order. */
  static ModerationListener all(ModerationListener... listeners) {
    java.util.List<ModerationListener> ls = java.util.List.of(listeners);
    return new ModerationListener() {
      @Override
      public void decided(DecisionEvent decision, long engineNanos) {
        for (ModerationListener l : ls) {
          l.decided(decision, engineNanos);
        }
      }

      @Override
      public void deadLettered(String reason) {
        for (ModerationListener l : ls) {
          l.deadLettered(reason);
        }
      }
    };
  }
}
