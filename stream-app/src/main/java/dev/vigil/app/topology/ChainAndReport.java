package dev.vigil.app.topology;

import dev.vigil.core.evidence.ChainHead;
import dev.vigil.core.evidence.Evidence;
import dev.vigil.core.evidence.EvidenceChain;
import dev.vigil.core.evidence.EvidenceRecord;
import dev.vigil.core.report.RegulatorReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Chains sealed evidence onto the evidence partition this task owns, and reports the first block of
 * each post. The chain head lives in a state store keyed by partition; the posts already reported
 * in another, keyed by postId (with when, so that a punctuation forgets them after the report
 * memory). Both are changelogged and commit with the outputs under exactly-once, so a restart
 * resumes the chain where the committed records end and never reports a post twice.
 */
final class ChainAndReport implements Processor<String, Evidence, String, ChainAndReport.Output> {
  static final String CHAIN_HEADS = "evidence-chain-heads";
  static final String REPORTED_POSTS = "reported-posts";

  /** One output: an evidence record, or a report (never both in one). */
  record Output(EvidenceRecord evidence, RegulatorReport report) {}

  private final BlockPath.Settings settings;
  private ProcessorContext<String, Output> context;
  private KeyValueStore<Integer, String> heads;
  private KeyValueStore<String, String> reported;

  ChainAndReport(BlockPath.Settings settings) {
    this.settings = settings;
  }

  @Override
  public void init(ProcessorContext<String, Output> context) {
    this.context = context;
    this.heads = context.getStateStore(CHAIN_HEADS);
    this.reported = context.getStateStore(REPORTED_POSTS);
    context.schedule(Duration.ofHours(1), PunctuationType.WALL_CLOCK_TIME, t -> forgetOldReports());
  }

  /**
   * Forgets posts reported longer ago than the report memory, so the store does not grow for ever.
   */
  private void forgetOldReports() {
    long cutoff = settings.clock().millis() - settings.reportMemory().toMillis();
    List<String> old = new ArrayList<>();
    try (KeyValueIterator<String, String> it = reported.all()) {
      while (it.hasNext()) {
        KeyValue<String, String> kv = it.next();
        int at = kv.value.lastIndexOf('@');
        if (at < 0 || Long.parseLong(kv.value.substring(at + 1)) < cutoff) {
          old.add(kv.key);
        }
      }
    }
    old.forEach(reported::delete);
  }

  @Override
  public void process(Record<String, Evidence> record) {
    int partition = context.taskId().partition();
    String stored = heads.get(partition);
    ChainHead head = stored == null ? ChainHead.empty(partition) : ChainHead.decode(stored);
    EvidenceRecord evidence = EvidenceChain.append(head, record.value());
    heads.put(partition, EvidenceChain.headAfter(evidence).encode());
    context.forward(record.withValue(new Output(evidence, null)));

    String postId = evidence.evidence().postId();
    if (reported.get(postId) == null
        && settings.reporting().reports(evidence.evidence().decision())) {
      RegulatorReport report = settings.reporting().report(evidence);
      reported.put(postId, report.reportId() + "@" + settings.clock().millis());
      context.forward(record.withValue(new Output(null, report)));
      settings.onReport().accept(report);
    }
  }

  /** Supplies the processor with the two stores it needs. */
  static final class Supplier implements ProcessorSupplier<String, Evidence, String, Output> {
    private final BlockPath.Settings settings;

    Supplier(BlockPath.Settings settings) {
      this.settings = settings;
    }

    @Override
    public Processor<String, Evidence, String, Output> get() {
      return new ChainAndReport(settings);
    }

    @Override
    public Set<StoreBuilder<?>> stores() {
      return Set.of(
          Stores.keyValueStoreBuilder(
              Stores.persistentKeyValueStore(CHAIN_HEADS), Serdes.Integer(), Serdes.String()),
          Stores.keyValueStoreBuilder(
              Stores.persistentKeyValueStore(REPORTED_POSTS), Serdes.String(), Serdes.String()));
    }
  }
}
