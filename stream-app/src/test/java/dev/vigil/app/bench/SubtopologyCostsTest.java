package dev.vigil.app.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.junit.jupiter.api.Test;

class SubtopologyCostsTest {
  private static MetricName name(String group, String name, String task) {
    return new MetricName(name, group, "", Map.of("thread-id", "t-1", "task-id", task));
  }

  private static Metric value(Object v) {
    return new Metric() {
      @Override
      public MetricName metricName() {
        return null;
      }

      @Override
      public Object metricValue() {
        return v;
      }
    };
  }

  @Test
  void sumsAverageTimesCountPerSubtopologyOverThePosts() {
    Map<MetricName, Metric> m = new HashMap<>();
    // Sub-topology 0: two partitions, 1,000 posts at 40 us and 1,000 at 60 us.
    m.put(name("stream-task-metrics", "process-latency-avg", "0_0"), value(40_000.0));
    m.put(name("stream-task-metrics", "process-total", "0_0"), value(1000.0));
    m.put(name("stream-task-metrics", "process-latency-avg", "0_1"), value(60_000.0));
    m.put(name("stream-task-metrics", "process-total", "0_1"), value(1000.0));
    // Sub-topology 10 (sorted after 2) saw 200 records at 5 us; sub-topology 2 none (NaN average).
    m.put(name("stream-task-metrics", "process-latency-avg", "10_3"), value(5_000.0));
    m.put(name("stream-task-metrics", "process-total", "10_3"), value(200.0));
    m.put(name("stream-task-metrics", "process-latency-avg", "2_0"), value(Double.NaN));
    m.put(name("stream-task-metrics", "process-total", "2_0"), value(0.0));
    // Other groups and metrics are not counted.
    m.put(name("stream-processor-node-metrics", "process-latency-avg", "0_0"), value(1e9));
    m.put(name("stream-task-metrics", "process-latency-max", "0_0"), value(1e9));

    Map<String, Double> us = SubtopologyCosts.microsPerPost(m, 2000);
    assertEquals(List.of("0", "2", "10"), List.copyOf(us.keySet()));
    assertEquals(50.0, us.get("0"), 1e-9); // (40 + 60 us) * 1000 / 2000 posts
    assertEquals(0.0, us.get("2"), 1e-9);
    assertEquals(0.5, us.get("10"), 1e-9); // 5 us * 200 / 2000
  }

  @Test
  void nothingRecordedAtInfoLevel() {
    assertEquals(Map.of(), SubtopologyCosts.microsPerPost(Map.of(), 1000));
  }
}
