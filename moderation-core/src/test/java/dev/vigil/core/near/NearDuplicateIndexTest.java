package dev.vigil.core.near;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NearDuplicateIndexTest {
  static final byte[] KEY = "test-fingerprint-key-0123456789".getBytes(StandardCharsets.UTF_8);

  /** The hasher of new fingerprints. */
  static final SignatureHasher HASHER = SignatureHasher.standard(KEY);

  /** The hasher of fingerprints stored by earlier versions. */
  static final MinHasher LEGACY = new MinHasher(KEY);

  static final String BAD = "诚招刷单手，垫付本金返佣8%，单单秒返，不收任何费用，联系QQ 2938475610";
  static final String REPOST = "诚招刷单手，垫付本金返佣9%，单单秒返，不收任何费用，联系QQ 2938475610";

  static MinHashSignature sig(String text) {
    return HASHER.signature(text).orElseThrow();
  }

  static Fingerprint fp(String id, String text) {
    return new Fingerprint(id, "fraud", sig(text), Instant.EPOCH);
  }

  @Test
  void editedRepostsMatchTheirOriginal() {
    NearDuplicateIndex index = new NearDuplicateIndex(1000, 0.5);
    index.add(fp("ev-1", BAD));
    for (String repost :
        new String[] {
          BAD,
          "诚招刷单手，垫付本金返佣9%，单单秒返，不收任何费用，联系QQ 2938475610", // one changed
          "诚 招 刷 单 手，垫付本金返佣8%，单单秒返，不收任何费用，联系QQ 2938475610", // spaces
          "诚招.刷单手，垫付-本金返佣8%，单单秒返，不收任何费用，聯系QQ 2938475610", // separators, traditional
          "诚招刷单手，垫付本金返佣8%，单秒返，不收任何费用，联系QQ 29384756100", // deleted, inserted
          "诚招刷単手，垫付本金返佣8%，单单秒返，不收任何費用，联系ＱＱ 2938475611", // three
        }) {
      Optional<NearMatch> m = index.find(sig(repost));
      assertTrue(m.isPresent(), repost);
      assertEquals("ev-1", m.get().evidenceId());
      assertEquals("fraud", m.get().category());
    }
  }

  @Test
  void unrelatedPostsDoNotMatch() {
    NearDuplicateIndex index = new NearDuplicateIndex(1000, 0.5);
    index.add(fp("ev-1", BAD));
    for (String clean :
        new String[] {
          "我转你200了，记得查收，上次吃饭的钱", "晚上几点下班啊 我去接你，别忘了带伞，外面在下雨", "本店招聘收银员一名，缴纳五险一金，联系电话见门口告示",
        }) {
      assertFalse(index.find(sig(clean)).isPresent(), clean);
    }
  }

  @Test
  void tooShortTextsHaveNoFingerprint() {
    assertTrue(HASHER.signature("加V").isEmpty());
    assertTrue(HASHER.signature(" ，。 ").isEmpty());
  }

  @Test
  void capacityBoundsTheIndexOldestFirst() {
    NearDuplicateIndex index = new NearDuplicateIndex(3, 0.5);
    String[] texts = {
      BAD,
      "老师带你炒股，内幕消息，保证稳赚不赔，名额有限速来",
      "【澳门新葡京】充值500送288 百家乐龙虎斗全天开放 请登录 xpj3.cc",
      "出售各类证件 身份证 驾驶证 学历证书 一手货源 包过",
    };
    for (int i = 0; i < texts.length; i++) {
      index.add(fp("ev-" + i, texts[i]));
    }
    assertEquals(3, index.size());
    assertTrue(index.find(sig(texts[0])).isEmpty(), "the oldest was evicted");
    for (int i = 1; i < texts.length; i++) {
      assertEquals("ev-" + i, index.find(sig(texts[i])).orElseThrow().evidenceId());
    }
    assertTrue(index.remove("ev-2"));
    assertTrue(index.find(sig(texts[2])).isEmpty());
    assertEquals(2, index.size());
  }

  @Test
  void keyedSignaturesDifferByKey() {
    SignatureHasher other =
        SignatureHasher.standard("another-fingerprint-key-987654".getBytes(StandardCharsets.UTF_8));
    MinHashSignature a = sig(BAD);
    MinHashSignature b = other.signature(BAD).orElseThrow();
    assertNotEquals(a, b);
    assertTrue(a.similarity(b) < 0.2, "unrelated keys give unrelated signatures");
    assertEquals(a, sig(BAD), "the same key gives the same signature");
  }

  @Test
  void signaturesRoundTripThroughBase64() {
    MinHashSignature a = sig(BAD);
    assertEquals(a, MinHashSignature.fromBase64(a.scheme(), a.toBase64()));
  }

  @Test
  void signaturesOfTheTwoSchemesNeverMatchEachOther() {
    MinHashSignature legacy = LEGACY.signature(BAD).orElseThrow();
    MinHashSignature current = sig(BAD);
    assertEquals(MinHashScheme.K_PERMUTATIONS, legacy.scheme());
    assertEquals(MinHashScheme.ONE_PERMUTATION, current.scheme());
    // The same values under the other scheme: the worst case, every band equal.
    MinHashSignature legacyValuesAsCurrent =
        MinHashSignature.fromBase64(MinHashScheme.ONE_PERMUTATION, legacy.toBase64());
    Banding banding = Banding.standard();
    for (int band = 0; band < banding.bands(); band++) {
      assertNotEquals(
          banding.bucket(legacy, band),
          banding.bucket(legacyValuesAsCurrent, band),
          "the scheme is part of the bucket key");
    }

    NearDuplicateIndex index = new NearDuplicateIndex(1000, 0.5);
    index.add(new Fingerprint("ev-1", "fraud", legacy, Instant.EPOCH));
    assertTrue(index.find(current).isEmpty(), "a scheme-2 query never matches a scheme-1 print");
    assertTrue(index.find(legacyValuesAsCurrent).isEmpty(), "not even with equal values");
    assertEquals("ev-1", index.find(legacy).orElseThrow().evidenceId());

    index.add(new Fingerprint("ev-2", "fraud", current, Instant.EPOCH));
    index.add(
        new Fingerprint(
            "ev-3",
            "fraud",
            MinHashSignature.fromBase64(MinHashScheme.K_PERMUTATIONS, current.toBase64()),
            Instant.EPOCH));
    assertEquals("ev-2", index.find(current).orElseThrow().evidenceId(), "its own scheme's print");
    assertEquals("ev-1", index.find(legacy).orElseThrow().evidenceId(), "its own scheme's print");
    assertEquals(
        "ev-1",
        index.find(LEGACY.signature(REPOST).orElseThrow()).orElseThrow().evidenceId(),
        "a scheme-1 repost finds the scheme-1 print");
    assertEquals(
        "ev-2",
        index.find(sig(REPOST)).orElseThrow().evidenceId(),
        "a scheme-2 repost finds the scheme-2 print");
  }

  @Test
  void countsPerSchemeFollowAddEvictRemoveAndReplace() {
    NearDuplicateIndex index = new NearDuplicateIndex(3, 0.5);
    MinHashScheme k = MinHashScheme.K_PERMUTATIONS;
    MinHashScheme one = MinHashScheme.ONE_PERMUTATION;
    assertFalse(index.holds(k));
    assertFalse(index.holds(one));

    index.add(legacyFp("a", BAD));
    index.add(fp("b", BAD));
    index.add(legacyFp("c", REPOST));
    assertEquals(2, index.size(k));
    assertEquals(1, index.size(one));
    assertTrue(index.holds(k) && index.holds(one));

    assertEquals("a", index.add(fp("d", REPOST)), "full: the oldest, of scheme 1, is evicted");
    assertEquals(1, index.size(k));
    assertEquals(2, index.size(one));

    // "c" again, now of scheme 2: its scheme-1 print is replaced (and "b" evicted to make room).
    assertEquals("b", index.add(fp("c", REPOST)));
    assertEquals(0, index.size(k));
    assertFalse(index.holds(k), "no scheme-1 print left");
    assertEquals(2, index.size(one));
    assertEquals(2, index.size());

    assertTrue(index.remove("d"));
    assertFalse(index.remove("d"));
    assertFalse(index.remove("a"), "evicted before");
    assertEquals(1, index.size(one));
    assertEquals(1, index.size());

    index.add(legacyFp("e", BAD));
    assertTrue(index.holds(k));
    assertTrue(index.remove("e"));
    assertFalse(index.holds(k));
  }

  static Fingerprint legacyFp(String id, String text) {
    return new Fingerprint(id, "fraud", LEGACY.signature(text).orElseThrow(), Instant.EPOCH);
  }

  @Test
  void lookupCostIsBoundedByBuckets() {
    // Many fingerprints of one template keep only the newest few per bucket, and still match.
    NearDuplicateIndex index = new NearDuplicateIndex(10_000, 0.5);
    for (int i = 0; i < 5_000; i++) {
      index.add(fp("ev-" + i, BAD + " 编号" + i));
    }
    NearMatch m = index.find(sig(BAD + " 编号4999")).orElseThrow();
    assertTrue(m.similarity() >= 0.5);
  }
}
