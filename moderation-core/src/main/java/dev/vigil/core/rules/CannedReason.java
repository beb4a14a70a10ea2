package dev.vigil.core.rules;

import java.util.Map;
import java.util.Objects;

/**
 * A reason from the pack's taxonomy ({@code reasons.yaml}) that a moderator picks by key instead of
 * typing one: what it says in each console language, which decision it is for, which category it
 * belongs to and, for a reject, the legal basis a report of that reject cites.
 *
 * @param key stable id that travels with the decision ({@code fraud.scam_script})
 * @param action {@code reject} or {@code approve}
 * @param category the declared category ({@code fraud}, {@code fraud/brushing}) it applies to, or
 *     {@code any}
 * @param labels the text per language tag ({@code en}, {@code zh-CN}; both required)
 * @param legalBasis the provision a reject for this reason rests on (a reject reason's own, else
 *     its category's); null for an approve reason
 * @param source file and line where the reason is defined
 */
public record CannedReason(
    String key,
    String action,
    String category,
    Map<String, String> labels,
    String legalBasis,
    String source) {

  /** The languages every reason must be labelled in: the console's. */
  public static final java.util.List<String> LANGUAGES = java.util.List.of("en", "zh-CN");

  /** A reason that fits every category. */
  public static final String ANY = "any";

  public CannedReason {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(category, "category");
    labels = Map.copyOf(labels);
  }

  /** Whether this reason may be given for a post of {@code postCategory} ({@code fraud/loan}). */
  public boolean appliesTo(String postCategory) {
    if (category.equals(ANY)) {
      return true;
    }
    String top = postCategory.split("/", -1)[0];
    return category.equals(postCategory) || category.equals(top);
  }
}
