package dev.vigil.core.classify;

import java.util.ArrayList;
import java.util.List;

/**
 * A small training set of our own for classifier tests: one fraud phrase and two clean ones,
 * numbered.
 */
final class TinyCorpus {
  private TinyCorpus() {}

  /** {@code copies} numbered copies of each phrase: a third fraud, two thirds clean. */
  static List<Trainer.Example> examples(int copies) {
    List<Trainer.Example> ex = new ArrayList<>();
    for (int i = 0; i < copies; i++) {
      ex.add(new Trainer.Example("兼职刷单日结返利" + i, "fraud"));
      ex.add(new Trainer.Example("明天一起吃饭吧" + i, "clean"));
      ex.add(new Trainer.Example("快递放在门口了" + i, "clean"));
    }
    return ex;
  }
}
