package dev.vigil.core.bench;

import dev.vigil.core.near.Fingerprint;
import dev.vigil.core.near.MinHashScheme;
import dev.vigil.core.near.MinHashSignature;
import dev.vigil.core.near.NearDuplicateIndex;
import dev.vigil.core.near.SignatureHasher;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.SplittableRandom;
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
 * Near-duplicate lookup against a full index of {@code stored} fingerprints: the cost must not grow
 * with the index (issue 20 item 4: flat from 10k to 1M). The stored posts are drawn from 2,000
 * templates of {@code length} (30) Chinese characters, each with 3 characters changed and a number
 * appended, so buckets fill unevenly, as they do with real spam waves; queries alternate edited
 * reposts of a template (hits) and unrelated texts (misses). {@code find} times the lookup of a
 * precomputed signature; {@code signAndFind} adds normalising, shingling and hashing one post;
 * {@code sign} times the hashing alone, of a precomputed shingle set (a {@code length}-character
 * Chinese post cut into 2-grams: 29 shingles at the default 30). {@code scheme} is the fingerprint
 * scheme of every signature, stored and queried ({@link MinHashScheme#id()}: 1, 64 hash functions;
 * 2, one permutation with densification); {@code sign} does not depend on {@code stored}, so {@code
 * -p stored=10000} is enough for it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class NearDuplicateBenchmark {
  private static final int TEMPLATES = 2_000;
  private static final int QUERIES = 1024;

  @Param({"10000", "100000", "1000000"})
  int stored;

  @Param({"2", "1"})
  int scheme;

  /** Characters per post (templates and unrelated queries). */
  @Param({"30"})
  int length;

  private NearDuplicateIndex index;
  private SignatureHasher hasher;
  private String[] templates;
  private MinHashSignature[] querySignatures;
  private String[] queryTexts;
  private long[][] queryShingles;
  private int next;

  @Setup
  public void setup() {
    hasher =
        MinHashScheme.ofId(scheme)
            .hasher("bench-fingerprint-key-0123456789".getBytes(StandardCharsets.UTF_8));
    SplittableRandom random = new SplittableRandom(4);
    templates = new String[TEMPLATES];
    for (int t = 0; t < TEMPLATES; t++) {
      templates[t] = randomHan(random, length);
    }
    index = new NearDuplicateIndex(stored, NearDuplicateIndex.DEFAULT_THRESHOLD);
    for (int i = 0; i < stored; i++) {
      String text =
          edited(templates[random.nextInt(TEMPLATES)], random) + random.nextInt(1_000_000);
      index.add(
          new Fingerprint("ev-" + i, "fraud", hasher.signature(text).orElseThrow(), Instant.EPOCH));
    }
    querySignatures = new MinHashSignature[QUERIES];
    queryTexts = new String[QUERIES];
    queryShingles = new long[QUERIES][];
    for (int q = 0; q < QUERIES; q++) {
      queryTexts[q] =
          q % 2 == 0
              ? edited(templates[random.nextInt(TEMPLATES)], random)
              : randomHan(random, length);
      querySignatures[q] = hasher.signature(queryTexts[q]).orElseThrow();
      queryShingles[q] = hasher.shingles().of(queryTexts[q]);
    }
  }

  private static String randomHan(SplittableRandom random, int length) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < length; i++) {
      b.append((char) (0x4E00 + random.nextInt(3000)));
    }
    return b.toString();
  }

  private static String edited(String template, SplittableRandom random) {
    char[] c = template.toCharArray();
    for (int e = 0; e < 3; e++) {
      c[random.nextInt(c.length)] = (char) (0x4E00 + random.nextInt(3000));
    }
    return new String(c);
  }

  @Benchmark
  public Object find() {
    next = (next + 1) & (QUERIES - 1);
    return index.find(querySignatures[next]);
  }

  @Benchmark
  public Object sign() {
    next = (next + 1) & (QUERIES - 1);
    return hasher.signature(queryShingles[next]);
  }

  @Benchmark
  public Object signAndFind() {
    next = (next + 1) & (QUERIES - 1);
    return index.find(hasher.signature(queryTexts[next]).orElseThrow());
  }
}
