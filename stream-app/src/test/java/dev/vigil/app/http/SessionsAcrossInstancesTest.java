package dev.vigil.app.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.app.auth.PasswordHash;
import dev.vigil.app.auth.Role;
import dev.vigil.app.auth.Sessions;
import dev.vigil.app.auth.Users;
import dev.vigil.app.auth.UsersFile;
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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two instances behind one address with no session affinity, as three replicas behind a Service
 * are: a round-robin proxy sends each request to the next instance. A moderator who logged in on
 * one stays logged in on the other; the CSRF token works on both; a password change ends the
 * session on both; an instance with another key accepts none of it.
 */
class SessionsAcrossInstancesTest {
  static final String PW = "alice-password-1";
  static final byte[] KEY = "the-pseudonym-key-all-pods-share".getBytes(StandardCharsets.UTF_8);

  @TempDir Path dir;
  Path file;
  final List<Javalin> instances = new ArrayList<>();
  RoundRobinProxy proxy;
  String base;
  final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    file = dir.resolve("users.txt");
    UsersFile users = TestUsers.moderator("alice", PW);
    users.write(file);
    instances.add(instance(KEY));
    instances.add(instance(KEY));
    proxy =
        new RoundRobinProxy(List.of(() -> instances.get(0).port(), () -> instances.get(1).port()));
    base = proxy.base();
  }

  @AfterEach
  void stop() {
    proxy.close();
    instances.forEach(Javalin::stop);
  }

  Javalin instance(byte[] key) {
    Clock clock = Clock.systemUTC();
    RequestAuth auth =
        new RequestAuth(
            Users.from(file), new Sessions(clock, key), null, false, clock, (k, event) -> {});
    ReviewApi api = LoginOnlyApi.of(auth, clock);
    Javalin app = Javalin.create(c -> c.showJavalinBanner = false);
    api.install(app);
    return app.start("127.0.0.1", 0);
  }

  @Test
  void aSessionOpenedOnOneInstanceWorksOnEveryInstance() throws Exception {
    HttpResponse<String> in = send("POST", loginBody(), null, null);
    assertEquals(200, in.statusCode(), in.body());
    String cookie = in.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
    String csrf = Json.MAPPER.readTree(in.body()).get("csrfToken").asText();
    for (int i = 0; i < 6; i++) {
      HttpResponse<String> me = send("GET", null, cookie, null);
      assertEquals(200, me.statusCode(), "request " + i + ": " + me.body());
      assertEquals(csrf, Json.MAPPER.readTree(me.body()).get("csrfToken").asText());
    }
    assertTrue(proxy.perInstance[0] >= 3 && proxy.perInstance[1] >= 3, "both instances answered");
    // A state-changing request with the token, wherever it lands: logout.
    assertEquals(204, send("DELETE", null, cookie, csrf).statusCode());
  }

  @Test
  void aPasswordChangeEndsTheSessionOnEveryInstance() throws Exception {
    HttpResponse<String> in = send("POST", loginBody(), null, null);
    String cookie = in.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
    assertEquals(200, send("GET", null, cookie, null).statusCode());
    UsersFile users = UsersFile.read(file);
    users.put(
        new UsersFile.User(
            "alice",
            Role.MODERATOR,
            PasswordHash.hash("a-new-password-2".toCharArray(), PasswordHash.MIN_ITERATIONS)));
    users.write(file);
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(2)));
    for (int i = 0; i < 4; i++) {
      assertEquals(401, send("GET", null, cookie, null).statusCode(), "request " + i);
    }
  }

  @Test
  void anInstanceWithAnotherKeyAcceptsNoneOfTheseSessions() throws Exception {
    HttpResponse<String> in = send("POST", loginBody(), null, null);
    String cookie = in.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
    Javalin stranger = instance("a-different-deployment-key".getBytes(StandardCharsets.UTF_8));
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + stranger.port() + "/api/session"))
                  .header("Cookie", cookie)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(401, r.statusCode());
    } finally {
      stranger.stop();
    }
  }

  private static String loginBody() {
    return Json.object().put("name", "alice").put("password", PW).toString();
  }

  private HttpResponse<String> send(String method, String body, String cookie, String csrf)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + "/api/session"))
            .header("X-Requested-By", "test")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    if (cookie != null) {
      b.header("Cookie", cookie);
    }
    if (csrf != null) {
      b.header(RequestAuth.CSRF_HEADER, csrf);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
