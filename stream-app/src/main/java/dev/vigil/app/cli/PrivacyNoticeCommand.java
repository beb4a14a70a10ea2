package dev.vigil.app.cli;

import dev.vigil.app.config.AppConfig;
import dev.vigil.app.notice.BrokerRetentions;
import dev.vigil.app.notice.NoticeMarkdown;
import dev.vigil.app.notice.NoticeMessages;
import dev.vigil.app.notice.ProcessingRegister;
import dev.vigil.app.notice.RegisterBuilder;
import dev.vigil.app.topics.TopicAdmin;
import dev.vigil.app.topics.Topics;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code privacy-notice}: prints the privacy notice (Markdown) or the processing register (JSON) of
 * the service as configured, with each store's retention read from the broker.
 */
@Command(
    name = "privacy-notice",
    mixinStandardHelpOptions = true,
    description = {
      "Prints the privacy notice (CSL Art. 41, PIPL Art. 17) generated from the app's configuration and",
      "the broker's actual topic settings: which personal information is processed, why, on what legal",
      "basis, who sees it, how it is protected, how long each store keeps it, and how to ask for erasure."
    })
final class PrivacyNoticeCommand implements Callable<Integer> {
  enum Format {
    md,
    json
  }

  @Mixin KafkaOptions kafka;

  @Option(names = "--config", description = "The app's properties file.")
  Path configFile;

  @Option(
      names = "--lang",
      defaultValue = "zh",
      description = "zh or en (default: ${DEFAULT-VALUE}).")
  String lang;

  @Option(
      names = "--format",
      defaultValue = "md",
      description =
          "md (the notice) or json (the processing register) (default: ${DEFAULT-VALUE}).")
  Format format;

  @Override
  public Integer call() {
    NoticeMessages messages = NoticeMessages.of(lang);
    Map<String, String> flags = new HashMap<>();
    flags.put(AppConfig.BOOTSTRAP_SERVERS, kafka.given());
    AppConfig config = AppConfig.load(configFile, kafka.env, flags);
    Topics topics = Topics.from(config.properties());
    ProcessingRegister register;
    try (TopicAdmin admin = TopicAdmin.connect(kafka.connection(config))) {
      register =
          new RegisterBuilder(topics, config, messages)
              .build(
                  BrokerRetentions.read(
                      admin.admin(), topics, config.get(AppConfig.APPLICATION_ID)),
                  Instant.now());
    }
    System.out.print(
        format == Format.json ? register.toJson() + "\n" : NoticeMarkdown.render(register));
    return 0;
  }
}
