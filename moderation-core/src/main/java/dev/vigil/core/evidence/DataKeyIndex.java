package dev.vigil.core.evidence;

import dev.vigil.core.privacy.Pseudonym;
import java.util.List;
import java.util.Optional;

/**
 * What a {@link DataKeyStore} knows of its keys, for lookups: wrapped keys by id, the key ids of
 * each owner (finding an author's key happens for every blocked post, so it is a lookup, not a
 * scan), and the ids of keys that were destroyed. The durable copy lives elsewhere (a compacted
 * topic, a database); an index can be rebuilt from it. Implementations are thread-safe: on the heap
 * ({@link HeapDataKeyIndex}) for tests and tools, on disk where the number of authors would make
 * the heap grow without bound.
 */
public interface DataKeyIndex {
  /** The key with this id, if present (a destroyed key is absent). */
  Optional<WrappedDataKey> get(String keyId);

  /** Every present key owned by {@code owner}. */
  List<WrappedDataKey> ownedBy(Pseudonym owner);

  /** Adds or replaces a key; a key id stored again after its destruction is no longer destroyed. */
  void put(WrappedDataKey key);

  /** Removes a key and remembers that it was destroyed. */
  void destroy(String keyId);

  /** Whether {@link #destroy} was called for this id (and it was not stored again since). */
  boolean wasDestroyed(String keyId);
}
