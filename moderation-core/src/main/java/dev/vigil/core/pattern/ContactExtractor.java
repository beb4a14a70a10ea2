package dev.vigil.core.pattern;

import dev.vigil.core.text.CharFolding;
import dev.vigil.core.text.NormalizedText;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds contact channels in canonical text with hand-written linear scanners (no regular
 * expressions):
 *
 * <ul>
 *   <li>numbers: runs of digits, where ASCII digits, fullwidth and circled digits (already folded
 *       by the normaliser) and Chinese numerals ({@code 一三八…}, {@code 幺}) count, and single
 *       separators between digits ({@code 138 0013-8000}) are skipped. A run is a Chinese mobile
 *       number (11 digits, {@code 1[3-9]}, optional {@code 86}), a landline ({@code 0} + area code,
 *       10–12 digits, or a 400/800 number), a bank card (16–19 digits, an issuer prefix and a valid
 *       Luhn checksum), or a QQ number (5–11 digits right after a QQ cue);
 *   <li>WeChat ids: an id of 6–20 letters, digits, {@code _} or {@code -} starting with a letter,
 *       right after a WeChat cue ({@code 微信}, {@code vx}, {@code wx}, {@code v}, or any homophone
 *       of 微信);
 *   <li>URLs: {@code http(s)://…}, {@code www.…}, or {@code name.tld} for common top-level domains;
 *       a link on a known shortener is a short link.
 * </ul>
 *
 * Stateless and thread-safe.
 */
public final class ContactExtractor {
  private static final String[] TLDS = {
    "com", "cn", "net", "org", "cc", "top", "xyz", "vip", "me", "io", "ly", "im", "la", "info",
    "biz", "tv", "co", "club", "site", "online", "shop", "link", "app", "ink", "pw", "ru", "hk",
    "tw", "uk", "us", "gl"
  };
  private static final String[] SHORTENERS = {
    "t.cn", "dwz.cn", "url.cn", "suo.im", "bit.ly", "tinyurl.com", "goo.gl", "t.co", "is.gd",
        "ow.ly", "w.url.cn",
    "s.id", "rebrand.ly", "cutt.ly", "tiny.cc", "0x3.me", "mrw.so", "dwz.date", "u.nu", "v.gd",
        "buff.ly", "t.ly"
  };

  /** {@link #SHORTENERS} each with a leading dot: a subdomain of a shortener. */
  private static final String[] DOTTED_SHORTENERS =
      java.util.Arrays.stream(SHORTENERS).map(s -> "." + s).toArray(String[]::new);

  private static final int MAX_RUN_DIGITS = 24;

  private final CharFolding folding = CharFolding.get();

  /** By syllable id: whether the syllable is {@code wei} (id 0, no reading, is not). */
  private static final boolean[] WEI = syllables("wei");

  /** By syllable id: whether the syllable is {@code xin}. */
  private static final boolean[] XIN = syllables("xin");

  private static boolean[] syllables(String pinyin) {
    CharFolding f = CharFolding.get();
    boolean[] out = new boolean[f.syllableCount() + 1];
    for (int id = 1; id < out.length; id++) {
      out[id] = pinyin.equals(f.syllable(id));
    }
    return out;
  }

  /** Every contact channel in {@code text}, in order of start. */
  public List<Contact> find(NormalizedText text) {
    List<Contact> out = new ArrayList<>(2);
    findNumbers(text, out);
    findWeChatIds(text, out);
    findUrls(text, out);
    out.sort((a, b) -> Integer.compare(a.start(), b.start()));
    return out;
  }

  private void findNumbers(NormalizedText t, List<Contact> out) {
    int n = t.length();
    char[] digits = new char[MAX_RUN_DIGITS];
    int i = 0;
    while (i < n) {
      if (CharFolding.digitValue(t.charAt(i)) < 0) {
        i++;
        continue;
      }
      int start = i;
      int count = 0;
      int asciiDigits = 0;
      int last = i;
      int j = i;
      while (j < n) {
        char c = t.charAt(j);
        int v = CharFolding.digitValue(c);
        if (v >= 0) {
          if (count < MAX_RUN_DIGITS) {
            digits[count] = (char) ('0' + v);
          }
          count++;
          if (c <= '9') {
            asciiDigits++;
          }
          last = j;
          j++;
        } else if (isDigitJoiner(c) && j + 1 < n && CharFolding.digitValue(t.charAt(j + 1)) >= 0) {
          j++;
        } else {
          break;
        }
      }
      i = last + 1;
      // A run of Chinese numerals alone is most often ordinary text (一一, 三五); demand some ASCII
      // digits or length.
      if (count > MAX_RUN_DIGITS || (asciiDigits == 0 && count < 7)) {
        continue;
      }
      ContactKind kind = classifyNumber(digits, count, t, start);
      if (kind != null) {
        out.add(new Contact(kind, start, last + 1));
      }
    }
  }

  private static boolean isDigitJoiner(char c) {
    return c == ' ' || c == '-' || c == '.' || c == '_';
  }

  private static ContactKind classifyNumber(char[] d, int len, NormalizedText t, int start) {
    int off = 0;
    if (len == 13 && d[0] == '8' && d[1] == '6') {
      off = 2;
    }
    if (len - off == 11 && d[off] == '1' && d[off + 1] >= '3' && d[off + 1] <= '9') {
      return ContactKind.MOBILE;
    }
    if (d[0] == '0' && d[1] != '0' && len >= 10 && len <= 12) {
      return ContactKind.LANDLINE;
    }
    if (len == 10 && (startsWith(d, "400") || startsWith(d, "800"))) {
      return ContactKind.LANDLINE;
    }
    if (len >= 16 && len <= 19 && d[0] >= '3' && d[0] <= '6' && luhn(d, len)) {
      return ContactKind.BANK_CARD;
    }
    if (len >= 5 && len <= 11 && d[0] != '0' && hasQqCue(t, start)) {
      return ContactKind.QQ;
    }
    return null;
  }

  private static boolean startsWith(char[] d, String prefix) {
    for (int i = 0; i < prefix.length(); i++) {
      if (d[i] != prefix.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** The Luhn checksum used by payment card numbers. */
  static boolean luhn(char[] d, int len) {
    int sum = 0;
    for (int i = 0; i < len; i++) {
      int v = d[len - 1 - i] - '0';
      if ((i & 1) == 1) {
        v *= 2;
        if (v > 9) {
          v -= 9;
        }
      }
      sum += v;
    }
    return sum % 10 == 0;
  }

  private static boolean hasQqCue(NormalizedText t, int start) {
    String before = lastLetters(t, start, 4);
    return before.endsWith("qq")
        || before.endsWith("q")
        || before.endsWith("扣扣")
        || before.endsWith("企鹅")
        || before.endsWith("群")
        || before.endsWith("qq号")
        || before.endsWith("q号")
        || before.endsWith("扣");
  }

  /**
   * Up to {@code max} non-separator characters right before {@code pos}, skipping separators and
   * 号/是/: fillers.
   */
  private static String lastLetters(NormalizedText t, int pos, int max) {
    StringBuilder sb = new StringBuilder();
    for (int i = pos - 1; i >= 0 && sb.length() < max && pos - i <= max + 4; i--) {
      char c = t.charAt(i);
      if (CharFolding.isSeparator(c) || c == '号' || c == '是' || c == '加' && sb.length() == 0) {
        continue;
      }
      sb.append(c);
    }
    return sb.reverse().toString();
  }

  private void findWeChatIds(NormalizedText t, List<Contact> out) {
    int n = t.length();
    for (int i = 0; i < n; i++) {
      int cueEnd = weChatCueEnd(t, i);
      if (cueEnd < 0) {
        continue;
      }
      int j = cueEnd;
      while (j < n
          && (CharFolding.isSeparator(t.charAt(j)) || t.charAt(j) == '号' || t.charAt(j) == '是')
          && j - cueEnd < 4) {
        j++;
      }
      int idStart = j;
      if (j >= n || !(t.charAt(j) >= 'a' && t.charAt(j) <= 'z')) {
        continue;
      }
      while (j < n && isIdChar(t.charAt(j)) && j - idStart < 21) {
        j++;
      }
      int len = j - idStart;
      if (len >= 6 && len <= 20 && (j >= n || !isIdChar(t.charAt(j)))) {
        out.add(new Contact(ContactKind.WECHAT, idStart, j));
        i = j - 1;
      }
    }
  }

  private static boolean isIdChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  }

  /** End of a WeChat cue starting at {@code i} (微信 and homophones, weixin, vx, wx, v), or -1. */
  private int weChatCueEnd(NormalizedText t, int i) {
    char c = t.charAt(i);
    if (i + 1 < t.length()) {
      char d = t.charAt(i + 1);
      if (WEI[folding.syllableId(c)] && XIN[folding.syllableId(d)]) {
        return i + 2;
      }
      if (d == 'x' && (c == 'v' || c == 'w') && boundaryBefore(t, i)) {
        return i + 2;
      }
      if (c == 'v' && d == '信') {
        return i + 2;
      }
    }
    if (regionEquals(t, i, "weixin") && boundaryBefore(t, i)) {
      return i + 6;
    }
    return -1;
  }

  private static boolean boundaryBefore(NormalizedText t, int i) {
    return i == 0 || !(t.charAt(i - 1) >= 'a' && t.charAt(i - 1) <= 'z');
  }

  private static boolean regionEquals(NormalizedText t, int i, String s) {
    if (i + s.length() > t.length()) {
      return false;
    }
    for (int k = 0; k < s.length(); k++) {
      if (t.charAt(i + k) != s.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isHostChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
  }

  private static boolean isUrlChar(char c) {
    return c < 0x80 && c > ' ';
  }

  private void findUrls(NormalizedText t, List<Contact> out) {
    int n = t.length();
    int i = 0;
    while (i < n) {
      char c = t.charAt(i);
      if (!isHostChar(c) || (i > 0 && isHostChar(t.charAt(i - 1)))) {
        i++;
        continue;
      }
      int start = i;
      int hostStart = i;
      if (regionEquals(t, i, "http://")) {
        hostStart = i + 7;
      } else if (regionEquals(t, i, "https://")) {
        hostStart = i + 8;
      }
      int j = hostStart;
      while (j < n && isHostChar(t.charAt(j))) {
        j++;
      }
      int hostEnd = j;
      while (hostEnd > hostStart && t.charAt(hostEnd - 1) == '.') {
        hostEnd--;
      }
      boolean scheme = hostStart > start;
      ContactKind kind = null;
      // Most runs are plain words or numbers: no dot after the host's first character, so no host
      // (the string is built only for a run that may be one).
      if (hasDot(t, hostStart, hostEnd)) {
        String host = hostOf(t, hostStart, hostEnd);
        if (isShortener(host)) {
          kind = ContactKind.SHORT_LINK;
        } else if (scheme || host.startsWith("www.") || hasKnownTld(host)) {
          kind = ContactKind.URL;
        }
      }
      if (kind != null) {
        int end = hostEnd;
        if (hostEnd < n && t.charAt(hostEnd) == '/') {
          end = hostEnd;
          while (end < n && isUrlChar(t.charAt(end))) {
            end++;
          }
        }
        out.add(new Contact(kind, start, end));
        i = end;
      } else {
        i = Math.max(j, i + 1);
      }
    }
  }

  /**
   * Whether {@link #hostOf} of the same span would have a dot after its first character: {@code
   * hostOf(t, from, to).indexOf('.') > 0} without building the string.
   */
  private static boolean hasDot(NormalizedText t, int from, int to) {
    int end = Math.min(to, from + 256);
    for (int k = from + 1; k < end; k++) {
      if (t.charAt(k) == '.') {
        return true;
      }
    }
    return false;
  }

  private static String hostOf(NormalizedText t, int from, int to) {
    StringBuilder sb = new StringBuilder(Math.max(0, to - from));
    for (int k = from; k < to && k - from < 256; k++) {
      sb.append(t.charAt(k));
    }
    return sb.toString();
  }

  private static boolean hasKnownTld(String host) {
    int dot = host.lastIndexOf('.');
    String tld = host.substring(dot + 1);
    String name = host.substring(0, dot);
    if (name.isEmpty() || name.chars().allMatch(Character::isDigit)) {
      return false; // 3.14, 1.5.com
    }
    for (String known : TLDS) {
      if (known.equals(tld)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isShortener(String host) {
    for (int k = 0; k < SHORTENERS.length; k++) {
      if (host.equals(SHORTENERS[k]) || host.endsWith(DOTTED_SHORTENERS[k])) {
        return true;
      }
    }
    return false;
  }
}
