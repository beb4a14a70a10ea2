package dev.vigil.app.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.app.VigilApp;
import dev.vigil.app.broker.EmbeddedBroker;
import dev.vigil.app.cli.EvidenceCommand;
import dev.vigil.app.config.AppConfig;
import dev.vigil.app.json.Json;
import dev.vigil.app.rules.LiveRulePack;
import dev.vigil.app.topics.Topics;
import dev.vigil.app.topology.CategoryTestEngine;
import dev.vigil.core.evidence.EvidenceRecord;
import dev.vigil.core.privacy.PrivacyReceipt;
import dev.vigil.core.report.RegulatorReport;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Evidence, reports and erasure on a real broker, through the real CLI commands: the chain verifies
 * after blocks and fails after a hand-appended record with a wrong hash; the raw evidence bytes
 * hold no author id or text; an erasure makes export fail for that author only (not for a legal
 * hold, not for others); exactly one report per blocked post across an app restart.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EvidenceIntegrationTest {
  static final String HOLD = "case PSB-2026-118: weapons trade under investigation";
  static final Duration QUIET = Duration.ofSeconds(2);
  static final Duration TIMEOUT = Duration.ofSeconds(90);
  @TempDir static Path dir;
  static EmbeddedBroker broker;
  static AppConfig config;
  static VigilApp app;
  static Topics topics = Topics.defaults();
  static final Set<String> blockedPosts = new HashSet<>();
  static final Map<String, String> authorOf = new HashMap<>();
  static int published;

  @BeforeAll
  static void start() throws Exception {
    broker = new EmbeddedBroker(0, dir.resolve("kafka")).start();
    config =
        TestApps.config(broker, dir.resolve("app"), Map.of("legal-hold.prohibited_goods", HOLD));
    app = startApp();
  }

  static VigilApp startApp() throws InterruptedException {
    return TestApps.start(
        config, () -> new LiveRulePack.Loaded("test-2", CategoryTestEngine.ENGINE), null);
  }

  @AfterAll
  static void stop() {
    TestApps.stop(app, broker);
  }

  /**
   * Publishes posts i in [from, to): authors cycle alice/bob/carol; texts cycle fraud, weapons,
   * clean.
   */
  static void publishPosts(int from, int to) {
    List<byte[][]> records = new ArrayList<>();
    for (int i = from; i < to; i++) {
      String id = "ev-it-" + i;
      String author = List.of("alice-4471", "bob-9013", "carol-2288").get(i % 3);
      String text =
          switch (i % 4) {
            case 0 -> "scamme wire the deposit to account 6222021234567890";
            case 1 -> "gunsale 仿真枪 cheap";
            default -> "hello world " + i;
          };
      if (i % 4 < 2) {
        blockedPosts.add(id);
      }
      authorOf.put(id, author);
      records.add(new byte[][] {id.getBytes(StandardCharsets.UTF_8), post(id, author, text)});
    }
    KafkaTestSupport.publish(broker.bootstrapServers(), topics.submitted.name(), records);
    published += to - from;
  }

  static byte[] post(String id, String author, String text) {
    return ("{\"postId\":\"" + id + "\",\"authorId\":\"" + author + "\",\"text\":\"" + text + "\"}")
        .getBytes(StandardCharsets.UTF_8);
  }

  record Run(int exit, String out) {}

  static Run evidence(String... args) {
    StringWriter sw = new StringWriter();
    PrintWriter pw = new PrintWriter(sw, true);
    int exit = new CommandLine(new EvidenceCommand()).setOut(pw).setErr(pw).execute(args);
    return new Run(exit, sw.toString());
  }

  static Run verify() {
    return evidence(
        "verify",
        "--bootstrap-servers",
        broker.bootstrapServers(),
        "--topic",
        topics.evidence.name(),
        "--reports-topic",
        topics.reports.name(),
        "--held-topic",
        topics.heldEvidence.name());
  }

  static Run export(String evidenceId, Path out) {
    return evidence(
        "export",
        "--bootstrap-servers",
        broker.bootstrapServers(),
        "--evidence-id",
        evidenceId,
        "--reason",
        "PSB request 2026-118",
        "--auditor",
        "test-auditor",
        "--data-dir",
        dir.resolve("app").toString(),
        "--out",
        out.toString());
  }

  static List<ConsumerRecord<byte[], byte[]>> evidenceRecords(int atLeast) {
    return KafkaTestSupport.readAll(
        broker.bootstrapServers(), topics.evidence.name(), atLeast, QUIET, TIMEOUT);
  }

  @Test
  @Order(1)
  void evidenceVerifiesAfterBlocks() {
    publishPosts(0, 40);
    KafkaTestSupport.readAll(
        broker.bootstrapServers(), topics.decisions.name(), published, QUIET, TIMEOUT);
    var evidence = evidenceRecords(blockedPosts.size());
    assertEquals(blockedPosts.size(), evidence.size());
    Set<Integer> partitions = new HashSet<>();
    for (var r : evidence) {
      EvidenceRecord e = EvidenceRecord.parse(r.value());
      assertEquals(
          r.partition(), e.partition(), "a record sits in the partition whose chain it extends");
      partitions.add(r.partition());
    }
    assertEquals(Set.of(0, 1), partitions, "both chains in use");
    Run run = verify();
    assertEquals(0, run.exit(), run.out());
    assertTrue(
        run.out()
            .contains("OK: " + evidence.size() + " evidence record(s) in 2 partition(s), 0 broken"),
        run.out());
  }

  @Test
  @Order(2)
  void rawEvidenceBytesHoldNoAuthorIdOrText() {
    List<String> secrets =
        List.of(
            "alice-4471",
            "bob-9013",
            "carol-2288",
            "scamme",
            "wire the deposit",
            "6222021234567890",
            "gunsale",
            "仿真枪");
    for (var r : evidenceRecords(1)) {
      String utf8 = new String(r.value(), StandardCharsets.UTF_8);
      for (String s : secrets) {
        assertFalse(utf8.contains(s), "plaintext in evidence: " + s);
      }
    }
    for (var r :
        KafkaTestSupport.readAll(
            broker.bootstrapServers(), topics.reports.name(), 1, QUIET, TIMEOUT)) {
      String utf8 = new String(r.value(), StandardCharsets.UTF_8);
      for (String s : secrets) {
        assertFalse(utf8.contains(s), "plaintext in a report: " + s);
      }
    }
    for (var r :
        KafkaTestSupport.readAll(
            broker.bootstrapServers(), topics.dataKeys.name(), 1, QUIET, TIMEOUT)) {
      String utf8 = new String(r.value(), StandardCharsets.UTF_8);
      for (String s : secrets) {
        assertFalse(utf8.contains(s), "plaintext in the data key topic: " + s);
      }
    }
  }

  @Test
  @Order(3)
  void erasureMakesExportFailForThatAuthorOnly() throws Exception {
    Map<String, EvidenceRecord> byPost = new HashMap<>();
    for (var r : evidenceRecords(1)) {
      EvidenceRecord e = EvidenceRecord.parse(r.value());
      byPost.put(e.evidence().postId(), e);
    }
    EvidenceRecord aliceFraud = byPost.get("ev-it-0"); // i=0: alice, fraud: not held
    EvidenceRecord aliceHeld = byPost.get("ev-it-9"); // i=9: alice, weapons: held
    EvidenceRecord bobFraud = byPost.get("ev-it-4"); // i=4: bob, fraud
    assertEquals(HOLD, aliceHeld.evidence().legalHold().reason());

    Path before = dir.resolve("before.json");
    Run ok = export(aliceFraud.evidenceId(), before);
    assertEquals(0, ok.exit(), ok.out());
    assertEquals(
        new String(
            post("ev-it-0", "alice-4471", "scamme wire the deposit to account 6222021234567890"),
            StandardCharsets.UTF_8),
        Files.readString(before));

    KafkaTestSupport.publish(
        broker.bootstrapServers(),
        topics.privacyRequests.name(),
        List.<byte[][]>of(
            new byte[][] {
              "req-1".getBytes(StandardCharsets.UTF_8),
              "{\"requestId\":\"req-1\",\"type\":\"erasure\",\"authorId\":\"alice-4471\"}"
                  .getBytes(StandardCharsets.UTF_8)
            }));
    var receipts =
        KafkaTestSupport.readAll(
            broker.bootstrapServers(), topics.privacyReceipts.name(), 1, QUIET, TIMEOUT);
    assertEquals(1, receipts.size());
    PrivacyReceipt receipt = PrivacyReceipt.fromJson(receipts.get(0).value());
    assertEquals(PrivacyReceipt.Outcome.PARTIAL, receipt.outcome());
    assertEquals(1L, receipt.affected().get("dataKeysDestroyed"));
    long aliceHolds =
        byPost.values().stream()
            .filter(
                e ->
                    e.evidence().legalHold() != null
                        && e.evidence().author().equals(aliceHeld.evidence().author()))
            .count();
    assertEquals(aliceHolds, receipt.kept().size());
    assertTrue(
        receipt
            .kept()
            .contains(new PrivacyReceipt.Kept("evidence " + aliceHeld.evidenceId(), HOLD)));
    assertFalse(new String(receipts.get(0).value(), StandardCharsets.UTF_8).contains("alice-4471"));

    Run refused = export(aliceFraud.evidenceId(), dir.resolve("after.json"));
    assertEquals(1, refused.exit(), refused.out());
    assertTrue(refused.out().contains("was destroyed"), refused.out());
    assertFalse(Files.exists(dir.resolve("after.json")));

    Run held = export(aliceHeld.evidenceId(), dir.resolve("held.json"));
    assertEquals(0, held.exit(), held.out());
    assertTrue(held.out().contains("under legal hold: " + HOLD), held.out());
    assertTrue(Files.readString(dir.resolve("held.json")).contains("alice-4471"));

    Run other = export(bobFraud.evidenceId(), dir.resolve("bob.json"));
    assertEquals(0, other.exit(), other.out());
    assertTrue(Files.readString(dir.resolve("bob.json")).contains("bob-9013"));

    // A wrong master key fails clearly, and is audited as a failure too.
    Path otherKey = dir.resolve("other.key");
    Files.writeString(otherKey, dev.vigil.core.evidence.MasterKey.generate().encode());
    Files.setPosixFilePermissions(
        otherKey, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    Run wrongKey =
        evidence(
            "export",
            "--bootstrap-servers",
            broker.bootstrapServers(),
            "--evidence-id",
            bobFraud.evidenceId(),
            "--reason",
            "PSB request 2026-118",
            "--auditor",
            "test-auditor",
            "--master-key-file",
            otherKey.toString(),
            "--out",
            dir.resolve("wrong.json").toString());
    assertEquals(1, wrongKey.exit(), wrongKey.out());
    assertTrue(wrongKey.out().contains("wrong master key"), wrongKey.out());

    // The held record also lives on the held-evidence topic, which retention never expires.
    var held2 =
        KafkaTestSupport.readAll(
            broker.bootstrapServers(), topics.heldEvidence.name(), 1, QUIET, TIMEOUT);
    assertTrue(
        held2.stream()
            .anyMatch(
                r -> new String(r.key(), StandardCharsets.UTF_8).equals(aliceHeld.evidenceId())));

    var audit =
        KafkaTestSupport.readAll(
            broker.bootstrapServers(), topics.audit.name(), 12, QUIET, TIMEOUT);
    List<String> outcomes = new ArrayList<>();
    int erasedPartitions = 0;
    for (var r : audit) {
      JsonNode n = Json.MAPPER.readTree(r.value());
      if (n.get("action").asText().equals("privacy_erase")) {
        assertEquals("req-1", n.get("reason").asText());
        assertFalse(n.toString().contains("alice-4471"));
        erasedPartitions++;
        continue;
      }
      assertEquals("evidence.export", n.get("action").asText());
      assertEquals("test-auditor", n.get("actor").asText());
      assertEquals("auditor", n.get("role").asText());
      assertEquals("PSB request 2026-118", n.get("reason").asText());
      // detail reads "evidence <id>" or "evidence <id>: <why it failed>"
      outcomes.add(n.get("detail").asText().split("[ :]")[1] + ":" + n.get("result").asText());
    }
    assertTrue(outcomes.contains(aliceFraud.evidenceId() + ":failed"), outcomes.toString());
    assertTrue(outcomes.contains(bobFraud.evidenceId() + ":succeeded"), outcomes.toString());
    assertEquals(10, outcomes.size(), "attempted + outcome for each of 5 exports: " + outcomes);
    assertEquals(2, erasedPartitions, "the erasure reached the review task of each partition");

    // Releasing the hold shreds exactly that record.
    Run release =
        evidence(
            "release-hold",
            "--bootstrap-servers",
            broker.bootstrapServers(),
            "--evidence-id",
            aliceHeld.evidenceId(),
            "--reason",
            "case closed",
            "--data-dir",
            dir.resolve("app").toString());
    assertEquals(0, release.exit(), release.out());
    Run afterRelease = export(aliceHeld.evidenceId(), dir.resolve("released.json"));
    assertEquals(1, afterRelease.exit(), afterRelease.out());
    assertTrue(afterRelease.out().contains("legal hold released"), afterRelease.out());
    Run bobStill = export(bobFraud.evidenceId(), dir.resolve("bob2.json"));
    assertEquals(0, bobStill.exit(), bobStill.out());
  }

  @Test
  @Order(4)
  void exactlyOneReportPerBlockedPostAcrossARestart() throws Exception {
    app.close();
    app = startApp();
    publishPosts(40, 60);
    // The platform retries three posts it already sent: blocked again, evidenced again, never
    // reported twice.
    List<byte[][]> retries = new ArrayList<>();
    for (String id : List.of("ev-it-0", "ev-it-1", "ev-it-5")) {
      retries.add(
          new byte[][] {
            id.getBytes(StandardCharsets.UTF_8),
            post(
                id,
                authorOf.get(id),
                id.equals("ev-it-1") || id.equals("ev-it-5")
                    ? "gunsale 仿真枪 cheap"
                    : "scamme wire the deposit to account 6222021234567890")
          });
    }
    KafkaTestSupport.publish(broker.bootstrapServers(), topics.submitted.name(), retries);
    published += retries.size();
    KafkaTestSupport.readAll(
        broker.bootstrapServers(), topics.decisions.name(), published, QUIET, TIMEOUT);

    var reports =
        KafkaTestSupport.readAll(
            broker.bootstrapServers(), topics.reports.name(), blockedPosts.size(), QUIET, TIMEOUT);
    Map<String, Integer> perPost = new HashMap<>();
    for (var r : reports) {
      perPost.merge(RegulatorReport.fromJson(r.value()).postId(), 1, Integer::sum);
    }
    assertEquals(blockedPosts, perPost.keySet());
    perPost.forEach((id, n) -> assertEquals(1, n, "reports for " + id));
    var evidence = evidenceRecords(blockedPosts.size() + retries.size());
    assertEquals(
        blockedPosts.size() + retries.size(),
        evidence.size(),
        "one evidence record per BLOCK, the retries included, none repeated by the restart");

    Run run = verify();
    assertEquals(0, run.exit(), "the chains continue across the restart: " + run.out());
  }

  @Test
  @Order(5)
  void bulkExportsRaiseOneAccessAlertCountedByTheApp() throws Exception {
    // Bob's and Carol's evidence (Alice is erased): an export attempt counts whether it succeeds.
    List<String> ids = new ArrayList<>();
    for (var r : evidenceRecords(1)) {
      EvidenceRecord e = EvidenceRecord.parse(r.value());
      if (!"alice-4471".equals(authorOf.get(e.evidence().postId()))) {
        ids.add(e.evidenceId());
      }
    }
    assertTrue(ids.size() >= 4, ids.toString());
    List<Run> runs = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      runs.add(
          evidence(
              "export",
              "--bootstrap-servers",
              broker.bootstrapServers(),
              "--evidence-id",
              ids.get(i),
              "--reason",
              "PSB request 2026-131",
              "--auditor",
              "bulk-auditor",
              "--exports-per-hour",
              "2",
              "--data-dir",
              dir.resolve("app").toString(),
              "--out",
              dir.resolve("bulk-" + i + ".json").toString()));
    }
    for (int i = 0; i < 4; i++) {
      assertEquals(0, runs.get(i).exit(), runs.get(i).out());
      assertEquals(
          i == 2,
          runs.get(i).out().contains("access alert: 3 evidence.export in the last hour"),
          "only the export that crosses the limit warns: " + i + " " + runs.get(i).out());
    }
    List<JsonNode> alerts = new ArrayList<>();
    for (var r :
        KafkaTestSupport.readAll(
            broker.bootstrapServers(), topics.audit.name(), 1, QUIET, TIMEOUT)) {
      JsonNode n = Json.MAPPER.readTree(r.value());
      if (n.get("action").asText().equals("access_alert")) {
        alerts.add(n);
      }
    }
    assertEquals(1, alerts.size(), alerts.toString());
    assertEquals("bulk-auditor", alerts.get(0).get("actor").asText());
    assertTrue(
        alerts.get(0).get("detail").asText().startsWith("3 evidence.export in the last hour"),
        alerts.toString());
    // The running app counts it, though the export ran elsewhere.
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    double counted = 0;
    while (System.nanoTime() < deadline && counted < 1) {
      counted =
          app.metrics()
              .registry()
              .get("vigil.access.alerts")
              .tag("kind", "evidence.export")
              .counter()
              .count();
      Thread.sleep(100);
    }
    assertEquals(1.0, counted, "vigil_access_alerts_total{kind=evidence.export}");
  }

  @Test
  @Order(6)
  void aHandAppendedRecordWithAWrongHashFailsVerification() throws Exception {
    EvidenceRecord last = null;
    for (var r : evidenceRecords(1)) {
      if (r.partition() == 0) {
        last = EvidenceRecord.parse(r.value());
      }
    }
    EvidenceRecord forged =
        new EvidenceRecord(last.evidence(), 0, last.seq() + 1, last.hash(), "ab".repeat(32));
    java.util.Properties p = new java.util.Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
      producer
          .send(new ProducerRecord<>(topics.evidence.name(), 0, "forged", forged.toJson()))
          .get();
    }
    Run run = verify();
    assertEquals(1, run.exit(), run.out());
    assertTrue(run.out().contains("BROKEN partition 0 offset"), run.out());
    assertTrue(run.out().contains("hash mismatch: stored abababababab"), run.out());
    assertTrue(run.out().contains("FAILED"), run.out());
    assertEquals(1, run.out().lines().filter(l -> l.startsWith("BROKEN")).count(), run.out());
  }
}
