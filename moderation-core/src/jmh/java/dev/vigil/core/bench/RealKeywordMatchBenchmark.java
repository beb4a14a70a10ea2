package dev.vigil.core.bench;

import com.hankcs.algorithm.AhoCorasickDoubleArrayTrie;
import dev.vigil.core.keyword.KeywordIndex;
import dev.vigil.core.text.Normalizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
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
 * Keyword matching on real material (issue 13): the houbb lexicon of {@code ../shared/lexicons}
 * (43,768 terms, the first column; subsets of 1k and 10k drawn at random with a fixed seed) over
 * natural posts of 20-2,000 characters built at setup from the clean and violation texts of {@code
 * ../shared/datasets} (Chinese, English, and mixed: a post of one language with a passage of the
 * other). Nothing of it is committed; {@code -Dvigil.shared=DIR} points at the shared directory
 * when it is not found above the working directory.
 *
 * <p>Vigil normalises and matches in one pass ({@link KeywordIndex#findInOriginal}); hankcs's
 * double-array trie scans the same posts normalised in setup (its cost not counted) for the terms'
 * normalised keys: exact matching. Setup prints both hit counts side by side. One operation is the
 * whole set of posts; the score is posts per second times the number of posts.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RealKeywordMatchBenchmark {
  @Param({"1000", "10000", "50000"}) // 50000: all of them (43,768 lines)
  int terms;

  private String[] posts;
  private char[][] normalised;
  private KeywordIndex vigil;
  private AhoCorasickDoubleArrayTrie<Integer> hankcs;

  @Setup
  public void setup() throws IOException {
    Path shared = shared();
    List<String> all =
        new ArrayList<>(
            new LinkedHashSet<>(
                Files.readAllLines(shared.resolve("lexicons/houbb-sensitive-word-tags.txt"))
                    .stream()
                    .map(l -> l.split("\\s+")[0])
                    .filter(RealKeywordMatchBenchmark::usable)
                    .toList()));
    Collections.shuffle(all, new Random(13));
    List<String> lexicon = all.subList(0, Math.min(terms, all.size()));
    KeywordIndex.Builder b = KeywordIndex.builder();
    TreeMap<String, Integer> map = new TreeMap<>();
    for (int i = 0; i < lexicon.size(); i++) {
      b.add(lexicon.get(i), i, false, false);
      map.put(Normalizer.get().key(lexicon.get(i)), i);
    }
    vigil = b.build();
    hankcs = new AhoCorasickDoubleArrayTrie<>();
    hankcs.build(map);
    posts = posts(shared).toArray(new String[0]);
    normalised = new char[posts.length][];
    long chars = 0;
    for (int i = 0; i < posts.length; i++) {
      normalised[i] = Normalizer.get().normalize(posts[i]).toString().toCharArray();
      chars += posts[i].length();
    }
    System.out.printf(
        "%n%d terms (%d distinct keys), %d posts, %d chars: hits Vigil %d, exact (hankcs) %d%n",
        lexicon.size(), map.size(), posts.length, chars, vigilOnePass(), hankcsOnNormalised());
  }

  /**
   * Terms Vigil takes: not empty once normalised, and 64 characters at most (the few longer ones
   * are skipped; the count is printed).
   */
  private static boolean usable(String w) {
    String key = Normalizer.get().key(w);
    return !key.isEmpty() && key.length() <= 64;
  }

  /**
   * Posts of 20 to 2,000 characters: consecutive texts of one set joined, a third of them with the
   * other's.
   */
  private static List<String> posts(Path shared) throws IOException {
    List<String> zh = texts(shared.resolve("datasets/zh-dev.jsonl"));
    List<String> en = texts(shared.resolve("datasets/en-dev.jsonl"));
    Random r = new Random(13);
    List<String> out = new ArrayList<>();
    int zi = 0;
    int ei = 0;
    for (int p = 0; p < 3000; p++) {
      int target = 20 + (int) Math.min(1980, Math.round(Math.exp(r.nextDouble() * Math.log(1980))));
      boolean chinese = p % 2 == 0;
      boolean mixed = p % 3 == 0;
      StringBuilder sb = new StringBuilder();
      while (sb.length() < target) {
        boolean other = mixed && r.nextInt(3) == 0;
        if (chinese != other) {
          sb.append(zh.get(zi++ % zh.size()));
        } else {
          sb.append(en.get(ei++ % en.size()));
        }
        sb.append(chinese ? "。" : " ");
      }
      out.add(sb.length() > 2000 ? sb.substring(0, 2000) : sb.toString());
    }
    return out;
  }

  private static List<String> texts(Path jsonl) throws IOException {
    List<String> out = new ArrayList<>();
    for (String line : Files.readAllLines(jsonl)) {
      int s = line.indexOf("\"text\": \"") + 9;
      int e = line.indexOf("\", \"label\"");
      if (s >= 9 && e > s) {
        out.add(line.substring(s, e).replace("\\\"", "\"").replace("\\n", " "));
      }
    }
    return out;
  }

  private static Path shared() {
    String p = System.getProperty("vigil.shared");
    if (p != null) {
      return Path.of(p);
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      for (Path c : List.of(dir.resolve("shared"), dir.resolveSibling("shared"))) {
        if (Files.isRegularFile(c.resolve("lexicons/houbb-sensitive-word-tags.txt"))) {
          return c;
        }
      }
    }
    throw new UncheckedIOException(new IOException("../shared not found; pass -Dvigil.shared=DIR"));
  }

  @Benchmark
  public int vigilOnePass() {
    int hits = 0;
    for (String post : posts) {
      hits += vigil.findInOriginal(post).size();
    }
    return hits;
  }

  @Benchmark
  public int hankcsOnNormalised() {
    int[] count = new int[1];
    AhoCorasickDoubleArrayTrie.IHit<Integer> sink = (begin, end, value) -> count[0]++;
    for (char[] post : normalised) {
      hankcs.parseText(post, sink);
    }
    return count[0];
  }
}
