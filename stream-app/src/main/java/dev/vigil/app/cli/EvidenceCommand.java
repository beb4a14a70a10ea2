package dev.vigil.app.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code evidence}: tools over the evidence topic, for operators and auditors. */
@Command(
    name = "evidence",
    mixinStandardHelpOptions = true,
    description =
        "Verify the evidence hash chains; export one record for an authority; release a legal hold (audited).",
    subcommands = {
      EvidenceVerifyCommand.class,
      EvidenceExportCommand.class,
      EvidenceReleaseHoldCommand.class
    })
public final class EvidenceCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
