package dev.vigil.app.cli;

import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The log format of the process: {@code text} (the default) or {@code json} (one JSON object per
 * line), from the system property {@value #PROPERTY}, else the environment variable {@value #ENV}.
 * {@code logback.xml} picks the appender of that name; {@link Main#main} settles the choice before
 * the first logger exists, so a value Logback has no appender for stops the start with its name
 * instead of silencing the log.
 */
final class LogFormat {
  static final String ENV = "VIGIL_LOG_FORMAT";
  static final String PROPERTY = "vigil.log.format";
  static final Set<String> FORMATS = Set.of("text", "json");

  private LogFormat() {}

  /**
   * Writes the chosen format, lower-cased and trimmed, to {@code properties}' {@value #PROPERTY}
   * (an unset or blank choice is {@code text}).
   *
   * @return null, or the error to stop with, naming the value and where it came from
   */
  static String settle(Properties properties, Map<String, String> env) {
    String fromProperty = properties.getProperty(PROPERTY);
    boolean isProperty = fromProperty != null && !fromProperty.isBlank();
    String raw = isProperty ? fromProperty : env.get(ENV);
    String format = raw == null || raw.isBlank() ? "text" : raw.trim().toLowerCase(Locale.ROOT);
    if (!FORMATS.contains(format)) {
      return (isProperty ? "-D" + PROPERTY : ENV)
          + "="
          + raw
          + ": unknown log format; use text or json";
    }
    properties.setProperty(PROPERTY, format);
    return null;
  }
}
