package dev.vigil.core.post;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 20 item 5: unknown post fields are kept nowhere unless the configuration names them. */
class FieldPolicyTest {
  private static final String PHONE = "13812345678";
  private static final String ID_CARD = "11010519491231002X";

  /** A post with every schema field, an unknown field and platform attributes, nested values. */
  private static final String POST =
      "{\"postId\":\"p-1\",\"authorId\":\"u-42\",\"text\":\"二手自行车出售\","
          + "\"createdAt\":\"2026-12-06T05:00:00Z\",\"lang\":\"zh\",\"channel\":\"listing\","
          + "\"phone\":\""
          + PHONE
          + "\",\"geo\":{\"lat\":31.2,\"lon\":[121.5,{\"deep\":\"x\"}]},"
          + "\"attributes\":{\"idCard\":\""
          + ID_CARD
          + "\",\"category\":\"bikes\",\"shop\":{\"id\":7,\"tags\":[\"a\",\"b\"]}}}";

  private static Post parse(FieldPolicy policy, String json) {
    return assertInstanceOf(
            ParseResult.Ok.class,
            new PostParser(1024, policy).parse(json.getBytes(StandardCharsets.UTF_8)))
        .post();
  }

  private static String kept(Post post) {
    return new String(post.bytes(), StandardCharsets.UTF_8);
  }

  @Test
  void byDefaultUnknownTopLevelFieldsAndEveryAttributeKeyAreDropped() {
    Post post = parse(FieldPolicy.schemaOnly(), POST);
    String out = kept(post);
    assertFalse(out.contains(PHONE), out);
    assertFalse(out.contains("phone"), out);
    assertFalse(out.contains("geo"), out);
    assertFalse(out.contains("deep"), out);
    assertFalse(out.contains(ID_CARD), out);
    assertFalse(out.contains("idCard"), out);
    assertFalse(out.contains("bikes"), out);
    assertEquals(
        List.of("postId", "authorId", "text", "createdAt", "lang", "channel", "attributes"),
        fieldNames(post));
    assertEquals(0, post.json().get("attributes").size());
    // The tree the app hands on and the bytes it writes are one and the same.
    assertEquals(post.json().toString(), out);
  }

  @Test
  void theDefaultParserIsSchemaOnly() {
    Post post =
        assertInstanceOf(
                ParseResult.Ok.class, new PostParser().parse(POST.getBytes(StandardCharsets.UTF_8)))
            .post();
    assertFalse(kept(post).contains(PHONE));
    assertFalse(kept(post).contains(ID_CARD));
  }

  @Test
  void allowedFieldsAndAttributeKeysAreKeptWholeWithTheirNestedValues() {
    Post post = parse(FieldPolicy.allowing(List.of("geo"), List.of("shop", "category")), POST);
    String out = kept(post);
    assertTrue(out.contains("\"geo\":{\"lat\":31.2,\"lon\":[121.5,{\"deep\":\"x\"}]}"), out);
    assertTrue(out.contains("\"shop\":{\"id\":7,\"tags\":[\"a\",\"b\"]}"), out);
    assertTrue(out.contains("\"category\":\"bikes\""), out);
    assertFalse(out.contains(PHONE), out);
    assertFalse(out.contains(ID_CARD), out);

    Post withPhone = parse(FieldPolicy.allowing(List.of("phone"), List.of("idCard")), POST);
    assertTrue(kept(withPhone).contains("\"phone\":\"" + PHONE + "\""));
    assertTrue(kept(withPhone).contains("\"idCard\":\"" + ID_CARD + "\""));
    assertFalse(kept(withPhone).contains("geo"));
  }

  @Test
  void anAttributeKeyIsNotATopLevelFieldNorTheOtherWayRound() {
    // "idCard" allowed as a field does not keep the attribute; "phone" as an attribute not the
    // field.
    Post post = parse(FieldPolicy.allowing(List.of("idCard"), List.of("phone")), POST);
    assertFalse(kept(post).contains(ID_CARD));
    assertFalse(kept(post).contains(PHONE));
  }

  @Test
  void theMinimisedBytesParseToTheSamePost() {
    Post post = parse(FieldPolicy.schemaOnly(), POST);
    Post again = parse(FieldPolicy.schemaOnly(), kept(post));
    assertEquals(post.postId(), again.postId());
    assertEquals(post.text(), again.text());
    assertEquals(post.author().reveal(), again.author().reveal());
    assertEquals(post.createdAt(), again.createdAt());
    assertEquals(post.lang(), again.lang());
    assertEquals(post.channel(), again.channel());
    // Minimising is idempotent: a minimised post has nothing left to drop, so keeps its bytes.
    assertArrayEquals(post.bytes(), again.bytes());
  }

  @Test
  void aPostWithNothingToDropKeepsItsBytesExactly() {
    byte[] sent =
        "{ \"postId\" : \"p-2\", \"authorId\":\"u\", \"text\":\"\\u4e8c\", \"attributes\":{} }"
            .getBytes(StandardCharsets.UTF_8);
    ParseResult.Ok ok = assertInstanceOf(ParseResult.Ok.class, new PostParser().parse(sent));
    assertSame(sent, ok.post().bytes());
  }

  @Test
  void checksBeforeItDrops() {
    // A dropped field is still checked: a lone surrogate in it refuses the post, policy or not.
    byte[] bad =
        "{\"postId\":\"p\",\"authorId\":\"u\",\"text\":\"t\",\"x\":\"\\ud800\"}"
            .getBytes(StandardCharsets.UTF_8);
    assertInstanceOf(ParseResult.Invalid.class, new PostParser().parse(bad));
  }

  @Test
  void reportsKeepTheMinimisedPost() {
    String report =
        "{\"reportId\":\"r-1\",\"postId\":\"p-1\",\"reporterId\":\"u-7\",\"reason\":\"fraud\","
            + "\"post\":"
            + POST
            + "}";
    Report r =
        assertInstanceOf(
                ReportParser.Result.Ok.class,
                new ReportParser(new PostParser(1024))
                    .parse(report.getBytes(StandardCharsets.UTF_8)))
            .report();
    String kept = new String(r.postBytes(), StandardCharsets.UTF_8);
    assertFalse(kept.contains(PHONE), kept);
    assertFalse(kept.contains(ID_CARD), kept);
    assertArrayEquals(r.post().bytes(), r.postBytes());
  }

  @Test
  void namesAreCheckedAndSchemaFieldsNeedNoAllowing() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> FieldPolicy.allowing(List.of("ok", "two words"), List.of()));
    assertTrue(e.getMessage().contains("'two words'"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> FieldPolicy.allowing(List.of(""), List.of()));
    assertThrows(
        IllegalArgumentException.class, () -> FieldPolicy.allowing(List.of(), List.of("a\"b")));
    FieldPolicy p = FieldPolicy.allowing(List.of("text", "media"), List.of("shop"));
    assertEquals(List.of("media"), List.copyOf(p.allowedFields()));
    assertEquals(List.of("shop"), List.copyOf(p.allowedAttributes()));
    assertTrue(p.keptFields().containsAll(FieldPolicy.SCHEMA_FIELDS));
    assertSame(FieldPolicy.schemaOnly(), FieldPolicy.allowing(List.of(), List.of()));
  }

  private static List<String> fieldNames(Post post) {
    List<String> names = new java.util.ArrayList<>();
    post.json().fieldNames().forEachRemaining(names::add);
    return names;
  }
}
