/**
 * Near-duplicate matching of known-bad posts ("no diffusion"): a blocked post's normalised text
 * becomes a keyed MinHash fingerprint ({@link dev.vigil.core.near.Shingles}, a {@link
 * dev.vigil.core.near.SignatureHasher} of one {@link dev.vigil.core.near.MinHashScheme}: {@link
 * dev.vigil.core.near.OnePermutationHasher} for new fingerprints, {@link
 * dev.vigil.core.near.MinHasher} for those stored by earlier versions, each giving a {@link
 * dev.vigil.core.near.MinHashSignature}); fingerprints are kept in a bounded LSH index ({@link
 * dev.vigil.core.near.Banding}, {@link dev.vigil.core.near.NearDuplicateIndex}) whose lookup costs
 * the same at any size and never compares signatures of different schemes. No text is kept: a
 * fingerprint is 64 keyed 16-bit minima, which cannot be turned back into text without the key.
 */
package dev.vigil.core.near;
