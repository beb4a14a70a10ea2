package dev.vigil.app.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.vigil.app.json.Json;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console shows bidirectional control characters visibly. Runs the console's own {@code
 * visibleControls} (the function every rendered string goes through) under Node.js, where it is
 * installed (the deploy checks need it; skipped otherwise), and checks statically that every text
 * sink of console.js calls it and none renders HTML. The headless-Chromium ConsoleBrowserTest
 * covers the page as a whole.
 */
class ConsoleTextTest {
  @TempDir Path dir;

  static String consoleJs() throws Exception {
    try (InputStream in = ConsoleTextTest.class.getResourceAsStream("/console/console.js")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void everyBidiControlIsShownAsAVisibleToken() throws Exception {
    assumeTrue(nodeAvailable(), "node not installed");
    Path js = Files.writeString(dir.resolve("console.js"), consoleJs());
    Path driver =
        Files.writeString(
            dir.resolve("driver.js"),
            String.join(
                "\n",
                "const fs = require('fs'), vm = require('vm');",
                "const src = fs.readFileSync(process.argv[2], 'utf8');",
                "const a = src.indexOf('// ---- visible text ----'), b = src.indexOf('// ---- end visible text ----');",
                "if (a < 0 || b < a) throw new Error('markers not found');",
                "const ctx = {};",
                "vm.runInNewContext(src.slice(a, b) + '\\nthis.f = visibleControls;', ctx);",
                "const input = JSON.parse(fs.readFileSync(0, 'utf8'));",
                "process.stdout.write(JSON.stringify(input.map((s) => ctx.f(s))));"));
    List<String> controls =
        List.of(
            "\u202A", "\u202B", "\u202C", "\u202D", "\u202E", "\u2066", "\u2067", "\u2068",
            "\u2069", "\u200E", "\u200F", "\u061C");
    List<String> input = new java.util.ArrayList<>(controls);
    input.add("ok\u202Egnp.exe");
    input.add("plain ascii <b>x</b>, 中文, emoji \uD83D\uDE00, zero-width joiner \u200D stays");
    List<String> out = run(driver, js, Json.MAPPER.writeValueAsString(input));
    for (int i = 0; i < controls.size(); i++) {
      String hex = String.format("%04X", (int) controls.get(i).charAt(0));
      assertEquals("\u27E8U+" + hex + "\u27E9", out.get(i));
    }
    assertEquals("ok\u27E8U+202E\u27E9gnp.exe", out.get(controls.size()));
    assertEquals(
        input.get(controls.size() + 1), out.get(controls.size() + 1), "other text unchanged");
  }

  @Test
  void everyTextSinkOfTheConsoleGoesThroughIt() throws Exception {
    String js = consoleJs();
    for (String html : List.of("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write")) {
      assertFalse(js.contains(html), "console.js uses " + html);
    }
    Matcher sinks =
        Pattern.compile("(textContent\\s*=|createTextNode\\(|\\.title\\s*=)([^;\\n]*)").matcher(js);
    int n = 0;
    while (sinks.find()) {
      n++;
      assertTrue(sinks.group(2).contains("visibleControls("), "not made visible: " + sinks.group());
    }
    assertTrue(n >= 4, "sinks found: " + n);
  }

  static boolean nodeAvailable() {
    try {
      Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
      return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (Exception e) {
      return false;
    }
  }

  static List<String> run(Path driver, Path js, String stdin) throws Exception {
    Process p =
        new ProcessBuilder("node", driver.toString(), js.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), out);
    return Json.MAPPER.readValue(out, new TypeReference<List<String>>() {});
  }
}
