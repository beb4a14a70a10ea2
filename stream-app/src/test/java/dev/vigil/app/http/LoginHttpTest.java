package dev.vigil.app.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.app.auth.PasswordHash;
import dev.vigil.app.auth.Role;
import dev.vigil.app.auth.Sessions;
import dev.vigil.app.auth.Users;
import dev.vigil.app.auth.UsersFile;
import dev.vigil.app.events.AuditEvent;
import dev.vigil.app.json.Json;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Login over real HTTP against the API's auth alone (no Kafka): what the audit records of unknown
 * names, that no session exists without its audit record, and that a password change ends sessions
 * and cached Basic logins.
 */
class LoginHttpTest {
  static final String PW = "alice-password-1";
  static final String BOB_PW = "bob-password-123";

  @TempDir Path dir;
  Path file;
  Javalin app;
  String base;
  final List<Map.Entry<String, AuditEvent>> audit = new CopyOnWriteArrayList<>();
  final AtomicBoolean auditDown = new AtomicBoolean();
  final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() {
    file = dir.resolve("users.txt");
    UsersFile users = TestUsers.moderator("alice", PW);
    users.put(
        new UsersFile.User(
            "bob",
            Role.SENIOR,
            PasswordHash.hash(BOB_PW.toCharArray(), PasswordHash.MIN_ITERATIONS)));
    users.write(file);
    Clock clock = Clock.systemUTC();
    RequestAuth auth =
        new RequestAuth(
            Users.from(file),
            new Sessions(clock, "0123456789abcdef-test-key".getBytes(StandardCharsets.UTF_8)),
            null,
            false,
            clock,
            (key, event) -> {
              if (auditDown.get()) {
                throw new IllegalStateException("audit event not stored: broker down");
              }
              audit.add(Map.entry(key, event));
            });
    ReviewApi api = LoginOnlyApi.of(auth, clock);
    app = Javalin.create(c -> c.showJavalinBanner = false);
    api.install(app);
    app.start("127.0.0.1", 0);
    base = "http://127.0.0.1:" + app.port();
  }

  @AfterEach
  void stop() {
    app.stop();
  }

  @Test
  void aNameThatIsNoUserIsAuditedAsAnUnknownUserWithoutTheName() throws Exception {
    String typedPassword = "Tr0ub4dor-and-3"; // a password typed into the name field
    assertEquals(401, login(typedPassword, "whatever").statusCode());
    assertEquals(401, login("alice", "wrong-password").statusCode());
    assertEquals(2, audit.size());
    assertEquals("user:" + RequestAuth.UNKNOWN_USER, audit.get(0).getKey());
    assertEquals(RequestAuth.UNKNOWN_USER, audit.get(0).getValue().actor());
    assertEquals("denied", audit.get(0).getValue().result());
    assertEquals("alice", audit.get(1).getValue().actor(), "an existing user's name is kept");
    for (Map.Entry<String, AuditEvent> e : audit) {
      String all = e.getKey() + Json.MAPPER.writeValueAsString(e.getValue());
      assertFalse(all.contains(typedPassword), all);
    }
  }

  @Test
  void aLoginWhoseAuditFailsCreatesNoSession() throws Exception {
    auditDown.set(true);
    HttpResponse<String> refused = login("alice", PW);
    assertEquals(503, refused.statusCode(), refused.body());
    assertTrue(refused.headers().firstValue("Set-Cookie").isEmpty(), "no session cookie");
    auditDown.set(false);
    HttpResponse<String> in = login("alice", PW);
    assertEquals(200, in.statusCode(), in.body());
    assertEquals(1, audit.stream().filter(e -> e.getValue().result().equals("applied")).count());
  }

  @Test
  void aPasswordChangeEndsTheUsersSessionsAndCachedBasicLogins() throws Exception {
    String alice = cookie(login("alice", PW));
    String bob = cookie(login("bob", BOB_PW));
    assertEquals(200, get("Cookie", alice).statusCode());
    assertEquals(
        200, get("Authorization", basic("alice", PW)).statusCode(), "Basic login now cached");

    UsersFile users = UsersFile.read(file);
    users.put(
        new UsersFile.User(
            "alice",
            Role.MODERATOR,
            PasswordHash.hash("a-new-password-2".toCharArray(), PasswordHash.MIN_ITERATIONS)));
    users.write(file);
    Files.setLastModifiedTime(
        file, FileTime.from(Instant.now().plusSeconds(2))); // a new mtime however coarse

    assertEquals(401, get("Cookie", alice).statusCode(), "session ended by the password change");
    assertEquals(
        401, get("Authorization", basic("alice", PW)).statusCode(), "cached Basic login dropped");
    assertEquals(200, get("Authorization", basic("alice", "a-new-password-2")).statusCode());
    assertEquals(200, get("Cookie", bob).statusCode(), "other users keep their sessions");
  }

  private HttpResponse<String> login(String name, String password) throws Exception {
    String body = Json.object().put("name", name).put("password", password).toString();
    return http.send(
        HttpRequest.newBuilder(URI.create(base + "/api/session"))
            .header("X-Requested-By", "test")
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String header, String value) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(base + "/api/session"))
            .header(header, value)
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String cookie(HttpResponse<String> r) {
    assertEquals(200, r.statusCode(), r.body());
    return r.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
  }

  private static String basic(String name, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((name + ":" + password).getBytes(StandardCharsets.UTF_8));
  }
}
