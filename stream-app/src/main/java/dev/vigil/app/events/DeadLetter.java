package dev.vigil.app.events;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * The record on {@code posts.deadletter}: an input that could not be processed, with everything
 * needed to find, fix and replay it. The original bytes are kept whole, sealed (under the author's
 * data key when the bytes name an author, else under the key of the day, destroyed after the
 * dead-letter retention), so nothing is lost and nothing is readable without the keys; their
 * SHA-256 lets a replay tool or the invariant check match them to the input without opening them.
 *
 * @param reason bounded code, e.g. {@code malformed_json}, {@code text_too_long}, {@code
 *     processing_error}
 * @param detail human-readable explanation; names the field at fault, never echoes content
 * @param topic source topic
 * @param partition source partition
 * @param offset source offset
 * @param timestamp the source record's timestamp
 * @param key the original key bytes sealed for {@code deadletter-key:<topic>/<partition>/<offset>},
 *     or null when there were none or they were too large to copy
 * @param value the original value bytes sealed for {@code
 *     deadletter-value:<topic>/<partition>/<offset>}, or null when the value was null, too large to
 *     copy, or no key store was configured
 * @param keySha256 hex SHA-256 of the original key bytes, or null when there were none
 * @param valueSha256 hex SHA-256 of the original value bytes, or null when the value was null
 * @param failedAt when it was dead-lettered
 */
public record DeadLetter(
    String reason,
    String detail,
    String topic,
    int partition,
    long offset,
    Instant timestamp,
    SealedBytes key,
    SealedBytes value,
    String keySha256,
    String valueSha256,
    Instant failedAt) {

  /**
   * The digest a dead letter carries of its original key or value ({@link #keySha256}, {@link
   * #valueSha256}): hex SHA-256, or null for null.
   */
  public static String sha256(byte[] bytes) {
    if (bytes == null) {
      return null;
    }
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The context the key bytes of the record at {@code topic partition:offset} are sealed for. */
  public static String keyContext(String topic, int partition, long offset) {
    return "deadletter-key:" + topic + "/" + partition + "/" + offset;
  }

  /** The context the value bytes of the record at {@code topic partition:offset} are sealed for. */
  public static String valueContext(String topic, int partition, long offset) {
    return "deadletter-value:" + topic + "/" + partition + "/" + offset;
  }
}
