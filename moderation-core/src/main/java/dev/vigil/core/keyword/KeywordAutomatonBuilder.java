package dev.vigil.core.keyword;

import dev.vigil.core.text.CharFolding;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Builds a {@link KeywordAutomaton}: accumulates keys into a trie, then {@link #build()} computes
 * the failure and dictionary-suffix links and hands the trie to {@link DoubleArray} and the
 * automaton. Not thread-safe; used once.
 */
final class KeywordAutomatonBuilder {
  final CharFolding folding = CharFolding.get();
  final char[] classOf = new char[0x10000];
  private final int[] syllableClass = new int[folding.syllableCount() + 1];
  int classCount;
  private int[] rootNext = new int[256];
  private long[] tableKeys = new long[1024];
  private int[] tableValues = new int[1024];
  private int tableSize;
  private int stateCount = 1;
  private int[] outHead = {-1};
  private int[] firstChild = {-1};
  private int[] nextSibling = {-1};
  private int[] edgeClass = {0};
  final List<Integer> nextOut = new ArrayList<>();
  final List<Integer> keyLength = new ArrayList<>();
  final List<Integer> keyIds = new ArrayList<>();
  final List<byte[]> keyRuns = new ArrayList<>();
  final List<Long> keyGaps = new ArrayList<>();
  final List<Long> keyInnerGaps = new ArrayList<>();
  private final boolean phonetic;

  KeywordAutomatonBuilder(boolean phonetic) {
    this.phonetic = phonetic;
    Arrays.fill(tableKeys, -1L);
  }

  /**
   * Adds a canonical key: a lexicon term normalised ({@link
   * dev.vigil.core.text.Normalizer#normalize(String)}), or its {@link
   * dev.vigil.core.text.Normalizer#key(String) key}. The key's repeats are kept (they decide which
   * text runs it accepts, see the class comment); a separator in it marks a word gap that the text
   * may have too.
   *
   * @param key the canonical key, non-empty
   * @param id reported with every hit of this key
   * @throws IllegalArgumentException if the key is empty or longer than {@link
   *     KeywordAutomaton#MAX_KEY_LENGTH}
   */
  KeywordAutomatonBuilder add(String key, int id) {
    int[] classes = new int[key.length()];
    byte[] runs = new byte[key.length()];
    long gapBits = 0;
    long inner = 0;
    boolean separated = false;
    int len = 0;
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (CharFolding.isSeparator(c)) {
        separated = len > 0;
        continue;
      }
      int cls = classFor(c);
      if (len > 0 && classes[len - 1] == cls) {
        runs[len - 1] = (byte) Math.min(runs[len - 1] + 1, Byte.MAX_VALUE);
        if (separated && len <= KeywordAutomaton.MAX_KEY_LENGTH) {
          inner |= 1L << (len - 1);
        }
        separated = false;
        continue;
      }
      if (separated && len < KeywordAutomaton.MAX_KEY_LENGTH) {
        gapBits |= 1L << (len - 1);
      }
      separated = false;
      classes[len] = cls;
      runs[len] = 1;
      len++;
    }
    if (len == 0) {
      throw new IllegalArgumentException("empty key");
    }
    if (len > KeywordAutomaton.MAX_KEY_LENGTH) {
      throw new IllegalArgumentException(
          "key longer than " + KeywordAutomaton.MAX_KEY_LENGTH + " characters: " + key);
    }
    int state = 0;
    for (int i = 0; i < len; i++) {
      int t =
          state == 0
              ? (classes[i] < rootNext.length ? rootNext[classes[i]] - 1 : -1)
              : get(state, classes[i]);
      if (t < 0) {
        t = newState(state, classes[i]);
      }
      state = t;
    }
    int k = keyIds.size();
    keyIds.add(id);
    keyLength.add(len);
    keyRuns.add(Arrays.copyOf(runs, len));
    keyGaps.add(gapBits);
    long innerByClass = 0;
    for (int r = 0; r < len; r++) {
      for (int q = 0; q < len; q++) {
        if ((inner >>> q & 1) != 0 && classes[q] == classes[r]) {
          innerByClass |= 1L << r;
        }
      }
    }
    keyInnerGaps.add(innerByClass);
    nextOut.add(outHead[state]);
    outHead[state] = k;
    return this;
  }

  private int classFor(char c) {
    int sid = phonetic ? folding.syllableId(c) : 0;
    if (sid != 0) {
      if (syllableClass[sid] == 0) {
        syllableClass[sid] = ++classCount;
      }
      return syllableClass[sid];
    }
    if (classOf[c] == 0) {
      classOf[c] = (char) ++classCount;
    }
    return classOf[c];
  }

  private int newState(int parent, int cls) {
    int s = stateCount++;
    if (s == outHead.length) {
      int cap = s * 2;
      outHead = Arrays.copyOf(outHead, cap);
      firstChild = Arrays.copyOf(firstChild, cap);
      nextSibling = Arrays.copyOf(nextSibling, cap);
      edgeClass = Arrays.copyOf(edgeClass, cap);
    }
    outHead[s] = -1;
    firstChild[s] = -1;
    edgeClass[s] = cls;
    nextSibling[s] = firstChild[parent];
    firstChild[parent] = s;
    if (parent == 0) {
      if (cls >= rootNext.length) {
        rootNext = Arrays.copyOf(rootNext, Math.max(cls + 1, rootNext.length * 2));
      }
      rootNext[cls] = s + 1; // stored +1 while building so that 0 means absent
    } else {
      put(parent, cls, s);
    }
    return s;
  }

  private int get(int state, int cls) {
    long key = ((long) state << 16) | cls;
    int mask = tableKeys.length - 1;
    int h = hash(key) & mask;
    while (true) {
      long k = tableKeys[h];
      if (k == key) {
        return tableValues[h];
      }
      if (k == -1L) {
        return -1;
      }
      h = (h + 1) & mask;
    }
  }

  private void put(int state, int cls, int target) {
    if ((tableSize + 1) * 2 > tableKeys.length) {
      long[] oldKeys = tableKeys;
      int[] oldValues = tableValues;
      tableKeys = new long[oldKeys.length * 2];
      tableValues = new int[oldKeys.length * 2];
      Arrays.fill(tableKeys, -1L);
      int mask = tableKeys.length - 1;
      for (int i = 0; i < oldKeys.length; i++) {
        if (oldKeys[i] != -1L) {
          int h = hash(oldKeys[i]) & mask;
          while (tableKeys[h] != -1L) {
            h = (h + 1) & mask;
          }
          tableKeys[h] = oldKeys[i];
          tableValues[h] = oldValues[i];
        }
      }
    }
    long key = ((long) state << 16) | cls;
    int mask = tableKeys.length - 1;
    int h = hash(key) & mask;
    while (tableKeys[h] != -1L) {
      h = (h + 1) & mask;
    }
    tableKeys[h] = key;
    tableValues[h] = target;
    tableSize++;
  }

  /**
   * Renumbers the states breadth-first (children consecutive, sorted by class), computes failure
   * and output links and freezes the automaton. The builder must not be used afterwards.
   */
  KeywordAutomaton build() {
    if (phonetic) {
      for (int c = 0; c < 0x10000; c++) {
        int sid = folding.syllableId((char) c);
        if (sid != 0 && syllableClass[sid] != 0) {
          classOf[c] = (char) syllableClass[sid];
        }
      }
    }
    // Every class gets a state below the root, numbered like the class once sorted (see the class
    // comment); the
    // characters that no key uses share a last class.
    int unused = ++classCount;
    for (int c = 0; c < 0x10000; c++) {
      if (classOf[c] == 0) {
        classOf[c] = (char) unused;
      }
    }
    boolean[] rooted = new boolean[classCount + 1];
    for (int v = firstChild[0]; v >= 0; v = nextSibling[v]) {
      rooted[edgeClass[v]] = true;
    }
    for (int c = 1; c <= classCount; c++) {
      if (!rooted[c]) {
        newState(0, c);
      }
    }
    int n = stateCount;
    int[] newId = new int[n];
    int[] oldOf = new int[n];
    int[] first = new int[n + 1];
    char[] edge = new char[n];
    int next = 1;
    int[] kids = new int[16];
    for (int head = 0; head < n; head++) {
      int u = oldOf[head];
      int count = 0;
      for (int v = firstChild[u]; v >= 0; v = nextSibling[v]) {
        if (count == kids.length) {
          kids = Arrays.copyOf(kids, count * 2);
        }
        kids[count++] = v;
      }
      sortByClass(kids, count);
      first[head] = next;
      for (int k = 0; k < count; k++) {
        newId[kids[k]] = next;
        oldOf[next] = kids[k];
        edge[next] = (char) edgeClass[kids[k]];
        next++;
      }
    }
    first[n] = next;
    int[] root = new int[classCount + 1];
    for (int i = first[0]; i < first[1]; i++) {
      root[edge[i]] = i;
      assert edge[i] == i : "root child numbered like its class";
    }
    int[] out = new int[n];
    for (int s = 0; s < n; s++) {
      out[newId[s]] = outHead[s];
    }
    out[0] = outHead[0];
    int[] fail = new int[n];
    int[] outLink = new int[n];
    for (int u = 0; u < n; u++) { // breadth-first order: parents before children
      for (int v = first[u]; v < first[u + 1]; v++) {
        int cls = edge[v];
        int t = 0;
        if (u != 0) {
          int f = fail[u];
          while (true) {
            t = f == 0 ? root[cls] : child(first, edge, f, cls);
            if (t > 0 || f == 0) {
              break;
            }
            f = fail[f];
          }
        }
        fail[v] = Math.max(t, 0);
        outLink[v] = out[fail[v]] >= 0 ? fail[v] : outLink[fail[v]];
      }
    }
    return new KeywordAutomaton(this, first, edge, fail, out, outLink);
  }

  private void sortByClass(int[] kids, int count) {
    for (int i = 1; i < count; i++) {
      int k = kids[i];
      int c = edgeClass[k];
      int j = i - 1;
      while (j >= 0 && edgeClass[kids[j]] > c) {
        kids[j + 1] = kids[j];
        j--;
      }
      kids[j + 1] = k;
    }
  }

  /** The child of {@code state} on class {@code cls}, or -1. */
  static int child(int[] firstChild, char[] edgeClass, int state, int cls) {
    int lo = firstChild[state];
    int hi = firstChild[state + 1];
    if (hi - lo <= 8) {
      for (int i = lo; i < hi; i++) {
        if (edgeClass[i] == cls) {
          return i;
        }
      }
      return -1;
    }
    hi--;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      int c = edgeClass[mid];
      if (c < cls) {
        lo = mid + 1;
      } else if (c > cls) {
        hi = mid - 1;
      } else {
        return mid;
      }
    }
    return -1;
  }

  private static int hash(long key) {
    long h = key * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 29));
  }
}
