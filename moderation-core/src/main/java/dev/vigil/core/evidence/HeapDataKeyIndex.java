package dev.vigil.core.evidence;

import dev.vigil.core.privacy.Pseudonym;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link DataKeyIndex} in maps on the heap: a few hundred bytes per author, for tests, tools and
 * the in-memory store. Thread-safe.
 */
public final class HeapDataKeyIndex implements DataKeyIndex {
  private final Map<String, WrappedDataKey> byId = new ConcurrentHashMap<>();
  private final Map<Pseudonym, Set<String>> idsByOwner = new ConcurrentHashMap<>();
  private final Set<String> destroyed = ConcurrentHashMap.newKeySet();

  @Override
  public Optional<WrappedDataKey> get(String keyId) {
    return Optional.ofNullable(byId.get(keyId));
  }

  @Override
  public List<WrappedDataKey> ownedBy(Pseudonym owner) {
    Set<String> ids = idsByOwner.get(owner);
    if (ids == null) {
      return List.of();
    }
    List<WrappedDataKey> out = new ArrayList<>(ids.size());
    for (String id : ids) {
      WrappedDataKey k = byId.get(id);
      if (k != null) {
        out.add(k);
      }
    }
    return out;
  }

  @Override
  public synchronized void put(WrappedDataKey key) {
    WrappedDataKey previous = byId.put(key.keyId(), key);
    if (previous != null && !previous.owner().equals(key.owner())) {
      unlink(previous);
    }
    idsByOwner.computeIfAbsent(key.owner(), o -> ConcurrentHashMap.newKeySet()).add(key.keyId());
    destroyed.remove(key.keyId());
  }

  @Override
  public synchronized void destroy(String keyId) {
    WrappedDataKey previous = byId.remove(keyId);
    if (previous != null) {
      unlink(previous);
    }
    destroyed.add(keyId);
  }

  @Override
  public boolean wasDestroyed(String keyId) {
    return destroyed.contains(keyId);
  }

  private void unlink(WrappedDataKey key) {
    Set<String> ids = idsByOwner.get(key.owner());
    if (ids != null) {
      ids.remove(key.keyId());
      if (ids.isEmpty()) {
        idsByOwner.remove(key.owner());
      }
    }
  }

  /** Every present key. */
  public List<WrappedDataKey> all() {
    return List.copyOf(byId.values());
  }
}
