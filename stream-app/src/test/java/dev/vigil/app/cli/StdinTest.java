package dev.vigil.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.app.cli.CliTestSupport.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code -} reads standard input on every option that reads a file, as in kcat and Kafka's tools.
 */
class StdinTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String LABELLED =
      """
      {"text": "出售冰毒，货到付款，电话13800138000", "label": "prohibited_goods"}
      {"text": "老师带你炒股，内幕消息稳赚不赔", "label": "fraud"}
      {"text": "明天上午九点开会", "label": "clean"}
      {"text": "see you at dinner", "label": "clean"}
      """;

  @TempDir Path dir;

  @Test
  void scanReadsStdinAndEchoesPostId() throws Exception {
    Run r =
        CliTestSupport.run(
            "{\"postId\": \"p-1\", \"text\": \"出售冰 毒\"}\n"
                + "{\"postId\": \"p-2\"}\n"
                + "{\"id\": \"x\", \"text\": \"你好\"}\n",
            Map.of(),
            "scan",
            "--file",
            "-");
    assertEquals(ExitCodes.CHECK_FAILED, r.exit(), "one line has no text: " + r.err());
    String[] lines = r.out().strip().split("\n");
    assertEquals(3, lines.length, r.out());
    JsonNode first = JSON.readTree(lines[0]);
    assertEquals("p-1", first.get("postId").asText());
    assertEquals(1, first.get("line").asInt());
    assertEquals("REVIEW", first.at("/decision/action").asText());
    JsonNode second = JSON.readTree(lines[1]);
    assertEquals("p-2", second.get("postId").asText(), "an error line names its post too");
    assertTrue(second.has("error"));
    JsonNode third = JSON.readTree(lines[2]);
    assertTrue(!third.has("postId"));
    assertEquals("x", third.get("id").asText());
  }

  @Test
  void evalReadsStdin() throws Exception {
    Run r = CliTestSupport.run(LABELLED, Map.of(), "eval", "--data", "-");
    assertEquals(0, r.exit(), r.err());
    String[] lines = r.out().strip().split("\n");
    assertEquals(4, JSON.readTree(lines[lines.length - 1]).get("items").asInt());
  }

  @Test
  void evalByAFieldReadsStdinOnce() throws Exception {
    Run r =
        CliTestSupport.run(
            "{\"text\": \"明天上午九点开会\", \"label\": \"clean\", \"type\": \"chat\"}\n",
            Map.of(),
            "eval",
            "--data",
            "-",
            "--by",
            "type");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().matches("(?s).*clean\\s+chat\\s+1\\s+0\\s+0\\.0000.*"), r.out());
  }

  @Test
  void trainReadsStdin() throws Exception {
    Path model = dir.resolve("m.bin");
    Run r =
        CliTestSupport.run(
            LABELLED,
            Map.of(),
            "train",
            "--data",
            "-",
            "--out",
            model.toString(),
            "--cutoff",
            "1",
            // stdin is the point here; OfflineCommandsTest trains with the starter corpus
            "--starter-corpus",
            "0");
    assertEquals(0, r.exit(), r.err());
    assertTrue(Files.size(model) > 0);
  }

  @Test
  void lexiconImportReadsStdin() throws Exception {
    Path out = dir.resolve("imported.yaml");
    Run r =
        CliTestSupport.run(
            "冰毒 1\n赌场 3\n",
            Map.of(),
            "lexicon",
            "import",
            "--format",
            "houbb",
            "--in",
            "-",
            "--out",
            out.toString());
    assertEquals(0, r.exit(), r.err());
    String yaml = Files.readString(out);
    assertTrue(yaml.contains("冰毒") && yaml.contains("赌场"), yaml);
  }

  @Test
  void aMissingFileIsAnInputError() {
    Run r = CliTestSupport.run("scan", "--file", dir.resolve("nope.jsonl").toString());
    assertEquals(ExitCodes.INPUT, r.exit(), r.err());
    assertTrue(r.err().contains("nope.jsonl"), r.err());
  }
}
