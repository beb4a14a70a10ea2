package dev.vigil.app.topology;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.vigil.app.events.SealedBytes;
import dev.vigil.core.evidence.ContentSealer;
import dev.vigil.core.privacy.AuthorId;
import dev.vigil.core.privacy.Pseudonymizer;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * How a dead letter keeps the bytes it could not process: sealed under the author's data key when
 * the value is a JSON object with a top-level string {@code authorId} (so the author's erasure
 * reaches it), else under the key of the UTC day it failed (destroyed after the dead-letter
 * retention). {@link #none()} keeps nothing but the bytes' digests, for a Streams app run without a
 * key store.
 */
public final class DeadLetterSeal {
  private static final JsonFactory JSON = new JsonFactory();

  private final ContentSealer sealer;
  private final Pseudonymizer pseudonymizer;

  public DeadLetterSeal(ContentSealer sealer, Pseudonymizer pseudonymizer) {
    this.sealer = sealer;
    this.pseudonymizer = pseudonymizer;
  }

  /** Keeps no content: dead letters carry digests and where to replay from. */
  public static DeadLetterSeal none() {
    return new DeadLetterSeal(null, null);
  }

  boolean keepsContent() {
    return sealer != null;
  }

  /**
   * Seals {@code bytes} for {@code context}, under the key chosen by the record's {@code value}, or
   * returns null when this seal keeps nothing.
   */
  SealedBytes seal(String context, byte[] bytes, byte[] value, Instant failedAt) {
    if (sealer == null || bytes == null) {
      return null;
    }
    String author = authorOf(value);
    return SealedBytes.of(
        author != null
            ? sealer.sealForAuthor(pseudonymizer.pseudonymOf(AuthorId.of(author)), context, bytes)
            : sealer.sealForDay(failedAt.atZone(ZoneOffset.UTC).toLocalDate(), context, bytes));
  }

  /**
   * The top-level {@code authorId} of a JSON object, read without building a tree (the value may be
   * hostile: nested or huge), or null.
   */
  static String authorOf(byte[] value) {
    if (value == null) {
      return null;
    }
    try (JsonParser p = JSON.createParser(value)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      JsonToken t;
      while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken v = p.nextToken();
        if ("authorId".equals(name)) {
          return v == JsonToken.VALUE_STRING && !p.getText().isBlank() ? p.getText() : null;
        }
        p.skipChildren();
      }
      return null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
