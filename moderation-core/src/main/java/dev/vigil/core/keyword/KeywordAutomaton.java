package dev.vigil.core.keyword;

import dev.vigil.core.text.CharFolding;
import dev.vigil.core.text.NormalizedText;

/**
 * An Aho-Corasick automaton over canonical text that finds every occurrence of every key in one
 * left-to-right pass, in time linear in the text plus the number of hits.
 *
 * <p><b>What matches</b> (issue 13: evasion undone, and nothing else). Text and key are read as
 * runs of one class (character, or pinyin syllable in the phonetic automaton), with separators
 * between them. A key occurs where the text has its runs in order and
 *
 * <ul>
 *   <li><b>run lengths</b> ({@link #runOk}): a text run of n stands for a key run of m when n = m;
 *       else for a Latin letter when n &ge; 3 and n &gt; m (stretched: {@code gooood} reaches
 *       {@code good} and {@code god}, {@code good} reaches only {@code good}); never for a digit
 *       ({@code 100} is not {@code 10}); for any other character when n &gt; m ({@code 妈妈妈} reaches
 *       {@code 妈妈}, {@code 微微信信} reaches {@code 微信}). A single character stands for exactly one:
 *       {@code god} never reaches {@code good}, nor {@code 妈} {@code 妈妈}, nor {@code as} {@code
 *       ass}. The key's own doubled letters are kept.
 *   <li><b>separators</b> ({@link #gapKind}) between two runs are skipped when evasion explains
 *       them: between Chinese characters, or where a side is a single Latin letter or digit ({@code
 *       微 信}, {@code 冰.毒}, {@code b i t c o i n}). A separator between two Latin words of two or
 *       more letters or digits is a word boundary, crossed only where the key has a separator
 *       itself ({@code the and} is not {@code theand}; {@code meet someone} matches the key {@code
 *       meet someone}). Sentence and clause breaks ({@link #BREAKS}, or a full stop then white
 *       space) are never crossed: {@code 这是冰。毒品} has no {@code 冰毒}.
 *   <li>a run split by a boundary or break is two runs: a key's first run is matched by the last of
 *       them, its last run by the first, a one-run key by each.
 * </ul>
 *
 * A hit spans the whole text runs it matched. {@link KeywordIndex} adds word boundaries at a Latin
 * key's ends.
 *
 * <p><b>How</b>: the scan is the classic one on <em>collapsed</em> keys (repeats collapsed,
 * separators skipped), which finds every place where a key may occur, in one pass and without
 * remembering anything per character; each such candidate is then checked against the rules above
 * by {@link #verify}, one walk over the candidate. Candidates are rare in natural text (and a
 * collapsed key occurrence has one alignment with the key, so the check is exact), so the precise
 * rules cost nothing on the hot path. A <em>phonetic</em> automaton reads every Chinese character
 * as its pinyin syllable instead, so that it walks {@code 薇信} and {@code 微信} alike; it is built
 * only for the few terms that ask for homophones.
 *
 * <p>Representation: characters map to classes through one 64K {@code char} table, and every class,
 * including one for all the characters no key uses, has a state of its own below the root, numbered
 * like the class; so a step from the root needs no table, nor does a missed step from a state whose
 * failure link is the root (all first-level states). States are numbered in breadth-first order,
 * and the transitions of the others form a double array (one probe per step, whatever the fan-out).
 * Failure and dictionary-suffix links are precomputed. A hit's start is found, when it happens, by
 * walking back over the text, so that the scan remembers nothing per character. Immutable and
 * thread-safe. This class is the run-time part only: {@link KeywordAutomatonBuilder} builds the
 * trie and its links, {@link DoubleArray} lays the transitions out.
 *
 * <p>The scan of original text ({@link #matchOriginal}) is the hot path of keyword matching and is
 * tuned for it: one lookup folds and classifies a code unit, and the common steps (a miss to the
 * root, a separator, a repeat) take no branch that depends on the text, so that the processor
 * seldom mispredicts and need not wait for the probed cell.
 */
public final class KeywordAutomaton {
  /** Longest key, in collapsed characters. */
  public static final int MAX_KEY_LENGTH = 64;

  /** Receives hits: key id and the span {@code [start, end)} in canonical character indices. */
  @FunctionalInterface
  public interface HitSink {
    void hit(int keyId, int start, int end);
  }

  /**
   * Step marker (see {@link #step}): the code unit is invisible or a separator, and the scan passes
   * over it.
   */
  private static final char IGNORE = '\uFFFF';

  /**
   * Step marker: a high surrogate or a character that folds to several; decoded off the fast path.
   */
  private static final char SLOW = '\uFFFE';

  /**
   * {@link #info} flag: a missed step from the state is not simply a step to the root's child,
   * because its failure link is not the root, or because a key ends in it (a separator read as a
   * repeat must not report the key again).
   */
  private static final int MISS_STOPS = 1;

  /** {@link #info} flag: some key ends in the state (or in one of its dictionary suffixes). */
  private static final int OUTPUT = 2;

  /** Length of the step table. */
  private static final int STEPS = 0x10000;

  /** Why the inner scan loop stopped, besides {@link #SLOW} and {@link #OUTPUT}. */
  private static final int END = 0;

  private final char[]
      classOf; // canonical character -> class (the last class for characters no key uses)

  /**
   * The step table: for each code unit of the original text the class of its fold, or IGNORE or
   * SLOW.
   */
  private final char[] step;

  /**
   * The double array, one {@code long} per slot, so that a step reads one cell: the check (the
   * class the slot was taken for, or {@link DoubleArray#FREE}) in bits 0-15, the child's state in
   * bits 16-38 and the child's {@link #info} in bits 39-63. The child of state s on class c is in
   * slot {@code base(s) + c} when that slot's check is c (bases are unique, so the class names the
   * owner). With the child's info in the cell, the scan's chain of dependent loads is one per
   * character instead of two (the cell, then the child's info).
   */
  private final long[] cells;

  private static final int CHECK_BITS = 16;
  private static final int STATE_BITS = 23;
  private static final int INFO_SHIFT = CHECK_BITS + STATE_BITS;
  private static final int STATE_MASK = (1 << STATE_BITS) - 1;

  /** Largest base a state's info can hold in the bits a cell leaves it. */
  private static final int MAX_BASE = (1 << (64 - INFO_SHIFT - 2)) - 1;

  private final int[]
      info; // per state: its base << 2 | MISS_STOPS | OUTPUT, all a step reads of it
  private final int unusedClass; // the class of the characters no key uses, and its state
  private final int[] fail;

  /**
   * Per state s: at 2s the first key that ends in s, or -1; at 2s+1 its dictionary-suffix link (the
   * longest proper suffix state in which some key ends), or 0. Side by side, as a hit reads both.
   */
  private final int[] output;

  /**
   * Per key k: at 3k its id, at 3k+1 its length in collapsed characters, at 3k+2 the next key of
   * its state, or -1.
   */
  private final int[] keys;

  /**
   * Per key k: its run lengths (how often the key repeats each collapsed character) from {@code
   * runAt[k]}.
   */
  private final byte[] runLength;

  private final int[] runAt;

  /**
   * Per key k: bit r set when the term had a separator between its runs r and r + 1 (a word gap it
   * allows).
   */
  private final long[] gaps;

  /**
   * Per key k: bit r set when the term has a separator inside a run of the class of run r ({@code
   * at the}: the t of {@code at} and of {@code the} are one run): text runs of that class go on
   * across word boundaries.
   */
  private final long[] innerGaps;

  private final int[] indexOfId;
  private final int states;

  KeywordAutomaton(
      KeywordAutomatonBuilder b,
      int[] firstChild,
      char[] edgeClass,
      int[] fail,
      int[] outHead,
      int[] outLink) {
    this.classOf = b.classOf;
    this.unusedClass = b.classCount;
    int n = firstChild.length - 1;
    int[] base = new int[n];
    int[][] childOut = new int[1][];
    char[] check = DoubleArray.pack(firstChild, edgeClass, base, b.classCount, childOut);
    this.step = stepTable(b.folding, b.classOf);
    if (n > STATE_MASK) {
      throw new IllegalStateException("automaton too large");
    }
    this.fail = fail;
    this.output = new int[2 * n];
    this.info = new int[n];
    for (int st = 0; st < n; st++) {
      output[2 * st] = outHead[st];
      output[2 * st + 1] = outLink[st];
      if (base[st] > MAX_BASE) {
        throw new IllegalStateException("automaton too large");
      }
      boolean hasOutput = outHead[st] >= 0 || outLink[st] > 0;
      info[st] =
          base[st] << 2 | (fail[st] != 0 || hasOutput ? MISS_STOPS : 0) | (hasOutput ? OUTPUT : 0);
    }
    int[] child = childOut[0];
    this.cells = new long[check.length];
    for (int q = 0; q < check.length; q++) {
      long cell = check[q];
      if (check[q] != DoubleArray.FREE) {
        cell |= (long) child[q] << CHECK_BITS | (long) info[child[q]] << INFO_SHIFT;
      }
      cells[q] = cell;
    }
    this.keys = new int[3 * b.keyIds.size()];
    for (int k = 0; k < b.keyIds.size(); k++) {
      keys[3 * k] = b.keyIds.get(k);
      keys[3 * k + 1] = b.keyLength.get(k);
      keys[3 * k + 2] = b.nextOut.get(k);
    }
    this.runAt = new int[b.keyIds.size()];
    this.gaps = new long[b.keyIds.size()];
    this.innerGaps = new long[b.keyIds.size()];
    int maxId = 0;
    for (int id : b.keyIds) {
      maxId = Math.max(maxId, id);
    }
    this.indexOfId = new int[maxId + 1];
    for (int k = 0; k < b.keyIds.size(); k++) {
      indexOfId[b.keyIds.get(k)] = k;
    }
    int total = 0;
    for (int k = 0; k < runAt.length; k++) {
      runAt[k] = total;
      total += b.keyLength.get(k);
      gaps[k] = b.keyGaps.get(k);
      innerGaps[k] = b.keyInnerGaps.get(k);
    }
    this.runLength = new byte[total];
    for (int k = 0; k < runAt.length; k++) {
      System.arraycopy(b.keyRuns.get(k), 0, runLength, runAt[k], b.keyLength.get(k));
    }
    this.states = n;
  }

  /**
   * Folding and classification in one lookup per code unit for {@link #matchOriginal}: what {@link
   * CharFolding} folds each BMP code unit to, already mapped to its class, with separators and
   * invisibles (both passed over by the scan) merged into {@link #IGNORE}.
   */
  private static char[] stepTable(CharFolding folding, char[] classOf) {
    char[] step = new char[STEPS];
    for (int c = 0; c < STEPS; c++) {
      char f = folding.fold((char) c);
      if (f == CharFolding.EXPANDS || Character.isHighSurrogate((char) c)) {
        step[c] = SLOW;
      } else if (f == CharFolding.SKIP
          || f == CharFolding.SEPARATOR
          || CharFolding.isSeparator(f)) {
        step[c] = IGNORE;
      } else {
        step[c] = classOf[f];
      }
    }
    return step;
  }

  /** A builder whose classes are characters (after folding). */
  static KeywordAutomatonBuilder builder() {
    return new KeywordAutomatonBuilder(false);
  }

  /**
   * A builder whose classes are pinyin syllables for Chinese characters: every key matches its
   * homophones.
   */
  static KeywordAutomatonBuilder phoneticBuilder() {
    return new KeywordAutomatonBuilder(true);
  }

  /** Number of states, for sizing reports. */
  public int stateCount() {
    return states;
  }

  /**
   * Reports every occurrence in {@code text} of every key, by the matching rules of the class
   * comment, to {@code sink}, in order of the candidate's end. A hit's span covers the whole text
   * runs it matched.
   */
  public void match(NormalizedText text, HitSink sink) {
    candidates(text, (k, start, last) -> verify(text, k, start, last, sink));
  }

  /**
   * The candidate scan: every place where a key's collapsed form (repeats collapsed, separators
   * skipped, as in {@link #matchOriginal}) occurs in the text collapsed alike. Reports the key's
   * <em>index</em> (not its id), the first character of the candidate and the first character of
   * its last run. {@link #verify} decides.
   */
  void candidates(NormalizedText text, HitSink sink) {
    int state = 0;
    int prev = -1;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (CharFolding.isSeparator(c) || classOf[c] == prev) {
        continue; // a separator, or a repeat: the hit's end is extended over it by the caller
      }
      prev = classOf[c];
      state = next(state, prev);
      for (int s = output[2 * state] >= 0 ? state : output[2 * state + 1];
          s > 0;
          s = output[2 * s + 1]) {
        for (int k = output[2 * s]; k >= 0; k = keys[3 * k + 2]) {
          sink.hit(k, startInNormalized(text, i, keys[3 * k + 1]), i);
        }
      }
    }
  }

  /** As {@link #verify}, for a key given by its id (as {@link #matchOriginal} reports it). */
  void verifyById(NormalizedText t, int id, int start, int last, HitSink sink) {
    verify(t, indexOfId[id], start, last, sink);
  }

  /** Id of the key at index {@code k} (as {@link #candidates} reports it). */
  int keyId(int k) {
    return keys[3 * k];
  }

  /**
   * Punctuation that ends a sentence or a Chinese clause: {@code 。！？｡，、；：} and ASCII {@code !?}. A
   * full stop ({@code .} or {@code ．}) breaks when white space follows it.
   */
  static final String BREAKS = "\u3002\uFF01\uFF1F\uFF61\uFF0C\u3001\uFF1B\uFF1A!?";

  /**
   * {@link #verify} gap kinds: no separator, one that evasion explains, a word boundary, a sentence
   * break.
   */
  private static final int NO_GAP = 0;

  private static final int SKIPPED = 1;
  private static final int BOUNDARY = 2;
  private static final int BREAK = 3;

  /**
   * Checks a candidate of key index {@code k} (its collapsed occurrence starts at {@code start};
   * its last run at {@code last}) against the precise rules of the class comment, and reports the
   * accepted span(s). Walks the candidate once: linear in its length, and done only per candidate,
   * never per character scanned.
   */
  void verify(NormalizedText t, int k, int start, int last, HitSink sink) {
    final int id = keys[3 * k];
    final int runs = keys[3 * k + 1];
    final int at = runAt[k];
    final long gapBits = gaps[k];
    final long inner = innerGaps[k];
    final int len = t.length();
    int r = 0;
    int runClass = classOf[t.charAt(start)];
    int hitStart = start; // first character of the accepted first run
    int segStart = start; // first character of the current segment of run r
    int segEnd = start; // its last character
    int count = 0; // characters in the current segment
    int gap = NO_GAP; // the gap between the previous character and the next
    for (int p = start; p < len; ) {
      char c = t.charAt(p);
      if (CharFolding.isSeparator(c)) {
        int q = p;
        while (q < len && CharFolding.isSeparator(t.charAt(q))) {
          q++;
        }
        if (q == len) {
          break;
        }
        gap = gapKind(t, p, q);
        p = q;
        continue;
      }
      int cls = classOf[c];
      if (cls == runClass) {
        if ((gap == BREAK || (gap == BOUNDARY && (inner >>> r & 1) == 0)) && count > 0) {
          // The collapsed run goes on across a boundary or break: the text has two runs there.
          if (r == runs - 1) {
            if (runs > 1) {
              break; // the last run: the key ends in the first of them
            }
            if (runOk(runLength[at], count, t.charAt(segStart))) {
              sink.hit(
                  id,
                  segStart,
                  segEnd + 1); // a one-run key: each segment is an occurrence of its own
            }
          } else if (r > 0) {
            return; // inside the key, a run may not be split
          }
          segStart = p; // the first run: the key starts in the last of them
          count = 0;
        }
        count++;
        segEnd = p;
        gap = NO_GAP;
        p++;
        continue;
      }
      if (r == runs - 1) {
        break;
      }
      if (!runOk(runLength[at + r], count, t.charAt(segStart))) {
        return;
      }
      if (r == 0) {
        hitStart = segStart;
      }
      if (gap == BREAK || (gap == BOUNDARY && (gapBits >>> r & 1) == 0)) {
        return;
      }
      r++;
      runClass = cls;
      segStart = p;
      segEnd = p;
      count = 1;
      gap = NO_GAP;
      p++;
    }
    if (r == runs - 1 && runOk(runLength[at + r], count, t.charAt(segStart))) {
      sink.hit(id, runs == 1 ? segStart : hitStart, segEnd + 1);
    }
  }

  /**
   * Whether a text run of {@code n} characters {@code c} stands for a key run of {@code m}: the
   * same number always; otherwise, for a Latin letter, a run of three or more (stretched: {@code
   * gooood}) stands for one or two; never for a digit (numbers differ by their repeats); for any
   * other character (Chinese), a run of two or more stands for any shorter one ({@code 微微信信} is
   * {@code 微信}). One character always stands for exactly one.
   */
  static boolean runOk(int m, int n, char c) {
    if (n == m) {
      return true;
    }
    if (c >= 'a' && c <= 'z') {
      return n >= 3 && n > m;
    }
    if (c >= '0' && c <= '9') {
      return false;
    }
    return n > m;
  }

  /**
   * The kind of the separators at {@code [p, q)} of {@code t}, between two characters: a sentence
   * break when the original there has sentence- or clause-ending punctuation ({@link #BREAKS}, or a
   * full stop then white space); a word boundary when both neighbours are Latin words of two or
   * more letters or digits; else skipped.
   */
  static int gapKind(NormalizedText t, int p, int q) {
    // (BREAKS below: the full stops and marks of Chinese, its clause marks, and ASCII ! and ?)
    String o = t.original();
    int end = t.sourceStart(q);
    boolean stop = false;
    for (int i = t.sourceStart(p); i < end; i++) {
      char c = o.charAt(i);
      if (BREAKS.indexOf(c) >= 0) {
        return BREAK;
      }
      if (c == '.' || c == '\uFF0E') {
        stop = true;
      } else if (stop && (Character.isWhitespace(c) || Character.isSpaceChar(c))) {
        return BREAK;
      }
    }
    if (p >= 2
        && KeywordIndex.isLatinOrDigit(t.charAt(p - 1))
        && KeywordIndex.isLatinOrDigit(t.charAt(p - 2))
        && q + 1 < t.length()
        && KeywordIndex.isLatinOrDigit(t.charAt(q))
        && KeywordIndex.isLatinOrDigit(t.charAt(q + 1))) {
      return BOUNDARY;
    }
    return SKIPPED;
  }

  /**
   * As {@link #candidates}, folding {@code original} on the fly instead of reading normalised text:
   * normalisation and the candidate scan in one pass, for callers that need only keywords. Reports
   * key ids; spans are offsets into {@code original}; a property test checks that they are exactly
   * the normalised candidates mapped back.
   *
   * <p>This loop is the hot path of keyword matching and is written for the JIT: per code unit, one
   * lookup in {@link #step} gives its class, one read of a double-array cell (which holds the
   * child's {@link #info}) makes the step, and everything rare (surrogate pairs, characters that
   * fold to several, hits) is handled outside the inner loop, which makes no call and so keeps its
   * values in registers. A repeat or separator in a deeper state is passed over in the loop.
   *
   * <p>It reports <em>candidates</em> (collapsed keys, separators skipped: see the class comment),
   * not checked hits; {@link KeywordIndex#findInOriginal} checks a post's candidates on its
   * normalised text.
   *
   * @return true when the text holds a character that folds to several ({@code ㎏}, {@code ⑪}): a
   *     hit may then end inside it, which original offsets cannot express, and the caller should
   *     match normalised text instead
   */
  public boolean matchOriginal(String original, HitSink sink) {
    final char[] step = this.step;
    final long[] cells = this.cells;
    final int[] info = this.info;
    final int n = original.length();
    boolean multi = false;
    // Start in the state of the class of unused characters: like the root, but reached on a class,
    // which the
    // separator step below relies on.
    int state = unusedClass;
    int stateInfo = info[state];
    int prev = unusedClass;
    int i = 0;
    while (true) {
      int event;
      int cls;
      while (true) {
        if (i >= n) {
          event = END;
          cls = 0;
          break;
        }
        int st = step[original.charAt(i)];
        if (st == SLOW) {
          event = SLOW;
          cls = 0;
          break;
        }
        i++;
        // A separator or invisible is read as a repeat of the previous class, without a branch
        // (they are frequent and irregular in text, a branch would often be mispredicted). A repeat
        // leaves the state as it is: a state reached on class c has no child on c (keys are
        // collapsed), so the probe misses, and a first-level state is numbered like its class, so
        // the miss leads back to it; the other states (MISS_STOPS) test for the repeat.
        int ignore = ((st ^ IGNORE) - 1) >> 31; // -1 for IGNORE, else 0
        cls = (st & ~ignore) | (prev & ignore);
        // The transition. A miss sends the state to its failure link and, when that is the root, on
        // to the root's child on cls, which is state cls: no lookup, so that the processor can go
        // on to the next character before the probed cell arrives from memory.
        long cell = cells[(stateInfo >>> 2) + cls];
        if ((char) cell == cls) {
          state = (int) (cell >>> CHECK_BITS) & STATE_MASK;
          stateInfo = (int) (cell >>> INFO_SHIFT);
        } else if ((stateInfo & MISS_STOPS) == 0) {
          state = cls;
          stateInfo = info[cls];
        } else if (cls == prev) {
          continue; // a repeat or separator in a state that stops on a miss: nothing changes
        } else {
          event = MISS_STOPS;
          break;
        }
        prev = cls;
        if ((stateInfo & OUTPUT) != 0) {
          event = OUTPUT;
          break;
        }
      }
      if (event == END) {
        return multi;
      }
      if (event == SLOW) {
        // A surrogate pair or a character that folds to several: its canonical characters, one by
        // one.
        int width = width(original, i);
        String canonical = canonical(original, i);
        multi |= canonical.codePointCount(0, canonical.length()) > 1;
        for (int k = 0; k < canonical.length(); k++) {
          char c = canonical.charAt(k);
          if (CharFolding.isSeparator(c) || classOf[c] == prev) {
            continue;
          }
          prev = classOf[c];
          state = next(state, prev);
          emit(state, original, i, k, i + width, sink);
        }
        stateInfo = info[state];
        i += width;
        continue;
      }
      if (event == MISS_STOPS) {
        // A miss from a deeper state: its failure links (frequent with a large lexicon, whose
        // second-level states mostly fail to a first-level one), outside the loop, which they
        // would slow down for small lexicons.
        prev = cls;
        state = next(fail[state], cls);
        stateInfo = info[state];
        if ((stateInfo & OUTPUT) == 0) {
          continue;
        }
      }
      emit(state, original, i - 1, 0, i, sink);
    }
  }

  /** Reports the keys that end in {@code state}, if any, in a scan of the original text. */
  private void emit(int state, String original, int lastAt, int lastIndex, int end, HitSink sink) {
    for (int s = output[2 * state] >= 0 ? state : output[2 * state + 1];
        s > 0;
        s = output[2 * s + 1]) {
      for (int k = output[2 * s]; k >= 0; k = keys[3 * k + 2]) {
        sink.hit(keys[3 * k], startInOriginal(original, lastAt, lastIndex, keys[3 * k + 1]), end);
      }
    }
  }

  /**
   * Where a hit of {@code length} collapsed characters starts in the original text, given that its
   * last is canonical character {@code lastIndex} of the code point at {@code lastAt}: walking
   * back, the start of the {@code length}-th run of equal classes (separators and invisibles passed
   * over), as the forward scan fed them. Costs a few lookups per hit instead of a record per
   * character scanned.
   */
  private int startInOriginal(String s, int lastAt, int lastIndex, int length) {
    RunsBack back = new RunsBack(length, lastAt);
    int k = lastIndex;
    for (int p = lastAt; ; ) {
      char u = s.charAt(p);
      int cls = step[u];
      if (cls == SLOW) {
        String canonical = canonical(s, p);
        for (k = Math.min(k, canonical.length() - 1); k >= 0; k--) {
          char c = canonical.charAt(k);
          if (!CharFolding.isSeparator(c) && back.startsAfter(classOf[c], p)) {
            return back.start;
          }
        }
      } else if (cls != IGNORE && back.startsAfter(cls, p)) {
        return back.start;
      }
      if (p == 0) {
        return back.start;
      }
      // The previous code point: a pair when a low surrogate follows a high one, as the forward
      // scan decoded it.
      p -=
          p >= 2
                  && Character.isLowSurrogate(s.charAt(p - 1))
                  && Character.isHighSurrogate(s.charAt(p - 2))
              ? 2
              : 1;
      k = Integer.MAX_VALUE;
    }
  }

  /**
   * As {@link #startInOriginal} for a hit in normalised text whose last character is at {@code
   * last}.
   */
  private int startInNormalized(NormalizedText t, int last, int length) {
    RunsBack back = new RunsBack(length, last);
    for (int p = last; p >= 0; p--) {
      char c = t.charAt(p);
      if (!CharFolding.isSeparator(c) && back.startsAfter(classOf[c], p)) {
        return back.start;
      }
    }
    return back.start;
  }

  /**
   * Walks back from a hit's last character counting runs of one class (repeats collapse, as the
   * scan collapsed them): the hit starts at the first character of its {@code length}-th run. Made
   * per hit, never per character.
   */
  private static final class RunsBack {
    private final int length;
    private int runs;
    private int runClass = -1;

    /** The earliest position of the hit seen so far. */
    int start;

    RunsBack(int length, int last) {
      this.length = length;
      this.start = last;
    }

    /**
     * Steps onto a character of class {@code cls} at {@code p}; true when the hit is whole without
     * it.
     */
    boolean startsAfter(int cls, int p) {
      if (cls != runClass) {
        if (runs == length) {
          return true;
        }
        runs++;
        runClass = cls;
      }
      start = p;
      return false;
    }
  }

  /**
   * Code units of the code point at {@code i}: 2 for a surrogate pair, else 1 (a lone surrogate
   * too).
   */
  private static int width(String s, int i) {
    return Character.isHighSurrogate(s.charAt(i))
            && i + 1 < s.length()
            && Character.isLowSurrogate(s.charAt(i + 1))
        ? 2
        : 1;
  }

  /**
   * The canonical characters of the code point at {@code i}: none for a separator or invisible,
   * else one or more.
   */
  private static String canonical(String s, int i) {
    int cp = width(s, i) == 2 ? s.codePointAt(i) : s.charAt(i);
    CharFolding folding = CharFolding.get();
    char f = folding.foldCodePoint(cp);
    if (f == CharFolding.EXPANDS) {
      return folding.expansion(cp);
    }
    return f == CharFolding.SKIP || f == CharFolding.SEPARATOR ? "" : String.valueOf(f);
  }

  /** The state after {@code state} on class {@code cls}, following failure links. */
  private int next(int state, int cls) {
    for (int s = state; s != 0; s = fail[s]) {
      long cell = cells[(info[s] >>> 2) + cls];
      if ((char) cell == cls) {
        return (int) (cell >>> CHECK_BITS) & STATE_MASK;
      }
    }
    return cls;
  }
}
