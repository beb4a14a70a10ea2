package dev.vigil.core.evidence;

import dev.vigil.core.privacy.Pseudonym;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The key-management logic of a {@link DataKeyStore} (ids, creation, wrapping, erasure semantics),
 * over a {@link DataKeyIndex} that lookups read and two durable writes that implementations provide
 * (nothing for a map, a record on a compacted Kafka topic, a row in a database).
 *
 * <p>Author key ids are {@code dek:<pseudonym>:<random>}: the random part makes a key made after an
 * erasure differ from the destroyed one, so old evidence fails with "destroyed" rather than opening
 * under, or clashing with, a new key.
 */
public abstract class AbstractDataKeyStore implements DataKeyStore {
  private static final SecureRandom RANDOM = new SecureRandom();
  private final KeyWrapper wrapper;
  private final Clock clock;
  private final DataKeyIndex index;
  private final AtomicLong failedWrites = new AtomicLong();

  /**
   * @param index what lookups read; {@link #persist} and {@link #persistDestruction} keep the
   *     durable copy
   */
  protected AbstractDataKeyStore(KeyWrapper wrapper, Clock clock, DataKeyIndex index) {
    this.wrapper = Objects.requireNonNull(wrapper, "wrapper");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.index = Objects.requireNonNull(index, "index");
  }

  /**
   * The index lookups read, for a store that follows changes made elsewhere (another instance's
   * keys).
   */
  protected final DataKeyIndex index() {
    return index;
  }

  /**
   * Writes a new key (nothing to do for a store that is only its index): durably before returning,
   * or in the background, in which case {@link #awaitWrites} waits for it and a failure must be
   * passed to {@link #writeFailed}.
   */
  protected abstract void persist(WrappedDataKey key);

  /**
   * Waits for the background writes {@link #persist} started (nothing for a store that writes
   * synchronously).
   */
  protected void awaitWrites() {}

  /**
   * For a background key write that failed: the key is forgotten at once (no later seal uses it),
   * and {@link #awaitKeysDurable} reports the failure to whoever sealed under it before.
   */
  protected final void writeFailed(String keyId) {
    index.destroy(keyId);
    failedWrites.incrementAndGet();
  }

  @Override
  public long awaitKeysDurable() {
    awaitWrites();
    return failedWrites.get();
  }

  /** Destroys a key durably before returning. */
  protected abstract void persistDestruction(String keyId);

  /**
   * Brings this store's view up to date with keys other processes created or destroyed, before a
   * decision that depends on seeing all of them (an erasure, a lookup that missed). A store that is
   * the only copy has nothing to do.
   */
  protected void refresh() {}

  private Optional<WrappedDataKey> load(String keyId) {
    return index.get(keyId);
  }

  private List<WrappedDataKey> ownedBy(Pseudonym owner) {
    return index.ownedBy(owner);
  }

  private boolean wasDestroyed(String keyId) {
    return index.wasDestroyed(keyId);
  }

  private void store(WrappedDataKey key) {
    // Indexed before its write starts, under this store's lock: no other thread can use the key
    // before the write is
    // under way, so any later awaitKeysDurable covers it; a write that fails at once takes the key
    // back out.
    index.put(key);
    try {
      persist(key);
    } catch (RuntimeException e) {
      index.destroy(key.keyId());
      throw e;
    }
  }

  private void destroy(String keyId) {
    persistDestruction(keyId);
    index.destroy(keyId);
  }

  @Override
  public synchronized DataKey authorKey(Pseudonym author) {
    // No refresh here: two instances may each make a key for a new author at once; both are stored,
    // both seal,
    // and an erasure destroys every AUTHOR key of the author, so the race costs a few bytes, not
    // correctness.
    Optional<WrappedDataKey> current = currentAuthorKey(author);
    if (current.isPresent()) {
      return unwrap(current.get());
    }
    byte[] random = new byte[8];
    RANDOM.nextBytes(random);
    String keyId = "dek:" + author.value() + ":" + HexFormat.of().formatHex(random);
    return create(keyId, author, WrappedDataKey.Purpose.AUTHOR, null, null);
  }

  private Optional<WrappedDataKey> currentAuthorKey(Pseudonym author) {
    return ownedBy(author).stream()
        .filter(k -> k.purpose() == WrappedDataKey.Purpose.AUTHOR)
        .max(Comparator.comparing(WrappedDataKey::createdAt).thenComparing(WrappedDataKey::keyId));
  }

  @Override
  public synchronized DataKey holdKey(Pseudonym author, String evidenceId, String reason) {
    String keyId = holdKeyId(evidenceId);
    Optional<WrappedDataKey> existing = load(keyId);
    if (existing.isPresent()) {
      return unwrap(existing.get());
    }
    return create(keyId, author, WrappedDataKey.Purpose.LEGAL_HOLD, evidenceId, reason);
  }

  @Override
  public DataKey key(String keyId) {
    Optional<WrappedDataKey> k = load(keyId);
    if (k.isEmpty() && !wasDestroyed(keyId)) {
      refresh();
      k = load(keyId);
    }
    if (k.isPresent()) {
      return unwrap(k.get());
    }
    if (wasDestroyed(keyId)) {
      throw new EvidenceAccessException(
          EvidenceAccessException.Reason.KEY_DESTROYED,
          "data key "
              + keyId
              + " was destroyed ("
              + (keyId.startsWith("hold:")
                  ? "legal hold released"
                  : keyId.startsWith("day:")
                      ? "past retention"
                      : "erasure request: crypto-shredded")
              + "); the evidence it sealed can no longer be decrypted");
    }
    throw new EvidenceAccessException(
        EvidenceAccessException.Reason.KEY_UNKNOWN,
        "data key "
            + keyId
            + " is not in the key store: it was destroyed and even its tombstone is gone, "
            + "or it never existed here (wrong key store?)");
  }

  @Override
  public synchronized Shredding destroyAuthorKeys(Pseudonym author) {
    refresh();
    List<String> destroyed = new ArrayList<>();
    List<WrappedDataKey> kept = new ArrayList<>();
    for (WrappedDataKey k : ownedBy(author)) {
      if (k.purpose() == WrappedDataKey.Purpose.AUTHOR) {
        destroy(k.keyId());
        destroyed.add(k.keyId());
      } else {
        kept.add(k);
      }
    }
    destroyed.sort(null);
    kept.sort(Comparator.comparing(WrappedDataKey::keyId));
    return new Shredding(destroyed, kept);
  }

  @Override
  public synchronized boolean releaseHold(String evidenceId) {
    refresh();
    String keyId = holdKeyId(evidenceId);
    if (load(keyId).isEmpty()) {
      return false;
    }
    destroy(keyId);
    return true;
  }

  @Override
  public synchronized DataKey dayKey(LocalDate day) {
    String keyId = dayKeyId(day);
    Optional<WrappedDataKey> existing = load(keyId);
    if (existing.isPresent()) {
      return unwrap(existing.get());
    }
    if (wasDestroyed(keyId)) {
      // Never made again: records sealed under it were promised to be unreadable after retention.
      throw new EvidenceAccessException(
          EvidenceAccessException.Reason.KEY_DESTROYED,
          "the key of " + day + " was destroyed (past retention)");
    }
    return create(keyId, DAY_KEYS, WrappedDataKey.Purpose.DAY, null, null);
  }

  @Override
  public synchronized List<String> destroyDayKeysBefore(LocalDate firstKept) {
    refresh();
    List<String> destroyed = new ArrayList<>();
    for (WrappedDataKey k : ownedBy(DAY_KEYS)) {
      if (k.purpose() == WrappedDataKey.Purpose.DAY
          && k.keyId().compareTo(dayKeyId(firstKept)) < 0) {
        destroy(k.keyId());
        destroyed.add(k.keyId());
      }
    }
    destroyed.sort(null);
    return destroyed;
  }

  /** The id of one day's key: ids of ISO dates sort as the days do. */
  public static String dayKeyId(LocalDate day) {
    return "day:" + day;
  }

  /** The id of the legal-hold key of one record. */
  public static String holdKeyId(String evidenceId) {
    return "hold:" + evidenceId;
  }

  private DataKey create(
      String keyId,
      Pseudonym owner,
      WrappedDataKey.Purpose purpose,
      String evidenceId,
      String reason) {
    byte[] dek = new byte[DataKey.BYTES];
    RANDOM.nextBytes(dek);
    store(
        new WrappedDataKey(
            keyId,
            owner,
            purpose,
            evidenceId,
            reason,
            wrapper.masterKeyId(),
            wrapper.wrap(keyId, dek),
            clock.instant()));
    return new DataKey(keyId, dek);
  }

  private DataKey unwrap(WrappedDataKey k) {
    return new DataKey(k.keyId(), wrapper.unwrap(k.keyId(), k.masterKeyId(), k.wrapped()));
  }
}
