//! Checkstyle XML, as reviewdog (`-f=checkstyle`) and Jenkins' warnings
//! plugin read it.

use super::{display_path, message_with_help, xml_escape, Located};
use crate::diagnostic::Severity;

/// One `<file>` per file with findings (in path order), one `<error>` per
/// finding; `source` is the check code.
pub fn render(located: &[Located]) -> String {
    let mut out =
        String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<checkstyle version=\"4.3\">\n");
    let mut current: Option<String> = None;
    for l in located {
        let d = l.diagnostic;
        let path = display_path(&d.file);
        if current.as_deref() != Some(path.as_str()) {
            if current.is_some() {
                out.push_str("  </file>\n");
            }
            out.push_str(&format!("  <file name=\"{}\">\n", xml_escape(&path)));
            current = Some(path);
        }
        let severity = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        };
        out.push_str(&format!(
            "    <error line=\"{}\" column=\"{}\" severity=\"{severity}\" message=\"{}\" source=\"{}\"/>\n",
            l.start.line,
            l.start.column,
            xml_escape(&message_with_help(d)),
            xml_escape(d.code),
        ));
    }
    if current.is_some() {
        out.push_str("  </file>\n");
    }
    out.push_str("</checkstyle>\n");
    out
}
