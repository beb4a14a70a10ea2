package dev.vigil.app.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.vigil.app.VigilApp;
import dev.vigil.app.broker.EmbeddedBroker;
import dev.vigil.app.config.AppConfig;
import dev.vigil.app.it.KafkaTestSupport;
import dev.vigil.app.it.TestApps;
import dev.vigil.app.rules.LiveRulePack;
import dev.vigil.app.topology.KnownAnswerEngine;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every metric that a Grafana dashboard (deploy/grafana/dashboards/*.json) or a Prometheus rule
 * (deploy/prometheus/rules/*.yml) queries must be on a live /metrics: a panel over a misspelt or
 * renamed metric shows "No data" at 3 a.m. and an alert over one never fires. So this starts the
 * app on the embedded broker, publishes traffic that takes every route (allow, review, block, a
 * block past its deadline, each kind of dead-letter), scrapes /metrics and compares sample names
 * (so a histogram's {@code _bucket}, {@code _sum} and {@code _count} must really be there) and the
 * label names used in matchers.
 */
class DashboardMetricsTest {
  /** Series Prometheus makes itself, not the app. */
  private static final Set<String> SCRAPER_SERIES = Set.of("up");

  /**
   * Labels Prometheus attaches to every scraped series (target labels: the Prometheus Operator adds
   * namespace to each series it scrapes from a ServiceMonitor), and the histogram bucket label.
   */
  private static final Set<String> TARGET_LABELS = Set.of("instance", "job", "namespace", "le");

  /**
   * Metrics of ARCHITECTURE.md that dashboards and alerts already use but the app does not export
   * yet, each with the work that adds it. The test fails when one appears, so that it leaves this
   * list at once.
   */
  private static final Map<String, String> NOT_YET_EXPORTED = Map.of();

  private static final Path REPO = repositoryRoot();
  private static final Pattern SAMPLE =
      Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+\\S+.*$");
  private static final Pattern LABEL =
      Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"(?:[^\"\\\\]|\\\\.)*\"");

  @TempDir static Path dir;
  static EmbeddedBroker broker;
  static VigilApp app;
  static String lastScrape;

  @BeforeAll
  static void start() throws Exception {
    broker = new EmbeddedBroker(0, dir.resolve("kafka")).start();
    AppConfig config =
        TestApps.config(broker, dir.resolve("app"), Map.of(AppConfig.MAX_TEXT_BYTES, "2048"));
    app =
        TestApps.start(
            config,
            () ->
                new LiveRulePack.Loaded(
                    "test-1", KnownAnswerEngine.ENGINE, Map.of("kw.test", "v1", "kw.review", "v1")),
            null);
  }

  @AfterAll
  static void stop() {
    TestApps.stop(app, broker);
  }

  @Test
  void everyMetricQueriedByDashboardsAndAlertsIsExported() throws Exception {
    int decided = publishTrafficOnEveryRoute();
    KafkaTestSupport.readAll(
        broker.bootstrapServers(),
        app.topics().decisions.name(),
        decided,
        Duration.ofSeconds(2),
        Duration.ofSeconds(90));

    Map<String, Set<String>> used = new TreeMap<>();
    Map<String, Set<String>> usedBy = new TreeMap<>();
    for (Query q : queries()) {
      PromQlNames.of(q.promql())
          .forEach(
              (name, labels) -> {
                used.computeIfAbsent(name, k -> new TreeSet<>()).addAll(labels);
                usedBy.computeIfAbsent(name, k -> new TreeSet<>()).add(q.where());
              });
    }
    assertTrue(used.size() > 20, "too few metric names found in deploy/: " + used.keySet());

    Map<String, Set<String>> exported = awaitScrape(used.keySet());
    List<String> problems = new ArrayList<>();
    for (var e : used.entrySet()) {
      String name = e.getKey();
      if (SCRAPER_SERIES.contains(name)) {
        continue;
      }
      Set<String> labels = exported.get(name);
      if (NOT_YET_EXPORTED.containsKey(name)) {
        if (labels != null) {
          problems.add(name + " is exported now: remove it from NOT_YET_EXPORTED");
        }
        continue;
      }
      if (labels == null) {
        problems.add(name + " is not on /metrics (used by " + usedBy.get(name) + ")");
        continue;
      }
      for (String label : e.getValue()) {
        if (!labels.contains(label) && !TARGET_LABELS.contains(label)) {
          problems.add(
              name
                  + " has no label "
                  + label
                  + " (it has "
                  + labels
                  + "; used by "
                  + usedBy.get(name)
                  + ")");
        }
      }
    }
    // Grouping clauses and legends may only name labels that a metric of the same query has.
    for (Query q : queries()) {
      Set<String> available = new TreeSet<>(TARGET_LABELS);
      Set<String> metrics = PromQlNames.of(q.promql()).keySet();
      for (String name : metrics) {
        available.addAll(exported.getOrDefault(name, Set.of()));
      }
      if (metrics.stream().anyMatch(NOT_YET_EXPORTED::containsKey)) {
        continue;
      }
      Set<String> named = new TreeSet<>(PromQlNames.groupingLabels(q.promql()));
      Matcher legend =
          Pattern.compile("\\{\\{\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*}}").matcher(q.legend());
      while (legend.find()) {
        named.add(legend.group(1));
      }
      named.removeAll(available);
      if (!named.isEmpty()) {
        problems.add(q.where() + " names labels " + named + " that none of " + metrics + " has");
      }
    }
    assertEquals(List.of(), problems, "dashboards and alerts must query what the app exports");
    assertEachPartitionLagReportedOnce(lastScrape);
  }

  /**
   * Kafka also reports a dotted topic's lag under a deprecated underscore name; the app drops that
   * copy so that summing lag over topics (as the dashboards and alerts do) counts each partition
   * once.
   */
  private static void assertEachPartitionLagReportedOnce(String exposition) {
    Map<String, List<String>> byPartition = new TreeMap<>();
    Pattern lag = Pattern.compile("^kafka_consumer_fetch_manager_records_lag\\{(.*)}\\s.*$");
    for (String line : exposition.split("\n")) {
      Matcher m = lag.matcher(line);
      if (m.matches()) {
        Map<String, String> labels = new TreeMap<>();
        Matcher l = Pattern.compile("([a-zA-Z_]+)=\"([^\"]*)\"").matcher(m.group(1));
        while (l.find()) {
          labels.put(l.group(1), l.group(2));
        }
        String key =
            labels.get("client_id")
                + "/"
                + labels.get("topic").replace('.', '_')
                + "/"
                + labels.get("partition");
        byPartition.computeIfAbsent(key, k -> new ArrayList<>()).add(labels.get("topic"));
      }
    }
    assertTrue(!byPartition.isEmpty(), "no records_lag series");
    byPartition.forEach(
        (k, topics) ->
            assertEquals(1, topics.size(), "records_lag reported more than once: " + topics));
  }

  /** Publishes posts taking every route; returns how many get a decision. */
  private static int publishTrafficOnEveryRoute() {
    String topic = app.topics().submitted.name();
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    int decided = 0;
    long now = System.currentTimeMillis();
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
      for (int i = 0; i < 40; i++) {
        String id = "ops-" + i;
        String text =
            switch (i % 4) {
              case 0 -> "sell blockme cheap";
              case 1 -> "please reviewme";
              default -> "hello " + i;
            };
        producer.send(new ProducerRecord<>(topic, id, post(id, text)));
        decided++;
      }
      // Submitted a minute ago (the record timestamp is the submission time): blocked past the
      // deadline.
      producer.send(
          new ProducerRecord<>(
              topic, null, now - 60_000, "ops-late", post("ops-late", "late blockme")));
      decided++;
      producer.send(new ProducerRecord<>(topic, "ops-bad-json", "{\"postId\":"));
      producer.send(
          new ProducerRecord<>(topic, "ops-too-long", post("ops-too-long", "x".repeat(3000))));
      producer.send(new ProducerRecord<>(topic, "ops-null", null));
      producer.flush();
    }
    return decided;
  }

  /**
   * Scrapes until every used name is there or 30 s pass: Kafka client metrics such as records_lag
   * appear only once partitions are assigned and Micrometer's next refresh (10 s, see VigilMetrics)
   * binds them. Returns sample name to label names.
   */
  private static Map<String, Set<String>> awaitScrape(Set<String> wanted) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    URI uri = URI.create("http://127.0.0.1:" + app.boundHttpPort() + "/metrics");
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    Map<String, Set<String>> samples;
    do {
      HttpResponse<String> r =
          http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, r.statusCode());
      lastScrape = r.body();
      samples = samples(lastScrape);
      Set<String> missing = new TreeSet<>(wanted);
      missing.removeAll(samples.keySet());
      missing.removeAll(SCRAPER_SERIES);
      missing.removeAll(NOT_YET_EXPORTED.keySet());
      if (missing.isEmpty()) {
        break;
      }
      Thread.sleep(500);
    } while (System.nanoTime() < deadline);
    return samples;
  }

  /** Sample name to the union of its label names, from Prometheus text exposition. */
  static Map<String, Set<String>> samples(String exposition) {
    Map<String, Set<String>> out = new TreeMap<>();
    for (String line : exposition.split("\n")) {
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      Matcher m = SAMPLE.matcher(line);
      if (!m.matches()) {
        continue;
      }
      Set<String> labels = out.computeIfAbsent(m.group(1), k -> new TreeSet<>());
      if (m.group(3) != null) {
        Matcher l = LABEL.matcher(m.group(3));
        while (l.find()) {
          labels.add(l.group(1));
        }
      }
    }
    return out;
  }

  record Query(String where, String promql, String legend) {}

  /**
   * Every PromQL query of the dashboards (Grafana's interval variables replaced) and of the rule
   * files.
   */
  static List<Query> queries() throws IOException {
    List<Query> out = new ArrayList<>();
    ObjectMapper json = new ObjectMapper();
    for (Path f : files(REPO.resolve("deploy/grafana/dashboards"), ".json")) {
      for (JsonNode panel : json.readTree(f.toFile()).path("panels")) {
        for (JsonNode target : panel.path("targets")) {
          String expr = target.path("expr").asText("");
          if (!expr.isBlank()) {
            out.add(
                new Query(
                    f.getFileName() + " \"" + panel.path("title").asText() + "\"",
                    expr.replace("$__rate_interval", "5m")
                        .replace("$__interval", "1m")
                        .replace("$__range", "1h"),
                    target.path("legendFormat").asText("")));
          }
        }
      }
    }
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    for (Path f : files(REPO.resolve("deploy/prometheus/rules"), ".yml")) {
      for (JsonNode group : yaml.readTree(f.toFile()).path("groups")) {
        for (JsonNode rule : group.path("rules")) {
          String name =
              rule.has("alert") ? rule.path("alert").asText() : rule.path("record").asText();
          out.add(new Query(f.getFileName() + " " + name, rule.path("expr").asText(), ""));
        }
      }
    }
    assertTrue(out.size() > 40, "expected the dashboards' and rules' queries, found " + out.size());
    return out;
  }

  private static List<Path> files(Path dir, String suffix) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(f -> f.toString().endsWith(suffix)).sorted().toList();
    }
  }

  /** Surefire runs in stream-app/, an IDE often in the repository root; both work. */
  private static Path repositoryRoot() {
    Path here = Path.of("").toAbsolutePath();
    Path root = Files.isDirectory(here.resolve("deploy/grafana")) ? here : here.getParent();
    if (!Files.isDirectory(root.resolve("deploy/grafana/dashboards"))) {
      throw new IllegalStateException("deploy/grafana/dashboards not found from " + here);
    }
    return root;
  }

  private static String post(String id, String text) {
    return "{\"postId\":\""
        + id
        + "\",\"authorId\":\"author-"
        + id
        + "\",\"text\":\""
        + text
        + "\"}";
  }
}
