package dev.vigil.core.rules;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where a pack's files come from: a directory (a rules checkout, or a directory watched for live
 * reload) or the classpath (the pack shipped in the jar, listed in an {@code INDEX} file written at
 * build time, since a jar cannot be listed portably). Names are relative, with {@code /}
 * separators.
 */
abstract class PackSource {
  /** Every file of the pack, sorted. */
  abstract List<String> files() throws IOException;

  /** The bytes of one file, or null if absent. */
  abstract byte[] read(String name) throws IOException;

  /** Human-readable location for messages. */
  abstract String describe();

  static PackSource directory(Path dir) {
    return new PackSource() {
      @Override
      List<String> files() throws IOException {
        List<String> out = new ArrayList<>();
        // Follow links: Kubernetes mounts a ConfigMap as symlinks into a hidden timestamped
        // directory, and
        // deployments often point the rules directory at a release through a symlink.
        try (Stream<Path> walk = Files.walk(dir, FileVisitOption.FOLLOW_LINKS)) {
          walk.filter(Files::isRegularFile)
              .map(p -> dir.relativize(p).toString().replace('\\', '/'))
              .filter(
                  n ->
                      !n.startsWith(".")
                          && !n.contains("/.")
                          && !n.startsWith("target/")
                          && !n.equals("pom.xml")
                          && !n.equals("INDEX")
                          && !n.startsWith("src/"))
              .sorted()
              .forEach(out::add);
        }
        return out;
      }

      @Override
      byte[] read(String name) throws IOException {
        Path p = dir.resolve(name);
        return Files.isRegularFile(p) ? Files.readAllBytes(p) : null;
      }

      @Override
      String describe() {
        return dir.toString();
      }
    };
  }

  static PackSource classpath(String root) {
    return new PackSource() {
      @Override
      List<String> files() throws IOException {
        byte[] index = read("INDEX");
        if (index == null) {
          throw new IOException("no pack on the classpath at /" + root + " (missing INDEX)");
        }
        List<String> out = new ArrayList<>();
        for (String line : new String(index, StandardCharsets.UTF_8).split("\n")) {
          if (!line.isBlank()) {
            out.add(line.strip());
          }
        }
        return out;
      }

      @Override
      byte[] read(String name) throws IOException {
        try (InputStream in = PackSource.class.getResourceAsStream("/" + root + "/" + name)) {
          return in == null ? null : in.readAllBytes();
        } catch (UncheckedIOException e) {
          throw e.getCause();
        }
      }

      @Override
      String describe() {
        return "classpath:/" + root;
      }
    };
  }
}
