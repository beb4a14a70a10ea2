package dev.vigil.app.notice;

import dev.vigil.app.config.AppConfig;
import dev.vigil.app.notice.ProcessingRegister.Access;
import dev.vigil.app.notice.ProcessingRegister.Activity;
import dev.vigil.app.notice.ProcessingRegister.DataItem;
import dev.vigil.app.notice.ProcessingRegister.RetentionClass;
import dev.vigil.app.notice.ProcessingRegister.Rights;
import dev.vigil.app.notice.ProcessingRegister.Store;
import dev.vigil.app.topics.Topics;
import dev.vigil.core.privacy.RetentionPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the {@link ProcessingRegister} from the configuration and the broker's real retentions.
 * What each store holds is declared here per catalog topic, next to the activities that use it: one
 * table to keep true when a topic is added (a test fails for a catalog topic this class does not
 * describe).
 */
public final class RegisterBuilder {
  private final Topics topics;
  private final AppConfig config;
  private final NoticeMessages m;

  public RegisterBuilder(Topics topics, AppConfig config, NoticeMessages messages) {
    this.topics = topics;
    this.config = config;
    this.m = messages;
  }

  /** What each catalog topic holds, by its key in {@code holds.*}. */
  Map<String, String> holdings() {
    Map<String, String> h = new HashMap<>();
    h.put(topics.submitted.name(), "platform");
    h.put(topics.published.name(), "platform");
    h.put(topics.privacyRequests.name(), "request");
    h.put(topics.quarantined.name(), "sealed");
    h.put(topics.evidence.name(), "sealed");
    h.put(topics.heldEvidence.name(), "sealed");
    h.put(topics.deadLetter.name(), "sealed");
    h.put(topics.reviewResults.name(), "sealed");
    h.put(topics.reviewQueue.name(), "sealed");
    h.put(topics.revertable.name(), "sealed");
    h.put(topics.decisions.name(), "pseudonymous");
    h.put(topics.reports.name(), "pseudonymous");
    h.put(topics.privacyReceipts.name(), "pseudonymous");
    h.put(topics.privacyErasures.name(), "pseudonymous");
    h.put(topics.privacyNotifications.name(), "pseudonymous");
    h.put(topics.reviewActions.name(), "staff");
    h.put(topics.audit.name(), "staff");
    h.put(topics.dataKeys.name(), "keys");
    h.put(topics.fingerprints.name(), "fingerprints");
    h.put(topics.userReports.name(), "platform");
    h.put(topics.reportOutcomes.name(), "none");
    h.put(topics.takedowns.name(), "staff");
    h.put(topics.rescans.name(), "sealed");
    h.put(topics.loginFailures.name(), "logins");
    return h;
  }

  /** The register as of {@code now}, with {@code retentions} read from the broker. */
  public ProcessingRegister build(List<StoreRetention> retentions, Instant now) {
    Map<String, String> holdings = holdings();
    List<Store> stores = new ArrayList<>();
    for (StoreRetention r : retentions) {
      String holds = holdings.getOrDefault(r.topic(), "internal");
      stores.add(
          new Store(
              r.topic(),
              holds,
              m.get("holds." + holds),
              r.found(),
              r.cleanupPolicy(),
              r.retentionMs(),
              retentionText(r),
              r.configuredRetentionMs(),
              r.matchesConfiguration()));
    }
    RetentionPolicy policy = RetentionPolicy.fromProperties(asMap(config));
    List<RetentionClass> classes = new ArrayList<>();
    for (var e : policy.periods().entrySet()) {
      classes.add(new RetentionClass(e.getKey().key(), iso(e.getValue()), e.getValue().toDays()));
    }
    int reads = config.intValue(AppConfig.ACCESS_READS_PER_HOUR, 1, Integer.MAX_VALUE);
    int reveals = config.intValue(AppConfig.ACCESS_REVEALS_PER_HOUR, 1, Integer.MAX_VALUE);
    return new ProcessingRegister(
        ProcessingRegister.SCHEMA,
        m.lang(),
        now.toString(),
        config.get(AppConfig.PLATFORM_ID),
        config.get(AppConfig.REPORT_MODE),
        activities(),
        stores,
        classes,
        new Rights(
            m.get("rights.how"),
            m.get("rights.erasure"),
            m.get("rights.correction"),
            m.get("rights.kept")),
        new Access(
            reads,
            reveals,
            m.get("access.limits", Integer.toString(reads), Integer.toString(reveals))));
  }

  private List<Activity> activities() {
    return List.of(
        activity(
            "moderation",
            List.of("authorId", "post", "text", "pseudonym", "reporterId"),
            List.of(
                topics.submitted.name(),
                topics.userReports.name(),
                topics.reportOutcomes.name(),
                topics.published.name(),
                topics.decisions.name(),
                topics.quarantined.name(),
                topics.reviewQueue.name(),
                topics.reviewResults.name(),
                topics.revertable.name(),
                topics.rescans.name(),
                topics.dataKeys.name())),
        activity(
            "evidence",
            List.of("authorId", "post", "pseudonym"),
            List.of(
                topics.evidence.name(),
                topics.heldEvidence.name(),
                topics.reports.name(),
                topics.takedowns.name(),
                topics.fingerprints.name())),
        activity(
            "review",
            List.of("moderator", "password", "address", "pseudonym"),
            List.of(topics.reviewActions.name(), topics.audit.name())),
        activity("deadletters", List.of("authorId", "post"), List.of(topics.deadLetter.name())),
        activity(
            "privacy",
            List.of("authorId", "pseudonym"),
            List.of(
                topics.privacyRequests.name(),
                topics.privacyReceipts.name(),
                topics.privacyErasures.name(),
                topics.privacyNotifications.name())));
  }

  private Activity activity(String id, List<String> fields, List<String> stores) {
    String p = "activity." + id + ".";
    List<DataItem> data = new ArrayList<>();
    for (String f : fields) {
      if (f.equals("post")) {
        data.addAll(postItems());
      } else {
        data.add(new DataItem(f, m.get("data." + f)));
      }
    }
    return new Activity(
        id,
        m.get(p + "name"),
        m.get(p + "purpose"),
        m.get(p + "basis"),
        data,
        m.list(p + "recipients"),
        m.list(p + "protection"),
        stores);
  }

  /**
   * The post as this configuration keeps it (issue 20 item 5): the fields kept and the attribute
   * keys kept, read from the running configuration, then one item per field or attribute key it
   * allows beyond the schema (machine-readable names for the register: {@code post.<field>}, {@code
   * post.attributes.<key>}), so allowing a field changes the notice.
   */
  List<DataItem> postItems() {
    dev.vigil.core.post.FieldPolicy policy = config.postFields();
    String none = m.get("data.post.none");
    String attributes =
        policy.allowedAttributes().isEmpty() ? none : String.join(", ", policy.allowedAttributes());
    List<DataItem> items = new ArrayList<>();
    items.add(
        new DataItem(
            "post", m.get("data.post", String.join(", ", policy.keptFields()), attributes)));
    for (String f : policy.allowedFields()) {
      items.add(new DataItem("post." + f, m.get("data.post.field", f)));
    }
    for (String a : policy.allowedAttributes()) {
      items.add(new DataItem("post.attributes." + a, m.get("data.post.attribute", a)));
    }
    return items;
  }

  /** The retention in words: what the broker does, and a drift from the configuration said. */
  String retentionText(StoreRetention r) {
    if (!r.found()) {
      return m.get("retention.missing");
    }
    String time =
        r.retentionMs() == null || r.retentionMs() < 0
            ? m.get("retention.unlimited")
            : duration(r.retentionMs());
    String text;
    if (r.compacted()) {
      text =
          r.deletesByTime()
              ? m.get("retention.compacted.timed", time)
              : m.get("retention.compacted");
    } else {
      text = time;
    }
    if (!r.matchesConfiguration()) {
      text += "; " + m.get("retention.drift", duration(r.configuredRetentionMs()));
    }
    return text;
  }

  /** A period in the largest whole unit. */
  String duration(long ms) {
    if (ms < 0) {
      return m.get("retention.unlimited");
    }
    for (var unit :
        List.of(
            Map.entry("days", Duration.ofDays(1)),
            Map.entry("hours", Duration.ofHours(1)),
            Map.entry("minutes", Duration.ofMinutes(1)))) {
      long size = unit.getValue().toMillis();
      if (ms % size == 0 && ms > 0) {
        long n = ms / size;
        // Numbers as plain digits: MessageFormat would group them (1,095).
        return n == 1
            ? m.get("duration." + unit.getKey() + ".one")
            : m.get("duration." + unit.getKey(), Long.toString(n));
      }
    }
    return m.get("duration.ms", Long.toString(ms));
  }

  /** ISO-8601 as written in a config ({@code P180D}), not {@link Duration#toString}'s hours. */
  static String iso(Duration d) {
    return d.toMillis() % Duration.ofDays(1).toMillis() == 0
        ? "P" + d.toDays() + "D"
        : d.toString();
  }

  private static Map<String, String> asMap(AppConfig config) {
    Map<String, String> out = new HashMap<>();
    var p = config.properties();
    for (String k : p.stringPropertyNames()) {
      out.put(k, p.getProperty(k));
    }
    return out;
  }
}
