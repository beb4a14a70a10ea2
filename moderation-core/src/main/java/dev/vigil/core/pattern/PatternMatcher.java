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

  private PatternMatcher(
      String source, CharacterRunAutomaton forward, CharacterRunAutomaton backward) {
    this.source = source;
    this.forward = forward;
    this.backward = backward;
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
}
