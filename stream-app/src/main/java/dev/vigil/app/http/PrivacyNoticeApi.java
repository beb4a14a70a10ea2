package dev.vigil.app.http;

import dev.vigil.app.notice.NoticeMarkdown;
import dev.vigil.app.notice.NoticeMessages;
import dev.vigil.app.notice.PrivacyNotice;
import dev.vigil.app.notice.ProcessingRegister;
import io.javalin.Javalin;
import java.util.function.Consumer;

/**
 * {@code GET /privacy}: the privacy notice, public as Art. 41 asks (it names no person, only what
 * is processed and how long it is kept). {@code ?lang=zh|en} (default from {@code
 * Accept-Language}), {@code ?format=md|json} (default Markdown; JSON is the processing register for
 * auditors).
 */
public final class PrivacyNoticeApi {
  private PrivacyNoticeApi() {}

  public static Consumer<Javalin> routes(PrivacyNotice notice) {
    return app ->
        app.get(
            "/privacy",
            ctx -> {
              String lang = ctx.queryParam("lang");
              if (lang == null) {
                lang = NoticeMessages.fromAcceptLanguage(ctx.header("Accept-Language"));
              }
              String format = ctx.queryParam("format") == null ? "md" : ctx.queryParam("format");
              if (!NoticeMessages.LANGUAGES.contains(lang)
                  || !(format.equals("md") || format.equals("json"))) {
                ctx.status(400)
                    .contentType("text/plain; charset=utf-8")
                    .result("lang must be zh or en, format md or json\n");
                return;
              }
              ProcessingRegister r = notice.register(lang);
              ctx.header("Content-Language", lang);
              if (format.equals("json")) {
                ctx.contentType("application/json; charset=utf-8").result(r.toJson());
              } else {
                ctx.contentType("text/markdown; charset=utf-8").result(NoticeMarkdown.render(r));
              }
            });
  }
}
