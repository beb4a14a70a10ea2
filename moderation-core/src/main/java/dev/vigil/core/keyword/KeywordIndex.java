package dev.vigil.core.keyword;

import dev.vigil.core.text.CharFolding;
import dev.vigil.core.text.NormalizedText;
import dev.vigil.core.text.Normalizer;
import java.util.ArrayList;
import java.util.List;

/**
 * All the keyword terms and allowlist phrases of a rule pack in one {@link KeywordAutomaton}, with
 * the checks that turn raw automaton hits into findings:
 *
 * <ul>
 *   <li>precise evasion rules (repeats, separators, word boundaries, sentence breaks): see {@link
 *       KeywordAutomaton} and {@code rules/README.md};
 *   <li>word boundaries for Latin terms: a term that starts (ends) with a Latin letter or digit
 *       does not hit when the text has a letter or digit right before (after) it, so {@code ice}
 *       does not hit {@code nice}, while the spaced-out {@code w e i x i n} still hits {@code
 *       weixin};
 *   <li>allowlist phrases cancel every term hit they overlap ({@code 反诈骗} cancels {@code 诈骗}),
 *       except hits of context terms ({@link Builder#context}): the warning words that cancel a
 *       rule ({@code 谨防} in {@code 谨防诈骗}) must still be seen where the allowlist phrase stands;
 *   <li>pinyin: a term marked {@code pinyin} is also matched as its full pinyin and its initials
 *       ({@code 微信}: {@code weixin}, {@code wx}) and through homophones ({@code 薇信}).
 * </ul>
 *
 * Immutable and thread-safe.
 */
public final class KeywordIndex {
  private final KeywordAutomaton exact;
  private final KeywordAutomaton phonetic; // null when no term asks for homophones
  private final int[] owners; // per key id: owning rule, or -1 for an allowlist phrase
  private final String[] terms;
  private final boolean[] context; // per key id: a context term, never cancelled by the allowlist
  private final boolean[] latinStart;
  private final boolean[] latinEnd;

  private KeywordIndex(
      KeywordAutomaton exact,
      KeywordAutomaton phonetic,
      List<Integer> owners,
      List<String> terms,
      List<String> keys,
      List<Boolean> context) {
    this.exact = exact;
    this.phonetic = phonetic;
    this.owners = owners.stream().mapToInt(Integer::intValue).toArray();
    this.terms = terms.toArray(new String[0]);
    this.context = new boolean[context.size()];
    for (int i = 0; i < this.context.length; i++) {
      this.context[i] = context.get(i);
    }
    this.latinStart = new boolean[keys.size()];
    this.latinEnd = new boolean[keys.size()];
    for (int i = 0; i < keys.size(); i++) {
      String k = keys.get(i);
      latinStart[i] = isLatinOrDigit(k.charAt(0));
      latinEnd[i] = isLatinOrDigit(k.charAt(k.length() - 1));
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Number of automaton states, for sizing reports. */
  public int stateCount() {
    return exact.stateCount() + (phonetic == null ? 0 : phonetic.stateCount());
  }

  /**
   * Every term hit in {@code text} not cancelled by an allowlist phrase, in order of end position.
   */
  public List<KeywordHit> find(NormalizedText text) {
    return collect(
        text,
        sink -> exact.match(text, sink),
        phonetic == null ? null : sink -> phonetic.match(text, sink));
  }

  /**
   * The hits that {@code exactHits} and {@code phoneticHits} report, with the checks of the class
   * comment.
   */
  private List<KeywordHit> collect(
      NormalizedText text,
      java.util.function.Consumer<KeywordAutomaton.HitSink> exactHits,
      java.util.function.Consumer<KeywordAutomaton.HitSink> phoneticHits) {
    // Sized for long posts too: natural text hits a concept term every few characters, and growing
    // the list from 4 to a thousand hits was a tenth of a long post's decision.
    List<KeywordHit> hits = new ArrayList<>(Math.min(4 + text.length() / 4, 4096));
    List<int[]> allowed = new ArrayList<>(0);
    List<KeywordHit> contextHits = new ArrayList<>(0);
    KeywordAutomaton.HitSink sink =
        (id, start, hitEnd) -> {
          // A hit covers its whole runs; extend over identical characters all the same.
          int end = hitEnd;
          char last = text.charAt(hitEnd - 1);
          while (end < text.length() && text.charAt(end) == last) {
            end++;
          }
          if (latinStart[id] && start > 0 && isLatinOrDigit(text.charAt(start - 1))) {
            return;
          }
          if (latinEnd[id] && end < text.length() && isLatinOrDigit(text.charAt(end))) {
            return;
          }
          if (owners[id] < 0) {
            allowed.add(new int[] {start, end});
          } else {
            (context[id] ? contextHits : hits)
                .add(new KeywordHit(owners[id], terms[id], start, end));
          }
        };
    exactHits.accept(sink);
    if (phoneticHits != null) {
      phoneticHits.accept(sink);
      hits.sort((a, b) -> Integer.compare(a.end(), b.end()));
    }
    if (!allowed.isEmpty() && !hits.isEmpty()) {
      hits.removeIf(h -> overlapsAny(allowed, h));
    }
    if (!contextHits.isEmpty()) {
      hits.addAll(contextHits);
      hits.sort((a, b) -> Integer.compare(a.end(), b.end()));
    }
    return hits;
  }

  /** Whether {@code h} overlaps one of the {@code allowed} spans {@code [start, end)}. */
  private static boolean overlapsAny(List<int[]> allowed, KeywordHit h) {
    for (int k = 0, n = allowed.size(); k < n; k++) {
      int[] a = allowed.get(k);
      if (a[0] < h.end() && h.start() < a[1]) {
        return true;
      }
    }
    return false;
  }

  /**
   * As {@link #find(NormalizedText)} but in one pass over the original text, folding on the fly,
   * for callers that need only keywords (a post in which the pass finds a candidate is normalised
   * to check it): hits' {@code start} and {@code end} are offsets into {@code original}. Exactly
   * the hits of {@code find(normalize(original))} mapped back (checked by a property test).
   */
  public List<KeywordHit> findInOriginal(String original) {
    // The scan of the original text finds candidates (collapsed keys, separators skipped) without
    // normalising; a
    // post with none, most posts, is done. A candidate is checked against the precise rules (word
    // gaps, sentence
    // breaks, run lengths: see KeywordAutomaton) on the normalised text, which a candidate's post
    // is normalised for.
    int[][] found = new int[2][];
    int[] count = new int[2];
    boolean multi =
        exact.matchOriginal(original, (id, start, end) -> add(found, count, 0, id, start, end));
    if (phonetic != null) {
      multi |=
          phonetic.matchOriginal(
              original, (id, start, end) -> add(found, count, 1, id, start, end));
    }
    if (count[0] + count[1] == 0) {
      return new ArrayList<>(0);
    }
    NormalizedText t =
        multi || phonetic != null
            ? Normalizer.get().normalize(original)
            : Normalizer.get()
                .normalize(
                    original,
                    checkedFrom(original, found[0], count[0]),
                    checkedTo(original, found[0], count[0]));
    List<KeywordHit> hits =
        multi
            ? find(t)
            : collect(
                t,
                sink -> verify(exact, t, found[0], count[0], sink),
                phonetic == null ? null : sink -> verify(phonetic, t, found[1], count[1], sink));
    List<KeywordHit> mapped = new ArrayList<>(hits.size());
    for (KeywordHit h : hits) {
      mapped.add(
          new KeywordHit(h.owner(), h.term(), t.sourceStart(h.start()), t.sourceEnd(h.end() - 1)));
    }
    return mapped;
  }

  /**
   * Where the part of {@code s} that the check of candidates {@code found} (of the exact automaton,
   * whose classes are characters) reads begins: the last visible character before the first
   * candidate, or 0. The check ({@link KeywordAutomaton#verify}, the word and run checks of {@link
   * #collect}) reads from one character before a candidate (a gap inside it is judged by the two
   * characters before it, the first of which is in the candidate). Conservative: 0 as soon as the
   * walk meets a surrogate or a character that folds to several.
   */
  static int checkedFrom(String s, int[] found, int count) {
    int start = Integer.MAX_VALUE;
    for (int c = 0; c < count; c++) {
      start = Math.min(start, found[3 * c + 1]);
    }
    CharFolding folding = CharFolding.get();
    for (int p = start - 1; p >= 0; p--) {
      char u = s.charAt(p);
      char f = folding.fold(u);
      if (Character.isSurrogate(u) || f == CharFolding.EXPANDS) {
        return 0;
      }
      if (!isMarker(f) && !CharFolding.isSeparator(f)) {
        return p;
      }
    }
    return 0;
  }

  /**
   * Where the part of {@code s} that the check of candidates {@code found} reads ends (see {@link
   * #checkedFrom}): after the second visible character after the last candidate's last run. The
   * check reads a candidate's span, its last run's repeats and separators after it, and the next
   * two characters (the first ends the run; a gap before it is judged by both). Most posts with a
   * candidate are then normalised only in part. Conservative: the whole text as soon as the walk
   * meets a surrogate or a character that folds to several.
   */
  static int checkedTo(String s, int[] found, int count) {
    int n = s.length();
    int end = 0;
    for (int c = 0; c < count; c++) {
      end = Math.max(end, found[3 * c + 2]);
    }
    CharFolding folding = CharFolding.get();
    char last = folding.fold(s.charAt(end - 1));
    if (isMarker(last) || Character.isSurrogate(s.charAt(end - 1))) {
      return n;
    }
    int seen = 0;
    for (int p = end; p < n; p++) {
      char u = s.charAt(p);
      char f = folding.fold(u);
      if (Character.isSurrogate(u) || f == CharFolding.EXPANDS) {
        return n;
      }
      if (isMarker(f) || CharFolding.isSeparator(f) || (seen == 0 && f == last)) {
        continue;
      }
      if (++seen == 2) {
        return p + 1;
      }
    }
    return n;
  }

  private static boolean isMarker(char f) {
    return f >= CharFolding.SKIP && f <= CharFolding.EXPANDS;
  }

  private static void add(int[][] found, int[] count, int which, int id, int start, int end) {
    if (found[which] == null) {
      found[which] = new int[12];
    } else if (count[which] * 3 == found[which].length) {
      found[which] = java.util.Arrays.copyOf(found[which], found[which].length * 2);
    }
    int at = 3 * count[which]++;
    found[which][at] = id;
    found[which][at + 1] = start;
    found[which][at + 2] = end;
  }

  /**
   * Checks the candidates of a scan of the original text on its normalised form (no expansions in
   * it).
   */
  private static void verify(
      KeywordAutomaton a, NormalizedText t, int[] found, int count, KeywordAutomaton.HitSink sink) {
    for (int c = 0; c < count; c++) {
      int start = charAtSource(t, found[3 * c + 1], true);
      int last = charAtSource(t, found[3 * c + 2], false);
      a.verifyById(t, found[3 * c], start, last, sink);
    }
  }

  /**
   * The visible character of {@code t} whose source starts at {@code pos} ({@code first}), or the
   * last one whose source starts before {@code pos}: binary search, the sources being in order.
   */
  private static int charAtSource(NormalizedText t, int pos, boolean first) {
    int lo = 0;
    int hi = t.length() - 1;
    while (lo
        < hi) { // the first index whose source starts at or after pos (first), or after pos - 1
      int mid = (lo + hi) >>> 1;
      if (t.sourceStart(mid) < (first ? pos : pos)) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    int i = lo;
    if (first) {
      while (CharFolding.isSeparator(t.charAt(i)) && t.charAt(i) == ' ') {
        i++;
      }
      return i;
    }
    if (t.sourceStart(i) >= pos) {
      i--;
    }
    while (t.charAt(i) == ' ') {
      i--;
    }
    return i;
  }

  static boolean isLatinOrDigit(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  }

  /** Collects terms and phrases. Not thread-safe. */
  public static final class Builder {
    private final Normalizer normalizer = Normalizer.get();
    private final KeywordAutomatonBuilder exact = KeywordAutomaton.builder();
    private KeywordAutomatonBuilder phonetic;
    private final List<Integer> owners = new ArrayList<>();
    private final List<String> terms = new ArrayList<>();
    private final List<String> keys = new ArrayList<>();
    private final List<Boolean> context = new ArrayList<>();

    private Builder() {}

    /**
     * Adds a term owned by rule {@code owner}.
     *
     * @param homophones whether characters that sound alike also hit
     * @param pinyin whether the term's full pinyin and initials also hit (implies homophones)
     * @throws IllegalArgumentException when the term is empty once normalised, or too long
     */
    public Builder add(String term, int owner, boolean homophones, boolean pinyin) {
      String key = key(term);
      addKey(key, spaced(term), term, owner, homophones || pinyin);
      if (pinyin) {
        List<String> variants = pinyinVariants(key);
        for (int v = 0; v < variants.size(); v++) {
          // The full pinyin may be written syllable by syllable (wei xin): a word gap after each
          // syllable.
          String spaced = v == 0 ? syllables(key) : variants.get(v);
          addKey(variants.get(v), spaced, term, owner, false);
        }
      }
      return this;
    }

    /**
     * Adds a context term owned by {@code owner}: a word that only ever cancels a rule (a warning
     * or news word a rule's {@code none} names). Allowlist phrases do not cancel its hits: they are
     * there to cancel evidence, and {@code 谨防诈骗} must not hide the {@code 谨防} that tells a warning
     * from a script.
     */
    public Builder context(String term, int owner) {
      addKey(key(term), spaced(term), term, owner, false);
      context.set(context.size() - 1, true);
      return this;
    }

    /**
     * Adds an allowlist phrase: every term hit that overlaps one of its occurrences is cancelled.
     */
    public Builder allow(String phrase) {
      addKey(key(phrase), spaced(phrase), phrase, -1, false);
      return this;
    }

    private String key(String term) {
      String key = normalizer.key(term);
      if (key.isEmpty()) {
        throw new IllegalArgumentException(
            "term '" + term + "' is empty once normalised (only separators?)");
      }
      return key;
    }

    /** The term normalised with its separators: the automaton keeps its word gaps and repeats. */
    private String spaced(String term) {
      return normalizer.normalize(term).toString();
    }

    private void addKey(String key, String spaced, String term, int owner, boolean phonetic) {
      if (phonetic) {
        if (this.phonetic == null) {
          this.phonetic = KeywordAutomaton.phoneticBuilder();
        }
        this.phonetic.add(spaced, keys.size());
      } else {
        exact.add(spaced, keys.size());
      }
      owners.add(owner);
      terms.add(term);
      keys.add(key);
      context.add(false);
    }

    /**
     * Full pinyin and initials of a key with Chinese characters; empty when some character has no
     * reading.
     */
    static List<String> pinyinVariants(String key) {
      CharFolding folding = CharFolding.get();
      StringBuilder full = new StringBuilder();
      StringBuilder initials = new StringBuilder();
      boolean han = false;
      for (int i = 0; i < key.length(); i++) {
        char c = key.charAt(i);
        int sid = folding.syllableId(c);
        if (sid != 0) {
          String s = folding.syllable(sid);
          full.append(s);
          initials.append(s.charAt(0));
          han = true;
        } else if (isLatinOrDigit(c)) {
          full.append(c);
          initials.append(c);
        } else {
          return List.of();
        }
      }
      if (!han) {
        return List.of();
      }
      List<String> out = new ArrayList<>(2);
      out.add(full.toString());
      if (initials.length() >= 2 && !initials.toString().equals(full.toString())) {
        out.add(initials.toString());
      }
      return out;
    }

    /** The full pinyin of a key with a space after each syllable ({@code 微信}: {@code wei xin}). */
    static String syllables(String key) {
      CharFolding folding = CharFolding.get();
      StringBuilder full = new StringBuilder();
      for (int i = 0; i < key.length(); i++) {
        int sid = folding.syllableId(key.charAt(i));
        if (sid != 0) {
          full.append(' ').append(folding.syllable(sid)).append(' ');
        } else {
          full.append(key.charAt(i));
        }
      }
      return full.toString().trim();
    }

    public KeywordIndex build() {
      return new KeywordIndex(
          exact.build(), phonetic == null ? null : phonetic.build(), owners, terms, keys, context);
    }
  }
}
