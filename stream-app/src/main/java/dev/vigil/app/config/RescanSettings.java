package dev.vigil.app.config;

import java.time.Duration;

/**
 * How a rescan after a rule-pack change runs ({@code rescan.*}; see {@code rescan.Rescan}).
 *
 * @param enabled whether a pack change rescans published posts at all
 * @param window how far back in {@code posts.published} a rescan reads (never beyond what the
 *     topic's retention still holds)
 * @param postsPerSecond the most published posts one instance rescans a second
 */
public record RescanSettings(boolean enabled, Duration window, int postsPerSecond) {
  public RescanSettings {
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("rescan window must be positive, got " + window);
    }
    if (postsPerSecond < 1) {
      throw new IllegalArgumentException(
          "rescan posts per second must be positive, got " + postsPerSecond);
    }
  }
}
