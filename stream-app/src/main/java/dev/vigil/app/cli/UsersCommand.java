package dev.vigil.app.cli;

import dev.vigil.app.auth.PasswordHash;
import dev.vigil.app.auth.Role;
import dev.vigil.app.auth.UsersFile;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code users}: manages the console's users file. There are no default users and no default
 * passwords.
 */
@Command(
    name = "users",
    mixinStandardHelpOptions = true,
    description = "Manages the console's users file (see run --users).",
    subcommands = {UsersCommand.Add.class, UsersCommand.Remove.class, UsersCommand.ListUsers.class})
final class UsersCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** {@code users add}: adds a user, or sets a new password and role for an existing one. */
  @Command(
      name = "add",
      mixinStandardHelpOptions = true,
      description = {
        "Adds a user (or replaces an existing user's password and role).",
        "The password is read from standard input (first line), or prompted for twice on a terminal."
      })
  static final class Add implements Callable<Integer> {
    static final int MIN_PASSWORD_LENGTH = 12;

    @Option(
        names = "--file",
        required = true,
        description = "Users file; created (owner-only) if missing.")
    Path file;

    @Option(
        names = "--name",
        required = true,
        description = "User name: letters, digits and . _ @ -, at most 64.")
    String name;

    @Option(names = "--role", required = true, description = "moderator, senior, auditor or admin.")
    String role;

    @Option(
        names = "--iterations",
        defaultValue = "" + PasswordHash.DEFAULT_ITERATIONS,
        description = "PBKDF2 iterations (default: ${DEFAULT-VALUE}).")
    int iterations;

    @Override
    public Integer call() throws IOException {
      Role r = Role.parse(role);
      UsersFile users = UsersFile.read(file);
      char[] password = readPassword();
      if (password == null || password.length < MIN_PASSWORD_LENGTH) {
        throw new IllegalArgumentException(
            "the password must have at least " + MIN_PASSWORD_LENGTH + " characters");
      }
      String hash;
      try {
        hash = PasswordHash.hash(password, iterations);
      } finally {
        Arrays.fill(password, '\0');
      }
      boolean added = users.put(new UsersFile.User(name, r, hash));
      users.write(file);
      System.out.println(
          (added ? "added " : "updated ") + name + " (" + r.label() + ") in " + file);
      if (!added) {
        System.out.println(
            "running apps end " + name + "'s sessions and cached logins when they re-read " + file);
      }
      return 0;
    }

    private static char[] readPassword() throws IOException {
      Console console = System.console();
      if (console != null) {
        char[] first = console.readPassword("Password: ");
        char[] again = console.readPassword("Again: ");
        if (first == null || !Arrays.equals(first, again)) {
          throw new IllegalArgumentException("the passwords differ");
        }
        return first;
      }
      BufferedReader in =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      String line = in.readLine();
      return line == null ? null : line.toCharArray();
    }
  }

  /**
   * {@code users remove}: deletes a user from the file; running apps end the user's sessions when
   * they re-read it.
   */
  @Command(
      name = "remove",
      mixinStandardHelpOptions = true,
      description = {
        "Removes a user. Running apps end the user's sessions and cached logins when they re-read the file.",
        "Exit code 3 if there is no such user (the file is left as it was)."
      })
  static final class Remove implements Callable<Integer> {
    @Option(names = "--file", required = true, description = "Users file.")
    Path file;

    @Option(names = "--name", required = true, description = "User name.")
    String name;

    @Override
    public Integer call() {
      if (!java.nio.file.Files.exists(file)) {
        System.err.println(file + ": no such users file");
        return ExitCodes.INPUT;
      }
      UsersFile users = UsersFile.read(file);
      if (!users.remove(name)) {
        System.err.println("no user " + name + " in " + file);
        return ExitCodes.INPUT;
      }
      users.write(file);
      System.out.println("removed " + name + " from " + file);
      System.out.println(
          "running apps end " + name + "'s sessions and cached logins when they re-read " + file);
      return ExitCodes.OK;
    }
  }

  /** {@code users list}: names and roles, never hashes. */
  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "Lists users and their roles.")
  static final class ListUsers implements Callable<Integer> {
    @Option(names = "--file", required = true, description = "Users file.")
    Path file;

    @Override
    public Integer call() {
      for (UsersFile.User u : UsersFile.read(file).users()) {
        System.out.println(u.name() + "\t" + u.role().label());
      }
      return 0;
    }
  }
}
