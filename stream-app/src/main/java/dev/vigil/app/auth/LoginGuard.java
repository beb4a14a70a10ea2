package dev.vigil.app.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.function.BiFunction;

/**
 * Every password check goes through here, in this order, so that no request hashes a password it
 * should not:
 *
 * <ol>
 *   <li>a slot among at most {@code maxConcurrentHashes} password hashes running at once, taken
 *       without waiting: none free, the request is refused as {@link Result.Busy} (HTTP 503) and
 *       nothing is counted;
 *   <li>an attempt reserved, atomically, on the lockout of this user name <em>at this client
 *       address</em> ({@value #USER_FREE_FAILURES} free failures): a locked-out user elsewhere can
 *       still log in, so nobody can lock a known user out from anywhere;
 *   <li>an attempt reserved on the lockout of the client address, whatever the names tried ({@value
 *       #ADDRESS_FREE_FAILURES} free failures);
 *   <li>only then the slow hash. A success clears the user's key and gives back the address's
 *       reservation.
 * </ol>
 *
 * Reserving before hashing is what makes the limit hold under parallel requests: 40 simultaneous
 * wrong passwords for one user from one address evaluate at most {@value #USER_FREE_FAILURES} of
 * them.
 */
public final class LoginGuard {
  public static final int USER_FREE_FAILURES = 5;
  public static final int ADDRESS_FREE_FAILURES = 20;

  /** What a password check came to. */
  public sealed interface Result {
    /** The right password: the user. */
    record Ok(UsersFile.User user) implements Result {}

    /** Wrong name or password (counted). */
    record Denied() implements Result {}

    /** Locked out for {@code retryAfter}; no password was hashed. */
    record Throttled(Duration retryAfter) implements Result {}

    /** Too many password checks running; no password was hashed, nothing counted. */
    record Busy() implements Result {}
  }

  private final LoginThrottle byUserAtAddress;
  private final LoginThrottle byAddress;
  private final Semaphore hashing;
  private final BiFunction<String, char[], Optional<UsersFile.User>> authenticator;

  /**
   * @param authenticator checks a name and password (the slow hash), e.g. {@link
   *     Users#authenticate}; it wipes the password
   */
  public LoginGuard(
      Clock clock,
      int maxConcurrentHashes,
      BiFunction<String, char[], Optional<UsersFile.User>> authenticator) {
    this.byUserAtAddress = new LoginThrottle(clock, USER_FREE_FAILURES);
    this.byAddress = new LoginThrottle(clock, ADDRESS_FREE_FAILURES);
    this.hashing = new Semaphore(maxConcurrentHashes);
    this.authenticator = authenticator;
  }

  /**
   * A cap on parallel hashes that leaves the machine responsive: the number of cores, at least 2.
   */
  public static int defaultMaxConcurrentHashes() {
    return Math.max(2, Runtime.getRuntime().availableProcessors());
  }

  /**
   * Checks {@code password} for {@code name} from client {@code address}; wipes the password in
   * every case.
   */
  public Result check(String name, String address, char[] password) {
    try {
      if (!hashing.tryAcquire()) {
        return new Result.Busy();
      }
      try {
        String userKey = "user:" + name + "@" + address;
        String addressKey = "addr:" + address;
        Duration wait = byUserAtAddress.reserve(userKey);
        if (!wait.isZero()) {
          return new Result.Throttled(wait);
        }
        wait = byAddress.reserve(addressKey);
        if (!wait.isZero()) {
          return new Result.Throttled(wait);
        }
        Optional<UsersFile.User> user = authenticator.apply(name, password);
        if (user.isEmpty()) {
          return new Result.Denied();
        }
        byUserAtAddress.succeeded(userKey);
        byAddress.refund(addressKey);
        return new Result.Ok(user.get());
      } finally {
        hashing.release();
      }
    } finally {
      PasswordHash.wipe(password);
    }
  }
}
