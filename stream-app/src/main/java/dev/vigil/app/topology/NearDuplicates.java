package dev.vigil.app.topology;

import dev.vigil.app.events.FingerprintRecord;
import dev.vigil.core.evidence.BlockedPost;
import dev.vigil.core.near.Fingerprint;
import dev.vigil.core.near.MinHashSignature;
import dev.vigil.core.near.MinHasher;
import dev.vigil.core.near.NearDuplicateIndex;
import dev.vigil.core.near.NearDuplicatePolicy;
import dev.vigil.core.near.NearMatch;
import dev.vigil.core.policy.Decision;
import dev.vigil.core.post.ParseResult;
import dev.vigil.core.post.PostParser;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * No diffusion (issue 20 item 4): the instance's near-duplicate index and the keyed hasher its
 * fingerprints are made with. Blocks are fingerprinted at the block path ({@link SealEvidence}),
 * every instance loads {@code moderation.fingerprints} into its index ({@link LoadFingerprints}),
 * and {@link ParseAndDecide} decides a post that nearly repeats a known-bad one as that one was.
 * Off (no index) when {@code near.capacity} is 0.
 *
 * <p>Fingerprints follow the rules: an engine block's fingerprint names the enforcing pack rules
 * that made it ({@link NearDuplicatePolicy#blockingRules}), and a lookup passes over a fingerprint
 * none of whose rules enforces now ({@code enforced}: in the app, {@code LiveRulePack#enforces},
 * false for a rule the circuit breaker demoted or a pack change removed). Otherwise a runaway
 * rule's blocks would outlive its demotion: every near-duplicate of what it blocked would still be
 * blocked, as {@code NEAR_DUPLICATE}. A moderator's reject or takedown is tied to no rule and
 * always counts. Nothing is deleted: when a rule enforces again, its fingerprints count again.
 */
public final class NearDuplicates {
  /** The global store {@link LoadFingerprints} keeps the fingerprints in, across restarts. */
  static final String STORE = "near-duplicate-fingerprints";

  private static final NearDuplicates OFF = new NearDuplicates(null, null, null, r -> true);

  private final MinHasher hasher;
  private final NearDuplicateIndex index;
  private final PostParser parser;
  private final Predicate<String> enforced;

  private NearDuplicates(
      MinHasher hasher, NearDuplicateIndex index, PostParser parser, Predicate<String> enforced) {
    this.hasher = hasher;
    this.index = index;
    this.parser = parser;
    this.enforced = java.util.Objects.requireNonNull(enforced, "enforced");
  }

  /** No fingerprints, no lookups. */
  public static NearDuplicates off() {
    return OFF;
  }

  /**
   * @param key the secret the MinHash seeds derive from ({@code MasterKey.derive(...)})
   * @param capacity the most fingerprints an instance holds; 0 is off
   * @param threshold the least estimated similarity of a match
   * @param parser reads a blocked post's submitted bytes back to its text
   * @param enforced whether a rule enforces now: a fingerprint none of whose rules does is passed
   *     over at lookup. Asked on stream threads, for candidates only: must be cheap and thread-safe
   */
  public static NearDuplicates of(
      byte[] key, int capacity, double threshold, PostParser parser, Predicate<String> enforced) {
    if (capacity == 0) {
      return OFF;
    }
    return new NearDuplicates(
        new MinHasher(key), new NearDuplicateIndex(capacity, threshold), parser, enforced);
  }

  /** With every rule enforcing for good (no breaker, no pack changes: tests). */
  public static NearDuplicates of(byte[] key, int capacity, double threshold, PostParser parser) {
    return of(key, capacity, threshold, parser, rule -> true);
  }

  public boolean enabled() {
    return index != null;
  }

  /** The index (for the loader, tests and metrics); null when off. */
  public NearDuplicateIndex index() {
    return index;
  }

  /**
   * {@code decision} on a post of {@code text}, made a BLOCK when the post nearly repeats a
   * known-bad one that still counts (and the engine did not block it itself).
   */
  Decision check(Decision decision, String text) {
    if (index == null || decision.action() == dev.vigil.core.policy.Action.BLOCK) {
      return decision;
    }
    Optional<MinHashSignature> signature = hasher.signature(text);
    if (signature.isEmpty()) {
      return decision;
    }
    Optional<NearMatch> match = index.find(signature.get(), enforced);
    return match.isEmpty()
        ? decision
        : NearDuplicatePolicy.decide(decision, match.get(), text.length());
  }

  /**
   * The fingerprint of a blocked post, or null: when off, for a post too short to fingerprint, and
   * for a block by near-duplicate alone ({@link NearDuplicatePolicy#byNearDuplicate}). An engine
   * block's is tied to its enforcing pack rules; a moderator's ({@code byModerator}: a reject or a
   * takedown, whatever the engine's matches were) to none, so it counts whatever the breaker does.
   */
  FingerprintRecord fingerprint(String evidenceId, BlockedPost blocked, boolean byModerator) {
    Decision d = blocked.decision();
    if (index == null || d.categories().isEmpty() || NearDuplicatePolicy.byNearDuplicate(d)) {
      return null;
    }
    if (!(parser.parse(blocked.submitted()) instanceof ParseResult.Ok ok)) {
      return null;
    }
    return hasher
        .signature(ok.post().text())
        .map(
            s ->
                FingerprintRecord.of(
                    new Fingerprint(
                        evidenceId,
                        d.categories().first(),
                        s,
                        blocked.blockedAt(),
                        byModerator ? List.of() : NearDuplicatePolicy.blockingRules(d)),
                    byModerator ? FingerprintRecord.MODERATOR : FingerprintRecord.ENGINE))
        .orElse(null);
  }
}
