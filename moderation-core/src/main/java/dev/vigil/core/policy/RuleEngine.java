package dev.vigil.core.policy;

import dev.vigil.core.classify.Classifier;
import dev.vigil.core.concept.ConceptHits;
import dev.vigil.core.concept.ConceptRule;
import dev.vigil.core.concept.Condition;
import dev.vigil.core.concept.Span;
import dev.vigil.core.keyword.KeywordHit;
import dev.vigil.core.keyword.KeywordIndex;
import dev.vigil.core.pattern.Contact;
import dev.vigil.core.pattern.ContactExtractor;
import dev.vigil.core.pattern.ContactKind;
import dev.vigil.core.pattern.PatternMatcher;
import dev.vigil.core.pattern.PersonalData;
import dev.vigil.core.text.NormalizedText;
import dev.vigil.core.text.Normalizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The engine of one rule pack: normalise, collect keyword, pattern, contact and classifier signals,
 * and let the {@link Policy} decide on them. Immutable and thread-safe; built by {@code RulePack}.
 *
 * <p>Every decision lists all its evidence as {@link Match}es with offsets into the original text,
 * shadow-rule hits included (flagged {@code shadow}, never counted). Matches per post are capped at
 * {@link #MAX_MATCHES} so that a hostile megabyte of repeated terms yields a bounded decision; the
 * action is still computed from every hit.
 */
public final class RuleEngine implements Engine {
  /** At most this many matches are listed in a decision. */
  public static final int MAX_MATCHES = 64;

  private static final String CLASSIFIER_RULE = "classifier";

  /** The built-in rule of {@link Policy.BulkPersonalData}. */
  public static final String BULK_PERSONAL_DATA_RULE = "builtin.pii.bulk";

  private final String version;
  private final List<CompiledRule> rules;
  private final KeywordIndex keywords;
  private final List<String> concepts;
  private final int[][] conceptRules;
  private final ContactTerms contactTerms;
  private final List<PatternRule> patterns;
  private final ContactExtractor contacts = new ContactExtractor();
  private final PersonalData personalData = new PersonalData();
  private final Classifier classifier;
  private final Policy policy;
  private final double classifierReview;
  private final boolean modelMayActAlone;
  private final Normalizer normalizer = Normalizer.get();

  /** A pattern rule with its compiled matcher. */
  public record PatternRule(int ruleIndex, PatternMatcher matcher) {}

  /**
   * @param version the pack version stamped on every decision (with the model's, when there is one)
   * @param rules the pack's rules; keyword owners and pattern rule indices point into this list
   * @param keywords every term of every keyword rule, owned by its rule's index
   * @param patterns compiled pattern rules
   * @param classifier the document classifier, or null for none
   * @param policy how signals become actions
   */
  public RuleEngine(
      String version,
      List<CompiledRule> rules,
      KeywordIndex keywords,
      List<PatternRule> patterns,
      Classifier classifier,
      Policy policy) {
    this(version, rules, keywords, List.of(), patterns, classifier, policy);
  }

  /**
   * @param concepts the pack's concept names, by id: a keyword owner {@code rules.size() + id} is a
   *     term of concept {@code id}, found for the concept rules to evaluate
   */
  public RuleEngine(
      String version,
      List<CompiledRule> rules,
      KeywordIndex keywords,
      List<String> concepts,
      List<PatternRule> patterns,
      Classifier classifier,
      Policy policy) {
    this.version = version;
    this.rules = List.copyOf(rules);
    this.keywords = keywords;
    this.concepts = List.copyOf(concepts);
    this.patterns = List.copyOf(patterns);
    this.classifier = classifier;
    this.policy = policy;
    this.classifierReview = policy.classifierReview(classifier);
    this.modelMayActAlone = mayActAlone(policy, classifierReview);
    this.conceptRules = conceptRulesByConcept(this.rules, this.concepts.size());
    this.contactTerms = ContactTerms.of(keywords, this.rules.size());
  }

  /**
   * Whether the classifier's score can change the action of a post no enforced rule hit: when it
   * reviews alone below 1, or a combination asks for the classifier and no rule score. Otherwise
   * (the starter model, whose bar is 1, and the shipped combinations, which all need rule evidence)
   * the score only joins the noisy-OR of a category whose rules hit, and the engine does not
   * compute it for a post without one: the classifier is most of a decision's cost and most posts
   * hit no rule.
   */
  private static boolean mayActAlone(Policy policy, double classifierReview) {
    if (classifierReview < 1) {
      return true;
    }
    for (Policy.Combination c : policy.combinations()) {
      if (c.minRuleScore() <= 0 && c.minClassifier() > 0) {
        return true;
      }
    }
    return false;
  }

  /**
   * For each concept, the concept rules whose required condition mentions it: the candidates when
   * it is hit.
   */
  private static int[][] conceptRulesByConcept(List<CompiledRule> rules, int conceptCount) {
    List<java.util.Set<Integer>> by = new ArrayList<>(conceptCount);
    for (int c = 0; c < conceptCount; c++) {
      by.add(new java.util.TreeSet<>());
    }
    for (int i = 0; i < rules.size(); i++) {
      ConceptRule cr = rules.get(i).concepts();
      if (cr != null) {
        int rule = i;
        Condition.concepts(cr.require(), c -> by.get(c).add(rule));
      }
    }
    int[][] out = new int[conceptCount][];
    for (int c = 0; c < conceptCount; c++) {
      out[c] = by.get(c).stream().mapToInt(Integer::intValue).toArray();
    }
    return out;
  }

  /** The policy this engine decides by. */
  Policy policy() {
    return policy;
  }

  /** This engine under another policy: for tests that compare policies on the same rules. */
  RuleEngine withPolicy(Policy other) {
    return new RuleEngine(version, rules, keywords, concepts, patterns, classifier, other);
  }

  /** The version stamped on every decision. */
  public String version() {
    return version;
  }

  @Override
  public Optional<Engine> withShadowed(Set<String> ruleIds) {
    if (ruleIds.isEmpty()) {
      return Optional.of(this);
    }
    List<CompiledRule> demoted = new ArrayList<>(rules.size());
    for (CompiledRule r : rules) {
      demoted.add(ruleIds.contains(r.id()) ? r.inShadow() : r);
    }
    return Optional.of(
        new RuleEngine(version, demoted, keywords, concepts, patterns, classifier, policy));
  }

  @Override
  public Set<String> enforcedRules() {
    Set<String> out = new java.util.TreeSet<>();
    for (CompiledRule r : rules) {
      if (!r.shadow()) {
        out.add(r.id());
      }
    }
    return java.util.Collections.unmodifiableSet(out);
  }

  @Override
  public Optional<Engine> restrictedTo(Set<String> ruleIds) {
    Set<String> only = Set.copyOf(ruleIds);
    List<CompiledRule> restricted = new ArrayList<>(rules.size());
    for (CompiledRule r : rules) {
      restricted.add(only.contains(r.id()) ? r : r.inShadow());
    }
    // No classifier and no bulk-personal-data rule: neither is one of the rules asked about.
    Policy rulesOnly =
        new Policy(
            policy.thresholds(),
            policy.classifierReview(),
            policy.starterReview(),
            policy.combinations(),
            null,
            policy.ruleBlockMaxLength());
    RuleEngine inner =
        new RuleEngine(version, restricted, keywords, concepts, patterns, null, rulesOnly);
    return Optional.of(
        content -> {
          Decision d = inner.decide(content);
          List<Match> theirs = new ArrayList<>();
          for (Match m : d.matches()) {
            if (!m.shadow() && only.contains(m.ruleId())) {
              theirs.add(m);
            }
          }
          return d.withMatches(theirs);
        });
  }

  /**
   * This engine deciding on its rules alone, without the classifier: what {@code train} asks of the
   * rule pack to learn how many clean posts the rules already send to review, so that the model's
   * threshold adds only the rest.
   */
  public RuleEngine withoutClassifier() {
    return new RuleEngine(version, rules, keywords, concepts, patterns, null, policy);
  }

  @Override
  public Decision decide(Content content) {
    NormalizedText text = normalizer.normalize(content.text());
    List<Match> matches = new ArrayList<>();
    Map<String, Double> ruleMiss =
        new HashMap<>(); // top category -> Π(1 - weight) over enforced rules hit
    Map<String, TreeSet<String>> ruleCategories = new HashMap<>();
    boolean[] counted = new boolean[rules.size()];

    ConceptHits conceptHits = null;
    int ruleCount = rules.size();
    for (KeywordHit hit : keywords.find(text)) {
      if (hit.owner() >= ruleCount) {
        if (conceptHits == null) {
          conceptHits = new ConceptHits(concepts.size(), text.length());
        }
        conceptHits.add(hit.owner() - ruleCount, hit.term(), hit.start(), hit.end());
        continue;
      }
      CompiledRule r = rules.get(hit.owner());
      add(matches, r, MatchKind.KEYWORD, text, hit.start(), hit.end());
      count(r, hit.owner(), counted, ruleMiss, ruleCategories);
    }
    List<Contact> found = contacts.find(text);
    for (Contact c : found) {
      if (contactTerms.stands(c.kind())) {
        if (conceptHits == null) {
          conceptHits = new ConceptHits(concepts.size(), text.length());
        }
        contactTerms.add(c, conceptHits);
      }
    }
    conceptHits = contactTerms.addGlued(text, conceptHits, concepts.size());
    if (conceptHits != null) {
      evaluateConcepts(conceptHits, text, matches, counted, ruleMiss, ruleCategories);
    }
    for (PatternRule pr : patterns) {
      CompiledRule r = rules.get(pr.ruleIndex());
      pr.matcher()
          .find(
              text,
              (s, e) -> {
                add(matches, r, MatchKind.PATTERN, text, s, e);
                count(r, pr.ruleIndex(), counted, ruleMiss, ruleCategories);
              });
    }
    java.util.Set<String> identifiers = new java.util.HashSet<>();
    for (Contact c : found) {
      if (matches.size() < MAX_MATCHES) {
        matches.add(
            new Match(
                c.kind().ruleId(),
                1,
                MatchKind.CONTACT,
                c.kind().category(),
                text.sourceStart(c.start()),
                text.sourceEnd(c.end() - 1),
                false));
      }
      if (c.kind() == ContactKind.MOBILE || c.kind() == ContactKind.LANDLINE) {
        identifiers.add(slice(text, c.start(), c.end()));
      }
    }
    Policy.BulkPersonalData bulk = policy.bulkPersonalData();
    for (PersonalData.Item p : personalData.find(text)) {
      if (matches.size() < MAX_MATCHES) {
        matches.add(
            new Match(
                p.kind().ruleId(),
                1,
                MatchKind.PERSONAL_DATA,
                p.kind().category(),
                text.sourceStart(p.start()),
                text.sourceEnd(p.end() - 1),
                false));
      }
      identifiers.add(slice(text, p.start(), p.end()));
    }
    if (bulk != null
        && PersonalData.isBulk(identifiers.size(), bulk.identifiers())
        && policy.thresholds().containsKey(bulk.topCategory())) {
      if (matches.size() < MAX_MATCHES) {
        matches.add(
            new Match(
                BULK_PERSONAL_DATA_RULE,
                1,
                MatchKind.PERSONAL_DATA,
                bulk.category(),
                0,
                content.text().length(),
                false,
                identifiers.size() + " identifiers"));
      }
      ruleMiss.merge(bulk.topCategory(), 1 - bulk.weight(), (a, b) -> a * b);
      ruleCategories.computeIfAbsent(bulk.topCategory(), k -> new TreeSet<>()).add(bulk.category());
    }
    // The classifier's evidence: the calibrated probability that the post violates anything, given
    // to its likeliest category; not computed when it cannot change the action (see mayActAlone),
    // so such a post's score is its rules' alone.
    double violation = 0;
    String modelCategory = null;
    Double modelScore = null;
    if (classifier != null && (modelMayActAlone || !ruleMiss.isEmpty())) {
      double[] p = classifier.scores(text);
      List<String> labels = classifier.labels();
      violation = classifier.violation(p);
      modelScore = Math.min(1.0, Math.max(0.0, violation));
      double best = -1;
      for (int k = 0; k < p.length; k++) {
        if (k == classifier.cleanIndex()) {
          continue;
        }
        if (p[k] > best) {
          best = p[k];
          modelCategory = labels.get(k);
        }
      }
    }

    Policy.Verdict verdict =
        policy.decide(
            new Policy.Signals(
                ruleMiss,
                ruleCategories,
                modelCategory,
                violation,
                classifierReview,
                !found.isEmpty(),
                text.length()));
    for (String cat : verdict.classifierAlone()) {
      if (matches.size() < MAX_MATCHES) {
        matches.add(
            new Match(
                CLASSIFIER_RULE,
                1,
                MatchKind.CLASSIFIER,
                cat,
                0,
                content.text().length(),
                false,
                classifierDetail(violation)));
      }
    }
    matches.sort(Comparator.comparingInt(Match::start).thenComparingInt(Match::end));
    return new Decision(
        verdict.action(),
        verdict.categories(),
        Math.min(1.0, Math.max(0.0, verdict.score())),
        matches,
        version,
        modelScore);
  }

  /**
   * Every concept rule that a found concept may satisfy, evaluated once; evidence listed per
   * concept term.
   */
  private void evaluateConcepts(
      ConceptHits hits,
      NormalizedText text,
      List<Match> matches,
      boolean[] counted,
      Map<String, Double> ruleMiss,
      Map<String, TreeSet<String>> ruleCategories) {
    boolean[] tried = new boolean[rules.size()];
    for (int c = 0; c < conceptRules.length; c++) {
      if (!hits.has(c)) {
        continue;
      }
      for (int i : conceptRules[c]) {
        if (tried[i]) {
          continue;
        }
        tried[i] = true;
        CompiledRule r = rules.get(i);
        List<Span> evidence = hits.match(r.concepts());
        if (evidence == null) {
          continue;
        }
        for (Span s : evidence) {
          if (matches.size() < MAX_MATCHES) {
            matches.add(
                new Match(
                    r.id(),
                    r.version(),
                    MatchKind.CONCEPT,
                    r.category(),
                    text.sourceStart(s.start()),
                    text.sourceEnd(s.end() - 1),
                    r.shadow(),
                    conceptLabel(s.concept()) + ":" + s.term()));
          }
        }
        count(r, i, counted, ruleMiss, ruleCategories);
      }
    }
  }

  private static String slice(NormalizedText t, int start, int end) {
    StringBuilder sb = new StringBuilder(end - start);
    for (int i = start; i < end; i++) {
      sb.append(t.charAt(i));
    }
    return sb.toString();
  }

  /**
   * What a moderator reads beside a classifier verdict: the model's probability that the post
   * violates, {@code p=0.873}, so that a verdict just over the review threshold reads differently
   * from a certain one.
   */
  static String classifierDetail(double violation) {
    return String.format(java.util.Locale.ROOT, "p=%.3f", Math.min(1.0, Math.max(0.0, violation)));
  }

  /** A concept's name as the pack writes it; an inline term list of a {@code near} has none. */
  private String conceptLabel(int concept) {
    String name = concepts.get(concept);
    return name.startsWith("_") ? "terms" : name;
  }

  private static void add(
      List<Match> matches,
      CompiledRule r,
      MatchKind kind,
      NormalizedText text,
      int start,
      int end) {
    if (matches.size() < MAX_MATCHES) {
      matches.add(
          new Match(
              r.id(),
              r.version(),
              kind,
              r.category(),
              text.sourceStart(start),
              text.sourceEnd(end - 1),
              r.shadow()));
    }
  }

  private static void count(
      CompiledRule r,
      int index,
      boolean[] counted,
      Map<String, Double> ruleMiss,
      Map<String, TreeSet<String>> categories) {
    if (r.shadow() || counted[index]) {
      return;
    }
    counted[index] = true;
    ruleMiss.merge(r.topCategory(), 1 - r.weight(), (a, b) -> a * b);
    categories.computeIfAbsent(r.topCategory(), k -> new TreeSet<>()).add(r.category());
  }
}
