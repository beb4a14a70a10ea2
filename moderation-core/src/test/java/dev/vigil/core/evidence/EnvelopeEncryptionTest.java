package dev.vigil.core.evidence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.core.privacy.AuthorId;
import dev.vigil.core.privacy.Pseudonym;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class EnvelopeEncryptionTest {
  private final Fixtures f = new Fixtures();

  private static Pseudonym psn(String author) {
    return Fixtures.PSEUDONYMIZER.pseudonymOf(AuthorId.of(author));
  }

  private EvidenceRecord record(int i, String author, String text, LegalHold hold) {
    Evidence e =
        f.sealer.seal(
            "ev-" + i, Fixtures.blocked("post-" + i, author, text, "fraud"), "CSL Art. 47", hold);
    return EvidenceChain.append(ChainHead.empty(0), e);
  }

  @Test
  void sealedEvidenceOpensToThePostAsSubmitted() {
    EvidenceRecord r = record(1, "u-alice", "加微信转账 500 元", null);
    byte[] opened = f.opener.open(EvidenceRecord.parse(r.toJson()));
    assertArrayEquals(Fixtures.postJson("post-1", "u-alice", "加微信转账 500 元"), opened);
    assertEquals(psn("u-alice"), r.evidence().author());
    assertTrue(r.evidence().sealed().keyId().startsWith("dek:" + psn("u-alice").value() + ":"));
  }

  @Test
  void serializedEvidenceHoldsNoPlaintextIdentityOrText() {
    String author = "alice@example.com";
    String text = "出售仿真枪 contact me at 13800138000";
    byte[] bytes = record(1, author, text, null).toJson();
    String asLatin1 = new String(bytes, StandardCharsets.ISO_8859_1);
    String asUtf8 = new String(bytes, StandardCharsets.UTF_8);
    for (String secret : List.of(author, text, "13800138000", "仿真枪", "contact me")) {
      assertFalse(asUtf8.contains(secret), secret);
      assertFalse(
          asLatin1.contains(
              new String(secret.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1)),
          secret);
      assertFalse(
          asUtf8.contains(
              Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8))));
      assertFalse(
          asUtf8.contains(HexFormat.of().formatHex(secret.getBytes(StandardCharsets.UTF_8))));
    }
    // Nor do the stored keys: wrapped, with only the pseudonym as owner.
    for (WrappedDataKey k : f.keys.wrappedKeys()) {
      assertFalse(new String(k.toJson(), StandardCharsets.UTF_8).contains(author));
    }
  }

  @Test
  void erasureShredsThatAuthorOnlyAndKeepsLegalHolds() {
    EvidenceRecord alice = record(1, "u-alice", "fraud text one", null);
    EvidenceRecord aliceHeld =
        record(
            2,
            "u-alice",
            "fraud text two",
            new LegalHold("case 2026-118 at Shanghai PSB: keep until closed"));
    EvidenceRecord bob = record(3, "u-bob", "fraud text three", null);
    assertEquals("hold:ev-2", aliceHeld.evidence().sealed().keyId());

    DataKeyStore.Shredding s = f.keys.destroyAuthorKeys(psn("u-alice"));
    assertEquals(List.of(alice.evidence().sealed().keyId()), s.destroyedKeyIds());
    assertEquals(1, s.holdsKept().size());
    assertEquals("ev-2", s.holdsKept().get(0).evidenceId());
    assertEquals(
        "case 2026-118 at Shanghai PSB: keep until closed", s.holdsKept().get(0).holdReason());

    EvidenceAccessException e =
        assertThrows(EvidenceAccessException.class, () -> f.opener.open(alice));
    assertEquals(EvidenceAccessException.Reason.KEY_DESTROYED, e.reason());
    assertTrue(e.getMessage().contains("crypto-shredded"), e.getMessage());
    assertFalse(e.getMessage().contains("u-alice"));
    assertArrayEquals(
        Fixtures.postJson("post-2", "u-alice", "fraud text two"), f.opener.open(aliceHeld));
    assertArrayEquals(Fixtures.postJson("post-3", "u-bob", "fraud text three"), f.opener.open(bob));

    // The key is gone, not merely hidden: nothing wrapped under that id remains in the store.
    assertTrue(
        f.keys.wrappedKeys().stream()
            .noneMatch(k -> k.keyId().equals(alice.evidence().sealed().keyId())));

    // The author posts again: a new key, the old evidence stays shredded.
    EvidenceRecord again = record(4, "u-alice", "fraud text four", null);
    assertNotEquals(alice.evidence().sealed().keyId(), again.evidence().sealed().keyId());
    assertArrayEquals(
        Fixtures.postJson("post-4", "u-alice", "fraud text four"), f.opener.open(again));
    assertThrows(EvidenceAccessException.class, () -> f.opener.open(alice));

    // Releasing the hold shreds exactly that record.
    assertTrue(f.keys.releaseHold("ev-2"));
    EvidenceAccessException released =
        assertThrows(EvidenceAccessException.class, () -> f.opener.open(aliceHeld));
    assertTrue(released.getMessage().contains("legal hold released"), released.getMessage());
  }

  @Test
  void aWrongMasterKeyFailsClearly() {
    EvidenceRecord r = record(1, "u-alice", "text", null);
    InMemoryDataKeyStore other =
        new InMemoryDataKeyStore(new MasterKeyWrapper(MasterKey.generate()));
    f.keys.wrappedKeys().forEach(other::put);
    EvidenceAccessException e =
        assertThrows(EvidenceAccessException.class, () -> new EvidenceOpener(other).open(r));
    assertEquals(EvidenceAccessException.Reason.WRONG_MASTER_KEY, e.reason());
    assertTrue(e.getMessage().contains("wrong master key"), e.getMessage());
    assertTrue(e.getMessage().contains(f.masterKey.id()), e.getMessage());
  }

  @Test
  void aWrappedKeyRelabelledOrAlteredFailsItsIntegrityCheck() {
    record(1, "u-alice", "text", null);
    WrappedDataKey k = f.keys.wrappedKeys().get(0);
    byte[] w = k.wrapped();
    w[w.length - 1] ^= 1;
    MasterKeyWrapper wrapper = new MasterKeyWrapper(f.masterKey);
    EvidenceAccessException e =
        assertThrows(
            EvidenceAccessException.class, () -> wrapper.unwrap(k.keyId(), k.masterKeyId(), w));
    assertEquals(EvidenceAccessException.Reason.INTEGRITY, e.reason());
    assertThrows(
        EvidenceAccessException.class,
        () -> wrapper.unwrap("dek:other", k.masterKeyId(), k.wrapped()));
  }

  @Test
  void ciphertextIsBoundToItsEvidenceId() {
    EvidenceRecord r = record(1, "u-alice", "text", null);
    DataKey key = f.keys.key(r.evidence().sealed().keyId());
    EvidenceAccessException e =
        assertThrows(
            EvidenceAccessException.class,
            () -> EnvelopeCipher.open(key, "ev-other", r.evidence().sealed()));
    assertEquals(EvidenceAccessException.Reason.INTEGRITY, e.reason());
  }

  @Test
  void anUnknownKeyIsNotReportedAsDestroyed() {
    EvidenceAccessException e =
        assertThrows(EvidenceAccessException.class, () -> f.keys.key("dek:psn_x:00"));
    assertEquals(EvidenceAccessException.Reason.KEY_UNKNOWN, e.reason());
  }

  @Test
  void wrappedKeysRoundTripThroughJson() {
    record(1, "u-alice", "text", new LegalHold("why"));
    for (WrappedDataKey k : f.keys.wrappedKeys()) {
      assertEquals(k, WrappedDataKey.fromJson(k.toJson()));
    }
  }

  @Test
  void twoSealsOfOnePostDiffer() {
    EvidenceRecord a = record(1, "u-alice", "same", null);
    EvidenceRecord b = record(1, "u-alice", "same", null);
    assertFalse(
        java.util.Arrays.equals(a.evidence().sealed().nonce(), b.evidence().sealed().nonce()));
    assertEquals(a.evidence().contentSha256(), b.evidence().contentSha256());
  }
}
