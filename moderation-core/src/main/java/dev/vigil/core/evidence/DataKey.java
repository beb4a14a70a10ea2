package dev.vigil.core.evidence;

import java.util.Objects;

/**
 * An unwrapped data key (DEK): 32 bytes of AES-256 key and the id it is stored under. Lives only in
 * memory, for the time it takes to seal or open; what is stored anywhere is its {@link
 * WrappedDataKey}.
 */
public final class DataKey {
  public static final int BYTES = 32;
  private final String keyId;
  private final byte[] bytes;

  public DataKey(String keyId, byte[] bytes) {
    this.keyId = Objects.requireNonNull(keyId, "keyId");
    if (bytes.length != BYTES) {
      throw new IllegalArgumentException("a data key is " + BYTES + " bytes, got " + bytes.length);
    }
    this.bytes = bytes.clone();
  }

  public String keyId() {
    return keyId;
  }

  byte[] bytes() {
    return bytes.clone();
  }

  @Override
  public String toString() {
    return "DataKey[" + keyId + "]";
  }
}
