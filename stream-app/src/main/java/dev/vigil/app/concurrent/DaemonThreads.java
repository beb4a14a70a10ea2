package dev.vigil.app.concurrent;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;

/**
 * Named daemon threads for the app's background work (metrics refresh, pack watcher, key sweep,
 * watchdog, senders). Daemon, so that a background task never keeps a stopping JVM alive; named, so
 * that a thread dump or a log line says whose thread it is.
 */
public final class DaemonThreads {
  private DaemonThreads() {}

  /** A factory of daemon threads, each called {@code name}. */
  public static ThreadFactory factory(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  /** A one-thread scheduler on a daemon thread called {@code name}. */
  public static ScheduledExecutorService scheduler(String name) {
    return Executors.newSingleThreadScheduledExecutor(factory(name));
  }
}
