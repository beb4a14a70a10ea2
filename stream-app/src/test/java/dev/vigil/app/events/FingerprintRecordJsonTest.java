package dev.vigil.app.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.app.json.Json;
import dev.vigil.core.near.Fingerprint;
import dev.vigil.core.near.MinHashScheme;
import dev.vigil.core.near.MinHashSignature;
import dev.vigil.core.near.MinHasher;
import dev.vigil.core.near.SignatureHasher;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A fingerprint record names its signature's scheme, and records written before it did load as
 * scheme 1, the only scheme there was.
 */
class FingerprintRecordJsonTest {
  private static final byte[] KEY =
      "fingerprint-record-test-key-0123".getBytes(StandardCharsets.UTF_8);
  private static final String TEXT = "诚招刷单手，垫付本金返佣8%，单单秒返，不收任何费用，联系QQ 2938475610";
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void aNewFingerprintRoundTripsWithItsScheme() throws Exception {
    MinHashSignature s = SignatureHasher.standard(KEY).signature(TEXT).orElseThrow();
    Fingerprint f = new Fingerprint("ev-1", "fraud", s, T0, List.of("kw.a"));
    byte[] json = Json.MAPPER.writeValueAsBytes(FingerprintRecord.of(f, FingerprintRecord.ENGINE));
    JsonNode n = Json.MAPPER.readTree(json);
    assertEquals(2, n.get("scheme").asInt());
    assertEquals(s.toBase64(), n.get("signature").asText());

    Fingerprint back = Json.MAPPER.readValue(json, FingerprintRecord.class).fingerprint();
    assertEquals(f, back);
    assertEquals(MinHashScheme.ONE_PERMUTATION, back.signature().scheme());
  }

  @Test
  void aScheme1FingerprintRoundTripsAsScheme1() throws Exception {
    MinHashSignature s = new MinHasher(KEY).signature(TEXT).orElseThrow();
    Fingerprint f = new Fingerprint("ev-1", "fraud", s, T0);
    byte[] json =
        Json.MAPPER.writeValueAsBytes(FingerprintRecord.of(f, FingerprintRecord.MODERATOR));
    assertEquals(1, Json.MAPPER.readTree(json).get("scheme").asInt());
    assertEquals(f, Json.MAPPER.readValue(json, FingerprintRecord.class).fingerprint());
  }

  @Test
  void aRecordWithoutSchemeIsScheme1() throws Exception {
    String signature = new MinHasher(KEY).signature(TEXT).orElseThrow().toBase64();
    // As the versions before the field wrote them: with source and rules, and before those too.
    for (String json :
        new String[] {
          "{\"evidenceId\":\"ev-1\",\"category\":\"fraud\",\"signature\":\""
              + signature
              + "\",\"decidedAt\":\"2026-01-01T00:00:00Z\",\"source\":\"engine\",\"rules\":[\"kw.a\"]}",
          "{\"evidenceId\":\"ev-1\",\"category\":\"fraud\",\"signature\":\""
              + signature
              + "\",\"decidedAt\":\"2026-01-01T00:00:00Z\"}",
        }) {
      Fingerprint f = Json.MAPPER.readValue(json, FingerprintRecord.class).fingerprint();
      assertEquals(MinHashScheme.K_PERMUTATIONS, f.signature().scheme(), json);
      assertEquals(signature, f.signature().toBase64());
      assertEquals(new MinHasher(KEY).signature(TEXT).orElseThrow(), f.signature());
    }
  }

  @Test
  void aRecordOfAnUnknownSchemeIsMalformed() throws Exception {
    String signature = SignatureHasher.standard(KEY).signature(TEXT).orElseThrow().toBase64();
    FingerprintRecord r =
        Json.MAPPER.readValue(
            "{\"evidenceId\":\"ev-1\",\"category\":\"fraud\",\"signature\":\""
                + signature
                + "\",\"scheme\":9,\"decidedAt\":\"2026-01-01T00:00:00Z\"}",
            FingerprintRecord.class);
    assertThrows(IllegalArgumentException.class, r::fingerprint);
  }
}
