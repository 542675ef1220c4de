use super::{display_path, Located};
use crate::diagnostic::Severity;
use miette::{
    Diagnostic as MietteDiagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan,
    MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents,
};
use std::fmt;

pub struct HumanOptions {
    pub color: bool,
    /// Terminal width for wrapping.
    pub width: usize,
    /// The findings only, without the closing summary.
    pub quiet: bool,
}

/// A message repeated more than this many times in one file is shown
/// once, with the count and lines of the others.
pub const FOLD_AFTER: usize = 3;

/// The summary per check appears from this many findings on (when they
/// are of two checks or more): below it, the findings are all in view.
pub const SUMMARY_FROM: usize = 10;

/// A file's text under its name, borrowed (miette's `NamedSource` would
/// need a copy of the file for every diagnostic).
struct Named<'a> {
    name: String,
    text: &'a str,
}

impl SourceCode for Named<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        let c = self
            .text
            .read_span(span, context_lines_before, context_lines_after)?;
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            c.data(),
            *c.span(),
            c.line(),
            c.column(),
            c.line_count(),
        )))
    }
}

/// One diagnostic as miette sees it.
struct Report<'a> {
    located: &'a Located<'a>,
    source: Option<Named<'a>>,
}

impl fmt::Debug for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.located.diagnostic.message)
    }
}

impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.located.diagnostic.message)
    }
}

impl std::error::Error for Report<'_> {}

impl MietteDiagnostic for Report<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(self.located.diagnostic.code))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.located.diagnostic.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.located
            .diagnostic
            .help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|s| s as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        self.source.as_ref()?;
        let span = self.located.diagnostic.span;
        Some(Box::new(std::iter::once(
            LabeledSpan::new_primary_with_span(None, (span.start, span.len())),
        )))
    }
}

/// Renders diagnostics with the offending source line and a caret, and a
/// closing summary line.
pub fn render(located: &[Located], files_checked: usize, options: &HumanOptions) -> String {
    let theme = if options.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(options.width)
        .with_links(false);
    let mut out = String::new();
    // Findings of one file with the same code and message: shown once
    // when there are more than FOLD_AFTER of them.
    let mut groups: std::collections::HashMap<(&std::path::Path, &str, &str), Vec<usize>> =
        std::collections::HashMap::new();
    for (i, l) in located.iter().enumerate() {
        let d = l.diagnostic;
        groups
            .entry((d.file.as_path(), d.code, d.message.as_str()))
            .or_default()
            .push(i);
    }
    let mut folded_into: Vec<Option<&[usize]>> = vec![None; located.len()];
    let mut hidden = vec![false; located.len()];
    for members in groups.values() {
        if members.len() > FOLD_AFTER {
            folded_into[members[0]] = Some(&members[1..]);
            for &m in &members[1..] {
                hidden[m] = true;
            }
        }
    }
    for (i, l) in located.iter().enumerate() {
        if hidden[i] {
            continue;
        }
        let source = l.source.map(|s| Named {
            name: display_path(&s.path),
            text: &s.text,
        });
        let report = Report { located: l, source };
        let mut text = String::new();
        if handler.render_report(&mut text, &report).is_err() {
            text = format!("{}\n", l.diagnostic.message);
        }
        // miette names the file in the snippet; without a snippet, say
        // where it is.
        if l.source.is_none() {
            out.push_str(&format!("{}: ", display_path(&l.diagnostic.file)));
        }
        out.push_str(&text);
        if let Some(others) = folded_into[i] {
            let mut lines: Vec<usize> = others.iter().map(|&o| located[o].start.line).collect();
            lines.dedup();
            let mut shown: Vec<String> = lines.iter().take(10).map(|n| n.to_string()).collect();
            if lines.len() > 10 {
                shown.push("…".into());
            }
            let s = if lines.len() == 1 { "" } else { "s" };
            out.push_str(&format!(
                "  … and {} more in this file with the same message (line{s} {})\n",
                others.len(),
                shown.join(", ")
            ));
        }
        out.push('\n');
    }
    if options.quiet {
        return out;
    }
    out.push_str(&by_code(located));
    out.push_str(&summary(located, files_checked));
    out.push('\n');
    out
}

/// The number of findings of each check, most severe first: for a
/// long report, so that errors are not buried under warnings.
fn by_code(located: &[Located]) -> String {
    let counts = super::counts(located.iter().map(|l| l.diagnostic));
    if located.len() < SUMMARY_FROM || counts.len() < 2 {
        return String::new();
    }
    let mut out = String::from("Findings by check:\n");
    for c in counts {
        out.push_str(&format!(
            "  {:<8} {:<36} {:>5}\n",
            c.severity.as_str(),
            c.code,
            c.count
        ));
    }
    out
}

fn summary(located: &[Located], files_checked: usize) -> String {
    let count = |s: Severity| {
        located
            .iter()
            .filter(|l| l.diagnostic.severity == s)
            .count()
    };
    let (e, w, i) = (
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info),
    );
    let files = plural(files_checked, "file");
    if e + w + i == 0 {
        return format!("No problems found in {files}.");
    }
    let mut parts = vec![plural(e, "error"), plural(w, "warning")];
    if i > 0 {
        parts.push(plural(i, "note"));
    }
    format!("Found {} in {files}.", parts.join(", "))
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}
