package dev.vigil.app.events;

import java.time.Instant;

/**
 * The record on {@code moderation.takedowns}, keyed by postId: a post that was already published
 * and must now be removed by the platform (issue 20 item 2). At most one per post; its evidence and
 * regulator report take the block path like any block.
 *
 * @param postId the post to remove
 * @param category the category it is removed (and reported) under
 * @param reason the moderator's reason
 * @param legalBasis the legal basis of the removal, as in the regulator report
 * @param decidedAt when it was decided
 * @param rule the rule that decided it, or null when a moderator did
 * @param moderator the moderator's user name, or null when a rule did
 * @param firstReportedAt when users first reported it, or null
 */
public record Takedown(
    String postId,
    String category,
    String reason,
    String legalBasis,
    Instant decidedAt,
    String rule,
    String moderator,
    Instant firstReportedAt) {}
