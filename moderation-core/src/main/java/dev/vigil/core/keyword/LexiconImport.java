package dev.vigil.core.keyword;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.vigil.core.text.Normalizer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns third-party word lists into a rule file of the pack format, one keyword rule per category.
 * Two formats: plain (one term per line, {@code #} comments) and houbb/sensitive-word's {@code word
 * tags} (tags are comma-separated numbers, mapped to categories by the caller; terms with no mapped
 * tag are left out).
 *
 * <p>Imported rules are written in {@code shadow} mode: a list nobody has measured must not block
 * anyone. Promote a rule to {@code enforce} after {@code eval} shows what it does. Terms shorter
 * than {@code minLength} canonical characters and duplicates (after normalisation) are dropped and
 * counted.
 */
public final class LexiconImport {
  /**
   * The tags of houbb/sensitive-word mapped to Vigil categories; 0 (politics) and 4 (crime, too
   * broad) are not.
   */
  public static final Map<String, String> HOUBB_TAGS =
      Map.of(
          "1", "prohibited_goods/drugs",
          "2", "prohibited_goods/sex_services",
          "3", "prohibited_goods/gambling");

  /** What an import produced. */
  public record Result(String yaml, int imported, int skipped, Map<String, Integer> perCategory) {}

  private LexiconImport() {}

  /**
   * Converts a list.
   *
   * @param content the list's text
   * @param houbb true for the {@code word tags} format, false for plain
   * @param tagCategories houbb tag to category (ignored for plain)
   * @param plainCategory category of every term of a plain list
   * @param idPrefix rule ids are {@code idPrefix.subcategory}
   * @param weight weight of the generated rules
   * @param minLength shortest term kept, in canonical characters
   */
  public static Result convert(
      String content,
      boolean houbb,
      Map<String, String> tagCategories,
      String plainCategory,
      String idPrefix,
      double weight,
      int minLength)
      throws IOException {
    Normalizer normalizer = Normalizer.get();
    Map<String, List<String>> byCategory = new LinkedHashMap<>();
    Set<String> seenKeys = new HashSet<>();
    int skipped = 0;
    try (BufferedReader r = new BufferedReader(new StringReader(content))) {
      for (String line; (line = r.readLine()) != null; ) {
        line = line.strip();
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        String term = line;
        List<String> categories = new ArrayList<>();
        if (houbb) {
          int space = line.lastIndexOf(' ');
          if (space <= 0) {
            skipped++;
            continue;
          }
          term = line.substring(0, space).strip();
          for (String tag : line.substring(space + 1).split(",")) {
            String cat = tagCategories.get(tag.strip());
            if (cat != null && !categories.contains(cat)) {
              categories.add(cat);
            }
          }
        } else {
          categories.add(plainCategory);
        }
        String key = normalizer.key(term);
        if (categories.isEmpty()
            || key.length() < minLength
            || key.length() > KeywordAutomaton.MAX_KEY_LENGTH
            || !seenKeys.add(key)) {
          skipped++;
          continue;
        }
        byCategory.computeIfAbsent(categories.get(0), k -> new ArrayList<>()).add(term);
      }
    }
    ObjectMapper yaml =
        new ObjectMapper(
            new YAMLFactory()
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));
    ObjectNode root = yaml.createObjectNode();
    ArrayNode rules = root.putArray("rules");
    Map<String, Integer> counts = new LinkedHashMap<>();
    int imported = 0;
    for (Map.Entry<String, List<String>> e : byCategory.entrySet()) {
      String cat = e.getKey();
      String sub = cat.contains("/") ? cat.substring(cat.indexOf('/') + 1) : cat;
      ObjectNode rule = rules.addObject();
      rule.put("id", idPrefix + "." + sub);
      rule.put("version", 1);
      rule.put("category", cat);
      rule.put("mode", "shadow");
      rule.put("weight", weight);
      rule.put("description", "Imported list; shadow until measured with eval.");
      ArrayNode terms = rule.putArray("terms");
      e.getValue().forEach(terms::add);
      rule.putObject("tests").putArray("match").add(e.getValue().get(0));
      counts.put(cat, e.getValue().size());
      imported += e.getValue().size();
    }
    return new Result(yaml.writeValueAsString(root), imported, skipped, counts);
  }
}
