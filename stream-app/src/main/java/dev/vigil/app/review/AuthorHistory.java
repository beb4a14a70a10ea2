package dev.vigil.app.review;

import dev.vigil.app.config.KafkaConnection;
import dev.vigil.app.events.DecisionEvent;
import dev.vigil.app.topics.TopicTail;
import dev.vigil.app.topics.Topics;
import dev.vigil.core.evidence.EvidenceRecord;
import dev.vigil.core.policy.Action;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An author's history on this platform, as counts by pseudonym and never an identity: the engine's
 * decisions on their posts ({@code moderation.decisions}) and the blocks on record ({@code
 * moderation.evidence}: the engine's, moderators' rejects, takedowns). Each instance reads both
 * topics from their start (as far as retention keeps them) in two {@link TopicTail}s (no group,
 * nothing committed; a read error is retried from where each stood), so the counts cover what the
 * topics still hold. Bounded: past {@code maxAuthors} pseudonyms, new ones are not counted and the
 * answer says the history is incomplete.
 */
public final class AuthorHistory implements AutoCloseable {
  /**
   * What is on record of one pseudonym.
   *
   * @param decisions the engine's decisions on their posts
   * @param held of those, sent to review
   * @param blocked of those, blocked by the engine
   * @param rejected posts a moderator rejected (held posts blocked, and published posts taken down)
   * @param complete false when the history was not kept for every author (the bound was reached)
   */
  public record Counts(long decisions, long held, long blocked, long rejected, boolean complete) {}

  private final Map<String, long[]> counts = new ConcurrentHashMap<>();
  private final int maxAuthors;
  private final AtomicBoolean full = new AtomicBoolean();
  private final List<TopicTail<String, ?>> readers;

  public AuthorHistory(KafkaConnection kafka, Topics topics, int maxAuthors) {
    this.maxAuthors = maxAuthors;
    this.readers =
        List.of(
            new TopicTail<>(
                kafka,
                topics.decisions,
                TopicTail.Start.beginning(),
                "author-history-" + topics.decisions.name(),
                (k, d) -> decision(d)),
            new TopicTail<>(
                kafka,
                topics.evidence,
                TopicTail.Start.beginning(),
                "author-history-" + topics.evidence.name(),
                (k, e) -> evidence(e)));
  }

  /** Starts the readers (daemon threads). */
  public AuthorHistory start() {
    readers.forEach(TopicTail::start);
    return this;
  }

  /** The counts of {@code pseudonym} (zero when nothing is on record). */
  public Counts of(String pseudonym) {
    long[] c = pseudonym == null ? null : counts.get(pseudonym);
    boolean complete = !full.get();
    if (c == null) {
      return new Counts(0, 0, 0, 0, complete);
    }
    synchronized (c) {
      return new Counts(c[0], c[1], c[2], c[3], complete);
    }
  }

  void decision(DecisionEvent d) {
    if (d == null
        || d.authorPseudonym() == null
        || (d.source() != null && d.source() != DecisionEvent.Source.ENGINE)) {
      return;
    }
    long[] c = slot(d.authorPseudonym());
    if (c == null) {
      return;
    }
    synchronized (c) {
      c[0]++;
      if (d.decision().action() == Action.REVIEW) {
        c[1]++;
      } else if (d.decision().action() == Action.BLOCK) {
        c[2]++;
      }
    }
  }

  void evidence(EvidenceRecord r) {
    if (r == null || "engine".equals(r.evidence().blockedBy())) {
      return; // an engine block is counted from its decision
    }
    long[] c = slot(r.evidence().author().value());
    if (c == null) {
      return;
    }
    synchronized (c) {
      c[3]++;
    }
  }

  private long[] slot(String pseudonym) {
    long[] c = counts.get(pseudonym);
    if (c != null) {
      return c;
    }
    if (counts.size() >= maxAuthors) {
      full.set(true);
      return null;
    }
    return counts.computeIfAbsent(pseudonym, p -> new long[4]);
  }

  @Override
  public void close() {
    readers.forEach(TopicTail::close);
  }
}
