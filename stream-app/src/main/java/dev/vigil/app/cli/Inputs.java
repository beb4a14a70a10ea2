package dev.vigil.app.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Files a command reads, with {@code -} for standard input as in Kafka's tools and kcat: one place
 * for every {@code --file}, {@code --data} and {@code --in} option.
 */
final class Inputs {
  /** The name that means standard input. */
  static final String STDIN = "-";

  private Inputs() {}

  static boolean isStdin(Path file) {
    return file != null && file.toString().equals(STDIN);
  }

  /** A name for messages: the path, or {@code <stdin>}. */
  static String name(Path file) {
    return isStdin(file) ? "<stdin>" : file.toString();
  }

  /** The file's bytes, or standard input's; standard input is not closed by closing it. */
  static InputStream open(Path file) throws IOException {
    if (isStdin(file)) {
      return new java.io.FilterInputStream(System.in) {
        @Override
        public void close() {
          // standard input belongs to the process
        }
      };
    }
    return Files.newInputStream(file);
  }

  /** A UTF-8 reader of the file or of standard input. */
  static BufferedReader reader(Path file) throws IOException {
    return new BufferedReader(new InputStreamReader(open(file), StandardCharsets.UTF_8), 1 << 16);
  }

  /** The whole file, or standard input, as UTF-8 text. */
  static String readString(Path file) throws IOException {
    if (!isStdin(file)) {
      return Files.readString(file, StandardCharsets.UTF_8);
    }
    try (InputStream in = open(file)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** The size in bytes of a regular file, or -1 for standard input or when unknown. */
  static long size(Path file) {
    if (isStdin(file)) {
      return -1;
    }
    try {
      return Files.size(file);
    } catch (IOException e) {
      return -1;
    }
  }
}
