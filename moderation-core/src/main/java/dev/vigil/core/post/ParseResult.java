package dev.vigil.core.post;

import java.util.Objects;

/** Either a parsed {@link Post} or the reason the bytes are not one. */
public sealed interface ParseResult {

  record Ok(Post post) implements ParseResult {
    public Ok {
      Objects.requireNonNull(post, "post");
    }
  }

  /**
   * @param error the class of failure, a bounded label
   * @param detail a human-readable explanation naming the field at fault; never contains post
   *     content
   */
  record Invalid(PostError error, String detail) implements ParseResult {
    public Invalid {
      Objects.requireNonNull(error, "error");
      Objects.requireNonNull(detail, "detail");
    }
  }
}
