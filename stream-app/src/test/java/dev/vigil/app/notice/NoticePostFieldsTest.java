package dev.vigil.app.notice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.app.config.AppConfig;
import dev.vigil.app.notice.ProcessingRegister.DataItem;
import dev.vigil.app.topics.Topics;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The notice and the register say which post fields are kept, read from the running configuration
 * (issue 20 item 5): allowing a field or an attribute key changes them, in both languages.
 */
class NoticePostFieldsTest {
  private static final Instant NOW = Instant.parse("2026-12-06T00:00:00Z");

  private static ProcessingRegister register(Map<String, String> settings, String lang) {
    AppConfig config = AppConfig.load(null, Map.of(), settings);
    return new RegisterBuilder(Topics.from(config.properties()), config, NoticeMessages.of(lang))
        .build(List.of(), NOW);
  }

  private static List<String> postFields(ProcessingRegister r) {
    return r.activities().stream()
        .filter(a -> a.id().equals("moderation"))
        .flatMap(a -> a.personalData().stream())
        .map(DataItem::field)
        .filter(f -> f.startsWith("post"))
        .toList();
  }

  @Test
  void byDefaultTheNoticeListsTheSchemasFieldsAndSaysOthersAreDropped() {
    ProcessingRegister r = register(Map.of(), "en");
    String md = NoticeMarkdown.render(r);
    assertTrue(
        md.contains(
            "with its fields postId, authorId, text, createdAt, lang, channel, attributes and the"
                + " attribute keys none; any other field the platform sends is dropped on arrival"),
        md);
    // ("phone numbers" are named among what the text may hold; the field is not named.)
    assertFalse(md.contains("attributes, phone"), md);
    assertFalse(md.contains("Post field phone"), md);
    assertEquals(List.of("post"), postFields(r));
    assertFalse(r.toJson().contains("post.phone"));
  }

  @Test
  void allowingAFieldOrAnAttributeChangesTheNoticeAndTheRegister() {
    Map<String, String> allowing =
        Map.of(AppConfig.POST_FIELDS_ALLOWED, "phone", AppConfig.POST_ATTRIBUTES_ALLOWED, "shop");
    for (String lang : NoticeMessages.LANGUAGES) {
      ProcessingRegister r = register(allowing, lang);
      String md = NoticeMarkdown.render(r);
      assertTrue(md.contains("lang, channel, attributes, phone"), lang + ": " + md);
      assertTrue(md.contains("shop"), md);
      assertEquals(List.of("post", "post.phone", "post.attributes.shop"), postFields(r));
      assertTrue(r.toJson().contains("\"field\" : \"post.phone\""), r.toJson());
    }
  }
}
