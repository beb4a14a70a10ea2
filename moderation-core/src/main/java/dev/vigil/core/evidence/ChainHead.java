package dev.vigil.core.evidence;

import java.util.Objects;

/**
 * Where a partition's evidence chain ends: the seq and hash of its last record. What the topology
 * keeps in a state store per partition, so that the next record can be chained without reading the
 * topic back.
 *
 * @param partition the partition
 * @param nextSeq the seq the next record gets (0 for an empty chain)
 * @param hash the hash of the last record, or {@link EvidenceRecord#GENESIS} for an empty chain
 */
public record ChainHead(int partition, long nextSeq, String hash) {
  public ChainHead {
    Objects.requireNonNull(hash, "hash");
    if (partition < 0 || nextSeq < 0) {
      throw new IllegalArgumentException("partition and nextSeq must not be negative");
    }
    if ((nextSeq == 0) != EvidenceRecord.GENESIS.equals(hash)) {
      throw new IllegalArgumentException("an empty chain, and only it, ends at the genesis hash");
    }
  }

  /** The head of an empty chain. */
  public static ChainHead empty(int partition) {
    return new ChainHead(partition, 0, EvidenceRecord.GENESIS);
  }

  /** Compact text form for a state store: {@code partition:nextSeq:hash}. */
  public String encode() {
    return partition + ":" + nextSeq + ":" + hash;
  }

  /** Reads {@link #encode()}. */
  public static ChainHead decode(String s) {
    String[] p = s.split(":", 3);
    if (p.length != 3) {
      throw new IllegalArgumentException("not a chain head: " + s);
    }
    return new ChainHead(Integer.parseInt(p[0]), Long.parseLong(p[1]), p[2]);
  }
}
