package dev.vigil.app.topology;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.vigil.app.events.SealedBytes;
import dev.vigil.core.evidence.ContentSealer;
import dev.vigil.core.privacy.AuthorId;
import dev.vigil.core.privacy.Pseudonym;
import dev.vigil.core.privacy.Pseudonymizer;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
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

  /** Seals the parts (key, value) of one dead letter, all under the one key its record chose. */
  interface Parts {
    /**
     * {@code bytes} sealed for {@code context}, or null for null bytes or a seal that keeps none.
     */
    SealedBytes seal(String context, byte[] bytes);
  }

  /**
   * The sealing of one dead letter: the key is chosen once, by the record's {@code value} (its
   * author's, else the day's of {@code failedAt}).
   */
  Parts forRecord(byte[] value, Instant failedAt) {
    if (sealer == null) {
      return (context, bytes) -> null;
    }
    String author = authorOf(value);
    if (author != null) {
      Pseudonym pseudonym = pseudonymizer.pseudonymOf(AuthorId.of(author));
      return (context, bytes) ->
          bytes == null ? null : SealedBytes.of(sealer.sealForAuthor(pseudonym, context, bytes));
    }
    LocalDate day = failedAt.atZone(ZoneOffset.UTC).toLocalDate();
    return (context, bytes) ->
        bytes == null ? null : SealedBytes.of(sealer.sealForDay(day, context, bytes));
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
