package dev.vigil.core.evidence;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Map;
import java.util.Set;

/**
 * Where the master key comes from. The two built-in sources are a key file and an environment
 * variable; a KMS does not hand out its key at all and plugs in one level up, as a {@link
 * KeyWrapper}.
 */
@FunctionalInterface
public interface MasterKeyProvider {
  /** The default environment variable. */
  String DEFAULT_ENV = "VIGIL_MASTER_KEY";

  /**
   * The master key.
   *
   * @throws IllegalStateException with a clear message when the key is missing or malformed
   */
  MasterKey masterKey();

  /**
   * Reads the key from {@code file} (base64 or hex, see {@link MasterKey#parse}). On POSIX file
   * systems the file must not be readable by group or others, as ssh insists for its private keys:
   * a readable master key file is a leak waiting to happen.
   *
   * <p>One exception, the shape a Kubernetes secret volume takes under a pod's {@code fsGroup}: the
   * kubelet owns the file (root) and adds group read for the fsGroup to whatever {@code
   * defaultMode} says (0400 becomes 0440). Such a file is accepted when it is owned by root, its
   * group is this process's own group, it is read-only for that group and others have no access at
   * all; anything else group-readable is refused.
   */
  static MasterKeyProvider fromFile(Path file) {
    return () -> {
      try {
        if (posix(file)) {
          Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
          if (perms.contains(PosixFilePermission.OTHERS_READ)
              || (perms.contains(PosixFilePermission.GROUP_READ) && !kubeletSecret(file, perms))) {
            throw new IllegalStateException(
                "master key file "
                    + file
                    + " is readable by group or others; restrict it with: chmod 600 "
                    + file
                    + " (in Kubernetes: a secret volume with defaultMode 0400 and the pod's fsGroup as the app's group)");
          }
        }
        return MasterKey.parse(Files.readString(file, StandardCharsets.UTF_8));
      } catch (NoSuchFileException e) {
        throw new IllegalStateException("master key file " + file + " does not exist");
      } catch (IOException e) {
        throw new IllegalStateException(
            "cannot read master key file " + file + ": " + e.getMessage());
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException("master key file " + file + ": " + e.getMessage());
      }
    };
  }

  /**
   * Whether {@code file} lives where POSIX permissions are kept. When the JDK cannot name the file
   * store (in a chroot {@code /proc/self/mounts} shows no mount point above the file), the file
   * system's answer is used: a key file's mode is checked rather than skipped. A missing file fails
   * when its mode is read, with the same NoSuchFileException.
   */
  private static boolean posix(Path file) {
    try {
      return Files.getFileStore(file).supportsFileAttributeView("posix");
    } catch (IOException e) {
      return file.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
  }

  /**
   * True for a key file as a Kubernetes secret volume presents it under {@code fsGroup}: owned by
   * root, group this process's effective group, no write or execute for group, nothing for others.
   */
  static boolean kubeletSecret(Path file, Set<PosixFilePermission> perms) {
    if (perms.contains(PosixFilePermission.GROUP_WRITE)
        || perms.contains(PosixFilePermission.GROUP_EXECUTE)
        || perms.contains(PosixFilePermission.OTHERS_READ)
        || perms.contains(PosixFilePermission.OTHERS_WRITE)
        || perms.contains(PosixFilePermission.OTHERS_EXECUTE)) {
      return false;
    }
    try {
      int owner = (Integer) Files.getAttribute(file, "unix:uid");
      int group = (Integer) Files.getAttribute(file, "unix:gid");
      // /proc/self belongs to the process's effective user and group.
      int ownGroup = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:gid");
      return owner == 0 && group == ownGroup;
    } catch (IOException
        | UnsupportedOperationException
        | IllegalArgumentException
        | ClassCastException e) {
      return false;
    }
  }

  /**
   * Reads the key from environment variable {@code name} of {@code env} (usually {@code
   * System.getenv()}).
   */
  static MasterKeyProvider fromEnvironment(Map<String, String> env, String name) {
    return () -> {
      String v = env.get(name);
      if (v == null || v.isBlank()) {
        throw new IllegalStateException(
            "environment variable " + name + " holding the master key is not set");
      }
      try {
        return MasterKey.parse(v);
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException("environment variable " + name + ": " + e.getMessage());
      }
    };
  }
}
