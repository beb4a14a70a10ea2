package dev.vigil.core.policy;

import dev.vigil.core.concept.ConceptHits;
import dev.vigil.core.keyword.KeywordHit;
import dev.vigil.core.keyword.KeywordIndex;
import dev.vigil.core.pattern.Contact;
import dev.vigil.core.pattern.ContactKind;
import dev.vigil.core.text.NormalizedText;
import dev.vigil.core.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The contact placeholders of masked text ({@code CELLPHONE}, {@code URL}, {@code WECHAT}, ...) as
 * concept terms that also stand for a real contact of that kind.
 *
 * <p>Research SMS sets and some platforms pass posts with contacts masked, and rules are written
 * and measured on such text: {@code all: [sms_bank, ph_card_trouble, [cellphone]]} asks for a
 * mobile number. A platform that passes posts in clear has a real number there, which the term
 * {@code cellphone} never matches. So a concept that lists a placeholder is hit, at the contact's
 * span, wherever the {@link dev.vigil.core.pattern.ContactExtractor} finds a contact of the kind
 * the placeholder masks: one rule reads masked and clear posts alike. A masked post is unchanged
 * (its placeholders are words, not contacts, so nothing is counted twice).
 *
 * <p>Masking tools also glue a placeholder to the letters around it ({@code URLcn}, {@code
 * WECHATfp}, {@code cnURL}), which the keyword matcher, keeping Latin terms to whole words, does
 * not see. An upper-case run in the original that is exactly a placeholder, touching Latin letters
 * or digits, is therefore a hit of that placeholder too: lower-case {@code url} inside a word, or
 * {@code PHONE} inside {@code CELLPHONE}, is not.
 *
 * <p>Which concepts list which placeholder is found once, when the engine is built, by running the
 * pack's own keyword index over each placeholder word: no separate table to keep in step with the
 * pack.
 */
final class ContactTerms {
  /** The placeholder words of the masking each kind of contact stands behind. */
  private static final Map<ContactKind, List<String>> PLACEHOLDERS =
      Map.of(
          ContactKind.MOBILE, List.of("cellphone", "phone"),
          ContactKind.LANDLINE, List.of("phone"),
          ContactKind.URL, List.of("url"),
          ContactKind.SHORT_LINK, List.of("url"),
          ContactKind.WECHAT, List.of("wechat"),
          ContactKind.QQ, List.of("qq"),
          ContactKind.BANK_CARD, List.of("bank"));

  /** One concept term a contact stands for. */
  private record Term(int concept, String word) {}

  private final Term[][] byKind;
  private final Map<String, Term[]> byWord;

  private ContactTerms(Term[][] byKind, Map<String, Term[]> byWord) {
    this.byKind = byKind;
    this.byWord = byWord;
  }

  /**
   * The placeholder terms of a pack: for each contact kind, the concepts (ids below, keyword owners
   * {@code conceptOwnerBase + id} in {@code keywords}) that list one of its placeholder words as a
   * whole term.
   */
  static ContactTerms of(KeywordIndex keywords, int conceptOwnerBase) {
    Normalizer normalizer = Normalizer.get();
    Map<String, Term[]> byWord = new TreeMap<>();
    for (List<String> words : PLACEHOLDERS.values()) {
      for (String word : words) {
        if (byWord.containsKey(word)) {
          continue;
        }
        List<Term> terms = new ArrayList<>();
        for (KeywordHit hit : keywords.find(normalizer.normalize(word))) {
          if (hit.owner() >= conceptOwnerBase && hit.start() == 0 && hit.end() == word.length()) {
            terms.add(new Term(hit.owner() - conceptOwnerBase, word));
          }
        }
        byWord.put(word, terms.toArray(new Term[0]));
      }
    }
    Term[][] byKind = new Term[ContactKind.values().length][];
    for (ContactKind kind : ContactKind.values()) {
      List<Term> terms = new ArrayList<>();
      for (String word : PLACEHOLDERS.getOrDefault(kind, List.of())) {
        terms.addAll(List.of(byWord.get(word)));
      }
      byKind[kind.ordinal()] = terms.toArray(new Term[0]);
    }
    byWord.values().removeIf(t -> t.length == 0);
    return new ContactTerms(byKind, byWord);
  }

  /** Whether some concept lists a placeholder of {@code kind}. */
  boolean stands(ContactKind kind) {
    return byKind[kind.ordinal()].length > 0;
  }

  /** Adds to {@code hits} the placeholder terms {@code contact} stands for, at its span. */
  void add(Contact contact, ConceptHits hits) {
    for (Term t : byKind[contact.kind().ordinal()]) {
      hits.add(t.concept(), t.word(), contact.start(), contact.end());
    }
  }

  /**
   * Adds to {@code hits} the placeholders glued to Latin letters or digits; returns {@code hits},
   * or a new instance of {@code conceptCount} concepts when it was null and something was found.
   */
  ConceptHits addGlued(NormalizedText text, ConceptHits hits, int conceptCount) {
    if (byWord.isEmpty()) {
      return hits;
    }
    String canonical = text.toString();
    String original = text.original();
    for (Map.Entry<String, Term[]> e : byWord.entrySet()) {
      String word = e.getKey();
      for (int i = canonical.indexOf(word); i >= 0; i = canonical.indexOf(word, i + 1)) {
        int end = i + word.length();
        if (glued(canonical, i, end) && upperRun(text, original, i, end)) {
          if (hits == null) {
            hits = new ConceptHits(conceptCount, text.length());
          }
          for (Term t : e.getValue()) {
            hits.add(t.concept(), word, i, end);
          }
        }
      }
    }
    return hits;
  }

  /** Whether a Latin letter or digit touches {@code [start, end)}: not a word the matcher sees. */
  private static boolean glued(String canonical, int start, int end) {
    return (start > 0 && latinOrDigit(canonical.charAt(start - 1)))
        || (end < canonical.length() && latinOrDigit(canonical.charAt(end)));
  }

  /** Whether the original of {@code [start, end)} is one whole run of upper-case ASCII letters. */
  private static boolean upperRun(NormalizedText text, String original, int start, int end) {
    int from = text.sourceStart(start);
    int to = text.sourceEnd(end - 1);
    if (to - from != end - start) {
      return false;
    }
    for (int k = from; k < to; k++) {
      char c = original.charAt(k);
      if (c < 'A' || c > 'Z') {
        return false;
      }
    }
    return (from == 0 || !isUpper(original.charAt(from - 1)))
        && (to >= original.length() || !isUpper(original.charAt(to)));
  }

  private static boolean latinOrDigit(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  }

  private static boolean isUpper(char c) {
    return c >= 'A' && c <= 'Z';
  }
}
