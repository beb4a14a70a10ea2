package dev.vigil.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.core.policy.Content;
import dev.vigil.core.policy.Decision;
import dev.vigil.core.policy.Engine;
import dev.vigil.core.rules.RulePack;
import dev.vigil.core.rules.RulePackException;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code scan}: decides every post of a JSON-lines file (or standard input, {@code -}) with the
 * same engine as the topology and prints one decision per line, with the line number and the post's
 * {@code postId} (and {@code id}) when it has one. A line that is not a JSON object with a string
 * {@code text} gets an {@code error} line instead: nothing is skipped silently.
 */
@Command(
    name = "scan",
    mixinStandardHelpOptions = true,
    description =
        "Decides posts ({\"text\": ...} JSON lines) and prints the decisions as JSON lines.")
public final class ScanCommand implements Callable<Integer> {
  @Option(
      names = "--file",
      required = true,
      paramLabel = "FILE",
      description = "Posts, one JSON object per line; '-' for stdin.")
  Path file;

  @Mixin PackOptions pack;

  @Override
  public Integer call() throws Exception {
    RulePack rules;
    try {
      rules = pack.load();
    } catch (RulePackException e) {
      System.err.println(e.getMessage());
      return ExitCodes.INPUT;
    }
    Engine engine = rules.engine();
    ObjectMapper json = new ObjectMapper();
    int errors = 0;
    try (BufferedReader in = Inputs.reader(file);
        PrintWriter out =
            new PrintWriter(
                new BufferedWriter(
                    new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16))) {
      int lineNo = 0;
      for (String line; (line = in.readLine()) != null; ) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        ObjectNode o = json.createObjectNode();
        o.put("line", lineNo);
        JsonNode post;
        try {
          post = json.readTree(line);
        } catch (Exception e) {
          post = null;
        }
        if (post != null && post.isObject()) {
          if (post.hasNonNull("postId")) {
            o.set("postId", post.get("postId"));
          }
          if (post.has("id")) {
            o.set("id", post.get("id"));
          }
        }
        if (post == null || !post.path("text").isTextual()) {
          o.put("error", "expected a JSON object with a string \"text\"");
          errors++;
        } else {
          Decision d =
              engine.decide(
                  new Content(
                      post.get("text").asText(),
                      post.path("lang").isTextual() ? post.get("lang").asText() : null,
                      post.path("channel").isTextual() ? post.get("channel").asText() : null));
          o.set("decision", json.valueToTree(d));
        }
        out.println(json.writeValueAsString(o));
      }
    }
    return errors == 0 ? 0 : 1;
  }
}
