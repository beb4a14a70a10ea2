package dev.vigil.app.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.app.config.BuildInfo;
import dev.vigil.app.json.Json;
import dev.vigil.app.metrics.VigilMetrics;
import io.javalin.Javalin;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The app's HTTP face: {@code /metrics} (Prometheus text), {@code /health} (with {@code
 * /health/ready} and {@code /health/live}), and whatever routes other parts of the app add
 * (console, API) through {@link #routes(Consumer)} before {@link #start}. {@code /metrics} is
 * served either with the rest or, given a metrics port, only on a listener of its own (and then not
 * on the main port), so that in Kubernetes the console's port never exposes it and a NetworkPolicy
 * admits only Prometheus to it.
 */
public final class HttpServer implements AutoCloseable {
  private final Javalin app;
  private final VigilMetrics metrics;
  private Javalin metricsApp;

  /**
   * @param health the current health; {@code /health} answers 200 when {@link Health#up()} and 503
   *     otherwise
   */
  public HttpServer(VigilMetrics metrics, Supplier<Health> health) {
    app =
        Javalin.create(
            config -> {
              config.showJavalinBanner = false;
              config.http.defaultContentType = "application/json";
            });
    this.metrics = metrics;
    // Readiness and liveness apart: a rebalance makes a pod unready (no console traffic for a few
    // seconds) but must not get it restarted; only a stream thread that died (ERROR) or a client
    // that stopped needs a restart. /health stays as readiness for existing probes.
    app.get("/health", ctx -> answer(ctx, health.get(), Health::up));
    app.get("/health/ready", ctx -> answer(ctx, health.get(), Health::up));
    app.get("/health/live", ctx -> answer(ctx, health.get(), Health::live));
  }

  /** Answers from one reading of the health, so status and body never disagree. */
  private static void answer(
      io.javalin.http.Context ctx, Health h, java.util.function.Predicate<Health> test) {
    boolean ok = test.test(h);
    ObjectNode body = Json.object();
    body.put("status", ok ? "UP" : "DOWN");
    body.put("streams", h.streamsState());
    body.put("rulePackVersion", h.rulePackVersion());
    body.put("version", h.build().version());
    body.put("commit", h.build().commit());
    ctx.status(ok ? 200 : 503).json(body);
  }

  /** Adds routes; call before {@link #start}. */
  public HttpServer routes(Consumer<Javalin> adder) {
    adder.accept(app);
    return this;
  }

  /** Starts with {@code /metrics} on the same port as everything else. */
  public HttpServer start(String host, int port) {
    return start(host, port, null);
  }

  /**
   * Starts; {@code metricsPort} null serves {@code /metrics} on {@code port}, otherwise only on a
   * listener of its own at {@code metricsPort} (0: any free port).
   */
  public HttpServer start(String host, int port, Integer metricsPort) {
    if (metricsPort == null) {
      metricsRoute(app);
    } else {
      metricsApp = Javalin.create(config -> config.showJavalinBanner = false);
      metricsRoute(metricsApp);
      metricsApp.start(host, metricsPort);
    }
    app.start(host, port);
    return this;
  }

  private void metricsRoute(Javalin on) {
    on.get(
        "/metrics",
        ctx ->
            ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));
  }

  /** The port serving {@code /metrics}: its own, or {@link #port()}. */
  public int metricsPort() {
    return metricsApp != null ? metricsApp.port() : app.port();
  }

  /** The port actually bound (useful when started on port 0). */
  public int port() {
    return app.port();
  }

  @Override
  public void close() {
    app.stop();
    if (metricsApp != null) {
      metricsApp.stop();
    }
  }

  /**
   * What the health routes report.
   *
   * @param up ready: the streams client is RUNNING ({@code /health}, {@code /health/ready})
   * @param live the process can still make progress without a restart: the streams client is not in
   *     ERROR and was not stopped ({@code /health/live}); starting and rebalancing are live
   * @param build the running build, named in every answer
   */
  public record Health(
      boolean up, boolean live, String streamsState, String rulePackVersion, BuildInfo build) {}
}
