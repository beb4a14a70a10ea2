package dev.vigil.app.events;

import java.time.Instant;

/**
 * The record on {@code moderation.audit}: one per review action, applied or refused, so the log
 * shows who did (or tried) what, when, on which post and why.
 *
 * @param auditId unique id of this entry
 * @param at when the action was applied by the owning task
 * @param actor user name, or {@code system} for lease expiry
 * @param role the actor's role
 * @param action what was done: claim, skip, comment, approve, reject, escalate, revert, requeue,
 *     lease_expired; login, logout (the console API); evidence.export (the evidence CLI)
 * @param postId the post (null for a revert summary)
 * @param reason the moderator's reason or comment
 * @param result {@code applied} or the refusal (conflict, not_found, forbidden, invalid)
 * @param detail a short, content-free note, e.g. who holds a conflicting claim or the rule of a
 *     revert
 * @param commandId the command that caused it, or null
 * @param reasonKey the canned reason (the pack's {@code reasons.yaml}) the moderator chose, or null
 */
public record AuditEvent(
    String auditId,
    Instant at,
    String actor,
    String role,
    String action,
    String postId,
    String reason,
    String result,
    String detail,
    String commandId,
    String reasonKey) {

  /** An entry with no canned reason. */
  public AuditEvent(
      String auditId,
      Instant at,
      String actor,
      String role,
      String action,
      String postId,
      String reason,
      String result,
      String detail,
      String commandId) {
    this(auditId, at, actor, role, action, postId, reason, result, detail, commandId, null);
  }
}
