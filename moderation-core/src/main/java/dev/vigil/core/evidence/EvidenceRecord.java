package dev.vigil.core.evidence;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.vigil.core.policy.Action;
import dev.vigil.core.policy.Decision;
import dev.vigil.core.policy.Match;
import dev.vigil.core.policy.MatchKind;
import dev.vigil.core.privacy.Pseudonym;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One link of a per-partition evidence chain: the {@link Evidence}, its place in the chain ({@code
 * partition}, {@code seq}), the hash of the record before it and its own hash.
 *
 * <p>The stored form is {@link CanonicalJson}: {@link #toJson()} is a pure function of the fields,
 * and {@link #hash} is the hex SHA-256 of that same form with the {@code hash} member left out. So
 * a verifier recomputes the hash from the parsed fields, and by comparing the stored bytes with
 * {@link #toJson()} it also catches any member added, dropped or re-encoded. Schema:
 *
 * <pre>
 * {"author":"psn_…","blockedAt":"…Z","blockedBy":"engine","contentSha256":"…",
 *  "decision":{"action":"BLOCK","categories":[…],"matches":[{"category","end","kind","ruleId","ruleVersion",
 *              "shadow","start"}…],"rulePackVersion":"…","score":0.93},
 *  "evidenceId":"…","hash":"…","legalBasis":"CSL Art. 47","legalHold":null|{"reason":"…"},
 *  "partition":0,"postId":"…","prevHash":"…","seq":0,
 *  "sealed":{"alg":"AES-256-GCM","ciphertext":"base64","keyId":"…","nonce":"base64"},
 *  "submittedAt":"…Z","v":1}
 * </pre>
 *
 * @param evidence what is kept
 * @param partition the partition whose chain this record belongs to
 * @param seq its position in that chain, from 0
 * @param prevHash hash of the record before it, or {@link #GENESIS} for seq 0
 * @param hash its own hash, as stored (a parsed record may carry a wrong one: see {@link
 *     #computeHash()})
 */
public record EvidenceRecord(
    Evidence evidence, int partition, long seq, String prevHash, String hash) {
  /** The prevHash of the first record of every chain. */
  public static final String GENESIS = "0".repeat(64);

  /** The schema version written in {@code v}. */
  public static final int VERSION = 1;

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .build();

  public EvidenceRecord {
    Objects.requireNonNull(evidence, "evidence");
    Objects.requireNonNull(prevHash, "prevHash");
    Objects.requireNonNull(hash, "hash");
    if (partition < 0 || seq < 0) {
      throw new IllegalArgumentException("partition and seq must not be negative");
    }
  }

  public String evidenceId() {
    return evidence.evidenceId();
  }

  /**
   * The hash this record's content really has (equal to {@link #hash} unless it was tampered with).
   */
  public String computeHash() {
    SortedMap<String, Object> body = tree(false);
    return Evidence.sha256Hex(CanonicalJson.write(body));
  }

  /** The stored, canonical JSON bytes. */
  public byte[] toJson() {
    return CanonicalJson.write(tree(true));
  }

  private SortedMap<String, Object> tree(boolean withHash) {
    Evidence e = evidence;
    SortedMap<String, Object> m = new TreeMap<>();
    m.put("v", VERSION);
    m.put("evidenceId", e.evidenceId());
    m.put("postId", e.postId());
    m.put("partition", partition);
    m.put("seq", seq);
    m.put("prevHash", prevHash);
    if (withHash) {
      m.put("hash", hash);
    }
    m.put("submittedAt", e.submittedAt().toString());
    m.put("blockedAt", e.blockedAt().toString());
    m.put("blockedBy", e.blockedBy());
    m.put("decision", decisionTree(e.decision()));
    m.put("legalBasis", e.legalBasis());
    m.put(
        "legalHold",
        e.legalHold() == null
            ? null
            : new TreeMap<>(java.util.Map.of("reason", e.legalHold().reason())));
    m.put("author", e.author().value());
    m.put("contentSha256", e.contentSha256());
    if (e.reasonKey() != null) {
      // Only when present: records without one keep the canonical form (and hash) they always had.
      m.put("reasonKey", e.reasonKey());
    }
    SortedMap<String, Object> s = new TreeMap<>();
    s.put("alg", Sealed.ALGORITHM);
    s.put("keyId", e.sealed().keyId());
    s.put("nonce", Base64.getEncoder().encodeToString(e.sealed().nonce()));
    s.put("ciphertext", Base64.getEncoder().encodeToString(e.sealed().ciphertext()));
    m.put("sealed", s);
    return m;
  }

  private static SortedMap<String, Object> decisionTree(Decision d) {
    SortedMap<String, Object> m = new TreeMap<>();
    m.put("action", d.action().name());
    m.put("categories", new ArrayList<Object>(d.categories()));
    m.put("score", CanonicalJson.decimal(d.score()));
    m.put("rulePackVersion", d.rulePackVersion());
    List<Object> matches = new ArrayList<>();
    for (Match x : d.matches()) {
      SortedMap<String, Object> mm = new TreeMap<>();
      mm.put("ruleId", x.ruleId());
      mm.put("ruleVersion", x.ruleVersion());
      mm.put("kind", x.kind().name());
      mm.put("category", x.category());
      mm.put("start", x.start());
      mm.put("end", x.end());
      mm.put("shadow", x.shadow());
      if (x.detail() != null) {
        mm.put("detail", x.detail());
      }
      matches.add(mm);
    }
    m.put("matches", matches);
    return m;
  }

  /**
   * Parses stored bytes. Does not check the hash or the canonical form: that is {@link
   * ChainVerifier}'s job.
   *
   * @throws EvidenceFormatException saying which member is missing or malformed
   */
  public static EvidenceRecord parse(byte[] bytes) {
    JsonNode n;
    try {
      n = MAPPER.readTree(bytes);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new EvidenceFormatException("not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new EvidenceFormatException("not valid JSON: " + e.getMessage());
    }
    if (n == null || !n.isObject()) {
      throw new EvidenceFormatException("not a JSON object");
    }
    try {
      long v = integer(n, "v");
      if (v != VERSION) {
        throw new EvidenceFormatException("unsupported evidence schema version " + v);
      }
      JsonNode d = object(n, "decision");
      List<Match> matches = new ArrayList<>();
      for (JsonNode x : array(d, "matches")) {
        matches.add(
            new Match(
                text(x, "ruleId"),
                (int) integer(x, "ruleVersion"),
                MatchKind.valueOf(text(x, "kind")),
                text(x, "category"),
                (int) integer(x, "start"),
                (int) integer(x, "end"),
                bool(x, "shadow"),
                x.path("detail").isTextual() ? x.get("detail").asText() : null));
      }
      TreeSet<String> categories = new TreeSet<>();
      for (JsonNode c : array(d, "categories")) {
        if (!c.isTextual()) {
          throw new EvidenceFormatException("decision.categories must hold strings");
        }
        categories.add(c.asText());
      }
      JsonNode score = d.get("score");
      if (score == null || !score.isNumber()) {
        throw new EvidenceFormatException("decision.score must be a number");
      }
      Decision decision =
          new Decision(
              Action.valueOf(text(d, "action")),
              categories,
              score.doubleValue(),
              matches,
              text(d, "rulePackVersion"));
      JsonNode hold = n.get("legalHold");
      LegalHold legalHold = null;
      if (hold == null) {
        throw new EvidenceFormatException("missing member legalHold");
      } else if (!hold.isNull()) {
        legalHold = new LegalHold(text(hold, "reason"));
      }
      JsonNode s = object(n, "sealed");
      if (!Sealed.ALGORITHM.equals(text(s, "alg"))) {
        throw new EvidenceFormatException("unsupported sealing algorithm " + text(s, "alg"));
      }
      Sealed sealed =
          new Sealed(
              text(s, "keyId"),
              Base64.getDecoder().decode(text(s, "nonce")),
              Base64.getDecoder().decode(text(s, "ciphertext")));
      Evidence evidence =
          new Evidence(
              text(n, "evidenceId"),
              text(n, "postId"),
              Instant.parse(text(n, "submittedAt")),
              Instant.parse(text(n, "blockedAt")),
              text(n, "blockedBy"),
              decision,
              text(n, "legalBasis"),
              legalHold,
              new Pseudonym(text(n, "author")),
              text(n, "contentSha256"),
              sealed,
              n.hasNonNull("reasonKey") ? text(n, "reasonKey") : null);
      long partition = integer(n, "partition");
      if (partition > Integer.MAX_VALUE) {
        throw new EvidenceFormatException("partition out of range");
      }
      return new EvidenceRecord(
          evidence, (int) partition, integer(n, "seq"), text(n, "prevHash"), text(n, "hash"));
    } catch (EvidenceFormatException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new EvidenceFormatException("malformed evidence record: " + e.getMessage());
    }
  }

  private static JsonNode member(JsonNode n, String f) {
    JsonNode v = n.get(f);
    if (v == null || v.isNull()) {
      throw new EvidenceFormatException("missing member " + f);
    }
    return v;
  }

  private static String text(JsonNode n, String f) {
    JsonNode v = member(n, f);
    if (!v.isTextual()) {
      throw new EvidenceFormatException(f + " must be a string");
    }
    return v.asText();
  }

  private static long integer(JsonNode n, String f) {
    JsonNode v = member(n, f);
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      throw new EvidenceFormatException(f + " must be an integer");
    }
    return v.longValue();
  }

  private static boolean bool(JsonNode n, String f) {
    JsonNode v = member(n, f);
    if (!v.isBoolean()) {
      throw new EvidenceFormatException(f + " must be true or false");
    }
    return v.booleanValue();
  }

  private static JsonNode object(JsonNode n, String f) {
    JsonNode v = member(n, f);
    if (!v.isObject()) {
      throw new EvidenceFormatException(f + " must be an object");
    }
    return v;
  }

  private static JsonNode array(JsonNode n, String f) {
    JsonNode v = member(n, f);
    if (!v.isArray()) {
      throw new EvidenceFormatException(f + " must be an array");
    }
    return v;
  }

  @Override
  public String toString() {
    return "EvidenceRecord[" + evidence.evidenceId() + ", p" + partition + " seq " + seq + "]";
  }
}
