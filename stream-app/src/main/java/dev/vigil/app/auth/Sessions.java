package dev.vigil.app.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Browser sessions that any instance can check: the cookie itself carries the user, role, login and
 * last-use times and a random nonce, signed with HMAC-SHA256 under a key every instance shares
 * (derived from the pseudonym key, which they must share anyway). So behind a load balancer with
 * three replicas and no session affinity a moderator stays logged in whichever pod answers, and a
 * restart logs nobody out.
 *
 * <p>A session ends after {@link #IDLE} without use or {@link #ABSOLUTE} after login, whichever
 * comes first: a use more than {@link #REFRESH} after the last re-issues the cookie with the new
 * last-use time. The CSRF token is derived from the nonce, so every instance computes the same one.
 * A session also names a stamp of the user's users-file entry (name, role, password hash): a
 * password or role change or a removal, once the instances read the changed file, ends the user's
 * sessions on all of them. Logout forgets the session on the instance that served it and clears the
 * browser's cookie; a copy of the cookie taken before would still work elsewhere until it idles out
 * (30 minutes), the price of keeping no shared session store.
 */
public final class Sessions {
  public static final Duration IDLE = Duration.ofMinutes(30);
  public static final Duration ABSOLUTE = Duration.ofHours(12);
  static final Duration REFRESH = Duration.ofMinutes(1);
  private static final String VERSION = "v1";
  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * One session as its cookie says. {@code id} is the cookie value to send back; it differs from
   * the request's when {@link #reissued()}.
   */
  public record Session(
      String id,
      Principal principal,
      String csrfToken,
      Instant created,
      Instant lastSeen,
      String nonce,
      String stamp,
      boolean reissued) {}

  private final Clock clock;
  private final byte[] key;
  // Logged-out nonces on this instance, until their sessions could not live anyway.
  private final ConcurrentHashMap<String, Instant> loggedOut = new ConcurrentHashMap<>();

  /**
   * @param sharedSecret key material every instance has (at least 16 bytes); the signing key is
   *     derived from it, so the secret itself signs nothing
   */
  public Sessions(Clock clock, byte[] sharedSecret) {
    if (sharedSecret == null || sharedSecret.length < 16) {
      throw new IllegalArgumentException("session key material must be at least 16 bytes");
    }
    this.clock = clock;
    this.key = hmac(sharedSecret, "vigil console session signing key v1");
  }

  /** A new session for this users-file entry. */
  public Session create(UsersFile.User user) {
    Instant now = clock.instant();
    byte[] n = new byte[16];
    RANDOM.nextBytes(n);
    String nonce = Base64.getUrlEncoder().withoutPadding().encodeToString(n);
    return issue(
        new Principal(user.name(), user.role(), Principal.SESSION),
        now,
        now,
        nonce,
        stampOf(user),
        false);
  }

  /**
   * The live session this cookie names, touched (re-issued when its last use is over {@link
   * #REFRESH} old); empty when the cookie is absent, malformed, forged, expired or logged out here.
   * The caller checks {@link Session#stamp()} against the user's current entry ({@link #stampOf}).
   */
  public Optional<Session> get(String cookie) {
    if (cookie == null) {
      return Optional.empty();
    }
    String[] parts = cookie.split("\\.", -1);
    if (parts.length != 3 || !VERSION.equals(parts[0])) {
      return Optional.empty();
    }
    byte[] mac;
    byte[] payload;
    try {
      payload = Base64.getUrlDecoder().decode(parts[1]);
      mac = Base64.getUrlDecoder().decode(parts[2]);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    if (!MessageDigest.isEqual(mac, hmac(key, VERSION + "." + parts[1]))) {
      return Optional.empty();
    }
    String[] f = new String(payload, StandardCharsets.UTF_8).split("\\|", -1);
    if (f.length != 6) {
      return Optional.empty();
    }
    Role role;
    Instant created;
    Instant lastSeen;
    try {
      role = Role.parse(f[1]);
      created = Instant.ofEpochSecond(Long.parseLong(f[2]));
      lastSeen = Instant.ofEpochSecond(Long.parseLong(f[3]));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    if (lastSeen.plus(IDLE).isBefore(now)
        || created.plus(ABSOLUTE).isBefore(now)
        || loggedOut.containsKey(f[4])) {
      return Optional.empty();
    }
    Principal p = new Principal(f[0], role, Principal.SESSION);
    if (lastSeen.plus(REFRESH).isBefore(now)) {
      return Optional.of(issue(p, created, now, f[4], f[5], true));
    }
    return Optional.of(new Session(cookie, p, csrf(f[4]), created, lastSeen, f[4], f[5], false));
  }

  /** Logs the session this cookie names out, on this instance. */
  public void remove(String cookie) {
    get(cookie)
        .ifPresent(
            s -> {
              Instant now = clock.instant();
              loggedOut.values().removeIf(until -> until.isBefore(now));
              loggedOut.put(s.nonce(), s.created().plus(ABSOLUTE));
            });
  }

  /**
   * What a session remembers of the users-file entry it was opened for: a changed password or role,
   * or a removed user, no longer has the same stamp. Keyed, so a cookie reveals nothing of the
   * password hash.
   */
  public String stampOf(UsersFile.User user) {
    byte[] h =
        hmac(key, "stamp|" + user.name() + "|" + user.role().label() + "|" + user.passwordHash());
    return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(h, 12));
  }

  private Session issue(
      Principal p, Instant created, Instant lastSeen, String nonce, String stamp, boolean again) {
    String payload =
        String.join(
            "|",
            p.name(),
            p.role().label(),
            Long.toString(created.getEpochSecond()),
            Long.toString(lastSeen.getEpochSecond()),
            nonce,
            stamp);
    String body =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(payload.getBytes(StandardCharsets.UTF_8));
    String signed = VERSION + "." + body;
    String cookie =
        signed + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(hmac(key, signed));
    return new Session(cookie, p, csrf(nonce), created, lastSeen, nonce, stamp, again);
  }

  private String csrf(String nonce) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(hmac(key, "csrf|" + nonce));
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}
