package dev.vigil.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.status.Status;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

/** The shipped logback.xml in both formats, and the choice of format at start. */
class LogFormatTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void jsonIsOneParseableObjectPerLineWithLevelLoggerAndMessageOnly() throws Exception {
    String out =
        logWithShippedConfig(
            "json",
            ctx -> {
              Logger vigil = ctx.getLogger("dev.vigil.app.VigilApp");
              Logger kafka = ctx.getLogger("org.apache.kafka.clients.NetworkClient");
              vigil.info("streams {} -> {}", "REBALANCING", "RUNNING");
              vigil.debug("not at info");
              kafka.info("Kafka's info is below the root's warn");
              kafka.warn("a \"quoted\" warning\nover two lines, 中文");
              vigil.error("engine failed", new IllegalStateException("boom"));
            });
    List<JsonNode> lines = new ArrayList<>();
    for (String line : out.split("\n")) {
      if (!line.isBlank()) {
        lines.add(JSON.readTree(line));
      }
    }
    assertEquals(3, lines.size(), out);
    JsonNode first = lines.get(0);
    assertEquals("INFO", first.get("level").asText());
    assertEquals("dev.vigil.app.VigilApp", first.get("loggerName").asText());
    assertEquals("streams REBALANCING -> RUNNING", first.get("formattedMessage").asText());
    assertTrue(first.get("timestamp").asLong() > 0, out);
    JsonNode warn = lines.get(1);
    assertEquals("WARN", warn.get("level").asText());
    assertEquals("org.apache.kafka.clients.NetworkClient", warn.get("loggerName").asText());
    assertEquals("a \"quoted\" warning\nover two lines, 中文", warn.get("formattedMessage").asText());
    JsonNode error = lines.get(2);
    assertEquals("ERROR", error.get("level").asText());
    assertTrue(error.get("throwable").toString().contains("boom"), out);
    for (JsonNode l : lines) {
      // No MDC, context, raw arguments or unformatted message: only what the message says.
      for (String absent : List.of("mdc", "context", "arguments", "message", "kvpList")) {
        assertFalse(l.has(absent), absent + " in " + l);
      }
    }
  }

  @Test
  void textIsTheDefault() throws Exception {
    assumeTrue(
        System.getenv(LogFormat.ENV) == null && System.getProperty(LogFormat.PROPERTY) == null,
        "no format chosen in this environment");
    String out =
        logWithShippedConfig(
            null, ctx -> ctx.getLogger("dev.vigil.app.broker.EmbeddedBroker").info("ready"));
    assertTrue(
        out.matches(
            "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}[+-]\\d{4} INFO EmbeddedBroker - ready\n"),
        out);
  }

  @Test
  void theFormatIsSettledFromThePropertyThenTheEnvironment() {
    Properties p = new Properties();
    assertNull(LogFormat.settle(p, Map.of()));
    assertEquals("text", p.getProperty(LogFormat.PROPERTY));

    p = new Properties();
    assertNull(LogFormat.settle(p, Map.of(LogFormat.ENV, " JSON ")));
    assertEquals("json", p.getProperty(LogFormat.PROPERTY));

    p = new Properties();
    p.setProperty(LogFormat.PROPERTY, "text");
    assertNull(LogFormat.settle(p, Map.of(LogFormat.ENV, "json")));
    assertEquals("text", p.getProperty(LogFormat.PROPERTY), "the property wins");
  }

  @Test
  void anUnknownFormatIsAnErrorNamingTheValue() {
    Properties p = new Properties();
    assertEquals(
        "VIGIL_LOG_FORMAT=logfmt: unknown log format; use text or json",
        LogFormat.settle(p, Map.of(LogFormat.ENV, "logfmt")));
    assertNull(p.getProperty(LogFormat.PROPERTY));
    p.setProperty(LogFormat.PROPERTY, "xml");
    assertEquals(
        "-Dvigil.log.format=xml: unknown log format; use text or json",
        LogFormat.settle(p, Map.of()));
  }

  private interface Logging {
    void log(LoggerContext ctx);
  }

  /**
   * Configures a fresh Logback context from src/main/resources/logback.xml (the jar's, not the
   * tests' logback-test.xml), with {@code vigil.log.format} as a context property unless {@code
   * format} is null, and returns what it wrote to stderr.
   */
  private static synchronized String logWithShippedConfig(String format, Logging logging)
      throws Exception {
    URL shipped = LogFormatTest.class.getResource("/logback.xml");
    assertTrue(shipped != null && shipped.getPath().contains("classes/logback.xml"), "" + shipped);
    PrintStream oldErr = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    LoggerContext ctx = new LoggerContext();
    ctx.setMDCAdapter(new LogbackMDCAdapter());
    try {
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      // Over an environment's VIGIL_LOG_FORMAT: context properties come before system properties
      // and
      // the environment in Logback's substitution.
      if (format != null) {
        ctx.putProperty(LogFormat.PROPERTY, format);
      }
      JoranConfigurator configurator = new JoranConfigurator();
      configurator.setContext(ctx);
      configurator.doConfigure(shipped);
      logging.log(ctx);
      System.err.flush();
      for (Status s : ctx.getStatusManager().getCopyOfStatusList()) {
        assertTrue(s.getLevel() < Status.WARN, "Logback: " + s);
      }
    } finally {
      ctx.stop();
      System.setErr(oldErr);
    }
    return err.toString(StandardCharsets.UTF_8);
  }
}
