package dev.vigil.app.cli;

import picocli.CommandLine.Option;

/**
 * {@code --format text|json}: how a checking command prints its result. {@code json} prints one
 * JSON object on standard output and nothing else there (progress and errors stay on standard
 * error), with {@code "ok"} as its first field; the exit code is the same in both.
 */
final class OutputOptions {
  enum Format {
    text,
    json
  }

  @Option(
      names = "--format",
      paramLabel = "text|json",
      defaultValue = "text",
      description = "Output: text (default) or json (one object with \"ok\" first, for scripts).")
  Format format = Format.text;

  boolean json() {
    return format == Format.json;
  }
}
