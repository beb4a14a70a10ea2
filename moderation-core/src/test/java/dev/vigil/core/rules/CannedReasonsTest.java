package dev.vigil.core.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.core.TestPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pack's taxonomy of canned reasons ({@code reasons.yaml}): read, validated, located. */
class CannedReasonsTest {
  private static final String MANIFEST =
      """
      version: "t-1"
      categories:
        fraud:
          review: 0.5
          block: 0.95
          report: {regulator: true, basis: "Fraud Law Art. 25"}
          subcategories: [loan]
        prohibited_goods: {review: 0.5, block: 0.95}
      policy:
        classifier: {review: 0.7}
      """;

  private static final String RULES =
      """
      rules:
        - id: fraud.loan
          version: 1
          category: fraud/loan
          terms: [贷款]
          tests: {match: [贷款]}
      """;

  private static Path pack(Path dir, String reasons) throws IOException {
    Files.writeString(dir.resolve("pack.yaml"), MANIFEST);
    Files.writeString(dir.resolve("rules.yaml"), RULES);
    if (reasons != null) {
      Files.writeString(dir.resolve("reasons.yaml"), reasons);
    }
    return dir;
  }

  @Test
  void reasonsAreReadWithTheirLabelsAndLegalBasis(@TempDir Path dir) throws Exception {
    RulePack pack =
        RulePack.load(
            pack(
                dir,
                """
                reasons:
                  - key: fraud.script
                    category: fraud
                    label: {en: "Fraud script", zh-CN: "诈骗话术"}
                  - key: fraud.loan_fee
                    category: fraud/loan
                    label: {en: "Loan fee", zh-CN: "贷款收费"}
                    basis: "Own basis"
                  - key: ok.fine
                    action: approve
                    category: any
                    label: {en: "No violation", zh-CN: "未违规"}
                """));
    List<CannedReason> reasons = pack.reasons();
    assertEquals(3, reasons.size());
    CannedReason script = reasons.get(0);
    assertEquals("reject", script.action());
    assertEquals("Fraud Law Art. 25", script.legalBasis(), "the category's basis by default");
    assertEquals("诈骗话术", script.labels().get("zh-CN"));
    assertEquals("reasons.yaml:2", script.source());
    assertEquals("Own basis", reasons.get(1).legalBasis());
    assertTrue(reasons.get(1).appliesTo("fraud/loan"));
    assertTrue(!reasons.get(1).appliesTo("fraud/brushing"));
    assertTrue(script.appliesTo("fraud/loan"));
    assertEquals(null, reasons.get(2).legalBasis());
    assertTrue(reasons.get(2).appliesTo("prohibited_goods/drugs"));
    assertEquals(1, pack.rules().size(), "reasons.yaml is not read as a rule file");
  }

  @Test
  void aPackWithoutReasonsHasNone(@TempDir Path dir) throws Exception {
    assertEquals(List.of(), RulePack.load(pack(dir, null)).reasons());
  }

  @Test
  void badReasonsAreErrorsWithFileAndLine(@TempDir Path dir) throws Exception {
    RulePackException e =
        assertThrows(
            RulePackException.class,
            () ->
                RulePack.load(
                    pack(
                        dir,
                        """
                        reasons:
                          - key: fraud.script
                            category: fraud
                            label: {en: "Fraud script", zh-CN: "诈骗话术"}
                          - key: fraud.script
                            category: weather
                            label: {en: "Again"}
                            colour: red
                          - key: ok.fine
                            action: publish
                            category: any
                            label: {en: "Fine", zh-CN: "好", fr: "bien"}
                            basis: "x"
                        """)));
    String m = String.join("\n", e.problems());
    assertTrue(
        m.contains(
            "reasons.yaml:5: reason fraud.script: duplicate key, first defined at reasons.yaml:2"),
        m);
    assertTrue(
        m.contains("reasons.yaml:5: reason fraud.script: 'category' must be 'any' or one of"), m);
    assertTrue(m.contains("reasons.yaml:5: reason fraud.script: label.zh-CN is required"), m);
    assertTrue(m.contains("reasons.yaml:5: reason fraud.script: unknown key 'colour'"), m);
    assertTrue(m.contains("reasons.yaml:9: reason ok.fine: 'action' must be reject or approve"), m);
    assertTrue(m.contains("reasons.yaml:9: reason ok.fine: unknown key 'label.fr'"), m);
    assertThrows(
        RulePackException.class,
        () -> RulePack.load(pack(dir, "reasons: {key: x}\n")),
        "'reasons' must be a list");
  }

  @Test
  void shippedReasonsLoad() throws Exception {
    RulePack pack = TestPaths.shippedPack();
    assertTrue(pack.reasons().size() >= 5);
    assertTrue(pack.reasons().stream().anyMatch(r -> r.action().equals("approve")));
  }
}
