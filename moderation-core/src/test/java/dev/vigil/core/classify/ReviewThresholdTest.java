package dev.vigil.core.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReviewThresholdTest {
  @Test
  void letsThroughTheGivenShareOfCleanScores() {
    // 1000 clean scores 0.000, 0.001, ..., 0.999 and a few violations: at 0.003, the top three
    // clean scores
    // (0.997, 0.998, 0.999) may reach the threshold, 0.996 may not.
    double[] s = new double[1010];
    boolean[] y = new boolean[s.length];
    for (int i = 0; i < 1000; i++) {
      s[i] = i / 1000.0;
    }
    for (int i = 1000; i < s.length; i++) {
      s[i] = 0.9995;
      y[i] = true;
    }
    double t = ReviewThreshold.at(s, y, new boolean[s.length], Calibration.NONE, 0.003);
    assertTrue(t > 0.996 && t <= 0.997, "threshold " + t);
    int above = 0;
    for (int i = 0; i < 1000; i++) {
      above += s[i] >= t ? 1 : 0;
    }
    assertEquals(3, above);
  }

  @Test
  void cleanPostsTheRulesAlreadyFlagSpendTheRateFirst() {
    // 1000 clean scores as above; the rules flag two clean posts (scoring 0.1 and 0.2): one is left
    // for the model.
    double[] s = new double[1000];
    boolean[] y = new boolean[s.length];
    boolean[] flagged = new boolean[s.length];
    for (int i = 0; i < 1000; i++) {
      s[i] = i / 1000.0;
    }
    flagged[100] = true;
    flagged[200] = true;
    double t = ReviewThreshold.at(s, y, flagged, Calibration.NONE, 0.003);
    assertTrue(t > 0.998 && t <= 0.999, "threshold " + t);
    // the rules alone spend it all: the model may let no clean post through
    flagged[300] = true;
    double none = ReviewThreshold.at(s, y, flagged, Calibration.NONE, 0.003);
    assertTrue(none > 0.999, "threshold " + none);
  }

  @Test
  void tooFewCleanExamplesToMeasureTheRateGiveNone() {
    double[] s = {0.1, 0.2, 0.9};
    boolean[] y = {false, false, true};
    assertTrue(
        Double.isNaN(ReviewThreshold.at(s, y, new boolean[s.length], Calibration.NONE, 0.003)));
  }

  @Test
  void trainStoresItAndTheStarterTrainerDoesNot() throws Exception {
    List<Trainer.Example> ex = TinyCorpus.examples(400);
    Classifier c = new Trainer(50, 1).train(ex);
    assertTrue(
        c.reviewThreshold() > 0 && c.reviewThreshold() <= 1, "threshold " + c.reviewThreshold());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    c.write(out);
    assertEquals(c.reviewThreshold(), Classifier.read(out.toByteArray()).reviewThreshold());
    assertTrue(Double.isNaN(Trainer.forSmallCorpus().train(ex).reviewThreshold()));
  }
}
