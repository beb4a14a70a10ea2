package dev.vigil.core.pattern;

/** A channel through which a post invites the reader to get in touch or pay. */
public enum ContactKind {
  MOBILE("contact/mobile"),
  LANDLINE("contact/landline"),
  QQ("contact/qq"),
  WECHAT("contact/wechat"),
  URL("contact/url"),
  SHORT_LINK("contact/short_link"),
  BANK_CARD("contact/bank_card");

  private final String category;

  ContactKind(String category) {
    this.category = category;
  }

  /** The category reported in matches, e.g. {@code contact/mobile}. */
  public String category() {
    return category;
  }

  /** The id of the built-in rule, e.g. {@code builtin.contact.mobile}. */
  public String ruleId() {
    return "builtin." + category.replace('/', '.');
  }
}
