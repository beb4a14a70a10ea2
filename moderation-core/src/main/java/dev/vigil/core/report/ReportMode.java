package dev.vigil.core.report;

import java.util.Locale;

/**
 * Whether reports are real. As with Coop's NCMEC integration: a {@code sandbox} report has the same
 * shape and path as a real one but is marked so that the receiving side (or the forwarding service)
 * never files it with the authority; {@code production} is for the real thing.
 */
public enum ReportMode {
  SANDBOX,
  PRODUCTION;

  /** The JSON and configuration name: {@code sandbox} or {@code production}. */
  public String jsonName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static ReportMode parse(String s) {
    for (ReportMode m : values()) {
      if (m.jsonName().equals(s.strip().toLowerCase(Locale.ROOT))) {
        return m;
      }
    }
    throw new IllegalArgumentException(
        "report mode must be 'sandbox' or 'production', got '" + s + "'");
  }
}
