package dev.vigil.app.events;

import java.time.Instant;
import java.util.Objects;

/**
 * The record on {@code review.actions}: one moderator command, keyed by postId, applied by the
 * stream task that owns the post's partition. The API writes it and waits for its {@link
 * ReviewResult} (same {@code commandId}).
 *
 * @param commandId unique id of this command; its result carries the same id
 * @param type what the moderator asks for
 * @param postId the post acted on (null for {@link Type#REVERT}, which is sent to every partition)
 * @param actor the authenticated user name
 * @param role the actor's role when the command was issued
 * @param reason the moderator's reason (decisions, revert) or the comment text
 * @param at when the API accepted the command
 * @param revert the rule and window of a mass revert, else null
 * @param signature the API instance's signature of all the other fields ({@code
 *     review.queue.CommandSignature}); a command without a valid one is refused
 * @param reasonKey the canned reason chosen from the pack's taxonomy ({@code rules/reasons.yaml}),
 *     or null when the moderator gave free text only
 * @param reasonBasis the legal basis that reason cites (for a reject: the evidence and the report
 *     cite it), as the pack active at the API said; null without a reason or basis
 */
public record ReviewCommand(
    String commandId,
    Type type,
    String postId,
    String actor,
    String role,
    String reason,
    Instant at,
    Revert revert,
    String signature,
    String reasonKey,
    String reasonBasis) {

  public ReviewCommand {
    Objects.requireNonNull(commandId, "commandId");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(role, "role");
  }

  /** An unsigned command (the API signs it before sending). */
  public ReviewCommand(
      String commandId,
      Type type,
      String postId,
      String actor,
      String role,
      String reason,
      Instant at,
      Revert revert) {
    this(commandId, type, postId, actor, role, reason, at, revert, null, null, null);
  }

  /** A signed command without a canned reason. */
  public ReviewCommand(
      String commandId,
      Type type,
      String postId,
      String actor,
      String role,
      String reason,
      Instant at,
      Revert revert,
      String signature) {
    this(commandId, type, postId, actor, role, reason, at, revert, signature, null, null);
  }

  /**
   * The same command with the canned reason {@code key} and the legal basis it cites (unsigned:
   * sign it after).
   */
  public ReviewCommand withReason(String key, String basis) {
    return new ReviewCommand(
        commandId, type, postId, actor, role, reason, at, revert, null, key, basis);
  }

  /** The same command with {@code newSignature}. */
  public ReviewCommand withSignature(String newSignature) {
    return new ReviewCommand(
        commandId,
        type,
        postId,
        actor,
        role,
        reason,
        at,
        revert,
        newSignature,
        reasonKey,
        reasonBasis);
  }

  /** The commands of the review flow. */
  public enum Type {
    /** Take a lease on the post so nobody else decides it meanwhile. */
    CLAIM,
    /** Give a held lease back without deciding. */
    SKIP,
    /** Add a note to the post for whoever decides it. */
    COMMENT,
    /** Transmit the post as submitted. */
    APPROVE,
    /** Block the post: evidence and a report, like an automatic block. */
    REJECT,
    /** Hand the post to the senior queue. */
    ESCALATE,
    /** Send every block one rule made in a window back to the queue. */
    REVERT;

    /** True for the three decisions a moderator can make on a post. */
    public boolean isDecision() {
      return this == APPROVE || this == REJECT || this == ESCALATE;
    }
  }

  /**
   * A mass revert: every block {@code ruleId} made with {@code from <= decidedAt < to}.
   *
   * @param partitions how many partitions the command was sent to, so the API knows how many
   *     results to await
   */
  public record Revert(String ruleId, Instant from, Instant to, int partitions) {}
}
