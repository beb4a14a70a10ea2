package dev.vigil.app.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vigil.app.VigilApp;
import dev.vigil.app.broker.EmbeddedBroker;
import dev.vigil.app.topics.Topics;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in a real headless Chromium (Debian's chromium and chromium-driver): log in, open
 * hostile posts, check their markup is shown as text and ran nothing, then approve and reject with
 * the keyboard and the buttons and check the results on Kafka. Skipped where Chromium is not
 * installed ({@code .ci/install-browser.sh}).
 */
class ConsoleBrowserTest {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  static final String HOSTILE_SCRIPT = "<script>window.__pwned=1;document.title='pwned'</script>";
  static final String HOSTILE_IMG =
      "<img src=x onerror=\"window.__pwned=2;document.title='pwned'\">";
  static final String HOSTILE_TEXT = "reviewme " + HOSTILE_SCRIPT + " and " + HOSTILE_IMG + " end";
  static final String EMOJI_TEXT = "\uD83D\uDE00\uD83D\uDE00 then reviewme <b>not bold</b>";

  @TempDir static Path dir;
  static EmbeddedBroker broker;
  static VigilApp app;
  static ChromeDriver browser;
  static String base;

  @BeforeAll
  static void start() throws Exception {
    assumeTrue(
        Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "chromium / chromedriver not installed");
    broker = new EmbeddedBroker(0, dir.resolve("kafka")).start();
    app =
        ReviewFixture.startApp(broker, dir.resolve("app"), ReviewFixture.usersFile(dir), Map.of());
    assertTrue(app.awaitRunning(Duration.ofSeconds(90)));
    base = "http://127.0.0.1:" + app.boundHttpPort();
    KafkaTestSupport.publish(
        broker.bootstrapServers(),
        app.topics().submitted.name(),
        List.of(
            record("xss-1", HOSTILE_TEXT),
            record("xss-2", EMOJI_TEXT),
            record("blk-1", "sell blockme <i>now</i>")));
    ReviewApiIntegrationTest.awaitQueued(base, "alice", "xss-1", "xss-2");

    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1280,900",
        "--user-data-dir=" + Files.createDirectories(dir.resolve("chromium-profile")));
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
            .usingAnyFreePort()
            .build();
    browser = new ChromeDriver(service, options);
  }

  private static byte[][] record(String id, String text) {
    return new byte[][] {
      id.getBytes(StandardCharsets.UTF_8),
      ReviewFixture.post(id, text).getBytes(StandardCharsets.UTF_8)
    };
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (app != null) {
      app.close();
    }
    if (broker != null) {
      broker.close();
    }
  }

  private WebDriverWait waiting() {
    return new WebDriverWait(browser, Duration.ofSeconds(20));
  }

  private Object js(String script) {
    return ((JavascriptExecutor) browser).executeScript(script);
  }

  private void open(String postId) {
    // The queue re-renders as it refreshes: find and click in one step, again if the element went
    // stale in between.
    waiting()
        .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
        .until(
            d -> {
              WebElement li =
                  ExpectedConditions.elementToBeClickable(
                          By.cssSelector("#queue-list li[data-post-id='" + postId + "']"))
                      .apply(d);
              if (li == null) {
                return false;
              }
              li.click();
              return true;
            });
    waiting().until(ExpectedConditions.textToBe(By.id("item-id"), postId));
    // The text is fetched (and its read audited) after the item shows: wait for it, not a race.
    waiting()
        .until(
            d ->
                !"Loading…"
                    .equals(
                        ((JavascriptExecutor) d)
                            .executeScript(
                                "return document.getElementById('post-text').textContent")));
  }

  private void key(CharSequence k) {
    browser.findElement(By.tagName("body")).sendKeys(k);
  }

  private String awaitStatus(String containing) {
    try {
      waiting()
          .until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), containing));
    } catch (org.openqa.selenium.TimeoutException e) {
      screenshot("console-failure.png");
      throw new AssertionError(
          "status never said '"
              + containing
              + "'; it says '"
              + browser.findElement(By.id("status")).getText()
              + "'",
          e);
    }
    return browser.findElement(By.id("status")).getText();
  }

  @Test
  void hostilePostIsShownAsTextAndDecisionsFlowBackThroughKafka() throws Exception {
    browser.get(base + "/");
    waiting()
        .until(ExpectedConditions.visibilityOfElementLocated(By.id("login-name")))
        .sendKeys("alice");
    browser.findElement(By.id("login-password")).sendKeys(ReviewFixture.PASSWORD);
    browser.findElement(By.id("login-submit")).click();
    waiting()
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("whoami"), "alice (moderator)"));
    assertFalse(
        browser.findElement(By.id("revert-panel")).isDisplayed(),
        "mass revert is for seniors only");

    // The hostile post: its markup is text, nothing ran, no element was created from it.
    open("xss-1");
    WebElement text = browser.findElement(By.id("post-text"));
    assertEquals(HOSTILE_TEXT, js("return document.getElementById('post-text').textContent"));
    assertTrue(text.getText().contains(HOSTILE_SCRIPT), "the <script> characters are visible");
    assertTrue(
        text.getText().contains("<img src=x onerror="), "the <img onerror> characters are visible");
    assertEquals(
        0L,
        js("return document.querySelectorAll('#post-text *:not(mark)').length"),
        "no element from post text");
    assertEquals(0L, js("return document.images.length"), "no <img> anywhere");
    assertEquals(
        0L, js("return document.querySelectorAll('script:not([src])').length"), "no inline script");
    Thread.sleep(500); // give an onerror handler every chance to fire
    assertEquals(true, js("return typeof window.__pwned === 'undefined'"), "no script ran");
    assertFalse(browser.getTitle().contains("pwned"));
    List<WebElement> marks = browser.findElements(By.cssSelector("#post-text mark"));
    assertEquals(1, marks.size());
    assertEquals("reviewme", marks.get(0).getText(), "the matched span is highlighted");
    assertTrue(
        browser.findElement(By.id("item-sla")).getAttribute("class").contains("age"),
        "SLA age shown");
    assertTrue(browser.findElement(By.id("item-sla")).getText().contains("SLA"));

    // Claim and approve with the keyboard.
    key("c");
    awaitStatus("Claimed");
    screenshot("console-hostile-post.png");
    browser.findElement(By.id("reason")).sendKeys("markup only, no fraud");
    browser.findElement(By.id("reason")).sendKeys(Keys.ESCAPE);
    key("a");
    awaitStatus("Approved");
    screenshot("console-after-approve.png");

    // Offsets are UTF-16 code units: the match after two astral emoji is still highlighted exactly.
    open("xss-2");
    assertEquals("reviewme", browser.findElement(By.cssSelector("#post-text mark")).getText());
    assertEquals(EMOJI_TEXT, js("return document.getElementById('post-text').textContent"));
    browser.findElement(By.id("btn-reject")).click();
    awaitStatus("Write a reason");
    browser.findElement(By.id("reason")).sendKeys("scam link");
    browser.findElement(By.id("btn-reject")).click();
    awaitStatus("Rejected");

    Topics topics = app.topics();
    List<ConsumerRecord<byte[], byte[]>> published = byKey(topics.published.name(), "xss-1", 1);
    assertEquals(1, published.size());
    assertArrayEquals(
        record("xss-1", HOSTILE_TEXT)[1], published.get(0).value(), "published as submitted");
    assertEquals(1, byKey(topics.evidence.name(), "xss-2", 1).size(), "the reject filed evidence");
    assertTrue(
        byKey(topics.published.name(), "xss-2", 0).isEmpty(),
        "the rejected post was never published");
    assertEquals(true, js("return typeof window.__pwned === 'undefined'"));

    // A senior sends the engine's blocks of one rule back for review from the console.
    browser.findElement(By.id("logout")).click();
    WebElement name =
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("login-name")));
    name.clear();
    name.sendKeys("sue");
    browser.findElement(By.id("login-password")).sendKeys(ReviewFixture.PASSWORD);
    browser.findElement(By.id("login-submit")).click();
    waiting()
        .until(ExpectedConditions.textToBePresentInElementLocated(By.id("whoami"), "sue (senior)"));
    browser.findElement(By.cssSelector("#revert-panel summary")).click();
    browser.findElement(By.id("revert-rule")).sendKeys("kw.test");
    js("document.getElementById('revert-from').value = '2000-01-01T00:00'");
    browser.findElement(By.id("revert-reason")).sendKeys("kw.test over-blocks");
    browser.findElement(By.id("revert-submit")).click();
    waiting()
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("revert-status"), "1 blocked post(s) of kw.test sent back"));
    open("blk-1");
    assertTrue(browser.findElement(By.id("item-queue")).getText().contains("reverted block"));
    assertEquals("blockme", browser.findElement(By.cssSelector("#post-text mark")).getText());
    screenshot("console-senior-revert.png");
  }

  private static List<ConsumerRecord<byte[], byte[]>> byKey(String topic, String key, int atLeast) {
    return KafkaTestSupport.readAll(
            broker.bootstrapServers(),
            topic,
            atLeast,
            Duration.ofSeconds(1),
            Duration.ofSeconds(30))
        .stream()
        .filter(r -> key.equals(new String(r.key(), StandardCharsets.UTF_8)))
        .toList();
  }

  private void screenshot(String name) {
    try {
      Path out = Path.of("target", name);
      Files.write(out, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    } catch (Exception e) {
      // a screenshot is a convenience for people, not part of the test
    }
  }
}
