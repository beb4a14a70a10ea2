package dev.vigil.app.auth;

/**
 * Who is making a request, once authenticated.
 *
 * @param name the user name (from the users file or the trusted proxy)
 * @param role what they may do
 * @param method how they authenticated: {@code session}, {@code basic} or {@code proxy}
 */
public record Principal(String name, Role role, String method) {
  public static final String SESSION = "session";
  public static final String BASIC = "basic";
  public static final String PROXY = "proxy";
}
