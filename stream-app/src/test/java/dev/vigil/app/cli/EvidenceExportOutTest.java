package dev.vigil.app.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code evidence export --out} never writes through a symbolic link and never replaces a file. */
class EvidenceExportOutTest {
  @TempDir Path dir;

  @Test
  void aNewFileIsCreatedOwnerOnly() throws Exception {
    Path out = dir.resolve("post.json");
    try (SeekableByteChannel c = EvidenceExportCommand.openOut(out)) {
      c.write(ByteBuffer.wrap(new byte[] {'{', '}'}));
    }
    assertArrayEquals(new byte[] {'{', '}'}, Files.readAllBytes(out));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(out)));
  }

  @Test
  void aSymlinkAnExistingFileOrASymlinkedDirectoryIsRefused() throws Exception {
    Path target = Files.writeString(dir.resolve("victim"), "keep me");
    Path link = Files.createSymbolicLink(dir.resolve("out.json"), target);
    Path dangling = Files.createSymbolicLink(dir.resolve("dangling.json"), dir.resolve("not-yet"));
    Path realDir = Files.createDirectories(dir.resolve("real"));
    Path linkedDir = Files.createSymbolicLink(dir.resolve("linked"), realDir);

    assertTrue(
        assertThrows(IOException.class, () -> EvidenceExportCommand.openOut(link))
            .getMessage()
            .contains("symbolic link"));
    assertThrows(IOException.class, () -> EvidenceExportCommand.openOut(dangling));
    assertThrows(
        IOException.class, () -> EvidenceExportCommand.openOut(target), "never replaces a file");
    assertTrue(
        assertThrows(
                IOException.class,
                () -> EvidenceExportCommand.openOut(linkedDir.resolve("post.json")))
            .getMessage()
            .contains("symbolic link"));
    assertEquals("keep me", Files.readString(target));
    assertTrue(Files.notExists(dir.resolve("not-yet")));
    assertTrue(Files.notExists(realDir.resolve("post.json")));
  }

  @Test
  void theCommandRefusesABadOutBeforeReadingAnything() throws Exception {
    Path link = Files.createSymbolicLink(dir.resolve("out.json"), dir.resolve("elsewhere.json"));
    StringWriter sw = new StringWriter();
    PrintWriter pw = new PrintWriter(sw, true);
    // A bootstrap address nobody listens on: the command must stop before any Kafka access.
    int exit =
        new CommandLine(new EvidenceCommand())
            .setOut(pw)
            .setErr(pw)
            .execute(
                "export",
                "--bootstrap-servers",
                "127.0.0.1:1",
                "--evidence-id",
                "ev-1",
                "--reason",
                "test",
                "--out",
                link.toString());
    assertEquals(ExitCodes.INPUT, exit, sw.toString());
    assertTrue(
        sw.toString().contains("symbolic link") && sw.toString().contains("not exported"),
        sw.toString());
    assertTrue(Files.notExists(dir.resolve("elsewhere.json")));
  }
}
