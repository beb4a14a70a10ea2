package dev.vigil.core.classify;

import dev.vigil.core.text.NormalizedText;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import opennlp.tools.doccat.DoccatModel;
import opennlp.tools.ml.model.AbstractModel;
import opennlp.tools.ml.model.Context;
import opennlp.tools.ml.model.MaxentModel;

/**
 * A document classifier over {@link Features}: an Apache OpenNLP {@link DoccatModel} trained by
 * L-BFGS maximum entropy (multinomial logistic regression with L2 regularisation), whose outcome
 * probabilities are the classifier's scores. Labels are those of the training data; {@link #CLEAN}
 * is the label for no violation.
 *
 * <p>Inference does not go through OpenNLP's string-keyed evaluation: at load the model's weights
 * are copied into a primitive open-addressing table keyed by the 64-bit feature keys, and a post is
 * scored as the softmax of its summed weights (the same function OpenNLP computes, checked by a
 * test), with no string built or hashed. The model's version is a digest of its bytes, so a
 * decision can name the exact model. Immutable and thread-safe.
 *
 * <p>A maxent model's probabilities are not calibrated: trained to separate its corpus, it is
 * over-confident on posts unlike it. {@code train} therefore fits Platt scaling ({@link
 * Calibration}) on scores of held-out folds and stores it in the model's manifest; {@link
 * #violation} applies it, so that a policy threshold of 0.9 means a 90% chance of a violation for
 * every model, not a model-specific score. A model without one scores uncalibrated. The same
 * held-out scores give the model its own review threshold ({@link #reviewThreshold}).
 */
public final class Classifier {
  /** The label of posts that violate nothing. */
  public static final String CLEAN = "clean";

  // The model as written, not OpenNLP's object: its string-keyed maps cost several times the table
  // below in heap, and a live reload holds two packs at once. Kept only for write().
  private final byte[] bytes;
  private final String version;
  private final String[] labels;
  private final int cleanIndex;
  // Per slot, stride longs: the feature key (0 = empty), then its weight for each outcome as floats
  // two to a long, so that a known feature's key and weights are read from one place (one cache
  // miss
  // rather than one in a key array and another in a weight array).
  private final long[] table;
  private final int stride;
  // A one-hash Bloom filter of the model's keys, about 8 bits per key: most features of a post the
  // model does not know are turned away here, in a bitmap small enough to stay in cache, without
  // the
  // cache miss of probing the table (a known feature costs one more cached read).
  private final long[] filter;
  private final int filterShift;
  private final int mask;
  private final int shift;
  private final Calibration calibration;
  private final double reviewThreshold;

  private Classifier(DoccatModel model, byte[] bytes) {
    this.bytes = bytes;
    this.version = digest(bytes);
    this.calibration = Calibration.of(model);
    this.reviewThreshold = ReviewThreshold.of(model);
    MaxentModel maxent = model.getMaxentModel();
    labels = new String[maxent.getNumOutcomes()];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = maxent.getOutcome(i);
    }
    cleanIndex = Arrays.asList(labels).indexOf(CLEAN);
    @SuppressWarnings("unchecked")
    Map<String, Context> pmap =
        (Map<String, Context>) ((AbstractModel) maxent).getDataStructures()[1];
    int cap = Integer.highestOneBit(Math.max(4, pmap.size() * 2 - 1)) << 1;
    stride = 1 + (labels.length + 1) / 2;
    table = new long[cap * stride];
    int filterBits = Integer.highestOneBit(Math.max(64, pmap.size() * 8 - 1)) << 1;
    filter = new long[filterBits / 64];
    filterShift = 64 - Integer.numberOfTrailingZeros(filterBits);
    mask = cap - 1;
    shift = 64 - Integer.numberOfTrailingZeros(cap);
    for (Map.Entry<String, Context> e : pmap.entrySet()) {
      String name = e.getKey();
      if (!name.startsWith("bow=")) {
        continue;
      }
      long key;
      try {
        key = Long.parseLong(name.substring(4), 36);
      } catch (NumberFormatException ex) {
        continue; // a feature this version does not produce
      }
      int slot = slot(key);
      table[slot * stride] = key;
      int bit = filterBit(key);
      filter[bit >>> 6] |= 1L << bit;
      int[] outcomes = e.getValue().getOutcomes();
      double[] params = e.getValue().getParameters();
      for (int k = 0; k < outcomes.length; k++) {
        setWeight(slot, outcomes[k], (float) params[k]);
      }
    }
  }

  /**
   * The table slot of {@code key}: Fibonacci hashing (the high bits of the key times 2^64/phi),
   * then linear probing. The high bits matter: n-gram keys that end in the same character share
   * their low bits, and a hash of the low bits put every n-gram ending in one character into one
   * long probe chain.
   */
  private int slot(long key) {
    int s = (int) ((key * 0x9E3779B97F4A7C15L) >>> shift);
    long k;
    while ((k = table[s * stride]) != 0 && k != key) {
      s = (s + 1) & mask;
    }
    return s;
  }

  /**
   * The filter bit of {@code key}: the high bits of another multiplicative hash than the table's.
   */
  private int filterBit(long key) {
    return (int) ((key * 0xC2B2AE3D27D4EB4FL) >>> filterShift);
  }

  /** False when the model surely has no weights for {@code key}. */
  private boolean mayKnow(long key) {
    int bit = filterBit(key);
    return (filter[bit >>> 6] & (1L << bit)) != 0;
  }

  private void setWeight(int slot, int outcome, float weight) {
    int i = slot * stride + 1 + (outcome >> 1);
    int bit = (outcome & 1) * 32;
    long bits = Float.floatToRawIntBits(weight) & 0xFFFFFFFFL;
    table[i] = (table[i] & ~(0xFFFFFFFFL << bit)) | (bits << bit);
  }

  /** Reads a model written by {@link #write(OutputStream)} (or by {@code train}). */
  public static Classifier read(byte[] bytes) throws IOException {
    try (InputStream in = new ByteArrayInputStream(bytes)) {
      return new Classifier(new DoccatModel(in), bytes.clone());
    }
  }

  static Classifier of(DoccatModel model) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    model.serialize(out);
    return new Classifier(model, out.toByteArray());
  }

  /** Writes the model: the bytes its {@link #version} is the digest of. */
  public void write(OutputStream out) throws IOException {
    out.write(bytes);
  }

  /** Short digest of the model bytes, e.g. {@code 3f9a0c12}. */
  public String version() {
    return version;
  }

  /** The labels the model knows, in the order of {@link #scores(NormalizedText)}. */
  public List<String> labels() {
    return List.of(labels);
  }

  /** Index of {@link #CLEAN} in {@link #labels()}, or -1. */
  public int cleanIndex() {
    return cleanIndex;
  }

  /**
   * The Platt scaling of {@link #violation}, {@link Calibration#NONE} for a model trained without
   * one.
   */
  public Calibration calibration() {
    return calibration;
  }

  /**
   * The calibrated probability of a violation at which this model alone sends a post to review,
   * chosen at {@code train} time on held-out folds of its training data to let a fixed share of
   * clean posts through ({@link Trainer#REVIEW_FALSE_POSITIVE_RATE}); NaN for a model without one
   * (the starter model, older models), for which the policy's threshold applies.
   */
  public double reviewThreshold() {
    return reviewThreshold;
  }

  /**
   * The calibrated probability that {@code scores} (from {@link #scores}) belong to a violation of
   * any kind: the non-clean labels' summed probability through the model's {@link Calibration}.
   */
  public double violation(double[] scores) {
    double raw = 0;
    for (int k = 0; k < scores.length; k++) {
      if (k != cleanIndex) {
        raw += scores[k];
      }
    }
    return calibration.apply(raw);
  }

  /**
   * Probability of each label (in {@link #labels()} order) for {@code text}; they sum to 1
   * (uncalibrated).
   */
  public double[] scores(NormalizedText text) {
    // Features stream straight into the sums, unsorted: a feature counts once (presence), so the
    // slots already
    // summed are remembered in a small set of their own rather than deduplicating the features by
    // sorting them.
    try (Sum sum = new Sum(Features.limit(text.length()))) {
      Features.forEach(text, sum);
      return softmax(sum.total);
    }
  }

  double[] scores(long[] features) {
    try (Sum sum = new Sum(features.length)) {
      for (long f : features) {
        sum.accept(f);
      }
      return softmax(sum.total);
    }
  }

  /**
   * Each thread's set of the slots already summed (see {@link Sum}): kept between posts and cleared
   * entry by entry after each, so a long post neither allocates nor zeroes a table sized for every
   * feature it could have.
   */
  private static final ThreadLocal<Seen> SEEN = ThreadLocal.withInitial(Seen::new);

  /** An open-addressing set of {@code slot + 1} values (0 = empty), and the entries in use. */
  private static final class Seen {
    int[] table = new int[0];
    int[] used = new int[64];
    int usedCount;
    boolean busy;

    void clear() {
      for (int k = 0; k < usedCount; k++) {
        table[used[k]] = 0;
      }
      usedCount = 0;
    }
  }

  /** Sums the weights of each distinct feature the model knows. */
  private final class Sum implements Features.Sink, AutoCloseable {
    final double[] total = new double[labels.length];
    private final Seen set;
    private final int[] seen; // slot + 1 of each feature summed so far, open addressing; 0 = empty
    private final int seenMask;
    private final int seenShift;

    Sum(int features) {
      int size = Integer.highestOneBit(Math.max(2, features) * 2 - 1) << 1;
      Seen s = SEEN.get();
      if (s.busy) {
        s = new Seen(); // not reentrant use, but never share a set in use
      }
      if (s.table.length < size) {
        s.table = new int[size];
      }
      s.busy = true;
      set = s;
      seen = s.table;
      seenMask = seen.length - 1;
      seenShift = 32 - Integer.numberOfTrailingZeros(seen.length);
    }

    @Override
    public void accept(long feature) {
      if (!mayKnow(feature)) {
        return;
      }
      int s = slot(feature);
      int base = s * stride;
      if (table[base] != feature || !firstTime(s + 1)) {
        return;
      }
      int m = total.length;
      for (int k = 0; k < m; k++) {
        total[k] += Float.intBitsToFloat((int) (table[base + 1 + (k >> 1)] >>> ((k & 1) * 32)));
      }
    }

    private boolean firstTime(int slotPlusOne) {
      int i = (slotPlusOne * 0x9E3779B9) >>> seenShift;
      while (seen[i] != 0) {
        if (seen[i] == slotPlusOne) {
          return false;
        }
        i = (i + 1) & seenMask;
      }
      seen[i] = slotPlusOne;
      Seen s = set;
      if (s.usedCount == s.used.length) {
        s.used = Arrays.copyOf(s.used, s.used.length * 2);
      }
      s.used[s.usedCount++] = i;
      return true;
    }

    @Override
    public void close() {
      set.clear();
      set.busy = false;
    }
  }

  private static double[] softmax(double[] sum) {
    int m = sum.length;
    double max = Double.NEGATIVE_INFINITY;
    for (double v : sum) {
      max = Math.max(max, v);
    }
    double total = 0;
    for (int k = 0; k < m; k++) {
      sum[k] = Math.exp(sum[k] - max);
      total += sum[k];
    }
    for (int k = 0; k < m; k++) {
      sum[k] /= total;
    }
    return sum;
  }

  /**
   * OpenNLP's own evaluation of the same features, for tests that check {@link #scores} against it.
   */
  double[] openNlpScores(NormalizedText text) {
    long[] f = Features.keys(text);
    List<String> context = new ArrayList<>(f.length);
    for (long k : f) {
      context.add("bow=" + Features.token(k));
    }
    return openNlp().getMaxentModel().eval(context.toArray(new String[0]));
  }

  // Only the tests' reference scores read it; decisions never do.
  private volatile DoccatModel openNlp;

  /** OpenNLP's model, read again from the bytes the first time a reference score needs it. */
  private DoccatModel openNlp() {
    DoccatModel m = openNlp;
    if (m == null) {
      try (InputStream in = new ByteArrayInputStream(bytes)) {
        openNlp = m = new DoccatModel(in);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    return m;
  }

  /**
   * The scores as plainly as they can be computed, for tests that check {@link #scores}' table,
   * filter and duplicate set against it: the distinct features sorted, each looked up by its
   * OpenNLP name in the model's own map, its weights rounded to float as the table stores them.
   */
  double[] referenceScores(NormalizedText text) {
    MaxentModel maxent = openNlp().getMaxentModel();
    @SuppressWarnings("unchecked")
    Map<String, Context> pmap =
        (Map<String, Context>) ((AbstractModel) maxent).getDataStructures()[1];
    double[] sum = new double[labels.length];
    for (long k : Features.keys(text)) {
      Context ctx = pmap.get("bow=" + Features.token(k));
      if (ctx == null) {
        continue;
      }
      int[] outcomes = ctx.getOutcomes();
      double[] params = ctx.getParameters();
      for (int o = 0; o < outcomes.length; o++) {
        sum[outcomes[o]] += (float) params[o];
      }
    }
    return softmax(sum);
  }

  private static String digest(byte[] bytes) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(bytes);
      return HexFormat.of().formatHex(d, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return "Classifier[" + version + ", labels=" + String.join(",", labels) + "]";
  }
}
