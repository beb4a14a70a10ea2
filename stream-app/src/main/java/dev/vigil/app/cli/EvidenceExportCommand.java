package dev.vigil.app.cli;

import dev.vigil.app.events.AuditEvent;
import dev.vigil.app.evidence.KafkaDataKeyStore;
import dev.vigil.app.review.AccessMonitor;
import dev.vigil.app.review.AuditWriter;
import dev.vigil.app.verify.TopicReader;
import dev.vigil.core.evidence.EvidenceAccessException;
import dev.vigil.core.evidence.EvidenceFormatException;
import dev.vigil.core.evidence.EvidenceOpener;
import dev.vigil.core.evidence.EvidenceRecord;
import dev.vigil.core.evidence.MasterKey;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code evidence export}: the auditor's tool. Finds one evidence record, checks its own hash,
 * writes an audit event ({@code attempted}, with who and why) and only once that is durably stored
 * decrypts the record and writes the post as submitted to stdout or a file; a second audit event
 * says whether it succeeded. Fails, with the reason, when the author's data key was destroyed by an
 * erasure request, when the master key is wrong, or when the record was altered. Exit codes: 0
 * exported, 1 refused or failed, 2 not found.
 */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description =
        "Decrypts one evidence record for an authority and writes an audit event (auditor role).")
final class EvidenceExportCommand implements Callable<Integer> {
  @Option(names = "--evidence-id", required = true, description = "The evidence record to export.")
  String evidenceId;

  @Option(
      names = "--reason",
      required = true,
      description = "Why, e.g. the authority's request reference; recorded in the audit event.")
  String reason;

  @Option(names = "--auditor", description = "Who is exporting (default: the OS user).")
  String auditor = System.getProperty("user.name", "unknown");

  @Mixin EvidenceKeyOptions keyOptions;

  @Option(
      names = "--topic",
      defaultValue = "moderation.evidence",
      description = "Evidence topic (default: ${DEFAULT-VALUE}).")
  String topic;

  @Option(
      names = "--held-topic",
      defaultValue = "moderation.evidence.held",
      description =
          "Copies of records under legal hold, searched when the record has expired from --topic (default: ${DEFAULT-VALUE}).")
  String heldTopic;

  @Option(
      names = "--exports-per-hour",
      defaultValue = "" + AccessMonitor.DEFAULT_EXPORTS_PER_HOUR,
      description =
          "Exports by one auditor within an hour before the export is flagged: an access_alert audit entry, a warning here, and vigil_access_alerts_total{kind=\"evidence.export\"} on the running app (default: ${DEFAULT-VALUE}).")
  int exportsPerHour;

  @Option(
      names = "--out",
      description =
          "Write the post to this new file (created owner-only; refused if it exists, is a symbolic link or is in a symbolically linked directory) instead of stdout.")
  Path outFile;

  /**
   * Reading a whole topic may take long on a big cluster; this only stops a read that makes no
   * progress.
   */
  private static final java.time.Duration READ_TIMEOUT = java.time.Duration.ofHours(6);

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    if (reason.isBlank()) {
      err.println("--reason must say why the evidence is exported");
      return ExitCodes.USAGE;
    }
    if (outFile != null) {
      try {
        checkOut(outFile);
      } catch (IOException e) {
        err.println("--out: " + e.getMessage() + "; not exported");
        return ExitCodes.INPUT;
      }
    }
    AtomicReference<byte[]> found = new AtomicReference<>();
    AtomicReference<String> where = new AtomicReference<>();
    for (String t : new String[] {topic, heldTopic}) {
      var parts =
          new TopicReader(keyOptions.kafka.connection())
              .forEach(
                  t,
                  READ_TIMEOUT,
                  r -> {
                    if (r.value() == null) {
                      return;
                    }
                    try {
                      EvidenceRecord e = EvidenceRecord.parse(r.value());
                      if (e.evidenceId().equals(evidenceId) && found.get() == null) {
                        found.set(r.value());
                        where.set(r.topic() + "/" + r.partition() + "@" + r.offset());
                      }
                    } catch (EvidenceFormatException ignored) {
                      // not evidence: evidence verify names it
                    }
                  });
      if (parts.isEmpty() && t.equals(topic)) {
        err.println("topic " + topic + " does not exist");
        return ExitCodes.INPUT;
      }
      if (found.get() != null) {
        break;
      }
    }
    if (found.get() == null) {
      err.println("no evidence record " + evidenceId + " in " + topic + " or " + heldTopic);
      return ExitCodes.INPUT;
    }
    EvidenceRecord record = EvidenceRecord.parse(found.get());
    if (!record.computeHash().equals(record.hash())) {
      err.println(
          "evidence "
              + evidenceId
              + " at "
              + where.get()
              + " fails its hash check (altered): run "
              + "'evidence verify'; not exported");
      return ExitCodes.CHECK_FAILED;
    }
    try (AuditWriter audit = keyOptions.auditWriter()) {
      Instant attempted = audit(audit, record, "attempted", null);
      watchExports(audit, attempted, err);
      byte[] post;
      try {
        MasterKey masterKey = keyOptions.masterKey();
        try (KafkaDataKeyStore keys = keyOptions.dataKeys(masterKey, true)) {
          post = new EvidenceOpener(keys).open(record);
        }
      } catch (EvidenceAccessException | IllegalStateException e) {
        audit(
            audit,
            record,
            "failed",
            e instanceof EvidenceAccessException a ? a.reason().name() : "setup");
        err.println("cannot export evidence " + evidenceId + ": " + e.getMessage());
        return ExitCodes.CHECK_FAILED;
      }
      write(post);
      audit(audit, record, "succeeded", null);
      err.println(
          "exported evidence "
              + evidenceId
              + " (post "
              + record.evidence().postId()
              + ", "
              + where.get()
              + ", chain hash "
              + record.hash()
              + ", content SHA-256 "
              + record.evidence().contentSha256()
              + " verified)"
              + (record.evidence().legalHold() == null
                  ? ""
                  : "; under legal hold: " + record.evidence().legalHold().reason()));
      return 0;
    }
  }

  private void write(byte[] post) throws IOException {
    if (outFile == null) {
      OutputStream out = System.out;
      out.write(post);
      out.write('\n');
      out.flush();
      return;
    }
    try (SeekableByteChannel out = openOut(outFile)) {
      ByteBuffer b = ByteBuffer.wrap(post);
      while (b.hasRemaining()) {
        out.write(b);
      }
    }
  }

  /**
   * Refuses an {@code --out} that exists (a symbolic link included) or whose directory is a
   * symbolic link, so an export never writes decrypted evidence through a link someone else
   * planted; checked before anything is read.
   */
  static void checkOut(Path out) throws IOException {
    Path parent = out.toAbsolutePath().getParent();
    if (Files.isSymbolicLink(out)) {
      throw new IOException(out + " is a symbolic link");
    }
    if (Files.exists(out, LinkOption.NOFOLLOW_LINKS)) {
      throw new IOException(out + " exists; give a new file");
    }
    if (Files.isSymbolicLink(parent)) {
      throw new IOException("the directory " + parent + " is a symbolic link");
    }
    if (!Files.isDirectory(parent, LinkOption.NOFOLLOW_LINKS)) {
      throw new IOException("the directory " + parent + " does not exist");
    }
  }

  /**
   * Creates {@code out} new, owner-only from its creation, without following a symbolic link
   * (CREATE_NEW fails on anything already there, a link included), after {@link #checkOut} once
   * more.
   */
  static SeekableByteChannel openOut(Path out) throws IOException {
    checkOut(out);
    Set<OpenOption> options =
        Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
    try {
      return Files.newByteChannel(
          out,
          options,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      return Files.newByteChannel(out, options);
    }
  }

  /**
   * The access monitor for exports (CSL Art. 42): this auditor's export attempts of the last hour,
   * as the audit log holds them (this one included, whichever machine made them), counted as the
   * console counts reads; the export that takes the auditor over the limit writes an {@code
   * access_alert} entry, which every running app counts in {@code vigil_access_alerts_total}. It
   * detects, it does not refuse: an authority's request may be large, and the audit log says who. A
   * log that cannot be read is said, not fatal: the attempt itself is already audited.
   */
  private void watchExports(AuditWriter audit, Instant now, PrintWriter err) {
    List<AuditEvent> attempts;
    try {
      attempts =
          keyOptions
              .auditLog()
              // Records' timestamps may lag the entries' times a little: read from a bit earlier.
              .since(
                  now.minus(java.time.Duration.ofMinutes(70)),
                  e ->
                      auditor.equals(e.actor())
                          && AccessMonitor.Kind.EXPORT.action().equals(e.action())
                          && "attempted".equals(e.result())
                          && e.at() != null
                          && e.at().isAfter(now.minus(java.time.Duration.ofHours(1)))
                          && !e.at().isAfter(now));
    } catch (RuntimeException e) {
      err.println("the access monitor could not read the audit log: " + e.getMessage());
      return;
    }
    AccessMonitor monitor = new AccessMonitor(1, 1, exportsPerHour);
    Optional<AccessMonitor.Alert> alert = Optional.empty();
    // Oldest first, as they happened: only the crossing made by this export raises an alert.
    for (int i = attempts.size() - 1; i >= 0; i--) {
      alert = monitor.record(auditor, AccessMonitor.Kind.EXPORT, attempts.get(i).at());
    }
    alert.ifPresent(
        a -> {
          audit.write(
              "user:" + auditor,
              new AuditEvent(
                  "au-" + java.util.UUID.randomUUID(),
                  now,
                  auditor,
                  "auditor",
                  AccessMonitor.ALERT_ACTION,
                  null,
                  null,
                  "applied",
                  a.detail(),
                  null));
          err.println("access alert: " + a.detail());
        });
  }

  /** Writes one audit event and waits until it is stored: no export goes unaudited. */
  private Instant audit(AuditWriter audit, EvidenceRecord record, String outcome, String detail) {
    Instant at = Instant.now();
    AuditEvent event =
        new AuditEvent(
            "au-" + java.util.UUID.randomUUID(),
            at,
            auditor,
            "auditor",
            "evidence.export",
            record.evidence().postId(),
            reason,
            outcome,
            "evidence " + record.evidenceId() + (detail == null ? "" : ": " + detail),
            null);
    audit.write(record.evidenceId(), event);
    return at;
  }
}
