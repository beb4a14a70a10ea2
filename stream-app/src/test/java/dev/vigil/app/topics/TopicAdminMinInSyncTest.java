package dev.vigil.app.topics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

class TopicAdminMinInSyncTest {
  private static final String MIN_ISR = TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG;

  @Test
  void aMajorityFromThreeReplicasOn() {
    assertEquals(1, TopicAdmin.minInSyncReplicas(1));
    assertEquals(1, TopicAdmin.minInSyncReplicas(2));
    assertEquals(2, TopicAdmin.minInSyncReplicas(3));
    assertEquals(3, TopicAdmin.minInSyncReplicas(5));
  }

  @Test
  void everyCatalogTopicOfAThreeReplicaClusterGetsTwo() {
    for (Topic<?, ?> t : Topics.defaults().all()) {
      assertEquals("2", TopicAdmin.withMinInSync(t.configs(), (short) 3).get(MIN_ISR), t.name());
    }
  }

  @Test
  void belowThreeReplicasTheBrokersDefaultStays() {
    assertNull(TopicAdmin.withMinInSync(Map.of(), (short) 1).get(MIN_ISR));
    assertEquals("1", TopicAdmin.withMinInSync(Map.of(MIN_ISR, "1"), (short) 2).get(MIN_ISR));
  }

  @Test
  void aHigherOwnValueIsKept() {
    assertEquals("3", TopicAdmin.withMinInSync(Map.of(MIN_ISR, "3"), (short) 3).get(MIN_ISR));
  }
}
