package dev.vigil.core.bench;

import dev.vigil.core.classify.Trainer;
import dev.vigil.core.policy.Content;
import dev.vigil.core.policy.Decision;
import dev.vigil.core.policy.Engine;
import dev.vigil.core.rules.RulePack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * The whole engine (normalise, keywords, patterns, contacts, classifier, policy) of the shipped
 * pack, on one thread, deciding SMS-length posts (the starter corpus, 10 to 90 characters). Score:
 * posts per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
public class EngineBenchmark {
  private Engine engine;
  private Content[] posts;
  private int next;

  @Setup
  public void setup() throws Exception {
    Path rules = Path.of("rules");
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("rules/pack.yaml"))) {
        rules = dir.resolve("rules");
        break;
      }
    }
    RulePack pack = RulePack.load(rules);
    engine = pack.engine();
    List<Trainer.Example> corpus = Trainer.readJsonLines(rules.resolve("corpus/starter.jsonl"));
    posts = corpus.stream().map(e -> Content.of(e.text())).toArray(Content[]::new);
  }

  @Benchmark
  public Decision decideOnePost() {
    Content c = posts[next];
    next = next + 1 == posts.length ? 0 : next + 1;
    return engine.decide(c);
  }
}
