package dev.vigil.app.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.core.evidence.ContentSealer;
import dev.vigil.core.evidence.EvidenceAccessException;
import dev.vigil.core.evidence.InMemoryDataKeyStore;
import dev.vigil.core.evidence.MasterKey;
import dev.vigil.core.evidence.MasterKeyWrapper;
import dev.vigil.core.privacy.Pseudonym;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class SealedNoteTest {
  private final InMemoryDataKeyStore keys =
      new InMemoryDataKeyStore(new MasterKeyWrapper(MasterKey.generate()));
  private final ContentSealer sealer = new ContentSealer(keys);
  private final Pseudonym author = new Pseudonym("psn_0123456789abcdef0123456789abcdef");
  private final Pseudonym other = new Pseudonym("psn_fedcba9876543210fedcba9876543210");

  @Test
  void roundTripHidesTheText() {
    String text = "he says add V gun_seller_88 — 加微信 ✓";
    String sealed = SealedNote.seal(sealer, author, "p1", text);
    assertTrue(sealed.startsWith(SealedNote.PREFIX), sealed);
    assertTrue(SealedNote.isSealed(sealed));
    assertFalse(sealed.contains("gun_seller"), sealed);
    String b64 = sealed.substring(SealedNote.PREFIX.length());
    assertFalse(
        new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8).contains("gun_seller"));
    assertEquals(text, SealedNote.open(sealer, "p1", sealed));
    assertEquals(text, SealedNote.show(sealer, "p1", sealed));
  }

  @Test
  void aCannedLabelStaysInClearBeforeTheSealedNote() {
    String sealed = SealedNote.seal(sealer, author, "p1", "Fraud", "he says add V gun_seller_88");
    assertTrue(sealed.startsWith("Fraud" + SealedNote.LABEL_SEPARATOR + SealedNote.PREFIX));
    assertTrue(SealedNote.isSealed(sealed));
    assertEquals("Fraud — he says add V gun_seller_88", SealedNote.open(sealer, "p1", sealed));
    assertEquals("Fraud", SealedNote.seal(sealer, author, "p1", "Fraud", null));
    assertEquals(
        "Fraud — [x]", SealedNote.withheld(sealed, "[x]"), "the label shown, the note withheld");
  }

  @Test
  void afterTheAuthorsErasureItShowsAPlaceholderWhileAnotherAuthorsStillOpens() {
    String erased = SealedNote.seal(sealer, author, "p1", "quoting p1");
    String labelled = SealedNote.seal(sealer, author, "p1", "Fraud", "quoting p1");
    String kept = SealedNote.seal(sealer, other, "p2", "quoting p2");
    keys.destroyAuthorKeys(author);
    EvidenceAccessException e =
        assertThrows(EvidenceAccessException.class, () -> SealedNote.open(sealer, "p1", erased));
    assertEquals(EvidenceAccessException.Reason.KEY_DESTROYED, e.reason());
    assertEquals(SealedNote.ERASED, SealedNote.show(sealer, "p1", erased));
    assertEquals("Fraud — " + SealedNote.ERASED, SealedNote.show(sealer, "p1", labelled));
    assertEquals("quoting p2", SealedNote.show(sealer, "p2", kept));
  }

  @Test
  void aNoteOpensOnlyAsANoteOnItsOwnPost() {
    String sealed = SealedNote.seal(sealer, author, "p1", "quoting p1");
    EvidenceAccessException e =
        assertThrows(EvidenceAccessException.class, () -> SealedNote.open(sealer, "p2", sealed));
    assertEquals(EvidenceAccessException.Reason.INTEGRITY, e.reason());
    assertEquals(SealedNote.UNREADABLE, SealedNote.show(sealer, "p2", sealed));
    String postSeal =
        SealedNote.encode(
            sealer.sealForAuthor(
                author, ContentSealer.post("p1"), "x".getBytes(StandardCharsets.UTF_8)));
    assertEquals(SealedNote.UNREADABLE, SealedNote.show(sealer, "p1", postSeal));
  }

  @Test
  void plainOldValuesPassThroughUnchanged() {
    for (String plain :
        new String[] {
          "looks like the usual script",
          "sealed: the deal was a scam",
          "Fraud — sealed:notbase64!",
          "sealed:",
          "sealed:AAAA",
          "",
        }) {
      assertFalse(SealedNote.isSealed(plain), plain);
      assertEquals(plain, SealedNote.open(sealer, "p1", plain));
      assertEquals(plain, SealedNote.show(sealer, "p1", plain));
      assertEquals(plain, SealedNote.withheld(plain, "[x]"));
    }
    assertNull(SealedNote.show(sealer, "p1", null));
    assertNull(SealedNote.seal(sealer, author, "p1", null));
  }

  @Test
  void theLongestTextSealedFitsTheBoundTheTaskChecks() {
    String longest = "加".repeat(2000);
    String sealed = SealedNote.seal(sealer, author, "p1", longest);
    assertTrue(sealed.length() <= SealedNote.maxSealedLength(2000), sealed.length() + "");
    String surrogates = "😀".repeat(1000);
    assertTrue(
        SealedNote.seal(sealer, author, "p1", surrogates).length()
            <= SealedNote.maxSealedLength(2000));
  }
}
