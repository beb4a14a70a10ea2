package dev.vigil.app.topology;

import dev.vigil.app.topics.Topics;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The app's processing, production and deserialization exception handler: one poison record is
 * dead-lettered to {@code posts.deadletter} ({@code processing_error} or {@code output_too_large})
 * and the stream goes on; it is never retried for ever. See {@link PoisonRecords} for how the first
 * failure (fail once, so the transaction aborts and nothing partial commits) and the replay (dead
 * letter in place of every output) fit together.
 *
 * <ul>
 *   <li>A retriable send error (broker unavailable, not enough replicas) is infrastructure trouble:
 *       retried, never dead-lettered.
 *   <li>A record that cannot be deserialized never reached a processor: dead-lettered at once.
 *   <li>A failure with no source record (a punctuation) or on the global review-queue view has
 *       nothing to dead-letter and must not stop the instance: logged and skipped.
 * </ul>
 *
 * Details name the exception class and the processor, never the record's content.
 */
public final class PoisonHandler
    implements ProcessingExceptionHandler,
        ProductionExceptionHandler,
        DeserializationExceptionHandler {
  private static final Logger LOG = LoggerFactory.getLogger(PoisonHandler.class);

  private PoisonRecords poison;

  @Override
  public void configure(Map<String, ?> configs) {
    Object o = configs.get(PoisonRecords.CONFIG);
    if (o instanceof PoisonRecords p) {
      poison = p;
    } else {
      // Not run by VigilApp (a bare Streams config): still never an endless retry, with default
      // topic names.
      LOG.warn(
          "no {} in the Streams config: dead letters go to the default topic",
          PoisonRecords.CONFIG);
      poison =
          new PoisonRecords(
              Topics.defaults(), Clock.systemUTC(), ModerationListener.NONE, DeadLetterSeal.none());
    }
  }

  @Override
  public ProcessingExceptionHandler.Response handleError(
      ErrorHandlerContext ctx, Record<?, ?> record, Exception e) {
    if (e instanceof PoisonRecords.KnownPoison) {
      return ProcessingExceptionHandler.Response.resume(deadLetter(ctx));
    }
    return switch (onFailure(ctx, PoisonRecords.PROCESSING_ERROR, e)) {
      case FAIL -> ProcessingExceptionHandler.Response.fail();
      case SKIP -> ProcessingExceptionHandler.Response.resume();
      case DEAD_LETTER -> ProcessingExceptionHandler.Response.resume(deadLetter(ctx));
    };
  }

  @Override
  public ProductionExceptionHandler.Response handleError(
      ErrorHandlerContext ctx, ProducerRecord<byte[], byte[]> record, Exception e) {
    if (e instanceof RetriableException) {
      return ProductionExceptionHandler.Response.retry();
    }
    String reason =
        e instanceof RecordTooLargeException
            ? PoisonRecords.OUTPUT_TOO_LARGE
            : PoisonRecords.PROCESSING_ERROR;
    return production(ctx, reason, e, record == null ? null : record.topic());
  }

  @Override
  @SuppressWarnings("rawtypes")
  public ProductionExceptionHandler.Response handleSerializationError(
      ErrorHandlerContext ctx,
      ProducerRecord record,
      Exception e,
      SerializationExceptionOrigin origin) {
    return production(
        ctx, PoisonRecords.PROCESSING_ERROR, e, record == null ? null : record.topic());
  }

  private ProductionExceptionHandler.Response production(
      ErrorHandlerContext ctx, String reason, Exception e, String outputTopic) {
    if (outputTopic != null && outputTopic.equals(poison.topics().deadLetter.name())) {
      // The dead letter itself could not be written: failing again would retry for ever.
      LOG.error("a dead letter could not be written ({}); dropped", e.getClass().getName());
      return ProductionExceptionHandler.Response.resume();
    }
    return switch (onFailure(ctx, reason, e)) {
      case FAIL -> ProductionExceptionHandler.Response.fail();
      case SKIP -> ProductionExceptionHandler.Response.resume();
      case DEAD_LETTER -> ProductionExceptionHandler.Response.resume(deadLetter(ctx));
    };
  }

  @Override
  public DeserializationExceptionHandler.Response handleError(
      ErrorHandlerContext ctx, ConsumerRecord<byte[], byte[]> record, Exception e) {
    if (noSourceRecord(ctx)) {
      LOG.error(
          "record on {} cannot be deserialized ({}); skipped",
          ctx == null ? null : ctx.topic(),
          e.getClass().getName());
      return DeserializationExceptionHandler.Response.resume();
    }
    // Nothing was processed yet, so nothing partial can be written: dead-letter it now.
    LOG.error(
        "record {} {}:{} cannot be deserialized ({}); dead-lettered",
        ctx.topic(),
        ctx.partition(),
        ctx.offset(),
        e.getClass().getName());
    poison.failed(
        ctx,
        PoisonRecords.PROCESSING_ERROR,
        "cannot be deserialized: " + e.getClass().getSimpleName());
    return DeserializationExceptionHandler.Response.resume(deadLetter(ctx));
  }

  private enum Action {
    FAIL,
    SKIP,
    DEAD_LETTER
  }

  private Action onFailure(ErrorHandlerContext ctx, String reason, Exception e) {
    if (noSourceRecord(ctx)) {
      LOG.error(
          "{} outside any source record ({} in {}); skipped",
          reason,
          e.getClass().getName(),
          ctx == null ? null : ctx.processorNodeId(),
          e);
      return Action.SKIP;
    }
    String detail = e.getClass().getSimpleName() + " in " + ctx.processorNodeId();
    if (poison.failed(ctx, reason, detail)) {
      LOG.error(
          "record {} {}:{} failed ({}); failing the task once, it is dead-lettered when replayed",
          ctx.topic(),
          ctx.partition(),
          ctx.offset(),
          detail,
          e);
      return Action.FAIL;
    }
    LOG.error(
        "record {} {}:{} failed again ({}); dead-lettered",
        ctx.topic(),
        ctx.partition(),
        ctx.offset(),
        detail);
    return Action.DEAD_LETTER;
  }

  /** A punctuation, or the global thread (whose failure would stop the instance). */
  private boolean noSourceRecord(ErrorHandlerContext ctx) {
    return ctx == null
        || ctx.topic() == null
        || ctx.offset() < 0
        || ctx.topic().equals(poison.topics().reviewQueue.name());
  }

  private List<ProducerRecord<byte[], byte[]>> deadLetter(ErrorHandlerContext ctx) {
    return poison
        .deadLetterRecord(ctx.topic(), ctx.partition(), ctx.offset())
        .map(List::of)
        .orElse(List.of());
  }
}
