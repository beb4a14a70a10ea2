package dev.vigil.core.near;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class OnePermutationHasherTest {
  static final byte[] KEY = new byte[32];

  static {
    for (int i = 0; i < KEY.length; i++) {
      KEY[i] = (byte) i;
    }
  }

  /**
   * Fingerprints of scheme 2 are stored ({@code moderation.fingerprints}) and compared with those
   * of posts decided later, by other versions of the code: a signature must never change for the
   * same key and text. These were computed once by the first version of {@link
   * OnePermutationHasher} (with the key and texts of {@code MinHasherTest}; the first text leaves
   * most bins empty, so densification is pinned too); a faster implementation must give them bit
   * for bit. A different algorithm is a new {@link MinHashScheme}, never a change of these strings.
   */
  @Test
  void signaturesNeverChangeForTheSameKeyAndText() {
    OnePermutationHasher h = new OnePermutationHasher(KEY);
    assertEquals(
        "6mItyPXdwlEW//ExSCmUB0Gm6mJDnVHF02/13VHFFv85cKpxLDPTbzQgElpDnWTe029ok/ExQ50tyGiTElrCUS3I8TEsM0GmLchk3qcGlAf13UgppwZDnVHFqnE0IKcGUcXTb0gp9d0W/z+E6mI/hKpxSCkW/xb/Kusq60OdUcU=",
        h.signature("出售仿真枪 气枪 子弹，货到付款，加V：gun_seller_88").orElseThrow().toBase64());
    assertEquals(
        "lv6ijRBADHgQQNrOAvBSlF0wDlklKqKNLrLFpucrIjGW/gLwEECkFecr3w4OGCu+XTAG0Qx4q04i46ANmdcpBG7Dq07jx9S5bsMrvgLwUpTFphBAKQQlKnniLrJ54ikEGjmrTpnXxaYIilChpBUQQOMjmdciMSIx7Lzjxw5ZUKE=",
        h.signature("Had the best noodles at the night market near the river today.")
            .orElseThrow()
            .toBase64());
    assertTrue(h.signature("短").isEmpty(), "too few shingles: no signature");
    assertEquals(MinHashScheme.ONE_PERMUTATION, h.scheme());
    assertEquals(
        MinHashScheme.ONE_PERMUTATION,
        SignatureHasher.standard(KEY).signature("出售仿真枪 气枪 子弹，货到付款").orElseThrow().scheme(),
        "new fingerprints are of scheme 2");
  }

  /**
   * Densification keeps the estimate of sets of 10 shingles (about 55 of 64 bins empty) close to
   * their Jaccard similarity: empty bins are filled alike in both posts, so they neither all agree
   * (as bins left empty would) nor all disagree (as bins filled differently per post would).
   */
  @Test
  void estimatesJaccardEvenWhenMostBinsAreEmpty() {
    OnePermutationHasher h = new OnePermutationHasher(KEY);
    SplittableRandom random = new SplittableRandom(2);
    for (int common : new int[] {0, 4, 7, 10}) {
      double jaccard = common / (20.0 - common);
      double sum = 0;
      int trials = 400;
      for (int t = 0; t < trials; t++) {
        long[] a = new long[10];
        long[] b = new long[10];
        for (int i = 0; i < 10; i++) {
          a[i] = random.nextLong();
          b[i] = i < common ? a[i] : random.nextLong();
        }
        sum += h.signature(a).orElseThrow().similarity(h.signature(b).orElseThrow());
      }
      double mean = sum / trials;
      assertTrue(
          Math.abs(mean - jaccard) < 0.03,
          common + " shared of 10: mean estimate " + mean + ", Jaccard " + jaccard);
    }
  }

  @Test
  void signaturesOfTheTwoSchemesDoNotCompare() {
    String text = "诚招刷单手，垫付本金返佣8%，单单秒返，不收任何费用，联系QQ 2938475610";
    MinHashSignature one = new OnePermutationHasher(KEY).signature(text).orElseThrow();
    MinHashSignature k = new MinHasher(KEY).signature(text).orElseThrow();
    assertEquals(MinHashScheme.K_PERMUTATIONS, k.scheme());
    assertNotEquals(one, k);
    assertThrows(IllegalArgumentException.class, () -> one.similarity(k));
    assertNotEquals(
        MinHashSignature.fromBase64(MinHashScheme.K_PERMUTATIONS, one.toBase64()),
        one,
        "the same values under another scheme are another signature");
  }

  @Test
  void keyedSignaturesDifferByKey() {
    String text = "诚招刷单手，垫付本金返佣8%，单单秒返，不收任何费用，联系QQ 2938475610";
    MinHashSignature a = new OnePermutationHasher(KEY).signature(text).orElseThrow();
    MinHashSignature b =
        new OnePermutationHasher("another-fingerprint-key-987654".getBytes(StandardCharsets.UTF_8))
            .signature(text)
            .orElseThrow();
    assertTrue(a.similarity(b) < 0.2, "unrelated keys give unrelated signatures");
    assertEquals(a, new OnePermutationHasher(KEY).signature(text).orElseThrow());
  }
}
