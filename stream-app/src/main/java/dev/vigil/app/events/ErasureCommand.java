package dev.vigil.app.events;

import java.time.Instant;

/**
 * The record on {@code privacy.erasures}: an erasure request, already pseudonymised, sent to EVERY
 * partition so that each review task removes the subject's items from the queue it owns.
 *
 * @param requestId the privacy request it carries out
 * @param pseudonym the data subject
 * @param at when the request was handled
 */
public record ErasureCommand(String requestId, String pseudonym, Instant at) {}
