package dev.vigil.app.http;

import dev.vigil.app.auth.PasswordHash;
import dev.vigil.app.auth.Role;
import dev.vigil.app.auth.UsersFile;

/** Users files for the login and session tests: hashed at the least work the hash allows. */
final class TestUsers {
  private TestUsers() {}

  /** A users file with one moderator; add others with {@link UsersFile#put}. */
  static UsersFile moderator(String name, String password) {
    UsersFile users = UsersFile.empty();
    users.put(
        new UsersFile.User(
            name,
            Role.MODERATOR,
            PasswordHash.hash(password.toCharArray(), PasswordHash.MIN_ITERATIONS)));
    return users;
  }
}
