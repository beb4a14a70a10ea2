package dev.vigil.app.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The near-duplicate settings: registered, defaulted, validated. */
class NearConfigTest {
  @Test
  void defaultsAndOverrides() {
    AppConfig d = AppConfig.load(null, Map.of(), Map.of());
    assertEquals(
        100_000, d.intValue(AppConfig.NEAR_CAPACITY, 0, Integer.MAX_VALUE), "on by default");
    assertEquals(0.5, d.nearThreshold());
    AppConfig off =
        AppConfig.load(
            null, Map.of(), Map.of(AppConfig.NEAR_CAPACITY, "0", AppConfig.NEAR_THRESHOLD, "0.7"));
    assertEquals(0, off.intValue(AppConfig.NEAR_CAPACITY, 0, Integer.MAX_VALUE));
    assertEquals(0.7, off.nearThreshold());
  }

  @Test
  void badValuesAndMisspellingsStopTheStart() {
    assertThrows(
        IllegalArgumentException.class,
        () -> AppConfig.load(null, Map.of(), Map.of(AppConfig.NEAR_THRESHOLD, "1.5")));
    assertThrows(
        IllegalArgumentException.class,
        () -> AppConfig.load(null, Map.of(), Map.of(AppConfig.NEAR_CAPACITY, "-1")));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> AppConfig.load(null, Map.of(), Map.of("near.capcity", "10")));
    assertTrue(e.getMessage().contains("near.capcity"), e.getMessage());
  }
}
