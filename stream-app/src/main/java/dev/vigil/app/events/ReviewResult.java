package dev.vigil.app.events;

/**
 * The record on {@code review.results}: what became of one {@link ReviewCommand}, written by the
 * task that applied it in the same transaction as the state change, keyed by commandId. The API
 * instance that sent the command waits for it, which is how a 409 is decided by the owner of the
 * post and not by a guess.
 *
 * @param commandId the command answered
 * @param postId the post, or null for a revert
 * @param status the outcome
 * @param message a short, content-free explanation for the API's answer
 * @param item the item after the command (claims, escalations), or null
 * @param partition the partition that applied it (a revert is answered once per partition)
 * @param count how many posts a revert sent back to the queue on this partition
 */
public record ReviewResult(
    String commandId,
    String postId,
    Status status,
    String message,
    ReviewItem item,
    int partition,
    int count) {

  /** Outcome of a command; each maps to one HTTP status. */
  public enum Status {
    APPLIED(200),
    CONFLICT(409),
    NOT_FOUND(404),
    FORBIDDEN(403),
    INVALID(400);

    private final int httpStatus;

    Status(int httpStatus) {
      this.httpStatus = httpStatus;
    }

    public int httpStatus() {
      return httpStatus;
    }
  }
}
