package dev.vigil.core.evidence;

import dev.vigil.core.privacy.Pseudonym;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Wrapped data keys by key id, and the key ids of each owner: what a {@link DataKeyStore} holds in memory. Finding
 * an author's keys is a lookup, not a scan of every key, since it happens for every blocked post. Thread-safe.
 */
public final class WrappedKeyIndex {
  private final Map<String, WrappedDataKey> byId = new ConcurrentHashMap<>();
  private final Map<Pseudonym, Set<String>> idsByOwner = new ConcurrentHashMap<>();

  public Optional<WrappedDataKey> get(String keyId) {
    return Optional.ofNullable(byId.get(keyId));
  }

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

  public synchronized void put(WrappedDataKey key) {
    WrappedDataKey previous = byId.put(key.keyId(), key);
    if (previous != null && !previous.owner().equals(key.owner())) {
      unlink(previous);
    }
    idsByOwner.computeIfAbsent(key.owner(), o -> ConcurrentHashMap.newKeySet()).add(key.keyId());
  }

  public synchronized void remove(String keyId) {
    WrappedDataKey previous = byId.remove(keyId);
    if (previous != null) {
      unlink(previous);
    }
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

  public List<WrappedDataKey> all() {
    return List.copyOf(byId.values());
  }
}
