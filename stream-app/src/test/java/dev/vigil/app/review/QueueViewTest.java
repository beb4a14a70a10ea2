package dev.vigil.app.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vigil.app.events.ReviewItem;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.Test;

/**
 * The console's listing: the oldest items of the visible queues, in order, whatever the store's key
 * order.
 */
class QueueViewTest {
  private static final Instant T0 = Instant.parse("2026-11-29T00:00:00Z");

  @Test
  void oldestItemsOfTheVisibleQueuesInOrderWithTheTotal() {
    Map<String, ReviewItem> items = new TreeMap<>();
    List<ReviewItem> moderation = new ArrayList<>();
    Random random = new Random(7);
    for (int i = 0; i < 2000; i++) {
      // keys in random order against age; some ages equal, so the post id breaks ties
      String postId = "p-" + Integer.toHexString(random.nextInt());
      String queue = i % 5 == 0 ? ReviewItem.SENIOR : ReviewItem.MODERATION;
      ReviewItem item = item(postId, T0.plusSeconds(random.nextInt(500)), queue);
      items.put(postId, item);
    }
    items.values().stream()
        .filter(i -> i.queue().equals(ReviewItem.MODERATION))
        .forEach(moderation::add);
    moderation.sort(QueueView.OLDEST_FIRST);
    QueueView view = new QueueView(() -> store(items));

    QueueView.Page page = view.oldest(List.of(ReviewItem.MODERATION), 50);
    assertEquals(moderation.size(), page.total());
    assertEquals(moderation.subList(0, 50), page.items());

    QueueView.Page everything =
        view.oldest(List.of(ReviewItem.MODERATION, ReviewItem.SENIOR), 5000);
    assertEquals(items.size(), everything.total());
    List<ReviewItem> all = new ArrayList<>(items.values());
    all.sort(QueueView.OLDEST_FIRST);
    assertEquals(all, everything.items());

    assertEquals(0, view.oldest(List.of("nobody"), 10).total());
    assertThrows(
        IllegalArgumentException.class, () -> view.oldest(List.of(ReviewItem.MODERATION), 0));
  }

  @Test
  void mostReportedFirstThenOldest() {
    Map<String, ReviewItem> items = new TreeMap<>();
    items.put("held-old", item("held-old", T0, ReviewItem.MODERATION));
    items.put("one-report", reported("one-report", T0.plusSeconds(10), 1));
    items.put("three-new", reported("three-new", T0.plusSeconds(30), 3));
    items.put("three-old", reported("three-old", T0.plusSeconds(20), 3));
    items.put("held-new", item("held-new", T0.plusSeconds(40), ReviewItem.MODERATION));
    QueueView view = new QueueView(() -> store(items));
    assertEquals(
        List.of("three-old", "three-new", "one-report", "held-old", "held-new"),
        view.oldest(List.of(ReviewItem.MODERATION), 10).items().stream()
            .map(ReviewItem::postId)
            .toList());
    assertEquals(
        List.of("three-old", "three-new"),
        view.oldest(List.of(ReviewItem.MODERATION), 2).items().stream()
            .map(ReviewItem::postId)
            .toList());
  }

  private static ReviewItem reported(String postId, Instant enqueuedAt, int count) {
    return new ReviewItem(
        postId,
        null,
        null,
        enqueuedAt,
        ReviewItem.MODERATION,
        ReviewItem.FROM_REPORT,
        null,
        List.of(),
        List.of(),
        count);
  }

  private static ReviewItem item(String postId, Instant enqueuedAt, String queue) {
    return new ReviewItem(
        postId, null, null, enqueuedAt, queue, ReviewItem.FROM_ENGINE, null, List.of());
  }

  private static ReadOnlyKeyValueStore<String, ReviewItem> store(Map<String, ReviewItem> items) {
    return new ReadOnlyKeyValueStore<>() {
      @Override
      public ReviewItem get(String key) {
        return items.get(key);
      }

      @Override
      public KeyValueIterator<String, ReviewItem> range(String from, String to) {
        throw new UnsupportedOperationException();
      }

      @Override
      public KeyValueIterator<String, ReviewItem> all() {
        List<KeyValue<String, ReviewItem>> entries = new ArrayList<>();
        items.forEach((k, v) -> entries.add(KeyValue.pair(k, v)));
        Collections.shuffle(entries, new Random(3));
        Iterator<KeyValue<String, ReviewItem>> it = entries.iterator();
        return new KeyValueIterator<>() {
          @Override
          public void close() {}

          @Override
          public String peekNextKey() {
            throw new UnsupportedOperationException();
          }

          @Override
          public boolean hasNext() {
            return it.hasNext();
          }

          @Override
          public KeyValue<String, ReviewItem> next() {
            return it.next();
          }
        };
      }

      @Override
      public long approximateNumEntries() {
        return items.size();
      }
    };
  }
}
