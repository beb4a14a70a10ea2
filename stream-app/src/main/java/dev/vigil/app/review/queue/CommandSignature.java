package dev.vigil.app.review.queue;

import dev.vigil.app.events.ReviewCommand;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs moderator commands where they are authenticated (the API instance that checked the user's
 * session and role) and verifies them where they are applied (the review task), so that write
 * access to {@code review.actions} is not the power to act as any user in any role: a command
 * written by anyone else, or altered on the way, is refused and audited as refused.
 *
 * <p>HMAC-SHA256 over every field of the command, each length-prefixed, under a key every instance
 * shares (derived from the master key: {@code MasterKey.derive("review-commands")}). A signed
 * command replayed is the same command: its post's state (already claimed, already decided) refuses
 * it like any repeat. Thread-safe.
 */
public final class CommandSignature {
  private static final String ALGORITHM = "HmacSHA256";
  private final SecretKeySpec key;

  public CommandSignature(byte[] key) {
    if (Objects.requireNonNull(key, "key").length < 32) {
      throw new IllegalArgumentException("a command key is at least 32 bytes");
    }
    this.key = new SecretKeySpec(key.clone(), ALGORITHM);
  }

  /**
   * A key known to this process only: commands from anywhere else are refused (what a topology
   * built without the app's key gets).
   */
  public static CommandSignature ephemeral() {
    byte[] k = new byte[32];
    new SecureRandom().nextBytes(k);
    return new CommandSignature(k);
  }

  /** {@code c} with its signature. */
  public ReviewCommand sign(ReviewCommand c) {
    return c.withSignature(signatureOf(c));
  }

  /** Whether {@code c} carries the signature of exactly its fields under this key. */
  public boolean verify(ReviewCommand c) {
    if (c.signature() == null) {
      return false;
    }
    byte[] given;
    try {
      given = Base64.getUrlDecoder().decode(c.signature());
    } catch (IllegalArgumentException e) {
      return false;
    }
    return MessageDigest.isEqual(given, Base64.getUrlDecoder().decode(signatureOf(c)));
  }

  private String signatureOf(ReviewCommand c) {
    StringBuilder b = new StringBuilder("vigil/review-command/v1");
    ReviewCommand.Revert r = c.revert();
    for (Object field :
        new Object[] {
          c.commandId(),
          c.type(),
          c.postId(),
          c.actor(),
          c.role(),
          c.reason(),
          c.at(),
          r == null ? null : r.ruleId(),
          r == null ? null : r.from(),
          r == null ? null : r.to(),
          r == null ? null : r.partitions()
        }) {
      String s = field == null ? null : field.toString();
      b.append('|').append(s == null ? -1 : s.length()).append(':').append(s == null ? "" : s);
    }
    if (c.reasonKey() != null) {
      // Appended only when present, so that commands without one sign as they always did.
      b.append("|reasonKey:").append(c.reasonKey().length()).append(':').append(c.reasonKey());
    }
    if (c.reasonBasis() != null) {
      b.append("|reasonBasis:")
          .append(c.reasonBasis().length())
          .append(':')
          .append(c.reasonBasis());
    }
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(mac.doFinal(b.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}
