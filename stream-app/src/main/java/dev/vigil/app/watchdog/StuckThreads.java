package dev.vigil.app.watchdog;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Decides when a stream thread is stuck and should be replaced; a pure state machine (no Kafka, no
 * clock, no threads), fed one {@link Sample} per stream thread at each poll by {@link
 * StreamThreadWatchdog}.
 *
 * <p>Why: a stream thread's transactional producer can retry a batch without pause while the
 * brokers refuse it for good (a resumed zombie instance: {@code OUT_OF_ORDER_SEQUENCE_NUMBER},
 * "Expected sequence 0 for transactions v2 idempotent producer with no existing state"; see
 * docs/PROOF.md). Each batch expires after the producer's delivery timeout, the task is revived,
 * and the next transaction hits the same refusal: exactly-once holds, but the thread never commits
 * again. A new stream thread has a new producer with no sequence state, which the brokers accept.
 *
 * <p>What counts as stuck: a thread whose producer's retries or record errors ({@code
 * record-retry-total}, {@code record-error-total}) rose while the thread's successful commits
 * ({@code commit-total}) did not, continuously for at least {@code window}: the stall starts at the
 * first poll that sees retries rise with no commit since the previous poll, and ends when the
 * thread commits or when its producer has not retried for more than half a {@code window} (retries
 * stopped: an idle thread is not stuck; a refusal answered every 30 s still keeps a one-minute
 * window's stall going). Only commits count as progress, not processed records: under exactly-once,
 * records processed into a transaction that never commits are replayed after the abort, so a stuck
 * thread may well keep {@code process-total} rising.
 *
 * <p>Guards: a thread is replaced at most once (it is remembered until it disappears from the
 * samples, since removing it can take minutes while its producer closes); a thread seen for the
 * first time starts with a clean slate, and so does a new thread that took an old one's name
 * (another start time, or counters lower than the last seen); and after any replacement no other is
 * ordered for one {@code window}, whichever thread it concerns, so the watchdog never replaces
 * threads in a loop faster than once a window (every replacement costs the group a rebalance).
 */
public final class StuckThreads {

  /**
   * One stream thread's counters at one poll: successful commits and processed records of the
   * thread ({@code stream-thread-metrics}), retries and record errors of its producer ({@code
   * producer-metrics}), totals since the thread started, never negative; and when it started
   * ({@code thread-start-time}, epoch milliseconds, 0 if unknown), which tells a new thread from an
   * old one of the same name (Kafka Streams gives a new thread the lowest free index, so the name
   * of a removed thread comes back).
   */
  public record Sample(
      double commits, double processed, double retries, double errors, long started) {
    public Sample(double commits, double processed, double retries, double errors) {
      this(commits, processed, retries, errors, 0);
    }

    /** Whether this sample is of another thread than {@code earlier}, though of the same name. */
    boolean anotherThreadThan(Sample earlier) {
      return started != earlier.started
          || commits < earlier.commits
          || retries < earlier.retries
          || errors < earlier.errors;
    }
  }

  /** What the watchdog must do: replace {@code threadId}, with the figures that justify it. */
  public record Replace(
      String threadId,
      Duration stalledFor,
      double commits,
      double processed,
      double retriesDuringStall,
      double errorsDuringStall) {}

  /** One thread's history as far as the decision needs it. */
  record Watched(
      Sample last,
      Instant stallSince,
      Instant lastRetry,
      double retriesAtStall,
      double errorsAtStall) {
    boolean stalled() {
      return stallSince != null;
    }
  }

  /**
   * The state between polls: per thread, its last sample and stall; the threads already replaced
   * (until they vanish); when the last replacement was ordered. Immutable.
   */
  public record State(Map<String, Watched> threads, Set<String> replaced, Instant lastReplacement) {
    public State {
      threads = Map.copyOf(threads);
      replaced = Set.copyOf(replaced);
    }

    public static State initial() {
      return new State(Map.of(), Set.of(), null);
    }

    /** Since when {@code threadId} has been stalled, or null (unknown thread, or not stalled). */
    public Instant stallSince(String threadId) {
      Watched w = threads.get(threadId);
      return w == null ? null : w.stallSince();
    }
  }

  /** The result of one poll: the next state, and the replacements to carry out (at most one). */
  public record Step(State state, List<Replace> actions) {}

  private final Duration window;
  private final Duration quiet;

  /**
   * @param window how long a thread may retry without committing before it is replaced, and the
   *     least time between two replacements; half of it without a retry ends a stall
   */
  public StuckThreads(Duration window) {
    if (window == null || window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("window must be positive, got " + window);
    }
    this.window = window;
    this.quiet = window.dividedBy(2);
  }

  /**
   * The default window: three commit intervals, and never less than a minute, so the retries around
   * a leader change (stretches of up to about 40 s on one partition in the fault campaigns) do not
   * count as stuck, while a thread that cannot commit at all is replaced before its producer's
   * two-minute delivery timeout has expired its first batch.
   */
  public static Duration defaultWindow(Duration commitInterval) {
    Duration three = commitInterval.multipliedBy(3);
    Duration minute = Duration.ofMinutes(1);
    return three.compareTo(minute) > 0 ? three : minute;
  }

  public Duration window() {
    return window;
  }

  /**
   * One poll.
   *
   * @param previous the state the previous poll returned ({@link State#initial()} at first)
   * @param samples every live stream thread's counters now, by thread id; a thread absent here is
   *     forgotten
   * @param now when the samples were read
   */
  public Step step(State previous, Map<String, Sample> samples, Instant now) {
    Objects.requireNonNull(now, "now");
    Map<String, Watched> next = new HashMap<>();
    Set<String> replaced = new HashSet<>(previous.replaced());
    replaced.retainAll(samples.keySet());
    Instant lastReplacement = previous.lastReplacement();
    List<Replace> actions = new ArrayList<>();
    // Thread ids in a fixed order, so which stuck thread goes first does not depend on a hash.
    for (String id : new java.util.TreeSet<>(samples.keySet())) {
      Sample s = samples.get(id);
      Watched before = previous.threads().get(id);
      if (before != null && s.anotherThreadThan(before.last())) {
        // A new thread under a reused name: a clean slate, and it was not replaced.
        before = null;
        replaced.remove(id);
      }
      Watched w = advance(before, s, now);
      boolean cooled =
          lastReplacement == null || Duration.between(lastReplacement, now).compareTo(window) >= 0;
      if (w.stalled()
          && !replaced.contains(id)
          && cooled
          && Duration.between(w.stallSince(), now).compareTo(window) >= 0) {
        actions.add(
            new Replace(
                id,
                Duration.between(w.stallSince(), now),
                s.commits(),
                s.processed(),
                s.retries() - w.retriesAtStall(),
                s.errors() - w.errorsAtStall()));
        replaced.add(id);
        lastReplacement = now;
        w = new Watched(s, null, null, 0, 0);
      }
      next.put(id, w);
    }
    return new Step(new State(next, replaced, lastReplacement), List.copyOf(actions));
  }

  /** One thread's history moved on by sample {@code s}. */
  private Watched advance(Watched before, Sample s, Instant now) {
    if (before == null) {
      return new Watched(s, null, null, 0, 0);
    }
    Sample last = before.last();
    if (s.commits() > last.commits()) {
      return new Watched(s, null, null, 0, 0);
    }
    boolean retrying = s.retries() > last.retries() || s.errors() > last.errors();
    if (retrying) {
      return before.stalled()
          ? new Watched(
              s, before.stallSince(), now, before.retriesAtStall(), before.errorsAtStall())
          // The stall's retries are counted from the previous poll, before the rise seen now.
          : new Watched(s, now, now, last.retries(), last.errors());
    }
    if (before.stalled() && Duration.between(before.lastRetry(), now).compareTo(quiet) > 0) {
      return new Watched(s, null, null, 0, 0);
    }
    return new Watched(
        s,
        before.stallSince(),
        before.lastRetry(),
        before.retriesAtStall(),
        before.errorsAtStall());
  }
}
