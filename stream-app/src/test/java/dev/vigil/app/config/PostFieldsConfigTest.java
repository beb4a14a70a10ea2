package dev.vigil.app.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.core.post.FieldPolicy;
import dev.vigil.core.post.ParseResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The minimisation settings (issue 20 item 5): registered, defaulted to none, validated by name.
 */
class PostFieldsConfigTest {
  @TempDir Path dir;

  @Test
  void byDefaultOnlyTheSchemasFieldsAreKept() {
    FieldPolicy d = AppConfig.load(null, Map.of(), Map.of()).postFields();
    assertTrue(d.allowedFields().isEmpty());
    assertTrue(d.allowedAttributes().isEmpty());
    assertEquals(FieldPolicy.SCHEMA_FIELDS, List.copyOf(d.keptFields()));
  }

  @Test
  void aConfigFileNamesTheFieldsAndAttributesKeptAndTheParserKeepsThem() throws Exception {
    Path file = dir.resolve("vigil.properties");
    Files.writeString(
        file, "post.fields.allowed = media , replyTo\npost.attributes.allowed=shop\n");
    AppConfig c = AppConfig.load(file, Map.of(), Map.of());
    assertEquals(List.of("media", "replyTo"), List.copyOf(c.postFields().allowedFields()));
    assertEquals(List.of("shop"), List.copyOf(c.postFields().allowedAttributes()));
    String post =
        "{\"postId\":\"p\",\"authorId\":\"a\",\"text\":\"t\",\"media\":[1],\"phone\":\"1\","
            + "\"attributes\":{\"shop\":2,\"idCard\":3}}";
    String kept =
        new String(
            ((ParseResult.Ok) c.postParser().parse(post.getBytes(StandardCharsets.UTF_8)))
                .post()
                .bytes(),
            StandardCharsets.UTF_8);
    assertTrue(kept.contains("media"), kept);
    assertTrue(kept.contains("shop"), kept);
    assertFalse(kept.contains("phone"), kept);
    assertFalse(kept.contains("idCard"), kept);
  }

  @Test
  void aBadNameStopsTheStartNamingTheSettingAndTheName() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                AppConfig.load(
                    null, Map.of(), Map.of(AppConfig.POST_FIELDS_ALLOWED, "media,reply to")));
    assertTrue(e.getMessage().startsWith("post.fields.allowed: "), e.getMessage());
    assertTrue(e.getMessage().contains("'reply to'"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                AppConfig.load(null, Map.of(), Map.of(AppConfig.POST_ATTRIBUTES_ALLOWED, "a,,b")));
    assertTrue(e.getMessage().startsWith("post.attributes.allowed: "), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> AppConfig.load(null, Map.of(), Map.of("post.field.allowed", "x")));
    assertTrue(e.getMessage().contains("did you mean post.fields.allowed"), e.getMessage());
  }
}
