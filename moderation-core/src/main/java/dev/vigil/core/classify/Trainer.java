package dev.vigil.core.classify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.core.text.Normalizer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import opennlp.tools.doccat.BagOfWordsFeatureGenerator;
import opennlp.tools.doccat.DoccatFactory;
import opennlp.tools.doccat.DoccatModel;
import opennlp.tools.doccat.DocumentCategorizerME;
import opennlp.tools.doccat.DocumentSample;
import opennlp.tools.doccat.FeatureGenerator;
import opennlp.tools.util.CollectionObjectStream;
import opennlp.tools.util.TrainingParameters;

/**
 * Trains a {@link Classifier} from labelled examples with OpenNLP's L-BFGS maximum-entropy trainer
 * ({@code MAXENT_QN}, L2 cost 0.5; features seen fewer than {@code cutoff} times are dropped), its
 * scores calibrated on held-out folds. Used by the {@code train} command, by the build of the
 * shipped pack (from the starter corpus) and by the accuracy tests.
 */
public final class Trainer {
  /** One labelled text. */
  public record Example(String text, String label) {}

  private final int iterations;
  private final int cutoff;
  private final boolean shape;
  private final double reviewFalsePositiveRate;

  /**
   * The share of clean held-out posts the stored review threshold lets through to review, by the
   * rules (when {@code train} is given them) and the classifier together (see {@link #train}):
   * below the 0.005 so that a different sample still fits. Chosen by 5-fold
   * cross-validation on the dev sets (see AccuracyTest) as the one that leaves both languages a
   * margin on both recall and false-positive rate.
   */
  public static final double REVIEW_FALSE_POSITIVE_RATE = 0.004;

  public Trainer() {
    this(200, 2, true);
  }

  /**
   * For a small hand-written corpus such as the shipped starter corpus: every feature counts, no
   * review threshold is stored (a hand-written corpus is no sample of the platform's clean posts,
   * so the policy's {@code starterReview} applies), and the post-shape features (length, digits,
   * capitals; see {@link Features}) are left out: how long the examples of a hand-written corpus
   * are says nothing about the platform's posts (learnt from the starter corpus, they sent 11% of
   * the innocent Chinese dev posts, long bank and shop notices, to review).
   */
  public static Trainer forSmallCorpus() {
    return new Trainer(200, 1, false, Double.NaN);
  }

  /** A trainer for the platform's own data, learning every feature. */
  public Trainer(int iterations, int cutoff) {
    this(iterations, cutoff, true);
  }

  /**
   * @param iterations L-BFGS iterations
   * @param cutoff features seen fewer times are dropped
   * @param shape whether the post-shape features are learnt
   */
  public Trainer(int iterations, int cutoff, boolean shape) {
    this(iterations, cutoff, shape, REVIEW_FALSE_POSITIVE_RATE);
  }

  private Trainer(int iterations, int cutoff, boolean shape, double reviewFalsePositiveRate) {
    this.iterations = iterations;
    this.cutoff = cutoff;
    this.shape = shape;
    this.reviewFalsePositiveRate = reviewFalsePositiveRate;
  }

  /**
   * Trains on {@code examples}; needs at least two labels. The model's scores are calibrated
   * ({@link Calibration}) on {@link #CALIBRATION_FOLDS} held-out folds: each fold is scored by a
   * model trained on the others, Platt scaling is fitted on those scores, and the model trained on
   * everything carries it.
   *
   * <p>The same held-out scores choose the model's operating point: the calibrated probability at
   * which the classifier alone sends a post to review so that {@link #REVIEW_FALSE_POSITIVE_RATE}
   * of the clean held-out posts would go there ({@link Classifier#reviewThreshold}). A fixed policy
   * threshold cannot do that: where a given false-positive rate falls depends on the data and the
   * model, and a threshold picked once on one dev set is either wasteful or too loose on the next.
   * Chosen only on the training data, never on what is evaluated. Not stored when there are too few
   * clean posts to measure the rate.
   */
  public Classifier train(List<Example> examples) throws IOException {
    return train(examples, text -> false);
  }

  /**
   * Trains as {@link #train(List)}, with the operating point set for the whole engine: {@code
   * flaggedByRules} says whether the rule pack alone (no classifier) sends a text to review or
   * blocks it, and the clean posts it flags count against {@link #REVIEW_FALSE_POSITIVE_RATE}
   * before the model's threshold lets any more through. Rules that flag 0.1% of a platform's clean
   * posts leave the model 0.25%, where another platform's rules leave it all of it.
   */
  public Classifier train(List<Example> examples, Predicate<String> flaggedByRules)
      throws IOException {
    return train(examples, flaggedByRules, stage -> {});
  }

  /** How many stages {@link #train(List, Predicate, Consumer)} reports: features, folds, fit. */
  public static final int STAGES = Trainer.CALIBRATION_FOLDS + 3;

  /**
   * As {@link #train(List, Predicate)}, telling {@code stages} the name of each stage as it starts
   * ({@value #STAGES} in all: {@code features}, {@code fold 1/4} ..., {@code rules}, {@code final
   * fit}), for a progress display.
   */
  public Classifier train(
      List<Example> examples,
      Predicate<String> flaggedByRules,
      java.util.function.Consumer<String> stages)
      throws IOException {
    return train(examples, List.of(), flaggedByRules, stages);
  }

  /**
   * As {@link #train(List, Predicate, java.util.function.Consumer)}, the model also learning {@code
   * background}: examples that are not a sample of the platform's posts (the pack's hand-written
   * starter corpus). They join every fit, the held-out folds' and the final one, but are never held
   * out: the calibration and the review threshold are measured on {@code examples} alone, since a
   * corpus of hard negatives written to resemble fraud says nothing about how many of the
   * platform's clean posts a threshold would send to review (measured: counted in, it raised the
   * threshold and cost a fifth of the recall on real SMS it had gained on long scripts).
   */
  public Classifier train(
      List<Example> examples,
      List<Example> background,
      Predicate<String> flaggedByRules,
      java.util.function.Consumer<String> stages)
      throws IOException {
    int own = examples.size();
    List<Example> all = new ArrayList<>(own + background.size());
    all.addAll(examples);
    all.addAll(background);
    stages.accept("features");
    List<DocumentSample> samples = new ArrayList<>(all.size());
    List<long[]> features = new ArrayList<>(all.size());
    Normalizer normalizer = Normalizer.get();
    for (Example e : all) {
      long[] keys = Features.keys(normalizer.normalize(e.text()));
      if (!shape) {
        keys = java.util.Arrays.stream(keys).filter(k -> !Features.isShape(k)).toArray();
      }
      String[] f = new String[Math.max(1, keys.length)];
      f[0] = "<empty>";
      for (int i = 0; i < keys.length; i++) {
        f[i] = Features.token(keys[i]);
      }
      samples.add(new DocumentSample(e.label(), f));
      features.add(keys);
    }
    if (samples.stream().map(DocumentSample::getCategory).distinct().count() < 2) {
      throw new IllegalArgumentException("training data needs at least two labels");
    }
    java.util.concurrent.ExecutorService pool = fitPool();
    try {
      return train(examples, flaggedByRules, stages, own, samples, features, pool);
    } finally {
      pool.shutdownNow();
    }
  }

  private Classifier train(
      List<Example> examples,
      Predicate<String> flaggedByRules,
      java.util.function.Consumer<String> stages,
      int own,
      List<DocumentSample> samples,
      List<long[]> features,
      java.util.concurrent.ExecutorService pool)
      throws IOException {
    java.util.concurrent.Future<DoccatModel> last = pool.submit(() -> fit(samples));
    HeldOut heldOut = heldOut(samples, features, own, stages, pool);
    Calibration calibration =
        heldOut == null ? Calibration.NONE : Calibration.fit(heldOut.scores, heldOut.violation);
    java.util.Map<String, String> manifest = new java.util.HashMap<>(calibration.manifest());
    stages.accept("rules");
    double threshold =
        heldOut == null
            ? Double.NaN
            : ReviewThreshold.at(
                heldOut.scores,
                heldOut.violation,
                flaggedClean(examples, flaggedByRules),
                calibration,
                reviewFalsePositiveRate);
    if (!Double.isNaN(threshold)) {
      manifest.putAll(ReviewThreshold.manifest(threshold));
    }
    stages.accept("final fit");
    DoccatModel model = await(last);
    return Classifier.of(
        new DoccatModel("und", model.getMaxentModel(), manifest, model.getFactory()));
  }

  private static boolean[] flaggedClean(List<Example> examples, Predicate<String> flaggedByRules) {
    boolean[] flagged = new boolean[examples.size()];
    for (int i = 0; i < flagged.length; i++) {
      Example e = examples.get(i);
      flagged[i] = Classifier.CLEAN.equals(e.label()) && flaggedByRules.test(e.text());
    }
    return flagged;
  }

  /** Raw violation scores of the platform's examples, each by a model that did not see it. */
  private record HeldOut(double[] scores, boolean[] violation) {}

  /**
   * Held-out folds for calibration: enough scores to fit two parameters, at a quarter more training
   * time each.
   */
  static final int CALIBRATION_FOLDS = 4;

  private HeldOut heldOut(
      List<DocumentSample> samples,
      List<long[]> features,
      int n,
      java.util.function.Consumer<String> stages,
      java.util.concurrent.ExecutorService pool)
      throws IOException {
    List<java.util.concurrent.Future<DoccatModel>> folds = new ArrayList<>();
    for (int k = 0; k < CALIBRATION_FOLDS; k++) {
      List<DocumentSample> train = new ArrayList<>(samples.size());
      for (int i = 0; i < samples.size(); i++) {
        // The first n are the platform's sample, held out in turn; the background is always learnt.
        if (i >= n || i % CALIBRATION_FOLDS != k) {
          train.add(samples.get(i));
        }
      }
      if (train.stream().map(DocumentSample::getCategory).distinct().count() < 2) {
        folds.forEach(f -> f.cancel(true));
        return null; // too few examples to hold any out
      }
      folds.add(pool.submit(() -> fit(train)));
    }
    double[] scores = new double[n];
    boolean[] violation = new boolean[n];
    for (int k = 0; k < CALIBRATION_FOLDS; k++) {
      stages.accept("fold " + (k + 1) + "/" + CALIBRATION_FOLDS);
      Classifier fold = Classifier.of(await(folds.get(k)));
      for (int i = k; i < n; i += CALIBRATION_FOLDS) {
        double[] p = fold.scores(features.get(i));
        scores[i] = fold.violation(p);
        violation[i] = !Classifier.CLEAN.equals(samples.get(i).getCategory());
      }
    }
    return new HeldOut(scores, violation);
  }

  /**
   * The fits of one {@code train} (four held-out folds and the final one) are independent, so they
   * run side by side on up to five threads: each model is the same as a sequential run's, in a
   * fraction of the time on a machine with more than one core.
   */
  private static java.util.concurrent.ExecutorService fitPool() {
    int threads =
        Math.max(1, Math.min(CALIBRATION_FOLDS + 1, Runtime.getRuntime().availableProcessors()));
    java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
    return java.util.concurrent.Executors.newFixedThreadPool(
        threads,
        r -> {
          Thread t = new Thread(r, "vigil-train-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
  }

  private static DoccatModel await(java.util.concurrent.Future<DoccatModel> f) throws IOException {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("training interrupted");
    } catch (java.util.concurrent.ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof IOException io) {
        throw io;
      }
      if (c instanceof RuntimeException re) {
        throw re;
      }
      if (c instanceof Error err) {
        throw err;
      }
      throw new IOException(c);
    }
  }

  private DoccatModel fit(List<DocumentSample> samples) throws IOException {
    TrainingParameters params = new TrainingParameters();
    params.put(TrainingParameters.ALGORITHM_PARAM, "MAXENT_QN");
    params.put("L2Cost", 0.5);
    params.put(TrainingParameters.ITERATIONS_PARAM, iterations);
    params.put(TrainingParameters.CUTOFF_PARAM, cutoff);
    params.put("PrintMessages", false);
    DoccatFactory factory =
        new DoccatFactory(new FeatureGenerator[] {new BagOfWordsFeatureGenerator()});
    return DocumentCategorizerME.train(
        "und", new CollectionObjectStream<>(samples), params, factory);
  }

  /**
   * Reads JSON lines {@code {"text": ..., "label": ...}}; blank lines are skipped.
   *
   * @throws IOException naming the line of the first malformed record
   */
  public static List<Example> readJsonLines(Path file) throws IOException {
    return readJsonLines(Files.readString(file, StandardCharsets.UTF_8), file.toString());
  }

  /** As {@link #readJsonLines(Path)}, from a string; {@code name} is used in messages. */
  public static List<Example> readJsonLines(String content, String name) throws IOException {
    ObjectMapper json = new ObjectMapper();
    List<Example> out = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new StringReader(content))) {
      int lineNo = 0;
      for (String line; (line = r.readLine()) != null; ) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        JsonNode node;
        try {
          node = json.readTree(line);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
          throw new IOException(
              name + ":" + lineNo + ": not a JSON object: " + e.getOriginalMessage());
        }
        if (node == null
            || !node.path("text").isTextual()
            || !node.path("label").isTextual()
            || node.path("label").asText().isBlank()) {
          throw new IOException(
              name + ":" + lineNo + ": expected {\"text\": string, \"label\": string}");
        }
        out.add(new Example(node.get("text").asText(), node.get("label").asText()));
      }
    }
    return out;
  }
}
