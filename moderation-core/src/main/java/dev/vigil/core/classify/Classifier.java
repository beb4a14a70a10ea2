package dev.vigil.core.classify;

import dev.vigil.core.text.NormalizedText;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import opennlp.tools.doccat.DoccatModel;
import opennlp.tools.ml.model.MaxentModel;

/**
 * A document classifier over {@link Features}: an Apache OpenNLP {@link DoccatModel} (maximum entropy), whose outcome
 * probabilities are the classifier's scores. Labels are those of the training data ({@code fraud},
 * {@code prohibited_goods}, {@code clean}); {@link #CLEAN} is the label for no violation. The model's version is a
 * digest of its bytes, so that every decision names the exact model that scored it. Thread-safe: inference uses
 * only the immutable maxent model.
 */
public final class Classifier {
  /** The label of posts that violate nothing. */
  public static final String CLEAN = "clean";

  private final DoccatModel model;
  private final MaxentModel maxent;
  private final String version;

  private Classifier(DoccatModel model, String version) {
    this.model = model;
    this.maxent = model.getMaxentModel();
    this.version = version;
  }

  /** Reads a model written by {@link #write(OutputStream)} (or by {@code train}). */
  public static Classifier read(byte[] bytes) throws IOException {
    try (InputStream in = new ByteArrayInputStream(bytes)) {
      return new Classifier(new DoccatModel(in), digest(bytes));
    }
  }

  static Classifier of(DoccatModel model) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    model.serialize(out);
    return new Classifier(model, digest(out.toByteArray()));
  }

  /** Writes the model. */
  public void write(OutputStream out) throws IOException {
    model.serialize(out);
  }

  /** Short digest of the model bytes, e.g. {@code 3f9a0c12}. */
  public String version() {
    return version;
  }

  /** Probability of each label for {@code text}; they sum to 1. */
  public Map<String, Double> probabilities(NormalizedText text) {
    return probabilities(Features.of(text));
  }

  Map<String, Double> probabilities(String[] features) {
    String[] context = new String[features.length];
    for (int i = 0; i < features.length; i++) {
      context[i] = "bow=" + features[i];
    }
    double[] p = maxent.eval(context);
    Map<String, Double> out = new LinkedHashMap<>();
    for (int i = 0; i < p.length; i++) {
      out.put(maxent.getOutcome(i), p[i]);
    }
    return out;
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
    return "Classifier[" + version + ", labels=" + String.join(",", labels()) + "]";
  }

  /** The labels the model knows. */
  public java.util.List<String> labels() {
    java.util.List<String> out = new java.util.ArrayList<>();
    for (int i = 0; i < maxent.getNumOutcomes(); i++) {
      out.add(maxent.getOutcome(i));
    }
    return out;
  }
}
