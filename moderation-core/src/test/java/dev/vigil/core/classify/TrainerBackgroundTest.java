package dev.vigil.core.classify;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.core.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A background corpus (the pack's starter corpus, {@code train --starter-corpus}) is learnt by the
 * model but never measured: the calibration and the review threshold come from the platform's own
 * examples alone.
 */
class TrainerBackgroundTest {
  private static final String BACKGROUND_FRAUD = "中奖领奖先交手续费";

  private static List<Trainer.Example> background(int copies, boolean withFraud) {
    List<Trainer.Example> ex = new ArrayList<>();
    for (int i = 0; i < copies; i++) {
      if (withFraud) {
        ex.add(new Trainer.Example(BACKGROUND_FRAUD + i, "fraud"));
      }
      ex.add(new Trainer.Example("周末去公园散步" + i, "clean"));
    }
    return ex;
  }

  private static double violation(Classifier c, String text) {
    return c.violation(c.scores(Normalizer.get().normalize(text)));
  }

  @Test
  void theModelLearnsWhatOnlyTheBackgroundKnows() throws Exception {
    List<Trainer.Example> own = TinyCorpus.examples(30);
    Classifier alone = new Trainer(200, 1).train(own, List.of(), text -> false, s -> {});
    Classifier with = new Trainer(200, 1).train(own, background(30, true), text -> false, s -> {});
    assertTrue(
        violation(with, BACKGROUND_FRAUD) > violation(alone, BACKGROUND_FRAUD) + 0.2,
        "with "
            + violation(with, BACKGROUND_FRAUD)
            + " alone "
            + violation(alone, BACKGROUND_FRAUD));
    assertTrue(violation(with, "兼职刷单日结返利") > 0.5, "what the platform's data teaches stays");
  }
}
