package dev.vigil.core.privacy;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * How long each class of data is kept. Validated on load: every period positive; evidence, reports
 * and the audit log at least 180 days, the six months CSL Art. 21 asks of network logs (a shorter
 * setting is a configuration error, not a choice). Immutable.
 *
 * <p>Configuration keys: {@code retention.<class>} with an ISO-8601 duration, e.g. {@code
 * retention.evidence=P365D}; class names are {@link DataClass#key()}.
 */
public final class RetentionPolicy {
  /** The legal minimum for records and logs: six months. */
  public static final Duration LEGAL_MINIMUM = Duration.ofDays(180);

  /** A class of data with its own retention period. */
  public enum DataClass {
    /**
     * Evidence records of blocked posts (legal-hold records are kept until the hold is released).
     */
    EVIDENCE(Duration.ofDays(180), true),
    /** Regulator report events. */
    REPORTS(Duration.ofDays(180), true),
    /** The audit log of moderator and auditor actions. */
    AUDIT(Duration.ofDays(180), true),
    /**
     * How long a review-queue item is kept AFTER it was decided (undecided items stay until
     * decided).
     */
    QUEUE_DECIDED_GRACE(Duration.ofDays(7), false),
    /**
     * Dead letters: long enough to fix and replay bad input; after it their records are deleted and
     * the day keys sealing those without a known author are destroyed.
     */
    DEAD_LETTERS(Duration.ofDays(30), false),
    /** Receipts of privacy requests: the operator's proof that requests were honoured. */
    PRIVACY_RECEIPTS(Duration.ofDays(3 * 365), false);

    private final Duration defaultPeriod;
    private final boolean legalMinimum;

    DataClass(Duration defaultPeriod, boolean legalMinimum) {
      this.defaultPeriod = defaultPeriod;
      this.legalMinimum = legalMinimum;
    }

    /** The configuration name, e.g. {@code evidence}, {@code queue-decided-grace}. */
    public String key() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public Duration defaultPeriod() {
      return defaultPeriod;
    }
  }

  private final Map<DataClass, Duration> periods;

  private RetentionPolicy(Map<DataClass, Duration> periods) {
    this.periods = Collections.unmodifiableMap(new EnumMap<>(periods));
  }

  /** Every class at its default. */
  public static RetentionPolicy defaults() {
    return fromProperties(Map.of());
  }

  /**
   * Reads {@code retention.*} keys; others are ignored, unknown {@code retention.*} keys are
   * errors.
   *
   * @throws IllegalArgumentException naming the key and the rule it breaks
   */
  public static RetentionPolicy fromProperties(Map<String, String> props) {
    Map<DataClass, Duration> periods = new EnumMap<>(DataClass.class);
    for (DataClass c : DataClass.values()) {
      periods.put(c, c.defaultPeriod);
    }
    for (Map.Entry<String, String> e : props.entrySet()) {
      if (!e.getKey().startsWith("retention.")) {
        continue;
      }
      String name = e.getKey().substring("retention.".length());
      DataClass c = null;
      for (DataClass x : DataClass.values()) {
        if (x.key().equals(name)) {
          c = x;
        }
      }
      if (c == null) {
        throw new IllegalArgumentException(
            "unknown data class in "
                + e.getKey()
                + "; known: "
                + java.util.Arrays.stream(DataClass.values()).map(DataClass::key).toList());
      }
      Duration d;
      try {
        d = Duration.parse(e.getValue().strip());
      } catch (DateTimeParseException ex) {
        throw new IllegalArgumentException(
            e.getKey() + " must be an ISO-8601 duration such as P180D, got '" + e.getValue() + "'");
      }
      periods.put(c, d);
    }
    for (Map.Entry<DataClass, Duration> e : periods.entrySet()) {
      Duration d = e.getValue();
      String key = "retention." + e.getKey().key();
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(key + " must be positive, got " + d);
      }
      if (e.getKey().legalMinimum && d.compareTo(LEGAL_MINIMUM) < 0) {
        throw new IllegalArgumentException(
            key
                + " is "
                + d.toDays()
                + " days, below the legal minimum of "
                + LEGAL_MINIMUM.toDays()
                + " days (six months, CSL Art. 21)");
      }
    }
    return new RetentionPolicy(periods);
  }

  public Duration period(DataClass c) {
    return periods.get(c);
  }

  /** The period as a Kafka {@code retention.ms} value. */
  public long retentionMs(DataClass c) {
    return periods.get(c).toMillis();
  }

  public Map<DataClass, Duration> periods() {
    return periods;
  }
}
