package dev.vigil.app.http;

import dev.vigil.app.auth.Principal;
import dev.vigil.app.auth.Sessions;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Cross-site request forgery checks for the API: a browser request from another site or origin is
 * refused, and a state change must prove it came from our own page (the session's CSRF token, or
 * the proxy's {@code X-Requested-By}); Basic credentials are sent deliberately by scripts.
 */
final class CsrfGuard {
  private CsrfGuard() {}

  /** Refuses a state change that a browser may have been tricked into sending. */
  static void stateChange(Context ctx, Principal p, RequestAuth auth) {
    sameOrigin(ctx);
    switch (p.method()) {
      case Principal.SESSION -> {
        String expected = auth.session(ctx).map(Sessions.Session::csrfToken).orElse("");
        String got = ctx.header(RequestAuth.CSRF_HEADER);
        if (got == null
            || !MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.UTF_8), got.getBytes(StandardCharsets.UTF_8))) {
          throw new ApiError(403, "missing or wrong " + RequestAuth.CSRF_HEADER);
        }
      }
      case Principal.PROXY -> {
        if (ctx.header(RequestAuth.REQUESTED_BY) == null) {
          throw new ApiError(403, "missing " + RequestAuth.REQUESTED_BY + " header");
        }
      }
      default -> {
        // Basic: credentials a browser never caches from us, sent deliberately by a script.
      }
    }
  }

  /** Refuses requests that the browser marks as coming from another site or origin. */
  static void sameOrigin(Context ctx) {
    String site = ctx.header("Sec-Fetch-Site");
    if (site != null && !site.equals("same-origin") && !site.equals("none")) {
      throw new ApiError(403, "cross-site request refused");
    }
    String origin = ctx.header("Origin");
    String host = ctx.header("Host");
    if (origin != null && !origin.equals("null") && host != null) {
      String hostOfOrigin = origin.replaceFirst("^[a-zA-Z][a-zA-Z0-9+.-]*://", "");
      if (!hostOfOrigin.equalsIgnoreCase(host)) {
        throw new ApiError(403, "cross-origin request refused");
      }
    } else if ("null".equals(origin)) {
      throw new ApiError(403, "opaque-origin request refused");
    }
  }
}
