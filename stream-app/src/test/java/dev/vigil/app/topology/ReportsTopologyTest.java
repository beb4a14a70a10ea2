package dev.vigil.app.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.app.events.DeadLetter;
import dev.vigil.app.events.ReportOutcome;
import dev.vigil.app.events.ReviewCommand;
import dev.vigil.app.events.ReviewCommand.Type;
import dev.vigil.app.events.ReviewItem;
import dev.vigil.app.events.ReviewResult;
import dev.vigil.app.events.ReviewResult.Status;
import dev.vigil.app.events.Takedown;
import dev.vigil.app.review.QueueView;
import dev.vigil.app.review.queue.CommandSignature;
import dev.vigil.app.topics.Topic;
import dev.vigil.app.topics.Topics;
import dev.vigil.core.evidence.EvidenceRecord;
import dev.vigil.core.evidence.InMemoryDataKeyStore;
import dev.vigil.core.evidence.LegalHoldPolicy;
import dev.vigil.core.evidence.MasterKey;
import dev.vigil.core.evidence.MasterKeyWrapper;
import dev.vigil.core.post.PostParser;
import dev.vigil.core.privacy.AuthorId;
import dev.vigil.core.privacy.Pseudonymizer;
import dev.vigil.core.report.RegulatorReport;
import dev.vigil.core.report.ReportingPolicy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
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
 * Users' reports and takedowns on TopologyTestDriver (issue 20 items 1 and 2): report → queue
 * (count, order) → reject → one takedown, one evidence record, one report; never twice; bad reports
 * dead-lettered; nothing personal in clear on the topics Vigil writes.
 */
class ReportsTopologyTest {
  static final CommandSignature SIGNATURE = new CommandSignature(new byte[32]);
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Pseudonymizer PSEUDONYMS =
      new Pseudonymizer("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8));

  private final InMemoryDataKeyStore keys =
      new InMemoryDataKeyStore(new MasterKeyWrapper(MasterKey.generate()));
  @TempDir java.nio.file.Path stateDir;
  private final Topics topics = Topics.defaults();
  private final TestClock clock = new TestClock(T0);
  private final List<Duration> takenDown = new ArrayList<>();
  private TopologyTestDriver driver;
  private TestInputTopic<byte[], byte[]> submitted;
  private TestInputTopic<byte[], byte[]> reports;
  private TestInputTopic<String, ReviewCommand> actions;
  private int commandSeq;

  @BeforeEach
  void setUp() {
    ReviewListener listener =
        new ReviewListener() {
          @Override
          public void takenDown(String origin, Duration sinceFirstReport) {
            assertEquals("report", origin);
            takenDown.add(sinceFirstReport);
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
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "reports-test");
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

  private static String report(String reportId, String postId, String reporter, String reason) {
    return "{\"reportId\":\""
        + reportId
        + "\",\"postId\":\""
        + postId
        + "\",\"reporterId\":\""
        + reporter
        + "\",\"reason\":\""
        + reason
        + "\",\"post\":"
        + post(postId, "secret text of " + postId)
        + "}";
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private void submit(String id, String text) {
    submitted.pipeInput(new TestRecord<>(utf8(id), utf8(post(id, text)), T0));
  }

  private void report(String key, String value, Instant at) {
    reports.pipeInput(new TestRecord<>(key == null ? null : utf8(key), utf8(value), at));
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

  @Test
  void reportsQueueAPublishedPostMergedWithACountOrderedByCountThenAge() {
    submit("p1", "hello");
    submit("p2", "hello again");
    submit("p3", "please reviewme");
    assertEquals(2, read(topics.published).size());
    report("p1", report("r1", "p1", "reporter-a", "fraud"), T0.plusSeconds(1));
    report("p2", report("r2", "p2", "reporter-b", "fraud"), T0.plusSeconds(2));
    report("p2", report("r3", "p2", "reporter-c", "looks like a scam"), T0.plusSeconds(3));
    // The same reporter again, and the same report delivered twice: not counted again.
    report("p2", report("r4", "p2", "reporter-b", "fraud"), T0.plusSeconds(4));
    report("p2", report("r4", "p2", "reporter-b", "fraud"), T0.plusSeconds(5));

    ReviewItem p2 = view().get("p2").orElseThrow();
    assertEquals(ReviewItem.FROM_REPORT, p2.origin());
    assertEquals(2, p2.reportCount());
    assertEquals(
        List.of("r2", "r3", "r4"), p2.reports().stream().map(ReviewItem.Report::reportId).toList());
    assertEquals(
        PSEUDONYMS.pseudonymOf(AuthorId.of("reporter-b")).value(), p2.reports().get(0).reporter());
    assertEquals("secret text of p2", Opened.text(keys, p2));
    assertEquals(1, view().get("p1").orElseThrow().reportCount());
    assertEquals(0, view().get("p3").orElseThrow().reportCount());
    assertEquals(
        List.of("p2", "p1", "p3"),
        view().oldest(List.of(ReviewItem.MODERATION), 10).items().stream()
            .map(ReviewItem::postId)
            .toList());
    assertTrue(read(topics.deadLetter).isEmpty());
    assertNothingInClear();
  }

  @Test
  void rejectingAReportedPostTakesItDownOnceWithOneEvidenceAndOneReport() {
    submit("p1", "hello");
    report("p1", report("r1", "p1", "reporter-a", "fraud"), T0.plusSeconds(10));
    report("p1", report("r2", "p1", "reporter-b", "fraud"), T0.plusSeconds(20));
    clock.advance(Duration.ofSeconds(70));
    assertEquals(Status.APPLIED, command(Type.REJECT, "p1", "advance-fee scam").status());

    List<TestRecord<String, Takedown>> takedowns = read(topics.takedowns);
    assertEquals(1, takedowns.size());
    Takedown t = takedowns.get(0).value();
    assertEquals("p1", takedowns.get(0).key());
    assertEquals("fraud", t.category());
    assertEquals("CSL Art. 46, 47", t.legalBasis());
    assertEquals("advance-fee scam", t.reason());
    assertEquals("ann", t.moderator());
    assertNull(t.rule());
    assertEquals(T0.plusSeconds(70), t.decidedAt());
    assertEquals(List.of(Duration.ofSeconds(60)), takenDown);

    List<TestRecord<String, EvidenceRecord>> evidence = read(topics.evidence);
    List<TestRecord<String, RegulatorReport>> regulator = read(topics.reports);
    assertEquals(1, evidence.size());
    assertEquals(1, regulator.size());
    assertEquals("takedown", evidence.get(0).value().evidence().blockedBy());
    assertEquals("fraud", regulator.get(0).value().category());
    assertTrue(regulator.get(0).value().summary().startsWith("Taken down"));
    List<TestRecord<String, ReportOutcome>> outcomes = read(topics.reportOutcomes);
    assertEquals(1, outcomes.size());
    assertEquals(List.of("r1", "r2"), outcomes.get(0).value().reportIds());
    assertEquals(ReportOutcome.REMOVED, outcomes.get(0).value().outcome());
    assertTrue(view().get("p1").isEmpty());
    // Nothing published again, no second decision.
    assertEquals(1, read(topics.published).size());
    assertEquals(1, read(topics.decisions).size());

    // Never twice: a second reject is refused; a late report is answered at once.
    assertEquals(Status.CONFLICT, command(Type.REJECT, "p1", "again").status());
    report("p1", report("r3", "p1", "reporter-c", "fraud"), T0.plusSeconds(80));
    report("p1", report("r1", "p1", "reporter-a", "fraud"), T0.plusSeconds(90));
    assertTrue(read(topics.takedowns).isEmpty());
    assertTrue(read(topics.evidence).isEmpty());
    assertTrue(read(topics.reports).isEmpty());
    assertTrue(view().get("p1").isEmpty());
    List<TestRecord<String, ReportOutcome>> late = read(topics.reportOutcomes);
    assertEquals(2, late.size());
    assertEquals(List.of("r3"), late.get(0).value().reportIds());
    assertEquals(ReportOutcome.REMOVED, late.get(1).value().outcome());
    assertEquals(1, takenDown.size());
    assertNothingInClear();
  }

  @Test
  void keepingAReportedPostPublishesNothingAgain() {
    submit("p1", "hello");
    report("p1", report("r1", "p1", "reporter-a", "fraud"), T0);
    read(topics.published);
    assertEquals(Status.APPLIED, command(Type.APPROVE, "p1", "fine").status());
    assertTrue(read(topics.published).isEmpty());
    assertTrue(read(topics.takedowns).isEmpty());
    assertEquals(ReportOutcome.KEPT, read(topics.reportOutcomes).get(0).value().outcome());
  }

  @Test
  void aReportOfAPostBlockedBeforePublicationIsAnsweredRemoved() {
    submit("p1", "blockme now");
    assertEquals(1, read(topics.evidence).size());
    report("p1", report("r1", "p1", "reporter-a", "prohibited_goods"), T0);
    assertTrue(view().get("p1").isEmpty());
    List<TestRecord<String, ReportOutcome>> outcomes = read(topics.reportOutcomes);
    assertEquals(1, outcomes.size());
    assertEquals(ReportOutcome.REMOVED, outcomes.get(0).value().outcome());
    assertTrue(read(topics.takedowns).isEmpty());
    assertTrue(read(topics.evidence).isEmpty());
  }

  @Test
  void badReportsAreDeadLetteredLikeBadPosts() {
    report("p1", "{not json", T0);
    report("p1", "{\"reportId\":\"r1\",\"postId\":\"p1\",\"reason\":\"x\",\"post\":{}}", T0);
    report("p1", report("r1", "p1", "reporter-a", "fraud").replace("author-p1", ""), T0);
    report("other", report("r2", "p1", "reporter-a", "fraud"), T0);
    report(null, report("r3", "p1", "reporter-a", "fraud"), T0);

    List<TestRecord<byte[], DeadLetter>> dead = read(topics.deadLetter);
    assertEquals(5, dead.size());
    assertEquals(
        List.of(
            "malformed_json", "missing_field", "invalid_field", "invalid_field", "invalid_field"),
        dead.stream().map(r -> r.value().reason()).toList());
    for (int i = 0; i < dead.size(); i++) {
      DeadLetter dl = dead.get(i).value();
      assertEquals(topics.userReports.name(), dl.topic());
      assertEquals(i, dl.offset());
      assertNotNull(dl.valueSha256());
      assertFalse(dl.detail().contains("reporter-a"), dl.detail());
    }
    assertTrue(dead.get(2).value().detail().contains("authorId"), dead.get(2).value().detail());
    assertTrue(dead.get(3).value().detail().contains("key"), dead.get(3).value().detail());
    assertEquals("other", new String(dead.get(3).key(), StandardCharsets.UTF_8));
    assertEquals(
        DeadLetter.sha256(utf8(report("r2", "p1", "reporter-a", "fraud"))),
        dead.get(3).value().valueSha256());
    assertTrue(view().get("p1").isEmpty());
    assertTrue(read(topics.reportOutcomes).isEmpty());
  }

  /**
   * No author id, reporter id or post text in clear on any topic Vigil wrote here but the
   * platform's own ({@code posts.published}).
   */
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
        for (String secret : new String[] {"reporter-", "author-", "secret text", "hello"}) {
          assertFalse(value.contains(secret), t.name() + " holds " + secret + ": " + value);
          assertFalse(key.contains(secret), t.name() + " key holds " + secret);
        }
      }
    }
  }
}
