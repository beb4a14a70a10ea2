package dev.vigil.core.classify;

import java.util.Locale;
import java.util.Map;
import opennlp.tools.doccat.DoccatModel;

/**
 * Platt scaling of a classifier's violation score: {@code p = 1 / (1 + exp(-(a * logit(s) + b)))},
 * fitted by {@link #fit} on scores the model gave to examples it was not trained on (held-out
 * folds), so that {@code p} is the observed frequency of violations at that score. Kept in the
 * model's manifest ({@link #MANIFEST_A}, {@link #MANIFEST_B}) so that it is versioned with the
 * model. Immutable.
 *
 * <p>Fitting on the logit of the score rather than the score itself (Platt's original form takes a
 * margin) lets the identity be {@code a = 1, b = 0}, which is {@link #NONE}.
 *
 * @param a slope on the logit of the raw score
 * @param b intercept
 */
public record Calibration(double a, double b) {
  /** The identity: scores used as they are. */
  public static final Calibration NONE = new Calibration(1, 0);

  static final String MANIFEST_A = "vigil-calibration-a";
  static final String MANIFEST_B = "vigil-calibration-b";
  private static final double EPS = 1e-6;

  /** The calibrated probability of a raw score in [0, 1]. */
  public double apply(double raw) {
    if (a == 1 && b == 0) {
      return raw;
    }
    return sigmoid(a * logit(raw) + b);
  }

  /** The calibration stored in {@code model}'s manifest, or {@link #NONE}. */
  static Calibration of(DoccatModel model) {
    String a = model.getManifestProperty(MANIFEST_A);
    String b = model.getManifestProperty(MANIFEST_B);
    if (a == null || b == null) {
      return NONE;
    }
    try {
      return new Calibration(Double.parseDouble(a), Double.parseDouble(b));
    } catch (NumberFormatException e) {
      return NONE;
    }
  }

  /** The manifest entries that store this calibration. */
  Map<String, String> manifest() {
    return Map.of(
        MANIFEST_A,
        String.format(Locale.ROOT, "%.9g", a),
        MANIFEST_B,
        String.format(Locale.ROOT, "%.9g", b));
  }

  /**
   * Fits {@code a, b} by Newton's method on the log loss, with Platt's smoothed targets ({@code (n+
   * + 1)/(n+ + 2)} for violations, {@code 1/(n- + 2)} for clean) so that a few held-out examples
   * cannot drive the fit to certainty.
   *
   * @param scores raw violation scores of held-out examples
   * @param violation whether each example is a violation
   */
  public static Calibration fit(double[] scores, boolean[] violation) {
    int n = scores.length;
    int pos = 0;
    for (boolean v : violation) {
      pos += v ? 1 : 0;
    }
    int neg = n - pos;
    if (pos == 0 || neg == 0) {
      return NONE;
    }
    double hi = (pos + 1.0) / (pos + 2.0);
    double lo = 1.0 / (neg + 2.0);
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = logit(scores[i]);
    }
    double a = 1;
    double b = 0;
    double lambda = 1e-6; // a little damping keeps the Hessian invertible on separable folds
    for (int iter = 0; iter < 100; iter++) {
      double ga = 0;
      double gb = 0;
      double haa = lambda;
      double hab = 0;
      double hbb = lambda;
      for (int i = 0; i < n; i++) {
        double p = sigmoid(a * x[i] + b);
        double t = violation[i] ? hi : lo;
        double d = p - t;
        double w = Math.max(p * (1 - p), 1e-12);
        ga += d * x[i];
        gb += d;
        haa += w * x[i] * x[i];
        hab += w * x[i];
        hbb += w;
      }
      double det = haa * hbb - hab * hab;
      if (det <= 0) {
        break;
      }
      double da = (hbb * ga - hab * gb) / det;
      double db = (haa * gb - hab * ga) / det;
      a -= da;
      b -= db;
      if (Math.abs(da) < 1e-9 && Math.abs(db) < 1e-9) {
        break;
      }
    }
    return Double.isFinite(a) && Double.isFinite(b) ? new Calibration(a, b) : NONE;
  }

  private static double logit(double s) {
    double c = Math.min(1 - EPS, Math.max(EPS, s));
    return Math.log(c / (1 - c));
  }

  private static double sigmoid(double z) {
    return 1 / (1 + Math.exp(-z));
  }
}
