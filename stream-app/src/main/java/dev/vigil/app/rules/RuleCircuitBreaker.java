package dev.vigil.app.rules;

import dev.vigil.app.config.BreakerSettings;
import dev.vigil.app.events.DecisionEvent;
import dev.vigil.app.topology.ModerationListener;
import dev.vigil.core.policy.Match;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes a runaway rule out of enforcement. For a while after a pack change, it watches the rules
 * that change added or altered; one whose enforced hits pass {@code maxShare} of the posts decided
 * since (after at least {@code minPosts}) is demoted to shadow at once: its hits are still
 * reported, it no longer acts. AbuseFilter does the same at 5% of recent actions. Rules the change
 * did not touch are not watched, so an unrelated edit during a real fraud wave does not demote the
 * rule that is catching it. Ops see trips in metrics and the audit log, and undo one with {@link
 * #reset}; the next pack starts afresh.
 */
public final class RuleCircuitBreaker implements ModerationListener, LiveRulePack.Listener {
  private static final Logger LOG = LoggerFactory.getLogger(RuleCircuitBreaker.class);

  /** Told of trips and resets, for metrics and the audit log. */
  public interface Listener {
    void tripped(String ruleId, String packVersion, long hits, long posts);

    void reset(String ruleId, String packVersion, String by, String role, String reason);
  }

  private final LiveRulePack pack;
  private final BreakerSettings settings;
  private final Clock clock;
  private final Listener listener;
  private Set<String> watched = Set.of();
  private Instant watchUntil = Instant.MIN;
  private long posts;
  private final Map<String, Long> hits = new HashMap<>();

  public RuleCircuitBreaker(
      LiveRulePack pack, BreakerSettings settings, Clock clock, Listener listener) {
    this.pack = pack;
    this.settings = settings;
    this.clock = clock;
    this.listener = listener;
    pack.addListener(this);
  }

  @Override
  public void activated(String version) {}

  @Override
  public void rejected(String message) {}

  @Override
  public synchronized void replaced(LiveRulePack.Loaded before, LiveRulePack.Loaded after) {
    Set<String> changed =
        dev.vigil.core.rules.RuleChanges.changed(
            before.ruleFingerprints(), after.ruleFingerprints());
    watched = changed;
    watchUntil = clock.instant().plus(settings.watchFor());
    posts = 0;
    hits.clear();
    if (!changed.isEmpty()) {
      LOG.info(
          "watching {} changed rule(s) of pack {} for {}",
          changed.size(),
          after.version(),
          settings.watchFor());
    }
  }

  @Override
  public synchronized void decided(DecisionEvent decision, long engineNanos) {
    if (watched.isEmpty() || clock.instant().isAfter(watchUntil)) {
      return;
    }
    posts++;
    Set<String> hitHere = new HashSet<>();
    for (Match m : decision.matches()) {
      if (!m.shadow() && watched.contains(m.ruleId())) {
        hitHere.add(m.ruleId());
      }
    }
    for (String rule : hitHere) {
      hits.merge(rule, 1L, Long::sum);
    }
    if (posts < settings.minPosts()) {
      return;
    }
    for (var e : Map.copyOf(hits).entrySet()) {
      if ((double) e.getValue() / posts > settings.maxShare()) {
        trip(e.getKey(), e.getValue());
      }
    }
  }

  private void trip(String ruleId, long ruleHits) {
    Set<String> rest = new HashSet<>(watched);
    rest.remove(ruleId);
    watched = rest;
    hits.remove(ruleId);
    if (pack.demote(ruleId)) {
      LOG.warn(
          "circuit breaker: rule {} hit {} of {} posts since pack {} went live; demoted to shadow",
          ruleId,
          ruleHits,
          posts,
          pack.version());
      listener.tripped(ruleId, pack.version(), ruleHits, posts);
    }
  }

  /** Puts a demoted rule back into enforcement; it is not watched again until the next pack. */
  public synchronized boolean reset(String ruleId, String by, String role, String reason) {
    if (!pack.restore(ruleId)) {
      return false;
    }
    LOG.info("circuit breaker: rule {} restored to enforcement by {}", ruleId, by);
    listener.reset(ruleId, pack.version(), by, role, reason);
    return true;
  }

  /** The rules demoted by this breaker (or by hand) and still in shadow. */
  public Set<String> open() {
    return pack.demoted();
  }
}
