package dev.vigil.core.post;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which fields of a post Vigil keeps (issue 20 item 5, PIPL Art. 6: collect no more than needed).
 * The fields of the post schema ({@link #SCHEMA_FIELDS}) are kept; any other top-level field is
 * dropped unless this policy allows it by name. {@code attributes} is an object whose keys the
 * platform defines: its keys are kept only if allowed by name too, and the default allows none,
 * since a platform-defined key may hold anything (an id card number, a phone) and Vigil's engine
 * reads none of them.
 *
 * <p>Applied once, by {@link PostParser} as it accepts a post, so that {@link Post#json()} and
 * {@link Post#bytes()} are already minimised and every record Vigil writes from a parsed post
 * (published, quarantined, evidence, review items, reports' copies) carries only what this policy
 * keeps: a writer cannot forget to minimise. Minimising the tree rather than each writer's bytes
 * also means one serialisation for all of them. A post with nothing to drop keeps its submitted
 * bytes exactly, so the common case costs nothing and stays byte for byte.
 *
 * <p>Immutable, thread-safe.
 */
public final class FieldPolicy {
  /** The post schema's fields, in the order the README documents them. */
  public static final List<String> SCHEMA_FIELDS =
      List.of("postId", "authorId", "text", "createdAt", "lang", "channel", "attributes");

  /** The field whose keys are platform-defined, filtered by {@link #allowedAttributes()}. */
  public static final String ATTRIBUTES = "attributes";

  /**
   * What a field or attribute name may be: 1 to 128 letters, digits, {@code _ - . : $ @}. Names
   * come from a comma list in the configuration, so no comma, and no space a typo would leave.
   */
  private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N}_.:$@-]{1,128}");

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static final FieldPolicy SCHEMA_ONLY = new FieldPolicy(Set.of(), Set.of());

  private final Set<String> allowedFields;
  private final Set<String> allowedAttributes;
  private final Set<String> kept;

  private FieldPolicy(Collection<String> allowedFields, Collection<String> allowedAttributes) {
    for (String n : allowedFields) {
      checkName(n);
    }
    for (String n : allowedAttributes) {
      checkName(n);
    }
    Set<String> extra = new LinkedHashSet<>(allowedFields);
    SCHEMA_FIELDS.forEach(extra::remove);
    this.allowedFields = Collections.unmodifiableSet(extra);
    this.allowedAttributes = Collections.unmodifiableSet(new LinkedHashSet<>(allowedAttributes));
    Set<String> all = new LinkedHashSet<>(SCHEMA_FIELDS);
    all.addAll(extra);
    this.kept = Collections.unmodifiableSet(all);
  }

  /** The schema's fields only, no attribute keys: the default. */
  public static FieldPolicy schemaOnly() {
    return SCHEMA_ONLY;
  }

  /**
   * The schema's fields, plus {@code fields} (top-level names beyond the schema), and the {@code
   * attributes} keys named in {@code attributes}.
   *
   * @throws IllegalArgumentException naming the first name that is not a field name
   */
  public static FieldPolicy allowing(Collection<String> fields, Collection<String> attributes) {
    if (fields.isEmpty() && attributes.isEmpty()) {
      return SCHEMA_ONLY;
    }
    return new FieldPolicy(fields, attributes);
  }

  /**
   * Checks one configured name.
   *
   * @throws IllegalArgumentException saying what a name may be
   */
  public static void checkName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "'"
              + name
              + "' is not a field name (1 to 128 letters, digits or _ - . : $ @; names are"
              + " separated by commas)");
    }
  }

  /** Top-level fields kept beyond the schema's, in configured order. */
  public Set<String> allowedFields() {
    return allowedFields;
  }

  /** Keys of {@code attributes} kept, in configured order. */
  public Set<String> allowedAttributes() {
    return allowedAttributes;
  }

  /** Every top-level field kept: the schema's, then the allowed ones. */
  public Set<String> keptFields() {
    return kept;
  }

  /**
   * Drops from {@code post} (in place) every field this policy does not keep, and every key of its
   * {@code attributes} object it does not allow. Values of kept fields and allowed keys are kept
   * whole, nested or not.
   *
   * @return whether anything was dropped
   */
  public boolean minimise(ObjectNode post) {
    int before = post.size();
    post.retain(kept);
    boolean dropped = post.size() != before;
    JsonNode attributes = post.get(ATTRIBUTES);
    if (attributes instanceof ObjectNode attrs) {
      int keys = attrs.size();
      attrs.retain(allowedAttributes);
      dropped |= attrs.size() != keys;
    }
    return dropped;
  }

  /**
   * The bytes of a post after {@link #minimise}: {@code submitted} itself when nothing was dropped
   * (byte for byte), else {@code post} written as compact UTF-8 JSON.
   */
  static byte[] bytes(ObjectNode post, byte[] submitted, boolean dropped) {
    if (!dropped) {
      return submitted;
    }
    try {
      return MAPPER.writeValueAsBytes(post);
    } catch (JsonProcessingException e) {
      // A tree the strict parser built (no lone surrogates, bounded depth) always writes.
      throw new IllegalStateException("cannot write a minimised post", e);
    }
  }

  /** For messages: the kept fields and attribute keys. */
  @Override
  public String toString() {
    List<String> attrs = new ArrayList<>(allowedAttributes);
    return "FieldPolicy[fields=" + kept + ", attributes=" + attrs + "]";
  }
}
