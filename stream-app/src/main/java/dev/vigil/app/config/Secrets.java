package dev.vigil.app.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Loads key material: from an environment variable, else a file, else (for a local embedded setup only) a
 * fresh random key written to the data dir with owner-only permissions. Keys are never logged.
 */
public final class Secrets {
  private Secrets() {}

  /**
   * @param envValue the environment variable's value, or null
   * @param file the configured key file, or null
   * @param generatedFile where to keep a generated key when neither is given
   */
  public static byte[] key(String envValue, Path file, Path generatedFile) {
    if (envValue != null && !envValue.isBlank()) {
      return decode(envValue.trim(), "environment");
    }
    Path source = file != null ? file : generatedFile;
    try {
      if (!Files.exists(source)) {
        if (file != null) {
          throw new IllegalArgumentException("key file " + file + " does not exist");
        }
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Files.createDirectories(source.toAbsolutePath().getParent());
        Files.writeString(source, HexFormat.of().formatHex(key) + "\n", StandardCharsets.US_ASCII);
        try {
          Files.setPosixFilePermissions(source, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
          // not a POSIX file system: nothing more we can do here
        }
        return key;
      }
      return decode(Files.readString(source, StandardCharsets.US_ASCII).trim(), source.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read key " + source + ": " + e.getMessage(), e);
    }
  }

  static byte[] decode(String text, String where) {
    try {
      if (text.matches("[0-9a-fA-F]{32,}") && text.length() % 2 == 0) {
        return HexFormat.of().parseHex(text);
      }
      return Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("key from " + where + " is neither hex nor base64");
    }
  }
}
