//! JUnit XML for `promlint check`: CI systems that show test reports show
//! findings as failed test cases.

use super::{display_path, message_with_help, xml_escape, Located};

/// One `<testsuite>` per file with findings, one failed `<testcase>` per
/// finding (named by code and position); a run without findings is one
/// passing test case, so that the report is never empty.
pub fn render(located: &[Located], files_checked: usize) -> String {
    let mut suites = String::new();
    let mut i = 0;
    while i < located.len() {
        let file = &located[i].diagnostic.file;
        let end = located[i..]
            .iter()
            .position(|l| &l.diagnostic.file != file)
            .map_or(located.len(), |n| i + n);
        let path = xml_escape(&display_path(file));
        suites.push_str(&format!(
            "  <testsuite name=\"{path}\" tests=\"{n}\" failures=\"{n}\" errors=\"0\" skipped=\"0\">\n",
            n = end - i
        ));
        for l in &located[i..end] {
            let d = l.diagnostic;
            suites.push_str(&format!(
                "    <testcase name=\"{} at line {}, column {}\" classname=\"{path}\">\n      <failure message=\"{}\" type=\"{}\">{}:{}:{}: {} [{}]&#10;{}</failure>\n    </testcase>\n",
                xml_escape(d.code),
                l.start.line,
                l.start.column,
                xml_escape(&d.message),
                d.severity.as_str(),
                path,
                l.start.line,
                l.start.column,
                d.severity.as_str(),
                xml_escape(d.code),
                xml_escape(&message_with_help(d)),
            ));
        }
        suites.push_str("  </testsuite>\n");
        i = end;
    }
    if located.is_empty() {
        suites.push_str(&format!(
            "  <testsuite name=\"promlint\" tests=\"1\" failures=\"0\" errors=\"0\" skipped=\"0\">\n    <testcase name=\"no problems found in {}\" classname=\"promlint\"/>\n  </testsuite>\n",
            if files_checked == 1 { "1 file".to_string() } else { format!("{files_checked} files") }
        ));
    }
    let tests = located.len().max(1);
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"promlint check\" tests=\"{tests}\" failures=\"{}\" errors=\"0\">\n{suites}</testsuites>\n",
        located.len()
    )
}
