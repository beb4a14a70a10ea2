package dev.vigil.app.review.queue;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.app.events.DecisionEvent;
import dev.vigil.app.events.ErasureCommand;
import dev.vigil.app.events.QuarantinedPost;
import dev.vigil.app.events.ReviewCommand;
import dev.vigil.app.events.ReviewCommand.Type;
import dev.vigil.app.events.ReviewItem;
import dev.vigil.app.events.ReviewResult.Status;
import dev.vigil.app.events.SealedBytes;
import dev.vigil.app.events.SealedNote;
import dev.vigil.core.evidence.EvidenceAccessException;
import dev.vigil.core.policy.Action;
import dev.vigil.core.policy.Decision;
import dev.vigil.core.policy.Match;
import dev.vigil.core.policy.MatchKind;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The review flow's rules, command by command and refusal by refusal, without Kafka. */
class ReviewQueueTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Duration LEASE = Duration.ofMinutes(10);
  private static final Map<String, Clearance> ROLES =
      Map.of(
          "moderator",
          Clearance.MODERATOR,
          "senior",
          Clearance.SENIOR,
          "admin",
          Clearance.SENIOR,
          "auditor",
          Clearance.NONE);
  private static final String RAW = "{\"postId\":\"p1\",\"authorId\":\"user-1\",\"text\":\"hi\"}";

  private boolean fits = true;
  private boolean erased = false;

  /** A stand-in for the key store: the test's "seal" is plain base64, opened unless erased. */
  private final PostOpener opener =
      (postId, content) -> {
        if (erased) {
          throw new EvidenceAccessException(EvidenceAccessException.Reason.KEY_DESTROYED, "erased");
        }
        return Base64.getDecoder().decode(content.data());
      };

  private final ReviewQueue queue =
      new ReviewQueue(
          LEASE,
          Duration.ofDays(7),
          Duration.ofDays(30),
          ROLES,
          item -> fits,
          opener,
          c -> !"forged".equals(c.signature()));
  private int seq;

  private static DecisionEvent decision(Action action, Instant at, String ruleId) {
    List<Match> matches =
        ruleId == null
            ? List.of()
            : List.of(new Match(ruleId, 1, MatchKind.KEYWORD, "fraud", 0, 2, false));
    return new DecisionEvent(
        "p1",
        new Decision(action, new TreeSet<>(List.of("fraud")), 0.9, matches, "pack-1"),
        at,
        at,
        0,
        "psn_a",
        DecisionEvent.Source.ENGINE);
  }

  private static SealedBytes sealed(String raw) {
    return new SealedBytes(
        "test", "", Base64.getEncoder().encodeToString(raw.getBytes(StandardCharsets.UTF_8)));
  }

  private static QuarantinedPost held(Action action, Instant at) {
    return new QuarantinedPost("p1", sealed(RAW), decision(action, at, "kw.test"), at);
  }

  private QueueEntry pending() {
    return queue.enqueue(null, held(Action.REVIEW, T0), T0).entry();
  }

  private ReviewCommand cmd(Type type, String actor, String role, String reason) {
    return new ReviewCommand("c" + (++seq), type, "p1", actor, role, reason, T0, null);
  }

  private static Output.Answer answer(Transition t) {
    return t.outputs().stream()
        .filter(o -> o instanceof Output.Answer)
        .map(o -> (Output.Answer) o)
        .reduce(
            (a, b) -> {
              throw new AssertionError("two answers");
            })
        .orElseThrow();
  }

  private static List<Output.Audit> audits(Transition t) {
    return t.outputs().stream()
        .filter(o -> o instanceof Output.Audit)
        .map(o -> (Output.Audit) o)
        .toList();
  }

  /**
   * Asserts a refusal: answered and audited with {@code status}, the entry untouched, nothing else
   * emitted.
   */
  private static Output.Answer refused(Transition t, Status status, String message) {
    assertFalse(t.changed(), "a refusal changes nothing");
    assertEquals(2, t.outputs().size(), t.outputs().toString());
    Output.Answer a = answer(t);
    assertEquals(status, a.status());
    assertTrue(a.message().contains(message), a.message());
    assertEquals(0, a.count());
    Output.Audit audit = audits(t).get(0);
    assertEquals(status.name().toLowerCase(), audit.result());
    assertEquals(a.message(), audit.detail());
    return a;
  }

  private static Output.Answer applied(Transition t) {
    Output.Answer a = answer(t);
    assertEquals(Status.APPLIED, a.status(), a.message());
    assertEquals(1, a.count());
    assertEquals("applied", audits(t).get(0).result());
    return a;
  }

  private QueueEntry claimedBy(String user, String role) {
    return queue.apply(pending(), cmd(Type.CLAIM, user, role, null), T0).entry();
  }

  @Test
  void aHeldPostJoinsTheModerationQueueOnce() {
    Transition t = queue.enqueue(null, held(Action.REVIEW, T0), T0.plusSeconds(5));
    assertTrue(t.changed());
    ReviewItem item = t.entry().item();
    assertEquals(ReviewItem.MODERATION, item.queue());
    assertEquals(ReviewItem.FROM_ENGINE, item.origin());
    assertEquals(T0, item.enqueuedAt());
    assertEquals(List.of(new Output.QueueUpdate("p1", item)), t.outputs());
    Transition again = queue.enqueue(t.entry(), held(Action.REVIEW, T0), T0);
    assertFalse(again.changed());
    assertTrue(again.outputs().isEmpty());
  }

  @Test
  void claimTakesALeaseAndRenewsIt() {
    Transition t = queue.apply(pending(), cmd(Type.CLAIM, "alice", "Moderator ", null), T0);
    Output.Answer a = applied(t);
    assertEquals(
        new ReviewItem.Claim("alice", "moderator", T0.plus(LEASE)), t.entry().item().claim());
    assertEquals("until " + T0.plus(LEASE), a.message());
    assertSame(t.entry().item(), a.item());
    Transition renewed =
        queue.apply(t.entry(), cmd(Type.CLAIM, "alice", "moderator", null), T0.plusSeconds(60));
    assertEquals(T0.plusSeconds(60).plus(LEASE), renewed.entry().item().claim().until());
  }

  @Test
  void claimHeldByAnotherIsAConflictUntilItLapses() {
    QueueEntry claimed = claimedBy("alice", "moderator");
    Output.Answer a =
        refused(
            queue.apply(claimed, cmd(Type.CLAIM, "bob", "moderator", null), T0),
            Status.CONFLICT,
            "claimed by alice");
    assertNotNull(a.item());
    applied(queue.apply(claimed, cmd(Type.CLAIM, "bob", "moderator", null), T0.plus(LEASE)));
  }

  @Test
  void skipGivesTheClaimBack() {
    Transition t =
        queue.apply(
            claimedBy("alice", "moderator"), cmd(Type.SKIP, "alice", "moderator", null), T0);
    applied(t);
    assertNull(t.entry().item().claim());
  }

  @Test
  void skipWithoutALiveClaimOfOnesOwnIsAConflict() {
    String msg = "you hold no claim";
    refused(
        queue.apply(pending(), cmd(Type.SKIP, "alice", "moderator", null), T0),
        Status.CONFLICT,
        msg);
    QueueEntry claimed = claimedBy("alice", "moderator");
    refused(
        queue.apply(claimed, cmd(Type.SKIP, "bob", "moderator", null), T0), Status.CONFLICT, msg);
    refused(
        queue.apply(claimed, cmd(Type.SKIP, "alice", "moderator", null), T0.plus(LEASE)),
        Status.CONFLICT,
        msg);
  }

  @Test
  void commentIsAddedWithItsAuthorAndTime() {
    Transition t =
        queue.apply(pending(), cmd(Type.COMMENT, "alice", "moderator", "seen before"), T0);
    applied(t);
    assertEquals(
        List.of(new ReviewItem.Comment("alice", T0, "seen before")), t.entry().item().comments());
  }

  @Test
  void commentMustHaveText() {
    refused(
        queue.apply(pending(), cmd(Type.COMMENT, "alice", "moderator", " "), T0),
        Status.INVALID,
        "1 to 2000");
    refused(
        queue.apply(pending(), cmd(Type.COMMENT, "alice", "moderator", null), T0),
        Status.INVALID,
        "1 to 2000");
    refused(
        queue.apply(
            pending(),
            cmd(Type.COMMENT, "alice", "moderator", "x".repeat(ReviewQueue.MAX_TEXT + 1)),
            T0),
        Status.INVALID,
        "1 to 2000");
  }

  @Test
  void aSealedCommentOfTheLongestTextIsAcceptedItsLengthIsTheSealsNotTheTexts() {
    // What the API sends for a comment of MAX_TEXT characters: longer than MAX_TEXT once sealed.
    byte[] raw = new byte[1 + 40 + 12 + 3 * ReviewQueue.MAX_TEXT + 16];
    raw[0] = 40;
    String sealed = SealedNote.PREFIX + java.util.Base64.getEncoder().encodeToString(raw);
    assertTrue(SealedNote.isSealed(sealed));
    assertTrue(sealed.length() > ReviewQueue.MAX_TEXT);
    Transition t = queue.apply(pending(), cmd(Type.COMMENT, "alice", "moderator", sealed), T0);
    applied(t);
    assertEquals(sealed, t.entry().item().comments().get(0).text(), "carried as sealed");
    byte[] tooLong = new byte[raw.length + 300];
    tooLong[0] = 40;
    String sealedTooLong =
        SealedNote.PREFIX + java.util.Base64.getEncoder().encodeToString(tooLong);
    assertTrue(SealedNote.isSealed(sealedTooLong));
    assertTrue(sealedTooLong.length() > ReviewQueue.MAX_SEALED_TEXT);
    refused(
        queue.apply(pending(), cmd(Type.COMMENT, "alice", "moderator", sealedTooLong), T0),
        Status.INVALID,
        "1 to 2000");
  }

  @Test
  void commentsStopAtTheirLimitAndTheRecordsSize() {
    QueueEntry e = pending();
    for (int i = 0; i < ReviewQueue.MAX_COMMENTS; i++) {
      e = queue.apply(e, cmd(Type.COMMENT, "alice", "moderator", "n" + i), T0).entry();
    }
    refused(
        queue.apply(e, cmd(Type.COMMENT, "alice", "moderator", "one more"), T0),
        Status.CONFLICT,
        "100 comments");
    fits = false;
    refused(
        queue.apply(pending(), cmd(Type.COMMENT, "alice", "moderator", "x"), T0),
        Status.CONFLICT,
        "size limit");
  }

  @Test
  void approvePublishesTheSubmittedBytesAndDecidesThePost() {
    Transition t =
        queue.apply(
            claimedBy("alice", "moderator"),
            cmd(Type.APPROVE, "alice", "moderator", "fine"),
            T0.plusSeconds(30));
    applied(t);
    Output.Publish p = (Output.Publish) t.outputs().get(0);
    assertArrayEquals(RAW.getBytes(StandardCharsets.UTF_8), p.raw());
    assertEquals(new Output.QueueUpdate("p1", null), t.outputs().get(1));
    assertEquals(QueueEntry.decided("approve", "alice", T0.plusSeconds(30)), t.entry());
    assertEquals(
        new Output.Reviewed("moderator", "approve", Duration.ofSeconds(30)),
        t.outputs().get(t.outputs().size() - 1));
  }

  @Test
  void aCommandThatIsNotAuthenticIsRefusedWhateverItClaims() {
    QueueEntry entry = pending();
    ReviewCommand forged = cmd(Type.APPROVE, "alice", "admin", "x").withSignature("forged");
    Transition t = queue.apply(entry, forged, T0);
    refused(t, Status.FORBIDDEN, "not signed");
    ReviewCommand revert =
        new ReviewCommand(
                "r-1",
                Type.REVERT,
                null,
                "sue",
                "senior",
                "x",
                T0,
                new ReviewCommand.Revert("kw.test", T0.minusSeconds(60), T0, 1))
            .withSignature("forged");
    assertEquals(
        Status.FORBIDDEN, answer(queue.sweeps().checkRevert(revert)).status(), "revert too");
  }

  @Test
  void aPostWhoseAuthorWasErasedCanNeitherBePublishedNorFiled() {
    QueueEntry claimed = claimedBy("alice", "moderator");
    erased = true;
    for (Type type : List.of(Type.APPROVE, Type.REJECT)) {
      Transition t = queue.apply(claimed, cmd(type, "alice", "moderator", "x"), T0);
      refused(t, Status.NOT_FOUND, "erased");
      assertTrue(
          t.outputs().stream()
              .noneMatch(o -> o instanceof Output.Publish || o instanceof Output.Reject));
    }
  }

  @Test
  void rejectSendsAModeratorBlockToTheBlockPath() {
    Transition t =
        queue.apply(pending(), cmd(Type.REJECT, "alice", "moderator", "scam"), T0.plusSeconds(60));
    applied(t);
    Output.Reject r = (Output.Reject) t.outputs().get(0);
    assertEquals("user-1", r.author().reveal());
    assertArrayEquals(RAW.getBytes(StandardCharsets.UTF_8), r.raw());
    assertEquals(Action.BLOCK, r.decision().action());
    assertEquals(DecisionEvent.Source.MODERATOR, r.decision().source());
    assertEquals(T0.plusSeconds(60), r.decision().decidedAt());
    assertEquals(T0, r.decision().submittedAt());
    assertEquals(60_000, r.decision().latencyMs());
    assertEquals("reject", t.entry().outcome());
  }

  @Test
  void rejectOfARevertedBlockUpholdsItWithoutASecondReport() {
    QueueEntry e =
        queue
            .sweeps()
            .requeue(
                null, held(Action.BLOCK, T0), revert("sue", "senior", T0, T0.plusSeconds(1)), T0)
            .entry();
    Transition t = queue.apply(e, cmd(Type.REJECT, "alice", "moderator", "bad"), T0);
    assertTrue(applied(t).message().contains("already on record"));
    assertTrue(t.outputs().stream().noneMatch(o -> o instanceof Output.Reject));
  }

  @Test
  void rejectOfAPostWithoutItsAuthorIsInvalid() {
    QuarantinedPost p = held(Action.REVIEW, T0);
    QuarantinedPost noAuthor =
        new QuarantinedPost("p1", sealed("{\"postId\":\"p1\"}"), p.decision(), T0);
    refused(
        queue.apply(
            queue.enqueue(null, noAuthor, T0).entry(),
            cmd(Type.REJECT, "alice", "moderator", "x"),
            T0),
        Status.INVALID,
        "cannot be re-read");
  }

  @Test
  void escalateHandsThePostToSeniorsAndReleasesTheClaim() {
    Transition t =
        queue.apply(
            claimedBy("alice", "moderator"), cmd(Type.ESCALATE, "alice", "moderator", "legal"), T0);
    applied(t);
    assertEquals(ReviewItem.SENIOR, t.entry().item().queue());
    assertNull(t.entry().item().claim());
    assertTrue(t.entry().isPending());
    assertTrue(t.outputs().contains(new Output.Reviewed("moderator", "escalate", Duration.ZERO)));
    refused(
        queue.apply(t.entry(), cmd(Type.ESCALATE, "sue", "senior", "again"), T0),
        Status.CONFLICT,
        "already in the senior queue");
    refused(
        queue.apply(t.entry(), cmd(Type.CLAIM, "bob", "moderator", null), T0),
        Status.FORBIDDEN,
        "escalated");
    applied(queue.apply(t.entry(), cmd(Type.APPROVE, "sue", "senior", "satire"), T0));
  }

  @Test
  void decisionsOnAPostClaimedByAnotherAreConflicts() {
    QueueEntry claimed = claimedBy("alice", "moderator");
    for (Type type : List.of(Type.APPROVE, Type.REJECT, Type.ESCALATE)) {
      refused(
          queue.apply(claimed, cmd(type, "bob", "moderator", "x"), T0),
          Status.CONFLICT,
          "claimed by alice");
    }
  }

  @Test
  void aDecidedPostRefusesEveryFurtherCommand() {
    QueueEntry decided =
        queue.apply(pending(), cmd(Type.APPROVE, "alice", "moderator", "ok"), T0).entry();
    for (Type type :
        List.of(Type.CLAIM, Type.SKIP, Type.COMMENT, Type.APPROVE, Type.REJECT, Type.ESCALATE)) {
      Output.Answer a =
          refused(
              queue.apply(decided, cmd(type, "bob", "moderator", "x"), T0),
              Status.CONFLICT,
              "already decided (approve) by alice");
      assertNull(a.item());
    }
  }

  @Test
  void anUnknownPostIsNotFound() {
    refused(
        queue.apply(null, cmd(Type.CLAIM, "alice", "moderator", null), T0),
        Status.NOT_FOUND,
        "no such post");
  }

  @Test
  void rolesThatMayNotActAreForbidden() {
    refused(
        queue.apply(pending(), cmd(Type.CLAIM, "eve", "root", null), T0),
        Status.FORBIDDEN,
        "unknown role");
    refused(
        queue.apply(pending(), cmd(Type.APPROVE, "ann", "auditor", "x"), T0),
        Status.FORBIDDEN,
        "role auditor may not act on the queue");
  }

  @Test
  void aCommandUnderAnotherKeyIsInvalid() {
    refused(
        queue.wrongKey(cmd(Type.APPROVE, "alice", "moderator", "x")),
        Status.INVALID,
        "key and postId differ");
  }

  @Test
  void aMalformedCommandIsAuditedOnly() {
    List<Output> out = queue.malformed("p9", "not a review command");
    assertEquals(
        List.of(
            new Output.Audit(
                "p9",
                "system",
                "system",
                "invalid_command",
                "p9",
                null,
                "invalid",
                "not a review command",
                null)),
        out);
    assertEquals("review", ((Output.Audit) queue.malformed(null, "null command").get(0)).key());
  }

  @Test
  void everyCommandIsAuditedWithWhoWhatAndWhy() {
    Output.Audit a =
        audits(queue.apply(pending(), cmd(Type.REJECT, "alice", "moderator", "scam"), T0)).get(0);
    assertEquals(
        new Output.Audit("p1", "alice", "moderator", "reject", "p1", "scam", "applied", null, "c1"),
        a);
  }

  private ReviewCommand revert(String actor, String role, Instant from, Instant to) {
    return new ReviewCommand(
        "r" + (++seq),
        Type.REVERT,
        null,
        actor,
        role,
        "over-matches",
        T0,
        new ReviewCommand.Revert("kw.test", from, to, 1));
  }

  @Test
  void revertIsForSeniorsWithAValidWindow() {
    assertNull(queue.sweeps().checkRevert(revert("sue", "senior", T0, T0.plusSeconds(1))));
    assertNull(queue.sweeps().checkRevert(revert("root", "admin", T0, T0.plusSeconds(1))));
    refused(
        queue.sweeps().checkRevert(revert("alice", "moderator", T0, T0.plusSeconds(1))),
        Status.FORBIDDEN,
        "only senior moderators and admins may revert");
    refused(
        queue.sweeps().checkRevert(revert("ann", "auditor", T0, T0.plusSeconds(1))),
        Status.FORBIDDEN,
        "may not act");
    refused(
        queue.sweeps().checkRevert(revert("eve", "root", T0, T0.plusSeconds(1))),
        Status.FORBIDDEN,
        "unknown role");
    refused(
        queue.sweeps().checkRevert(revert("sue", "senior", T0, T0)), Status.INVALID, "from < to");
    ReviewCommand noWindow =
        new ReviewCommand("r", Type.REVERT, null, "sue", "senior", "x", T0, null);
    Output.Answer a = refused(queue.sweeps().checkRevert(noWindow), Status.INVALID, "from < to");
    assertEquals("review", audits(queue.sweeps().checkRevert(noWindow)).get(0).key());
    assertNull(a.postId());
  }

  @Test
  void revertPicksEnforcedBlocksOfItsRuleInItsWindow() {
    ReviewCommand.Revert r = new ReviewCommand.Revert("kw.test", T0, T0.plusSeconds(10), 1);
    assertTrue(ReviewSweeps.reverts(decision(Action.BLOCK, T0, "kw.test"), r));
    assertFalse(
        ReviewSweeps.reverts(decision(Action.BLOCK, T0.plusSeconds(10), "kw.test"), r),
        "window end excluded");
    assertFalse(ReviewSweeps.reverts(decision(Action.BLOCK, T0.minusMillis(1), "kw.test"), r));
    assertFalse(ReviewSweeps.reverts(decision(Action.BLOCK, T0, "kw.other"), r));
    assertFalse(ReviewSweeps.reverts(decision(Action.REVIEW, T0, "kw.test"), r));
    DecisionEvent shadow =
        new DecisionEvent(
            "p1",
            new Decision(
                Action.BLOCK,
                new TreeSet<>(),
                0.9,
                List.of(new Match("kw.test", 1, MatchKind.KEYWORD, "fraud", 0, 2, true)),
                "pack-1"),
            T0,
            T0,
            0,
            "psn_a",
            DecisionEvent.Source.ENGINE);
    assertFalse(ReviewSweeps.reverts(shadow, r), "shadow hits are not the rule's blocks");
  }

  @Test
  void revertRequeuesABlockOnceAndSumsUp() {
    ReviewCommand c = revert("sue", "Senior", T0, T0.plusSeconds(10));
    Transition t = queue.sweeps().requeue(null, held(Action.BLOCK, T0), c, T0.plusSeconds(5));
    assertEquals(ReviewItem.FROM_REVERT, t.entry().item().origin());
    assertEquals(T0.plusSeconds(5), t.entry().item().enqueuedAt());
    assertEquals("requeue", audits(t).get(0).action());
    assertEquals("senior", audits(t).get(0).role());
    assertFalse(
        queue.sweeps().requeue(t.entry(), held(Action.BLOCK, T0), c, T0).changed(),
        "already in the queue");
    List<Output> summary = queue.sweeps().reverted(c, 1, 3);
    Output.Audit audit = (Output.Audit) summary.get(0);
    assertEquals("rule:kw.test", audit.key());
    assertTrue(audit.detail().endsWith("1 requeued on partition 3"), audit.detail());
    assertEquals(
        new Output.Answer(c.commandId(), null, Status.APPLIED, "1 requeued", null, 1),
        summary.get(1));
  }

  @Test
  void eraseRemovesTheSubjectsPendingItemsOnly() {
    ErasureCommand e = new ErasureCommand("req-1", "psn_a", T0);
    Transition t = queue.sweeps().erase(pending(), e);
    assertTrue(t.changed());
    assertNull(t.entry());
    assertEquals(List.of(new Output.QueueUpdate("p1", null)), t.outputs());
    assertFalse(
        queue.sweeps().erase(pending(), new ErasureCommand("req-2", "psn_b", T0)).changed());
    QueueEntry decided = QueueEntry.decided("approve", "alice", T0);
    assertFalse(
        queue.sweeps().erase(decided, e).changed(),
        "a decided entry keeps refusing a second decision");
    assertTrue(ReviewSweeps.erases(decision(Action.BLOCK, T0, null), e));
    Output.Audit audit = (Output.Audit) queue.sweeps().erased(e, 1, 2, 0).get(0);
    assertEquals("privacy:req-1", audit.key());
    assertEquals("privacy_erase", audit.action());
    assertTrue(audit.detail().contains("1 queue item(s) and 2 revertable post(s)"), audit.detail());
  }

  @Test
  void aLapsedLeaseIsReleasedAndAudited() {
    QueueEntry claimed = claimedBy("alice", "moderator");
    assertFalse(queue.sweeps().expire(claimed, T0.plus(LEASE).minusMillis(1)).changed());
    Transition t = queue.sweeps().expire(claimed, T0.plus(LEASE));
    assertNull(t.entry().item().claim());
    assertEquals(
        new Output.Audit(
            "p1",
            "system",
            "system",
            "lease_expired",
            "p1",
            null,
            "applied",
            "claim of alice lapsed",
            null),
        t.outputs().get(1));
    assertFalse(queue.sweeps().expire(pending(), T0.plus(LEASE)).changed());
  }

  @Test
  void decidedPostsAndOldBlocksAreForgottenAfterTheirRetention() {
    QueueEntry decided = QueueEntry.decided("approve", "alice", T0);
    assertFalse(queue.sweeps().forgotten(decided, T0.plus(Duration.ofDays(7))));
    assertTrue(queue.sweeps().forgotten(decided, T0.plus(Duration.ofDays(7)).plusMillis(1)));
    assertFalse(queue.sweeps().forgotten(pending(), T0.plus(Duration.ofDays(70))));
    assertFalse(queue.sweeps().beyondRevert(held(Action.BLOCK, T0), T0.plus(Duration.ofDays(30))));
    assertTrue(
        queue
            .sweeps()
            .beyondRevert(held(Action.BLOCK, T0), T0.plus(Duration.ofDays(30)).plusMillis(1)));
    assertTrue(queue.sweeps().beyondRevert(null, T0));
  }
}
