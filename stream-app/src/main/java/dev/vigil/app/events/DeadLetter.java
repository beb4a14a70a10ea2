package dev.vigil.app.events;

import java.time.Instant;

/**
 * The record on {@code posts.deadletter}: an input that could not be processed, with everything
 * needed to find, fix and replay it. The original bytes are kept whole (base64), so nothing is
 * lost.
 *
 * @param reason bounded code, e.g. {@code malformed_json}, {@code text_too_long}, {@code
 *     processing_error}
 * @param detail human-readable explanation; names the field at fault, never echoes content
 * @param topic source topic
 * @param partition source partition
 * @param offset source offset
 * @param timestamp the source record's timestamp
 * @param keyBase64 the original key bytes, or null
 * @param valueBase64 the original value bytes, or null when the value was null
 * @param failedAt when it was dead-lettered
 */
public record DeadLetter(
    String reason,
    String detail,
    String topic,
    int partition,
    long offset,
    Instant timestamp,
    String keyBase64,
    String valueBase64,
    Instant failedAt) {}
