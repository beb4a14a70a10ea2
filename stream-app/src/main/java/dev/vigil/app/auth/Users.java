package dev.vigil.app.auth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The users a running app accepts, read from the users file and re-read when it changes, so {@code users add}
 * takes effect without a restart. A file that fails to parse is reported and the previous users stay in force.
 */
public final class Users {
  private static final Logger LOG = LoggerFactory.getLogger(Users.class);

  private final Path file;
  private volatile UsersFile current;
  private volatile FileTime loadedAt;

  private Users(Path file, UsersFile initial, FileTime loadedAt) {
    this.file = file;
    this.current = initial;
    this.loadedAt = loadedAt;
  }

  /** Reads {@code file} now (failing when it is invalid); null means no users at all. */
  public static Users from(Path file) {
    if (file == null) {
      return new Users(null, UsersFile.empty(), null);
    }
    return new Users(file, UsersFile.read(file), mtime(file));
  }

  /** The user with this name and password, if both are right. Costs one slow hash either way. */
  public Optional<UsersFile.User> authenticate(String name, char[] password) {
    try {
      Optional<UsersFile.User> user = refreshed().get(name == null ? "" : name);
      String hash = user.map(UsersFile.User::passwordHash).orElse(PasswordHash.decoy());
      boolean ok = PasswordHash.verify(password, hash);
      return ok ? user : Optional.empty();
    } finally {
      PasswordHash.wipe(password);
    }
  }

  public Optional<UsersFile.User> get(String name) {
    return refreshed().get(name);
  }

  public int size() {
    return refreshed().size();
  }

  private UsersFile refreshed() {
    if (file != null) {
      FileTime now = mtime(file);
      if (now != null && !now.equals(loadedAt)) {
        synchronized (this) {
          if (!now.equals(loadedAt)) {
            try {
              current = UsersFile.read(file);
              LOG.info("users file {} reloaded: {} users", file, current.size());
            } catch (RuntimeException e) {
              LOG.error("users file {} is invalid, keeping the previous users: {}", file, e.getMessage());
            }
            loadedAt = now;
          }
        }
      }
    }
    return current;
  }

  private static FileTime mtime(Path file) {
    try {
      return Files.exists(file) ? Files.getLastModifiedTime(file) : null;
    } catch (IOException e) {
      return null;
    }
  }
}
