package dev.vigil.app.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.app.json.Json;
import java.util.Map;

/**
 * The bench's verdict, printed as one JSON line.
 *
 * @param posts posts in the workload
 * @param passthroughPostsPerSecond what Kafka Streams moves through a read-write topology with the
 *     same guarantees
 * @param postsPerSecond what the moderation topology decides and routes
 * @param ratio {@code postsPerSecond / passthroughPostsPerSecond}; the target is at least 0.8
 * @param p50Ms median time from submission to the decision being readable by a read_committed
 *     consumer, at a steady rate below capacity
 * @param p99Ms the 99th percentile of the same
 * @param heapMb heap in use after a full GC at the end of the run (broker, app and bench share the
 *     JVM)
 * @param partitions partitions of every topic
 * @param threads stream threads of each topology
 * @param floorPostsPerSecond the floor topology: each post written on plus a decision-sized record,
 *     no work in between; the least Kafka work the walking pipeline's invariant allows
 * @param stageCeiling the ratio the moderation topology would reach if its Kafka work cost no more
 *     than the passthrough's: passthrough CPU per post over that plus the CPU per post of the
 *     moderation stages timed alone (parse, engine, pseudonym, decision JSON). The engine's own
 *     cost bounds the ratio, whatever Kafka does.
 * @param soak the long run's heap figures, or null when there was none
 * @param cold the first minute after a fresh app start in a new JVM with the engine warm-up on, or
 *     null when not measured
 * @param coldNoWarmup the same with the warm-up off ({@code engine.warmup.seconds=0}), or null
 * @param subtopologyUsPerPost task wall time per post by sub-topology id (see {@link
 *     SubtopologyCosts}); empty when not measured
 */
public record BenchResult(
    long posts,
    double passthroughPostsPerSecond,
    double postsPerSecond,
    double ratio,
    long p50Ms,
    long p99Ms,
    long heapMb,
    int partitions,
    int threads,
    double floorPostsPerSecond,
    double stageCeiling,
    Soak soak,
    Cold cold,
    Cold coldNoWarmup,
    Map<String, Double> subtopologyUsPerPost) {

  public BenchResult {
    // In the order given (sub-topology id order), kept for the JSON.
    subtopologyUsPerPost =
        subtopologyUsPerPost == null
            ? Map.of()
            : java.util.Collections.unmodifiableMap(
                new java.util.LinkedHashMap<>(subtopologyUsPerPost));
  }

  /**
   * The first minute after a fresh start: the app in a new JVM ({@code run}), fresh posts at a
   * fixed rate from the moment its health says ready.
   *
   * @param warmupSeconds its {@code engine.warmup.seconds}
   * @param rate posts per second submitted
   * @param posts how many, every one decided
   * @param p50Ms median submit-to-decision latency
   * @param p99Ms the 99th percentile of the same
   * @param maxMs the slowest
   * @param readySeconds from the JVM's launch to its health answering ready (the warm-up is in it)
   */
  public record Cold(
      int warmupSeconds,
      double rate,
      long posts,
      long p50Ms,
      long p99Ms,
      long maxMs,
      double readySeconds) {}

  /**
   * The floor against the passthrough: the highest {@link #ratio} any topology keeping the
   * invariant could reach.
   */
  public double floorRatio() {
    return floorPostsPerSecond / passthroughPostsPerSecond;
  }

  /**
   * How close the app comes to what its own stages allow: {@link #ratio} over the lower of {@link
   * #floorRatio} (the least Kafka work the invariant needs) and {@link #stageCeiling} (the engine's
   * own cost). 1.0 means the app wastes nothing beyond those two bounds; the gap below it is the
   * topology's overhead, the part a change to how Vigil uses Kafka Streams can recover.
   */
  public double ceilingRatio() {
    double bound = Math.min(floorRatio(), stageCeiling);
    return bound <= 0 ? 0 : ratio / bound;
  }

  /**
   * The long run after the rounds.
   *
   * @param minutes how long fresh posts kept arriving
   * @param posts how many, every one decided
   * @param p50Ms median submit-to-decision latency of the soak's posts (the last 2^20 of them:
   *     steady state)
   * @param p99Ms the 99th percentile of the same
   * @param heapMbStart heap after GC at the first sample after one minute
   * @param heapMbEnd heap after GC at the last sample
   * @param heapGrowthMbPerMinute least-squares slope of the samples after the first minute
   */
  public record Soak(
      double minutes,
      long posts,
      long p50Ms,
      long p99Ms,
      long heapMbStart,
      long heapMbEnd,
      double heapGrowthMbPerMinute) {}

  public String json() {
    ObjectNode o = Json.object();
    o.put("posts", posts);
    o.put("passthroughPostsPerSecond", Math.round(passthroughPostsPerSecond));
    o.put("postsPerSecond", Math.round(postsPerSecond));
    o.put("ratio", Math.round(ratio * 1000) / 1000.0);
    o.put("p50Ms", p50Ms);
    o.put("p99Ms", p99Ms);
    o.put("heapMb", heapMb);
    o.put("partitions", partitions);
    o.put("threads", threads);
    o.put("floorPostsPerSecond", Math.round(floorPostsPerSecond));
    o.put("floorRatio", Math.round(floorRatio() * 1000) / 1000.0);
    o.put("stageCeiling", Math.round(stageCeiling * 1000) / 1000.0);
    o.put("ceilingRatio", Math.round(ceilingRatio() * 1000) / 1000.0);
    if (soak != null) {
      o.put("soakMinutes", soak.minutes());
      o.put("soakPosts", soak.posts());
      o.put("soakP50Ms", soak.p50Ms());
      o.put("soakP99Ms", soak.p99Ms());
      o.put("soakHeapMbStart", soak.heapMbStart());
      o.put("soakHeapMbEnd", soak.heapMbEnd());
      o.put("soakHeapGrowthMbPerMinute", Math.round(soak.heapGrowthMbPerMinute() * 100) / 100.0);
    }
    if (cold != null || coldNoWarmup != null) {
      Cold any = cold != null ? cold : coldNoWarmup;
      o.put("coldRate", Math.round(any.rate()));
    }
    if (cold != null) {
      o.put("coldWarmupSeconds", cold.warmupSeconds());
      o.put("coldP50Ms", cold.p50Ms());
      o.put("coldP99Ms", cold.p99Ms());
      o.put("coldMaxMs", cold.maxMs());
      o.put("coldReadySeconds", Math.round(cold.readySeconds() * 10) / 10.0);
    }
    if (coldNoWarmup != null) {
      o.put("coldP50MsNoWarmup", coldNoWarmup.p50Ms());
      o.put("coldP99MsNoWarmup", coldNoWarmup.p99Ms());
      o.put("coldMaxMsNoWarmup", coldNoWarmup.maxMs());
      o.put("coldReadySecondsNoWarmup", Math.round(coldNoWarmup.readySeconds() * 10) / 10.0);
    }
    if (!subtopologyUsPerPost.isEmpty()) {
      ObjectNode sub = o.putObject("subtopologyUsPerPost");
      subtopologyUsPerPost.forEach((id, us) -> sub.put(id, Math.round(us * 10) / 10.0));
    }
    return o.toString();
  }
}
