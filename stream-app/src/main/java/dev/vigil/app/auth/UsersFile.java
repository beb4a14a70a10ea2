package dev.vigil.app.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The console's users, one per line: {@code name:role:hash} (see {@link PasswordHash}); lines
 * starting with {@code #} are comments. There are no default users and no default passwords: the
 * file is written only by the {@code users add} command, atomically and readable by its owner only.
 */
public final class UsersFile {
  /**
   * User names are plain identifiers, so they are safe in logs, audit records and the file format.
   */
  public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");

  /** One user: name, role and password hash. */
  public record User(String name, Role role, String passwordHash) {
    @Override
    public String toString() {
      return "User[" + name + ", " + role.label() + "]";
    }
  }

  private final Map<String, User> users;

  private UsersFile(Map<String, User> users) {
    this.users = users;
  }

  public static UsersFile empty() {
    return new UsersFile(new LinkedHashMap<>());
  }

  /**
   * Reads {@code file}; a missing file is an empty one. Throws naming the line at fault otherwise.
   */
  public static UsersFile read(Path file) {
    Map<String, User> users = new LinkedHashMap<>();
    if (!Files.exists(file)) {
      return new UsersFile(users);
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read users file " + file + ": " + e.getMessage(), e);
    }
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] parts = line.split(":", 3);
      try {
        if (parts.length != 3) {
          throw new IllegalArgumentException("expected name:role:hash");
        }
        checkName(parts[0]);
        PasswordHash.validate(parts[2]);
        users.put(parts[0], new User(parts[0], Role.parse(parts[1]), parts[2]));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(file + " line " + (i + 1) + ": " + e.getMessage(), e);
      }
    }
    return new UsersFile(users);
  }

  static void checkName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "user name must be 1-64 characters of letters, digits and . _ @ -, starting with a letter or digit");
    }
  }

  public Optional<User> get(String name) {
    return Optional.ofNullable(users.get(name));
  }

  public int size() {
    return users.size();
  }

  public List<User> users() {
    return List.copyOf(users.values());
  }

  /** Adds or replaces a user; returns true if the name was new. */
  public boolean put(User user) {
    checkName(user.name());
    PasswordHash.validate(user.passwordHash());
    return users.put(user.name(), user) == null;
  }

  /** Removes a user; returns false if there was none of that name. */
  public boolean remove(String name) {
    return users.remove(name) != null;
  }

  /**
   * Writes the file atomically (temp file, then rename), owner read/write only where the file
   * system allows.
   */
  public void write(Path file) {
    List<String> lines = new ArrayList<>();
    lines.add(
        "# Vigil console users: name:role:pbkdf2-sha256$iterations$salt$hash. Manage with `users add` and `users remove`.");
    for (User u : users.values()) {
      lines.add(u.name() + ":" + u.role().label() + ":" + u.passwordHash());
    }
    try {
      Path dir = file.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      Path tmp = dir.resolve(file.getFileName() + ".tmp");
      Files.deleteIfExists(tmp);
      try {
        Files.createFile(
            tmp,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (UnsupportedOperationException | FileAlreadyExistsException e) {
        Files.deleteIfExists(tmp);
        Files.createFile(tmp);
      }
      Files.write(tmp, lines, StandardCharsets.UTF_8);
      try {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write users file " + file + ": " + e.getMessage(), e);
    }
  }
}
