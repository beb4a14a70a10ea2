package dev.vigil.app.topology;

import dev.vigil.app.events.DeadLetter;
import dev.vigil.app.topics.Topics;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * The records of this instance that failed once inside a stream task (a processor threw, or an
 * output could not be serialized or written), each with its dead letter ready.
 *
 * <p>How one poison record is taken out without an endless retry and without a partial set of
 * outputs: on its first failure {@link PoisonHandler} remembers it here and fails the task (under
 * {@code exactly_once_v2} the transaction aborts, so nothing it half-wrote is committed; the stream
 * thread is replaced once, which also gives a transient fault its retry). Replayed from the last
 * commit, the record reaches the first processor of its sub-topology, which calls {@link #check}
 * before doing anything: a remembered record throws {@link KnownPoison}, and the handler answers
 * that with the record's dead letter on {@code posts.deadletter}, written in the task's transaction
 * in place of every other output. A record that fails a second time anywhere else is dead-lettered
 * by the handler directly (last line of defence), never retried again.
 *
 * <p>Shared by every stream thread of one app instance; handed to the handlers through the Streams
 * config under {@link #CONFIG}. Bounded: the oldest entries are forgotten first.
 */
public final class PoisonRecords {
  /** The Streams config key under which the app passes its instance to {@link PoisonHandler}. */
  public static final String CONFIG = "vigil.poison.records";

  /** A processor threw, or an output could not be serialized. */
  public static final String PROCESSING_ERROR = "processing_error";

  /** An output record was larger than its topic (or the producer) takes. */
  public static final String OUTPUT_TOO_LARGE = "output_too_large";

  static final int REMEMBERED = 10_000;

  private final Topics topics;
  private final Clock clock;
  private final ModerationListener listener;
  private final DeadLetterSeal seal;
  private final Map<String, DeadLetters.Keyed> failed =
      new LinkedHashMap<>(64, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, DeadLetters.Keyed> eldest) {
          return size() > REMEMBERED;
        }
      };

  /**
   * @param listener told of every dead letter written for a remembered record ({@code
   *     vigil_deadletters_total})
   * @param seal how dead letters keep the bytes they could not process
   */
  public PoisonRecords(
      Topics topics, Clock clock, ModerationListener listener, DeadLetterSeal seal) {
    this.topics = topics;
    this.clock = clock;
    this.listener = listener;
    this.seal = seal;
  }

  /**
   * The instance in {@code streams} under {@link #CONFIG}, or a new one, put there so the handlers
   * find it.
   */
  static PoisonRecords in(
      Properties streams,
      Topics topics,
      Clock clock,
      ModerationListener listener,
      DeadLetterSeal seal) {
    Object o = streams.get(CONFIG);
    if (o instanceof PoisonRecords p) {
      return p;
    }
    PoisonRecords p = new PoisonRecords(topics, clock, listener, seal);
    streams.put(CONFIG, p);
    return p;
  }

  Topics topics() {
    return topics;
  }

  /** Told of every dead letter, for {@code vigil_deadletters_total}. */
  ModerationListener listener() {
    return listener;
  }

  DeadLetterSeal seal() {
    return seal;
  }

  /**
   * Throws {@link KnownPoison} if the record being processed failed before: call first, before any
   * state change or output.
   */
  public void check(Optional<RecordMetadata> metadata) {
    if (metadata.isEmpty() || failed.isEmpty()) {
      return;
    }
    RecordMetadata md = metadata.get();
    String at = key(md.topic(), md.partition(), md.offset());
    synchronized (failed) {
      if (failed.containsKey(at)) {
        throw new KnownPoison(at);
      }
    }
  }

  /** Whether the record at {@code topic partition:offset} failed before. */
  public boolean failedBefore(String topic, int partition, long offset) {
    synchronized (failed) {
      return failed.containsKey(key(topic, partition, offset));
    }
  }

  /**
   * Remembers a failure of the record {@code ctx} describes, with its dead letter; true if this is
   * its first.
   */
  boolean failed(ErrorHandlerContext ctx, String reason, String detail) {
    String at = key(ctx.topic(), ctx.partition(), ctx.offset());
    synchronized (failed) {
      if (failed.containsKey(at)) {
        return false;
      }
      failed.put(
          at,
          DeadLetters.build(
              topics.deadLetter,
              seal,
              reason,
              detail,
              ctx.topic(),
              ctx.partition(),
              ctx.offset(),
              ctx.timestamp(),
              ctx.sourceRawKey(),
              ctx.sourceRawValue(),
              clock.instant()));
      return true;
    }
  }

  /**
   * The dead letter of a remembered record, as a record for {@code posts.deadletter}; counted as
   * written.
   */
  Optional<ProducerRecord<byte[], byte[]>> deadLetterRecord(
      String topic, int partition, long offset) {
    DeadLetters.Keyed k;
    synchronized (failed) {
      k = failed.get(key(topic, partition, offset));
    }
    if (k == null) {
      return Optional.empty();
    }
    DeadLetter dl = k.deadLetter();
    String name = topics.deadLetter.name();
    byte[] value = topics.deadLetter.valueSerde().serializer().serialize(name, dl);
    listener.deadLettered(dl.reason());
    return Optional.of(new ProducerRecord<>(name, null, k.key(), value));
  }

  private static String key(String topic, int partition, long offset) {
    return topic + "\u0000" + partition + "\u0000" + offset;
  }

  /**
   * Thrown by {@link #check} for a record that failed before; {@link PoisonHandler} dead-letters
   * it.
   */
  public static final class KnownPoison extends RuntimeException {
    KnownPoison(String at) {
      super(
          "record failed before, dead-lettered: " + at.replace('\u0000', ' '), null, false, false);
    }
  }
}
