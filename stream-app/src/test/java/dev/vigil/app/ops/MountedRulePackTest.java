package dev.vigil.app.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.app.rules.LiveRulePack;
import dev.vigil.app.rules.RuleCircuitBreakerTest;
import dev.vigil.app.rules.RulePacks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rule pack mounted the way Kubernetes mounts a ConfigMap or Secret volume: the files live in a
 * hidden timestamped directory, {@code ..data} links to it, and every top-level entry (file or
 * directory) is a symlink through {@code ..data}; an update writes a new timestamped directory and
 * swaps {@code ..data} atomically. The pack must load from such a mount and a swap must be picked
 * up live, as deploy/README.md documents.
 */
class MountedRulePackTest {
  @TempDir Path dir;

  @Test
  void aPackMountedThroughSymlinksLoadsAndItsAtomicSwapIsReloaded() throws Exception {
    Path mount = Files.createDirectories(dir.resolve("rules"));
    Path first = RuleCircuitBreakerTest.copyShippedPack(mount.resolve("..2026_11_29_01_00_00.1"));
    Files.createSymbolicLink(mount.resolve("..data"), mount.relativize(first));
    for (Path entry : topLevel(first)) {
      String name = entry.getFileName().toString();
      Files.createSymbolicLink(mount.resolve(name), Path.of("..data", name));
    }

    LiveRulePack live = new LiveRulePack(RulePacks.loader(mount, null), mount, new Quiet());
    String shipped = live.version();

    Path second = RuleCircuitBreakerTest.copyShippedPack(mount.resolve("..2026_11_29_02_00_00.2"));
    Path manifest = second.resolve("pack.yaml");
    Files.writeString(
        manifest,
        Files.readString(manifest).replaceFirst("version: \"[^\"]+\"", "version: \"mounted-2\""));
    Path link = mount.resolve("..data_tmp");
    Files.createSymbolicLink(link, mount.relativize(second));
    Files.move(link, mount.resolve("..data"), StandardCopyOption.ATOMIC_MOVE);

    assertTrue(live.reloadIfChanged(), String.valueOf(live.lastError()));
    assertEquals("mounted-2", live.version(), "was " + shipped);
  }

  private static List<Path> topLevel(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.toList();
    }
  }

  private static final class Quiet implements LiveRulePack.Listener {
    @Override
    public void activated(String version) {}

    @Override
    public void rejected(String message) {}
  }
}
