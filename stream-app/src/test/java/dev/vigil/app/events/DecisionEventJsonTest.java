package dev.vigil.app.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.app.json.Json;
import dev.vigil.core.policy.Action;
import dev.vigil.core.policy.Decision;
import dev.vigil.core.policy.Match;
import dev.vigil.core.policy.MatchKind;
import java.time.Instant;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * A decision record is the core decision inside, but on the topic its fields stay flat, as
 * consumers read them.
 */
class DecisionEventJsonTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void isWrittenFlatAndReadBack() throws Exception {
    DecisionEvent e =
        new DecisionEvent(
            "p1",
            new Decision(
                Action.BLOCK,
                new TreeSet<>(List.of("fraud")),
                0.5,
                List.of(new Match("kw.a", 2, MatchKind.KEYWORD, "fraud", 0, 3, false)),
                "pack-1"),
            T0.plusSeconds(1),
            T0,
            1000,
            "psn_a",
            DecisionEvent.Source.MODERATOR);
    String json = Json.MAPPER.writeValueAsString(e);
    assertEquals(
        "{\"postId\":\"p1\",\"action\":\"BLOCK\",\"categories\":[\"fraud\"],\"score\":0.5,\"matches\":"
            + "[{\"ruleId\":\"kw.a\",\"ruleVersion\":2,\"kind\":\"KEYWORD\",\"category\":\"fraud\",\"start\":0,\"end\":3,"
            + "\"shadow\":false,\"detail\":null}],\"rulePackVersion\":\"pack-1\",\"decidedAt\":\"2026-01-01T00:00:01Z\","
            + "\"submittedAt\":\"2026-01-01T00:00:00Z\",\"latencyMs\":1000,\"authorPseudonym\":\"psn_a\","
            + "\"source\":\"moderator\"}",
        json);
    assertEquals(e, Json.MAPPER.readValue(json, DecisionEvent.class));
  }

  @Test
  void carriesTheClassifiersProbabilityWhereItWasConsulted() throws Exception {
    DecisionEvent e =
        new DecisionEvent(
            "p2",
            new Decision(
                Action.REVIEW,
                new TreeSet<>(List.of("fraud")),
                0.7,
                List.of(new Match("kw.a", 2, MatchKind.KEYWORD, "fraud", 0, 3, false)),
                "pack-1",
                0.125),
            T0.plusSeconds(1),
            T0,
            1000,
            "psn_a",
            DecisionEvent.Source.ENGINE);
    String json = Json.MAPPER.writeValueAsString(e);
    assertTrue(json.contains("\"rulePackVersion\":\"pack-1\",\"modelScore\":0.125,"), json);
    DecisionEvent back = Json.MAPPER.readValue(json, DecisionEvent.class);
    assertEquals(e, back);
    assertEquals(0.125, back.decision().modelScore());
  }
}
