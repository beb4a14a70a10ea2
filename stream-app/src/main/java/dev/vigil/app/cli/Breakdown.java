package dev.vigil.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code eval --by FIELD}: how many posts were flagged per label and per value of one field of the
 * data lines (a blind set's {@code type} or {@code length}). A violation counts as flagged unless
 * it was missed, a clean post only if it was wrongly flagged, so the rates are recall and false
 * positives. Posts are matched to misses by text, the only thing a miss carries; duplicate texts
 * are counted as many times as they occur.
 */
final class Breakdown {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Per text: the label and field value of each line with that text. */
  private final Map<String, List<String[]>> lines = new HashMap<>();

  private final Map<String, Integer> missed = new HashMap<>();

  private Breakdown() {}

  /**
   * Reads the label and the field of every line.
   *
   * @throws IllegalArgumentException when no line has the field (a typo would otherwise print an
   *     empty table)
   */
  static Breakdown of(String content, String field) throws IOException {
    Breakdown b = new Breakdown();
    boolean seen = false;
    for (String line : content.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode node = JSON.readTree(line);
      JsonNode text = node.get("text");
      JsonNode label = node.get("label");
      if (text == null || label == null) {
        continue;
      }
      JsonNode value = node.get(field);
      seen |= value != null;
      String v = value == null ? "(none)" : value.asText();
      b.lines
          .computeIfAbsent(text.asText(), k -> new ArrayList<>())
          .add(new String[] {label.asText(), v});
    }
    if (!seen) {
      throw new IllegalArgumentException("no line has the field '" + field + "' (--by)");
    }
    return b;
  }

  /** One post the engine got wrong. */
  void miss(String text) {
    missed.merge(text, 1, Integer::sum);
  }

  /** One row per label and value: flagged / items = rate. */
  String table(String field) {
    Map<String, int[]> rows = new TreeMap<>();
    for (Map.Entry<String, List<String[]>> e : lines.entrySet()) {
      int wrong = missed.getOrDefault(e.getKey(), 0);
      for (String[] lv : e.getValue()) {
        boolean miss = wrong > 0;
        if (miss) {
          wrong--;
        }
        boolean clean = "clean".equals(lv[0]);
        int[] c = rows.computeIfAbsent(lv[0] + "\t" + lv[1], k -> new int[2]);
        c[0]++;
        if (clean == miss) {
          c[1]++;
        }
      }
    }
    StringBuilder out = new StringBuilder();
    out.append(
        String.format("%-18s %-26s %7s %7s %8s%n", "label", field, "items", "flagged", "rate"));
    rows.forEach(
        (k, c) -> {
          String[] lv = k.split("\t", 2);
          out.append(
              String.format(
                  "%-18s %-26s %7d %7d %8.4f%n", lv[0], lv[1], c[0], c[1], (double) c[1] / c[0]));
        });
    return out.toString();
  }
}
