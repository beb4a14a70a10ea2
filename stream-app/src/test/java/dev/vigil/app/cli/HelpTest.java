package dev.vigil.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.app.cli.CliTestSupport.Run;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command's {@code --help} renders (descriptions are format strings) and exits 0. */
class HelpTest {
  @Test
  void everyCommandsHelpRenders() {
    List<List<String>> commands = new ArrayList<>();
    walk(new CommandLine(new Main()), new ArrayList<>(), commands);
    assertTrue(commands.size() > 15, commands.toString());
    for (List<String> c : commands) {
      List<String> args = new ArrayList<>(c);
      args.add("--help");
      Run r = CliTestSupport.run(args.toArray(String[]::new));
      assertEquals(ExitCodes.OK, r.exit(), c + ": " + r.err());
      assertTrue(r.out().startsWith("Usage: "), c + ": " + r.out());
    }
    Run tail = CliTestSupport.run("tail", "--help");
    assertTrue(
        tail.out().contains("%p partition") && tail.out().contains("-b, --bootstrap-server"),
        tail.out());
  }

  private static void walk(CommandLine cmd, List<String> path, List<List<String>> out) {
    cmd.getSubcommands()
        .forEach(
            (name, sub) -> {
              if (name.equals("help")) {
                return;
              }
              List<String> p = new ArrayList<>(path);
              p.add(name);
              out.add(p);
              walk(sub, p, out);
            });
  }
}
