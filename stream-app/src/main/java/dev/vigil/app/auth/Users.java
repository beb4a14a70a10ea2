package dev.vigil.app.auth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The users a running app accepts, read from the users file and re-read when it changes, so {@code
 * users add} takes effect without a restart. A file that fails to parse is reported and the
 * previous users stay in force. When a reload removes a user or changes their password or role, the
 * {@link #onChange} listeners hear the names, so sessions and cached logins of those users end at
 * once.
 */
public final class Users {
  private static final Logger LOG = LoggerFactory.getLogger(Users.class);

  private final Path file;
  private volatile UsersFile current;
  private volatile FileTime loadedAt;
  private final List<Consumer<Set<String>>> listeners = new CopyOnWriteArrayList<>();

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

  /**
   * Calls {@code listener} with the names of users removed, or whose password or role changed, at
   * each reload.
   */
  public void onChange(Consumer<Set<String>> listener) {
    listeners.add(listener);
  }

  /**
   * Re-reads the file if it changed (telling the listeners), so what follows sees the current
   * users.
   */
  public void refresh() {
    refreshed();
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
              UsersFile before = current;
              current = UsersFile.read(file);
              LOG.info("users file {} reloaded: {} users", file, current.size());
              Set<String> changed = changed(before, current);
              if (!changed.isEmpty()) {
                LOG.info(
                    "password or role changed or user removed: ending sessions of {} user(s)",
                    changed.size());
                listeners.forEach(l -> l.accept(changed));
              }
            } catch (RuntimeException e) {
              LOG.error(
                  "users file {} is invalid, keeping the previous users: {}", file, e.getMessage());
            }
            loadedAt = now;
          }
        }
      }
    }
    return current;
  }

  private static Set<String> changed(UsersFile before, UsersFile after) {
    Set<String> changed = new HashSet<>();
    for (UsersFile.User u : before.users()) {
      Optional<UsersFile.User> now = after.get(u.name());
      if (now.isEmpty()
          || now.get().role() != u.role()
          || !now.get().passwordHash().equals(u.passwordHash())) {
        changed.add(u.name());
      }
    }
    return Set.copyOf(changed);
  }

  private static FileTime mtime(Path file) {
    try {
      return Files.exists(file) ? Files.getLastModifiedTime(file) : null;
    } catch (IOException e) {
      return null;
    }
  }
}
