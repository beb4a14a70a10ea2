package dev.vigil.core.privacy;

import java.util.Objects;

/**
 * A keyed, stable stand-in for an author: the same author always gets the same pseudonym under one
 * key, and without the key it cannot be turned back into the identity. This is how authors appear
 * in decisions, reports, queue items and logs.
 */
public record Pseudonym(String value) {
  public Pseudonym {
    Objects.requireNonNull(value, "value");
  }

  @Override
  public String toString() {
    return value;
  }
}
