package dev.vigil.app.bench;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A reproducible stream of submitted records for benchmarks and fault tests: posts of realistic
 * lengths (mostly a sentence or two, some paragraphs, a few long articles), in Chinese and English,
 * mostly clean with some fraud and prohibited-goods offers, plus a chosen share of poison records
 * of every kind the pipeline must dead-letter.
 *
 * <p>Record {@code i} depends only on the seed and {@code i}, so a test can regenerate what it sent
 * instead of remembering it. Every record has a unique key ({@code <prefix>-<i>}); for a post the
 * key is also its {@code postId}, so outputs can be traced to inputs. All texts are written for
 * this project; no third-party data.
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

  private static final String[] CLEAN_EN = {
    "Had the best noodles at the night market near the river today.",
    "Does anyone know a good bike repair shop in the east district?",
    "Our reading club meets on Thursday, new members welcome.",
    "The rain finally stopped and the park is full of kids again.",
    "Just finished my first half marathon, legs are jelly but happy.",
    "Looking for recommendations for a quiet cafe to study in.",
    "The library extended its opening hours for the exam season.",
    "Tried baking sourdough again, the crust came out much better this time.",
    "Photos from the lantern festival are up on my page.",
    "Anyone else watching the football final tonight?",
    "My grandmother taught me how to fold dumplings properly.",
    "Traffic on the ring road is terrible this morning, take the metro.",
  };

  private static final String[] CLEAN_ZH = {
    "今天在河边夜市吃到了最好吃的牛肉面。",
    "有人知道东区哪里有靠谱的自行车修理店吗？",
    "我们读书会周四晚上见面，欢迎新朋友参加。",
    "雨终于停了，公园里又满是孩子们的笑声。",
    "刚跑完人生第一个半程马拉松，腿软但很开心。",
    "求推荐一家安静适合学习的咖啡馆。",
    "图书馆考试周延长了开放时间，大家加油。",
    "又试着做了酸面包，这次外皮烤得好多了。",
    "灯会的照片已经上传到相册了，欢迎来看。",
    "今晚谁和我一起看足球决赛？",
    "奶奶教我怎么包出漂亮的饺子。",
    "早高峰环路堵得厉害，建议坐地铁。",
  };

  private static final String[] FRAUD_EN = {
    "Guaranteed returns every month, double your money, transfer the deposit to our safe account today.",
    "No credit check loan approved today, just pay the loan processing fee first.",
    "Insider stock tips in our group, risk free investment, add me on WeChat to join.",
    "Congratulations, you won a prize! Pay the handling fee first to claim it.",
    "Crypto trading signals with guaranteed returns, message me for the link.",
    "Insider stock tips and guaranteed returns, no credit check loan too, telegram @rich_fast_2026.",
  };

  private static final String[] FRAUD_ZH = {
    "在家兼职刷单，日结佣金，先垫付返款，加微信详聊。",
    "老师带你炒股，内幕消息，稳赚不赔，快进投资理财群。",
    "无抵押贷款，黑户可贷，当天放款，请先缴纳解冻费。",
    "恭喜您中奖了！请先支付手续费即可领取奖品。",
    "动动手指赚钱，抖音点赞兼职，一单三元日结。",
    "在家兼职刷单，日结佣金，加微信 shua5566，内幕消息稳赚不赔。",
  };

  private static final String[] PROHIBITED_EN = {
    "Fake passport and fake id for sale, any name, fast delivery.",
    "Meth for sale, discreet delivery, cash or crypto only.",
    "Bank accounts for sale with full identity sets, contact me on Telegram.",
    "Hidden camera for sale, tiny and impossible to spot.",
    "Online casino with a free bet bonus for new players tonight.",
    "Fake passport for sale, telegram @docs_fast, call 13812345678.",
  };

  private static final String[] PROHIBITED_ZH = {
    "仿真枪出售，子弹出售，全国包邮，隐秘发货。",
    "办证刻章，假身份证，假毕业证，快速出证。",
    "收购银行卡，银行卡四件套，实名齐全价格高。",
    "出售针孔摄像头和窃听器，效果清晰。",
    "线上娱乐城首存送彩金，真人荷官在线发牌。",
    "仿真枪出售，子弹出售，加微信 qiang8899 详聊。",
    "假身份证假毕业证办理，微信 zheng2026 随时联系。",
  };

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
      case POST -> utf8(post(id, author, text(r), r.nextBoolean() ? "zh" : "en"));
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
   * Mostly clean; about 8% fraud and 7% prohibited offers, embedded in ordinary sentences. Offers
   * that give a way to reach the seller are what the shipped policy blocks; the others it holds for
   * review.
   */
  private static String text(SplittableRandom r) {
    boolean zh = r.nextBoolean();
    int sentences = lengthInSentences(r);
    double roll = r.nextDouble();
    String[] bad =
        roll < 0.08
            ? (zh ? FRAUD_ZH : FRAUD_EN)
            : roll < 0.15 ? (zh ? PROHIBITED_ZH : PROHIBITED_EN) : null;
    String[] clean = zh ? CLEAN_ZH : CLEAN_EN;
    int badAt = bad == null ? -1 : r.nextInt(sentences);
    StringBuilder b = new StringBuilder();
    for (int s = 0; s < sentences; s++) {
      if (s > 0 && !zh) {
        b.append(' ');
      }
      b.append(s == badAt ? bad[r.nextInt(bad.length)] : clean[r.nextInt(clean.length)]);
    }
    return b.toString();
  }

  /**
   * 60% one or two sentences, 30% a paragraph, 9% several paragraphs, 1% a long article (~3-6 KB).
   */
  private static int lengthInSentences(SplittableRandom r) {
    double roll = r.nextDouble();
    if (roll < 0.60) {
      return 1 + r.nextInt(2);
    } else if (roll < 0.90) {
      return 3 + r.nextInt(6);
    } else if (roll < 0.99) {
      return 10 + r.nextInt(20);
    }
    return 60 + r.nextInt(60);
  }

  private static String post(String id, String author, String text, String lang) {
    return "{\"postId\":\""
        + id
        + "\",\"authorId\":\""
        + author
        + "\",\"text\":\""
        + text
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
