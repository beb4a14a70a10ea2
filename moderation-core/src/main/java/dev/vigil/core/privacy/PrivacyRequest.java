package dev.vigil.core.privacy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.core.json.RecordJson;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A data subject's request about their personal information (CSL Art. 43), as a platform forwards
 * it:
 *
 * <pre>
 * {"requestId":"r-1","type":"erasure","authorId":"u-42","requestedAt":"2026-11-29T00:00:00Z"}
 * {"requestId":"r-2","type":"correction","pseudonym":"psn_…","corrections":{"displayName":"…"}}
 * </pre>
 *
 * The subject is named by raw {@code authorId} or by {@code pseudonym}; either way only the
 * pseudonym goes any further than this object (receipts, logs, metrics). {@link #toString()} shows
 * no identity.
 *
 * @param requestId the platform's id for the request, echoed in the receipt
 * @param type erasure or correction
 * @param subject who it is about
 * @param requestedAt when the subject asked, or null
 * @param corrections for a correction, field name to corrected value; empty for an erasure
 */
public record PrivacyRequest(
    String requestId,
    Type type,
    Subject subject,
    Instant requestedAt,
    Map<String, String> corrections) {

  /** What the subject asks for. */
  public enum Type {
    /** Delete my personal information. */
    ERASURE,
    /** Correct my personal information. */
    CORRECTION
  }

  /** The data subject: a raw author id or an already pseudonymised one, never both. */
  public record Subject(AuthorId authorId, Pseudonym pseudonym) {
    public Subject {
      if ((authorId == null) == (pseudonym == null)) {
        throw new IllegalArgumentException(
            "a subject is named by exactly one of authorId and pseudonym");
      }
    }

    /** The subject's pseudonym: the only form of them that leaves the request. */
    public Pseudonym pseudonymUnder(Pseudonymizer p) {
      return pseudonym != null ? pseudonym : p.pseudonymOf(authorId);
    }
  }

  public PrivacyRequest {
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(subject, "subject");
    corrections = Collections.unmodifiableMap(new TreeMap<>(corrections));
    if (requestId.isBlank()) {
      throw new IllegalArgumentException("requestId must not be blank");
    }
    if (type == Type.CORRECTION && corrections.isEmpty()) {
      throw new IllegalArgumentException(
          "a correction request must say what to correct ('corrections')");
    }
    if (type == Type.ERASURE && !corrections.isEmpty()) {
      throw new IllegalArgumentException("an erasure request carries no corrections");
    }
  }

  /**
   * Parses a request. Error messages name fields, never echo their values.
   *
   * @throws IllegalArgumentException saying what is wrong
   */
  public static PrivacyRequest parse(byte[] json) {
    JsonNode n;
    try {
      n = RecordJson.read(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("privacy request is not valid JSON");
    } catch (IOException e) {
      throw new IllegalArgumentException("privacy request is unreadable");
    }
    if (n == null || !n.isObject()) {
      throw new IllegalArgumentException("privacy request must be a JSON object");
    }
    String requestId = text(n, "requestId", true);
    String typeName = text(n, "type", true);
    Type type;
    try {
      type = Type.valueOf(typeName.toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("type must be 'erasure' or 'correction'");
    }
    String author = text(n, "authorId", false);
    String pseudonym = text(n, "pseudonym", false);
    if ((author == null) == (pseudonym == null)) {
      throw new IllegalArgumentException(
          "name the subject by exactly one of 'authorId' and 'pseudonym'");
    }
    Subject subject =
        new Subject(
            author == null ? null : AuthorId.of(author),
            pseudonym == null ? null : new Pseudonym(pseudonym));
    Instant requestedAt = null;
    String at = text(n, "requestedAt", false);
    if (at != null) {
      try {
        requestedAt = Instant.parse(at);
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("requestedAt must be an ISO-8601 instant");
      }
    }
    Map<String, String> corrections = new TreeMap<>();
    JsonNode c = n.get("corrections");
    if (c != null && !c.isNull()) {
      if (!c.isObject()) {
        throw new IllegalArgumentException(
            "corrections must be an object of field to corrected value");
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = c.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (!e.getValue().isTextual()) {
          throw new IllegalArgumentException("corrections." + e.getKey() + " must be a string");
        }
        corrections.put(e.getKey(), e.getValue().asText());
      }
    }
    return new PrivacyRequest(requestId, type, subject, requestedAt, corrections);
  }

  private static String text(JsonNode n, String f, boolean required) {
    JsonNode v = n.get(f);
    if (v == null || v.isNull()) {
      if (required) {
        throw new IllegalArgumentException("missing field '" + f + "'");
      }
      return null;
    }
    if (!v.isTextual() || v.asText().isBlank()) {
      throw new IllegalArgumentException("'" + f + "' must be a non-blank string");
    }
    return v.asText();
  }

  @Override
  public String toString() {
    return "PrivacyRequest[" + requestId + ", " + type + "]";
  }
}
