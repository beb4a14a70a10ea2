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
 * time a user opens a post's text, reveals its contact details or exports a piece of evidence in
 * clear, the monitor counts it in a sliding hour per user and kind, and when a count passes its
 * limit it answers with one alert for that user and kind, and no second one until the count has
 * fallen back under the limit. A moderator works through a few hundred posts an hour and an auditor
 * answers an authority's request with a handful of exports; a script or a stolen session pulling
 * posts does thousands.
 *
 * <p>The console API keeps one monitor per instance for reads and reveals; {@code evidence export}
 * runs on an auditor's machine, so it rebuilds the auditor's last hour from the audit log before
 * each export and asks a monitor of its own.
 *
 * <p>A state machine: {@code record(user, kind, now)} decides, the caller audits the alert and
 * counts it in a metric. Thread-safe.
 */
public final class AccessMonitor {
  /** What is counted. */
  public enum Kind {
    READ("read_post"),
    REVEAL("reveal_contacts"),
    /** An evidence record decrypted by {@code evidence export}. */
    EXPORT("evidence.export");

    private final String action;

    Kind(String action) {
      this.action = action;
    }

    /** The audit action of one such access. */
    public String action() {
      return action;
    }

    /**
     * The kind an {@code access_alert} audit entry is about, read from its note ({@link
     * Alert#detail}), if it is one.
     */
    public static Optional<Kind> ofAlertDetail(String detail) {
      if (detail == null) {
        return Optional.empty();
      }
      String[] words = detail.split(" ", 3);
      if (words.length < 3 || !words[2].startsWith(Alert.IN_THE_LAST_HOUR)) {
        return Optional.empty();
      }
      for (Kind k : values()) {
        if (k.action.equals(words[1])) {
          return Optional.of(k);
        }
      }
      return Optional.empty();
    }
  }

  /** The audit action of an alert entry. */
  public static final String ALERT_ACTION = "access_alert";

  /** Exports one auditor may make in an hour before an alert, unless told otherwise. */
  public static final int DEFAULT_EXPORTS_PER_HOUR = 20;

  /** A user above a limit: {@code count} accesses of {@code kind} within the last hour. */
  public record Alert(String user, Kind kind, int count, int limit, Instant at) {
    static final String IN_THE_LAST_HOUR = "in the last hour";

    /**
     * The audit entry's note: {@code 21 evidence.export in the last hour, over the limit of 20...}
     */
    public String detail() {
      return count
          + " "
          + kind.action()
          + " "
          + IN_THE_LAST_HOUR
          + ", over the limit of "
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
   * @param exportsPerHour evidence records one auditor may export in an hour before an alert
   */
  public AccessMonitor(int readsPerHour, int revealsPerHour, int exportsPerHour) {
    if (readsPerHour < 1 || revealsPerHour < 1 || exportsPerHour < 1) {
      throw new IllegalArgumentException("access limits must be at least 1");
    }
    this.limits =
        Map.of(Kind.READ, readsPerHour, Kind.REVEAL, revealsPerHour, Kind.EXPORT, exportsPerHour);
  }

  /** The console's monitor: reads and reveals (exports at their default limit, never counted). */
  public AccessMonitor(int readsPerHour, int revealsPerHour) {
    this(readsPerHour, revealsPerHour, DEFAULT_EXPORTS_PER_HOUR);
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
