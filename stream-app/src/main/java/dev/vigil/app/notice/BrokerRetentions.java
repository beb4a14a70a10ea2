package dev.vigil.app.notice;

import dev.vigil.app.topics.Topic;
import dev.vigil.app.topics.Topics;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;

/**
 * Reads each store's real retention from the broker: every catalog topic and every internal topic
 * of the app (state-store changelogs and repartitions, named {@code <application.id>-...}), which
 * hold sealed copies of what the stores hold and so belong in any honest account of what is kept.
 */
public final class BrokerRetentions {
  private static final long TIMEOUT_S = 30;

  private BrokerRetentions() {}

  /**
   * The retention of each topic of {@code topics} and of {@code applicationId}'s internal topics,
   * catalog first, in catalog order.
   *
   * @throws IllegalStateException naming the broker call that failed
   */
  public static List<StoreRetention> read(Admin admin, Topics topics, String applicationId) {
    try {
      Set<String> existing = admin.listTopics().names().get(TIMEOUT_S, TimeUnit.SECONDS);
      List<String> names = new ArrayList<>();
      for (Topic<?, ?> t : topics.all()) {
        names.add(t.name());
      }
      Set<String> internal = new TreeSet<>();
      for (String name : existing) {
        if (name.startsWith(applicationId + "-")) {
          internal.add(name);
        }
      }
      names.addAll(internal);
      Map<ConfigResource, Config> configs = describe(admin, existing, names);
      List<StoreRetention> out = new ArrayList<>();
      for (String name : names) {
        Long configured = configuredRetention(topics, name);
        Config c = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, name));
        if (c == null) {
          out.add(StoreRetention.missing(name, configured));
          continue;
        }
        out.add(
            new StoreRetention(
                name,
                true,
                value(c, TopicConfig.CLEANUP_POLICY_CONFIG),
                Long.valueOf(value(c, TopicConfig.RETENTION_MS_CONFIG)),
                configured));
      }
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading topic configs", e);
    } catch (ExecutionException | TimeoutException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      throw new IllegalStateException("cannot read topic configs from the broker: " + cause, cause);
    }
  }

  private static Map<ConfigResource, Config> describe(
      Admin admin, Set<String> existing, Collection<String> names)
      throws InterruptedException, ExecutionException, TimeoutException {
    List<ConfigResource> wanted =
        names.stream()
            .filter(existing::contains)
            .map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n))
            .toList();
    return admin.describeConfigs(wanted).all().get(TIMEOUT_S, TimeUnit.SECONDS);
  }

  private static String value(Config c, String key) {
    ConfigEntry e = c.get(key);
    if (e == null || e.value() == null) {
      throw new IllegalStateException("broker reported no " + key);
    }
    return e.value();
  }

  private static Long configuredRetention(Topics topics, String name) {
    for (Topic<?, ?> t : topics.all()) {
      if (t.name().equals(name)) {
        String ms = t.configs().get(TopicConfig.RETENTION_MS_CONFIG);
        return ms == null ? null : Long.valueOf(ms);
      }
    }
    return null;
  }
}
