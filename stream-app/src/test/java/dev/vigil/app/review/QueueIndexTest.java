package dev.vigil.app.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.app.events.ReviewItem;
import dev.vigil.app.json.Json;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The console's in-memory search over the queue: phrases, previews, same contact, leaving. */
class QueueIndexTest {
  private final Map<String, String> texts =
      Map.of(
          "p1", "刷单返利 加微信 13812345678\n第二行不在预览里",
          "p2", "Gift card for you, call 138 1234 5678",
          "p3", "nothing to see",
          "p4", "erased");
  private final List<ReviewItem> items = new ArrayList<>();

  private static ReviewItem item(String id) {
    return new ReviewItem(
        id,
        null,
        null,
        Instant.parse("2026-12-07T00:00:00Z"),
        ReviewItem.MODERATION,
        ReviewItem.FROM_ENGINE,
        null,
        List.of());
  }

  private JsonNode open(ReviewItem item) {
    if (item.postId().equals("p4")) {
      return null; // its author was erased
    }
    return Json.object().put("text", texts.get(item.postId())).put("channel", "sms");
  }

  private QueueIndex index() {
    for (String id : List.of("p1", "p2", "p3", "p4")) {
      items.add(item(id));
    }
    return new QueueIndex(
        () -> List.copyOf(items),
        this::open,
        Clock.fixed(Instant.parse("2026-12-07T00:01:00Z"), ZoneOffset.UTC),
        Duration.ZERO);
  }

  @Test
  void searchesPhrasesInHanAndLatinText() {
    try (QueueIndex index = index()) {
      index.sync();
      assertEquals(Set.of("p1"), index.search("返利"));
      assertEquals(Set.of("p1"), index.search("刷单返利"));
      assertEquals(Set.of(), index.search("返刷"), "a phrase, in order");
      assertEquals(Set.of("p2"), index.search("GIFT  card"));
      assertEquals(Set.of(), index.search("card gift"));
      assertThrows(IllegalArgumentException.class, () -> index.search("，，"));
      assertEquals(Set.of(), index.search("erased"), "what cannot be opened is not indexed");
    }
  }

  @Test
  void previewsAreTheFirstLineWithContactsMasked() {
    try (QueueIndex index = index()) {
      index.sync();
      QueueIndex.Entry p1 = index.get("p1").orElseThrow();
      assertTrue(p1.readable());
      assertEquals("sms", p1.channel());
      assertTrue(p1.preview().startsWith("刷单返利 加微信 "), p1.preview());
      assertEquals("刷单返利 加微信 13812345678".length(), p1.preview().length());
      assertFalse(p1.preview().contains("12345678"), p1.preview());
      assertFalse(index.get("p4").orElseThrow().readable());
      assertEquals(null, index.get("p4").orElseThrow().preview());
    }
  }

  @Test
  void theSameContactIsFoundHoweverItIsWritten() {
    try (QueueIndex index = index()) {
      index.sync();
      assertEquals(Set.of("p2"), index.sameContact("p1"));
      assertEquals(Set.of(), index.sameContact("p3"));
    }
  }

  @Test
  void postsThatLeaveTheQueueLeaveTheIndex() {
    try (QueueIndex index = index()) {
      index.sync();
      items.removeIf(i -> i.postId().equals("p2"));
      index.sync();
      assertEquals(Set.of(), index.search("gift"));
      assertTrue(index.get("p2").isEmpty());
      assertEquals(Set.of(), index.sameContact("p1"));
    }
  }

  @Test
  void aPreviewNeverEndsInHalfASurrogatePair() {
    String text = "a".repeat(QueueIndex.PREVIEW - 1) + "\uD83D\uDE00 more";
    assertEquals("a".repeat(QueueIndex.PREVIEW - 1), QueueIndex.firstLine(text));
    assertEquals("short", QueueIndex.firstLine("short\nsecond"));
  }
}
