package dev.vigil.app.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Where Kafka is and how to reach it: the bootstrap servers and the client settings (security
 * protocol, SASL, TLS, timeouts...) that every producer, consumer and admin client of the app and
 * of the command-line tools gets, and Kafka Streams underneath its own settings. A secured cluster
 * needs the same settings on every client: one left out would fail only when it first connects.
 * Immutable; {@link #toString()} names the setting keys, never their values (a JAAS config holds a
 * password).
 */
public final class KafkaConnection {
  /** Prefix of the client settings in the app's configuration ({@code kafka.security.protocol}). */
  public static final String PREFIX = "kafka.";

  /**
   * Prefix of environment variables that give client settings: {@code VIGIL_KAFKA_SASL_JAAS_CONFIG}
   * is {@code kafka.sasl.jaas.config}, so a Kubernetes Secret can hold the password.
   */
  public static final String ENV_PREFIX = "VIGIL_KAFKA_";

  private static final String BOOTSTRAP = "bootstrap.servers";

  private final String bootstrapServers;
  private final Map<String, String> settings;

  private KafkaConnection(String bootstrapServers, Map<String, String> settings) {
    this.bootstrapServers = Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    if (bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("bootstrap servers must not be empty");
    }
    this.settings = Collections.unmodifiableMap(new TreeMap<>(settings));
  }

  /** A connection with no client settings: a plaintext listener. */
  public static KafkaConnection to(String bootstrapServers) {
    return new KafkaConnection(bootstrapServers, Map.of());
  }

  /**
   * This connection with {@code more} client settings (Kafka's own keys, unprefixed) added; a key
   * already set takes the new value.
   *
   * @throws IllegalArgumentException for {@code bootstrap.servers}, which has one place of its own
   */
  public KafkaConnection with(Map<String, String> more) {
    Map<String, String> all = new TreeMap<>(settings);
    more.forEach(
        (k, v) -> {
          if (k.equals(BOOTSTRAP)) {
            throw new IllegalArgumentException(
                "set the bootstrap servers with bootstrap.servers (or --bootstrap-servers), not"
                    + " among the client settings");
          }
          if (k.isBlank()) {
            throw new IllegalArgumentException("a Kafka client setting has an empty key");
          }
          all.put(k, v);
        });
    return new KafkaConnection(bootstrapServers, all);
  }

  /** This connection to other servers, with the same client settings. */
  public KafkaConnection at(String otherBootstrapServers) {
    return new KafkaConnection(otherBootstrapServers, settings);
  }

  /**
   * The Kafka client settings of a {@code --command-config} file, as Kafka's own tools read it:
   * plain client keys ({@code security.protocol=SASL_SSL}), no prefix. A {@code bootstrap.servers}
   * line is refused: it would silently compete with {@code --bootstrap-servers}.
   */
  public static Map<String, String> readClientFile(Path file) {
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(file)) {
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read client config " + file + ": " + e, e);
    }
    Map<String, String> out = new TreeMap<>();
    for (String k : p.stringPropertyNames()) {
      String key = k.trim();
      if (key.equals(BOOTSTRAP)) {
        throw new IllegalArgumentException(
            file + ": give the servers with --bootstrap-servers, not bootstrap.servers");
      }
      if (key.startsWith(PREFIX)) {
        throw new IllegalArgumentException(
            file
                + ": "
                + key
                + ": a client config file takes Kafka's own keys, without the app config's '"
                + PREFIX
                + "' prefix");
      }
      out.put(key, p.getProperty(k).trim());
    }
    return out;
  }

  /**
   * The client settings in {@code env}'s {@value #ENV_PREFIX} variables, as Kafka keys: the rest of
   * the name lower-cased, underscores as dots ({@code VIGIL_KAFKA_SECURITY_PROTOCOL} is {@code
   * security.protocol}). Kafka's client keys have no underscores, so the mapping loses nothing.
   */
  public static Map<String, String> fromEnvironment(Map<String, String> env) {
    Map<String, String> out = new TreeMap<>();
    env.forEach(
        (name, value) -> {
          if (name.startsWith(ENV_PREFIX) && name.length() > ENV_PREFIX.length()) {
            out.put(
                name.substring(ENV_PREFIX.length())
                    .toLowerCase(java.util.Locale.ROOT)
                    .replace('_', '.'),
                value);
          }
        });
    return out;
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** The client settings, Kafka's keys without prefix, sorted. */
  public Map<String, String> settings() {
    return settings;
  }

  /**
   * The properties of one client: the connection's settings, the bootstrap servers, then {@code
   * own}, the client's own settings (isolation level, idempotence, client id...), which its
   * correctness depends on and which therefore win.
   */
  public Properties clientProperties(Map<String, ?> own) {
    Properties p = new Properties();
    p.putAll(settings);
    p.put(BOOTSTRAP, bootstrapServers);
    p.putAll(own);
    return p;
  }

  @Override
  public String toString() {
    return bootstrapServers + (settings.isEmpty() ? "" : " with " + settings.keySet());
  }
}
