package dev.vigil.app.rules;

import dev.vigil.app.metrics.VigilMetrics;
import dev.vigil.core.rules.Rule;
import dev.vigil.core.rules.RulePack;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Wires rule packs from moderation-core into the app: how to load one, and what to tell metrics
 * when one loads.
 */
public final class RulePacks {
  private RulePacks() {}

  /**
   * @param dir the pack directory, or null for the pack shipped in the jar
   * @param model a classifier model overriding the pack's, or null
   */
  public static LiveRulePack.Loader loader(Path dir, Path model) {
    return () -> {
      RulePack pack =
          dir == null
              ? (model == null ? RulePack.loadDefault() : RulePack.loadDefault(model))
              : (model == null ? RulePack.load(dir) : RulePack.load(dir, model));
      // A pack goes live only if every rule passes its own tests, on reload as at build time.
      java.util.List<String> failures = pack.test();
      if (!failures.isEmpty()) {
        throw new dev.vigil.core.rules.RulePackException(failures);
      }
      return loaded(pack);
    };
  }

  /**
   * A loaded pack as the app holds it: version, engine, rule fingerprints, categories and the rule
   * tests' texts (for the warm-up), in rule order.
   */
  public static LiveRulePack.Loaded loaded(RulePack pack) {
    Map<String, String> fingerprints = new HashMap<>();
    Map<String, LiveRulePack.RuleInfo> info = new HashMap<>();
    java.util.List<String> texts = new java.util.ArrayList<>();
    for (Rule r : pack.rules()) {
      fingerprints.put(r.id(), r.fingerprint());
      info.put(
          r.id(),
          new LiveRulePack.RuleInfo(
              r.description(),
              r.category(),
              r.version(),
              r.mode() == dev.vigil.core.rules.RuleMode.SHADOW));
      texts.addAll(r.mustMatch());
      texts.addAll(r.mustNotMatch());
    }
    return new LiveRulePack.Loaded(
        pack.version(),
        pack.engine(),
        fingerprints,
        pack.categories(),
        texts,
        info,
        pack.reasons());
  }

  public static LiveRulePack.Listener metricsListener(VigilMetrics metrics) {
    return new LiveRulePack.Listener() {
      @Override
      public void activated(String version) {
        metrics.rulePackActivated(version);
        metrics.rulePackReload(true);
      }

      @Override
      public void rejected(String message) {
        metrics.rulePackReload(false);
      }
    };
  }
}
