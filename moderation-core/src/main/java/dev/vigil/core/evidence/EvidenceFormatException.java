package dev.vigil.core.evidence;

/** Bytes that are not an evidence record, and which member is at fault. */
public final class EvidenceFormatException extends RuntimeException {
  public EvidenceFormatException(String message) {
    super(message);
  }
}
