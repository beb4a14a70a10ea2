package dev.vigil.app.rules;

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
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The active rule pack of a running app, swapped atomically when its directory changes. A pack that fails to
 * load or validate is rejected with its message and the old one keeps serving; a decision reads the engine once,
 * so it is made wholly under one pack.
 */
public final class LiveRulePack implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LiveRulePack.class);

  /** A loaded pack: its version and its engine. */
  public record Loaded(String version, Engine engine) {
    public Loaded {
      Objects.requireNonNull(version, "version");
      Objects.requireNonNull(engine, "engine");
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
  }

  private final Loader loader;
  private final Path watchedDir;
  private final Listener listener;
  private final AtomicReference<Loaded> active = new AtomicReference<>();
  private volatile String fingerprint;
  private volatile String lastError;
  private ScheduledExecutorService watcher;

  /**
   * Loads the pack now; fails if it is invalid, since an app must not start without rules.
   *
   * @param watchedDir the pack's directory to watch for changes, or null for a pack that cannot change (the one
   *     shipped in the jar)
   */
  public LiveRulePack(Loader loader, Path watchedDir, Listener listener) {
    this.loader = loader;
    this.watchedDir = watchedDir;
    this.listener = listener;
    this.fingerprint = watchedDir == null ? null : fingerprint(watchedDir);
    Loaded first;
    try {
      first = loader.load();
    } catch (Exception e) {
      throw new IllegalArgumentException("rule pack is invalid: " + e.getMessage(), e);
    }
    active.set(first);
    listener.activated(first.version());
  }

  /** Polls the directory every {@code interval}; a change triggers a reload. */
  public LiveRulePack watch(Duration interval) {
    if (watchedDir == null || watcher != null) {
      return this;
    }
    watcher =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "rule-pack-watcher");
              t.setDaemon(true);
              return t;
            });
    watcher.scheduleWithFixedDelay(
        this::reloadIfChanged, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  public Engine engine() {
    return active.get().engine();
  }

  public String version() {
    return active.get().version();
  }

  /** The message of the last rejected pack, or null if the last attempt succeeded. */
  public String lastError() {
    return lastError;
  }

  /** Reloads when the directory's content changed since the last attempt; returns true if a new pack is active. */
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
    }
    Loaded previous = active.getAndSet(next);
    lastError = null;
    LOG.info("rule pack {} active (was {})", next.version(), previous.version());
    listener.activated(next.version());
    return true;
  }

  private boolean reject(String message) {
    lastError = message;
    LOG.warn("rule pack rejected, {} keeps serving: {}", version(), message);
    listener.rejected(message);
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
