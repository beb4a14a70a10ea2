package dev.vigil.core.post;

/**
 * Why a record could not be taken as a post. The {@link #code()} is a bounded label, safe for
 * metrics; the detail names the field at fault but never echoes the record's content.
 */
public enum PostError {
  NULL_VALUE("null_value"),
  INVALID_UTF8("invalid_utf8"),
  MALFORMED_JSON("malformed_json"),
  NOT_AN_OBJECT("not_an_object"),
  MISSING_FIELD("missing_field"),
  WRONG_TYPE("wrong_type"),
  INVALID_FIELD("invalid_field"),
  TEXT_TOO_LONG("text_too_long");

  private final String code;

  PostError(String code) {
    this.code = code;
  }

  /** Stable snake_case code, used in dead-letter records and as a metric label. */
  public String code() {
    return code;
  }
}
