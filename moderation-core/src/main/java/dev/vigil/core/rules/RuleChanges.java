package dev.vigil.core.rules;

import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which rules a pack change touched, by {@link Rule#fingerprint()}: a rule is changed when the new
 * pack has it and the old one did not, or had it with another fingerprint (terms, pattern, weight,
 * category, mode, version...). A rule that only moved in its files, or whose tests changed, is not.
 * A removed rule is not changed: it no longer decides anything.
 */
public final class RuleChanges {
  private RuleChanges() {}

  /** The ids of rules new in {@code after} or whose fingerprint differs from {@code before}'s. */
  public static Set<String> changed(Map<String, String> before, Map<String, String> after) {
    Set<String> out = new TreeSet<>();
    after.forEach(
        (id, fingerprint) -> {
          if (!fingerprint.equals(before.get(id))) {
            out.add(id);
          }
        });
    return Collections.unmodifiableSet(out);
  }

  /**
   * The changed rules worth running again over posts already published: those that can flag a post
   * ({@code enforced}: not in shadow, not demoted). A rule put in shadow, or a change that only
   * touched shadow rules, rescans nothing.
   */
  public static Set<String> toRescan(
      Map<String, String> before, Map<String, String> after, Set<String> enforced) {
    Set<String> out = new TreeSet<>(changed(before, after));
    out.retainAll(enforced);
    return Collections.unmodifiableSet(out);
  }
}
