package dev.vigil.app.config;

import java.time.Duration;

/**
 * When the rule circuit breaker ({@code rules.RuleCircuitBreaker}) demotes a rule: {@code
 * rules.breaker.*}.
 *
 * @param maxShare the share of posts a changed rule may hit, in (0, 1]
 * @param minPosts posts to see after the change before judging
 * @param watchFor how long after a change rules are watched
 */
public record BreakerSettings(double maxShare, int minPosts, Duration watchFor) {
  public BreakerSettings {
    if (!(maxShare > 0 && maxShare <= 1)) {
      throw new IllegalArgumentException("breaker share must be in (0, 1], got " + maxShare);
    }
    if (minPosts < 1) {
      throw new IllegalArgumentException("breaker minimum posts must be positive, got " + minPosts);
    }
  }
}
