package dev.vigil.core.evidence;

import static dev.vigil.core.json.RecordJson.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.core.json.RecordJson;
import dev.vigil.core.privacy.Pseudonym;
import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * A data key as it is stored: wrapped by a master key, with what it is for. Safe to store anywhere
 * the master key is not: without the master key (or the KMS behind it) the wrapped bytes are noise.
 *
 * @param keyId the id evidence refers to it by
 * @param owner the author whose evidence it seals
 * @param purpose an author's key, one record's legal-hold key, or one day's key
 * @param evidenceId for a legal-hold key, the one record it seals; null otherwise
 * @param holdReason for a legal-hold key, why the record is held; null otherwise
 * @param masterKeyId the master key that wrapped it
 * @param wrapped the wrapped key bytes
 * @param createdAt when the key was made
 */
public record WrappedDataKey(
    String keyId,
    Pseudonym owner,
    Purpose purpose,
    String evidenceId,
    String holdReason,
    String masterKeyId,
    byte[] wrapped,
    Instant createdAt) {

  /** What a data key seals. */
  public enum Purpose {
    /**
     * All of one author's evidence that is not under legal hold; destroyed by an erasure request.
     */
    AUTHOR,
    /**
     * Exactly one record under legal hold; survives erasure, destroyed when the hold is released.
     */
    LEGAL_HOLD,
    /**
     * One day's records whose author cannot be told (dead letters of input that does not parse):
     * destroyed when that day is past the dead-letter retention, so they expire with a guarantee
     * rather than whenever the broker deletes the segment.
     */
    DAY
  }

  public WrappedDataKey {
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(purpose, "purpose");
    Objects.requireNonNull(masterKeyId, "masterKeyId");
    Objects.requireNonNull(createdAt, "createdAt");
    wrapped = wrapped.clone();
    if (purpose == Purpose.LEGAL_HOLD
        && (evidenceId == null || holdReason == null || holdReason.isBlank())) {
      throw new IllegalArgumentException("a legal-hold key needs its evidence id and a reason");
    }
  }

  @Override
  public byte[] wrapped() {
    return wrapped.clone();
  }

  /** JSON for storage, e.g. as the value of a compacted topic keyed by {@link #keyId}. */
  public byte[] toJson() {
    ObjectNode n = RecordJson.object();
    n.put("keyId", keyId);
    n.put("owner", owner.value());
    n.put("purpose", purpose.name());
    n.put("evidenceId", evidenceId);
    n.put("holdReason", holdReason);
    n.put("masterKeyId", masterKeyId);
    n.put("wrapped", Base64.getEncoder().encodeToString(wrapped));
    n.put("createdAt", createdAt.toString());
    return RecordJson.bytes(n);
  }

  /**
   * Reads {@link #toJson()}. @throws IllegalArgumentException when the bytes are not a wrapped key
   */
  public static WrappedDataKey fromJson(byte[] json) {
    try {
      JsonNode n = RecordJson.read(json);
      return new WrappedDataKey(
          text(n, "keyId"),
          new Pseudonym(text(n, "owner")),
          Purpose.valueOf(text(n, "purpose")),
          n.path("evidenceId").isTextual() ? n.get("evidenceId").asText() : null,
          n.path("holdReason").isTextual() ? n.get("holdReason").asText() : null,
          text(n, "masterKeyId"),
          Base64.getDecoder().decode(text(n, "wrapped")),
          Instant.parse(text(n, "createdAt")));
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("not a wrapped data key: " + e.getMessage(), e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WrappedDataKey k
        && k.keyId.equals(keyId)
        && k.owner.equals(owner)
        && k.purpose == purpose
        && Objects.equals(k.evidenceId, evidenceId)
        && Objects.equals(k.holdReason, holdReason)
        && k.masterKeyId.equals(masterKeyId)
        && Arrays.equals(k.wrapped, wrapped)
        && k.createdAt.equals(createdAt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        keyId,
        owner,
        purpose,
        evidenceId,
        holdReason,
        masterKeyId,
        Arrays.hashCode(wrapped),
        createdAt);
  }

  @Override
  public String toString() {
    return "WrappedDataKey[" + keyId + ", " + purpose + ", " + masterKeyId + "]";
  }
}
