package dev.vigil.core.bench;

import com.hankcs.algorithm.AhoCorasickDoubleArrayTrie;
import dev.vigil.core.keyword.KeywordIndex;
import dev.vigil.core.text.Normalizer;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Normalise + keyword match (Vigil: materialised normalised text then match, and the one-pass
 * variant) against hankcs's double-array Aho-Corasick matching the same lexicon on the same text
 * without normalisation, side by side. hankcs gets its fastest entry points: a hit callback rather
 * than a list, on the {@code String} as Vigil gets it, and on a {@code char[]} of it made once in
 * setup (its array scan, with no conversion cost counted). Each operation processes about 1 MiB of
 * UTF-8 text, so the score in ops/s is MB/s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class KeywordMatchBenchmark {
  @Param({"1000", "10000", "100000"})
  int terms;

  private String text;
  private char[] textChars;
  private KeywordIndex vigil;
  private AhoCorasickDoubleArrayTrie<Integer> hankcs;

  @Setup
  public void setup() {
    List<String> lexicon = SyntheticLexicon.terms(terms, 1);
    text = SyntheticLexicon.text(lexicon, 1 << 20, 2);
    textChars = text.toCharArray();
    KeywordIndex.Builder b = KeywordIndex.builder();
    TreeMap<String, Integer> map = new TreeMap<>();
    for (int i = 0; i < lexicon.size(); i++) {
      b.add(lexicon.get(i), i, false, false);
      map.put(lexicon.get(i), i);
    }
    vigil = b.build();
    hankcs = new AhoCorasickDoubleArrayTrie<>();
    hankcs.build(map);
  }

  @Benchmark
  public int vigilNormalizeAndMatch() {
    return vigil.find(Normalizer.get().normalize(text)).size();
  }

  /**
   * The same, in one pass: folding on the fly, hits in original offsets ({@link
   * KeywordIndex#findInOriginal}).
   */
  @Benchmark
  public int vigilOnePassNormalizeAndMatch() {
    return vigil.findInOriginal(text).size();
  }

  @Benchmark
  public int hankcsMatchRaw() {
    int[] count = new int[1];
    hankcs.parseText(
        text, (AhoCorasickDoubleArrayTrie.IHit<Integer>) (begin, end, value) -> count[0]++);
    return count[0];
  }

  /** hankcs on a {@code char[]} prepared in setup: its fastest scan. */
  @Benchmark
  public int hankcsMatchRawChars() {
    int[] count = new int[1];
    hankcs.parseText(
        textChars, (AhoCorasickDoubleArrayTrie.IHit<Integer>) (begin, end, value) -> count[0]++);
    return count[0];
  }
}
