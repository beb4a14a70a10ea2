package dev.vigil.app.events;

import java.time.Instant;

/**
 * The record on {@code vigil.login.failures}, keyed by {@code key}: a login failure one instance
 * counted, or a success that cleared a key, so that every instance applies it to its own login
 * throttle (see {@code auth.LoginGuard}). No user name or client address in clear: {@code key} is
 * an HMAC of the throttle key under a key derived from the master key, the same on every instance.
 *
 * @param key the throttle key, keyed-hashed (base64url)
 * @param scope which throttle: {@code user} (a user name at a client address) or {@code address}
 * @param kind {@code failure} (a wrong password) or {@code clear} (the right one)
 * @param at when it happened
 * @param instance a random id of the instance that wrote it, so that it ignores its own records
 */
public record LoginFailure(String key, String scope, String kind, Instant at, String instance) {
  public static final String USER = "user";
  public static final String ADDRESS = "address";
  public static final String FAILURE = "failure";
  public static final String CLEAR = "clear";
}
