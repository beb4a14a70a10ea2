package dev.vigil.app.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.core.evidence.AbstractDataKeyStore;
import dev.vigil.core.evidence.HeapDataKeyIndex;
import dev.vigil.core.evidence.MasterKey;
import dev.vigil.core.evidence.MasterKeyWrapper;
import dev.vigil.core.evidence.WrappedDataKey;
import dev.vigil.core.privacy.Pseudonym;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * A Streams producer commits only once the data keys handed out before are stored, and refuses a
 * commit after a key write failed, so no evidence sealed under a lost key is ever committed.
 */
class CommitAfterKeysTest {
  private final BackgroundWritesStore keys = new BackgroundWritesStore();
  private final MockProducer<byte[], byte[]> kafka =
      new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
  private final CommitAfterKeys.KeysFirstProducer producer =
      new CommitAfterKeys.KeysFirstProducer(kafka, keys);

  @Test
  void aCommitWaitsForTheKeysHandedOutBeforeIt() {
    producer.initTransactions();
    producer.beginTransaction();
    String keyId = keys.authorKey(new Pseudonym("p-alice")).keyId();
    producer.send(new ProducerRecord<>("evidence", "sealed under alice's key".getBytes()));
    assertEquals(List.of(keyId), keys.pending, "the key write is under way, not waited for");

    producer.commitTransaction();

    assertTrue(kafka.transactionCommitted());
    assertEquals(List.of(keyId), keys.stored, "stored before the commit");
    assertTrue(keys.pending.isEmpty());
  }

  @Test
  void aFailedKeyWriteRefusesTheCommitOnceAndTheKeyIsForgotten() {
    producer.initTransactions();
    producer.beginTransaction();
    keys.failWrites = true;
    String lost = keys.authorKey(new Pseudonym("p-bob")).keyId();

    assertThrows(KafkaException.class, producer::commitTransaction);
    assertFalse(kafka.transactionCommitted(), "nothing sealed under the lost key is committed");

    keys.failWrites = false;
    String retried = keys.authorKey(new Pseudonym("p-bob")).keyId();
    assertNotEquals(lost, retried, "the retry seals under a new key");
    producer.abortTransaction();
    producer.beginTransaction();
    producer.commitTransaction();
    assertTrue(
        kafka.transactionCommitted(),
        "the same producer commits again once it has reported the failure");
    assertEquals(List.of(retried), keys.stored);
  }

  @Test
  void aProducerMadeAfterAFailureDoesNotInheritIt() {
    keys.failWrites = true;
    keys.authorKey(new Pseudonym("p-carol"));
    keys.awaitKeysDurable();
    keys.failWrites = false;

    CommitAfterKeys.KeysFirstProducer fresh = new CommitAfterKeys.KeysFirstProducer(kafka, keys);
    fresh.initTransactions();
    fresh.beginTransaction();
    fresh.commitTransaction();
    assertTrue(kafka.transactionCommitted());
  }

  @Test
  void atLeastOnceFlushAlsoWaitsAndRefuses() {
    keys.authorKey(new Pseudonym("p-dan"));
    producer.flush();
    assertEquals(1, keys.stored.size());

    keys.failWrites = true;
    keys.authorKey(new Pseudonym("p-erin"));
    assertThrows(KafkaException.class, producer::flush);
  }

  @Test
  void aKeyWhoseWriteFailsAtOnceIsNotKept() {
    keys.throwOnWrite = true;
    assertThrows(IllegalStateException.class, () -> keys.authorKey(new Pseudonym("p-fay")));
    keys.throwOnWrite = false;
    String keyId = keys.authorKey(new Pseudonym("p-fay")).keyId();
    keys.awaitKeysDurable();
    assertEquals(List.of(keyId), keys.stored, "only the second key was ever stored and used");
  }

  /** Writes keys "in the background": they complete (or fail) when someone waits for them. */
  private static final class BackgroundWritesStore extends AbstractDataKeyStore {
    final List<String> pending = new ArrayList<>();
    final List<String> stored = new ArrayList<>();
    volatile boolean failWrites;
    volatile boolean throwOnWrite;

    BackgroundWritesStore() {
      super(new MasterKeyWrapper(MasterKey.generate()), Clock.systemUTC(), new HeapDataKeyIndex());
    }

    @Override
    protected synchronized void persist(WrappedDataKey key) {
      if (throwOnWrite) {
        throw new IllegalStateException("broker unreachable");
      }
      pending.add(key.keyId());
    }

    @Override
    protected synchronized void awaitWrites() {
      for (String keyId : pending) {
        if (failWrites) {
          writeFailed(keyId);
        } else {
          stored.add(keyId);
        }
      }
      pending.clear();
    }

    @Override
    protected void persistDestruction(String keyId) {}
  }
}
