package dev.vigil.app.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.record.TimestampType;

/**
 * How {@code tail} prints a record: Kafka's console consumer's layout (optional timestamp,
 * partition, offset and key before the value, tab-separated, then a newline), or a kcat format
 * string. Keys and values are written as their bytes, unchanged; a null one as {@code null}.
 */
final class RecordFormat {
  private interface Part {
    void write(ConsumerRecord<byte[], byte[]> r, PrintStream out);
  }

  private final List<Part> parts;

  private RecordFormat(List<Part> parts) {
    this.parts = List.copyOf(parts);
  }

  void write(ConsumerRecord<byte[], byte[]> r, PrintStream out) {
    for (Part p : parts) {
      p.write(r, out);
    }
  }

  /** The console consumer's layout with the fields asked for (all false: the value alone). */
  static RecordFormat consoleConsumer(
      boolean timestamp, boolean partition, boolean offset, boolean key) {
    List<Part> parts = new ArrayList<>();
    if (timestamp) {
      parts.add(
          (r, out) -> {
            out.print(
                (r.timestampType() == TimestampType.LOG_APPEND_TIME
                        ? "LogAppendTime:"
                        : r.timestampType() == TimestampType.CREATE_TIME
                            ? "CreateTime:"
                            : "NoTimestampType:")
                    + r.timestamp());
            out.print('\t');
          });
    }
    if (partition) {
      parts.add((r, out) -> out.print("Partition:" + r.partition() + "\t"));
    }
    if (offset) {
      parts.add((r, out) -> out.print("Offset:" + r.offset() + "\t"));
    }
    if (key) {
      parts.add(
          (r, out) -> {
            bytes(r.key(), out);
            out.print('\t');
          });
    }
    parts.add((r, out) -> bytes(r.value(), out));
    parts.add((r, out) -> out.print('\n'));
    return new RecordFormat(parts);
  }

  /**
   * A kcat format string: {@code %t %p %o %k %s %T %K %S %%} and the escapes {@code \n \t \\}.
   *
   * @throws IllegalArgumentException for an unknown {@code %x} or {@code \x}, or a trailing one
   */
  static RecordFormat parse(String format) {
    List<Part> parts = new ArrayList<>();
    ByteArrayOutputStream literal = new ByteArrayOutputStream();
    for (int i = 0; i < format.length(); i++) {
      char c = format.charAt(i);
      if (c != '%' && c != '\\') {
        int end = Character.isHighSurrogate(c) && i + 1 < format.length() ? i + 2 : i + 1;
        literal.writeBytes(format.substring(i, end).getBytes(StandardCharsets.UTF_8));
        i = end - 1;
        continue;
      }
      if (i + 1 >= format.length()) {
        throw new IllegalArgumentException("a lone '" + c + "' at the end");
      }
      char d = format.charAt(++i);
      if (c == '\\') {
        switch (d) {
          case 'n' -> literal.write('\n');
          case 't' -> literal.write('\t');
          case 'r' -> literal.write('\r');
          case '\\' -> literal.write('\\');
          default -> throw new IllegalArgumentException("unknown escape \\" + d);
        }
        continue;
      }
      Part field =
          switch (d) {
            case '%' -> (r, out) -> out.print('%');
            case 't' -> (r, out) -> out.print(r.topic());
            case 'p' -> (r, out) -> out.print(r.partition());
            case 'o' -> (r, out) -> out.print(r.offset());
            case 'T' -> (r, out) -> out.print(r.timestamp());
            case 'k' -> (r, out) -> bytes(r.key(), out);
            case 's' -> (r, out) -> bytes(r.value(), out);
            case 'K' -> (r, out) -> out.print(r.key() == null ? -1 : r.key().length);
            case 'S' -> (r, out) -> out.print(r.value() == null ? -1 : r.value().length);
            default -> throw new IllegalArgumentException("unknown field %" + d);
          };
      flush(literal, parts);
      parts.add(field);
    }
    flush(literal, parts);
    return new RecordFormat(parts);
  }

  private static void flush(ByteArrayOutputStream literal, List<Part> parts) {
    if (literal.size() > 0) {
      byte[] b = literal.toByteArray();
      literal.reset();
      parts.add((r, out) -> out.write(b, 0, b.length));
    }
  }

  private static void bytes(byte[] b, PrintStream out) {
    if (b == null) {
      out.print("null");
    } else {
      out.write(b, 0, b.length);
    }
  }
}
