package dev.vigil.app.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.vigil.app.topics.Topic;
import dev.vigil.app.topics.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.storage.internals.log.LogConfig;
import org.junit.jupiter.api.Test;

/**
 * deploy/k8s/topics.yaml (the Strimzi KafkaTopics operators apply) must declare exactly the topics
 * of the app's catalog, with what the catalog asks of each: its cleanup policy (a compacted state
 * topic stays compacted, a record log is never compacted) and settings, at least its retention and
 * its min.insync.replicas, and values Kafka's own LogConfig accepts. When the catalog gains a topic
 * or changes a setting, this fails until the manifest follows.
 */
class KafkaTopicsManifestTest {
  @Test
  void manifestDeclaresEveryCatalogTopicWithTheCatalogsSettings() throws IOException {
    Map<String, Map<String, String>> manifest = manifestTopics();
    Map<String, Map<String, String>> catalog = catalog();
    assertEquals(
        catalog.keySet(),
        manifest.keySet(),
        "deploy/k8s/topics.yaml must declare exactly the catalog's topics");
    assertEquals(List.of(), problems(catalog, manifest));
  }

  @Test
  void driftFromTheCatalogIsCaught() throws IOException {
    Map<String, Map<String, String>> manifest = new TreeMap<>();
    manifestTopics().forEach((k, v) -> manifest.put(k, new TreeMap<>(v)));
    manifest.get("vigil.datakeys").put(TopicConfig.CLEANUP_POLICY_CONFIG, "delete");
    manifest
        .get("moderation.evidence")
        .put(TopicConfig.RETENTION_MS_CONFIG, Long.toString(86_400_000L));
    manifest.get("review.queue").put("retention.msec", "1");
    manifest.get("vigil.datakeys").remove(TopicConfig.MAX_COMPACTION_LAG_MS_CONFIG);
    String problems = String.join("\n", problems(catalog(), manifest));
    assertTrue(problems.contains("vigil.datakeys: cleanup.policy must be compact"), problems);
    assertTrue(
        problems.contains("moderation.evidence: retention.ms 86400000 is below the catalog's"),
        problems);
    assertTrue(problems.contains("review.queue: Kafka rejects its config"), problems);
    assertTrue(problems.contains("vigil.datakeys: max.compaction.lag.ms missing"), problems);
  }

  private static Map<String, Map<String, String>> catalog() {
    Map<String, Map<String, String>> catalog = new TreeMap<>();
    for (Topic<?, ?> t : Topics.defaults().all()) {
      catalog.put(t.name(), t.configs());
    }
    return catalog;
  }

  /** What in {@code manifest} falls short of {@code catalog}, topic by topic. */
  static List<String> problems(
      Map<String, Map<String, String>> catalog, Map<String, Map<String, String>> manifest) {
    List<String> problems = new ArrayList<>();
    for (var e : catalog.entrySet()) {
      String topic = e.getKey();
      Map<String, String> wanted = e.getValue();
      Map<String, String> declared = manifest.get(topic);
      if (declared == null) {
        problems.add(topic + ": not declared");
        continue;
      }
      try {
        LogConfig.validate(declared);
      } catch (RuntimeException ex) {
        problems.add(topic + ": Kafka rejects its config: " + ex.getMessage());
      }
      String policy =
          wanted.getOrDefault(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE);
      if (!policy.equals(
          declared.getOrDefault(
              TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE))) {
        problems.add(topic + ": cleanup.policy must be " + policy);
      }
      for (var w : wanted.entrySet()) {
        String key = w.getKey();
        String have = declared.get(key);
        if (key.equals(TopicConfig.CLEANUP_POLICY_CONFIG)) {
          continue;
        }
        if (have == null) {
          problems.add(topic + ": " + key + " missing (catalog: " + w.getValue() + ")");
        } else if (key.equals(TopicConfig.RETENTION_MS_CONFIG)
            || key.equals(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG)) {
          long h = Long.parseLong(have);
          long c = Long.parseLong(w.getValue());
          boolean atLeast =
              key.equals(TopicConfig.RETENTION_MS_CONFIG) ? (h == -1 || h >= c) : h >= c;
          if (!atLeast) {
            problems.add(
                topic + ": " + key + " " + have + " is below the catalog's " + w.getValue());
          }
        } else if (Double.parseDouble(have) != Double.parseDouble(w.getValue())) {
          problems.add(topic + ": " + key + " is " + have + ", the catalog says " + w.getValue());
        }
      }
    }
    return problems;
  }

  /** Topic name to its config, as strings, from every KafkaTopic in deploy/k8s/topics.yaml. */
  static Map<String, Map<String, String>> manifestTopics() throws IOException {
    Path file = repositoryRoot().resolve("deploy/k8s/topics.yaml");
    // A key given twice (two merges each adding it) is an error, not "the last one wins".
    YAMLFactory factory =
        YAMLFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    ObjectMapper yaml = new ObjectMapper(factory);
    Map<String, Map<String, String>> out = new TreeMap<>();
    try (YAMLParser parser = factory.createParser(file.toFile())) {
      for (var docs = yaml.readValues(parser, JsonNode.class); docs.hasNext(); ) {
        JsonNode doc = docs.next();
        if (doc == null || !"KafkaTopic".equals(doc.path("kind").asText())) {
          continue;
        }
        String name =
            doc.path("spec").path("topicName").asText(doc.path("metadata").path("name").asText());
        Map<String, String> config = new TreeMap<>();
        doc.path("spec")
            .path("config")
            .fields()
            .forEachRemaining(f -> config.put(f.getKey(), f.getValue().asText()));
        assertEquals(null, out.put(name, config), "topic declared twice: " + name);
      }
    }
    return out;
  }

  private static Path repositoryRoot() {
    Path here = Path.of("").toAbsolutePath();
    return Files.isDirectory(here.resolve("deploy/k8s")) ? here : here.getParent();
  }
}
