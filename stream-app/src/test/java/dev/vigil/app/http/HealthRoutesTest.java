package dev.vigil.app.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.app.config.AppConfig;
import dev.vigil.app.config.BuildInfo;
import dev.vigil.app.json.Json;
import dev.vigil.app.metrics.VigilMetrics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Readiness and liveness answer apart: a rebalancing instance is unready but alive (a restart would
 * only prolong the rebalance); a dead stream thread is neither. Every answer names the build.
 */
class HealthRoutesTest {
  final HttpClient http = HttpClient.newHttpClient();
  final AppConfig config = AppConfig.defaults();
  final AtomicReference<HttpServer.Health> now = new AtomicReference<>();

  HttpResponse<String> get(int port, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  HttpServer.Health state(boolean ready, boolean live, String streams) {
    return new HttpServer.Health(ready, live, streams, "2026.12.05-4", BuildInfo.current());
  }

  @Test
  void readinessAndLivenessFollowTheStreamsState() throws Exception {
    try (HttpServer s =
        new HttpServer(
                new VigilMetrics(config.defaultBlockDeadline(), config.blockDeadlines()), now::get)
            .start("127.0.0.1", 0)) {
      now.set(state(true, true, "RUNNING"));
      assertEquals(200, get(s.port(), "/health").statusCode());
      assertEquals(200, get(s.port(), "/health/ready").statusCode());
      assertEquals(200, get(s.port(), "/health/live").statusCode());

      now.set(state(false, true, "REBALANCING"));
      assertEquals(503, get(s.port(), "/health").statusCode(), "/health is readiness");
      assertEquals(503, get(s.port(), "/health/ready").statusCode());
      HttpResponse<String> live = get(s.port(), "/health/live");
      assertEquals(200, live.statusCode(), "a rebalance is no reason to restart");
      assertEquals("REBALANCING", Json.MAPPER.readTree(live.body()).get("streams").asText());

      now.set(state(false, false, "ERROR"));
      assertEquals(503, get(s.port(), "/health/ready").statusCode());
      assertEquals(503, get(s.port(), "/health/live").statusCode(), "a dead thread is restarted");
    }
  }

  @Test
  void everyAnswerNamesTheBuild() throws Exception {
    try (HttpServer s =
        new HttpServer(
                new VigilMetrics(config.defaultBlockDeadline(), config.blockDeadlines()), now::get)
            .start("127.0.0.1", 0)) {
      now.set(state(true, true, "RUNNING"));
      JsonNode body = Json.MAPPER.readTree(get(s.port(), "/health/live").body());
      assertEquals(BuildInfo.current().version(), body.get("version").asText());
      assertEquals(BuildInfo.current().commit(), body.get("commit").asText());
      assertEquals("2026.12.05-4", body.get("rulePackVersion").asText());
    }
  }

  @Test
  void theBuildIsFilledInByMaven() {
    BuildInfo b = BuildInfo.current();
    assertNotEquals("unknown", b.version(), "resource filtering wrote the project version");
    // A clone has a git directory, so the plugin found the commit; a tarball build says unknown.
    if (new java.io.File("../.git").exists()) {
      assertEquals(12, b.commit().length(), b.commit());
    }
  }
}
