package dev.vigil.app.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.app.events.AuditEvent;
import dev.vigil.app.events.DeadLetter;
import dev.vigil.app.events.DecisionEvent;
import dev.vigil.app.events.RescanHit;
import dev.vigil.app.events.ReviewCommand;
import dev.vigil.app.events.ReviewCommand.Type;
import dev.vigil.app.events.ReviewItem;
import dev.vigil.app.events.ReviewResult;
import dev.vigil.app.events.ReviewResult.Status;
import dev.vigil.app.events.SealedBytes;
import dev.vigil.app.events.Takedown;
import dev.vigil.app.json.Json;
import dev.vigil.app.review.QueueView;
import dev.vigil.app.review.queue.CommandSignature;
import dev.vigil.app.topics.Topic;
import dev.vigil.app.topics.Topics;
import dev.vigil.core.evidence.ContentSealer;
import dev.vigil.core.evidence.EvidenceRecord;
import dev.vigil.core.evidence.InMemoryDataKeyStore;
import dev.vigil.core.evidence.LegalHoldPolicy;
import dev.vigil.core.evidence.MasterKey;
import dev.vigil.core.evidence.MasterKeyWrapper;
import dev.vigil.core.policy.Action;
import dev.vigil.core.policy.Decision;
import dev.vigil.core.policy.Match;
import dev.vigil.core.policy.MatchKind;
import dev.vigil.core.post.PostParser;
import dev.vigil.core.privacy.AuthorId;
import dev.vigil.core.privacy.Pseudonym;
import dev.vigil.core.privacy.Pseudonymizer;
import dev.vigil.core.report.RegulatorReport;
import dev.vigil.core.report.ReportingPolicy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.TreeSet;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The review side of rescans (issue 20 item 3) on TopologyTestDriver: a hit on {@code
 * posts.rescans} becomes one queue item of origin {@code rescan} with its rules; a report and a
 * rescan of one post are one entry; a reject is one takedown, one evidence record, one regulator
 * report, as a report's; a bad record is dead-lettered and the task goes on; nothing in clear.
 */
class RescanTopologyTest {
  private static final CommandSignature SIGNATURE = new CommandSignature(new byte[32]);
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Pseudonymizer PSEUDONYMS =
      new Pseudonymizer("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8));

  private final InMemoryDataKeyStore keys =
      new InMemoryDataKeyStore(new MasterKeyWrapper(MasterKey.generate()));
  @TempDir java.nio.file.Path stateDir;
  private final Topics topics = Topics.defaults();
  private final TestClock clock = new TestClock(T0);
  private TopologyTestDriver driver;
  private TestInputTopic<byte[], byte[]> submitted;
  private TestInputTopic<byte[], byte[]> reports;
  private TestInputTopic<String, RescanHit> rescans;
  private TestInputTopic<byte[], byte[]> rawRescans;
  private TestInputTopic<String, ReviewCommand> actions;
  private int commandSeq;

  /**
   * What the review listener was told of each takedown: origin, and seconds since the first report
   * or -1.
   */
  private final List<String> takenDown = new ArrayList<>();

  @BeforeEach
  void setUp() {
    ReviewListener listener =
        new ReviewListener() {
          @Override
          public void takenDown(String origin, Duration sinceFirstReport) {
            takenDown.add(
                origin + ":" + (sinceFirstReport == null ? -1 : sinceFirstReport.toSeconds()));
          }
        };
    VigilTopology topology =
        new VigilTopology(
            new ModerationTopology(
                topics,
                new PostParser(4096),
                () -> KnownAnswerEngine.ENGINE,
                PSEUDONYMS,
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
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "rescan-test");
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    driver = new TopologyTestDriver(topology.build(props), props, T0);
    submitted =
        driver.createInputTopic(
            topics.submitted.name(),
            topics.submitted.keySerde().serializer(),
            topics.submitted.valueSerde().serializer());
    reports =
        driver.createInputTopic(
            topics.userReports.name(),
            topics.userReports.keySerde().serializer(),
            topics.userReports.valueSerde().serializer());
    rescans =
        driver.createInputTopic(
            topics.rescans.name(),
            topics.rescans.keySerde().serializer(),
            topics.rescans.valueSerde().serializer());
    rawRescans =
        driver.createInputTopic(
            topics.rescans.name(), new ByteArraySerializer(), new ByteArraySerializer());
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
        + "\",\"authorId\":\"author-"
        + id
        + "\",\"text\":\""
        + text
        + "\"}";
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private void submit(String id, String text) {
    submitted.pipeInput(new TestRecord<>(utf8(id), utf8(post(id, text)), T0));
  }

  private void report(String reportId, String postId, String text) {
    String value =
        "{\"reportId\":\""
            + reportId
            + "\",\"postId\":\""
            + postId
            + "\",\"reporterId\":\"reporter-a\",\"reason\":\"fraud\",\"post\":"
            + post(postId, text)
            + "}";
    reports.pipeInput(new TestRecord<>(utf8(postId), utf8(value), T0.plusSeconds(5)));
  }

  /**
   * A hit as the rescan job writes it: author pseudonymised, post sealed under the author's key.
   */
  private RescanHit hit(String postId, String text, String rule, int start, int end) {
    Pseudonym author = PSEUDONYMS.pseudonymOf(AuthorId.of("author-" + postId));
    Match m = new Match(rule, 1, MatchKind.KEYWORD, "fraud/rebate", start, end, false);
    Decision d =
        new Decision(Action.REVIEW, new TreeSet<>(List.of("fraud/rebate")), 0.6, List.of(m), "p-2");
    return new RescanHit(
        postId,
        "p-2",
        List.of(rule),
        new DecisionEvent(postId, d, T0, T0, 0, author.value(), DecisionEvent.Source.RESCAN),
        SealedBytes.of(
            new ContentSealer(keys)
                .sealForAuthor(author, ContentSealer.post(postId), utf8(post(postId, text)))),
        T0);
  }

  /** A hit in a category that opted in to {@code rescan: takedown}: a block, taken down at once. */
  private RescanHit directHit(String postId, String text) {
    RescanHit h = hit(postId, text, "goods.new", 0, 5);
    DecisionEvent d = h.decision();
    Decision block =
        new Decision(
            Action.BLOCK,
            new TreeSet<>(List.of("prohibited_goods")),
            0.99,
            d.decision().matches(),
            "p-2");
    return new RescanHit(
        postId,
        "p-2",
        h.rules(),
        new DecisionEvent(postId, block, T0, T0, 0, d.authorPseudonym(), d.source()),
        h.content(),
        T0,
        true);
  }

  private void rescan(RescanHit hit) {
    rescans.pipeInput(new TestRecord<>(hit.postId(), hit, T0.plusSeconds(10)));
  }

  private ReviewResult command(Type type, String postId, String reason) {
    String id = "cmd-" + (++commandSeq);
    actions.pipeInput(
        new TestRecord<>(
            postId,
            SIGNATURE.sign(
                new ReviewCommand(id, type, postId, "ann", "moderator", reason, T0, null)),
            T0));
    List<ReviewResult> results =
        read(topics.reviewResults).stream().map(TestRecord::value).toList();
    assertEquals(1, results.size(), "one result per command");
    return results.get(0);
  }

  private <K, V> List<TestRecord<K, V>> read(Topic<K, V> t) {
    TestOutputTopic<K, V> out =
        driver.createOutputTopic(
            t.name(), t.keySerde().deserializer(), t.valueSerde().deserializer());
    return out.readRecordsToList();
  }

  private QueueView view() {
    return new QueueView(() -> driver.getKeyValueStore(ReviewTopology.QUEUE_VIEW_STORE));
  }

  private static List<String> rules(ReviewItem item) {
    return item.decision().matches().stream().map(Match::ruleId).toList();
  }

  @Test
  void aHitQueuesThePublishedPostWithOriginRescanAndItsRules() {
    submit("p1", "hello rebate");
    submit("p2", "hello");
    assertEquals(2, read(topics.published).size());
    rescan(hit("p1", "hello rebate", "fraud.new", 6, 12));

    ReviewItem item = view().get("p1").orElseThrow();
    assertEquals(ReviewItem.FROM_RESCAN, item.origin());
    assertEquals(List.of("fraud.new"), rules(item));
    assertEquals(DecisionEvent.Source.RESCAN, item.decision().source());
    assertEquals("p-2", item.decision().decision().rulePackVersion());
    assertEquals("hello rebate", Opened.text(keys, item));
    assertTrue(view().get("p2").isEmpty(), "a post without a hit is untouched");
    List<AuditEvent> audit = read(topics.audit).stream().map(TestRecord::value).toList();
    assertTrue(
        audit.stream().anyMatch(a -> "rescan".equals(a.action()) && "queued".equals(a.result())),
        audit.toString());
    // Nothing decided again, nothing published again.
    assertEquals(2, read(topics.decisions).size(), "no decision of a rescan");
    assertTrue(read(topics.published).isEmpty());
    assertNothingInClear();
  }

  @Test
  void aReportAndARescanOfOnePostAreOneEntry() {
    submit("p1", "hello rebate");
    report("r1", "p1", "hello rebate");
    rescan(hit("p1", "hello rebate", "fraud.new", 6, 12));
    ReviewItem reported = view().get("p1").orElseThrow();
    assertEquals(ReviewItem.FROM_REPORT, reported.origin(), "first come names the origin");
    assertEquals(1, reported.reportCount());
    assertEquals(List.of("fraud.new"), rules(reported), "the rescan's rules are shown");
    assertTrue(reported.decision().categories().contains("fraud/rebate"));

    submit("p2", "hello rebate");
    rescan(hit("p2", "hello rebate", "fraud.new", 6, 12));
    report("r2", "p2", "hello rebate");
    ReviewItem rescanned = view().get("p2").orElseThrow();
    assertEquals(ReviewItem.FROM_RESCAN, rescanned.origin());
    assertEquals(1, rescanned.reportCount());
    assertEquals(List.of("fraud.new"), rules(rescanned));

    // The same hit again (a rescan resumed after a crash): one entry, unchanged.
    read(topics.reviewQueue);
    rescan(hit("p2", "hello rebate", "fraud.new", 6, 12));
    assertTrue(read(topics.reviewQueue).isEmpty(), "no change to the item");
    assertEquals(2, view().oldest(List.of(ReviewItem.MODERATION), 10).items().size());
    assertNothingInClear();
  }

  @Test
  void rejectingARescanItemTakesThePostDownOnceWithEvidenceAndAReport() {
    submit("p1", "hello rebate");
    rescan(hit("p1", "hello rebate", "fraud.new", 6, 12));
    assertEquals(Status.APPLIED, command(Type.REJECT, "p1", "rebate scam").status());

    List<TestRecord<String, Takedown>> takedowns = read(topics.takedowns);
    assertEquals(1, takedowns.size());
    assertEquals("p1", takedowns.get(0).key());
    assertEquals("fraud/rebate", takedowns.get(0).value().category());
    assertEquals("ann", takedowns.get(0).value().moderator());
    assertEquals(
        List.of("rescan:-1"), takenDown, "counted as a rescan takedown, with no report time");
    List<TestRecord<String, EvidenceRecord>> evidence = read(topics.evidence);
    List<TestRecord<String, RegulatorReport>> regulator = read(topics.reports);
    assertEquals(1, evidence.size());
    assertEquals(1, regulator.size());
    assertEquals("takedown", evidence.get(0).value().evidence().blockedBy());
    assertTrue(view().get("p1").isEmpty());
    assertEquals(1, read(topics.decisions).size(), "no second decision");
    assertTrue(read(topics.published).size() == 1, "published once, when it was allowed");

    // Never twice: a second reject is refused; a later hit of the post queues nothing.
    assertEquals(Status.CONFLICT, command(Type.REJECT, "p1", "again").status());
    rescan(hit("p1", "hello rebate", "fraud.other", 0, 5));
    assertTrue(view().get("p1").isEmpty());
    assertTrue(read(topics.takedowns).isEmpty());
    assertTrue(read(topics.evidence).isEmpty());
    assertTrue(read(topics.reports).isEmpty());
    assertNothingInClear();
  }

  @Test
  void aHitInACategoryThatOptedInIsTakenDownWithoutAModerator() {
    submit("p1", "hello goods");
    submit("p2", "hello goods");
    report("r1", "p2", "hello goods");
    assertEquals(ReviewItem.FROM_REPORT, view().get("p2").orElseThrow().origin());
    rescan(directHit("p1", "hello goods"));
    rescan(directHit("p2", "hello goods"));

    List<TestRecord<String, Takedown>> takedowns = read(topics.takedowns);
    assertEquals(List.of("p1", "p2"), takedowns.stream().map(TestRecord::key).toList());
    assertEquals(2, takenDown.size());
    assertEquals("rescan:-1", takenDown.get(0), "never reported");
    assertTrue(takenDown.get(1).startsWith("report:"), "p2 was reported first: " + takenDown);
    for (TestRecord<String, Takedown> t : takedowns) {
      assertEquals("rescan", t.value().moderator());
      assertEquals("prohibited_goods", t.value().category());
      assertTrue(t.value().reason().contains("goods.new"), t.value().reason());
    }
    List<TestRecord<String, EvidenceRecord>> evidence = read(topics.evidence);
    assertEquals(2, evidence.size());
    assertEquals("takedown", evidence.get(0).value().evidence().blockedBy());
    assertEquals(2, read(topics.reports).size());
    assertTrue(view().get("p1").isEmpty());
    assertTrue(view().get("p2").isEmpty(), "the pending report item is closed");
    var outcomes = read(topics.reportOutcomes);
    assertEquals(1, outcomes.size());
    assertEquals(List.of("r1"), outcomes.get(0).value().reportIds());

    // Never twice: the same hit again, or a moderator's reject, takes nothing down again.
    rescan(directHit("p1", "hello goods"));
    assertEquals(Status.CONFLICT, command(Type.REJECT, "p1", "again").status());
    assertTrue(read(topics.takedowns).isEmpty());
    assertTrue(read(topics.evidence).isEmpty());
    assertNothingInClear();
  }

  @Test
  void keepingARescanItemPublishesNothingAgain() {
    submit("p1", "hello rebate");
    read(topics.published);
    rescan(hit("p1", "hello rebate", "fraud.new", 6, 12));
    assertEquals(Status.APPLIED, command(Type.APPROVE, "p1", "fine").status());
    assertTrue(read(topics.published).isEmpty());
    assertTrue(read(topics.takedowns).isEmpty());
    assertTrue(read(topics.evidence).isEmpty());
  }

  @Test
  void badRescanRecordsAreDeadLetteredAndTheTaskGoesOn() throws Exception {
    RescanHit good = hit("p1", "hello rebate", "fraud.new", 6, 12);
    byte[] json = Json.MAPPER.writeValueAsBytes(good);
    rawRescans.pipeInput(new TestRecord<>(utf8("p1"), utf8("{not json"), T0));
    rawRescans.pipeInput(new TestRecord<>(utf8("other"), json, T0));
    rawRescans.pipeInput(new TestRecord<>((byte[]) null, json, T0));
    rawRescans.pipeInput(
        new TestRecord<>(
            utf8("p1"),
            new String(json, StandardCharsets.UTF_8)
                .replace("\"action\":\"REVIEW\"", "\"action\":\"ALLOW\"")
                .getBytes(StandardCharsets.UTF_8),
            T0));
    rawRescans.pipeInput(
        new TestRecord<>(
            utf8("p1"),
            utf8("{\"postId\":\"p1\",\"packVersion\":\"p-2\",\"rules\":[\"fraud.new\"]}"),
            T0));

    List<TestRecord<byte[], DeadLetter>> dead = read(topics.deadLetter);
    assertEquals(
        List.of(
            "malformed_json", "invalid_field", "invalid_field", "invalid_field", "malformed_json"),
        dead.stream().map(r -> r.value().reason()).toList());
    for (int i = 0; i < dead.size(); i++) {
      assertEquals(topics.rescans.name(), dead.get(i).value().topic());
      assertEquals(i, dead.get(i).value().offset());
    }
    assertTrue(view().get("p1").isEmpty());

    rescan(good);
    assertEquals(ReviewItem.FROM_RESCAN, view().get("p1").orElseThrow().origin());
  }

  /** No author id, reporter id or post text in clear on any topic but the platform's own. */
  private void assertNothingInClear() {
    for (Topic<?, ?> t : topics.all()) {
      if (t == topics.submitted || t == topics.userReports || t == topics.published) {
        continue;
      }
      TestOutputTopic<String, byte[]> raw =
          driver.createOutputTopic(t.name(), new StringDeserializer(), new ByteArrayDeserializer());
      for (TestRecord<String, byte[]> r : raw.readRecordsToList()) {
        String value = r.value() == null ? "" : new String(r.value(), StandardCharsets.UTF_8);
        String key = r.key() == null ? "" : r.key();
        for (String secret : new String[] {"reporter-", "author-", "hello"}) {
          assertFalse(value.contains(secret), t.name() + " holds " + secret + ": " + value);
          assertFalse(key.contains(secret), t.name() + " key holds " + secret);
        }
      }
    }
  }
}
