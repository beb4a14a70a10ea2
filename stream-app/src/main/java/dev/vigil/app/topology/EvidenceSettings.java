package dev.vigil.app.topology;

import dev.vigil.core.evidence.DataKeyStore;
import dev.vigil.core.evidence.LegalHoldPolicy;
import dev.vigil.core.privacy.RetentionPolicy;
import dev.vigil.core.report.RegulatorReport;
import dev.vigil.core.report.ReportingPolicy;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * What the block path and the privacy flow need: where data keys live, which blocks are held, how
 * they are reported, how many evidence chains (partitions) there are, who hears of each report
 * (metrics), and how long a reported post is remembered so that it is never reported again (as long
 * as the reports themselves are kept: after that a new block of the same post id is a new report).
 */
public record EvidenceSettings(
    DataKeyStore dataKeys,
    LegalHoldPolicy holds,
    ReportingPolicy reporting,
    int partitions,
    Consumer<RegulatorReport> onReport,
    Duration reportMemory) {
  public EvidenceSettings {
    Objects.requireNonNull(dataKeys, "dataKeys");
    Objects.requireNonNull(holds, "holds");
    Objects.requireNonNull(reporting, "reporting");
    Objects.requireNonNull(onReport, "onReport");
    Objects.requireNonNull(reportMemory, "reportMemory");
    if (reportMemory.isNegative() || reportMemory.isZero()) {
      throw new IllegalArgumentException("reportMemory must be positive");
    }
  }

  /** Remembers reported posts as long as reports are kept by default (180 days). */
  public EvidenceSettings(
      DataKeyStore dataKeys,
      LegalHoldPolicy holds,
      ReportingPolicy reporting,
      int partitions,
      Consumer<RegulatorReport> onReport) {
    this(
        dataKeys,
        holds,
        reporting,
        partitions,
        onReport,
        RetentionPolicy.DataClass.REPORTS.defaultPeriod());
  }
}
