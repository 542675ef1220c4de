use crate::checks::{declare_rule, Check, Sink};
use crate::project::Project;
use crate::syntax::yaml::LoadErrorKind;

declare_rule! {
    /// The file is not valid YAML (or JSON, for `.json` files), so nothing
    /// after the error could be read.
    ///
    /// Prometheus refuses to load such a file. The finding points where the
    /// text stops being valid: often a tab used for indentation, a `:` in
    /// an unquoted value, or a list item placed under a mapping key at the
    /// wrong indentation. Nesting deeper than promlint reads, and aliases
    /// that expand to huge documents, are reported here too.
    pub static RULE = ("yaml/syntax", Error, "The file is not valid YAML or JSON");
}

pub const CHECK: Check = Check { rule: &RULE, run };

fn run(project: &Project, sink: &mut Sink) {
    for (i, file) in project.files.iter().enumerate() {
        for e in &file.load_errors {
            let help = match e.kind {
                LoadErrorKind::DuplicateKey { .. } => continue,
                LoadErrorKind::Syntax => {
                    "fix the YAML at this point; quote values that contain `: `, `#` or start with special characters"
                }
                LoadErrorKind::TooDeep => "flatten the structure: no monitoring file needs such nesting",
                LoadErrorKind::AliasExpansion => "expand fewer aliases, or write the values out",
            };
            sink.report(i, e.span, e.message.clone(), Some(help.into()));
        }
    }
}
