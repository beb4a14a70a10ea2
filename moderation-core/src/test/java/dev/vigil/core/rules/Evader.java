package dev.vigil.core.rules;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

/**
 * Rewrites a post the way evaders do (issue 3, item 1): traditional characters, fullwidth letters
 * and digits, Cyrillic look-alikes, circled digits, zero-width characters and symbols or spaces
 * between characters, and repeated characters. Deterministic for a given seed.
 */
final class Evader {
  private static final String[] SEPARATORS = {
    " ", "⭐", "❤", "·", "\u200B", "\u200D", "｜", "  ", "_"
  };
  private static final Map<Character, Character> CYRILLIC =
      Map.of('a', 'а', 'e', 'е', 'o', 'о', 'p', 'р', 'c', 'с', 'x', 'х', 'y', 'у', 'i', 'і');
  private static final String CIRCLED = "⓪①②③④⑤⑥⑦⑧⑨";
  private final Map<Character, Character> toTraditional = new HashMap<>();

  Evader() {
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(
                Evader.class.getResourceAsStream("/dev/vigil/core/text/opencc-STCharacters.txt"),
                StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        String[] kv = line.split("\t");
        String t = kv[1].split(" ")[0];
        if (kv[0].length() == 1 && t.length() == 1) {
          toTraditional.put(kv[0].charAt(0), t.charAt(0));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String rewrite(String text, Random r) {
    StringBuilder sb = new StringBuilder(text.length() * 2);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      char out = c;
      if (toTraditional.containsKey(c) && r.nextInt(2) == 0) {
        out = toTraditional.get(c);
      } else if (c >= '0' && c <= '9' && r.nextInt(3) == 0) {
        out = CIRCLED.charAt(c - '0');
      } else if (c < 0x80 && Character.isLetterOrDigit(c)) {
        char lower = Character.toLowerCase(c);
        if (CYRILLIC.containsKey(lower) && r.nextInt(3) == 0) {
          out = CYRILLIC.get(lower);
        } else if (r.nextInt(2) == 0) {
          out = (char) (c - 0x20 + 0xFF00); // fullwidth
        }
      }
      sb.append(out);
      if (r.nextInt(20) == 0) {
        sb.append(out); // repeated character
      }
      if (Character.isLetterOrDigit(c) && r.nextInt(4) == 0) {
        sb.append(SEPARATORS[r.nextInt(SEPARATORS.length)]);
      }
    }
    return sb.toString();
  }
}
