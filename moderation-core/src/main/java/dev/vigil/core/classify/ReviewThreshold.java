package dev.vigil.core.classify;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import opennlp.tools.doccat.DoccatModel;

/**
 * A model's own operating point: the calibrated violation probability at which the classifier alone
 * sends a post to review, chosen at {@code train} time so that a given share of clean held-out
 * posts reaches it, and kept in the model's manifest ({@link #MANIFEST}) beside its {@link
 * Calibration}.
 */
final class ReviewThreshold {
  static final String MANIFEST = "vigil-review-threshold";

  private ReviewThreshold() {}

  /**
   * The threshold at which at most {@code falsePositiveRate} of the clean examples go to review,
   * counting those the rules already send there ({@code flagged}): of the clean examples the rules
   * leave alone, the top ones may reach it until the rate is spent. Halfway (in calibrated
   * probability) between the highest score that must stay below it and the next one up, so that it
   * does not sit on a score seen in training. When the rules alone spend the rate, just above the
   * highest such score. NaN when there are too few clean examples for one of them to be allowed
   * ({@code clean * falsePositiveRate < 1}): the rate cannot be measured and the policy's threshold
   * applies.
   *
   * @param scores raw held-out violation scores
   * @param violation whether each example is a violation
   * @param flagged whether the rules alone send each example to review (or block it)
   * @param calibration the calibration fitted on the same scores
   * @param falsePositiveRate the share of clean examples allowed to reach review, by rules or
   *     classifier
   */
  static double at(
      double[] scores,
      boolean[] violation,
      boolean[] flagged,
      Calibration calibration,
      double falsePositiveRate) {
    int clean = 0;
    int flaggedClean = 0;
    double[] p = new double[scores.length];
    int candidates = 0;
    for (int i = 0; i < scores.length; i++) {
      if (violation[i]) {
        continue;
      }
      clean++;
      if (flagged[i]) {
        flaggedClean++;
      } else {
        p[candidates++] = calibration.apply(scores[i]);
      }
    }
    int budget = (int) Math.floor(clean * falsePositiveRate);
    if (!(falsePositiveRate > 0) || budget < 1 || candidates == 0) {
      return Double.NaN;
    }
    double[] sorted = Arrays.copyOf(p, candidates);
    Arrays.sort(sorted); // ascending: the allowed clean posts are the top `allowed`
    int allowed = budget - flaggedClean;
    if (allowed < 1) {
      return Math.min(1.0, Math.nextUp(sorted[candidates - 1]));
    }
    if (allowed >= candidates) {
      return Double.NaN;
    }
    double below = sorted[candidates - allowed - 1];
    double above = sorted[candidates - allowed];
    double t = (below + above) / 2;
    return t > below ? t : Math.nextUp(below);
  }

  /** The threshold stored in {@code model}'s manifest, or NaN. */
  static double of(DoccatModel model) {
    String v = model.getManifestProperty(MANIFEST);
    if (v == null) {
      return Double.NaN;
    }
    try {
      double t = Double.parseDouble(v);
      return t > 0 && t <= 1 ? t : Double.NaN;
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  static Map<String, String> manifest(double threshold) {
    return Map.of(MANIFEST, String.format(Locale.ROOT, "%.9g", threshold));
  }
}
