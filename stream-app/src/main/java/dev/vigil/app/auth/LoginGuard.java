package dev.vigil.app.auth;

import dev.vigil.app.events.LoginFailure;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
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
 *
 * <p>Behind a load balancer the replicas share their counts through {@link SharedLoginFailures}:
 * each wrong password is told to the other instances (after the hash, so a success's reservation is
 * never shared) and each success's clear of the user's key, and each instance applies what the
 * others counted to its own throttles ({@link #applyRemote}), ignoring its own records read back.
 * So guesses spread over three replicas lock out after the same {@value #USER_FREE_FAILURES}, and a
 * lockout holds on every replica. Only keyed hashes of the throttle keys are shared. When the
 * others cannot be told, each instance still throttles what it sees.
 */
public final class LoginGuard {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LoginGuard.class);
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
  private final Clock clock;
  private final SharedLoginFailures shared;
  // Tells this instance's records from the others' when they are read back.
  private final String instance = UUID.randomUUID().toString();

  /**
   * A guard that shares nothing with other instances.
   *
   * @param authenticator checks a name and password (the slow hash), e.g. {@link
   *     Users#authenticate}; it wipes the password
   */
  public LoginGuard(
      Clock clock,
      int maxConcurrentHashes,
      BiFunction<String, char[], Optional<UsersFile.User>> authenticator) {
    this(clock, maxConcurrentHashes, authenticator, SharedLoginFailures.none(randomKey()));
  }

  /**
   * A guard that shares its counts with the other instances through {@code shared}, and applies
   * theirs.
   */
  public LoginGuard(
      Clock clock,
      int maxConcurrentHashes,
      BiFunction<String, char[], Optional<UsersFile.User>> authenticator,
      SharedLoginFailures shared) {
    this.byUserAtAddress = new LoginThrottle(clock, USER_FREE_FAILURES);
    this.byAddress = new LoginThrottle(clock, ADDRESS_FREE_FAILURES);
    this.hashing = new Semaphore(maxConcurrentHashes);
    this.authenticator = authenticator;
    this.clock = clock;
    this.shared = shared;
    shared.subscribe(this::applyRemote);
  }

  private static byte[] randomKey() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return key;
  }

  /**
   * Applies a failure or clear another instance counted to this instance's throttles; this
   * instance's own records, and records it cannot read, count nothing.
   */
  public void applyRemote(LoginFailure r) {
    if (r == null || r.key() == null || r.at() == null || instance.equals(r.instance())) {
      return;
    }
    LoginThrottle throttle =
        switch (String.valueOf(r.scope())) {
          case LoginFailure.USER -> byUserAtAddress;
          case LoginFailure.ADDRESS -> byAddress;
          default -> null;
        };
    if (throttle == null) {
      return;
    }
    if (LoginFailure.FAILURE.equals(r.kind())) {
      throttle.remoteFailure(r.key(), r.at());
    } else if (LoginFailure.CLEAR.equals(r.kind())) {
      throttle.remoteClear(r.key());
    }
  }

  private void share(String scope, String key, String kind) {
    try {
      shared.publish(new LoginFailure(key, scope, kind, clock.instant(), instance));
    } catch (RuntimeException e) {
      LOG.debug("login {} not shared: {}", kind, e.toString());
    }
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
        String userKey = shared.keyOf("user:" + name + "@" + address);
        String addressKey = shared.keyOf("addr:" + address);
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
          share(LoginFailure.USER, userKey, LoginFailure.FAILURE);
          share(LoginFailure.ADDRESS, addressKey, LoginFailure.FAILURE);
          return new Result.Denied();
        }
        byUserAtAddress.succeeded(userKey);
        byAddress.refund(addressKey);
        share(LoginFailure.USER, userKey, LoginFailure.CLEAR);
        return new Result.Ok(user.get());
      } finally {
        hashing.release();
      }
    } finally {
      PasswordHash.wipe(password);
    }
  }
}
