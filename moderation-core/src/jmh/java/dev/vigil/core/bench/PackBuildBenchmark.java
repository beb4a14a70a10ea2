package dev.vigil.core.bench;

import dev.vigil.core.keyword.KeywordIndex;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Time to build the keyword index of a 100,000-term pack (normalising every term, building the
 * automaton and its failure links), and the heap the built index holds, printed after the run as
 * "retained heap".
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
public class PackBuildBenchmark {
  private List<String> lexicon;
  private KeywordIndex built;

  @Setup
  public void setup() {
    lexicon = SyntheticLexicon.terms(100_000, 1);
  }

  @Benchmark
  public KeywordIndex build100kTerms() {
    KeywordIndex.Builder b = KeywordIndex.builder();
    for (int i = 0; i < lexicon.size(); i++) {
      b.add(lexicon.get(i), i, false, false);
    }
    built = b.build();
    return built;
  }

  private static volatile Object holder;

  @TearDown(Level.Trial)
  public void reportHeap() {
    MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
    holder = built;
    built = null;
    long with = usedAfterGc(mem);
    int states = ((KeywordIndex) holder).stateCount();
    holder = null;
    long without = usedAfterGc(mem);
    System.out.printf(
        "%nretained heap of the 100k-term keyword index: %.1f MB (%d automaton states)%n",
        (with - without) / 1048576.0, states);
  }

  private static long usedAfterGc(MemoryMXBean mem) {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return mem.getHeapMemoryUsage().getUsed();
  }
}
