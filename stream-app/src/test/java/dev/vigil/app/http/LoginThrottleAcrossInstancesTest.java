package dev.vigil.app.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.app.auth.LoginFailureLog;
import dev.vigil.app.auth.LoginGuard;
import dev.vigil.app.auth.Sessions;
import dev.vigil.app.auth.Users;
import dev.vigil.app.auth.UsersFile;
import dev.vigil.app.broker.EmbeddedBroker;
import dev.vigil.app.config.KafkaConnection;
import dev.vigil.app.it.KafkaTestSupport;
import dev.vigil.app.json.Json;
import dev.vigil.app.topics.Topic;
import dev.vigil.app.topics.Topics;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two instances behind one address, sharing the login throttle on {@code vigil.login.failures} on a
 * real broker: wrong passwords spread over both lock the user out after {@value
 * LoginGuard#USER_FREE_FAILURES} in all (not that many per instance), and then the right password
 * is refused on either instance, and on an instance started after the lockout. The topic holds no
 * user name or address in clear.
 */
class LoginThrottleAcrossInstancesTest {
  static final String PW = "alice-password-1";
  static final byte[] SESSION_KEY =
      "the-pseudonym-key-all-pods-share".getBytes(StandardCharsets.UTF_8);
  // As VigilApp derives it from the master key every instance holds.
  static final byte[] THROTTLE_KEY =
      "a-derived-login-throttle-key-32b".getBytes(StandardCharsets.UTF_8);

  @TempDir Path dir;
  Path file;
  EmbeddedBroker broker;
  final Topic<String, dev.vigil.app.events.LoginFailure> topic = Topics.defaults().loginFailures;
  final List<Instance> instances = new ArrayList<>();
  RoundRobinProxy proxy;
  final HttpClient http = HttpClient.newHttpClient();

  /** One API instance: its HTTP server, its share of the topic, and how many records it read. */
  record Instance(Javalin app, LoginFailureLog log, AtomicInteger read) {}

  @BeforeEach
  void start() throws Exception {
    file = dir.resolve("users.txt");
    UsersFile users = TestUsers.moderator("alice", PW);
    users.write(file);
    broker = new EmbeddedBroker(0, dir.resolve("kafka")).start();
    Properties p = new Properties();
    p.put("bootstrap.servers", broker.bootstrapServers());
    try (Admin admin = Admin.create(p)) {
      admin
          .createTopics(List.of(new NewTopic(topic.name(), 2, (short) 1).configs(topic.configs())))
          .all()
          .get(60, TimeUnit.SECONDS);
    }
    instances.add(instance());
    instances.add(instance());
    proxy =
        new RoundRobinProxy(
            List.of(() -> instances.get(0).app().port(), () -> instances.get(1).app().port()));
  }

  @AfterEach
  void stop() {
    if (proxy != null) {
      proxy.close();
    }
    for (Instance i : instances) {
      i.app().stop();
      i.log().close();
    }
    if (broker != null) {
      broker.close();
    }
  }

  Instance instance() {
    Clock clock = Clock.systemUTC();
    LoginFailureLog log =
        new LoginFailureLog(
            KafkaConnection.to(broker.bootstrapServers()), topic, THROTTLE_KEY, clock);
    RequestAuth auth =
        new RequestAuth(
            Users.from(file),
            new Sessions(clock, SESSION_KEY),
            null,
            false,
            clock,
            (k, event) -> {},
            4,
            log);
    // Told after the guard (subscribed first): once this counts a record, the guard applied it.
    AtomicInteger read = new AtomicInteger();
    log.subscribe(r -> read.incrementAndGet());
    log.start();
    ReviewApi api = LoginOnlyApi.of(auth, clock);
    Javalin app = Javalin.create(c -> c.showJavalinBanner = false);
    api.install(app);
    app.start("127.0.0.1", 0);
    return new Instance(app, log, read);
  }

  @Test
  void wrongPasswordsSpreadOverTwoInstancesLockTheUserOutOnBoth() throws Exception {
    String base = proxy.base();
    for (int i = 0; i < LoginGuard.USER_FREE_FAILURES; i++) {
      HttpResponse<String> r = login(base, "wrong-password-" + i);
      assertEquals(401, r.statusCode(), "attempt " + i + ": " + r.body());
      // Each denial is shared as two failures (the user at this address, and the address).
      awaitRead(instances, 2 * (i + 1));
    }
    assertTrue(proxy.perInstance[0] >= 2 && proxy.perInstance[1] >= 2, "both instances answered");
    for (Instance i : instances) {
      HttpResponse<String> r = login("http://127.0.0.1:" + i.app().port(), PW);
      assertEquals(429, r.statusCode(), "the right password while locked out: " + r.body());
      assertTrue(r.headers().firstValue("Retry-After").isPresent());
    }
    for (int i = 0; i < 2; i++) {
      assertEquals(429, login(base, PW).statusCode(), "through the shared address, request " + i);
    }
    // An instance started after the lockout (a restart, a scale-up) reads it from the topic.
    Instance late = instance();
    instances.add(late);
    awaitRead(List.of(late), 2 * LoginGuard.USER_FREE_FAILURES);
    assertEquals(429, login("http://127.0.0.1:" + late.app().port(), PW).statusCode());

    List<String> records =
        KafkaTestSupport.readAll(
                broker.bootstrapServers(),
                topic.name(),
                2 * LoginGuard.USER_FREE_FAILURES,
                Duration.ofMillis(500),
                Duration.ofSeconds(30))
            .stream()
            .map(
                r ->
                    new String(r.key(), StandardCharsets.UTF_8)
                        + " "
                        + new String(r.value(), StandardCharsets.UTF_8))
            .toList();
    assertEquals(2 * LoginGuard.USER_FREE_FAILURES, records.size(), records.toString());
    for (String r : records) {
      assertFalse(r.contains("alice"), r);
      assertFalse(r.contains("127.0.0.1"), r);
      assertTrue(Json.MAPPER.readTree(r.substring(r.indexOf(' ') + 1)).has("kind"), r);
    }
  }

  @Test
  void aSuccessOnOneInstanceStartsTheCountAgainOnTheOther() throws Exception {
    String base = proxy.base();
    int shared = 0;
    for (int i = 0; i < LoginGuard.USER_FREE_FAILURES - 1; i++) {
      assertEquals(401, login(base, "typo-" + i).statusCode());
      shared += 2;
      awaitRead(instances, shared);
    }
    assertEquals(200, login(base, PW).statusCode());
    shared += 1; // the clear of the user's count
    awaitRead(instances, shared);
    for (int i = 0; i < LoginGuard.USER_FREE_FAILURES - 1; i++) {
      assertEquals(401, login(base, "typo-again-" + i).statusCode(), "attempt " + i);
      shared += 2;
      awaitRead(instances, shared);
    }
  }

  private static void awaitRead(List<Instance> which, int records) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    for (Instance i : which) {
      while (i.read().get() < records) {
        assertTrue(
            System.nanoTime() < deadline,
            "an instance read " + i.read().get() + " of " + records + " records");
        Thread.sleep(20);
      }
    }
  }

  private HttpResponse<String> login(String base, String password) throws Exception {
    String body = Json.object().put("name", "alice").put("password", password).toString();
    return http.send(
        HttpRequest.newBuilder(URI.create(base + "/api/session"))
            .header("X-Requested-By", "test")
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
