package dev.vigil.app.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.app.events.DeadLetter;
import dev.vigil.app.events.ReviewCommand;
import dev.vigil.app.events.ReviewCommand.Type;
import dev.vigil.app.events.ReviewResult;
import dev.vigil.app.events.SealedBytes;
import dev.vigil.app.json.Json;
import dev.vigil.app.topics.Topics;
import dev.vigil.core.evidence.ContentSealer;
import dev.vigil.core.evidence.EvidenceOpener;
import dev.vigil.core.evidence.EvidenceRecord;
import dev.vigil.core.evidence.InMemoryDataKeyStore;
import dev.vigil.core.evidence.LegalHoldPolicy;
import dev.vigil.core.evidence.MasterKey;
import dev.vigil.core.evidence.MasterKeyWrapper;
import dev.vigil.core.post.FieldPolicy;
import dev.vigil.core.post.PostParser;
import dev.vigil.core.privacy.Pseudonymizer;
import dev.vigil.core.report.ReportingPolicy;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20 item 5, minimisation: a post's field the configuration does not name ({@code phone}) and
 * an attribute it does not name ({@code idCard}) leave no trace in anything Vigil writes: every
 * topic the topology produced (outputs, changelogs, repartitions) read raw, and every sealed copy
 * in them opened with the keys, along every path a post takes (allow, hold then approve, block,
 * user report then takedown, engine failure). Allowed by name, they are kept.
 */
class MinimisationTopologyTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Pseudonymizer PSEUDONYMS =
      new Pseudonymizer("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8));
  private static final String PHONE = "13812345678";
  private static final String ID_CARD = "11010519491231002X";
  private static final List<String> TRACES = List.of(PHONE, ID_CARD, "phone", "idCard");
  private static final List<String> POST_IDS =
      List.of("p-allow", "p-review", "p-block", "p-explode", "p-bad");

  private final InMemoryDataKeyStore keys =
      new InMemoryDataKeyStore(new MasterKeyWrapper(MasterKey.generate()));
  private final Topics topics = Topics.defaults();
  @TempDir java.nio.file.Path stateDir;
  private TopologyTestDriver driver;
  private int commandSeq;

  private void start(FieldPolicy fields) {
    VigilTopology topology =
        new VigilTopology(
            new ModerationTopology(
                topics,
                new PostParser(4096, fields),
                () -> KnownAnswerEngine.ENGINE,
                PSEUDONYMS,
                new TestClock(T0),
                ModerationListener.NONE,
                new EvidenceSettings(
                    keys,
                    LegalHoldPolicy.none(),
                    ReportingPolicy.defaults("test-platform"),
                    1,
                    r -> {})),
            new ReviewTopology(
                topics,
                ReviewTopology.Settings.defaults().withCommands(ReportsTopologyTest.SIGNATURE),
                new ReviewListener() {}));
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "minimise-test");
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    driver = new TopologyTestDriver(topology.build(props), props, T0);
  }

  @AfterEach
  void tearDown() {
    if (driver != null) {
      driver.close();
    }
  }

  private static String post(String id, String text) {
    return "{\"postId\":\""
        + id
        + "\",\"authorId\":\"author-"
        + id
        + "\",\"text\":\""
        + text
        + "\",\"lang\":\"zh\",\"phone\":\"+86 "
        + PHONE
        + "\",\"contact\":{\"phone\":\""
        + PHONE
        + "\"},\"attributes\":{\"idCard\":\""
        + ID_CARD
        + "\",\"shop\":\"bikes\"}}";
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private TestInputTopic<byte[], byte[]> input(String topic) {
    return driver.createInputTopic(
        topic,
        topics.submitted.keySerde().serializer(),
        topics.submitted.valueSerde().serializer());
  }

  /** Every path a post takes through Vigil, each with the unknown field and attribute. */
  private void traffic() {
    TestInputTopic<byte[], byte[]> submitted = input(topics.submitted.name());
    submitted.pipeInput(new TestRecord<>(utf8("p-allow"), utf8(post("p-allow", "hello")), T0));
    submitted.pipeInput(
        new TestRecord<>(utf8("p-review"), utf8(post("p-review", "please reviewme")), T0));
    submitted.pipeInput(
        new TestRecord<>(utf8("p-block"), utf8(post("p-block", "blockme now")), T0));
    submitted.pipeInput(
        new TestRecord<>(utf8("p-explode"), utf8(post("p-explode", "EXPLODE")), T0));
    // A user's report of the published post, carrying the post as the platform published it.
    input(topics.userReports.name())
        .pipeInput(new TestRecord<>(utf8("p-allow"), utf8(report("r-1", "p-allow")), T0));
    // A valid report under the wrong key: dead-lettered, its post kept minimised there too.
    input(topics.userReports.name())
        .pipeInput(new TestRecord<>(utf8("wrong-key"), utf8(report("r-2", "p-allow")), T0));
    assertEquals("APPLIED", command(Type.APPROVE, "p-review").status().name());
    assertEquals("APPLIED", command(Type.REJECT, "p-allow").status().name());
  }

  private static String report(String reportId, String postId) {
    return "{\"reportId\":\""
        + reportId
        + "\",\"postId\":\""
        + postId
        + "\",\"reporterId\":\"reporter-1\",\"reason\":\"fraud\",\"post\":"
        + post(postId, "hello")
        + ",\"reporterPhone\":\""
        + PHONE
        + "\"}";
  }

  private ReviewResult command(Type type, String postId) {
    driver
        .createInputTopic(
            topics.reviewActions.name(),
            topics.reviewActions.keySerde().serializer(),
            topics.reviewActions.valueSerde().serializer())
        .pipeInput(
            new TestRecord<>(
                postId,
                ReportsTopologyTest.SIGNATURE.sign(
                    new ReviewCommand(
                        "cmd-" + (++commandSeq),
                        type,
                        postId,
                        "ann",
                        "moderator",
                        "checked",
                        T0,
                        null)),
                T0));
    TestOutputTopic<String, ReviewResult> results =
        driver.createOutputTopic(
            topics.reviewResults.name(),
            topics.reviewResults.keySerde().deserializer(),
            topics.reviewResults.valueSerde().deserializer());
    List<ReviewResult> all = results.readValuesToList();
    return all.get(all.size() - 1);
  }

  /** Every record of every topic the topology wrote (internal ones too), by topic, raw. */
  private Map<String, List<TestRecord<byte[], byte[]>>> everythingWritten() {
    Map<String, List<TestRecord<byte[], byte[]>>> out = new TreeMap<>();
    for (String name : driver.producedTopicNames()) {
      out.put(
          name,
          driver
              .createOutputTopic(name, new ByteArrayDeserializer(), new ByteArrayDeserializer())
              .readRecordsToList());
    }
    return out;
  }

  /**
   * Every sealed copy in {@code written} that the keys open: sealed posts (any post id), dead
   * letters' values (their own context), evidence records.
   */
  private List<String> openEverySealedCopy(Map<String, List<TestRecord<byte[], byte[]>>> written) {
    ContentSealer sealer = new ContentSealer(keys);
    List<String> opened = new ArrayList<>();
    for (var e : written.entrySet()) {
      for (TestRecord<byte[], byte[]> r : e.getValue()) {
        if (r.value() == null) {
          continue;
        }
        if (e.getKey().equals(topics.evidence.name())) {
          opened.add(
              new String(
                  new EvidenceOpener(keys).open(EvidenceRecord.parse(r.value())),
                  StandardCharsets.UTF_8));
          continue;
        }
        JsonNode root;
        try {
          root = Json.MAPPER.readTree(r.value());
        } catch (java.io.IOException notJson) {
          continue;
        }
        List<String> contexts = new ArrayList<>();
        POST_IDS.forEach(id -> contexts.add(ContentSealer.post(id)));
        if (root != null && root.has("offset")) {
          contexts.add(
              DeadLetter.valueContext(
                  root.path("topic").asText(),
                  root.path("partition").asInt(),
                  root.path("offset").asLong()));
        }
        for (JsonNode seal : seals(root, new ArrayList<>())) {
          SealedBytes s =
              new SealedBytes(
                  seal.get("keyId").asText(),
                  seal.get("nonce").asText(),
                  seal.get("data").asText());
          for (String context : contexts) {
            try {
              opened.add(new String(sealer.open(context, s.sealed()), StandardCharsets.UTF_8));
              break;
            } catch (RuntimeException wrongContext) {
              // another copy's context: try the next
            }
          }
        }
      }
    }
    return opened;
  }

  private static List<JsonNode> seals(JsonNode node, List<JsonNode> found) {
    if (node == null) {
      return found;
    }
    if (node.isObject()
        && node.path("keyId").isTextual()
        && node.path("nonce").isTextual()
        && node.path("data").isTextual()) {
      found.add(node);
    }
    for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
      seals(it.next(), found);
    }
    return found;
  }

  @Test
  void unknownFieldsAndAttributesLeaveNoTraceInAnythingVigilWrites() {
    start(FieldPolicy.schemaOnly());
    traffic();
    Map<String, List<TestRecord<byte[], byte[]>>> written = everythingWritten();
    // The paths were all taken.
    for (var t :
        List.of(
            topics.published,
            topics.quarantined,
            topics.evidence,
            topics.revertable,
            topics.reviewQueue,
            topics.deadLetter,
            topics.takedowns)) {
      assertFalse(written.getOrDefault(t.name(), List.of()).isEmpty(), t.name() + " was written");
    }
    for (var e : written.entrySet()) {
      for (TestRecord<byte[], byte[]> r : e.getValue()) {
        for (byte[] part : new byte[][] {r.key(), r.value()}) {
          String s = part == null ? "" : new String(part, StandardCharsets.UTF_8);
          for (String trace : TRACES) {
            assertFalse(s.contains(trace), e.getKey() + " holds " + trace + ": " + s);
          }
        }
      }
    }
    List<String> opened = openEverySealedCopy(written);
    // Held, approved, blocked, reported, taken down, dead-lettered: every copy opened is minimised.
    assertTrue(opened.size() >= 8, "opened " + opened.size() + " sealed copies");
    assertTrue(opened.stream().anyMatch(s -> s.contains("please reviewme")), "quarantine opened");
    assertTrue(opened.stream().anyMatch(s -> s.contains("EXPLODE")), "dead letter opened");
    assertTrue(
        opened.stream().anyMatch(s -> s.contains("\"reportId\":\"r-2\"")),
        "report dead letter opened");
    assertTrue(opened.stream().anyMatch(s -> s.contains("blockme")), "evidence opened");
    for (String s : opened) {
      for (String trace : TRACES) {
        assertFalse(s.contains(trace), "a sealed copy holds " + trace + ": " + s);
      }
      assertFalse(s.contains("bikes"), "an attribute not allowed: " + s);
    }
    // Published posts keep the schema's fields, the same bytes for an allow and an approve.
    for (TestRecord<byte[], byte[]> p : written.get(topics.published.name())) {
      JsonNode post = readJson(p.value());
      assertEquals("zh", post.path("lang").asText());
      assertEquals(0, post.path("attributes").size());
    }
  }

  @Test
  void unparseableInputIsKeptWholeButOnlySealed() {
    start(FieldPolicy.schemaOnly());
    // No text: not a post, so not minimisable field by field; kept for replay, sealed.
    String bad = post("p-bad", "x").replace("\"text\"", "\"body\"");
    input(topics.submitted.name()).pipeInput(new TestRecord<>(utf8("p-bad"), utf8(bad), T0));
    Map<String, List<TestRecord<byte[], byte[]>>> written = everythingWritten();
    List<TestRecord<byte[], byte[]>> dead = written.get(topics.deadLetter.name());
    assertEquals(1, dead.size());
    String raw = new String(dead.get(0).value(), StandardCharsets.UTF_8);
    for (String trace : TRACES) {
      assertFalse(raw.contains(trace), "in clear: " + trace);
    }
    List<String> opened = openEverySealedCopy(written);
    assertEquals(List.of(bad), opened);
  }

  @Test
  void fieldsAndAttributesAllowedByNameAreKept() {
    start(FieldPolicy.allowing(List.of("phone"), List.of("idCard")));
    traffic();
    Map<String, List<TestRecord<byte[], byte[]>>> written = everythingWritten();
    String published =
        new String(written.get(topics.published.name()).get(0).value(), StandardCharsets.UTF_8);
    assertTrue(published.contains("\"phone\":\"+86 " + PHONE + "\""), published);
    assertTrue(published.contains("\"idCard\":\"" + ID_CARD + "\""), published);
    assertFalse(published.contains("contact"), published);
    assertFalse(published.contains("bikes"), published);
    List<String> opened = openEverySealedCopy(written);
    assertTrue(
        opened.stream().anyMatch(s -> s.contains("please reviewme") && s.contains(ID_CARD)),
        "the held copy keeps the allowed attribute");
  }

  private static JsonNode readJson(byte[] bytes) {
    try {
      return Json.MAPPER.readTree(bytes);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
