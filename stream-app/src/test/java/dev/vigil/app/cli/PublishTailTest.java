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
}
