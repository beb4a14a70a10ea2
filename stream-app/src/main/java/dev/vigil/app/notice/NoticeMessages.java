package dev.vigil.app.notice;

import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;
import java.util.Set;

/**
 * The notice's words in one language, from {@code notice/messages_<lang>.properties}: one table per
 * language, so a translation is a file, not a code change.
 */
public final class NoticeMessages {
  /** The languages a notice is written in. */
  public static final List<String> LANGUAGES = List.of("zh", "en");

  private final String lang;
  private final ResourceBundle bundle;

  private NoticeMessages(String lang, ResourceBundle bundle) {
    this.lang = lang;
    this.bundle = bundle;
  }

  /**
   * The table for {@code lang}, {@code zh} or {@code en}.
   *
   * @throws IllegalArgumentException for another language
   */
  public static NoticeMessages of(String lang) {
    if (!LANGUAGES.contains(lang)) {
      throw new IllegalArgumentException("language must be one of " + LANGUAGES + ", got " + lang);
    }
    ResourceBundle b =
        ResourceBundle.getBundle(
            "notice.messages",
            Locale.forLanguageTag(lang),
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    return new NoticeMessages(lang, b);
  }

  /**
   * The language of a request's {@code Accept-Language}: Chinese if it prefers Chinese to English,
   * else English.
   */
  public static String fromAcceptLanguage(String header) {
    if (header == null || header.isBlank()) {
      return "en";
    }
    try {
      Locale best =
          Locale.lookup(
              Locale.LanguageRange.parse(header),
              List.of(Locale.forLanguageTag("zh"), Locale.forLanguageTag("en")));
      return best != null && best.getLanguage().equals("zh") ? "zh" : "en";
    } catch (IllegalArgumentException e) {
      return "en";
    }
  }

  public String lang() {
    return lang;
  }

  /** The message {@code key} with {@code args} filled in. */
  public String get(String key, Object... args) {
    return new MessageFormat(bundle.getString(key), Locale.forLanguageTag(lang)).format(args);
  }

  /** A message holding a list, items separated by {@code |}. */
  public List<String> list(String key) {
    return new ArrayList<>(Arrays.asList(get(key).split("\\|")));
  }

  /** Every key of the table. */
  public Set<String> keys() {
    return bundle.keySet();
  }
}
