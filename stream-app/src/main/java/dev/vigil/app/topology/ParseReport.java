package dev.vigil.app.topology;

import dev.vigil.app.events.DeadLetter;
import dev.vigil.app.events.SealedBytes;
import dev.vigil.app.review.queue.IncomingReport;
import dev.vigil.core.evidence.ContentSealer;
import dev.vigil.core.post.PostError;
import dev.vigil.core.post.Report;
import dev.vigil.core.post.ReportParser;
import dev.vigil.core.privacy.Pseudonym;
import dev.vigil.core.privacy.Pseudonymizer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Turns each {@code posts.reports} record into a report the review queue takes, or into a dead
 * letter exactly as a bad post becomes one (same reasons, same sealing, topic/partition/offset).
 * The reporter and the author leave as pseudonyms and the reported post sealed under its author's
 * data key: nothing past this processor holds them in clear. A report must be keyed by its postId,
 * since the task owning the post's partition applies it; one that is not is {@code invalid_field}.
 */
final class ParseReport implements Processor<byte[], byte[], String, ParseReport.Result> {

  /** A parsed report, or the dead letter of a bad one. */
  sealed interface Result {
    record Ok(IncomingReport report) implements Result {}

    record Rejected(byte[] originalKey, DeadLetter deadLetter) implements Result {}
  }

  private final ReportParser parser;
  private final Pseudonymizer pseudonymizer;
  private final ContentSealer sealer;
  private final PoisonRecords poison;
  private final Clock clock;
  private ProcessorContext<String, Result> context;

  ParseReport(
      ReportParser parser,
      Pseudonymizer pseudonymizer,
      ContentSealer sealer,
      PoisonRecords poison,
      Clock clock) {
    this.parser = parser;
    this.pseudonymizer = pseudonymizer;
    this.sealer = sealer;
    this.poison = poison;
    this.clock = clock;
  }

  @Override
  public void init(ProcessorContext<String, Result> context) {
    this.context = context;
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    poison.check(context.recordMetadata());
    ReportParser.Result parsed = parser.parse(record.value());
    if (parsed instanceof ReportParser.Result.Invalid bad) {
      reject(record, bad.error().code(), bad.detail());
      return;
    }
    Report report = ((ReportParser.Result.Ok) parsed).report();
    String postId = report.postId();
    if (record.key() == null
        || !Arrays.equals(record.key(), postId.getBytes(StandardCharsets.UTF_8))) {
      reject(
          record,
          PostError.INVALID_FIELD.code(),
          "the record key is not the report's postId: reports are keyed by postId");
      return;
    }
    Pseudonym author = pseudonymizer.pseudonymOf(report.post().author());
    Pseudonym reporter = pseudonymizer.pseudonymOf(report.reporter());
    Instant reportedAt = Instant.ofEpochMilli(record.timestamp());
    Instant createdAt = report.post().createdAt();
    IncomingReport in =
        new IncomingReport(
            report.reportId(),
            postId,
            reporter.value(),
            report.reason(),
            SealedBytes.of(
                sealer.sealForAuthor(
                    reporter,
                    IncomingReport.noteContext(report.reportId()),
                    report.reason().getBytes(StandardCharsets.UTF_8))),
            reportedAt,
            SealedBytes.of(
                sealer.sealForAuthor(author, ContentSealer.post(postId), report.postBytes())),
            author.value(),
            createdAt == null ? reportedAt : createdAt);
    context.forward(record.withKey(postId).withValue(new Result.Ok(in)));
  }

  private void reject(Record<byte[], byte[]> record, String reason, String detail) {
    DeadLetters.Keyed dl =
        DeadLetters.of(poison, context.recordMetadata(), record, reason, detail, clock.instant());
    poison.listener().deadLettered(reason);
    context.forward(
        record.withKey((String) null).withValue(new Result.Rejected(dl.key(), dl.deadLetter())));
  }
}
