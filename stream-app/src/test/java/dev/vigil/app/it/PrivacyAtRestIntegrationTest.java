package dev.vigil.app.it;

import static dev.vigil.app.it.ReviewFixture.basic;
import static dev.vigil.app.it.ReviewFixture.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.app.VigilApp;
import dev.vigil.app.broker.EmbeddedBroker;
import dev.vigil.app.config.AppConfig;
import dev.vigil.app.events.SealedNote;
import dev.vigil.app.evidence.EvidenceSetup;
import dev.vigil.app.evidence.KafkaDataKeyStore;
import dev.vigil.app.it.ReviewFixture.Reply;
import dev.vigil.app.json.Json;
import dev.vigil.app.topics.Topics;
import dev.vigil.core.evidence.ContentSealer;
import dev.vigil.core.evidence.EvidenceAccessException;
import dev.vigil.core.evidence.MasterKeyWrapper;
import dev.vigil.core.evidence.Sealed;
import dev.vigil.core.privacy.PrivacyReceipt;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18 item 2 on a real broker: after allowed, held, blocked, invalid and crashing posts, a
 * moderator's reads, comment, approve and reject, and one author's erasure, every topic in the
 * cluster, the app's internal changelogs and repartitions included, is read raw, and no author id
 * and no post text is found in clear (nor base64-encoded) anywhere but {@code posts.submitted},
 * {@code posts.published} (the platform's own input and output) and {@code privacy.requests} (the
 * platform's request naming the author to erase). After the erasure, every sealed copy of the
 * erased author's posts is under a destroyed key, while another author's still opens.
 */
class PrivacyAtRestIntegrationTest {
  @TempDir static Path dir;
  static EmbeddedBroker broker;
  static VigilApp app;
  static String base;
  static Topics topics;
  static AppConfig config;

  private static final int POSTS = 60;
  private static final Set<String> EXCEPTED =
      Set.of("posts.submitted", "posts.published", "posts.reports", "privacy.requests");

  @BeforeAll
  static void start() throws Exception {
    broker = new EmbeddedBroker(0, dir.resolve("kafka")).start();
    Path users = ReviewFixture.usersFile(dir);
    app = ReviewFixture.startApp(broker, dir.resolve("app"), users, Map.of());
    assertTrue(app.awaitRunning(Duration.ofSeconds(90)), "app not RUNNING");
    base = "http://127.0.0.1:" + app.boundHttpPort();
    topics = app.topics();
    Map<String, String> settings = new HashMap<>();
    settings.put(AppConfig.DATA_DIR, dir.resolve("app").toString());
    settings.put(EvidenceSetup.MASTER_KEY_FILE, dir.resolve("shared-master.key").toString());
    config = AppConfig.load(null, settings);
  }

  @AfterAll
  static void stop() {
    for (AutoCloseable c : new AutoCloseable[] {app, broker}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        // best effort
      }
    }
  }

  private static String author(int i) {
    return "zzauthor" + (i % 5) + "zz";
  }

  private static String marker(int i) {
    return "qqmark" + i + "qq";
  }

  private static byte[][] record(String key, String value) {
    return new byte[][] {
      key.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8)
    };
  }

  @Test
  void noAuthorIdOrTextInClearOnAnyTopicAndErasureReachesEveryCopy() throws Exception {
    List<byte[][]> records = new ArrayList<>();
    for (int i = 0; i < POSTS; i++) {
      String verdict = i % 3 == 0 ? "reviewme" : i % 3 == 1 ? "blockme" : "hello";
      records.add(
          record(
              "pp-" + i,
              Json.object()
                  .put("postId", "pp-" + i)
                  .put("authorId", author(i))
                  .put("text", marker(i) + " " + verdict + " call 13800138000")
                  .toString()));
    }
    // Dead letters: an invalid post whose author is known, garbage whose author is not, a crash.
    records.add(
        record("bad-1", "{\"postId\":\"bad-1\",\"authorId\":\"zzauthor1zz\",\"text\":12345}"));
    records.add(record("bad-2", "not json qqmarkbadqq zzauthor3zz"));
    records.add(
        record(
            "bad-3",
            Json.object()
                .put("postId", "bad-3")
                .put("authorId", "zzauthor1zz")
                .put("text", "qqmarkcrashqq EXPLODE")
                .toString()));
    KafkaTestSupport.publish(broker.bootstrapServers(), topics.submitted.name(), records);
    int reviews = (POSTS + 2) / 3;
    ReviewApiIntegrationTest.awaitQueuedCount(base, "alice", reviews);

    // A moderator at work: reads one (masked, audited), reveals it, comments, approves one,
    // rejects another.
    Reply read = call(base, "GET", "/api/queue/pp-0", null, "Authorization", basic("alice"));
    assertEquals(200, read.status(), read.json().toString());
    assertTrue(read.json().path("text").asText().startsWith(marker(0)), read.json().toString());
    assertFalse(read.json().path("text").asText().contains("13800138000"), "masked");
    assertTrue(read.json().path("masked").asBoolean());
    Reply reveal =
        call(
            base,
            "POST",
            "/api/queue/pp-0/reveal",
            Json.object().put("reason", note("reveal") + " checking the number").toString(),
            "Authorization",
            basic("alice"));
    assertEquals(200, reveal.status(), reveal.json().toString());
    assertTrue(reveal.json().path("text").asText().contains("13800138000"));
    // The moderator's free text quotes the posts (markers in the qqmark..qq shape, so the leak
    // check finds them too): comments on pp-3, pp-9 (kept pending) and pp-21 (the erased author's,
    // pending), decision reasons (single and bulk), and the takedown below.
    for (String id : new String[] {"pp-3", "pp-9", "pp-21"}) {
      Reply r =
          call(
              base,
              "POST",
              "/api/queue/" + id + "/comment",
              Json.object().put("text", "he says " + note("comment-" + id)).toString(),
              "Authorization",
              basic("alice"));
      assertEquals(200, r.status(), id + " " + r.json());
    }
    for (String[] d : new String[][] {{"pp-3", "approve"}, {"pp-6", "reject"}}) {
      Reply r =
          call(
              base,
              "POST",
              "/api/queue/" + d[0] + "/decision",
              Json.object().put("action", d[1]).put("reason", note(d[1] + "-" + d[0])).toString(),
              "Authorization",
              basic("alice"));
      assertEquals(200, r.status(), d[0] + " " + r.json());
    }
    Reply bulk =
        call(
            base,
            "POST",
            "/api/queue/decisions",
            Json.object()
                .put("action", "reject")
                .put("reason", note("bulk"))
                .set("postIds", Json.MAPPER.createArrayNode().add("pp-12").add("pp-15"))
                .toString(),
            "Authorization",
            basic("alice"));
    assertEquals(200, bulk.status(), bulk.json().toString());
    assertEquals(2, bulk.json().path("applied").asInt(), bulk.json().toString());

    // Users report two published posts (reporter ids in the same zzauthor..zz shape, so the leak
    // check finds them too), one report is bad; alice takes one of the posts down.
    List<byte[][]> userReports = new ArrayList<>();
    for (String[] r : new String[][] {{"pp-2", "zzauthorrep7zz"}, {"pp-5", "zzauthorrep8zz"}}) {
      String id = r[0];
      int i = Integer.parseInt(id.substring(3));
      userReports.add(
          record(
              id,
              Json.object()
                  .put("reportId", "rep-" + id)
                  .put("postId", id)
                  .put("reporterId", r[1])
                  .put("reason", "it says " + marker(i) + ", a scam")
                  .set(
                      "post",
                      Json.object()
                          .put("postId", id)
                          .put("authorId", author(i))
                          .put("text", marker(i) + " hello call 13800138000"))
                  .toString()));
    }
    userReports.add(record("pp-5", "{\"reportId\":\"rep-bad\",\"reporterId\":\"zzauthorrep9zz\"}"));
    KafkaTestSupport.publish(broker.bootstrapServers(), topics.userReports.name(), userReports);
    ReviewApiIntegrationTest.awaitQueued(base, "alice", "pp-2", "pp-5");
    Reply takedown =
        call(
            base,
            "POST",
            "/api/queue/pp-2/decision",
            Json.object().put("action", "reject").put("reason", note("takedown-pp-2")).toString(),
            "Authorization",
            basic("alice"));
    assertEquals(200, takedown.status(), takedown.json().toString());

    // A suspected leak by alice's account (Art. 42): the author of the one post she opened is told,
    // and the regulator.
    java.io.StringWriter cliOut = new java.io.StringWriter();
    int exit =
        new picocli.CommandLine(new dev.vigil.app.cli.Main())
            .setOut(new java.io.PrintWriter(cliOut, true))
            .setErr(new java.io.PrintWriter(cliOut, true))
            .execute(
                "incident",
                "--bootstrap-servers",
                broker.bootstrapServers(),
                "--actor",
                "alice",
                "--summary",
                "alice's session token was found in a public paste",
                "--recorded-by",
                "dpo");
    assertEquals(0, exit, cliOut.toString());
    var notices =
        KafkaTestSupport.readAll(
            broker.bootstrapServers(),
            topics.privacyNotifications.name(),
            2,
            Duration.ofSeconds(1),
            Duration.ofSeconds(30));
    Map<String, JsonNode> byAudience = new HashMap<>();
    for (var r : notices) {
      JsonNode n = Json.MAPPER.readTree(r.value());
      byAudience.put(n.path("audience").asText(), n);
    }
    assertEquals(2, notices.size(), "one author (pp-0's, read and revealed) and the regulator");
    assertEquals(
        1, byAudience.get("regulator").path("authorsAffected").asInt(), byAudience.toString());
    String pp0Author = null;
    for (var r : readAll(topics.decisions.name())) {
      JsonNode d = Json.MAPPER.readTree(r.value());
      if ("pp-0".equals(d.path("postId").asText())) {
        pp0Author = d.path("authorPseudonym").asText();
      }
    }
    assertEquals(pp0Author, byAudience.get("author").path("pseudonym").asText());

    // After the incident's count of alice's reads, the authorised reader sees the notes: the item
    // view (read_post) and the list (list_previews).
    Reply pp9 = call(base, "GET", "/api/queue/pp-9", null, "Authorization", basic("alice"));
    assertEquals(200, pp9.status(), pp9.json().toString());
    assertEquals(
        "he says " + note("comment-pp-9"),
        pp9.json().path("comments").path(0).path("text").asText(),
        pp9.json().toString());
    Reply list = call(base, "GET", "/api/queue", null, "Authorization", basic("alice"));
    assertTrue(
        list.json().toString().contains("he says " + note("comment-pp-9")), "the list's comments");

    // The erasure of zzauthor1zz (posts 1, 6, 11, ...: blocked, rejected, held; two dead letters).
    KafkaTestSupport.publish(
        broker.bootstrapServers(),
        topics.privacyRequests.name(),
        List.<byte[][]>of(
            record(
                "req-pr",
                "{\"requestId\":\"req-pr\",\"type\":\"erasure\",\"authorId\":\"zzauthor1zz\"}")));
    var receipts =
        KafkaTestSupport.readAll(
            broker.bootstrapServers(),
            topics.privacyReceipts.name(),
            1,
            Duration.ofSeconds(2),
            Duration.ofSeconds(60));
    PrivacyReceipt receipt = PrivacyReceipt.fromJson(receipts.get(0).value());
    assertEquals(PrivacyReceipt.Outcome.COMPLETED, receipt.outcome(), receipt.detail());
    String erased = receipt.subject().value();
    // Everything settled: the app has caught up with its input (decisions, reviews, erasure).
    KafkaTestSupport.readAll(
        broker.bootstrapServers(),
        topics.decisions.name(),
        POSTS + 1,
        Duration.ofSeconds(3),
        Duration.ofSeconds(60));
    Thread.sleep(3000);

    Map<String, Integer> leaks = new TreeMap<>();
    Map<String, Integer> recordsRead = new TreeMap<>();
    Set<String> erasedKeyIds = new HashSet<>();
    Set<String> otherKeyIds = new HashSet<>();
    try (Admin admin =
        dev.vigil.app.topics.KafkaClients.admin(
            dev.vigil.app.config.KafkaConnection.to(broker.bootstrapServers()))) {
      for (String topic : admin.listTopics().names().get()) {
        if (topic.startsWith("__") || EXCEPTED.contains(topic)) {
          continue;
        }
        for (ConsumerRecord<byte[], byte[]> r : readAll(topic)) {
          recordsRead.merge(topic, 1, Integer::sum);
          for (byte[] b : new byte[][] {r.key(), r.value()}) {
            if (b != null && leaks(b)) {
              leaks.merge(topic, 1, Integer::sum);
            }
          }
          if (topic.equals(topics.quarantined.name()) || topic.equals(topics.revertable.name())) {
            JsonNode q = Json.MAPPER.readTree(r.value());
            (erased.equals(q.path("decision").path("authorPseudonym").asText())
                    ? erasedKeyIds
                    : otherKeyIds)
                .add(q.path("content").path("keyId").asText());
          }
        }
      }
    }
    assertTrue(
        recordsRead
            .keySet()
            .containsAll(
                List.of(
                    topics.quarantined.name(),
                    topics.revertable.name(),
                    topics.reviewQueue.name(),
                    topics.reviewResults.name(),
                    topics.deadLetter.name(),
                    topics.evidence.name(),
                    topics.privacyNotifications.name(),
                    topics.takedowns.name(),
                    topics.reportOutcomes.name(),
                    topics.audit.name())),
        "read: " + recordsRead);
    assertTrue(
        recordsRead.keySet().stream().anyMatch(t -> t.endsWith("-changelog")),
        "changelogs read: " + recordsRead);
    assertEquals(Map.of(), leaks, "topics with author ids or post text in clear");

    // After the erasure: every sealed copy of the erased author's posts is under a destroyed key.
    assertFalse(erasedKeyIds.isEmpty());
    try (KafkaDataKeyStore keys =
        new KafkaDataKeyStore(
            dev.vigil.app.config.KafkaConnection.to(broker.bootstrapServers()),
            topics.dataKeys.name(),
            new MasterKeyWrapper(EvidenceSetup.masterKey(config)),
            true,
            null)) {
      for (String keyId : erasedKeyIds) {
        EvidenceAccessException e =
            assertThrows(EvidenceAccessException.class, () -> keys.key(keyId));
        assertEquals(EvidenceAccessException.Reason.KEY_DESTROYED, e.reason());
      }
      assertDeadLettersOfTheErasedAuthorAreShredded(keys);
      // Another author's held post still opens, for a moderator with the keys.
      JsonNode other = quarantinedOf("pp-9");
      byte[] raw =
          new ContentSealer(keys).open(ContentSealer.post("pp-9"), sealed(other.path("content")));
      assertTrue(new String(raw, StandardCharsets.UTF_8).contains(marker(9)));
    }
    assertFalse(otherKeyIds.isEmpty());
    assertModeratorsNotesAreShreddedWithTheirAuthor(erased);
  }

  /**
   * The moderators' notes on the erased author's posts (pp-6's reject reason, pp-21's comment) no
   * longer open, anywhere they were copied; those on another author's posts still do, for a reader
   * with the keys, and the audit page shows the one and a placeholder for the other.
   */
  private static void assertModeratorsNotesAreShreddedWithTheirAuthor(String erased)
      throws Exception {
    Map<String, String> authorOf = new HashMap<>();
    for (var r : readAll(topics.decisions.name())) {
      JsonNode d = Json.MAPPER.readTree(r.value());
      authorOf.put(d.path("postId").asText(), d.path("authorPseudonym").asText());
    }
    assertEquals(erased, authorOf.get("pp-6"));
    assertEquals(erased, authorOf.get("pp-21"));
    int shredded = 0;
    int opened = 0;
    Set<String> openedNotes = new HashSet<>();
    try (KafkaDataKeyStore keys =
        new KafkaDataKeyStore(
            dev.vigil.app.config.KafkaConnection.to(broker.bootstrapServers()),
            topics.dataKeys.name(),
            new MasterKeyWrapper(EvidenceSetup.masterKey(config)),
            true,
            null)) {
      ContentSealer sealer = new ContentSealer(keys);
      for (String topic :
          List.of(
              topics.audit.name(),
              topics.takedowns.name(),
              topics.reviewActions.name(),
              topics.reviewQueue.name())) {
        for (ConsumerRecord<byte[], byte[]> r : readAll(topic)) {
          if (r.value() == null) {
            continue;
          }
          JsonNode n = Json.MAPPER.readTree(r.value());
          String postId = n.path("postId").asText(null);
          List<String> notes = new ArrayList<>();
          if (n.hasNonNull("reason")) {
            notes.add(n.get("reason").asText());
          }
          n.path("comments").forEach(c -> notes.add(c.path("text").asText()));
          for (String v : notes) {
            if (postId == null || !SealedNote.isSealed(v)) {
              continue;
            }
            if (erased.equals(authorOf.get(postId))) {
              EvidenceAccessException e =
                  assertThrows(
                      EvidenceAccessException.class,
                      () -> SealedNote.open(sealer, postId, v),
                      topic + " " + postId);
              assertEquals(EvidenceAccessException.Reason.KEY_DESTROYED, e.reason());
              shredded++;
            } else {
              String text = SealedNote.open(sealer, postId, v);
              assertTrue(text.contains("qqmarknote"), topic + " " + postId + ": " + text);
              openedNotes.add(topic + " " + postId);
              opened++;
            }
          }
        }
      }
    }
    assertTrue(shredded >= 3, "pp-6's reason (command, audit), pp-21's comment: " + shredded);
    assertTrue(opened > 0);
    for (String expected :
        List.of(
            topics.takedowns.name() + " pp-2",
            topics.audit.name() + " pp-0",
            topics.audit.name() + " pp-3",
            topics.audit.name() + " pp-12",
            topics.audit.name() + " pp-15",
            topics.reviewActions.name() + " pp-9",
            topics.reviewQueue.name() + " pp-9")) {
      assertTrue(openedNotes.contains(expected), expected + " in " + openedNotes);
    }
    // The audit page opens notes for its reader, and shows that an erased author's are gone.
    Reply page = call(base, "GET", "/api/audit?postId=pp-6", null, "Authorization", basic("ann"));
    assertEquals(200, page.status(), page.json().toString());
    Set<String> reasons = new HashSet<>();
    page.json().path("entries").forEach(e -> reasons.add(e.path("reason").asText()));
    assertTrue(reasons.contains(SealedNote.ERASED), reasons.toString());
    page = call(base, "GET", "/api/audit?postId=pp-3", null, "Authorization", basic("ann"));
    Set<String> kept = new HashSet<>();
    page.json().path("entries").forEach(e -> kept.add(e.path("reason").asText()));
    assertTrue(kept.contains(note("approve-pp-3")), kept.toString());
  }

  /** A moderator's note quoting a post: in the qqmark..qq shape the leak check looks for. */
  private static String note(String what) {
    return "qqmarknote-" + what + "-qq";
  }

  private static void assertDeadLettersOfTheErasedAuthorAreShredded(KafkaDataKeyStore keys)
      throws Exception {
    int checked = 0;
    for (ConsumerRecord<byte[], byte[]> r : readAll(topics.deadLetter.name())) {
      JsonNode dl = Json.MAPPER.readTree(r.value());
      String key = r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8);
      if (key.equals("bad-1") || key.equals("bad-3")) {
        String keyId = dl.path("value").path("keyId").asText();
        EvidenceAccessException e =
            assertThrows(EvidenceAccessException.class, () -> keys.key(keyId), key);
        assertEquals(EvidenceAccessException.Reason.KEY_DESTROYED, e.reason());
        checked++;
      } else if (key.equals("bad-2")) {
        assertTrue(dl.path("value").path("keyId").asText().startsWith("day:"), dl.toString());
        checked++;
      }
    }
    assertEquals(3, checked, "the three dead letters");
  }

  private static JsonNode quarantinedOf(String postId) throws Exception {
    for (ConsumerRecord<byte[], byte[]> r : readAll(topics.quarantined.name())) {
      if (postId.equals(new String(r.key(), StandardCharsets.UTF_8))) {
        return Json.MAPPER.readTree(r.value());
      }
    }
    throw new AssertionError(postId + " not quarantined");
  }

  private static Sealed sealed(JsonNode n) {
    Base64.Decoder b64 = Base64.getDecoder();
    return new Sealed(
        n.path("keyId").asText(),
        b64.decode(n.path("nonce").asText()),
        b64.decode(n.path("data").asText()));
  }

  private static List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
    return KafkaTestSupport.readAll(
        broker.bootstrapServers(), topic, 0, Duration.ofSeconds(1), Duration.ofSeconds(20));
  }

  /**
   * Whether the bytes hold an author id or a post's marker, in clear or in any base64 string of
   * their JSON.
   */
  static boolean leaks(byte[] bytes) {
    String s = new String(bytes, StandardCharsets.UTF_8);
    if (s.contains("zzauthor") || s.contains("qqmark")) {
      return true;
    }
    try {
      JsonNode n = Json.MAPPER.readTree(bytes);
      return n != null && leaksInside(n);
    } catch (Exception e) {
      return false;
    }
  }

  private static boolean leaksDecoded(String text) {
    try {
      String decoded = new String(Base64.getDecoder().decode(text), StandardCharsets.UTF_8);
      return decoded.contains("zzauthor") || decoded.contains("qqmark");
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static boolean leaksInside(JsonNode n) {
    if (n.isTextual()) {
      String text = n.textValue();
      // A sealed note (SealedNote) is base64 after its prefix, a canned label maybe before it.
      int sealed = text.lastIndexOf(SealedNote.PREFIX);
      if (sealed >= 0 && leaksDecoded(text.substring(sealed + SealedNote.PREFIX.length()))) {
        return true;
      }
      return leaksDecoded(text);
    }
    for (Iterator<JsonNode> it = n.elements(); it.hasNext(); ) {
      if (leaksInside(it.next())) {
        return true;
      }
    }
    return false;
  }
}
