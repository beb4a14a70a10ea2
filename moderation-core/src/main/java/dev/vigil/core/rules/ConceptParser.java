package dev.vigil.core.rules;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.core.concept.ConceptRule;
import dev.vigil.core.concept.Condition;
import dev.vigil.core.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the concept part of a pack: {@code concepts:} definitions in any rule file, and the {@code
 * all} / {@code any} / {@code none} conditions of concept rules. Concept names are pack-wide and
 * may be used before the file that defines them is read, so ids are handed out on first mention and
 * {@link #resolve} checks, once every file is read, that each used name is defined, that
 * {@code @name} inclusions have no cycle, and that every concept has terms. Conditions: a concept
 * name, an inline term list, {@code near}, nested {@code all} / {@code any}, and {@code {atLeast:
 * K, of: [..]}} and {@code {minLength: N}}. Problems go to the reader's list with file, line and
 * rule id or concept name.
 */
final class ConceptParser {
  static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,59}");

  /** Default cap on {@code within}: proximity is about phrases of one script, not whole posts. */
  static final int DEFAULT_MAX_WITHIN = 60;

  private final List<String> problems;
  private final Map<String, Integer> ids = new LinkedHashMap<>();
  private final Map<String, String> firstUse = new HashMap<>();
  private final Map<String, Definition> defined = new HashMap<>();
  private int maxWithin = DEFAULT_MAX_WITHIN;
  private int anonymous;

  /** A concept as written: its entries, terms or {@code @name} inclusions. */
  private record Definition(String where, List<String> entries) {}

  /** A concept resolved to its terms (inclusions expanded), in id order. */
  record Resolved(String name, List<String> terms) {}

  ConceptParser(List<String> problems) {
    this.problems = problems;
  }

  void maxWithin(int limit) {
    this.maxWithin = limit;
  }

  /** Reads one {@code name: [terms]} definition found at {@code where} (file:line). */
  void define(String where, String name, JsonNode value) {
    if (!NAME.matcher(name).matches()) {
      problems.add(
          where
              + ": concept '"
              + name
              + "': names are lower-case letters, digits and _ (e.g. sell_verb)");
      return;
    }
    if (defined.containsKey(name)) {
      problems.add(
          where + ": concept '" + name + "' is already defined at " + defined.get(name).where());
      return;
    }
    List<String> entries = new ArrayList<>();
    if (!value.isArray()) {
      problems.add(where + ": concept '" + name + "' must be a list of terms");
    } else {
      for (JsonNode e : value) {
        if (!e.isValueNode() || e.asText().isBlank()) {
          problems.add(where + ": concept '" + name + "' has an empty or non-text entry: " + e);
        } else {
          entries.add(e.asText());
        }
      }
    }
    defined.put(name, new Definition(where, entries));
    id(name, where);
  }

  /**
   * Reads a rule's {@code all} / {@code any} / {@code none} keys into its matching part, or null
   * with problems added when they are malformed.
   */
  ConceptRule rule(String where, JsonNode rule) {
    int before = problems.size();
    List<Condition> all = new ArrayList<>();
    List<Condition> any = new ArrayList<>();
    StringBuilder sig = new StringBuilder();
    if (rule.has("all")) {
      all = list(where, "all", rule.get("all"));
      sig.append("all").append(describe(rule.get("all")));
    }
    if (rule.has("any")) {
      any = list(where, "any", rule.get("any"));
      sig.append(" any").append(describe(rule.get("any")));
      if (any.isEmpty() && problems.size() == before) {
        problems.add(where + ": 'any' must list at least one condition");
      }
    }
    if (all.isEmpty() && any.isEmpty() && problems.size() == before) {
      problems.add(where + ": a concept rule needs 'all' or 'any' with at least one condition");
    }
    List<Condition> none = new ArrayList<>();
    List<ConceptRule.Guard> guards = new ArrayList<>();
    if (rule.has("none")) {
      JsonNode n = rule.get("none");
      sig.append(" none").append(describe(n));
      if (!n.isArray()) {
        problems.add(where + ": 'none' must be a list");
      } else {
        for (JsonNode e : n) {
          if (e.isObject() && e.has("concept")) {
            unknownKeys(where, "none", e, Set.of("concept", "within"));
            Integer id = reference(where, e.get("concept"));
            Integer within = within(where, "none", e);
            if (id != null && within != null) {
              guards.add(new ConceptRule.Guard(id, within));
            }
          } else {
            Condition c = condition(where, "none", e);
            if (c != null) {
              none.add(c);
            }
          }
        }
      }
    }
    if (problems.size() > before) {
      return null;
    }
    List<Condition> require = new ArrayList<>(all);
    if (!any.isEmpty()) {
      require.add(new Condition.Any(any));
    }
    return new ConceptRule(
        require.size() == 1 ? require.get(0) : new Condition.All(require),
        none,
        guards,
        sig.toString());
  }

  /**
   * Checks every concept used is defined, expands inclusions (reporting cycles), and returns the
   * concepts in id order.
   */
  List<Resolved> resolve() {
    for (Map.Entry<String, String> e : firstUse.entrySet()) {
      if (!defined.containsKey(e.getKey())) {
        problems.add(
            e.getValue() + ": unknown concept '" + e.getKey() + "'" + suggestion(e.getKey()));
      }
    }
    Map<String, List<String>> resolved = new HashMap<>();
    for (String name : ids.keySet()) {
      if (defined.containsKey(name)) {
        expand(name, new LinkedHashSet<>(), resolved);
      }
    }
    Normalizer normalizer = Normalizer.get();
    List<Resolved> out = new ArrayList<>(ids.size());
    for (String name : ids.keySet()) {
      List<String> terms = resolved.getOrDefault(name, List.of());
      Definition d = defined.get(name);
      if (d != null && terms.isEmpty() && !d.entries().isEmpty()) {
        continue; // a cycle, already reported
      }
      if (d != null && d.entries().isEmpty()) {
        problems.add(d.where() + ": concept '" + name + "' has no terms");
      }
      for (String t : terms) {
        String key = normalizer.key(t);
        if (key.isEmpty()) {
          problems.add(
              d.where() + ": concept '" + name + "': term '" + t + "' has no letters or digits");
        } else if (key.length() > 64) {
          problems.add(
              d.where()
                  + ": concept '"
                  + name
                  + "': term '"
                  + t
                  + "' is longer than 64 characters");
        }
      }
      out.add(new Resolved(name, terms));
    }
    return out;
  }

  /**
   * The terms of every concept, for rule fingerprints: editing a concept changes the rules that use
   * it.
   */
  static String signatureTerms(List<Resolved> concepts) {
    StringBuilder sb = new StringBuilder();
    for (Resolved r : concepts) {
      sb.append(r.name()).append('=').append(String.join("|", r.terms())).append(';');
    }
    return sb.toString();
  }

  private List<String> expand(
      String name, LinkedHashSet<String> path, Map<String, List<String>> done) {
    List<String> cached = done.get(name);
    if (cached != null) {
      return cached;
    }
    Definition d = defined.get(name);
    if (!path.add(name)) {
      problems.add(
          d.where()
              + ": concept '"
              + name
              + "' includes itself: "
              + String.join(" -> ", path)
              + " -> "
              + name);
      return List.of();
    }
    LinkedHashSet<String> terms = new LinkedHashSet<>();
    for (String e : d.entries()) {
      if (e.startsWith("@")) {
        String inc = e.substring(1);
        if (!defined.containsKey(inc)) {
          problems.add(
              d.where()
                  + ": concept '"
                  + name
                  + "' includes unknown concept '"
                  + inc
                  + "'"
                  + suggestion(inc));
        } else if (path.contains(inc)) {
          problems.add(
              d.where()
                  + ": concept '"
                  + name
                  + "' includes '"
                  + inc
                  + "', a cycle: "
                  + String.join(" -> ", path)
                  + " -> "
                  + inc);
          path.remove(name);
          return List.of();
        } else {
          terms.addAll(expand(inc, path, done));
        }
      } else {
        terms.add(e);
      }
    }
    path.remove(name);
    List<String> out = List.copyOf(terms);
    done.put(name, out);
    return out;
  }

  private List<Condition> list(String where, String key, JsonNode v) {
    List<Condition> out = new ArrayList<>();
    if (!v.isArray()) {
      problems.add(where + ": '" + key + "' must be a list of concepts or conditions");
      return out;
    }
    for (JsonNode e : v) {
      Condition c = condition(where, key, e);
      if (c != null) {
        out.add(c);
      }
    }
    return out;
  }

  private Condition condition(String where, String key, JsonNode e) {
    if (e.isTextual()) {
      Integer id = reference(where, e);
      return id == null ? null : new Condition.Ref(id);
    }
    if (e.isArray()) {
      Integer id = inline(where, e);
      return id == null ? null : new Condition.Ref(id);
    }
    if (!e.isObject()) {
      problems.add(
          where
              + ": '"
              + key
              + "': expected a concept name or {near: ...}, {all: ...}, {any: ...},"
              + " {atLeast: ...}, got "
              + e);
      return null;
    }
    if (e.has("near")) {
      unknownKeys(where, key, e, Set.of("near", "within", "ordered"));
      JsonNode ops = e.get("near");
      if (!ops.isArray() || ops.size() < 2 || ops.size() > Condition.MAX_NEAR_OPERANDS) {
        problems.add(
            where
                + ": '"
                + key
                + "': near needs a list of 2 to "
                + Condition.MAX_NEAR_OPERANDS
                + " concepts or term lists");
        return null;
      }
      Integer within = within(where, key + ".near", e);
      int[] operands = new int[ops.size()];
      boolean ok = within != null;
      for (int i = 0; i < ops.size(); i++) {
        Integer id =
            ops.get(i).isArray() ? inline(where, ops.get(i)) : reference(where, ops.get(i));
        ok &= id != null;
        operands[i] = id == null ? -1 : id;
      }
      if (e.has("ordered") && !e.get("ordered").isBoolean()) {
        problems.add(where + ": '" + key + "': 'ordered' must be true or false");
        ok = false;
      }
      return ok ? new Condition.Near(operands, within, e.path("ordered").asBoolean(false)) : null;
    }
    if (e.has("minLength")) {
      unknownKeys(where, key, e, Set.of("minLength"));
      JsonNode n = e.get("minLength");
      if (!n.isInt() || n.asInt() < 1) {
        problems.add(
            where
                + ": '"
                + key
                + "': 'minLength' must be a whole number of characters (at least 1), got "
                + n);
        return null;
      }
      return new Condition.MinLength(n.asInt());
    }
    if (e.has("atLeast") || e.has("of")) {
      return atLeast(where, key, e);
    }
    if (e.has("all") || e.has("any")) {
      String k = e.has("all") ? "all" : "any";
      unknownKeys(where, key, e, Set.of(k));
      List<Condition> nested = list(where, key + "." + k, e.get(k));
      if (nested.isEmpty()) {
        return null;
      }
      return k.equals("all") ? new Condition.All(nested) : new Condition.Any(nested);
    }
    problems.add(
        where
            + ": '"
            + key
            + "': expected {near: [..], within: N}, {all: [..]}, {any: [..]},"
            + " {atLeast: K, of: [..]} or {minLength: N}, got "
            + e);
    return null;
  }

  /**
   * {@code {atLeast: K, of: [..]}}: K of the listed conditions, K from 1 to their number, and at
   * least two of them (with one, write the condition itself).
   */
  private Condition atLeast(String where, String key, JsonNode e) {
    unknownKeys(where, key, e, Set.of("atLeast", "of"));
    JsonNode k = e.get("atLeast");
    JsonNode of = e.get("of");
    if (k == null || of == null) {
      problems.add(
          where
              + ": '"
              + key
              + "': atLeast needs both 'atLeast: K' and 'of: [conditions]', got "
              + e);
      return null;
    }
    int before = problems.size();
    if (!of.isArray() || of.size() < 2) {
      problems.add(
          where + ": '" + key + "': atLeast's 'of' must list at least 2 conditions, got " + of);
      return null;
    }
    List<Condition> nested = list(where, key + ".of", of);
    if (!k.isInt() || k.asInt() < 1 || k.asInt() > of.size()) {
      problems.add(
          where
              + ": '"
              + key
              + "': 'atLeast' must be a whole number from 1 to the "
              + of.size()
              + " conditions in 'of', got "
              + k);
      return null;
    }
    if (problems.size() > before || nested.size() != of.size()) {
      return null;
    }
    return new Condition.AtLeast(k.asInt(), nested);
  }

  private Integer within(String where, String key, JsonNode e) {
    JsonNode w = e.get("within");
    if (w == null) {
      problems.add(
          where
              + ": '"
              + key
              + "' needs 'within: N' (the most characters allowed between the terms)");
      return null;
    }
    if (!w.isInt() || w.asInt() < 0) {
      problems.add(
          where + ": '" + key + "': 'within' must be a whole number of characters, got " + w);
      return null;
    }
    if (w.asInt() > maxWithin) {
      problems.add(
          where
              + ": '"
              + key
              + "': within "
              + w.asInt()
              + " is over the pack's limit of "
              + maxWithin
              + " (limits.maxWithin in pack.yaml)");
      return null;
    }
    return w.asInt();
  }

  /**
   * An inline term list (in a {@code near} or as a condition): an anonymous concept of its own (a
   * name no author can write).
   */
  private Integer inline(String where, JsonNode list) {
    List<String> entries = new ArrayList<>();
    for (JsonNode e : list) {
      if (!e.isValueNode() || e.asText().isBlank() || e.asText().startsWith("@")) {
        problems.add(where + ": a term list in 'near' has an empty, non-text or @ entry: " + e);
        return null;
      }
      entries.add(e.asText());
    }
    String name = "_inline" + (++anonymous);
    defined.put(name, new Definition(where, entries));
    return id(name, where);
  }

  private Integer reference(String where, JsonNode v) {
    if (!v.isTextual() || !NAME.matcher(v.asText()).matches()) {
      problems.add(where + ": expected a concept name (lower-case letters, digits, _), got " + v);
      return null;
    }
    return id(v.asText(), where);
  }

  private int id(String name, String where) {
    firstUse.putIfAbsent(name, where);
    return ids.computeIfAbsent(name, k -> ids.size());
  }

  private String suggestion(String name) {
    String best = null;
    for (String d : defined.keySet()) {
      if (!d.startsWith("_") && (d.startsWith(name) || name.startsWith(d))) {
        best = d;
      }
    }
    return best == null ? "" : " (did you mean '" + best + "'?)";
  }

  private static String describe(JsonNode n) {
    return n.toString();
  }

  private void unknownKeys(String where, String key, JsonNode n, Set<String> known) {
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!known.contains(k)) {
        problems.add(
            where
                + ": '"
                + key
                + "': unknown key '"
                + k
                + "' (known: "
                + new java.util.TreeSet<>(known)
                + ")");
      }
    }
  }
}
