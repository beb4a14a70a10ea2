package dev.vigil.core.post;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ReportParserTest {
  private final ReportParser parser = new ReportParser(new PostParser(1024));
  private static final String POST =
      "{\"postId\":\"p-1\", \"authorId\":\"u-42\",\"text\":\"二手自行车\"}";

  private static String report(String post) {
    return "{\"reportId\":\"r-1\",\"postId\":\"p-1\",\"reporterId\":\"u-7\",\"reason\":\"fraud\","
        + "\"post\":"
        + post
        + ",\"extra\":[1]}";
  }

  private ReportParser.Result parse(String s) {
    return parser.parse(s.getBytes(StandardCharsets.UTF_8));
  }

  private PostError error(String s) {
    return assertInstanceOf(ReportParser.Result.Invalid.class, parse(s)).error();
  }

  @Test
  void keepsThePostsBytesExactlyAsTheyAppearInTheReport() {
    Report r = assertInstanceOf(ReportParser.Result.Ok.class, parse(report(POST))).report();
    assertEquals("r-1", r.reportId());
    assertEquals("p-1", r.postId());
    assertEquals("u-7", r.reporter().reveal());
    assertEquals("fraud", r.reason());
    assertEquals("u-42", r.post().author().reveal());
    // Nothing to drop (schema fields only): the bytes exactly as they appear in the report.
    assertArrayEquals(POST.getBytes(StandardCharsets.UTF_8), r.postBytes());
    assertEquals("Report[r-1 of p-1]", r.toString());
  }

  @Test
  void badReportsGetThePostErrorCodes() {
    assertEquals(PostError.NULL_VALUE, ((ReportParser.Result.Invalid) parser.parse(null)).error());
    assertEquals(
        PostError.INVALID_UTF8,
        ((ReportParser.Result.Invalid) parser.parse(new byte[] {'{', (byte) 0xff, '}'})).error());
    assertEquals(PostError.MALFORMED_JSON, error("{\"reportId\":"));
    assertEquals(PostError.MALFORMED_JSON, error(report(POST) + " {}"));
    assertEquals(PostError.MALFORMED_JSON, error(""));
    assertEquals(PostError.NOT_AN_OBJECT, error("[1]"));
    assertEquals(PostError.MISSING_FIELD, error(report(POST).replace("\"reporterId\"", "\"x\"")));
    assertEquals(PostError.MISSING_FIELD, error(report("null")));
    assertEquals(PostError.WRONG_TYPE, error(report(POST).replace("\"fraud\"", "3")));
    assertEquals(PostError.WRONG_TYPE, error(report("\"text\"")));
    assertEquals(PostError.INVALID_FIELD, error(report(POST).replace("\"u-7\"", "\" \"")));
    assertEquals(PostError.INVALID_FIELD, error(report(POST).replace("\"fraud\"", "\"\"")));
    assertEquals(
        PostError.INVALID_FIELD,
        error(report(POST).replace("\"fraud\"", "\"" + "x".repeat(1001) + "\"")));
    // Duplicate keys, as for posts.
    assertEquals(PostError.MALFORMED_JSON, error(report(POST).replace("\"extra\"", "\"reason\"")));
  }

  @Test
  void theEmbeddedPostMustBeAValidPostOfTheReportedId() {
    assertEquals(PostError.MISSING_FIELD, error(report("{\"postId\":\"p-1\",\"text\":\"x\"}")));
    assertEquals(PostError.TEXT_TOO_LONG, error(report(POST.replace("二手自行车", "x".repeat(2000)))));
    assertEquals(PostError.INVALID_FIELD, error(report(POST.replace("p-1", "p-2"))));
    String deep =
        "{\"postId\":\"p-1\",\"authorId\":\"a\",\"text\":\"t\",\"attributes\":"
            + "{\"a\":".repeat(70)
            + "1"
            + "}".repeat(70)
            + "}";
    assertEquals(PostError.INVALID_FIELD, error(report(deep)));
  }
}
