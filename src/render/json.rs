use super::{display_path, Located};
use serde::Serialize;

#[derive(Serialize)]
struct Document<'a> {
    diagnostics: Vec<Item<'a>>,
    files_checked: usize,
}

#[derive(Serialize)]
struct Item<'a> {
    file: String,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    severity: &'static str,
    code: &'static str,
    message: &'a str,
    help: Option<&'a str>,
}

/// `{"diagnostics": [...], "files_checked": N}`, one line.
pub fn render(located: &[Located], files_checked: usize) -> String {
    let doc = Document {
        diagnostics: located
            .iter()
            .map(|l| Item {
                file: display_path(&l.diagnostic.file),
                line: l.start.line,
                column: l.start.column,
                end_line: l.end.line,
                end_column: l.end.column,
                severity: l.diagnostic.severity.as_str(),
                code: l.diagnostic.code,
                message: &l.diagnostic.message,
                help: l.diagnostic.help.as_deref(),
            })
            .collect(),
        files_checked,
    };
    serde_json::to_string(&doc).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
}
