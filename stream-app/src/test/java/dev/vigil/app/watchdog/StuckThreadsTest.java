package dev.vigil.app.watchdog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.app.watchdog.StuckThreads.Replace;
import dev.vigil.app.watchdog.StuckThreads.Sample;
import dev.vigil.app.watchdog.StuckThreads.State;
import dev.vigil.app.watchdog.StuckThreads.Step;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The watchdog's decisions, poll by poll, on a 60 s window polled every 5 s. */
class StuckThreadsTest {
  static final Duration WINDOW = Duration.ofSeconds(60);
  static final Instant T0 = Instant.parse("2026-12-08T10:00:00Z");

  final StuckThreads rule = new StuckThreads(WINDOW);

  /** Drives the rule with the threads' counters, one poll at a time, keeping the state. */
  final class Run {
    State state = State.initial();
    final Map<String, Sample> threads = new HashMap<>();
    Instant now = T0;
    final List<Replace> all = new java.util.ArrayList<>();

    /** The thread's counters; its start time stays what it was (0 for a new thread). */
    Run set(String id, double commits, double processed, double retries, double errors) {
      Sample was = threads.get(id);
      threads.put(
          id, new Sample(commits, processed, retries, errors, was == null ? 0 : was.started()));
      return this;
    }

    Run gone(String id) {
      threads.remove(id);
      return this;
    }

    /** One poll {@code seconds} after the previous one; the replacements it ordered. */
    List<Replace> poll(long seconds) {
      now = now.plusSeconds(seconds);
      Step step = rule.step(state, Map.copyOf(threads), now);
      state = step.state();
      all.addAll(step.actions());
      return step.actions();
    }

    /**
     * Polls every 5 s for {@code seconds}, the thread's retries rising by 3 and its commits not at
     * all at each poll; the replacements ordered.
     */
    List<Replace> stuck(String id, long seconds) {
      List<Replace> out = new java.util.ArrayList<>();
      for (long s = 0; s < seconds; s += 5) {
        Sample x = threads.get(id);
        set(id, x.commits(), x.processed() + 50, x.retries() + 3, x.errors());
        out.addAll(poll(5));
      }
      return out;
    }
  }

  @Test
  void aThreadRetryingWithoutCommitsIsReplacedOnceAfterTheWindow() {
    Run r = new Run();
    r.set("t1", 100, 1000, 0, 0).poll(0);
    // Stall starts at the first poll that sees retries rise (T0+5): nothing before T0+65.
    assertEquals(List.of(), r.stuck("t1", 60));
    assertEquals(T0.plusSeconds(5), r.state.stallSince("t1"));
    List<Replace> acts = r.stuck("t1", 5);
    assertEquals(1, acts.size());
    Replace a = acts.get(0);
    assertEquals("t1", a.threadId());
    assertEquals(WINDOW, a.stalledFor());
    assertEquals(100, a.commits());
    // 13 polls of +3 retries, counted from the poll before the first rise; processed rose too.
    assertEquals(39, a.retriesDuringStall());
    assertEquals(0, a.errorsDuringStall());
    assertEquals(1000 + 13 * 50, a.processed());
    // Still there (removal takes a while) and still stuck: never ordered again.
    assertEquals(List.of(), r.stuck("t1", 600));
    assertEquals(1, r.all.size());
  }

  @Test
  void notYetAWindowIsNothingAndExactlyAWindowIsEnough() {
    Run r = new Run();
    r.set("t1", 5, 0, 10, 0).poll(0);
    r.set("t1", 5, 0, 11, 0).poll(1); // stall starts at T0+1
    r.set("t1", 5, 0, 12, 0);
    assertEquals(List.of(), r.poll(59)); // T0+60: 59 s stalled
    r.set("t1", 5, 0, 13, 0);
    assertEquals(1, r.poll(1).size()); // T0+61: 60 s
  }

  @Test
  void aThreadThatCommitsIsNeverReplacedHoweverMuchItsProducerRetries() {
    Run r = new Run();
    r.set("t1", 0, 0, 0, 0).poll(0);
    for (int i = 1; i <= 200; i++) {
      // Retries and errors at every poll, and a commit at every poll.
      r.set("t1", i, i * 10, i * 7, i);
      assertEquals(List.of(), r.poll(5));
    }
    assertNull(r.state.stallSince("t1"));
  }

  @Test
  void aCommitInsideTheWindowEndsTheStall() {
    Run r = new Run();
    r.set("t1", 1, 0, 0, 0).poll(0);
    assertEquals(List.of(), r.stuck("t1", 55));
    assertNotNull(r.state.stallSince("t1"));
    r.set("t1", 2, 0, r.threads.get("t1").retries() + 3, 0);
    assertEquals(List.of(), r.poll(5));
    assertNull(r.state.stallSince("t1"));
    // A new stall counts from its own start: another full window.
    assertEquals(List.of(), r.stuck("t1", 60));
    assertEquals(1, r.stuck("t1", 5).size());
  }

  @Test
  void whenRetriesStopForHalfAWindowTheStallIsOver() {
    Run r = new Run();
    r.set("t1", 1, 0, 0, 0).poll(0);
    r.stuck("t1", 30); // retries seen at T0+5 .. T0+30
    // Then nothing moves at all (an idle thread): no commits, no retries.
    for (int i = 0; i < 6; i++) {
      assertEquals(List.of(), r.poll(5)); // T0+35 .. T0+60
    }
    assertNotNull(r.state.stallSince("t1")); // last retry 30 s ago: half the window, not more
    assertEquals(List.of(), r.poll(5)); // T0+65: 35 s without a retry, though 60 s since the start
    assertNull(r.state.stallSince("t1"));
    // Retries resume: a new stall, a new full window.
    assertEquals(List.of(), r.stuck("t1", 60));
    assertEquals(1, r.stuck("t1", 5).size());
  }

  @Test
  void sparseRetriesKeepTheStallGoing() {
    // A refusal answered every 30 s (NOT_ENOUGH_REPLICAS after a request timeout) is still a stall.
    Run r = new Run();
    r.set("t1", 1, 0, 0, 0).poll(0);
    double retries = 0;
    List<Replace> acts = new java.util.ArrayList<>();
    for (int s = 5; s <= 120; s += 5) {
      if (s % 30 == 5) {
        retries++;
      }
      r.set("t1", 1, 0, retries, 0);
      acts.addAll(r.poll(5));
    }
    assertEquals(1, acts.size());
    assertEquals(Duration.ofSeconds(60), acts.get(0).stalledFor());
  }

  @Test
  void recordErrorsAloneCountAsRetrying() {
    Run r = new Run();
    r.set("t1", 1, 0, 0, 0).poll(0);
    List<Replace> acts = new java.util.ArrayList<>();
    for (int i = 1; i <= 13; i++) {
      r.set("t1", 1, 0, 0, i);
      acts.addAll(r.poll(5));
    }
    assertEquals(1, acts.size());
    assertEquals(0, acts.get(0).retriesDuringStall());
    assertEquals(13, acts.get(0).errorsDuringStall());
  }

  @Test
  void aThreadSeenForTheFirstTimeIsOnlyABaseline() {
    Run r = new Run();
    // Its totals say it retried a lot before: that is history, not a stall seen.
    r.set("t1", 0, 0, 5000, 300);
    assertEquals(List.of(), r.poll(0));
    assertNull(r.state.stallSince("t1"));
  }

  @Test
  void theReplacementsNewThreadStartsFreshAndIsJudgedOnItsOwnWindow() {
    Run r = new Run();
    r.set("t1", 1, 0, 0, 0).poll(0);
    assertEquals(1, r.stuck("t1", 65).size());
    // t1 is removed and t2 takes over, stuck in the same way from its first poll.
    r.gone("t1").set("t2", 0, 0, 0, 0);
    assertEquals(List.of(), r.poll(5));
    assertTrue(r.state.replaced().isEmpty(), "a vanished thread is forgotten");
    assertEquals(List.of(), r.stuck("t2", 60));
    List<Replace> acts = r.stuck("t2", 5);
    assertEquals(1, acts.size());
    assertEquals("t2", acts.get(0).threadId());
  }

  @Test
  void atMostOneReplacementPerWindowWhateverTheThread() {
    Run r = new Run();
    r.set("t1", 1, 0, 0, 0).set("t2", 1, 0, 0, 0).poll(0);
    List<Replace> first = new java.util.ArrayList<>();
    for (int i = 0; i < 13; i++) {
      bump(r, "t1");
      bump(r, "t2");
      first.addAll(r.poll(5));
    }
    // Both stuck for a window: only one is replaced now, the first by id.
    assertEquals(List.of("t1"), first.stream().map(Replace::threadId).toList());
    Instant at = r.now;
    List<Replace> later = new java.util.ArrayList<>();
    while (later.isEmpty()) {
      bump(r, "t1");
      bump(r, "t2");
      later.addAll(r.poll(5));
    }
    assertEquals(List.of("t2"), later.stream().map(Replace::threadId).toList());
    assertEquals(WINDOW, Duration.between(at, r.now));
    // The new thread of a replacement, stuck at once, waits out a window of its own.
    r.gone("t1").set("t3", 0, 0, 0, 0);
    r.poll(5);
    assertEquals(List.of(), r.stuck("t3", 55));
    assertEquals(1, r.stuck("t3", 10).size());
  }

  @Test
  void aNewThreadUnderAReplacedThreadsNameStartsFreshAndCanBeReplacedAgain() {
    // Kafka Streams reuses the lowest free index: the replacement of t1 may be called t1 again,
    // and appear before any poll saw t1 gone. Its start time tells them apart.
    Run r = new Run();
    r.threads.put("t1", new Sample(7, 0, 0, 0, 1_000));
    r.poll(0);
    assertEquals(1, r.stuck("t1", 65).size());
    r.threads.put("t1", new Sample(0, 0, 0, 0, 2_000));
    assertEquals(List.of(), r.poll(5));
    assertTrue(r.state.replaced().isEmpty(), "the new t1 was not replaced");
    assertNull(r.state.stallSince("t1"));
    assertEquals(List.of(), r.stuck("t1", 60));
    assertEquals(1, r.stuck("t1", 5).size());
    // The same start time with higher counters is the same thread: still replaced, never again.
    assertEquals(List.of(), r.stuck("t1", 300));
  }

  private static void bump(Run r, String id) {
    Sample s = r.threads.get(id);
    r.set(id, s.commits(), s.processed(), s.retries() + 1, s.errors());
  }

  @Test
  void countersThatGoBackStartAgainFromTheNewValues() {
    Run r = new Run();
    r.set("t1", 50, 0, 100, 0).poll(0);
    r.stuck("t1", 55);
    // Lower totals: not the same counters (a thread of the same name restarted).
    r.set("t1", 0, 0, 1, 0);
    assertEquals(List.of(), r.poll(5));
    assertNull(r.state.stallSince("t1"));
    // And a thread that was replaced is forgotten when one of its name reports lower totals.
    assertEquals(List.of(), r.stuck("t1", 60));
    assertEquals(1, r.stuck("t1", 5).size());
    r.set("t1", 0, 0, 0, 0);
    r.poll(5);
    assertTrue(r.state.replaced().isEmpty());
  }

  @Test
  void theStateIsImmutableAndTheInputLeftAlone() {
    Run r = new Run();
    r.set("t1", 1, 0, 0, 0).poll(0);
    State before = r.state;
    r.stuck("t1", 10);
    assertNull(before.stallSince("t1"), "a step returns a new state");
    assertThrows(UnsupportedOperationException.class, () -> r.state.threads().clear());
  }

  @Test
  void defaultWindowIsThreeCommitIntervalsAndAtLeastAMinute() {
    // Under exactly-once Streams commits every 100 ms by default.
    assertEquals(Duration.ofMinutes(1), StuckThreads.defaultWindow(Duration.ofMillis(100)));
    assertEquals(Duration.ofMinutes(1), StuckThreads.defaultWindow(Duration.ofSeconds(20)));
    assertEquals(Duration.ofSeconds(90), StuckThreads.defaultWindow(Duration.ofSeconds(30)));
  }

  @Test
  void theWindowMustBePositive() {
    assertThrows(IllegalArgumentException.class, () -> new StuckThreads(Duration.ZERO));
    assertThrows(IllegalArgumentException.class, () -> new StuckThreads(Duration.ofSeconds(-1)));
    assertThrows(IllegalArgumentException.class, () -> new StuckThreads(null));
  }
}
