package dev.vigil.app.auth;

import java.util.Locale;

/**
 * What a console user may do. Checked twice: by the API before a command is sent (a clear 403 at
 * once), and by the review task that applies it (the queue an item is in is only known there).
 */
public enum Role {
  /** Works the moderation queue: claims, decides, comments. */
  MODERATOR,
  /**
   * A moderator who also works the escalated (senior) queue and may mass-revert a rule's blocks.
   */
  SENIOR,
  /** Reads the queue, decisions and the audit log; decides nothing. */
  AUDITOR,
  /**
   * Everything a senior may do. Users themselves are managed with the {@code users} command, not
   * over HTTP.
   */
  ADMIN;

  /** The lower-case name used in the users file, proxy headers, JSON and metric labels. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a label such as {@code moderator}; throws with the allowed values otherwise. */
  public static Role parse(String label) {
    if (label != null) {
      for (Role r : values()) {
        if (r.label().equals(label.trim().toLowerCase(Locale.ROOT))) {
          return r;
        }
      }
    }
    throw new IllegalArgumentException(
        "role must be one of moderator, senior, auditor, admin; got '" + label + "'");
  }

  /** May claim, decide, skip and comment on items of the moderation queue. */
  public boolean canDecide() {
    return this != AUDITOR;
  }

  /** May work the escalated queue and revert a rule's blocks. */
  public boolean isSenior() {
    return this == SENIOR || this == ADMIN;
  }

  /** May read the audit log. */
  public boolean canReadAudit() {
    return this == AUDITOR || isSenior();
  }
}
