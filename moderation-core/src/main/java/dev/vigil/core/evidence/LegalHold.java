package dev.vigil.core.evidence;

import java.util.Objects;

/**
 * Why a piece of evidence must outlive erasure requests and ordinary retention, e.g. an open
 * investigation by the authority the post was reported to. Recorded inside the chained evidence
 * record, so the reason is as tamper-evident as the evidence.
 *
 * @param reason in words an auditor and the data subject's receipt can show
 */
public record LegalHold(String reason) {
  public LegalHold {
    Objects.requireNonNull(reason, "reason");
    if (reason.isBlank()) {
      throw new IllegalArgumentException("a legal hold needs a reason");
    }
  }
}
