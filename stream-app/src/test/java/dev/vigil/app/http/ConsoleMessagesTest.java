package dev.vigil.app.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The console's message tables ({@code messages.js}): the same keys in every language, and every
 * key the page ({@code data-i18n}) and the script ({@code t('...')}) use is in them.
 */
class ConsoleMessagesTest {
  private static final Pattern KEY = Pattern.compile("^\\s*'([A-Za-z0-9.]+)':", Pattern.MULTILINE);

  private static String resource(String name) throws IOException {
    try (InputStream in = Console.class.getResourceAsStream("/console/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static Set<String> keys(String table) {
    Set<String> out = new TreeSet<>();
    Matcher m = KEY.matcher(table);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  private static Set<String> used(String text, Pattern p) {
    Set<String> out = new TreeSet<>();
    Matcher m = p.matcher(text);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  @Test
  void everyLanguageHasEveryKeyThePageAndScriptUse() throws IOException {
    String messages = resource("messages.js");
    int zh = messages.indexOf("'zh-CN': {");
    assertTrue(zh > 0, "a zh-CN table");
    Set<String> en = keys(messages.substring(0, zh));
    Set<String> chinese = keys(messages.substring(zh));
    assertTrue(en.size() > 100, "the English table: " + en.size());
    assertEquals(en, chinese, "the same keys in both tables");
    Set<String> usedKeys = new TreeSet<>();
    usedKeys.addAll(
        used(resource("index.html"), Pattern.compile("data-i18n(?:-aria-label)?=\"([^\"]+)\"")));
    usedKeys.addAll(used(resource("console.js"), Pattern.compile("\\bt\\('([A-Za-z0-9.]+)'")));
    usedKeys.removeIf(k -> k.endsWith(".")); // a prefix completed at run time (below)
    Set<String> missing = new TreeSet<>(usedKeys);
    missing.removeAll(en);
    assertEquals(Set.of(), missing, "keys used but in no table");
    // Keys built at run time: role.<role>, action.<kind>, what.<kind>.
    for (String k :
        new String[] {
          "role.moderator",
          "role.senior",
          "role.auditor",
          "role.admin",
          "action.approve",
          "action.reject",
          "what.reject",
          "what.approve",
          "what.escalate"
        }) {
      assertTrue(en.contains(k), k);
    }
  }

  @Test
  void thePageHasNoInlineScriptOrHandlers() throws IOException {
    String html = resource("index.html");
    assertTrue(!Pattern.compile("<script(?![^>]*\\bsrc=)").matcher(html).find(), "inline script");
    assertTrue(!Pattern.compile("\\son[a-z]+=").matcher(html).find(), "inline event handler");
  }
}
