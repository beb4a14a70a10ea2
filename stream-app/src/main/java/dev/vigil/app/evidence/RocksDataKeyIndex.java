package dev.vigil.app.evidence;

import dev.vigil.core.evidence.DataKeyIndex;
import dev.vigil.core.evidence.WrappedDataKey;
import dev.vigil.core.privacy.Pseudonym;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * A {@link DataKeyIndex} in a local RocksDB (the embedded store Kafka Streams already ships), so
 * that the heap does not grow with the number of authors who ever had evidence sealed: on the heap
 * that cost about a kilobyte per author, and a platform blocks posts of millions of authors over an
 * evidence retention of years.
 *
 * <p>The index is a cache of the data-key topic, which stays the only durable copy: it is emptied
 * when opened and rebuilt by reading the topic, and writes skip RocksDB's write-ahead log. Three
 * kinds of row, by a one-byte prefix: {@code k<keyId>} = the wrapped key's JSON, {@code
 * o<owner>\0<keyId>} = an owner's key (ownedBy is a prefix scan), {@code d<keyId>} = a destroyed
 * key.
 */
public final class RocksDataKeyIndex implements DataKeyIndex, AutoCloseable {
  static {
    RocksDB.loadLibrary();
  }

  private static final byte KEY = 'k';
  private static final byte OWNER = 'o';
  private static final byte DESTROYED = 'd';
  private static final byte[] EMPTY = new byte[0];

  private final Path dir;
  private final boolean deleteOnClose;
  private final Options options;
  private final WriteOptions writeOptions;
  private final RocksDB db;

  private RocksDataKeyIndex(Path dir, boolean deleteOnClose) {
    this.dir = dir;
    this.deleteOnClose = deleteOnClose;
    deleteTree(dir);
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the data key index directory " + dir, e);
    }
    options =
        new Options()
            .setCreateIfMissing(true)
            .setWriteBufferSize(4L << 20)
            .setMaxWriteBufferNumber(2);
    writeOptions = new WriteOptions().setDisableWAL(true);
    try {
      db = RocksDB.open(options, dir.toString());
    } catch (RocksDBException e) {
      options.close();
      writeOptions.close();
      throw new IllegalStateException(
          "cannot open the data key index in " + dir + ": " + e.getMessage(), e);
    }
  }

  /** An empty index in {@code dir}, whose previous content (a cache of the topic) is deleted. */
  public static RocksDataKeyIndex open(Path dir) {
    return new RocksDataKeyIndex(dir, false);
  }

  /**
   * An empty index in a temporary directory, deleted on close: for tools that read the keys once.
   */
  public static RocksDataKeyIndex temporary() {
    try {
      return new RocksDataKeyIndex(Files.createTempDirectory("vigil-datakeys"), true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary data key index", e);
    }
  }

  @Override
  public Optional<WrappedDataKey> get(String keyId) {
    byte[] json = read(row(KEY, keyId));
    return json == null ? Optional.empty() : Optional.of(WrappedDataKey.fromJson(json));
  }

  @Override
  public List<WrappedDataKey> ownedBy(Pseudonym owner) {
    byte[] prefix = row(OWNER, owner.value() + '\0');
    List<WrappedDataKey> out = new ArrayList<>(1);
    try (RocksIterator it = db.newIterator()) {
      for (it.seek(prefix); it.isValid() && startsWith(it.key(), prefix); it.next()) {
        byte[] k = it.key();
        String keyId =
            new String(k, prefix.length, k.length - prefix.length, StandardCharsets.UTF_8);
        get(keyId).ifPresent(out::add);
      }
    }
    return out;
  }

  @Override
  public synchronized void put(WrappedDataKey key) {
    try (WriteBatch batch = new WriteBatch()) {
      get(key.keyId())
          .filter(previous -> !previous.owner().equals(key.owner()))
          .ifPresent(previous -> delete(batch, ownerRow(previous)));
      batch.put(row(KEY, key.keyId()), key.toJson());
      batch.put(ownerRow(key), EMPTY);
      batch.delete(row(DESTROYED, key.keyId()));
      db.write(writeOptions, batch);
    } catch (RocksDBException e) {
      throw failed("store data key " + key.keyId(), e);
    }
  }

  @Override
  public synchronized void destroy(String keyId) {
    try (WriteBatch batch = new WriteBatch()) {
      get(keyId).ifPresent(previous -> delete(batch, ownerRow(previous)));
      batch.delete(row(KEY, keyId));
      batch.put(row(DESTROYED, keyId), EMPTY);
      db.write(writeOptions, batch);
    } catch (RocksDBException e) {
      throw failed("destroy data key " + keyId, e);
    }
  }

  @Override
  public boolean wasDestroyed(String keyId) {
    return read(row(DESTROYED, keyId)) != null;
  }

  @Override
  public void close() {
    db.close();
    writeOptions.close();
    options.close();
    if (deleteOnClose) {
      deleteTree(dir);
    }
  }

  private byte[] read(byte[] row) {
    try {
      return db.get(row);
    } catch (RocksDBException e) {
      throw failed("read the data key index", e);
    }
  }

  private static void delete(WriteBatch batch, byte[] row) {
    try {
      batch.delete(row);
    } catch (RocksDBException e) {
      throw failed("update the data key index", e);
    }
  }

  private static byte[] ownerRow(WrappedDataKey key) {
    return row(OWNER, key.owner().value() + '\0' + key.keyId());
  }

  private static byte[] row(byte kind, String id) {
    byte[] s = id.getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[s.length + 1];
    out[0] = kind;
    System.arraycopy(s, 0, out, 1, s.length);
    return out;
  }

  private static boolean startsWith(byte[] a, byte[] prefix) {
    return a.length >= prefix.length
        && Arrays.equals(a, 0, prefix.length, prefix, 0, prefix.length);
  }

  private static IllegalStateException failed(String what, RocksDBException e) {
    return new IllegalStateException("could not " + what + ": " + e.getMessage(), e);
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot empty the data key index directory " + dir, e);
    }
  }
}
