package dev.vigil.core.classify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.core.text.Normalizer;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClassifierTest {
  private static List<Trainer.Example> corpus() {
    List<Trainer.Example> out = new ArrayList<>();
    String[] fraud = {
      "兼职刷单日结佣金", "刷单返利先垫付", "做任务返佣金", "win a free prize now", "claim your cash prize"
    };
    String[] clean = {
      "明天一起吃饭", "会议改到下午", "记得带伞", "see you at dinner", "the meeting moved to monday"
    };
    for (String s : fraud) {
      out.add(new Trainer.Example(s, "fraud"));
    }
    for (String s : clean) {
      out.add(new Trainer.Example(s, "clean"));
    }
    return out;
  }

  @Test
  void fastScoresEqualOpenNlpEvaluation() throws Exception {
    Classifier c = Trainer.forSmallCorpus().train(corpus());
    for (String s : new String[] {"刷单返利", "明天吃饭", "free prize dinner", "", "完全无关的句子"}) {
      var t = Normalizer.get().normalize(s);
      assertArrayEquals(c.openNlpScores(t), c.scores(t), 1e-6, s);
    }
  }

  @Test
  void postShapeFeaturesAreLearntFromPlatformDataAndScoredAlike() throws Exception {
    Classifier c = new Trainer(200, 1).train(corpus());
    for (String s : new String[] {"刷单返利 13800138000", "free prize call 08001234567 now", "ok"}) {
      var t = Normalizer.get().normalize(s);
      assertArrayEquals(c.openNlpScores(t), c.scores(t), 1e-6, s);
    }
  }

  @Test
  void featuresOfAHugePostAreBounded() {
    for (String s :
        new String[] {
          "a".repeat(50_000) + "b".repeat(50_000),
          "ab1".repeat(30_000),
          "abcdefghij".repeat(10_000) + "1234",
          "微信刷单".repeat(20_000)
        }) {
      long[] f = Features.keys(Normalizer.get().normalize(s));
      assertTrue(f.length <= Features.MAX_FEATURES + 2, "features " + f.length);
      assertTrue(
          java.util.Arrays.stream(f).anyMatch(Features::isShape),
          "the post shape is always a feature");
    }
  }

  @Test
  void learnsAndRoundTrips() throws Exception {
    Classifier c = Trainer.forSmallCorpus().train(corpus());
    double[] p = c.scores(Normalizer.get().normalize("兼 职 刷 單"));
    int fraud = c.labels().indexOf("fraud");
    assertTrue(p[fraud] > 0.5, "evasions are normalised before features");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    c.write(out);
    Classifier back = Classifier.read(out.toByteArray());
    assertEquals(c.labels(), back.labels());
    assertArrayEquals(p, back.scores(Normalizer.get().normalize("兼 职 刷 單")), 1e-9);
  }

  @Test
  void badTrainingDataIsAClearError() {
    assertThrows(
        IllegalArgumentException.class,
        () -> Trainer.forSmallCorpus().train(List.of(new Trainer.Example("x", "clean"))));
    var e =
        assertThrows(
            java.io.IOException.class, () -> Trainer.readJsonLines("{\"text\": 1}\n", "f.jsonl"));
    assertTrue(e.getMessage().startsWith("f.jsonl:1:"), e.getMessage());
  }
}
