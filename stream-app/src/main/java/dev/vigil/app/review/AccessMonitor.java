package dev.vigil.app.review;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Watches who reads personal information (CSL Art. 42: detect leaks, not only prevent them): each
 * time a user opens a post's text or reveals its contact details, the monitor counts it in a
 * sliding hour per user and kind, and when a count passes its limit it answers with one alert for
 * that user and kind, and no second one until the count has fallen back under the limit. A
 * moderator works through a few hundred posts an hour; a script or a stolen session pulling posts
 * does thousands.
 *
 * <p>A state machine: {@code record(user, kind, now)} decides, the caller audits the alert and
 * counts it in a metric. Thread-safe.
 */
public final class AccessMonitor {
  /** What is counted. */
  public enum Kind {
    READ("read_post"),
    REVEAL("reveal_contacts");

    private final String action;

    Kind(String action) {
      this.action = action;
    }

    /** The audit action of one such access. */
    public String action() {
      return action;
    }
  }

  /** A user above a limit: {@code count} accesses of {@code kind} within the last hour. */
  public record Alert(String user, Kind kind, int count, int limit, Instant at) {
    /** The audit entry's note. */
    public String detail() {
      return count
          + " "
          + kind.action()
          + " in the last hour, over the limit of "
          + limit
          + ": check this account (Art. 42)";
    }
  }

  static final Duration WINDOW = Duration.ofHours(1);

  private final Map<Kind, Integer> limits;
  private final Map<String, Deque<Instant>> seen = new HashMap<>();
  private final Map<String, Boolean> alerted = new HashMap<>();

  /**
   * @param readsPerHour post texts one user may open in an hour before an alert
   * @param revealsPerHour contact reveals one user may make in an hour before an alert
   */
  public AccessMonitor(int readsPerHour, int revealsPerHour) {
    if (readsPerHour < 1 || revealsPerHour < 1) {
      throw new IllegalArgumentException("access limits must be at least 1");
    }
    this.limits = Map.of(Kind.READ, readsPerHour, Kind.REVEAL, revealsPerHour);
  }

  /** Counts one access; an alert when it takes the user over the limit for the first time. */
  public synchronized Optional<Alert> record(String user, Kind kind, Instant now) {
    Objects.requireNonNull(user, "user");
    String k = kind.name() + '\0' + user;
    Deque<Instant> times = seen.computeIfAbsent(k, x -> new ArrayDeque<>());
    Instant from = now.minus(WINDOW);
    while (!times.isEmpty() && !times.peekFirst().isAfter(from)) {
      times.removeFirst();
    }
    times.addLast(now);
    int limit = limits.get(kind);
    if (times.size() <= limit) {
      alerted.remove(k);
      return Optional.empty();
    }
    if (alerted.put(k, Boolean.TRUE) != null) {
      return Optional.empty();
    }
    return Optional.of(new Alert(user, kind, times.size(), limit, now));
  }
}
