package dev.vigil.core.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrivacyRequestTest {
  private final Pseudonymizer p = new Pseudonymizer(new byte[16]);

  private static PrivacyRequest parse(String json) {
    return PrivacyRequest.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void parsesErasureAndCorrection() {
    PrivacyRequest e =
        parse(
            "{\"requestId\":\"r-1\",\"type\":\"erasure\",\"authorId\":\"u-42\","
                + "\"requestedAt\":\"2026-11-29T00:00:00Z\"}");
    assertEquals(PrivacyRequest.Type.ERASURE, e.type());
    assertEquals(p.pseudonymOf(AuthorId.of("u-42")), e.subject().pseudonymUnder(p));
    assertEquals(Instant.parse("2026-11-29T00:00:00Z"), e.requestedAt());
    assertFalse(e.toString().contains("u-42"));

    PrivacyRequest c =
        parse(
            "{\"requestId\":\"r-2\",\"type\":\"CORRECTION\",\"pseudonym\":\"psn_ab\","
                + "\"corrections\":{\"displayName\":\"Ann\"}}");
    assertEquals(new Pseudonym("psn_ab"), c.subject().pseudonymUnder(p));
    assertEquals(Map.of("displayName", "Ann"), c.corrections());
    assertNull(c.requestedAt());
  }

  @Test
  void rejectsBadRequestsWithoutEchoingIdentities() {
    for (String bad :
        List.of(
            "[1]",
            "{",
            "{\"type\":\"erasure\",\"authorId\":\"u-secret\"}",
            "{\"requestId\":\"r\",\"type\":\"forget\",\"authorId\":\"u-secret\"}",
            "{\"requestId\":\"r\",\"type\":\"erasure\"}",
            "{\"requestId\":\"r\",\"type\":\"erasure\",\"authorId\":\"u-secret\",\"pseudonym\":\"psn_1\"}",
            "{\"requestId\":\"r\",\"type\":\"correction\",\"authorId\":\"u-secret\"}",
            "{\"requestId\":\"r\",\"type\":\"erasure\",\"authorId\":\"u-secret\",\"corrections\":{\"a\":\"b\"}}",
            "{\"requestId\":\"r\",\"type\":\"erasure\",\"authorId\":\"u-secret\",\"requestedAt\":\"yesterday\"}")) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> parse(bad), bad);
      assertFalse(e.getMessage().contains("u-secret"), e.getMessage());
    }
  }

  @Test
  void receiptsRoundTripAndNameOnlyThePseudonym() {
    PrivacyReceipt r =
        new PrivacyReceipt(
            "r-1",
            PrivacyRequest.Type.ERASURE,
            p.pseudonymOf(AuthorId.of("u-42")),
            Instant.parse("2026-11-29T00:00:00Z"),
            Instant.parse("2026-11-29T00:00:01Z"),
            PrivacyReceipt.Outcome.PARTIAL,
            Map.of("dataKeysDestroyed", 1L, "queueItemsRemoved", 2L),
            List.of(new PrivacyReceipt.Kept("evidence ev-9", "case 118: legal hold")),
            "done except one held record");
    assertEquals(r, PrivacyReceipt.fromJson(r.toJson()));
    String json = new String(r.toJson(), StandardCharsets.UTF_8);
    assertFalse(json.contains("u-42"));
    assertTrue(json.contains("psn_"));
  }

  @Test
  void retentionDefaultsAndValidation() {
    RetentionPolicy d = RetentionPolicy.defaults();
    assertEquals(180, d.period(RetentionPolicy.DataClass.EVIDENCE).toDays());
    assertEquals(7, d.period(RetentionPolicy.DataClass.QUEUE_DECIDED_GRACE).toDays());
    assertEquals(180L * 24 * 3600 * 1000, d.retentionMs(RetentionPolicy.DataClass.EVIDENCE));
    RetentionPolicy custom =
        RetentionPolicy.fromProperties(
            Map.of(
                "retention.evidence",
                "P365D",
                "retention.queue-decided-grace",
                "PT12H",
                "other.key",
                "ignored"));
    assertEquals(365, custom.period(RetentionPolicy.DataClass.EVIDENCE).toDays());
    assertEquals(12, custom.period(RetentionPolicy.DataClass.QUEUE_DECIDED_GRACE).toHours());
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () -> RetentionPolicy.fromProperties(Map.of("retention.evidence", "P30D")))
            .getMessage()
            .contains("legal minimum"));
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () -> RetentionPolicy.fromProperties(Map.of("retention.audit", "P179D")))
            .getMessage()
            .contains("retention.audit"));
    assertThrows(
        IllegalArgumentException.class,
        () -> RetentionPolicy.fromProperties(Map.of("retention.queue-decided-grace", "PT0S")));
    assertThrows(
        IllegalArgumentException.class,
        () -> RetentionPolicy.fromProperties(Map.of("retention.evidence", "half a year")));
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () -> RetentionPolicy.fromProperties(Map.of("retention.posts", "P1D")))
            .getMessage()
            .contains("known"));
  }
}
