package dev.vigil.core.evidence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChainVerifierTest {
  private final Fixtures f = new Fixtures();

  @Test
  void anIntactChainVerifies() {
    List<EvidenceRecord> chain = f.chain(2, 6);
    ChainVerifier.Result r = Fixtures.verify(2, Fixtures.bytes(chain));
    assertTrue(r.intact(), r.broken().toString());
    assertEquals(6, r.records());
    assertEquals(0L, r.firstSeq());
    assertEquals(5L, r.headSeq());
    assertEquals(chain.get(5).hash(), r.headHash());
    assertEquals(EvidenceRecord.GENESIS, chain.get(0).prevHash());
    for (int i = 1; i < 6; i++) {
      assertEquals(chain.get(i - 1).hash(), chain.get(i).prevHash());
    }
  }

  @Test
  void theCanonicalFormRoundTripsThroughParsing() {
    for (EvidenceRecord r : f.chain(0, 3)) {
      EvidenceRecord parsed = EvidenceRecord.parse(r.toJson());
      assertArrayEquals(r.toJson(), parsed.toJson());
      assertEquals(r.hash(), parsed.computeHash());
      assertEquals(r.evidence().decision(), parsed.evidence().decision());
    }
  }

  @Test
  void hostilePostIdsSurviveTheCanonicalForm() {
    String nasty = "p\uD800x\"\\\n\u0001\uDBFF\uDFFF";
    Evidence e =
        f.sealer.seal("ev-x", Fixtures.blocked(nasty, "u-1", "t", "fraud"), "CSL Art. 47", null);
    EvidenceRecord r = EvidenceChain.append(ChainHead.empty(0), e);
    EvidenceRecord parsed = EvidenceRecord.parse(r.toJson());
    assertEquals(nasty, parsed.evidence().postId());
    assertTrue(Fixtures.verify(0, List.of(r.toJson())).intact());
  }

  @Test
  void anAlteredRecordIsNamedAndOnlyIt() {
    List<byte[]> values = Fixtures.bytes(f.chain(0, 5));
    String json = new String(values.get(2), StandardCharsets.UTF_8);
    values.set(
        2,
        json.replace("\"postId\":\"post-2\"", "\"postId\":\"post-99\"")
            .getBytes(StandardCharsets.UTF_8));
    ChainVerifier.Result r = Fixtures.verify(0, values);
    assertEquals(1, r.broken().size(), r.broken().toString());
    ChainVerifier.BrokenRecord b = r.broken().get(0);
    assertEquals(2, b.offset());
    assertEquals(2L, b.seq());
    assertTrue(b.reasons().get(0).startsWith("hash mismatch"), b.toString());
  }

  @Test
  void anAlteredAndRehashedRecordIsCaughtByItsSuccessor() {
    List<EvidenceRecord> chain = f.chain(0, 5);
    EvidenceRecord victim = chain.get(2);
    Evidence e = victim.evidence();
    Evidence forged =
        new Evidence(
            e.evidenceId(),
            "post-forged",
            e.submittedAt(),
            e.blockedAt(),
            e.blockedBy(),
            e.decision(),
            e.legalBasis(),
            e.legalHold(),
            e.author(),
            e.contentSha256(),
            e.sealed());
    EvidenceRecord rehashed = EvidenceChain.append(new ChainHead(0, 2, victim.prevHash()), forged);
    List<byte[]> values = Fixtures.bytes(chain);
    values.set(2, rehashed.toJson());
    ChainVerifier.Result r = Fixtures.verify(0, values);
    assertEquals(1, r.broken().size(), r.broken().toString());
    assertEquals(3, r.broken().get(0).offset());
    assertTrue(
        r.broken()
            .get(0)
            .reasons()
            .get(0)
            .contains("is not the hash of the record before it (seq 2"),
        r.broken().toString());
  }

  @Test
  void aTamperedCiphertextIsAnAlteration() {
    List<byte[]> values = Fixtures.bytes(f.chain(0, 3));
    EvidenceRecord r1 = EvidenceRecord.parse(values.get(1));
    byte[] ct = r1.evidence().sealed().ciphertext();
    ct[0] ^= 1;
    String json =
        new String(values.get(1), StandardCharsets.UTF_8)
            .replace(
                java.util.Base64.getEncoder().encodeToString(r1.evidence().sealed().ciphertext()),
                java.util.Base64.getEncoder().encodeToString(ct));
    values.set(1, json.getBytes(StandardCharsets.UTF_8));
    ChainVerifier.Result r = Fixtures.verify(0, values);
    assertEquals(List.of(1L), r.broken().stream().map(ChainVerifier.BrokenRecord::offset).toList());
  }

  @Test
  void aRemovedRecordIsNamedAtTheGap() {
    List<byte[]> values = Fixtures.bytes(f.chain(0, 5));
    values.remove(2);
    ChainVerifier.Result r = Fixtures.verify(0, values);
    assertEquals(1, r.broken().size(), r.broken().toString());
    ChainVerifier.BrokenRecord b = r.broken().get(0);
    assertEquals(3L, b.seq());
    assertTrue(
        b.reasons().get(0).contains("seq jumps from 1 (offset 1) to 3, 1 record(s) removed"),
        b.toString());
  }

  @Test
  void reorderedRecordsAreNamed() {
    List<byte[]> values = Fixtures.bytes(f.chain(0, 5));
    Collections.swap(values, 1, 2);
    ChainVerifier.Result r = Fixtures.verify(0, values);
    assertFalse(r.intact());
    assertEquals(1, r.broken().size(), r.broken().toString());
    ChainVerifier.BrokenRecord b = r.broken().get(0);
    assertEquals(1, b.offset());
    assertEquals(2L, b.seq());
    assertTrue(
        b.reasons()
            .get(0)
            .startsWith("out of order: its predecessor (seq 1) comes after it, at offset 2"),
        b.toString());
  }

  @Test
  void aRecordAppendedWithAWrongHashIsNamed() {
    List<EvidenceRecord> chain = f.chain(0, 4);
    EvidenceRecord head = chain.get(3);
    EvidenceRecord good =
        EvidenceChain.append(EvidenceChain.headAfter(head), f.evidence(9, "u-eve", null));
    EvidenceRecord wrong =
        new EvidenceRecord(good.evidence(), 0, good.seq(), good.prevHash(), "ab".repeat(32));
    List<byte[]> values = Fixtures.bytes(chain);
    values.add(wrong.toJson());
    ChainVerifier.Result r = Fixtures.verify(0, values);
    assertEquals(1, r.broken().size());
    assertEquals(4, r.broken().get(0).offset());
    assertTrue(
        r.broken().get(0).reasons().get(0).startsWith("hash mismatch: stored abababababab"),
        r.broken().toString());
    // The application's next record chains to the real head and is not blamed.
    values.add(good.toJson());
    r = Fixtures.verify(0, values);
    assertEquals(List.of(4L), r.broken().stream().map(ChainVerifier.BrokenRecord::offset).toList());
  }

  @Test
  void garbageTombstonesDuplicatesAndForeignRecordsAreNamed() {
    List<byte[]> values = Fixtures.bytes(f.chain(0, 3));
    List<byte[]> other = Fixtures.bytes(f.chain(1, 1));
    values.add("{\"hello\":1}".getBytes(StandardCharsets.UTF_8));
    values.add(null);
    values.add(values.get(2));
    List<byte[]> withForeign = new ArrayList<>(values);
    withForeign.add(other.get(0));
    ChainVerifier.Result r = Fixtures.verify(0, withForeign);
    List<String> all = r.broken().stream().map(Object::toString).toList();
    assertEquals(4, r.broken().size(), all.toString());
    assertTrue(all.get(0).contains("not an evidence record: missing member v"), all.get(0));
    assertTrue(all.get(1).contains("tombstone"), all.get(1));
    assertTrue(all.get(2).contains("duplicate of the record at offset 2"), all.get(2));
    assertTrue(all.get(3).contains("claims partition 1"), all.get(3));
  }

  @Test
  void nonCanonicalBytesAreAnAlterationEvenWithTheRightHash() {
    List<byte[]> values = Fixtures.bytes(f.chain(0, 2));
    String json = new String(values.get(1), StandardCharsets.UTF_8);
    values.set(1, ("{\"extra\":\"x\"," + json.substring(1)).getBytes(StandardCharsets.UTF_8));
    ChainVerifier.Result r = Fixtures.verify(0, values);
    assertEquals(1, r.broken().size());
    assertTrue(
        r.broken().get(0).reasons().get(0).startsWith("bytes differ from the canonical form"));
  }

  @Test
  void aChainWhoseStartExpiredStillVerifies() {
    List<byte[]> values = Fixtures.bytes(f.chain(0, 6));
    ChainVerifier.Result r = Fixtures.verify(0, values.subList(3, 6));
    assertTrue(r.intact(), r.broken().toString());
    assertEquals(3L, r.firstSeq());
  }

  @Test
  void aSecondChainInThePartitionIsNamed() {
    List<byte[]> values = Fixtures.bytes(f.chain(0, 3));
    values.addAll(Fixtures.bytes(f.chain(0, 1)));
    ChainVerifier.Result r = Fixtures.verify(0, values);
    assertEquals(1, r.broken().size());
    assertTrue(r.broken().get(0).reasons().get(0).contains("a second chain"));
  }
}
