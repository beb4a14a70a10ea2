package dev.vigil.core.keyword;

/**
 * One keyword found in a post.
 *
 * @param owner the index of the rule that owns the term (as given to {@link
 *     KeywordIndex.Builder#add})
 * @param term the term as written in the lexicon
 * @param start first canonical character of the hit
 * @param end one past its last canonical character
 */
public record KeywordHit(int owner, String term, int start, int end) {}
