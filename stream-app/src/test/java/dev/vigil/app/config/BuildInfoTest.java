package dev.vigil.app.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Properties;
import org.junit.jupiter.api.Test;

class BuildInfoTest {
  @Test
  void placeholdersTheBuildCouldNotFillReadUnknown() {
    Properties p = new Properties();
    p.setProperty("version", "0.1.0");
    p.setProperty("commit", "${git.commit.id.abbrev}");
    p.setProperty("dirty", "${git.dirty}");
    BuildInfo b = BuildInfo.from(p);
    assertEquals("0.1.0", b.version());
    assertEquals("unknown", b.commit());
    assertEquals("vigil 0.1.0 (commit unknown)", b.describe());
  }

  @Test
  void aModifiedTreeIsSaid() {
    Properties p = new Properties();
    p.setProperty("version", "0.1.0");
    p.setProperty("commit", "1a2b3c4d5e6f");
    p.setProperty("dirty", "true");
    assertEquals("vigil 0.1.0 (commit 1a2b3c4d5e6f, modified)", BuildInfo.from(p).describe());
  }
}
