package dev.vigil.app.cli;

import dev.vigil.core.keyword.LexiconImport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code lexicon import}: converts a plain or houbb {@code word tags} word list into a rule file
 * (shadow mode).
 */
@Command(
    name = "lexicon",
    mixinStandardHelpOptions = true,
    description = "Imports word lists into rule files.",
    subcommands = {LexiconCommand.Import.class})
public final class LexiconCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    System.err.println(
        "usage: lexicon import --in FILE --out FILE.yaml [--format plain|houbb] ...");
    return ExitCodes.USAGE;
  }

  /** The import itself. */
  @Command(
      name = "import",
      mixinStandardHelpOptions = true,
      description = "Writes a rule file with one shadow keyword rule per category.")
  public static final class Import implements Callable<Integer> {
    @Option(
        names = "--in",
        required = true,
        paramLabel = "FILE",
        description = "The word list; '-' for stdin.")
    Path in;

    @Option(
        names = "--out",
        required = true,
        paramLabel = "FILE",
        description = "Rule file to write (.yaml).")
    Path out;

    @Option(
        names = "--format",
        defaultValue = "plain",
        description = "plain (one term per line) or houbb (word tags).")
    String format;

    @Option(
        names = "--category",
        description = "Category of every term of a plain list, e.g. prohibited_goods/weapons.")
    String category;

    @Option(
        names = "--tag",
        paramLabel = "TAG=CATEGORY",
        description =
            "houbb tag mapping (repeatable; default 1=drugs, 2=sex_services, 3=gambling).")
    Map<String, String> tags = new LinkedHashMap<>();

    @Option(
        names = "--id-prefix",
        defaultValue = "imported",
        description = "Rule id prefix (default: ${DEFAULT-VALUE}).")
    String idPrefix;

    @Option(
        names = "--weight",
        defaultValue = "0.5",
        description = "Rule weight (default: ${DEFAULT-VALUE}).")
    double weight;

    @Option(
        names = "--min-length",
        defaultValue = "2",
        description = "Shortest term kept (default: ${DEFAULT-VALUE}).")
    int minLength;

    @Override
    public Integer call() {
      boolean houbb = format.equals("houbb");
      if (!houbb && !format.equals("plain")) {
        System.err.println("--format must be plain or houbb");
        return ExitCodes.USAGE;
      }
      if (!houbb && category == null) {
        System.err.println("a plain list needs --category");
        return ExitCodes.USAGE;
      }
      try (Progress progress = Progress.start("lexicon import", "steps", 3)) {
        progress.stage("reading " + Inputs.name(in));
        String list = Inputs.readString(in);
        progress.update(1);
        progress.stage("converting " + list.lines().count() + " lines");
        LexiconImport.Result r =
            LexiconImport.convert(
                list,
                houbb,
                tags.isEmpty() ? LexiconImport.HOUBB_TAGS : tags,
                category,
                idPrefix,
                weight,
                minLength);
        progress.update(2);
        progress.stage("writing " + out);
        Files.writeString(out, r.yaml(), StandardCharsets.UTF_8);
        progress.update(3);
        System.out.printf(
            "imported %d terms %s, skipped %d: %s%n",
            r.imported(), r.perCategory(), r.skipped(), out);
        return 0;
      } catch (IOException e) {
        System.err.println(ExitCodes.message(e));
        return ExitCodes.INPUT;
      }
    }
  }
}
