package dev.vigil.app.cli;

import dev.vigil.app.config.BuildInfo;
import java.util.Map;
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
    // Before any logger exists: Logback reads the settled format when it starts (logback.xml).
    String badLogFormat = LogFormat.settle(System.getProperties(), System.getenv());
    if (badLogFormat != null) {
      System.err.println("error: " + badLogFormat);
      System.exit(ExitCodes.USAGE);
    }
    System.exit(execute(args));
  }

  /** Runs a command and returns its exit code, without exiting (for tests). */
  public static int execute(String... args) {
    return execute(System.getenv(), args);
  }

  /**
   * Runs a command with {@code env} as its environment (the defaults it takes from variables such
   * as {@code VIGIL_BOOTSTRAP_SERVERS}) and returns its exit code ({@link ExitCodes}).
   */
  public static int execute(Map<String, String> env, String... args) {
    return commandLine(env).execute(args);
  }

  /** The command tree with the shared exit codes and environment defaults. */
  static CommandLine commandLine(Map<String, String> env) {
    CommandLine cmd = new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true);
    cmd.setDefaultValueProvider(new EnvDefaults(env));
    giveEnvironment(cmd, Map.copyOf(env));
    return ExitCodes.configure(cmd);
  }

  /** Gives {@code env} to every {@link KafkaOptions} of the tree, mixins of mixins included. */
  private static void giveEnvironment(CommandLine cmd, Map<String, String> env) {
    giveEnvironment(cmd.getCommandSpec(), env);
    cmd.getSubcommands().values().forEach(sub -> giveEnvironment(sub, env));
  }

  private static void giveEnvironment(CommandLine.Model.CommandSpec spec, Map<String, String> env) {
    for (CommandLine.Model.CommandSpec mixin : spec.mixins().values()) {
      if (mixin.userObject() instanceof KafkaOptions k) {
        k.env = env;
      }
      giveEnvironment(mixin, env);
    }
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
