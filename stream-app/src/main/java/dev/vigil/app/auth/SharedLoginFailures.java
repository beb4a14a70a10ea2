package dev.vigil.app.auth;

import dev.vigil.app.events.LoginFailure;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.function.Consumer;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How the instances of one deployment tell each other of the login failures and successes each
 * counted (see {@link LoginGuard}): {@link LoginFailureLog} on a topic, or {@link #none()} for an
 * instance on its own. The throttle keys (a user name at a client address, a client address) are
 * personal data: what is shared is only their {@link #keyOf keyed hash}, the same on every
 * instance.
 */
public interface SharedLoginFailures {
  /** The opaque form of a throttle key, the same on every instance of the deployment. */
  String keyOf(String throttleKey);

  /** Tells the other instances; never blocks and never throws for want of the transport. */
  void publish(LoginFailure record);

  /** {@code sink} is told of every record read, the instance's own included. */
  void subscribe(Consumer<LoginFailure> sink);

  /** Nothing shared: keys hashed under {@code key}, records go nowhere. */
  static SharedLoginFailures none(byte[] key) {
    return new SharedLoginFailures() {
      @Override
      public String keyOf(String throttleKey) {
        return hmac(key, throttleKey);
      }

      @Override
      public void publish(LoginFailure record) {}

      @Override
      public void subscribe(Consumer<LoginFailure> sink) {}
    };
  }

  /** Base64url HMAC-SHA256 of {@code data} under {@code key}. */
  static String hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}
