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
 * repeating the previous one is skipped, so {@code 微微信信} does too (keys are collapsed the same way). A
 * <em>phonetic</em> automaton reads every Chinese character as its pinyin syllable instead, so that it walks
 * {@code 薇信} and {@code 微信} alike; it is built only for the few terms that ask for homophones.
 *
 * <p>Representation: characters map to classes through one 64K {@code char} table. States are numbered in
 * breadth-first order, so the shallow states that most steps touch sit together in memory; the root has a dense row
 * and the other states' transitions form a double array (one load and a compare per step, whatever the fan-out).
 * Failure and dictionary-suffix links are precomputed. Immutable and thread-safe.
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

  /** {@link #step} marker: the code unit is invisible or a separator, and the scan passes over it. */
  private static final char IGNORE = '\uFFFF';
  /** {@link #step} marker: a high surrogate or a character that folds to several; decoded off the fast path. */
  private static final char SLOW = '\uFFFE';
  /** {@link #check} marker of a free slot: no class (nor class 0, an unknown character) matches it. */
  private static final char FREE = '\uFFFF';

  private final char[] classOf; // canonical character -> class, 0 for none
  private final char[] step; // original code unit -> class of its fold, 0 for none, or IGNORE or SLOW
  private final int rootChildren; // classes 1..rootChildren lead from the root to the state of the same number
  private final int[] base; // double array: the child of s on class c is child[base[s] + c] ...
  private final char[] check; // ... when check[base[s] + c] == c (bases are unique, so the class names the owner)
  private final int[] child;
  private final int[] fail;
  private final int[] outHead;
  private final int[] outLink;
  private final int[] firstOutput; // the state itself if it has output, else its dictionary-suffix link
  private final int[] nextOut;
  private final int[] keyLength;
  private final int[] keyIds;
  private final int states;

  private KeywordAutomaton(Builder b, int rootChildren, int[] firstChild, char[] edgeClass, int[] fail,
      int[] outHead, int[] outLink) {
    this.classOf = b.classOf;
    this.step = stepTable(b.folding, b.classOf);
    this.rootChildren = rootChildren;
    this.base = new int[firstChild.length - 1];
    int[][] childOut = new int[1][];
    this.check = doubleArray(firstChild, edgeClass, base, b.classCount, childOut);
    this.child = childOut[0];
    this.fail = fail;
    this.outHead = outHead;
    this.outLink = outLink;
    this.firstOutput = new int[outHead.length];
    for (int st = 0; st < outHead.length; st++) {
      firstOutput[st] = outHead[st] >= 0 ? st : outLink[st];
    }
    this.nextOut = b.nextOut.stream().mapToInt(Integer::intValue).toArray();
    this.keyLength = b.keyLength.stream().mapToInt(Integer::intValue).toArray();
    this.keyIds = b.keyIds.stream().mapToInt(Integer::intValue).toArray();
    this.states = b.stateCount;
  }

  /**
   * Folding and classification in one lookup per code unit for {@link #matchOriginal}: what {@link CharFolding}
   * folds each BMP code unit to, already mapped to its class, with separators and invisibles (both passed over by
   * the scan) merged into {@link #IGNORE}.
   */
  private static char[] stepTable(CharFolding folding, char[] classOf) {
    char[] step = new char[0x10000];
    for (int c = 0; c < 0x10000; c++) {
      char f = folding.fold((char) c);
      if (f == CharFolding.EXPANDS || Character.isHighSurrogate((char) c)) {
        step[c] = SLOW;
      } else if (f == CharFolding.SKIP || f == CharFolding.SEPARATOR || CharFolding.isSeparator(f)) {
        step[c] = IGNORE;
      } else {
        step[c] = classOf[f];
      }
    }
    return step;
  }

  /** A builder whose classes are characters (after folding). */
  public static Builder builder() {
    return new Builder(false);
  }

  /** A builder whose classes are pinyin syllables for Chinese characters: every key matches its homophones. */
  public static Builder phoneticBuilder() {
    return new Builder(true);
  }

  /** Number of states, for sizing reports. */
  public int stateCount() {
    return states;
  }

  /**
   * Reports every key occurrence in {@code text} to {@code sink}, in order of end position. A hit ends at the first
   * character of a run of repeats ({@code fee} hits {@code fe}); callers extend it over the run.
   */
  public void match(NormalizedText text, HitSink sink) {
    char[] classOf = this.classOf;
    int[] ring = new int[RING];
    int state = 0;
    int prev = -1;
    int pos = 0;
    int n = text.length();
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (CharFolding.isSeparator(c)) {
        continue;
      }
      int cls = classOf[c];
      if (cls == prev) {
        continue; // a repeat (or a second unknown character): the hit's end is extended over it by the caller
      }
      prev = cls;
      ring[pos++ & RING_MASK] = i;
      state = next(state, cls);
      if (firstOutput[state] > 0) {
        emit(state, ring, pos, i + 1, sink);
      }
    }
  }

  /**
   * As {@link #match(NormalizedText, HitSink)}, folding {@code original} on the fly instead of reading normalised
   * text: normalisation and matching in one pass, for callers that need only keywords. Hit spans are offsets into
   * {@code original}; a property test checks that they are exactly the normalised matches mapped back.
   *
   * <p>The loop is the hot path of keyword matching and is written for the JIT: one table lookup per code unit
   * ({@link #step}) gives its class, the automaton arrays are held in locals, and everything rare (surrogate pairs,
   * characters that fold to several, hits) is off the straight path.
   *
   * @return true when the text holds a character that folds to several ({@code ㎏}, {@code ⑪}): a hit may then end
   *     inside it, which original offsets cannot express, and the caller should match normalised text instead
   */
  public boolean matchOriginal(String original, HitSink sink) {
    final char[] step = this.step;
    final int[] base = this.base;
    final char[] check = this.check;
    final int[] child = this.child;
    final int[] fail = this.fail;
    final int[] firstOutput = this.firstOutput;
    final int rootChildren = this.rootChildren;
    final int n = original.length();
    final int[] ring = new int[RING];
    boolean multi = false;
    int state = 0;
    int prev = -1;
    int pos = 0;
    String expansion = null; // while feeding the characters of one expansion: it, and the next one's index
    int expanded = 0;
    for (int i = 0; i < n; ) {
      int at = i;
      int end;
      int cls = step[original.charAt(i)];
      if (cls < SLOW) {
        end = ++i;
      } else if (cls == IGNORE) {
        i++;
        continue;
      } else {
        // A surrogate pair or a character that folds to several: fold it properly, one canonical character per
        // visit; i moves on only after its last one.
        char c = original.charAt(i);
        int cp = c;
        int width = 1;
        if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(original.charAt(i + 1))) {
          cp = Character.toCodePoint(c, original.charAt(i + 1));
          width = 2;
        }
        end = i + width;
        char f;
        if (expansion != null) {
          f = expansion.charAt(expanded++);
        } else {
          CharFolding folding = CharFolding.get();
          f = folding.foldCodePoint(cp);
          if (f == CharFolding.EXPANDS) {
            expansion = folding.expansion(cp);
            multi |= expansion.codePointCount(0, expansion.length()) > 1;
            f = expansion.charAt(0);
            expanded = 1;
          }
        }
        if (expansion != null && expanded == expansion.length()) {
          expansion = null;
        }
        if (expansion == null) {
          i = end;
        }
        if (f == CharFolding.SKIP || f == CharFolding.SEPARATOR || CharFolding.isSeparator(f)) {
          continue;
        }
        cls = classOf[f];
      }
      if (cls == prev) {
        continue; // a repeat (or a second unknown character): the hit's end is extended over it by the caller
      }
      prev = cls;
      ring[pos++ & RING_MASK] = at;
      // The transition. A miss sends the state to its failure link and, when that is the root, on to the root's
      // child on cls, which is state cls (classes 1 to rootChildren) or none: computed, not looked up, so that the
      // processor can go on to the next character before the lookup's cell arrives from memory. The root owns no
      // cell, so it takes the same path. The two branches are rarely taken, hence well predicted.
      int q = base[state] + cls;
      if (check[q] == cls) {
        state = child[q];
      } else if (fail[state] != 0) {
        state = next(fail[state], cls);
      } else {
        state = cls & ((cls - rootChildren - 1) >> 31);
      }
      if (firstOutput[state] > 0) {
        emit(state, ring, pos, end, sink);
      }
    }
    return multi;
  }

  /** Reports the keys that end in {@code state}: its own and those of its dictionary-suffix links. */
  private void emit(int state, int[] ring, int pos, int end, HitSink sink) {
    for (int s = firstOutput[state]; s > 0; s = outLink[s]) {
      for (int k = outHead[s]; k >= 0; k = nextOut[k]) {
        sink.hit(keyIds[k], ring[(pos - keyLength[k]) & RING_MASK], end);
      }
    }
  }

  private int next(int state, int cls) {
    for (int s = state; s != 0; s = fail[s]) {
      int q = base[s] + cls;
      if (check[q] == cls) {
        return child[q];
      }
    }
    return cls <= rootChildren ? cls : 0;
  }

  /**
   * Lays the transitions of the non-root states out as a double array (Aoe): each state gets a base such that the
   * slots {@code base + class} of its children are all free, so that a step is one load and one compare whatever the
   * state's fan-out, where a scan of its children would cost more as the lexicon grows (a 100k-term lexicon gives its
   * first-level states dozens of children). Bases are unique and at least 1 (0 is left to the root and leaves, which
   * own no slot), so a slot need only record the class it was taken for: {@code check[base + c] == c} identifies the
   * owner. A {@code char} per slot keeps the probed region, which a miss touches on every character, small in cache.
   * Free slots are found through next-free links with path compression, so placement is near-linear. Returns the
   * check array; fills {@code base} and {@code childOut[0]}.
   */
  private static char[] doubleArray(int[] firstChild, char[] edgeClass, int[] base, int classCount,
      int[][] childOut) {
    int n = base.length;
    int size = n + classCount + 2; // one slot per non-root edge, plus slack for the last base's classes
    char[] check = new char[size];
    int[] target = new int[size];
    int[] nextFree = new int[size + 1]; // nextFree[p]: some q >= p whose slot may be free; q == p when free
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
      // A state with several children looks no further left than the previous such state's base: first fit from
      // the start would rescan the same crowded slots for each of them (seconds for a 100k lexicon). Single children
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
    private final List<Integer> keyIds = new ArrayList<>();
    private final boolean phonetic;

    private Builder(boolean phonetic) {
      this.phonetic = phonetic;
      Arrays.fill(tableKeys, -1L);
    }

    /**
     * Adds a canonical key (see {@link dev.vigil.core.text.Normalizer#key(String)}).
     *
     * @param key the canonical key, non-empty, without spaces
     * @param id reported with every hit of this key
     * @throws IllegalArgumentException if the key is empty or longer than {@link #MAX_KEY_LENGTH}
     */
    public Builder add(String key, int id) {
      int[] classes = new int[key.length()];
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
     * Renumbers the states breadth-first (children consecutive, sorted by class), computes failure and output links
     * and freezes the automaton. The builder must not be used afterwards.
     */
    public KeywordAutomaton build() {
      if (phonetic) {
        for (int c = 0; c < 0x10000; c++) {
          int sid = folding.syllableId((char) c);
          if (sid != 0 && syllableClass[sid] != 0) {
            classOf[c] = (char) syllableClass[sid];
          }
        }
      }
      int rootChildren = renumberClasses();
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
      return new KeywordAutomaton(this, rootChildren, first, edge, fail, out, outLink);
    }

    /**
     * Renumbers the classes so that those on which the root has a child come first, 1 to the returned count: the
     * breadth-first numbering then gives the root's child on class c the number c, and the scan steps from the root
     * without a table.
     */
    private int renumberClasses() {
      int[] renumbered = new int[classCount + 1];
      int next = 1;
      for (int v = firstChild[0]; v >= 0; v = nextSibling[v]) {
        renumbered[edgeClass[v]] = next++;
      }
      int rootChildren = next - 1;
      for (int c = 1; c <= classCount; c++) {
        if (renumbered[c] == 0) {
          renumbered[c] = next++;
        }
      }
      for (int s = 1; s < stateCount; s++) {
        edgeClass[s] = renumbered[edgeClass[s]];
      }
      for (int c = 0; c < 0x10000; c++) {
        classOf[c] = (char) renumbered[classOf[c]];
      }
      return rootChildren;
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
  }
}
