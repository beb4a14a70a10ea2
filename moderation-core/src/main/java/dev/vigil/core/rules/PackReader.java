package dev.vigil.core.rules;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.vigil.core.pattern.PatternMatcher;
import dev.vigil.core.policy.Action;
import dev.vigil.core.policy.Policy;
import dev.vigil.core.text.Normalizer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and validates the YAML files of a pack: {@code pack.yaml} (version, policy, classifier) and every other
 * {@code *.yaml} file (a list of {@code rules}). Collects every problem rather than stopping at the first, each
 * located by file, line and rule id. Unknown keys are errors, so a typo ({@code wieght}) cannot silently disable a
 * setting.
 */
final class PackReader {
  static final Set<String> TOP_CATEGORIES = Set.of("fraud", "prohibited_goods");
  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,79}");
  private static final Pattern SUBCATEGORY = Pattern.compile("[a-z0-9_]{1,40}");
  private static final Set<String> RULE_KEYS = Set.of("id", "version", "category", "mode", "weight", "terms",
      "allow", "pattern", "pinyin", "homophones", "tests", "description");
  private static final Set<String> PACK_KEYS = Set.of("version", "description", "policy", "classifier", "allow");

  private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
  final List<String> problems = new ArrayList<>();

  /** What {@code pack.yaml} says. */
  record Manifest(String version, Policy policy, String corpus, String model, List<String> allow) {}

  Manifest readManifest(String file, byte[] bytes) {
    JsonNode root;
    try {
      root = yaml.readTree(bytes);
    } catch (IOException e) {
      problems.add(file + ": not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
      return null;
    }
    if (root == null || !root.isObject()) {
      problems.add(file + ": expected a mapping with version, policy, classifier");
      return null;
    }
    unknownKeys(file, "", root, PACK_KEYS);
    String version = root.path("version").asText("");
    if (!root.path("version").isValueNode() || version.isBlank()) {
      problems.add(file + ": 'version' is required (e.g. version: \"2026.11.29-1\")");
    }
    JsonNode policyNode = root.path("policy");
    Map<String, Policy.Thresholds> thresholds = new LinkedHashMap<>();
    JsonNode th = policyNode.path("thresholds");
    for (String cat : TOP_CATEGORIES) {
      JsonNode t = th.path(cat);
      if (t.isMissingNode()) {
        problems.add(file + ": policy.thresholds." + cat + " is required");
        continue;
      }
      double review = probability(file, "policy.thresholds." + cat + ".review", t.path("review"));
      double block = probability(file, "policy.thresholds." + cat + ".block", t.path("block"));
      if (review > block) {
        problems.add(file + ": policy.thresholds." + cat + ": review (" + review + ") must not exceed block ("
            + block + ")");
      }
      thresholds.put(cat, new Policy.Thresholds(review, block));
    }
    th.fieldNames().forEachRemaining(k -> {
      if (!TOP_CATEGORIES.contains(k)) {
        problems.add(file + ": policy.thresholds." + k + ": unknown category (known: " + TOP_CATEGORIES + ")");
      }
    });
    double classifierReview = probability(file, "policy.classifier.review",
        policyNode.path("classifier").path("review"));
    JsonNode starter = policyNode.path("classifier").path("starterReview");
    double starterReview = starter.isMissingNode() ? classifierReview
        : probability(file, "policy.classifier.starterReview", starter);
    unknownKeys(file, "policy.classifier.", policyNode.path("classifier"), Set.of("review", "starterReview"));
    List<Policy.Combination> combinations = new ArrayList<>();
    int i = 0;
    for (JsonNode c : iterable(policyNode.path("combinations"))) {
      String where = "policy.combinations[" + i++ + "]";
      unknownKeys(file, where + ".", c, Set.of("id", "category", "minRuleScore", "contact", "minClassifier",
          "action"));
      String id = c.path("id").asText("");
      if (!ID.matcher(id).matches()) {
        problems.add(file + ": " + where + ": 'id' is required (lower-case letters, digits, . _ -)");
      }
      String cat = c.path("category").asText("");
      if (!TOP_CATEGORIES.contains(cat)) {
        problems.add(file + ": " + where + " (" + id + "): category must be one of " + TOP_CATEGORIES);
      }
      Action action = null;
      try {
        action = Action.valueOf(c.path("action").asText("").toUpperCase(java.util.Locale.ROOT));
      } catch (IllegalArgumentException e) {
        problems.add(file + ": " + where + " (" + id + "): action must be REVIEW or BLOCK");
      }
      double minRule = c.has("minRuleScore") ? probability(file, where + ".minRuleScore", c.get("minRuleScore")) : 0;
      double minClassifier = c.has("minClassifier")
          ? probability(file, where + ".minClassifier", c.get("minClassifier")) : 0;
      combinations.add(new Policy.Combination(id, cat, minRule, c.path("contact").asBoolean(false), minClassifier,
          action == null ? Action.REVIEW : action));
    }
    JsonNode cl = root.path("classifier");
    unknownKeys(file, "classifier.", cl, Set.of("corpus", "model"));
    List<String> allow = strings(file, "allow", root.path("allow"));
    return new Manifest(version, new Policy(thresholds, classifierReview, starterReview, combinations),
        cl.path("corpus").isTextual() ? cl.path("corpus").asText() : null,
        cl.path("model").isTextual() ? cl.path("model").asText() : null, allow);
  }

  /** Reads the rules of one rule file; rule ids already seen are in {@code seen} (id to location). */
  List<Rule> readRules(String file, byte[] bytes, Map<String, String> seen) {
    List<Rule> out = new ArrayList<>();
    try (JsonParser p = yaml.getFactory().createParser(bytes)) {
      p.setCodec(yaml);
      if (p.nextToken() != JsonToken.START_OBJECT) {
        problems.add(file + ": expected a mapping with a 'rules' list");
        return out;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken t = p.nextToken();
        if (!field.equals("rules")) {
          problems.add(file + ":" + p.currentLocation().getLineNr() + ": unknown key '" + field
              + "' (a rule file has only 'rules')");
          p.skipChildren();
          continue;
        }
        if (t != JsonToken.START_ARRAY) {
          problems.add(file + ":" + p.currentLocation().getLineNr() + ": 'rules' must be a list");
          p.skipChildren();
          continue;
        }
        while (p.nextToken() == JsonToken.START_OBJECT) {
          int line = p.currentLocation().getLineNr();
          JsonNode node = p.readValueAsTree();
          Rule r = rule(file, line, node, seen);
          if (r != null) {
            out.add(r);
          }
        }
      }
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      problems.add(file + (e.getLocation() == null ? "" : ":" + e.getLocation().getLineNr()) + ": not valid YAML: "
          + e.getOriginalMessage().lines().findFirst().orElse(""));
    } catch (IOException e) {
      problems.add(file + ": cannot read: " + e.getMessage());
    }
    return out;
  }

  private Rule rule(String file, int line, JsonNode n, Map<String, String> seen) {
    String id = n.path("id").asText("");
    String where = file + ":" + line + ": rule " + (id.isEmpty() ? "(no id)" : id);
    int before = problems.size();
    unknownKeys(where, "", n, RULE_KEYS);
    if (!ID.matcher(id).matches()) {
      problems.add(where + ": 'id' is required: lower-case letters, digits, '.', '_', '-' (e.g. fraud.brushing)");
    } else if (seen.containsKey(id)) {
      problems.add(where + ": duplicate id, first defined at " + seen.get(id));
    } else {
      seen.put(id, file + ":" + line);
    }
    int version = n.path("version").asInt(0);
    if (!n.path("version").isInt() || version < 1) {
      problems.add(where + ": 'version' must be a positive integer, bumped whenever the rule changes");
    }
    String category = n.path("category").asText("");
    String[] parts = category.split("/", -1);
    if (!TOP_CATEGORIES.contains(parts[0]) || parts.length > 2
        || (parts.length == 2 && !SUBCATEGORY.matcher(parts[1]).matches())) {
      problems.add(where + ": 'category' must be one of " + TOP_CATEGORIES
          + ", optionally with a subcategory (fraud/brushing), got '" + category + "'");
    }
    RuleMode mode = RuleMode.ENFORCE;
    String modeText = n.path("mode").asText("enforce");
    if (modeText.equals("shadow")) {
      mode = RuleMode.SHADOW;
    } else if (!modeText.equals("enforce")) {
      problems.add(where + ": 'mode' must be enforce or shadow, got '" + modeText + "'");
    }
    double weight = n.has("weight") ? probability(where, "weight", n.get("weight")) : 0.5;
    List<String> terms = strings(where, "terms", n.path("terms"));
    List<String> allow = strings(where, "allow", n.path("allow"));
    String pattern = n.path("pattern").isTextual() ? n.path("pattern").asText() : null;
    if (n.has("pattern") && pattern == null) {
      problems.add(where + ": 'pattern' must be a string");
    }
    if (terms.isEmpty() == (pattern == null)) {
      problems.add(where + ": give exactly one of 'terms' (a keyword rule) or 'pattern' (a pattern rule)");
    }
    Normalizer normalizer = Normalizer.get();
    Map<String, String> keys = new HashMap<>();
    for (String term : terms) {
      String key = normalizer.key(term);
      if (key.isEmpty()) {
        problems.add(where + ": term '" + term + "' has no letters or digits");
      } else if (key.length() > 64) {
        problems.add(where + ": term '" + term + "' is longer than 64 characters");
      } else if (keys.putIfAbsent(key, term) != null) {
        problems.add(where + ": terms '" + keys.get(key) + "' and '" + term + "' are the same once normalised");
      }
    }
    for (String phrase : allow) {
      if (normalizer.key(phrase).isEmpty()) {
        problems.add(where + ": allow phrase '" + phrase + "' has no letters or digits");
      }
    }
    if (pattern != null) {
      try {
        PatternMatcher.compile(pattern);
      } catch (IllegalArgumentException e) {
        problems.add(where + ": pattern " + pattern + ": " + e.getMessage());
      }
    }
    JsonNode tests = n.path("tests");
    unknownKeys(where, "tests.", tests, Set.of("match", "noMatch"));
    List<String> mustMatch = strings(where, "tests.match", tests.path("match"));
    List<String> mustNotMatch = strings(where, "tests.noMatch", tests.path("noMatch"));
    if (mustMatch.isEmpty()) {
      problems.add(where + ": tests.match needs at least one post the rule must hit");
    }
    if (problems.size() > before) {
      return null;
    }
    return new Rule(id, version, category, mode, weight, terms, allow, pattern, n.path("pinyin").asBoolean(false),
        n.path("homophones").asBoolean(false), mustMatch, mustNotMatch, n.path("description").asText(""),
        file + ":" + line);
  }

  private double probability(String where, String key, JsonNode v) {
    if (!v.isNumber() || !(v.asDouble() > 0 && v.asDouble() <= 1)) {
      problems.add(where + ": '" + key + "' must be a number in (0, 1], got " + (v.isMissingNode() ? "nothing" : v));
      return 1;
    }
    return v.asDouble();
  }

  private List<String> strings(String where, String key, JsonNode v) {
    List<String> out = new ArrayList<>();
    if (v.isMissingNode() || v.isNull()) {
      return out;
    }
    if (!v.isArray()) {
      problems.add(where + ": '" + key + "' must be a list of strings");
      return out;
    }
    for (JsonNode e : v) {
      if (!e.isValueNode() || e.asText().isBlank()) {
        problems.add(where + ": '" + key + "' has an empty or non-text entry: " + e);
      } else {
        out.add(e.asText());
      }
    }
    return out;
  }

  private void unknownKeys(String where, String prefix, JsonNode n, Set<String> known) {
    if (!n.isObject()) {
      return;
    }
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!known.contains(k)) {
        problems.add(where + ": unknown key '" + prefix + k + "' (known: " + new java.util.TreeSet<>(known) + ")");
      }
    }
  }

  private static Iterable<JsonNode> iterable(JsonNode n) {
    return n.isArray() ? n : List.of();
  }
}
