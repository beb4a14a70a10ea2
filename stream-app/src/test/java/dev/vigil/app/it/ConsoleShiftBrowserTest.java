package dev.vigil.app.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vigil.app.VigilApp;
import dev.vigil.app.broker.EmbeddedBroker;
import dev.vigil.app.rules.LiveRulePack;
import dev.vigil.core.policy.Action;
import dev.vigil.core.policy.Decision;
import dev.vigil.core.policy.Engine;
import dev.vigil.core.policy.Match;
import dev.vigil.core.policy.MatchKind;
import dev.vigil.core.rules.CannedReason;
import dev.vigil.core.rules.PackCategory;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
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
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A moderator's whole shift in the console, in Chinese, in a real headless Chromium against a real
 * broker (issue 16): log in, filter to one rule, search a phrase, open a post, read why it was held
 * (the rule's description, the concept terms that matched), bulk-reject three similar posts with a
 * canned reason, approve one, and find all four decisions, with their reason keys, on the audit
 * page. Driven from the keyboard wherever a moderator would (Enter in the filters, Enter on a queue
 * entry and on the buttons, space on the checkboxes). Screenshots of the queue and the item go to
 * {@code target/} (the README shows them). Skipped where Chromium is not installed.
 */
class ConsoleShiftBrowserTest {
  static final String BRUSHING = "fraud.brushing";
  static final String BRUSHING_DESCRIPTION = "刷单返利：先以小额返利取信，再诱导垫付大额资金。";
  static final String REJECT_REASON = "fraud.scam_script";
  static final String APPROVE_REASON = "ok.no_violation";
  static final String AUTHOR = "u-brushing-author";

  /** Posts of two rules; three of the brushing ones say 返利. */
  static final Map<String, String> POSTS =
      Map.of(
          "s-1", "刷单返利，日结佣金，详情私聊",
          "s-2", "兼职刷单返利，一单一结",
          "s-3", "刷单返利 高佣金 速来",
          "s-4", "刷单 日赚三百 稳赚不赔",
          "g-1", "出售管制刀具 返利");

  /**
   * Holds a post that says 刷单 (a keyword of fraud.brushing, with its concept term 返利 when present)
   * or 管制刀具 (goods.knives); allows the rest.
   */
  static final Engine ENGINE =
      content -> {
        String t = content.text();
        List<Match> matches = new ArrayList<>();
        int i = t.indexOf("刷单");
        if (i >= 0) {
          matches.add(new Match(BRUSHING, 2, MatchKind.KEYWORD, "fraud/brushing", i, i + 2, false));
          int j = t.indexOf("返利");
          if (j >= 0) {
            matches.add(
                new Match(
                    BRUSHING, 2, MatchKind.CONCEPT, "fraud/brushing", j, j + 2, false, "lure:返利"));
          }
          // The classifier, consulted beside the rule, was less sure than the rule.
          return new Decision(
              Action.REVIEW,
              new TreeSet<>(Set.of("fraud/brushing")),
              0.7,
              matches,
              "shift-1",
              0.412);
        }
        i = t.indexOf("管制刀具");
        if (i >= 0) {
          matches.add(
              new Match(
                  "goods.knives",
                  1,
                  MatchKind.KEYWORD,
                  "prohibited_goods/knives",
                  i,
                  i + 4,
                  false));
          return new Decision(
              Action.REVIEW,
              new TreeSet<>(Set.of("prohibited_goods/knives")),
              0.6,
              matches,
              "shift-1");
        }
        return new Decision(Action.ALLOW, new TreeSet<>(), 0.0, List.of(), "shift-1");
      };

  static LiveRulePack.Loaded pack() {
    return new LiveRulePack.Loaded(
        "shift-1",
        ENGINE,
        Map.of(),
        Map.of(
            "fraud",
            new PackCategory(
                "fraud",
                "电信网络诈骗",
                0.5,
                0.97,
                true,
                true,
                "Anti-Telecom and Online Fraud Law Art. 25",
                null,
                List.of(),
                false),
            "prohibited_goods",
            new PackCategory(
                "prohibited_goods",
                "违禁品",
                0.5,
                0.97,
                true,
                true,
                "CSL Art. 46, 47",
                null,
                List.of(),
                false)),
        List.of(),
        Map.of(
            BRUSHING,
            new LiveRulePack.RuleInfo(BRUSHING_DESCRIPTION, "fraud/brushing", 2, false),
            "goods.knives",
            new LiveRulePack.RuleInfo("出售管制刀具。", "prohibited_goods/knives", 1, false)),
        List.of(
            new CannedReason(
                REJECT_REASON,
                "reject",
                "fraud",
                Map.of("en", "Fraud script", "zh-CN", "诈骗话术"),
                "Anti-Telecom and Online Fraud Law Art. 25",
                "reasons.yaml:2"),
            new CannedReason(
                APPROVE_REASON,
                "approve",
                "any",
                Map.of("en", "No violation", "zh-CN", "未违规"),
                null,
                "reasons.yaml:6")));
  }

  @TempDir static Path dir;
  static EmbeddedBroker broker;
  static VigilApp app;
  static ChromeDriver browser;
  static String base;

  @BeforeAll
  static void start() throws Exception {
    assumeTrue(
        Files.isExecutable(ConsoleBrowserTest.CHROMIUM)
            && Files.isExecutable(ConsoleBrowserTest.CHROMEDRIVER),
        "chromium / chromedriver not installed");
    broker = new EmbeddedBroker(0, dir.resolve("kafka")).start();
    app =
        ReviewFixture.startApp(
            broker, dir.resolve("app"), ReviewFixture.usersFile(dir), Map.of(), pack());
    assertTrue(app.awaitRunning(Duration.ofSeconds(90)));
    base = "http://127.0.0.1:" + app.boundHttpPort();
    List<byte[][]> records = new ArrayList<>();
    for (String id : new TreeSet<>(POSTS.keySet())) {
      // The brushing posts are one author's: their history shows on each.
      String post =
          new ReviewFixture.ObjectNodeBuilder()
              .put("postId", id)
              .put("authorId", id.startsWith("s-") ? AUTHOR : "author-" + id)
              .put("text", POSTS.get(id))
              .put("channel", "comment")
              .json();
      records.add(
          new byte[][] {
            id.getBytes(StandardCharsets.UTF_8), post.getBytes(StandardCharsets.UTF_8)
          });
    }
    KafkaTestSupport.publish(broker.bootstrapServers(), app.topics().submitted.name(), records);
    ReviewApiIntegrationTest.awaitQueued(base, "alice", "s-1", "s-2", "s-3", "s-4", "g-1");

    ChromeOptions options = new ChromeOptions();
    options.setBinary(ConsoleBrowserTest.CHROMIUM.toFile());
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--lang=zh-CN",
        "--window-size=1400,1000",
        "--user-data-dir=" + Files.createDirectories(dir.resolve("chromium-profile")));
    options.setExperimentalOption("prefs", Map.of("intl.accept_languages", "zh-CN,zh"));
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(ConsoleBrowserTest.CHROMEDRIVER.toString()))
            .usingAnyFreePort()
            .build();
    browser = new ChromeDriver(service, options);
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
    return new WebDriverWait(browser, Duration.ofSeconds(30));
  }

  private Object js(String script) {
    return ((JavascriptExecutor) browser).executeScript(script);
  }

  private String text(String id) {
    return String.valueOf(js("return document.getElementById('" + id + "').textContent"));
  }

  private List<String> queueIds() {
    return browser.findElements(By.cssSelector("#queue-list li")).stream()
        .map(li -> li.getAttribute("data-post-id"))
        .toList();
  }

  private void awaitQueue(Set<String> ids) {
    try {
      waiting()
          .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
          .until(d -> Set.copyOf(queueIds()).equals(ids));
    } catch (org.openqa.selenium.TimeoutException e) {
      screenshot("console-shift-failure.png");
      throw new AssertionError("queue shows " + queueIds() + ", not " + ids, e);
    }
  }

  private void awaitStatus(String containing) {
    try {
      waiting()
          .until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), containing));
    } catch (org.openqa.selenium.TimeoutException e) {
      screenshot("console-shift-failure.png");
      throw new AssertionError(
          "status never said '" + containing + "'; it says '" + text("status") + "'", e);
    }
  }

  @Test
  void aModeratorWorksAShiftInChinese() throws Exception {
    browser.get(base + "/");
    // Chinese, from the browser's language.
    WebElement name =
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("login-name")));
    assertEquals("zh-CN", js("return document.documentElement.lang"));
    assertEquals("登录", browser.findElement(By.id("login-submit")).getText());
    name.sendKeys("alice");
    browser.findElement(By.id("login-password")).sendKeys(ReviewFixture.PASSWORD, Keys.ENTER);
    waiting()
        .until(ExpectedConditions.textToBePresentInElementLocated(By.id("whoami"), "alice (审核员)"));
    assertEquals("审核队列", browser.findElement(By.id("nav-queue")).getText());
    awaitQueue(POSTS.keySet());

    // Switchable: English and back, every visible string from the other table.
    new Select(browser.findElement(By.id("lang"))).selectByValue("en");
    assertEquals("Queue", browser.findElement(By.id("nav-queue")).getText());
    assertEquals("en", js("return document.documentElement.lang"));
    new Select(browser.findElement(By.id("lang"))).selectByValue("zh-CN");
    assertEquals("审核队列", browser.findElement(By.id("nav-queue")).getText());

    // Previews: the first line, its match highlighted; no post text ever becomes markup.
    WebElement s3 = browser.findElement(By.cssSelector("#queue-list li[data-post-id='s-3']"));
    assertTrue(s3.findElement(By.className("preview")).getText().startsWith("刷单返利"));
    assertEquals("刷单", s3.findElement(By.cssSelector(".preview mark")).getText());

    // Filter to one rule, then search a phrase: Enter in the field applies both.
    WebElement rule = browser.findElement(By.id("filter-rule"));
    rule.sendKeys(BRUSHING, Keys.ENTER);
    awaitQueue(Set.of("s-1", "s-2", "s-3", "s-4"));
    browser.findElement(By.id("filter-q")).sendKeys("返利", Keys.ENTER);
    awaitQueue(Set.of("s-1", "s-2", "s-3"));
    screenshot("console-shift-queue.png");
    assertContrastAA("queue");

    // Open s-1 from the keyboard and read why it was held.
    browser.findElement(By.cssSelector("#queue-list li[data-post-id='s-1']")).sendKeys(Keys.ENTER);
    waiting().until(ExpectedConditions.textToBe(By.id("item-id"), "s-1"));
    waiting().until(d -> text("post-text").equals(POSTS.get("s-1")));
    String why = text("item-why");
    assertTrue(why.contains(BRUSHING + " v2"), why);
    assertTrue(why.contains(BRUSHING_DESCRIPTION), "the rule's description: " + why);
    assertTrue(why.contains("lure:返利"), "the concept term that matched: " + why);
    assertTrue(text("item-facts").contains("规则包 shift-1"), text("item-facts"));
    assertTrue(text("item-facts").contains("分数 0.70"), text("item-facts"));
    assertTrue(text("item-facts").contains("分类模型违规概率 0.412"), text("item-facts"));
    assertTrue(text("item-facts").contains("渠道 comment"), text("item-facts"));
    // The author's history: counts under a pseudonym, never who.
    waiting()
        .until(d -> text("item-history").contains("引擎已处理其 4 条内容（含本条）：4 条待审，0 条拦截；审核员驳回或下架 0 条"));
    assertTrue(!text("item-history").contains(AUTHOR));

    // Similar posts of the same rule: the other three, whatever the search showed.
    waiting()
        .until(
            d -> d.findElements(By.cssSelector("#similar-list input[type=checkbox]")).size() == 3);
    Set<String> similar =
        browser.findElements(By.cssSelector("#similar-list input[type=checkbox]")).stream()
            .map(b -> b.getAttribute("value"))
            .collect(Collectors.toSet());
    assertEquals(Set.of("s-2", "s-3", "s-4"), similar);
    screenshot("console-shift-item.png");
    assertContrastAA("item");

    // Bulk reject the three with a canned reason: space on each checkbox, Enter on the button.
    for (WebElement box : browser.findElements(By.cssSelector("#similar-list input"))) {
      box.sendKeys(Keys.SPACE);
    }
    new Select(browser.findElement(By.id("reason-key"))).selectByValue(REJECT_REASON);
    assertTrue(text("reason-basis").contains("Anti-Telecom and Online Fraud Law Art. 25"));
    browser.findElement(By.id("btn-bulk-reject")).sendKeys(Keys.ENTER);
    awaitStatus("3 条中 3 条已处理");
    // The three rejects join the author's history (read back from the evidence topic).
    long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!text("item-history").contains("审核员驳回或下架 3 条") && System.nanoTime() < until) {
      Thread.sleep(1000);
      browser
          .findElement(By.cssSelector("#queue-list li[data-post-id='s-1']"))
          .sendKeys(Keys.ENTER);
    }
    assertTrue(text("item-history").contains("审核员驳回或下架 3 条"), text("item-history"));

    // Approve the one left open, with a canned approve reason, from the keyboard.
    waiting().until(ExpectedConditions.textToBe(By.id("item-id"), "s-1"));
    new Select(browser.findElement(By.id("reason-key"))).selectByValue(APPROVE_REASON);
    browser.findElement(By.id("btn-approve")).sendKeys(Keys.ENTER);
    awaitStatus("已通过");

    // A moderator has no audit page; the auditor on shift (g then l) sees all four decisions, with
    // their reason keys.
    assertTrue(!browser.findElement(By.id("nav-audit")).isDisplayed(), "no audit page for alice");
    browser.findElement(By.id("logout")).sendKeys(Keys.ENTER);
    name = waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("login-name")));
    name.clear();
    name.sendKeys("ann");
    browser.findElement(By.id("login-password")).sendKeys(ReviewFixture.PASSWORD, Keys.ENTER);
    waiting()
        .until(ExpectedConditions.textToBePresentInElementLocated(By.id("whoami"), "ann (审计员)"));
    browser.findElement(By.tagName("body")).sendKeys("g");
    browser.findElement(By.tagName("body")).sendKeys("l");
    waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("audit-page")));
    browser.findElement(By.id("audit-actor")).sendKeys("alice");
    WebElement action = browser.findElement(By.id("audit-action"));
    List<String> decided = new ArrayList<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      action.sendKeys(Keys.ENTER);
      Thread.sleep(1000);
      decided =
          browser.findElements(By.cssSelector("#audit-rows tr")).stream()
              .filter(
                  tr ->
                      Set.of("reject", "approve").contains(tr.getAttribute("data-action"))
                          && tr.getText().contains("applied"))
              .map(
                  tr ->
                      tr.getAttribute("data-action")
                          + ":"
                          + tr.getAttribute("data-post-id")
                          + ":"
                          + tr.findElements(By.tagName("td")).get(5).getText())
              .sorted()
              .toList();
      if (decided.size() >= 4) {
        break;
      }
    }
    screenshot("console-shift-audit.png");
    assertContrastAA("audit");
    assertEquals(
        List.of(
            "approve:s-1:" + APPROVE_REASON,
            "reject:s-2:" + REJECT_REASON,
            "reject:s-3:" + REJECT_REASON,
            "reject:s-4:" + REJECT_REASON),
        decided);
    assertEquals(true, js("return document.querySelectorAll('script:not([src])').length === 0"));

    // The reason key travelled with each reject into its evidence and its regulator report, which
    // cites the reason's legal basis.
    for (String topic : List.of(app.topics().evidence.name(), app.topics().reports.name())) {
      Map<String, com.fasterxml.jackson.databind.JsonNode> byPost = new java.util.TreeMap<>();
      for (var r :
          KafkaTestSupport.readAll(
              broker.bootstrapServers(), topic, 3, Duration.ofSeconds(1), Duration.ofSeconds(30))) {
        byPost.put(
            new String(r.key(), StandardCharsets.UTF_8),
            dev.vigil.app.json.Json.MAPPER.readTree(r.value()));
      }
      assertEquals(Set.of("s-2", "s-3", "s-4"), byPost.keySet(), topic);
      for (var record : byPost.values()) {
        assertEquals(REJECT_REASON, record.path("reasonKey").asText(), topic + ": " + record);
        assertEquals(
            "Anti-Telecom and Online Fraud Law Art. 25",
            record.path("legalBasis").asText(),
            topic + ": " + record);
      }
    }
  }

  /** What the new endpoints say to bad input: clear 400s, 403s by role; nothing is decided. */
  @Test
  void badInputGetsAClearError() {
    String alice = ReviewFixture.basic("alice");
    ReviewFixture.Reply r =
        ReviewFixture.call(base, "GET", "/api/pack", null, "Authorization", alice);
    assertEquals(200, r.status());
    assertEquals(
        BRUSHING_DESCRIPTION, r.json().path("rules").path(BRUSHING).path("description").asText());
    assertEquals(2, r.json().path("reasons").size());
    assertError(
        "POST",
        "/api/queue/g-1/decision",
        "{\"action\":\"reject\",\"reasonKey\":\"nope\"}",
        alice,
        400,
        "no reason 'nope' in the active rule pack");
    assertError(
        "POST",
        "/api/queue/g-1/decision",
        "{\"action\":\"approve\",\"reasonKey\":\"" + REJECT_REASON + "\"}",
        alice,
        400,
        "is for reject, not approve");
    assertError(
        "POST",
        "/api/queue/g-1/decision",
        "{\"action\":\"reject\"}",
        alice,
        400,
        "'reason' is required");
    assertError(
        "POST",
        "/api/queue/decisions",
        "{\"action\":\"reject\",\"postIds\":[],\"reasonKey\":\"" + REJECT_REASON + "\"}",
        alice,
        400,
        "'postIds' must be a list of 1 to 50 post ids");
    assertError(
        "POST",
        "/api/queue/decisions",
        "{\"action\":\"escalate\",\"postIds\":[\"g-1\"],\"reason\":\"x\"}",
        alice,
        400,
        "bulk decisions are approve or reject");
    assertError(
        "POST",
        "/api/queue/decisions",
        "{\"action\":\"reject\",\"postIds\":[\"g-1\"],\"reason\":\"x\"}",
        ReviewFixture.basic("ann"),
        403,
        "may not act on the queue");
    assertError(
        "GET",
        "/api/queue?q=%EF%BC%8C%EF%BC%8C",
        null,
        alice,
        400,
        "'q': the search has no letters or digits");
    assertError(
        "GET", "/api/queue?sort=newest", null, alice, 400, "'sort' must be oldest or score");
    assertError("GET", "/api/queue?minAge=-1", null, alice, 400, "'minAge' must be between");
    assertError("GET", "/api/audit?actor=alice", null, alice, 403, "may not read the audit log");
    assertEquals(
        200,
        ReviewFixture.call(base, "GET", "/api/queue/g-1/similar", null, "Authorization", alice)
            .status());
  }

  private static void assertError(
      String method, String path, String body, String auth, int status, String message) {
    ReviewFixture.Reply r = ReviewFixture.call(base, method, path, body, "Authorization", auth);
    assertEquals(status, r.status(), path + ": " + r.json());
    assertTrue(r.json().path("error").asText().contains(message), path + ": " + r.json());
  }

  /**
   * WCAG 2.1 AA contrast (1.4.3) of every visible element holding text, as the browser rendered it:
   * its computed colour over the background it actually sits on (semi-transparent layers blended,
   * white under all), at least 4.5:1, or 3:1 for large text (24 px, or 18.66 px bold). Disabled
   * controls are exempt, as WCAG exempts inactive components.
   */
  private void assertContrastAA(String view) {
    @SuppressWarnings("unchecked")
    List<String> low = (List<String>) js(CONTRAST_AA);
    assertEquals(List.of(), low, "text under WCAG AA contrast in the " + view + " view");
  }

  private static final String CONTRAST_AA =
      """
      function rgba(s) {
        const m = /rgba?\\(([^)]+)\\)/.exec(s);
        if (!m) return null;
        const p = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number);
        return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
      }
      function over(fg, bg) {
        const a = fg[3];
        return [0, 1, 2].map((i) => fg[i] * a + bg[i] * (1 - a)).concat([1]);
      }
      function background(el) {
        const layers = [];
        for (let e = el; e; e = e.parentElement) {
          const c = rgba(getComputedStyle(e).backgroundColor);
          if (c && c[3] > 0) {
            layers.push(c);
            if (c[3] >= 1) break;
          }
        }
        let b = [255, 255, 255, 1];
        for (let i = layers.length - 1; i >= 0; i--) b = over(layers[i], b);
        return b;
      }
      function luminance(c) {
        const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
        return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]);
      }
      const low = [];
      for (const el of document.querySelectorAll('body *')) {
        if (![...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim())) continue;
        if (el.matches(':disabled') || el.closest('[aria-disabled=true]')) continue;
        const r = el.getBoundingClientRect();
        const cs = getComputedStyle(el);
        if (r.width === 0 || r.height === 0 || cs.visibility === 'hidden') continue;
        const bg = background(el);
        const fg = over(rgba(cs.color), bg);
        const l1 = luminance(fg), l2 = luminance(bg);
        const ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
        const size = parseFloat(cs.fontSize);
        const large = size >= 24 || (parseInt(cs.fontWeight, 10) >= 700 && size >= 18.66);
        if (ratio < (large ? 3 : 4.5)) {
          low.push(el.tagName + '#' + el.id + '.' + el.className + ' ' + ratio.toFixed(2) + ':1 '
            + cs.color + ' on rgb(' + bg.slice(0, 3).map(Math.round) + ') "'
            + el.textContent.trim().slice(0, 24) + '"');
        }
      }
      return low;
      """;

  private void screenshot(String name) {
    try {
      Files.write(
          Path.of("target", name), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    } catch (Exception e) {
      // a screenshot is a convenience for people, not part of the test
    }
  }
}
