package dev.vigil.core.bench;

import dev.vigil.core.classify.Classifier;
import dev.vigil.core.classify.Trainer;
import dev.vigil.core.policy.Content;
import dev.vigil.core.policy.Decision;
import dev.vigil.core.policy.Engine;
import dev.vigil.core.rules.RulePack;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * The whole engine of the shipped pack by post length, on natural text: each input is consecutive
 * posts of the corpus ({@code rules/corpus/*.jsonl}, files in name order) joined by newlines and
 * cut at {@code length} characters, starting at {@value #INPUTS} evenly spaced posts, so the inputs
 * are chat, notices, fraud scripts and goods offers as the corpus has them. {@code model}: {@code
 * starter} is the pack's own model (skipped when it cannot change the action), {@code trained} a
 * model trained at setup on the whole corpus with {@link Trainer} and given to the pack as a
 * platform model, so its own review threshold is active and it scores every post. Score: average
 * microseconds per post.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(1)
public class EngineLengthBenchmark {
  /** Distinct inputs per length, cycled. */
  static final int INPUTS = 300;

  @Param({"20", "400", "4000"})
  public int length;

  @Param({"starter", "trained"})
  public String model;

  private Engine engine;
  private Content[] posts;
  private int next;
  private Path packCopy;

  @Setup
  public void setup() throws Exception {
    Path rules = rulesDir();
    List<Trainer.Example> corpus = corpus(rules);
    String id = digest(corpus);
    RulePack pack;
    if (model.equals("trained")) {
      pack = RulePack.load(rules, trainedModel(corpus, id));
    } else {
      packCopy = packWithStarterModel(rules, id);
      pack = RulePack.load(packCopy);
    }
    engine = pack.engine();
    posts = inputs(corpus, length, INPUTS).stream().map(Content::of).toArray(Content[]::new);
  }

  /** Removes the pack copy (the cached models stay). */
  @TearDown
  public void tearDown() throws IOException {
    if (packCopy != null) {
      try (Stream<Path> all = Files.walk(packCopy)) {
        for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  @Benchmark
  public Decision decide() {
    Content c = posts[next];
    next = next + 1 == posts.length ? 0 : next + 1;
    return engine.decide(c);
  }

  static Path rulesDir() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("rules/pack.yaml"))) {
        return dir.resolve("rules");
      }
    }
    return Path.of("rules");
  }

  static List<Trainer.Example> corpus(Path rules) throws IOException {
    List<Trainer.Example> all = new ArrayList<>();
    try (Stream<Path> files = Files.list(rules.resolve("corpus"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList()) {
        all.addAll(Trainer.readJsonLines(f));
      }
    }
    return all;
  }

  /**
   * {@code count} texts of exactly {@code length} characters: consecutive corpus posts joined by
   * newlines from evenly spaced starting posts (wrapping around), cut at {@code length}.
   */
  static List<String> inputs(List<Trainer.Example> corpus, int length, int count) {
    List<String> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int p = (int) ((long) i * corpus.size() / count);
      StringBuilder sb = new StringBuilder(length + 200);
      while (sb.length() < length) {
        if (sb.length() > 0) {
          sb.append('\n');
        }
        sb.append(corpus.get(p).text());
        p = (p + 1) % corpus.size();
      }
      int cut = length;
      if (Character.isHighSurrogate(sb.charAt(cut - 1))) {
        cut--; // do not split a surrogate pair
      }
      out.add(sb.substring(0, cut));
    }
    return out;
  }

  /**
   * A model trained on {@code corpus} with the default {@link Trainer}, cached under {@code
   * target/} by a digest of the corpus so that each fork does not retrain it.
   */
  static Path trainedModel(List<Trainer.Example> corpus, String id) throws Exception {
    Path file = Path.of("target", "engine-bench-trained-" + id + ".bin").toAbsolutePath();
    if (!Files.isRegularFile(file)) {
      save(new Trainer().train(corpus), file);
    }
    return file;
  }

  /**
   * A fresh copy of the pack in {@code rules} whose {@code model/starter.bin} (the file the
   * manifest names) is the starter model the pack trains from its corpus, trained once and cached
   * under {@code target/} by a digest of the corpus: the pack then loads as shipped, with the
   * starter model and its policy, without retraining in every fork.
   */
  static Path packWithStarterModel(Path rules, String id) throws Exception {
    Path cached = Path.of("target", "engine-bench-starter-" + id + ".bin").toAbsolutePath();
    if (!Files.isRegularFile(cached)) {
      save(RulePack.load(rules).classifier(), cached);
    }
    Path copy = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "bench-pack");
    try (Stream<Path> all = Files.walk(rules)) {
      for (Path f : all.filter(Files::isRegularFile).toList()) {
        String rel = rules.relativize(f).toString();
        if (rel.startsWith("target") || !(rel.endsWith(".yaml") || rel.endsWith(".jsonl"))) {
          continue;
        }
        Path to = copy.resolve(rel);
        Files.createDirectories(to.getParent());
        Files.copy(f, to);
      }
    }
    Path model = copy.resolve("model/starter.bin");
    Files.createDirectories(model.getParent());
    Files.copy(cached, model);
    return copy;
  }

  private static void save(Classifier c, Path file) throws IOException {
    Files.createDirectories(file.getParent());
    Path tmp = Files.createTempFile(file.getParent(), "model", ".tmp");
    try (OutputStream out = Files.newOutputStream(tmp)) {
      c.write(out);
    }
    Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  private static String digest(List<Trainer.Example> corpus) throws Exception {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    for (Trainer.Example e : corpus) {
      md.update(e.label().getBytes(StandardCharsets.UTF_8));
      md.update((byte) 0);
      md.update(e.text().getBytes(StandardCharsets.UTF_8));
      md.update((byte) 0);
    }
    return HexFormat.of().formatHex(md.digest(), 0, 6);
  }
}
