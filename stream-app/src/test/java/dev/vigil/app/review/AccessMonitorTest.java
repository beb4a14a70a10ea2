package dev.vigil.app.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AccessMonitorTest {
  private static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");

  @Test
  void alertsOnceWhenAUserGoesOverTheLimitWithinAnHour() {
    AccessMonitor m = new AccessMonitor(3, 1);
    for (int i = 0; i < 3; i++) {
      assertTrue(m.record("mia", AccessMonitor.Kind.READ, T0.plusSeconds(i)).isEmpty());
    }
    Optional<AccessMonitor.Alert> a = m.record("mia", AccessMonitor.Kind.READ, T0.plusSeconds(10));
    assertTrue(a.isPresent());
    assertEquals(4, a.get().count());
    assertEquals("mia", a.get().user());
    assertTrue(m.record("mia", AccessMonitor.Kind.READ, T0.plusSeconds(11)).isEmpty(), "once");
    assertTrue(m.record("bo", AccessMonitor.Kind.READ, T0.plusSeconds(12)).isEmpty(), "per user");
  }

  @Test
  void theWindowSlidesAndAFreshBurstAlertsAgain() {
    AccessMonitor m = new AccessMonitor(2, 1);
    m.record("mia", AccessMonitor.Kind.REVEAL, T0);
    assertTrue(m.record("mia", AccessMonitor.Kind.REVEAL, T0.plusSeconds(1)).isPresent());
    Instant later = T0.plus(Duration.ofMinutes(61));
    assertTrue(m.record("mia", AccessMonitor.Kind.REVEAL, later).isEmpty(), "back under");
    assertTrue(m.record("mia", AccessMonitor.Kind.REVEAL, later.plusSeconds(1)).isPresent());
  }

  @Test
  void kindsAreCountedApart() {
    AccessMonitor m = new AccessMonitor(1, 1);
    assertTrue(m.record("mia", AccessMonitor.Kind.READ, T0).isEmpty());
    assertTrue(m.record("mia", AccessMonitor.Kind.REVEAL, T0).isEmpty());
  }

  @Test
  void exportsHaveTheirOwnLimit() {
    AccessMonitor m = new AccessMonitor(100, 100, 2);
    assertTrue(m.record("ana", AccessMonitor.Kind.EXPORT, T0).isEmpty());
    assertTrue(m.record("ana", AccessMonitor.Kind.EXPORT, T0.plusSeconds(1)).isEmpty());
    AccessMonitor.Alert a = m.record("ana", AccessMonitor.Kind.EXPORT, T0.plusSeconds(2)).get();
    assertEquals(3, a.count());
    assertEquals(2, a.limit());
  }

  @Test
  void anAlertsNoteNamesItsKind() {
    for (AccessMonitor.Kind k : AccessMonitor.Kind.values()) {
      AccessMonitor.Alert a = new AccessMonitor.Alert("ana", k, 21, 20, T0);
      assertEquals(Optional.of(k), AccessMonitor.Kind.ofAlertDetail(a.detail()), a.detail());
    }
    assertEquals(Optional.empty(), AccessMonitor.Kind.ofAlertDetail(null));
    assertEquals(Optional.empty(), AccessMonitor.Kind.ofAlertDetail("evidence abc: setup"));
    assertEquals(
        Optional.empty(), AccessMonitor.Kind.ofAlertDetail("3 evidence.export were attempted"));
  }
}
