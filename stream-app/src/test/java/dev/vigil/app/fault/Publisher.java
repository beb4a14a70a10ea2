package dev.vigil.app.fault;

import dev.vigil.app.bench.Workload;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A platform publishing a workload in the background, at a steady rate or as fast as it can.
 * Idempotent with acks=all and a long delivery timeout, as a platform that must not lose posts
 * would be, so it rides out a broker restart; any record it still fails to deliver is a test
 * failure.
 */
final class Publisher implements AutoCloseable {
  private final Thread thread;
  private final AtomicLong acked = new AtomicLong();
  private final AtomicLong sent = new AtomicLong();
  private final AtomicReference<Exception> failure = new AtomicReference<>();
  private volatile boolean stop;

  /**
   * @param ratePerSecond records per second, or 0 for as fast as the broker takes them
   */
  Publisher(
      String bootstrap, String topic, Workload workload, long from, long n, double ratePerSecond) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "300000");
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "300000");
    p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(2 * 1024 * 1024));
    KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    thread =
        new Thread(
            () -> {
              try (producer) {
                long start = System.nanoTime();
                for (long i = from; i < from + n && !stop; i++) {
                  if (ratePerSecond > 0) {
                    long wait =
                        start + (long) ((i - from) * 1e9 / ratePerSecond) - System.nanoTime();
                    if (wait > 0) {
                      TimeUnit.NANOSECONDS.sleep(wait);
                    }
                  }
                  Workload.Submitted s = workload.record(i);
                  producer.send(
                      new ProducerRecord<>(topic, s.key(), s.value()),
                      (md, e) -> {
                        if (e != null) {
                          failure.compareAndSet(null, e);
                        } else {
                          acked.incrementAndGet();
                        }
                      });
                  sent.incrementAndGet();
                }
                producer.flush();
              } catch (Exception e) {
                failure.compareAndSet(null, e);
              }
            },
            "test-publisher");
    thread.setDaemon(true);
    thread.start();
  }

  long sent() {
    return sent.get();
  }

  /** Waits for every record to be acknowledged; returns how many were, throwing if any failed. */
  long await(long timeoutMs) throws Exception {
    thread.join(timeoutMs);
    if (thread.isAlive()) {
      throw new IllegalStateException(
          "publisher still running after " + timeoutMs + " ms (" + acked + " acked)");
    }
    if (failure.get() != null) {
      throw new IllegalStateException("publishing failed after " + acked + " acks", failure.get());
    }
    return acked.get();
  }

  @Override
  public void close() throws InterruptedException {
    stop = true;
    thread.join(60_000);
  }
}
