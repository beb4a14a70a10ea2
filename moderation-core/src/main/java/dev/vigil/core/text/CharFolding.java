package dev.vigil.core.text;

import com.ibm.icu.lang.UCharacter;
import com.ibm.icu.lang.UCharacterCategory;
import com.ibm.icu.lang.UProperty;
import com.ibm.icu.lang.UScript;
import com.ibm.icu.text.Normalizer2;
import com.ibm.icu.text.SpoofChecker;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The precomputed folding table behind {@link Normalizer}: for every code point of the Basic
 * Multilingual Plane and of plane 1, what it becomes in canonical text. Built once per JVM from
 * ICU4J data so that normalising a post is a single table lookup per character instead of a chain
 * of Unicode algorithms.
 *
 * <p>A code point folds, in this order, through: Unicode NFKC with case folding (fullwidth to
 * halfwidth, compatibility forms, upper to lower case), removal of diacritics, Traditional to
 * Simplified Chinese (the OpenCC character table, Apache-2.0), UTS #39 confusable skeletons for
 * letters of other scripts that look like a Latin letter (Cyrillic {@code а}, Greek {@code ο}),
 * decimal digits of any script to ASCII, and enclosed or dingbat numbers ({@code ①}, {@code ❶},
 * {@code ⑴}) to their ASCII digits. What remains is classified: invisible characters (format
 * characters, default ignorables, combining marks) are {@link #SKIP dropped}, the punctuation of
 * addresses ({@link #KEPT_PUNCTUATION}) is kept, and all other whitespace, punctuation, symbols and
 * emoji are {@link #SEPARATOR separators}.
 *
 * <p>Chinese numerals are deliberately <em>not</em> folded here (一 appears in ordinary words);
 * contact extraction reads them through {@link #digitValue(char)}.
 */
public final class CharFolding {
  /** Marker: the character is invisible and disappears without separating its neighbours. */
  public static final char SKIP = '\uE000';

  /** Marker: the character separates (whitespace, punctuation, symbol, emoji). */
  public static final char SEPARATOR = '\uE001';

  /** Marker: the character folds to more than one character, see {@link #expansion(int)}. */
  public static final char EXPANDS = '\uE002';

  private static final int PLANES = 0x20000;

  /**
   * Punctuation kept as itself (after NFKC, so {@code ．}, {@code ＠} and {@code ￥} too) because
   * URLs, e-mail addresses and account ids are written with it, and currency and percent signs are
   * telling features of scams; everything else that is not a letter or digit is a separator.
   */
  public static final String KEPT_PUNCTUATION = "./:@_-$£€¥%";

  /**
   * Whether a canonical character is a separator for word matching: the space or kept punctuation.
   */
  public static boolean isSeparator(char c) {
    return c < 0x100 ? SEPARATING_LATIN1[c] : c == '€';
  }

  private static final boolean[] SEPARATING_LATIN1 = new boolean[0x100];

  static {
    SEPARATING_LATIN1[' '] = true;
    for (char c : KEPT_PUNCTUATION.toCharArray()) {
      if (c < 0x100) {
        SEPARATING_LATIN1[c] = true;
      }
    }
  }

  private final char[] single = new char[PLANES];
  private final String[] bmpExpansions =
      new String[0x10000]; // a direct table: the BMP is where text lives
  private final Map<Integer, String> expansions = new HashMap<>(); // plane 1
  private final char[] syllable = new char[0x10000];
  private final String[] syllables;

  private static final class Holder {
    static final CharFolding INSTANCE = new CharFolding();
  }

  /** The shared table (built on first use, about a hundred milliseconds). */
  public static CharFolding get() {
    return Holder.INSTANCE;
  }

  private CharFolding() {
    Map<Integer, Integer> traditionalToSimplified = loadTraditionalToSimplified();
    Normalizer2 nfkcCaseFold = Normalizer2.getNFKCCasefoldInstance();
    Normalizer2 nfd = Normalizer2.getNFDInstance();
    SpoofChecker spoof = new SpoofChecker.Builder().build();
    for (int cp = 0; cp < PLANES; cp++) {
      if (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE) {
        single[cp] = SEPARATOR; // only reached for lone surrogates; pairs are decoded before lookup
        continue;
      }
      String folded = fold(cp, nfkcCaseFold, nfd, spoof, traditionalToSimplified);
      if (folded == null) {
        single[cp] = SKIP;
      } else if (folded.isEmpty()) {
        single[cp] = SEPARATOR;
      } else if (folded.length() == 1 && folded.charAt(0) < SKIP
          || folded.length() == 1 && folded.charAt(0) > EXPANDS) {
        single[cp] = folded.charAt(0);
      } else {
        single[cp] = EXPANDS;
        if (cp < 0x10000) {
          bmpExpansions[cp] = folded;
        } else {
          expansions.put(cp, folded);
        }
      }
    }
    String[][] table = loadSyllables();
    syllables = new String[table.length + 1];
    for (int i = 0; i < table.length; i++) {
      syllables[i + 1] = table[i][0];
      String chars = table[i][1];
      for (int j = 0; j < chars.length(); j++) {
        char c = chars.charAt(j);
        // Only a character that folds to itself keeps its own reading; a traditional one reads as
        // its simplified form.
        if (syllable[c] == 0) {
          syllable[c] = (char) (i + 1);
        }
      }
    }
    for (int c = 0; c < 0x10000; c++) {
      char f = single[c];
      if (f != c && f < SKIP && syllable[c] != 0 && syllable[f] == 0) {
        syllable[f] = syllable[c];
      }
    }
  }

  /**
   * What {@code c} (a BMP code unit) folds to: a character, or one of {@link #SKIP}, {@link
   * #SEPARATOR} (also for lone surrogates) or {@link #EXPANDS}.
   */
  public char fold(char c) {
    return single[c];
  }

  /**
   * What code point {@code cp} folds to, with the same markers as {@link #fold(char)}; planes 2+
   * pass through.
   */
  public char foldCodePoint(int cp) {
    if (cp < PLANES) {
      return single[cp];
    }
    int type = UCharacter.getType(cp);
    return isLetterOrDigitType(type)
        ? EXPANDS
        : type == UCharacterCategory.FORMAT ? SKIP : SEPARATOR;
  }

  /**
   * The folded form of a code point marked {@link #EXPANDS}: one or more characters, none of them a
   * marker.
   */
  public String expansion(int cp) {
    String s = cp < 0x10000 ? bmpExpansions[cp] : expansions.get(cp);
    return s != null ? s : new String(Character.toChars(cp));
  }

  /**
   * The pinyin syllable id of a folded Chinese character (1-based, 0 when it has no known reading).
   * Characters that sound alike share an id: the basis of homophone matching ({@code 薇信} for {@code
   * 微信}).
   */
  public int syllableId(char folded) {
    return syllable[folded];
  }

  /** The toneless pinyin of a syllable id, e.g. {@code "wei"}. */
  public String syllable(int id) {
    return syllables[id];
  }

  /** Number of distinct syllables (ids run from 1 to this). */
  public int syllableCount() {
    return syllables.length - 1;
  }

  /**
   * The decimal value of a folded character read as part of a contact number: ASCII digits and the
   * Chinese numerals (一 二 … 〇 零, financial 壹 贰 …, and 幺 as read aloud in phone numbers); -1
   * otherwise.
   */
  public static int digitValue(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    switch (c) {
      case '〇':
      case '零':
      case '洞':
        return 0;
      case '一':
      case '壹':
      case '幺':
      case '么':
        return 1;
      case '二':
      case '贰':
      case '两':
        return 2;
      case '三':
      case '叁':
        return 3;
      case '四':
      case '肆':
        return 4;
      case '五':
      case '伍':
        return 5;
      case '六':
      case '陆':
        return 6;
      case '七':
      case '柒':
      case '拐':
        return 7;
      case '八':
      case '捌':
        return 8;
      case '九':
      case '玖':
      case '勾':
        return 9;
      default:
        return -1;
    }
  }

  private static boolean isLetterOrDigitType(int type) {
    switch (type) {
      case UCharacterCategory.UPPERCASE_LETTER:
      case UCharacterCategory.LOWERCASE_LETTER:
      case UCharacterCategory.TITLECASE_LETTER:
      case UCharacterCategory.MODIFIER_LETTER:
      case UCharacterCategory.OTHER_LETTER:
      case UCharacterCategory.DECIMAL_DIGIT_NUMBER:
        return true;
      default:
        return false;
    }
  }

  /**
   * The fold of one code point: null for invisible, "" for a separator, else the folded letters and
   * digits.
   */
  private static String fold(
      int cp,
      Normalizer2 nfkcCaseFold,
      Normalizer2 nfd,
      SpoofChecker spoof,
      Map<Integer, Integer> t2s) {
    int type = UCharacter.getType(cp);
    if (type == UCharacterCategory.UNASSIGNED) {
      return "";
    }
    if (type == UCharacterCategory.FORMAT
        || type == UCharacterCategory.NON_SPACING_MARK
        || type == UCharacterCategory.ENCLOSING_MARK
        || UCharacter.hasBinaryProperty(cp, UProperty.DEFAULT_IGNORABLE_CODE_POINT)) {
      return null;
    }
    if (type == UCharacterCategory.OTHER_NUMBER || type == UCharacterCategory.LETTER_NUMBER) {
      double v = UCharacter.getUnicodeNumericValue(cp);
      if (v >= 0 && v <= 100 && v == Math.rint(v)) {
        return Integer.toString((int) v); // ① ❶ ⑴ ⒈ Ⅻ
      }
    }
    String s = nfkcCaseFold.normalize(new String(Character.toChars(cp)));
    if (s.length() == 1 && KEPT_PUNCTUATION.indexOf(s.charAt(0)) >= 0) {
      return s; // kept for addresses (URLs, e-mail, ids); matchers skip it like a separator
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < s.length(); ) {
      int c = s.codePointAt(i);
      i += Character.charCount(c);
      int t = UCharacter.getType(c);
      if (t == UCharacterCategory.DECIMAL_DIGIT_NUMBER) {
        out.append((char) ('0' + UCharacter.digit(c, 10)));
        continue;
      }
      if (!isLetterOrDigitType(t)) {
        if (t == UCharacterCategory.NON_SPACING_MARK || t == UCharacterCategory.FORMAT) {
          continue;
        }
        continue; // punctuation or symbol inside a compatibility expansion: dropped
      }
      if (c >= 0x80) {
        c = t2s.getOrDefault(c, c);
        c = latinLookalike(c, nfkcCaseFold, nfd, spoof);
      }
      out.appendCodePoint(c);
    }
    return out.toString();
  }

  /**
   * Strips diacritics from, or finds the Latin look-alike of, a non-ASCII letter; else returns it
   * unchanged.
   */
  private static int latinLookalike(
      int c, Normalizer2 nfkcCaseFold, Normalizer2 nfd, SpoofChecker spoof) {
    int script = UScript.getScript(c);
    if (script == UScript.HAN
        || script == UScript.HIRAGANA
        || script == UScript.KATAKANA
        || script == UScript.HANGUL
        || script == UScript.BOPOMOFO) {
      return c;
    }
    String decomposed = nfd.normalize(new String(Character.toChars(c)));
    int base = decomposed.codePointAt(0);
    if (base < 0x80 && Character.isLetter(base)) {
      return Character.toLowerCase(base); // é -> e, ǐ -> i (pinyin with tones)
    }
    String skeleton = nfkcCaseFold.normalize(spoof.getSkeleton(new String(Character.toChars(c))));
    if (skeleton.length() == 1 && skeleton.charAt(0) >= 'a' && skeleton.charAt(0) <= 'z') {
      return skeleton.charAt(0); // Cyrillic а, Greek ο, Cherokee Ꭺ ...
    }
    return c;
  }

  private static Map<Integer, Integer> loadTraditionalToSimplified() {
    Map<String, String[]> rows = new HashMap<>();
    try (BufferedReader r = resource("opencc-STCharacters.txt")) {
      for (String line; (line = r.readLine()) != null; ) {
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        int tab = line.indexOf('\t');
        rows.put(line.substring(0, tab), line.substring(tab + 1).split(" "));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<Integer, Integer> t2s = new HashMap<>();
    for (Map.Entry<String, String[]> row : rows.entrySet()) {
      int simplified = row.getKey().codePointAt(0);
      for (String traditional : row.getValue()) {
        // A traditional form that is itself a simplified character (后, 里, 干) stays as it is.
        if (!traditional.isEmpty() && !rows.containsKey(traditional)) {
          t2s.putIfAbsent(traditional.codePointAt(0), simplified);
        }
      }
    }
    return t2s;
  }

  private static String[][] loadSyllables() {
    java.util.List<String[]> out = new java.util.ArrayList<>();
    try (BufferedReader r = resource("pinyin.txt")) {
      for (String line; (line = r.readLine()) != null; ) {
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        out.add(line.split("\t", 2));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toArray(new String[0][]);
  }

  private static BufferedReader resource(String name) {
    InputStream in = CharFolding.class.getResourceAsStream(name);
    if (in == null) {
      throw new IllegalStateException("missing resource " + name);
    }
    return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
  }
}
