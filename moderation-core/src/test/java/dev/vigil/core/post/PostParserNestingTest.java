package dev.vigil.core.post;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Nesting is capped, so no valid post is too deep for the records Vigil wraps it in. */
class PostParserNestingTest {
  private final PostParser parser = new PostParser();

  /**
   * A post whose attributes hold {@code arrays} nested arrays: document depth {@code arrays + 2}.
   */
  static byte[] nested(int arrays) {
    String open = "[".repeat(arrays);
    String close = "]".repeat(arrays);
    return ("{\"postId\":\"p\",\"authorId\":\"a\",\"text\":\"hi\",\"attributes\":{\"deep\":"
            + open
            + close
            + "}}")
        .getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aPostAtTheLimitIsAccepted() {
    // post object (1) + attributes (2) + 62 arrays = 64
    assertInstanceOf(ParseResult.Ok.class, parser.parse(nested(PostParser.MAX_NESTING_DEPTH - 2)));
  }

  @Test
  void onePastTheLimitAndFarPastItAreInvalidField() {
    for (int arrays :
        new int[] {PostParser.MAX_NESTING_DEPTH - 1, 997, 998, 999, 1001, 5000, 100_000}) {
      ParseResult r = parser.parse(nested(arrays));
      ParseResult.Invalid invalid =
          assertInstanceOf(ParseResult.Invalid.class, r, "depth " + (arrays + 2));
      assertEquals(PostError.INVALID_FIELD, invalid.error(), "depth " + (arrays + 2));
      assertTrue(
          invalid.detail().contains("nested more than " + PostParser.MAX_NESTING_DEPTH),
          invalid.detail());
    }
  }

  @Test
  void bracketsInsideStringsDoNotCount() {
    String deepText = "[".repeat(500) + "\\\"{" + "{".repeat(500);
    byte[] post =
        ("{\"postId\":\"p\",\"authorId\":\"a\",\"text\":\"" + deepText + "\"}")
            .getBytes(StandardCharsets.UTF_8);
    ParseResult.Ok ok = assertInstanceOf(ParseResult.Ok.class, parser.parse(post));
    assertTrue(ok.post().text().startsWith("[[["));
  }

  @Test
  void depthCountsObjectsAndArraysAlike() {
    assertEquals(1, PostParser.nestingDepth("{}", 64));
    assertEquals(3, PostParser.nestingDepth("{\"a\":[{}],\"b\":\"[[[[\"}", 64));
    assertEquals(3, PostParser.nestingDepth("{\"a\":\"\\\\\",\"b\":[[1]]}", 64));
    assertEquals(0, PostParser.nestingDepth("\"{\"", 64));
  }

  @Test
  void malformedJsonWithinTheLimitIsStillMalformed() {
    ParseResult r = parser.parse("{\"postId\":[1,2}".getBytes(StandardCharsets.UTF_8));
    assertEquals(PostError.MALFORMED_JSON, assertInstanceOf(ParseResult.Invalid.class, r).error());
  }
}
