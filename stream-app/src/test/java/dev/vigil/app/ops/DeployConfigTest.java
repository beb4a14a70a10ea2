package dev.vigil.app.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.vigil.app.config.AppConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code vigil.properties} shipped in the Kubernetes ConfigMaps (the base and the production
 * overlay) load as the app loads them at start: every key known, every value valid. The overlay's
 * secured-listener settings reach every Kafka client, with the JAAS line from the environment the
 * StatefulSet sets.
 */
class DeployConfigTest {
  @TempDir Path dir;

  AppConfig load(String manifest, Map<String, String> env) throws Exception {
    JsonNode cm = new ObjectMapper(new YAMLFactory()).readTree(Path.of("..", manifest).toFile());
    Path props = dir.resolve("vigil.properties");
    Files.writeString(props, cm.at("/data/vigil.properties").asText());
    return AppConfig.load(
        props, env, Map.of(AppConfig.BOOTSTRAP_SERVERS, cm.at("/data/bootstrap.servers").asText()));
  }

  @Test
  void theBaseConfigMapLoads() throws Exception {
    AppConfig config = load("deploy/k8s/configmap.yaml", Map.of());
    assertEquals("kafka-kafka-bootstrap:9092", config.kafka().bootstrapServers());
  }

  @Test
  void theProductionOverlayConnectsEveryClientThroughSaslSsl() throws Exception {
    String jaas =
        "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"vigil-app\" password=\"x\";";
    AppConfig config =
        load(
            "deploy/overlays/production/vigil-config.yaml",
            Map.of("VIGIL_KAFKA_SASL_JAAS_CONFIG", jaas));
    Map<String, String> kafka = config.kafka().settings();
    assertEquals("SASL_SSL", kafka.get("security.protocol"));
    assertEquals("SCRAM-SHA-512", kafka.get("sasl.mechanism"));
    assertEquals("PEM", kafka.get("ssl.truststore.type"));
    assertEquals(jaas, kafka.get("sasl.jaas.config"));
    assertEquals("kafka-kafka-bootstrap:9093", config.kafka().bootstrapServers());
  }
}
