package dev.vigil.app.bench;

import dev.vigil.core.classify.Trainer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The natural texts {@link Workload} builds posts from: the shipped pack's starter corpus on the
 * classpath ({@code /vigil-pack/corpus/}), by label and language, each distinct text once, in file
 * order (so a workload is reproducible for one corpus).
 *
 * <p>The clean texts are split in two disjoint halves by position: {@link #clean} for clean posts,
 * {@link #filler} for the ordinary sentences around a violation. Were they one list, most clean
 * posts would share whole messages with some blocked post and, with near-duplicate blocking on, be
 * blocked as its repeat: a workload artefact, not what a platform's posts do.
 */
final class Texts {
  /** The corpus files read, in this order. */
  static final List<String> FILES =
      List.of("clean.jsonl", "clean-commercial.jsonl", "fraud.jsonl", "goods.jsonl");

  static final Texts CORPUS = load("/vigil-pack/corpus/");

  private final List<String> cleanZh;
  private final List<String> cleanEn;
  private final List<String> fillerZh;
  private final List<String> fillerEn;
  private final List<String> fraudZh;
  private final List<String> fraudEn;
  private final List<String> goodsZh;
  private final List<String> goodsEn;

  private Texts(Set<String> clean, Set<String> fraud, Set<String> goods) {
    List<String> zh = new ArrayList<>();
    List<String> en = new ArrayList<>();
    split(clean, zh, en);
    cleanZh = half(zh, 0);
    fillerZh = half(zh, 1);
    cleanEn = half(en, 0);
    fillerEn = half(en, 1);
    fraudZh = new ArrayList<>();
    fraudEn = new ArrayList<>();
    split(fraud, fraudZh, fraudEn);
    goodsZh = new ArrayList<>();
    goodsEn = new ArrayList<>();
    split(goods, goodsZh, goodsEn);
    for (List<String> l :
        List.of(cleanZh, cleanEn, fillerZh, fillerEn, fraudZh, fraudEn, goodsZh, goodsEn)) {
      if (l.isEmpty()) {
        throw new IllegalStateException(
            "the starter corpus lacks a label or language the workload needs");
      }
    }
  }

  /** Clean texts for clean posts. */
  List<String> clean(boolean zh) {
    return zh ? cleanZh : cleanEn;
  }

  /** Clean texts around a violation; none of them is in {@link #clean}. */
  List<String> filler(boolean zh) {
    return zh ? fillerZh : fillerEn;
  }

  List<String> fraud(boolean zh) {
    return zh ? fraudZh : fraudEn;
  }

  List<String> goods(boolean zh) {
    return zh ? goodsZh : goodsEn;
  }

  /** Whether {@code text} has a CJK ideograph: the workload's zh/en split. */
  static boolean isChinese(String text) {
    return text.codePoints()
        .anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN);
  }

  private static void split(Set<String> texts, List<String> zh, List<String> en) {
    for (String t : texts) {
      (isChinese(t) ? zh : en).add(t);
    }
  }

  private static List<String> half(List<String> l, int parity) {
    List<String> out = new ArrayList<>(l.size() / 2 + 1);
    for (int i = parity; i < l.size(); i += 2) {
      out.add(l.get(i));
    }
    return List.copyOf(out);
  }

  private static Texts load(String dir) {
    Set<String> clean = new LinkedHashSet<>();
    Set<String> fraud = new LinkedHashSet<>();
    Set<String> goods = new LinkedHashSet<>();
    for (String f : FILES) {
      String name = dir + f;
      try (InputStream in = Texts.class.getResourceAsStream(name)) {
        if (in == null) {
          throw new IllegalStateException(name + " is not on the classpath (the rules module)");
        }
        // The corpus's own reader, as the starter model learns it: one message of every line.
        for (Trainer.Example e :
            Trainer.readJsonLines(new String(in.readAllBytes(), StandardCharsets.UTF_8), name)) {
          if (e.text().isBlank()) {
            throw new IllegalStateException(name + ": a post with no text");
          }
          switch (e.label()) {
            case "clean" -> clean.add(e.text());
            case "fraud" -> fraud.add(e.text());
            case "prohibited_goods" -> goods.add(e.text());
            default -> throw new IllegalStateException(name + ": label " + e.label());
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(name, e);
      }
    }
    return new Texts(clean, fraud, goods);
  }
}
