package dev.vigil.app.http;

import java.time.Clock;
import java.time.Duration;

/** The review API with nothing behind it but authentication: for the login and session tests. */
final class LoginOnlyApi {
  private LoginOnlyApi() {}

  static ReviewApi of(RequestAuth auth, Clock clock) {
    return new ReviewApi(
        auth,
        null,
        null,
        null,
        clock,
        Duration.ofSeconds(5),
        Duration.ofHours(1),
        null,
        null,
        (k, e) -> {},
        null,
        null);
  }
}
