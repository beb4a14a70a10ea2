package dev.vigil.core.policy;

import dev.vigil.core.classify.Classifier;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * How signals become an action, as written in the pack's {@code pack.yaml}: {@link #decide} is the
 * algorithm below, the engine only gathers the signals.
 *
 * <p>For each top-level category the enforced rule hits combine by noisy-OR of their weights (each
 * rule counted once): {@code rule = 1 - Π(1 - weight)}. The classifier's probability that the post
 * violates anything is given to its likeliest category, and joins the same noisy-OR when some rule
 * of that category hit, for REVIEW only: a post is blocked only on rule evidence. Then:
 *
 * <ul>
 *   <li>rule score {@code > 0} and {@code 1 - (1 - rule)(1 - classifier) ≥ review} → REVIEW; rule
 *       score {@code ≥ block} → BLOCK;
 *   <li>the classifier alone at its review threshold or more → REVIEW: the model's own ({@link
 *       Classifier#reviewThreshold}, chosen at {@code train} time on held-out folds of its training
 *       data) when it has one, else {@code classifierReview};
 *   <li>a {@link Combination} whose conditions all hold raises the action to its own (e.g. a
 *       prohibited-goods term plus a contact channel → BLOCK).
 * </ul>
 *
 * <p>A post of {@code ruleBlockMaxLength} characters or more (when set) is not blocked by its rule
 * score alone: it goes to review, unless a combination blocks it. Long posts are conversations,
 * retellings, talks and notices; the script rules that read them weigh several kinds of evidence,
 * and the noisy-OR of three or four of them passes any block threshold on a victim's question that
 * quotes a script as easily as on the script itself. A person decides those; the post is held all
 * the same.
 *
 * @param thresholds per top-level category
 * @param classifierReview classifier probability at which the classifier alone sends a post to
 *     review, for models that carry no threshold of their own
 * @param starterReview the same threshold for the pack's own starter model, trained on a small
 *     hand-written corpus rather than on the platform's posts: such a model has never seen the
 *     platform's ordinary traffic (bank and courier notices, shop adverts, chat) and is confidently
 *     wrong about much of it, so it needs a stricter bar
 * @param combinations raised actions for combined signals
 * @param bulkPersonalData lists of identifiers as a rule hit, or null
 * @param ruleBlockMaxLength posts at least this long (in normalised characters, as a rule's {@code
 *     minLength}) are not blocked by rule score alone; 0: no limit
 */
public record Policy(
    Map<String, Thresholds> thresholds,
    double classifierReview,
    double starterReview,
    List<Combination> combinations,
    BulkPersonalData bulkPersonalData,
    int ruleBlockMaxLength) {

  public Policy {
    thresholds = Map.copyOf(thresholds);
    combinations = List.copyOf(combinations);
    if (ruleBlockMaxLength < 0) {
      throw new IllegalArgumentException("ruleBlockMaxLength must be 0 or more");
    }
  }

  public Policy(
      Map<String, Thresholds> thresholds,
      double classifierReview,
      double starterReview,
      List<Combination> combinations) {
    this(thresholds, classifierReview, starterReview, combinations, null, 0);
  }

  /**
   * What the engine found in one post, by top-level category.
   *
   * @param ruleMiss per category, {@code Π(1 - weight)} over the enforced rules hit (absent: none
   *     hit)
   * @param ruleCategories per category, the (sub)categories of the enforced rules hit
   * @param modelCategory the classifier's likeliest violating category, or null without a
   *     classifier
   * @param violation the classifier's calibrated probability that the post violates anything
   * @param classifierReview the probability at which the classifier alone sends a post to review; 1
   *     or more: never (the model only strengthens rule evidence, as the starter model is used)
   * @param contact whether a contact channel was found
   * @param length the post's length in normalised characters
   */
  public record Signals(
      Map<String, Double> ruleMiss,
      Map<String, ? extends Set<String>> ruleCategories,
      String modelCategory,
      double violation,
      double classifierReview,
      boolean contact,
      int length) {

    /** Whether the classifier's probability {@code p} alone sends a post to review. */
    boolean alone(double p) {
      return classifierReview < 1 && p >= classifierReview;
    }
  }

  /**
   * The policy's answer for one post.
   *
   * @param categories the categories acted on: the rules' (sub)categories, the top category where
   *     the classifier alone or no rule acted
   * @param score the highest rule score or classifier probability of any category
   * @param classifierAlone the categories the classifier alone sent to review, in policy order:
   *     each is reported as a classifier match
   */
  public record Verdict(
      Action action, SortedSet<String> categories, double score, List<String> classifierAlone) {}

  /**
   * Decides on {@code s} as the class comment says: per category, then the most severe action of
   * all.
   */
  public Verdict decide(Signals s) {
    Action action = Action.ALLOW;
    double score = 0;
    TreeSet<String> categories = new TreeSet<>();
    List<String> classifierAlone = new java.util.ArrayList<>();
    boolean ruleMayBlock = ruleBlockMaxLength == 0 || s.length() < ruleBlockMaxLength;
    for (Map.Entry<String, Thresholds> e : thresholds.entrySet()) {
      String cat = e.getKey();
      Thresholds t = e.getValue();
      double rule = 1 - s.ruleMiss().getOrDefault(cat, 1.0);
      double p = cat.equals(s.modelCategory()) ? s.violation() : 0;
      double combined = 1 - (1 - rule) * (1 - p);
      Action a = Action.ALLOW;
      if (rule >= t.block() && ruleMayBlock) {
        a = Action.BLOCK;
      } else if ((rule > 0 && combined >= t.review()) || s.alone(p)) {
        a = Action.REVIEW;
      }
      for (Combination c : combinations) {
        boolean holds =
            c.category().equals(cat)
                && (c.minRuleScore() > 0 || c.minClassifier() > 0)
                && rule >= c.minRuleScore()
                && p >= c.minClassifier()
                && (!c.contact() || s.contact());
        if (holds) {
          a = a.max(c.action());
        }
      }
      if (!t.mayBlock() && a == Action.BLOCK) {
        a = Action.REVIEW;
      }
      if (a != Action.ALLOW) {
        Set<String> ruleCats = s.ruleCategories().get(cat);
        if (ruleCats != null) {
          categories.addAll(ruleCats);
        }
        if (s.alone(p) || ruleCats == null) {
          categories.add(cat);
        }
        action = action.max(a);
      }
      score = Math.max(score, Math.max(rule, p));
      if (s.alone(p)) {
        classifierAlone.add(cat);
      }
    }
    return new Verdict(action, categories, score, classifierAlone);
  }

  /**
   * This policy as applied with the starter model: the classifier alone reviews at {@link
   * #starterReview}.
   */
  public Policy forStarterModel() {
    return new Policy(
        thresholds,
        starterReview,
        starterReview,
        combinations,
        bulkPersonalData,
        ruleBlockMaxLength);
  }

  /**
   * A post carrying at least {@code identifiers} distinct personal identifiers (phone numbers,
   * identity-card numbers, e-mail addresses) counts as a rule hit of {@code weight} in {@code
   * category}: lists of people's data are what data traders post (CSL Art. 44).
   */
  public record BulkPersonalData(int identifiers, double weight, String category) {
    public String topCategory() {
      return CompiledRule.topCategory(category);
    }
  }

  /**
   * The calibrated probability at which {@code model} alone sends a post to review: the model's own
   * threshold when {@code train} stored one, fitted to the data it was trained on, else {@link
   * #classifierReview}. The starter model never carries one (see {@code Trainer.forSmallCorpus}),
   * so {@link #forStarterModel} keeps its bar.
   */
  public double classifierReview(Classifier model) {
    double own = model == null ? Double.NaN : model.reviewThreshold();
    return Double.isNaN(own) ? classifierReview : own;
  }

  /**
   * Review and block thresholds of one category, in (0, 1], and whether the category may be blocked
   * at all (a category that may not goes to review at most: a human decides).
   */
  public record Thresholds(double review, double block, boolean mayBlock) {
    public Thresholds(double review, double block) {
      this(review, block, true);
    }
  }

  /**
   * A combination of signals with its own action.
   *
   * @param id name, reported in the decision's categories as {@code combination:<id>}
   * @param category top-level category whose rule score must reach {@code minRuleScore}
   * @param minRuleScore the category's rule score required (0 for none)
   * @param contact whether a contact channel is required
   * @param minClassifier the category's classifier probability required (0 for none)
   * @param action the action when all hold
   */
  public record Combination(
      String id,
      String category,
      double minRuleScore,
      boolean contact,
      double minClassifier,
      Action action) {}
}
