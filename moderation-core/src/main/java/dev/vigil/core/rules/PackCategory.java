package dev.vigil.core.rules;

import java.time.Duration;
import java.util.List;

/**
 * A category a pack declares in {@code pack.yaml}: what it is, when a post of it is reviewed or
 * blocked, whether it may be blocked at all, and whether a block is reported to the regulator, on
 * what legal basis and how soon. Categories are data: a platform adds one (ads and traffic
 * diversion, abuse) by declaring it, with no code change.
 *
 * @param name top-level name, e.g. {@code fraud}
 * @param description what belongs here, for moderators and reviewers
 * @param review rule score (noisy-OR of weights) at which a post goes to review
 * @param block rule score at which a post is blocked (when {@code mayBlock})
 * @param mayBlock false for categories that only ever go to review (a human decides)
 * @param report whether a block produces a regulator report
 * @param legalBasis the provision a block and its report rest on
 * @param deadline how soon after submission a post of this category must be blocked
 * @param subcategories the subcategories rules may name ({@code fraud/brushing}); empty allows any
 * @param rescanTakedown {@code rescan: takedown}: a rescan after a pack change takes down, without
 *     a moderator, a published post that the changed rules would block in this category (only when
 *     every category of the block opted in, and {@code mayBlock}); the default, {@code rescan:
 *     review}, sends every rescan hit to the review queue
 */
public record PackCategory(
    String name,
    String description,
    double review,
    double block,
    boolean mayBlock,
    boolean report,
    String legalBasis,
    Duration deadline,
    List<String> subcategories,
    boolean rescanTakedown) {

  public PackCategory {
    subcategories = List.copyOf(subcategories);
  }

  /** A category whose rescan hits go to review (the default). */
  public PackCategory(
      String name,
      String description,
      double review,
      double block,
      boolean mayBlock,
      boolean report,
      String legalBasis,
      Duration deadline,
      List<String> subcategories) {
    this(
        name,
        description,
        review,
        block,
        mayBlock,
        report,
        legalBasis,
        deadline,
        subcategories,
        false);
  }
}
