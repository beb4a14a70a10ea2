package dev.vigil.core.bench;

import dev.vigil.core.near.Fingerprint;
import dev.vigil.core.near.MinHashSignature;
import dev.vigil.core.near.MinHasher;
import dev.vigil.core.near.NearDuplicateIndex;
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
 * templates of 30 Chinese characters, each with 3 characters changed and a number appended, so
 * buckets fill unevenly, as they do with real spam waves; queries alternate edited reposts of a
 * template (hits) and unrelated texts (misses). {@code find} times the lookup of a precomputed
 * signature; {@code signAndFind} adds normalising, shingling and hashing one post.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class NearDuplicateBenchmark {
  private static final int TEMPLATES = 2_000;
  private static final int QUERIES = 1024;

  @Param({"10000", "100000", "1000000"})
  int stored;

  private NearDuplicateIndex index;
  private MinHasher hasher;
  private String[] templates;
  private MinHashSignature[] querySignatures;
  private String[] queryTexts;
  private int next;

  @Setup
  public void setup() {
    hasher = new MinHasher("bench-fingerprint-key-0123456789".getBytes(StandardCharsets.UTF_8));
    SplittableRandom random = new SplittableRandom(4);
    templates = new String[TEMPLATES];
    for (int t = 0; t < TEMPLATES; t++) {
      templates[t] = randomHan(random, 30);
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
    for (int q = 0; q < QUERIES; q++) {
      queryTexts[q] =
          q % 2 == 0 ? edited(templates[random.nextInt(TEMPLATES)], random) : randomHan(random, 30);
      querySignatures[q] = hasher.signature(queryTexts[q]).orElseThrow();
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
  public Object signAndFind() {
    next = (next + 1) & (QUERIES - 1);
    return index.find(hasher.signature(queryTexts[next]).orElseThrow());
  }
}
