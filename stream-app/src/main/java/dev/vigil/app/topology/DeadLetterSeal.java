package dev.vigil.app.topology;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.app.events.SealedBytes;
import dev.vigil.core.evidence.ContentSealer;
import dev.vigil.core.post.ParseResult;
import dev.vigil.core.post.PostParser;
import dev.vigil.core.post.Report;
import dev.vigil.core.post.ReportParser;
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
 *
 * <p>What it keeps of a valid post or report that was dead-lettered anyway (an engine failure, an
 * output over its topic's limit, a processing error) is minimised like every other copy of a post
 * ({@link #minimising}: issue 20 item 5): a field the configuration does not allow is not kept here
 * either, and the kept bytes replay to the same decision. Bytes that do not parse cannot be
 * minimised field by field: they are kept whole, sealed as above, never in clear, and their key is
 * destroyed with the author's or the day's.
 */
public final class DeadLetterSeal {
  private static final JsonFactory JSON = new JsonFactory();
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final ContentSealer sealer;
  private final Pseudonymizer pseudonymizer;
  private final String postsTopic;
  private final String reportsTopic;
  private final PostParser parser;

  public DeadLetterSeal(ContentSealer sealer, Pseudonymizer pseudonymizer) {
    this(sealer, pseudonymizer, null, null, null);
  }

  private DeadLetterSeal(
      ContentSealer sealer,
      Pseudonymizer pseudonymizer,
      String postsTopic,
      String reportsTopic,
      PostParser parser) {
    this.sealer = sealer;
    this.pseudonymizer = pseudonymizer;
    this.postsTopic = postsTopic;
    this.reportsTopic = reportsTopic;
    this.parser = parser;
  }

  /**
   * This seal, keeping a valid post of {@code postsTopic} as {@code parser} keeps it, and a valid
   * report of {@code reportsTopic} as its five fields with the post so kept.
   */
  public DeadLetterSeal minimising(String postsTopic, String reportsTopic, PostParser parser) {
    return new DeadLetterSeal(sealer, pseudonymizer, postsTopic, reportsTopic, parser);
  }

  /**
   * What a dead letter of {@code value} from {@code sourceTopic} keeps: the value minimised when it
   * is a valid post or report, else the value itself.
   */
  byte[] kept(String sourceTopic, byte[] value) {
    if (value == null || sealer == null || parser == null || sourceTopic == null) {
      return value;
    }
    try {
      if (sourceTopic.equals(postsTopic) && parser.parse(value) instanceof ParseResult.Ok ok) {
        return ok.post().bytes();
      }
      if (sourceTopic.equals(reportsTopic)
          && new ReportParser(parser).parse(value) instanceof ReportParser.Result.Ok ok) {
        Report r = ok.report();
        ObjectNode kept = MAPPER.createObjectNode();
        kept.put("reportId", r.reportId());
        kept.put("postId", r.postId());
        kept.put("reporterId", r.reporter().reveal());
        kept.put("reason", r.reason());
        kept.set("post", r.post().json());
        return MAPPER.writeValueAsBytes(kept);
      }
    } catch (IOException | RuntimeException e) {
      // A value that breaks a parser is kept whole (sealed): a dead letter must always be written.
    }
    return value;
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
