package dev.vigil.app.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * The login guard under parallel attack: the lockout holds, hashes are capped, and lockouts are per
 * address.
 */
class LoginGuardTest {
  static final UsersFile.User ALICE = new UsersFile.User("alice", Role.MODERATOR, "unused");

  /** A stand-in for the slow hash: counts calls, takes a little while, knows one password. */
  static final class CountingCheck implements BiFunction<String, char[], Optional<UsersFile.User>> {
    final AtomicInteger calls = new AtomicInteger();
    final AtomicInteger running = new AtomicInteger();
    final AtomicInteger maxRunning = new AtomicInteger();

    @Override
    public Optional<UsersFile.User> apply(String name, char[] password) {
      calls.incrementAndGet();
      maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        running.decrementAndGet();
      }
      return name.equals("alice") && new String(password).equals("right-password")
          ? Optional.of(ALICE)
          : Optional.empty();
    }
  }

  @Test
  void fortyParallelWrongPasswordsForOneUserEvaluateAtMostTheLimit() throws Exception {
    CountingCheck check = new CountingCheck();
    LoginGuard guard = new LoginGuard(Clock.systemUTC(), 64, check);
    List<LoginGuard.Result> results =
        parallel(40, i -> guard.check("alice", "10.0.0.1", "wrong".toCharArray()));
    assertEquals(LoginGuard.USER_FREE_FAILURES, check.calls.get(), "hashes evaluated");
    assertEquals(
        LoginGuard.USER_FREE_FAILURES,
        results.stream().filter(r -> r instanceof LoginGuard.Result.Denied).count());
    assertEquals(
        40 - LoginGuard.USER_FREE_FAILURES,
        results.stream().filter(r -> r instanceof LoginGuard.Result.Throttled).count());
    assertInstanceOf(
        LoginGuard.Result.Throttled.class,
        guard.check("alice", "10.0.0.1", "right-password".toCharArray()),
        "locked out here even with the right password");
    assertEquals(LoginGuard.USER_FREE_FAILURES, check.calls.get());
  }

  @Test
  void concurrentHashesAreCappedAndTheExcessIsRefusedWithoutHashing() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger calls = new AtomicInteger();
    LoginGuard guard =
        new LoginGuard(
            Clock.systemUTC(),
            2,
            (name, password) -> {
              calls.incrementAndGet();
              try {
                release.await(10, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return Optional.empty();
            });
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<LoginGuard.Result>> held = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        int n = i;
        held.add(pool.submit(() -> guard.check("u" + n, "10.0.1." + n, "pw".toCharArray())));
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (calls.get() < 2 && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertEquals(2, calls.get(), "both slots busy hashing");
      for (int i = 0; i < 10; i++) {
        assertInstanceOf(
            LoginGuard.Result.Busy.class, guard.check("v" + i, "10.0.2." + i, "pw".toCharArray()));
      }
      assertEquals(2, calls.get(), "the excess hashed nothing");
      release.countDown();
      for (Future<LoginGuard.Result> f : held) {
        assertInstanceOf(LoginGuard.Result.Denied.class, f.get(10, TimeUnit.SECONDS));
      }
      assertInstanceOf(
          LoginGuard.Result.Denied.class,
          guard.check("w", "10.0.3.1", "pw".toCharArray()),
          "slots free again");
    } finally {
      release.countDown();
      pool.shutdownNow();
    }
  }

  @Test
  void aUserLockedOutAtOneAddressCanStillLogInFromAnother() {
    CountingCheck check = new CountingCheck();
    LoginGuard guard = new LoginGuard(Clock.systemUTC(), 4, check);
    for (int i = 0; i < LoginGuard.USER_FREE_FAILURES; i++) {
      assertInstanceOf(
          LoginGuard.Result.Denied.class,
          guard.check("alice", "203.0.113.9", "guess".toCharArray()));
    }
    assertInstanceOf(
        LoginGuard.Result.Throttled.class,
        guard.check("alice", "203.0.113.9", "right-password".toCharArray()));
    LoginGuard.Result fromOffice = guard.check("alice", "10.0.0.7", "right-password".toCharArray());
    assertInstanceOf(
        LoginGuard.Result.Ok.class, fromOffice, "the attacker's address is locked, not the user");
  }

  @Test
  void anAddressTryingManyNamesIsThrottledAndSuccessesDoNotCountAgainstIt() {
    CountingCheck check = new CountingCheck();
    LoginGuard guard = new LoginGuard(Clock.systemUTC(), 4, check);
    for (int i = 0; i < 30; i++) {
      assertInstanceOf(
          LoginGuard.Result.Ok.class,
          guard.check("alice", "10.0.0.8", "right-password".toCharArray()));
    }
    for (int i = 0; i < LoginGuard.ADDRESS_FREE_FAILURES; i++) {
      assertInstanceOf(
          LoginGuard.Result.Denied.class,
          guard.check("name" + i, "10.0.0.8", "guess".toCharArray()));
    }
    assertInstanceOf(
        LoginGuard.Result.Throttled.class, guard.check("other", "10.0.0.8", "guess".toCharArray()));
    assertInstanceOf(
        LoginGuard.Result.Denied.class, guard.check("other", "10.0.0.9", "guess".toCharArray()));
  }

  @Test
  void thePasswordIsWipedWhateverTheOutcome() {
    LoginGuard guard = new LoginGuard(Clock.systemUTC(), 1, (n, p) -> Optional.empty());
    char[] pw = "secret".toCharArray();
    guard.check("alice", "10.0.0.1", pw);
    assertTrue(new String(pw).chars().allMatch(c -> c == 0));
  }

  interface Attempt {
    LoginGuard.Result run(int i) throws Exception;
  }

  static List<LoginGuard.Result> parallel(int n, Attempt attempt) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<LoginGuard.Result>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int k = i;
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  return attempt.run(k);
                }));
      }
      start.countDown();
      List<LoginGuard.Result> results = new ArrayList<>();
      for (Future<LoginGuard.Result> f : futures) {
        results.add(f.get(30, TimeUnit.SECONDS));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }
}
