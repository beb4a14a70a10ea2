package dev.vigil.app.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows password guessing: after {@code freeFailures} failures for one key (a user name, or a client address)
 * further attempts are refused for a lockout that doubles with each failure, up to {@link #MAX_LOCKOUT}. A
 * success clears the key. Keys are forgotten after {@link #MEMORY} without failures, so the map stays small.
 */
public final class LoginThrottle {
  public static final Duration BASE_LOCKOUT = Duration.ofSeconds(30);
  public static final Duration MAX_LOCKOUT = Duration.ofMinutes(15);
  static final Duration MEMORY = Duration.ofHours(1);
  private static final int MAX_KEYS = 100_000;

  private record State(int failures, Instant lastFailure, Instant lockedUntil) {}

  private final Clock clock;
  private final int freeFailures;
  private final ConcurrentHashMap<String, State> states = new ConcurrentHashMap<>();

  public LoginThrottle(Clock clock, int freeFailures) {
    this.clock = clock;
    this.freeFailures = freeFailures;
  }

  /** How long {@code key} must still wait before it may try again; zero when it may try now. */
  public Duration wait(String key) {
    State s = states.get(key);
    if (s == null) {
      return Duration.ZERO;
    }
    Duration left = Duration.between(clock.instant(), s.lockedUntil());
    return left.isNegative() ? Duration.ZERO : left;
  }

  public void failed(String key) {
    Instant now = clock.instant();
    if (states.size() > MAX_KEYS) {
      states.entrySet().removeIf(e -> e.getValue().lastFailure().plus(MEMORY).isBefore(now));
    }
    states.compute(
        key,
        (k, s) -> {
          int failures = (s == null || s.lastFailure().plus(MEMORY).isBefore(now)) ? 1 : s.failures() + 1;
          Instant lockedUntil = now;
          if (failures >= freeFailures) {
            int doublings = Math.min(failures - freeFailures, 10);
            Duration lockout = BASE_LOCKOUT.multipliedBy(1L << doublings);
            lockedUntil = now.plus(lockout.compareTo(MAX_LOCKOUT) > 0 ? MAX_LOCKOUT : lockout);
          }
          return new State(failures, now, lockedUntil);
        });
  }

  public void succeeded(String key) {
    states.remove(key);
  }
}
