package dev.vigil.app.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The app's settings: defaults, overridden by a {@code --config} properties file, overridden by the
 * environment's {@code VIGIL_KAFKA_*} variables, overridden by command-line flags. Keys starting
 * with {@code kafka.} are client settings given to every Kafka client (see {@link
 * KafkaConnection}); {@code streams.} keys are passed to Kafka Streams alone, over those; {@code
 * topic.<name>} renames a topic (see {@code Topics}). Any other key must be one Vigil reads: a
 * misspelt key would otherwise be ignored in silence, so it stops the start with its name.
 */
public final class AppConfig {
  public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
  public static final String APPLICATION_ID = "application.id";
  public static final String DATA_DIR = "data.dir";
  public static final String HTTP_PORT = "http.port";
  public static final String HTTP_HOST = "http.host";

  /**
   * Port of a separate listener (on {@link #HTTP_HOST}) that serves only {@code /metrics}; unset
   * (the default) serves {@code /metrics} on {@link #HTTP_PORT} with everything else, as suits a
   * laptop. In Kubernetes set it, so the console's port never exposes metrics and a NetworkPolicy
   * can admit only Prometheus to this one.
   */
  public static final String METRICS_PORT = "metrics.port";

  public static final String PARTITIONS = "topic.partitions";
  public static final String REPLICATION_FACTOR = "topic.replication.factor";
  public static final String MAX_TEXT_BYTES = "post.max.text.bytes";

  /**
   * Top-level post fields kept beyond the schema's, by name (comma list, default none): any other
   * is dropped before the post is written anywhere (issue 20 item 5; see {@code FieldPolicy}).
   */
  public static final String POST_FIELDS_ALLOWED = "post.fields.allowed";

  /** Keys of a post's {@code attributes} kept, by name (comma list, default none). */
  public static final String POST_ATTRIBUTES_ALLOWED = "post.attributes.allowed";

  public static final String RULES_DIR = "rules.dir";
  public static final String RULES_RELOAD_INTERVAL = "rules.reload.interval.ms";
  public static final String PLATFORM_ID = "platform.id";
  public static final String REPORT_MODE = "report.mode";
  public static final String PSEUDONYM_KEY_FILE = "pseudonym.key.file";
  public static final String STREAM_THREADS = "num.stream.threads";
  public static final String BLOCK_DEADLINE_MS = "block.deadline.ms";
  public static final String BREAKER_MAX_SHARE = "rules.breaker.max.share";
  public static final String BREAKER_MIN_POSTS = "rules.breaker.min.posts";
  public static final String BREAKER_WATCH_MS = "rules.breaker.watch.ms";

  /** How long a moderator's claim on a post holds. */
  public static final String REVIEW_LEASE_MS = "review.lease.ms";

  /** The review SLA shown in the console: items older than this are overdue. */
  public static final String REVIEW_SLA_MS = "review.sla.ms";

  /** How long an API call waits for the owning task to apply its command before answering 202. */
  public static final String REVIEW_COMMAND_TIMEOUT_MS = "review.command.timeout.ms";

  /** Post texts one console user may open in an hour before an access alert (CSL Art. 42). */
  public static final String ACCESS_READS_PER_HOUR = "access.monitor.reads.per.hour";

  /** Contact reveals one console user may make in an hour before an access alert. */
  public static final String ACCESS_REVEALS_PER_HOUR = "access.monitor.reveals.per.hour";

  /** The console's users file (see {@code users add}); no file means no password logins. */
  public static final String USERS_FILE = "auth.users.file";

  /**
   * Header in which a trusted authenticating proxy passes the user name; unset disables proxy
   * login.
   */
  public static final String PROXY_USER_HEADER = "auth.proxy.user.header";

  /** Header in which the proxy passes the role (moderator, senior, auditor, admin). */
  public static final String PROXY_ROLE_HEADER = "auth.proxy.role.header";

  /** Comma-separated client addresses of the proxy; only they may set the proxy headers. */
  public static final String PROXY_ADDRESSES = "auth.proxy.trusted.addresses";

  /** Mark the session cookie Secure: set to true whenever the console is served over HTTPS. */
  public static final String COOKIE_SECURE = "http.cookie.secure";

  public static final String BLOCK_DEADLINE_PREFIX = "block.deadline.ms.";

  /**
   * Environment variable that may hold the pseudonym key (hex or base64), taking precedence over
   * the file.
   */
  public static final String PSEUDONYM_KEY_ENV = "VIGIL_PSEUDONYM_KEY";

  /** The master key file (read by {@code EvidenceSetup}). */
  public static final String MASTER_KEY_FILE = "master.key.file";

  /** The default legal basis of reports; {@code report.legal-basis.<category>} per category. */
  public static final String LEGAL_BASIS = "report.legal-basis";

  /**
   * The most fingerprints of blocked posts each instance holds for near-duplicate matching (issue
   * 20 item 4); the oldest are evicted first. On by default (100000, about 60 MB): fingerprints
   * follow the circuit breaker and pack changes, so a demoted rule's blocks stop blocking their
   * near-duplicates. 0 turns near-duplicate matching off.
   */
  public static final String NEAR_CAPACITY = "near.capacity";

  /** The least estimated Jaccard similarity (of character shingles) of a near-duplicate. */
  public static final String NEAR_THRESHOLD = "near.threshold";

  /** Whether a rule-pack change rescans published posts with its changed rules. */
  public static final String RESCAN_ENABLED = "rescan.enabled";

  /** How far back in {@code posts.published} a rescan reads, in milliseconds. */
  public static final String RESCAN_WINDOW_MS = "rescan.window.ms";

  /** The most published posts one instance rescans a second. */
  public static final String RESCAN_POSTS_PER_SECOND = "rescan.posts.per.second";

  /**
   * Seconds the engine is warmed on the pack's rule-test texts before the streams start (issue 14
   * item 3; see {@code EngineWarmup}); 0 disables it.
   */
  public static final String ENGINE_WARMUP_SECONDS = "engine.warmup.seconds";

  /**
   * Whether a stream thread whose producer keeps retrying while the thread commits nothing is
   * replaced by a new one ({@code true}, the default, or {@code false}; see {@code
   * watchdog.StuckThreads}).
   */
  public static final String WATCHDOG_ENABLED = "watchdog.enabled";

  /**
   * How long, in milliseconds, a stream thread may retry without a commit before the watchdog
   * replaces it; unset: three commit intervals, at least a minute.
   */
  public static final String WATCHDOG_WINDOW_MS = "watchdog.window.ms";

  /** Every key Vigil reads by its full name. */
  private static final java.util.Set<String> KEYS =
      java.util.Set.of(
          BOOTSTRAP_SERVERS,
          APPLICATION_ID,
          DATA_DIR,
          HTTP_PORT,
          HTTP_HOST,
          METRICS_PORT,
          PARTITIONS,
          REPLICATION_FACTOR,
          MAX_TEXT_BYTES,
          POST_FIELDS_ALLOWED,
          POST_ATTRIBUTES_ALLOWED,
          RULES_DIR,
          RULES_RELOAD_INTERVAL,
          PLATFORM_ID,
          REPORT_MODE,
          PSEUDONYM_KEY_FILE,
          STREAM_THREADS,
          BLOCK_DEADLINE_MS,
          BREAKER_MAX_SHARE,
          BREAKER_MIN_POSTS,
          BREAKER_WATCH_MS,
          REVIEW_LEASE_MS,
          REVIEW_SLA_MS,
          REVIEW_COMMAND_TIMEOUT_MS,
          ACCESS_READS_PER_HOUR,
          ACCESS_REVEALS_PER_HOUR,
          USERS_FILE,
          PROXY_USER_HEADER,
          PROXY_ROLE_HEADER,
          PROXY_ADDRESSES,
          COOKIE_SECURE,
          MASTER_KEY_FILE,
          LEGAL_BASIS,
          NEAR_CAPACITY,
          NEAR_THRESHOLD,
          RESCAN_ENABLED,
          RESCAN_WINDOW_MS,
          RESCAN_POSTS_PER_SECOND,
          ENGINE_WARMUP_SECONDS,
          WATCHDOG_ENABLED,
          WATCHDOG_WINDOW_MS);

  /**
   * Families of keys, each checked where it is read: Kafka clients and Kafka Streams name their own
   * unknown keys (in a warning), {@code topic.} by {@code Topics}, {@code retention.} by {@code
   * RetentionPolicy}; the others take any category.
   */
  private static final java.util.List<String> PREFIXES =
      java.util.List.of(
          KafkaConnection.PREFIX,
          "streams.",
          "topic.",
          "retention.",
          BLOCK_DEADLINE_PREFIX,
          "legal-hold.",
          LEGAL_BASIS + ".");

  private static final Map<String, String> DEFAULTS =
      Map.ofEntries(
          Map.entry(BOOTSTRAP_SERVERS, "127.0.0.1:9092"),
          Map.entry(APPLICATION_ID, "vigil-moderation"),
          Map.entry(DATA_DIR, "vigil-data"),
          Map.entry(HTTP_PORT, "8080"),
          Map.entry(PARTITIONS, "3"),
          Map.entry(REPLICATION_FACTOR, "1"),
          Map.entry(MAX_TEXT_BYTES, Integer.toString(64 * 1024)),
          Map.entry(POST_FIELDS_ALLOWED, ""),
          Map.entry(POST_ATTRIBUTES_ALLOWED, ""),
          Map.entry(RULES_RELOAD_INTERVAL, "2000"),
          Map.entry(PLATFORM_ID, "vigil-dev"),
          Map.entry(REPORT_MODE, "sandbox"),
          Map.entry(STREAM_THREADS, "1"),
          Map.entry(BLOCK_DEADLINE_MS, "5000"),
          Map.entry(BREAKER_MAX_SHARE, "0.05"),
          Map.entry(BREAKER_MIN_POSTS, "200"),
          Map.entry(BREAKER_WATCH_MS, "600000"),
          Map.entry(HTTP_HOST, "127.0.0.1"),
          Map.entry(REVIEW_LEASE_MS, "600000"),
          Map.entry(REVIEW_SLA_MS, "3600000"),
          Map.entry(REVIEW_COMMAND_TIMEOUT_MS, "10000"),
          Map.entry(ACCESS_READS_PER_HOUR, "600"),
          Map.entry(ACCESS_REVEALS_PER_HOUR, "60"),
          Map.entry(PROXY_ROLE_HEADER, "X-Vigil-Role"),
          Map.entry(COOKIE_SECURE, "false"),
          Map.entry(NEAR_CAPACITY, "100000"),
          Map.entry(NEAR_THRESHOLD, "0.5"),
          Map.entry(RESCAN_ENABLED, "true"),
          Map.entry(RESCAN_WINDOW_MS, Long.toString(Duration.ofDays(7).toMillis())),
          Map.entry(RESCAN_POSTS_PER_SECOND, "500"),
          Map.entry(ENGINE_WARMUP_SECONDS, "5"),
          Map.entry(WATCHDOG_ENABLED, "true"));

  private final Properties props;

  private AppConfig(Properties props) {
    this.props = props;
  }

  /**
   * Defaults, then {@code file} (if not null), then the process's {@code VIGIL_KAFKA_*} environment
   * variables, then {@code overrides} (null values are ignored).
   */
  public static AppConfig load(Path file, Map<String, String> overrides) {
    return load(file, System.getenv(), overrides);
  }

  /**
   * Defaults, then {@code file} (if not null), then {@code env}'s {@code VIGIL_KAFKA_*} variables
   * (as {@code kafka.*} keys), then {@code overrides} (null values are ignored).
   *
   * @throws IllegalArgumentException naming the first key that is unknown or has a bad value
   */
  public static AppConfig load(Path file, Map<String, String> env, Map<String, String> overrides) {
    Properties p = new Properties();
    DEFAULTS.forEach(p::setProperty);
    if (file != null) {
      try (InputStream in = Files.newInputStream(file)) {
        Properties fromFile = new Properties();
        fromFile.load(in);
        for (String k : fromFile.stringPropertyNames()) {
          String key = k.trim();
          requireKnown(key, "in " + file);
          p.setProperty(key, fromFile.getProperty(k).trim());
        }
      } catch (IOException e) {
        throw new UncheckedIOException(
            "cannot read config file " + file + ": " + e.getMessage(), e);
      }
    }
    KafkaConnection.fromEnvironment(env)
        .forEach((k, v) -> p.setProperty(KafkaConnection.PREFIX + k, v));
    overrides.forEach(
        (k, v) -> {
          if (v != null) {
            requireKnown(k, "given");
            p.setProperty(k, v);
          }
        });
    AppConfig config = new AppConfig(p);
    config.validate();
    return config;
  }

  public static AppConfig defaults() {
    return load(null, Map.of());
  }

  private static void requireKnown(String key, String where) {
    if (KEYS.contains(key)) {
      return;
    }
    for (String prefix : PREFIXES) {
      if (key.startsWith(prefix) && key.length() > prefix.length()) {
        return;
      }
    }
    String near =
        KEYS.stream()
            .filter(k -> editDistance(k, key) <= 2)
            .findFirst()
            .map(k -> "; did you mean " + k + "?")
            .orElse("; Kafka client settings take the prefix " + KafkaConnection.PREFIX);
    throw new IllegalArgumentException("unknown setting '" + key + "' " + where + near);
  }

  private static int editDistance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        cur[j] = Math.min(sub, Math.min(prev[j], cur[j - 1]) + 1);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  private void validate() {
    kafka();
    dev.vigil.core.privacy.RetentionPolicy.fromProperties(stringMap());
    intValue(HTTP_PORT, 0, 65535);
    if (get(METRICS_PORT) != null) {
      int metrics = intValue(METRICS_PORT, 0, 65535);
      if (metrics != 0 && metrics == intValue(HTTP_PORT, 0, 65535)) {
        throw new IllegalArgumentException(
            METRICS_PORT
                + " must differ from "
                + HTTP_PORT
                + " (leave it unset to share the port)");
      }
    }
    intValue(PARTITIONS, 1, 10_000);
    intValue(REPLICATION_FACTOR, 1, 100);
    intValue(MAX_TEXT_BYTES, 1, 16 * 1024 * 1024);
    postFields();
    intValue(STREAM_THREADS, 1, 64);
    String mode = get(REPORT_MODE);
    if (!mode.equals("sandbox") && !mode.equals("production")) {
      throw new IllegalArgumentException(
          REPORT_MODE + " must be 'sandbox' or 'production', got '" + mode + "'");
    }
    blockDeadlines();
    breakerSettings();
    intValue(REVIEW_LEASE_MS, 1000, Integer.MAX_VALUE);
    intValue(REVIEW_SLA_MS, 1000, Integer.MAX_VALUE);
    intValue(REVIEW_COMMAND_TIMEOUT_MS, 100, 600_000);
    intValue(ACCESS_READS_PER_HOUR, 1, 1_000_000);
    intValue(ACCESS_REVEALS_PER_HOUR, 1, 1_000_000);
    String proxyHeader = get(PROXY_USER_HEADER);
    if (proxyHeader != null && !proxyHeader.isBlank() && proxyAddresses().isEmpty()) {
      throw new IllegalArgumentException(
          PROXY_USER_HEADER
              + " is set but "
              + PROXY_ADDRESSES
              + " is empty: name the proxy's addresses");
    }
    String secure = get(COOKIE_SECURE);
    if (!secure.equals("true") && !secure.equals("false")) {
      throw new IllegalArgumentException(
          COOKIE_SECURE + " must be true or false, got '" + secure + "'");
    }
    intValue(NEAR_CAPACITY, 0, 10_000_000);
    nearThreshold();
    rescanSettings();
    engineWarmup();
    watchdogEnabled();
    watchdogWindow();
  }

  /** {@code watchdog.enabled}: true or false. */
  public boolean watchdogEnabled() {
    String v = get(WATCHDOG_ENABLED).trim();
    if (!v.equals("true") && !v.equals("false")) {
      throw new IllegalArgumentException(
          WATCHDOG_ENABLED + " must be true or false, got '" + v + "'");
    }
    return Boolean.parseBoolean(v);
  }

  /**
   * {@code watchdog.window.ms}, 1 second to 1 hour; empty when unset (the app then derives it from
   * the commit interval).
   */
  public java.util.Optional<Duration> watchdogWindow() {
    String v = get(WATCHDOG_WINDOW_MS);
    if (v == null || v.isBlank()) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(Duration.ofMillis(intValue(WATCHDOG_WINDOW_MS, 1_000, 3_600_000)));
  }

  /** {@code engine.warmup.seconds}: 0 (off) to 600. */
  public Duration engineWarmup() {
    return Duration.ofSeconds(intValue(ENGINE_WARMUP_SECONDS, 0, 600));
  }

  /** {@code rescan.*}, validated. */
  public RescanSettings rescanSettings() {
    String enabled = get(RESCAN_ENABLED).trim();
    if (!enabled.equals("true") && !enabled.equals("false")) {
      throw new IllegalArgumentException(
          RESCAN_ENABLED + " must be true or false, got '" + enabled + "'");
    }
    long window;
    try {
      window = Long.parseLong(get(RESCAN_WINDOW_MS).trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          RESCAN_WINDOW_MS + " must be milliseconds, got '" + get(RESCAN_WINDOW_MS) + "'");
    }
    if (window < 1) {
      throw new IllegalArgumentException(RESCAN_WINDOW_MS + " must be positive, got " + window);
    }
    return new RescanSettings(
        Boolean.parseBoolean(enabled),
        Duration.ofMillis(window),
        intValue(RESCAN_POSTS_PER_SECOND, 1, 1_000_000));
  }

  /**
   * The fields a post keeps: the schema's, plus {@link #POST_FIELDS_ALLOWED} and the {@code
   * attributes} keys of {@link #POST_ATTRIBUTES_ALLOWED}.
   *
   * @throws IllegalArgumentException naming the setting and the name that is not a field name
   */
  public dev.vigil.core.post.FieldPolicy postFields() {
    return dev.vigil.core.post.FieldPolicy.allowing(
        fieldNames(POST_FIELDS_ALLOWED), fieldNames(POST_ATTRIBUTES_ALLOWED));
  }

  /** A comma list of field names; blanks around names ignored, an empty name refused. */
  private java.util.List<String> fieldNames(String key) {
    String v = get(key);
    java.util.List<String> names = new java.util.ArrayList<>();
    if (v == null || v.isBlank()) {
      return names;
    }
    for (String n : v.split(",", -1)) {
      try {
        dev.vigil.core.post.FieldPolicy.checkName(n.trim());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
      }
      names.add(n.trim());
    }
    return names;
  }

  /** A parser of posts with this configuration's text limit and field policy. */
  public dev.vigil.core.post.PostParser postParser() {
    return new dev.vigil.core.post.PostParser(
        intValue(MAX_TEXT_BYTES, 1, Integer.MAX_VALUE), postFields());
  }

  /** {@link #NEAR_THRESHOLD}, in (0, 1]. */
  public double nearThreshold() {
    String v = get(NEAR_THRESHOLD);
    double t;
    try {
      t = Double.parseDouble(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(NEAR_THRESHOLD + " must be a number, got '" + v + "'");
    }
    if (!(t > 0 && t <= 1)) {
      throw new IllegalArgumentException(NEAR_THRESHOLD + " must be in (0, 1], got '" + v + "'");
    }
    return t;
  }

  /** The trusted proxy's client addresses. */
  public java.util.Set<String> proxyAddresses() {
    String v = get(PROXY_ADDRESSES);
    java.util.Set<String> out = new java.util.LinkedHashSet<>();
    if (v != null) {
      for (String a : v.split(",")) {
        if (!a.isBlank()) {
          out.add(a.trim());
        }
      }
    }
    return out;
  }

  public Duration millis(String key) {
    return Duration.ofMillis(Long.parseLong(get(key).trim()));
  }

  public String get(String key) {
    return props.getProperty(key);
  }

  public Properties properties() {
    Properties copy = new Properties();
    copy.putAll(props);
    return copy;
  }

  public int intValue(String key, int min, int max) {
    String v = get(key);
    try {
      int i = Integer.parseInt(v.trim());
      if (i < min || i > max) {
        throw new IllegalArgumentException(
            key + " must be between " + min + " and " + max + ", got " + i);
      }
      return i;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a whole number, got '" + v + "'");
    }
  }

  public Path dataDir() {
    return Path.of(get(DATA_DIR));
  }

  private Map<String, String> stringMap() {
    Map<String, String> m = new HashMap<>();
    props.stringPropertyNames().forEach(k -> m.put(k, props.getProperty(k)));
    return m;
  }

  /** The Kafka every client connects to: {@code bootstrap.servers} and the {@code kafka.*} keys. */
  public KafkaConnection kafka() {
    Map<String, String> settings = new HashMap<>();
    for (String k : props.stringPropertyNames()) {
      if (k.startsWith(KafkaConnection.PREFIX)) {
        settings.put(k.substring(KafkaConnection.PREFIX.length()), props.getProperty(k));
      }
    }
    return KafkaConnection.to(get(BOOTSTRAP_SERVERS)).with(settings);
  }

  /** Kafka Streams settings given as {@code streams.<key>}. */
  public Map<String, String> streamsOverrides() {
    Map<String, String> out = new HashMap<>();
    for (String k : props.stringPropertyNames()) {
      if (k.startsWith("streams.")) {
        out.put(k.substring("streams.".length()), props.getProperty(k));
      }
    }
    return out;
  }

  public BreakerSettings breakerSettings() {
    try {
      return new BreakerSettings(
          Double.parseDouble(get(BREAKER_MAX_SHARE)),
          intValue(BREAKER_MIN_POSTS, 1, Integer.MAX_VALUE),
          Duration.ofMillis(Long.parseLong(get(BREAKER_WATCH_MS))));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "rules.breaker.* settings must be numbers: " + e.getMessage());
    }
  }

  public Duration defaultBlockDeadline() {
    return Duration.ofMillis(Long.parseLong(get(BLOCK_DEADLINE_MS)));
  }

  /** Per top-level category: {@code block.deadline.ms.fraud=2000}. */
  public Map<String, Duration> blockDeadlines() {
    Map<String, Duration> out = new HashMap<>();
    for (String k : props.stringPropertyNames()) {
      if (k.startsWith(BLOCK_DEADLINE_PREFIX)) {
        try {
          out.put(
              k.substring(BLOCK_DEADLINE_PREFIX.length()),
              Duration.ofMillis(Long.parseLong(get(k))));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(k + " must be milliseconds, got '" + get(k) + "'");
        }
      }
    }
    return out;
  }
}
