package dev.vigil.app.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Progress of long work on standard error, never on standard output (which stays the command's
 * result): on a terminal ({@code System.console()}) a bar redrawn in place at most 10 times a
 * second; otherwise one line every {@value #LINE_INTERVAL_SECONDS} s, so a log shows it moves
 * without filling up. The total may be unknown (0 or less): then only the count and rate show. A
 * background ticker shows it even while the work makes no step (a long model fit, a wait).
 */
final class Progress implements AutoCloseable {
  static final int LINE_INTERVAL_SECONDS = 5;
  private static final int BAR = 30;

  private final String what;
  private final String unit;
  private final PrintStream err;
  private final boolean bar;
  private final LongSupplier clock;
  private final long intervalNanos;
  private final long start;
  private volatile long total;
  private volatile long done;
  private volatile String stage = "";
  private long lastShown;
  private boolean shownAny;
  private boolean closed;
  private Thread ticker;

  private Progress(
      String what, String unit, long total, PrintStream err, boolean bar, LongSupplier clock) {
    this.what = what;
    this.unit = unit;
    this.total = total;
    this.err = err;
    this.bar = bar;
    this.clock = clock;
    this.intervalNanos = bar ? 100_000_000L : LINE_INTERVAL_SECONDS * 1_000_000_000L;
    this.start = clock.getAsLong();
    this.lastShown = start;
  }

  /**
   * Progress of {@code what}, counted in {@code unit}s out of {@code total} (0: unknown); a null
   * unit shows only the stage and the time taken. The rate shows when it is at least 1 a second.
   */
  static Progress start(String what, String unit, long total) {
    Progress p = new Progress(what, unit, total, System.err, terminal(), System::nanoTime);
    p.ticker =
        new Thread(
            () -> {
              try {
                while (true) {
                  Thread.sleep(p.bar ? 250 : 1000);
                  p.tick();
                }
              } catch (InterruptedException e) {
                // closed
              }
            },
            "progress");
    p.ticker.setDaemon(true);
    p.ticker.start();
    return p;
  }

  /**
   * Whether there is a terminal to redraw a bar on: {@code System.console()}, and on JDK 22 and
   * later (where it is there even when redirected) its {@code isTerminal()}.
   */
  static boolean terminal() {
    java.io.Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException e) {
      return true; // before JDK 22 a console is a terminal
    }
  }

  /** For tests: lines (no bar) on {@code err}, with the given nanosecond clock. */
  static Progress lines(String what, String unit, long total, PrintStream err, LongSupplier clock) {
    return new Progress(what, unit, total, err, false, clock);
  }

  /** One more unit done. */
  void step() {
    update(done + 1);
  }

  /** {@code n} units done so far. */
  void update(long n) {
    done = n;
    tick();
  }

  /** What is being done now, shown after the counts (e.g. {@code fold 2/4}). */
  void stage(String stage) {
    this.stage = stage == null ? "" : stage;
    tick();
  }

  /** A new total, when it becomes known or changes (a topic that grows while read). */
  void total(long total) {
    this.total = total;
  }

  /** Shows the progress if the interval has passed since it was last shown. */
  synchronized void tick() {
    if (closed) {
      return;
    }
    long now = clock.getAsLong();
    if (now - lastShown >= intervalNanos) {
      lastShown = now;
      show(now);
    }
  }

  long done() {
    return done;
  }

  private void show(long now) {
    long done = this.done;
    long total = this.total;
    double seconds = (now - start) / 1e9;
    java.util.List<String> parts = new java.util.ArrayList<>();
    if (unit != null) {
      String counts = total > 0 ? done + "/" + total + " " + unit : done + " " + unit;
      if (total > 0 && !bar) {
        counts += String.format(Locale.ROOT, " (%d%%)", Math.min(100, 100 * done / total));
      }
      parts.add(counts);
      if (seconds > 0 && !unit.equals("s") && done / seconds >= 1) {
        parts.add(String.format(Locale.ROOT, "%.0f %s/s", done / seconds, unit));
      }
    }
    if (!stage.isEmpty()) {
      parts.add(stage);
    }
    parts.add(String.format(Locale.ROOT, "%.0f s", seconds));
    if (bar) {
      StringBuilder s = new StringBuilder("\r").append(what).append(' ');
      if (total > 0 && unit != null) {
        int filled = (int) Math.min(BAR, BAR * done / total);
        s.append('[').append("#".repeat(filled)).append(" ".repeat(BAR - filled)).append("] ");
        s.append(String.format(Locale.ROOT, "%3d%% ", Math.min(100, 100 * done / total)));
      }
      s.append(String.join(", ", parts)).append("   ");
      err.print(s);
    } else {
      err.println(what + ": " + String.join(", ", parts));
    }
    err.flush();
    shownAny = true;
  }

  /** Ends the bar's line; prints a last line only if a line was shown before. */
  @Override
  public void close() {
    if (ticker != null) {
      ticker.interrupt();
    }
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      if (!shownAny) {
        return;
      }
      show(clock.getAsLong());
      if (bar) {
        err.println();
      }
      err.flush();
    }
  }
}
