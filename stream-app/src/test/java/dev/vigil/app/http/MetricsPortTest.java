package dev.vigil.app.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.app.config.AppConfig;
import dev.vigil.app.config.BuildInfo;
import dev.vigil.app.metrics.VigilMetrics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code /metrics} on the main port by default, or only on its own port when {@code metrics.port}
 * is set.
 */
class MetricsPortTest {
  final HttpClient http = HttpClient.newHttpClient();
  final AppConfig config = AppConfig.defaults();

  HttpServer server() {
    return new HttpServer(
        new VigilMetrics(config.defaultBlockDeadline(), config.blockDeadlines()),
        () -> new HttpServer.Health(true, true, "RUNNING", "test", BuildInfo.current()));
  }

  HttpResponse<String> get(int port, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void byDefaultMetricsShareTheMainPort() throws Exception {
    try (HttpServer s = server().start("127.0.0.1", 0)) {
      assertEquals(s.port(), s.metricsPort());
      HttpResponse<String> m = get(s.port(), "/metrics");
      assertEquals(200, m.statusCode());
      assertTrue(m.body().contains("vigil_"), "Prometheus text");
    }
  }

  @Test
  void aMetricsPortServesMetricsAloneAndTheMainPortNoLonger() throws Exception {
    try (HttpServer s = server().start("127.0.0.1", 0, 0)) {
      assertNotEquals(s.port(), s.metricsPort());
      assertEquals(200, get(s.metricsPort(), "/metrics").statusCode());
      assertEquals(404, get(s.port(), "/metrics").statusCode(), "not on the console's port");
      assertEquals(200, get(s.port(), "/health").statusCode(), "probes stay on the main port");
      assertEquals(
          404,
          get(s.metricsPort(), "/health").statusCode(),
          "the metrics port serves metrics only");
    }
  }

  @Test
  void theMetricsPortMustDifferFromTheHttpPort() {
    assertThrows(
        IllegalArgumentException.class,
        () ->
            AppConfig.load(
                null, Map.of(AppConfig.HTTP_PORT, "8080", AppConfig.METRICS_PORT, "8080")));
    assertEquals(
        "9404",
        AppConfig.load(null, Map.of(AppConfig.METRICS_PORT, "9404")).get(AppConfig.METRICS_PORT));
  }
}
