package dev.vigil.app.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vigil.app.broker.EmbeddedBroker;
import dev.vigil.core.evidence.MasterKeyProvider;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Generated keys are 0600 from creation in a 0700 directory; the embedded broker's data directory
 * is 0700.
 */
class OwnerOnlyTest {
  @TempDir Path dir;

  static String mode(Path p) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  @Test
  void aGeneratedKeyIsOwnerOnlyInAnOwnerOnlyDirectory() throws Exception {
    Path key = dir.resolve("data").resolve("secrets").resolve("master.key");
    byte[] generated = Secrets.key(null, null, key);
    assertEquals(32, generated.length);
    assertEquals("rw-------", mode(key));
    assertEquals("rwx------", mode(key.getParent()));
    assertArrayEquals(generated, Secrets.key(null, null, key), "generated once, then read");
    MasterKeyProvider.fromFile(key).masterKey(); // the strict reader accepts it
    try (Stream<Path> files = Files.list(key.getParent())) {
      assertEquals(List.of(key), files.toList(), "no temporary file left behind");
    }
  }

  @Test
  void anOlderGroupReadableSecretsDirectoryAndKeyAreRestricted() throws Exception {
    Path secrets = Files.createDirectories(dir.resolve("secrets"));
    Files.setPosixFilePermissions(secrets, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path key = secrets.resolve("pseudonym.key");
    Secrets.key(null, null, key);
    assertEquals("rwx------", mode(secrets));
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
    Files.setPosixFilePermissions(secrets, PosixFilePermissions.fromString("rwxr-xr-x"));
    Secrets.key(null, null, key);
    assertEquals("rw-------", mode(key));
    assertEquals("rwx------", mode(secrets));
  }

  @Test
  void twoProcessesGeneratingAtOnceEndUpWithOneKey() throws Exception {
    Path key = dir.resolve("race").resolve("secrets").resolve("master.key");
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<byte[]>> keys = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        keys.add(
            pool.submit(
                () -> {
                  go.await();
                  return Secrets.key(null, null, key);
                }));
      }
      go.countDown();
      byte[] first = keys.get(0).get(10, TimeUnit.SECONDS);
      for (Future<byte[]> f : keys) {
        assertArrayEquals(first, f.get(10, TimeUnit.SECONDS));
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals("rw-------", mode(key));
  }

  @Test
  void createFileNeverReplacesAndRefusesASymlinkedDirectory() throws Exception {
    Path f = dir.resolve("k");
    OwnerOnly.createFile(f, new byte[] {1});
    assertThrows(FileAlreadyExistsException.class, () -> OwnerOnly.createFile(f, new byte[] {2}));
    assertArrayEquals(new byte[] {1}, Files.readAllBytes(f));
    Path link =
        Files.createSymbolicLink(
            dir.resolve("link"), Files.createDirectories(dir.resolve("elsewhere")));
    assertThrows(java.io.IOException.class, () -> OwnerOnly.directory(link));
  }

  @Test
  void theEmbeddedBrokersDataDirectoryIsOwnerOnly() throws Exception {
    Path data = dir.resolve("kafka");
    try (EmbeddedBroker broker = new EmbeddedBroker(0, data).start()) {
      assertEquals("rwx------", mode(data));
    }
  }
}
