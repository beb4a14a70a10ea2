package dev.vigil.core.policy;

import dev.vigil.core.classify.Classifier;
import java.util.List;
import java.util.Map;

/**
 * How signals become an action, as written in the pack's {@code pack.yaml}.
 *
 * <p>For each top-level category the enforced rule hits combine by noisy-OR of their weights (each rule counted once):
 * {@code rule = 1 - Π(1 - weight)}. The classifier's probability that the post violates anything is given to its
 * likeliest category, and joins the same noisy-OR when some rule of that category hit, for REVIEW only: a post is
 * blocked only on rule evidence. Then:
 *
 * <ul>
 *   <li>rule score {@code > 0} and {@code 1 - (1 - rule)(1 - classifier) ≥ review} → REVIEW; rule score
 *       {@code ≥ block} → BLOCK;
 *   <li>the classifier alone at its review threshold or more → REVIEW: the model's own
 *       ({@link Classifier#reviewThreshold}, chosen at {@code train} time on held-out folds of its training data)
 *       when it has one, else {@code classifierReview};
 *   <li>a {@link Combination} whose conditions all hold raises the action to its own (e.g. a prohibited-goods term
 *       plus a contact channel → BLOCK).
 * </ul>
 *
 * @param thresholds per top-level category
 * @param classifierReview classifier probability at which the classifier alone sends a post to review, for models
 *     that carry no threshold of their own
 * @param starterReview the same threshold for the pack's own starter model, trained on a small hand-written corpus
 *     rather than on the platform's posts: such a model has never seen the platform's ordinary traffic (bank and
 *     courier notices, shop adverts, chat) and is confidently wrong about much of it, so it needs a stricter bar
 * @param combinations raised actions for combined signals
 */
public record Policy(Map<String, Thresholds> thresholds, double classifierReview, double starterReview,
    List<Combination> combinations, BulkPersonalData bulkPersonalData) {

  public Policy {
    thresholds = Map.copyOf(thresholds);
    combinations = List.copyOf(combinations);
  }

  public Policy(Map<String, Thresholds> thresholds, double classifierReview, double starterReview,
      List<Combination> combinations) {
    this(thresholds, classifierReview, starterReview, combinations, null);
  }

  /** This policy as applied with the starter model: the classifier alone reviews at {@link #starterReview}. */
  public Policy forStarterModel() {
    return new Policy(thresholds, starterReview, starterReview, combinations, bulkPersonalData);
  }

  /**
   * A post carrying at least {@code identifiers} distinct personal identifiers (phone numbers, identity-card
   * numbers, e-mail addresses) counts as a rule hit of {@code weight} in {@code category}: lists of people's data
   * are what data traders post (CSL Art. 44).
   */
  public record BulkPersonalData(int identifiers, double weight, String category) {
    public String topCategory() {
      return CompiledRule.topCategory(category);
    }
  }

  /**
   * The calibrated probability at which {@code model} alone sends a post to review: the model's own threshold when
   * {@code train} stored one, fitted to the data it was trained on, else {@link #classifierReview}. The starter
   * model never carries one (see {@code Trainer.forSmallCorpus}), so {@link #forStarterModel} keeps its bar.
   */
  public double classifierReview(Classifier model) {
    double own = model == null ? Double.NaN : model.reviewThreshold();
    return Double.isNaN(own) ? classifierReview : own;
  }

  /**
   * Review and block thresholds of one category, in (0, 1], and whether the category may be blocked at all (a
   * category that may not goes to review at most: a human decides).
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
      String id, String category, double minRuleScore, boolean contact, double minClassifier, Action action) {}
}
