package dev.vigil.app.topology;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.app.events.DeadLetter;
import dev.vigil.app.events.QuarantinedPost;
import dev.vigil.app.events.ReviewItem;
import dev.vigil.app.json.Json;
import dev.vigil.core.evidence.ContentSealer;
import dev.vigil.core.evidence.DataKeyStore;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Tests' way into the sealed copies of posts: what an authorised reader with the keys sees. */
final class Opened {
  private Opened() {}

  static byte[] raw(DataKeyStore keys, String postId, dev.vigil.app.events.SealedBytes content) {
    return new ContentSealer(keys).open(ContentSealer.post(postId), content.sealed());
  }

  static JsonNode post(DataKeyStore keys, QuarantinedPost p) {
    return json(raw(keys, p.postId(), p.content()));
  }

  static String text(DataKeyStore keys, ReviewItem item) {
    return json(raw(keys, item.postId(), item.content())).path("text").asText();
  }

  /** The dead letter's original value bytes, or null when it carries none. */
  static byte[] value(DataKeyStore keys, DeadLetter dl) {
    return dl.value() == null
        ? null
        : new ContentSealer(keys)
            .open(
                DeadLetter.valueContext(dl.topic(), dl.partition(), dl.offset()),
                dl.value().sealed());
  }

  private static JsonNode json(byte[] raw) {
    try {
      return Json.MAPPER.readTree(raw);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
