package dev.vigil.app.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.app.bench.Workload;
import dev.vigil.app.json.Json;
import dev.vigil.app.verify.TopicReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One app instance under load: posts arriving faster than it decides them (the lag grows, then
 * drains, nothing lost or skipped), a tenth of them poison of every kind, and records near the
 * broker's size limit.
 */
class LoadAndPoisonTest {
  @TempDir static Path dir;
  static FaultRig rig;
  static AppProcess app;

  /** Records submitted by all tests of this class, which share the app and its topics. */
  static final AtomicLong submitted = new AtomicLong();

  @BeforeAll
  static void start() throws Exception {
    rig = new FaultRig(dir, false, Map.of());
    app = rig.startApp("app");
    rig.awaitAppReady(Duration.ofSeconds(120));
  }

  @AfterAll
  static void stop() throws Exception {
    if (rig != null) {
      rig.close();
    }
  }

  @Test
  void postsArrivingFasterThanDecidedBuildLagThatDrainsWithNothingLostOrSkipped() throws Exception {
    long n = 10_000;
    Workload workload = new Workload(21, "burst", 0.005, rig.maxTextBytes);
    TopicReader reader = new TopicReader(dev.vigil.app.config.KafkaConnection.to(rig.bootstrap()));
    long maxLag = 0;
    try (Publisher platform =
        new Publisher(rig.bootstrap(), rig.topics.submitted.name(), workload, 0, n, 0)) {
      long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
      long lag;
      do {
        Thread.sleep(200);
        lag = reader.lag(FaultRig.APP_ID, rig.topics.submitted.name());
        maxLag = Math.max(maxLag, lag);
      } while ((platform.sent() < n || lag > 0) && System.nanoTime() < deadline);
      assertEquals(n, platform.await(60_000));
    }
    submitted.addAndGet(n);
    System.out.println("burst of " + n + ": largest lag seen " + maxLag);
    assertTrue(
        maxLag >= n / 5,
        "posts arrived faster than they were decided (largest lag " + maxLag + ")");
    assertEquals(0, reader.lag(FaultRig.APP_ID, rig.topics.submitted.name()), "the lag drained");
    rig.assertInvariant(submitted.get(), Duration.ofSeconds(180));
  }

  @Test
  void aTenthPoisonOfEveryKindUnderLoadIsDeadLetteredWithTheStreamRunning() throws Exception {
    long n = 8_000;
    Workload workload = new Workload(22, "poison", 0.10, rig.maxTextBytes);
    Map<String, Long> expected = new HashMap<>();
    Map<Workload.Kind, Long> kinds = new EnumMap<>(Workload.Kind.class);
    for (long i = 0; i < n; i++) {
      Workload.Kind kind = workload.record(i).kind();
      kinds.merge(kind, 1L, Long::sum);
      if (kind.isPoison()) {
        expected.merge(reasonOf(kind), 1L, Long::sum);
      }
    }
    assertEquals(
        Workload.Kind.values().length,
        kinds.size(),
        "every kind of poison is in the stream: " + kinds);
    try (Publisher platform =
        new Publisher(rig.bootstrap(), rig.topics.submitted.name(), workload, 0, n, 0)) {
      assertEquals(n, platform.await(120_000));
    }
    submitted.addAndGet(n);
    rig.assertInvariant(submitted.get(), Duration.ofSeconds(180));

    Map<String, Long> got = new HashMap<>();
    for (var r :
        new TopicReader(dev.vigil.app.config.KafkaConnection.to(rig.bootstrap()))
            .readAll(rig.topics.deadLetter.name(), Duration.ofMinutes(1))) {
      if (r.key() != null && new String(r.key(), StandardCharsets.UTF_8).startsWith("poison-")) {
        got.merge(Json.MAPPER.readTree(r.value()).path("reason").asText(), 1L, Long::sum);
      }
    }
    assertEquals(expected, got, "dead letters by reason");
    assertTrue(app.isAlive(), "no poison stopped the app");
  }

  @Test
  void anOverLongPostIsDeadLetteredWholeAndBigValidPostsPassIntact() throws Exception {
    // 900 KB of text: accepted by the broker (1 MB limit), over the 64 KiB text limit. Its dead
    // letter carries
    // the bytes base64-encoded, a third larger than the input itself.
    String overLong = post("big-overlong", "x".repeat(900 * 1024), null);
    // Valid posts (short text) with 600 KB of attributes: one allowed, one held for review, whose
    // quarantine
    // record holds the post twice (as JSON and as the original bytes).
    String bigClean =
        post(
            "big-clean",
            "Photos from the lantern festival are up on my page.",
            "a".repeat(600 * 1024));
    String bigReview = post("big-review", "专业征信修复，消除逾期记录。", "b".repeat(600 * 1024));
    List<byte[][]> records =
        List.of(
            kv("big-overlong", overLong), kv("big-clean", bigClean), kv("big-review", bigReview));
    dev.vigil.app.it.KafkaTestSupport.publish(
        rig.bootstrap(), rig.topics.submitted.name(), records);
    submitted.addAndGet(records.size());
    rig.assertInvariant(submitted.get(), Duration.ofSeconds(180));

    TopicReader reader = new TopicReader(dev.vigil.app.config.KafkaConnection.to(rig.bootstrap()));
    JsonNode deadLetter = null;
    for (var r : reader.readAll(rig.topics.deadLetter.name(), Duration.ofMinutes(1))) {
      if (r.key() != null && new String(r.key(), StandardCharsets.UTF_8).equals("big-overlong")) {
        deadLetter = Json.MAPPER.readTree(r.value());
      }
    }
    assertTrue(deadLetter != null, "the over-long post was dead-lettered");
    assertEquals("text_too_long", deadLetter.path("reason").asText());
    assertEquals(
        dev.vigil.app.events.DeadLetter.sha256(overLong.getBytes(StandardCharsets.UTF_8)),
        deadLetter.path("valueSha256").asText(),
        "dead-lettered whole, not truncated");
    assertTrue(deadLetter.path("value").path("data").isTextual(), "kept, sealed");
    assertFalse(deadLetter.toString().contains("author-"), "no author id in clear: " + deadLetter);
    assertTrue(app.isAlive());
  }

  private static byte[][] kv(String key, String value) {
    return new byte[][] {
      key.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8)
    };
  }

  private static String post(String id, String text, String attribute) {
    return "{\"postId\":\""
        + id
        + "\",\"authorId\":\"author-"
        + id
        + "\",\"text\":\""
        + text
        + "\""
        + (attribute == null ? "" : ",\"attributes\":{\"blob\":\"" + attribute + "\"}")
        + "}";
  }

  /** The dead-letter reason each poison kind must get. */
  static String reasonOf(Workload.Kind kind) {
    Map<Workload.Kind, String> m = new EnumMap<>(Workload.Kind.class);
    m.put(Workload.Kind.NULL_VALUE, "null_value");
    m.put(Workload.Kind.INVALID_UTF8, "invalid_utf8");
    m.put(Workload.Kind.MALFORMED_JSON, "malformed_json");
    m.put(Workload.Kind.NOT_AN_OBJECT, "not_an_object");
    m.put(Workload.Kind.MISSING_FIELD, "missing_field");
    m.put(Workload.Kind.WRONG_TYPE, "wrong_type");
    m.put(Workload.Kind.TEXT_TOO_LONG, "text_too_long");
    m.put(Workload.Kind.LONE_SURROGATE, "invalid_field");
    m.put(Workload.Kind.DUPLICATE_KEY, "malformed_json");
    return m.get(kind);
  }
}
