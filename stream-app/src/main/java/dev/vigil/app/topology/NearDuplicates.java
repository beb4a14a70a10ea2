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
import java.util.Optional;

/**
 * No diffusion (issue 20 item 4): the instance's near-duplicate index and the keyed hasher its
 * fingerprints are made with. Blocks are fingerprinted at the block path ({@link SealEvidence}),
 * every instance loads {@code moderation.fingerprints} into its index ({@link LoadFingerprints}),
 * and {@link ParseAndDecide} decides a post that nearly repeats a known-bad one as that one was.
 * Off (no index) when {@code near.capacity} is 0.
 */
public final class NearDuplicates {
  /** The global store {@link LoadFingerprints} keeps the fingerprints in, across restarts. */
  static final String STORE = "near-duplicate-fingerprints";

  private static final NearDuplicates OFF = new NearDuplicates(null, null, null);

  private final MinHasher hasher;
  private final NearDuplicateIndex index;
  private final PostParser parser;

  private NearDuplicates(MinHasher hasher, NearDuplicateIndex index, PostParser parser) {
    this.hasher = hasher;
    this.index = index;
    this.parser = parser;
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
   */
  public static NearDuplicates of(byte[] key, int capacity, double threshold, PostParser parser) {
    if (capacity == 0) {
      return OFF;
    }
    return new NearDuplicates(
        new MinHasher(key), new NearDuplicateIndex(capacity, threshold), parser);
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
   * known-bad one (and the engine did not block it itself).
   */
  Decision check(Decision decision, String text) {
    if (index == null || decision.action() == dev.vigil.core.policy.Action.BLOCK) {
      return decision;
    }
    Optional<MinHashSignature> signature = hasher.signature(text);
    if (signature.isEmpty()) {
      return decision;
    }
    Optional<NearMatch> match = index.find(signature.get());
    return match.isEmpty()
        ? decision
        : NearDuplicatePolicy.decide(decision, match.get(), text.length());
  }

  /**
   * The fingerprint of a blocked post, or null: when off, for a post too short to fingerprint, and
   * for a block by near-duplicate alone ({@link NearDuplicatePolicy#byNearDuplicate}).
   */
  FingerprintRecord fingerprint(String evidenceId, BlockedPost blocked) {
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
                    new Fingerprint(evidenceId, d.categories().first(), s, blocked.blockedAt())))
        .orElse(null);
  }
}
