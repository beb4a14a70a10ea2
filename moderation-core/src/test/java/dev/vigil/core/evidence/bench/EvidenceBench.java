package dev.vigil.core.evidence.bench;

import dev.vigil.core.evidence.BlockedPost;
import dev.vigil.core.evidence.ChainHead;
import dev.vigil.core.evidence.ChainVerifier;
import dev.vigil.core.evidence.Evidence;
import dev.vigil.core.evidence.EvidenceChain;
import dev.vigil.core.evidence.EvidenceOpener;
import dev.vigil.core.evidence.EvidenceRecord;
import dev.vigil.core.evidence.EvidenceSealer;
import dev.vigil.core.evidence.InMemoryDataKeyStore;
import dev.vigil.core.evidence.MasterKey;
import dev.vigil.core.evidence.MasterKeyWrapper;
import dev.vigil.core.policy.Action;
import dev.vigil.core.policy.Decision;
import dev.vigil.core.policy.Match;
import dev.vigil.core.policy.MatchKind;
import dev.vigil.core.post.ParseResult;
import dev.vigil.core.post.PostParser;
import dev.vigil.core.privacy.AuthorId;
import dev.vigil.core.privacy.Pseudonymizer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * What the evidence layer costs per blocked post, against a baseline every post already pays:
 * parsing the submitted JSON ({@code parsePost}). Seal = pseudonymise + SHA-256 + AES-GCM under the
 * author's key (its unwrap included); append = canonical JSON + SHA-256; verify = parse + canonical
 * re-serialisation + hash + link check; open = unwrap + AES-GCM decrypt + hash check. A ~300-byte
 * post with a 4-match decision.
 *
 * <p>Run: {@code mvn -o -q -pl moderation-core test-compile} then {@code java -cp
 * moderation-core/target/test-classes:moderation-core/target/classes:$(cat cp.txt)
 * dev.vigil.core.evidence.bench.EvidenceBench} (cp.txt from {@code dependency:build-classpath}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class EvidenceBench {
  private final PostParser parser = new PostParser();
  private EvidenceSealer sealer;
  private EvidenceOpener opener;
  private byte[] post;
  private BlockedPost blocked;
  private Evidence evidence;
  private EvidenceRecord record;
  private byte[] recordBytes;
  private ChainHead head;
  private long n;

  @Setup
  public void setUp() {
    InMemoryDataKeyStore keys =
        new InMemoryDataKeyStore(new MasterKeyWrapper(MasterKey.generate()));
    sealer = new EvidenceSealer(keys, new Pseudonymizer(new byte[32]));
    opener = new EvidenceOpener(keys);
    String text =
        "出售仿真枪出售气枪，价格优惠，加微信 gun8899 详聊，同城可送货，支持货到付款，数量有限先到先得 "
            + "guns for sale no license, contact me on whatsapp for the price list and delivery options";
    post =
        ("{\"postId\":\"p-123456\",\"authorId\":\"user-98765\",\"text\":\""
                + text
                + "\",\"createdAt\":\"2026-11-29T00:00:00Z\",\"lang\":\"zh\",\"channel\":\"listing\"}")
            .getBytes(StandardCharsets.UTF_8);
    Decision d =
        new Decision(
            Action.BLOCK,
            new TreeSet<>(List.of("prohibited_goods", "prohibited_goods/weapons")),
            0.991,
            List.of(
                new Match(
                    "goods.weapons", 1, MatchKind.KEYWORD, "prohibited_goods/weapons", 0, 5, false),
                new Match(
                    "goods.weapons", 1, MatchKind.KEYWORD, "prohibited_goods/weapons", 5, 9, false),
                new Match(
                    "builtin.contact.wechat",
                    1,
                    MatchKind.CONTACT,
                    "contact/wechat",
                    17,
                    24,
                    false),
                new Match(
                    "classifier",
                    1,
                    MatchKind.CLASSIFIER,
                    "prohibited_goods",
                    0,
                    text.length(),
                    false)),
            "2026.11.29-1");
    blocked =
        new BlockedPost(
            "p-123456",
            AuthorId.of("user-98765"),
            post,
            Instant.parse("2026-11-29T00:00:00Z"),
            Instant.parse("2026-11-29T00:00:01Z"),
            "engine",
            d);
    evidence = sealer.seal("ev-1", blocked, "CSL Art. 46, 47", null);
    head = ChainHead.empty(0);
    record = EvidenceChain.append(head, evidence);
    recordBytes = record.toJson();
  }

  @Benchmark
  public ParseResult parsePost() {
    return parser.parse(post);
  }

  @Benchmark
  public Evidence seal() {
    return sealer.seal("ev-" + (n++), blocked, "CSL Art. 46, 47", null);
  }

  @Benchmark
  public EvidenceRecord append() {
    return EvidenceChain.append(head, evidence);
  }

  @Benchmark
  public ChainVerifier.Result verify() {
    ChainVerifier v = new ChainVerifier(0);
    v.accept(0, recordBytes);
    return v.finish();
  }

  @Benchmark
  public byte[] open() {
    return opener.open(record);
  }

  public static void main(String[] args) throws Exception {
    new Runner(new OptionsBuilder().include(EvidenceBench.class.getSimpleName()).build()).run();
  }
}
