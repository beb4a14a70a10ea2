package dev.vigil.app.evidence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.core.evidence.DataKeyIndex;
import dev.vigil.core.evidence.HeapDataKeyIndex;
import dev.vigil.core.evidence.WrappedDataKey;
import dev.vigil.core.privacy.Pseudonym;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The on-disk index behaves exactly like the heap one: the same scenario against both. */
class DataKeyIndexTest {
  private static final Pseudonym ANA = new Pseudonym("p-ana");
  private static final Pseudonym BO = new Pseudonym("p-bo");

  static Stream<Arguments> indexes() {
    return Stream.of(
        Arguments.of("heap", (Function<Path, DataKeyIndex>) dir -> new HeapDataKeyIndex()),
        Arguments.of("rocksdb", (Function<Path, DataKeyIndex>) RocksDataKeyIndex::open));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("indexes")
  void storesFindsByOwnerMovesAndDestroys(
      String name, Function<Path, DataKeyIndex> open, @TempDir Path dir) throws Exception {
    DataKeyIndex index = open.apply(dir.resolve("index"));
    try {
      WrappedDataKey a1 = key("dek:p-ana:01", ANA, WrappedDataKey.Purpose.AUTHOR, 1);
      WrappedDataKey a2 = key("hold:ev-7", ANA, WrappedDataKey.Purpose.LEGAL_HOLD, 2);
      WrappedDataKey b1 = key("dek:p-bo:01", BO, WrappedDataKey.Purpose.AUTHOR, 3);
      index.put(a1);
      index.put(a2);
      index.put(b1);

      assertEquals(List.of("dek:p-ana:01", "hold:ev-7"), ids(index.ownedBy(ANA)));
      assertEquals(List.of("dek:p-bo:01"), ids(index.ownedBy(BO)));
      assertEquals(
          List.of(), index.ownedBy(new Pseudonym("p-an")), "an owner that is a prefix of another");
      WrappedDataKey read = index.get("dek:p-ana:01").orElseThrow();
      assertArrayEquals(a1.wrapped(), read.wrapped());
      assertEquals(a1.createdAt(), read.createdAt());

      // the same id stored again under another owner moves it
      index.put(key("dek:p-bo:01", ANA, WrappedDataKey.Purpose.AUTHOR, 4));
      assertEquals(List.of(), index.ownedBy(BO));
      assertEquals(3, index.ownedBy(ANA).size());

      index.destroy("dek:p-ana:01");
      assertTrue(index.get("dek:p-ana:01").isEmpty());
      assertTrue(index.wasDestroyed("dek:p-ana:01"));
      assertFalse(index.wasDestroyed("hold:ev-7"));
      assertEquals(List.of("dek:p-bo:01", "hold:ev-7"), ids(index.ownedBy(ANA)));

      // a destruction of a key this index never had is still remembered (a tombstone read from the
      // topic)
      index.destroy("dek:p-cy:09");
      assertTrue(index.wasDestroyed("dek:p-cy:09"));

      // stored again after destruction: present, no longer destroyed
      index.put(a1);
      assertFalse(index.wasDestroyed("dek:p-ana:01"));
      assertTrue(index.get("dek:p-ana:01").isPresent());
    } finally {
      if (index instanceof AutoCloseable c) {
        c.close();
      }
    }
  }

  @Test
  void rocksIndexStartsEmptyBecauseTheTopicIsTheDurableCopy(@TempDir Path dir) {
    Path where = dir.resolve("index");
    try (RocksDataKeyIndex index = RocksDataKeyIndex.open(where)) {
      index.put(key("dek:p-ana:01", ANA, WrappedDataKey.Purpose.AUTHOR, 1));
    }
    try (RocksDataKeyIndex index = RocksDataKeyIndex.open(where)) {
      assertTrue(index.get("dek:p-ana:01").isEmpty());
      assertEquals(List.of(), index.ownedBy(ANA));
    }
  }

  @Test
  void temporaryRocksIndexLeavesNothingBehind() throws Exception {
    Path where;
    try (RocksDataKeyIndex index = RocksDataKeyIndex.temporary()) {
      index.put(key("dek:p-ana:01", ANA, WrappedDataKey.Purpose.AUTHOR, 1));
      where = (Path) readDir(index);
      assertTrue(Files.isDirectory(where));
    }
    assertFalse(Files.exists(where));
  }

  private static Object readDir(RocksDataKeyIndex index) throws Exception {
    var f = RocksDataKeyIndex.class.getDeclaredField("dir");
    f.setAccessible(true);
    return f.get(index);
  }

  private static WrappedDataKey key(
      String id, Pseudonym owner, WrappedDataKey.Purpose purpose, int second) {
    boolean hold = purpose == WrappedDataKey.Purpose.LEGAL_HOLD;
    return new WrappedDataKey(
        id,
        owner,
        purpose,
        hold ? "ev-7" : null,
        hold ? "court order" : null,
        "mk-1",
        new byte[] {1, 2, (byte) second},
        Instant.ofEpochSecond(1_800_000_000L + second));
  }

  private static List<String> ids(List<WrappedDataKey> keys) {
    return keys.stream().map(WrappedDataKey::keyId).sorted().toList();
  }
}
