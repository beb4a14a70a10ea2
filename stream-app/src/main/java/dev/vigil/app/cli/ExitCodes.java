package dev.vigil.app.cli;

import dev.vigil.core.rules.RulePackException;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.TimeoutException;
import picocli.CommandLine;

/**
 * The one exit-code table of every command (README, "Exit codes"). A command returns {@link #OK} or
 * {@link #CHECK_FAILED} itself; errors it does not handle are thrown and mapped here by {@link
 * Main}'s exception handler ({@link #of(Throwable)}), so the same kind of error gives the same code
 * whatever the command.
 */
public final class ExitCodes {
  /** The command did its work; a check it made holds. */
  public static final int OK = 0;

  /**
   * A check failed: the invariant, an evidence chain, a rule test, a rule pack that does not
   * validate, a bad line in a scan, a publish the broker refused.
   */
  public static final int CHECK_FAILED = 1;

  /** The command line is wrong: unknown option, missing or bad value (picocli's usage errors). */
  public static final int USAGE = 2;

  /**
   * An input could not be read or used: a missing or unreadable file, a parse error, a rule pack
   * that does not load for a command that only uses it, a topic that does not exist.
   */
  public static final int INPUT = 3;

  /**
   * The Kafka cluster could not be used: unreachable (a client timed out), or it refused the
   * client's credentials or ACLs.
   */
  public static final int UNREACHABLE = 4;

  private ExitCodes() {}

  /** The exit code of an exception a command did not handle. */
  public static int of(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof TimeoutException
          || t instanceof java.util.concurrent.TimeoutException
          || t instanceof AuthenticationException
          || t instanceof AuthorizationException
          || t instanceof org.apache.kafka.common.errors.DisconnectException
          || t instanceof org.apache.kafka.common.errors.NetworkException) {
        return UNREACHABLE;
      }
      if (t instanceof CommandLine.ParameterException) {
        return USAGE;
      }
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof IOException
          || t instanceof UncheckedIOException
          || t instanceof RulePackException
          || t instanceof IllegalArgumentException
          || t instanceof java.time.format.DateTimeParseException) {
        return INPUT;
      }
      if (t instanceof CheckFailed) {
        return CHECK_FAILED;
      }
    }
    // Anything else is a fault of ours or of the environment; not a usage or input error.
    return CHECK_FAILED;
  }

  /** A check that failed, thrown where returning {@link #CHECK_FAILED} is awkward. */
  public static final class CheckFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CheckFailed(String message) {
      super(message);
    }
  }

  /** {@code CommandLine}'s handlers: this table for exceptions, {@link #USAGE} for usage. */
  static CommandLine configure(CommandLine cmd) {
    return cmd.setExitCodeExceptionMapper(ExitCodes::of)
        .setExecutionExceptionHandler(
            (e, c, parsed) -> {
              c.getErr().println(c.getColorScheme().errorText("error: " + message(e)));
              c.getErr().flush();
              return of(e);
            })
        .setParameterExceptionHandler(
            (e, args) -> {
              CommandLine c = e.getCommandLine();
              c.getErr().println(c.getColorScheme().errorText(e.getMessage()));
              if (!CommandLine.UnmatchedArgumentException.printSuggestions(e, c.getErr())) {
                c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help'.");
              }
              c.getErr().flush();
              return USAGE;
            });
  }

  /** The message of an exception, with its type when it has none. */
  static String message(Throwable e) {
    if (e instanceof UncheckedIOException && e.getCause() != null && e.getMessage() == null) {
      e = e.getCause();
    }
    String m = e.getMessage();
    if (e instanceof java.nio.file.NoSuchFileException) {
      return "no such file: " + m;
    }
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied: " + m;
    }
    return m == null ? e.getClass().getSimpleName() : m;
  }
}
