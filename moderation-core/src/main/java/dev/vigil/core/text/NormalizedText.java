package dev.vigil.core.text;

/**
 * Text in canonical form with a map back to the text it came from. Each canonical character {@code
 * i} came from the original code units {@code [sourceStart(i), sourceEnd(i))}; a run of separators
 * becomes one space.
 *
 * <p>Instances are produced by {@link Normalizer} and are immutable once returned (the arrays are
 * never exposed).
 */
public final class NormalizedText {
  private final String original;
  private final char[] chars;
  private final int[] starts;
  private final int length;

  NormalizedText(String original, char[] chars, int[] starts, int length) {
    this.original = original;
    this.chars = chars;
    this.starts = starts;
    this.length = length;
  }

  /** The text as submitted. */
  public String original() {
    return original;
  }

  /** Number of canonical characters. */
  public int length() {
    return length;
  }

  /** Canonical character {@code i}. */
  public char charAt(int i) {
    return chars[i];
  }

  /** First original code unit that canonical character {@code i} came from. */
  public int sourceStart(int i) {
    return starts[i];
  }

  /**
   * One past the last original code unit that canonical character {@code i} came from. Derived
   * rather than stored (one array less to fill per post): a separator space extends to the next
   * canonical character, any other character covers its code point (the characters of one expansion
   * share their source).
   */
  public int sourceEnd(int i) {
    int s = starts[i];
    if (chars[i] == ' ') {
      return i + 1 < length ? starts[i + 1] : original.length();
    }
    if (Character.isHighSurrogate(original.charAt(s))
        && s + 1 < original.length()
        && Character.isLowSurrogate(original.charAt(s + 1))) {
      return s + 2;
    }
    return s + 1;
  }

  /** The canonical text as a string. */
  @Override
  public String toString() {
    return new String(chars, 0, length);
  }

  /** Direct read access for hot loops in this module's matchers; callers must not modify it. */
  char[] chars() {
    return chars;
  }
}
