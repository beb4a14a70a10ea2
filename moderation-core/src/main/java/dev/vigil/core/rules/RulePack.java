package dev.vigil.core.rules;

import dev.vigil.core.classify.Classifier;
import dev.vigil.core.classify.Trainer;
import dev.vigil.core.concept.ConceptRule;
import dev.vigil.core.concept.Condition;
import dev.vigil.core.keyword.KeywordIndex;
import dev.vigil.core.pattern.PatternMatcher;
import dev.vigil.core.policy.Action;
import dev.vigil.core.policy.Content;
import dev.vigil.core.policy.Decision;
import dev.vigil.core.policy.Engine;
import dev.vigil.core.policy.Match;
import dev.vigil.core.policy.Policy;
import dev.vigil.core.policy.RuleEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A versioned, validated rule pack and the engine built from it: the unit in which rules go live.
 * Loading either yields a complete pack, every rule compiled, or a {@link RulePackException}
 * listing every problem (file, line or rule id, what is wrong), so a bad edit can never half-apply;
 * the running engine keeps its old pack.
 *
 * <p>Layout of a pack directory (the shipped one is {@code rules/} at the repository root):
 *
 * <pre>
 * pack.yaml              version, policy (thresholds, combinations), classifier (corpus, model), allow
 * **&#47;*.yaml          rule files: {@code rules:} a list of keyword or pattern rules with their tests
 * corpus/*.jsonl         the starter classifier corpus ({"text", "label"} lines)
 * model/*.bin            the trained classifier; when absent it is trained from the corpus at load time
 * </pre>
 */
public final class RulePack {
  /**
   * Classpath directory of the pack shipped in the jar (written by the {@code rules} module's
   * build).
   */
  public static final String CLASSPATH_ROOT = "vigil-pack";

  static final String MANIFEST = "pack.yaml";

  /** The taxonomy of canned moderator reasons: data, not rules ({@link CannedReason}). */
  static final String REASONS = "reasons.yaml";

  private final String version;
  private final List<Rule> rules;
  private final RuleEngine engine;
  private final Classifier classifier;
  private final String source;
  private final Map<String, PackCategory> categories;
  private final List<CannedReason> reasons;
  private final PackSource files;
  private final String corpus;

  private RulePack(
      String version,
      List<Rule> rules,
      RuleEngine engine,
      Classifier classifier,
      String source,
      Map<String, PackCategory> categories,
      List<CannedReason> reasons,
      PackSource files,
      String corpus) {
    this.version = version;
    this.files = files;
    this.corpus = corpus;
    this.reasons = List.copyOf(reasons);
    this.categories = Map.copyOf(categories);
    this.rules = List.copyOf(rules);
    this.engine = engine;
    this.classifier = classifier;
    this.source = source;
  }

  /** Loads the pack in {@code dir}. */
  public static RulePack load(Path dir) throws RulePackException {
    return load(dir, null);
  }

  /**
   * Loads the pack in {@code dir}, scoring with the classifier in {@code modelFile} instead of the
   * pack's own (null for the pack's); the decisions' version then names the model too.
   */
  public static RulePack load(Path dir, Path modelFile) throws RulePackException {
    if (!Files.isDirectory(dir)) {
      throw new RulePackException(List.of(dir + ": not a directory"));
    }
    if (!Files.isRegularFile(dir.resolve(MANIFEST))) {
      throw new RulePackException(
          List.of(dir + ": no " + MANIFEST + " (is this a rule pack directory?)"));
    }
    return load(PackSource.directory(dir), modelFile);
  }

  /**
   * Loads the pack shipped in the jar. It was validated and tested at build time, so failing here
   * is a bug.
   */
  public static RulePack loadDefault() {
    try {
      return load(PackSource.classpath(CLASSPATH_ROOT), null);
    } catch (RulePackException e) {
      throw new IllegalStateException("the shipped rule pack does not load: " + e.getMessage(), e);
    }
  }

  /** As {@link #loadDefault()} with another model. */
  public static RulePack loadDefault(Path modelFile) throws RulePackException {
    return load(PackSource.classpath(CLASSPATH_ROOT), modelFile);
  }

  static RulePack load(PackSource src, Path modelFile) throws RulePackException {
    PackReader reader = new PackReader();
    List<String> files;
    byte[] manifestBytes;
    try {
      files = src.files();
      manifestBytes = src.read(MANIFEST);
    } catch (IOException e) {
      throw new RulePackException(src.describe() + ": cannot read: " + e.getMessage(), e);
    }
    if (manifestBytes == null) {
      throw new RulePackException(List.of(src.describe() + ": no " + MANIFEST));
    }
    PackReader.Manifest manifest = reader.readManifest(MANIFEST, manifestBytes);
    List<Rule> rules = new ArrayList<>();
    Map<String, String> seen = new HashMap<>();
    for (String f : files) {
      if ((f.endsWith(".yaml") || f.endsWith(".yml"))
          && !f.equals(MANIFEST)
          && !f.equals(REASONS)) {
        try {
          rules.addAll(reader.readRules(f, src.read(f), seen));
        } catch (IOException e) {
          reader.problems.add(f + ": cannot read: " + e.getMessage());
        }
      }
    }
    List<CannedReason> reasons = List.of();
    if (manifest != null && files.contains(REASONS)) {
      try {
        reasons = reader.readReasons(REASONS, src.read(REASONS));
      } catch (IOException e) {
        reader.problems.add(REASONS + ": cannot read: " + e.getMessage());
      }
    }
    List<ConceptParser.Resolved> concepts = reader.concepts.resolve();
    if (rules.isEmpty() && reader.problems.isEmpty()) {
      reader.problems.add(src.describe() + ": the pack has no rules");
    }
    Classifier classifier = null;
    if (manifest != null) {
      classifier = classifier(src, manifest, modelFile, reader.problems);
    }
    if (!reader.problems.isEmpty()) {
      throw new RulePackException(reader.problems);
    }
    // A concept rule's fingerprint names every concept's terms: editing a concept changes the rules
    // using it.
    String conceptTerms = ConceptParser.signatureTerms(concepts);
    for (int i = 0; i < rules.size(); i++) {
      Rule r = rules.get(i);
      if (r.concepts() != null) {
        ConceptRule c = r.concepts();
        rules.set(
            i,
            new Rule(
                r.id(),
                r.version(),
                r.category(),
                r.mode(),
                r.weight(),
                r.terms(),
                r.allow(),
                r.pattern(),
                new ConceptRule(
                    c.require(), c.none(), c.guards(), c.signature() + "\u0002" + conceptTerms),
                r.pinyin(),
                r.homophones(),
                r.mustMatch(),
                r.mustNotMatch(),
                r.description(),
                r.source()));
      }
    }
    KeywordIndex.Builder kw = KeywordIndex.builder();
    // A concept no rule requires is context (warning and news words in `none`): the allowlist does
    // not cancel its hits.
    boolean[] evidence = new boolean[concepts.size()];
    for (Rule r : rules) {
      if (r.concepts() != null) {
        Condition.concepts(r.concepts().require(), c -> evidence[c] = true);
      }
    }
    List<String> conceptNames = new ArrayList<>(concepts.size());
    for (int c = 0; c < concepts.size(); c++) {
      conceptNames.add(concepts.get(c).name());
      for (String term : concepts.get(c).terms()) {
        if (evidence[c]) {
          kw.add(term, rules.size() + c, false, false);
        } else {
          kw.context(term, rules.size() + c);
        }
      }
    }
    List<RuleEngine.PatternRule> patterns = new ArrayList<>();
    for (int i = 0; i < rules.size(); i++) {
      Rule r = rules.get(i);
      for (String term : r.terms()) {
        kw.add(term, i, r.homophones(), r.pinyin());
      }
      for (String phrase : r.allow()) {
        kw.allow(phrase);
      }
      if (r.pattern() != null) {
        patterns.add(new RuleEngine.PatternRule(i, PatternMatcher.compile(r.pattern())));
      }
    }
    for (String phrase : manifest.allow()) {
      kw.allow(phrase);
    }
    String version = manifest.version();
    if (modelFile != null && classifier != null) {
      version = version + "+model-" + classifier.version();
    }
    // The pack's own model is the starter model; a model given to the pack is trained on the
    // platform's data.
    Policy policy = modelFile == null ? manifest.policy().forStarterModel() : manifest.policy();
    RuleEngine engine =
        new RuleEngine(
            version,
            rules.stream().map(Rule::compiled).toList(),
            kw.build(),
            conceptNames,
            patterns,
            classifier,
            policy);
    return new RulePack(
        version,
        rules,
        engine,
        classifier,
        src.describe(),
        manifest.categories(),
        reasons,
        src,
        manifest.corpus());
  }

  private static Classifier classifier(
      PackSource src, PackReader.Manifest m, Path modelFile, List<String> problems) {
    try {
      if (modelFile != null) {
        if (!Files.isRegularFile(modelFile)) {
          problems.add(modelFile + ": model file not found");
          return null;
        }
        return Classifier.read(Files.readAllBytes(modelFile));
      }
      if (m.model() != null) {
        byte[] bytes = src.read(m.model());
        if (bytes != null) {
          return Classifier.read(bytes);
        }
      }
      if (m.corpus() != null) {
        List<Trainer.Example> corpus = StarterCorpus.read(src, m.corpus());
        if (corpus == null) {
          problems.add(MANIFEST + ": classifier.corpus " + m.corpus() + " not found");
          return null;
        }
        return Trainer.forSmallCorpus().train(corpus);
      }
      return null;
    } catch (IOException | RuntimeException e) {
      problems.add(MANIFEST + ": classifier: " + e.getMessage());
      return null;
    }
  }

  /** The version stamped on every decision made under this pack. */
  public String version() {
    return version;
  }

  /** The engine of this pack: immutable and thread-safe. */
  public Engine engine() {
    return engine;
  }

  /**
   * Whether this pack's rules alone (no classifier: rules, contacts and policy) send a text to
   * review or block it: the clean posts {@code train} counts against a model's review budget before
   * the model adds any.
   */
  public Predicate<String> flaggedByRules() {
    Engine rulesOnly = engine.withoutClassifier();
    return text -> rulesOnly.decide(Content.of(text)).action() != Action.ALLOW;
  }

  /**
   * About {@code share} (0 to 1) of the pack's starter corpus ({@code classifier.corpus}), each
   * post as the starter model learns it, chosen by a hash of its text so that every call picks the
   * same; read from the pack's files now (a loaded pack does not keep the corpus in memory); empty
   * when the pack has none. {@code train} adds it to a platform's own labelled posts, so that a
   * model trained on those keeps what the pack ships with: the script types and hard negatives a
   * platform's first labels rarely cover.
   */
  public List<Trainer.Example> starterCorpus(double share) throws IOException {
    return starterCorpus(share, 0);
  }

  /**
   * As {@link #starterCorpus(double)}, of the posts of at least {@code minLength} characters as
   * written: the long scripts and long clean posts a platform's short-message labels lack, without
   * the short messages that compete with the platform's own.
   */
  public List<Trainer.Example> starterCorpus(double share, int minLength) throws IOException {
    if (!(share >= 0 && share <= 1)) {
      throw new IllegalArgumentException("a share of the starter corpus is 0 to 1, not " + share);
    }
    if (minLength < 0) {
      throw new IllegalArgumentException("a minimum length is 0 or more, not " + minLength);
    }
    if (corpus == null || share == 0) {
      return List.of();
    }
    List<Trainer.Example> examples = StarterCorpus.read(files, corpus, share, minLength);
    return examples == null ? List.of() : examples;
  }

  /** The categories the pack declares, by name. */
  public Map<String, PackCategory> categories() {
    return categories;
  }

  /** The canned reasons moderators choose from ({@code reasons.yaml}), in file order. */
  public List<CannedReason> reasons() {
    return reasons;
  }

  /** The rules, in file order. */
  public List<Rule> rules() {
    return rules;
  }

  /** The classifier, or null when the pack has none. */
  public Classifier classifier() {
    return classifier;
  }

  /** Where the pack was loaded from. */
  public String source() {
    return source;
  }

  /**
   * Runs every rule's tests through the whole engine: each {@code match} post must produce a match
   * of the rule, each {@code noMatch} post must not.
   *
   * @return one line per failure, e.g. {@code fraud.yaml:3: rule fraud.x: must match but did not:
   *     "..."}; empty when all pass
   */
  public List<String> test() {
    List<String> failures = new ArrayList<>();
    for (Rule r : rules) {
      for (String post : r.mustMatch()) {
        if (!hits(r, post)) {
          failures.add(
              r.source() + ": rule " + r.id() + ": must match but did not: \"" + post + "\"");
        }
      }
      for (String post : r.mustNotMatch()) {
        if (hits(r, post)) {
          failures.add(
              r.source() + ": rule " + r.id() + ": must not match but did: \"" + post + "\"");
        }
      }
    }
    return failures;
  }

  /** Number of rule test cases. */
  public int testCount() {
    return rules.stream().mapToInt(r -> r.mustMatch().size() + r.mustNotMatch().size()).sum();
  }

  private boolean hits(Rule r, String post) {
    Decision d = engine.decide(Content.of(post));
    for (Match m : d.matches()) {
      if (m.ruleId().equals(r.id())) {
        return true;
      }
    }
    return false;
  }
}
