package dev.vigil.app.topology;

import dev.vigil.app.events.ErasureCommand;
import dev.vigil.app.events.QuarantinedPost;
import dev.vigil.app.events.ReviewCommand;
import dev.vigil.app.review.queue.Output;
import dev.vigil.app.review.queue.QueueEntry;
import dev.vigil.app.review.queue.ReviewQueue;
import dev.vigil.app.review.queue.ReviewSweeps;
import dev.vigil.app.review.queue.Transition;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Applies review inputs to the queue of one partition: reads the post's entry, lets {@link
 * ReviewQueue} decide, stores the new entry and forwards what it produced. This task alone owns the
 * posts of its partition, and it handles one record at a time, so deciding "is this claimed by
 * someone else?" and "has it been decided?" here is race-free across every app instance; under
 * exactly-once the state change, the outputs (publish, block, queue update, audit, result) and the
 * input offset commit together.
 *
 * <p>Time is the topology's clock, read when a command is applied, so a lease is judged then, not
 * when the command was sent; lapsed leases are looked for on the wall-clock schedule.
 */
final class ApplyReview implements Processor<String, ReviewInput, String, ReviewOutput> {
  private final ReviewQueue queue;
  private final Duration leaseCheckInterval;
  private final ReviewListener listener;
  private final PoisonRecords poison;
  private final Clock clock;
  private ProcessorContext<String, ReviewOutput> context;
  private KeyValueStore<String, QueueEntry> entries;
  private KeyValueStore<String, QuarantinedPost> revertable;
  private Instant lastPurge = Instant.EPOCH;

  /** Posts of this task with a claim, so the frequent lease check does not read every entry. */
  private final Set<String> claimed = new HashSet<>();

  ApplyReview(
      ReviewQueue queue,
      Duration leaseCheckInterval,
      ReviewListener listener,
      PoisonRecords poison,
      Clock clock) {
    this.clock = clock;
    this.queue = queue;
    this.leaseCheckInterval = leaseCheckInterval;
    this.listener = listener;
    this.poison = poison;
  }

  @Override
  public void init(ProcessorContext<String, ReviewOutput> context) {
    this.context = context;
    this.entries = context.getStateStore(ReviewTopology.ENTRIES_STORE);
    this.revertable = context.getStateStore(ReviewTopology.REVERTABLE_STORE);
    try (KeyValueIterator<String, QueueEntry> it = entries.all()) {
      it.forEachRemaining(
          kv -> {
            if (kv.value.isPending() && kv.value.item().claim() != null) {
              claimed.add(kv.key);
            }
          });
    }
    context.schedule(leaseCheckInterval, PunctuationType.WALL_CLOCK_TIME, t -> housekeeping());
  }

  @Override
  public void process(Record<String, ReviewInput> record) {
    // A record that failed before is dead-lettered by the handler before anything of it is applied
    // or written.
    poison.check(context.recordMetadata());
    Instant now = clock.instant();
    ReviewInput input = record.value();
    if (input instanceof ReviewInput.Held held) {
      String postId = held.post() == null ? null : held.post().postId();
      apply(
          postId,
          queue.enqueue(postId == null ? null : entries.get(postId), held.post(), now),
          now);
    } else if (input instanceof ReviewInput.Blocked blocked) {
      if (blocked.post() != null) {
        revertable.put(blocked.post().postId(), blocked.post());
      }
    } else if (input instanceof ReviewInput.Reported r) {
      String postId = r.report().postId();
      // A post the engine blocked (within the revert horizon) was never published.
      boolean blocked = revertable.get(postId) != null;
      apply(postId, queue.report(entries.get(postId), r.report(), blocked, now), now);
    } else if (input instanceof ReviewInput.Rescanned r) {
      String postId = r.hit().postId();
      apply(postId, queue.rescan(entries.get(postId), r.hit(), now), now);
    } else if (input instanceof ReviewInput.Command c) {
      command(record.key(), c.command(), now);
    } else if (input instanceof ReviewInput.Erase e) {
      erase(e.erasure(), now);
    } else if (input instanceof ReviewInput.Malformed m) {
      emit(queue.malformed(record.key(), m.detail()), now);
    }
  }

  private void command(String key, ReviewCommand c, Instant now) {
    if (c.type() == ReviewCommand.Type.REVERT) {
      revert(c, now);
    } else if (!Objects.equals(key, c.postId())) {
      // A command keyed by another post may sit on a partition that does not own its post.
      emit(queue.wrongKey(c).outputs(), now);
    } else {
      apply(
          c.postId(),
          queue.apply(c.postId() == null ? null : entries.get(c.postId()), c, now),
          now);
    }
  }

  /**
   * Sends every engine block of the revert's rule in the window that this partition remembers back
   * to the queue.
   */
  private void revert(ReviewCommand c, Instant now) {
    Transition refused = queue.sweeps().checkRevert(c);
    if (refused != null) {
      emit(refused.outputs(), now);
      return;
    }
    List<QuarantinedPost> matching = new ArrayList<>();
    try (KeyValueIterator<String, QuarantinedPost> it = revertable.all()) {
      while (it.hasNext()) {
        QuarantinedPost p = it.next().value;
        if (p != null && ReviewSweeps.reverts(p.decision(), c.revert())) {
          matching.add(p);
        }
      }
    }
    int requeued = 0;
    for (QuarantinedPost p : matching) {
      revertable.delete(p.postId());
      Transition t = queue.sweeps().requeue(entries.get(p.postId()), p, c, now);
      requeued += t.changed() ? 1 : 0;
      apply(p.postId(), t, now);
    }
    emit(queue.sweeps().reverted(c, requeued, partition()), now);
  }

  /**
   * Removes every pending item and every revertable post of one data subject from this task's
   * stores (and the pending ones from the shared queue view), then audits how many. Decided entries
   * hold no content or author and stay, so a late second decision is still refused.
   */
  private void erase(ErasureCommand e, Instant now) {
    if (e == null || e.pseudonym() == null) {
      return;
    }
    List<KeyValue<String, Transition>> pending = new ArrayList<>();
    try (KeyValueIterator<String, QueueEntry> it = entries.all()) {
      it.forEachRemaining(
          kv -> {
            Transition t = queue.sweeps().erase(kv.value, e);
            if (t.changed()) {
              pending.add(KeyValue.pair(kv.key, t));
            }
          });
    }
    List<String> blocked = new ArrayList<>();
    try (KeyValueIterator<String, QuarantinedPost> it = revertable.all()) {
      it.forEachRemaining(
          kv -> {
            if (kv.value != null && ReviewSweeps.erases(kv.value.decision(), e)) {
              blocked.add(kv.key);
            }
          });
    }
    pending.forEach(kv -> apply(kv.key, kv.value, now));
    blocked.forEach(revertable::delete);
    emit(queue.sweeps().erased(e, pending.size(), blocked.size(), partition()), now);
  }

  /**
   * Expires lapsed leases (so every instance shows them free) and forgets what is past its
   * retention.
   */
  private void housekeeping() {
    Instant now = clock.instant();
    for (String postId : List.copyOf(claimed)) {
      QueueEntry e = entries.get(postId);
      if (e == null || !e.isPending() || e.item().claim() == null) {
        claimed.remove(postId);
      } else {
        apply(postId, queue.sweeps().expire(e, now), now);
      }
    }
    if (Duration.between(lastPurge, now).compareTo(Duration.ofHours(1)) >= 0) {
      lastPurge = now;
      List<String> decided = new ArrayList<>();
      try (KeyValueIterator<String, QueueEntry> it = entries.all()) {
        it.forEachRemaining(
            kv -> {
              if (queue.sweeps().forgotten(kv.value, now)) {
                decided.add(kv.key);
              }
            });
      }
      decided.forEach(entries::delete);
      List<String> old = new ArrayList<>();
      try (KeyValueIterator<String, QuarantinedPost> it = revertable.all()) {
        it.forEachRemaining(
            kv -> {
              if (queue.sweeps().beyondRevert(kv.value, now)) {
                old.add(kv.key);
              }
            });
      }
      old.forEach(revertable::delete);
    }
  }

  /** Stores the post's new entry, if it changed, and emits what the transition produced. */
  private void apply(String postId, Transition t, Instant now) {
    if (t.changed()) {
      QueueEntry entry = t.entry();
      if (entry == null) {
        entries.delete(postId);
      } else {
        entries.put(postId, entry);
      }
      if (entry != null && entry.isPending() && entry.item().claim() != null) {
        claimed.add(postId);
      } else {
        claimed.remove(postId);
      }
    }
    emit(t.outputs(), now);
  }

  private void emit(List<Output> outputs, Instant now) {
    int partition = partition();
    for (Output o : outputs) {
      if (o instanceof Output.Reviewed r) {
        listener.reviewed(r.role(), r.outcome(), r.sinceEnqueue());
        continue;
      }
      if (o instanceof Output.Takedown t) {
        if (t.firstReportedAt() != null) {
          // Clock skew between instances can make this negative; the metric clamps it, as it does
          // the review time.
          listener.takenDown("report", Duration.between(t.firstReportedAt(), t.decidedAt()));
        } else {
          listener.takenDown("rescan", null);
        }
      }
      ReviewRecords.Keyed k = ReviewRecords.of(o, now, partition);
      context.forward(new Record<>(k.key(), k.value(), now.toEpochMilli()));
    }
  }

  private int partition() {
    return context.recordMetadata().map(m -> m.partition()).orElse(-1);
  }
}
