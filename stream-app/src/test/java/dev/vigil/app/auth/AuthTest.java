package dev.vigil.app.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthTest {
  @TempDir Path dir;

  @Test
  void passwordHashesAreSaltedSlowAndVerifiedExactly() {
    String a = PasswordHash.hash("s3cret-password".toCharArray(), PasswordHash.MIN_ITERATIONS);
    String b = PasswordHash.hash("s3cret-password".toCharArray(), PasswordHash.MIN_ITERATIONS);
    assertNotEquals(a, b, "fresh salt each time");
    assertTrue(a.startsWith("pbkdf2-sha256$10000$"));
    assertTrue(PasswordHash.verify("s3cret-password".toCharArray(), a));
    assertFalse(PasswordHash.verify("s3cret-passwore".toCharArray(), a));
    assertThrows(IllegalArgumentException.class, () -> PasswordHash.hash("x".toCharArray(), 1000));
    assertThrows(
        IllegalArgumentException.class,
        () -> PasswordHash.validate(a.replace("$10000$", "$1000$")));
    assertThrows(IllegalArgumentException.class, () -> PasswordHash.validate("md5$abc"));
  }

  @Test
  void usersFileRoundTripsOwnerOnlyAndNamesBadLines() throws Exception {
    UsersFile users = UsersFile.empty();
    users.put(
        new UsersFile.User(
            "alice", Role.MODERATOR, PasswordHash.hash("pw-alice-1234".toCharArray(), 10_000)));
    users.put(
        new UsersFile.User(
            "sue", Role.SENIOR, PasswordHash.hash("pw-sue-123456".toCharArray(), 10_000)));
    Path file = dir.resolve("users.txt");
    users.write(file);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    UsersFile read = UsersFile.read(file);
    assertEquals(List.of("alice", "sue"), read.users().stream().map(UsersFile.User::name).toList());
    assertEquals(Role.SENIOR, read.get("sue").orElseThrow().role());
    assertFalse(
        read.get("sue").orElseThrow().toString().contains("pbkdf2"), "hashes stay out of toString");

    Users live = Users.from(file);
    assertTrue(live.authenticate("alice", "pw-alice-1234".toCharArray()).isPresent());
    assertTrue(live.authenticate("alice", "pw-sue-123456".toCharArray()).isEmpty());
    assertTrue(live.authenticate("mallory", "pw-alice-1234".toCharArray()).isEmpty());

    Files.writeString(
        file,
        Files.readString(file)
            + "bob:janitor:"
            + read.get("sue").orElseThrow().passwordHash()
            + "\n");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> UsersFile.read(file));
    assertTrue(
        e.getMessage().contains("line 4") && e.getMessage().contains("role"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () ->
            users.put(
                new UsersFile.User(
                    "a b", Role.ADMIN, read.get("sue").orElseThrow().passwordHash())));
    assertTrue(
        UsersFile.read(dir.resolve("missing")).users().isEmpty(), "no file, no users, no defaults");
  }

  @Test
  void throttleLocksOutAfterFreeFailuresAndBacksOff() {
    Instant[] now = {Instant.parse("2026-01-01T00:00:00Z")};
    Clock clock =
        new Clock() {
          @Override
          public ZoneOffset getZone() {
            return ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(java.time.ZoneId zone) {
            return this;
          }

          @Override
          public Instant instant() {
            return now[0];
          }
        };
    LoginThrottle t = new LoginThrottle(clock, 3);
    t.failed("k");
    t.failed("k");
    assertEquals(Duration.ZERO, t.wait("k"));
    t.failed("k");
    assertEquals(LoginThrottle.BASE_LOCKOUT, t.wait("k"));
    t.failed("k");
    assertEquals(LoginThrottle.BASE_LOCKOUT.multipliedBy(2), t.wait("k"));
    for (int i = 0; i < 20; i++) {
      t.failed("k");
    }
    assertEquals(LoginThrottle.MAX_LOCKOUT, t.wait("k"));
    now[0] = now[0].plus(LoginThrottle.MAX_LOCKOUT);
    assertEquals(Duration.ZERO, t.wait("k"));
    t.succeeded("k");
    t.failed("k");
    assertEquals(Duration.ZERO, t.wait("k"), "a success starts the count again");
    assertEquals(Duration.ZERO, t.wait("other"));
  }

  @Test
  void sessionsExpireWhenIdleOrOldAndAnyInstanceWithTheKeyReadsThem() {
    byte[] key = "shared-secret-of-all-instances".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    UsersFile.User alice = new UsersFile.User("alice", Role.MODERATOR, "pbkdf2$x");
    Sessions a = new Sessions(Clock.fixed(t0, ZoneOffset.UTC), key);
    Sessions.Session session = a.create(alice);
    assertNotEquals(session.id(), session.csrfToken());
    assertEquals(a.stampOf(alice), session.stamp());

    Sessions b = new Sessions(Clock.fixed(t0.plusSeconds(30), ZoneOffset.UTC), key);
    Sessions.Session onB = b.get(session.id()).orElseThrow();
    assertEquals("alice", onB.principal().name());
    assertEquals(session.csrfToken(), onB.csrfToken(), "every instance derives the same token");
    assertFalse(onB.reissued(), "used within a minute: the same cookie");

    Sessions other =
        new Sessions(Clock.fixed(t0, ZoneOffset.UTC), "another-deployment-key".getBytes());
    assertTrue(other.get(session.id()).isEmpty(), "another key does not accept it");
    String tampered = session.id().replace("v1.", "v1.A");
    assertTrue(a.get(tampered).isEmpty());
    assertTrue(a.get("forged").isEmpty());

    Sessions later =
        new Sessions(Clock.fixed(t0.plus(Sessions.IDLE).plusSeconds(1), ZoneOffset.UTC), key);
    assertTrue(later.get(session.id()).isEmpty(), "idle too long");

    // Used every 20 minutes: re-issued each time, alive until the absolute limit.
    String cookie = session.id();
    Instant now = t0;
    while (now.plus(Duration.ofMinutes(20)).isBefore(t0.plus(Sessions.ABSOLUTE))) {
      now = now.plus(Duration.ofMinutes(20));
      Sessions.Session s =
          new Sessions(Clock.fixed(now, ZoneOffset.UTC), key).get(cookie).orElseThrow();
      assertTrue(s.reissued());
      cookie = s.id();
    }
    Sessions past =
        new Sessions(Clock.fixed(t0.plus(Sessions.ABSOLUTE).plusSeconds(1), ZoneOffset.UTC), key);
    assertTrue(past.get(cookie).isEmpty(), "12 hours after login, however used");

    a.remove(session.id());
    assertTrue(a.get(session.id()).isEmpty(), "logged out here");
    UsersFile.User changed = new UsersFile.User("alice", Role.MODERATOR, "pbkdf2$y");
    assertNotEquals(a.stampOf(alice), a.stampOf(changed), "a new password, a new stamp");
  }
}
