package dev.vigil.app.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.app.VigilApp;
import dev.vigil.app.auth.PasswordHash;
import dev.vigil.app.auth.Role;
import dev.vigil.app.auth.UsersFile;
import dev.vigil.app.broker.EmbeddedBroker;
import dev.vigil.app.config.AppConfig;
import dev.vigil.app.evidence.EvidenceSetup;
import dev.vigil.app.json.Json;
import dev.vigil.app.metrics.VigilMetrics;
import dev.vigil.app.rules.LiveRulePack;
import dev.vigil.app.rules.RulePacks;
import dev.vigil.app.topology.KnownAnswerEngine;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/** A broker, a users file and app instances for the review API and console tests. */
final class ReviewFixture {
  static final String PASSWORD = "correct horse battery staple";
  static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private ReviewFixture() {}

  /** Writes a users file with one user per role (cheap hashes: tests do not need slow ones). */
  static Path usersFile(Path dir) {
    UsersFile users = UsersFile.empty();
    String hash = PasswordHash.hash(PASSWORD.toCharArray(), PasswordHash.MIN_ITERATIONS);
    users.put(new UsersFile.User("alice", Role.MODERATOR, hash));
    users.put(new UsersFile.User("bob", Role.MODERATOR, hash));
    users.put(new UsersFile.User("sue", Role.SENIOR, hash));
    users.put(new UsersFile.User("ann", Role.AUDITOR, hash));
    users.put(new UsersFile.User("tim", Role.MODERATOR, hash)); // locked out by the throttling test
    Path file = dir.resolve("users.txt");
    users.write(file);
    return file;
  }

  static VigilApp startApp(
      EmbeddedBroker broker, Path dataDir, Path users, Map<String, String> extra) {
    return startApp(
        broker, dataDir, users, extra, new LiveRulePack.Loaded("test-1", KnownAnswerEngine.ENGINE));
  }

  /** As above with the pack {@code loaded} (an engine, and what the console shows of its pack). */
  static VigilApp startApp(
      EmbeddedBroker broker,
      Path dataDir,
      Path users,
      Map<String, String> extra,
      LiveRulePack.Loaded loaded) {
    Map<String, String> settings = new HashMap<>();
    settings.put(AppConfig.BOOTSTRAP_SERVERS, broker.bootstrapServers());
    settings.put(AppConfig.DATA_DIR, dataDir.toString());
    settings.put(AppConfig.HTTP_PORT, "0");
    settings.put(AppConfig.PARTITIONS, "2");
    settings.put(AppConfig.ENGINE_WARMUP_SECONDS, "1"); // as TestApps: the path runs, briefly
    settings.put(AppConfig.USERS_FILE, users.toString());
    // Generous on a loaded machine: a 202 "pending" would fail the tests' exact status checks.
    settings.put(AppConfig.REVIEW_COMMAND_TIMEOUT_MS, "30000");
    // Instances of one deployment share the master key: each opens what another sealed, and checks
    // what another signed. One file beside the instances' data dirs.
    settings.put(EvidenceSetup.MASTER_KEY_FILE, sharedMasterKey(dataDir.getParent()).toString());
    // Near-duplicate blocking off (it is on by default): these tests check routing with a
    // known-answer engine, on posts that differ from each other in a verdict word only, so a
    // "reviewme" post would be blocked as a near-duplicate of a "blockme" one. Near-duplicates have
    // their own tests (NearDuplicateTopologyTest, NearDuplicateIntegrationTest).
    settings.put(AppConfig.NEAR_CAPACITY, "0");
    settings.putAll(extra);
    AppConfig config = AppConfig.load(null, settings);
    VigilMetrics metrics = new VigilMetrics(config.defaultBlockDeadline(), config.blockDeadlines());
    LiveRulePack rules = new LiveRulePack(() -> loaded, null, RulePacks.metricsListener(metrics));
    return new VigilApp(config, rules, metrics).start();
  }

  private static synchronized Path sharedMasterKey(Path dir) {
    Path file = dir.resolve("shared-master.key");
    if (!java.nio.file.Files.exists(file)) {
      try {
        java.nio.file.Files.writeString(
            file,
            dev.vigil.core.evidence.MasterKey.generate().encode(),
            java.nio.file.StandardOpenOption.CREATE_NEW);
        java.nio.file.Files.setPosixFilePermissions(
            file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
    return file;
  }

  static String post(String id, String text) {
    ObjectNodeBuilder b = new ObjectNodeBuilder();
    return b.put("postId", id).put("authorId", "author-" + id).put("text", text).json();
  }

  /** Builds JSON with Jackson so that hostile text is escaped correctly. */
  static final class ObjectNodeBuilder {
    private final com.fasterxml.jackson.databind.node.ObjectNode node = Json.object();

    ObjectNodeBuilder put(String k, String v) {
      node.put(k, v);
      return this;
    }

    String json() {
      return node.toString();
    }
  }

  static String basic(String user) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
  }

  /** An HTTP answer: status, JSON body (empty object if none), headers. */
  record Reply(int status, JsonNode json, HttpResponse<String> raw) {}

  static Reply call(String base, String method, String path, String body, String... headers) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
    for (int i = 0; i + 1 < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    try {
      HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
      JsonNode json = r.body().isBlank() ? Json.object() : parse(r.body());
      return new Reply(r.statusCode(), json, r);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode parse(String s) {
    try {
      return Json.MAPPER.readTree(s);
    } catch (IOException e) {
      return Json.object().put("raw", s);
    }
  }
}
