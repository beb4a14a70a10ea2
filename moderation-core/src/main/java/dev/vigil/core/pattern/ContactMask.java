package dev.vigil.core.pattern;

import dev.vigil.core.text.NormalizedText;
import dev.vigil.core.text.Normalizer;
import java.util.ArrayList;
import java.util.List;

/**
 * Hides the personal contact details in a post from a moderator who has not asked to see them:
 * phone numbers, QQ and WeChat ids, bank-card numbers, identity-card numbers and e-mail addresses
 * (links stay visible: they are what a moderator judges a scam by, and they name a site, not a
 * person). Each code unit of a detail becomes {@link #MASK}, so the masked text has the original's
 * length and the engine's match offsets still point at the same places. Found with the same
 * scanners the engine uses, so whatever the engine recognises as a contact is masked, evasions
 * included. Thread-safe.
 */
public final class ContactMask {
  /** What a masked code unit becomes. */
  public static final char MASK = '•';

  private final Normalizer normalizer = Normalizer.get();
  private final ContactExtractor contacts = new ContactExtractor();
  private final PersonalData personalData = new PersonalData();

  /**
   * The text with its contact details masked, and the spans masked (original code units).
   *
   * @param text the masked text, as long as the original
   * @param spans each masked span as {@code [start, end)} in the original, in order
   */
  public record Masked(String text, List<int[]> spans) {
    public Masked {
      spans = List.copyOf(spans);
    }
  }

  public Masked mask(String original) {
    NormalizedText n = normalizer.normalize(original);
    List<int[]> spans = new ArrayList<>();
    for (Contact c : contacts.find(n)) {
      if (c.kind() != ContactKind.URL && c.kind() != ContactKind.SHORT_LINK) {
        spans.add(span(n, c.start(), c.end()));
      }
    }
    for (PersonalData.Item p : personalData.find(n)) {
      spans.add(span(n, p.start(), p.end()));
    }
    if (spans.isEmpty()) {
      return new Masked(original, spans);
    }
    spans.sort((a, b) -> Integer.compare(a[0], b[0]));
    char[] out = original.toCharArray();
    for (int[] s : spans) {
      for (int i = s[0]; i < s[1]; i++) {
        if (!Character.isWhitespace(out[i])) {
          out[i] = MASK;
        }
      }
    }
    return new Masked(new String(out), spans);
  }

  private static int[] span(NormalizedText n, int start, int end) {
    return new int[] {n.sourceStart(start), n.sourceEnd(end - 1)};
  }
}
