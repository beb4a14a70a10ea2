package dev.vigil.app.http;

import dev.vigil.app.events.SealedNote;
import dev.vigil.core.evidence.ContentSealer;

/**
 * How one answer shows moderators' notes (comments, decision and takedown reasons), which are
 * sealed under the post author's key ({@link SealedNote}): opened for a reader whose read is
 * audited, counting how many it opened so the audit entry can say so; or withheld, for answers that
 * audit no read. Plain values (written before notes were sealed, or about no post) pass unchanged.
 * One per answer: not thread-safe.
 */
final class Notes {
  /** What an answer that does not open notes shows in place of a sealed one. */
  static final String WITHHELD_TEXT = "[sealed note: open the post to read it]";

  private final ContentSealer sealer;
  private int opened;

  private Notes(ContentSealer sealer) {
    this.sealer = sealer;
  }

  /** Opens sealed notes (the caller audits the read before answering). */
  static Notes opening(ContentSealer sealer) {
    return new Notes(sealer);
  }

  /** Shows no sealed note's text. */
  static Notes withheld() {
    return new Notes(null);
  }

  /** What the reader sees of {@code value}, a note on {@code postId}. */
  String show(String postId, String value) {
    if (value == null || !SealedNote.isSealed(value)) {
      return value;
    }
    if (sealer == null || postId == null) {
      return SealedNote.withheld(value, WITHHELD_TEXT);
    }
    opened++;
    return SealedNote.show(sealer, postId, value);
  }

  /** How many sealed notes this answer opened (erased ones included: their read was attempted). */
  int opened() {
    return opened;
  }
}
