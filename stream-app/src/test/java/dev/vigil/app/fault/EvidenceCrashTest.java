package dev.vigil.app.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.app.verify.InvariantReport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The evidence chains under a crash: an app instance (a child JVM, real rule pack) is SIGKILLed
 * while blocks are being chained and reported, and restarted. Afterwards the walking invariant
 * holds, every partition's chain verifies end to end (no fork, no gap, no duplicate from a replayed
 * transaction), every report's evidence is present with the hash the report carries, and every
 * evidence record's data key (most are created during the run, written outside the transaction)
 * reached the key topic.
 */
class EvidenceCrashTest {
  static final int POSTS = 2000;
  static final String[] BLOCKED = {
    "出售仿真枪出售气枪，价格优惠，加微信 gun%d 详聊",
    "出售冰毒K粉，货到付款，联系电话 139%08d",
    "专业办证刻章，代开发票，微信 fapiao%d",
    "guns for sale no license, whatsapp +1 555 %d",
    "高价收购银行卡四件套 加QQ 8%d",
  };

  @Test
  void chainsAndReportsSurviveASigkill(@TempDir Path dir) throws Exception {
    try (FaultRig rig = new FaultRig(dir, false, Map.of())) {
      AppProcess app = rig.startApp("app");
      rig.awaitAppReady(Duration.ofSeconds(120));
      AtomicLong sent = new AtomicLong();
      Thread platform = new Thread(() -> publish(rig, sent), "platform");
      platform.start();
      rig.awaitCommitted(POSTS / 4, Duration.ofSeconds(180));
      app.kill9();
      TimeUnit.SECONDS.sleep(2);
      rig.startApp("app");
      platform.join(TimeUnit.MINUTES.toMillis(5));
      assertEquals(POSTS, sent.get());
      InvariantReport report = rig.assertInvariant(POSTS, Duration.ofSeconds(240));
      assertTrue(report.evidence() > 0, "blocks were chained: " + report.summary());
    }
  }

  private static void publish(FaultRig rig, AtomicLong sent) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, rig.bootstrap());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (int i = 0; i < POSTS; i++) {
        String id = "crash-ev-" + i;
        String text =
            i % 5 < 2
                ? String.format(BLOCKED[i % BLOCKED.length], 1000 + i)
                : "Had the best noodles at the night market near the river today, number " + i;
        // Most blocked posts come from a new author, so data keys are being created when the app
        // dies.
        String author = i % 10 == 0 ? "author-" + (i % 37) : "author-" + i;
        String value =
            "{\"postId\":\"" + id + "\",\"authorId\":\"" + author + "\",\"text\":\"" + text + "\"}";
        producer.send(
            new ProducerRecord<>(
                rig.topics.submitted.name(),
                id.getBytes(StandardCharsets.UTF_8),
                value.getBytes(StandardCharsets.UTF_8)));
        sent.incrementAndGet();
        if (i % 20 == 19) {
          producer.flush();
          Thread.sleep(20);
        }
      }
      producer.flush();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
