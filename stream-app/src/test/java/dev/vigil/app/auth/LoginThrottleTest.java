package dev.vigil.app.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.app.events.LoginFailure;
import dev.vigil.app.json.Json;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The throttle's counts shared between instances: failures another instance counted lock out here
 * with the same doubling lockout, a success there clears here, and an instance's own records read
 * back count nothing.
 */
class LoginThrottleTest {
  static final Instant T0 = Instant.parse("2026-12-07T12:00:00Z");

  /** A clock the test moves. */
  static final class MovingClock extends Clock {
    Instant now = T0;

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @Test
  void failuresCountedOnAnotherInstanceLockOutHere() {
    MovingClock clock = new MovingClock();
    LoginThrottle t = new LoginThrottle(clock, 3);
    t.remoteFailure("k", T0.minusSeconds(2));
    t.remoteFailure("k", T0.minusSeconds(1));
    assertEquals(Duration.ZERO, t.wait("k"));
    t.remoteFailure("k", T0);
    assertEquals(LoginThrottle.BASE_LOCKOUT, t.wait("k"));
    assertEquals(LoginThrottle.BASE_LOCKOUT, t.reserve("k"), "refused, and nothing counted");
    t.remoteFailure("k", T0);
    assertEquals(LoginThrottle.BASE_LOCKOUT.multipliedBy(2), t.wait("k"), "the lockout doubles");
  }

  /**
   * Below the free failures nothing is locked, whatever the instant of the last failure: another
   * instance's clock may run ahead of ours, and a parallel reservation may stamp a later instant
   * than the one this reservation read (LoginGuardTest's forty parallel attempts once hashed 4, not
   * 5).
   */
  @Test
  void aFailureStampedAfterNowLocksNothingBelowTheFreeFailures() {
    MovingClock clock = new MovingClock();
    LoginThrottle t = new LoginThrottle(clock, 3);
    t.remoteFailure("k", T0.plusSeconds(5));
    assertEquals(Duration.ZERO, t.wait("k"));
    assertEquals(Duration.ZERO, t.reserve("k"), "two failures of three: may try");
    assertEquals(Duration.ZERO, t.reserve("k"), "the third may try too");
    assertEquals(LoginThrottle.BASE_LOCKOUT, t.wait("k"), "the third locks out");
  }

  @Test
  void localAndRemoteFailuresAddUp() {
    MovingClock clock = new MovingClock();
    LoginThrottle t = new LoginThrottle(clock, 3);
    assertEquals(Duration.ZERO, t.reserve("k"));
    t.remoteFailure("k", T0);
    assertEquals(Duration.ZERO, t.reserve("k"));
    assertEquals(LoginThrottle.BASE_LOCKOUT, t.wait("k"));
  }

  @Test
  void aRemoteLockoutIsTimedFromTheFailureAndOldFailuresCountNothing() {
    MovingClock clock = new MovingClock();
    LoginThrottle t = new LoginThrottle(clock, 3);
    for (int i = 0; i < 3; i++) {
      t.remoteFailure("k", T0.minusSeconds(20));
    }
    assertEquals(Duration.ofSeconds(10), t.wait("k"), "30 s from the failure there, 20 s ago");
    Instant old = T0.minus(LoginThrottle.MEMORY).minusSeconds(1);
    for (int i = 0; i < 5; i++) {
      t.remoteFailure("old", old);
    }
    assertEquals(Duration.ZERO, t.wait("old"));
    assertEquals(Duration.ZERO, t.reserve("old"));
  }

  @Test
  void aRemoteFailureNeverShortensALockoutRunningHere() {
    MovingClock clock = new MovingClock();
    LoginThrottle t = new LoginThrottle(clock, 1);
    for (int i = 0; i < 4; i++) {
      t.failed("k"); // 30 s, 60, 120, 240
    }
    assertEquals(LoginThrottle.BASE_LOCKOUT.multipliedBy(8), t.wait("k"));
    t.remoteFailure("k", T0.minusSeconds(600)); // late news of an old failure
    assertTrue(t.wait("k").compareTo(LoginThrottle.BASE_LOCKOUT.multipliedBy(8)) >= 0);
  }

  @Test
  void aClearFromAnotherInstanceClearsHere() {
    MovingClock clock = new MovingClock();
    LoginThrottle t = new LoginThrottle(clock, 3);
    for (int i = 0; i < 3; i++) {
      t.failed("k");
    }
    assertEquals(LoginThrottle.BASE_LOCKOUT, t.wait("k"));
    t.remoteClear("k");
    assertEquals(Duration.ZERO, t.wait("k"));
    t.failed("k");
    t.failed("k");
    assertEquals(Duration.ZERO, t.wait("k"), "the count starts again");
  }

  /**
   * Instances joined as by a topic: every record published reaches every instance, its own
   * included, {@code copies} times (a record read back, or read again after a restart of the
   * reader).
   */
  static final class Bus {
    final List<LoginFailure> log = new CopyOnWriteArrayList<>();
    final List<Consumer<LoginFailure>> sinks = new CopyOnWriteArrayList<>();
    final byte[] key = "the-derived-login-throttle-key!!".getBytes();
    int copies = 1;

    SharedLoginFailures member() {
      return new SharedLoginFailures() {
        @Override
        public String keyOf(String throttleKey) {
          return SharedLoginFailures.hmac(key, throttleKey);
        }

        @Override
        public void publish(LoginFailure record) {
          log.add(record);
          for (int i = 0; i < copies; i++) {
            sinks.forEach(s -> s.accept(record));
          }
        }

        @Override
        public void subscribe(Consumer<LoginFailure> sink) {
          sinks.add(sink);
        }
      };
    }
  }

  static LoginGuard guard(Clock clock, SharedLoginFailures shared) {
    return new LoginGuard(
        clock,
        4,
        (name, password) ->
            name.equals("alice") && new String(password).equals("right-password")
                ? Optional.of(LoginGuardTest.ALICE)
                : Optional.empty(),
        shared);
  }

  @Test
  void wrongPasswordsSpreadOverTwoInstancesLockOutOnBoth() {
    MovingClock clock = new MovingClock();
    Bus bus = new Bus();
    LoginGuard a = guard(clock, bus.member());
    LoginGuard b = guard(clock, bus.member());
    for (int i = 0; i < LoginGuard.USER_FREE_FAILURES; i++) {
      LoginGuard g = i % 2 == 0 ? a : b;
      assertInstanceOf(
          LoginGuard.Result.Denied.class, g.check("alice", "203.0.113.9", "guess".toCharArray()));
    }
    for (LoginGuard g : List.of(a, b)) {
      assertInstanceOf(
          LoginGuard.Result.Throttled.class,
          g.check("alice", "203.0.113.9", "right-password".toCharArray()),
          "locked out on every instance, the right password too");
    }
    clock.now = clock.now.plus(LoginThrottle.BASE_LOCKOUT);
    assertInstanceOf(
        LoginGuard.Result.Ok.class,
        b.check("alice", "203.0.113.9", "right-password".toCharArray()));
  }

  @Test
  void anInstancesOwnRecordsReadBackCountOnce() {
    MovingClock clock = new MovingClock();
    Bus bus = new Bus();
    bus.copies = 3;
    LoginGuard a = guard(clock, bus.member());
    for (int i = 0; i < LoginGuard.USER_FREE_FAILURES; i++) {
      assertInstanceOf(
          LoginGuard.Result.Denied.class,
          a.check("alice", "203.0.113.9", "guess".toCharArray()),
          "attempt " + i);
    }
    assertInstanceOf(
        LoginGuard.Result.Throttled.class, a.check("alice", "203.0.113.9", "guess".toCharArray()));
  }

  @Test
  void aSuccessOnOneInstanceClearsTheUsersCountOnTheOther() {
    MovingClock clock = new MovingClock();
    Bus bus = new Bus();
    LoginGuard a = guard(clock, bus.member());
    LoginGuard b = guard(clock, bus.member());
    for (int i = 0; i < LoginGuard.USER_FREE_FAILURES - 1; i++) {
      b.check("alice", "10.0.0.7", "typo".toCharArray());
    }
    assertInstanceOf(
        LoginGuard.Result.Ok.class, a.check("alice", "10.0.0.7", "right-password".toCharArray()));
    for (int i = 0; i < LoginGuard.USER_FREE_FAILURES - 1; i++) {
      assertInstanceOf(
          LoginGuard.Result.Denied.class,
          b.check("alice", "10.0.0.7", "typo".toCharArray()),
          "the count started again after the success on the other instance");
    }
  }

  @Test
  void nothingSharedNamesTheUserOrTheAddress() throws Exception {
    MovingClock clock = new MovingClock();
    Bus bus = new Bus();
    LoginGuard a = guard(clock, bus.member());
    a.check("alice", "203.0.113.9", "guess".toCharArray());
    a.check("alice", "203.0.113.9", "right-password".toCharArray());
    assertEquals(3, bus.log.size(), bus.log.toString());
    String all = Json.MAPPER.writeValueAsString(bus.log);
    assertFalse(all.contains("alice"), all);
    assertFalse(all.contains("203.0.113"), all);
    assertFalse(all.contains("password"), all);
    assertEquals(SharedLoginFailures.hmac(bus.key, "user:alice@203.0.113.9"), bus.log.get(0).key());
  }

  @Test
  void loginsWorkWhenNothingCanBeShared() {
    MovingClock clock = new MovingClock();
    SharedLoginFailures down =
        new SharedLoginFailures() {
          @Override
          public String keyOf(String throttleKey) {
            return throttleKey;
          }

          @Override
          public void publish(LoginFailure record) {
            throw new IllegalStateException("Kafka is down");
          }

          @Override
          public void subscribe(Consumer<LoginFailure> sink) {}
        };
    LoginGuard a = guard(clock, down);
    for (int i = 0; i < LoginGuard.USER_FREE_FAILURES; i++) {
      assertInstanceOf(
          LoginGuard.Result.Denied.class, a.check("alice", "203.0.113.9", "guess".toCharArray()));
    }
    assertInstanceOf(
        LoginGuard.Result.Throttled.class,
        a.check("alice", "203.0.113.9", "guess".toCharArray()),
        "still throttled here");
    assertInstanceOf(
        LoginGuard.Result.Ok.class, a.check("alice", "10.0.0.7", "right-password".toCharArray()));
  }
}
