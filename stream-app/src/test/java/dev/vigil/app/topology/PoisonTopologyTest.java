package dev.vigil.app.topology;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.app.events.DeadLetter;
import dev.vigil.app.events.ReviewItem;
import dev.vigil.app.topics.Topic;
import dev.vigil.app.topics.Topics;
import dev.vigil.core.evidence.ContentSealer;
import dev.vigil.core.evidence.InMemoryDataKeyStore;
import dev.vigil.core.evidence.LegalHoldPolicy;
import dev.vigil.core.evidence.MasterKey;
import dev.vigil.core.evidence.MasterKeyWrapper;
import dev.vigil.core.post.PostParser;
import dev.vigil.core.privacy.Pseudonymizer;
import dev.vigil.core.report.ReportingPolicy;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The size checks and the exception handlers: a post whose outputs would not fit is dead-lettered
 * whole ({@code output_too_large}) before anything is written; a record that failed once is
 * dead-lettered ({@code processing_error}) in place of all its outputs when replayed; the handler
 * fails a record once, then dead-letters it, and never retries it again.
 */
class PoisonTopologyTest {
  private static final Pseudonymizer PSEUDONYMS =
      new Pseudonymizer("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8));
  private final InMemoryDataKeyStore keys =
      new InMemoryDataKeyStore(new MasterKeyWrapper(MasterKey.generate()));
  @TempDir java.nio.file.Path stateDir;
  private final Topics topics = Topics.defaults();
  private final List<String> deadLetterReasons = new ArrayList<>();
  private TopologyTestDriver driver;
  private TestInputTopic<byte[], byte[]> submitted;
  private PoisonRecords poison;
  private PoisonHandler handler;

  @BeforeEach
  void setUp() {
    ModerationListener listener =
        new ModerationListener() {
          @Override
          public void deadLettered(String reason) {
            deadLetterReasons.add(reason);
          }
        };
    Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:01Z"), ZoneOffset.UTC);
    VigilTopology topology =
        new VigilTopology(
            new ModerationTopology(
                topics,
                // The blobs that make these posts big are an attribute the platform allows by name:
                // any other would be dropped on arrival (issue 20 item 5).
                new PostParser(
                    PostParser.DEFAULT_MAX_TEXT_BYTES,
                    dev.vigil.core.post.FieldPolicy.allowing(
                        java.util.List.of(), java.util.List.of("blob", "x"))),
                () -> KnownAnswerEngine.ENGINE,
                PSEUDONYMS,
                clock,
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
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, PoisonHandler.class);
    props.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, PoisonHandler.class);
    poison =
        new PoisonRecords(
            topics, clock, listener, new DeadLetterSeal(new ContentSealer(keys), PSEUDONYMS));
    props.put(PoisonRecords.CONFIG, poison);
    driver = new TopologyTestDriver(topology.build(props), props);
    submitted =
        driver.createInputTopic(
            topics.submitted.name(),
            topics.submitted.keySerde().serializer(),
            topics.submitted.valueSerde().serializer());
    handler = new PoisonHandler();
    handler.configure(Map.of(PoisonRecords.CONFIG, poison));
  }

  @AfterEach
  void tearDown() {
    driver.close();
  }

  private void submit(String key, String value) {
    submitted.pipeInput(
        new TestRecord<>(
            key.getBytes(StandardCharsets.UTF_8),
            value.getBytes(StandardCharsets.UTF_8),
            Instant.parse("2026-01-01T00:00:00Z")));
  }

  private static String post(String id, String text, String blob) {
    return "{\"postId\":\""
        + id
        + "\",\"authorId\":\"user-"
        + id
        + "\",\"text\":\""
        + text
        + "\""
        + (blob == null ? "" : ",\"attributes\":{\"blob\":\"" + blob + "\"}")
        + "}";
  }

  private <V> List<TestRecord<String, V>> read(Topic<String, V> t) {
    return driver
        .createOutputTopic(t.name(), t.keySerde().deserializer(), t.valueSerde().deserializer())
        .readRecordsToList();
  }

  private List<TestRecord<byte[], DeadLetter>> deadLetters() {
    return driver
        .createOutputTopic(
            topics.deadLetter.name(),
            topics.deadLetter.keySerde().deserializer(),
            topics.deadLetter.valueSerde().deserializer())
        .readRecordsToList();
  }

  /** Random base64 text: JSON-safe and incompressible. */
  private static String incompressible(int bytes) {
    byte[] b = new byte[bytes * 3 / 4];
    new java.util.Random(7).nextBytes(b);
    return Base64.getEncoder().encodeToString(b);
  }

  @Test
  void aReviewPostOf800KbIsQueuedWhole() {
    submit("big", post("big", "reviewme", incompressible(800 * 1024)));
    assertEquals(1, read(topics.decisions).size());
    assertEquals(1, read(topics.quarantined).size());
    List<TestRecord<String, ReviewItem>> queue = read(topics.reviewQueue);
    assertEquals(1, queue.size(), "the held post entered the review queue");
    assertTrue(deadLetters().isEmpty());
  }

  @Test
  void aPostWhoseQuarantineRecordWouldNotFitIsDeadLetteredWholeBeforeAnythingIsWritten() {
    // Sealed once (4/3 of the bytes), a held post of the 1 MiB input limit fits with the review
    // headroom; one of 2 MiB (an input topic whose limit an operator raised) does not.
    String big = post("huge", "reviewme", incompressible(2000 * 1024));
    submit("huge", big);
    assertTrue(read(topics.decisions).isEmpty(), "no decision without its routed record");
    assertTrue(read(topics.quarantined).isEmpty());
    assertTrue(read(topics.reviewQueue).isEmpty());
    List<TestRecord<byte[], DeadLetter>> dls = deadLetters();
    assertEquals(1, dls.size());
    DeadLetter dl = dls.get(0).value();
    assertEquals("output_too_large", dl.reason());
    assertTrue(dl.detail().contains(topics.quarantined.name()), dl.detail());
    assertArrayEquals(big.getBytes(StandardCharsets.UTF_8), Opened.value(keys, dl));
    assertEquals(List.of("output_too_large"), deadLetterReasons);
  }

  @Test
  void anAllowedPostOverThePublishedLimitAndAHugePostIdAreOutputTooLarge() {
    String id = "p" + "x".repeat(600 * 1024);
    submit("long-id", post(id, "hello", null));
    // Over posts.deadletter's limit too: the dead letter says so and where to replay it from,
    // instead of failing.
    submit("too-big", post("too-big", "hello", "a".repeat(5 * 1024 * 1024)));
    assertTrue(read(topics.decisions).isEmpty());
    assertTrue(read(topics.published).isEmpty());
    List<TestRecord<byte[], DeadLetter>> dls = deadLetters();
    assertEquals(2, dls.size());
    assertEquals("output_too_large", dls.get(0).value().reason());
    assertTrue(
        dls.get(0).value().detail().contains(topics.decisions.name()), dls.get(0).value().detail());
    DeadLetter tooBig = dls.get(1).value();
    assertEquals("output_too_large", tooBig.reason());
    assertNull(tooBig.value(), "5 MiB does not fit a dead letter");
    assertTrue(
        tooBig.detail().contains("replay it from " + topics.submitted.name() + " 0:1"),
        tooBig.detail());
  }

  @Test
  void deepNestingIsInvalidFieldAndTheReviewFlowGoesOn() {
    for (int depth : new int[] {997, 998, 1001, 3000}) {
      submit(
          "deep-" + depth,
          "{\"postId\":\"deep-"
              + depth
              + "\",\"authorId\":\"a\",\"text\":\"reviewme\","
              + "\"attributes\":{\"x\":"
              + "[".repeat(depth)
              + "]".repeat(depth)
              + "}}");
    }
    submit("ok", post("ok", "reviewme", null));
    List<TestRecord<byte[], DeadLetter>> dls = deadLetters();
    assertEquals(4, dls.size());
    dls.forEach(d -> assertEquals("invalid_field", d.value().reason()));
    assertEquals(1, read(topics.reviewQueue).size());
  }

  @Test
  void aRecordThatFailedOnceIsDeadLetteredInPlaceOfAllItsOutputsWhenReplayed() {
    // The record at offset 0 failed once in an earlier attempt (as the handler records it), then is
    // replayed.
    String value = post("p0", "reviewme", null);
    ProcessingExceptionHandler.Response first =
        handler.handleError(
            ctx(topics.submitted.name(), 0, 0, value),
            NO_RECORD,
            new IllegalStateException("boom"));
    assertEquals(
        ProcessingExceptionHandler.Result.FAIL,
        first.result(),
        "the first failure fails the task once");
    submit("p0", value);
    submit("p1", post("p1", "reviewme", null));
    List<TestRecord<String, ?>> decisions = new ArrayList<>(read(topics.decisions));
    assertEquals(1, decisions.size());
    assertEquals("p1", decisions.get(0).key());
    assertEquals(List.of("p1"), read(topics.quarantined).stream().map(TestRecord::key).toList());
    List<TestRecord<byte[], DeadLetter>> dls = deadLetters();
    assertEquals(1, dls.size());
    DeadLetter dl = dls.get(0).value();
    assertEquals("processing_error", dl.reason());
    assertEquals(topics.submitted.name(), dl.topic());
    assertEquals(0, dl.offset());
    assertArrayEquals(value.getBytes(StandardCharsets.UTF_8), Opened.value(keys, dl));
    assertTrue(dl.detail().contains("IllegalStateException"), dl.detail());
    assertEquals(List.of("processing_error"), deadLetterReasons);
  }

  @Test
  void theHandlerFailsARecordOnceThenDeadLettersItAndRetriesOnlyTransientErrors() {
    ErrorHandlerContext c = ctx(topics.quarantined.name(), 2, 42, "{}");
    Exception tooLarge = new RecordTooLargeException("too large");
    assertEquals(
        ProductionExceptionHandler.Result.FAIL,
        handler
            .handleError(
                c,
                new ProducerRecord<>(topics.reviewQueue.name(), new byte[0], new byte[0]),
                tooLarge)
            .result());
    ProductionExceptionHandler.Response again =
        handler.handleError(
            c, new ProducerRecord<>(topics.reviewQueue.name(), new byte[0], new byte[0]), tooLarge);
    assertEquals(
        ProductionExceptionHandler.Result.RESUME,
        again.result(),
        "never a second thread replacement");
    assertEquals(1, again.deadLetterQueueRecords().size());
    ProducerRecord<byte[], byte[]> r = again.deadLetterQueueRecords().get(0);
    assertEquals(topics.deadLetter.name(), r.topic());
    DeadLetter dl = topics.deadLetter.valueSerde().deserializer().deserialize(r.topic(), r.value());
    assertEquals("output_too_large", dl.reason());
    assertEquals(42, dl.offset());
    assertEquals(
        ProductionExceptionHandler.Result.RETRY,
        handler
            .handleError(
                ctx(topics.submitted.name(), 0, 7, "{}"), NO_OUTPUT, new TimeoutException("slow"))
            .result());
    // A punctuation has no record to dead-letter: skipped, never a failure (which would recur every
    // period).
    assertEquals(
        ProcessingExceptionHandler.Result.RESUME,
        handler
            .handleError(ctx(null, -1, -1, null), NO_RECORD, new IllegalStateException())
            .result());
    // Unreadable input never reached a processor: dead-lettered at once.
    var d =
        handler.handleError(
            ctx(topics.reviewActions.name(), 0, 3, "x"),
            new ConsumerRecord<>(topics.reviewActions.name(), 0, 3L, new byte[0], new byte[0]),
            new IllegalStateException());
    assertEquals(1, d.deadLetterQueueRecords().size());
  }

  private static final org.apache.kafka.streams.processor.api.Record<?, ?> NO_RECORD = null;
  private static final ProducerRecord<byte[], byte[]> NO_OUTPUT = null;

  private static ErrorHandlerContext ctx(String topic, int partition, long offset, String value) {
    return new ErrorHandlerContext() {
      @Override
      public String topic() {
        return topic;
      }

      @Override
      public int partition() {
        return partition;
      }

      @Override
      public long offset() {
        return offset;
      }

      @Override
      public Headers headers() {
        return new RecordHeaders();
      }

      @Override
      public String processorNodeId() {
        return "parse-and-decide";
      }

      @Override
      public TaskId taskId() {
        return new TaskId(0, partition);
      }

      @Override
      public long timestamp() {
        return 0;
      }

      @Override
      public byte[] sourceRawKey() {
        return "k".getBytes(StandardCharsets.UTF_8);
      }

      @Override
      public byte[] sourceRawValue() {
        return value == null ? null : value.getBytes(StandardCharsets.UTF_8);
      }
    };
  }
}
