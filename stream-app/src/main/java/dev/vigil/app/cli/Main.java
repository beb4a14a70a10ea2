package dev.vigil.app.cli;

import dev.vigil.app.config.BuildInfo;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code java -jar moderation.jar <command>}: the one entry point. Each command is its own class.
 */
@Command(
    name = "moderation",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Vigil: content moderation on Kafka Streams.",
    subcommands = {
      RunCommand.class,
      BrokerCommand.class,
      PublishCommand.class,
      TailCommand.class,
      EvidenceCommand.class,
      IncidentCommand.class,
      PrivacyNoticeCommand.class,
      UsersCommand.class,
      BenchCommand.class,
      VerifyCommand.class,
      ScanCommand.class,
      EvalCommand.class,
      TrainCommand.class,
      RulesCommand.class,
      LexiconCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs a command and returns its exit code, without exiting (for tests). */
  public static int execute(String... args) {
    return new CommandLine(new Main())
        .setCaseInsensitiveEnumValuesAllowed(true)
        .setExecutionExceptionHandler(
            (e, cmd, parsed) -> {
              cmd.getErr().println(cmd.getColorScheme().errorText("error: " + e.getMessage()));
              return 1;
            })
        .execute(args);
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {BuildInfo.current().describe()};
    }
  }
}
