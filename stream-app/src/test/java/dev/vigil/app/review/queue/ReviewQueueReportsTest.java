package dev.vigil.app.review.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.app.events.DecisionEvent;
import dev.vigil.app.events.ErasureCommand;
import dev.vigil.app.events.QuarantinedPost;
import dev.vigil.app.events.ReportOutcome;
import dev.vigil.app.events.ReviewCommand;
import dev.vigil.app.events.ReviewCommand.Type;
import dev.vigil.app.events.ReviewItem;
import dev.vigil.app.events.ReviewResult.Status;
import dev.vigil.app.events.SealedBytes;
import dev.vigil.core.policy.Action;
import dev.vigil.core.policy.Decision;
import dev.vigil.core.report.ReportingPolicy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Users' reports and takedowns in the review flow's state machine, without Kafka. */
class ReviewQueueReportsTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final String RAW = "{\"postId\":\"p1\",\"authorId\":\"user-1\",\"text\":\"hi\"}";
  private static final SealedBytes CONTENT =
      new SealedBytes(
          "test", "", Base64.getEncoder().encodeToString(RAW.getBytes(StandardCharsets.UTF_8)));

  private static final SealedBytes NOTE = new SealedBytes("test", "", "c2VhbGVk");
  private boolean fits = true;
  private final ReviewQueue queue =
      new ReviewQueue(
          Duration.ofMinutes(10),
          Duration.ofDays(7),
          Duration.ofDays(30),
          Map.of("moderator", Clearance.MODERATOR, "senior", Clearance.SENIOR),
          item -> fits,
          (postId, content) -> Base64.getDecoder().decode(content.data()),
          c -> true,
          ReportingPolicy.defaults("test-platform"));
  private int seq;

  private static IncomingReport report(String id, String reporter, String reason, Instant at) {
    return new IncomingReport(id, "p1", reporter, reason, NOTE, at, CONTENT, "psn_author", T0);
  }

  private ReviewCommand cmd(Type type) {
    return new ReviewCommand("c" + (++seq), type, "p1", "mod-ann", "moderator", "scam", T0, null);
  }

  private static <T extends Output> List<T> of(Transition t, Class<T> type) {
    return t.outputs().stream().filter(type::isInstance).map(type::cast).toList();
  }

  private QueueEntry reported(String... reasons) {
    QueueEntry e = null;
    int i = 0;
    for (String reason : reasons) {
      i++;
      Transition t =
          queue.report(
              e,
              report("r" + i, "psn_rep" + i, reason, T0.plusSeconds(i)),
              false,
              T0.plusSeconds(i));
      e = t.entry();
    }
    return e;
  }

  @Test
  void aReportOfAnUnknownPostQueuesItAsAPublishedPostWithOriginReport() {
    Transition t = queue.report(null, report("r1", "psn_rep1", "fraud", T0), false, T0);
    assertTrue(t.changed());
    ReviewItem item = t.entry().item();
    assertEquals(ReviewItem.FROM_REPORT, item.origin());
    assertEquals(ReviewItem.MODERATION, item.queue());
    assertEquals(1, item.reportCount());
    assertEquals("psn_rep1", item.reports().get(0).reporter());
    assertEquals(Action.ALLOW, item.decision().action());
    assertEquals(DecisionEvent.Source.REPORT, item.decision().source());
    assertEquals(new TreeSet<>(List.of("fraud")), item.decision().categories());
    assertEquals(T0, item.firstReportedAt());
    assertEquals(1, of(t, Output.QueueUpdate.class).size());
    Output.Audit audit = of(t, Output.Audit.class).get(0);
    assertEquals("psn_rep1", audit.actor());
    assertEquals("report", audit.action());
    assertEquals("r1", audit.commandId());
    assertTrue(of(t, Output.ReportOutcome.class).isEmpty());
  }

  @Test
  void reportsMergeWithACountOfDistinctReporters() {
    QueueEntry e = reported("fraud", "looks like a scam");
    assertEquals(2, e.item().reportCount());
    // A category the policy names is kept in clear; free text only sealed (it may quote the post).
    assertEquals("fraud", e.item().reports().get(0).reason());
    assertNull(e.item().reports().get(0).note());
    assertEquals(ReviewItem.Report.OTHER, e.item().reports().get(1).reason());
    assertEquals(NOTE, e.item().reports().get(1).note());
    // The same reporter again, under a new report id: kept (it is answered), not counted.
    Transition again = queue.report(e, report("r3", "psn_rep1", "prohibited_goods", T0), false, T0);
    assertEquals(2, again.entry().item().reportCount());
    assertEquals(3, again.entry().item().reports().size());
    // The same report delivered twice changes nothing.
    Transition dup =
        queue.report(again.entry(), report("r3", "psn_rep1", "prohibited_goods", T0), false, T0);
    assertFalse(dup.changed());
    assertEquals("duplicate", of(dup, Output.Audit.class).get(0).result());
    // Reporters' category codes add up; free text, or a code the policy does not name, does not
    // become a category (reporters cannot invent categories).
    assertEquals(
        new TreeSet<>(List.of("fraud", "prohibited_goods")),
        again.entry().item().decision().categories());
    Transition invented =
        queue.report(again.entry(), report("r5", "psn_rep5", "made_up_code", T0), false, T0);
    assertEquals(
        new TreeSet<>(List.of("fraud", "prohibited_goods")),
        invented.entry().item().decision().categories());
  }

  @Test
  void pastTheKeptReportsOnlyTheCountGrows() {
    QueueEntry e = reported("fraud");
    for (int i = 0; i < ReviewQueue.MAX_KEPT_REPORTS + 5; i++) {
      e = queue.report(e, report("x" + i, "psn_x" + i, "fraud", T0), false, T0).entry();
    }
    assertEquals(ReviewQueue.MAX_KEPT_REPORTS, e.item().reports().size());
    assertEquals(ReviewQueue.MAX_KEPT_REPORTS + 6, e.item().reportCount());
    // An item that would no longer fit its topics keeps its reports and counts the new one.
    fits = false;
    QueueEntry small = reported("fraud");
    Transition t = queue.report(small, report("r9", "psn_9", "fraud", T0), false, T0);
    assertEquals(1, t.entry().item().reports().size());
    assertEquals(2, t.entry().item().reportCount());
  }

  @Test
  void rejectingAReportedPublishedPostTakesItDownOnceWithEvidenceAndAnswersTheReporters() {
    QueueEntry e = reported("fraud", "scam");
    Transition t = queue.apply(e, cmd(Type.REJECT), T0.plusSeconds(60));
    Output.Reject reject = of(t, Output.Reject.class).get(0);
    assertEquals(Action.BLOCK, reject.decision().decision().action());
    assertEquals(DecisionEvent.Source.TAKEDOWN, reject.decision().source());
    assertEquals("user-1", reject.author().reveal());
    Output.Takedown takedown = of(t, Output.Takedown.class).get(0);
    assertEquals("fraud", takedown.category());
    assertEquals("CSL Art. 46, 47", takedown.legalBasis());
    assertEquals("scam", takedown.reason());
    assertEquals("mod-ann", takedown.moderator());
    assertEquals(T0.plusSeconds(1), takedown.firstReportedAt());
    Output.ReportOutcome outcome = of(t, Output.ReportOutcome.class).get(0);
    assertEquals(List.of("r1", "r2"), outcome.reportIds());
    assertEquals(2, outcome.reportCount());
    assertEquals(ReportOutcome.REMOVED, outcome.outcome());
    assertTrue(of(t, Output.Publish.class).isEmpty());
    assertEquals(ReviewQueue.TAKEDOWN, t.entry().outcome());

    // Never twice: a second reject is refused, a later report is answered at once, and the entry
    // is never forgotten.
    Transition second = queue.apply(t.entry(), cmd(Type.REJECT), T0.plusSeconds(61));
    assertFalse(second.changed());
    assertTrue(of(second, Output.Takedown.class).isEmpty());
    assertEquals(Status.CONFLICT, of(second, Output.Answer.class).get(0).status());
    Transition late = queue.report(t.entry(), report("r7", "psn_7", "fraud", T0), false, T0);
    assertFalse(late.changed());
    assertTrue(of(late, Output.Reject.class).isEmpty());
    Output.ReportOutcome answered = of(late, Output.ReportOutcome.class).get(0);
    assertEquals(List.of("r7"), answered.reportIds());
    assertEquals(ReportOutcome.REMOVED, answered.outcome());
    assertFalse(queue.sweeps().forgotten(t.entry(), T0.plus(Duration.ofDays(3650))));
  }

  @Test
  void aFreeTextReportIsTakenDownUnderTheDefaultRule() {
    Transition t = queue.apply(reported("he is lying to people"), cmd(Type.REJECT), T0);
    Output.Takedown takedown = of(t, Output.Takedown.class).get(0);
    assertEquals("uncategorised", takedown.category());
    assertEquals("CSL Art. 47", takedown.legalBasis());
  }

  @Test
  void keepingAReportedPostPublishesNothingAgainAndAnswersKept() {
    Transition t = queue.apply(reported("fraud"), cmd(Type.APPROVE), T0);
    assertTrue(of(t, Output.Publish.class).isEmpty());
    assertTrue(of(t, Output.Takedown.class).isEmpty());
    assertEquals(ReportOutcome.KEPT, of(t, Output.ReportOutcome.class).get(0).outcome());
    assertEquals("approve", t.entry().outcome());
    Transition late = queue.report(t.entry(), report("r8", "psn_8", "fraud", T0), false, T0);
    assertFalse(late.changed());
    assertEquals(ReportOutcome.KEPT, of(late, Output.ReportOutcome.class).get(0).outcome());
    // A kept post is forgotten after the decided retention, and may then be reported again.
    assertTrue(queue.sweeps().forgotten(t.entry(), T0.plus(Duration.ofDays(8))));
  }

  @Test
  void aReportedHeldPostIsBlockedNotTakenDown() {
    DecisionEvent review =
        new DecisionEvent(
            "p1",
            new Decision(Action.REVIEW, new TreeSet<>(List.of("fraud")), 0.6, List.of(), "pack-1"),
            T0,
            T0,
            0,
            "psn_author",
            DecisionEvent.Source.ENGINE);
    QueueEntry held =
        queue.enqueue(null, new QuarantinedPost("p1", CONTENT, review, T0), T0).entry();
    QueueEntry withReport =
        queue.report(held, report("r1", "psn_1", "fraud", T0), false, T0).entry();
    assertEquals(ReviewItem.FROM_ENGINE, withReport.item().origin());
    assertEquals(1, withReport.item().reportCount());
    Transition rejected = queue.apply(withReport, cmd(Type.REJECT), T0);
    assertEquals(
        DecisionEvent.Source.MODERATOR,
        of(rejected, Output.Reject.class).get(0).decision().source());
    assertTrue(of(rejected, Output.Takedown.class).isEmpty());
    assertEquals(ReportOutcome.REMOVED, of(rejected, Output.ReportOutcome.class).get(0).outcome());
    assertEquals("reject", rejected.entry().outcome());

    Transition approved = queue.apply(withReport, cmd(Type.APPROVE), T0);
    assertEquals(1, of(approved, Output.Publish.class).size());
    assertEquals(ReportOutcome.KEPT, of(approved, Output.ReportOutcome.class).get(0).outcome());
  }

  @Test
  void erasingAReporterRemovesTheirReportsButNotThePost() {
    QueueEntry e = reported("fraud", "fraud");
    Transition t =
        queue.sweeps().erase(e, new ErasureCommand("req-1", "psn_rep1", T0.plusSeconds(5)));
    assertTrue(t.changed());
    ReviewItem item = t.entry().item();
    assertEquals(List.of("r2"), item.reports().stream().map(ReviewItem.Report::reportId).toList());
    assertEquals(2, item.reportCount());
    assertEquals(item, of(t, Output.QueueUpdate.class).get(0).item());
    // Erasing the author removes the item whole, as for any held post.
    Transition author =
        queue.sweeps().erase(e, new ErasureCommand("req-2", "psn_author", T0.plusSeconds(5)));
    assertTrue(author.changed());
    assertNull(author.entry());
  }

  @Test
  void aReportOfAPostBlockedBeforePublicationIsAnsweredRemovedAndNotQueued() {
    Transition t = queue.report(null, report("r1", "psn_1", "fraud", T0), true, T0);
    assertFalse(t.changed());
    assertNull(t.entry());
    Output.ReportOutcome o = of(t, Output.ReportOutcome.class).get(0);
    assertEquals(ReportOutcome.REMOVED, o.outcome());
    assertTrue(o.detail().contains("never published"), o.detail());
    assertTrue(of(t, Output.QueueUpdate.class).isEmpty());
  }
}
