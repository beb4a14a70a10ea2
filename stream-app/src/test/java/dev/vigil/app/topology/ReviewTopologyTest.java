package dev.vigil.app.topology;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.app.events.AuditEvent;
import dev.vigil.app.events.DecisionEvent;
import dev.vigil.app.events.ReviewCommand;
import dev.vigil.app.events.ReviewCommand.Type;
import dev.vigil.app.events.ReviewItem;
import dev.vigil.app.events.ReviewResult;
import dev.vigil.app.events.ReviewResult.Status;
import dev.vigil.app.review.queue.CommandSignature;
import dev.vigil.app.topics.Topic;
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
import dev.vigil.core.report.ReportingPolicy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The review flow on TopologyTestDriver: claims and leases, decisions, escalation, audit, mass
 * revert.
 */
class ReviewTopologyTest {
  static final CommandSignature SIGNATURE = new CommandSignature(new byte[32]);
  private final InMemoryDataKeyStore keys =
      new InMemoryDataKeyStore(new MasterKeyWrapper(MasterKey.generate()));
  @TempDir java.nio.file.Path stateDir;
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private final Topics topics = Topics.defaults();
  private final List<String> reviewed = new ArrayList<>();
  private TopologyTestDriver driver;
  private TestInputTopic<byte[], byte[]> submitted;
  private TestInputTopic<String, ReviewCommand> actions;
  private final List<AuditEvent> audit = new ArrayList<>();
  private int commandSeq;
  private final TestClock clock = new TestClock(T0);

  @BeforeEach
  void setUp() {
    ReviewListener listener =
        new ReviewListener() {
          @Override
          public void reviewed(String role, String outcome, Duration sinceEnqueue) {
            reviewed.add(role + ":" + outcome);
          }
        };
    VigilTopology topology =
        new VigilTopology(
            new ModerationTopology(
                topics,
                new PostParser(4096),
                () -> KnownAnswerEngine.ENGINE,
                new Pseudonymizer(
                    "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8)),
                clock,
                ModerationListener.NONE,
                new EvidenceSettings(
                    keys,
                    LegalHoldPolicy.none(),
                    ReportingPolicy.defaults("test-platform"),
                    1,
                    r -> {})),
            new ReviewTopology(
                topics, ReviewTopology.Settings.defaults().withCommands(SIGNATURE), listener));
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "review-test");
    // Own state directory: the review stores are RocksDB, and /tmp/kafka-streams is shared by every
    // run.
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    driver = new TopologyTestDriver(topology.build(props), props, T0);
    submitted =
        driver.createInputTopic(
            topics.submitted.name(),
            topics.submitted.keySerde().serializer(),
            topics.submitted.valueSerde().serializer());
    actions =
        driver.createInputTopic(
            topics.reviewActions.name(),
            topics.reviewActions.keySerde().serializer(),
            topics.reviewActions.valueSerde().serializer());
  }

  @AfterEach
  void tearDown() {
    driver.close();
  }

  private static String post(String id, String text) {
    return "{\"postId\":\""
        + id
        + "\",\"authorId\":\"user-"
        + id
        + "\",\"text\":\""
        + text
        + "\", \"lang\": \"en\"}";
  }

  private void submit(String id, String value) {
    submitted.pipeInput(
        new TestRecord<>(
            id.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8), T0));
  }

  private ReviewResult command(Type type, String postId, String actor, String role, String reason) {
    return command(type, postId, actor, role, reason, null);
  }

  private ReviewResult command(
      Type type,
      String postId,
      String actor,
      String role,
      String reason,
      ReviewCommand.Revert revert) {
    String id = "cmd-" + (++commandSeq);
    actions.pipeInput(
        new TestRecord<>(
            postId,
            SIGNATURE.sign(
                new ReviewCommand(id, type, postId, actor, role, reason, driverNow(), revert)),
            driverNow()));
    List<ReviewResult> results =
        read(topics.reviewResults).stream().map(TestRecord::value).toList();
    assertEquals(1, results.size(), "one result per command");
    assertEquals(id, results.get(0).commandId());
    return results.get(0);
  }

  private Instant driverNow() {
    return T0;
  }

  private <V> List<TestRecord<String, V>> read(Topic<String, V> t) {
    TestOutputTopic<String, V> out =
        driver.createOutputTopic(
            t.name(), t.keySerde().deserializer(), t.valueSerde().deserializer());
    List<TestRecord<String, V>> records = out.readRecordsToList();
    if (t == topics.audit) {
      throw new IllegalStateException("use audit()");
    }
    return records;
  }

  /** Every audit event so far. */
  private List<AuditEvent> audit() {
    TestOutputTopic<String, AuditEvent> out =
        driver.createOutputTopic(
            topics.audit.name(),
            topics.audit.keySerde().deserializer(),
            topics.audit.valueSerde().deserializer());
    out.readRecordsToList().forEach(r -> audit.add(r.value()));
    return audit;
  }

  private KeyValueStore<String, ReviewItem> queueView() {
    return driver.getKeyValueStore(ReviewTopology.QUEUE_VIEW_STORE);
  }

  @Test
  void heldPostJoinsTheQueueSeenByEveryInstance() {
    submit("p1", post("p1", "please reviewme"));
    ReviewItem item = queueView().get("p1");
    assertNotNull(item);
    assertEquals("please reviewme", Opened.text(keys, item));
    assertEquals(ReviewItem.MODERATION, item.queue());
    assertEquals(Action.REVIEW, item.decision().action());
    assertNull(item.claim());
    assertEquals(1, read(topics.reviewQueue).size());
  }

  @Test
  void secondClaimConflictsUntilTheLeaseLapses() {
    submit("p1", post("p1", "please reviewme"));
    ReviewResult first = command(Type.CLAIM, "p1", "alice", "moderator", null);
    assertEquals(Status.APPLIED, first.status());
    assertEquals("alice", first.item().claim().user());
    assertEquals(T0.plus(Duration.ofMinutes(10)), first.item().claim().until());
    assertEquals("alice", queueView().get("p1").claim().user());

    ReviewResult second = command(Type.CLAIM, "p1", "bob", "moderator", null);
    assertEquals(Status.CONFLICT, second.status());
    assertEquals(409, second.status().httpStatus());
    assertTrue(second.message().contains("alice"));
    assertEquals(
        Status.CONFLICT, command(Type.APPROVE, "p1", "bob", "moderator", "looks fine").status());
    assertEquals(
        Status.APPLIED, command(Type.CLAIM, "p1", "alice", "moderator", null).status(), "renewal");

    clock.advance(Duration.ofMinutes(11));
    driver.advanceWallClockTime(Duration.ofMinutes(11));
    assertNull(queueView().get("p1").claim(), "lapsed lease released in the shared view");
    assertTrue(
        audit().stream()
            .anyMatch(a -> a.action().equals("lease_expired") && "p1".equals(a.postId())));
    assertEquals(Status.APPLIED, command(Type.CLAIM, "p1", "bob", "moderator", null).status());
    assertEquals(Status.CONFLICT, command(Type.CLAIM, "p1", "alice", "moderator", null).status());
  }

  @Test
  void approvePublishesTheExactSubmittedBytesOnce() {
    String value = post("p1", "please reviewme \\u00e9 ok");
    submit("p1", value);
    assertEquals(Status.APPLIED, command(Type.CLAIM, "p1", "alice", "moderator", null).status());
    assertEquals(
        Status.APPLIED, command(Type.APPROVE, "p1", "alice", "moderator", "not fraud").status());
    assertEquals(
        Status.CONFLICT, command(Type.APPROVE, "p1", "alice", "moderator", "again").status());
    assertEquals(
        Status.CONFLICT,
        command(Type.REJECT, "p1", "bob", "moderator", "changed my mind").status());

    List<TestRecord<String, byte[]>> published = read(topics.published);
    assertEquals(1, published.size());
    assertEquals("p1", published.get(0).key());
    assertArrayEquals(value.getBytes(StandardCharsets.UTF_8), published.get(0).value());
    assertNull(queueView().get("p1"), "decided posts leave the queue");
    assertEquals(1, read(topics.decisions).size(), "still exactly one decision record per post");
    assertTrue(read(topics.evidence).isEmpty());
    assertEquals(List.of("moderator:approve"), reviewed);
  }

  @Test
  void rejectTakesTheBlockPathWithEvidenceAndReport() {
    submit("p1", post("p1", "please reviewme"));
    assertEquals(
        Status.APPLIED,
        command(Type.REJECT, "p1", "alice", "moderator", "advance-fee scam").status());

    assertTrue(read(topics.published).isEmpty());
    List<TestRecord<String, EvidenceRecord>> evidence = read(topics.evidence);
    List<TestRecord<String, RegulatorReport>> reports = read(topics.reports);
    assertEquals(1, evidence.size());
    assertEquals(1, reports.size());
    assertTrue(
        evidence.get(0).value().evidence().blockedBy().startsWith("moderator"),
        evidence.get(0).value().evidence().blockedBy());
    assertEquals("p1", reports.get(0).value().postId());
    assertEquals(evidence.get(0).value().evidenceId(), reports.get(0).value().evidenceId());
    assertEquals("fraud", reports.get(0).value().category());
    List<TestRecord<String, DecisionEvent>> decisions = read(topics.decisions);
    assertEquals(1, decisions.size());
    assertEquals(
        Action.REVIEW, decisions.get(0).value().action(), "the engine's decision is the only one");
    assertEquals(Status.CONFLICT, command(Type.APPROVE, "p1", "bob", "moderator", "x").status());
    assertTrue(read(topics.published).isEmpty());
  }

  @Test
  void escalatedPostsAreForSeniorsOnly() {
    submit("p1", post("p1", "please reviewme"));
    command(Type.CLAIM, "p1", "alice", "moderator", null);
    ReviewResult esc = command(Type.ESCALATE, "p1", "alice", "moderator", "needs legal");
    assertEquals(Status.APPLIED, esc.status());
    assertEquals(ReviewItem.SENIOR, esc.item().queue());
    assertNull(esc.item().claim(), "escalation releases the claim");
    assertEquals(ReviewItem.SENIOR, queueView().get("p1").queue());

    assertEquals(Status.FORBIDDEN, command(Type.CLAIM, "p1", "bob", "moderator", null).status());
    assertEquals(Status.FORBIDDEN, command(Type.APPROVE, "p1", "bob", "moderator", "x").status());
    assertEquals(Status.FORBIDDEN, command(Type.CLAIM, "p1", "ann", "auditor", null).status());
    assertEquals(Status.APPLIED, command(Type.CLAIM, "p1", "sue", "senior", null).status());
    assertEquals(Status.APPLIED, command(Type.APPROVE, "p1", "sue", "senior", "satire").status());
    assertEquals(1, read(topics.published).size());
    assertEquals(List.of("moderator:escalate", "senior:approve"), reviewed);
  }

  @Test
  void skipAndCommentsAreRecorded() {
    submit("p1", post("p1", "please reviewme"));
    assertEquals(Status.CONFLICT, command(Type.SKIP, "p1", "alice", "moderator", null).status());
    command(Type.CLAIM, "p1", "alice", "moderator", null);
    ReviewResult commented =
        command(Type.COMMENT, "p1", "alice", "moderator", "<b>seen before</b>");
    assertEquals(Status.APPLIED, commented.status());
    assertEquals("<b>seen before</b>", commented.item().comments().get(0).text());
    assertEquals(Status.INVALID, command(Type.COMMENT, "p1", "alice", "moderator", " ").status());
    assertEquals(Status.APPLIED, command(Type.SKIP, "p1", "alice", "moderator", null).status());
    assertNull(queueView().get("p1").claim());
    assertEquals(1, queueView().get("p1").comments().size());
    assertEquals(Status.APPLIED, command(Type.CLAIM, "p1", "bob", "moderator", null).status());
  }

  @Test
  void everyActionIsAuditedWithWhoWhatWhenAndWhy() {
    submit("p1", post("p1", "please reviewme"));
    command(Type.CLAIM, "p1", "alice", "moderator", null);
    command(Type.CLAIM, "p1", "bob", "moderator", null);
    command(Type.COMMENT, "p1", "alice", "moderator", "hmm");
    command(Type.REJECT, "p1", "alice", "moderator", "scam");
    command(Type.APPROVE, "nope", "alice", "moderator", "x");
    actions.pipeInput(new TestRecord<>("p9", (ReviewCommand) null, T0));

    List<AuditEvent> a = audit();
    assertEquals(
        List.of("claim", "claim", "comment", "reject", "approve", "invalid_command"),
        a.stream().map(AuditEvent::action).toList());
    assertEquals(
        List.of("applied", "conflict", "applied", "applied", "not_found", "invalid"),
        a.stream().map(AuditEvent::result).toList());
    AuditEvent reject = a.get(3);
    assertEquals("alice", reject.actor());
    assertEquals("moderator", reject.role());
    assertEquals("p1", reject.postId());
    assertEquals("scam", reject.reason());
    assertEquals(T0, reject.at());
    assertNotNull(reject.commandId());
    assertEquals("bob", a.get(1).actor());
  }

  @Test
  void aCommandKeyedByAnotherPostIsRefused() {
    submit("p1", post("p1", "please reviewme"));
    actions.pipeInput(
        new TestRecord<>(
            "p2",
            SIGNATURE.sign(
                new ReviewCommand(
                    "cmd-x", Type.APPROVE, "p1", "alice", "moderator", "x", T0, null)),
            T0));
    ReviewResult r = read(topics.reviewResults).get(0).value();
    assertEquals(Status.INVALID, r.status());
    assertTrue(read(topics.published).isEmpty());
  }

  @Test
  void aForgedOrAlteredCommandIsRefusedAndAuditedAsRefused() {
    submit("p1", post("p1", "please reviewme"));
    ReviewCommand unsigned =
        new ReviewCommand("forged-1", Type.APPROVE, "p1", "mallory", "admin", "x", T0, null);
    ReviewCommand otherKey =
        new CommandSignature(
                new byte[] {
                  1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23,
                  24, 25, 26, 27, 28, 29, 30, 31, 32
                })
            .sign(
                new ReviewCommand(
                    "forged-2", Type.APPROVE, "p1", "mallory", "admin", "x", T0, null));
    // Signed for alice the moderator, then rewritten to claim the admin role.
    ReviewCommand altered =
        new ReviewCommand(
            "forged-3",
            Type.APPROVE,
            "p1",
            "alice",
            "admin",
            "x",
            T0,
            null,
            SIGNATURE
                .sign(
                    new ReviewCommand(
                        "forged-3", Type.APPROVE, "p1", "alice", "moderator", "x", T0, null))
                .signature());
    for (ReviewCommand c : List.of(unsigned, otherKey, altered)) {
      actions.pipeInput(new TestRecord<>("p1", c, T0));
    }
    List<ReviewResult> results =
        read(topics.reviewResults).stream().map(TestRecord::value).toList();
    assertEquals(3, results.size());
    for (ReviewResult r : results) {
      assertEquals(Status.FORBIDDEN, r.status(), r.message());
      assertTrue(r.message().contains("not signed"), r.message());
    }
    assertTrue(read(topics.published).isEmpty(), "nothing published");
    List<AuditEvent> audit = audit();
    assertEquals(
        List.of("forbidden", "forbidden", "forbidden"),
        audit.stream().map(AuditEvent::result).toList());
    assertNotNull(queueView().get("p1"), "still waiting for a real moderator");
  }

  @Test
  void massRevertSendsTheRulesBlocksInTheWindowBackForReview() {
    String value = post("b1", "sell blockme now");
    submit("b1", value);
    submit("b2", post("b2", "another blockme"));
    submit("ok", post("ok", "hello"));
    assertEquals(2, read(topics.evidence).size());
    assertEquals(2, read(topics.reports).size());
    assertTrue(read(topics.published).stream().allMatch(r -> r.key().equals("ok")));
    assertNull(queueView().get("b1"));

    ReviewCommand.Revert wrongRule =
        new ReviewCommand.Revert("kw.other", T0, T0.plusSeconds(60), 1);
    assertEquals(0, command(Type.REVERT, null, "sue", "senior", "bad rule", wrongRule).count());
    ReviewCommand.Revert outside =
        new ReviewCommand.Revert("kw.test", T0.plusSeconds(2), T0.plusSeconds(60), 1);
    assertEquals(0, command(Type.REVERT, null, "sue", "senior", "bad rule", outside).count());
    ReviewCommand.Revert revert = new ReviewCommand.Revert("kw.test", T0, T0.plusSeconds(60), 1);
    assertEquals(
        Status.FORBIDDEN,
        command(Type.REVERT, null, "alice", "moderator", "bad rule", revert).status());
    ReviewResult done = command(Type.REVERT, null, "sue", "senior", "kw.test over-matches", revert);
    assertEquals(Status.APPLIED, done.status());
    assertEquals(2, done.count());
    assertEquals(ReviewItem.FROM_REVERT, queueView().get("b1").origin());
    assertEquals(
        0, command(Type.REVERT, null, "sue", "senior", "again", revert).count(), "reverted once");

    assertEquals(
        Status.APPLIED, command(Type.APPROVE, "b1", "alice", "moderator", "was fine").status());
    List<TestRecord<String, byte[]>> published = read(topics.published);
    assertEquals(1, published.size());
    assertArrayEquals(value.getBytes(StandardCharsets.UTF_8), published.get(0).value());
    assertEquals(
        Status.APPLIED, command(Type.REJECT, "b2", "alice", "moderator", "really bad").status());
    assertTrue(read(topics.evidence).isEmpty(), "an upheld block files no second evidence");
    assertTrue(read(topics.reports).isEmpty());
    assertEquals(
        2, audit().stream().filter(e -> e.action().equals("requeue")).count(), audit().toString());
  }
}
