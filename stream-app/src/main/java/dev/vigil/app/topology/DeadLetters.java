package dev.vigil.app.topology;

import dev.vigil.app.events.DeadLetter;
import dev.vigil.app.topics.Topic;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Builds the dead letter of one input so that it always fits its topic: the original key and value
 * (a valid post or report minimised: {@link DeadLetterSeal#minimising}) are carried whole, sealed
 * by a {@link DeadLetterSeal}, when they fit, and left out, with their sizes and where to replay
 * them from in the detail, when the record would be larger than {@code posts.deadletter} takes. A
 * dead letter that cannot be written would stop its partition like the input itself. Their SHA-256
 * digests are always carried.
 */
final class DeadLetters {
  /** Room for the dead letter's JSON fields, the seals' ids and tags, and the record overhead. */
  static final int OVERHEAD_BYTES = 16 * 1024;

  private DeadLetters() {}

  /**
   * A dead letter and the key to write it under (the original key bytes, or null if they do not
   * fit).
   */
  record Keyed(byte[] key, DeadLetter deadLetter) {}

  /**
   * The dead letter of the input record a processor is handling, placed by its metadata (a
   * punctuation has none: no topic, partition -1, offset -1).
   */
  static Keyed of(
      PoisonRecords poison,
      Optional<RecordMetadata> metadata,
      Record<byte[], byte[]> record,
      String reason,
      String detail,
      Instant failedAt) {
    RecordMetadata md = metadata.orElse(null);
    return build(
        poison.topics().deadLetter,
        poison.seal(),
        reason,
        detail,
        md == null ? null : md.topic(),
        md == null ? -1 : md.partition(),
        md == null ? -1 : md.offset(),
        record.timestamp(),
        record.key(),
        record.value(),
        failedAt);
  }

  static Keyed build(
      Topic<byte[], DeadLetter> topic,
      DeadLetterSeal seal,
      String reason,
      String detail,
      String sourceTopic,
      int partition,
      long offset,
      long timestamp,
      byte[] key,
      byte[] value,
      Instant failedAt) {
    long budget = (long) topic.maxMessageBytes() - OVERHEAD_BYTES - utf8Bound(detail);
    // The digest is of the input as it came (to match it); the copy is of what Vigil may keep of
    // it.
    byte[] kept = seal.kept(sourceTopic, value);
    long keyBytes = key == null ? 0 : key.length;
    long valueBytes = kept == null ? 0 : kept.length;
    boolean keepValue = keyBytes + base64(keyBytes) + base64(valueBytes) <= budget;
    boolean keepKey = keyBytes + base64(keyBytes) <= budget;
    String fullDetail = detail;
    if (!keepValue) {
      fullDetail +=
          "; the value ("
              + valueBytes
              + " bytes) is over the dead-letter record limit and not copied: "
              + "replay it from "
              + sourceTopic
              + " "
              + partition
              + ":"
              + offset;
    } else if (kept != null && !seal.keepsContent()) {
      fullDetail += "; no key store: the value is not copied, replay it from " + sourceTopic;
    }
    if (!keepKey) {
      fullDetail += "; the key (" + keyBytes + " bytes) is not copied either";
    }
    DeadLetterSeal.Parts parts = seal.forRecord(value, failedAt);
    DeadLetter dl =
        new DeadLetter(
            reason,
            fullDetail,
            sourceTopic,
            partition,
            offset,
            Instant.ofEpochMilli(timestamp),
            keepKey ? parts.seal(DeadLetter.keyContext(sourceTopic, partition, offset), key) : null,
            keepValue
                ? parts.seal(DeadLetter.valueContext(sourceTopic, partition, offset), kept)
                : null,
            DeadLetter.sha256(key),
            DeadLetter.sha256(value),
            failedAt);
    return new Keyed(keepKey ? key : null, dl);
  }

  private static long base64(long n) {
    return 4 * ((n + 2) / 3);
  }

  private static long utf8Bound(String s) {
    return s == null ? 0 : 3L * s.length();
  }
}
