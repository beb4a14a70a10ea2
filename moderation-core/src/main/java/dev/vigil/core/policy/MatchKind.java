package dev.vigil.core.policy;

/** Which detector produced a match. */
public enum MatchKind {
  KEYWORD,
  PATTERN,
  /**
   * A term of a concept that satisfied a concept rule (which concept and term: {@link
   * Match#detail()}).
   */
  CONCEPT,
  /**
   * The classifier's verdict on the whole post, where it flagged the post on its own; {@link
   * Match#detail()} gives its probability that the post violates ({@code p=0.873}).
   */
  CLASSIFIER,
  /** A built-in extractor of contact channels (phone, WeChat id, URL, bank card). */
  CONTACT,
  /**
   * A built-in detector of personal data (identity-card numbers, e-mail addresses, bulk lists of
   * them).
   */
  PERSONAL_DATA,
  /**
   * A near-duplicate of a post blocked before (keyed MinHash, {@code core.near}): the whole post,
   * with the original's evidence id as {@link Match#detail()} ({@code evidence:<id>}).
   */
  NEAR_DUPLICATE
}
