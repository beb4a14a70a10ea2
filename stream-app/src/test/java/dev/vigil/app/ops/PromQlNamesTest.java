package dev.vigil.app.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PromQlNamesTest {
  @Test
  void findsMetricsAndTheirMatcherLabels() {
    assertEquals(
        Map.of(
            "vigil_posts_total", Set.of("action"),
            "kafka_consumer_fetch_manager_records_lag", Set.of("client_id")),
        PromQlNames.of(
            "sum by (action, category) (rate(vigil_posts_total{action=\"BLOCK\"}[$__rate_interval]))"
                + " / on () group_left (x) sum(kafka_consumer_fetch_manager_records_lag{client_id!~\".*restore-consumer.*\"})"));
  }

  @Test
  void skipsFunctionsKeywordsNumbersDurationsStringsAndRecordingRules() {
    assertEquals(
        Map.of(
            "vigil_block_deadline_missed_total", Set.of(),
            "vigil_submit_to_block_seconds_bucket", Set.of(),
            "x_total", Set.of()),
        PromQlNames.of(
            "histogram_quantile(0.99, sum by (le) (rate(vigil_submit_to_block_seconds_bucket[5m]))) > 1e-9"
                + " and (increase(vigil_block_deadline_missed_total[10m]) > 0)"
                + " or (vigil_block_deadline_missed_total unless vigil_block_deadline_missed_total offset 10m)"
                + " or vigil:posts:rate5m{action=\"ALLOW\"} or label_replace(vector(1), \"dst\", \"$1 metric_in_string\", \"\", \"\")"
                + " or deriv(sum(x_total)[15m:1m]) * inf"));
  }

  @Test
  void aggregationWithGroupingAfterTheArgumentsAndNoSpaces() {
    assertEquals(
        Map.of("vigil_review_queue_depth", Set.of("queue")),
        PromQlNames.of("max(vigil_review_queue_depth{queue=~'a|b'})by(queue)>3600"));
  }

  @Test
  void groupingLabelsAreTheLabelListsOfTheGroupingClauses() {
    assertEquals(
        Set.of("le", "category", "instance"),
        PromQlNames.groupingLabels(
            "histogram_quantile(0.9, sum by (le, category) (rate(x_bucket[5m]))) / on(instance) group_left() y"));
  }
}
