package dev.vigil.app.notice;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.List;

/**
 * The record of processing activities (PIPL Art. 17 and 54; CSL Art. 41) as the running service
 * really performs them: what it processes and why, where each kind is kept and for how long (the
 * broker's settings, not the intended ones), how an author asks for erasure. Built by {@link
 * RegisterBuilder}; rendered for people by {@link NoticeMarkdown}, for auditors as JSON against
 * {@code notice/processing-register.schema.json}. Immutable; the words are already in one language.
 *
 * @param schema the JSON schema's id and version
 * @param lang {@code zh} or {@code en}
 * @param generatedAt when it was generated (ISO-8601)
 * @param platformId the platform identity reports carry
 * @param reportMode {@code sandbox} or {@code production}
 * @param activities what is processed, why and how
 * @param stores every store with its real retention
 * @param retentionPolicy the retention periods the configuration asks for, by data class
 * @param rights how to ask for erasure or correction and what happens then
 * @param access limits that raise an alert on unusual access
 */
public record ProcessingRegister(
    String schema,
    String lang,
    String generatedAt,
    String platformId,
    String reportMode,
    List<Activity> activities,
    List<Store> stores,
    List<RetentionClass> retentionPolicy,
    Rights rights,
    Access access) {

  /** The schema id, versioned: a change of shape is a new version. */
  public static final String SCHEMA = "https://vigil.dev/schema/processing-register/1";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public ProcessingRegister {
    activities = List.copyOf(activities);
    stores = List.copyOf(stores);
    retentionPolicy = List.copyOf(retentionPolicy);
  }

  /** One processing activity. */
  public record Activity(
      String id,
      String name,
      String purpose,
      String legalBasis,
      List<DataItem> personalData,
      List<String> recipients,
      List<String> protection,
      List<String> stores) {
    public Activity {
      personalData = List.copyOf(personalData);
      recipients = List.copyOf(recipients);
      protection = List.copyOf(protection);
      stores = List.copyOf(stores);
    }
  }

  /** One kind of personal information. */
  public record DataItem(String field, String description) {}

  /**
   * One store (topic) and how long the broker keeps it.
   *
   * @param holds one of {@code platform}, {@code request}, {@code sealed}, {@code pseudonymous},
   *     {@code staff}, {@code keys}, {@code internal}, {@code none}
   * @param retentionMs the broker's {@code retention.ms} (-1 unlimited), null if not created
   * @param retention the same in words, with compaction and drift said
   */
  public record Store(
      String topic,
      String holds,
      String holdsDescription,
      boolean found,
      String cleanupPolicy,
      Long retentionMs,
      String retention,
      Long configuredRetentionMs,
      boolean matchesConfiguration) {}

  /** A retention period of the configuration ({@code retention.<key>}). */
  public record RetentionClass(String key, String period, long days) {}

  /** How to ask, what is destroyed, what is kept and why. */
  public record Rights(String how, String erasure, String correction, String kept) {}

  /** Access-monitor limits per user per hour. */
  public record Access(int readsPerHour, int revealsPerHour, String description) {}

  /** Pretty-printed JSON. */
  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the register as JSON", e);
    }
  }
}
