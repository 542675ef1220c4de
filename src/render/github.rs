use super::{display_path, Located};
use crate::diagnostic::Severity;

/// GitHub Actions workflow commands: one `::error file=...,line=...::msg`
/// line per diagnostic.
pub fn render(located: &[Located]) -> String {
    let mut out = String::new();
    for l in located {
        let d = l.diagnostic;
        let level = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let mut message = d.message.clone();
        if let Some(help) = &d.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        out.push_str(&format!(
            "::{level} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
            escape_property(&display_path(&d.file)),
            l.start.line,
            l.start.column,
            l.end.line,
            l.end.column,
            escape_property(d.code),
            escape_data(&message),
        ));
    }
    out
}

/// Escapes as GitHub's toolkit does for the message part.
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes as GitHub's toolkit does for property values.
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}
