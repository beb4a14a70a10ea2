package dev.vigil.core.evidence;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks one partition's evidence chain, fed record by record in offset order, and names every
 * broken record with the reason. What it catches:
 *
 * <ul>
 *   <li><b>altered</b>: the record's content no longer hashes to its stored hash, or its bytes are
 *       not the canonical form of its fields (a member added, dropped or re-encoded);
 *   <li><b>removed</b>: a record's predecessor is missing and its seq jumps past the last record
 *       seen;
 *   <li><b>reordered</b>: a record's predecessor appears only later in the partition;
 *   <li><b>appended or inserted</b>: a record with a wrong hash, a predecessor that no record has,
 *       a seq that does not follow its predecessor's, or a second successor of a record (duplicate
 *       or fork);
 *   <li>anything that is not an evidence record at all (unreadable bytes, a tombstone).
 * </ul>
 *
 * <p>Blame is placed where the evidence is: a record whose own hash is wrong is named, but the
 * records chained after it are not (they committed to its stored hash, so the chain held when they
 * were written).
 *
 * <p>What no hash chain can catch on its own, and how Vigil covers it: records cut from the END of
 * a partition leave no successor to notice (each regulator report carries its evidence's id and
 * hash, so the authority holds anchors to check against); and whoever can write to the topic can
 * write a whole new, self-consistent chain (which is why only the application's transactional
 * producer may write to it, and why the reports anchor the hashes outside Vigil). The first record
 * read may have seq above 0: earlier records expire under retention, so a chain may start anywhere;
 * that is reported, not failed.
 *
 * <p>Memory: one small entry (hash, seq, offset) per record, about 200 bytes, to find predecessors.
 */
public final class ChainVerifier {
  private final int partition;
  private final Map<String, Node> byHash = new HashMap<>();
  private final Map<Long, List<String>> problems = new LinkedHashMap<>();
  private final Map<Long, Node> nodesByOffset = new HashMap<>();
  private final List<PendingPredecessor> pending = new ArrayList<>();
  private Node last;
  private Node lastIntact;
  private long records;
  private Long firstSeq;

  private static final class Node {
    final long offset;
    final long seq;
    final String evidenceId;
    final String hash;
    Long successorOffset;

    Node(long offset, long seq, String evidenceId, String hash) {
      this.offset = offset;
      this.seq = seq;
      this.evidenceId = evidenceId;
      this.hash = hash;
    }
  }

  private record PendingPredecessor(long offset, String prevHash, int reasonIndex) {}

  public ChainVerifier(int partition) {
    this.partition = partition;
  }

  /** Checks the record at {@code offset} with stored bytes {@code value} (null for a tombstone). */
  public void accept(long offset, byte[] value) {
    records++;
    if (value == null) {
      problem(offset, "tombstone (null value): evidence records are never deleted by key");
      return;
    }
    EvidenceRecord r;
    try {
      r = EvidenceRecord.parse(value);
    } catch (EvidenceFormatException e) {
      problem(offset, "not an evidence record: " + e.getMessage());
      return;
    }
    Node node = new Node(offset, r.seq(), r.evidenceId(), r.hash());
    nodesByOffset.put(offset, node);
    if (firstSeq == null) {
      firstSeq = r.seq();
    }
    if (r.partition() != partition) {
      problem(
          offset,
          "claims partition "
              + r.partition()
              + " but is stored in partition "
              + partition
              + ": copied from another chain");
    }
    String recomputed = r.computeHash();
    boolean hashIntact = recomputed.equals(r.hash());
    if (!hashIntact) {
      problem(
          offset,
          "hash mismatch: stored "
              + shortHash(r.hash())
              + " but the content hashes to "
              + shortHash(recomputed)
              + ": the record was altered, or written with a wrong hash");
    } else if (!Arrays.equals(value, r.toJson())) {
      hashIntact = false;
      problem(
          offset,
          "bytes differ from the canonical form of the record's fields: a member was added, dropped "
              + "or re-encoded");
    }
    Node duplicateOf = byHash.get(r.hash());
    if (duplicateOf != null && hashIntact) {
      problem(
          offset,
          "duplicate of the record at offset "
              + duplicateOf.offset
              + " (seq "
              + duplicateOf.seq
              + ")");
    }
    checkLink(r, node, hashIntact);
    byHash.putIfAbsent(r.hash(), node);
    last = node;
    if (hashIntact && !problems.containsKey(offset)) {
      lastIntact = node;
    }
  }

  private void checkLink(EvidenceRecord r, Node node, boolean hashIntact) {
    long offset = node.offset;
    if (r.seq() == 0) {
      if (!EvidenceRecord.GENESIS.equals(r.prevHash())) {
        problem(offset, "seq 0 starts a chain but its prevHash is not the genesis hash");
      }
      if (last != null) {
        problem(
            offset,
            "seq 0 after seq "
                + last.seq
                + " (offset "
                + last.offset
                + "): a second chain was "
                + "started in this partition (state lost?) or the record was replayed");
      }
      return;
    }
    Node pred = byHash.get(r.prevHash());
    if (pred == null) {
      if (last == null) {
        return; // the first record read: earlier ones may have expired under retention
      }
      String reason;
      if (r.seq() > last.seq + 1) {
        long missing = r.seq() - last.seq - 1;
        reason =
            "its predecessor is missing: seq jumps from "
                + last.seq
                + " (offset "
                + last.offset
                + ") to "
                + r.seq()
                + ", "
                + missing
                + " record(s) removed";
      } else if (r.seq() == last.seq + 1) {
        reason =
            "its prevHash "
                + shortHash(r.prevHash())
                + " is not the hash of the record before it (seq "
                + last.seq
                + ", offset "
                + last.offset
                + "): that record was altered and re-hashed or replaced, "
                + "or this record is forged";
      } else {
        reason =
            "its prevHash matches no earlier record and its seq "
                + r.seq()
                + " does not follow seq "
                + last.seq
                + ": inserted or forged";
      }
      problem(offset, reason);
      pending.add(new PendingPredecessor(offset, r.prevHash(), problems.get(offset).size() - 1));
      return;
    }
    if (pred.seq != r.seq() - 1) {
      problem(
          offset,
          "seq "
              + r.seq()
              + " does not follow the seq "
              + pred.seq
              + " of its predecessor at offset "
              + pred.offset
              + ": inserted or forged");
    }
    if (pred.successorOffset != null) {
      problem(
          offset,
          "second record chained after seq "
              + pred.seq
              + " (offset "
              + pred.offset
              + "; the first is at offset "
              + pred.successorOffset
              + "): duplicated, replayed or forged");
    } else if (hashIntact) {
      pred.successorOffset = offset;
    }
  }

  /** The verdict on everything accepted so far. */
  public Result finish() {
    for (PendingPredecessor p : pending) {
      Node pred = byHash.get(p.prevHash);
      if (pred != null && pred.offset > p.offset) {
        problems
            .get(p.offset)
            .set(
                p.reasonIndex,
                "out of order: its predecessor (seq "
                    + pred.seq
                    + ") comes after it, at offset "
                    + pred.offset
                    + ": records were reordered");
      }
    }
    List<BrokenRecord> broken = new ArrayList<>();
    for (Map.Entry<Long, List<String>> e : problems.entrySet()) {
      Node n = nodesByOffset.get(e.getKey());
      broken.add(
          new BrokenRecord(
              partition,
              e.getKey(),
              n == null ? null : n.seq,
              n == null ? null : n.evidenceId,
              e.getValue()));
    }
    return new Result(
        partition,
        records,
        firstSeq,
        lastIntact == null ? null : lastIntact.seq,
        lastIntact == null ? null : lastIntact.hash,
        broken);
  }

  private void problem(long offset, String reason) {
    problems.computeIfAbsent(offset, o -> new ArrayList<>()).add(reason);
  }

  private static String shortHash(String h) {
    return h.length() > 12 ? h.substring(0, 12) + "…" : h;
  }

  /**
   * One broken record and every reason found.
   *
   * @param seq its seq, or null if it could not be read
   * @param evidenceId its evidence id, or null if it could not be read
   */
  public record BrokenRecord(
      int partition, long offset, Long seq, String evidenceId, List<String> reasons) {
    public BrokenRecord {
      reasons = List.copyOf(reasons);
    }

    @Override
    public String toString() {
      return "partition "
          + partition
          + " offset "
          + offset
          + (seq == null ? "" : " seq " + seq)
          + (evidenceId == null ? "" : " evidence " + evidenceId)
          + ": "
          + String.join("; ", reasons);
    }
  }

  /**
   * The verdict on one partition.
   *
   * @param records how many records were read
   * @param firstSeq seq of the first readable record (above 0 when earlier records expired), or
   *     null if none
   * @param headSeq seq of the last intact record, or null
   * @param headHash hash of the last intact record, or null
   * @param broken every broken record, in offset order
   */
  public record Result(
      int partition,
      long records,
      Long firstSeq,
      Long headSeq,
      String headHash,
      List<BrokenRecord> broken) {
    public Result {
      broken = List.copyOf(broken);
    }

    public boolean intact() {
      return broken.isEmpty();
    }
  }
}
