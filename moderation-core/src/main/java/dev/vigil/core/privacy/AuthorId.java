package dev.vigil.core.privacy;

import java.util.Objects;

/**
 * A raw author identity: personal information. It cannot be printed by accident: {@link
 * #toString()} is redacted, and the raw value is reachable only through {@link #reveal()}, which
 * only evidence encryption and pseudonymisation call. Everywhere else an author appears as a {@code
 * Pseudonym}.
 */
public final class AuthorId {
  private final String value;

  private AuthorId(String value) {
    this.value = Objects.requireNonNull(value, "value");
  }

  public static AuthorId of(String value) {
    return new AuthorId(value);
  }

  /**
   * The raw identity. Callers must encrypt or pseudonymise it; never log, index or label with it.
   */
  public String reveal() {
    return value;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AuthorId other && other.value.equals(value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  @Override
  public String toString() {
    return "AuthorId[redacted]";
  }
}
