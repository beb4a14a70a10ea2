package dev.vigil.app.topology;

import dev.vigil.app.events.DecisionEvent;
import dev.vigil.app.events.EvidenceEvent;
import dev.vigil.app.events.RegulatorReport;
import dev.vigil.app.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;
import org.apache.kafka.streams.kstream.KStream;

/**
 * What happens to a blocked post besides its decision: an evidence record is retained and one regulator report
 * is emitted. Nothing of a blocked post ever reaches the published topic.
 */
final class BlockPath {
  static final String LEGAL_BASIS = "CSL Art. 47";

  private BlockPath() {}

  /** Adds the evidence and report sinks for {@code blocked}, keyed by postId. */
  static void attach(KStream<String, BlockedPost> blocked, Topics topics, ReportSettings settings) {
    KStream<String, Records> records =
        blocked.mapValues(
            b -> {
              EvidenceEvent evidence = evidenceOf(b);
              return new Records(evidence, reportOf(evidence, b.decision(), settings));
            });
    records.mapValues(Records::evidence).to(topics.evidence.name(), topics.evidence.produced());
    records.mapValues(Records::report).to(topics.reports.name(), topics.reports.produced());
  }

  /** The two records one block produces; they share the evidence id and content hash. */
  private record Records(EvidenceEvent evidence, RegulatorReport report) {}

  private static EvidenceEvent evidenceOf(BlockedPost blocked) {
    DecisionEvent d = blocked.decision();
    return new EvidenceEvent(
        "ev-" + UUID.randomUUID(),
        d.postId(),
        d.categories(),
        d.matches(),
        d.rulePackVersion(),
        sha256Hex(blocked.post().text()),
        d.submittedAt(),
        d.decidedAt(),
        LEGAL_BASIS,
        d.source());
  }

  private static RegulatorReport reportOf(EvidenceEvent e, DecisionEvent d, ReportSettings settings) {
    String category = e.categories().isEmpty() ? "unspecified" : e.categories().first();
    StringBuilder summary = new StringBuilder("Blocked for ").append(String.join(", ", e.categories()));
    summary.append(" by rules ");
    summary.append(String.join(", ", e.matches().stream().map(m -> m.ruleId()).distinct().toList()));
    return new RegulatorReport(
        "rep-" + UUID.randomUUID(),
        settings.mode(),
        category,
        e.legalBasis(),
        e.postId(),
        e.evidenceId(),
        e.contentSha256(),
        e.submittedAt(),
        e.blockedAt(),
        settings.platformId(),
        d.authorPseudonym(),
        summary.toString());
  }

  static String sha256Hex(String text) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(md.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Who reports and to which endpoint class: {@code sandbox} until the platform is approved for production. */
  record ReportSettings(String platformId, String mode) {
    ReportSettings {
      if (!mode.equals("sandbox") && !mode.equals("production")) {
        throw new IllegalArgumentException("report mode must be sandbox or production, got " + mode);
      }
    }
  }
}
