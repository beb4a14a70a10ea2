package dev.vigil.app.notice;

import dev.vigil.app.notice.ProcessingRegister.Activity;
import dev.vigil.app.notice.ProcessingRegister.DataItem;
import dev.vigil.app.notice.ProcessingRegister.RetentionClass;
import dev.vigil.app.notice.ProcessingRegister.Store;

/**
 * The register as a notice a platform can publish (Markdown). Table cells are escaped: topic names
 * come from the configuration, and a {@code |} in one must not break the table.
 */
public final class NoticeMarkdown {
  private NoticeMarkdown() {}

  public static String render(ProcessingRegister r) {
    NoticeMessages m = NoticeMessages.of(r.lang());
    StringBuilder out = new StringBuilder();
    out.append("# ").append(m.get("title")).append("\n\n");
    out.append(m.get("intro", r.generatedAt())).append("\n\n");
    out.append(m.get("controller", r.platformId(), r.reportMode())).append("\n\n");
    out.append("## ").append(m.get("h.activities")).append("\n\n");
    for (Activity a : r.activities()) {
      out.append("### ").append(a.name()).append("\n\n");
      out.append("- **").append(m.get("label.purpose")).append("**: ").append(a.purpose());
      out.append("\n- **").append(m.get("label.basis")).append("**: ").append(a.legalBasis());
      out.append("\n- **").append(m.get("label.data")).append("**:");
      for (DataItem d : a.personalData()) {
        out.append("\n  - ").append(d.description());
      }
      out.append("\n- **").append(m.get("label.recipients")).append("**:");
      for (String s : a.recipients()) {
        out.append("\n  - ").append(s);
      }
      out.append("\n- **").append(m.get("label.protection")).append("**:");
      for (String s : a.protection()) {
        out.append("\n  - ").append(s);
      }
      out.append("\n- **").append(m.get("label.stores")).append("**: ");
      out.append(String.join(", ", a.stores().stream().map(t -> "`" + cell(t) + "`").toList()));
      out.append("\n\n");
    }
    out.append("## ").append(m.get("h.stores")).append("\n\n");
    out.append("| ")
        .append(m.get("col.topic"))
        .append(" | ")
        .append(m.get("col.holds"))
        .append(" | ")
        .append(m.get("col.retention"))
        .append(" |\n|---|---|---|\n");
    for (Store s : r.stores()) {
      out.append("| `")
          .append(cell(s.topic()))
          .append("` | ")
          .append(cell(s.holdsDescription()))
          .append(" | ")
          .append(cell(s.retention()))
          .append(" |\n");
    }
    out.append("\n## ").append(m.get("h.policy")).append("\n\n");
    for (RetentionClass c : r.retentionPolicy()) {
      out.append("- `retention.")
          .append(c.key())
          .append("`: ")
          .append(c.period())
          .append(" (")
          .append(m.get("duration.days", Long.toString(c.days())))
          .append(")\n");
    }
    out.append("\n## ").append(m.get("h.rights")).append("\n\n");
    out.append("- ").append(r.rights().how()).append("\n");
    out.append("- ").append(r.rights().erasure()).append("\n");
    out.append("- ").append(r.rights().correction()).append("\n");
    out.append("- ").append(r.rights().kept()).append("\n");
    out.append("\n## ").append(m.get("h.access")).append("\n\n");
    out.append(r.access().description()).append("\n");
    return out.toString();
  }

  private static String cell(String s) {
    return s.replace("\\", "\\\\").replace("|", "\\|").replace("`", "'").replace("\n", " ");
  }
}
