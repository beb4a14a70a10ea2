package dev.vigil.core.evidence;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * Writes a tree of {@code SortedMap<String, ?>}, {@code List<?>}, {@code String}, {@code
 * Long}/{@code Integer}, {@code Boolean}, {@link BigDecimal} and {@code null} as one stable byte
 * form: the bytes a hash covers.
 *
 * <p>It follows RFC 8785 (JCS) where it matters for hashing: object members sorted by their names'
 * UTF-16 code units (what {@link String#compareTo} does), no whitespace, strings escaped minimally
 * ({@code \"}, {@code \\}, the short escapes for {@code \b \f \n \r \t}, {@code \}{@code u00xx} for
 * other control characters) and the rest written as UTF-8. Two deviations, both so that any Java
 * string round-trips byte-for-byte through a JSON parser: a lone surrogate (which UTF-8 cannot
 * carry) is written as a {@code \}{@code uXXXX} escape, and numbers are only integers or decimals
 * written in plain notation with at most {@link #DECIMAL_PLACES} places (no binary floating point,
 * whose shortest form differs between JDK versions).
 *
 * <p>Why our own writer rather than Jackson's: a record's hash must be recomputable from its parsed
 * fields by any verifier, on any JDK, years later; that needs a byte form defined here, not by a
 * library's defaults.
 */
public final class CanonicalJson {
  /** Decimals are rounded to this many places (half-even) before they are written or hashed. */
  public static final int DECIMAL_PLACES = 6;

  private CanonicalJson() {}

  /** The canonical bytes of {@code value}. */
  public static byte[] write(Object value) {
    StringBuilder sb = new StringBuilder(256);
    append(sb, value);
    // Every lone surrogate has been escaped, so the UTF-8 encoder never substitutes '?'.
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** {@code d} rounded to {@link #DECIMAL_PLACES} places, as the canonical form writes it. */
  public static BigDecimal decimal(double d) {
    if (!Double.isFinite(d)) {
      throw new IllegalArgumentException("not a finite number: " + d);
    }
    BigDecimal r =
        new BigDecimal(d).setScale(DECIMAL_PLACES, RoundingMode.HALF_EVEN).stripTrailingZeros();
    return r.signum() == 0 ? BigDecimal.ZERO : r;
  }

  private static void append(StringBuilder sb, Object value) {
    if (value == null) {
      sb.append("null");
    } else if (value instanceof String s) {
      appendString(sb, s);
    } else if (value instanceof Boolean b) {
      sb.append(b.booleanValue());
    } else if (value instanceof Long || value instanceof Integer) {
      sb.append(((Number) value).longValue());
    } else if (value instanceof BigDecimal d) {
      BigDecimal r =
          d.setScale(Math.min(Math.max(d.scale(), 0), DECIMAL_PLACES), RoundingMode.HALF_EVEN)
              .stripTrailingZeros();
      sb.append(r.signum() == 0 ? "0" : r.toPlainString());
    } else if (value instanceof SortedMap<?, ?> map) {
      if (map.comparator() != null) {
        throw new IllegalArgumentException(
            "canonical objects must be sorted by natural String order");
      }
      sb.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (!first) {
          sb.append(',');
        }
        first = false;
        appendString(sb, (String) e.getKey());
        sb.append(':');
        append(sb, e.getValue());
      }
      sb.append('}');
    } else if (value instanceof List<?> list) {
      sb.append('[');
      for (int i = 0; i < list.size(); i++) {
        if (i > 0) {
          sb.append(',');
        }
        append(sb, list.get(i));
      }
      sb.append(']');
    } else {
      throw new IllegalArgumentException("no canonical form for " + value.getClass().getName());
    }
  }

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private static void appendString(StringBuilder sb, String s) {
    sb.append('"');
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            appendEscape(sb, c);
          } else if (Character.isHighSurrogate(c)
              && i + 1 < n
              && Character.isLowSurrogate(s.charAt(i + 1))) {
            sb.append(c).append(s.charAt(++i));
          } else if (Character.isSurrogate(c)) {
            appendEscape(sb, c);
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }

  private static void appendEscape(StringBuilder sb, char c) {
    sb.append("\\u")
        .append(HEX[(c >> 12) & 0xF])
        .append(HEX[(c >> 8) & 0xF])
        .append(HEX[(c >> 4) & 0xF])
        .append(HEX[c & 0xF]);
  }
}
