package dev.vigil.app.events;

import java.time.Instant;

/**
 * The record on {@code regulator.reports}: one per blocked post. Identifies the author only by pseudonym.
 *
 * @param reportId unique id of the report
 * @param mode {@code sandbox} or {@code production}
 * @param category the primary category
 * @param legalBasis the provision the report rests on
 * @param postId the blocked post
 * @param evidenceId the evidence record retained for it
 * @param contentSha256 hash of the content, matching the evidence record
 * @param publicationAttemptAt when the author tried to publish (submission time)
 * @param actionAt when the post was blocked
 * @param platformId the reporting platform
 * @param authorPseudonym the author as a keyed pseudonym
 * @param summary a short, content-free summary: rules and categories
 */
public record RegulatorReport(
    String reportId,
    String mode,
    String category,
    String legalBasis,
    String postId,
    String evidenceId,
    String contentSha256,
    Instant publicationAttemptAt,
    Instant actionAt,
    String platformId,
    String authorPseudonym,
    String summary) {}
