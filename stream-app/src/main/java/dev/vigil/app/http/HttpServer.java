package dev.vigil.app.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.app.json.Json;
import dev.vigil.app.metrics.VigilMetrics;
import io.javalin.Javalin;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The app's HTTP face: {@code /metrics} (Prometheus text), {@code /health}, and whatever routes other parts of
 * the app add (console, API) through {@link #routes(Consumer)} before {@link #start}.
 */
public final class HttpServer implements AutoCloseable {
  private final Javalin app;

  /**
   * @param health the current health; {@code /health} answers 200 when {@link Health#up()} and 503 otherwise
   */
  public HttpServer(VigilMetrics metrics, Supplier<Health> health) {
    app =
        Javalin.create(
            config -> {
              config.showJavalinBanner = false;
              config.http.defaultContentType = "application/json";
            });
    app.get(
        "/metrics",
        ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));
    app.get(
        "/health",
        ctx -> {
          Health h = health.get();
          ObjectNode body = Json.object();
          body.put("status", h.up() ? "UP" : "DOWN");
          body.put("streams", h.streamsState());
          body.put("rulePackVersion", h.rulePackVersion());
          ctx.status(h.up() ? 200 : 503).json(body);
        });
  }

  /** Adds routes; call before {@link #start}. */
  public HttpServer routes(Consumer<Javalin> adder) {
    adder.accept(app);
    return this;
  }

  public HttpServer start(String host, int port) {
    app.start(host, port);
    return this;
  }

  /** The port actually bound (useful when started on port 0). */
  public int port() {
    return app.port();
  }

  @Override
  public void close() {
    app.stop();
  }

  /** What {@code /health} reports. */
  public record Health(boolean up, String streamsState, String rulePackVersion) {}
}
