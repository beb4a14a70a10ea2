package dev.vigil.app.topology;

import dev.vigil.app.events.DecisionEvent;
import dev.vigil.app.events.SealedBytes;
import dev.vigil.core.evidence.ContentSealer;
import dev.vigil.core.policy.Action;
import dev.vigil.core.policy.Decision;
import dev.vigil.core.policy.Engine;
import dev.vigil.core.post.ParseResult;
import dev.vigil.core.post.Post;
import dev.vigil.core.post.PostParser;
import dev.vigil.core.privacy.Pseudonym;
import dev.vigil.core.privacy.Pseudonymizer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns each input record into exactly one {@link Outcome}: a decision made by the current engine,
 * or a dead letter saying why not. Never throws for any input: a failure of the engine itself is
 * dead-lettered as {@code processing_error}, so one hostile post cannot stop the stream thread.
 */
final class ParseAndDecide implements Processor<byte[], byte[], String, Outcome> {
  static final String PROCESSING_ERROR = "processing_error";
  private static final Logger LOG = LoggerFactory.getLogger(ParseAndDecide.class);

  private final PostParser parser;
  private final Supplier<Engine> engine;
  private final Pseudonymizer pseudonymizer;
  private final ContentSealer sealer;
  private final Clock clock;
  private final ModerationListener listener;
  private final PoisonRecords poison;
  private final OutputSizes sizes;
  private final NearDuplicates near;
  private ProcessorContext<String, Outcome> context;

  ParseAndDecide(
      PostParser parser,
      Supplier<Engine> engine,
      Pseudonymizer pseudonymizer,
      ContentSealer sealer,
      Clock clock,
      ModerationListener listener,
      PoisonRecords poison,
      NearDuplicates near) {
    this.near = near;
    this.sealer = sealer;
    this.poison = poison;
    this.sizes = new OutputSizes(poison.topics());
    this.parser = parser;
    this.engine = engine;
    this.pseudonymizer = pseudonymizer;
    this.clock = clock;
    this.listener = listener;
  }

  @Override
  public void init(ProcessorContext<String, Outcome> context) {
    this.context = context;
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    // A record that failed before (here or in an output) is dead-lettered by the handler, in place
    // of everything.
    poison.check(context.recordMetadata());
    ParseResult parsed = parser.parse(record.value());
    if (parsed instanceof ParseResult.Invalid invalid) {
      reject(record, invalid.error().code(), invalid.detail());
      return;
    }
    Post post = ((ParseResult.Ok) parsed).post();
    Decision decision;
    long started = System.nanoTime();
    try {
      decision = engine.get().decide(post.content());
      // A post that nearly repeats a known-bad one is decided as that one was (issue 20 item 4).
      decision = near.check(decision, post.text());
    } catch (RuntimeException | StackOverflowError e) {
      // The engine promises never to throw; if it does, the post is kept for replay, not lost or
      // half-decided.
      LOG.error(
          "engine failed on post {} ({}); dead-lettered", post.postId(), e.getClass().getName());
      reject(record, PROCESSING_ERROR, "the engine failed: " + e.getClass().getSimpleName());
      return;
    }
    long engineNanos = System.nanoTime() - started;
    Instant decidedAt = clock.instant();
    Instant submittedAt = Instant.ofEpochMilli(record.timestamp());
    Pseudonym author = pseudonymizer.pseudonymOf(post.author());
    DecisionEvent event =
        new DecisionEvent(
            post.postId(),
            decision,
            decidedAt,
            submittedAt,
            Math.max(0, Duration.between(submittedAt, decidedAt).toMillis()),
            author.value(),
            DecisionEvent.Source.ENGINE);
    // What every output carries is the post as its field policy keeps it (issue 20 item 5), never
    // the submitted bytes: a field the configuration does not name is in nothing Vigil writes.
    byte[] kept = post.bytes();
    // A held or blocked post is kept (quarantine, revertable): only ever sealed under its author's
    // key.
    SealedBytes content =
        decision.action() == Action.ALLOW
            ? null
            : SealedBytes.of(sealer.sealForAuthor(author, ContentSealer.post(post.postId()), kept));
    Outcome.Decided decided = new Outcome.Decided(post, kept, event, content);
    // Every record the post becomes is measured before any is written: one too large for its topic
    // would fail
    // the transaction after the decision was sent, so the post is dead-lettered whole instead.
    String tooLarge = sizes.tooLarge(decided);
    if (tooLarge != null) {
      reject(record, PoisonRecords.OUTPUT_TOO_LARGE, tooLarge);
      return;
    }
    listener.decided(event, engineNanos);
    context.forward(record.withKey(post.postId()).withValue(decided));
  }

  private void reject(Record<byte[], byte[]> record, String reason, String detail) {
    DeadLetters.Keyed dl =
        DeadLetters.of(poison, context.recordMetadata(), record, reason, detail, clock.instant());
    listener.deadLettered(reason);
    context.forward(
        record.withKey((String) null).withValue(new Outcome.Rejected(dl.key(), dl.deadLetter())));
  }
}
