package dev.vigil.app.events;

import dev.vigil.core.policy.Match;
import java.time.Instant;
import java.util.List;
import java.util.SortedSet;

/**
 * The record on {@code moderation.evidence}: retained for every blocked post.
 *
 * @param evidenceId unique id of this record
 * @param postId the blocked post
 * @param categories categories behind the block
 * @param matches the matches that explain it
 * @param rulePackVersion pack version of the decision
 * @param contentSha256 SHA-256 (hex) of the post's text as UTF-8
 * @param submittedAt when the post was submitted
 * @param blockedAt when it was blocked
 * @param legalBasis the provision the block rests on
 * @param decidedBy {@code engine} or {@code moderator}
 */
public record EvidenceEvent(
    String evidenceId,
    String postId,
    SortedSet<String> categories,
    List<Match> matches,
    String rulePackVersion,
    String contentSha256,
    Instant submittedAt,
    Instant blockedAt,
    String legalBasis,
    String decidedBy) {}
