package dev.vigil.core.post;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import dev.vigil.core.privacy.AuthorId;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * Turns the bytes of a {@code posts.reports} record into a {@link Report}, or says precisely why it
 * cannot, with the same error codes as a bad post ({@link PostError}), so a bad report is
 * dead-lettered exactly like a bad post. Strict: valid UTF-8, one JSON object, no duplicate keys;
 * {@code reportId}, {@code postId}, {@code reporterId} and {@code reason} strings ({@code reason}
 * at most {@link #MAX_REASON_CHARS} characters); {@code post} an object that {@link PostParser}
 * accepts, whose {@code postId} is the report's. Unknown fields of the report are ignored (read by
 * nobody, kept nowhere); the post is minimised by the post parser's {@link FieldPolicy}.
 * Thread-safe.
 */
public final class ReportParser {
  /** Longest reason, in characters: a reason is a label or a short sentence, not a document. */
  public static final int MAX_REASON_CHARS = 1000;

  /** Longest report id, in characters. */
  public static final int MAX_ID_CHARS = 256;

  private static final JsonFactory JSON =
      JsonFactory.builder()
          .streamReadConstraints(
              StreamReadConstraints.builder()
                  .maxNestingDepth(PostParser.MAX_NESTING_DEPTH + 1)
                  .build())
          .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .build();

  private final PostParser posts;

  public ReportParser(PostParser posts) {
    this.posts = posts;
  }

  /** A parsed report, or why the bytes are not one. */
  public sealed interface Result {
    record Ok(Report report) implements Result {}

    record Invalid(PostError error, String detail) implements Result {}
  }

  public Result parse(byte[] bytes) {
    if (bytes == null) {
      return invalid(PostError.NULL_VALUE, "record value is null");
    }
    try {
      PostParser.decodeStrictUtf8(bytes);
    } catch (CharacterCodingException e) {
      return invalid(PostError.INVALID_UTF8, "record value is not valid UTF-8");
    }
    String reportId = null;
    String postId = null;
    String reporterId = null;
    String reason = null;
    byte[] post = null;
    Set<String> seen = new HashSet<>();
    try (JsonParser p = JSON.createParser(bytes)) {
      JsonToken first = p.nextToken();
      if (first == null) {
        return invalid(PostError.MALFORMED_JSON, "record value is empty");
      }
      if (first != JsonToken.START_OBJECT) {
        return invalid(PostError.NOT_AN_OBJECT, "expected a JSON object, got " + first);
      }
      JsonToken t;
      while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken v = p.nextToken();
        seen.add(name);
        switch (name) {
          case "reportId", "postId", "reporterId", "reason" -> {
            if (v == JsonToken.VALUE_NULL) {
              seen.remove(name);
              continue;
            }
            if (v != JsonToken.VALUE_STRING) {
              return invalid(
                  PostError.WRONG_TYPE, "field '" + name + "' must be a string, got " + v);
            }
            String s = p.getText();
            switch (name) {
              case "reportId" -> reportId = s;
              case "postId" -> postId = s;
              case "reporterId" -> reporterId = s;
              default -> reason = s;
            }
          }
          case "post" -> {
            if (v == JsonToken.VALUE_NULL) {
              seen.remove(name);
              continue;
            }
            if (v != JsonToken.START_OBJECT) {
              return invalid(PostError.WRONG_TYPE, "field 'post' must be an object, got " + v);
            }
            long start = p.currentTokenLocation().getByteOffset();
            p.skipChildren();
            long end = p.currentLocation().getByteOffset();
            post = Arrays.copyOfRange(bytes, (int) start, (int) end);
          }
          default -> p.skipChildren();
        }
      }
      if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
        return invalid(PostError.MALFORMED_JSON, "not valid JSON: trailing tokens");
      }
    } catch (IOException e) {
      String msg =
          e instanceof com.fasterxml.jackson.core.JacksonException j
              ? j.getOriginalMessage()
              : null;
      if (msg != null && msg.contains("nesting depth")) {
        return invalid(
            PostError.INVALID_FIELD,
            "objects and arrays nested more than " + PostParser.MAX_NESTING_DEPTH + " deep");
      }
      return invalid(PostError.MALFORMED_JSON, "not valid JSON: " + (msg == null ? "" : msg));
    }
    for (String field : new String[] {"reportId", "postId", "reporterId", "reason", "post"}) {
      if (!seen.contains(field)) {
        return invalid(PostError.MISSING_FIELD, "required field '" + field + "' is missing");
      }
    }
    if (reportId.isBlank() || reportId.length() > MAX_ID_CHARS) {
      return invalid(
          PostError.INVALID_FIELD,
          "field 'reportId' must have 1 to " + MAX_ID_CHARS + " characters");
    }
    if (postId.isBlank()) {
      return invalid(PostError.INVALID_FIELD, "field 'postId' is blank");
    }
    if (reporterId.isBlank()) {
      return invalid(PostError.INVALID_FIELD, "field 'reporterId' is blank");
    }
    if (reason.isBlank() || reason.length() > MAX_REASON_CHARS) {
      return invalid(
          PostError.INVALID_FIELD,
          "field 'reason' must have 1 to " + MAX_REASON_CHARS + " characters");
    }
    for (String s : new String[] {reportId, postId, reporterId, reason}) {
      if (PostParser.hasUnpairedSurrogate(s)) {
        return invalid(PostError.INVALID_FIELD, "a field holds an unpaired surrogate escape");
      }
    }
    ParseResult parsed = posts.parse(post);
    if (parsed instanceof ParseResult.Invalid bad) {
      return invalid(bad.error(), "field 'post': " + bad.detail());
    }
    Post p = ((ParseResult.Ok) parsed).post();
    if (!p.postId().equals(postId)) {
      return invalid(PostError.INVALID_FIELD, "field 'post' is another post than 'postId' names");
    }
    return new Result.Ok(
        new Report(reportId, postId, AuthorId.of(reporterId), reason, p, p.bytes()));
  }

  private static Result invalid(PostError error, String detail) {
    return new Result.Invalid(error, detail);
  }
}
