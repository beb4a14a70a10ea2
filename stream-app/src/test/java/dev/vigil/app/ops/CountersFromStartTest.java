package dev.vigil.app.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.app.VigilApp;
import dev.vigil.app.broker.EmbeddedBroker;
import dev.vigil.app.config.AppConfig;
import dev.vigil.app.it.TestApps;
import dev.vigil.app.metrics.VigilMetrics;
import dev.vigil.app.rules.LiveRulePack;
import dev.vigil.app.rules.RulePacks;
import dev.vigil.core.post.PostError;
import dev.vigil.core.rules.PackCategory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every counter an alert or dashboard names is on /metrics right after start, at 0, for the labels
 * known then (the pack's categories and subcategories, every dead-letter reason, review outcomes,
 * reload results), as Prometheus advises: {@code increase()} of a series that appears with its
 * first event misses that event, and an alert on it cannot fire on the first one.
 */
class CountersFromStartTest {
  @TempDir Path dir;

  @Test
  void everyCounterNamedByAlertsAndDashboardsIsExportedAtZeroFromStart() throws Exception {
    EmbeddedBroker broker = new EmbeddedBroker(0, dir.resolve("kafka")).start();
    VigilApp app = null;
    try {
      AppConfig config = TestApps.config(broker, dir.resolve("app"), Map.of());
      VigilMetrics metrics =
          new VigilMetrics(config.defaultBlockDeadline(), config.blockDeadlines());
      LiveRulePack rules =
          new LiveRulePack(RulePacks.loader(null, null), null, RulePacks.metricsListener(metrics));
      Map<String, PackCategory> categories = rules.active().categories();
      assertTrue(categories.containsKey("fraud"), "the shipped pack declares fraud");
      app = new VigilApp(config, rules, metrics).start();
      // Right after start: no post has been published, nothing decided.
      String body =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + app.boundMetricsPort() + "/metrics"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();

      List<String> missing = new ArrayList<>();
      TreeSet<String> counters = new TreeSet<>();
      for (DashboardMetricsTest.Query q : DashboardMetricsTest.queries()) {
        for (String name : PromQlNames.of(q.promql()).keySet()) {
          if (name.startsWith("vigil_") && name.endsWith("_total")) {
            counters.add(name);
          }
        }
      }
      assertTrue(counters.contains("vigil_block_deadline_missed_total"), counters.toString());
      for (String name : counters) {
        // A counter with labels renders as name{...}, one without (vigil_rescan_posts_total) as
        // "name value".
        if (!body.contains("\n" + name + "{") && !body.contains("\n" + name + " ")) {
          missing.add(name);
        }
      }
      List<String> series = new ArrayList<>();
      for (var c : categories.entrySet()) {
        List<String> labels = new ArrayList<>(List.of(c.getKey()));
        c.getValue().subcategories().forEach(s -> labels.add(c.getKey() + "/" + s));
        for (String label : labels) {
          series.add("vigil_block_deadline_missed_total{category=\"" + label + "\"} 0.0");
          series.add("vigil_posts_total{action=\"BLOCK\",category=\"" + label + "\"} 0.0");
          series.add("vigil_posts_total{action=\"REVIEW\",category=\"" + label + "\"} 0.0");
          series.add("vigil_reports_total{category=\"" + label + "\",mode=\"sandbox\"} 0.0");
        }
      }
      series.add("vigil_posts_total{action=\"ALLOW\",category=\"none\"} 0.0");
      for (PostError e : PostError.values()) {
        series.add("vigil_deadletters_total{reason=\"" + e.code() + "\"} 0.0");
      }
      series.add("vigil_deadletters_total{reason=\"processing_error\"} 0.0");
      series.add("vigil_deadletters_total{reason=\"output_too_large\"} 0.0");
      series.add("vigil_rulepack_reloads_total{result=\"failure\"} 0.0");
      for (String rule : rules.active().ruleFingerprints().keySet()) {
        series.add("vigil_rule_hits_total{mode=\"enforce\",rule=\"" + rule + "\"} 0.0");
      }
      series.add("vigil_review_decisions_total{outcome=\"approve\",role=\"moderator\"} 0.0");
      for (String s : series) {
        if (!body.contains("\n" + s + "\n")) {
          missing.add(s);
        }
      }
      assertEquals(List.of(), missing);
    } finally {
      TestApps.stop(app, broker);
    }
  }
}
