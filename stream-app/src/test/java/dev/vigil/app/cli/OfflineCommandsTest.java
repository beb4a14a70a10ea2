package dev.vigil.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The offline commands, run as a user runs them (picocli parsing, exit codes, stdout), on the
 * shipped pack.
 */
class OfflineCommandsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private record Run(int exit, String out, String err) {}

  private static Run run(Callable<Integer> command, String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int exit = new CommandLine(command).execute(args);
      return new Run(
          exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  private Path labelled() throws Exception {
    Path f = dir.resolve("labelled.jsonl");
    Files.write(
        f,
        List.of(
            "{\"text\": \"出售冰毒，货到付款，电话13800138000\", \"label\": \"prohibited_goods\"}",
            "{\"text\": \"老师带你炒股，内幕消息稳赚不赔\", \"label\": \"fraud\"}",
            "{\"text\": \"明天上午九点开会\", \"label\": \"clean\"}",
            "{\"text\": \"see you at dinner\", \"label\": \"clean\"}"));
    return f;
  }

  @Test
  void evalBreaksDownByAFieldOfTheDataAndRejectsAFieldNoLineHas() throws Exception {
    Path f = dir.resolve("typed.jsonl");
    Files.write(
        f,
        List.of(
            "{\"text\": \"出售冰毒，货到付款，电话13800138000\", \"label\": \"prohibited_goods\", \"type\": \"drugs\"}",
            "{\"text\": \"今天天气不错\", \"label\": \"fraud\", \"type\": \"subtle\"}",
            "{\"text\": \"明天上午九点开会\", \"label\": \"clean\", \"type\": \"chat\"}"));
    Run r = run(new EvalCommand(), "--data", f.toString(), "--by", "type");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().matches("(?s).*prohibited_goods\\s+drugs\\s+1\\s+1\\s+1\\.0000.*"), r.out());
    assertTrue(r.out().matches("(?s).*fraud\\s+subtle\\s+1\\s+0\\s+0\\.0000.*"), r.out());
    assertTrue(r.out().matches("(?s).*clean\\s+chat\\s+1\\s+0\\s+0\\.0000.*"), r.out());
    String[] lines = r.out().strip().split("\n");
    JSON.readTree(lines[lines.length - 1]); // the JSON object stays the last line

    Run bad = run(new EvalCommand(), "--data", f.toString(), "--by", "typo");
    assertEquals(ExitCodes.INPUT, bad.exit());
    assertTrue(bad.err().contains("no line has the field 'typo'"), bad.err());
  }

  @Test
  void evalPrintsTableThenOneJsonObjectAsLastLine() throws Exception {
    Run r = run(new EvalCommand(), "--data", labelled().toString());
    assertEquals(0, r.exit(), r.err());
    String[] lines = r.out().strip().split("\n");
    JsonNode last = JSON.readTree(lines[lines.length - 1]);
    for (String key :
        List.of(
            "items",
            "violations",
            "clean",
            "recall",
            "falsePositiveRate",
            "precision",
            "blockRecall",
            "blockFalsePositiveRate",
            "byCategory",
            "postsPerSecond")) {
      assertTrue(last.has(key), key);
    }
    assertEquals(4, last.get("items").asInt());
    assertEquals(2, last.get("violations").asInt());
    assertEquals(1.0, last.get("recall").asDouble());
    assertEquals(0.0, last.get("falsePositiveRate").asDouble());
    assertEquals(1.0, last.at("/byCategory/prohibited_goods/blockRecall").asDouble());
    assertTrue(r.out().contains("label"), "a readable table first");
  }

  @Test
  void scanPrintsOneDecisionPerLineAndFlagsBadLines() throws Exception {
    Path posts = dir.resolve("posts.jsonl");
    Files.write(
        posts,
        List.of(
            "{\"id\": \"p1\", \"text\": \"出售冰 毒\"}",
            "not json",
            "{\"id\": \"p2\", \"text\": \"你好\"}"));
    Run r = run(new ScanCommand(), "--file", posts.toString());
    assertEquals(1, r.exit(), "a bad line makes the exit code non-zero");
    String[] lines = r.out().strip().split("\n");
    assertEquals(3, lines.length);
    JsonNode first = JSON.readTree(lines[0]);
    assertEquals("p1", first.get("id").asText());
    assertEquals("REVIEW", first.at("/decision/action").asText());
    JsonNode drugs = null;
    for (JsonNode m : first.at("/decision/matches")) {
      if (m.get("ruleId").asText().equals("goods.drugs")) {
        drugs = m;
      }
    }
    String text = "出售冰 毒";
    assertTrue(
        List.of("冰 毒", "出售冰 毒")
            .contains(text.substring(drugs.get("start").asInt(), drugs.get("end").asInt())),
        "offsets into the original text: " + drugs);
    assertEquals(5, drugs.get("end").asInt());
    assertTrue(JSON.readTree(lines[1]).has("error"));
    assertEquals("ALLOW", JSON.readTree(lines[2]).at("/decision/action").asText());
  }

  /** {@code train} on the small labelled file, every feature kept, into {@code model}. */
  private Run train(Path model, String... more) throws Exception {
    List<String> args =
        new java.util.ArrayList<>(
            List.of("--data", labelled().toString(), "--out", model.toString(), "--cutoff", "1"));
    args.addAll(List.of(more));
    return run(new TrainCommand(), args.toArray(String[]::new));
  }

  @Test
  void trainWritesAModelThatEvalAndScanUse() throws Exception {
    Path model = dir.resolve("m.bin");
    Run t = train(model);
    assertEquals(0, t.exit(), t.err());
    assertTrue(Files.size(model) > 0);
    Run e = run(new EvalCommand(), "--data", labelled().toString(), "--model", model.toString());
    assertEquals(0, e.exit(), e.err());
    assertTrue(e.out().contains("+model-"), "the decisions name the model");
  }

  @Test
  void trainLearnsAShareOfTheStarterCorpusOrRefusesABadShare() throws Exception {
    Run t = train(dir.resolve("with-starter.bin"), "--starter-corpus", "0.1");
    assertEquals(0, t.exit(), t.err());
    assertTrue(t.out().contains("of the pack's starter corpus"), t.out());
    assertTrue(!t.out().contains(" 0 of the pack's starter corpus"), t.out());
    Run bad = train(dir.resolve("bad.bin"), "--starter-corpus", "1.5");
    assertEquals(ExitCodes.INPUT, bad.exit());
    assertTrue(bad.err().contains("0 to 1"), bad.err());
    assertTrue(!Files.exists(dir.resolve("bad.bin")), "nothing written");
  }

  @Test
  void rulesValidateAndTest() throws Exception {
    Path rules = dir.resolve("pack");
    Files.createDirectories(rules);
    Files.writeString(
        rules.resolve("pack.yaml"),
        """
        version: "cli-1"
        policy:
          thresholds:
            fraud: {review: 0.5, block: 0.9}
            prohibited_goods: {review: 0.5, block: 0.9}
          classifier: {review: 0.7}
        """);
    Files.writeString(
        rules.resolve("r.yaml"),
        """
        rules:
          - id: goods.drugs
            version: 1
            category: prohibited_goods/drugs
            weight: 0.9
            terms: [冰毒]
            tests: {match: [出售冰毒], noMatch: [冰毒]}
        """);
    Run v = run(new RulesCommand(), "validate", rules.toString());
    assertEquals(0, v.exit(), v.err());
    assertTrue(v.out().contains("cli-1 is valid"));
    Run t = run(new RulesCommand(), "test", rules.toString());
    assertEquals(1, t.exit());
    assertTrue(
        t.err().contains("r.yaml:2: rule goods.drugs: must not match but did: \"冰毒\""), t.err());

    Files.writeString(rules.resolve("r.yaml"), "rules:\n  - id: Bad Id\n");
    Run bad = run(new RulesCommand(), "validate", rules.toString());
    assertEquals(1, bad.exit());
    assertTrue(bad.err().contains("r.yaml:2: rule Bad Id: 'id' is required"), bad.err());
  }

  @Test
  void lexiconImportWritesAValidShadowRuleFile() throws Exception {
    Path list = dir.resolve("words.txt");
    Files.write(list, List.of("冰毒 1", "海洛因 1,4", "人民币 0", "赌场 3", "x 1"));
    Path out = dir.resolve("pack/imported.yaml");
    Files.createDirectories(out.getParent());
    Run r =
        run(
            new LexiconCommand(),
            "import",
            "--format",
            "houbb",
            "--in",
            list.toString(),
            "--out",
            out.toString());
    assertEquals(0, r.exit(), r.err());
    String yaml = Files.readString(out);
    assertTrue(
        yaml.contains("imported.drugs") && yaml.contains("mode: shadow") && yaml.contains("海洛因"),
        yaml);
    assertTrue(!yaml.contains("人民币"), "politics tag is not mapped");
    Files.writeString(
        out.getParent().resolve("pack.yaml"),
        """
        version: "imp-1"
        policy:
          thresholds:
            fraud: {review: 0.5, block: 0.9}
            prohibited_goods: {review: 0.5, block: 0.9}
          classifier: {review: 0.7}
        """);
    assertEquals(0, run(new RulesCommand(), "test", out.getParent().toString()).exit());
  }
}
