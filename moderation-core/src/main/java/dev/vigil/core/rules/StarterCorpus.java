package dev.vigil.core.rules;

import dev.vigil.core.classify.MaskedForm;
import dev.vigil.core.classify.Trainer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The pack's starter corpus as the starter model learns it. {@code classifier.corpus} in {@code
 * pack.yaml} names one JSON-lines file, or a directory ({@code corpus/}) whose {@code *.jsonl}
 * files are read in name order. Every post is learnt as written and, when it differs, in its {@link
 * MaskedForm} (contacts masked, punctuation dropped).
 */
final class StarterCorpus {
  private StarterCorpus() {}

  /** The training examples, or null when the corpus is absent. */
  static List<Trainer.Example> read(PackSource src, String corpus) throws IOException {
    return read(src, corpus, 1.0, 0);
  }

  /**
   * As {@link #read(PackSource, String)}, keeping about {@code share} of the posts of at least
   * {@code minLength} characters as written (each with its masked form), chosen by a hash of the
   * text so that every run keeps the same ones.
   */
  static List<Trainer.Example> read(PackSource src, String corpus, double share, int minLength)
      throws IOException {
    List<String> names = new ArrayList<>();
    if (corpus.endsWith("/")) {
      for (String f : src.files()) {
        if (f.startsWith(corpus) && f.endsWith(".jsonl")) {
          names.add(f);
        }
      }
    } else if (src.read(corpus) != null) {
      names.add(corpus);
    }
    if (names.isEmpty()) {
      return null;
    }
    List<Trainer.Example> out = new ArrayList<>();
    for (String name : names) {
      byte[] bytes = src.read(name);
      for (Trainer.Example e :
          Trainer.readJsonLines(new String(bytes, StandardCharsets.UTF_8), name)) {
        if (e.text().length() < minLength || !kept(e.text(), share)) {
          continue;
        }
        out.add(e);
        String masked = MaskedForm.of(e.text());
        if (!masked.isEmpty() && !masked.equals(e.text())) {
          out.add(new Trainer.Example(masked, e.label()));
        }
      }
    }
    return out;
  }

  private static boolean kept(String text, double share) {
    if (share >= 1) {
      return true;
    }
    // String.hashCode is specified, so the choice is the same on every JVM; mixed (murmur3's
    // finaliser) so that similar texts are not kept or dropped together.
    int h = text.hashCode();
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    h ^= h >>> 16;
    return (h & 0x7fffffff) < share * Integer.MAX_VALUE;
  }
}
