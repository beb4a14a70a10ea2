package dev.vigil.app.topology;

import dev.vigil.app.events.FingerprintRecord;
import dev.vigil.app.json.Json;
import dev.vigil.core.near.Fingerprint;
import dev.vigil.core.near.NearDuplicateIndex;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the instance's near-duplicate index in step with {@code moderation.fingerprints}: the
 * processor of a global store (persistent, under the state directory, so a restart reads only the
 * topic's tail), on the global thread.
 *
 * <p>At start the restored store is read back into the index, newest {@code capacity} first by when
 * they were blocked, and any older ones are deleted from the store; then each record adds a
 * fingerprint (or a tombstone removes one), and the one the index evicts to make room is deleted
 * from the store too, so the store on disk is bounded like the index. A malformed record is skipped
 * with a warning: it cannot stop the global thread.
 *
 * <p>Why a global store: every instance must check every post against every block, whichever
 * partition either came from. It is read by the stream threads through the index only; its updates
 * are not part of their transactions, so a repost decided in the moment between a block's commit
 * and its fingerprint reaching an instance is decided by the engine alone. Every input still yields
 * exactly one decision.
 */
final class LoadFingerprints implements Processor<String, byte[], Void, Void> {
  private static final Logger LOG = LoggerFactory.getLogger(LoadFingerprints.class);

  private final NearDuplicateIndex index;
  private KeyValueStore<String, byte[]> store;

  LoadFingerprints(NearDuplicateIndex index) {
    this.index = index;
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    store = context.getStateStore(NearDuplicates.STORE);
    List<Fingerprint> held = new ArrayList<>();
    List<String> bad = new ArrayList<>();
    try (KeyValueIterator<String, byte[]> it = store.all()) {
      while (it.hasNext()) {
        var kv = it.next();
        Fingerprint f = parse(kv.key, kv.value);
        if (f == null) {
          bad.add(kv.key);
        } else {
          held.add(f);
        }
      }
    }
    held.sort(Comparator.comparing(Fingerprint::decidedAt).thenComparing(Fingerprint::evidenceId));
    int skip = Math.max(0, held.size() - index.capacity());
    for (int i = 0; i < held.size(); i++) {
      if (i < skip) {
        store.delete(held.get(i).evidenceId());
      } else {
        index.add(held.get(i));
      }
    }
    bad.forEach(store::delete);
    LOG.info("near-duplicate index loaded: {} fingerprints ({} dropped)", index.size(), skip);
  }

  @Override
  public void process(Record<String, byte[]> record) {
    String key = record.key();
    if (key == null) {
      return;
    }
    if (record.value() == null) {
      store.delete(key);
      index.remove(key);
      return;
    }
    Fingerprint f = parse(key, record.value());
    if (f == null) {
      return;
    }
    store.put(key, record.value());
    String evicted = index.add(f);
    if (evicted != null) {
      store.delete(evicted);
    }
  }

  private static Fingerprint parse(String key, byte[] value) {
    try {
      Fingerprint f = Json.MAPPER.readValue(value, FingerprintRecord.class).fingerprint();
      if (!f.evidenceId().equals(key)) {
        throw new IllegalArgumentException("key " + key + " is not the record's evidence id");
      }
      return f;
    } catch (IOException | RuntimeException e) {
      LOG.warn("skipped a malformed fingerprint record: {}", e.getMessage());
      return null;
    }
  }
}
