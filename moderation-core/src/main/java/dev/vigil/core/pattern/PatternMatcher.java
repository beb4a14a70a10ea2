package dev.vigil.core.pattern;

import dev.vigil.core.text.NormalizedText;
import org.apache.lucene.util.automaton.Automata;
import org.apache.lucene.util.automaton.Automaton;
import org.apache.lucene.util.automaton.CharacterRunAutomaton;
import org.apache.lucene.util.automaton.Operations;
import org.apache.lucene.util.automaton.RegExp;
import org.apache.lucene.util.automaton.TooComplexToDeterminizeException;

/**
 * A pattern rule compiled to deterministic automata (Lucene {@code util.automaton}), so that
 * matching is linear in the text whatever the pattern: {@code (a+)+$} is just another DFA, with no
 * backtracking to blow up.
 *
 * <p>Finding spans with a DFA: a forward automaton for {@code .*(p)} is stepped over the text; when
 * it accepts at position {@code e} a match of {@code p} ends there, and the automaton of {@code p}
 * reversed is stepped backwards from {@code e} to find the leftmost start. The backward scan never
 * goes past the previous match's end, so the total work stays linear. Matches do not overlap.
 * Immutable and thread-safe.
 *
 * <p>Syntax is Lucene's {@link RegExp} without optional operators (no {@code &}, {@code ~},
 * {@code @}, {@code <n-m>}): literals, {@code .}, {@code [...]}, {@code [^...]}, {@code |}, {@code
 * *}, {@code +}, {@code ?}, {@code {n,m}}, {@code (...)}, {@code "..."}. There are no anchors or
 * {@code \d}: a pattern matches anywhere; write {@code [0-9]}.
 */
public final class PatternMatcher {
  /**
   * Work limit for determinization: a pattern past it is rejected when the pack loads, never at
   * match time.
   */
  public static final int DETERMINIZE_WORK_LIMIT = 20_000;

  /** Longest pattern accepted, in characters. */
  public static final int MAX_LENGTH = 2_000;

  /** Deepest nesting of parentheses accepted. */
  public static final int MAX_NESTING = 32;

  /** Receives matches as canonical spans {@code [start, end)}. */
  @FunctionalInterface
  public interface MatchSink {
    void match(int start, int end);
  }

  private final String source;
  private final CharacterRunAutomaton forward;
  private final CharacterRunAutomaton backward;
  private final Steps fwd;
  private final Steps bwd;

  private PatternMatcher(
      String source, CharacterRunAutomaton forward, CharacterRunAutomaton backward) {
    this.source = source;
    this.forward = forward;
    this.backward = backward;
    Dense f = Dense.of(forward);
    Dense b = Dense.of(backward);
    boolean dense = f != null && b != null;
    this.fwd = dense ? f : lucene(forward);
    this.bwd = dense ? b : lucene(backward);
  }

  /**
   * A run automaton as flat tables: the class of every UTF-16 code unit and the next state of every
   * state and class, so that a step is two array reads. Lucene's {@link CharacterRunAutomaton#step}
   * finds the class of a character above 255 by binary search over the automaton's interval points,
   * which made pattern rules a log-factor per character on Chinese text. Same states, same
   * transitions: {@code next(s, c) == automaton.step(s, c)} for every state and code unit (checked
   * by a test).
   */
  /** One step of a run automaton and its accept states: what {@link #scan} needs of one. */
  interface Steps {
    /** The next state, or -1 (dead). */
    int step(int state, char c);

    boolean isAccept(int state);
  }

  /**
   * Lucene's automaton as {@link Steps}: the fallback for large automata and the tests' reference.
   */
  private static Steps lucene(CharacterRunAutomaton a) {
    return new Steps() {
      @Override
      public int step(int state, char c) {
        return a.step(state, c);
      }

      @Override
      public boolean isAccept(int state) {
        return a.isAccept(state);
      }
    };
  }

  static final class Dense implements Steps {
    private final char[] classOf; // code unit -> class; classes - 1 is the dead class
    private final int[] next; // state * classes + class -> state, -1 dead
    private final boolean[] accept;
    private final int classes;

    /**
     * Most transition-table entries a dense automaton may have (1 MB); larger ones step Lucene's.
     */
    static final int MAX_ENTRIES = 1 << 18;

    /** The dense form of {@code a}, or null when its table would exceed {@link #MAX_ENTRIES}. */
    static Dense of(CharacterRunAutomaton a) {
      long entries = (long) a.getSize() * (a.getCharIntervals().length + 1);
      return entries > MAX_ENTRIES ? null : new Dense(a);
    }

    private Dense(CharacterRunAutomaton a) {
      int[] points = a.getCharIntervals();
      int bmp = 0;
      while (bmp < points.length && points[bmp] <= Character.MAX_VALUE) {
        bmp++;
      }
      classes = bmp + 1;
      if (classes > Character.MAX_VALUE) {
        throw new IllegalArgumentException("pattern too complex (character classes)");
      }
      classOf = new char[Character.MAX_VALUE + 1];
      int dead = classes - 1;
      int k = -1;
      for (int c = 0; c <= Character.MAX_VALUE; c++) {
        while (k + 1 < bmp && points[k + 1] <= c) {
          k++;
        }
        classOf[c] = (char) (k < 0 ? dead : k);
      }
      int size = a.getSize();
      next = new int[size * classes];
      accept = new boolean[size];
      for (int s = 0; s < size; s++) {
        accept[s] = a.isAccept(s);
        for (int cl = 0; cl < bmp; cl++) {
          next[s * classes + cl] = a.step(s, points[cl]);
        }
        next[s * classes + dead] = -1;
      }
    }

    @Override
    public int step(int state, char c) {
      return next[state * classes + classOf[c]];
    }

    @Override
    public boolean isAccept(int state) {
      return accept[state];
    }
  }

  /**
   * Compiles a pattern.
   *
   * @throws IllegalArgumentException with a readable reason when the pattern is malformed, matches
   *     the empty string, or is too complex to determinize
   */
  public static PatternMatcher compile(String pattern) {
    if (pattern.length() > MAX_LENGTH) {
      throw new IllegalArgumentException("pattern longer than " + MAX_LENGTH + " characters");
    }
    int depth = 0;
    int deepest = 0;
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '(') {
        deepest = Math.max(deepest, ++depth);
      } else if (c == ')') {
        depth--;
      }
    }
    if (deepest > MAX_NESTING) {
      // Lucene's parser recurses once per level: thousands of levels overflow the stack before any
      // limit applies.
      throw new IllegalArgumentException(
          "pattern nests parentheses " + deepest + " deep (at most " + MAX_NESTING + ")");
    }
    Automaton a;
    try {
      a = new RegExp(pattern, RegExp.NONE).toAutomaton(DETERMINIZE_WORK_LIMIT);
    } catch (TooComplexToDeterminizeException e) {
      throw new IllegalArgumentException(
          "pattern too complex to run in linear time (determinization limit)");
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("malformed pattern: " + e.getMessage());
    }
    if (Operations.isEmpty(a)) {
      throw new IllegalArgumentException("pattern matches nothing");
    }
    if (Operations.run(a, "")) {
      throw new IllegalArgumentException("pattern matches the empty string");
    }
    try {
      Automaton fwd =
          Operations.determinize(
              Operations.concatenate(Automata.makeAnyString(), a), DETERMINIZE_WORK_LIMIT);
      Automaton bwd = Operations.determinize(Operations.reverse(a), DETERMINIZE_WORK_LIMIT);
      return new PatternMatcher(
          pattern,
          new CharacterRunAutomaton(fwd, DETERMINIZE_WORK_LIMIT),
          new CharacterRunAutomaton(bwd, DETERMINIZE_WORK_LIMIT));
    } catch (TooComplexToDeterminizeException e) {
      throw new IllegalArgumentException(
          "pattern too complex to run in linear time (determinization limit)");
    }
  }

  /** The pattern as written. */
  public String source() {
    return source;
  }

  /** Reports non-overlapping matches in {@code text}, left to right. */
  public void find(NormalizedText text, MatchSink sink) {
    find(text, 0, text.length(), sink);
  }

  void find(NormalizedText text, int from, int to, MatchSink sink) {
    scan(fwd, bwd, text, from, to, sink);
  }

  /**
   * {@link #find(NormalizedText, MatchSink)} stepping Lucene's automata: the reference for tests.
   */
  void findReference(NormalizedText text, MatchSink sink) {
    scan(lucene(forward), lucene(backward), text, 0, text.length(), sink);
  }

  private static void scan(
      Steps forward, Steps backward, NormalizedText text, int from, int to, MatchSink sink) {
    int state = 0;
    int floor = from;
    for (int i = from; i < to; i++) {
      state = forward.step(state, text.charAt(i));
      if (state < 0) {
        state = 0; // cannot happen with the .* prefix; defensive
        continue;
      }
      if (forward.isAccept(state)) {
        int start = -1;
        int s = 0;
        for (int j = i; j >= floor; j--) {
          s = backward.step(s, text.charAt(j));
          if (s < 0) {
            break;
          }
          if (backward.isAccept(s)) {
            start = j;
          }
        }
        if (start >= 0) {
          sink.match(start, i + 1);
          floor = i + 1;
          state = 0;
        }
      }
    }
  }

  /** Whether the dense tables step exactly as Lucene's automata, for every state and code unit. */
  boolean denseAgrees() {
    return agrees(forward, fwd) && agrees(backward, bwd);
  }

  /** Whether this matcher steps dense tables (false: Lucene's, for a very large automaton). */
  boolean isDense() {
    return fwd instanceof Dense && bwd instanceof Dense;
  }

  private static boolean agrees(CharacterRunAutomaton a, Steps d) {
    if (!(d instanceof Dense)) {
      return true;
    }
    for (int s = 0; s < a.getSize(); s++) {
      if (a.isAccept(s) != d.isAccept(s)) {
        return false;
      }
      for (int c = 0; c <= Character.MAX_VALUE; c++) {
        if (a.step(s, c) != d.step(s, (char) c)) {
          return false;
        }
      }
    }
    return true;
  }
}
