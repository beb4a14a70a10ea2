package dev.vigil.core.evidence;

import dev.vigil.core.policy.Action;
import dev.vigil.core.policy.Decision;
import dev.vigil.core.policy.Match;
import dev.vigil.core.policy.MatchKind;
import dev.vigil.core.privacy.AuthorId;
import dev.vigil.core.privacy.Pseudonymizer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** Builds real, sealed, chained evidence for tests. */
final class Fixtures {
  static final Pseudonymizer PSEUDONYMIZER =
      new Pseudonymizer("test-pseudonym-key-0123456789".getBytes(StandardCharsets.UTF_8));

  final MasterKey masterKey = MasterKey.generate();
  final InMemoryDataKeyStore keys = new InMemoryDataKeyStore(new MasterKeyWrapper(masterKey));
  final EvidenceSealer sealer = new EvidenceSealer(keys, PSEUDONYMIZER);
  final EvidenceOpener opener = new EvidenceOpener(keys);

  static Decision blockDecision(String category) {
    return new Decision(
        Action.BLOCK,
        new TreeSet<>(List.of(category)),
        0.9312345678,
        List.of(
            new Match("kw.fraud.transfer", 3, MatchKind.KEYWORD, category, 4, 12, false),
            new Match("pat.contact.wechat", 1, MatchKind.CONTACT, category, 20, 31, true)),
        "2026.11.1");
  }

  static byte[] postJson(String postId, String author, String text) {
    return ("{\"postId\":\""
            + postId
            + "\",\"authorId\":\""
            + author
            + "\",\"text\":\""
            + text
            + "\"}")
        .getBytes(StandardCharsets.UTF_8);
  }

  static BlockedPost blocked(String postId, String author, String text, String category) {
    return new BlockedPost(
        postId,
        AuthorId.of(author),
        postJson(postId, author, text),
        Instant.parse("2026-11-29T00:00:00.123Z"),
        Instant.parse("2026-11-29T00:00:00.456Z"),
        "engine",
        blockDecision(category));
  }

  Evidence evidence(int i, String author, LegalHold hold) {
    return sealer.seal(
        "ev-" + i,
        blocked("post-" + i, author, "转账到这个账户 secret text " + i, "fraud"),
        "CSL Art. 46, 47",
        hold);
  }

  /** A chain of {@code n} records in partition {@code p}, authors alternating u-alice / u-bob. */
  List<EvidenceRecord> chain(int p, int n) {
    List<EvidenceRecord> out = new ArrayList<>();
    ChainHead head = ChainHead.empty(p);
    for (int i = 0; i < n; i++) {
      EvidenceRecord r =
          EvidenceChain.append(head, evidence(i, i % 2 == 0 ? "u-alice" : "u-bob", null));
      out.add(r);
      head = EvidenceChain.headAfter(r);
    }
    return out;
  }

  static List<byte[]> bytes(List<EvidenceRecord> records) {
    List<byte[]> out = new ArrayList<>();
    for (EvidenceRecord r : records) {
      out.add(r.toJson());
    }
    return out;
  }

  static ChainVerifier.Result verify(int partition, List<byte[]> values) {
    ChainVerifier v = new ChainVerifier(partition);
    for (int i = 0; i < values.size(); i++) {
      v.accept(i, values.get(i));
    }
    return v.finish();
  }
}
