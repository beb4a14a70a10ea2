package dev.vigil.app.rescan;

/**
 * A token bucket of {@code perSecond} tokens a second holding at most one second's worth: {@link
 * #take} returns at once while tokens are left and otherwise sleeps until the next one is due, so a
 * rescan reads no more than {@code perSecond} posts a second on average, in bursts of at most one
 * second's worth. Time is {@link System#nanoTime} unless a test gives another source.
 */
final class TokenBucket {
  /** A monotonic clock in nanoseconds, and how to wait on it. */
  interface Ticker {
    long nanos();

    void sleepNanos(long nanos) throws InterruptedException;

    Ticker SYSTEM =
        new Ticker() {
          @Override
          public long nanos() {
            return System.nanoTime();
          }

          @Override
          public void sleepNanos(long nanos) throws InterruptedException {
            java.util.concurrent.TimeUnit.NANOSECONDS.sleep(nanos);
          }
        };
  }

  private final double perNano;
  private final double capacity;
  private final Ticker ticker;
  private double tokens;
  private long last;

  TokenBucket(int perSecond, Ticker ticker) {
    if (perSecond < 1) {
      throw new IllegalArgumentException("rate must be positive, got " + perSecond);
    }
    this.perNano = perSecond / 1e9;
    this.capacity = perSecond;
    this.ticker = ticker;
    this.tokens = 0;
    this.last = ticker.nanos();
  }

  /** Takes one token, waiting for it if need be. */
  void take() throws InterruptedException {
    refill();
    if (tokens < 1) {
      long wait = (long) Math.ceil((1 - tokens) / perNano);
      ticker.sleepNanos(wait);
      refill();
    }
    tokens -= 1;
  }

  private void refill() {
    long now = ticker.nanos();
    tokens = Math.min(capacity, tokens + (now - last) * perNano);
    last = now;
  }
}
