package dev.vigil.app.bench;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A reproducible stream of submitted records for benchmarks and fault tests: posts of realistic
 * lengths (mostly one message, some paragraphs, a few long articles), in Chinese and English,
 * mostly clean with some fraud and prohibited-goods offers, plus a chosen share of poison records
 * of every kind the pipeline must dead-letter. The posts are made of the shipped pack's starter
 * corpus ({@link Texts}): natural text of thousands of distinct messages, so that a benchmark
 * measures the engine on words it has to read and the near-duplicate index on posts that are not
 * all built of the same dozen sentences.
 *
 * <p>Record {@code i} depends only on the seed and {@code i}, so a test can regenerate what it sent
 * instead of remembering it (for one corpus: a pack with another corpus gives other posts). Every
 * record has a unique key ({@code <prefix>-<i>}); for a post the key is also its {@code postId}, so
 * outputs can be traced to inputs. All texts are the project's own; no third-party data.
 */
public final class Workload {
  /** What a record is meant to be; the poison kinds name how it is broken. */
  public enum Kind {
    POST,
    NULL_VALUE,
    INVALID_UTF8,
    MALFORMED_JSON,
    NOT_AN_OBJECT,
    MISSING_FIELD,
    WRONG_TYPE,
    TEXT_TOO_LONG,
    LONE_SURROGATE,
    DUPLICATE_KEY;

    public boolean isPoison() {
      return this != POST;
    }
  }

  /** One record to submit. {@code value} is null only for {@link Kind#NULL_VALUE}. */
  public record Submitted(byte[] key, byte[] value, Kind kind) {
    public String keyString() {
      return new String(key, StandardCharsets.UTF_8);
    }
  }

  private static final List<Kind> POISON_KINDS =
      List.of(
          Kind.NULL_VALUE,
          Kind.INVALID_UTF8,
          Kind.MALFORMED_JSON,
          Kind.NOT_AN_OBJECT,
          Kind.MISSING_FIELD,
          Kind.WRONG_TYPE,
          Kind.TEXT_TOO_LONG,
          Kind.LONE_SURROGATE,
          Kind.DUPLICATE_KEY);

  private final long seed;
  private final String prefix;
  private final double poisonShare;
  private final int maxTextBytes;

  /**
   * @param seed makes the stream reproducible
   * @param prefix keys are {@code prefix-i}; different prefixes never collide
   * @param poisonShare fraction of records, in [0, 1], that are poison, spread evenly over the
   *     poison kinds
   * @param maxTextBytes the pipeline's text limit, so {@link Kind#TEXT_TOO_LONG} records are just
   *     over it
   */
  public Workload(long seed, String prefix, double poisonShare, int maxTextBytes) {
    if (poisonShare < 0 || poisonShare > 1) {
      throw new IllegalArgumentException("poisonShare must be in [0, 1]: " + poisonShare);
    }
    this.seed = seed;
    this.prefix = prefix;
    this.poisonShare = poisonShare;
    this.maxTextBytes = maxTextBytes;
  }

  /** Record number {@code i}. */
  public Submitted record(long i) {
    SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + i);
    String id = prefix + "-" + i;
    byte[] key = id.getBytes(StandardCharsets.UTF_8);
    Kind kind = Kind.POST;
    if (r.nextDouble() < poisonShare) {
      kind = POISON_KINDS.get(r.nextInt(POISON_KINDS.size()));
    }
    return new Submitted(key, value(kind, id, r), kind);
  }

  private byte[] value(Kind kind, String id, SplittableRandom r) {
    String author = "user-" + r.nextInt(50_000);
    return switch (kind) {
      case POST -> {
        String text = text(r);
        yield utf8(post(id, author, text, Texts.isChinese(text) ? "zh" : "en"));
      }
      case NULL_VALUE -> null;
      case INVALID_UTF8 -> invalidUtf8(id, author);
      case MALFORMED_JSON ->
          utf8(
              "{\"postId\":\"" + id + "\",\"authorId\":\"" + author + "\",\"text\":\"unterminated");
      case NOT_AN_OBJECT ->
          utf8(r.nextBoolean() ? "[\"" + id + "\",\"text\"]" : "\"just a string " + id + "\"");
      case MISSING_FIELD -> utf8("{\"postId\":\"" + id + "\",\"authorId\":\"" + author + "\"}");
      case WRONG_TYPE ->
          utf8("{\"postId\":\"" + id + "\",\"authorId\":\"" + author + "\",\"text\":42}");
      case TEXT_TOO_LONG ->
          utf8(post(id, author, "a".repeat(maxTextBytes + 1 + r.nextInt(1024)), "en"));
      case LONE_SURROGATE ->
          utf8(
              "{\"postId\":\""
                  + id
                  + "\",\"authorId\":\""
                  + author
                  + "\",\"text\":\"broken \\ud83d text\"}");
      case DUPLICATE_KEY ->
          utf8(
              "{\"postId\":\""
                  + id
                  + "\",\"authorId\":\""
                  + author
                  + "\",\"text\":\"one\",\"text\":\"two\"}");
    };
  }

  /**
   * Mostly clean; about 8% fraud and 7% prohibited offers, each one whole violation of the corpus
   * among clean texts. Clean posts and the filler around violations come from disjoint halves of
   * the clean texts, so a clean post never repeats text of a violating one: with near-duplicate
   * blocking on, it is decided on its own words, as a real platform's would be, not blocked as a
   * repeat of a post that once surrounded an offer with the same stock sentences.
   */
  private static String text(SplittableRandom r) {
    boolean zh = r.nextBoolean();
    int parts = lengthInTexts(r);
    double roll = r.nextDouble();
    List<String> bad =
        roll < 0.08 ? Texts.CORPUS.fraud(zh) : roll < 0.15 ? Texts.CORPUS.goods(zh) : null;
    List<String> clean = bad == null ? Texts.CORPUS.clean(zh) : Texts.CORPUS.filler(zh);
    int badAt = bad == null ? -1 : r.nextInt(parts);
    StringBuilder b = new StringBuilder();
    for (int s = 0; s < parts; s++) {
      if (s > 0) {
        b.append('\n');
      }
      List<String> from = s == badAt ? bad : clean;
      b.append(from.get(r.nextInt(from.size())));
    }
    return b.toString();
  }

  /**
   * How many corpus texts a post joins (one is a message of 20-150 characters): 60% one, 30% a
   * paragraph of two to four, 9% several paragraphs, 1% a long article (3-10 KB).
   */
  private static int lengthInTexts(SplittableRandom r) {
    double roll = r.nextDouble();
    if (roll < 0.60) {
      return 1;
    } else if (roll < 0.90) {
      return 2 + r.nextInt(3);
    } else if (roll < 0.99) {
      return 5 + r.nextInt(10);
    }
    return 25 + r.nextInt(25);
  }

  private static String post(String id, String author, String text, String lang) {
    return "{\"postId\":\""
        + id
        + "\",\"authorId\":\""
        + author
        + "\",\"text\":\""
        + new String(JsonStringEncoder.getInstance().quoteAsString(text))
        + "\",\"lang\":\""
        + lang
        + "\",\"channel\":\"timeline\"}";
  }

  /**
   * A well-formed post whose text contains a byte sequence that is not UTF-8 (a lone continuation
   * byte).
   */
  private static byte[] invalidUtf8(String id, String author) {
    byte[] head =
        utf8("{\"postId\":\"" + id + "\",\"authorId\":\"" + author + "\",\"text\":\"bad ");
    byte[] tail = utf8(" bytes\"}");
    byte[] out = new byte[head.length + 2 + tail.length];
    System.arraycopy(head, 0, out, 0, head.length);
    out[head.length] = (byte) 0xC3;
    out[head.length + 1] = (byte) 0x28;
    System.arraycopy(tail, 0, out, head.length + 2, tail.length);
    return out;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
