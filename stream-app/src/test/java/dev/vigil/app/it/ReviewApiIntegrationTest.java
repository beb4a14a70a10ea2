package dev.vigil.app.it;

import static dev.vigil.app.it.ReviewFixture.basic;
import static dev.vigil.app.it.ReviewFixture.call;
import static dev.vigil.app.it.ReviewFixture.post;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.app.VigilApp;
import dev.vigil.app.broker.EmbeddedBroker;
import dev.vigil.app.events.SealedNote;
import dev.vigil.app.it.ReviewFixture.Reply;
import dev.vigil.app.json.Json;
import dev.vigil.app.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The review API on a real broker with two app instances sharing the work: concurrent claims from
 * both, 409s, decisions flowing to the right topics exactly once, auth, CSRF, escalation, mass
 * revert and the audit trail.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReviewApiIntegrationTest {
  @TempDir static Path dir;
  static EmbeddedBroker broker;
  static VigilApp one;
  static VigilApp two;
  static String base1;
  static String base2;
  static Topics topics;

  @BeforeAll
  static void start() throws Exception {
    broker = new EmbeddedBroker(0, dir.resolve("kafka")).start();
    Path users = ReviewFixture.usersFile(dir);
    one = ReviewFixture.startApp(broker, dir.resolve("app1"), users, Map.of());
    // Instance two also trusts an authenticating proxy on loopback.
    two =
        ReviewFixture.startApp(
            broker,
            dir.resolve("app2"),
            users,
            Map.of(
                dev.vigil.app.config.AppConfig.PROXY_USER_HEADER, "X-Vigil-User",
                dev.vigil.app.config.AppConfig.PROXY_ADDRESSES, "127.0.0.1"));
    assertTrue(one.awaitRunning(Duration.ofSeconds(90)), "instance 1 not RUNNING");
    assertTrue(two.awaitRunning(Duration.ofSeconds(90)), "instance 2 not RUNNING");
    base1 = "http://127.0.0.1:" + one.boundHttpPort();
    base2 = "http://127.0.0.1:" + two.boundHttpPort();
    topics = one.topics();
  }

  @AfterAll
  static void stop() {
    for (AutoCloseable c : new AutoCloseable[] {two, one, broker}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        // best effort
      }
    }
  }

  private static void publish(String... idAndText) {
    List<byte[][]> records = new ArrayList<>();
    for (int i = 0; i + 1 < idAndText.length; i += 2) {
      records.add(new byte[][] {bytes(idAndText[i]), bytes(post(idAndText[i], idAndText[i + 1]))});
    }
    KafkaTestSupport.publish(broker.bootstrapServers(), topics.submitted.name(), records);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Waits until every id is in the queue as seen by {@code base} (as {@code user}); returns the
   * items by id.
   */
  static Map<String, JsonNode> awaitQueued(String base, String user, String... ids)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    Map<String, JsonNode> seen = new java.util.HashMap<>();
    while (System.nanoTime() < deadline) {
      Reply r = call(base, "GET", "/api/queue", null, "Authorization", basic(user));
      seen.clear();
      if (r.status() == 200) {
        r.json().get("items").forEach(i -> seen.put(i.get("postId").textValue(), i));
        if (seen.keySet().containsAll(List.of(ids))) {
          return seen;
        }
      }
      Thread.sleep(250);
    }
    throw new AssertionError("not all of " + List.of(ids) + " queued; saw " + seen.keySet());
  }

  /** Waits until the queue as seen by {@code base} holds at least {@code n} items. */
  static void awaitQueuedCount(String base, String user, int n) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    int seen = 0;
    while (System.nanoTime() < deadline) {
      Reply r = call(base, "GET", "/api/queue", null, "Authorization", basic(user));
      if (r.status() == 200 && (seen = r.json().get("items").size()) >= n) {
        return;
      }
      Thread.sleep(250);
    }
    throw new AssertionError("queue holds " + seen + " items, not " + n);
  }

  private static Reply claim(String base, String user, String postId) {
    return call(
        base, "POST", "/api/queue/" + postId + "/claim", null, "Authorization", basic(user));
  }

  private static Reply decide(
      String base, String user, String postId, String action, String reason) {
    String body = Json.object().put("action", action).put("reason", reason).toString();
    return call(
        base, "POST", "/api/queue/" + postId + "/decision", body, "Authorization", basic(user));
  }

  private static List<ConsumerRecord<byte[], byte[]>> records(
      String topic, String key, int atLeast) {
    return KafkaTestSupport.readAll(
            broker.bootstrapServers(),
            topic,
            atLeast,
            Duration.ofSeconds(1),
            Duration.ofSeconds(30))
        .stream()
        .filter(r -> key.equals(new String(r.key(), StandardCharsets.UTF_8)))
        .toList();
  }

  @Test
  void concurrentClaimsFromTwoInstancesHaveExactlyOneWinner() throws Exception {
    String[] ids = {"cc-1", "cc-2", "cc-3", "cc-4", "cc-5", "cc-6"};
    List<String> posts = new ArrayList<>();
    for (String id : ids) {
      posts.add(id);
      posts.add("please reviewme " + id);
    }
    publish(posts.toArray(String[]::new));
    awaitQueued(base1, "alice", ids);
    awaitQueued(base2, "bob", ids);

    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (String id : ids) {
        CountDownLatch go = new CountDownLatch(1);
        Future<Reply> a =
            pool.submit(
                () -> {
                  go.await();
                  return claim(base1, "alice", id);
                });
        Future<Reply> b =
            pool.submit(
                () -> {
                  go.await();
                  return claim(base2, "bob", id);
                });
        go.countDown();
        Set<Integer> statuses = Set.of(a.get().status(), b.get().status());
        assertEquals(Set.of(200, 409), statuses, id + ": one claim wins, the other gets 409");
        Reply winner = a.get().status() == 200 ? a.get() : b.get();
        Reply loser = a.get().status() == 200 ? b.get() : a.get();
        String holder = winner == a.get() ? "alice" : "bob";
        assertEquals(holder, winner.json().get("item").get("claim").get("user").textValue());
        assertTrue(loser.json().get("error").textValue().contains(holder), loser.json().toString());
        // Whoever did not win cannot decide it either, from either instance.
        String other = holder.equals("alice") ? "bob" : "alice";
        assertEquals(409, decide(base1, other, id, "approve", "mine now").status());
        assertEquals(409, claim(base2, other, id).status(), "a second claim gets 409");
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aCommandWrittenStraightToTheTopicIsRefusedAndAudited() throws Exception {
    publish("fg-1", "reviewme: forge me");
    awaitQueued(base1, "alice", "fg-1");
    // Anyone with write access to review.actions, claiming to be an admin: no API signed it.
    String forged =
        Json.MAPPER.writeValueAsString(
            new dev.vigil.app.events.ReviewCommand(
                "forged-it-1",
                dev.vigil.app.events.ReviewCommand.Type.APPROVE,
                "fg-1",
                "mallory",
                "admin",
                "looks fine",
                java.time.Instant.now(),
                null));
    KafkaTestSupport.publish(
        broker.bootstrapServers(),
        topics.reviewActions.name(),
        List.<byte[][]>of(new byte[][] {bytes("fg-1"), bytes(forged)}));
    JsonNode result = null;
    for (ConsumerRecord<byte[], byte[]> r :
        records(topics.reviewResults.name(), "forged-it-1", 1)) {
      result = Json.MAPPER.readTree(r.value());
    }
    assertNotNull(result, "the forged command was answered");
    assertEquals("FORBIDDEN", result.get("status").textValue(), result.toString());
    JsonNode audit = null;
    for (ConsumerRecord<byte[], byte[]> r : records(topics.audit.name(), "fg-1", 1)) {
      JsonNode a = Json.MAPPER.readTree(r.value());
      if ("forged-it-1".equals(a.path("commandId").textValue())) {
        audit = a;
      }
    }
    assertNotNull(audit, "audited");
    assertEquals("forbidden", audit.get("result").textValue());
    assertEquals("mallory", audit.get("actor").textValue());
    assertTrue(records(topics.published.name(), "fg-1", 0).isEmpty(), "not published");
    awaitQueued(base1, "alice", "fg-1");
  }

  @Test
  void approvePublishesOnceAndRejectTakesTheBlockPath() throws Exception {
    publish("ap-1", "reviewme: approve me", "rj-1", "reviewme: reject me");
    awaitQueued(base1, "alice", "ap-1", "rj-1");
    assertEquals(200, claim(base1, "alice", "ap-1").status());
    Reply approved = decide(base2, "alice", "ap-1", "approve", "harmless");
    assertEquals(200, approved.status(), approved.json().toString());
    assertEquals(409, decide(base1, "alice", "ap-1", "approve", "again").status());
    assertEquals(409, decide(base2, "bob", "ap-1", "reject", "no").status());
    Reply rejected = decide(base2, "bob", "rj-1", "reject", "advance-fee fraud");
    assertEquals(200, rejected.status(), rejected.json().toString());
    assertEquals(400, decide(base1, "bob", "rj-1", "delete", "x").status());
    assertEquals(
        400,
        call(
                base1,
                "POST",
                "/api/queue/rj-1/decision",
                "{\"action\":\"approve\"}",
                "Authorization",
                basic("bob"))
            .status(),
        "reason required");

    List<ConsumerRecord<byte[], byte[]>> published = records(topics.published.name(), "ap-1", 1);
    assertEquals(1, published.size(), "approved post published exactly once");
    assertArrayEquals(
        bytes(post("ap-1", "reviewme: approve me")),
        published.get(0).value(),
        "bytes as submitted");
    assertTrue(
        records(topics.published.name(), "rj-1", 0).isEmpty(), "rejected post never published");
    assertEquals(1, records(topics.evidence.name(), "rj-1", 1).size(), "evidence for the reject");
    assertEquals(1, records(topics.reports.name(), "rj-1", 1).size(), "report for the reject");
    assertTrue(records(topics.evidence.name(), "ap-1", 0).isEmpty());
    assertEquals(
        1,
        records(topics.decisions.name(), "rj-1", 1).size(),
        "still one decision record per post");

    Set<String> actions = new HashSet<>();
    for (ConsumerRecord<byte[], byte[]> r : records(topics.audit.name(), "ap-1", 4)) {
      JsonNode a = Json.MAPPER.readTree(r.value());
      actions.add(
          a.get("action").textValue()
              + ":"
              + a.get("result").textValue()
              + ":"
              + a.get("actor").textValue());
      assertNotNull(a.get("at").textValue());
    }
    assertEquals(
        Set.of(
            "claim:applied:alice",
            "approve:applied:alice",
            "approve:conflict:alice",
            "reject:conflict:bob"),
        actions);
    JsonNode rejectAudit =
        Json.MAPPER.readTree(records(topics.audit.name(), "rj-1", 1).get(0).value());
    // The moderator's reason is sealed on the topic (it may quote the post) and opened by the
    // audit page for its reader, whose read of it is itself audited (read_notes).
    String rawReason = rejectAudit.get("reason").textValue();
    assertTrue(SealedNote.isSealed(rawReason), rawReason);
    assertFalse(rawReason.contains("advance-fee"), rawReason);
    assertEquals("moderator", rejectAudit.get("role").textValue());
    List<String> reasons = new ArrayList<>();
    Instant until = Instant.now().plusSeconds(30);
    while (!reasons.contains("advance-fee fraud") && Instant.now().isBefore(until)) {
      Reply page =
          call(base1, "GET", "/api/audit?postId=rj-1", null, "Authorization", basic("ann"));
      assertEquals(200, page.status(), page.json().toString());
      reasons.clear();
      page.json().get("entries").forEach(e -> reasons.add(e.path("reason").asText()));
      if (!reasons.contains("advance-fee fraud")) {
        Thread.sleep(200);
      }
    }
    assertTrue(reasons.contains("advance-fee fraud"), reasons.toString());
    boolean readNotes = false;
    while (!readNotes && Instant.now().isBefore(until)) {
      for (ConsumerRecord<byte[], byte[]> r : records(topics.audit.name(), "user:ann", 1)) {
        readNotes |= "read_notes".equals(Json.MAPPER.readTree(r.value()).path("action").asText());
      }
    }
    assertTrue(readNotes, "the audit page's read of the notes is audited");

    String metrics =
        call(base1, "GET", "/metrics", null).raw().body()
            + call(base2, "GET", "/metrics", null).raw().body();
    assertTrue(
        metrics.contains("vigil_review_decisions_total{outcome=\"approve\",role=\"moderator\"}"),
        "decisions counted");
    assertTrue(
        metrics.contains("vigil_review_time_to_decision_seconds_bucket"),
        "time to decision histogram");
    assertTrue(metrics.contains("vigil_review_queue_depth{queue=\"moderation\"}"), "queue depth");
    assertTrue(
        metrics.contains("vigil_review_queue_oldest_age_seconds{queue=\"senior\"}"), "oldest age");
  }

  @Test
  void rolesAuthenticationAndEscalation() throws Exception {
    publish("es-1", "reviewme: escalate me");
    awaitQueued(base1, "alice", "es-1");
    assertEquals(401, call(base1, "GET", "/api/queue", null).status());
    assertEquals(
        401,
        call(
                base1,
                "GET",
                "/api/queue",
                null,
                "Authorization",
                "Basic " + java.util.Base64.getEncoder().encodeToString(bytes("alice:wrong")))
            .status());
    assertFalse(
        call(base1, "GET", "/api/queue", null)
            .raw()
            .headers()
            .firstValue("WWW-Authenticate")
            .isPresent(),
        "never a Basic challenge");
    assertEquals(403, claim(base1, "ann", "es-1").status(), "auditors decide nothing");
    assertEquals(404, claim(base1, "alice", "no-such-post").status());

    Reply esc = decide(base1, "alice", "es-1", "escalate", "needs a senior");
    assertEquals(200, esc.status(), esc.json().toString());
    Thread.sleep(500);
    assertEquals(
        403, claim(base2, "bob", "es-1").status(), "moderators cannot work the senior queue");
    assertEquals(
        403,
        call(base1, "GET", "/api/queue?queue=senior", null, "Authorization", basic("alice"))
            .status());
    awaitQueued(base2, "sue", "es-1");
    assertEquals("senior", awaitQueued(base1, "ann", "es-1").get("es-1").get("queue").textValue());
    assertEquals(200, claim(base2, "sue", "es-1").status());
    assertEquals(200, decide(base2, "sue", "es-1", "approve", "satire, fine").status());

    Reply audit = call(base1, "GET", "/api/audit?postId=es-1", null, "Authorization", basic("ann"));
    assertEquals(200, audit.status());
    List<String> trail = new ArrayList<>();
    audit
        .json()
        .get("entries")
        .forEach(e -> trail.add(e.get("action").textValue() + ":" + e.get("result").textValue()));
    assertTrue(
        trail.containsAll(
            List.of("claim:forbidden", "escalate:applied", "claim:applied", "approve:applied")),
        trail.toString());
    assertEquals(
        403, call(base1, "GET", "/api/audit", null, "Authorization", basic("alice")).status());
  }

  @Test
  void browserSessionsNeedTheCsrfTokenAndSameOrigin() throws Exception {
    publish("cs-1", "reviewme: session");
    awaitQueued(base1, "alice", "cs-1");
    String login =
        Json.object().put("name", "bob").put("password", ReviewFixture.PASSWORD).toString();
    assertEquals(
        403, call(base1, "POST", "/api/session", login).status(), "login needs X-Requested-By");
    assertEquals(
        403,
        call(
                base1,
                "POST",
                "/api/session",
                login,
                "X-Requested-By",
                "t",
                "Origin",
                "http://evil.example")
            .status());
    Reply in = call(base1, "POST", "/api/session", login, "X-Requested-By", "t");
    assertEquals(200, in.status(), in.json().toString());
    String cookieHeader = in.raw().headers().firstValue("Set-Cookie").orElseThrow();
    assertTrue(
        cookieHeader.contains("HttpOnly") && cookieHeader.contains("SameSite=Strict"),
        cookieHeader);
    String cookie = cookieHeader.substring(0, cookieHeader.indexOf(';'));
    String csrf = in.json().get("csrfToken").textValue();

    assertEquals(200, call(base1, "GET", "/api/queue", null, "Cookie", cookie).status());
    assertEquals(
        403,
        call(base1, "POST", "/api/queue/cs-1/claim", null, "Cookie", cookie).status(),
        "no CSRF token");
    assertEquals(
        403,
        call(
                base1,
                "POST",
                "/api/queue/cs-1/claim",
                null,
                "Cookie",
                cookie,
                "X-CSRF-Token",
                "forged")
            .status());
    assertEquals(
        403,
        call(
                base1,
                "POST",
                "/api/queue/cs-1/claim",
                null,
                "Cookie",
                cookie,
                "X-CSRF-Token",
                csrf,
                "Sec-Fetch-Site",
                "cross-site")
            .status());
    assertEquals(
        200,
        call(base1, "POST", "/api/queue/cs-1/claim", null, "Cookie", cookie, "X-CSRF-Token", csrf)
            .status());
    assertEquals(
        401,
        call(base2, "GET", "/api/queue", null, "Cookie", cookie).status(),
        "sessions are per instance");
    assertEquals(204, call(base1, "DELETE", "/api/session", null, "Cookie", cookie).status());
    assertEquals(401, call(base1, "GET", "/api/queue", null, "Cookie", cookie).status());

    for (int i = 0; i < 6; i++) {
      call(
          base1,
          "POST",
          "/api/session",
          Json.object().put("name", "tim").put("password", "nope").toString(),
          "X-Requested-By",
          "t");
    }
    String timLogin =
        Json.object().put("name", "tim").put("password", ReviewFixture.PASSWORD).toString();
    Reply throttled = call(base1, "POST", "/api/session", timLogin, "X-Requested-By", "t");
    assertEquals(
        429, throttled.status(), "throttled after repeated failures, even with the right password");
    assertTrue(throttled.raw().headers().firstValue("Retry-After").isPresent());
    assertEquals(
        429,
        call(base1, "GET", "/api/queue", null, "Authorization", basic("tim")).status(),
        "Basic too");
    // The queue bob listed showed previews of post text: a read, audited under his name too.
    assertEquals(
        Set.of("login:applied", "list_previews:applied", "logout:applied"), loginAudit("user:bob"));
    assertEquals(Set.of("login:denied", "login:throttled"), loginAudit("user:tim"));

    Reply page = call(base1, "GET", "/", null);
    assertEquals(200, page.status());
    String csp = page.raw().headers().firstValue("Content-Security-Policy").orElseThrow();
    assertTrue(
        csp.contains("script-src 'self'")
            && csp.contains("frame-ancestors 'none'")
            && !csp.contains("unsafe"),
        csp);
    assertEquals(
        "nosniff", page.raw().headers().firstValue("X-Content-Type-Options").orElseThrow());
    assertEquals("no-referrer", page.raw().headers().firstValue("Referrer-Policy").orElseThrow());
  }

  private static Set<String> loginAudit(String key) throws java.io.IOException {
    Set<String> seen = new HashSet<>();
    for (ConsumerRecord<byte[], byte[]> r : records(topics.audit.name(), key, 2)) {
      JsonNode a = Json.MAPPER.readTree(r.value());
      seen.add(a.get("action").textValue() + ":" + a.get("result").textValue());
      assertFalse(
          new String(r.value(), StandardCharsets.UTF_8).contains("nope"),
          "no password in the audit");
    }
    return seen;
  }

  @Test
  void aUserRemovedFromTheUsersFileLosesSessionsAndCachedLogins() throws Exception {
    Path file = dir.resolve("users.txt");
    dev.vigil.app.auth.UsersFile users = dev.vigil.app.auth.UsersFile.read(file);
    String hash = users.get("alice").orElseThrow().passwordHash();
    users.put(
        new dev.vigil.app.auth.UsersFile.User("dan", dev.vigil.app.auth.Role.MODERATOR, hash));
    users.write(file);
    Reply in =
        call(
            base1,
            "POST",
            "/api/session",
            Json.object().put("name", "dan").put("password", ReviewFixture.PASSWORD).toString(),
            "X-Requested-By",
            "t");
    assertEquals(200, in.status(), in.json().toString());
    String cookie = in.raw().headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
    assertEquals(200, call(base1, "GET", "/api/queue", null, "Cookie", cookie).status());
    assertEquals(
        200, call(base2, "GET", "/api/queue", null, "Authorization", basic("dan")).status());

    Thread.sleep(20); // a new modification time for the rewrite
    dev.vigil.app.auth.UsersFile without = dev.vigil.app.auth.UsersFile.empty();
    users.users().stream().filter(u -> !u.name().equals("dan")).forEach(without::put);
    without.write(file);
    assertEquals(
        401, call(base1, "GET", "/api/queue", null, "Cookie", cookie).status(), "session ended");
    assertEquals(
        401,
        call(base2, "GET", "/api/queue", null, "Authorization", basic("dan")).status(),
        "cached Basic login dropped");
    assertEquals(
        200, call(base2, "GET", "/api/queue", null, "Authorization", basic("alice")).status());
  }

  @Test
  void aTrustedProxysHeadersAuthenticateOnlyWhereConfigured() throws Exception {
    publish("px-1", "reviewme via proxy");
    awaitQueued(base2, "alice", "px-1");
    Reply me =
        call(
            base2,
            "GET",
            "/api/session",
            null,
            "X-Vigil-User",
            "carol",
            "X-Vigil-Role",
            "moderator");
    assertEquals(200, me.status(), me.json().toString());
    assertEquals("carol", me.json().get("user").textValue());
    assertEquals("proxy", me.json().get("auth").textValue());
    assertEquals(
        401,
        call(
                base1,
                "GET",
                "/api/session",
                null,
                "X-Vigil-User",
                "carol",
                "X-Vigil-Role",
                "moderator")
            .status(),
        "not configured on instance 1");
    assertEquals(
        403,
        call(base2, "GET", "/api/queue", null, "X-Vigil-User", "carol", "X-Vigil-Role", "superuser")
            .status());
    assertEquals(
        403,
        call(
                base2,
                "POST",
                "/api/queue/px-1/claim",
                null,
                "X-Vigil-User",
                "carol",
                "X-Vigil-Role",
                "moderator")
            .status(),
        "needs X-Requested-By");
    Reply claimed =
        call(
            base2,
            "POST",
            "/api/queue/px-1/claim",
            null,
            "X-Vigil-User",
            "carol",
            "X-Vigil-Role",
            "moderator",
            "X-Requested-By",
            "proxy-test");
    assertEquals(200, claimed.status(), claimed.json().toString());
    assertEquals("carol", claimed.json().get("item").get("claim").get("user").textValue());
    assertEquals(409, claim(base1, "alice", "px-1").status());
  }

  @Test
  void massRevertSendsARulesBlocksBackForReview() throws Exception {
    Instant before = Instant.now().minusSeconds(1);
    publish("rv-1", "sell blockme cheap", "rv-2", "more blockme", "rv-ok", "hello");
    for (String id : List.of("rv-1", "rv-2")) {
      assertEquals(1, records(topics.evidence.name(), id, 1).size());
    }
    String window =
        Json.object()
            .put("from", before.toString())
            .put("to", Instant.now().plusSeconds(1).toString())
            .put("reason", "kw.test over-blocks")
            .toString();
    assertEquals(
        403,
        call(base1, "POST", "/api/rules/kw.test/revert", window, "Authorization", basic("alice"))
            .status());
    Reply reverted =
        call(base1, "POST", "/api/rules/kw.test/revert", window, "Authorization", basic("sue"));
    assertEquals(200, reverted.status(), reverted.json().toString());
    assertEquals(2, reverted.json().get("requeued").intValue());
    Map<String, JsonNode> queued = awaitQueued(base2, "alice", "rv-1", "rv-2");
    assertEquals("revert", queued.get("rv-1").get("origin").textValue());
    assertEquals(
        0,
        call(base2, "POST", "/api/rules/kw.test/revert", window, "Authorization", basic("sue"))
            .json()
            .get("requeued")
            .intValue());

    assertEquals(200, decide(base2, "alice", "rv-1", "approve", "was fine after all").status());
    List<ConsumerRecord<byte[], byte[]>> published = records(topics.published.name(), "rv-1", 1);
    assertEquals(1, published.size());
    assertArrayEquals(bytes(post("rv-1", "sell blockme cheap")), published.get(0).value());
  }

  /**
   * Last, over everything the other tests did: approves, rejects, a forged command, escalations, a
   * mass revert and an approve after it. {@code verify} must understand every moderator outcome.
   */
  @Test
  @Order(Integer.MAX_VALUE)
  void verifyHoldsAfterEveryModeratorOutcome() throws Exception {
    dev.vigil.app.verify.InvariantReport report =
        new dev.vigil.app.verify.InvariantCheck(
                dev.vigil.app.config.KafkaConnection.to(broker.bootstrapServers()),
                topics,
                new dev.vigil.core.post.PostParser(64 * 1024))
            .awaitOk(Duration.ofSeconds(60));
    assertTrue(report.ok(), report.summary());
    assertTrue(
        report.moderatorOutcomes().getOrDefault("approve", 0L) >= 3
            && report.moderatorOutcomes().getOrDefault("reject", 0L) >= 1
            && report.moderatorOutcomes().getOrDefault("revert", 0L) >= 1,
        report.summary());
  }
}
