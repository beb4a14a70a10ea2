package dev.vigil.core.rules;

/** Whether a rule acts. */
public enum RuleMode {
  /** Hits count toward the decision. */
  ENFORCE,
  /** Hits are reported (in the decision's matches and in metrics) but never change the action. */
  SHADOW
}
