package dev.vigil.app.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows password guessing: after {@code freeFailures} failures for one key (a user name at a client
 * address, or a client address) further attempts are refused for a lockout that doubles with each
 * failure, up to {@link #MAX_LOCKOUT}. A success clears the key. Keys are forgotten after {@link
 * #MEMORY} without failures, so the map stays small.
 *
 * <p>{@link #reserve} checks and counts in one atomic step, before the password is hashed: an
 * attempt is counted as a failure up front, so parallel attempts cannot all pass the check before
 * any of them has failed. A success then clears ({@link #succeeded}) or gives back ({@link
 * #refund}) its reservation.
 */
public final class LoginThrottle {
  public static final Duration BASE_LOCKOUT = Duration.ofSeconds(30);
  public static final Duration MAX_LOCKOUT = Duration.ofMinutes(15);
  static final Duration MEMORY = Duration.ofHours(1);
  private static final int MAX_KEYS = 100_000;

  /**
   * The lockout end of a key that is not locked out. Not the time of its last failure: a
   * reservation reads the clock before it takes its turn, so a parallel one may have stamped a
   * later instant, and another instance's failure may carry a clock ahead of ours; a stamp of "now"
   * would then read as a lockout still running and refuse an attempt the count allows.
   */
  private static final Instant NOT_LOCKED = Instant.EPOCH;

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

  /**
   * Atomically: when {@code key} is locked out, returns how long it must still wait and counts
   * nothing; otherwise counts this attempt as a failure (undone by {@link #succeeded} or {@link
   * #refund}) and returns zero.
   */
  public Duration reserve(String key) {
    Instant now = clock.instant();
    evictIfFull(now);
    Duration[] wait = {Duration.ZERO};
    states.compute(
        key,
        (k, s) -> {
          if (s != null && s.lockedUntil().isAfter(now)) {
            wait[0] = Duration.between(now, s.lockedUntil());
            return s;
          }
          return counted(s, now);
        });
    return wait[0];
  }

  /** Counts a failure for {@code key}, whether or not it is locked out. */
  public void failed(String key) {
    Instant now = clock.instant();
    evictIfFull(now);
    states.compute(key, (k, s) -> counted(s, now));
  }

  /**
   * Gives back one reservation of {@code key} that turned out not to be a failure (its lockout too,
   * if it set one).
   */
  public void refund(String key) {
    Instant now = clock.instant();
    states.computeIfPresent(
        key,
        (k, s) -> {
          int failures = s.failures() - 1;
          if (failures <= 0) {
            return null;
          }
          return new State(
              failures, s.lastFailure(), failures >= freeFailures ? s.lockedUntil() : NOT_LOCKED);
        });
  }

  /**
   * Counts a failure another instance recorded for {@code key} at {@code at}, with the same
   * doubling lockout, timed from {@code at}; the lockout never shortens one already running here. A
   * failure older than {@link #MEMORY} counts nothing.
   */
  public void remoteFailure(String key, Instant at) {
    Instant now = clock.instant();
    if (at.plus(MEMORY).isBefore(now)) {
      return;
    }
    evictIfFull(now);
    states.compute(
        key,
        (k, s) -> {
          State c = counted(s, at);
          if (s == null) {
            return c;
          }
          return new State(
              c.failures(), later(s.lastFailure(), at), later(s.lockedUntil(), c.lockedUntil()));
        });
  }

  /** Clears {@code key}, as a success on another instance did there. */
  public void remoteClear(String key) {
    states.remove(key);
  }

  private static Instant later(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  private State counted(State s, Instant now) {
    int failures = (s == null || s.lastFailure().plus(MEMORY).isBefore(now)) ? 1 : s.failures() + 1;
    Instant lockedUntil = NOT_LOCKED;
    if (failures >= freeFailures) {
      int doublings = Math.min(failures - freeFailures, 10);
      Duration lockout = BASE_LOCKOUT.multipliedBy(1L << doublings);
      lockedUntil = now.plus(lockout.compareTo(MAX_LOCKOUT) > 0 ? MAX_LOCKOUT : lockout);
    }
    return new State(failures, now, lockedUntil);
  }

  private void evictIfFull(Instant now) {
    if (states.size() > MAX_KEYS) {
      states.entrySet().removeIf(e -> e.getValue().lastFailure().plus(MEMORY).isBefore(now));
    }
  }

  public void succeeded(String key) {
    states.remove(key);
  }
}
