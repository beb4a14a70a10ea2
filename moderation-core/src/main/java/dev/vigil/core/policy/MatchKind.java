package dev.vigil.core.policy;

/** Which detector produced a match. */
public enum MatchKind {
  KEYWORD,
  PATTERN,
  CLASSIFIER,
  /** A built-in extractor of contact channels (phone, WeChat id, URL, bank card). */
  CONTACT
}
