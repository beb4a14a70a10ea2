package dev.vigil.core.evidence;

/**
 * Evidence could not be opened, and why: the message says what happened in words an auditor can act
 * on, and never contains the content or identity it failed to reveal.
 */
public final class EvidenceAccessException extends RuntimeException {
  /** Why evidence (or a data key) could not be opened. */
  public enum Reason {
    /**
     * The data key was destroyed by an erasure request (crypto-shredding), or a legal hold was
     * released.
     */
    KEY_DESTROYED,
    /** No data key with that id is known to this key store. */
    KEY_UNKNOWN,
    /** The data key was wrapped by another master key than the one configured. */
    WRONG_MASTER_KEY,
    /** A ciphertext or wrapped key failed its integrity check. */
    INTEGRITY
  }

  private final Reason reason;

  public EvidenceAccessException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
