package dev.vigil.core.evidence;

import dev.vigil.core.privacy.Pseudonym;
import java.time.LocalDate;
import java.util.List;

/**
 * Keeps the wrapped data keys (DEKs) that seal evidence, and destroys them on request: destroying a
 * key is how evidence is erased (crypto-shredding), because the evidence itself sits in an
 * append-only, hash-chained log that must not be edited.
 *
 * <p>Two kinds of key. Each author has an {@link WrappedDataKey.Purpose#AUTHOR AUTHOR} key that
 * seals all their evidence; an erasure request destroys it. A record under legal hold is sealed
 * instead with a key of its own ({@link WrappedDataKey.Purpose#LEGAL_HOLD LEGAL_HOLD}, id {@code
 * hold:<evidenceId>}) that erasure leaves alone and that is destroyed only when that hold is
 * released. Why a key per held record rather than keeping the author's key: an author's key also
 * seals their evidence that is NOT held, which erasure must make unreadable; a per-record key keeps
 * exactly what the hold covers, and releasing one hold shreds exactly one record.
 *
 * <p>Implementations hold keys only wrapped, unwrap on demand through a {@link KeyWrapper}, and are
 * thread-safe.
 */
public interface DataKeyStore {
  /** The author's current key, created (and stored, wrapped) on first use or after an erasure. */
  DataKey authorKey(Pseudonym author);

  /**
   * Creates and stores the key for one record under legal hold; returns the existing one if already
   * made.
   */
  DataKey holdKey(Pseudonym author, String evidenceId, String reason);

  /**
   * The key with this id, unwrapped.
   *
   * @throws EvidenceAccessException {@code KEY_DESTROYED} when it was crypto-shredded, {@code
   *     KEY_UNKNOWN} when this store never had it (or has forgotten even its destruction), {@code
   *     WRONG_MASTER_KEY} or {@code INTEGRITY} when it cannot be unwrapped
   */
  DataKey key(String keyId);

  /**
   * Destroys every AUTHOR key of {@code author}; their LEGAL_HOLD keys are kept and returned with
   * reasons.
   */
  Shredding destroyAuthorKeys(Pseudonym author);

  /** Destroys the legal-hold key of one record; true if there was one. */
  boolean releaseHold(String evidenceId);

  /**
   * The key of one UTC day, for records whose author cannot be told (a dead letter of input that
   * does not parse), created on first use. Id {@code day:<yyyy-MM-dd>}, owned by {@link #DAY_KEYS}.
   *
   * @throws EvidenceAccessException {@code KEY_DESTROYED} if that day's key was already destroyed
   */
  DataKey dayKey(LocalDate day);

  /** Destroys every day key of a day before {@code firstKept}; returns their ids. */
  List<String> destroyDayKeysBefore(LocalDate firstKept);

  /** The owner that day keys are filed under (no author's pseudonym has a colon). */
  Pseudonym DAY_KEYS = new Pseudonym("vigil:day-keys");

  /**
   * Returns once every key this store handed out before the call is durably stored, with the number
   * of key writes that have failed since the store opened. A store may write new keys in the
   * background (so that sealing does not wait for a round trip per new author); whoever commits
   * records sealed under its keys calls this first, and if the count grew since it last looked,
   * must not commit what it sealed in between: a failed key is forgotten at once, so the retry
   * seals under a new one.
   */
  default long awaitKeysDurable() {
    return 0;
  }

  /**
   * What an erasure did to the keys.
   *
   * @param destroyedKeyIds the author keys destroyed
   * @param holdsKept the author's legal-hold keys that were kept, with their reasons
   */
  record Shredding(List<String> destroyedKeyIds, List<WrappedDataKey> holdsKept) {
    public Shredding {
      destroyedKeyIds = List.copyOf(destroyedKeyIds);
      holdsKept = List.copyOf(holdsKept);
    }
  }
}
