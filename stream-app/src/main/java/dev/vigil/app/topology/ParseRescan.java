package dev.vigil.app.topology;

import dev.vigil.app.events.DeadLetter;
import dev.vigil.app.events.RescanHit;
import dev.vigil.app.json.Json;
import dev.vigil.core.policy.Action;
import dev.vigil.core.post.PostError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Turns each {@code posts.rescans} record into a hit the review queue takes, or into a dead letter
 * (same reasons as a bad post, same sealing, topic/partition/offset): only Vigil's rescan writes
 * the topic, but a record that is not a hit (a bug, another writer) must not stop the review task.
 * A hit must be keyed by its postId, carry a sealed post, and be a flag (REVIEW or BLOCK) of the
 * rules it names.
 */
final class ParseRescan implements Processor<byte[], byte[], String, ParseRescan.Result> {

  /** A hit, or the dead letter of a bad record. */
  sealed interface Result {
    record Ok(RescanHit hit) implements Result {}

    record Rejected(byte[] originalKey, DeadLetter deadLetter) implements Result {}
  }

  private final PoisonRecords poison;
  private final Clock clock;
  private ProcessorContext<String, Result> context;

  ParseRescan(PoisonRecords poison, Clock clock) {
    this.poison = poison;
    this.clock = clock;
  }

  @Override
  public void init(ProcessorContext<String, Result> context) {
    this.context = context;
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    poison.check(context.recordMetadata());
    if (record.value() == null) {
      reject(record, PostError.NULL_VALUE.code(), "a rescan record has no value");
      return;
    }
    RescanHit hit;
    try {
      hit = Json.MAPPER.readValue(record.value(), RescanHit.class);
    } catch (IOException | RuntimeException e) {
      reject(
          record,
          PostError.MALFORMED_JSON.code(),
          "not a rescan hit: " + e.getClass().getSimpleName());
      return;
    }
    String problem = problem(hit, record.key());
    if (problem != null) {
      reject(record, PostError.INVALID_FIELD.code(), problem);
      return;
    }
    context.forward(record.withKey(hit.postId()).withValue(new Result.Ok(hit)));
  }

  /** What is wrong with {@code hit} under {@code key}, or null. */
  private static String problem(RescanHit hit, byte[] key) {
    if (hit == null) {
      return "a rescan record has no value";
    }
    if (key == null || !Arrays.equals(key, hit.postId().getBytes(StandardCharsets.UTF_8))) {
      return "the record key is not the hit's postId: rescans are keyed by postId";
    }
    if (!hit.postId().equals(hit.decision().postId())) {
      return "the hit's decision is of another post";
    }
    if (hit.decision().action() == Action.ALLOW || hit.rules().isEmpty()) {
      return "a rescan hit flags the post by at least one rule";
    }
    try {
      hit.content().sealed();
    } catch (RuntimeException e) {
      return "the hit's content is not sealed bytes";
    }
    return null;
  }

  private void reject(Record<byte[], byte[]> record, String reason, String detail) {
    DeadLetters.Keyed dl =
        DeadLetters.of(poison, context.recordMetadata(), record, reason, detail, clock.instant());
    poison.listener().deadLettered(reason);
    context.forward(
        record.withKey((String) null).withValue(new Result.Rejected(dl.key(), dl.deadLetter())));
  }
}
