package dev.vigil.core.policy;

import java.util.Objects;

/**
 * What the engine looks at: the post's text and a little context. Deliberately carries no author
 * identity, so that nothing personal can leak into detection, its logs or its explanations.
 *
 * @param text the post's text as submitted
 * @param lang the language hint from the platform, or null
 * @param channel the channel the post was made in (e.g. {@code comment}, {@code listing}), or null
 */
public record Content(String text, String lang, String channel) {
  public Content {
    Objects.requireNonNull(text, "text");
  }

  public static Content of(String text) {
    return new Content(text, null, null);
  }
}
