package dev.vigil.app.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.vigil.app.broker.EmbeddedBroker;
import dev.vigil.app.it.KafkaTestSupport;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's publish and tail commands on a real broker: bytes go in and come out unchanged. */
class PublishTailTest {
  @TempDir static Path dir;
  static EmbeddedBroker broker;

  @BeforeAll
  static void start() throws Exception {
    broker = new EmbeddedBroker(0, dir.resolve("kafka")).start();
    Properties p = new Properties();
    p.put("bootstrap.servers", broker.bootstrapServers());
    try (Admin admin = Admin.create(p)) {
      admin.createTopics(List.of(new NewTopic("t", 1, (short) 1))).all().get();
    }
  }

  @AfterAll
  static void stop() {
    broker.close();
  }

  @Test
  void publishSendsEachLinesBytesExactlyKeyedByPostIdAndTailPrintsThem() throws Exception {
    byte[] invalidUtf8 = {'{', '"', 'x', '"', ':', (byte) 0xC3, (byte) 0x28, '}'};
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    file.write(
        "{\"postId\":\"p1\",\"authorId\":\"a\",\"text\":\"你好 \\u0041\"}\n"
            .getBytes(StandardCharsets.UTF_8));
    file.write(invalidUtf8);
    file.write('\n');
    file.write("{\"postId\":\"p3\",\"text\":\"crlf\"}\r\n".getBytes(StandardCharsets.UTF_8));
    file.write("not json, no newline at the end".getBytes(StandardCharsets.UTF_8));
    Path input = dir.resolve("posts.jsonl");
    Files.write(input, file.toByteArray());

    assertEquals(
        0,
        Main.execute(
            "publish",
            "--bootstrap-servers",
            broker.bootstrapServers(),
            "--topic",
            "t",
            "--file",
            input.toString()));

    var records =
        KafkaTestSupport.readAll(
            broker.bootstrapServers(), "t", 4, Duration.ofSeconds(1), Duration.ofSeconds(30));
    assertEquals(4, records.size());
    assertArrayEquals(
        "{\"postId\":\"p1\",\"authorId\":\"a\",\"text\":\"你好 \\u0041\"}"
            .getBytes(StandardCharsets.UTF_8),
        records.get(0).value());
    assertEquals("p1", new String(records.get(0).key(), StandardCharsets.UTF_8));
    assertArrayEquals(invalidUtf8, records.get(1).value());
    assertNull(records.get(1).key());
    assertArrayEquals(
        "{\"postId\":\"p3\",\"text\":\"crlf\"}\r".getBytes(StandardCharsets.UTF_8),
        records.get(2).value());
    assertEquals("p3", new String(records.get(2).key(), StandardCharsets.UTF_8));
    assertArrayEquals(
        "not json, no newline at the end".getBytes(StandardCharsets.UTF_8), records.get(3).value());

    PrintStream saved = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true));
      assertEquals(
          0,
          Main.execute(
              "tail",
              "--bootstrap-servers",
              broker.bootstrapServers(),
              "--topic",
              "t",
              "--from-beginning",
              "--idle-timeout",
              "2"));
    } finally {
      System.setOut(saved);
    }
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    for (var r : records) {
      expected.write(r.value());
      expected.write('\n');
    }
    assertArrayEquals(expected.toByteArray(), out.toByteArray());

    out.reset();
    try {
      System.setOut(new PrintStream(out, true));
      assertEquals(
          0,
          Main.execute(
              "tail",
              "--bootstrap-servers",
              broker.bootstrapServers(),
              "--topic",
              "t",
              "--from-beginning",
              "--max",
              "2"));
    } finally {
      System.setOut(saved);
    }
    assertEquals(2, out.toString(StandardCharsets.UTF_8).split("\n").length);
  }

  @Test
  void tailPrintsKeyPartitionOffsetAndTimestampAsKafkasConsoleConsumerAndAKcatFormat()
      throws Exception {
    Properties p = new Properties();
    p.put("bootstrap.servers", broker.bootstrapServers());
    try (Admin admin = Admin.create(p)) {
      admin.createTopics(List.of(new NewTopic("flags", 2, (short) 1))).all().get();
    }
    Properties pp = new Properties();
    pp.put("bootstrap.servers", broker.bootstrapServers());
    try (var producer =
        new org.apache.kafka.clients.producer.KafkaProducer<byte[], byte[]>(
            pp,
            new org.apache.kafka.common.serialization.ByteArraySerializer(),
            new org.apache.kafka.common.serialization.ByteArraySerializer())) {
      producer
          .send(
              new org.apache.kafka.clients.producer.ProducerRecord<>(
                  "flags", 1, 1_700_000_000_123L, bytes("k1"), bytes("v1")))
          .get();
      producer
          .send(
              new org.apache.kafka.clients.producer.ProducerRecord<>(
                  "flags", 1, 1_700_000_000_456L, null, bytes("v2")))
          .get();
    }
    CliTestSupport.Run r =
        CliTestSupport.run(
            "",
            java.util.Map.of(EnvDefaults.BOOTSTRAP_SERVERS, broker.bootstrapServers()),
            "tail",
            "--topic",
            "flags",
            "--from-beginning",
            "--max",
            "2",
            "--print-key",
            "--print-partition",
            "--print-offset",
            "--print-timestamp");
    assertEquals(0, r.exit(), r.err());
    assertEquals(
        "CreateTime:1700000000123\tPartition:1\tOffset:0\tk1\tv1\n"
            + "CreateTime:1700000000456\tPartition:1\tOffset:1\tnull\tv2\n",
        r.out());

    CliTestSupport.Run f =
        CliTestSupport.run(
            "",
            java.util.Map.of(),
            "tail",
            "-b",
            broker.bootstrapServers(),
            "--topic",
            "flags",
            "--from-beginning",
            "--max",
            "2",
            "--format",
            "%t/%p@%o %T key=%k(%K) %s(%S) 100%%\\n");
    assertEquals(0, f.exit(), f.err());
    assertEquals(
        "flags/1@0 1700000000123 key=k1(2) v1(2) 100%\n"
            + "flags/1@1 1700000000456 key=null(-1) v2(2) 100%\n",
        f.out());

    assertEquals(
        ExitCodes.USAGE,
        CliTestSupport.run("tail", "--topic", "flags", "--format", "%x").exit(),
        "an unknown field");
    assertEquals(
        ExitCodes.USAGE,
        CliTestSupport.run("tail", "--topic", "flags", "--format", "%s", "--print-key").exit());
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
