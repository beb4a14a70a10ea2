package dev.vigil.app.http;

import dev.vigil.app.auth.LoginGuard;
import dev.vigil.app.auth.Principal;
import dev.vigil.app.auth.Role;
import dev.vigil.app.auth.Sessions;
import dev.vigil.app.auth.SharedLoginFailures;
import dev.vigil.app.auth.Users;
import dev.vigil.app.auth.UsersFile;
import dev.vigil.app.events.AuditEvent;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * Who is calling, and may they change state. Three ways in, tried in order:
 *
 * <ol>
 *   <li>a trusted authenticating proxy's user and role headers, only when configured and only from
 *       the proxy's addresses;
 *   <li>the session cookie set by {@code POST /api/session} (the console);
 *   <li>HTTP Basic (scripts). No {@code WWW-Authenticate} challenge is ever sent, so browsers never
 *       cache Basic credentials and cannot be tricked into replaying them cross-site.
 * </ol>
 *
 * State changes made with a session cookie must echo the session's CSRF token in {@code
 * X-CSRF-Token}; those made through the proxy must carry {@code X-Requested-By} (a custom header no
 * cross-site form can send); every state change is refused when the browser says it comes from
 * another origin. Password checks go through a {@link LoginGuard}: throttled per user name at a
 * client address and per client address, counted before the hash, with a cap on hashes running at
 * once, the counts shared with the other instances when they are given a {@link
 * SharedLoginFailures}. A login is audited before its session exists; a user removed or given a new
 * password or role loses sessions and cached Basic logins at once.
 */
final class RequestAuth {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RequestAuth.class);
  static final String COOKIE = "vigil_session";
  static final String CSRF_HEADER = "X-CSRF-Token";
  static final String REQUESTED_BY = "X-Requested-By";
  private static final Duration BASIC_CACHE = Duration.ofMinutes(5);

  /**
   * The trusted proxy: which headers carry user and role, and which client addresses may set them.
   */
  record Proxy(String userHeader, String roleHeader, Set<String> trustedAddresses) {}

  private record Cached(Principal principal, Instant until) {}

  private final Users users;
  private final Sessions sessions;
  private final Proxy proxy;
  private final boolean secureCookie;
  private final Clock clock;
  private final LoginGuard guard;
  private final ConcurrentHashMap<String, Cached> basicCache = new ConcurrentHashMap<>();
  private final BiConsumer<String, AuditEvent> audit;

  /**
   * One instance's authentication, its login throttle not shared (the login and session tests).
   *
   * @param audit stores an audit event under a key, throwing when it is not stored (e.g. {@code
   *     AuditWriter::write})
   */
  RequestAuth(
      Users users,
      Sessions sessions,
      Proxy proxy,
      boolean secureCookie,
      Clock clock,
      BiConsumer<String, AuditEvent> audit) {
    this(
        users,
        sessions,
        proxy,
        secureCookie,
        clock,
        audit,
        LoginGuard.defaultMaxConcurrentHashes(),
        null);
  }

  /**
   * @param loginFailures how the login throttle's counts are shared with the other instances, or
   *     null for none
   */
  RequestAuth(
      Users users,
      Sessions sessions,
      Proxy proxy,
      boolean secureCookie,
      Clock clock,
      BiConsumer<String, AuditEvent> audit,
      int maxConcurrentHashes,
      SharedLoginFailures loginFailures) {
    this.audit = audit;
    this.users = users;
    this.sessions = sessions;
    this.proxy = proxy;
    this.secureCookie = secureCookie;
    this.clock = clock;
    this.guard =
        loginFailures == null
            ? new LoginGuard(clock, maxConcurrentHashes, users::authenticate)
            : new LoginGuard(clock, maxConcurrentHashes, users::authenticate, loginFailures);
    users.onChange(this::revoke);
  }

  /**
   * Ends the sessions and drops the cached Basic logins of users whose password or role changed, or
   * who left.
   */
  private void revoke(Set<String> names) {
    // Sessions end by their stamp (Sessions#stampOf), on every instance that reads the new file.
    basicCache.values().removeIf(c -> names.contains(c.principal().name()));
    LOG.info("users file changed: sessions and cached logins of {} user(s) ended", names.size());
  }

  /** The caller, or 401. */
  Principal require(Context ctx) {
    return principal(ctx).orElseThrow(() -> new ApiError(401, "authentication required"));
  }

  Optional<Principal> principal(Context ctx) {
    users.refresh(); // a changed users file ends sessions and cached logins before they are looked
    // up
    if (proxy != null && proxy.trustedAddresses().contains(ctx.req().getRemoteAddr())) {
      String user = ctx.header(proxy.userHeader());
      if (user != null && !user.isBlank()) {
        Role role;
        try {
          role = Role.parse(ctx.header(proxy.roleHeader()));
        } catch (IllegalArgumentException e) {
          throw new ApiError(403, "the proxy sent no valid role for this user");
        }
        if (!UsersFile.NAME.matcher(user).matches()) {
          throw new ApiError(403, "the proxy sent an invalid user name");
        }
        return Optional.of(new Principal(user, role, Principal.PROXY));
      }
    }
    Optional<Sessions.Session> session = session(ctx);
    if (session.isPresent()) {
      if (session.get().reissued()) {
        setCookie(ctx, session.get().id(), Sessions.ABSOLUTE.toSeconds());
      }
      return Optional.of(session.get().principal());
    }
    String authorization = ctx.header("Authorization");
    if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      return Optional.of(basic(ctx, authorization));
    }
    return Optional.empty();
  }

  private Principal basic(Context ctx, String authorization) {
    String cacheKey = sha256(authorization);
    Cached cached = basicCache.get(cacheKey);
    Instant now = clock.instant();
    if (cached != null && cached.until().isAfter(now) && stillValid(cached.principal())) {
      return cached.principal();
    }
    String decoded;
    try {
      decoded =
          new String(
              Base64.getDecoder().decode(authorization.substring(6).trim()),
              StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new ApiError(401, "malformed Basic credentials");
    }
    int colon = decoded.indexOf(':');
    if (colon < 0) {
      throw new ApiError(401, "malformed Basic credentials");
    }
    UsersFile.User user =
        checkPassword(ctx, decoded.substring(0, colon), decoded.substring(colon + 1).toCharArray());
    Principal p = new Principal(user.name(), user.role(), Principal.BASIC);
    if (basicCache.size() > 10_000) {
      basicCache.clear();
    }
    basicCache.put(cacheKey, new Cached(p, now.plus(BASIC_CACHE)));
    return p;
  }

  /**
   * A user removed from the users file, or given another role, loses sessions and cached logins at
   * once.
   */
  private boolean stillValid(Principal p) {
    return users.get(p.name()).map(u -> u.role() == p.role()).orElse(false);
  }

  /**
   * Checks a password under the {@link LoginGuard}: 503 when too many hashes are running, 429 while
   * locked out (neither hashes anything), 401 when wrong.
   */
  UsersFile.User checkPassword(Context ctx, String name, char[] password) {
    LoginGuard.Result result = guard.check(name, ctx.req().getRemoteAddr(), password);
    if (result instanceof LoginGuard.Result.Ok ok) {
      return ok.user();
    }
    if (result instanceof LoginGuard.Result.Throttled t) {
      long seconds = Math.max(1, t.retryAfter().toSeconds());
      audited(name, null, "login", "throttled", ctx);
      ctx.header("Retry-After", Long.toString(seconds));
      throw new ApiError(429, "too many failed logins; try again in " + seconds + " s");
    }
    if (result instanceof LoginGuard.Result.Busy) {
      ctx.header("Retry-After", "1");
      throw new ApiError(503, "too many logins at once; try again");
    }
    audited(name, null, "login", "denied", ctx);
    throw new ApiError(401, "invalid name or password");
  }

  /**
   * The actor recorded for an unknown user name: the name itself may be a password typed into the
   * wrong field.
   */
  static final String UNKNOWN_USER = "(unknown user)";

  /**
   * Audits an authentication event. The attempted name is kept only when it is an existing user's
   * name (anything else may be a password typed into the wrong field, so it is recorded as {@value
   * #UNKNOWN_USER}); the client address is not kept.
   */
  void audited(String name, Role role, String action, String result, Context ctx) {
    String actor = name != null && users.get(name).isPresent() ? name : UNKNOWN_USER;
    String method = ctx.header("Authorization") != null ? "basic" : "session";
    AuditEvent event =
        new AuditEvent(
            "au-" + UUID.randomUUID(),
            clock.instant(),
            actor,
            role == null ? "none" : role.label(),
            action,
            null,
            null,
            result,
            "via " + method,
            null);
    try {
      audit.accept("user:" + actor, event);
    } catch (RuntimeException e) {
      if (result.equals("applied")) {
        // A login that is not on record does not happen.
        throw new ApiError(503, "the audit log is not available; try again");
      }
      LOG.error("audit of a refused {} not stored: {}", action, e.getMessage());
    }
  }

  /**
   * Audits the login, then starts a session and sets its cookie; returns it. When the audit write
   * fails no session exists (503): a login that is not on record does not happen.
   */
  Sessions.Session login(Context ctx, UsersFile.User user) {
    audited(user.name(), user.role(), "login", "applied", ctx);
    Sessions.Session s = sessions.create(user);
    setCookie(ctx, s.id(), Sessions.ABSOLUTE.toSeconds());
    return s;
  }

  void logout(Context ctx) {
    sessions.remove(ctx.cookie(COOKIE));
    setCookie(ctx, "", 0);
  }

  /**
   * The caller's session, when its cookie is valid and its user's users-file entry is unchanged
   * since login (same name, role and password).
   */
  Optional<Sessions.Session> session(Context ctx) {
    return sessions
        .get(ctx.cookie(COOKIE))
        .filter(
            s ->
                users
                    .get(s.principal().name())
                    .map(
                        u ->
                            u.role() == s.principal().role()
                                && sessions.stampOf(u).equals(s.stamp()))
                    .orElse(false));
  }

  private void setCookie(Context ctx, String value, long maxAgeSeconds) {
    ctx.header(
        "Set-Cookie",
        COOKIE
            + "="
            + value
            + "; Path=/; HttpOnly; SameSite=Strict; Max-Age="
            + maxAgeSeconds
            + (secureCookie ? "; Secure" : ""));
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
