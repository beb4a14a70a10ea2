package dev.vigil.app.review;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.app.events.ReviewItem;
import dev.vigil.core.pattern.ContactMask;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Collection;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.util.QueryBuilder;

/**
 * This instance's searchable copy of the pending posts' text: a Lucene index in memory (never on
 * disk, never on a topic) over the review queue's global store, for the console's search, previews
 * and "similar posts". Each held post is opened once, when first seen, by the {@code opener} the
 * app gives (the same sealer the audited read uses); the API audits what it shows of it to a
 * person. Posts that left the queue leave the index at the next {@link #sync}.
 *
 * <p>Han text: Lucene's standard tokenizer makes each ideograph a token, so a search is a phrase
 * query over the analysed words of what was typed ({@code 刷单返利} finds the four characters in a row,
 * {@code gift card} the two words).
 */
public final class QueueIndex implements AutoCloseable {
  /** Longest preview, in UTF-16 code units. */
  public static final int PREVIEW = 160;

  private static final String ID = "id";
  private static final String TEXT = "text";

  private final Supplier<? extends Collection<ReviewItem>> queue;
  private final Function<ReviewItem, JsonNode> opener;
  private final Clock clock;
  private final long minSyncGapMillis;
  private final ContactMask mask = new ContactMask();
  private final StandardAnalyzer analyzer = new StandardAnalyzer();
  private final ByteBuffersDirectory dir = new ByteBuffersDirectory();
  private final IndexWriter writer;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private DirectoryReader reader;
  private long lastSync = Long.MIN_VALUE;

  /**
   * What the console lists of a pending post besides the item: its first line (contacts masked),
   * channel, language, creation time, and keys of its contact details (hashes, for "same contact";
   * never shown).
   *
   * @param enqueuedAt the item's queue time when indexed: a requeued post is indexed again
   * @param readable false when the content could not be opened (erased, not kept)
   */
  public record Entry(
      String postId,
      String enqueuedAt,
      boolean readable,
      String preview,
      String channel,
      String lang,
      String createdAt,
      Set<String> contacts) {}

  /**
   * @param queue every pending item (the instance's copy of the queue: {@link QueueView#all})
   * @param opener the post's JSON, or null when it cannot be opened
   * @param minSyncGap how long a sync holds before the next one reads the store again
   */
  public QueueIndex(
      Supplier<? extends Collection<ReviewItem>> queue,
      Function<ReviewItem, JsonNode> opener,
      Clock clock,
      java.time.Duration minSyncGap) {
    this.queue = queue;
    this.opener = opener;
    this.clock = clock;
    this.minSyncGapMillis = minSyncGap.toMillis();
    try {
      this.writer = new IndexWriter(dir, new IndexWriterConfig(analyzer));
      this.reader = DirectoryReader.open(writer);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Brings the index up to the queue: opens and indexes new posts, drops those that left. At most
   * once per {@code minSyncGap}; cheap when nothing changed (one scan of the store).
   */
  public synchronized void sync() {
    long now = clock.millis();
    if (lastSync != Long.MIN_VALUE && now - lastSync < minSyncGapMillis) {
      return;
    }
    lastSync = now;
    Set<String> seen = new HashSet<>();
    try {
      for (ReviewItem item : queue.get()) {
        seen.add(item.postId());
        Entry known = entries.get(item.postId());
        if (known == null || !known.enqueuedAt().equals(item.enqueuedAt().toString())) {
          add(item);
        }
      }
      for (String id : List.copyOf(entries.keySet())) {
        if (!seen.contains(id)) {
          entries.remove(id);
          writer.deleteDocuments(new Term(ID, id));
        }
      }
      DirectoryReader fresh = DirectoryReader.openIfChanged(reader, writer);
      if (fresh != null) {
        reader.close();
        reader = fresh;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void add(ReviewItem item) throws IOException {
    JsonNode post = opener.apply(item);
    String text = post == null ? null : post.path("text").asText("");
    if (text == null) {
      entries.put(
          item.postId(),
          new Entry(
              item.postId(),
              item.enqueuedAt().toString(),
              false,
              null,
              null,
              null,
              null,
              Set.of()));
      writer.deleteDocuments(new Term(ID, item.postId()));
      return;
    }
    ContactMask.Masked masked = mask.mask(text);
    Set<String> contacts = new HashSet<>();
    for (int[] s : masked.spans()) {
      String c = normalisedContact(text.substring(s[0], s[1]));
      if (!c.isEmpty()) {
        contacts.add(sha256(c));
      }
    }
    entries.put(
        item.postId(),
        new Entry(
            item.postId(),
            item.enqueuedAt().toString(),
            true,
            firstLine(masked.text()),
            field(post, "channel"),
            field(post, "lang"),
            field(post, "createdAt"),
            Set.copyOf(contacts)));
    Document doc = new Document();
    doc.add(new StringField(ID, item.postId(), Field.Store.YES));
    doc.add(new TextField(TEXT, text, Field.Store.NO));
    writer.updateDocument(new Term(ID, item.postId()), doc);
  }

  private static String field(JsonNode post, String name) {
    JsonNode v = post.get(name);
    return v == null || v.isNull() ? null : v.asText();
  }

  /** The first line of {@code text}, at most {@link #PREVIEW} code units, never half a pair. */
  static String firstLine(String text) {
    int end = text.indexOf('\n');
    end = end < 0 ? text.length() : end;
    if (end > PREVIEW) {
      end = PREVIEW;
      if (Character.isHighSurrogate(text.charAt(end - 1))) {
        end--;
      }
    }
    return text.substring(0, end);
  }

  private static String normalisedContact(String s) {
    StringBuilder b = new StringBuilder();
    s.codePoints()
        .filter(Character::isLetterOrDigit)
        .forEach(cp -> b.appendCodePoint(Character.toLowerCase(cp)));
    return b.toString().toLowerCase(Locale.ROOT);
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** What the index holds of a pending post (after the last sync). */
  public Optional<Entry> get(String postId) {
    return Optional.ofNullable(entries.get(postId));
  }

  /**
   * The pending posts whose text contains {@code phrase} (its analysed words, in order).
   *
   * @throws IllegalArgumentException when the phrase has no words to search for
   */
  public synchronized Set<String> search(String phrase) {
    Query q = new QueryBuilder(analyzer).createPhraseQuery(TEXT, phrase);
    if (q == null) {
      throw new IllegalArgumentException("the search has no letters or digits");
    }
    Set<String> out = new HashSet<>();
    try {
      IndexSearcher searcher = new IndexSearcher(reader);
      int max = Math.max(1, reader.maxDoc());
      for (ScoreDoc d : searcher.search(q, max).scoreDocs) {
        out.add(searcher.storedFields().document(d.doc).get(ID));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** The pending posts that share a contact detail with {@code postId} (itself excluded). */
  public Set<String> sameContact(String postId) {
    Entry e = entries.get(postId);
    if (e == null || e.contacts().isEmpty()) {
      return Set.of();
    }
    Set<String> out = new HashSet<>();
    for (Entry other : entries.values()) {
      if (!other.postId().equals(postId)
          && other.contacts().stream().anyMatch(e.contacts()::contains)) {
        out.add(other.postId());
      }
    }
    return out;
  }

  /** Number of posts indexed (readable or not). */
  public int size() {
    return entries.size();
  }

  @Override
  public synchronized void close() {
    try {
      reader.close();
      writer.close();
      dir.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
