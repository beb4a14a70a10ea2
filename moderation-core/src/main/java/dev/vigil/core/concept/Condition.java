package dev.vigil.core.concept;

import java.util.List;

/**
 * What a concept rule asks of a post. Immutable; evaluated by {@link ConceptHits#holds}.
 *
 * <ul>
 *   <li>{@link Ref}: some term of a concept occurs;
 *   <li>{@link Near}: terms of every operand occur in one window whose gaps add up to at most
 *       {@code within} canonical characters (Lucene's {@code maxgaps}), in the listed order when
 *       {@code ordered};
 *   <li>{@link All} / {@link Any}: every / some nested condition holds;
 *   <li>{@link AtLeast}: at least {@code count} of the nested conditions hold;
 *   <li>{@link MinLength}: the post is at least so long.
 * </ul>
 */
public sealed interface Condition {
  /** At most this many operands in one {@link Near}: unordered windows try every order of them. */
  int MAX_NEAR_OPERANDS = 4;

  /** Every concept this condition names, nested conditions included, to {@code sink}. */
  static void concepts(Condition c, java.util.function.IntConsumer sink) {
    if (c instanceof Ref r) {
      sink.accept(r.concept());
    } else if (c instanceof Near n) {
      for (int op : n.operands()) {
        sink.accept(op);
      }
    } else if (c instanceof All a) {
      a.conditions().forEach(x -> concepts(x, sink));
    } else if (c instanceof AtLeast a) {
      a.conditions().forEach(x -> concepts(x, sink));
    } else if (c instanceof Any a) {
      a.conditions().forEach(x -> concepts(x, sink));
    }
    // A MinLength names no concept.
  }

  /** Some term of concept {@code concept} occurs. */
  record Ref(int concept) implements Condition {}

  /**
   * Terms of every operand (concept ids) occur, not overlapping, with at most {@code within}
   * characters of gaps between them in all.
   */
  record Near(int[] operands, int within, boolean ordered) implements Condition {
    public Near {
      if (operands.length < 2 || operands.length > MAX_NEAR_OPERANDS) {
        throw new IllegalArgumentException("near needs 2 to " + MAX_NEAR_OPERANDS + " operands");
      }
      if (within < 0) {
        throw new IllegalArgumentException("within must not be negative");
      }
      operands = operands.clone();
    }
  }

  /** Every condition holds. */
  record All(List<Condition> conditions) implements Condition {
    public All {
      conditions = List.copyOf(conditions);
    }
  }

  /** At least one condition holds. */
  record Any(List<Condition> conditions) implements Condition {
    public Any {
      conditions = List.copyOf(conditions);
    }
  }

  /**
   * At least {@code count} of the conditions hold, whichever they are. For scripts whose stages (a
   * claimed authority, a threat or lure, urgency, a private channel, the money step) each come in
   * many wordings and orders: no one stage is evidence and no fixed pair covers every script, but
   * several distinct stages in one post are. {@code count} is between 1 and the number of
   * conditions.
   */
  record AtLeast(int count, List<Condition> conditions) implements Condition {
    public AtLeast {
      conditions = List.copyOf(conditions);
      if (count < 1 || count > conditions.size()) {
        throw new IllegalArgumentException(
            "atLeast " + count + " of " + conditions.size() + " conditions");
      }
    }
  }

  /**
   * The post has at least {@code chars} canonical characters (a run of separators is one). Stages
   * that are common words one by one are evidence together only in a post long enough to be a
   * conversation or a script, not in a two-line promotion that says "recharge", "download" and
   * "today only".
   */
  record MinLength(int chars) implements Condition {
    public MinLength {
      if (chars < 1) {
        throw new IllegalArgumentException("minLength must be at least 1");
      }
    }
  }
}
