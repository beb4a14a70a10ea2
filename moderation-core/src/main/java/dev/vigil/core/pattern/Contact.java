package dev.vigil.core.pattern;

/**
 * A contact channel found in a post.
 *
 * @param kind what kind of channel
 * @param start first canonical character
 * @param end one past the last canonical character
 */
public record Contact(ContactKind kind, int start, int end) {}
