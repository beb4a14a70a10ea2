package dev.vigil.core.post;

import dev.vigil.core.privacy.AuthorId;
import java.util.Objects;

/**
 * A user's report of a published post (issue 20 item 1), as a platform sends it on {@code
 * posts.reports}, parsed and checked by {@link ReportParser}.
 *
 * @param reportId the platform's id of this report
 * @param postId the post reported; the same as {@code post.postId()}
 * @param reporter the reporting user's raw identity: personal information, pseudonymised before it
 *     is kept anywhere (an {@link AuthorId} because it is a user id like an author's, under the
 *     same pseudonym key, so one person is one pseudonym whether they post or report)
 * @param reason free text or a pack-defined reason (a category code such as {@code fraud})
 * @param post the post as the platform published it, parsed with the {@code posts.submitted} schema
 * @param postBytes the post's bytes as Vigil keeps them ({@link Post#bytes()}: exactly as they
 *     appear in the report when its {@link FieldPolicy} dropped nothing, else minimised); evidence
 *     and the review item keep them
 */
public record Report(
    String reportId, String postId, AuthorId reporter, String reason, Post post, byte[] postBytes) {
  public Report {
    Objects.requireNonNull(reportId, "reportId");
    Objects.requireNonNull(postId, "postId");
    Objects.requireNonNull(reporter, "reporter");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(post, "post");
    postBytes = Objects.requireNonNull(postBytes, "postBytes").clone();
  }

  @Override
  public byte[] postBytes() {
    return postBytes.clone();
  }

  @Override
  public String toString() {
    return "Report[" + reportId + " of " + postId + "]";
  }
}
