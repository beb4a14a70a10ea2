package dev.vigil.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.core.policy.Action;
import dev.vigil.core.policy.Content;
import dev.vigil.core.policy.Decision;
import dev.vigil.core.policy.Match;
import dev.vigil.core.rules.RulePack;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The pack as shipped in the jar: loads from the classpath, carries its trained model, and decides.
 */
class ShippedPackTest {
  private static final RulePack PACK = RulePack.loadDefault();

  @Test
  void loadsFromClasspathWithVersionAndModel() {
    assertFalse(PACK.version().isBlank());
    assertNotNull(PACK.classifier(), "the starter model is built into the jar");
    assertTrue(PACK.test().isEmpty(), () -> String.join("\n", PACK.test()));
  }

  @Test
  void matchesReportOffsetsIntoTheOriginalText() {
    String text = "你好，出售 冰 毒，联系13800138000";
    Decision d = PACK.engine().decide(Content.of(text));
    assertEquals(PACK.version(), d.rulePackVersion());
    // A sale needs an offer and the goods: the rule's evidence is both, each at its place in the
    // original text.
    assertTrue(
        d.matches().stream()
            .anyMatch(
                m ->
                    m.ruleId().equals("goods.drugs")
                        && List.of("冰 毒", "出售 冰 毒").contains(text.substring(m.start(), m.end()))),
        d::toString);
    Match phone =
        d.matches().stream()
            .filter(m -> m.category().equals("contact/mobile"))
            .findFirst()
            .orElseThrow();
    assertEquals("13800138000", text.substring(phone.start(), phone.end()));
    assertEquals(Action.BLOCK, d.action(), "prohibited goods with a contact channel");
  }

  @Test
  void cleanPostIsAllowed() {
    Decision d = PACK.engine().decide(Content.of("明天上午九点开会，请准时参加"));
    assertEquals(Action.ALLOW, d.action(), d::toString);
    assertTrue(d.categories().isEmpty());
  }
}
