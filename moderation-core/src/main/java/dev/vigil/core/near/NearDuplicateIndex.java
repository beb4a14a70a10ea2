package dev.vigil.core.near;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Predicate;

/**
 * The known-bad fingerprints an instance checks new posts against: bounded, with a lookup whose
 * cost does not grow with the number stored.
 *
 * <p><b>Bounded.</b> At most {@code capacity} fingerprints, in a ring: when full, the oldest is
 * evicted (FIFO; lookups do not reorder, so they can share a read lock). Memory is fixed when the
 * index is made: 128 bytes of signature and a byte of its scheme per slot (and a reference to its
 * rules' list, shared by all blocks of the same rules) plus the bucket tables below.
 *
 * <p><b>Flat lookup.</b> LSH by {@link Banding}: each band of a signature names a bucket, and only
 * fingerprints sharing a bucket with the query are compared. A bucket is a fixed row of {@link
 * #BUCKET_SLOTS} entries in a per-band open table of about {@code capacity / 2} rows; an insert
 * into a full row replaces its oldest entry. So a lookup reads exactly {@code bands x BUCKET_SLOTS}
 * entries and compares at most that many signatures, whether the index holds ten thousand
 * fingerprints or a million: a text that many blocked posts share (a common template) cannot grow
 * one bucket without bound, it keeps only its newest few there, which still match its reposts. Each
 * entry carries a 32-bit tag of its bucket key beside its slot, in one {@code long}, so a row (one
 * cache line) tells true candidates apart without reading any signature: a lookup that finds no
 * candidate touches 21 cache lines, one that does reads the signature of usually one. Entries of
 * evicted or removed fingerprints are left in their rows and recognised as stale (the slot is empty
 * or its band's tag differs); they are overwritten by later inserts.
 *
 * <p>A candidate matches when its estimated Jaccard similarity to the query is at least the
 * threshold and it still counts: a fingerprint tied to rules that no longer enforce (demoted by the
 * circuit breaker, removed by a pack change) is passed over, and the lookup goes on to the next
 * candidate (see {@link #find(MinHashSignature, Predicate)}). It is only passed over, not removed:
 * when its rule enforces again, it counts again.
 *
 * <p><b>Schemes.</b> The index may hold fingerprints of more than one {@link MinHashScheme} (those
 * stored by an earlier version beside those made now), which are not comparable: the scheme is
 * mixed into every bucket key, so candidates never form across schemes, and a lookup compares only
 * fingerprints of its query's scheme. It counts the fingerprints it holds per scheme ({@link
 * #holds}), so that a caller hashes a post by an older scheme only while fingerprints of it are
 * left. Thread-safe: one writer (the instance's loader), many readers (stream threads).
 */
public final class NearDuplicateIndex {
  /** Entries per bucket row. */
  public static final int BUCKET_SLOTS = 4;

  /** The default similarity a repost needs to match. */
  public static final double DEFAULT_THRESHOLD = 0.5;

  private static final int L = MinHashSignature.LENGTH;
  private static final MinHashScheme[] SCHEMES = MinHashScheme.values();

  private final int capacity;
  private final double threshold;
  private final int minEqual;
  private final Banding banding;
  private final int rowBits;
  private final int rowsPerBand;
  private final char[] signatures;

  /** The {@link MinHashScheme#ordinal()} of each slot's signature. */
  private final byte[] schemes;

  /** Fingerprints held per scheme (by ordinal): written under the write lock, read without it. */
  private final AtomicIntegerArray held = new AtomicIntegerArray(SCHEMES.length);

  private final String[] ids;
  private final String[] categories;
  private final List<String>[] rules;
  private final long[] sequence;
  private final long[] table;
  private final Map<String, Integer> slotOf = new HashMap<>();
  private final Map<String, String> categoryNames = new HashMap<>();

  /** One shared list per set of rules: blocks by the same rules share it. */
  private final Map<List<String>, List<String>> ruleLists = new HashMap<>();

  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private long inserted;
  private int size;

  /**
   * @param capacity the most fingerprints held, at least 1
   * @param threshold the least estimated similarity of a match, in (0, 1]
   */
  @SuppressWarnings("unchecked")
  public NearDuplicateIndex(int capacity, double threshold, Banding banding) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive, not " + capacity);
    }
    if (!(threshold > 0 && threshold <= 1)) {
      throw new IllegalArgumentException("threshold must be in (0, 1], not " + threshold);
    }
    this.capacity = capacity;
    this.threshold = threshold;
    this.minEqual = (int) Math.ceil(threshold * L - 1e-9);
    this.banding = banding;
    int rows = Integer.highestOneBit(Math.max(64, capacity / 2 - 1) * 2);
    this.rowBits = Integer.numberOfTrailingZeros(rows);
    this.rowsPerBand = rows;
    this.signatures = new char[capacity * L];
    this.schemes = new byte[capacity];
    this.ids = new String[capacity];
    this.categories = new String[capacity];
    this.rules = (List<String>[]) new List<?>[capacity];
    this.sequence = new long[capacity];
    this.table = new long[banding.bands() * rows * BUCKET_SLOTS];
  }

  /** With {@link Banding#standard()}. */
  public NearDuplicateIndex(int capacity, double threshold) {
    this(capacity, threshold, Banding.standard());
  }

  public int capacity() {
    return capacity;
  }

  public double threshold() {
    return threshold;
  }

  /** Fingerprints held now. */
  public int size() {
    lock.readLock().lock();
    try {
      return size;
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Fingerprints of {@code scheme} held now. */
  public int size(MinHashScheme scheme) {
    return held.get(scheme.ordinal());
  }

  /**
   * Whether any fingerprint of {@code scheme} is held now; O(1) and lock-free, cheap enough to ask
   * for every post.
   */
  public boolean holds(MinHashScheme scheme) {
    return held.get(scheme.ordinal()) > 0;
  }

  /**
   * Adds {@code f} (replacing a fingerprint of the same evidence id), evicting the oldest when
   * full.
   *
   * @return the evidence id of the fingerprint evicted to make room, or null
   */
  public String add(Fingerprint f) {
    lock.writeLock().lock();
    try {
      String evicted = null;
      Integer old = slotOf.remove(f.evidenceId());
      if (old != null) {
        clear(old);
      }
      int slot = (int) (inserted % capacity);
      if (ids[slot] != null) {
        evicted = ids[slot];
        slotOf.remove(evicted);
        clear(slot);
      }
      MinHashScheme scheme = f.signature().scheme();
      System.arraycopy(f.signature().values(), 0, signatures, slot * L, L);
      schemes[slot] = (byte) scheme.ordinal();
      held.incrementAndGet(scheme.ordinal());
      ids[slot] = f.evidenceId();
      categories[slot] = categoryNames.computeIfAbsent(f.category(), c -> c);
      rules[slot] = ruleLists.computeIfAbsent(f.rules(), r -> r);
      sequence[slot] = ++inserted;
      slotOf.put(f.evidenceId(), slot);
      size++;
      for (int band = 0; band < banding.bands(); band++) {
        long bucket = banding.bucket(signatures, slot * L, band, scheme);
        int row = row(band, bucket);
        int victim = -1;
        long oldest = Long.MAX_VALUE;
        for (int j = 0; j < BUCKET_SLOTS; j++) {
          long e = table[row + j];
          if (e == 0 || stale(e, band)) {
            victim = j;
            break;
          }
          long seq = sequence[(int) e - 1];
          if (seq < oldest) {
            oldest = seq;
            victim = j;
          }
        }
        table[row + victim] = ((long) (int) bucket << 32) | (slot + 1L);
      }
      return evicted;
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Removes the fingerprint of {@code evidenceId}, if held (a tombstone on the catalog topic). */
  public boolean remove(String evidenceId) {
    lock.writeLock().lock();
    try {
      Integer slot = slotOf.remove(evidenceId);
      if (slot == null) {
        return false;
      }
      clear(slot);
      return true;
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** {@link #find(MinHashSignature, Predicate)} with every rule enforcing. */
  public Optional<NearMatch> find(MinHashSignature query) {
    return find(query, rule -> true);
  }

  /**
   * A held fingerprint of {@code query}'s scheme at least as similar to it as the threshold that
   * still counts ({@link Fingerprint#counts}), if any: the first such candidate (a fingerprint
   * sharing a band with the query, bands in order, a row's entries in order). Not necessarily the
   * most similar one held: any match is a repost of a known-bad post, and stopping at the first
   * keeps a hit as cheap as a miss. Whether a candidate counts is asked only of candidates similar
   * enough, so the lookup stays as cheap as before: a fingerprint of only non-enforcing rules is
   * skipped where it is met, never searched for.
   *
   * @param enforced whether a rule enforces now (called from the reader's thread, under the read
   *     lock: it must be cheap and must not call back into this index)
   */
  public Optional<NearMatch> find(MinHashSignature query, Predicate<String> enforced) {
    char[] q = query.values();
    MinHashScheme scheme = query.scheme();
    byte ordinal = (byte) scheme.ordinal();
    int bands = banding.bands();
    int last = -1;
    lock.readLock().lock();
    try {
      // One cache line per band: the row's entries carry their bucket's tag, so only true
      // candidates cost a look at their signature.
      for (int band = 0; band < bands; band++) {
        long bucket = banding.bucket(q, 0, band, scheme);
        int row = row(band, bucket);
        int tag = (int) bucket;
        for (int j = 0; j < BUCKET_SLOTS; j++) {
          long e = table[row + j];
          if (e == 0 || (int) (e >>> 32) != tag) {
            continue;
          }
          int slot = (int) e - 1;
          if (slot == last || ids[slot] == null || schemes[slot] != ordinal) {
            continue;
          }
          last = slot;
          int equal = MinHashSignature.equalPositions(signatures, slot * L, q);
          if (equal >= minEqual && Fingerprint.counts(rules[slot], enforced)) {
            return Optional.of(new NearMatch(ids[slot], categories[slot], equal / (double) L));
          }
        }
      }
      return Optional.empty();
    } finally {
      lock.readLock().unlock();
    }
  }

  private void clear(int slot) {
    ids[slot] = null;
    categories[slot] = null;
    rules[slot] = null;
    held.decrementAndGet(schemes[slot]);
    size--;
  }

  /** Whether the entry for {@code slot} in table row {@code row} is left over from an old slot. */
  private boolean stale(long entry, int band) {
    int slot = (int) entry - 1;
    return ids[slot] == null
        || (int) banding.bucket(signatures, slot * L, band, SCHEMES[schemes[slot]])
            != (int) (entry >>> 32);
  }

  /** The first entry of band {@code band}'s row for {@code bucket}: its top bits pick the row. */
  private int row(int band, long bucket) {
    int r = (int) (bucket >>> (64 - rowBits));
    return (band * rowsPerBand + r) * BUCKET_SLOTS;
  }
}
