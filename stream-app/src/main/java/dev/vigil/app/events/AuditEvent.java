package dev.vigil.app.events;

import java.time.Instant;

/**
 * The record on {@code moderation.audit}: one privileged act, who did it and why. Written BEFORE the act takes
 * effect where the act reveals something (an evidence export), so nothing is revealed unaudited.
 *
 * @param action what was done, e.g. {@code evidence.export}
 * @param subject what it was done to, e.g. an evidence id (never a raw author id)
 * @param postId the post concerned, if any
 * @param actor who did it (an operator account name, as given or as the OS reports it)
 * @param role the role acted in, e.g. {@code auditor}
 * @param reason the justification given, e.g. the authority's request reference
 * @param outcome {@code attempted}, {@code succeeded} or {@code failed}
 * @param detail why it failed, or null; never content or identity
 * @param at when
 */
public record AuditEvent(
    String action,
    String subject,
    String postId,
    String actor,
    String role,
    String reason,
    String outcome,
    String detail,
    Instant at) {}
