package dev.vigil.core.concept;

/**
 * One term of a concept found in a post: the evidence a concept rule shows for a decision.
 *
 * @param concept the concept's id in its pack
 * @param term the term as written in the pack
 * @param start first canonical character of the hit
 * @param end one past its last canonical character
 */
public record Span(int concept, String term, int start, int end) {}
