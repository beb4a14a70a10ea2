package dev.vigil.core.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.core.TestPaths;
import dev.vigil.core.text.NormalizedText;
import dev.vigil.core.text.Normalizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The fast scoring (one interleaved key-and-weights table, a Bloom filter in front of it, a reused
 * per-thread set of the features already summed) gives the plain computation's probabilities on
 * every post of the corpus and on long posts made of consecutive corpus posts (up to 4,000
 * characters, past the feature limit), to 1e-9.
 */
class ClassifierTableTest {
  @Test
  void fastScoresEqualThePlainComputationOnTheCorpus() throws Exception {
    List<Trainer.Example> corpus = new ArrayList<>();
    try (Stream<Path> files = Files.list(TestPaths.rulesDir().resolve("corpus"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList()) {
        corpus.addAll(Trainer.readJsonLines(f));
      }
    }
    // A model of every label, trained on a slice of the corpus so that many features are unknown.
    List<Trainer.Example> sample = new ArrayList<>();
    for (int i = 0; i < corpus.size(); i += 8) {
      sample.add(corpus.get(i));
    }
    Classifier c = new Trainer(30, 1).train(sample);
    List<String> texts = new ArrayList<>();
    for (Trainer.Example e : corpus) {
      texts.add(e.text());
    }
    for (int length : new int[] {400, 4000}) {
      for (int i = 0; i < 60; i++) {
        StringBuilder sb = new StringBuilder();
        for (int p = i * corpus.size() / 60; sb.length() < length; p = (p + 1) % corpus.size()) {
          sb.append(corpus.get(p).text()).append('\n');
        }
        texts.add(sb.substring(0, length));
      }
    }
    int checked = 0;
    for (String s : texts) {
      NormalizedText t = Normalizer.get().normalize(s);
      double[] fast = c.scores(t);
      double[] plain = c.referenceScores(t);
      assertEquals(plain.length, fast.length);
      for (int k = 0; k < fast.length; k++) {
        assertEquals(plain[k], fast[k], 1e-9, s);
      }
      checked++;
    }
    assertTrue(checked > 9000, "checked " + checked);
  }
}
