package dev.vigil.app.rules;

import dev.vigil.app.concurrent.DaemonThreads;
import dev.vigil.core.policy.Engine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The active rule pack of a running app, swapped atomically when its directory changes. A pack that
 * fails to load or validate is rejected with its message and the old one keeps serving; a decision
 * reads the engine once, so it is made wholly under one pack.
 */
public final class LiveRulePack implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LiveRulePack.class);

  /**
   * A loaded pack: its version, its engine, and a fingerprint of each rule (by rule id) so that a
   * reload can tell which rules changed, and the texts of its rule tests ({@code mustMatch} and
   * {@code mustNotMatch}), which every valid pack has and on which the engine is warmed before the
   * streams start ({@code topology.EngineWarmup}).
   */
  /**
   * What moderators are shown of a rule: why it exists, its category and version (pack data, no
   * post content).
   */
  public record RuleInfo(String description, String category, int version, boolean shadow) {}

  public record Loaded(
      String version,
      Engine engine,
      Map<String, String> ruleFingerprints,
      Map<String, dev.vigil.core.rules.PackCategory> categories,
      List<String> warmupTexts,
      Map<String, RuleInfo> ruleInfo,
      List<dev.vigil.core.rules.CannedReason> reasons) {
    public Loaded {
      Objects.requireNonNull(version, "version");
      Objects.requireNonNull(engine, "engine");
      ruleFingerprints = Map.copyOf(ruleFingerprints);
      categories = Map.copyOf(categories);
      warmupTexts = List.copyOf(warmupTexts);
      ruleInfo = Map.copyOf(ruleInfo);
      reasons = List.copyOf(reasons);
    }

    /** A pack without what the console shows of it (rule descriptions, canned reasons). */
    public Loaded(
        String version,
        Engine engine,
        Map<String, String> ruleFingerprints,
        Map<String, dev.vigil.core.rules.PackCategory> categories,
        List<String> warmupTexts) {
      this(version, engine, ruleFingerprints, categories, warmupTexts, Map.of(), List.of());
    }

    /** The canned reason {@code key}, if the pack defines it. */
    public java.util.Optional<dev.vigil.core.rules.CannedReason> reason(String key) {
      return reasons.stream().filter(r -> r.key().equals(key)).findFirst();
    }

    /** A pack with no texts to warm the engine on. */
    public Loaded(
        String version,
        Engine engine,
        Map<String, String> ruleFingerprints,
        Map<String, dev.vigil.core.rules.PackCategory> categories) {
      this(version, engine, ruleFingerprints, categories, List.of());
    }

    public Loaded(String version, Engine engine, Map<String, String> ruleFingerprints) {
      this(version, engine, ruleFingerprints, Map.of());
    }

    public Loaded(String version, Engine engine) {
      this(version, engine, Map.of());
    }
  }

  /** Loads a pack, throwing with a message fit for an operator when it is invalid. */
  @FunctionalInterface
  public interface Loader {
    Loaded load() throws Exception;
  }

  /** Told of every reload attempt, for metrics and audit. */
  public interface Listener {
    void activated(String version);

    void rejected(String message);

    /** A new pack replaced {@code before} (not called for the first pack). */
    default void replaced(Loaded before, Loaded after) {}
  }

  private final Loader loader;
  private final Path watchedDir;
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();
  private final AtomicReference<Loaded> active = new AtomicReference<>();

  /** The active pack's engine with the demoted rules in shadow; what decisions use. */
  private final AtomicReference<Engine> effective = new AtomicReference<>();

  private final Set<String> demoted = new ConcurrentSkipListSet<>();

  /**
   * The rules the active pack enforces (before demotions), or null when its engine names none (a
   * stub in a test): what {@link #enforces} checks a rule id against.
   */
  private volatile Set<String> packEnforces;

  private volatile String fingerprint;
  private volatile String lastError;
  private ScheduledExecutorService watcher;

  /**
   * Loads the pack now; fails if it is invalid, since an app must not start without rules.
   *
   * @param watchedDir the pack's directory to watch for changes, or null for a pack that cannot
   *     change (the one shipped in the jar)
   */
  public LiveRulePack(Loader loader, Path watchedDir, Listener listener) {
    this.loader = loader;
    this.watchedDir = watchedDir;
    this.listeners.add(listener);
    this.fingerprint = watchedDir == null ? null : fingerprint(watchedDir);
    Loaded first;
    try {
      first = loader.load();
    } catch (Exception e) {
      throw new IllegalArgumentException("rule pack is invalid: " + e.getMessage(), e);
    }
    active.set(first);
    effective.set(first.engine());
    packEnforces = enforcedBy(first);
    listener.activated(first.version());
  }

  /** Adds a listener of later reloads. */
  public void addListener(Listener l) {
    listeners.add(l);
  }

  /** Polls the directory every {@code interval}; a change triggers a reload. */
  public LiveRulePack watch(Duration interval) {
    if (watchedDir == null || watcher != null) {
      return this;
    }
    watcher = DaemonThreads.scheduler("rule-pack-watcher");
    // A scheduled task that throws is never run again: the watcher must survive anything a pack can
    // do.
    watcher.scheduleWithFixedDelay(
        () -> {
          try {
            reloadIfChanged();
          } catch (Throwable t) {
            LOG.error("rule pack watcher: unexpected failure, still watching", t);
          }
        },
        interval.toMillis(),
        interval.toMillis(),
        TimeUnit.MILLISECONDS);
    return this;
  }

  /** The engine decisions use: the active pack's, with any demoted rules in shadow. */
  public Engine engine() {
    return effective.get();
  }

  /** The active pack. */
  public Loaded active() {
    return active.get();
  }

  /**
   * Puts rule {@code ruleId} of the active pack in shadow until {@link #restore} or the next pack;
   * returns false if the engine cannot demote rules or the rule was already demoted.
   */
  public synchronized boolean demote(String ruleId) {
    if (active.get().engine().withShadowed(Set.of()).isEmpty() || !demoted.add(ruleId)) {
      return false;
    }
    rebuildEffective();
    return true;
  }

  /** Undoes {@link #demote}; returns false if the rule was not demoted. */
  public synchronized boolean restore(String ruleId) {
    if (!demoted.remove(ruleId)) {
      return false;
    }
    rebuildEffective();
    return true;
  }

  /** The rules currently demoted to shadow. */
  public Set<String> demoted() {
    return Set.copyOf(demoted);
  }

  /**
   * Whether rule {@code ruleId} enforces now: the active pack has it, not in shadow, and it is not
   * demoted. False for a rule a pack change removed (or put in shadow) and for one the circuit
   * breaker demoted; true again once it is restored or back in a pack. Near-duplicate lookups ask
   * it of the rules a known-bad fingerprint is tied to, on stream threads: it reads two concurrent
   * sets, takes no lock and allocates nothing. A pack whose engine names no rules of its own (a
   * stub in a test) cannot tell a removed rule: then only demotion counts.
   */
  public boolean enforces(String ruleId) {
    if (demoted.contains(ruleId)) {
      return false;
    }
    Set<String> pack = packEnforces;
    return pack == null || pack.contains(ruleId);
  }

  /** The rules {@code loaded} enforces, or null when its engine names none. */
  private static Set<String> enforcedBy(Loaded loaded) {
    Set<String> rules = loaded.engine().enforcedRules();
    if (rules.isEmpty() && loaded.ruleFingerprints().isEmpty()) {
      return null;
    }
    return Set.copyOf(rules);
  }

  private void rebuildEffective() {
    Engine base = active.get().engine();
    effective.set(base.withShadowed(Set.copyOf(demoted)).orElse(base));
  }

  public String version() {
    return active.get().version();
  }

  /** The message of the last rejected pack, or null if the last attempt succeeded. */
  public String lastError() {
    return lastError;
  }

  /**
   * Reloads when the directory's content changed since the last attempt; returns true if a new pack
   * is active.
   */
  public synchronized boolean reloadIfChanged() {
    if (watchedDir == null) {
      return false;
    }
    String now;
    try {
      now = fingerprint(watchedDir);
    } catch (RuntimeException e) {
      return reject("cannot read " + watchedDir + ": " + e.getMessage());
    }
    if (now.equals(fingerprint)) {
      return false;
    }
    fingerprint = now;
    return reload();
  }

  /** Loads the pack again, whatever changed. */
  public synchronized boolean reload() {
    Loaded next;
    try {
      next = loader.load();
    } catch (Exception e) {
      return reject(e.getMessage());
    } catch (StackOverflowError | LinkageError e) {
      // A pathological pack (a library parser recursing on deep nesting) must not take the watcher
      // down.
      return reject(e.getClass().getSimpleName() + " while loading the pack");
    }
    Loaded previous = active.getAndSet(next);
    // A new pack is what its authors want live: earlier demotions do not carry over.
    demoted.clear();
    effective.set(next.engine());
    packEnforces = enforcedBy(next);
    lastError = null;
    LOG.info("rule pack {} active (was {})", next.version(), previous.version());
    for (Listener l : listeners) {
      l.activated(next.version());
      l.replaced(previous, next);
    }
    return true;
  }

  private boolean reject(String message) {
    lastError = message;
    LOG.warn("rule pack rejected, {} keeps serving: {}", version(), message);
    for (Listener l : listeners) {
      l.rejected(message);
    }
    return false;
  }

  /** A digest of every file's path, size and content under {@code dir}. */
  static String fingerprint(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      List<Path> sorted = files.filter(Files::isRegularFile).sorted().toList();
      for (Path f : sorted) {
        md.update(dir.relativize(f).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        md.update((byte) 0);
        md.update(Files.readAllBytes(f));
        md.update((byte) 0);
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    if (watcher != null) {
      watcher.shutdownNow();
    }
  }
}
