package dev.vigil.app.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.app.events.ReviewCommand;
import dev.vigil.app.json.Json;
import dev.vigil.app.topics.Topics;
import dev.vigil.core.evidence.EvidenceRecord;
import dev.vigil.core.evidence.InMemoryDataKeyStore;
import dev.vigil.core.evidence.LegalHoldPolicy;
import dev.vigil.core.evidence.MasterKey;
import dev.vigil.core.evidence.MasterKeyWrapper;
import dev.vigil.core.near.Fingerprint;
import dev.vigil.core.near.MinHashScheme;
import dev.vigil.core.near.MinHashSignature;
import dev.vigil.core.near.MinHasher;
import dev.vigil.core.near.SignatureHasher;
import dev.vigil.core.policy.Decision;
import dev.vigil.core.post.PostParser;
import dev.vigil.core.privacy.Pseudonymizer;
import dev.vigil.core.report.ReportingPolicy;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No diffusion through the topology: a block's fingerprint goes to {@code moderation.fingerprints}
 * keyed by its evidence id, every instance loads it, and an edited repost the engine would allow is
 * blocked as its original was, with a NEAR_DUPLICATE match naming the original's evidence.
 */
class NearDuplicateTopologyTest {
  static final String ORIGINAL = "scamme 诚招刷单手垫付本金返佣单单秒返不收任何费用联系客服";
  // Two characters changed: "scamne" is no longer the engine's keyword, 钱 for 用.
  static final String REPOST = "scamne 诚招刷单手垫付本金返佣单单秒返不收任何费钱联系客服";
  static final byte[] KEY = "near-duplicate-test-key-0123456".getBytes(StandardCharsets.UTF_8);

  @TempDir java.nio.file.Path stateDir;
  private final Topics topics = Topics.defaults();
  private final Pseudonymizer pseudonymizer =
      new Pseudonymizer("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8));
  private final InMemoryDataKeyStore keys =
      new InMemoryDataKeyStore(new MasterKeyWrapper(MasterKey.generate()));
  private final TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:03Z"));
  private NearDuplicates near;
  private TopologyTestDriver driver;

  /** The rules the circuit breaker demoted, as the app's LiveRulePack#enforces reads them. */
  private final java.util.Set<String> demoted = new java.util.concurrent.ConcurrentSkipListSet<>();

  @BeforeEach
  void setUp() {
    driver = driver(1000);
  }

  private TopologyTestDriver driver(int capacity) {
    near =
        NearDuplicates.of(
            KEY, capacity, 0.5, new PostParser(4096), rule -> !demoted.contains(rule));
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
                        new LegalHoldPolicy(Map.of()),
                        ReportingPolicy.defaults("test-platform"),
                        1,
                        r -> {}))
                .withNearDuplicates(near),
            new ReviewTopology(
                topics,
                ReviewTopology.Settings.defaults().withCommands(ReviewTopologyTest.SIGNATURE),
                ReviewListener.NONE));
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "near-test");
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    return new TopologyTestDriver(
        topology.build(props), props, Instant.parse("2026-01-01T00:00:00Z"));
  }

  @Test
  void theIndexAndItsStoreAreBoundedByCapacity() {
    driver.close();
    driver = driver(2);
    submit("p1", "alice", ORIGINAL);
    submit("p6", "alice", "gunsale 出售仿真枪配件气枪铅弹货到付款全国包邮");
    submit("p7", "alice", "scamme 老师带你炒股内幕消息保证稳赚不赔名额有限");
    List<TestRecord<String, byte[]>> fingerprints = raw(topics.fingerprints.name());
    assertEquals(3, fingerprints.size());
    assertEquals(2, near.index().size(), "the oldest evicted");
    var store = driver.<String, byte[]>getKeyValueStore(NearDuplicates.STORE);
    int held = 0;
    try (var all = store.all()) {
      while (all.hasNext()) {
        all.next();
        held++;
      }
    }
    assertEquals(2, held, "evicted from the store too");
    assertNull(store.get(fingerprints.get(0).key()));
    submit("p2", "bob", REPOST);
    assertEquals(
        "ALLOW", decisions().get(3).get("action").asText(), "the evicted original matches no more");
  }

  @AfterEach
  void tearDown() {
    driver.close();
  }

  @Test
  void anEditedRepostIsBlockedAsItsOriginal() throws Exception {
    submit("p1", "alice", ORIGINAL);
    List<TestRecord<String, byte[]>> fingerprints = raw(topics.fingerprints.name());
    assertEquals(1, fingerprints.size(), "one fingerprint per block");
    EvidenceRecord evidence = EvidenceRecord.parse(raw(topics.evidence.name()).get(0).value());
    TestRecord<String, byte[]> fp = fingerprints.get(0);
    assertEquals(evidence.evidenceId(), fp.key(), "keyed by the evidence id");
    JsonNode value = Json.MAPPER.readTree(fp.value());
    assertEquals(evidence.evidenceId(), value.get("evidenceId").asText());
    assertEquals("fraud", value.get("category").asText());
    assertNotNull(value.get("signature"));
    assertNotNull(value.get("decidedAt"));
    String json = new String(fp.value(), StandardCharsets.UTF_8);
    assertFalse(json.contains("诚招") || json.contains("scamme"), "no text: " + json);
    assertFalse(json.contains("alice"), "no author: " + json);
    assertEquals(
        7,
        value.size(),
        "evidenceId, category, signature, scheme, decidedAt, source, rules only: " + json);
    assertEquals(2, value.get("scheme").asInt(), "new fingerprints are of scheme 2");
    assertEquals("engine", value.get("source").asText());
    assertEquals("[\"kw.fraud.1\"]", value.get("rules").toString(), "the rule that blocked it");
    assertEquals(1, near.index().size(), "loaded into the index");

    submit("p2", "bob", REPOST);
    List<JsonNode> decisions = decisions();
    assertEquals(2, decisions.size(), "exactly one decision per post");
    JsonNode d = decisions.get(1);
    assertEquals("BLOCK", d.get("action").asText());
    assertEquals("fraud", d.get("categories").get(0).asText());
    JsonNode match = d.get("matches").get(0);
    assertEquals("NEAR_DUPLICATE", match.get("kind").asText());
    assertEquals("evidence:" + evidence.evidenceId(), match.get("detail").asText());
    assertEquals(1, raw(topics.evidence.name()).size(), "the repost is kept as evidence too");
    assertEquals(0, raw(topics.published.name()).size());
    assertTrue(
        raw(topics.fingerprints.name()).isEmpty(),
        "a block by near-duplicate alone is not fingerprinted again (no drift)");
  }

  @Test
  void aFingerprintOfADemotedRuleCountsNoMoreUntilTheRuleIsRestored() throws Exception {
    submit("p1", "alice", ORIGINAL);
    assertEquals(1, raw(topics.fingerprints.name()).size());
    demoted.add("kw.fraud.1");
    submit("p2", "bob", REPOST);
    JsonNode d = decisions().get(1);
    assertEquals("ALLOW", d.get("action").asText(), "its only rule is demoted: " + d);
    assertEquals(1, near.index().size(), "passed over, not deleted");
    demoted.remove("kw.fraud.1");
    submit("p3", "carol", REPOST);
    d = decisions().get(0); // the first two were read above
    assertEquals("BLOCK", d.get("action").asText(), "restored, it counts again: " + d);
    assertEquals("NEAR_DUPLICATE", d.get("matches").get(0).get("kind").asText());
  }

  @Test
  void aFingerprintWrittenBeforeRulesWereRecordedStillCounts() throws Exception {
    submit("p1", "alice", ORIGINAL);
    TestRecord<String, byte[]> fp = raw(topics.fingerprints.name()).get(0);
    com.fasterxml.jackson.databind.node.ObjectNode old =
        (com.fasterxml.jackson.databind.node.ObjectNode) Json.MAPPER.readTree(fp.value());
    old.remove("source");
    old.remove("rules");
    var fingerprints =
        driver.createInputTopic(
            topics.fingerprints.name(),
            new org.apache.kafka.common.serialization.StringSerializer(),
            new ByteArraySerializer());
    fingerprints.pipeInput(fp.key(), null);
    assertEquals(0, near.index().size());
    fingerprints.pipeInput(fp.key(), Json.MAPPER.writeValueAsBytes(old));
    assertEquals(1, near.index().size(), "an old record loads");
    demoted.add("kw.fraud.1");
    submit("p2", "bob", REPOST);
    JsonNode d = decisions().get(1);
    assertEquals("BLOCK", d.get("action").asText(), "tied to no rule, it always counts: " + d);
  }

  /**
   * After an upgrade, the fingerprints an earlier version stored (64-function MinHash, no {@code
   * scheme} field) still catch edited reposts, while new blocks are fingerprinted with scheme 2;
   * once the old ones are gone, the new ones catch the reposts alone.
   */
  @Test
  void aScheme1FingerprintStoredBeforeTheUpgradeStillBlocksAnEditedRepost() throws Exception {
    String old =
        "{\"evidenceId\":\"ev-old\",\"category\":\"fraud\",\"signature\":\""
            + new MinHasher(KEY).signature(ORIGINAL).orElseThrow().toBase64()
            + "\",\"decidedAt\":\"2025-12-31T00:00:00Z\",\"source\":\"engine\","
            + "\"rules\":[\"kw.fraud.1\"]}";
    var fingerprints =
        driver.createInputTopic(
            topics.fingerprints.name(),
            new org.apache.kafka.common.serialization.StringSerializer(),
            new ByteArraySerializer());
    fingerprints.pipeInput("ev-old", old.getBytes(StandardCharsets.UTF_8));
    assertEquals(1, near.index().size(MinHashScheme.K_PERMUTATIONS), "loaded as scheme 1");
    assertFalse(near.index().holds(MinHashScheme.ONE_PERMUTATION));

    submit("p2", "bob", REPOST);
    JsonNode d = decisions().get(0);
    assertEquals("BLOCK", d.get("action").asText(), d.toString());
    assertEquals("NEAR_DUPLICATE", d.get("matches").get(0).get("kind").asText());
    assertEquals("evidence:ev-old", d.get("matches").get(0).get("detail").asText());
    assertTrue(raw(topics.fingerprints.name()).isEmpty(), "a near-duplicate block: no print");

    submit("p1", "alice", ORIGINAL);
    assertEquals("BLOCK", decisions().get(0).get("action").asText(), "by the engine");
    List<TestRecord<String, byte[]>> written = raw(topics.fingerprints.name());
    assertEquals(1, written.size());
    assertEquals(2, Json.MAPPER.readTree(written.get(0).value()).get("scheme").asInt());
    assertEquals(1, near.index().size(MinHashScheme.K_PERMUTATIONS));
    assertEquals(1, near.index().size(MinHashScheme.ONE_PERMUTATION));

    fingerprints.pipeInput("ev-old", null);
    assertFalse(near.index().holds(MinHashScheme.K_PERMUTATIONS), "the old print is gone");
    submit("p3", "carol", REPOST);
    d = decisions().get(0);
    assertEquals("BLOCK", d.get("action").asText(), d.toString());
    assertEquals(
        "evidence:" + written.get(0).key(), d.get("matches").get(0).get("detail").asText());
  }

  /** While prints of both schemes are held, a post is looked up by both and the closer wins. */
  @Test
  void withBothSchemesHeldTheMoreSimilarFingerprintWins() {
    Decision allow =
        new Decision(
            dev.vigil.core.policy.Action.ALLOW, new java.util.TreeSet<>(), 0, List.of(), "pack-1");
    SignatureHasher current = SignatureHasher.standard(KEY);
    MinHasher legacy = new MinHasher(KEY);
    // The scheme-1 print is of the repost itself (similarity 1), the scheme-2 one of its original.
    near.index().add(fingerprint("ev-1", legacy.signature(REPOST).orElseThrow()));
    near.index().add(fingerprint("ev-2", current.signature(ORIGINAL).orElseThrow()));
    assertEquals("evidence:ev-1", near.check(allow, REPOST).matches().get(0).detail());
    assertEquals(1.0, near.check(allow, REPOST).score());
    // And the other way round.
    near.index().add(fingerprint("ev-1", legacy.signature(ORIGINAL).orElseThrow()));
    near.index().add(fingerprint("ev-2", current.signature(REPOST).orElseThrow()));
    assertEquals("evidence:ev-2", near.check(allow, REPOST).matches().get(0).detail());
    // Only a print of scheme 1 left, and the repost is still caught by it.
    near.index().remove("ev-2");
    assertEquals("evidence:ev-1", near.check(allow, REPOST).matches().get(0).detail());
  }

  private static Fingerprint fingerprint(String evidenceId, MinHashSignature signature) {
    return new Fingerprint(evidenceId, "fraud", signature, Instant.parse("2026-01-01T00:00:00Z"));
  }

  @Test
  void unrelatedPostsAreLeftToTheEngine() throws Exception {
    submit("p1", "alice", ORIGINAL);
    raw(topics.fingerprints.name());
    submit("p3", "carol", "今天天气不错，我们下午去公园散步，晚上一起吃火锅吧");
    JsonNode d = decisions().get(1);
    assertEquals("ALLOW", d.get("action").asText());
    assertEquals(1, raw(topics.published.name()).size());
  }

  @Test
  void aTombstoneRemovesTheFingerprint() {
    submit("p1", "alice", ORIGINAL);
    String evidenceId = raw(topics.fingerprints.name()).get(0).key();
    driver
        .createInputTopic(
            topics.fingerprints.name(),
            new org.apache.kafka.common.serialization.StringSerializer(),
            new ByteArraySerializer())
        .pipeInput(evidenceId, null);
    assertEquals(0, near.index().size());
    submit("p2", "bob", REPOST);
    assertEquals("ALLOW", decisions().get(1).get("action").asText());
  }

  @Test
  void aModeratorRejectIsFingerprintedToo() throws Exception {
    String held = "reviewme 宝妈兼职手机操作每天一两个小时日入两百加微信了解详情";
    submit("p4", "dave", held);
    driver
        .createInputTopic(
            topics.reviewActions.name(),
            topics.reviewActions.keySerde().serializer(),
            topics.reviewActions.valueSerde().serializer())
        .pipeInput(
            "p4",
            ReviewTopologyTest.SIGNATURE.sign(
                new ReviewCommand(
                    "cmd-1",
                    ReviewCommand.Type.REJECT,
                    "p4",
                    "alice",
                    "moderator",
                    "brushing scam",
                    Instant.parse("2026-01-01T00:00:01Z"),
                    null)),
            Instant.parse("2026-01-01T00:00:01Z"));
    List<TestRecord<String, byte[]>> fingerprints = raw(topics.fingerprints.name());
    assertEquals(1, fingerprints.size(), "the reject's fingerprint, in its transaction");
    String evidenceId = fingerprints.get(0).key();
    JsonNode value = Json.MAPPER.readTree(fingerprints.get(0).value());
    assertEquals("moderator", value.get("source").asText());
    assertEquals(0, value.get("rules").size(), "a moderator's block is tied to no rule");
    // Even with the rule that sent the original to review demoted, the reject counts.
    demoted.add("kw.review.1");
    submit("p5", "erin", "reviewme 宝妈兼职手机操作每天一两个小时日入三百加微信了解详情");
    JsonNode d = decisions().get(1);
    assertEquals("BLOCK", d.get("action").asText(), d.toString());
    assertEquals("fraud", d.get("categories").get(0).asText());
    assertEquals("evidence:" + evidenceId, d.get("matches").get(0).get("detail").asText());
  }

  @Test
  void aTakedownIsFingerprintedAndItsRepostsBlocked() {
    // Published (the engine allows it), reported by a user, taken down by a moderator.
    String text = "宝妈兼职手机操作每天一两个小时日入两百加微信了解详情";
    submit("p7", "gina", text);
    assertEquals("ALLOW", decisions().get(0).get("action").asText());
    String report =
        "{\"reportId\":\"r-7\",\"postId\":\"p7\",\"reporterId\":\"hank\",\"reason\":\"fraud\","
            + "\"post\":{\"postId\":\"p7\",\"authorId\":\"gina\",\"text\":\""
            + text
            + "\"}}";
    driver
        .createInputTopic(
            topics.userReports.name(), new ByteArraySerializer(), new ByteArraySerializer())
        .pipeInput(
            new TestRecord<>(
                "p7".getBytes(StandardCharsets.UTF_8),
                report.getBytes(StandardCharsets.UTF_8),
                Instant.parse("2026-01-01T00:00:01Z")));
    driver
        .createInputTopic(
            topics.reviewActions.name(),
            topics.reviewActions.keySerde().serializer(),
            topics.reviewActions.valueSerde().serializer())
        .pipeInput(
            "p7",
            ReviewTopologyTest.SIGNATURE.sign(
                new ReviewCommand(
                    "cmd-7",
                    ReviewCommand.Type.REJECT,
                    "p7",
                    "alice",
                    "moderator",
                    "brushing scam",
                    Instant.parse("2026-01-01T00:00:02Z"),
                    null)),
            Instant.parse("2026-01-01T00:00:02Z"));
    assertEquals(1, raw(topics.takedowns.name()).size());
    List<TestRecord<String, byte[]>> fingerprints = raw(topics.fingerprints.name());
    assertEquals(1, fingerprints.size(), "the takedown's fingerprint, in its transaction");
    submit("p8", "ivan", "宝妈兼职手机操作每天一两个小时日入三百加微信了解详情");
    JsonNode d = decisions().get(0); // the first was read above
    assertEquals("BLOCK", d.get("action").asText(), d.toString());
    assertEquals("fraud", d.get("categories").get(0).asText());
    assertEquals(
        "evidence:" + fingerprints.get(0).key(), d.get("matches").get(0).get("detail").asText());
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

  private List<TestRecord<String, byte[]>> raw(String topic) {
    return driver
        .createOutputTopic(topic, new StringDeserializer(), new ByteArrayDeserializer())
        .readRecordsToList();
  }

  private List<JsonNode> decisions() {
    return driver
        .createOutputTopic(
            topics.decisions.name(), new StringDeserializer(), new ByteArrayDeserializer())
        .readRecordsToList()
        .stream()
        .map(
            r -> {
              try {
                return Json.MAPPER.readTree(r.value());
              } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
              }
            })
        .toList();
  }
}
