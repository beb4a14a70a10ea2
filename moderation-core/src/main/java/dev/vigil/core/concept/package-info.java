/**
 * Concept rules: conditions over named term sets ("concepts") found in one post, in the spirit of
 * Lucene's interval queries ({@code Intervals.ordered}, {@code unordered}, {@code maxgaps}, {@code
 * notContaining}).
 *
 * <p>The terms of every concept are compiled into the pack's one keyword automaton, so a post is
 * still scanned once; this package only evaluates conditions over the hits that scan produced
 * ({@link ConceptHits}), which costs nothing for a post that hits no concept. Depends on nothing
 * but {@code keyword}.
 */
package dev.vigil.core.concept;
