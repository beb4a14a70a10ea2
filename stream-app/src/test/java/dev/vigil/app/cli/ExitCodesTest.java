package dev.vigil.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.app.cli.CliTestSupport.Run;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One exit-code table for every command: 0 ok, 1 check failed, 2 usage, 3 input error, 4 cluster
 * unreachable. Each kind through {@link Main} as a user runs it, and the mapping of exceptions.
 */
class ExitCodesTest {
  @TempDir Path dir;

  @Test
  void usageErrorsAre2() {
    assertEquals(ExitCodes.USAGE, CliTestSupport.run("scan").exit(), "missing --file");
    assertEquals(ExitCodes.USAGE, CliTestSupport.run("scan", "--file").exit(), "missing value");
    assertEquals(ExitCodes.USAGE, CliTestSupport.run("tail", "--topic", "t", "--nope").exit());
    assertEquals(ExitCodes.USAGE, CliTestSupport.run("no-such-command").exit());
    assertEquals(ExitCodes.USAGE, CliTestSupport.run("verify", "--wait", "soon").exit());
    assertEquals(ExitCodes.USAGE, CliTestSupport.run("rules").exit());
    Run r = CliTestSupport.run("lexicon", "import", "--in", "-", "--out", "x.yaml");
    assertEquals(ExitCodes.USAGE, r.exit(), "a plain list needs --category: " + r.err());
  }

  @Test
  void inputErrorsAre3() throws Exception {
    Path missing = dir.resolve("missing.jsonl");
    for (String[] args :
        new String[][] {
          {"scan", "--file", missing.toString()},
          {"eval", "--data", missing.toString()},
          {"train", "--data", missing.toString(), "--out", dir.resolve("m.bin").toString()},
          {"lexicon", "import", "--in", missing.toString(), "--out", "x.yaml", "--category", "c"},
          {"rules", "validate", missing.toString()},
          {"rules", "test", missing.toString()},
          {"publish", "--topic", "t", "--file", missing.toString()},
          {"scan", "--file", "-", "--rules", missing.toString()},
        }) {
      Run r = CliTestSupport.run(args);
      assertEquals(ExitCodes.INPUT, r.exit(), String.join(" ", args) + ": " + r.err());
      assertTrue(r.err().contains("missing"), "names the file: " + r.err());
    }
    Run parse = CliTestSupport.run("{\"text\": \"x\", \"label\"", Map.of(), "eval", "--data", "-");
    assertEquals(ExitCodes.INPUT, parse.exit(), "a parse error: " + parse.err());
  }

  @Test
  void failedChecksAre1() throws Exception {
    Run scan = CliTestSupport.run("not json\n", Map.of(), "scan", "--file", "-");
    assertEquals(ExitCodes.CHECK_FAILED, scan.exit(), scan.err());
    Path pack = dir.resolve("pack");
    Files.createDirectories(pack);
    Files.writeString(pack.resolve("pack.yaml"), "version: \"x\"\n");
    Files.writeString(pack.resolve("r.yaml"), "rules:\n  - id: Bad Id\n");
    Run invalid = CliTestSupport.run("rules", "validate", pack.toString());
    assertEquals(ExitCodes.CHECK_FAILED, invalid.exit(), invalid.err());
  }

  @Test
  void anUnreachableClusterIs4() {
    // Nobody listens on port 1: the metadata request times out (30 s).
    Run r = CliTestSupport.run("tail", "-b", "127.0.0.1:1", "--topic", "t", "--max", "1");
    assertEquals(ExitCodes.UNREACHABLE, r.exit(), r.err());
    assertTrue(r.err().contains("error: Timeout"), r.err());
  }

  @Test
  void publishingToAnUnreachableClusterIs4AndStopsAtTheFirstFailure() throws Exception {
    Path config = dir.resolve("client.properties");
    Files.writeString(config, "max.block.ms=1500\n");
    long t0 = System.nanoTime();
    Run r =
        CliTestSupport.run(
            "{\"postId\":\"p\"}\n".repeat(20),
            Map.of(EnvDefaults.BOOTSTRAP_SERVERS, "127.0.0.1:1"),
            "publish",
            "--command-config",
            config.toString(),
            "--topic",
            "t",
            "--file",
            "-");
    double seconds = (System.nanoTime() - t0) / 1e9;
    assertEquals(ExitCodes.UNREACHABLE, r.exit(), r.err());
    assertTrue(r.err().contains("publish failed after 0 records"), r.err());
    assertTrue(seconds < 15, "one metadata timeout (1.5 s), not 20: " + seconds + " s");
  }

  @Test
  void exceptionsMapToTheirKind() {
    assertEquals(ExitCodes.UNREACHABLE, ExitCodes.of(new TimeoutException("metadata")));
    assertEquals(
        ExitCodes.UNREACHABLE,
        ExitCodes.of(new KafkaException("failed", new TimeoutException("metadata"))));
    assertEquals(
        ExitCodes.UNREACHABLE,
        ExitCodes.of(new IllegalStateException(new SaslAuthenticationException("bad password"))));
    assertEquals(ExitCodes.INPUT, ExitCodes.of(new NoSuchFileException("f")));
    assertEquals(
        ExitCodes.INPUT, ExitCodes.of(new UncheckedIOException(new IOException("unreadable"))));
    assertEquals(ExitCodes.INPUT, ExitCodes.of(new IllegalArgumentException("bad value")));
    assertEquals(ExitCodes.CHECK_FAILED, ExitCodes.of(new ExitCodes.CheckFailed("broken")));
    assertEquals(ExitCodes.CHECK_FAILED, ExitCodes.of(new IllegalStateException("ours")));
  }
}
