package dev.vigil.core.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.core.TestPaths;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

/** Hostile input never throws and never yields an unbounded decision. */
class EngineRobustnessTest {
  private static final Engine ENGINE;

  static {
    try {
      ENGINE = TestPaths.shippedPack().engine();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Property(tries = 300)
  void anyCodeUnits(
      @ForAll @StringLength(max = 300) @CharRange(from = '\u0000', to = '\uFFFF') String text) {
    check(text);
  }

  @Property(tries = 200)
  void anyString(@ForAll @StringLength(max = 300) String text) {
    check(text);
  }

  @Test
  void megabytesOfRepeatedTermsAndRandomUnicode() {
    check("冰毒出售13800138000 ".repeat(100_000)); // ~1.6 MB of hits
    Random r = new Random(42);
    StringBuilder sb = new StringBuilder();
    while (sb.length() < 10_000_000) {
      sb.append((char) r.nextInt(0x10000));
    }
    check(sb.toString());
    check("a".repeat(5_000_000));
  }

  private static void check(String text) {
    Decision d = ENGINE.decide(Content.of(text));
    assertTrue(d.matches().size() <= RuleEngine.MAX_MATCHES);
    for (Match m : d.matches()) {
      assertTrue(m.start() >= 0 && m.start() <= m.end() && m.end() <= text.length(), m::toString);
    }
    assertEquals(d.rulePackVersion().isEmpty(), false);
  }
}
