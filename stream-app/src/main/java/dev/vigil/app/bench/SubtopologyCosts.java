package dev.vigil.app.bench;

import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * The app's wall time inside each sub-topology per post, from Kafka Streams' own task metrics
 * (issue 14 item 4). With {@code metrics.recording.level=DEBUG} every task {@code
 * <subtopology>_<partition>} records {@code process-latency-avg} (nanoseconds a {@code process}
 * call took: the record through every processor of the sub-topology, its store writes and its sends
 * into the producer's buffer) and {@code process-total} (records processed). Their product, summed
 * over a sub-topology's tasks and divided by the posts of the workload, is that sub-topology's wall
 * time per post. It is wall time, not CPU: a thread waiting for a core inside a task counts; polls,
 * commits and the producer's network thread are in no task and do not count. The average is over
 * Kafka's sample window (two of {@code metrics.sample.window.ms}, 30 s by default), so for a drain
 * longer than about a minute it is the last minute's average times the whole count.
 */
public final class SubtopologyCosts {
  static final String GROUP = "stream-task-metrics";

  private SubtopologyCosts() {}

  /**
   * Microseconds of task wall time per post, by sub-topology id ("0", "1", ...), in id order; empty
   * when the metrics were not recorded (recording level INFO).
   */
  public static Map<String, Double> microsPerPost(
      Map<MetricName, ? extends Metric> metrics, long posts) {
    Map<String, double[]> byTask = new TreeMap<>(); // task id -> {avg ns, total}
    metrics.forEach(
        (name, metric) -> {
          String task = name.tags().get("task-id");
          if (!GROUP.equals(name.group()) || task == null) {
            return;
          }
          int slot =
              switch (name.name()) {
                case "process-latency-avg" -> 0;
                case "process-total" -> 1;
                default -> -1;
              };
          if (slot >= 0 && metric.metricValue() instanceof Number v) {
            double d = v.doubleValue();
            byTask.computeIfAbsent(task, t -> new double[2])[slot] += Double.isFinite(d) ? d : 0;
          }
        });
    Map<String, Double> nanos = new TreeMap<>(SubtopologyCosts::byNumber);
    byTask.forEach(
        (task, v) -> {
          int cut = task.indexOf('_');
          String sub = cut < 0 ? task : task.substring(0, cut);
          nanos.merge(sub, v[0] * v[1], Double::sum);
        });
    Map<String, Double> out = new TreeMap<>(SubtopologyCosts::byNumber);
    nanos.forEach((sub, ns) -> out.put(sub, posts <= 0 ? 0 : ns / 1e3 / posts));
    return out;
  }

  private static int byNumber(String a, String b) {
    try {
      return Integer.compare(Integer.parseInt(a), Integer.parseInt(b));
    } catch (NumberFormatException e) {
      return a.compareTo(b);
    }
  }
}
