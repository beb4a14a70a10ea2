package dev.vigil.core.rules;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.vigil.core.concept.ConceptRule;
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
 * Reads and validates the YAML files of a pack: {@code pack.yaml} (version, policy, classifier) and
 * every other {@code *.yaml} file (a list of {@code rules}). Collects every problem rather than
 * stopping at the first, each located by file, line and rule id. Unknown keys are errors, so a typo
 * ({@code wieght}) cannot silently disable a setting.
 */
final class PackReader {
  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,79}");
  private static final Pattern SUBCATEGORY = Pattern.compile("[a-z0-9_]{1,40}");
  private static final Set<String> RULE_KEYS =
      Set.of(
          "id",
          "version",
          "category",
          "mode",
          "weight",
          "terms",
          "allow",
          "pattern",
          "all",
          "any",
          "none",
          "pinyin",
          "homophones",
          "tests",
          "description");
  private static final Set<String> PACK_KEYS =
      Set.of("version", "description", "categories", "limits", "policy", "classifier", "allow");
  private static final Set<String> CATEGORY_KEYS =
      Set.of("description", "review", "block", "mayBlock", "report", "subcategories", "rescan");

  /** The categories of a pack that declares none (packs written before categories were data). */
  private static final List<String> LEGACY_CATEGORIES = List.of("fraud", "prohibited_goods");

  private static final String DEFAULT_BASIS = "CSL Art. 47";

  private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
  final List<String> problems = new ArrayList<>();
  final ConceptParser concepts = new ConceptParser(problems);

  /** What {@code pack.yaml} says. */
  record Manifest(
      String version,
      Policy policy,
      String corpus,
      String model,
      List<String> allow,
      Map<String, PackCategory> categories) {}

  /**
   * Declared categories, known once the manifest is read: rule categories are checked against them.
   */
  private Map<String, PackCategory> categories = new LinkedHashMap<>();

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
    JsonNode limits = root.path("limits");
    unknownKeys(file, "limits.", limits, Set.of("maxWithin"));
    if (limits.has("maxWithin")) {
      if (!limits.get("maxWithin").isInt()
          || limits.get("maxWithin").asInt() < 1
          || limits.get("maxWithin").asInt() > 1000) {
        problems.add(file + ": limits.maxWithin must be a whole number of characters in [1, 1000]");
      } else {
        concepts.maxWithin(limits.get("maxWithin").asInt());
      }
    }
    Map<String, Policy.Thresholds> thresholds = new LinkedHashMap<>();
    JsonNode th = policyNode.path("thresholds");
    if (root.has("categories")) {
      if (!th.isMissingNode()) {
        problems.add(
            file + ": give thresholds in 'categories' or in 'policy.thresholds', not both");
      }
      readCategories(file, root.get("categories"));
    } else {
      for (String cat : LEGACY_CATEGORIES) {
        JsonNode t = th.path(cat);
        if (t.isMissingNode()) {
          problems.add(
              file + ": policy.thresholds." + cat + " is required (or declare 'categories')");
          continue;
        }
        double review = probability(file, "policy.thresholds." + cat + ".review", t.path("review"));
        double block = probability(file, "policy.thresholds." + cat + ".block", t.path("block"));
        categories.put(
            cat,
            new PackCategory(
                cat, "", review, block, true, true, "CSL Art. 46, 47", null, List.of()));
      }
      th.fieldNames()
          .forEachRemaining(
              k -> {
                if (!LEGACY_CATEGORIES.contains(k)) {
                  problems.add(
                      file
                          + ": policy.thresholds."
                          + k
                          + ": unknown category (known: "
                          + LEGACY_CATEGORIES
                          + "; declare others under 'categories')");
                }
              });
    }
    for (PackCategory c : categories.values()) {
      if (c.review() > c.block()) {
        problems.add(
            file
                + ": category "
                + c.name()
                + ": review ("
                + c.review()
                + ") must not exceed block ("
                + c.block()
                + ")");
      }
      thresholds.put(c.name(), new Policy.Thresholds(c.review(), c.block(), c.mayBlock()));
    }
    double classifierReview =
        probability(file, "policy.classifier.review", policyNode.path("classifier").path("review"));
    JsonNode starter = policyNode.path("classifier").path("starterReview");
    double starterReview =
        starter.isMissingNode()
            ? classifierReview
            : probability(file, "policy.classifier.starterReview", starter);
    unknownKeys(
        file,
        "policy.classifier.",
        policyNode.path("classifier"),
        Set.of("review", "starterReview"));
    unknownKeys(
        file,
        "policy.",
        policyNode,
        Set.of(
            "thresholds", "classifier", "combinations", "bulkPersonalData", "ruleBlockMaxLength"));
    List<Policy.Combination> combinations = new ArrayList<>();
    int i = 0;
    for (JsonNode c : iterable(policyNode.path("combinations"))) {
      String where = "policy.combinations[" + i++ + "]";
      unknownKeys(
          file,
          where + ".",
          c,
          Set.of("id", "category", "minRuleScore", "contact", "minClassifier", "action"));
      String id = c.path("id").asText("");
      if (!ID.matcher(id).matches()) {
        problems.add(
            file + ": " + where + ": 'id' is required (lower-case letters, digits, . _ -)");
      }
      String cat = c.path("category").asText("");
      if (!categories.containsKey(cat)) {
        problems.add(
            file + ": " + where + " (" + id + "): category must be one of " + categories.keySet());
      }
      Action action = null;
      try {
        action = Action.valueOf(c.path("action").asText("").toUpperCase(java.util.Locale.ROOT));
      } catch (IllegalArgumentException e) {
        problems.add(file + ": " + where + " (" + id + "): action must be REVIEW or BLOCK");
      }
      double minRule =
          c.has("minRuleScore")
              ? probability(file, where + ".minRuleScore", c.get("minRuleScore"))
              : 0;
      double minClassifier =
          c.has("minClassifier")
              ? probability(file, where + ".minClassifier", c.get("minClassifier"))
              : 0;
      combinations.add(
          new Policy.Combination(
              id,
              cat,
              minRule,
              c.path("contact").asBoolean(false),
              minClassifier,
              action == null ? Action.REVIEW : action));
    }
    Policy.BulkPersonalData bulk = null;
    JsonNode pd = policyNode.path("bulkPersonalData");
    if (!pd.isMissingNode()) {
      unknownKeys(
          file, "policy.bulkPersonalData.", pd, Set.of("identifiers", "weight", "category"));
      int identifiers = pd.path("identifiers").asInt(0);
      if (!pd.path("identifiers").isInt() || identifiers < 2) {
        problems.add(
            file + ": policy.bulkPersonalData.identifiers must be a whole number of at least 2");
      }
      double weight = probability(file, "policy.bulkPersonalData.weight", pd.path("weight"));
      String category = pd.path("category").asText("");
      if (!categories.containsKey(category.split("/", -1)[0])) {
        problems.add(
            file
                + ": policy.bulkPersonalData.category must name a declared category, got '"
                + category
                + "'");
      }
      bulk = new Policy.BulkPersonalData(identifiers, weight, category);
    }
    int ruleBlockMaxLength = 0;
    JsonNode rb = policyNode.path("ruleBlockMaxLength");
    if (!rb.isMissingNode()) {
      if (!rb.isInt() || rb.asInt() < 1) {
        problems.add(
            file
                + ": policy.ruleBlockMaxLength must be a whole number of characters (at least 1), got "
                + rb);
      } else {
        ruleBlockMaxLength = rb.asInt();
      }
    }
    JsonNode cl = root.path("classifier");
    unknownKeys(file, "classifier.", cl, Set.of("corpus", "model"));
    List<String> allow = strings(file, "allow", root.path("allow"));
    return new Manifest(
        version,
        new Policy(
            thresholds, classifierReview, starterReview, combinations, bulk, ruleBlockMaxLength),
        cl.path("corpus").isTextual() ? cl.path("corpus").asText() : null,
        cl.path("model").isTextual() ? cl.path("model").asText() : null,
        allow,
        Map.copyOf(categories));
  }

  private void readCategories(String file, JsonNode node) {
    if (!node.isObject() || node.isEmpty()) {
      problems.add(file + ": 'categories' must map each category name to its settings");
      return;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String name = e.getKey();
      String where = "categories." + name;
      JsonNode c = e.getValue();
      if (!SUBCATEGORY.matcher(name).matches()) {
        problems.add(file + ": " + where + ": category names are lower-case letters, digits and _");
        continue;
      }
      unknownKeys(file, where + ".", c, CATEGORY_KEYS);
      double review = probability(file, where + ".review", c.path("review"));
      double block = probability(file, where + ".block", c.path("block"));
      boolean mayBlock = c.path("mayBlock").asBoolean(true);
      JsonNode report = c.path("report");
      unknownKeys(file, where + ".report.", report, Set.of("regulator", "basis", "deadlineHours"));
      boolean regulator = report.path("regulator").asBoolean(mayBlock);
      String basis = report.path("basis").asText(DEFAULT_BASIS);
      java.time.Duration deadline = null;
      if (report.has("deadlineHours")) {
        if (!report.get("deadlineHours").isNumber()
            || report.get("deadlineHours").asDouble() <= 0) {
          problems.add(file + ": " + where + ".report.deadlineHours must be a positive number");
        } else {
          deadline =
              java.time.Duration.ofSeconds(
                  Math.round(report.get("deadlineHours").asDouble() * 3600));
        }
      }
      String rescan = c.path("rescan").asText("review");
      if (!rescan.equals("review") && !rescan.equals("takedown")) {
        problems.add(
            file + ": " + where + ".rescan must be review or takedown, got '" + rescan + "'");
      } else if (rescan.equals("takedown") && !mayBlock) {
        problems.add(
            file + ": " + where + ".rescan: takedown needs a category that may block (mayBlock)");
      }
      List<String> subs = strings(file, where + ".subcategories", c.path("subcategories"));
      for (String s : subs) {
        if (!SUBCATEGORY.matcher(s).matches()) {
          problems.add(
              file
                  + ": "
                  + where
                  + ".subcategories: '"
                  + s
                  + "' is not lower-case letters, digits and _");
        }
      }
      categories.put(
          name,
          new PackCategory(
              name,
              c.path("description").asText(""),
              review,
              block,
              mayBlock,
              regulator,
              basis,
              deadline,
              subs,
              rescan.equals("takedown") && mayBlock));
    }
  }

  /**
   * Reads the rules of one rule file; rule ids already seen are in {@code seen} (id to location).
   */
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
        if (field.equals("concepts")) {
          readConcepts(file, p, t);
          continue;
        }
        if (!field.equals("rules")) {
          problems.add(
              file
                  + ":"
                  + p.currentLocation().getLineNr()
                  + ": unknown key '"
                  + field
                  + "' (a rule file has 'concepts' and 'rules')");
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
    } catch (IOException e) {
      unreadable(file, e);
    }
    return out;
  }

  /** Records why a pack file could not be read: where its YAML breaks, or the I/O error. */
  private void unreadable(String file, IOException e) {
    if (e instanceof com.fasterxml.jackson.core.JsonProcessingException j) {
      problems.add(
          file
              + (j.getLocation() == null ? "" : ":" + j.getLocation().getLineNr())
              + ": not valid YAML: "
              + j.getOriginalMessage().lines().findFirst().orElse(""));
    } else {
      problems.add(file + ": cannot read: " + e.getMessage());
    }
  }

  private static final Set<String> REASON_KEYS =
      Set.of("key", "action", "category", "label", "basis");

  /**
   * Reads the pack's taxonomy of canned reasons ({@code reasons.yaml}): a {@code reasons} list of
   * {@code {key, action, category, label: {en, zh-CN}, basis}}. Categories are checked against the
   * manifest's, so this runs after {@link #readManifest}. Every problem is located by file and
   * line.
   */
  List<CannedReason> readReasons(String file, byte[] bytes) {
    List<CannedReason> out = new ArrayList<>();
    Map<String, String> seen = new HashMap<>();
    try (JsonParser p = yaml.getFactory().createParser(bytes)) {
      p.setCodec(yaml);
      if (p.nextToken() != JsonToken.START_OBJECT) {
        problems.add(file + ":1: expected a mapping with a 'reasons' list");
        return out;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken t = p.nextToken();
        int line = p.currentLocation().getLineNr();
        if (!field.equals("reasons")) {
          problems.add(file + ":" + line + ": unknown key '" + field + "' (known: [reasons])");
          p.skipChildren();
          continue;
        }
        if (t != JsonToken.START_ARRAY) {
          problems.add(file + ":" + line + ": 'reasons' must be a list");
          p.skipChildren();
          continue;
        }
        JsonToken e;
        while ((e = p.nextToken()) != JsonToken.END_ARRAY && e != null) {
          int at = p.currentLocation().getLineNr();
          JsonNode node = p.readValueAsTree();
          CannedReason r = reason(file, at, node, seen);
          if (r != null) {
            out.add(r);
          }
        }
      }
    } catch (IOException e) {
      unreadable(file, e);
    }
    return out;
  }

  private CannedReason reason(String file, int line, JsonNode n, Map<String, String> seen) {
    if (n == null || !n.isObject()) {
      problems.add(
          file + ":" + line + ": each reason is a mapping with key, action, category, label");
      return null;
    }
    String key = n.path("key").asText("");
    String where = file + ":" + line + ": reason " + (key.isEmpty() ? "(no key)" : key);
    int before = problems.size();
    unknownKeys(where, "", n, REASON_KEYS);
    if (!n.path("key").isTextual() || !ID.matcher(key).matches()) {
      problems.add(
          where
              + ": 'key' is required: lower-case letters, digits, '.', '_', '-' (e.g. fraud.script)");
    } else if (seen.containsKey(key)) {
      problems.add(where + ": duplicate key, first defined at " + seen.get(key));
    } else {
      seen.put(key, file + ":" + line);
    }
    String action = n.path("action").asText("reject");
    if (!action.equals("reject") && !action.equals("approve")) {
      problems.add(where + ": 'action' must be reject or approve, got '" + action + "'");
    }
    String category = n.path("category").asText("");
    PackCategory declared = categories.get(category.split("/", -1)[0]);
    if (!category.equals(CannedReason.ANY)) {
      String[] parts = category.split("/", -1);
      if (declared == null
          || parts.length > 2
          || (parts.length == 2
              && !declared.subcategories().isEmpty()
              && !declared.subcategories().contains(parts[1]))) {
        problems.add(
            where
                + ": 'category' must be 'any' or one of "
                + categories.keySet()
                + " (optionally with a declared subcategory), got '"
                + category
                + "'");
      }
    }
    Map<String, String> labels = new LinkedHashMap<>();
    JsonNode label = n.path("label");
    if (!label.isObject()) {
      problems.add(
          where + ": 'label' must map each language " + CannedReason.LANGUAGES + " to text");
    } else {
      unknownKeys(where, "label.", label, Set.copyOf(CannedReason.LANGUAGES));
      for (String lang : CannedReason.LANGUAGES) {
        JsonNode l = label.path(lang);
        if (!l.isTextual() || l.asText().isBlank()) {
          problems.add(where + ": label." + lang + " is required (the console shows it)");
        } else if (l.asText().length() > 200) {
          problems.add(where + ": label." + lang + " is longer than 200 characters");
        } else {
          labels.put(lang, l.asText());
        }
      }
    }
    String basis = null;
    if (n.has("basis")) {
      if (!n.get("basis").isTextual() || n.get("basis").asText().isBlank()) {
        problems.add(where + ": 'basis' must be the text of a legal provision");
      } else if (action.equals("approve")) {
        problems.add(where + ": 'basis' is for reject reasons (an approve is not reported)");
      } else {
        basis = n.get("basis").asText();
      }
    }
    if (basis == null && action.equals("reject")) {
      basis = declared != null ? declared.legalBasis() : DEFAULT_BASIS;
    }
    if (problems.size() > before) {
      return null;
    }
    return new CannedReason(key, action, category, labels, basis, file + ":" + line);
  }

  private void readConcepts(String file, JsonParser p, JsonToken t) throws IOException {
    if (t != JsonToken.START_OBJECT) {
      problems.add(
          file
              + ":"
              + p.currentLocation().getLineNr()
              + ": 'concepts' must be a mapping of name: [terms]");
      p.skipChildren();
      return;
    }
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      int line = p.currentLocation().getLineNr();
      p.nextToken();
      JsonNode value = p.readValueAsTree();
      concepts.define(
          file + ":" + line,
          name,
          value == null ? com.fasterxml.jackson.databind.node.NullNode.instance : value);
    }
  }

  private Rule rule(String file, int line, JsonNode n, Map<String, String> seen) {
    String id = n.path("id").asText("");
    String where = file + ":" + line + ": rule " + (id.isEmpty() ? "(no id)" : id);
    int before = problems.size();
    unknownKeys(where, "", n, RULE_KEYS);
    if (!ID.matcher(id).matches()) {
      problems.add(
          where
              + ": 'id' is required: lower-case letters, digits, '.', '_', '-' (e.g. fraud.brushing)");
    } else if (seen.containsKey(id)) {
      problems.add(where + ": duplicate id, first defined at " + seen.get(id));
    } else {
      seen.put(id, file + ":" + line);
    }
    int version = n.path("version").asInt(0);
    if (!n.path("version").isInt() || version < 1) {
      problems.add(
          where + ": 'version' must be a positive integer, bumped whenever the rule changes");
    }
    String category = n.path("category").asText("");
    String[] parts = category.split("/", -1);
    PackCategory declared = categories.get(parts[0]);
    if (declared == null
        || parts.length > 2
        || (parts.length == 2 && !SUBCATEGORY.matcher(parts[1]).matches())) {
      problems.add(
          where
              + ": 'category' must be one of "
              + categories.keySet()
              + ", optionally with a subcategory (fraud/brushing), got '"
              + category
              + "'");
    } else if (parts.length == 2
        && !declared.subcategories().isEmpty()
        && !declared.subcategories().contains(parts[1])) {
      problems.add(
          where
              + ": subcategory '"
              + parts[1]
              + "' is not declared for "
              + parts[0]
              + " in pack.yaml "
              + "(declared: "
              + declared.subcategories()
              + ")");
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
    boolean conceptRule = n.has("all") || n.has("any") || n.has("none");
    int kinds = (terms.isEmpty() ? 0 : 1) + (pattern == null ? 0 : 1) + (conceptRule ? 1 : 0);
    if (kinds != 1) {
      problems.add(
          where
              + ": give exactly one of 'terms' (a keyword rule), 'pattern' (a pattern rule) or "
              + "'all'/'any' over concepts (a concept rule)");
    }
    ConceptRule conceptMatch = conceptRule ? concepts.rule(where, n) : null;
    Normalizer normalizer = Normalizer.get();
    Map<String, String> keys = new HashMap<>();
    for (String term : terms) {
      String key = normalizer.key(term);
      if (key.isEmpty()) {
        problems.add(where + ": term '" + term + "' has no letters or digits");
      } else if (key.length() > 64) {
        problems.add(where + ": term '" + term + "' is longer than 64 characters");
      } else if (keys.putIfAbsent(key, term) != null) {
        problems.add(
            where
                + ": terms '"
                + keys.get(key)
                + "' and '"
                + term
                + "' are the same once normalised");
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
    return new Rule(
        id,
        version,
        category,
        mode,
        weight,
        terms,
        allow,
        pattern,
        conceptMatch,
        n.path("pinyin").asBoolean(false),
        n.path("homophones").asBoolean(false),
        mustMatch,
        mustNotMatch,
        n.path("description").asText(""),
        file + ":" + line);
  }

  private double probability(String where, String key, JsonNode v) {
    if (!v.isNumber() || !(v.asDouble() > 0 && v.asDouble() <= 1)) {
      problems.add(
          where
              + ": '"
              + key
              + "' must be a number in (0, 1], got "
              + (v.isMissingNode() ? "nothing" : v));
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
        problems.add(
            where
                + ": unknown key '"
                + prefix
                + k
                + "' (known: "
                + new java.util.TreeSet<>(known)
                + ")");
      }
    }
  }

  private static Iterable<JsonNode> iterable(JsonNode n) {
    return n.isArray() ? n : List.of();
  }
}
