package dev.vigil.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.app.auth.Role;
import dev.vigil.app.auth.Users;
import dev.vigil.app.auth.UsersFile;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UsersCommandTest {
  @TempDir Path dir;

  private int run(String stdin, String... args) {
    InputStream saved = System.in;
    System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
    try {
      return Main.execute(args);
    } finally {
      System.setIn(saved);
    }
  }

  @Test
  void addsUsersWithPasswordsFromStdinAndNeverStoresThePassword() throws Exception {
    Path file = dir.resolve("users.txt");
    assertEquals(
        0,
        run(
            "a long passphrase\n",
            "users",
            "add",
            "--file",
            file.toString(),
            "--name",
            "alice",
            "--role",
            "moderator",
            "--iterations",
            "10000"));
    assertEquals(
        0,
        run(
            "another passphrase\n",
            "users",
            "add",
            "--file",
            file.toString(),
            "--name",
            "sue",
            "--role",
            "SENIOR",
            "--iterations",
            "10000"));
    String content = Files.readString(file);
    assertTrue(
        !content.contains("a long passphrase")
            && content.contains("alice:moderator:pbkdf2-sha256$10000$"),
        content);
    Users users = Users.from(file);
    assertTrue(users.authenticate("alice", "a long passphrase".toCharArray()).isPresent());
    assertEquals(Role.SENIOR, UsersFile.read(file).get("sue").orElseThrow().role());

    assertNotEquals(
        0,
        run(
            "short\n",
            "users",
            "add",
            "--file",
            file.toString(),
            "--name",
            "bob",
            "--role",
            "moderator"),
        "weak password refused");
    assertNotEquals(
        0,
        run(
            "a long passphrase\n",
            "users",
            "add",
            "--file",
            file.toString(),
            "--name",
            "bob",
            "--role",
            "janitor"),
        "unknown role refused");
    assertNotEquals(
        0,
        run("", "users", "add", "--file", file.toString(), "--name", "bob", "--role", "moderator"),
        "no password, no user");
    assertEquals(2, UsersFile.read(file).size());

    assertEquals(
        0,
        run(
            "a new passphrase!\n",
            "users",
            "add",
            "--file",
            file.toString(),
            "--name",
            "alice",
            "--role",
            "admin",
            "--iterations",
            "10000"));
    assertTrue(
        Users.from(file).authenticate("alice", "a new passphrase!".toCharArray()).isPresent());
    assertEquals(Role.ADMIN, UsersFile.read(file).get("alice").orElseThrow().role());
  }

  @Test
  void aPasswordChangedWithTheCommandTellsARunningAppWhoseSessionsToEnd() throws Exception {
    Path file = dir.resolve("users.txt");
    assertEquals(
        0,
        run(
            "a long passphrase\n",
            "users",
            "add",
            "--file",
            file.toString(),
            "--name",
            "alice",
            "--role",
            "moderator",
            "--iterations",
            "10000"));
    assertEquals(
        0,
        run(
            "another passphrase\n",
            "users",
            "add",
            "--file",
            file.toString(),
            "--name",
            "sue",
            "--role",
            "senior",
            "--iterations",
            "10000"));
    Users running = Users.from(file);
    java.util.List<java.util.Set<String>> told = new java.util.concurrent.CopyOnWriteArrayList<>();
    running.onChange(told::add);

    assertEquals(
        0,
        run(
            "a changed passphrase\n",
            "users",
            "add",
            "--file",
            file.toString(),
            "--name",
            "alice",
            "--role",
            "moderator",
            "--iterations",
            "10000"));
    Files.setLastModifiedTime(
        file, java.nio.file.attribute.FileTime.from(java.time.Instant.now().plusSeconds(2)));
    running.refresh();
    assertEquals(
        java.util.List.of(java.util.Set.of("alice")),
        told,
        "alice's password changed; sue's did not");
  }

  @Test
  void removesAUserAndKeepsTheOthers() throws Exception {
    Path file = dir.resolve("users.txt");
    for (String name : new String[] {"alice", "bob"}) {
      assertEquals(
          0,
          run(
              "a long passphrase\n",
              "users",
              "add",
              "--file",
              file.toString(),
              "--name",
              name,
              "--role",
              "moderator",
              "--iterations",
              "10000"));
    }
    assertEquals(0, run("", "users", "remove", "--file", file.toString(), "--name", "alice"));
    UsersFile users = UsersFile.read(file);
    assertEquals(1, users.size());
    assertTrue(users.get("alice").isEmpty());
    assertTrue(users.get("bob").isPresent());
    assertEquals(
        ExitCodes.INPUT,
        run("", "users", "remove", "--file", file.toString(), "--name", "alice"),
        "no such user");
    assertEquals(1, UsersFile.read(file).size());
    assertEquals(
        ExitCodes.INPUT,
        run("", "users", "remove", "--file", dir.resolve("none.txt").toString(), "--name", "bob"));
    assertEquals(ExitCodes.USAGE, run("", "users", "remove", "--file", file.toString()));
  }
}
