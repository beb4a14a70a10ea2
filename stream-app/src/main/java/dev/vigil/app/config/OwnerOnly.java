package dev.vigil.app.config;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files and directories that only their owner may read, with the permissions set when they are
 * created (never written first and restricted afterwards, which leaves a window in which anyone may
 * open them). On a file system without POSIX permissions they are created plainly.
 */
public final class OwnerOnly {
  public static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");
  public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

  private OwnerOnly() {}

  /**
   * Creates {@code dir} (and missing parents) as mode 0700, or restricts an existing one to 0700:
   * what lies inside (keys, Kafka logs) is then out of other users' reach whatever its own mode.
   * Refuses a symbolic link.
   */
  public static Path directory(Path dir) throws IOException {
    if (Files.isSymbolicLink(dir)) {
      throw new IOException(dir + " is a symbolic link; refusing to keep private data there");
    }
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      Path parent = dir.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      try {
        Files.createDirectory(dir, attribute(DIR));
      } catch (UnsupportedOperationException e) {
        Files.createDirectory(dir);
      } catch (FileAlreadyExistsException e) {
        // created meanwhile by someone else: restricted below
      }
    }
    if (posix(dir)) {
      Files.setPosixFilePermissions(dir, DIR);
    }
    return dir;
  }

  /**
   * Writes {@code content} to a new file {@code file} that is mode 0600 from its creation: written
   * under a temporary name, then linked to its name in one step that fails if {@code file} exists.
   *
   * @throws FileAlreadyExistsException when {@code file} exists (another process created it first)
   */
  public static void createFile(Path file, byte[] content) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp", attributes(dir, FILE));
    try {
      Files.write(
          tmp,
          content,
          StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING,
          StandardOpenOption.SYNC);
      try {
        Files.createLink(file, tmp); // atomic, and never replaces an existing file
      } catch (UnsupportedOperationException e) {
        Files.move(tmp, file); // fails if file exists
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * Whether {@code p}'s file system keeps POSIX permissions. The file store is asked first (a FAT
   * volume mounted on Linux has none); when the JDK cannot name the store (in a chroot, {@code
   * /proc/self/mounts} lists no mount point above the path, as in a container unpacked without a
   * runtime), the file system's own answer is used.
   */
  private static boolean posix(Path p) {
    try {
      return Files.getFileStore(p).supportsFileAttributeView("posix");
    } catch (IOException e) {
      return p.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
  }

  private static FileAttribute<?>[] attributes(Path dir, Set<PosixFilePermission> perms)
      throws IOException {
    return posix(dir) ? new FileAttribute<?>[] {attribute(perms)} : new FileAttribute<?>[0];
  }

  private static FileAttribute<Set<PosixFilePermission>> attribute(Set<PosixFilePermission> perms) {
    return PosixFilePermissions.asFileAttribute(perms);
  }
}
