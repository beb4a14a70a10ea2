package dev.vigil.app.topology;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.app.events.DeadLetter;
import dev.vigil.app.events.DecisionEvent;
import dev.vigil.app.events.QuarantinedPost;
import dev.vigil.app.topics.Topics;
import dev.vigil.core.evidence.EvidenceRecord;
import dev.vigil.core.evidence.InMemoryDataKeyStore;
import dev.vigil.core.evidence.LegalHoldPolicy;
import dev.vigil.core.evidence.MasterKey;
import dev.vigil.core.evidence.MasterKeyWrapper;
import dev.vigil.core.policy.Action;
import dev.vigil.core.policy.Match;
import dev.vigil.core.post.PostParser;
import dev.vigil.core.privacy.Pseudonymizer;
import dev.vigil.core.report.RegulatorReport;
import dev.vigil.core.report.ReportMode;
import dev.vigil.core.report.ReportingPolicy;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModerationTopologyTest {
  private final InMemoryDataKeyStore keys =
      new InMemoryDataKeyStore(new MasterKeyWrapper(MasterKey.generate()));
  @TempDir java.nio.file.Path stateDir;
  private final Topics topics = Topics.defaults();
  private final List<String> deadLetterReasons = new ArrayList<>();
  private TopologyTestDriver driver;
  private TestInputTopic<byte[], byte[]> submitted;

  @BeforeEach
  void setUp() {
    ModerationListener listener =
        new ModerationListener() {
          @Override
          public void deadLettered(String reason) {
            deadLetterReasons.add(reason);
          }
        };
    VigilTopology topology =
        new VigilTopology(
            new ModerationTopology(
                topics,
                new PostParser(1024),
                () -> KnownAnswerEngine.ENGINE,
                new Pseudonymizer(
                    "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8)),
                Clock.fixed(Instant.parse("2026-01-01T00:00:01Z"), ZoneOffset.UTC),
                listener,
                new EvidenceSettings(
                    keys,
                    LegalHoldPolicy.none(),
                    ReportingPolicy.defaults("test-platform"),
                    1,
                    r -> {})),
            new ReviewTopology(topics, ReviewTopology.Settings.defaults(), ReviewListener.NONE));
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "test");
    // Own state directory: the review stores are RocksDB, and /tmp/kafka-streams is shared by every
    // run.
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    driver = new TopologyTestDriver(topology.build(props), props);
    submitted =
        driver.createInputTopic(
            topics.submitted.name(),
            topics.submitted.keySerde().serializer(),
            topics.submitted.valueSerde().serializer());
  }

  @AfterEach
  void tearDown() {
    driver.close();
  }

  private void submit(String key, byte[] value) {
    submitted.pipeInput(
        new TestRecord<>(
            key == null ? null : key.getBytes(StandardCharsets.UTF_8),
            value,
            Instant.parse("2026-01-01T00:00:00Z")));
  }

  private void submit(String key, String value) {
    submit(key, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
  }

  private static String post(String id, String text) {
    return "{\"postId\":\"" + id + "\",\"authorId\":\"user-" + id + "\",\"text\":\"" + text + "\"}";
  }

  private <V> List<TestRecord<String, V>> read(dev.vigil.app.topics.Topic<String, V> t) {
    TestOutputTopic<String, V> out =
        driver.createOutputTopic(
            t.name(), t.keySerde().deserializer(), t.valueSerde().deserializer());
    return out.readRecordsToList();
  }

  private List<TestRecord<byte[], DeadLetter>> deadLetters() {
    return driver
        .createOutputTopic(
            topics.deadLetter.name(),
            topics.deadLetter.keySerde().deserializer(),
            topics.deadLetter.valueSerde().deserializer())
        .readRecordsToList();
  }

  @Test
  void allowedPostIsPublishedByteForByte() {
    String value =
        "{\"postId\":\"p1\",\"authorId\":\"a\",\"text\":\"hello\",\"lang\":\"en\" ,"
            + " \"attributes\":{} }";
    submit("p1", value);

    List<TestRecord<String, byte[]>> published = read(topics.published);
    assertEquals(1, published.size());
    assertEquals("p1", published.get(0).key());
    assertArrayEquals(value.getBytes(StandardCharsets.UTF_8), published.get(0).value());

    List<TestRecord<String, DecisionEvent>> decisions = read(topics.decisions);
    assertEquals(1, decisions.size());
    DecisionEvent d = decisions.get(0).value();
    assertEquals(Action.ALLOW, d.action());
    assertEquals("test-1", d.rulePackVersion());
    assertEquals(1000, d.latencyMs());
    assertTrue(d.authorPseudonym().startsWith("psn_"));
    assertTrue(read(topics.quarantined).isEmpty());
    assertTrue(read(topics.evidence).isEmpty());
  }

  @Test
  void reviewedPostIsQuarantinedWithItsDecisionAndNotPublished() {
    submit("p2", post("p2", "please reviewme now"));

    List<TestRecord<String, QuarantinedPost>> q = read(topics.quarantined);
    assertEquals(1, q.size());
    QuarantinedPost held = q.get(0).value();
    assertEquals("p2", held.postId());
    assertEquals("please reviewme now", Opened.post(keys, held).get("text").textValue());
    assertEquals(Action.REVIEW, held.decision().action());
    Match m = held.decision().matches().get(0);
    assertEquals("reviewme", "please reviewme now".substring(m.start(), m.end()));
    assertTrue(read(topics.published).isEmpty());
    assertEquals(1, read(topics.decisions).size());
  }

  @Test
  void blockedPostYieldsEvidenceAndOneReportAndIsNeverPublished() {
    submit("p3", post("p3", "buy blockme here"));

    assertTrue(read(topics.published).isEmpty());
    assertTrue(read(topics.quarantined).isEmpty());
    List<TestRecord<String, EvidenceRecord>> evidence = read(topics.evidence);
    List<TestRecord<String, RegulatorReport>> reports = read(topics.reports);
    assertEquals(1, evidence.size());
    assertEquals(1, reports.size());
    RegulatorReport report = reports.get(0).value();
    assertEquals("p3", report.postId());
    assertEquals(evidence.get(0).value().evidenceId(), report.evidenceId());
    assertEquals("prohibited_goods/weapons", report.category());
    assertEquals(ReportMode.SANDBOX, report.mode());
    assertEquals(evidence.get(0).value().hash(), report.evidenceHash());
    assertTrue(report.author().value().startsWith("psn_"));
    assertFalse(report.toString().contains("user-p3"), "raw author id must not appear in reports");
    assertFalse(report.summary().contains("blockme"), "reports carry no post text");
  }

  @Test
  void everyKindOfBadInputIsDeadLetteredWithItsReasonAndOriginalBytes() {
    byte[] invalidUtf8 = {'{', '"', 'a', '"', ':', (byte) 0xC3, (byte) 0x28, '}'};
    submit("k1", (byte[]) null);
    submit("k2", invalidUtf8);
    submit("k3", "{not json");
    submit("k4", "[1,2,3]");
    submit("k5", "{\"postId\":\"x\",\"text\":\"no author\"}");
    submit("k6", "{\"postId\":7,\"authorId\":\"a\",\"text\":\"t\"}");
    submit("k7", post("p7", "x".repeat(1025)));
    submit(
        "k8", "{\"postId\":\"p8\",\"authorId\":\"a\",\"text\":\"t\",\"createdAt\":\"yesterday\"}");
    submit("k9", post("p9", "EXPLODE"));
    submit("k10", "");
    submit("k11", "{\"postId\":\"p11\",\"authorId\":\"a\",\"text\":\"bad \\ud800 surrogate\"}");
    submit("k12", "{\"postId\":\"p12\",\"postId\":\"dup\",\"authorId\":\"a\",\"text\":\"t\"}");

    List<TestRecord<byte[], DeadLetter>> dl = deadLetters();
    assertEquals(12, dl.size());
    List<String> reasons = dl.stream().map(r -> r.value().reason()).toList();
    assertEquals(
        List.of(
            "null_value",
            "invalid_utf8",
            "malformed_json",
            "not_an_object",
            "missing_field",
            "wrong_type",
            "text_too_long",
            "invalid_field",
            "processing_error",
            "malformed_json",
            "invalid_field",
            "malformed_json"),
        reasons);
    assertEquals(reasons, deadLetterReasons);
    DeadLetter utf8 = dl.get(1).value();
    assertArrayEquals(invalidUtf8, Opened.value(keys, utf8));
    assertEquals("k2", new String(dl.get(1).key(), StandardCharsets.UTF_8));
    assertEquals(topics.submitted.name(), utf8.topic());
    assertEquals(1, utf8.offset());
    assertEquals(null, dl.get(0).value().value());
    for (TestRecord<byte[], DeadLetter> r : dl) {
      assertNotNull(r.value().detail());
    }
    assertTrue(read(topics.decisions).isEmpty(), "no decision for an input that was dead-lettered");
  }

  @Test
  void invariantHoldsOverAMixedStream() {
    int n = 300;
    for (int i = 0; i < n; i++) {
      String text =
          switch (i % 5) {
            case 0 -> "blockme " + i;
            case 1 -> "reviewme " + i;
            case 2 -> "hello " + i;
            case 3 -> "EXPLODE";
            default -> null;
          };
      submit("p" + i, text == null ? "{broken " + i : post("p" + i, text));
    }
    Map<String, Action> decided = new java.util.HashMap<>();
    for (TestRecord<String, DecisionEvent> r : read(topics.decisions)) {
      assertEquals(null, decided.put(r.key(), r.value().action()), "decided twice: " + r.key());
    }
    int dead = deadLetters().size();
    assertEquals(n, decided.size() + dead, "every input leaves exactly once");

    Set<String> published = new HashSet<>();
    read(topics.published).forEach(r -> assertTrue(published.add(r.key())));
    Set<String> quarantined = new HashSet<>();
    read(topics.quarantined).forEach(r -> assertTrue(quarantined.add(r.key())));
    Set<String> evidence = new HashSet<>();
    read(topics.evidence).forEach(r -> assertTrue(evidence.add(r.key())));
    Set<String> reports = new HashSet<>();
    read(topics.reports).forEach(r -> assertTrue(reports.add(r.key())));

    decided.forEach(
        (id, action) -> {
          assertEquals(action == Action.ALLOW, published.contains(id), id);
          assertEquals(action == Action.REVIEW, quarantined.contains(id), id);
          assertEquals(action == Action.BLOCK, evidence.contains(id), id);
          assertEquals(action == Action.BLOCK, reports.contains(id), id);
        });
    assertEquals(
        decided.keySet().stream().filter(k -> decided.get(k) == Action.ALLOW).count(),
        published.size());
  }
}
