package dev.vigil.app.auth;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.app.config.KafkaConnection;
import dev.vigil.app.topics.Topics;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The shared login throttle with no Kafka to share it on: logins go on, throttled locally. */
class LoginFailureLogTest {
  @Test
  void withKafkaUnreachableLoginsNeitherWaitNorFailAndAreStillThrottledHere() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort(); // closed again: nothing listens there
    }
    Clock clock = Clock.systemUTC();
    try (LoginFailureLog log =
        new LoginFailureLog(
            KafkaConnection.to("127.0.0.1:" + port),
            Topics.defaults().loginFailures,
            "a-derived-login-throttle-key-32b".getBytes(StandardCharsets.UTF_8),
            clock)) {
      log.start();
      LoginGuard guard =
          new LoginGuard(
              clock,
              4,
              (name, password) ->
                  new String(password).equals("right-password")
                      ? Optional.of(LoginGuardTest.ALICE)
                      : Optional.empty(),
              log);
      for (int i = 0; i < LoginGuard.USER_FREE_FAILURES + 3; i++) {
        long t0 = System.nanoTime();
        LoginGuard.Result r = guard.check("alice", "203.0.113.9", "guess".toCharArray());
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        Class<? extends LoginGuard.Result> expected =
            i < LoginGuard.USER_FREE_FAILURES
                ? LoginGuard.Result.Denied.class
                : LoginGuard.Result.Throttled.class;
        assertInstanceOf(expected, r, "attempt " + i);
        assertTrue(took.compareTo(Duration.ofSeconds(1)) < 0, "attempt " + i + " took " + took);
      }
      assertInstanceOf(
          LoginGuard.Result.Ok.class,
          guard.check("alice", "10.0.0.7", "right-password".toCharArray()));
    }
  }
}
