package dev.vigil.app.auth;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Browser sessions of one app instance, in memory: a random 256-bit id (the cookie) maps to the
 * user and a CSRF token that state-changing requests must echo in a header. A session ends after
 * {@link #IDLE} without use or {@link #ABSOLUTE} after login, whichever comes first. Several
 * instances behind a load balancer need sticky sessions (or the trusted-proxy login).
 */
public final class Sessions {
  public static final Duration IDLE = Duration.ofMinutes(30);
  public static final Duration ABSOLUTE = Duration.ofHours(12);
  private static final SecureRandom RANDOM = new SecureRandom();

  /** One session; {@code lastSeen} moves on each use. */
  public static final class Session {
    private final String id;
    private final Principal principal;
    private final String csrfToken;
    private final Instant created;
    private volatile Instant lastSeen;

    Session(String id, Principal principal, String csrfToken, Instant created) {
      this.id = id;
      this.principal = principal;
      this.csrfToken = csrfToken;
      this.created = created;
      this.lastSeen = created;
    }

    public String id() {
      return id;
    }

    public Principal principal() {
      return principal;
    }

    public String csrfToken() {
      return csrfToken;
    }
  }

  private final Clock clock;
  private final ConcurrentHashMap<String, Session> sessions = new ConcurrentHashMap<>();

  public Sessions(Clock clock) {
    this.clock = clock;
  }

  public Session create(String user, Role role) {
    Instant now = clock.instant();
    sessions.values().removeIf(s -> expired(s, now));
    Session s = new Session(token(), new Principal(user, role, Principal.SESSION), token(), now);
    sessions.put(s.id(), s);
    return s;
  }

  /** The live session with this id, touched; empty when unknown or expired. */
  public Optional<Session> get(String id) {
    if (id == null) {
      return Optional.empty();
    }
    Session s = sessions.get(id);
    Instant now = clock.instant();
    if (s == null) {
      return Optional.empty();
    }
    if (expired(s, now)) {
      sessions.remove(id);
      return Optional.empty();
    }
    s.lastSeen = now;
    return Optional.of(s);
  }

  public void remove(String id) {
    if (id != null) {
      sessions.remove(id);
    }
  }

  /** Ends every session of {@code user} (a password change, a removal); returns how many ended. */
  public int removeUser(String user) {
    int[] n = {0};
    sessions
        .values()
        .removeIf(
            s -> {
              boolean match = s.principal().name().equals(user);
              if (match) {
                n[0]++;
              }
              return match;
            });
    return n[0];
  }

  private static boolean expired(Session s, Instant now) {
    return s.lastSeen.plus(IDLE).isBefore(now) || s.created.plus(ABSOLUTE).isBefore(now);
  }

  private static String token() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }
}
