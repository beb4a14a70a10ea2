package dev.vigil.core.evidence;

/**
 * Appends to a per-partition hash chain: each record commits to the hash of the one before it, so
 * editing, removing or reordering any record breaks a link that {@link ChainVerifier} finds. A pure
 * function: the head lives wherever the caller keeps it (a state store), which is what makes
 * chaining exactly-once under Kafka transactions: head and record commit together.
 */
public final class EvidenceChain {
  private EvidenceChain() {}

  /** The record that follows {@code head}; its {@link EvidenceRecord#hash} is computed here. */
  public static EvidenceRecord append(ChainHead head, Evidence evidence) {
    EvidenceRecord unhashed =
        new EvidenceRecord(evidence, head.partition(), head.nextSeq(), head.hash(), "");
    return new EvidenceRecord(
        evidence, head.partition(), head.nextSeq(), head.hash(), unhashed.computeHash());
  }

  /** The head after {@code record}. */
  public static ChainHead headAfter(EvidenceRecord record) {
    return new ChainHead(record.partition(), record.seq() + 1, record.hash());
  }
}
