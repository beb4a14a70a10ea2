package dev.vigil.core.evidence;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;

/**
 * Per-category settings looked up hierarchically: an entry for {@code prohibited_goods} applies to
 * {@code prohibited_goods/weapons} unless that has its own; the most specific entry wins.
 * Immutable.
 *
 * @param <T> the setting
 */
public final class CategoryTable<T> {
  private final TreeMap<String, T> entries;

  public CategoryTable(Map<String, T> entries) {
    this.entries = new TreeMap<>(entries);
    this.entries.forEach(
        (k, v) -> {
          if (k.isBlank() || k.startsWith("/") || k.endsWith("/")) {
            throw new IllegalArgumentException("bad category '" + k + "'");
          }
          Objects.requireNonNull(v, k);
        });
  }

  /** The most specific entry for {@code category} or one of its parents. */
  public Optional<T> lookup(String category) {
    String c = category;
    while (true) {
      T v = entries.get(c);
      if (v != null) {
        return Optional.of(v);
      }
      int slash = c.lastIndexOf('/');
      if (slash < 0) {
        return Optional.empty();
      }
      c = c.substring(0, slash);
    }
  }

  /**
   * The most specific of {@code categories} that has an entry (deepest first, then by name), with
   * that entry: a decision in {@code prohibited_goods} and {@code prohibited_goods/weapons} is
   * about weapons.
   */
  public Optional<Map.Entry<String, T>> first(SortedSet<String> categories) {
    List<String> bySpecificity = new ArrayList<>(categories);
    bySpecificity.sort(
        Comparator.comparingLong((String c) -> -c.chars().filter(ch -> ch == '/').count())
            .thenComparing(Comparator.naturalOrder()));
    for (String c : bySpecificity) {
      Optional<T> v = lookup(c);
      if (v.isPresent()) {
        return Optional.of(Map.entry(c, v.get()));
      }
    }
    return Optional.empty();
  }

  public Map<String, T> entries() {
    return java.util.Collections.unmodifiableMap(entries);
  }
}
