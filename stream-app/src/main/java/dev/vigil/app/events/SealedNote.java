package dev.vigil.app.events;

import dev.vigil.core.evidence.ContentSealer;
import dev.vigil.core.evidence.EvidenceAccessException;
import dev.vigil.core.evidence.Sealed;
import dev.vigil.core.privacy.Pseudonym;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A moderator's free text about a post (a comment, the reason of a decision or of a takedown),
 * sealed by the API under the post author's data key before it is written anywhere: the command on
 * {@code review.actions}, the item's comments on {@code review.queue} and the review changelogs,
 * the audit entries on {@code moderation.audit}, the takedowns on {@code moderation.takedowns}
 * carry it as an opaque string, and the author's erasure shreds it with their posts (moderators
 * quote the post).
 *
 * <p>The string is {@code sealed:} and the base64 of: one byte, the key id's length; the key id
 * (UTF-8); the 12-byte nonce; the ciphertext with its tag. It is sealed for the context {@link
 * ContentSealer#note(String) note:<postId>}, so it opens only as a note on that post. A canned
 * reason's label (the pack's words, not the moderator's) stays in clear before it: {@code <label> —
 * sealed:...}. Values written before notes were sealed, and text that concerns no post (a mass
 * revert's reason), are plain and pass through {@link #open} unchanged.
 */
public final class SealedNote {
  /** What starts the sealed part of a value. */
  public static final String PREFIX = "sealed:";

  /** What a reader sees in place of a note whose author has been erased. */
  public static final String ERASED = "[erased with the author's data]";

  /** What a reader sees in place of a note that cannot be opened for another reason. */
  public static final String UNREADABLE = "[sealed note: cannot be opened]";

  /** Between a canned reason's label (in clear) and the moderator's sealed text. */
  public static final String LABEL_SEPARATOR = " — ";

  private static final int MAX_KEY_ID = 255;
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BYTES = 16;

  /** A sealed part: at the start, or after a canned label and its separator; to the end. */
  private static final Pattern SEALED =
      Pattern.compile("(?:^|" + LABEL_SEPARATOR + ")" + PREFIX + "([A-Za-z0-9+/]+={0,2})$");

  private SealedNote() {}

  /**
   * The longest sealed value of a text of at most {@code maxChars} UTF-16 code units (at most 3
   * UTF-8 bytes each), under a key id of at most 255 bytes: what a length check of sealed values
   * allows.
   */
  public static int maxSealedLength(int maxChars) {
    int bytes = 1 + MAX_KEY_ID + NONCE_BYTES + 3 * maxChars + TAG_BYTES;
    return PREFIX.length() + 4 * ((bytes + 2) / 3);
  }

  /**
   * {@code text} sealed as a note on {@code postId} under {@code author}'s key; null stays null.
   */
  public static String seal(ContentSealer sealer, Pseudonym author, String postId, String text) {
    if (text == null) {
      return null;
    }
    return encode(
        sealer.sealForAuthor(
            author, ContentSealer.note(postId), text.getBytes(StandardCharsets.UTF_8)));
  }

  /** {@code label — sealed(text)}, or the sealed text alone when there is no label. */
  public static String seal(
      ContentSealer sealer, Pseudonym author, String postId, String label, String text) {
    String sealed = seal(sealer, author, postId, text);
    if (label == null) {
      return sealed;
    }
    return sealed == null ? label : label + LABEL_SEPARATOR + sealed;
  }

  /** The string form of a seal. */
  public static String encode(Sealed s) {
    byte[] keyId = s.keyId().getBytes(StandardCharsets.UTF_8);
    if (keyId.length > MAX_KEY_ID) {
      throw new IllegalArgumentException("key id longer than " + MAX_KEY_ID + " bytes");
    }
    byte[] nonce = s.nonce();
    byte[] data = s.ciphertext();
    ByteBuffer b = ByteBuffer.allocate(1 + keyId.length + nonce.length + data.length);
    b.put((byte) keyId.length).put(keyId).put(nonce).put(data);
    return PREFIX + Base64.getEncoder().encodeToString(b.array());
  }

  /** Whether {@code value} carries a sealed note (alone or after a canned label). */
  public static boolean isSealed(String value) {
    return value != null && parse(value) != null;
  }

  /**
   * The text of {@code value}, a note on {@code postId}: opened when sealed (a canned label kept
   * before it), unchanged when plain (written before notes were sealed, or concerning no post).
   *
   * @throws EvidenceAccessException {@code KEY_DESTROYED} after the author's erasure, {@code
   *     INTEGRITY} when it was altered or sealed for another post
   */
  public static String open(ContentSealer sealer, String postId, String value) {
    Parsed p = value == null ? null : parse(value);
    if (p == null) {
      return value;
    }
    String text =
        new String(
            sealer.open(ContentSealer.note(Objects.requireNonNull(postId, "postId")), p.sealed()),
            StandardCharsets.UTF_8);
    return p.label() == null ? text : p.label() + LABEL_SEPARATOR + text;
  }

  /**
   * What a reader is shown of {@code value}: as {@link #open}, but {@link #ERASED} (after the
   * label, if any) when the author's key is destroyed, {@link #UNREADABLE} when it does not open.
   */
  public static String show(ContentSealer sealer, String postId, String value) {
    Parsed p = value == null ? null : parse(value);
    if (p == null) {
      return value;
    }
    String placeholder;
    try {
      return open(sealer, postId, value);
    } catch (EvidenceAccessException e) {
      placeholder =
          e.reason() == EvidenceAccessException.Reason.KEY_DESTROYED ? ERASED : UNREADABLE;
    } catch (IllegalArgumentException | NullPointerException e) {
      placeholder = UNREADABLE;
    }
    return p.label() == null ? placeholder : p.label() + LABEL_SEPARATOR + placeholder;
  }

  /**
   * {@code value} with its sealed part replaced by {@code placeholder} (for answers that do not
   * open notes); plain values unchanged.
   */
  public static String withheld(String value, String placeholder) {
    Parsed p = value == null ? null : parse(value);
    if (p == null) {
      return value;
    }
    return p.label() == null ? placeholder : p.label() + LABEL_SEPARATOR + placeholder;
  }

  private record Parsed(String label, Sealed sealed) {}

  /** The label and seal of a sealed value, or null when it is plain text. */
  private static Parsed parse(String value) {
    int at = value.lastIndexOf(PREFIX);
    if (at < 0) {
      return null;
    }
    Matcher m = SEALED.matcher(value);
    if (!m.find()) {
      return null;
    }
    Sealed sealed = decode(m.group(1));
    if (sealed == null) {
      return null;
    }
    String label = m.start() == 0 ? null : value.substring(0, m.start());
    return new Parsed(label, sealed);
  }

  private static Sealed decode(String b64) {
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(b64);
    } catch (IllegalArgumentException e) {
      return null;
    }
    if (raw.length < 1) {
      return null;
    }
    int keyLen = raw[0] & 0xff;
    int dataAt = 1 + keyLen + NONCE_BYTES;
    if (keyLen == 0 || raw.length < dataAt + TAG_BYTES) {
      return null;
    }
    try {
      return new Sealed(
          new String(raw, 1, keyLen, StandardCharsets.UTF_8),
          Arrays.copyOfRange(raw, 1 + keyLen, dataAt),
          Arrays.copyOfRange(raw, dataAt, raw.length));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
