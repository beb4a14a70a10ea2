package dev.vigil.app.rescan;

import dev.vigil.app.config.RescanSettings;
import dev.vigil.app.rules.LiveRulePack;
import dev.vigil.app.topics.KafkaClients;
import dev.vigil.core.policy.Engine;
import dev.vigil.core.rules.RuleChanges;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a {@link Rescan} in this instance whenever the live pack changes (issue 20 item 3): the
 * changed rules ({@link RuleChanges#toRescan}: new or altered, and able to flag a post) run over
 * the posts published in the last {@code rescan.window.ms}, at most {@code
 * rescan.posts.per.second}, in shadow: hits go to the review queue (origin {@code rescan}), never
 * straight to takedown. A change that touched no such rule rescans nothing. A newer pack stops the
 * running rescan and starts its own, with the rules of the stopped one that it did not change again
 * added, so no change goes unrescanned. At start, {@link #resume} restarts the rescan of the live
 * pack where a restart interrupted it. One rescan at a time per instance; every instance runs it in
 * the same consumer group, so together they read each post once.
 */
public final class Rescans implements LiveRulePack.Listener, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Rescans.class);

  private final LiveRulePack pack;
  private final RescanSettings settings;
  private final Rescan.Context cx;
  private Rescan running;
  private Thread thread;
  private boolean closed;

  /**
   * The rescans of one app instance; call {@link LiveRulePack#addListener} with it, then {@link
   * #resume}.
   *
   * @param demoted the rules the circuit breaker holds in shadow now: their hits are dropped
   * @param listener told when a rescan starts and ends (the audit log)
   */
  public Rescans(
      LiveRulePack pack,
      RescanSettings settings,
      dev.vigil.app.config.KafkaConnection kafka,
      dev.vigil.app.topics.Topics topics,
      String applicationId,
      dev.vigil.core.post.PostParser parser,
      dev.vigil.core.privacy.Pseudonymizer pseudonymizer,
      dev.vigil.core.evidence.ContentSealer sealer,
      dev.vigil.core.evidence.DataKeyStore keys,
      dev.vigil.app.metrics.VigilMetrics metrics,
      java.time.Clock clock,
      java.util.function.Supplier<Set<String>> demoted,
      Listener listener) {
    this.pack = pack;
    this.settings = settings;
    this.cx =
        new Rescan.Context(
            kafka,
            topics,
            applicationId,
            parser,
            pseudonymizer,
            sealer,
            keys,
            metrics,
            clock,
            demoted,
            new Rescan.Listener() {
              @Override
              public void started(Rescan r) {
                listener.started(r.packVersion(), r.rules(), r.window(), r.resumed());
              }

              @Override
              public void ended(Rescan r, long posts, long hits, String how) {
                listener.ended(r.packVersion(), r.rules(), posts, hits, how);
              }
            });
  }

  /** Told when a rescan starts and ends: the audit log's events. */
  public interface Listener {
    void started(String packVersion, Set<String> rules, Duration window, boolean resumed);

    void ended(String packVersion, Set<String> rules, long posts, long hits, String how);
  }

  @Override
  public void activated(String version) {}

  @Override
  public void rejected(String message) {}

  @Override
  public synchronized void replaced(LiveRulePack.Loaded before, LiveRulePack.Loaded after) {
    if (!settings.enabled() || closed) {
      return;
    }
    Set<String> enforced = after.engine().enforcedRules();
    Set<String> rules =
        new TreeSet<>(
            RuleChanges.toRescan(before.ruleFingerprints(), after.ruleFingerprints(), enforced));
    if (running != null && !running.finished()) {
      // Its rules still in the new pack and unchanged are rescanned again under the new pack.
      Set<String> carried = new HashSet<>(running.rules());
      carried.retainAll(enforced);
      rules.addAll(carried);
      running.stop("superseded by pack " + after.version());
    }
    if (rules.isEmpty()) {
      LOG.info("pack {}: no changed rule can flag a post; nothing to rescan", after.version());
      return;
    }
    start(after.version(), rules, false);
  }

  /**
   * Resumes the live pack's rescan if a restart interrupted it: its group has committed offsets
   * short of the ends their metadata names. Its rules are read from the same metadata.
   */
  public synchronized void resume() {
    if (!settings.enabled() || closed) {
      return;
    }
    String version = pack.version();
    Map<TopicPartition, OffsetAndMetadata> committed;
    try (Admin admin = KafkaClients.admin(cx.kafka())) {
      committed =
          admin
              .listConsumerGroupOffsets(Rescan.group(cx.applicationId(), version))
              .partitionsToOffsetAndMetadata()
              .get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.warn("cannot tell whether pack {}'s rescan was interrupted: {}", version, e.toString());
      return;
    }
    if (committed == null || committed.isEmpty()) {
      return;
    }
    boolean unfinished = false;
    Set<String> rules = new TreeSet<>();
    for (OffsetAndMetadata o : committed.values()) {
      if (o == null) {
        continue;
      }
      Long end = Rescan.endOf(o.metadata());
      rules.addAll(Rescan.rulesOf(o.metadata()));
      unfinished |= end != null && o.offset() < end;
    }
    rules.retainAll(pack.engine().enforcedRules());
    if (unfinished && !rules.isEmpty()) {
      LOG.info("resuming the interrupted rescan of pack {}", version);
      start(version, rules, true);
    }
  }

  private void start(String version, Set<String> rules, boolean resumed) {
    Optional<Engine> engine = pack.engine().restrictedTo(rules);
    if (engine.isEmpty()) {
      LOG.warn("pack {}: the engine cannot run a subset of its rules; no rescan", version);
      return;
    }
    running =
        new Rescan(
            cx,
            version,
            rules,
            engine.get(),
            settings.window(),
            settings.postsPerSecond(),
            resumed,
            takedownCategories());
    thread = new Thread(running, "vigil-rescan-" + version);
    thread.setDaemon(true);
    thread.start();
  }

  /** The live pack's categories that opted in to {@code rescan: takedown}. */
  private Set<String> takedownCategories() {
    Set<String> out = new TreeSet<>();
    pack.active()
        .categories()
        .forEach(
            (name, c) -> {
              if (c.rescanTakedown()) {
                out.add(name);
              }
            });
    return out;
  }

  /** Whether a rescan is running in this instance. */
  public synchronized boolean running() {
    return running != null && !running.finished();
  }

  /** Stops the running rescan (its progress is committed) and waits a moment for it. */
  @Override
  public void close() {
    Thread t;
    synchronized (this) {
      closed = true;
      if (running != null) {
        running.stop("stopped: the app is stopping");
      }
      t = thread;
    }
    if (t != null) {
      try {
        t.join(Duration.ofSeconds(10).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
