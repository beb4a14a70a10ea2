package dev.vigil.app.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.app.VigilApp;
import dev.vigil.app.topics.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One client configuration for every Kafka client, and no misspelt setting ignored in silence. */
class KafkaClientConfigTest {
  @TempDir Path dir;

  private Path file(String... lines) throws IOException {
    Path f = dir.resolve("vigil.properties");
    Files.write(f, List.of(lines));
    return f;
  }

  @Test
  void anUnknownKeyInTheFileStopsTheStartWithItsName() throws IOException {
    Path f = file("htp.port=9000");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> AppConfig.load(f, Map.of(), Map.of()));
    assertTrue(e.getMessage().contains("'htp.port'"), e.getMessage());
    assertTrue(e.getMessage().contains("did you mean http.port"), e.getMessage());

    Path g = file("security.protocol=SASL_SSL");
    e = assertThrows(IllegalArgumentException.class, () -> AppConfig.load(g, Map.of(), Map.of()));
    assertTrue(e.getMessage().contains("'security.protocol'"), e.getMessage());
    assertTrue(e.getMessage().contains("kafka."), e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> AppConfig.load(null, Map.of(), Map.of("review.leas.ms", "1000")));
  }

  @Test
  void everyKeyFamilyVigilReadsIsAccepted() throws IOException {
    AppConfig c =
        AppConfig.load(
            file(
                "kafka.security.protocol=SSL",
                "streams.num.standby.replicas=1",
                "topic.posts.submitted=in",
                "retention.audit=P400D",
                "block.deadline.ms.fraud=2000",
                "legal-hold.fraud=case 1",
                "report.legal-basis=CSL Art. 47",
                "report.legal-basis.fraud=CSL Art. 46",
                "master.key.file=/k",
                "metrics.port=9404"),
            Map.of(),
            Map.of());
    assertEquals("in", Topics.from(c.properties()).submitted.name());
  }

  @Test
  void anUnknownTopicOrRetentionIsRefusedByName() throws IOException {
    AppConfig c = AppConfig.load(file("topic.posts.submited=x"), Map.of(), Map.of());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Topics.from(c.properties()));
    assertTrue(e.getMessage().contains("topic.posts.submited"), e.getMessage());
    Path r = file("retention.audits=P400D");
    e = assertThrows(IllegalArgumentException.class, () -> AppConfig.load(r, Map.of(), Map.of()));
    assertTrue(e.getMessage().contains("retention.audits"), e.getMessage());
  }

  @Test
  void fileThenEnvironmentThenFlags() throws IOException {
    Path f =
        file(
            "bootstrap.servers=kafka:9093",
            "kafka.security.protocol=SSL",
            "kafka.sasl.mechanism=PLAIN");
    AppConfig c =
        AppConfig.load(
            f,
            Map.of(
                "VIGIL_KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                "VIGIL_KAFKA_SASL_JAAS_CONFIG", "secret",
                "VIGIL_MASTER_KEY", "not a client setting",
                "HOME", "/root"),
            Map.of("kafka.sasl.mechanism", "SCRAM-SHA-512"));
    KafkaConnection k = c.kafka();
    assertEquals("kafka:9093", k.bootstrapServers());
    assertEquals(
        Map.of(
            "security.protocol", "SASL_SSL",
            "sasl.jaas.config", "secret",
            "sasl.mechanism", "SCRAM-SHA-512"),
        k.settings());
    assertFalse(k.toString().contains("secret"), "toString names keys, never values");
  }

  @Test
  void aClientsOwnSettingsWinAndTheServersHaveOnePlace() {
    KafkaConnection k =
        KafkaConnection.to("b:1")
            .with(Map.of("security.protocol", "SSL", "isolation.level", "read_uncommitted"));
    Properties p = k.clientProperties(Map.of("isolation.level", "read_committed"));
    assertEquals("SSL", p.get("security.protocol"));
    assertEquals("read_committed", p.get("isolation.level"));
    assertEquals("b:1", p.get("bootstrap.servers"));
    assertThrows(
        IllegalArgumentException.class, () -> k.with(Map.of("bootstrap.servers", "other:1")));
  }

  @Test
  void streamsGetsTheClientSettingsAndStreamsKeysWin() {
    AppConfig c =
        AppConfig.load(
            null,
            Map.of(),
            Map.of(
                "kafka.security.protocol", "SASL_SSL",
                "kafka.sasl.mechanism", "SCRAM-SHA-512",
                "streams.sasl.mechanism", "PLAIN"));
    Properties p = VigilApp.streamsProperties(c);
    assertEquals("SASL_SSL", p.get("security.protocol"));
    assertEquals("PLAIN", p.get("sasl.mechanism"));
    assertEquals("exactly_once_v2", p.get("processing.guarantee"));
  }

  /**
   * Streams' exactly-once default delivery timeout is unbounded, which let a producer retry an
   * out-of-order batch forever (fault campaign). The bounded one must survive Streams' own
   * overrides, and streams.* can still change it.
   */
  @Test
  void theStreamThreadsProducerHasABoundedDeliveryTimeout() {
    AppConfig c = AppConfig.load(null, Map.of(), Map.of());
    Map<String, Object> producer =
        new StreamsConfig(VigilApp.streamsProperties(c)).getProducerConfigs("client");
    assertEquals(
        Integer.toString(VigilApp.PRODUCER_DELIVERY_TIMEOUT_MS),
        String.valueOf(producer.get(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG)));
    AppConfig longer =
        AppConfig.load(null, Map.of(), Map.of("streams.producer.delivery.timeout.ms", "300000"));
    assertEquals(
        "300000",
        String.valueOf(
            new StreamsConfig(VigilApp.streamsProperties(longer))
                .getProducerConfigs("client")
                .get(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG)));
  }

  @Test
  void aCommandConfigFileTakesKafkasOwnKeys() throws IOException {
    Path f = dir.resolve("client.properties");
    Files.write(f, List.of("security.protocol=SASL_SSL", "sasl.mechanism=SCRAM-SHA-512"));
    assertEquals(
        Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-512"),
        KafkaConnection.readClientFile(f));
    Files.write(f, List.of("kafka.security.protocol=SASL_SSL"));
    assertThrows(IllegalArgumentException.class, () -> KafkaConnection.readClientFile(f));
    Files.write(f, List.of("bootstrap.servers=x:1"));
    assertThrows(IllegalArgumentException.class, () -> KafkaConnection.readClientFile(f));
  }

  /**
   * Clients built anywhere but {@code KafkaClients} would miss the connection's settings: the first
   * TLS or SASL cluster would find them. The sources are checked, as the architecture test checks
   * classes.
   */
  @Test
  void noKafkaClientIsBuiltOutsideKafkaClients() throws IOException {
    Path main = Path.of("src/main/java");
    assertTrue(Files.isDirectory(main), "run from the stream-app module");
    List<String> offenders = new ArrayList<>();
    try (Stream<Path> files = Files.walk(main)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        if (f.endsWith(Path.of("topics", "KafkaClients.java"))) {
          continue;
        }
        String src = Files.readString(f);
        for (String banned :
            List.of(
                "new KafkaProducer",
                "new KafkaConsumer",
                "Admin.create(",
                "AdminClient.create(",
                "BOOTSTRAP_SERVERS_CONFIG")) {
          if (src.contains(banned)) {
            offenders.add(main.relativize(f) + ": " + banned);
          }
        }
      }
    }
    assertEquals(List.of(), offenders);
  }
}
