package dev.vigil.app.topology;

import dev.vigil.app.events.FingerprintRecord;
import dev.vigil.core.evidence.BlockedPost;
import dev.vigil.core.near.Fingerprint;
import dev.vigil.core.near.MinHashScheme;
import dev.vigil.core.near.NearDuplicateIndex;
import dev.vigil.core.near.NearDuplicatePolicy;
import dev.vigil.core.near.NearMatch;
import dev.vigil.core.near.Shingles;
import dev.vigil.core.near.SignatureHasher;
import dev.vigil.core.policy.Decision;
import dev.vigil.core.post.ParseResult;
import dev.vigil.core.post.PostParser;
import java.util.Arrays;
import java.util.List;
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
 *
 * <p>Fingerprints have a scheme ({@link MinHashScheme}): new ones are made with {@link
 * MinHashScheme#CURRENT} (2, one-permutation MinHash), but {@code moderation.fingerprints} may
 * still hold fingerprints of scheme 1 written by an earlier version, which a scheme-2 signature
 * cannot match. So a post is looked up by the current scheme and, only while the index holds
 * fingerprints of an older scheme, by that scheme too (its shingles cut once), and the more similar
 * match wins. Nothing already stored stops catching reposts after an upgrade, and the extra hashing
 * (scheme 1 hashes each shingle 64 times) stops by itself once the old fingerprints have been
 * evicted, expired or removed ({@link NearDuplicateIndex#holds}).
 */
public final class NearDuplicates {
  /** The global store {@link LoadFingerprints} keeps the fingerprints in, across restarts. */
  static final String STORE = "near-duplicate-fingerprints";

  private static final NearDuplicates OFF = new NearDuplicates(null, null, null, r -> true);

  /** The shingles of every scheme's hasher: a post is cut once. */
  private final Shingles shingles;

  /** The hasher of {@link MinHashScheme#CURRENT}: new fingerprints, every lookup; null when off. */
  private final SignatureHasher current;

  /** The hashers of the older schemes, for lookups while fingerprints of them are held. */
  private final List<SignatureHasher> older;

  private final NearDuplicateIndex index;
  private final PostParser parser;
  private final Predicate<String> enforced;

  private NearDuplicates(
      byte[] key, NearDuplicateIndex index, PostParser parser, Predicate<String> enforced) {
    this.shingles = Shingles.standard();
    this.current = key == null ? null : MinHashScheme.CURRENT.hasher(key, shingles);
    this.older =
        key == null
            ? List.of()
            : Arrays.stream(MinHashScheme.values())
                .filter(s -> s != MinHashScheme.CURRENT)
                .map(s -> s.hasher(key, shingles))
                .toList();
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
    return new NearDuplicates(key, new NearDuplicateIndex(capacity, threshold), parser, enforced);
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
   * known-bad one that still counts (and the engine did not block it itself). Looked up by the
   * current scheme, and by each older one only while the index holds fingerprints of it; the most
   * similar match wins, the current scheme's on a tie.
   */
  Decision check(Decision decision, String text) {
    if (index == null || decision.action() == dev.vigil.core.policy.Action.BLOCK) {
      return decision;
    }
    long[] set = shingles.of(text);
    NearMatch best = find(current, set);
    for (SignatureHasher h : older) {
      if (index.holds(h.scheme())) {
        NearMatch m = find(h, set);
        if (m != null && (best == null || m.similarity() > best.similarity())) {
          best = m;
        }
      }
    }
    return best == null ? decision : NearDuplicatePolicy.decide(decision, best, text.length());
  }

  /** A match of {@code set} hashed by {@code hasher}, or null (also for too few shingles). */
  private NearMatch find(SignatureHasher hasher, long[] set) {
    return hasher.signature(set).flatMap(s -> index.find(s, enforced)).orElse(null);
  }

  /**
   * The fingerprint of a blocked post, of the current scheme, or null: when off, for a post too
   * short to fingerprint, and for a block by near-duplicate alone ({@link
   * NearDuplicatePolicy#byNearDuplicate}). An engine block's is tied to its enforcing pack rules; a
   * moderator's ({@code byModerator}: a reject or a takedown, whatever the engine's matches were)
   * to none, so it counts whatever the breaker does.
   */
  FingerprintRecord fingerprint(String evidenceId, BlockedPost blocked, boolean byModerator) {
    Decision d = blocked.decision();
    if (index == null || d.categories().isEmpty() || NearDuplicatePolicy.byNearDuplicate(d)) {
      return null;
    }
    if (!(parser.parse(blocked.submitted()) instanceof ParseResult.Ok ok)) {
      return null;
    }
    return current
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
