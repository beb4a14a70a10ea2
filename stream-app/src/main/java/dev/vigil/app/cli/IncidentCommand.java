package dev.vigil.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.app.config.AppConfig;
import dev.vigil.app.config.KafkaConnection;
import dev.vigil.app.events.AuditEvent;
import dev.vigil.app.events.IncidentNotice;
import dev.vigil.app.json.Json;
import dev.vigil.app.review.AccessMonitor;
import dev.vigil.app.review.AuditWriter;
import dev.vigil.app.topics.KafkaClients;
import dev.vigil.app.topics.Topics;
import dev.vigil.app.verify.TopicReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code incident}: records a suspected leak of personal information (CSL Art. 42) and tells
 * whoever must be told. The authors concerned are those whose posts a console account opened or
 * revealed in a window ({@code --actor}, from the audit log's {@code read_post} and {@code
 * reveal_contacts} entries, mapped to authors through their decisions' pseudonyms) and any named
 * with {@code --pseudonym}. The incident is audited first; then one notice per author (by
 * pseudonym, for the platform to deliver) and one for the regulator go to {@code
 * privacy.notifications}. Exit codes: 0 recorded, 1 failed, 2 nobody concerned was found.
 */
@Command(
    name = "incident",
    mixinStandardHelpOptions = true,
    description = {
      "Records a suspected leak of personal information (CSL Art. 42): audits it and emits a notice to each author",
      "concerned (by pseudonym) and one to the regulator on privacy.notifications."
    })
final class IncidentCommand implements Callable<Integer> {
  @Mixin KafkaOptions kafka;

  @Option(names = "--summary", required = true, description = "What happened, for the notices.")
  String summary;

  @Option(
      names = "--actor",
      description =
          "A console account whose reads and reveals may have leaked: every author whose post it opened in the window is concerned.")
  String actor;

  @Option(names = "--from", description = "Start of the window (ISO-8601; default: 24 h ago).")
  Instant from;

  @Option(names = "--to", description = "End of the window (ISO-8601; default: now).")
  Instant to;

  @Option(names = "--pseudonym", description = "An author concerned, by pseudonym (repeatable).")
  List<String> pseudonyms = new ArrayList<>();

  @Option(
      names = "--data",
      split = ",",
      defaultValue = "post_text,contact_details",
      description = "Kinds of personal information concerned (default: ${DEFAULT-VALUE}).")
  List<String> dataKinds;

  @Option(names = "--detected-at", description = "When it was detected (default: now).")
  Instant detectedAt;

  @Option(
      names = "--measures",
      defaultValue =
          "The account was disabled. Be wary of calls or messages that cite your posts or ask for money or codes.",
      description = "What was done and what authors should do.")
  String measures;

  @Option(names = "--recorded-by", description = "Who records it (default: the OS user).")
  String recordedBy = System.getProperty("user.name", "unknown");

  @Option(
      names = "--config",
      description = "The app's properties file, for its topic names (default: the default names).")
  Path configFile;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (summary.isBlank()) {
      err.println("--summary must say what happened");
      return ExitCodes.USAGE;
    }
    if (actor == null && pseudonyms.isEmpty()) {
      err.println("name who is concerned: --actor (with its window) or --pseudonym");
      return ExitCodes.USAGE;
    }
    Instant now = Instant.now();
    Instant windowTo = to == null ? now : to;
    Instant windowFrom = from == null ? windowTo.minus(Duration.ofHours(24)) : from;
    AppConfig config =
        configFile == null
            ? null
            : AppConfig.load(
                configFile,
                kafka.env,
                java.util.Collections.singletonMap(AppConfig.BOOTSTRAP_SERVERS, kafka.given()));
    Topics topics = config == null ? Topics.defaults() : Topics.from(config.properties());
    KafkaConnection connection = config == null ? kafka.connection() : kafka.connection(config);
    Map<String, Set<String>> postsByAuthor = new TreeMap<>();
    for (String p : pseudonyms) {
      postsByAuthor.computeIfAbsent(p, k -> new TreeSet<>());
    }
    if (actor != null) {
      TopicReader reader = new TopicReader(connection);
      Set<String> posts = postsOpenedBy(reader, topics, windowFrom, windowTo);
      for (ConsumerRecord<byte[], byte[]> r :
          reader.readAll(topics.decisions.name(), Duration.ofMinutes(2))) {
        JsonNode d = json(r.value());
        String postId = d.path("postId").asText(null);
        String author = d.path("authorPseudonym").asText(null);
        if (postId != null && author != null && posts.contains(postId)) {
          postsByAuthor.computeIfAbsent(author, k -> new TreeSet<>()).add(postId);
        }
      }
    }
    if (postsByAuthor.isEmpty()) {
      err.println(
          "nobody concerned: "
              + actor
              + " opened no post between "
              + windowFrom
              + " and "
              + windowTo);
      return ExitCodes.INPUT;
    }
    String incidentId = "inc-" + UUID.randomUUID();
    int posts = postsByAuthor.values().stream().mapToInt(Set::size).sum();
    Instant detected = detectedAt == null ? now : detectedAt;
    try (AuditWriter audit = new AuditWriter(connection, topics.audit);
        KafkaProducer<String, IncidentNotice> producer =
            KafkaClients.producer(connection, topics.privacyNotifications, producerProperties())) {
      // On record before anyone is told: a notice without its audit entry did not happen.
      audit.write(
          incidentId,
          new AuditEvent(
              "au-" + UUID.randomUUID(),
              now,
              recordedBy,
              "admin",
              "incident_recorded",
              null,
              summary,
              "applied",
              incidentId
                  + ": "
                  + postsByAuthor.size()
                  + " author(s), "
                  + posts
                  + " post(s)"
                  + (actor == null ? "" : ", reads by " + actor),
              null));
      List<IncidentNotice> notices = new ArrayList<>();
      for (Map.Entry<String, Set<String>> e : postsByAuthor.entrySet()) {
        notices.add(
            notice(
                IncidentNotice.AUTHOR,
                e.getKey(),
                detected,
                now,
                1,
                e.getValue().size(),
                incidentId));
      }
      notices.add(
          notice(
              IncidentNotice.REGULATOR,
              null,
              detected,
              now,
              postsByAuthor.size(),
              posts,
              incidentId));
      List<Future<RecordMetadata>> sent = new ArrayList<>();
      for (IncidentNotice n : notices) {
        sent.add(
            producer.send(new ProducerRecord<>(topics.privacyNotifications.name(), incidentId, n)));
      }
      for (Future<RecordMetadata> f : sent) {
        f.get(30, TimeUnit.SECONDS);
      }
    }
    out.println(
        "incident "
            + incidentId
            + " recorded: "
            + postsByAuthor.size()
            + " author notice(s) and 1 regulator notice on "
            + topics.privacyNotifications.name());
    return 0;
  }

  private IncidentNotice notice(
      String audience,
      String pseudonym,
      Instant detected,
      Instant now,
      int authors,
      int posts,
      String incidentId) {
    return new IncidentNotice(
        incidentId,
        audience,
        pseudonym,
        summary,
        dataKinds,
        detected,
        now,
        authors,
        posts,
        measures,
        recordedBy);
  }

  /** The posts {@link #actor} opened or revealed in the window, from the audit log. */
  private Set<String> postsOpenedBy(
      TopicReader reader, Topics topics, Instant windowFrom, Instant windowTo) throws IOException {
    Set<String> opened = new TreeSet<>();
    Set<String> actions =
        Set.of(AccessMonitor.Kind.READ.action(), AccessMonitor.Kind.REVEAL.action());
    for (ConsumerRecord<byte[], byte[]> r :
        reader.readAll(topics.audit.name(), Duration.ofMinutes(2))) {
      JsonNode a = json(r.value());
      Instant at = a.hasNonNull("at") ? Instant.parse(a.get("at").asText()) : null;
      if (actor.equals(a.path("actor").asText())
          && actions.contains(a.path("action").asText())
          && a.hasNonNull("postId")
          && at != null
          && !at.isBefore(windowFrom)
          && !at.isAfter(windowTo)) {
        opened.add(a.get("postId").asText());
      }
    }
    return opened;
  }

  private static JsonNode json(byte[] value) {
    try {
      return value == null ? Json.object() : Json.MAPPER.readTree(value);
    } catch (IOException e) {
      return Json.object();
    }
  }

  private static Map<String, String> producerProperties() {
    return Map.of(
        ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
  }
}
