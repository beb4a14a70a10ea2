package dev.vigil.core.evidence;

import java.time.Clock;
import java.util.List;

/**
 * A {@link DataKeyStore} in a map: for tests and single-process tools. Forgets everything when it
 * goes.
 */
public final class InMemoryDataKeyStore extends AbstractDataKeyStore {
  private final HeapDataKeyIndex keys;

  public InMemoryDataKeyStore(KeyWrapper wrapper) {
    this(wrapper, Clock.systemUTC());
  }

  public InMemoryDataKeyStore(KeyWrapper wrapper, Clock clock) {
    this(wrapper, clock, new HeapDataKeyIndex());
  }

  private InMemoryDataKeyStore(KeyWrapper wrapper, Clock clock, HeapDataKeyIndex keys) {
    super(wrapper, clock, keys);
    this.keys = keys;
  }

  @Override
  protected void persist(WrappedDataKey key) {
    // the index is the only copy
  }

  @Override
  protected void persistDestruction(String keyId) {
    // the index is the only copy
  }

  /** Adds a wrapped key read from elsewhere (a backup, another store's dump). */
  public void put(WrappedDataKey key) {
    keys.put(key);
  }

  /** Every stored key, wrapped: what an attacker with a copy of the store would hold. */
  public List<WrappedDataKey> wrappedKeys() {
    return keys.all();
  }
}
