package dev.vigil.core.near;

import java.util.Objects;

/**
 * A known-bad post a new post nearly repeats.
 *
 * @param evidenceId the evidence id of the original's block
 * @param category the category it was blocked for
 * @param similarity the estimated Jaccard similarity of the two posts, in [0, 1]
 */
public record NearMatch(String evidenceId, String category, double similarity) {
  public NearMatch {
    Objects.requireNonNull(evidenceId, "evidenceId");
    Objects.requireNonNull(category, "category");
  }
}
