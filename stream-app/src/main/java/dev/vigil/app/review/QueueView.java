package dev.vigil.app.review;

import dev.vigil.app.events.ReviewItem;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The review queue as this instance sees it: the global store built from {@code review.queue}, the
 * same on every instance (give or take replication lag). Read-only; changes go through {@link
 * ReviewClient}.
 */
public final class QueueView {
  private final Supplier<ReadOnlyKeyValueStore<String, ReviewItem>> store;

  /**
   * @param store yields the store, or throws while the streams are not yet running
   */
  public QueueView(Supplier<ReadOnlyKeyValueStore<String, ReviewItem>> store) {
    this.store = store;
  }

  /**
   * Queue order: most reported first (distinct reporters), then oldest first (the SLA clock), then
   * by post id so that the order is total.
   */
  public static final Comparator<ReviewItem> OLDEST_FIRST =
      Comparator.comparingInt(ReviewItem::reportCount)
          .reversed()
          .thenComparing(ReviewItem::enqueuedAt)
          .thenComparing(ReviewItem::postId);

  /**
   * The first {@code limit} pending items of the given queues in queue order (most reported, then
   * oldest first), and how many there are in all. One pass that keeps only {@code limit} items: a
   * backlog of hundreds of thousands costs the scan, not their memory and a sort of them all, on
   * every refresh of the console.
   */
  public Page oldest(List<String> queues, int limit) {
    return page(queues, item -> true, OLDEST_FIRST, limit);
  }

  /** Order of the highest score first, then queue order. */
  public static final Comparator<ReviewItem> HIGHEST_SCORE =
      Comparator.comparingDouble((ReviewItem i) -> i.decision().score())
          .reversed()
          .thenComparing(OLDEST_FIRST);

  /**
   * The first {@code limit} pending items of the given queues that pass {@code filter}, in {@code
   * order}, and how many pass in all. As {@link #oldest}: one pass keeping {@code limit} items.
   */
  public Page page(
      List<String> queues,
      java.util.function.Predicate<ReviewItem> filter,
      Comparator<ReviewItem> order,
      int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be positive");
    }
    PriorityQueue<ReviewItem> newestOnTop = new PriorityQueue<>(limit + 1, order.reversed());
    long total = 0;
    try (KeyValueIterator<String, ReviewItem> it = store.get().all()) {
      while (it.hasNext()) {
        ReviewItem item = it.next().value;
        if (item == null || !queues.contains(item.queue()) || !filter.test(item)) {
          continue;
        }
        total++;
        if (newestOnTop.size() < limit) {
          newestOnTop.add(item);
        } else if (order.compare(item, newestOnTop.peek()) < 0) {
          newestOnTop.poll();
          newestOnTop.add(item);
        }
      }
    }
    List<ReviewItem> out = new ArrayList<>(newestOnTop);
    out.sort(order);
    return new Page(total, out);
  }

  /** The first items of a queue listing and the number of items listed in all. */
  public record Page(long total, List<ReviewItem> items) {}

  /** Every pending item of every queue (for {@link QueueIndex}'s sync). */
  public List<ReviewItem> all() {
    List<ReviewItem> out = new ArrayList<>();
    try (KeyValueIterator<String, ReviewItem> it = store.get().all()) {
      while (it.hasNext()) {
        ReviewItem item = it.next().value;
        if (item != null) {
          out.add(item);
        }
      }
    }
    return out;
  }

  public Optional<ReviewItem> get(String postId) {
    return Optional.ofNullable(store.get().get(postId));
  }

  /** Depth and oldest age per queue, for the metrics. */
  public Map<String, Stats> stats(Instant now) {
    Map<String, Stats> out = new TreeMap<>();
    out.put(ReviewItem.MODERATION, new Stats(0, Duration.ZERO));
    out.put(ReviewItem.SENIOR, new Stats(0, Duration.ZERO));
    try (KeyValueIterator<String, ReviewItem> it = store.get().all()) {
      while (it.hasNext()) {
        ReviewItem item = it.next().value;
        if (item == null) {
          continue;
        }
        Duration age = Duration.between(item.enqueuedAt(), now);
        out.merge(
            item.queue(),
            new Stats(1, age),
            (a, b) ->
                new Stats(
                    a.depth() + b.depth(),
                    a.oldest().compareTo(b.oldest()) >= 0 ? a.oldest() : b.oldest()));
      }
    }
    return out;
  }

  /** One queue's depth and the age of its oldest item. */
  public record Stats(long depth, Duration oldest) {}
}
