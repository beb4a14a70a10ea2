package dev.vigil.core.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CalibrationTest {
  @Test
  void recoversTheFrequencyBehindOverConfidentScores() {
    // Scores that claim far more certainty than the labels bear out: the true frequency is
    // sigmoid(0.5 * logit(s) - 1).
    Random r = new Random(1);
    int n = 20_000;
    double[] s = new double[n];
    boolean[] y = new boolean[n];
    for (int i = 0; i < n; i++) {
      s[i] = 0.001 + 0.998 * r.nextDouble();
      double z = 0.5 * Math.log(s[i] / (1 - s[i])) - 1;
      y[i] = r.nextDouble() < 1 / (1 + Math.exp(-z));
    }
    Calibration c = Calibration.fit(s, y);
    assertEquals(0.5, c.a(), 0.05);
    assertEquals(-1, c.b(), 0.1);
    assertEquals(1 / (1 + Math.exp(1)), c.apply(0.5), 0.03); // a raw 0.5 is really a 27% chance
  }

  @Test
  void oneClassOnlyLeavesScoresAsTheyAre() {
    assertEquals(
        Calibration.NONE, Calibration.fit(new double[] {0.2, 0.9}, new boolean[] {true, true}));
    assertEquals(0.42, Calibration.NONE.apply(0.42), 0);
  }

  @Test
  void trainedModelCarriesItsCalibration() throws Exception {
    List<Trainer.Example> ex = TinyCorpus.examples(12);
    Classifier c = Trainer.forSmallCorpus().train(ex);
    assertNotEquals(Calibration.NONE, c.calibration());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    c.write(out);
    assertEquals(c.calibration(), Classifier.read(out.toByteArray()).calibration());
  }
}
