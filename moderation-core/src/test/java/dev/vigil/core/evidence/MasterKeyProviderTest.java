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
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class, () -> MasterKeyProvider.fromFile(file).masterKey());
    assertTrue(e.getMessage().contains("chmod 600"), e.getMessage());
  }

  @Test
  void missingAndMalformedKeysFailClearlyWithoutEchoingThem() throws Exception {
    assertTrue(
        assertThrows(
                IllegalStateException.class,
                () -> MasterKeyProvider.fromFile(dir.resolve("nope")).masterKey())
            .getMessage()
            .contains("does not exist"));
    assertTrue(
        assertThrows(
                IllegalStateException.class,
                () -> MasterKeyProvider.fromEnvironment(Map.of(), "VIGIL_MASTER_KEY").masterKey())
            .getMessage()
            .contains("VIGIL_MASTER_KEY"));
    IllegalStateException shortKey =
        assertThrows(
            IllegalStateException.class,
            () ->
                MasterKeyProvider.fromEnvironment(Map.of("K", "c2VjcmV0LXNob3J0"), "K")
                    .masterKey());
    assertTrue(shortKey.getMessage().contains("32 bytes"), shortKey.getMessage());
    assertFalse(shortKey.getMessage().contains("c2VjcmV0LXNob3J0"));
    IllegalStateException junk =
        assertThrows(
            IllegalStateException.class,
            () -> MasterKeyProvider.fromEnvironment(Map.of("K", "not base64 !!"), "K").masterKey());
    assertFalse(junk.getMessage().contains("not base64 !!"));
  }

  @Test
  void acceptsHexAndBase64OfTheSameKey() {
    MasterKey k = MasterKey.generate();
    String hex = HexFormat.of().formatHex(java.util.Base64.getDecoder().decode(k.encode()));
    assertEquals(k.id(), MasterKey.parse(hex).id());
    assertEquals(
        k.id(), MasterKeyProvider.fromEnvironment(Map.of("K", k.encode()), "K").masterKey().id());
    assertFalse(k.toString().contains(k.encode()));
  }

  @Test
  void acceptsAKubernetesSecretUnderFsGroupButNoOtherGroupReadableFile() throws Exception {
    int uid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    int gid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:gid");
    MasterKey k = MasterKey.generate();
    Path file = dir.resolve("master.key");
    Files.writeString(file, k.encode());
    // What the kubelet makes of defaultMode 0400 under fsGroup: 0440, owned by root, group the
    // pod's fsGroup.
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--r-----"));
    boolean kubeletShape = uid == 0 && (Integer) Files.getAttribute(file, "unix:gid") == gid;
    if (kubeletShape) {
      assertEquals(k.id(), MasterKeyProvider.fromFile(file).masterKey().id());
    } else {
      assertThrows(
          IllegalStateException.class,
          () -> MasterKeyProvider.fromFile(file).masterKey(),
          "not owned by root");
    }
    for (String mode : new String[] {"r--rw----", "r--r--r--", "r--r-x---", "rw-r-----"}) {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
      boolean accepted =
          mode.equals("rw-r-----") && kubeletShape; // owner write is the owner's (root's) business
      if (!accepted) {
        assertThrows(
            IllegalStateException.class, () -> MasterKeyProvider.fromFile(file).masterKey(), mode);
      }
    }
    if (uid == 0) {
      // Group read for a group that is not this process's: refused.
      var groups = file.getFileSystem().getUserPrincipalLookupService();
      Files.getFileAttributeView(file, java.nio.file.attribute.PosixFileAttributeView.class)
          .setGroup(groups.lookupPrincipalByGroupName(gid == 65534 ? "daemon" : "nogroup"));
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--r-----"));
      assertThrows(
          IllegalStateException.class,
          () -> MasterKeyProvider.fromFile(file).masterKey(),
          "someone else's group");
    }
  }
}
