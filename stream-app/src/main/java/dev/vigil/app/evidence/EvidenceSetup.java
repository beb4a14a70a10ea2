package dev.vigil.app.evidence;

import dev.vigil.app.config.AppConfig;
import dev.vigil.app.config.Secrets;
import dev.vigil.core.evidence.LegalHoldPolicy;
import dev.vigil.core.evidence.MasterKey;
import dev.vigil.core.evidence.MasterKeyProvider;
import dev.vigil.core.report.CategoryRule;
import dev.vigil.core.report.ReportMode;
import dev.vigil.core.report.ReportingPolicy;
import dev.vigil.core.rules.PackCategory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;

/**
 * Reads the evidence, legal-hold and reporting settings from the app's configuration. Keys:
 *
 * <ul>
 *   <li>master key: environment variable {@code VIGIL_MASTER_KEY} (base64 or hex of 32 bytes), else
 *       the file in {@code master.key.file}, else (local setups only) a key generated once into
 *       {@code <data.dir>/secrets/master.key} with owner-only permissions. Lose it and all evidence
 *       is lost; in production give it from a secret store, or plug a KMS in as a {@code
 *       KeyWrapper};
 *   <li>{@code legal-hold.<category>=<reason>}: blocks in that category (or its subcategories) are
 *       put under legal hold with that reason;
 *   <li>{@code report.legal-basis=<provision>} (default {@code CSL Art. 47}) and {@code
 *       report.legal-basis.<category>=<provision>} (default {@code CSL Art. 46, 47} for fraud and
 *       prohibited_goods); deadlines are the app's {@code block.deadline.ms[.<category>]}, the same
 *       ones the deadline metric uses; {@code platform.id} and {@code report.mode} as in AppConfig.
 * </ul>
 */
public final class EvidenceSetup {
  public static final String MASTER_KEY_ENV = MasterKeyProvider.DEFAULT_ENV;
  public static final String MASTER_KEY_FILE = AppConfig.MASTER_KEY_FILE;
  public static final String LEGAL_HOLD_PREFIX = "legal-hold.";
  public static final String LEGAL_BASIS = AppConfig.LEGAL_BASIS;

  private EvidenceSetup() {}

  /** The master key, from the environment, the configured file, or the generated local file. */
  public static MasterKey masterKey(AppConfig config) {
    String file = config.get(MASTER_KEY_FILE);
    if (System.getenv(MASTER_KEY_ENV) == null && file != null) {
      return MasterKeyProvider.fromFile(Path.of(file)).masterKey();
    }
    return MasterKey.of(
        Secrets.key(System.getenv(MASTER_KEY_ENV), null, defaultMasterKeyFile(config.dataDir())));
  }

  /**
   * The master key an offline tool (export, release-hold) must use: from the environment, else
   * {@code file}, else the local setup's generated file under {@code dataDir}. Never generates one:
   * a tool with a new key would read nothing.
   */
  public static MasterKey existingMasterKey(Path file, Path dataDir) {
    if (System.getenv(MASTER_KEY_ENV) != null) {
      return MasterKeyProvider.fromEnvironment(System.getenv(), MASTER_KEY_ENV).masterKey();
    }
    return MasterKeyProvider.fromFile(file != null ? file : defaultMasterKeyFile(dataDir))
        .masterKey();
  }

  /** Where a local setup keeps its generated master key. */
  public static Path defaultMasterKeyFile(Path dataDir) {
    return dataDir.resolve("secrets").resolve("master.key");
  }

  public static LegalHoldPolicy legalHolds(AppConfig config) {
    Properties p = config.properties();
    Map<String, String> reasons = new HashMap<>();
    for (String k : p.stringPropertyNames()) {
      if (k.startsWith(LEGAL_HOLD_PREFIX)) {
        reasons.put(k.substring(LEGAL_HOLD_PREFIX.length()), p.getProperty(k));
      }
    }
    return new LegalHoldPolicy(reasons);
  }

  public static ReportingPolicy reporting(AppConfig config) {
    return reporting(config, Map.of());
  }

  /**
   * The reporting policy: per category, the legal basis, deadline and whether blocks are reported,
   * as the rule pack declares them ({@code categories} in {@code pack.yaml}), each overridden by
   * the configuration's keys.
   */
  public static ReportingPolicy reporting(AppConfig config, Map<String, PackCategory> declared) {
    Properties p = config.properties();
    String defaultBasis = p.getProperty(LEGAL_BASIS, "CSL Art. 47");
    Map<String, Duration> deadlines = config.blockDeadlines();
    TreeSet<String> categories = new TreeSet<>(deadlines.keySet());
    categories.add("fraud");
    categories.add("prohibited_goods");
    categories.addAll(declared.keySet());
    for (String k : p.stringPropertyNames()) {
      if (k.startsWith(LEGAL_BASIS + ".")) {
        categories.add(k.substring(LEGAL_BASIS.length() + 1));
      }
    }
    Map<String, CategoryRule> rules = new HashMap<>();
    for (String c : categories) {
      String fallback =
          c.equals("fraud") || c.equals("prohibited_goods") ? "CSL Art. 46, 47" : defaultBasis;
      PackCategory d = declared.get(c);
      if (d != null) {
        fallback = d.legalBasis();
      }
      Duration deadline =
          deadlines.getOrDefault(
              c, d != null && d.deadline() != null ? d.deadline() : config.defaultBlockDeadline());
      rules.put(
          c,
          new CategoryRule(
              p.getProperty(LEGAL_BASIS + "." + c, fallback), deadline, d == null || d.report()));
    }
    return new ReportingPolicy(
        config.get(AppConfig.PLATFORM_ID),
        ReportMode.parse(config.get(AppConfig.REPORT_MODE)),
        new CategoryRule(defaultBasis, config.defaultBlockDeadline()),
        rules);
  }
}
