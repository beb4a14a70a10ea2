package dev.vigil.app.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.app.json.Json;
import dev.vigil.app.verify.TopicReader;
import dev.vigil.core.evidence.ChainVerifier;
import dev.vigil.core.evidence.EvidenceFormatException;
import dev.vigil.core.evidence.EvidenceRecord;
import dev.vigil.core.report.RegulatorReport;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code evidence verify}: reads the whole evidence topic (committed records only) and checks every
 * partition's hash chain; names each broken record with its reasons; exits 1 if any, 0 if all
 * chains are intact, 3 if the topic does not exist ({@link ExitCodes}). With {@code
 * --reports-topic} it also checks that every regulator report's evidence is present with the hash
 * the report carries, which catches records cut from the end of a chain (the one thing a chain
 * cannot show by itself). With {@code --held-topic} it checks the legal-hold copies too.
 */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description =
        "Checks every evidence hash chain end to end; names each broken record; exits 1 if any.")
final class EvidenceVerifyCommand implements Callable<Integer> {
  @Mixin KafkaOptions kafka;

  @Option(
      names = "--topic",
      defaultValue = "moderation.evidence",
      description = "Evidence topic (default: ${DEFAULT-VALUE}).")
  String topic;

  @Option(
      names = "--reports-topic",
      description =
          "Also check that every report on this topic names evidence that is present with the same hash.")
  String reportsTopic;

  @Option(
      names = "--held-topic",
      description =
          "Also check the copies of records under legal hold on this topic: each intact, and equal to its original while that is still in --topic.")
  String heldTopic;

  /**
   * Reading a whole topic may take long on a big cluster; this only stops a read that makes no
   * progress.
   */
  private static final java.time.Duration READ_TIMEOUT = java.time.Duration.ofHours(6);

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin OutputOptions output;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Map<Integer, ChainVerifier> verifiers = new TreeMap<>();
    Map<String, String> hashes = new HashMap<>();
    Progress progress = Progress.start("evidence verify: " + topic, "records", 0);
    try (progress) {
      List<TopicPartition> parts = readChains(verifiers, hashes, progress);
      return check(parts, verifiers, hashes, out, err, progress);
    }
  }

  private List<TopicPartition> readChains(
      Map<Integer, ChainVerifier> verifiers, Map<String, String> hashes, Progress progress) {
    return new TopicReader(kafka.connection())
        .forEach(
            topic,
            READ_TIMEOUT,
            r -> {
              progress.step();
              verifiers
                  .computeIfAbsent(r.partition(), ChainVerifier::new)
                  .accept(r.offset(), r.value());
              if ((reportsTopic != null || heldTopic != null) && r.value() != null) {
                try {
                  EvidenceRecord e = EvidenceRecord.parse(r.value());
                  if (e.computeHash().equals(e.hash())) {
                    hashes.putIfAbsent(
                        e.evidenceId(),
                        e.hash()); // a forged copy must not stand in for the original
                  }
                } catch (EvidenceFormatException ignored) {
                  // named by the chain verifier
                }
              }
            });
  }

  private int check(
      List<TopicPartition> parts,
      Map<Integer, ChainVerifier> verifiers,
      Map<String, String> hashes,
      PrintWriter out,
      PrintWriter err,
      Progress progress) {
    if (parts.isEmpty()) {
      err.println("topic " + topic + " does not exist");
      return ExitCodes.INPUT;
    }
    boolean json = output.json();
    ObjectNode result = Json.MAPPER.createObjectNode();
    result.put("ok", false);
    result.put("topic", topic);
    ArrayNode partitionsJson = result.putArray("partitions");
    long broken = 0;
    long records = 0;
    for (TopicPartition tp : parts) {
      ChainVerifier.Result r =
          verifiers.computeIfAbsent(tp.partition(), ChainVerifier::new).finish();
      records += r.records();
      ObjectNode pj = partitionsJson.addObject();
      pj.put("partition", tp.partition());
      pj.put("records", r.records());
      pj.set("firstSeq", Json.MAPPER.valueToTree(r.firstSeq()));
      pj.set("headSeq", Json.MAPPER.valueToTree(r.headSeq()));
      pj.put("headHash", r.headHash());
      pj.put("intact", r.intact());
      pj.set("broken", Json.MAPPER.valueToTree(r.broken()));
      if (json) {
        broken += r.broken().size();
        continue;
      }
      for (ChainVerifier.BrokenRecord b : r.broken()) {
        out.println("BROKEN " + b);
      }
      broken += r.broken().size();
      out.println(
          "partition "
              + tp.partition()
              + ": "
              + r.records()
              + " record(s)"
              + (r.firstSeq() == null ? "" : ", seq " + r.firstSeq() + ".." + r.headSeq())
              + (r.headHash() == null ? "" : ", head " + r.headHash())
              + (r.intact() ? ", intact" : ", " + r.broken().size() + " broken")
              + (r.firstSeq() != null && r.firstSeq() > 0
                  ? " (records before seq " + r.firstSeq() + " expired)"
                  : ""));
    }
    long missing = 0;
    if (heldTopic != null) {
      progress.stage("held copies");
      List<String> problems = new ArrayList<>();
      List<TopicPartition> hparts =
          new TopicReader(kafka.connection())
              .forEach(
                  heldTopic,
                  READ_TIMEOUT,
                  r -> {
                    if (r.value() == null) {
                      return; // a released hold
                    }
                    String at = r.topic() + "/" + r.partition() + "@" + r.offset();
                    try {
                      EvidenceRecord e = EvidenceRecord.parse(r.value());
                      String original = hashes.get(e.evidenceId());
                      if (!e.computeHash().equals(e.hash())
                          || !java.util.Arrays.equals(r.value(), e.toJson())) {
                        problems.add(
                            "held copy of "
                                + e.evidenceId()
                                + " at "
                                + at
                                + " was altered (hash or canonical form)");
                      } else if (original != null && !original.equals(e.hash())) {
                        problems.add(
                            "held copy of "
                                + e.evidenceId()
                                + " at "
                                + at
                                + " differs from the chained original");
                      }
                    } catch (EvidenceFormatException ex) {
                      problems.add("unreadable held copy at " + at + ": " + ex.getMessage());
                    }
                  });
      if (hparts.isEmpty()) {
        err.println("topic " + heldTopic + " does not exist");
        return ExitCodes.INPUT;
      }
      if (!json) {
        problems.forEach(p -> out.println("BROKEN " + p));
      }
      ObjectNode hj = result.putObject("held");
      hj.put("topic", heldTopic);
      hj.set("problems", Json.MAPPER.valueToTree(problems));
      broken += problems.size();
    }
    if (reportsTopic != null) {
      progress.stage("reports");
      List<String> problems = new ArrayList<>();
      List<TopicPartition> rparts =
          new TopicReader(kafka.connection())
              .forEach(
                  reportsTopic,
                  READ_TIMEOUT,
                  r -> {
                    if (r.value() == null) {
                      return;
                    }
                    try {
                      RegulatorReport report = RegulatorReport.fromJson(r.value());
                      String hash = hashes.get(report.evidenceId());
                      if (hash == null) {
                        problems.add(
                            "report "
                                + report.reportId()
                                + " (post "
                                + report.postId()
                                + ") names evidence "
                                + report.evidenceId()
                                + ", which is not in "
                                + topic
                                + ": removed or expired");
                      } else if (!hash.equals(report.evidenceHash())) {
                        problems.add(
                            "report "
                                + report.reportId()
                                + " (post "
                                + report.postId()
                                + ") names evidence "
                                + report.evidenceId()
                                + " with hash "
                                + report.evidenceHash()
                                + ", but the record hashes to "
                                + hash
                                + ": the record was replaced");
                      }
                    } catch (IllegalArgumentException e) {
                      problems.add(
                          "unreadable report at "
                              + r.topic()
                              + "/"
                              + r.partition()
                              + "@"
                              + r.offset());
                    }
                  });
      if (rparts.isEmpty()) {
        err.println("topic " + reportsTopic + " does not exist");
        return ExitCodes.INPUT;
      }
      if (!json) {
        problems.forEach(p -> out.println("MISSING " + p));
      }
      ObjectNode rj = result.putObject("reports");
      rj.put("topic", reportsTopic);
      rj.set("missing", Json.MAPPER.valueToTree(problems));
      missing = problems.size();
    }
    if (json) {
      result.put("ok", broken + missing == 0);
      result.put("records", records);
      result.put("broken", broken);
      result.put("missing", missing);
      out.println(result);
      out.flush();
      return broken + missing == 0 ? ExitCodes.OK : ExitCodes.CHECK_FAILED;
    }
    out.println(
        (broken + missing == 0 ? "OK" : "FAILED")
            + ": "
            + records
            + " evidence record(s) in "
            + parts.size()
            + " partition(s), "
            + broken
            + " broken"
            + (reportsTopic == null ? "" : ", " + missing + " report(s) without their evidence"));
    out.flush();
    return broken + missing == 0 ? ExitCodes.OK : ExitCodes.CHECK_FAILED;
  }
}
