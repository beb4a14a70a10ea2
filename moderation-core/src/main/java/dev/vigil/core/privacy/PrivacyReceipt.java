package dev.vigil.core.privacy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.core.json.RecordJson;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What was done about a {@link PrivacyRequest}: the answer the platform passes on to the data
 * subject, and the operator's proof that the request was honoured. Names the subject only by
 * pseudonym.
 *
 * @param requestId the request's id
 * @param type its type
 * @param subject the subject's pseudonym
 * @param receivedAt when Vigil received the request
 * @param completedAt when Vigil finished it
 * @param outcome completed, partly completed (something was kept, see {@link #kept}), or rejected
 * @param affected what was done, by kind, e.g. {@code dataKeysDestroyed: 1}, {@code
 *     queueItemsRemoved: 2}
 * @param kept what was kept despite the request, and why (legal holds)
 * @param detail a sentence for the subject: what happened, or why the request was rejected
 */
public record PrivacyReceipt(
    String requestId,
    PrivacyRequest.Type type,
    Pseudonym subject,
    Instant receivedAt,
    Instant completedAt,
    Outcome outcome,
    Map<String, Long> affected,
    List<Kept> kept,
    String detail) {

  /** How a request ended. */
  public enum Outcome {
    COMPLETED,
    /** Done, except for what {@link #kept} lists and says why. */
    PARTIAL,
    REJECTED
  }

  /**
   * Something kept despite the request.
   *
   * @param what e.g. {@code evidence ev-…}
   * @param reason why, e.g. the legal hold's reason
   */
  public record Kept(String what, String reason) {
    public Kept {
      Objects.requireNonNull(what, "what");
      Objects.requireNonNull(reason, "reason");
    }
  }

  public PrivacyReceipt {
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(receivedAt, "receivedAt");
    Objects.requireNonNull(completedAt, "completedAt");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(detail, "detail");
    affected = Collections.unmodifiableMap(new TreeMap<>(affected));
    kept = List.copyOf(kept);
    if (outcome != Outcome.REJECTED) {
      Objects.requireNonNull(subject, "subject");
    }
  }

  public byte[] toJson() {
    ObjectNode n = RecordJson.object();
    n.put("requestId", requestId);
    n.put("type", type.name().toLowerCase(java.util.Locale.ROOT));
    n.put("subject", subject == null ? null : subject.value());
    n.put("receivedAt", receivedAt.toString());
    n.put("completedAt", completedAt.toString());
    n.put("outcome", outcome.name());
    ObjectNode a = n.putObject("affected");
    affected.forEach(a::put);
    ArrayNode k = n.putArray("kept");
    for (Kept x : kept) {
      k.addObject().put("what", x.what()).put("reason", x.reason());
    }
    n.put("detail", detail);
    return RecordJson.bytes(n);
  }

  public static PrivacyReceipt fromJson(byte[] json) {
    try {
      JsonNode n = RecordJson.read(json);
      Map<String, Long> affected = new TreeMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = n.path("affected").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        affected.put(e.getKey(), e.getValue().asLong());
      }
      List<Kept> kept = new ArrayList<>();
      for (JsonNode k : n.path("kept")) {
        kept.add(new Kept(k.path("what").asText(), k.path("reason").asText()));
      }
      JsonNode subject = n.get("subject");
      return new PrivacyReceipt(
          n.path("requestId").asText(),
          PrivacyRequest.Type.valueOf(n.path("type").asText().toUpperCase(java.util.Locale.ROOT)),
          subject == null || subject.isNull() ? null : new Pseudonym(subject.asText()),
          Instant.parse(n.path("receivedAt").asText()),
          Instant.parse(n.path("completedAt").asText()),
          Outcome.valueOf(n.path("outcome").asText()),
          affected,
          kept,
          n.path("detail").asText());
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("not a privacy receipt: " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "PrivacyReceipt[" + requestId + ", " + type + ", " + outcome + "]";
  }
}
