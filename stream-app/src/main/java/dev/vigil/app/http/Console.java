package dev.vigil.app.http;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The moderators' web console: four static files from the jar ({@code /console/}: the page, its
 * script, its message tables per language, its style), no build step. Post text is
 * attacker-controlled, so the page only ever renders it as DOM text, and every response carries a
 * strict Content-Security-Policy (scripts from this origin only: no inline script, no eval) and the
 * usual hardening headers, so that even a rendering bug cannot run a script or frame the console.
 */
public final class Console {
  static final String CSP =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
          + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

  private static final Map<String, String> FILES =
      Map.of(
          "/", "index.html",
          "/console.js", "console.js",
          "/messages.js", "messages.js",
          "/console.css", "console.css");
  private static final Map<String, String> TYPES =
      Map.of(
          "index.html", "text/html; charset=utf-8",
          "console.js", "text/javascript; charset=utf-8",
          "messages.js", "text/javascript; charset=utf-8",
          "console.css", "text/css; charset=utf-8");

  private Console() {}

  /** Adds the hardening headers to every response, and the console's pages. */
  static void install(Javalin app) {
    app.before(Console::hardening);
    FILES.forEach(
        (path, file) -> {
          byte[] body = resource(file);
          String type = TYPES.get(file);
          app.get(
              path, ctx -> ctx.contentType(type).header("Cache-Control", "no-cache").result(body));
        });
  }

  static void hardening(Context ctx) {
    ctx.header("Content-Security-Policy", CSP);
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("X-Frame-Options", "DENY");
    ctx.header("Referrer-Policy", "no-referrer");
    ctx.header("Cross-Origin-Opener-Policy", "same-origin");
    ctx.header("Cross-Origin-Resource-Policy", "same-origin");
    ctx.header("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
  }

  private static byte[] resource(String file) {
    try (InputStream in = Console.class.getResourceAsStream("/console/" + file)) {
      if (in == null) {
        throw new IllegalStateException("console file missing from the jar: " + file);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
