package dev.vigil.core.classify;

import dev.vigil.core.pattern.Contact;
import dev.vigil.core.pattern.ContactExtractor;
import dev.vigil.core.text.NormalizedText;
import dev.vigil.core.text.Normalizer;
import java.util.List;

/**
 * A post as it looks after contact masking, the way research SMS sets publish messages and some
 * platforms pass them to moderation: phone numbers, links, WeChat and QQ ids and bank cards
 * replaced by placeholders ({@code CELLPHONE}, {@code URL}, {@code WECHAT}, {@code QQ}, {@code
 * BANK}), other digit runs by {@code DIGIT}, and punctuation between Chinese characters removed.
 *
 * <p>The starter model learns each corpus post in both forms, so that it recognises a script
 * whether or not its contacts reach it in clear: n-grams across a phone number or a link are
 * otherwise learnt only for the one form.
 */
public final class MaskedForm {
  private static final ContactExtractor CONTACTS = new ContactExtractor();

  private MaskedForm() {}

  /** The masked form of {@code text}, over its canonical form (lower case, simplified). */
  public static String of(String text) {
    NormalizedText t = Normalizer.get().normalize(text);
    List<Contact> contacts = CONTACTS.find(t);
    StringBuilder out = new StringBuilder(t.length());
    int c = 0;
    for (int i = 0; i < t.length(); ) {
      if (c < contacts.size() && contacts.get(c).start() == i) {
        Contact k = contacts.get(c++);
        out.append(placeholder(k));
        i = Math.max(i + 1, k.end());
        continue;
      }
      if (c < contacts.size() && contacts.get(c).start() < i) {
        c++; // overlapping contact, already covered
        continue;
      }
      char ch = t.charAt(i);
      if (Character.isDigit(ch)) {
        while (i < t.length() && Character.isDigit(t.charAt(i))) {
          i++;
        }
        out.append("DIGIT");
        continue;
      }
      if (ch == ' ' || (!Character.isLetterOrDigit(ch) && ch < 0x3000 && !Character.isLetter(ch))) {
        // Separators and kept punctuation: dropped between Chinese characters, one space between
        // Latin words.
        char prev = out.length() == 0 ? ' ' : out.charAt(out.length() - 1);
        char next = i + 1 < t.length() ? t.charAt(i + 1) : ' ';
        if (isLatin(prev) && isLatin(next) && prev != ' ') {
          out.append(' ');
        }
        i++;
        continue;
      }
      out.append(ch);
      i++;
    }
    return out.toString();
  }

  private static boolean isLatin(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }

  private static String placeholder(Contact c) {
    return switch (c.kind()) {
      case MOBILE, LANDLINE -> "CELLPHONE";
      case QQ -> "QQ";
      case WECHAT -> "WECHAT";
      case URL, SHORT_LINK -> "URL";
      case BANK_CARD -> "BANK";
    };
  }
}
