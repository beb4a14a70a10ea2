package dev.vigil.core.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MasterKeyProviderTest {
  @TempDir Path dir;

  @Test
  void readsAPrivateKeyFile() throws Exception {
    MasterKey k = MasterKey.generate();
    Path file = dir.resolve("master.key");
    Files.writeString(file, k.encode() + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    assertEquals(k.id(), MasterKeyProvider.fromFile(file).masterKey().id());
  }

  @Test
  void refusesAKeyFileOthersCanRead() throws Exception {
    Path file = dir.resolve("master.key");
    Files.writeString(file, MasterKey.generate().encode());
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> MasterKeyProvider.fromFile(file).masterKey());
    assertTrue(e.getMessage().contains("chmod 600"), e.getMessage());
  }

  @Test
  void missingAndMalformedKeysFailClearlyWithoutEchoingThem() throws Exception {
    assertTrue(assertThrows(IllegalStateException.class,
        () -> MasterKeyProvider.fromFile(dir.resolve("nope")).masterKey()).getMessage().contains("does not exist"));
    assertTrue(assertThrows(IllegalStateException.class,
        () -> MasterKeyProvider.fromEnvironment(Map.of(), "VIGIL_MASTER_KEY").masterKey())
        .getMessage().contains("VIGIL_MASTER_KEY"));
    IllegalStateException shortKey = assertThrows(IllegalStateException.class,
        () -> MasterKeyProvider.fromEnvironment(Map.of("K", "c2VjcmV0LXNob3J0"), "K").masterKey());
    assertTrue(shortKey.getMessage().contains("32 bytes"), shortKey.getMessage());
    assertFalse(shortKey.getMessage().contains("c2VjcmV0LXNob3J0"));
    IllegalStateException junk = assertThrows(IllegalStateException.class,
        () -> MasterKeyProvider.fromEnvironment(Map.of("K", "not base64 !!"), "K").masterKey());
    assertFalse(junk.getMessage().contains("not base64 !!"));
  }

  @Test
  void acceptsHexAndBase64OfTheSameKey() {
    MasterKey k = MasterKey.generate();
    String hex = HexFormat.of().formatHex(java.util.Base64.getDecoder().decode(k.encode()));
    assertEquals(k.id(), MasterKey.parse(hex).id());
    assertEquals(k.id(), MasterKeyProvider.fromEnvironment(Map.of("K", k.encode()), "K").masterKey().id());
    assertFalse(k.toString().contains(k.encode()));
  }
}
