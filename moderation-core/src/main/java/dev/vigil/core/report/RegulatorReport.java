package dev.vigil.core.report;

import static dev.vigil.core.json.RecordJson.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.core.json.RecordJson;
import dev.vigil.core.privacy.Pseudonym;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A report of one blocked post to the competent authority (CSL Art. 47). Carries what the authority
 * needs to act and to ask for the evidence, and nothing more: the author only as a pseudonym, no
 * post text, a summary built from rule ids and categories. The evidence id and hash let the
 * authority fetch the evidence later and prove it unchanged; held by the authority, they also
 * anchor Vigil's evidence chain outside Vigil.
 *
 * @param reportId stable per post and platform, so that the receiving side can deduplicate too
 * @param mode sandbox or production
 * @param category the category reported
 * @param legalBasis the provision cited
 * @param postId the platform's id of the post
 * @param evidenceId the evidence kept for it
 * @param evidenceHash that evidence record's chain hash
 * @param submittedAt when publication was attempted
 * @param actionAt when the post was blocked
 * @param platformId which platform (operator) reports
 * @param author the author's pseudonym
 * @param summary a short, identity-free description
 * @param deadline the category's deadline from submission to block
 * @param elapsed the time from submission to block (zero if the platform's clock was ahead)
 * @param reasonKey the canned reason a moderator rejected the post for (the pack's {@code
 *     reasons.yaml}; its legal basis is {@code legalBasis}), or null
 */
public record RegulatorReport(
    String reportId,
    ReportMode mode,
    String category,
    String legalBasis,
    String postId,
    String evidenceId,
    String evidenceHash,
    Instant submittedAt,
    Instant actionAt,
    String platformId,
    Pseudonym author,
    String summary,
    Duration deadline,
    Duration elapsed,
    String reasonKey) {

  /** A report with no canned moderator reason. */
  public RegulatorReport(
      String reportId,
      ReportMode mode,
      String category,
      String legalBasis,
      String postId,
      String evidenceId,
      String evidenceHash,
      Instant submittedAt,
      Instant actionAt,
      String platformId,
      Pseudonym author,
      String summary,
      Duration deadline,
      Duration elapsed) {
    this(
        reportId,
        mode,
        category,
        legalBasis,
        postId,
        evidenceId,
        evidenceHash,
        submittedAt,
        actionAt,
        platformId,
        author,
        summary,
        deadline,
        elapsed,
        null);
  }

  public RegulatorReport {
    Objects.requireNonNull(reportId, "reportId");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(legalBasis, "legalBasis");
    Objects.requireNonNull(postId, "postId");
    Objects.requireNonNull(evidenceId, "evidenceId");
    Objects.requireNonNull(evidenceHash, "evidenceHash");
    Objects.requireNonNull(submittedAt, "submittedAt");
    Objects.requireNonNull(actionAt, "actionAt");
    Objects.requireNonNull(platformId, "platformId");
    Objects.requireNonNull(author, "author");
    Objects.requireNonNull(summary, "summary");
    Objects.requireNonNull(deadline, "deadline");
    Objects.requireNonNull(elapsed, "elapsed");
  }

  /** True when the post was not stopped within its category's deadline. */
  public boolean deadlineMissed() {
    return elapsed.compareTo(deadline) > 0;
  }

  /** The event's JSON. */
  public byte[] toJson() {
    ObjectNode n = RecordJson.object();
    n.put("reportId", reportId);
    n.put("mode", mode.jsonName());
    n.put("category", category);
    n.put("legalBasis", legalBasis);
    n.put("postId", postId);
    n.put("evidenceId", evidenceId);
    n.put("evidenceHash", evidenceHash);
    n.put("submittedAt", submittedAt.toString());
    n.put("actionAt", actionAt.toString());
    n.put("platformId", platformId);
    n.put("author", author.value());
    n.put("summary", summary);
    n.put("deadlineMs", deadline.toMillis());
    n.put("elapsedMs", elapsed.toMillis());
    n.put("deadlineMissed", deadlineMissed());
    if (reasonKey != null) {
      n.put("reasonKey", reasonKey);
    }
    return RecordJson.bytes(n);
  }

  /** Reads {@link #toJson()}. @throws IllegalArgumentException when the bytes are not a report */
  public static RegulatorReport fromJson(byte[] json) {
    try {
      JsonNode n = RecordJson.read(json);
      return new RegulatorReport(
          text(n, "reportId"),
          ReportMode.parse(text(n, "mode")),
          text(n, "category"),
          text(n, "legalBasis"),
          text(n, "postId"),
          text(n, "evidenceId"),
          text(n, "evidenceHash"),
          Instant.parse(text(n, "submittedAt")),
          Instant.parse(text(n, "actionAt")),
          text(n, "platformId"),
          new Pseudonym(text(n, "author")),
          text(n, "summary"),
          Duration.ofMillis(n.path("deadlineMs").asLong()),
          Duration.ofMillis(n.path("elapsedMs").asLong()),
          n.hasNonNull("reasonKey") ? n.get("reasonKey").asText() : null);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("not a regulator report: " + e.getMessage(), e);
    }
  }
}
