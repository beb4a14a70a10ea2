package dev.vigil.core.evidence;

import dev.vigil.core.privacy.Pseudonym;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link DataKeyStore} in a map: for tests and single-process tools. Forgets everything when it goes. */
public final class InMemoryDataKeyStore extends AbstractDataKeyStore {
  private final WrappedKeyIndex keys = new WrappedKeyIndex();
  private final Set<String> destroyed = ConcurrentHashMap.newKeySet();

  public InMemoryDataKeyStore(KeyWrapper wrapper) {
    this(wrapper, Clock.systemUTC());
  }

  public InMemoryDataKeyStore(KeyWrapper wrapper, Clock clock) {
    super(wrapper, clock);
  }

  @Override
  protected Optional<WrappedDataKey> load(String keyId) {
    return keys.get(keyId);
  }

  @Override
  protected boolean wasDestroyed(String keyId) {
    return destroyed.contains(keyId);
  }

  @Override
  protected List<WrappedDataKey> ownedBy(Pseudonym owner) {
    return keys.ownedBy(owner);
  }

  @Override
  protected void store(WrappedDataKey key) {
    keys.put(key);
  }

  @Override
  protected void destroy(String keyId) {
    keys.remove(keyId);
    destroyed.add(keyId);
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
