package dev.vigil.core.evidence;

/**
 * Wraps and unwraps data keys under a master key. The seam for a KMS: an implementation that calls
 * the KMS's encrypt/decrypt never lets the master key into this process at all. Implementations are
 * thread-safe.
 */
public interface KeyWrapper {
  /** The id of the master key new data keys are wrapped with. */
  String masterKeyId();

  /** Wraps {@code dataKey}, binding the result to {@code keyId} so that it cannot be relabelled. */
  byte[] wrap(String keyId, byte[] dataKey);

  /**
   * Unwraps a data key wrapped by {@link #wrap}.
   *
   * @param masterKeyId the id of the master key that wrapped it, as recorded next to it
   * @throws EvidenceAccessException {@code WRONG_MASTER_KEY} when {@code masterKeyId} is not this
   *     wrapper's key, {@code INTEGRITY} when the wrapped bytes or their key id were altered
   */
  byte[] unwrap(String keyId, String masterKeyId, byte[] wrapped);
}
