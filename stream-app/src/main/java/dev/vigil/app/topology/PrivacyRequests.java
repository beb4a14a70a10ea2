package dev.vigil.app.topology;

import dev.vigil.app.events.ErasureCommand;
import dev.vigil.app.topics.Topics;
import dev.vigil.core.evidence.DataKeyStore;
import dev.vigil.core.evidence.WrappedDataKey;
import dev.vigil.core.privacy.PrivacyReceipt;
import dev.vigil.core.privacy.PrivacyRequest;
import dev.vigil.core.privacy.Pseudonym;
import dev.vigil.core.privacy.Pseudonymizer;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Answers data subjects' requests (CSL Art. 43): {@code privacy.requests} ─► handle ─► {@code
 * privacy.receipts}, exactly one receipt per request, keyed by request id.
 *
 * <p>An erasure sends the request to every partition's review task ({@code privacy.erasures}),
 * which removes the subject's pending queue items and remembered blocked posts, and destroys the
 * subject's author data keys, which crypto-shreds every evidence record sealed under them: the
 * records stay in the append-only, hash-chained log (the chain must not be edited) but can never be
 * decrypted again. Records under legal hold are sealed under keys of their own, which are kept; the
 * receipt lists each with its reason. A correction is refused with a reason: evidence records what
 * was submitted and is kept unaltered by law, and Vigil holds no other correctable data about
 * authors (decisions, reports and metrics carry only the pseudonym). A malformed request gets a
 * REJECTED receipt saying what is wrong.
 *
 * <p>Destroying a key is a side effect outside the Kafka transaction: if the task fails after it
 * and before the commit, the request is handled again, finds nothing left to destroy, and its
 * receipt counts 0 keys destroyed by that run: the erasure itself is idempotent.
 */
final class PrivacyRequests implements Processor<String, byte[], String, PrivacyRequests.Output> {
  /** A receipt for the subject, or an erasure for the review tasks. */
  record Output(PrivacyReceipt receipt, ErasureCommand erasure) {}

  private final DataKeyStore keys;
  private final Pseudonymizer pseudonymizer;
  private final Clock clock;
  private ProcessorContext<String, Output> context;

  PrivacyRequests(DataKeyStore keys, Pseudonymizer pseudonymizer, Clock clock) {
    this.keys = keys;
    this.pseudonymizer = pseudonymizer;
    this.clock = clock;
  }

  /** Adds the request-to-receipt flow to {@code builder}. */
  static void attach(
      StreamsBuilder builder,
      Topics topics,
      DataKeyStore keys,
      Pseudonymizer pseudonymizer,
      Clock clock) {
    KStream<String, Output> out =
        builder.stream(topics.privacyRequests.name(), topics.privacyRequests.consumed())
            .process(
                () -> new PrivacyRequests(keys, pseudonymizer, clock),
                Named.as("handle-privacy-request"));
    out.filter((k, o) -> o.receipt() != null, Named.as("privacy-receipts"))
        .mapValues(Output::receipt)
        .to(topics.privacyReceipts.name(), topics.privacyReceipts.produced());
    out.filter((k, o) -> o.erasure() != null, Named.as("privacy-erasures"))
        .mapValues(Output::erasure)
        .to(
            topics.privacyErasures.name(),
            Produced.with(topics.privacyErasures.keySerde(), topics.privacyErasures.valueSerde())
                .withStreamPartitioner(PrivacyRequests::everyPartition));
  }

  /** An erasure concerns posts on every partition: each review task gets its own copy. */
  private static Optional<Set<Integer>> everyPartition(
      String topic, String key, ErasureCommand e, int n) {
    return Optional.of(IntStream.range(0, n).boxed().collect(Collectors.toSet()));
  }

  @Override
  public void init(ProcessorContext<String, Output> context) {
    this.context = context;
  }

  @Override
  public void process(Record<String, byte[]> record) {
    Instant received = clock.instant();
    PrivacyRequest request;
    try {
      if (record.value() == null) {
        throw new IllegalArgumentException("request is null");
      }
      request = PrivacyRequest.parse(record.value());
    } catch (IllegalArgumentException e) {
      String id = record.key() != null ? record.key() : origin();
      context.forward(
          record
              .withKey(id)
              .withValue(
                  new Output(
                      new PrivacyReceipt(
                          id,
                          PrivacyRequest.Type.ERASURE,
                          null,
                          received,
                          clock.instant(),
                          PrivacyReceipt.Outcome.REJECTED,
                          Map.of(),
                          List.of(),
                          "request rejected: " + e.getMessage()),
                      null)));
      return;
    }
    Pseudonym subject = request.subject().pseudonymUnder(pseudonymizer);
    PrivacyReceipt receipt =
        switch (request.type()) {
          case ERASURE -> erase(request, subject, received);
          case CORRECTION ->
              new PrivacyReceipt(
                  request.requestId(),
                  request.type(),
                  subject,
                  received,
                  clock.instant(),
                  PrivacyReceipt.Outcome.REJECTED,
                  Map.of(),
                  List.of(),
                  "Vigil keeps no correctable personal information about authors: evidence of blocked posts records what "
                      + "was submitted and is kept unaltered (CSL Art. 47); decisions and reports carry only a "
                      + "pseudonym. Corrections to profile data are the platform's to make.");
        };
    if (request.type() == PrivacyRequest.Type.ERASURE) {
      context.forward(
          record
              .withKey(request.requestId())
              .withValue(
                  new Output(
                      null, new ErasureCommand(request.requestId(), subject.value(), received))));
    }
    context.forward(record.withKey(request.requestId()).withValue(new Output(receipt, null)));
  }

  private PrivacyReceipt erase(PrivacyRequest request, Pseudonym subject, Instant received) {
    DataKeyStore.Shredding s = keys.destroyAuthorKeys(subject);
    List<PrivacyReceipt.Kept> kept = new ArrayList<>();
    for (WrappedDataKey k : s.holdsKept()) {
      kept.add(new PrivacyReceipt.Kept("evidence " + k.evidenceId(), k.holdReason()));
    }
    String detail =
        "Destroyed: the author's data keys ("
            + s.destroyedKeyIds().size()
            + "). Everything sealed under them can no longer be decrypted by anyone: evidence of "
            + "blocked posts, posts held in quarantine and in the review queue, blocks kept for revert, "
            + "review results and changelogs, dead letters of the author's posts, and moderators' "
            + "comments and free-text reasons about them (on review commands, review items, audit "
            + "entries and takedowns). Every review task "
            + "also removes the author's pending items and revertable blocks (audit action privacy_erase, "
            + "one per partition). Kept, and why: those records themselves, unreadable, until their "
            + "topics' retention deletes them (the evidence chain must not be edited); decisions, "
            + "regulator reports and the audit log, which name the author only by pseudonym (the record "
            + "of what was done, CSL Art. 21 and 47), with who acted, how and under which canned reason "
            + "(the platform's record of its staff's work); posts already published, which are the "
            + "platform's own output "
            + "on posts.published, for the platform to delete."
            + (kept.isEmpty()
                ? ""
                : " "
                    + kept.size()
                    + " evidence record(s) under legal hold are kept, each with "
                    + "its reason; they become unreadable when their hold is released.");
    return new PrivacyReceipt(
        request.requestId(),
        request.type(),
        subject,
        received,
        clock.instant(),
        kept.isEmpty() ? PrivacyReceipt.Outcome.COMPLETED : PrivacyReceipt.Outcome.PARTIAL,
        Map.of("dataKeysDestroyed", (long) s.destroyedKeyIds().size()),
        kept,
        detail);
  }

  private String origin() {
    RecordMetadata md = context.recordMetadata().orElse(null);
    return md == null
        ? "unknown"
        : "unidentified@" + md.topic() + "/" + md.partition() + "/" + md.offset();
  }
}
