package dev.vigil.core.keyword;

import dev.vigil.core.text.CharFolding;
import dev.vigil.core.text.NormalizedText;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An Aho-Corasick automaton over canonical text that finds every occurrence of every key in one left-to-right pass,
 * in time linear in the text plus the number of hits.
 *
 * <p>Three evasions are handled inside the scan rather than by rewriting the text: separators (the single spaces
 * left by {@link dev.vigil.core.text.Normalizer}) are skipped, so {@code 微 信} reaches {@code 微信}; a character
 * repeating the previous one is skipped, so {@code 微微信信} does too (keys are collapsed the same way); and the
 * alphabet is not characters but <em>sound classes</em>: every Chinese character is read as its pinyin syllable,
 * so the automaton walks {@code 薇信} and {@code 微信} alike. A key marked phonetic accepts any homophone; any other
 * key is verified character by character at the hit, which costs nothing on the common path.
 *
 * <p>Representation: characters map to classes through one 64K {@code char} table; the root has a dense transition
 * row (most steps start there); other transitions live in one open-addressing hash table keyed by state and class.
 * Failure and dictionary-suffix links are precomputed, so a step is a few array reads. Immutable and thread-safe.
 */
public final class KeywordAutomaton {
  /** Longest key, in collapsed characters. */
  public static final int MAX_KEY_LENGTH = 64;
  private static final int RING = 64;
  private static final int RING_MASK = RING - 1;

  /** Receives hits: key id and the span {@code [start, end)} in canonical character indices. */
  @FunctionalInterface
  public interface HitSink {
    void hit(int keyId, int start, int end);
  }

  private final char[] classOf;
  private final int[] rootNext;
  private final long[] tableKeys;
  private final int[] tableValues;
  private final int tableMask;
  private final int[] fail;
  private final int[] outHead;
  private final int[] outLink;
  private final int[] nextOut;
  private final int[] keyLength;
  private final char[][] keyChars; // null when phonetic
  private final int[] keyIds;
  private final int states;

  private KeywordAutomaton(Builder b, int[] fail, int[] outLink) {
    this.classOf = b.classOf;
    this.rootNext = Arrays.copyOf(b.rootNext, b.classCount + 1);
    this.tableKeys = b.tableKeys;
    this.tableValues = b.tableValues;
    this.tableMask = b.tableKeys.length - 1;
    this.fail = fail;
    this.outHead = Arrays.copyOf(b.outHead, b.stateCount);
    this.outLink = outLink;
    this.nextOut = b.nextOut.stream().mapToInt(Integer::intValue).toArray();
    this.keyLength = b.keyLength.stream().mapToInt(Integer::intValue).toArray();
    this.keyChars = b.keyChars.toArray(new char[0][]);
    this.keyIds = b.keyIds.stream().mapToInt(Integer::intValue).toArray();
    this.states = b.stateCount;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Number of states, for sizing reports. */
  public int stateCount() {
    return states;
  }

  /** Reports every key occurrence in {@code text} to {@code sink}, in order of end position. */
  public void match(NormalizedText text, HitSink sink) {
    int n = text.length();
    char[] ringChar = new char[RING];
    int[] ringStart = new int[RING];
    int[] ringEnd = new int[RING];
    int state = 0;
    int prevClass = -1;
    int pos = 0;
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (CharFolding.isSeparator(c)) {
        continue;
      }
      int cls = classOf[c];
      if (cls == 0) {
        state = 0;
        prevClass = 0;
        continue;
      }
      if (cls == prevClass) {
        ringEnd[(pos - 1) & RING_MASK] = i + 1;
        continue;
      }
      prevClass = cls;
      int slot = pos & RING_MASK;
      ringChar[slot] = c;
      ringStart[slot] = i;
      ringEnd[slot] = i + 1;
      pos++;
      state = next(state, cls);
      int s = outHead[state] >= 0 ? state : outLink[state];
      while (s > 0) {
        for (int k = outHead[s]; k >= 0; k = nextOut[k]) {
          int len = keyLength[k];
          char[] exact = keyChars[k];
          if (exact != null && !verify(exact, ringChar, pos, len)) {
            continue;
          }
          sink.hit(keyIds[k], ringStart[(pos - len) & RING_MASK], ringEnd[(pos - 1) & RING_MASK]);
        }
        s = outLink[s];
      }
    }
  }

  private static boolean verify(char[] exact, char[] ringChar, int pos, int len) {
    int from = pos - len;
    for (int k = 0; k < len; k++) {
      if (ringChar[(from + k) & RING_MASK] != exact[k]) {
        return false;
      }
    }
    return true;
  }

  private int next(int state, int cls) {
    while (state != 0) {
      int t = lookup(state, cls);
      if (t >= 0) {
        return t;
      }
      state = fail[state];
    }
    return rootNext[cls];
  }

  private int lookup(int state, int cls) {
    long key = ((long) state << 16) | cls;
    int h = hash(key) & tableMask;
    while (true) {
      long k = tableKeys[h];
      if (k == key) {
        return tableValues[h];
      }
      if (k == -1L) {
        return -1;
      }
      h = (h + 1) & tableMask;
    }
  }

  private static int hash(long key) {
    long h = key * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 29));
  }

  /** Accumulates keys; {@link #build()} computes the failure links. Not thread-safe. */
  public static final class Builder {
    private final CharFolding folding = CharFolding.get();
    private final char[] classOf = new char[0x10000];
    private final int[] syllableClass = new int[folding.syllableCount() + 1];
    private int classCount;
    private int[] rootNext = new int[256];
    private long[] tableKeys = new long[1024];
    private int[] tableValues = new int[1024];
    private int tableSize;
    private int stateCount = 1;
    private int[] outHead = {-1};
    private int[] firstChild = {-1};
    private int[] nextSibling = {-1};
    private int[] edgeClass = {0};
    private final List<Integer> nextOut = new ArrayList<>();
    private final List<Integer> keyLength = new ArrayList<>();
    private final List<char[]> keyChars = new ArrayList<>();
    private final List<Integer> keyIds = new ArrayList<>();

    private Builder() {
      Arrays.fill(tableKeys, -1L);
    }

    /**
     * Adds a canonical key (see {@link dev.vigil.core.text.Normalizer#key(String)}).
     *
     * @param key the canonical key, non-empty, without spaces
     * @param id reported with every hit of this key
     * @param phonetic whether homophones of its Chinese characters also hit
     * @throws IllegalArgumentException if the key is empty or longer than {@link #MAX_KEY_LENGTH}
     */
    public Builder add(String key, int id, boolean phonetic) {
      int[] classes = new int[key.length()];
      char[] exact = new char[key.length()];
      int len = 0;
      for (int i = 0; i < key.length(); i++) {
        char c = key.charAt(i);
        if (CharFolding.isSeparator(c)) {
          continue;
        }
        int cls = classFor(c);
        if (len > 0 && classes[len - 1] == cls) {
          continue;
        }
        classes[len] = cls;
        exact[len] = c;
        len++;
      }
      if (len == 0) {
        throw new IllegalArgumentException("empty key");
      }
      if (len > MAX_KEY_LENGTH) {
        throw new IllegalArgumentException("key longer than " + MAX_KEY_LENGTH + " characters: " + key);
      }
      int state = 0;
      for (int i = 0; i < len; i++) {
        int t = state == 0 ? (classes[i] < rootNext.length ? rootNext[classes[i]] - 1 : -1) : get(state, classes[i]);
        if (t < 0) {
          t = newState(state, classes[i]);
        }
        state = t;
      }
      int k = keyIds.size();
      keyIds.add(id);
      keyLength.add(len);
      keyChars.add(phonetic ? null : Arrays.copyOf(exact, len));
      nextOut.add(outHead[state]);
      outHead[state] = k;
      return this;
    }

    private int classFor(char c) {
      int sid = folding.syllableId(c);
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

    /** Computes failure and output links and freezes the automaton. The builder must not be used afterwards. */
    public KeywordAutomaton build() {
      for (int c = 0; c < 0x10000; c++) {
        int sid = folding.syllableId((char) c);
        if (sid != 0 && syllableClass[sid] != 0) {
          classOf[c] = (char) syllableClass[sid];
        }
      }
      for (int i = 0; i < rootNext.length; i++) {
        rootNext[i] = Math.max(0, rootNext[i] - 1);
      }
      rootNext = Arrays.copyOf(rootNext, Math.max(rootNext.length, classCount + 1));
      int[] fail = new int[stateCount];
      int[] outLink = new int[stateCount];
      int[] queue = new int[stateCount];
      int head = 0;
      int tail = 0;
      for (int s = firstChild[0]; s >= 0; s = nextSibling[s]) {
        queue[tail++] = s;
      }
      while (head < tail) {
        int u = queue[head++];
        for (int v = firstChild[u]; v >= 0; v = nextSibling[v]) {
          int cls = edgeClass[v];
          int f = fail[u];
          int t;
          while (true) {
            t = f == 0 ? rootNext[cls] : get(f, cls);
            if (t > 0 || f == 0) {
              break;
            }
            f = fail[f];
          }
          fail[v] = t > 0 && t != v ? t : 0;
          outLink[v] = outHead[fail[v]] >= 0 ? fail[v] : outLink[fail[v]];
          queue[tail++] = v;
        }
      }
      return new KeywordAutomaton(this, fail, outLink);
    }
  }
}
