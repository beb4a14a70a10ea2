package dev.vigil.core.post;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.core.privacy.AuthorId;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Turns the bytes of a submitted record into a {@link Post}, or says precisely why it cannot.
 * Strict: the bytes must be valid UTF-8 holding exactly one JSON object with no duplicate keys;
 * {@code postId}, {@code authorId} and {@code text} must be strings; {@code createdAt} if present
 * an ISO-8601 instant; {@code attributes} if present an object; the text at most {@code
 * maxTextBytes} bytes of UTF-8; objects and arrays nested at most {@link #MAX_NESTING_DEPTH} deep.
 * Other fields are checked only as the whole document is (UTF-8, nesting, unpaired surrogates), and
 * are not kept: an accepted post is minimised by the parser's {@link FieldPolicy} (the schema's
 * fields, plus those it allows by name) after every check, so a post is accepted or refused for the
 * same reasons whatever the policy. Minimising here rather than in each writer means no writer can
 * forget, and one tree and one serialisation serve them all. Thread-safe.
 */
public final class PostParser {
  /** The default limit on a post's text: 64 KiB of UTF-8. */
  public static final int DEFAULT_MAX_TEXT_BYTES = 64 * 1024;

  /**
   * The deepest nesting of objects and arrays a post may have, the post object itself being depth
   * 1. Every record Vigil writes wraps the post a few levels deeper (quarantine record, review
   * item, queue entry), and JSON libraries refuse documents nested about 1,000 deep: a post near
   * that depth was accepted here and then could not be written or read downstream, stopping its
   * partition. Deeper posts are {@link PostError#INVALID_FIELD}.
   */
  public static final int MAX_NESTING_DEPTH = 64;

  private static final ObjectMapper MAPPER =
      JsonMapper.builder(
              com.fasterxml.jackson.core.JsonFactory.builder()
                  // A backstop: nesting is checked before parsing (below), so this never fires on
                  // its own.
                  .streamReadConstraints(
                      com.fasterxml.jackson.core.StreamReadConstraints.builder()
                          .maxNestingDepth(MAX_NESTING_DEPTH)
                          .build())
                  .build())
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .build();

  private final int maxTextBytes;
  private final FieldPolicy fields;

  /** The default text limit; the schema's fields only. */
  public PostParser() {
    this(DEFAULT_MAX_TEXT_BYTES);
  }

  /** The schema's fields only. */
  public PostParser(int maxTextBytes) {
    this(maxTextBytes, FieldPolicy.schemaOnly());
  }

  public PostParser(int maxTextBytes, FieldPolicy fields) {
    if (maxTextBytes <= 0) {
      throw new IllegalArgumentException("maxTextBytes must be positive: " + maxTextBytes);
    }
    this.maxTextBytes = maxTextBytes;
    this.fields = java.util.Objects.requireNonNull(fields, "fields");
  }

  public int maxTextBytes() {
    return maxTextBytes;
  }

  /** The fields an accepted post keeps. */
  public FieldPolicy fields() {
    return fields;
  }

  public ParseResult parse(byte[] bytes) {
    if (bytes == null) {
      return invalid(PostError.NULL_VALUE, "record value is null");
    }
    String json;
    try {
      json = decodeStrictUtf8(bytes);
    } catch (CharacterCodingException e) {
      return invalid(PostError.INVALID_UTF8, "record value is not valid UTF-8");
    }
    int depth = nestingDepth(json, MAX_NESTING_DEPTH);
    if (depth > MAX_NESTING_DEPTH) {
      return invalid(
          PostError.INVALID_FIELD,
          "objects and arrays nested more than "
              + MAX_NESTING_DEPTH
              + " deep (the limit is "
              + MAX_NESTING_DEPTH
              + ")");
    }
    JsonNode node;
    try {
      node = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      return invalid(PostError.MALFORMED_JSON, "not valid JSON: " + e.getOriginalMessage());
    }
    if (node == null || node.isMissingNode()) {
      return invalid(PostError.MALFORMED_JSON, "record value is empty");
    }
    if (!(node instanceof ObjectNode obj)) {
      return invalid(PostError.NOT_AN_OBJECT, "expected a JSON object, got " + node.getNodeType());
    }
    for (String field : new String[] {"postId", "authorId", "text"}) {
      JsonNode v = obj.get(field);
      if (v == null || v.isNull()) {
        return invalid(PostError.MISSING_FIELD, "required field '" + field + "' is missing");
      }
      if (!v.isTextual()) {
        return invalid(
            PostError.WRONG_TYPE, "field '" + field + "' must be a string, got " + v.getNodeType());
      }
    }
    String postId = obj.get("postId").textValue();
    String authorId = obj.get("authorId").textValue();
    String text = obj.get("text").textValue();
    if (postId.isBlank()) {
      return invalid(PostError.INVALID_FIELD, "field 'postId' is blank");
    }
    if (authorId.isBlank()) {
      return invalid(PostError.INVALID_FIELD, "field 'authorId' is blank");
    }
    int textBytes = utf8Length(text);
    if (textBytes > maxTextBytes) {
      return invalid(
          PostError.TEXT_TOO_LONG,
          "field 'text' is " + textBytes + " bytes of UTF-8, over the limit of " + maxTextBytes);
    }
    Instant createdAt = null;
    JsonNode created = obj.get("createdAt");
    if (created != null && !created.isNull()) {
      if (!created.isTextual()) {
        return invalid(PostError.WRONG_TYPE, "field 'createdAt' must be an ISO-8601 string");
      }
      try {
        createdAt = parseInstant(created.textValue());
      } catch (DateTimeParseException e) {
        return invalid(PostError.INVALID_FIELD, "field 'createdAt' is not an ISO-8601 instant");
      }
    }
    String lang;
    String channel;
    try {
      lang = optionalString(obj, "lang");
      channel = optionalString(obj, "channel");
    } catch (IllegalArgumentException e) {
      return invalid(PostError.WRONG_TYPE, e.getMessage());
    }
    JsonNode attributes = obj.get("attributes");
    if (attributes != null && !attributes.isNull() && !attributes.isObject()) {
      return invalid(PostError.WRONG_TYPE, "field 'attributes' must be an object");
    }
    String unpaired = firstFieldWithUnpairedSurrogate(obj, "");
    if (unpaired != null) {
      return invalid(
          PostError.INVALID_FIELD,
          "field '" + unpaired + "' holds an unpaired surrogate escape (not Unicode text)");
    }
    // Checked whole (surrogates, types), kept minimised: nothing past here sees a dropped field.
    boolean dropped = fields.minimise(obj);
    return new ParseResult.Ok(
        new Post(
            postId,
            AuthorId.of(authorId),
            text,
            createdAt,
            lang,
            channel,
            obj,
            FieldPolicy.bytes(obj, bytes, dropped)));
  }

  /**
   * JSON lets {@code "\ud800"} through, but it is not Unicode text: it cannot be written back as
   * UTF-8, so a post carrying one could never be forwarded intact. Returns the path of the first
   * such string (keys included).
   */
  private static String firstFieldWithUnpairedSurrogate(JsonNode node, String path) {
    if (node.isTextual()) {
      return hasUnpairedSurrogate(node.textValue()) ? path : null;
    }
    if (node.isObject()) {
      var it = node.fields();
      while (it.hasNext()) {
        var e = it.next();
        String childPath = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
        if (hasUnpairedSurrogate(e.getKey())) {
          return childPath;
        }
        String found = firstFieldWithUnpairedSurrogate(e.getValue(), childPath);
        if (found != null) {
          return found;
        }
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        String found = firstFieldWithUnpairedSurrogate(node.get(i), path + "[" + i + "]");
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }

  /**
   * The deepest nesting of {@code [} and {@code {} in {@code json}, outside strings, counting from 1 for a
   * top-level object; stops counting once past {@code stopAbove}. Not a validator: malformed JSON gets a number
   * too, and the JSON parser judges the rest.
   */
  static int nestingDepth(String json, int stopAbove) {
    int depth = 0;
    int max = 0;
    boolean inString = false;
    for (int i = 0; i < json.length(); i++) {
      char c = json.charAt(i);
      if (inString) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          inString = false;
        }
      } else if (c == '"') {
        inString = true;
      } else if (c == '{' || c == '[') {
        depth++;
        if (depth > max) {
          max = depth;
          if (max > stopAbove) {
            return max;
          }
        }
      } else if (c == '}' || c == ']') {
        depth--;
      }
    }
    return max;
  }

  static boolean hasUnpairedSurrogate(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
        } else {
          return true;
        }
      } else if (Character.isLowSurrogate(c)) {
        return true;
      }
    }
    return false;
  }

  private static ParseResult invalid(PostError error, String detail) {
    return new ParseResult.Invalid(error, detail);
  }

  private static String optionalString(ObjectNode obj, String field) {
    JsonNode v = obj.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw new IllegalArgumentException(
          "field '" + field + "' must be a string, got " + v.getNodeType());
    }
    return v.textValue();
  }

  /** Accepts {@code 2026-01-02T03:04:05Z} and offsets such as {@code +08:00}. */
  static Instant parseInstant(String s) {
    try {
      return Instant.parse(s);
    } catch (DateTimeParseException e) {
      return OffsetDateTime.parse(s).toInstant();
    }
  }

  static String decodeStrictUtf8(byte[] bytes) throws CharacterCodingException {
    CharBuffer chars =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(bytes));
    return chars.toString();
  }

  /**
   * Length in bytes of {@code s} encoded as UTF-8 (a lone surrogate, rejected later, counts as 3).
   */
  static int utf8Length(String s) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n += 1;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        n += 4;
        i++;
      } else {
        n += 3;
      }
    }
    return n;
  }
}
