package dev.vigil.core.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.core.evidence.BlockedPost;
import dev.vigil.core.evidence.ChainHead;
import dev.vigil.core.evidence.EvidenceChain;
import dev.vigil.core.evidence.EvidenceRecord;
import dev.vigil.core.evidence.EvidenceSealer;
import dev.vigil.core.evidence.InMemoryDataKeyStore;
import dev.vigil.core.evidence.MasterKey;
import dev.vigil.core.evidence.MasterKeyWrapper;
import dev.vigil.core.policy.Action;
import dev.vigil.core.policy.Decision;
import dev.vigil.core.policy.Match;
import dev.vigil.core.policy.MatchKind;
import dev.vigil.core.privacy.AuthorId;
import dev.vigil.core.privacy.Pseudonymizer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class ReportingPolicyTest {
  private final Pseudonymizer pseudonymizer = new Pseudonymizer(new byte[32]);
  private final EvidenceSealer sealer =
      new EvidenceSealer(
          new InMemoryDataKeyStore(new MasterKeyWrapper(MasterKey.generate())), pseudonymizer);

  private EvidenceRecord evidence(String category, Duration elapsed, String policyLegalBasis) {
    Decision d =
        new Decision(
            Action.BLOCK,
            new TreeSet<>(List.of(category)),
            0.97,
            List.of(
                new Match("kw.guns.1", 2, MatchKind.KEYWORD, category, 0, 3, false),
                new Match("shadow.rule", 1, MatchKind.PATTERN, category, 0, 3, true)),
            "pack-7");
    Instant submitted = Instant.parse("2026-11-29T01:00:00Z");
    byte[] post =
        "{\"postId\":\"p-1\",\"authorId\":\"u-secret\",\"text\":\"出售手枪 secret words\"}"
            .getBytes(StandardCharsets.UTF_8);
    BlockedPost b =
        new BlockedPost(
            "p-1", AuthorId.of("u-secret"), post, submitted, submitted.plus(elapsed), "engine", d);
    return EvidenceChain.append(ChainHead.empty(0), sealer.seal("ev-1", b, policyLegalBasis, null));
  }

  @Test
  void aModeratorsCannedReasonTravelsIntoEvidenceAndReport() {
    Decision d =
        new Decision(
            Action.BLOCK,
            new TreeSet<>(List.of("fraud/brushing")),
            0.7,
            List.of(
                new Match("fraud.brushing", 2, MatchKind.KEYWORD, "fraud/brushing", 0, 2, false)),
            "pack-7");
    Instant at = Instant.parse("2026-11-29T01:00:00Z");
    byte[] post =
        "{\"postId\":\"p-2\",\"authorId\":\"u-2\",\"text\":\"刷单\"}"
            .getBytes(StandardCharsets.UTF_8);
    BlockedPost b =
        new BlockedPost(
            "p-2",
            AuthorId.of("u-2"),
            post,
            at,
            at.plusSeconds(60),
            "moderator",
            d,
            "fraud.scam_script",
            "Fraud Law Art. 25");
    EvidenceRecord ev =
        EvidenceChain.append(ChainHead.empty(0), sealer.seal("ev-2", b, b.reasonBasis(), null));
    assertEquals("fraud.scam_script", ev.evidence().reasonKey());
    EvidenceRecord back = EvidenceRecord.parse(ev.toJson());
    assertEquals("fraud.scam_script", back.evidence().reasonKey(), "kept in the chained record");
    assertEquals(ev.hash(), back.hash());
    RegulatorReport r = ReportingPolicy.defaults("shop.example").report(back);
    assertEquals("fraud.scam_script", r.reasonKey());
    assertEquals("Fraud Law Art. 25", r.legalBasis(), "the reason's basis is cited");
    assertTrue(r.summary().contains("reason fraud.scam_script"), r.summary());
    assertEquals("fraud.scam_script", RegulatorReport.fromJson(r.toJson()).reasonKey());
    // Without a reason the records keep the form (and so the hashes) they always had.
    EvidenceRecord plain = evidence("fraud", Duration.ofSeconds(1), "CSL Art. 46, 47");
    assertFalse(new String(plain.toJson(), StandardCharsets.UTF_8).contains("reasonKey"));
    assertFalse(
        new String(ReportingPolicy.defaults("x").report(plain).toJson(), StandardCharsets.UTF_8)
            .contains("reasonKey"));
  }

  @Test
  void aReportCarriesWhatTheAuthorityNeedsAndNoIdentityOrText() {
    ReportingPolicy policy = ReportingPolicy.defaults("shop.example");
    EvidenceRecord ev =
        evidence("prohibited_goods/weapons", Duration.ofSeconds(2), "CSL Art. 46, 47");
    RegulatorReport r = policy.report(ev);
    assertEquals("prohibited_goods/weapons", r.category());
    assertEquals("CSL Art. 46, 47", r.legalBasis());
    assertEquals("p-1", r.postId());
    assertEquals("ev-1", r.evidenceId());
    assertEquals(ev.hash(), r.evidenceHash());
    assertEquals(ReportMode.SANDBOX, r.mode());
    assertEquals(pseudonymizer.pseudonymOf(AuthorId.of("u-secret")), r.author());
    assertEquals(Duration.ofSeconds(2), r.elapsed());
    assertEquals(Duration.ofMinutes(5), r.deadline());
    assertFalse(r.deadlineMissed());
    assertTrue(r.summary().contains("kw.guns.1 v2"), r.summary());
    assertFalse(
        r.summary().contains("shadow.rule"), "shadow rules are not grounds: " + r.summary());
    String json = new String(r.toJson(), StandardCharsets.UTF_8);
    for (String secret : List.of("u-secret", "出售手枪", "secret words")) {
      assertFalse(json.contains(secret), json);
    }
    assertTrue(json.contains("\"mode\":\"sandbox\""), json);
    assertTrue(json.contains("\"deadlineMissed\":false"), json);
    assertEquals(r, RegulatorReport.fromJson(r.toJson()));
  }

  @Test
  void aBlockAfterTheCategoryDeadlineIsFlagged() {
    ReportingPolicy policy = ReportingPolicy.defaults("shop.example");
    RegulatorReport late =
        policy.report(evidence("fraud", Duration.ofMinutes(6), "CSL Art. 46, 47"));
    assertTrue(late.deadlineMissed());
    RegulatorReport onTime =
        policy.report(evidence("fraud", Duration.ofMinutes(5), "CSL Art. 46, 47"));
    assertFalse(onTime.deadlineMissed(), "exactly at the deadline is in time");
    RegulatorReport other = policy.report(evidence("spam", Duration.ofMinutes(6), "CSL Art. 47"));
    assertEquals(Duration.ofMinutes(15), other.deadline());
    assertFalse(other.deadlineMissed());
  }

  @Test
  void aPlatformClockAheadOfOursGivesZeroElapsedNotNegative() {
    RegulatorReport r =
        ReportingPolicy.defaults("x").report(evidence("fraud", Duration.ofSeconds(-3), "b"));
    assertEquals(Duration.ZERO, r.elapsed());
  }

  @Test
  void reportIdsAreStablePerPostAndPlatform() {
    assertEquals(ReportingPolicy.reportId("a", "p-1"), ReportingPolicy.reportId("a", "p-1"));
    assertNotEquals(ReportingPolicy.reportId("a", "p-1"), ReportingPolicy.reportId("a", "p-2"));
    assertNotEquals(ReportingPolicy.reportId("a", "p-1"), ReportingPolicy.reportId("b", "p-1"));
  }

  @Test
  void policyIsReadFromPropertiesAndValidated() {
    ReportingPolicy p =
        ReportingPolicy.fromProperties(
            Map.of(
                "report.platform-id",
                "shop",
                "report.mode",
                "production",
                "report.category.fraud.deadline",
                "PT1M",
                "report.category.fraud.legal-basis",
                "CSL Art. 47 (fraud)"));
    assertEquals(ReportMode.PRODUCTION, p.mode());
    Decision fraud =
        new Decision(Action.BLOCK, new TreeSet<>(List.of("fraud/investment")), 1, List.of(), "v");
    assertEquals(
        "fraud/investment",
        p.ruleFor(fraud).getKey(),
        "reported under its own, most specific category");
    assertEquals(Duration.ofMinutes(1), p.ruleFor(fraud).getValue().deadline());
    assertEquals("CSL Art. 47 (fraud)", p.legalBasisFor(fraud));
    Decision both =
        new Decision(
            Action.BLOCK,
            new TreeSet<>(List.of("prohibited_goods", "prohibited_goods/drugs")),
            1,
            List.of(),
            "v");
    assertEquals(
        "prohibited_goods/drugs",
        p.ruleFor(both).getKey(),
        "the most specific category is reported");
    Decision unlisted =
        new Decision(Action.BLOCK, new TreeSet<>(List.of("spam", "spam/links")), 1, List.of(), "v");
    assertEquals("spam/links", p.ruleFor(unlisted).getKey());
    assertThrows(IllegalArgumentException.class, () -> ReportingPolicy.fromProperties(Map.of()));
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    ReportingPolicy.fromProperties(
                        Map.of("report.platform-id", "s", "report.mode", "live")))
            .getMessage()
            .contains("sandbox"));
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    ReportingPolicy.fromProperties(
                        Map.of(
                            "report.platform-id",
                            "s",
                            "report.category.fraud.deadline",
                            "5 minutes")))
            .getMessage()
            .contains("report.category.fraud.deadline"));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            ReportingPolicy.fromProperties(
                Map.of("report.platform-id", "s", "report.category.fraud.deadline", "PT0S")));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            ReportingPolicy.fromProperties(
                Map.of("report.platform-id", "s", "report.category.fraud.deadlin", "PT1M")));
  }
}
