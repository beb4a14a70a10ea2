package dev.vigil.app.topics;

import dev.vigil.app.config.KafkaConnection;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the catalog's topics and checks their partition counts: what the app does at start and
 * the bench does on its own broker. Every failure is an {@link IllegalStateException} that names
 * the topic or the broker.
 */
public final class TopicAdmin implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TopicAdmin.class);
  private static final long TIMEOUT_S = 60;

  private final String bootstrapServers;
  private final Admin admin;

  private TopicAdmin(KafkaConnection kafka) {
    this.bootstrapServers = kafka.bootstrapServers();
    this.admin = KafkaClients.admin(kafka);
  }

  /** An admin client for {@code kafka}; close it. */
  public static TopicAdmin connect(KafkaConnection kafka) {
    return new TopicAdmin(kafka);
  }

  /** The Kafka admin client, for what this class does not cover. */
  public Admin admin() {
    return admin;
  }

  /**
   * Creates each topic of {@code topics} (every catalog topic, with its configs) and each of {@code
   * extra} (default configs) that is missing, with {@code partitions} partitions; existing topics
   * are left as they are.
   */
  public void createMissing(Topics topics, List<String> extra, int partitions, short replication) {
    List<NewTopic> wanted = new ArrayList<>();
    for (Topic<?, ?> t : topics.all()) {
      wanted.add(
          new NewTopic(t.name(), partitions, replication)
              .configs(withMinInSync(t.configs(), replication)));
    }
    for (String name : extra) {
      wanted.add(
          new NewTopic(name, partitions, replication)
              .configs(withMinInSync(Map.of(), replication)));
    }
    call(
        "create topics",
        () -> {
          Set<String> existing = admin.listTopics().names().get(TIMEOUT_S, TimeUnit.SECONDS);
          List<NewTopic> missing =
              wanted.stream().filter(t -> !existing.contains(t.name())).toList();
          for (var e : admin.createTopics(missing).values().entrySet()) {
            try {
              e.getValue().get(TIMEOUT_S, TimeUnit.SECONDS);
              LOG.info(
                  "created topic {} ({} partitions, replication {})",
                  e.getKey(),
                  partitions,
                  replication);
            } catch (ExecutionException ex) {
              if (!(ex.getCause() instanceof TopicExistsException)) {
                throw ex;
              }
            }
          }
          return null;
        });
  }

  /**
   * The {@code min.insync.replicas} a topic with {@code replication} replicas gets: a majority from
   * 3 replicas on (2 of 3), so that an acknowledged write (every exactly-once commit is one)
   * survives the loss of any one broker and one broker down still leaves the topic writable; 1
   * below that, where a majority would stop writes whenever one of two replicas is down.
   */
  public static int minInSyncReplicas(int replication) {
    return replication >= 3 ? replication / 2 + 1 : 1;
  }

  /**
   * {@code configs} with {@code min.insync.replicas} raised to {@link #minInSyncReplicas} for
   * {@code replication} (never lowered: the catalog's own value is a floor). Below 3 replicas the
   * configs are left alone, so a broker's own default still applies.
   */
  static Map<String, String> withMinInSync(Map<String, String> configs, short replication) {
    if (replication < 3) {
      return configs;
    }
    int wanted = minInSyncReplicas(replication);
    String own = configs.get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG);
    if (own != null && Integer.parseInt(own) >= wanted) {
      return configs;
    }
    Map<String, String> out = new TreeMap<>(configs);
    out.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(wanted));
    return out;
  }

  /**
   * The partition count of each topic of {@code names}, by name. Waits up to a minute for topics
   * just created to appear in the metadata.
   */
  public Map<String, Integer> partitionCounts(Collection<String> names) {
    return call(
        "describe topics " + names,
        () -> {
          Map<String, Integer> counts = new TreeMap<>();
          long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_S);
          while (true) {
            try {
              admin
                  .describeTopics(names)
                  .allTopicNames()
                  .get(TIMEOUT_S, TimeUnit.SECONDS)
                  .forEach((name, d) -> counts.put(name, d.partitions().size()));
              return counts;
            } catch (ExecutionException e) {
              if (!(e.getCause() instanceof UnknownTopicOrPartitionException)
                  || System.nanoTime() > deadline) {
                throw e;
              }
              TimeUnit.MILLISECONDS.sleep(200);
            }
          }
        });
  }

  /**
   * Fails unless every topic of {@code names} has the same number of partitions; {@code why} says
   * why they must.
   */
  public void requireCoPartitioned(List<String> names, String why) {
    Map<String, Integer> counts = partitionCounts(names);
    if (counts.values().stream().distinct().count() > 1) {
      throw new IllegalStateException(why + ": " + counts);
    }
  }

  private interface AdminCall<T> {
    T run() throws ExecutionException, InterruptedException, TimeoutException;
  }

  private <T> T call(String what, AdminCall<T> call) {
    try {
      return call.run();
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "cannot " + what + ": " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "Kafka at " + bootstrapServers + " did not answer within " + TIMEOUT_S + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while trying to " + what, e);
    }
  }

  @Override
  public void close() {
    admin.close();
  }
}
