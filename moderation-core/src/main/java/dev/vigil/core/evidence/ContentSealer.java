package dev.vigil.core.evidence;

import dev.vigil.core.privacy.Pseudonym;
import java.time.LocalDate;
import java.util.Objects;

/**
 * Seals the copies of a post that the pipeline keeps while it works on it (the quarantined post,
 * its review item, a remembered block, a dead letter) under the same keys as evidence: the author's
 * data key when the author is known, else the key of the day. An erasure destroys the author's
 * keys, so every such copy, on every topic and changelog, becomes unreadable at once, wherever it
 * was copied to; a day key is destroyed when the day is past retention.
 *
 * <p>Each seal names what it seals (its context, e.g. {@code post:<postId>}) in the cipher's
 * associated data: a sealed copy pasted into another record does not open there. Contexts start
 * with {@code content/}, so no content seal can pass for an evidence record's. Thread-safe.
 */
public final class ContentSealer {
  private final DataKeyStore keys;

  public ContentSealer(DataKeyStore keys) {
    this.keys = Objects.requireNonNull(keys, "keys");
  }

  /** Seals {@code plaintext}, the content named {@code context}, under {@code author}'s key. */
  public Sealed sealForAuthor(Pseudonym author, String context, byte[] plaintext) {
    return EnvelopeCipher.seal(keys.authorKey(author), id(context), plaintext);
  }

  /** Seals {@code plaintext} under the key of {@code day}, for content whose author is unknown. */
  public Sealed sealForDay(LocalDate day, String context, byte[] plaintext) {
    return EnvelopeCipher.seal(keys.dayKey(day), id(context), plaintext);
  }

  /**
   * Opens what was sealed for {@code context}.
   *
   * @throws EvidenceAccessException {@code KEY_DESTROYED} after the author's erasure (or the day's
   *     expiry), {@code INTEGRITY} when the seal was altered or belongs to another context
   */
  public byte[] open(String context, Sealed sealed) {
    return EnvelopeCipher.open(keys.key(sealed.keyId()), id(context), sealed);
  }

  /** The context of a post's submitted bytes. */
  public static String post(String postId) {
    return "post:" + postId;
  }

  /**
   * The context of a moderator's free text about a post (a comment, a decision's or a takedown's
   * reason): sealed under the post author's key, since it may quote the post.
   */
  public static String note(String postId) {
    return "note:" + postId;
  }

  private static String id(String context) {
    return "content/" + Objects.requireNonNull(context, "context");
  }
}
