package dev.vigil.app.notice;

import dev.vigil.app.config.AppConfig;
import dev.vigil.app.topics.Topics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * The running service's privacy notice: the register built on demand from the configuration and the
 * broker's topic configs, read at most once per {@link #REFRESH} (a public page must not turn each
 * request into admin calls to the cluster). Thread-safe.
 */
public final class PrivacyNotice {
  /** How long the broker's retentions are reused before they are read again. */
  public static final Duration REFRESH = Duration.ofMinutes(1);

  private final Topics topics;
  private final AppConfig config;
  private final Supplier<List<StoreRetention>> readRetentions;
  private final Clock clock;
  private List<StoreRetention> cached;
  private Instant readAt;

  /**
   * @param readRetentions reads the broker's retentions, e.g. {@code () ->
   *     BrokerRetentions.read(admin, topics, applicationId)}
   */
  public PrivacyNotice(
      Topics topics, AppConfig config, Supplier<List<StoreRetention>> readRetentions, Clock clock) {
    this.topics = topics;
    this.config = config;
    this.readRetentions = readRetentions;
    this.clock = clock;
  }

  /** The register in {@code lang} ({@code zh} or {@code en}). */
  public ProcessingRegister register(String lang) {
    NoticeMessages messages = NoticeMessages.of(lang);
    Instant now = clock.instant();
    return new RegisterBuilder(topics, config, messages).build(retentions(now), now);
  }

  private synchronized List<StoreRetention> retentions(Instant now) {
    if (cached == null || readAt.plus(REFRESH).isBefore(now)) {
      cached = List.copyOf(readRetentions.get());
      readAt = now;
    }
    return cached;
  }
}
