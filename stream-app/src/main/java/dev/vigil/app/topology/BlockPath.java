package dev.vigil.app.topology;

import dev.vigil.app.topics.BytesSerde;
import dev.vigil.app.topics.Topics;
import dev.vigil.core.evidence.BlockedPost;
import dev.vigil.core.evidence.Evidence;
import dev.vigil.core.evidence.EvidenceRecord;
import dev.vigil.core.evidence.EvidenceSealer;
import dev.vigil.core.evidence.LegalHoldPolicy;
import dev.vigil.core.report.RegulatorReport;
import dev.vigil.core.report.ReportingPolicy;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;

/**
 * What happens to a blocked post besides its decision: sealed, hash-chained evidence is retained
 * and exactly one regulator report is emitted per post. Nothing of a blocked post ever reaches the
 * published topic.
 *
 * <pre>
 * engine blocks ───── seal ─► [repartition by postId: "evidence-chain"] ─────────┐
 * moderator rejects ─ seal ─► [repartition by postId: "evidence-chain-rejects"] ─┴─► chain-and-report ─┬─► moderation.evidence
 *   (encrypt under the author's key:                     stores: chain head per partition,  │   (partition = task's)
 *    no plaintext crosses a repartition)                 reported postIds                   ├─► regulator.reports (first block only)
 *                                                                                           └─► moderation.evidence.held (held copies)
 * (seal also fingerprints each block ─► moderation.fingerprints, keyed by evidence id, when near
 *  duplicates are on: an engine block's tied to its rules, a moderator's to none; see NearDuplicates)
 * </pre>
 *
 * Why the repartition: a hash chain needs exactly one writer per evidence partition, but engine
 * blocks and moderator rejects come from different tasks. After the repartition, chain task {@code
 * p} alone writes evidence partition {@code p}, keeps that chain's head in a state store, and sees
 * every block of the posts hashed to it, so its second store can promise one report per post. Under
 * {@code exactly_once_v2} record, head and report marker commit together: a crash never forks the
 * chain or repeats a report. Sealing happens before the repartition so the internal topic carries
 * ciphertext only.
 */
final class BlockPath {

  private BlockPath() {}

  /**
   * Adds the evidence and report sinks for blocked posts, keyed by postId.
   *
   * <p>Each source is sealed and repartitioned on its own and the two meet only after the
   * repartition: merged before it, the engine's blocks would put every input of the review flow
   * into the moderation task, whose every record would then wait on the readiness of five input
   * partitions instead of one.
   *
   * @param engineBlocks posts the engine blocked
   * @param moderatorRejects posts a moderator rejected
   */
  static void attach(
      KStream<String, BlockedPost> engineBlocks,
      KStream<String, BlockedPost> moderatorRejects,
      Topics topics,
      Settings settings,
      NearDuplicates near) {
    KStream<String, ChainAndReport.Output> chained =
        sealed(engineBlocks, "evidence-chain", false, settings, near, topics)
            .merge(
                sealed(moderatorRejects, "evidence-chain-rejects", true, settings, near, topics),
                Named.as("sealed-blocks"))
            .process(new ChainAndReport.Supplier(settings), Named.as("chain-and-report"));
    chained
        .filter((k, o) -> o.evidence() != null, Named.as("evidence-records"))
        .mapValues(ChainAndReport.Output::evidence, Named.as("evidence-record"))
        .to(
            topics.evidence.name(),
            Produced.with(topics.evidence.keySerde(), topics.evidence.valueSerde())
                .withStreamPartitioner(BlockPath::ownPartition));
    chained
        .filter(
            (k, o) -> o.evidence() != null && o.evidence().evidence().legalHold() != null,
            Named.as("held"))
        .map(
            (k, o) -> KeyValue.pair(o.evidence().evidenceId(), o.evidence()),
            Named.as("by-evidence-id"))
        .to(topics.heldEvidence.name(), topics.heldEvidence.produced());
    chained
        .filter((k, o) -> o.report() != null, Named.as("first-block-of-post"))
        .mapValues(ChainAndReport.Output::report, Named.as("report"))
        .to(topics.reports.name(), topics.reports.produced());
  }

  private static KStream<String, Evidence> sealed(
      KStream<String, BlockedPost> blocked,
      String repartition,
      boolean byModerator,
      Settings settings,
      NearDuplicates near,
      Topics topics) {
    KStream<String, SealEvidence.Sealed> sealed =
        blocked.processValues(
            () -> new SealEvidence(settings, near, byModerator), Named.as("seal-" + repartition));
    if (near.enabled()) {
      // In the block's own task and transaction: the fingerprint commits with the block or not at
      // all.
      sealed
          .filter((k, s) -> s.fingerprint() != null, Named.as("fingerprinted-" + repartition))
          .map(
              (k, s) -> KeyValue.pair(s.fingerprint().evidenceId(), s.fingerprint()),
              Named.as("fingerprint-" + repartition))
          .to(topics.fingerprints.name(), topics.fingerprints.produced());
    }
    return sealed
        .mapValues(SealEvidence.Sealed::evidence, Named.as("evidence-" + repartition))
        .repartition(
            Repartitioned.<String, Evidence>as(repartition)
                .withKeySerde(Serdes.String())
                .withValueSerde(new BytesSerde<>(Evidence::toJson, Evidence::parse))
                .withNumberOfPartitions(settings.partitions()));
  }

  /**
   * Evidence record {@code r} goes to the partition whose chain it extends, never anywhere else.
   */
  private static Optional<Set<Integer>> ownPartition(
      String topic, String key, EvidenceRecord r, int n) {
    if (r.partition() >= n) {
      throw new IllegalStateException(
          "evidence topic "
              + topic
              + " has "
              + n
              + " partitions, but the chain of "
              + "partition "
              + r.partition()
              + " must be written to it: give it as many partitions as topic.partitions");
    }
    return Optional.of(Set.of(r.partition()));
  }

  /**
   * How blocks are recorded and reported.
   *
   * @param sealer seals the post under the author's (or the hold's) data key
   * @param holds which blocks are put under legal hold
   * @param reporting legal basis, deadlines, platform id and mode of reports
   * @param partitions partitions of the evidence topic: one chain per partition
   * @param onReport told of every report as it is emitted, for metrics (again after a retried
   *     transaction)
   * @param reportMemory how long a reported post is remembered, so it is never reported twice
   * @param clock the topology's clock
   */
  record Settings(
      EvidenceSealer sealer,
      LegalHoldPolicy holds,
      ReportingPolicy reporting,
      int partitions,
      Consumer<RegulatorReport> onReport,
      Duration reportMemory,
      Clock clock) {
    Settings {
      Objects.requireNonNull(sealer, "sealer");
      Objects.requireNonNull(holds, "holds");
      Objects.requireNonNull(reporting, "reporting");
      Objects.requireNonNull(onReport, "onReport");
      Objects.requireNonNull(reportMemory, "reportMemory");
      Objects.requireNonNull(clock, "clock");
      if (partitions < 1) {
        throw new IllegalArgumentException("partitions must be positive");
      }
    }
  }
}
