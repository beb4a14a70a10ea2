package dev.vigil.app.events;

import java.time.Instant;
import java.util.List;

/**
 * The record on {@code privacy.notifications}: one suspected leak of personal information (CSL Art.
 * 42), told to each author concerned (by pseudonym: the platform, which knows who that is, delivers
 * it) and, once per incident, to the regulator. Written by {@code moderation incident}, keyed by
 * incident id, after the incident is audited.
 *
 * @param incidentId the incident, the same in all its notices
 * @param audience {@code author} or {@code regulator}
 * @param pseudonym the author told, for an author notice; null for the regulator's
 * @param summary what happened, as the operator recorded it
 * @param dataKinds what personal information may have leaked, e.g. {@code post_text}, {@code
 *     contact_details}
 * @param detectedAt when the operator detected it
 * @param recordedAt when it was recorded
 * @param authorsAffected how many authors are told (regulator notice), else 1
 * @param postsAffected how many posts' content may have leaked (regulator notice), else those of
 *     this author
 * @param measures what the operator did or advises (change passwords, watch for scam calls)
 * @param recordedBy who recorded it
 */
public record IncidentNotice(
    String incidentId,
    String audience,
    String pseudonym,
    String summary,
    List<String> dataKinds,
    Instant detectedAt,
    Instant recordedAt,
    int authorsAffected,
    int postsAffected,
    String measures,
    String recordedBy) {
  public static final String AUTHOR = "author";
  public static final String REGULATOR = "regulator";

  public IncidentNotice {
    dataKinds = List.copyOf(dataKinds);
  }
}
