package dev.vigil.app.topology;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.app.json.Json;
import dev.vigil.app.topics.Topics;
import dev.vigil.core.evidence.ChainVerifier;
import dev.vigil.core.evidence.EvidenceAccessException;
import dev.vigil.core.evidence.EvidenceOpener;
import dev.vigil.core.evidence.EvidenceRecord;
import dev.vigil.core.evidence.InMemoryDataKeyStore;
import dev.vigil.core.evidence.LegalHoldPolicy;
import dev.vigil.core.evidence.MasterKey;
import dev.vigil.core.evidence.MasterKeyWrapper;
import dev.vigil.core.post.PostParser;
import dev.vigil.core.privacy.AuthorId;
import dev.vigil.core.privacy.PrivacyReceipt;
import dev.vigil.core.privacy.Pseudonymizer;
import dev.vigil.core.report.RegulatorReport;
import dev.vigil.core.report.ReportingPolicy;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The block path and the privacy flow: chained sealed evidence, one report per post, erasure with
 * legal holds.
 */
class EvidenceTopologyTest {
  @TempDir java.nio.file.Path stateDir;
  private final Topics topics = Topics.defaults();
  private final Pseudonymizer pseudonymizer =
      new Pseudonymizer("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8));
  private final InMemoryDataKeyStore keys =
      new InMemoryDataKeyStore(new MasterKeyWrapper(MasterKey.generate()));
  private final List<RegulatorReport> heard = new ArrayList<>();
  private TopologyTestDriver driver;

  private final TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:03Z"));

  @BeforeEach
  void setUp() {
    driver = driver(java.time.Duration.ofDays(180));
  }

  private TopologyTestDriver driver(java.time.Duration reportMemory) {
    VigilTopology topology =
        new VigilTopology(
            new ModerationTopology(
                topics,
                new PostParser(4096),
                () -> CategoryTestEngine.ENGINE,
                pseudonymizer,
                clock,
                ModerationListener.NONE,
                new EvidenceSettings(
                    keys,
                    new LegalHoldPolicy(
                        Map.of(
                            "prohibited_goods",
                            "case PSB-2026-118: weapons trade under investigation")),
                    ReportingPolicy.defaults("test-platform"),
                    1,
                    heard::add,
                    reportMemory)),
            new ReviewTopology(
                topics,
                ReviewTopology.Settings.defaults().withCommands(ReviewTopologyTest.SIGNATURE),
                ReviewListener.NONE));
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "evidence-test");
    // Own state directory: the review stores are RocksDB, and /tmp/kafka-streams is shared by every
    // run.
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    return new TopologyTestDriver(
        topology.build(props), props, Instant.parse("2026-01-01T00:00:00Z"));
  }

  @Test
  void aReportedPostIsRememberedForTheReportMemoryOnly() {
    driver.close();
    driver = driver(java.time.Duration.ofDays(1));
    submit("p1", "alice", "scamme one");
    clock.advance(java.time.Duration.ofHours(20));
    driver.advanceWallClockTime(java.time.Duration.ofHours(20));
    submit("p1", "alice", "scamme one");
    assertEquals(1, raw(topics.reports.name()).size(), "within the memory: reported once");
    clock.advance(java.time.Duration.ofHours(30));
    driver.advanceWallClockTime(java.time.Duration.ofHours(30));
    submit("p1", "alice", "scamme one");
    assertEquals(
        1,
        raw(topics.reports.name()).size(),
        "after the memory (and the reports) expired: a new report");
    assertEquals(3, raw(topics.evidence.name()).size());
  }

  @AfterEach
  void tearDown() {
    driver.close();
  }

  private void submit(String postId, String author, String text) {
    driver
        .createInputTopic(
            topics.submitted.name(), new ByteArraySerializer(), new ByteArraySerializer())
        .pipeInput(
            new TestRecord<>(
                postId.getBytes(StandardCharsets.UTF_8),
                ("{\"postId\":\""
                        + postId
                        + "\",\"authorId\":\""
                        + author
                        + "\",\"text\":\""
                        + text
                        + "\"}")
                    .getBytes(StandardCharsets.UTF_8),
                Instant.parse("2026-01-01T00:00:00Z")));
  }

  private void request(String key, String json) {
    driver
        .createInputTopic(
            topics.privacyRequests.name(), new StringSerializer(), new ByteArraySerializer())
        .pipeInput(key, json == null ? null : json.getBytes(StandardCharsets.UTF_8));
  }

  private List<TestRecord<String, byte[]>> raw(String topic) {
    return driver
        .createOutputTopic(topic, new StringDeserializer(), new ByteArrayDeserializer())
        .readRecordsToList();
  }

  private static JsonNode readTree(byte[] json) {
    try {
      return Json.MAPPER.readTree(json);
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  private List<PrivacyReceipt> receipts() {
    return raw(topics.privacyReceipts.name()).stream()
        .map(r -> PrivacyReceipt.fromJson(r.value()))
        .toList();
  }

  @Test
  void blocksAreChainedSealedAndReportedOncePerPost() {
    submit("p1", "alice-secret-id", "scamme send money to 6222021234567890");
    submit("p2", "bob-secret-id", "hello there");
    submit("p3", "bob-secret-id", "gunsale cheap");
    submit("p1", "alice-secret-id", "scamme send money to 6222021234567890");
    submit("p4", "carol-secret-id", "scamme again");

    List<TestRecord<String, byte[]>> evidence = raw(topics.evidence.name());
    assertEquals(
        List.of("p1", "p3", "p1", "p4"),
        evidence.stream().map(TestRecord::key).toList(),
        "one evidence record per BLOCK, none for the ALLOW");
    ChainVerifier verifier = new ChainVerifier(0);
    for (int i = 0; i < evidence.size(); i++) {
      byte[] bytes = evidence.get(i).value();
      verifier.accept(i, bytes);
      String text = new String(bytes, StandardCharsets.UTF_8);
      for (String secret :
          List.of(
              "alice-secret-id",
              "bob-secret-id",
              "carol-secret-id",
              "send money",
              "6222021234567890",
              "gunsale cheap")) {
        assertFalse(text.contains(secret), "plaintext in evidence: " + secret);
      }
    }
    ChainVerifier.Result result = verifier.finish();
    assertTrue(result.intact(), result.broken().toString());
    assertEquals(3L, result.headSeq());

    List<RegulatorReport> reports =
        raw(topics.reports.name()).stream().map(r -> RegulatorReport.fromJson(r.value())).toList();
    assertEquals(
        List.of("p1", "p3", "p4"),
        reports.stream().map(RegulatorReport::postId).toList(),
        "the resubmitted p1 is evidenced again but reported once");
    assertEquals(reports, heard);
    EvidenceRecord first = EvidenceRecord.parse(evidence.get(0).value());
    assertEquals(first.evidenceId(), reports.get(0).evidenceId());
    assertEquals(first.hash(), reports.get(0).evidenceHash());
    assertEquals(
        pseudonymizer.pseudonymOf(AuthorId.of("alice-secret-id")), reports.get(0).author());
    assertEquals("CSL Art. 46, 47", reports.get(0).legalBasis());
    for (TestRecord<String, byte[]> r : raw(topics.reports.name())) {
      assertFalse(new String(r.value(), StandardCharsets.UTF_8).contains("secret-id"));
    }
    // Decisions name authors by pseudonym only.
    for (TestRecord<String, byte[]> d : raw(topics.decisions.name())) {
      assertFalse(new String(d.value(), StandardCharsets.UTF_8).contains("secret-id"));
    }
    assertArrayEquals(
        "{\"postId\":\"p3\",\"authorId\":\"bob-secret-id\",\"text\":\"gunsale cheap\"}"
            .getBytes(StandardCharsets.UTF_8),
        new EvidenceOpener(keys).open(EvidenceRecord.parse(evidence.get(1).value())));
  }

  @Test
  void erasureShredsTheAuthorsEvidenceButKeepsLegalHoldsAndOthers() {
    submit("p1", "alice", "scamme one");
    submit("p2", "alice", "gunsale two");
    submit("p3", "bob", "scamme three");
    List<EvidenceRecord> evidence =
        raw(topics.evidence.name()).stream().map(r -> EvidenceRecord.parse(r.value())).toList();
    EvidenceOpener opener = new EvidenceOpener(keys);
    evidence.forEach(opener::open);
    EvidenceRecord aliceHeld = evidence.get(1);
    assertEquals(
        "case PSB-2026-118: weapons trade under investigation",
        aliceHeld.evidence().legalHold().reason());

    request("r-1", "{\"requestId\":\"r-1\",\"type\":\"erasure\",\"authorId\":\"alice\"}");

    List<PrivacyReceipt> receipts = receipts();
    assertEquals(1, receipts.size());
    PrivacyReceipt receipt = receipts.get(0);
    assertEquals("r-1", receipt.requestId());
    assertEquals(PrivacyReceipt.Outcome.PARTIAL, receipt.outcome());
    assertEquals(pseudonymizer.pseudonymOf(AuthorId.of("alice")), receipt.subject());
    assertEquals(1L, receipt.affected().get("dataKeysDestroyed"));
    assertEquals(
        List.of(
            new PrivacyReceipt.Kept(
                "evidence " + aliceHeld.evidenceId(),
                "case PSB-2026-118: weapons trade under investigation")),
        receipt.kept());

    EvidenceAccessException e =
        assertThrows(EvidenceAccessException.class, () -> opener.open(evidence.get(0)));
    assertEquals(EvidenceAccessException.Reason.KEY_DESTROYED, e.reason());
    opener.open(aliceHeld);
    opener.open(evidence.get(2));

    // Alice posts again after the erasure: new evidence under a new key, readable; the old stays
    // shredded.
    submit("p5", "alice", "scamme five");
    List<TestRecord<String, byte[]>> more = raw(topics.evidence.name());
    EvidenceRecord again = EvidenceRecord.parse(more.get(0).value());
    assertNotEquals(evidence.get(0).evidence().sealed().keyId(), again.evidence().sealed().keyId());
    opener.open(again);
    assertThrows(EvidenceAccessException.class, () -> opener.open(evidence.get(0)));
  }

  @Test
  void erasureRemovesTheAuthorsItemsFromTheReviewQueueOnly() throws Exception {
    submit("q1", "alice", "reviewme please");
    submit("q2", "bob", "reviewme too");
    submit("b1", "alice", "scamme blocked");
    raw(topics.reviewQueue.name());
    request("r-9", "{\"requestId\":\"r-9\",\"type\":\"erasure\",\"authorId\":\"alice\"}");

    List<TestRecord<String, byte[]>> queue = raw(topics.reviewQueue.name());
    assertEquals(1, queue.size(), "only alice's pending item is removed: " + queue);
    assertEquals("q1", queue.get(0).key());
    assertEquals(
        null, queue.get(0).value(), "a tombstone removes it from every instance's queue view");
    List<JsonNode> erasures = new ArrayList<>();
    for (TestRecord<String, byte[]> r : raw(topics.audit.name())) {
      JsonNode n = readTree(r.value());
      if ("privacy_erase".equals(n.get("action").asText())) {
        erasures.add(n);
      }
    }
    assertEquals(1, erasures.size());
    assertEquals("r-9", erasures.get(0).get("reason").asText());
    assertTrue(
        erasures
            .get(0)
            .get("detail")
            .asText()
            .contains("1 queue item(s) and 1 revertable post(s) removed"),
        erasures.get(0).toString());
    assertFalse(erasures.get(0).toString().contains("alice"));
    // Bob's item is still there to be decided.
    request("r-10", "{\"requestId\":\"r-10\",\"type\":\"erasure\",\"authorId\":\"nobody\"}");
    assertTrue(raw(topics.reviewQueue.name()).isEmpty());
  }

  @Test
  void evidenceSealsTheExactSubmittedBytesForEngineAndModeratorBlocks() throws Exception {
    String engineBlocked =
        "{ \"text\" : \"gunsale \\u4ef7\",  \"postId\":\"x1\", \"authorId\":\"a\" }";
    String held = "{\"authorId\":\"b\",   \"postId\":\"x2\", \"text\":\"reviewme \\u0041\"}";
    for (String[] p : new String[][] {{"x1", engineBlocked}, {"x2", held}}) {
      driver
          .createInputTopic(
              topics.submitted.name(), new ByteArraySerializer(), new ByteArraySerializer())
          .pipeInput(p[0].getBytes(StandardCharsets.UTF_8), p[1].getBytes(StandardCharsets.UTF_8));
    }
    driver
        .createInputTopic(
            topics.reviewActions.name(), new StringSerializer(), new ByteArraySerializer())
        .pipeInput(
            "x2",
            Json.MAPPER.writeValueAsBytes(
                ReviewTopologyTest.SIGNATURE.sign(
                    new dev.vigil.app.events.ReviewCommand(
                        "c-1",
                        dev.vigil.app.events.ReviewCommand.Type.REJECT,
                        "x2",
                        "mod-1",
                        "moderator",
                        "selling goods",
                        Instant.parse("2026-01-01T00:00:04Z"),
                        null))));
    List<EvidenceRecord> evidence =
        raw(topics.evidence.name()).stream().map(r -> EvidenceRecord.parse(r.value())).toList();
    assertEquals(List.of("x1", "x2"), evidence.stream().map(e -> e.evidence().postId()).toList());
    assertEquals("engine", evidence.get(0).evidence().blockedBy());
    assertEquals("moderator", evidence.get(1).evidence().blockedBy());
    EvidenceOpener opener = new EvidenceOpener(keys);
    assertArrayEquals(engineBlocked.getBytes(StandardCharsets.UTF_8), opener.open(evidence.get(0)));
    assertArrayEquals(held.getBytes(StandardCharsets.UTF_8), opener.open(evidence.get(1)));
    assertEquals(
        dev.vigil.core.evidence.Evidence.sha256Hex(held.getBytes(StandardCharsets.UTF_8)),
        evidence.get(1).evidence().contentSha256(),
        "the platform can match the hash against what it sent");
  }

  @Test
  void badAndCorrectionRequestsGetReasonedReceipts() {
    request("k1", "{not json");
    request(null, null);
    request(
        "r-2",
        "{\"requestId\":\"r-2\",\"type\":\"correction\",\"authorId\":\"dave-secret\","
            + "\"corrections\":{\"name\":\"Dave\"}}");
    List<TestRecord<String, byte[]>> raw = raw(topics.privacyReceipts.name());
    assertEquals(3, raw.size());
    List<PrivacyReceipt> receipts =
        raw.stream().map(r -> PrivacyReceipt.fromJson(r.value())).toList();
    assertEquals("k1", receipts.get(0).requestId());
    assertEquals(PrivacyReceipt.Outcome.REJECTED, receipts.get(0).outcome());
    assertTrue(receipts.get(0).detail().contains("not valid JSON"), receipts.get(0).detail());
    assertTrue(
        receipts.get(1).requestId().startsWith("unidentified@privacy.requests/0/1"),
        receipts.get(1).requestId());
    assertEquals(PrivacyReceipt.Outcome.REJECTED, receipts.get(2).outcome());
    assertTrue(receipts.get(2).detail().contains("unaltered"), receipts.get(2).detail());
    for (TestRecord<String, byte[]> r : raw) {
      assertFalse(new String(r.value(), StandardCharsets.UTF_8).contains("dave-secret"));
    }
    JsonNode n = readTree(raw.get(2).value());
    assertTrue(n.get("subject").asText().startsWith("psn_"), n.toString());
  }
}
