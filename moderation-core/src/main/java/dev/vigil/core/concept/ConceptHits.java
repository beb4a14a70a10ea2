package dev.vigil.core.concept;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The concept terms found in one post, per concept, and the evaluation of concept rules over them.
 * One instance per post (not thread-safe); the rules themselves are immutable and shared.
 *
 * <p>Cost: building is linear in the hits; a {@link Condition.Ref} is O(1); a {@link
 * Condition.Near} tries, for each hit of its first operand, the nearest following hit of each next
 * operand (binary search), so O(h · k · log h) for h hits and k operands, times k! orders when
 * unordered (k is at most {@link Condition#MAX_NEAR_OPERANDS}); a {@link Condition.AtLeast} tries
 * each of its conditions once. "Nearest following" makes a window of three or more operands a
 * greedy choice: it finds every window of two operands, and for more it finds the window that
 * starts each next term as early as possible.
 */
public final class ConceptHits {
  private static final Comparator<Span> BY_START =
      Comparator.comparingInt(Span::start).thenComparingInt(Span::end);

  private final Span[][] hits;
  private final int[] counts;
  private final boolean[] sorted;
  private final int length;
  private int total;

  /**
   * An empty set of hits for a pack of {@code conceptCount} concepts, in a post of {@code length}
   * canonical characters.
   */
  public ConceptHits(int conceptCount, int length) {
    this.length = length;
    hits = new Span[conceptCount][];
    counts = new int[conceptCount];
    sorted = new boolean[conceptCount];
  }

  /** Records a hit of a term of {@code concept} over canonical characters {@code [start, end)}. */
  public void add(int concept, String term, int start, int end) {
    Span[] list = hits[concept];
    if (list == null) {
      list = hits[concept] = new Span[4];
    } else if (counts[concept] == list.length) {
      list = hits[concept] = Arrays.copyOf(list, list.length * 2);
    }
    list[counts[concept]++] = new Span(concept, term, start, end);
    sorted[concept] = false;
    total++;
  }

  /** Whether no concept term was found. */
  public boolean isEmpty() {
    return total == 0;
  }

  /** Whether some term of {@code concept} was found. */
  public boolean has(int concept) {
    return counts[concept] > 0;
  }

  /**
   * Whether {@code rule} fires on this post.
   *
   * @return the evidence (the concept terms that satisfied the rule, in text order), or null when
   *     it does not fire
   */
  public List<Span> match(ConceptRule rule) {
    List<Span> evidence = new ArrayList<>(4);
    if (!holds(rule.require(), evidence)) {
      return null;
    }
    for (Condition c : rule.none()) {
      if (holds(c, new ArrayList<>(2))) {
        return null;
      }
    }
    for (ConceptRule.Guard g : rule.guards()) {
      for (int i = 0; i < counts[g.concept()]; i++) {
        Span s = hits[g.concept()][i];
        for (Span e : evidence) {
          if (Math.max(0, Math.max(s.start() - e.end(), e.start() - s.end())) <= g.within()) {
            return null;
          }
        }
      }
    }
    evidence.sort(BY_START);
    return evidence;
  }

  /** Whether {@code c} holds; when it does, its evidence is appended to {@code evidence}. */
  boolean holds(Condition c, List<Span> evidence) {
    if (c instanceof Condition.Ref r) {
      if (counts[r.concept()] == 0) {
        return false;
      }
      evidence.add(sorted(r.concept())[0]);
      return true;
    }
    if (c instanceof Condition.Near n) {
      return near(n, evidence);
    }
    if (c instanceof Condition.All a) {
      int mark = evidence.size();
      for (Condition x : a.conditions()) {
        if (!holds(x, evidence)) {
          evidence.subList(mark, evidence.size()).clear();
          return false;
        }
      }
      return true;
    }
    if (c instanceof Condition.AtLeast a) {
      return atLeast(a, evidence);
    }
    if (c instanceof Condition.MinLength m) {
      return length >= m.chars();
    }
    Condition.Any any = (Condition.Any) c;
    for (Condition x : any.conditions()) {
      if (holds(x, evidence)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether at least {@code a.count()} of the conditions hold. Every condition is tried, so the
   * evidence shows each one that holds (all the stages a script went through), not just the first
   * {@code count}; guards then see all of it.
   */
  private boolean atLeast(Condition.AtLeast a, List<Span> evidence) {
    int mark = evidence.size();
    int held = 0;
    List<Condition> cs = a.conditions();
    for (int i = 0; i < cs.size(); i++) {
      if (held + (cs.size() - i) < a.count()) {
        break;
      }
      if (holds(cs.get(i), evidence)) {
        held++;
      }
    }
    if (held < a.count()) {
      evidence.subList(mark, evidence.size()).clear();
      return false;
    }
    return true;
  }

  private boolean near(Condition.Near n, List<Span> evidence) {
    int[] ops = n.operands();
    for (int op : ops) {
      if (counts[op] == 0) {
        return false;
      }
    }
    if (n.ordered()) {
      return window(ops, n.within(), evidence);
    }
    return permutations(ops.clone(), 0, n.within(), evidence);
  }

  private boolean permutations(int[] ops, int k, int within, List<Span> evidence) {
    if (k == ops.length) {
      return window(ops, within, evidence);
    }
    for (int i = k; i < ops.length; i++) {
      swap(ops, k, i);
      boolean found = permutations(ops, k + 1, within, evidence);
      swap(ops, k, i);
      if (found) {
        return true;
      }
    }
    return false;
  }

  /**
   * A window with the operands in this order, each next term the nearest one starting after the
   * previous ends.
   */
  private boolean window(int[] ops, int within, List<Span> evidence) {
    Span[] first = sorted(ops[0]);
    Span[] chain = new Span[ops.length];
    outer:
    for (int h = 0; h < counts[ops[0]]; h++) {
      chain[0] = first[h];
      int gaps = 0;
      for (int i = 1; i < ops.length; i++) {
        Span next = firstStartingAtOrAfter(ops[i], chain[i - 1].end());
        if (next == null) {
          continue outer;
        }
        gaps += next.start() - chain[i - 1].end();
        if (gaps > within) {
          continue outer;
        }
        chain[i] = next;
      }
      evidence.addAll(Arrays.asList(chain));
      return true;
    }
    return false;
  }

  private Span firstStartingAtOrAfter(int concept, int pos) {
    Span[] list = sorted(concept);
    int lo = 0;
    int hi = counts[concept];
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (list[mid].start() < pos) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo < counts[concept] ? list[lo] : null;
  }

  private Span[] sorted(int concept) {
    if (!sorted[concept]) {
      Arrays.sort(hits[concept], 0, counts[concept], BY_START);
      sorted[concept] = true;
    }
    return hits[concept];
  }

  private static void swap(int[] a, int i, int j) {
    int t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
}
