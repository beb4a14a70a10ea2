package dev.vigil.app.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.app.auth.Sessions;
import dev.vigil.app.auth.SharedLoginFailures;
import dev.vigil.app.auth.Users;
import dev.vigil.app.events.ReviewItem;
import dev.vigil.app.json.Json;
import dev.vigil.app.review.AccessMonitor;
import dev.vigil.app.review.AuditLog;
import dev.vigil.app.review.AuditWriter;
import dev.vigil.app.review.AuthorHistory;
import dev.vigil.app.review.QueueIndex;
import dev.vigil.app.review.QueueView;
import dev.vigil.app.review.ReviewClient;
import dev.vigil.app.rules.LiveRulePack;
import dev.vigil.app.rules.RuleCircuitBreaker;
import dev.vigil.core.evidence.ContentSealer;
import dev.vigil.core.evidence.EvidenceAccessException;
import io.javalin.Javalin;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** Wires the console and the review API onto the app's {@link HttpServer}. */
public final class ReviewHttp {
  private ReviewHttp() {}

  /**
   * The routes of console and API.
   *
   * @param proxyUserHeader header carrying the user from a trusted proxy, or null for no proxy
   *     login
   * @param proxyRoleHeader header carrying the role from the proxy
   * @param proxyAddresses client addresses of the proxy; nobody else may set those headers
   * @param secureCookie mark the session cookie {@code Secure} (when served over HTTPS)
   * @param breaker the rule circuit breaker, for ops to see and undo its trips
   * @param sealer opens held posts for an authorised reader
   * @param monitor counts reads and reveals of personal information per user
   * @param onAlert told of each access alert (a metric)
   * @param sessionSecret key material all instances share, from which the session cookies' signing
   *     key is derived (so any instance accepts a session another opened)
   * @param pack the active rule pack (rule descriptions and canned reasons for the console)
   * @param authors the authors' pseudonymous histories (counts), or null for none
   * @param loginFailures shares the login throttle's counts with the other instances, or null
   */
  public static Consumer<Javalin> routes(
      Users users,
      QueueView queue,
      ReviewClient client,
      AuditLog auditLog,
      AuditWriter auditWriter,
      Clock clock,
      Duration commandTimeout,
      Duration sla,
      String proxyUserHeader,
      String proxyRoleHeader,
      Set<String> proxyAddresses,
      boolean secureCookie,
      RuleCircuitBreaker breaker,
      ContentSealer sealer,
      AccessMonitor monitor,
      Consumer<AccessMonitor.Alert> onAlert,
      byte[] sessionSecret,
      Supplier<LiveRulePack.Loaded> pack,
      AuthorHistory authors,
      SharedLoginFailures loginFailures) {
    RequestAuth.Proxy proxy =
        proxyUserHeader == null || proxyUserHeader.isBlank()
            ? null
            : new RequestAuth.Proxy(proxyUserHeader, proxyRoleHeader, Set.copyOf(proxyAddresses));
    RequestAuth auth =
        new RequestAuth(
            users,
            new Sessions(clock, sessionSecret),
            proxy,
            secureCookie,
            clock,
            auditWriter::write,
            dev.vigil.app.auth.LoginGuard.defaultMaxConcurrentHashes(),
            loginFailures);
    QueueIndex index =
        new QueueIndex(queue::all, item -> openPost(sealer, item), clock, Duration.ofSeconds(1));
    ReviewApi api =
        new ReviewApi(
            auth,
            queue,
            client,
            auditLog,
            clock,
            commandTimeout,
            sla,
            index,
            pack,
            auditWriter::write,
            authors,
            sealer);
    PostReadApi reads =
        new PostReadApi(auth, queue, sealer, auditWriter::write, monitor, onAlert, clock);
    return app -> {
      Console.install(app);
      api.install(app);
      reads.install(app);
      new BreakerApi(auth, breaker).install(app);
    };
  }

  /** A held post's JSON for the search index, or null when it cannot be opened (erased). */
  private static JsonNode openPost(ContentSealer sealer, ReviewItem item) {
    if (item.content() == null) {
      return null;
    }
    try {
      return Json.MAPPER.readTree(
          sealer.open(ContentSealer.post(item.postId()), item.content().sealed()));
    } catch (EvidenceAccessException | IOException | IllegalArgumentException e) {
      return null;
    }
  }
}
