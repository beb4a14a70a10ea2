/**
 * Near-duplicate matching of known-bad posts ("no diffusion"): a blocked post's normalised text
 * becomes a keyed MinHash fingerprint ({@link dev.vigil.core.near.Shingles}, {@link
 * dev.vigil.core.near.MinHasher}, {@link dev.vigil.core.near.MinHashSignature}); fingerprints are
 * kept in a bounded LSH index ({@link dev.vigil.core.near.Banding}, {@link
 * dev.vigil.core.near.NearDuplicateIndex}) whose lookup costs the same at any size. No text is
 * kept: a fingerprint is 64 keyed 16-bit minima, which cannot be turned back into text without the
 * key.
 */
package dev.vigil.core.near;
