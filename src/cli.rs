//! The command line: `promlint check`, `promlint explain`, `promlint test`,
//! `promlint route`, `promlint fix`.

use crate::checks;
use crate::diagnostic::Severity;
use crate::render;
use clap::{Parser, Subcommand, ValueEnum};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(
    name = "promlint",
    version,
    about = "Finds mistakes in Prometheus rules, PromQL and monitoring configuration before they reach production"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Check files and folders (default: the current folder).
    Check(CheckArgs),
    /// Print the documentation of a check.
    Explain(ExplainArgs),
    /// Run rule unit tests written for `promtool test rules`.
    Test(TestArgs),
    /// Show where Alertmanager sends an alert with the given labels, or
    /// print the routing tree (`--tree`).
    Route(RouteArgs),
    /// Serve diagnostics, hovers and code actions to an editor over the
    /// Language Server Protocol (stdin/stdout).
    Server,
    /// Apply the safe fixes promlint knows (deprecated Alertmanager match
    /// fields, fixed rate ranges in dashboards), or show them (`--diff`).
    Fix(FixArgs),
}

#[derive(clap::Args, Debug)]
pub struct FixArgs {
    /// Files and folders to fix (default: the current folder).
    pub paths: Vec<PathBuf>,
    /// Print the changes as a unified diff instead of writing them (exit
    /// 1 when there is something to fix).
    #[arg(long)]
    pub diff: bool,
    /// Only apply fixes of these check codes (repeatable).
    #[arg(long = "only", value_name = "CODE")]
    pub only: Vec<String>,
}

#[derive(clap::Args, Debug)]
pub struct RouteArgs {
    /// The Alertmanager configuration (default: `alertmanager.yml`,
    /// `alertmanager.yaml` or `config.yml` in the current folder), then
    /// the alert's labels as `name=value`.
    #[arg(value_name = "[CONFIG] LABEL=VALUE")]
    pub args: Vec<String>,
    /// Print the routing tree instead.
    #[arg(long)]
    pub tree: bool,
    /// Output format (`mermaid` for `--tree`).
    #[arg(long, value_enum, default_value_t = RouteFormat::Human)]
    pub format: RouteFormat,
    /// Tell whether the routes would be muted at this time (RFC 3339,
    /// such as `2024-05-06T07:08:09Z`).
    #[arg(long, value_name = "TIME")]
    pub at: Option<String>,
    /// Another alert that fires, as `name=value,name=value` (repeatable):
    /// tells whether an inhibit rule mutes this alert.
    #[arg(long, value_name = "LABELS")]
    pub firing: Vec<String>,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum RouteFormat {
    Human,
    Json,
    Mermaid,
}

#[derive(clap::Args, Debug)]
pub struct CheckArgs {
    /// Files and folders to check. Folders are searched recursively,
    /// honouring .gitignore.
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// The lowest severity that makes the exit code 1.
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    pub fail_on: FailOn,
    /// Colour in human output.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
    /// An exposition file (a saved `/metrics` page) whose metrics queries
    /// may use, whatever its name. Repeatable.
    #[arg(long = "metrics", value_name = "PATH")]
    pub metrics: Vec<PathBuf>,
    /// Turn on an opt-in check by its code (repeatable); `promlint explain
    /// --list` marks them.
    #[arg(long = "enable", value_name = "CODE")]
    pub enable: Vec<String>,
    /// The settings file to use, instead of the nearest `.promlint.yml`
    /// (or `.promlint.yaml`) of each path.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Report only findings of these check codes or areas (such as
    /// `promql` or `rules/missing-field`; repeatable or comma-separated).
    #[arg(long, value_name = "CODE|AREA", value_delimiter = ',')]
    pub select: Vec<String>,
    /// Report no findings of these check codes or areas (repeatable or
    /// comma-separated).
    #[arg(long, value_name = "CODE|AREA", value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// Report no findings below this severity.
    #[arg(long, value_enum, value_name = "SEVERITY")]
    pub min_severity: Option<MinSeverity>,
    /// Print the findings only: no summary.
    #[arg(long, short)]
    pub quiet: bool,
    /// Print the number of findings of each check instead of the findings.
    #[arg(long)]
    pub statistics: bool,
    /// Report only findings not recorded in this baseline file.
    #[arg(long, value_name = "FILE", conflicts_with = "write_baseline")]
    pub baseline: Option<PathBuf>,
    /// Record today's findings in this baseline file (and report none).
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
    /// The name of the file read from standard input (`promlint check -`):
    /// findings name it, and it says which settings apply.
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<PathBuf>,
    /// Only check files that git tracks, among those found in folders
    /// (for pre-commit hooks).
    #[arg(long)]
    pub git_tracked_only: bool,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum MinSeverity {
    Info,
    Warning,
    Error,
}

#[derive(clap::Args, Debug)]
pub struct ExplainArgs {
    /// A check code, such as `promql/syntax`.
    #[arg(required_unless_present = "list")]
    pub code: Option<String>,
    /// List every check with its severity and summary.
    #[arg(long)]
    pub list: bool,
}

#[derive(clap::Args, Debug)]
pub struct TestArgs {
    /// Test files, and folders in which every YAML file with a top-level
    /// `tests:` key is a test file (default: the current folder).
    pub paths: Vec<PathBuf>,
    /// Only run test groups whose name matches this regular expression
    /// (repeatable: any of them).
    #[arg(long, value_name = "REGEX")]
    pub run: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TestFormat::Human)]
    pub format: TestFormat,
    /// Compare floats with this relative tolerance (for rounded
    /// expectations), besides exact and `fuzzy_compare` matches.
    #[arg(long, value_name = "REL")]
    pub tolerance: Option<f64>,
    /// Colour in human output.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
    /// Also write the results as JUnit XML to this file (promtool's
    /// `--junit`).
    #[arg(long, value_name = "FILE")]
    pub junit: Option<PathBuf>,
    /// Unknown fields in rule files are no error (promtool's
    /// `--ignore-unknown-fields`); test files stay strict, as in promtool.
    #[arg(long)]
    pub ignore_unknown_fields: bool,
    /// Print each test group's start and end, with its duration and every
    /// series it holds at its last evaluation time, to stderr (promtool's
    /// `--debug`).
    #[arg(long)]
    pub debug: bool,
    /// Show failing alert expectations also as a line diff of the expected
    /// and the firing alerts in JSON (promtool's `--diff`).
    #[arg(long)]
    pub diff: bool,
    /// Prometheus feature flags, comma-separated or repeated (promtool's
    /// `--enable-feature`).
    #[arg(long = "enable-feature", value_name = "FEATURES")]
    pub enable_feature: Vec<String>,
    /// Also report which alerting rules no test group makes fire, which
    /// recording rules no test group gives a result, which routes no alert
    /// of the rules under the paths can reach, and which receivers receive
    /// nothing.
    #[arg(long)]
    pub coverage: bool,
    /// With `--coverage`: exit 1 when less than this share (in percent) of
    /// the alerting rules fire in some test group.
    #[arg(long, value_name = "PERCENT", requires = "coverage")]
    pub fail_under: Option<f64>,
    /// Print a test file for this rule file instead of running tests: for
    /// each alerting rule, input series that make it fire and input series
    /// where it stays silent, with the expected alerts. Other files given
    /// (metric definitions, expositions) tell the checks that explain why
    /// an alert can never fire.
    #[arg(long, value_name = "RULE_FILE")]
    pub scaffold: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum TestFormat {
    Human,
    Json,
    Junit,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum Format {
    Human,
    Json,
    Github,
    /// SARIF 2.1.0 (GitHub code scanning).
    Sarif,
    /// Checkstyle XML (reviewdog, Jenkins).
    Checkstyle,
    /// GitLab Code Quality JSON.
    Gitlab,
    /// JUnit XML: one failed test case per finding.
    Junit,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum FailOn {
    Error,
    Warning,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum Color {
    Auto,
    Always,
    Never,
}

/// Exit codes.
pub const OK: i32 = 0;
pub const FOUND: i32 = 1;
pub const CANNOT_RUN: i32 = 2;

pub fn run(cli: Cli) -> i32 {
    match cli.command {
        Command::Check(args) => check(&args),
        Command::Explain(args) => explain(&args),
        Command::Test(args) => test(&args),
        Command::Route(args) => route(&args),
        Command::Server => crate::server::run(),
        Command::Fix(args) => fix(&args),
    }
}

/// Reads an Alertmanager configuration; `None` names the one in the
/// current folder.
fn load_alertmanager(path: Option<&str>) -> Result<crate::model::FileModel, String> {
    let candidates: Vec<PathBuf> = match path {
        Some(p) => vec![PathBuf::from(p)],
        None => ["alertmanager.yml", "alertmanager.yaml", "config.yml"]
            .iter()
            .map(PathBuf::from)
            .filter(|p| p.is_file())
            .collect(),
    };
    for p in &candidates {
        let text = std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()))?;
        let model = crate::model::model_file(crate::source::SourceFile::new(p.clone(), text), true);
        if model.alertmanager.is_some() {
            return Ok(model);
        }
        if path.is_some() {
            return Err(format!(
                "{}: not an Alertmanager configuration",
                p.display()
            ));
        }
    }
    Err("no Alertmanager configuration here (alertmanager.yml, alertmanager.yaml or config.yml); name one: `promlint route CONFIG LABEL=VALUE...`".into())
}

fn route(args: &RouteArgs) -> i32 {
    use crate::routing;
    let (config, labels): (Option<&str>, &[String]) = match args.args.first() {
        Some(first) if !first.contains('=') || std::path::Path::new(first).is_file() => {
            (Some(first.as_str()), &args.args[1..])
        }
        _ => (None, &args.args[..]),
    };
    let model = match load_alertmanager(config) {
        Ok(m) => m,
        Err(e) => {
            eprintln!("promlint: {e}");
            return CANNOT_RUN;
        }
    };
    let Some(cfg) = model.alertmanager.as_ref() else {
        return CANNOT_RUN;
    };
    let Some(tree) = routing::Node::tree(cfg) else {
        eprintln!(
            "promlint: {}: the configuration has no `route`",
            model.source.path.display()
        );
        return CANNOT_RUN;
    };
    let mut out = std::io::stdout().lock();
    if args.tree {
        let text = match args.format {
            RouteFormat::Mermaid => routing::render::tree_mermaid(&model.source, &tree),
            _ => routing::render::tree_text(&model.source, &tree),
        };
        let _ = out.write_all(text.as_bytes());
        return OK;
    }
    if args.format == RouteFormat::Mermaid {
        eprintln!("promlint: --format mermaid draws the tree: add --tree");
        return CANNOT_RUN;
    }
    let mut alert = routing::Labels::new();
    for l in labels {
        match routing::parse_label(l) {
            Ok((k, v)) => {
                alert.insert(k, v);
            }
            Err(e) => {
                eprintln!("promlint: {e}");
                return CANNOT_RUN;
            }
        }
    }
    let mut firing = Vec::new();
    for f in &args.firing {
        match routing::parse_label_list(f) {
            Ok(l) => firing.push(l),
            Err(e) => {
                eprintln!("promlint: --firing: {e}");
                return CANNOT_RUN;
            }
        }
    }
    let at = match &args.at {
        None => None,
        Some(s) => match routing::time::parse_rfc3339(s) {
            Ok(t) => Some((t, s.as_str())),
            Err(e) => {
                eprintln!("promlint: --at: {e}");
                return CANNOT_RUN;
            }
        },
    };
    let question = routing::render::Question {
        labels: &alert,
        at,
        firing: &firing,
    };
    let answer = routing::render::answer(cfg, &tree, &question);
    let text = match args.format {
        RouteFormat::Json => routing::render::json(&model.source, &question, &answer),
        _ => routing::render::human(cfg, &model.source, &question, &answer),
    };
    let _ = out.write_all(text.as_bytes());
    OK
}

fn check(args: &CheckArgs) -> i32 {
    let reads_stdin = args.paths.iter().any(|p| p.as_os_str() == "-");
    let mut paths: Vec<PathBuf> = args
        .paths
        .iter()
        .filter(|p| p.as_os_str() != "-")
        .cloned()
        .collect();
    if paths.is_empty() && !reads_stdin {
        paths.push(PathBuf::from("."));
    }
    if let Some(bad) = args
        .enable
        .iter()
        .find(|e| !checks::OPT_IN.iter().any(|c| c.rule.code == e.as_str()))
    {
        eprintln!("promlint: `--enable {bad}`: no opt-in check has this code; `promlint explain --list` lists them");
        return CANNOT_RUN;
    }
    for (flag, list) in [("--select", &args.select), ("--ignore", &args.ignore)] {
        if let Some(bad) = list.iter().find(|c| !crate::is_code_or_area(c)) {
            eprintln!("promlint: `{flag} {bad}`: no check or area has this name; `promlint explain --list` lists them");
            return CANNOT_RUN;
        }
    }
    if args.stdin_filename.is_some() && !reads_stdin {
        eprintln!("promlint: --stdin-filename names the file read from standard input: add `-` to the paths");
        return CANNOT_RUN;
    }
    let stdin = if reads_stdin {
        let mut text = String::new();
        if let Err(e) = std::io::Read::read_to_string(&mut std::io::stdin(), &mut text) {
            eprintln!("promlint: cannot read standard input: {e}");
            return CANNOT_RUN;
        }
        Some(crate::Stdin {
            name: args
                .stdin_filename
                .clone()
                .unwrap_or_else(|| PathBuf::from("<stdin>")),
            text,
        })
    } else {
        None
    };
    let writing_baseline = args.write_baseline.is_some();
    let options = crate::Options {
        paths,
        metrics: args.metrics.clone(),
        enable: args.enable.clone(),
        config: args.config.clone(),
        select: args.select.clone(),
        ignore: args.ignore.clone(),
        // A baseline records every finding, whatever the severity shown.
        min_severity: match args.min_severity {
            _ if writing_baseline => None,
            None => None,
            Some(MinSeverity::Info) => Some(Severity::Info),
            Some(MinSeverity::Warning) => Some(Severity::Warning),
            Some(MinSeverity::Error) => Some(Severity::Error),
        },
        baseline: args.baseline.clone(),
        stdin,
        git_tracked_only: args.git_tracked_only,
    };
    let outcome = match crate::check(&options) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("promlint: {}: {}", e.path.display(), e.message);
            return CANNOT_RUN;
        }
    };
    for e in &outcome.path_errors {
        eprintln!("promlint: {}: {}", e.path.display(), e.message);
    }
    if let Some(path) = &args.write_baseline {
        let sources: Vec<_> = outcome.project.files.iter().map(|f| &f.source).collect();
        if let Err(e) = crate::baseline::write(path, &outcome.diagnostics, &sources) {
            eprintln!("promlint: --write-baseline {}: {e}", path.display());
            return CANNOT_RUN;
        }
        eprintln!(
            "promlint: recorded {} in {}",
            match outcome.diagnostics.len() {
                1 => "1 finding".to_string(),
                n => format!("{n} findings"),
            },
            path.display()
        );
        return if outcome.path_errors.is_empty() {
            OK
        } else {
            CANNOT_RUN
        };
    }
    let color = match args.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
    let text = if args.statistics {
        render::statistics(&outcome.diagnostics, args.format == Format::Json)
    } else {
        render_outcome_with(&outcome, args.format, color, terminal_width(), args.quiet)
    };
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        // A closed pipe (`promlint check | head`) is not an error of ours;
        // a full disk is.
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("promlint: cannot write the output: {e}");
            return CANNOT_RUN;
        }
    }
    if !outcome.path_errors.is_empty() {
        eprintln!(
            "promlint: {} could not be read; the other paths were checked",
            match outcome.path_errors.len() {
                1 => "1 path".to_string(),
                n => format!("{n} paths"),
            }
        );
        return CANNOT_RUN;
    }
    if outcome.project.files_checked() == 0 {
        // A gate that checked nothing must not pass.
        let mut shown: Vec<String> = options
            .paths
            .iter()
            .map(|p| p.display().to_string())
            .collect();
        if let Some(s) = &options.stdin {
            shown.push(format!("standard input ({})", s.name.display()));
        }
        eprintln!(
            "promlint: no file that promlint checks was found under {}",
            shown.join(", ")
        );
        return CANNOT_RUN;
    }
    let threshold = match args.fail_on {
        FailOn::Error => Severity::Error,
        FailOn::Warning => Severity::Warning,
    };
    if outcome.diagnostics.iter().any(|d| d.severity >= threshold) {
        FOUND
    } else {
        OK
    }
}

/// The outcome in one of the output formats.
pub fn render_outcome(
    outcome: &crate::Outcome,
    format: Format,
    color: bool,
    width: usize,
) -> String {
    render_outcome_with(outcome, format, color, width, false)
}

/// The outcome in one of the output formats; `quiet` leaves out the
/// summary of human output.
pub fn render_outcome_with(
    outcome: &crate::Outcome,
    format: Format,
    color: bool,
    width: usize,
    quiet: bool,
) -> String {
    let sources: Vec<_> = outcome.project.files.iter().map(|f| &f.source).collect();
    let located = render::locate(&outcome.diagnostics, &sources);
    let files_checked = outcome.project.files_checked();
    match format {
        Format::Json => render::json(&located, files_checked) + "\n",
        Format::Github => render::github(&located),
        Format::Sarif => render::sarif(&located),
        Format::Checkstyle => render::checkstyle(&located),
        Format::Gitlab => render::gitlab(&located),
        Format::Junit => render::junit(&located, files_checked),
        Format::Human => render::human(
            &located,
            files_checked,
            &render::HumanOptions {
                color,
                width,
                quiet,
            },
        ),
    }
}

fn terminal_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(100)
}

/// What `promlint explain CODE` prints: the code, its severity and its
/// documentation.
pub fn explain_text(rule: &crate::checks::Rule) -> String {
    let mut out = format!("{} ({})\n\n", rule.code, rule.severity.as_str());
    for line in rule.docs.lines() {
        out.push_str(line.strip_prefix(' ').unwrap_or(line));
        out.push('\n');
    }
    out
}

fn explain(args: &ExplainArgs) -> i32 {
    if args.list {
        let mut out = String::new();
        for c in checks::default_checks() {
            out.push_str(&format!(
                "{:<28} {:<8} {}\n",
                c.rule.code,
                c.rule.severity.as_str(),
                c.rule.summary
            ));
        }
        for c in checks::OPT_IN {
            out.push_str(&format!(
                "{:<28} {:<8} {} (opt-in: --enable {})\n",
                c.rule.code,
                c.rule.severity.as_str(),
                c.rule.summary,
                c.rule.code
            ));
        }
        for r in checks::settings::AFTER {
            out.push_str(&format!(
                "{:<28} {:<8} {}\n",
                r.code,
                r.severity.as_str(),
                r.summary
            ));
        }
        print!("{out}");
        return OK;
    }
    let code = args.code.as_deref().unwrap_or("");
    match checks::find_rule(code) {
        Some(rule) => {
            print!("{}", explain_text(rule));
            OK
        }
        None => {
            eprintln!(
                "promlint: no check is called `{code}`; `promlint explain --list` lists them"
            );
            CANNOT_RUN
        }
    }
}

fn test(args: &TestArgs) -> i32 {
    use crate::unittest;
    if let Some(rule_file) = &args.scaffold {
        return match unittest::scaffold::scaffold(rule_file, &args.paths) {
            Ok(s) => {
                print!("{}", s.text);
                0
            }
            Err(e) => {
                eprintln!("promlint: {}: {e}", rule_file.display());
                CANNOT_RUN
            }
        };
    }
    let pattern = (!args.run.is_empty()).then(|| args.run.join("|"));
    let run = match pattern.as_deref().map(regex::Regex::new) {
        None => None,
        Some(Ok(re)) => Some(re),
        Some(Err(e)) => {
            eprintln!("promlint: --run: invalid regular expression: {e}");
            return CANNOT_RUN;
        }
    };
    if let Some(t) = args.tolerance {
        if !(t.is_finite() && t >= 0.0) {
            eprintln!("promlint: --tolerance must be a number >= 0");
            return CANNOT_RUN;
        }
    }
    let mut features = unittest::Features::default();
    for feature in args.enable_feature.iter().flat_map(|f| f.split(',')) {
        match feature.trim() {
            // promlint reads this syntax with or without the flag.
            ""
            | "promql-experimental-functions"
            | "promql-extended-range-selectors"
            | "promql-binop-fill-modifiers"
            | "promql-duration-expr" => {}
            "promql-delayed-name-removal" => features.delayed_name_removal = true,
            "type-and-unit-labels" => features.type_and_unit_labels = true,
            f => eprintln!("promlint: warning: unknown feature passed to --enable-feature: {f}"),
        }
    }
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let files = match unittest::discover(&paths) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("promlint: {}: {}", e.path.display(), e.message);
            return CANNOT_RUN;
        }
    };
    let opts = unittest::Options {
        features,
        ignore_unknown_fields: args.ignore_unknown_fields,
        debug: args.debug,
        run,
        compare: unittest::compare::Compare {
            fuzzy: false,
            tolerance: args.tolerance,
        },
    };
    if let Some(p) = args.fail_under {
        if !(0.0..=100.0).contains(&p) {
            eprintln!("promlint: --fail-under takes a percentage from 0 to 100");
            return CANNOT_RUN;
        }
    }
    let tracker = unittest::coverage::Tracker::default();
    let report = if args.coverage {
        unittest::run_files_observed(&files, &opts, &|g, t, ev| tracker.observe(g, t, ev))
    } else {
        unittest::run_files(&files, &opts)
    };
    let coverage = args.coverage.then(|| {
        let configs: Vec<PathBuf> = files
            .iter()
            .filter_map(|f| unittest::routes::config_of(f))
            .collect();
        unittest::coverage::collect(&paths, &tracker, &configs)
    });
    let color = match args.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
    let mut text = match args.format {
        TestFormat::Human if args.diff => {
            unittest::report::human(&report, color) + &unittest::report::alert_json_diffs(&report)
        }
        TestFormat::Human => unittest::report::human(&report, color),
        TestFormat::Json => unittest::report::json(&report),
        TestFormat::Junit => unittest::report::junit(&report),
    };
    if let Some(cov) = &coverage {
        match args.format {
            TestFormat::Human => text.push_str(&unittest::coverage::human(cov)),
            TestFormat::Json => {
                if let Ok(mut doc) = serde_json::from_str::<serde_json::Value>(&text) {
                    doc["coverage"] = unittest::coverage::json(cov);
                    text = serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n";
                }
            }
            // JUnit XML has no place for it: the text goes to stderr.
            TestFormat::Junit => eprint!("{}", unittest::coverage::human(cov)),
        }
    }
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes());
    let _ = out.flush();
    if let Some(path) = &args.junit {
        if let Err(e) = std::fs::write(path, unittest::report::junit(&report)) {
            eprintln!("promlint: --junit {}: {e}", path.display());
            return CANNOT_RUN;
        }
    }
    let under = match (&coverage, args.fail_under) {
        (Some(cov), Some(min)) => {
            let got = cov.alerting_percent();
            if got < min {
                eprintln!(
                    "promlint: {got:.1}% of the alerting rules fire in a test group, under --fail-under {min}"
                );
            }
            got < min
        }
        _ => false,
    };
    if report.has_load_errors() {
        CANNOT_RUN
    } else if report.has_failures() || under {
        FOUND
    } else {
        OK
    }
}

/// `promlint fix`: checks the paths, then applies (or, with `--diff`,
/// shows) every fix, file by file; a file changed on disk meanwhile is
/// left alone.
fn fix(args: &FixArgs) -> i32 {
    use crate::fix;
    if let Some(bad) = args
        .only
        .iter()
        .find(|c| !fix::FIXERS.iter().any(|(code, _)| code == c))
    {
        let codes: Vec<&str> = fix::FIXERS.iter().map(|(c, _)| *c).collect();
        eprintln!(
            "promlint: `--only {bad}`: no fix for this code; fixes exist for {}",
            codes.join(", ")
        );
        return CANNOT_RUN;
    }
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let options = crate::Options {
        paths,
        ..Default::default()
    };
    let outcome = match crate::check(&options) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("promlint: {}: {}", e.path.display(), e.message);
            return CANNOT_RUN;
        }
    };
    let all = fix::fixes(&outcome.project);
    let chosen: Vec<&fix::Fix> = all
        .iter()
        .filter(|f| args.only.is_empty() || args.only.iter().any(|c| c == f.code))
        .collect();
    // Per file: the edits of each fix, skipping a fix that overlaps one
    // already taken (the next run applies it) and edits shared by fixes
    // of one rewrite.
    let mut files: Vec<(&std::path::Path, Vec<fix::TextEdit>, usize)> = Vec::new();
    for f in chosen {
        if files.last().is_none_or(|(p, _, _)| *p != f.file.as_path()) {
            files.push((f.file.as_path(), Vec::new(), 0));
        }
        let Some((_, edits, count)) = files.last_mut() else {
            continue;
        };
        let fresh: Vec<&fix::TextEdit> = f.edits.iter().filter(|e| !edits.contains(e)).collect();
        let overlaps = fresh.iter().any(|e| {
            edits
                .iter()
                .any(|o| e.span.start < o.span.end && o.span.start < e.span.end)
        });
        if overlaps {
            continue;
        }
        edits.extend(fresh.into_iter().cloned());
        *count += 1;
    }
    let mut out = std::io::stdout().lock();
    let mut status = OK;
    let (mut fixed, mut changed_files) = (0, 0);
    for (path, edits, count) in &files {
        let Some(source) = outcome
            .project
            .files
            .iter()
            .map(|f| &f.source)
            .find(|s| s.origin.is_none() && s.path == *path)
        else {
            continue;
        };
        let Some(new) = fix::apply(&source.text, edits) else {
            continue;
        };
        if args.diff {
            if let Some(d) = fix::unified_diff(path, &source.text, edits) {
                let _ = out.write_all(d.as_bytes());
            }
            fixed += count;
            changed_files += 1;
            continue;
        }
        match fix::write_atomically(path, &source.text, &new) {
            Ok(()) => {
                fixed += count;
                changed_files += 1;
            }
            Err(e) => {
                eprintln!("promlint: {}: {e}", path.display());
                status = CANNOT_RUN;
            }
        }
    }
    let _ = out.flush();
    let verb = if args.diff { "would fix" } else { "fixed" };
    if fixed == 0 {
        eprintln!("promlint: nothing to fix");
    } else {
        eprintln!(
            "promlint: {verb} {fixed} finding{} in {changed_files} file{}",
            if fixed == 1 { "" } else { "s" },
            if changed_files == 1 { "" } else { "s" }
        );
    }
    if status == OK && args.diff && fixed > 0 {
        FOUND
    } else {
        status
    }
}
