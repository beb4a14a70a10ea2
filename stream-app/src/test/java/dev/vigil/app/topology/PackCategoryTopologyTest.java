package dev.vigil.app.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.app.config.AppConfig;
import dev.vigil.app.events.DecisionEvent;
import dev.vigil.app.evidence.EvidenceSetup;
import dev.vigil.app.metrics.VigilMetrics;
import dev.vigil.app.topics.Topics;
import dev.vigil.core.evidence.EvidenceRecord;
import dev.vigil.core.evidence.InMemoryDataKeyStore;
import dev.vigil.core.evidence.LegalHoldPolicy;
import dev.vigil.core.evidence.MasterKey;
import dev.vigil.core.evidence.MasterKeyWrapper;
import dev.vigil.core.policy.Action;
import dev.vigil.core.post.PostParser;
import dev.vigil.core.privacy.Pseudonymizer;
import dev.vigil.core.report.RegulatorReport;
import dev.vigil.core.rules.RulePack;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Categories are data: a pack that declares a third category (traffic diversion, which may block
 * but is not reported to the regulator) loads, decides, routes and is counted in metrics through
 * the real topology, with no code that names it.
 */
class PackCategoryTopologyTest {
  private static final String MANIFEST =
      """
      version: "cat-1"
      categories:
        fraud: {review: 0.5, block: 0.97}
        prohibited_goods: {review: 0.5, block: 0.97}
        traffic_diversion:
          description: 引流 - moving the platform's users to private channels to sell to them
          review: 0.5
          block: 0.9
          report: {regulator: false}
          subcategories: [private_traffic]
      policy:
        classifier: {review: 0.9}
      """;
  private static final String RULES =
      """
      concepts:
        lure: [引流, 涨粉, 粉丝, 私域]
        channel: [加微信, 加v, 进群]
      rules:
        - id: ads.private_traffic
          version: 1
          category: traffic_diversion/private_traffic
          weight: 0.95
          all: [{near: [lure, channel], within: 8}]
          tests: {match: [专业引流 加微信], noMatch: [粉丝见面会在周六]}
        - id: ads.fans_only
          version: 1
          category: traffic_diversion/private_traffic
          weight: 0.6
          terms: [免费涨粉]
          tests: {match: [免费涨粉]}
      """;

  @TempDir Path dir;

  @Test
  void aDeclaredCategoryDecidesRoutesAndCounts() throws Exception {
    Files.writeString(dir.resolve("pack.yaml"), MANIFEST);
    Files.createDirectories(dir.resolve("r"));
    Files.writeString(dir.resolve("r/ads.yaml"), RULES);
    RulePack pack = RulePack.load(dir);
    Topics topics = Topics.defaults();
    VigilMetrics metrics = new VigilMetrics(Duration.ofMinutes(15), Map.of());
    List<RegulatorReport> reported = new java.util.ArrayList<>();
    VigilTopology topology =
        new VigilTopology(
            new ModerationTopology(
                topics,
                new PostParser(4096),
                pack::engine,
                new Pseudonymizer(
                    "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8)),
                Clock.fixed(Instant.parse("2026-01-01T00:00:01Z"), ZoneOffset.UTC),
                metrics,
                new EvidenceSettings(
                    new InMemoryDataKeyStore(new MasterKeyWrapper(MasterKey.generate())),
                    LegalHoldPolicy.none(),
                    EvidenceSetup.reporting(AppConfig.defaults(), pack.categories()),
                    1,
                    reported::add)),
            new ReviewTopology(topics, ReviewTopology.Settings.defaults(), ReviewListener.NONE));
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "category-test");
    props.put(StreamsConfig.STATE_DIR_CONFIG, dir.resolve("state").toString());
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    try (TopologyTestDriver driver = new TopologyTestDriver(topology.build(props), props)) {
      TestInputTopic<byte[], byte[]> in =
          driver.createInputTopic(
              topics.submitted.name(),
              topics.submitted.keySerde().serializer(),
              topics.submitted.valueSerde().serializer());
      submit(in, "p1", "专业引流 加微信 一天涨粉一千");
      submit(in, "p2", "免费涨粉");
      submit(in, "p3", "周六的粉丝见面会改到周日");

      Map<String, DecisionEvent> decisions = new java.util.HashMap<>();
      for (var r : read(driver, topics.decisions)) {
        decisions.put(r.key(), r.value());
      }
      assertEquals(Action.BLOCK, decisions.get("p1").action());
      assertEquals(
          java.util.Set.of("traffic_diversion/private_traffic"), decisions.get("p1").categories());
      assertEquals(Action.REVIEW, decisions.get("p2").action(), "0.6 is over review, under block");
      assertEquals(Action.ALLOW, decisions.get("p3").action());

      List<String> quarantined =
          read(driver, topics.quarantined).stream().map(TestRecord::key).toList();
      assertEquals(List.of("p2"), quarantined);
      List<TestRecord<String, EvidenceRecord>> evidence = read(driver, topics.evidence);
      assertEquals(
          List.of("p1"),
          evidence.stream().map(TestRecord::key).toList(),
          "the block keeps evidence");
      assertTrue(read(driver, topics.reports).isEmpty(), "the category is declared unreported");
      assertTrue(reported.isEmpty());
      assertEquals(
          List.of("p3"), read(driver, topics.published).stream().map(TestRecord::key).toList());
    }
    String scrape = metrics.scrape();
    assertTrue(
        scrape.contains(
            "vigil_posts_total{action=\"BLOCK\",category=\"traffic_diversion/private_traffic\"} 1.0"),
        scrape);
    assertTrue(
        scrape.contains(
            "vigil_posts_total{action=\"REVIEW\",category=\"traffic_diversion/private_traffic\"} 1.0"),
        scrape);
  }

  private static void submit(TestInputTopic<byte[], byte[]> in, String id, String text) {
    String json =
        "{\"postId\":\"" + id + "\",\"authorId\":\"user-" + id + "\",\"text\":\"" + text + "\"}";
    in.pipeInput(
        new TestRecord<>(
            id.getBytes(StandardCharsets.UTF_8),
            json.getBytes(StandardCharsets.UTF_8),
            Instant.parse("2026-01-01T00:00:00Z")));
  }

  private static <V> List<TestRecord<String, V>> read(
      TopologyTestDriver driver, dev.vigil.app.topics.Topic<String, V> t) {
    return driver
        .createOutputTopic(t.name(), t.keySerde().deserializer(), t.valueSerde().deserializer())
        .readRecordsToList();
  }
}
