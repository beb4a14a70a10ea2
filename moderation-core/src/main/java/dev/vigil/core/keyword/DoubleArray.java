package dev.vigil.core.keyword;

import java.util.Arrays;

/**
 * Packs a built trie's transitions into the double array the {@link KeywordAutomaton} scans: the
 * one piece of the build that decides the run-time layout, kept apart from the trie construction
 * ({@link KeywordAutomatonBuilder}) and from the scan.
 */
final class DoubleArray {
  /** Check marker of a free slot: no class matches it. */
  static final char FREE = '\uFFFF';

  private DoubleArray() {}

  /**
   * Lays the transitions of the non-root states out as a double array (Aoe): each state gets a base
   * such that the slots {@code base + class} of its children are all free, so that a step is one
   * load and one compare whatever the state's fan-out, where a scan of its children would cost more
   * as the lexicon grows (a 100k-term lexicon gives its first-level states dozens of children).
   * Bases are unique and at least 1 (0 is left to the root and leaves, which own no slot), so a
   * slot need only record the class it was taken for: {@code check[base + c] == c} identifies the
   * owner. A {@code char} per slot keeps the probed region, which a miss touches on every
   * character, small in cache. Free slots are found through next-free links with path compression,
   * so placement is near-linear. Returns the check array; fills {@code base} and {@code
   * childOut[0]}.
   */
  static char[] pack(
      int[] firstChild, char[] edgeClass, int[] base, int classCount, int[][] childOut) {
    int n = base.length;
    int size =
        n + classCount + 2; // one slot per non-root edge, plus slack for the last base's classes
    char[] check = new char[size];
    int[] target = new int[size];
    int[] nextFree =
        new int[size + 1]; // nextFree[p]: some q >= p whose slot may be free; q == p when free
    boolean[] baseTaken = new boolean[size];
    for (int p = 0; p <= size; p++) {
      nextFree[p] = p;
    }
    int used = 0;
    int lastMultiBase = 0;
    for (int st = 1; st < n; st++) {
      int lo = firstChild[st];
      int hi = firstChild[st + 1];
      if (lo == hi) {
        continue;
      }
      int c0 = edgeClass[lo];
      int b;
      // A state with several children looks no further left than the previous such state's base:
      // first fit from
      // the start would rescan the same crowded slots for each of them (seconds for a 100k
      // lexicon). Single children
      // fill the holes left behind.
      int from = hi - lo > 1 ? lastMultiBase + 1 + c0 : 1 + c0;
      for (int p = freeAtOrAfter(nextFree, from); ; p = freeAtOrAfter(nextFree, p + 1)) {
        b = p - c0;
        int last = b + edgeClass[hi - 1];
        if (last >= size) {
          int grown = Math.max(2 * size, last + classCount + 2);
          check = Arrays.copyOf(check, grown);
          target = Arrays.copyOf(target, grown);
          baseTaken = Arrays.copyOf(baseTaken, grown);
          nextFree = Arrays.copyOf(nextFree, grown + 1);
          for (int q = size + 1; q <= grown; q++) {
            nextFree[q] = q;
          }
          size = grown;
        }
        boolean fits = !baseTaken[b];
        for (int e = lo + 1; e < hi && fits; e++) {
          int q = b + edgeClass[e];
          fits = nextFree[q] == q;
        }
        if (fits) {
          break;
        }
      }
      base[st] = b;
      baseTaken[b] = true;
      if (hi - lo > 1) {
        lastMultiBase = b;
      }
      for (int e = lo; e < hi; e++) {
        int q = b + edgeClass[e];
        check[q] = edgeClass[e];
        target[q] = e;
        nextFree[q] = q + 1;
        used = Math.max(used, q);
      }
    }
    int length = used + classCount + 2; // every base + class of a lookup stays in bounds
    char[] checkOut = new char[length];
    Arrays.fill(checkOut, FREE);
    for (int q = 0; q <= used; q++) {
      if (nextFree[q] != q) {
        checkOut[q] = check[q];
      }
    }
    childOut[0] = Arrays.copyOf(target, length);
    return checkOut;
  }

  private static int freeAtOrAfter(int[] nextFree, int p) {
    int r = p;
    while (nextFree[r] != r) {
      r = nextFree[r];
    }
    while (nextFree[p] != r) {
      int up = nextFree[p];
      nextFree[p] = r;
      p = up;
    }
    return r;
  }
}
