package dev.vigil.app.events;

import dev.vigil.core.near.Fingerprint;
import dev.vigil.core.near.MinHashScheme;
import dev.vigil.core.near.MinHashSignature;
import java.time.Instant;
import java.util.List;

/**
 * The record on {@code moderation.fingerprints}, keyed by evidence id: what is kept of a blocked
 * post to catch its edited reposts. No text and no author: a keyed MinHash ({@code core.near}), the
 * category it was blocked for and when, who blocked it and by which rules.
 *
 * <p>{@code rules} ties the fingerprint to the enforcing pack rules of an engine block, so it stops
 * counting while they are all demoted by the circuit breaker or gone from the pack ({@link
 * Fingerprint#counts}). A record written before the field existed has none, and loads as a
 * fingerprint tied to no rule, which always counts, as every fingerprint did then.
 *
 * <p>{@code scheme} says how the signature was computed ({@link MinHashScheme#id()}): new records
 * are of {@link MinHashScheme#CURRENT}; a record written before the field existed has none and is
 * of scheme 1 ({@link MinHashScheme#K_PERMUTATIONS}), the only one there was. A record of a scheme
 * this version does not know (written by a later one) is malformed here.
 *
 * @param evidenceId the evidence id of the block
 * @param category the category it was blocked for
 * @param signature the keyed MinHash, base64 ({@link MinHashSignature#toBase64()})
 * @param scheme the signature's {@link MinHashScheme#id()}; null (scheme 1) in records written
 *     before the field existed
 * @param decidedAt when it was blocked
 * @param source {@link #ENGINE} or {@link #MODERATOR} (a reject or a takedown); null in records
 *     written before the field existed
 * @param rules the ids of the enforcing pack rules that made an engine block; empty for a
 *     moderator's, null in records written before the field existed
 */
public record FingerprintRecord(
    String evidenceId,
    String category,
    String signature,
    Integer scheme,
    Instant decidedAt,
    String source,
    List<String> rules) {

  /** The source of a block by the engine. */
  public static final String ENGINE = "engine";

  /** The source of a block by a moderator: a reject or a takedown. */
  public static final String MODERATOR = "moderator";

  /** The record of {@code f}, made by {@code source}. */
  public static FingerprintRecord of(Fingerprint f, String source) {
    return new FingerprintRecord(
        f.evidenceId(),
        f.category(),
        f.signature().toBase64(),
        f.signature().scheme().id(),
        f.decidedAt(),
        source,
        f.rules());
  }

  /** The core's fingerprint; throws IllegalArgumentException for a malformed record. */
  public Fingerprint fingerprint() {
    if (evidenceId == null || category == null || signature == null || decidedAt == null) {
      throw new IllegalArgumentException("incomplete fingerprint record");
    }
    if (rules != null && rules.stream().anyMatch(r -> r == null || r.isEmpty())) {
      throw new IllegalArgumentException("fingerprint record with an empty rule id");
    }
    return new Fingerprint(
        evidenceId,
        category,
        MinHashSignature.fromBase64(
            scheme == null ? MinHashScheme.K_PERMUTATIONS : MinHashScheme.ofId(scheme), signature),
        decidedAt,
        rules == null ? List.of() : rules);
  }
}
