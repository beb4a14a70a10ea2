package dev.vigil.core.near;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MinHasherTest {
  /**
   * Fingerprints are stored ({@code moderation.fingerprints}) and compared with those of posts
   * decided later, by other versions of the code: a signature must never change for the same key
   * and text. These were computed by the first version (one loop per shingle); a faster loop must
   * give them bit for bit.
   */
  @Test
  void signaturesNeverChangeForTheSameKeyAndText() {
    byte[] key = new byte[32];
    for (int i = 0; i < key.length; i++) {
      key[i] = (byte) i;
    }
    MinHasher h = new MinHasher(key);
    assertEquals(
        "Bbl5Eb4TjKpcpf2UsV9cRyYIyKSFfDB1Fb3s5a/VdOd8BlbKr8c6TUmN33gexta3rHLrY+GzuxxgC1oDMBTL2tEpOY1206e8em/0p1bez9VuJJwZ5zEbuYoDwjgn62J8D56YkEzZ5uRDu6dkvjJt51eidwDVq/XZ9hvBsxCOfhY=",
        h.signature("出售仿真枪 气枪 子弹，货到付款，加V：gun_seller_88").orElseThrow().toBase64());
    assertEquals(
        "MOo4fQWrYMWmuVUl4jYsEtFA1vSaTk6n7Dyck8VMR+NKgk+N7LBwz8oRMUP1iq18EUdvNoP1tCX+fvGwxfnUB23gFQgpSCy95GtVadwn1Kxu83R9f6xF6V7gM1gK79WF7bPqfgTJIrPVvGu3MdKl8o0ptsy93KZNzj8Pm7exphc=",
        h.signature("Had the best noodles at the night market near the river today.")
            .orElseThrow()
            .toBase64());
    assertTrue(h.signature("短").isEmpty(), "too few shingles: no signature");
  }
}
