package dev.vigil.core.pattern;

import dev.vigil.core.text.NormalizedText;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds personal data in a post (PIPL / CSL Art. 44): mainland resident identity-card numbers (18
 * characters, GB 11643 checksum, plausible region and birth date) and e-mail addresses, in one
 * linear pass over canonical text. A post that carries many identifiers at once (a list of phone
 * numbers, ID numbers or addresses) is what data traders post: {@link #isBulk} says when the count
 * reaches a pack's threshold.
 */
public final class PersonalData {
  /** What was found. */
  public enum Kind {
    ID_CARD("pii/id_card"),
    EMAIL("pii/email");

    private final String category;

    Kind(String category) {
      this.category = category;
    }

    /** The category reported in matches, e.g. {@code pii/id_card}. */
    public String category() {
      return category;
    }

    /** The built-in rule id, e.g. {@code builtin.pii.id_card}. */
    public String ruleId() {
      return "builtin." + category.replace('/', '.');
    }
  }

  /** One identifier over canonical characters {@code [start, end)}. */
  public record Item(Kind kind, int start, int end) {}

  private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  private static final String CHECK = "10x98765432";

  /** Every identity-card number and e-mail address in {@code text}, in order of start. */
  public List<Item> find(NormalizedText text) {
    List<Item> out = new ArrayList<>(0);
    int n = text.length();
    int i = 0;
    while (i < n) {
      char c = text.charAt(i);
      if (c >= '0' && c <= '9' && (i == 0 || !isAlnum(text.charAt(i - 1)))) {
        int j = i;
        while (j < n && text.charAt(j) >= '0' && text.charAt(j) <= '9') {
          j++;
        }
        int end = j;
        if (j - i == 17 && j < n && text.charAt(j) == 'x') {
          end = j + 1;
        }
        if (end - i == 18 && (end == n || !isAlnum(text.charAt(end))) && isIdCard(text, i)) {
          out.add(new Item(Kind.ID_CARD, i, end));
        }
        i = Math.max(end, i + 1);
        continue;
      }
      if (c == '@') {
        int end = email(text, i);
        int start = localStart(text, i);
        if (end > 0 && start < i) {
          out.add(new Item(Kind.EMAIL, start, end));
          i = end;
          continue;
        }
      }
      i++;
    }
    out.sort((a, b) -> Integer.compare(a.start(), b.start()));
    return out;
  }

  /**
   * Whether {@code identifiers} distinct identifiers (phones, ID numbers, e-mail addresses) in one
   * post make it a bulk of personal data at {@code threshold}.
   */
  public static boolean isBulk(int identifiers, int threshold) {
    return threshold > 0 && identifiers >= threshold;
  }

  private static boolean isIdCard(NormalizedText t, int s) {
    char region = t.charAt(s);
    if (region < '1' || region > '8') {
      return false;
    }
    int year = num(t, s + 6, 4);
    int month = num(t, s + 10, 2);
    int day = num(t, s + 12, 2);
    if (year < 1900 || year > 2099 || month < 1 || month > 12 || day < 1 || day > 31) {
      return false;
    }
    int sum = 0;
    for (int k = 0; k < 17; k++) {
      sum += (t.charAt(s + k) - '0') * WEIGHTS[k];
    }
    return CHECK.charAt(sum % 11) == t.charAt(s + 17);
  }

  private static int num(NormalizedText t, int s, int len) {
    int v = 0;
    for (int k = 0; k < len; k++) {
      v = v * 10 + (t.charAt(s + k) - '0');
    }
    return v;
  }

  private static int localStart(NormalizedText t, int at) {
    int s = at;
    while (s > 0 && s > at - 64 && isLocal(t.charAt(s - 1))) {
      s--;
    }
    while (s < at && t.charAt(s) == '.') {
      s++;
    }
    return s;
  }

  /**
   * End of the domain after {@code @} when it has a dot and a top-level label of 2+ letters, else
   * -1.
   */
  private static int email(NormalizedText t, int at) {
    int n = t.length();
    int j = at + 1;
    int lastDot = -1;
    while (j < n
        && j < at + 256
        && (isAlnum(t.charAt(j)) || t.charAt(j) == '-' || t.charAt(j) == '.')) {
      if (t.charAt(j) == '.') {
        lastDot = j;
      }
      j++;
    }
    int end = j;
    while (end > at + 1 && t.charAt(end - 1) == '.') {
      end--;
      lastDot = -1;
      for (int k = at + 1; k < end; k++) {
        if (t.charAt(k) == '.') {
          lastDot = k;
        }
      }
    }
    if (lastDot <= at + 1 || end - lastDot - 1 < 2) {
      return -1;
    }
    for (int k = lastDot + 1; k < end; k++) {
      if (t.charAt(k) < 'a' || t.charAt(k) > 'z') {
        return -1;
      }
    }
    return end;
  }

  private static boolean isLocal(char c) {
    return isAlnum(c) || c == '.' || c == '_' || c == '-' || c == '+' || c == '%';
  }

  private static boolean isAlnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  }
}
