package dev.vigil.core.report;

import dev.vigil.core.evidence.CategoryTable;
import dev.vigil.core.evidence.Evidence;
import dev.vigil.core.evidence.EvidenceRecord;
import dev.vigil.core.policy.Decision;
import dev.vigil.core.policy.Match;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How blocked posts are reported: the platform id, sandbox or production, and per category (looked
 * up hierarchically, see {@link CategoryTable}) the legal basis and the deadline from submission to
 * block, with a default for categories not listed. Makes the {@link RegulatorReport} for an
 * evidence record. Immutable.
 *
 * <p>Configuration keys ({@link #fromProperties}): {@code report.mode} ({@code sandbox}|{@code
 * production}, default sandbox, so nothing is filed for real by accident), {@code
 * report.platform-id} (required), {@code report.default.legal-basis} (default {@code CSL Art. 47}),
 * {@code report.default.deadline} (ISO-8601 duration, default {@code PT15M}), and {@code
 * report.category.<category>.legal-basis} / {@code .deadline}.
 */
public final class ReportingPolicy {
  /** Longest summary written, in characters. */
  public static final int MAX_SUMMARY = 280;

  private final String platformId;
  private final ReportMode mode;
  private final CategoryRule defaultRule;
  private final CategoryTable<CategoryRule> rules;

  public ReportingPolicy(
      String platformId,
      ReportMode mode,
      CategoryRule defaultRule,
      Map<String, CategoryRule> rules) {
    this.platformId = Objects.requireNonNull(platformId, "platformId");
    if (platformId.isBlank()) {
      throw new IllegalArgumentException("platform id must not be blank");
    }
    this.mode = Objects.requireNonNull(mode, "mode");
    this.defaultRule = Objects.requireNonNull(defaultRule, "defaultRule");
    this.rules = new CategoryTable<>(rules);
  }

  /** Sandbox defaults for a platform: fraud and prohibited goods under CSL Art. 46 and 47. */
  public static ReportingPolicy defaults(String platformId) {
    return new ReportingPolicy(
        platformId,
        ReportMode.SANDBOX,
        new CategoryRule("CSL Art. 47", Duration.ofMinutes(15)),
        Map.of(
            "fraud",
            new CategoryRule("CSL Art. 46, 47", Duration.ofMinutes(5)),
            "prohibited_goods",
            new CategoryRule("CSL Art. 46, 47", Duration.ofMinutes(5))));
  }

  /**
   * Reads the policy from configuration properties (see the class comment).
   *
   * @throws IllegalArgumentException naming the bad key and why
   */
  public static ReportingPolicy fromProperties(Map<String, String> props) {
    String platform = props.get("report.platform-id");
    if (platform == null || platform.isBlank()) {
      throw new IllegalArgumentException("report.platform-id is required");
    }
    ReportMode mode = ReportMode.parse(props.getOrDefault("report.mode", "sandbox"));
    CategoryRule def =
        new CategoryRule(
            props.getOrDefault("report.default.legal-basis", "CSL Art. 47"),
            duration(props, "report.default.deadline", "PT15M"));
    Map<String, CategoryRule> rules = new HashMap<>();
    Set<String> categories = new LinkedHashSet<>();
    for (String k : props.keySet()) {
      if (k.startsWith("report.category.")) {
        String rest = k.substring("report.category.".length());
        int dot = rest.lastIndexOf('.');
        String field = dot < 0 ? "" : rest.substring(dot + 1);
        if (!field.equals("legal-basis") && !field.equals("deadline")) {
          throw new IllegalArgumentException(
              k + ": expected report.category.<category>.legal-basis or .deadline");
        }
        categories.add(rest.substring(0, dot));
      }
    }
    for (String c : categories) {
      String p = "report.category." + c + ".";
      rules.put(
          c,
          new CategoryRule(
              props.getOrDefault(p + "legal-basis", def.legalBasis()),
              props.containsKey(p + "deadline")
                  ? duration(props, p + "deadline", null)
                  : def.deadline()));
    }
    return new ReportingPolicy(platform, mode, def, rules);
  }

  private static Duration duration(Map<String, String> props, String key, String fallback) {
    String v = props.getOrDefault(key, fallback);
    try {
      Duration d = Duration.parse(v.strip());
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(key + " must be positive, got " + v);
      }
      return d;
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          key + " must be an ISO-8601 duration such as PT5M, got '" + v + "'");
    }
  }

  public ReportMode mode() {
    return mode;
  }

  public String platformId() {
    return platformId;
  }

  /**
   * The category a decision is reported under and its rule: its most specific category with a rule
   * (or under a category with one), else its most specific category under the default rule.
   */
  public Map.Entry<String, CategoryRule> ruleFor(Decision decision) {
    Optional<Map.Entry<String, CategoryRule>> listed = rules.first(decision.categories());
    if (listed.isPresent()) {
      return listed.get();
    }
    String category =
        decision.categories().stream()
            .max(
                java.util.Comparator.comparingLong(
                        (String c) -> c.chars().filter(ch -> ch == '/').count())
                    .thenComparing(java.util.Comparator.reverseOrder()))
            .orElse("uncategorised");
    return Map.entry(category, defaultRule);
  }

  /**
   * Whether {@code category} is one this policy names (exactly: a configured or pack-declared
   * category), so that a category taken from outside the pack (a user's report reason) is bounded
   * by the policy.
   */
  public boolean names(String category) {
    return category != null && rules.entries().containsKey(category);
  }

  /**
   * Whether a block under {@code decision} is reported to the regulator (its category's rule says
   * so).
   */
  public boolean reports(Decision decision) {
    return ruleFor(decision).getValue().reported();
  }

  /** The legal basis a block under {@code decision} rests on. */
  public String legalBasisFor(Decision decision) {
    return ruleFor(decision).getValue().legalBasis();
  }

  /** The report for one evidence record. */
  public RegulatorReport report(EvidenceRecord record) {
    Evidence e = record.evidence();
    Map.Entry<String, CategoryRule> rule = ruleFor(e.decision());
    Duration elapsed = Duration.between(e.submittedAt(), e.blockedAt());
    if (elapsed.isNegative()) {
      elapsed = Duration.ZERO;
    }
    return new RegulatorReport(
        reportId(platformId, e.postId()),
        mode,
        rule.getKey(),
        e.legalBasis(),
        e.postId(),
        e.evidenceId(),
        record.hash(),
        e.submittedAt(),
        e.blockedAt(),
        platformId,
        e.author(),
        summary(e),
        rule.getValue().deadline(),
        elapsed,
        e.reasonKey());
  }

  /** The stable report id for a post: the same post is never reported under two ids. */
  public static String reportId(String platformId, String postId) {
    byte[] h =
        sha256(("vigil/report/v1\0" + platformId + "\0" + postId).getBytes(StandardCharsets.UTF_8));
    return "rpt-" + HexFormat.of().formatHex(h, 0, 16);
  }

  /**
   * Identity-free, text-free summary: who blocked, the categories, and the enforced rules that
   * matched (ids and versions are rule-pack data, not post content).
   */
  static String summary(Evidence e) {
    Decision d = e.decision();
    StringBuilder sb = new StringBuilder();
    sb.append(
            switch (e.blockedBy()) {
              case "engine" -> "Blocked automatically before publication";
              case "takedown" -> "Taken down by a moderator after publication";
              default -> "Blocked by a moderator before publication";
            })
        .append("; categories: ")
        .append(String.join(", ", d.categories()));
    Set<String> rulesHit = new LinkedHashSet<>();
    for (Match m : d.matches()) {
      if (!m.shadow()) {
        rulesHit.add(m.ruleId() + " v" + m.ruleVersion());
      }
    }
    if (!rulesHit.isEmpty()) {
      sb.append("; rules: ").append(String.join(", ", rulesHit));
    }
    if (e.reasonKey() != null) {
      sb.append("; reason ").append(e.reasonKey());
    }
    sb.append("; rule pack ").append(d.rulePackVersion()).append('.');
    if (sb.length() > MAX_SUMMARY) {
      sb.setLength(MAX_SUMMARY - 1);
      sb.append('…');
    }
    return sb.toString();
  }

  private static byte[] sha256(byte[] b) {
    try {
      return java.security.MessageDigest.getInstance("SHA-256").digest(b);
    } catch (java.security.NoSuchAlgorithmException ex) {
      throw new IllegalStateException(ex);
    }
  }
}
