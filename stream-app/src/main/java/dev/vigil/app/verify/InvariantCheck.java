package dev.vigil.app.verify;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.app.config.KafkaConnection;
import dev.vigil.app.events.DeadLetter;
import dev.vigil.app.json.Json;
import dev.vigil.app.review.queue.ReviewQueue;
import dev.vigil.app.topics.Topics;
import dev.vigil.core.post.ParseResult;
import dev.vigil.core.post.PostParser;
import dev.vigil.core.post.ReportParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Checks the walking-pipeline invariant on what is committed on Kafka, to the record, from the
 * input alone: every record on {@code posts.submitted} yields exactly one decision or one dead
 * letter; an ALLOW exactly one published record carrying the submitted bytes (as the field policy
 * of the parser it is given keeps them); a REVIEW one quarantined record; a BLOCK one evidence and
 * one report record and nothing published. What each input should have become is recomputed with
 * the same {@link PostParser} the app uses, so the check needs no knowledge of who sent what.
 *
 * <p>Inputs are matched to dead letters by partition and offset (which dead letters carry), and to
 * decisions by {@code postId}. A post submitted twice under one id is expected to be decided twice
 * (and, if blocked, evidenced twice but reported once: one report per blocked post). Decisions made
 * by a moderator are read from the review flow's answers ({@code review.results}, joined to the
 * commands on {@code review.actions}): an applied approve of a held post calls for one published
 * record, an applied reject for one evidence record and one report, and a moderator outcome for a
 * post never held (or decided twice without a revert) is a violation.
 *
 * <p>Users' reports ({@code posts.reports}) are parsed like the inputs: a bad one calls for its
 * dead letter, a good one makes its post one a moderator may decide though it was never held (a
 * published post); so does a rescan hit ({@code posts.rescans}). Every takedown ({@code
 * moderation.takedowns}) must be of a reported or rescanned post, follow an applied reject, and
 * have its evidence and exactly one report; no post is taken down twice; a post taken down may have
 * been published before.
 */
public final class InvariantCheck {
  private static final int EXAMPLES = 10;

  private final TopicReader reader;
  private final Topics topics;
  private final PostParser parser;

  public InvariantCheck(KafkaConnection kafka, Topics topics, PostParser parser) {
    this.reader = new TopicReader(kafka);
    this.topics = topics;
    this.parser = parser;
  }

  /**
   * Reads every topic once and checks; see {@link #awaitOk} for a check that tolerates commits in
   * flight.
   */
  public InvariantReport check() {
    Duration t = Duration.ofMinutes(2);
    Violations v = new Violations();
    InvariantReport.Builder report = new InvariantReport.Builder();

    // What the inputs should become.
    Map<String, ExpectedDeadLetter> expectedDead = new HashMap<>();
    Map<String, List<byte[]>> submittedValues = new HashMap<>();
    Map<String, Integer> submittedPosts = new HashMap<>();
    Map<String, String> postIdAt = new HashMap<>();
    for (var r : reader.readAll(topics.submitted.name(), t)) {
      report.inputs++;
      String at = r.partition() + ":" + r.offset();
      ParseResult parsed = parser.parse(r.value());
      if (parsed instanceof ParseResult.Ok ok) {
        String id = ok.post().postId();
        submittedPosts.merge(id, 1, Integer::sum);
        // What may be published: the post as the app's field policy keeps it (the same parser).
        submittedValues.computeIfAbsent(id, k -> new ArrayList<>(1)).add(ok.post().bytes());
        postIdAt.put(at, id);
      } else {
        expectedDead.put(
            at,
            new ExpectedDeadLetter(
                ((ParseResult.Invalid) parsed).error().code(), r.key(), r.value()));
      }
    }

    // Users' reports: a bad one must be dead-lettered (as a bad post), a good one may be decided.
    ReportParser reportParser = new ReportParser(parser);
    Map<String, ExpectedDeadLetter> expectedDeadReports = new HashMap<>();
    java.util.Set<String> reportedPosts = new java.util.HashSet<>();
    for (var r : reader.readAll(topics.userReports.name(), t)) {
      report.userReports++;
      String at = r.partition() + ":" + r.offset();
      ReportParser.Result parsed = reportParser.parse(r.value());
      if (parsed instanceof ReportParser.Result.Ok ok
          && Arrays.equals(r.key(), ok.report().postId().getBytes(StandardCharsets.UTF_8))) {
        reportedPosts.add(ok.report().postId());
      } else {
        String reason =
            parsed instanceof ReportParser.Result.Invalid bad
                ? bad.error().code()
                : "invalid_field"; // keyed by something other than its postId
        expectedDeadReports.put(at, new ExpectedDeadLetter(reason, r.key(), r.value()));
      }
    }
    Map<String, Integer> deadReportsSeen = new HashMap<>();

    // Rescan hits: published posts a rescan flagged, which a moderator may decide (a reject is a
    // takedown) as a reported post. Written by Vigil itself; a bad one is a review source's dead
    // letter.
    java.util.Set<String> rescannedPosts = new java.util.HashSet<>();
    for (var r : reader.readAll(topics.rescans.name(), t)) {
      reportedPosts.add(key(r));
      rescannedPosts.add(key(r));
    }

    // Dead letters: one per bad input, with its reason and its bytes whole.
    java.util.Set<String> reviewSources =
        java.util.Set.of(
            topics.quarantined.name(),
            topics.revertable.name(),
            topics.reviewActions.name(),
            topics.rescans.name(),
            topics.privacyErasures.name(),
            topics.privacyRequests.name());
    Map<String, Integer> processingErrors = new HashMap<>();
    Map<String, Integer> deadSeen = new HashMap<>();
    for (var r : reader.readAll(topics.deadLetter.name(), t)) {
      JsonNode dl = json(r, v);
      if (dl == null) {
        report.deadLetters++;
        continue;
      }
      // Counted as outcomes of inputs: dead letters of posts.submitted records (and unknown ones,
      // which violate).
      if (!reviewSources.contains(dl.path("topic").asText())
          && !topics.userReports.name().equals(dl.path("topic").asText())) {
        report.deadLetters++;
      }
      String reason = dl.path("reason").asText();
      report.deadLettersByReason.merge(reason, 1L, Long::sum);
      String at = dl.path("partition").asInt() + ":" + dl.path("offset").asLong();
      if (topics.userReports.name().equals(dl.path("topic").asText())) {
        // A bad report: not an input of the moderation invariant, checked against its report.
        if (deadReportsSeen.merge(at, 1, Integer::sum) > 1) {
          v.add("report dead-lettered more than once", at);
          continue;
        }
        ExpectedDeadLetter expected = expectedDeadReports.get(at);
        if (expected == null) {
          if (!"processing_error".equals(reason) && !"output_too_large".equals(reason)) {
            v.add("dead letter for a report that was valid or never sent", at + " " + reason);
          }
        } else if (!expected.reason().equals(reason)) {
          v.add(
              "report dead letter with the wrong reason",
              at + " expected " + expected.reason() + ", got " + reason);
        } else if (!Objects.equals(
            DeadLetter.sha256(expected.value()), dl.path("valueSha256").textValue())) {
          v.add("dead letter does not carry the original report", at);
        }
        continue;
      }
      if (!topics.submitted.name().equals(dl.path("topic").asText())) {
        // A poison record of the review flow (a command, a held post that could not be applied): it
        // is no input
        // of the pipeline, and what its loss means for a decision's routing is checked below.
        if (!reviewSources.contains(dl.path("topic").asText())) {
          v.add("dead letter from an unknown topic", dl.path("topic").asText() + " " + at);
        }
        continue;
      }
      if (deadSeen.merge(at, 1, Integer::sum) > 1) {
        v.add("input dead-lettered more than once", at);
        continue;
      }
      ExpectedDeadLetter expected = expectedDead.get(at);
      if (expected == null) {
        String postId = postIdAt.get(at);
        // A valid post taken out whole (it broke a processor, or an output would be over its
        // topic's limit):
        // in place of its decision, never besides it.
        if (postId != null
            && ("processing_error".equals(reason) || "output_too_large".equals(reason))) {
          processingErrors.merge(postId, 1, Integer::sum);
        } else {
          v.add("dead letter for an input that was valid or never submitted", at + " " + reason);
        }
        continue;
      }
      if (!expected.reason().equals(reason)) {
        v.add(
            "dead letter with the wrong reason",
            at + " expected " + expected.reason() + ", got " + reason);
      }
      // Dead letters carry the input sealed (unreadable here, by design) and its SHA-256: the
      // digest is what proves the bytes were kept.
      if (!Objects.equals(
          DeadLetter.sha256(expected.value()), dl.path("valueSha256").textValue())) {
        v.add("dead letter does not carry the original bytes", at);
      }
      if (!Objects.equals(DeadLetter.sha256(expected.key()), dl.path("keySha256").textValue())) {
        v.add("dead letter does not carry the original key", at);
      }
    }
    for (String at : expectedDead.keySet()) {
      if (!deadSeen.containsKey(at)) {
        v.add("bad input lost (no dead letter)", at + " " + expectedDead.get(at).reason());
      }
    }

    for (String at : expectedDeadReports.keySet()) {
      if (!deadReportsSeen.containsKey(at)) {
        v.add("bad report lost (no dead letter)", at + " " + expectedDeadReports.get(at).reason());
      }
    }

    // Decisions: exactly one engine decision per valid input.
    Map<String, Integer> engineDecisions = new HashMap<>();
    Map<String, Integer> allows = new HashMap<>();
    Map<String, Integer> reviews = new HashMap<>();
    Map<String, Integer> blocks = new HashMap<>();
    Map<String, Integer> moderatorDecisions = new HashMap<>();
    for (var r : reader.readAll(topics.decisions.name(), t)) {
      report.decisions++;
      JsonNode d = json(r, v);
      if (d == null) {
        continue;
      }
      String id = d.path("postId").asText();
      String action = d.path("action").asText();
      boolean byModerator = "moderator".equals(d.path("source").asText());
      report.decisionsByAction.merge(action, 1L, Long::sum);
      if (!id.equals(key(r))) {
        v.add("decision keyed by something other than its postId", id);
      }
      (byModerator ? moderatorDecisions : engineDecisions).merge(id, 1, Integer::sum);
      switch (action) {
        case "ALLOW" -> allows.merge(id, 1, Integer::sum);
        case "BLOCK" -> blocks.merge(id, 1, Integer::sum);
        case "REVIEW" -> {
          if (byModerator) {
            v.add("moderator decision that is neither ALLOW nor BLOCK", id);
          } else {
            reviews.merge(id, 1, Integer::sum);
          }
        }
        default -> v.add("decision with an unknown action", id + " " + action);
      }
    }
    for (var e : submittedPosts.entrySet()) {
      int expected = e.getValue() - processingErrors.getOrDefault(e.getKey(), 0);
      int got = engineDecisions.getOrDefault(e.getKey(), 0);
      if (got < expected) {
        v.add("post lost (no decision)", e.getKey());
      } else if (got > expected) {
        v.add("post decided more than once", e.getKey() + " x" + got);
      }
    }
    for (var e : engineDecisions.entrySet()) {
      if (!submittedPosts.containsKey(e.getKey())) {
        v.add("decision for a post never submitted", e.getKey());
      }
    }
    for (var e : moderatorDecisions.entrySet()) {
      if (e.getValue() > reviews.getOrDefault(e.getKey(), 0)) {
        v.add("moderator decision for a post not held for review", e.getKey());
      }
    }

    // Moderators' outcomes: the review flow answers every command on review.results, in the same
    // transaction as its effects; an APPLIED approve publishes the held post, an APPLIED reject
    // blocks it (evidence and a report), a REVERT puts blocked posts back in the queue.
    Map<String, JsonNode> commands = new HashMap<>();
    for (var r : reader.readAll(topics.reviewActions.name(), t)) {
      JsonNode c = json(r, v);
      if (c != null) {
        commands.put(c.path("commandId").asText(), c);
      }
    }
    Map<String, Integer> approved = new HashMap<>();
    Map<String, Integer> rejected = new HashMap<>();
    boolean reverted = false;
    for (var r : reader.readAll(topics.reviewResults.name(), t)) {
      JsonNode res = json(r, v);
      if (res == null || !"APPLIED".equals(res.path("status").asText())) {
        continue;
      }
      JsonNode c = commands.get(res.path("commandId").asText());
      if (c == null) {
        v.add("review result for a command never sent", res.path("commandId").asText());
        continue;
      }
      String type = c.path("type").asText();
      String id = c.path("postId").asText();
      switch (type) {
        case "APPROVE" -> approved.merge(id, 1, Integer::sum);
        case "REJECT" -> rejected.merge(id, 1, Integer::sum);
        case "REVERT" -> reverted = true;
        default -> {
          continue; // claims, skips, comments, escalations route nothing
        }
      }
      report.moderatorOutcomes.merge(type.toLowerCase(java.util.Locale.ROOT), 1L, Long::sum);
    }
    java.util.Set<String> decidedByModerators = new java.util.HashSet<>(approved.keySet());
    decidedByModerators.addAll(rejected.keySet());
    for (String id : decidedByModerators) {
      int outcomes = approved.getOrDefault(id, 0) + rejected.getOrDefault(id, 0);
      boolean held = reviews.containsKey(id);
      boolean backFromBlock = reverted && blocks.containsKey(id);
      if (reportedPosts.contains(id)) {
        // Reported: a published post may be decided (again after its decision is forgotten);
        // what must hold is checked on the takedowns below.
        continue;
      }
      if (!held && !backFromBlock) {
        v.add("moderator outcome for a post never held for review", id);
      } else if (!reverted && outcomes > reviews.getOrDefault(id, 0)) {
        v.add("post decided more than once by moderators", id + " x" + outcomes);
      }
    }
    Map<String, Integer> toPublish = new HashMap<>(allows);
    for (var e : approved.entrySet()) {
      // Keeping a reported, published post publishes nothing again: only approvals of held posts
      // (or of blocks sent back by a revert) publish.
      String id = e.getKey();
      int n = e.getValue();
      int publishing =
          reportedPosts.contains(id)
              ? Math.min(
                  n, reviews.getOrDefault(id, 0) + (reverted ? blocks.getOrDefault(id, 0) : 0))
              : n;
      if (publishing > 0) {
        toPublish.merge(id, publishing, Integer::sum);
      }
    }

    // Takedowns: of reported posts only, each after an applied reject, never two for one post.
    Map<String, Integer> takedowns = new HashMap<>();
    // Taken down by a rescan in a category that opted in to `rescan: takedown`: no moderator.
    java.util.Set<String> rescanTakedowns = new java.util.HashSet<>();
    for (var r : reader.readAll(topics.takedowns.name(), t)) {
      report.takedowns++;
      JsonNode td = json(r, v);
      if (td == null) {
        continue;
      }
      String id = td.path("postId").asText();
      if (!id.equals(key(r))) {
        v.add("takedown keyed by something other than its postId", id);
      }
      if (takedowns.merge(id, 1, Integer::sum) == 2) {
        v.add("post taken down more than once", id);
      }
      if (!reportedPosts.contains(id)) {
        v.add("takedown of a post never reported", id);
      }
      boolean byRescan =
          ReviewQueue.RESCAN_ACTOR.equals(td.path("moderator").asText())
              && rescannedPosts.contains(id);
      if (byRescan) {
        rescanTakedowns.add(id);
      } else if (!rejected.containsKey(id)) {
        v.add("takedown without a moderator's applied reject", id);
      }
    }
    Map<String, Integer> toEvidence = new HashMap<>(blocks);
    rejected.forEach((id, n) -> toEvidence.merge(id, n, Integer::sum));
    rescanTakedowns.forEach(id -> toEvidence.merge(id, 1, Integer::sum));

    // Routing: each decision has exactly its outputs.
    Map<String, Integer> published = new HashMap<>();
    for (var r : reader.readAll(topics.published.name(), t)) {
      report.published++;
      String id = key(r);
      published.merge(id, 1, Integer::sum);
      List<byte[]> sent = submittedValues.getOrDefault(id, List.of());
      if (sent.stream().noneMatch(b -> Arrays.equals(b, r.value()))) {
        v.add("published bytes differ from the submitted ones (as minimised)", id);
      }
    }
    report.quarantined =
        expectCounts("quarantined", reader.readAll(topics.quarantined.name(), t), reviews, v);
    report.evidence =
        expectCounts("evidence", reader.readAll(topics.evidence.name(), t), toEvidence, v);
    // One report per blocked POST, never two: a post blocked again (resubmitted under its id, or
    // rejected after a revert) is evidenced again but not reported again.
    Map<String, Integer> reportable = new HashMap<>();
    toEvidence.keySet().forEach(id -> reportable.put(id, 1));
    report.reports =
        expectCounts("report", reader.readAll(topics.reports.name(), t), reportable, v);
    compare("published", published, toPublish, v);
    for (String id : toEvidence.keySet()) {
      // Only a moderator's approve after a revert may publish a post that was blocked.
      if (published.containsKey(id)
          && !(reverted && approved.containsKey(id))
          && !takedowns.containsKey(id)) {
        v.add("post both published and blocked", id);
      }
    }
    return report.build(v.counts, v.examples);
  }

  /**
   * Checks until the invariant holds or {@code timeout} passes, and returns the last report.
   * Committed transactions become readable a moment after the app's offsets move, so a check right
   * after catching up can see a transaction half-visible across topics; a real loss stays lost
   * however long one waits.
   */
  public InvariantReport awaitOk(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    InvariantReport last = check();
    while (!last.ok() && System.nanoTime() < deadline) {
      Thread.sleep(2000);
      last = check();
    }
    return last;
  }

  private static int expectCounts(
      String what,
      List<ConsumerRecord<byte[], byte[]>> records,
      Map<String, Integer> expected,
      Violations v) {
    Map<String, Integer> got = new HashMap<>();
    for (var r : records) {
      got.merge(key(r), 1, Integer::sum);
    }
    compare(what, got, expected, v);
    return records.size();
  }

  private static void compare(
      String what, Map<String, Integer> got, Map<String, Integer> expected, Violations v) {
    for (var e : expected.entrySet()) {
      int n = got.getOrDefault(e.getKey(), 0);
      if (n < e.getValue()) {
        v.add(what + " record missing", e.getKey());
      } else if (n > e.getValue()) {
        v.add(what + " record duplicated", e.getKey() + " x" + n);
      }
    }
    for (var e : got.entrySet()) {
      if (!expected.containsKey(e.getKey())) {
        v.add(what + " record without a decision calling for it", e.getKey());
      }
    }
  }

  private static String key(ConsumerRecord<byte[], byte[]> r) {
    return r.key() == null ? "<null key>" : new String(r.key(), StandardCharsets.UTF_8);
  }

  private static JsonNode json(ConsumerRecord<byte[], byte[]> r, Violations v) {
    try {
      return Json.MAPPER.readTree(r.value());
    } catch (IOException | RuntimeException e) {
      v.add("output record that is not JSON", r.topic() + " " + r.partition() + ":" + r.offset());
      return null;
    }
  }

  private record ExpectedDeadLetter(String reason, byte[] key, byte[] value) {}

  /** Violations by kind, with a few examples of each. */
  private static final class Violations {
    final Map<String, Long> counts = new TreeMap<>();
    final Map<String, List<String>> examples = new TreeMap<>();

    void add(String kind, String example) {
      counts.merge(kind, 1L, Long::sum);
      List<String> list = examples.computeIfAbsent(kind, k -> new ArrayList<>());
      if (list.size() < EXAMPLES) {
        list.add(example);
      }
    }
  }
}
