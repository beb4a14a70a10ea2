package dev.vigil.app.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.app.json.Json;
import dev.vigil.app.verify.InvariantReport;
import dev.vigil.app.verify.TopicReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18.1 on a real broker: each poison shape found by the security review, and the ones found
 * since, among 1,000 normal posts. Every normal post is decided and routed, the review queue holds
 * every held post, each poison record is dead-lettered with its reason, the stream thread is
 * replaced at most once per poison record, and the invariant holds.
 */
class PoisonShapesTest {
  @TempDir static Path dir;

  static final String CLEAN = "Photos from the lantern festival are up on my page.";
  static final String REVIEW = "专业征信修复，消除逾期记录。";

  @Test
  void everyPoisonShapeAmongAThousandPostsIsDeadLetteredAndTheRestFlows() throws Exception {
    try (FaultRig rig = new FaultRig(dir, false, Map.of())) {
      AppProcess app = rig.startApp("app");
      rig.awaitAppReady(Duration.ofSeconds(120));

      List<byte[][]> records = new ArrayList<>();
      Map<String, String> expectedReason = new HashMap<>();
      Set<String> reviewPosts = new HashSet<>();
      for (int i = 0; i < 1000; i++) {
        boolean review = i % 10 == 0;
        String id = "n-" + i;
        if (review) {
          reviewPosts.add(id);
        }
        records.add(kv(id, post(id, review ? REVIEW : CLEAN, null)));
        if (i % 100 == 50) {
          // Nesting the review found fatal (997: review-entries changelog; 998: posts.quarantined)
          // and beyond.
          for (int depth : new int[] {997, 998, 1001, 5000}) {
            String pid = "poison-deep-" + depth + "-" + i;
            records.add(
                kv(
                    pid,
                    "{\"postId\":\""
                        + pid
                        + "\",\"authorId\":\"a\",\"text\":\""
                        + REVIEW
                        + "\",\"attributes\":{\"x\":"
                        + "[".repeat(depth)
                        + "]".repeat(depth)
                        + "}}"));
            expectedReason.put(pid, "invalid_field");
          }
        }
      }
      // 800 KB of incompressible attributes on a held post: fits now (4 MiB review.queue), so it is
      // queued.
      String big = "big-review-800k";
      records.add(kv(big, post(big, REVIEW, incompressible(800 * 1024))));
      reviewPosts.add(big);
      // 3 MB held post, compressible, so the broker takes it (1 MiB is checked on the compressed
      // batch): its
      // quarantine record could not be written, so it is dead-lettered whole, and its dead letter,
      // over that
      // topic's limit, says where to replay it from.
      String huge = "poison-huge-review";
      records.add(kv(huge, post(huge, REVIEW, "z".repeat(3 * 1024 * 1024))));
      expectedReason.put(huge, "output_too_large");
      // A 600 KB postId: its decision (key and value) is over moderation.decisions' 1 MiB.
      String longId = "poison-long-id";
      records.add(kv(longId, post("L" + "i".repeat(600 * 1024), CLEAN, null)));
      expectedReason.put(longId, "output_too_large");
      publish(rig.bootstrap(), rig.topics.submitted.name(), records);
      rig.step("published " + records.size() + " records");

      // A record the review task cannot even read (written to review.revertable by anyone with
      // write access):
      // dead-lettered by the deserialization handler, the thread untouched.
      List<byte[][]> forged = new ArrayList<>();
      forged.add(kv("forged", "not a quarantine record"));
      publish(rig.bootstrap(), rig.topics.revertable.name(), forged);

      InvariantReport report = rig.assertInvariant(records.size(), Duration.ofSeconds(240));
      assertEquals(
          1000 + 1,
          report.decisions(),
          "every normal post and the 800 KB one decided: " + report.summary());

      TopicReader reader =
          new TopicReader(dev.vigil.app.config.KafkaConnection.to(rig.bootstrap()));
      Map<String, String> gotReason = new HashMap<>();
      long deadFromActions = 0;
      long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      do {
        gotReason.clear();
        deadFromActions = 0;
        for (var r : reader.readAll(rig.topics.deadLetter.name(), Duration.ofSeconds(30))) {
          JsonNode dl = Json.MAPPER.readTree(r.value());
          if (rig.topics.revertable.name().equals(dl.path("topic").asText())) {
            deadFromActions++;
            assertEquals("processing_error", dl.path("reason").asText(), dl.toString());
          } else if (r.key() != null) {
            gotReason.put(new String(r.key(), StandardCharsets.UTF_8), dl.path("reason").asText());
          }
        }
        if (deadFromActions == 1) {
          break;
        }
        Thread.sleep(2000);
      } while (System.nanoTime() < deadline);
      assertEquals(expectedReason, gotReason, "poison dead-lettered with its reason");
      assertEquals(
          1, deadFromActions, "the unreadable record dead-lettered once; logs:\n" + rig.logs());

      Map<String, Boolean> queued = new HashMap<>();
      for (var r : reader.readAll(rig.topics.reviewQueue.name(), Duration.ofSeconds(30))) {
        queued.put(new String(r.key(), StandardCharsets.UTF_8), r.value() != null);
      }
      Set<String> inQueue = new HashSet<>();
      queued.forEach(
          (k, v) -> {
            if (v) {
              inQueue.add(k);
            }
          });
      assertEquals(reviewPosts, inQueue, "the review queue holds every held post");

      String log = app.output();
      int replaced = log.split("stream thread died; replacing it", -1).length - 1;
      rig.step("stream thread replaced " + replaced + " time(s)");
      assertTrue(
          replaced <= 1,
          "at most once per poison record (none of these fails inside a task); logs:\n"
              + log.substring(Math.max(0, log.length() - 4000)));
      assertTrue(app.isAlive());
    }
  }

  private static void publish(String bootstrap, String topic, List<byte[][]> records) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(8 * 1024 * 1024));
    p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Long.toString(64L * 1024 * 1024));
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
      List<java.util.concurrent.Future<?>> acks = new ArrayList<>();
      for (byte[][] kv : records) {
        acks.add(producer.send(new ProducerRecord<>(topic, kv[0], kv[1])));
      }
      producer.flush();
      for (var f : acks) {
        try {
          f.get();
        } catch (Exception e) {
          throw new AssertionError("publishing to " + topic + " failed", e);
        }
      }
    }
  }

  private static byte[][] kv(String key, String value) {
    return new byte[][] {
      key.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8)
    };
  }

  private static String post(String id, String text, String blob) {
    return "{\"postId\":\""
        + id
        + "\",\"authorId\":\"author-"
        + id
        + "\",\"text\":\""
        + text
        + "\""
        + (blob == null ? "" : ",\"attributes\":{\"blob\":\"" + blob + "\"}")
        + "}";
  }

  private static String incompressible(int bytes) {
    byte[] b = new byte[bytes * 3 / 4];
    new Random(11).nextBytes(b);
    return Base64.getEncoder().encodeToString(b);
  }
}
