package dev.vigil.app.notice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.app.config.AppConfig;
import dev.vigil.app.topics.Topic;
import dev.vigil.app.topics.Topics;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The notice's two message tables and its description of the catalog stay complete. */
class NoticeMessagesTest {
  @Test
  void bothLanguagesHaveTheSameKeysAndNoBlankText() {
    NoticeMessages zh = NoticeMessages.of("zh");
    NoticeMessages en = NoticeMessages.of("en");
    Set<String> onlyZh = new TreeSet<>(zh.keys());
    onlyZh.removeAll(en.keys());
    Set<String> onlyEn = new TreeSet<>(en.keys());
    onlyEn.removeAll(zh.keys());
    assertEquals(Set.of(), onlyZh, "keys only in Chinese");
    assertEquals(Set.of(), onlyEn, "keys only in English");
    for (String k : en.keys()) {
      assertFalse(zh.get(k).isBlank(), k);
      assertFalse(en.get(k).isBlank(), k);
      assertFalse(en.get(k).contains("''"), "apostrophe left escaped in " + k);
    }
  }

  @Test
  void everyCatalogTopicIsDescribed() {
    Topics topics = Topics.defaults();
    RegisterBuilder b = new RegisterBuilder(topics, AppConfig.defaults(), NoticeMessages.of("en"));
    for (Topic<?, ?> t : topics.all()) {
      assertTrue(
          b.holdings().containsKey(t.name()), "no description of what " + t.name() + " holds");
    }
  }

  @Test
  void durationsAreSaidInTheLargestWholeUnit() {
    RegisterBuilder en =
        new RegisterBuilder(Topics.defaults(), AppConfig.defaults(), NoticeMessages.of("en"));
    RegisterBuilder zh =
        new RegisterBuilder(Topics.defaults(), AppConfig.defaults(), NoticeMessages.of("zh"));
    assertEquals("180 days", en.duration(180L * 86_400_000));
    assertEquals("180 天", zh.duration(180L * 86_400_000));
    assertEquals("1 hour", en.duration(3_600_000));
    assertEquals("1095 days", en.duration(1095L * 86_400_000));
    assertEquals("P180D", RegisterBuilder.iso(Duration.ofDays(180)));
    assertEquals("90 minutes", en.duration(90 * 60_000));
    assertEquals("without time limit", en.duration(-1));
  }

  @Test
  void languageFollowsAcceptLanguageAndUnknownOnesAreRefused() {
    assertEquals("zh", NoticeMessages.fromAcceptLanguage("zh-CN,zh;q=0.9,en;q=0.8"));
    assertEquals("en", NoticeMessages.fromAcceptLanguage("en-GB,en;q=0.9,zh;q=0.5"));
    assertEquals("en", NoticeMessages.fromAcceptLanguage("fr-FR"));
    assertEquals("en", NoticeMessages.fromAcceptLanguage(";;;garbage"));
    assertEquals("en", NoticeMessages.fromAcceptLanguage(null));
    assertThrows(IllegalArgumentException.class, () -> NoticeMessages.of("fr"));
  }
}
