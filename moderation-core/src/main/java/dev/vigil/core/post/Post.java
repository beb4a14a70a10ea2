package dev.vigil.core.post;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.core.policy.Content;
import dev.vigil.core.privacy.AuthorId;
import java.time.Instant;
import java.util.Objects;

/**
 * A post submitted by a platform, as parsed from its JSON and minimised by the parser's {@link
 * FieldPolicy}: {@link #json()} and {@link #bytes()} hold the schema's fields and those the
 * configuration allows by name, nothing else the platform sent. Every record Vigil writes that
 * carries the post carries {@link #bytes()}, never the submitted bytes.
 *
 * @param postId the platform's id for the post, non-blank
 * @param author the author's raw identity (personal information: see {@link AuthorId})
 * @param text the text to moderate
 * @param createdAt when the author submitted it, or null if the platform did not say
 * @param lang language hint, or null
 * @param channel channel hint, or null
 * @param json the minimised object
 * @param bytes the minimised object as UTF-8 JSON: the submitted bytes themselves when the policy
 *     dropped nothing; shared, not copied, so never modify them
 */
public record Post(
    String postId,
    AuthorId author,
    String text,
    Instant createdAt,
    String lang,
    String channel,
    ObjectNode json,
    byte[] bytes) {

  public Post {
    Objects.requireNonNull(postId, "postId");
    Objects.requireNonNull(author, "author");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(json, "json");
    Objects.requireNonNull(bytes, "bytes");
  }

  /** What the engine may see of this post: text and context, no identity. */
  public Content content() {
    return new Content(text, lang, channel);
  }

  @Override
  public String toString() {
    return "Post[" + postId + "]";
  }
}
