package dev.vigil.app.topology;

import dev.vigil.core.evidence.DataKeyStore;
import dev.vigil.core.evidence.LegalHoldPolicy;
import dev.vigil.core.report.RegulatorReport;
import dev.vigil.core.report.ReportingPolicy;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * What the block path and the privacy flow need: where data keys live, which blocks are held, how they are
 * reported, how many evidence chains (partitions) there are, and who hears of each report (metrics).
 */
public record EvidenceSettings(
    DataKeyStore dataKeys, LegalHoldPolicy holds, ReportingPolicy reporting, int partitions,
    Consumer<RegulatorReport> onReport) {
  public EvidenceSettings {
    Objects.requireNonNull(dataKeys, "dataKeys");
    Objects.requireNonNull(holds, "holds");
    Objects.requireNonNull(reporting, "reporting");
    Objects.requireNonNull(onReport, "onReport");
  }

  BlockPath.ReportListener reportListener() {
    return onReport::accept;
  }
}
