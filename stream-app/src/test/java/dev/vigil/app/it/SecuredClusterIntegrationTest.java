package dev.vigil.app.it;

import static dev.vigil.app.it.ReviewFixture.basic;
import static dev.vigil.app.it.ReviewFixture.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.vigil.app.VigilApp;
import dev.vigil.app.broker.EmbeddedBroker;
import dev.vigil.app.cli.Main;
import dev.vigil.app.config.AppConfig;
import dev.vigil.app.config.KafkaConnection;
import dev.vigil.app.it.ReviewFixture.Reply;
import dev.vigil.app.metrics.VigilMetrics;
import dev.vigil.app.rules.LiveRulePack;
import dev.vigil.app.rules.RulePacks;
import dev.vigil.app.topics.KafkaClients;
import dev.vigil.app.topics.TopicAdmin;
import dev.vigil.app.topics.Topics;
import dev.vigil.app.topology.KnownAnswerEngine;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Vigil on a secured cluster, set up the way README's "Connecting to a secured cluster" says: a
 * SASL_SSL listener (TLS from a keystore this test makes with the JDK's keytool, SCRAM-SHA-512
 * users it creates), {@code StandardAuthorizer} denying what no ACL allows, and the app's principal
 * granted exactly the ACLs of {@code deploy/k8s/kafkauser.yaml}, read from that file. The app
 * moderates through that listener (allow, review, block, a moderator's approve, the audit log);
 * {@code verify} checks the invariant through it with {@code --command-config}; a wrong password
 * fails fast and says so; a principal without an ACL is refused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecuredClusterIntegrationTest {
  private static final String STORE_PASSWORD = "store-secret";
  private static final String APP_USER = "vigil-app";
  private static final String APP_PASSWORD = "app-secret";
  private static final String PLATFORM_USER = "platform";
  private static final String INTRUDER_USER = "intruder";
  private static final String OTHER_PASSWORD = "other-secret";

  @TempDir static Path dir;
  private EmbeddedBroker broker;
  private String secure;
  private Path truststore;
  private VigilApp app;

  @BeforeAll
  void startSecuredBroker() throws Exception {
    truststore = makeTls(dir.resolve("tls"));
    int securePort = freePort();
    secure = "127.0.0.1:" + securePort;
    Path keystore = dir.resolve("tls").resolve("broker.p12");
    broker =
        new EmbeddedBroker(
                0,
                dir.resolve("kafka"),
                p -> {
                  p.put("listeners", p.get("listeners") + ",SECURE://" + secure);
                  p.put(
                      "advertised.listeners",
                      p.get("advertised.listeners") + ",SECURE://" + secure);
                  p.put(
                      "listener.security.protocol.map",
                      p.get("listener.security.protocol.map") + ",SECURE:SASL_SSL");
                  p.put("listener.name.secure.sasl.enabled.mechanisms", "SCRAM-SHA-512");
                  p.put(
                      "listener.name.secure.scram-sha-512.sasl.jaas.config",
                      "org.apache.kafka.common.security.scram.ScramLoginModule required;");
                  p.put("listener.name.secure.ssl.keystore.location", keystore.toString());
                  p.put("listener.name.secure.ssl.keystore.password", STORE_PASSWORD);
                  p.put("listener.name.secure.ssl.key.password", STORE_PASSWORD);
                  p.put("listener.name.secure.ssl.keystore.type", "PKCS12");
                  p.put(
                      "authorizer.class.name",
                      "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
                  // The broker's own plaintext and controller traffic on 127.0.0.1, and this test's
                  // set-up admin on it, are the super user; every client of the app is not.
                  p.put("super.users", "User:ANONYMOUS");
                })
            .start();
    try (Admin admin = KafkaClients.admin(KafkaConnection.to(broker.bootstrapServers()))) {
      admin
          .alterUserScramCredentials(
              List.of(
                  scram(APP_USER, APP_PASSWORD),
                  scram(PLATFORM_USER, OTHER_PASSWORD),
                  scram(INTRUDER_USER, OTHER_PASSWORD)))
          .all()
          .get(30, TimeUnit.SECONDS);
      List<AclBinding> acls = new ArrayList<>(kafkaUserAcls(APP_USER));
      // The platform writes posts (deploy/README.md, principal "platform").
      acls.add(
          allow(
              PLATFORM_USER,
              new ResourcePattern(ResourceType.TOPIC, "posts.submitted", PatternType.LITERAL),
              AclOperation.WRITE));
      acls.add(
          allow(
              PLATFORM_USER,
              new ResourcePattern(ResourceType.TOPIC, "posts.submitted", PatternType.LITERAL),
              AclOperation.DESCRIBE));
      admin.createAcls(acls).all().get(30, TimeUnit.SECONDS);
    }
    // The topics exist before the app starts, as Strimzi's KafkaTopics make them: the app's user
    // has no right to create them.
    try (TopicAdmin admin = TopicAdmin.connect(KafkaConnection.to(broker.bootstrapServers()))) {
      admin.createMissing(Topics.defaults(), List.of(), 2, (short) 1);
    }
    awaitLogin(APP_USER, APP_PASSWORD);
  }

  @AfterAll
  void stop() {
    TestApps.stop(app, broker);
  }

  private static UserScramCredentialUpsertion scram(String user, String password) {
    return new UserScramCredentialUpsertion(
        user, new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), password);
  }

  /**
   * The client settings of README's "Connecting to a secured cluster": the app's config takes them
   * as {@code kafka.<key>}, the tools' {@code --command-config} file as they are.
   */
  private Map<String, String> clientSettings(String user, String password) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("security.protocol", "SASL_SSL");
    m.put("sasl.mechanism", "SCRAM-SHA-512");
    m.put(
        "sasl.jaas.config",
        "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
            + user
            + "\" password=\""
            + password
            + "\";");
    m.put("ssl.truststore.location", truststore.toString());
    m.put("ssl.truststore.type", "PKCS12");
    m.put("ssl.truststore.password", STORE_PASSWORD);
    return m;
  }

  private KafkaConnection connectionAs(String user, String password) {
    return KafkaConnection.to(secure).with(clientSettings(user, password));
  }

  @Test
  void theAppModeratesThroughSaslSslWithOnlyItsAcls() throws Exception {
    Path users = ReviewFixture.usersFile(dir);
    // vigil.properties as README shows it: servers, kafka.* client settings.
    Path config = dir.resolve("vigil.properties");
    List<String> lines = new ArrayList<>();
    lines.add("bootstrap.servers=" + secure);
    Map<String, String> settings = clientSettings(APP_USER, APP_PASSWORD);
    // README step 3: the password in the environment, the rest in the file.
    Map<String, String> env =
        Map.of("VIGIL_KAFKA_SASL_JAAS_CONFIG", settings.remove("sasl.jaas.config"));
    settings.forEach((k, v) -> lines.add("kafka." + k + "=" + v.replace("\\", "\\\\")));
    lines.add("data.dir=" + dir.resolve("app"));
    lines.add("http.port=0");
    lines.add("topic.partitions=2");
    lines.add("auth.users.file=" + users);
    lines.add("review.command.timeout.ms=30000");
    Files.write(config, lines);
    app = start(AppConfig.load(config, env, Map.of()));

    String base = "http://127.0.0.1:" + app.boundHttpPort();
    publishAsPlatform(
        List.of(
            ReviewFixture.post("s-allow", "hello there"),
            ReviewFixture.post("s-block", "blockme now"),
            ReviewFixture.post("s-review", "reviewme please")));
    awaitQueued(base, "s-review");
    // verify, as README's step: the app's user, the client settings in a --command-config file
    // (before and after a moderator's approve).
    Path clientFile = dir.resolve("client.properties");
    List<String> clientLines = new ArrayList<>();
    clientSettings(APP_USER, APP_PASSWORD)
        .forEach((k, v) -> clientLines.add(k + "=" + v.replace("\\", "\\\\")));
    Files.write(clientFile, clientLines);
    Cli ok = verify(Duration.ofSeconds(150), secure, clientFile, 60);
    assertEquals(0, ok.code(), ok.out() + ok.err());
    assertTrue(ok.out().contains("caught up"), ok.out());

    Reply claimed =
        call(base, "POST", "/api/queue/s-review/claim", null, "Authorization", basic("alice"));
    assertEquals(200, claimed.status(), claimed.json().toString());
    String body =
        dev.vigil.app.json.Json.object().put("action", "approve").put("reason", "fine").toString();
    Reply approved =
        call(base, "POST", "/api/queue/s-review/decision", body, "Authorization", basic("alice"));
    assertEquals(200, approved.status(), approved.json().toString());
    Reply audit =
        call(base, "GET", "/api/audit?postId=s-review", null, "Authorization", basic("ann"));
    assertEquals(200, audit.status(), audit.json().toString());
    assertTrue(audit.json().toString().contains("approve"), audit.json().toString());

    List<ConsumerRecord<byte[], byte[]>> published =
        awaitRecords("posts.published", 2, Duration.ofSeconds(60));
    assertEquals(
        List.of("s-allow", "s-review"),
        published.stream().map(r -> new String(r.key(), StandardCharsets.UTF_8)).sorted().toList());
    assertEquals(1, awaitRecords("regulator.reports", 1, Duration.ofSeconds(60)).size());
    Cli afterApprove = verify(Duration.ofSeconds(150), secure, clientFile, 60);
    assertEquals(0, afterApprove.code(), afterApprove.out() + afterApprove.err());
    assertTrue(afterApprove.out().contains("approve=1"), afterApprove.out());

    // A wrong password: refused at once, and said so.
    Path wrong = dir.resolve("wrong.properties");
    List<String> wrongLines = new ArrayList<>();
    clientSettings(APP_USER, "not-the-password")
        .forEach((k, v) -> wrongLines.add(k + "=" + v.replace("\\", "\\\\")));
    Files.write(wrong, wrongLines);
    long t0 = System.nanoTime();
    Cli refused = verify(Duration.ofSeconds(60), secure, wrong, 0);
    double seconds = (System.nanoTime() - t0) / 1e9;
    assertEquals(
        dev.vigil.app.cli.ExitCodes.UNREACHABLE, refused.code(), refused.out() + refused.err());
    assertTrue(
        refused.err().contains("Authentication failed") && refused.err().contains("SCRAM-SHA-512"),
        refused.err());
    assertTrue(seconds < 30, "a wrong password fails within 30 s, took " + seconds);
  }

  @Test
  void theAppWithAWrongPasswordStopsAtStartWithAClearError() {
    Map<String, String> s = new HashMap<>();
    s.put(AppConfig.BOOTSTRAP_SERVERS, secure);
    clientSettings(APP_USER, "wrong").forEach((k, v) -> s.put("kafka." + k, v));
    s.put(AppConfig.DATA_DIR, dir.resolve("wrong-app").toString());
    s.put(AppConfig.HTTP_PORT, "0");
    s.put(AppConfig.PARTITIONS, "2");
    AppConfig config = AppConfig.load(null, Map.of(), s);
    long t0 = System.nanoTime();
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> newApp(config).start());
    double seconds = (System.nanoTime() - t0) / 1e9;
    assertTrue(e.getMessage().contains("Authentication failed"), e.getMessage());
    assertInstanceOf(SaslAuthenticationException.class, e.getCause());
    assertTrue(seconds < 30, "took " + seconds + " s");
  }

  @Test
  void aPrincipalWithoutAnAclIsRefused() throws Exception {
    // Authenticated, but no ACL: cannot forge a moderator's command.
    ExecutionException forged =
        assertThrows(
            ExecutionException.class,
            () -> send(connectionAs(INTRUDER_USER, OTHER_PASSWORD), "review.actions"));
    assertInstanceOf(TopicAuthorizationException.class, forged.getCause());
    // The app's own user reads its input but cannot write posts as if it were the platform.
    ExecutionException asPlatform =
        assertThrows(
            ExecutionException.class,
            () -> send(connectionAs(APP_USER, APP_PASSWORD), "posts.submitted"));
    assertInstanceOf(TopicAuthorizationException.class, asPlatform.getCause());
    // And the platform cannot write what only the app writes.
    ExecutionException platform =
        assertThrows(
            ExecutionException.class,
            () -> send(connectionAs(PLATFORM_USER, OTHER_PASSWORD), "moderation.evidence"));
    assertInstanceOf(TopicAuthorizationException.class, platform.getCause());
  }

  private static void send(KafkaConnection kafka, String topic) throws Exception {
    try (KafkaProducer<byte[], byte[]> p =
        KafkaClients.bytesProducer(
            kafka,
            Map.of(
                ProducerConfig.MAX_BLOCK_MS_CONFIG,
                "20000",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                "false"))) {
      p.send(new ProducerRecord<>(topic, "k".getBytes(), "v".getBytes())).get(30, TimeUnit.SECONDS);
    }
  }

  private void publishAsPlatform(List<String> posts) throws Exception {
    try (KafkaProducer<byte[], byte[]> p =
        KafkaClients.bytesProducer(
            connectionAs(PLATFORM_USER, OTHER_PASSWORD),
            Map.of(
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                "false"))) {
      for (String post : posts) {
        String id = dev.vigil.app.json.Json.MAPPER.readTree(post).get("postId").asText();
        p.send(
                new ProducerRecord<>(
                    "posts.submitted",
                    id.getBytes(StandardCharsets.UTF_8),
                    post.getBytes(StandardCharsets.UTF_8)))
            .get(30, TimeUnit.SECONDS);
      }
    }
  }

  private List<ConsumerRecord<byte[], byte[]>> awaitRecords(
      String topic, int atLeast, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<ConsumerRecord<byte[], byte[]>> got = List.of();
    while (System.nanoTime() < deadline) {
      got =
          new dev.vigil.app.verify.TopicReader(connectionAs(APP_USER, APP_PASSWORD))
              .readAll(topic, Duration.ofSeconds(30));
      if (got.size() >= atLeast) {
        return got;
      }
      sleep(500);
    }
    return got;
  }

  private static void awaitQueued(String base, String postId) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline) {
      Reply r = call(base, "GET", "/api/queue", null, "Authorization", basic("alice"));
      if (r.status() == 200 && r.json().toString().contains(postId)) {
        return;
      }
      sleep(250);
    }
    throw new AssertionError(postId + " never reached the review queue");
  }

  private VigilApp start(AppConfig config) throws InterruptedException {
    VigilApp a = newApp(config).start();
    assertTrue(a.awaitRunning(Duration.ofSeconds(90)), "streams did not reach RUNNING");
    return a;
  }

  private static VigilApp newApp(AppConfig config) {
    VigilMetrics metrics = new VigilMetrics(config.defaultBlockDeadline(), config.blockDeadlines());
    LiveRulePack rules =
        new LiveRulePack(
            () -> new LiveRulePack.Loaded("test-1", KnownAnswerEngine.ENGINE),
            null,
            RulePacks.metricsListener(metrics));
    return new VigilApp(config, rules, metrics);
  }

  /** Until the broker knows the new SCRAM credentials (they travel through the metadata log). */
  private void awaitLogin(String user, String password) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      try (Admin admin = KafkaClients.admin(connectionAs(user, password))) {
        admin.listTopics().names().get(10, TimeUnit.SECONDS);
        return;
      } catch (ExecutionException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        sleep(200);
      }
    }
  }

  /** The ACLs of {@code deploy/k8s/kafkauser.yaml}, for {@code user}. */
  static List<AclBinding> kafkaUserAcls(String user) throws IOException {
    Path file = Path.of("..", "deploy", "k8s", "kafkauser.yaml");
    JsonNode kafkaUser = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
    assertEquals(user, kafkaUser.at("/metadata/name").asText());
    JsonNode spec = kafkaUser.get("spec");
    assertEquals("scram-sha-512", spec.at("/authentication/type").asText());
    List<AclBinding> out = new ArrayList<>();
    for (JsonNode acl : spec.at("/authorization/acls")) {
      JsonNode r = acl.get("resource");
      ResourceType type =
          switch (r.get("type").asText()) {
            case "topic" -> ResourceType.TOPIC;
            case "group" -> ResourceType.GROUP;
            case "transactionalId" -> ResourceType.TRANSACTIONAL_ID;
            case "cluster" -> ResourceType.CLUSTER;
            default -> throw new AssertionError("resource type " + r);
          };
      ResourcePattern pattern =
          type == ResourceType.CLUSTER
              ? new ResourcePattern(ResourceType.CLUSTER, "kafka-cluster", PatternType.LITERAL)
              : new ResourcePattern(
                  type,
                  r.get("name").asText(),
                  r.path("patternType").asText("literal").equals("prefix")
                      ? PatternType.PREFIXED
                      : PatternType.LITERAL);
      for (JsonNode op : acl.get("operations")) {
        // Strimzi spells operations in CamelCase (IdempotentWrite), Kafka's enum in SNAKE_CASE.
        String snake = op.asText().replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
        out.add(allow(user, pattern, AclOperation.valueOf(snake)));
      }
    }
    return out;
  }

  private static AclBinding allow(String user, ResourcePattern pattern, AclOperation op) {
    return new AclBinding(
        pattern, new AccessControlEntry("User:" + user, "*", op, AclPermissionType.ALLOW));
  }

  private record Cli(int code, String out, String err) {}

  /** Runs a command in this JVM, its output captured, failing the test if it takes longer. */
  /** {@code verify} through the secured listener with a {@code --command-config} file. */
  private static Cli verify(Duration limit, String servers, Path clientConfig, int waitSeconds)
      throws Exception {
    return cli(
        limit,
        "verify",
        "--bootstrap-servers",
        servers,
        "--command-config",
        clientConfig.toString(),
        "--wait",
        Integer.toString(waitSeconds));
  }

  private static synchronized Cli cli(Duration limit, String... args) throws Exception {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    var pool = Executors.newSingleThreadExecutor();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      Future<Integer> code = pool.submit(() -> Main.execute(args));
      int c = code.get(limit.toSeconds(), TimeUnit.SECONDS);
      return new Cli(c, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
      pool.shutdownNow();
    }
  }

  /**
   * A PKCS12 keystore with a self-signed certificate for 127.0.0.1 and a truststore holding it,
   * made with the JDK's keytool; returns the truststore.
   */
  private static Path makeTls(Path tls) throws Exception {
    Files.createDirectories(tls);
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    run(
        tls,
        keytool,
        "-genkeypair",
        "-alias",
        "broker",
        "-keyalg",
        "RSA",
        "-keysize",
        "2048",
        "-validity",
        "2",
        "-dname",
        "CN=localhost",
        "-ext",
        "SAN=ip:127.0.0.1,dns:localhost",
        "-storetype",
        "PKCS12",
        "-keystore",
        "broker.p12",
        "-storepass",
        STORE_PASSWORD,
        "-keypass",
        STORE_PASSWORD);
    run(
        tls,
        keytool,
        "-exportcert",
        "-rfc",
        "-alias",
        "broker",
        "-keystore",
        "broker.p12",
        "-storepass",
        STORE_PASSWORD,
        "-file",
        "broker.pem");
    run(
        tls,
        keytool,
        "-importcert",
        "-noprompt",
        "-alias",
        "broker",
        "-file",
        "broker.pem",
        "-storetype",
        "PKCS12",
        "-keystore",
        "truststore.p12",
        "-storepass",
        STORE_PASSWORD);
    return tls.resolve("truststore.p12");
  }

  private static void run(Path dir, String... command) throws Exception {
    Process p =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "keytool hung");
    assertEquals(0, p.exitValue(), String.join(" ", command) + "\n" + output);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return s.getLocalPort();
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
