package dev.vigil.core.policy;

/** What happens to a post. Ordered by severity, so the stricter of two actions is the larger. */
public enum Action {
  /** Transmitted to the published topic. */
  ALLOW,
  /** Held in quarantine until a moderator decides. */
  REVIEW,
  /** Never transmitted; evidence is retained and a regulator report emitted. */
  BLOCK;

  /** The stricter of this and {@code other}. */
  public Action max(Action other) {
    return other.ordinal() > ordinal() ? other : this;
  }
}
