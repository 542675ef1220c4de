//! The line-by-line reader and the grouping of samples into families.

use std::collections::{BTreeSet, HashMap, HashSet};

use crate::source::Span;

use super::scan::{self, Cursor, Escapes};
use super::{
    Exemplar, Exposition, ExpositionError, Family, Format, MetricKind, Sample, SampleRole,
};

pub(super) fn parse(text: &str) -> Exposition {
    let format = detect(text);
    let mut p = Parser {
        text,
        om: format == Format::OpenMetrics,
        format,
        families: Vec::new(),
        state: Vec::new(),
        by_name: HashMap::new(),
        current: None,
        errors: Vec::new(),
        seen_series: HashSet::new(),
        cr_reported: false,
        eof_seen: false,
    };
    p.run();
    p.finish()
}

/// OpenMetrics when the text shows syntax 0.0.4 does not have: `# EOF`,
/// `# UNIT`, an OpenMetrics-only TYPE, an exemplar, or counter samples
/// named `<family>_total`/`_created` (and `_created` for histograms and
/// summaries) under a TYPE line for `<family>` and without a TYPE line of
/// their own (0.0.4 clients such as Python's declare `<family>_created` as
/// a gauge family of its own).
fn detect(text: &str) -> Format {
    let mut typed: HashSet<&str> = HashSet::new();
    let mut counters: HashSet<&str> = HashSet::new();
    let mut with_created: HashSet<&str> = HashSet::new();
    for line in text.split('\n') {
        let line = line.strip_suffix('\r').unwrap_or(line);
        let line = line.trim_start_matches([' ', '\t']);
        if let Some(rest) = line.strip_prefix('#') {
            if rest == " EOF" || rest.starts_with(" UNIT ") {
                return Format::OpenMetrics;
            }
            if let Some(decl) = rest.strip_prefix(" TYPE ") {
                let mut words = decl.split([' ', '\t']).filter(|w| !w.is_empty());
                let (Some(name), Some(kind)) = (words.next(), words.next()) else {
                    continue;
                };
                typed.insert(name);
                match kind {
                    "unknown" | "gaugehistogram" | "stateset" | "info" => {
                        return Format::OpenMetrics
                    }
                    "counter" => {
                        counters.insert(name);
                        with_created.insert(name);
                    }
                    "histogram" | "summary" => {
                        with_created.insert(name);
                    }
                    _ => {}
                }
            }
            continue;
        }
        let name_end = line.find(['{', ' ', '\t']).unwrap_or(line.len());
        let name = &line[..name_end];
        let undeclared = !typed.contains(name);
        let om_counter = name
            .strip_suffix("_total")
            .is_some_and(|base| counters.contains(base));
        let om_created = name
            .strip_suffix("_created")
            .is_some_and(|base| with_created.contains(base));
        if (undeclared && (om_counter || om_created)) || line.contains(" # {") {
            return Format::OpenMetrics;
        }
    }
    Format::Text004
}

/// Parser state kept per family beside the public `Family`.
#[derive(Default)]
struct FamState {
    typed: bool,
    help_seen: bool,
    unit_seen: bool,
    /// Another family's lines came after this one's.
    closed: bool,
    /// OpenMetrics: metrics (label sets without `le`/`quantile`) seen, to
    /// find interleaved metrics and histograms without a `+Inf` bucket.
    metrics: HashMap<String, MetricState>,
    last_metric: Option<String>,
}

struct MetricState {
    first_bucket: Option<Span>,
    has_inf: bool,
}

struct Parser<'a> {
    text: &'a str,
    om: bool,
    format: Format,
    families: Vec<Family>,
    state: Vec<FamState>,
    by_name: HashMap<String, usize>,
    current: Option<usize>,
    errors: Vec<ExpositionError>,
    /// Series (name and sorted labels) of samples without a timestamp.
    seen_series: HashSet<String>,
    cr_reported: bool,
    eof_seen: bool,
}

#[derive(Clone, Copy)]
enum Keyword {
    Help,
    Type,
    Unit,
}

/// A line's parse was abandoned; the error is already recorded.
struct Abandon;

type Labels = Vec<(String, String, Span)>;

impl<'a> Parser<'a> {
    fn error(&mut self, span: Span, message: impl Into<String>) {
        self.errors.push(ExpositionError {
            span,
            message: message.into(),
        });
    }

    fn push_error(&mut self, e: ExpositionError) {
        self.errors.push(e);
    }

    fn escapes(&self) -> Escapes {
        if self.om {
            Escapes::Lenient
        } else {
            Escapes::Strict
        }
    }

    fn run(&mut self) {
        let text = self.text;
        let bytes = text.as_bytes();
        let mut start = 0;
        while start < text.len() {
            let newline = text[start..].find('\n').map(|i| start + i);
            let line_end = newline.unwrap_or(text.len());
            let mut end = line_end;
            if end > start && bytes[end - 1] == b'\r' {
                end -= 1;
                if !self.cr_reported {
                    self.cr_reported = true;
                    self.error(
                        Span::new(end, end + 1),
                        "carriage return before the line feed: lines must end in `\\n` only \
                         (Prometheus reads the `\\r` as part of the line)",
                    );
                }
            }
            if newline.is_none() && !self.om {
                self.error(
                    Span::new(start, end),
                    "the last line must end with a line feed",
                );
            }
            self.line(start, end, newline);
            if self.eof_seen {
                let rest = line_end + 1;
                if rest < text.len() {
                    self.error(
                        Span::new(rest, text.len()),
                        "content after `# EOF`: the exposition must end there",
                    );
                }
                return;
            }
            start = line_end + 1;
        }
    }

    fn line(&mut self, start: usize, end: usize, newline: Option<usize>) {
        let mut c = Cursor::new(self.text, start, end);
        if self.om {
            match c.peek() {
                None => {
                    let span = newline.map_or(Span::new(start, end), |n| Span::new(n, n + 1));
                    self.error(span, "OpenMetrics does not allow blank lines");
                }
                Some(b'#') => self.om_comment(&mut c),
                Some(b' ' | b'\t') => {
                    let blanks = c.take_while(|b| b == b' ' || b == b'\t');
                    self.error(blanks, "OpenMetrics lines must not start with whitespace");
                }
                Some(_) => {
                    let _ = self.sample(&mut c);
                }
            }
            return;
        }
        c.skip_blanks();
        match c.peek() {
            None => {}
            Some(b'#') => self.text_comment(&mut c),
            Some(_) => {
                let _ = self.sample(&mut c);
            }
        }
    }

    /// 0.0.4: `#` blanks `HELP`/`TYPE` blanks …; anything else is a comment.
    fn text_comment(&mut self, c: &mut Cursor) {
        let line_start = c.pos;
        c.pos += 1;
        if c.skip_blanks() == 0 {
            return;
        }
        let keyword = if c.eat_str("HELP") {
            Keyword::Help
        } else if c.eat_str("TYPE") {
            Keyword::Type
        } else {
            return;
        };
        if c.skip_blanks() == 0 {
            // `# HELPER …`, or `# HELP` alone: a comment.
            return;
        }
        let _ = self.metadata(c, keyword, Span::new(line_start, c.end));
    }

    /// OpenMetrics: only `# HELP`, `# TYPE`, `# UNIT` and `# EOF`, each
    /// with single spaces.
    fn om_comment(&mut self, c: &mut Cursor) {
        let line = c.rest();
        c.pos += 1;
        let keyword = if c.eat_str(" HELP ") {
            Keyword::Help
        } else if c.eat_str(" TYPE ") {
            Keyword::Type
        } else if c.eat_str(" UNIT ") {
            Keyword::Unit
        } else if c.slice(c.rest()) == " EOF" {
            self.eof_seen = true;
            return;
        } else {
            self.error(
                line,
                "OpenMetrics allows no comments: only `# HELP`, `# TYPE`, `# UNIT` and `# EOF` lines",
            );
            return;
        };
        let _ = self.metadata(c, keyword, line);
    }

    /// The rest of a HELP/TYPE/UNIT line, from the metric name on.
    fn metadata(&mut self, c: &mut Cursor, keyword: Keyword, line: Span) -> Result<(), Abandon> {
        let (name, name_span) = self.metric_name(c, true)?;
        let text_span = if c.at_end() {
            c.rest()
        } else if self.om {
            if !c.eat(b' ') {
                return self.abandon(c.char_span(), "expected a space after the metric name");
            }
            c.rest()
        } else {
            if c.skip_blanks() == 0 {
                return self.abandon(
                    name_span.to(c.char_span()),
                    format!(
                        "invalid metric name `{}`",
                        &self.text[name_span.start..c.char_span().end]
                    ),
                );
            }
            c.rest()
        };
        let raw = c.slice(text_span);
        let idx = self.family_for_metadata(name, name_span);
        let has_samples = !self.families[idx].samples.is_empty();
        let fam_name = self.families[idx].name.clone();
        match keyword {
            Keyword::Help => {
                if self.state[idx].help_seen {
                    return self.abandon(
                        line,
                        format!("second HELP line for metric family `{fam_name}`"),
                    );
                }
                self.state[idx].help_seen = true;
                if self.om && has_samples {
                    self.error(line, format!("HELP for `{fam_name}` after its samples"));
                }
                let help = match scan::unescape_help(raw, text_span.start, self.escapes()) {
                    Ok(h) => h,
                    Err(e) => {
                        self.push_error(e);
                        return Err(Abandon);
                    }
                };
                if !help.is_empty() {
                    self.families[idx].help = Some((help, text_span));
                }
            }
            Keyword::Type => {
                if self.state[idx].typed {
                    return self.abandon(
                        line,
                        format!("second TYPE line for metric family `{fam_name}`"),
                    );
                }
                if has_samples {
                    return self.abandon(
                        line,
                        format!("TYPE line for `{fam_name}` after its samples"),
                    );
                }
                if raw.is_empty() {
                    return self.abandon(line, "TYPE line without a type");
                }
                let Some(kind) = MetricKind::from_keyword(raw, self.format) else {
                    let known = if self.om {
                        "counter, gauge, histogram, gaugehistogram, summary, stateset, info or unknown"
                    } else {
                        "counter, gauge, histogram, summary or untyped"
                    };
                    return self.abandon(
                        text_span,
                        format!("unknown metric type `{raw}`: expected {known}"),
                    );
                };
                self.state[idx].typed = true;
                let f = &mut self.families[idx];
                f.kind = kind;
                f.type_span = Some(text_span);
            }
            Keyword::Unit => {
                if self.state[idx].unit_seen {
                    return self.abandon(
                        line,
                        format!("second UNIT line for metric family `{fam_name}`"),
                    );
                }
                self.state[idx].unit_seen = true;
                if has_samples {
                    self.error(line, format!("UNIT for `{fam_name}` after its samples"));
                }
                if raw.is_empty() {
                    return Ok(());
                }
                if !fam_name
                    .strip_suffix(raw)
                    .is_some_and(|base| base.len() > 1 && base.ends_with('_'))
                {
                    self.error(
                        text_span,
                        format!("unit `{raw}` must be the suffix of the family name: `{fam_name}` does not end in `_{raw}`"),
                    );
                }
                self.families[idx].unit = Some((raw.to_string(), text_span));
            }
        }
        Ok(())
    }

    fn abandon<T>(&mut self, span: Span, message: impl Into<String>) -> Result<T, Abandon> {
        self.error(span, message);
        Err(Abandon)
    }

    /// A metric name at the cursor: legacy characters or a quoted UTF-8
    /// name. In metadata lines the name must end at a blank or the line
    /// end; in samples also at `{`.
    fn metric_name(&mut self, c: &mut Cursor, metadata: bool) -> Result<(String, Span), Abandon> {
        if c.peek() == Some(b'"') {
            return match scan::read_quoted(c, self.escapes()) {
                Ok(r) => Ok(r),
                Err(e) => {
                    self.push_error(e);
                    Err(Abandon)
                }
            };
        }
        let span = c.take_while(scan::is_metric_name_byte);
        let ends_well = match c.peek() {
            None | Some(b' ') => true,
            Some(b'\t') => !self.om,
            Some(b'{') => !metadata,
            _ => false,
        };
        if self.om && c.peek() == Some(b'\t') {
            return self.abandon(
                c.char_span(),
                "OpenMetrics separates tokens with a single space, not tabs",
            );
        }
        let first_ok = c
            .slice(span)
            .bytes()
            .next()
            .is_some_and(|b| !b.is_ascii_digit());
        if !ends_well || !first_ok {
            let stop = |b: u8| b == b' ' || b == b'\t' || (!metadata && b == b'{');
            c.take_while(|b| !stop(b));
            let mut bad = Span::new(span.start, c.pos);
            if bad.is_empty() {
                bad = c.char_span();
            }
            let shown = c.slice(bad).to_string();
            return self.abandon(
                bad,
                format!("invalid metric name `{shown}`: names match `[a-zA-Z_:][a-zA-Z0-9_:]*` or are quoted"),
            );
        }
        Ok((c.slice(span).to_string(), span))
    }

    fn family_for_metadata(&mut self, name: String, name_span: Span) -> usize {
        if let Some(cur) = self.current {
            if self.families[cur].name == name {
                return cur;
            }
        }
        match self.by_name.get(&name).copied() {
            Some(idx) => {
                if self.om && self.state[idx].closed {
                    self.error(
                        name_span,
                        format!("metadata for `{name}` after other families: OpenMetrics families must not be interleaved"),
                    );
                }
                self.switch_to(idx);
                idx
            }
            None => self.new_family(name, name_span),
        }
    }

    fn new_family(&mut self, name: String, name_span: Span) -> usize {
        let idx = self.families.len();
        self.by_name.insert(name.clone(), idx);
        self.families.push(Family {
            name,
            name_span,
            format: self.format,
            kind: if self.om {
                MetricKind::Unknown
            } else {
                MetricKind::Untyped
            },
            type_span: None,
            help: None,
            unit: None,
            samples: Vec::new(),
            label_names: BTreeSet::new(),
            reopened: Vec::new(),
        });
        self.state.push(FamState::default());
        self.switch_to(idx);
        idx
    }

    fn switch_to(&mut self, idx: usize) {
        if let Some(cur) = self.current {
            if cur != idx {
                self.state[cur].closed = true;
            }
        }
        self.current = Some(idx);
    }

    /// `name{labels} value [timestamp] [exemplar]`.
    fn sample(&mut self, c: &mut Cursor) -> Result<(), Abandon> {
        let start = c.pos;
        let mut name = if c.peek() == Some(b'{') {
            None
        } else {
            Some(self.metric_name(c, false)?)
        };
        if !self.om {
            let before = c.pos;
            c.skip_blanks();
            if c.peek() != Some(b'{') {
                c.pos = before;
            }
        }
        let labels = if c.peek() == Some(b'{') {
            self.label_set(c, Some(&mut name))?
        } else {
            Vec::new()
        };
        let series = Span::new(start, c.pos);
        let Some((name, name_span)) = name else {
            return self.abandon(series, "sample without a metric name");
        };
        // The value.
        if self.om {
            if c.eat(b' ') {
                self.om_single_space(c)?;
            } else {
                return self.abandon(
                    if c.at_end() { series } else { c.char_span() },
                    if c.at_end() {
                        "sample without a value"
                    } else {
                        "expected a space before the value"
                    },
                );
            }
        } else {
            c.skip_blanks();
        }
        let value_span = c.take_while(|b| b != b' ' && (self.om || b != b'\t'));
        if value_span.is_empty() {
            return self.abandon(series, "sample without a value");
        }
        let Some(value) = scan::parse_float(c.slice(value_span)) else {
            return self.abandon(
                value_span,
                format!("invalid sample value `{}`", c.slice(value_span)),
            );
        };
        let mut timestamp = None;
        let mut exemplar = None;
        if self.om {
            if c.eat(b' ') {
                self.om_single_space(c)?;
                if c.peek() == Some(b'#') {
                    exemplar = Some(self.exemplar(c)?);
                } else {
                    timestamp = Some(self.om_timestamp(c, "timestamp")?.1 .0);
                    if c.eat(b' ') {
                        self.om_single_space(c)?;
                        if c.peek() != Some(b'#') {
                            return self.abandon(c.rest(), "unexpected text after the timestamp");
                        }
                        exemplar = Some(self.exemplar(c)?);
                    }
                }
            }
            if !c.at_end() {
                return self.abandon(c.rest(), "unexpected text at the end of the sample");
            }
        } else {
            c.skip_blanks();
            if !c.at_end() {
                let ts_span = c.take_while(|b| b != b' ' && b != b'\t');
                let Some(ts) = scan::parse_int_timestamp(c.slice(ts_span)) else {
                    return self.abandon(
                        ts_span,
                        format!(
                            "invalid timestamp `{}`: expected integer milliseconds",
                            c.slice(ts_span)
                        ),
                    );
                };
                timestamp = Some(ts);
                c.skip_blanks();
                if !c.at_end() {
                    return self.abandon(c.rest(), "unexpected text after the timestamp");
                }
            }
        }
        let end = c.pos;
        self.place(
            Sample {
                name,
                name_span,
                role: SampleRole::Value,
                labels,
                value,
                value_span,
                timestamp,
                exemplar,
                span: Span::new(start, end),
            },
            series,
            timestamp.is_some(),
        );
        Ok(())
    }

    /// After a separating space in OpenMetrics: another space, or the line
    /// ending, is whitespace the format does not allow.
    fn om_single_space(&mut self, c: &mut Cursor) -> Result<(), Abandon> {
        if c.at_end() {
            return self.abandon(
                Span::new(c.pos - 1, c.pos),
                "trailing whitespace is not allowed in OpenMetrics",
            );
        }
        if c.peek() == Some(b' ') {
            let extra = c.take_while(|b| b == b' ');
            return self.abandon(extra, "OpenMetrics separates tokens with a single space");
        }
        Ok(())
    }

    /// An OpenMetrics float timestamp in seconds; returns (ms, seconds).
    fn om_timestamp(&mut self, c: &mut Cursor, what: &str) -> Result<(Span, (i64, f64)), Abandon> {
        let span = c.take_while(|b| b != b' ');
        let text = c.slice(span);
        match scan::parse_float(text) {
            Some(ts) if ts.is_finite() => Ok((span, ((ts * 1000.0) as i64, ts))),
            _ => self.abandon(
                span,
                format!("invalid {what} `{text}`: expected seconds since the epoch"),
            ),
        }
    }

    /// ` # {labels} value [timestamp]`; the cursor is on the `#`.
    fn exemplar(&mut self, c: &mut Cursor) -> Result<Exemplar, Abandon> {
        let hash = c.pos;
        if !c.eat_str("# {") {
            return self.abandon(c.rest(), "expected an exemplar `# {labels} value`");
        }
        c.pos -= 1;
        let open = c.pos;
        let labels = self.label_set(c, None)?;
        if !c.eat(b' ') {
            return self.abandon(Span::new(hash, c.end), "exemplar without a value");
        }
        let value_span = c.take_while(|b| b != b' ');
        let Some(value) = scan::parse_float(c.slice(value_span)) else {
            return self.abandon(
                value_span,
                format!("invalid exemplar value `{}`", c.slice(value_span)),
            );
        };
        let mut timestamp = None;
        if c.eat(b' ') {
            timestamp = Some(self.om_timestamp(c, "exemplar timestamp")?.1 .1);
        }
        if !c.at_end() {
            return self.abandon(c.rest(), "unexpected text after the exemplar");
        }
        let chars: usize = labels
            .iter()
            .map(|(n, v, _)| n.chars().count() + v.chars().count())
            .sum();
        let span = Span::new(open, c.pos);
        if chars > 128 {
            self.error(
                span,
                format!("exemplar labels have {chars} characters; at most 128 are allowed"),
            );
        }
        Ok(Exemplar {
            labels,
            value,
            timestamp,
            span,
        })
    }

    /// `{name="value",…}` with the cursor on `{`. A quoted string alone
    /// (`{"my.metric", …}`) is the metric name where `name` is given.
    fn label_set(
        &mut self,
        c: &mut Cursor,
        mut name: Option<&mut Option<(String, Span)>>,
    ) -> Result<Labels, Abandon> {
        let open = c.pos;
        c.pos += 1;
        let mut labels: Labels = Vec::new();
        loop {
            self.blanks(c);
            let pair_start = c.pos;
            match c.peek() {
                None => {
                    return self.abandon(
                        Span::new(open, c.end),
                        "unterminated label set: `}` is missing",
                    )
                }
                Some(b'}') => {
                    c.pos += 1;
                    return Ok(labels);
                }
                _ => {}
            }
            let (label, quoted) = if c.peek() == Some(b'"') {
                match scan::read_quoted(c, self.escapes()) {
                    Ok((s, _)) => (s, true),
                    Err(e) => {
                        self.push_error(e);
                        return Err(Abandon);
                    }
                }
            } else {
                let span = c.take_while(scan::is_label_name_byte);
                let text = c.slice(span);
                if text.is_empty() || text.as_bytes()[0].is_ascii_digit() {
                    c.take_while(|b| !matches!(b, b'=' | b',' | b'}' | b' ' | b'\t'));
                    let mut bad = Span::new(pair_start, c.pos);
                    if bad.is_empty() {
                        bad = c.char_span();
                    }
                    return self.abandon(
                        bad,
                        format!("invalid label name `{}`: names match `[a-zA-Z_][a-zA-Z0-9_]*` or are quoted", c.slice(bad)),
                    );
                }
                (text.to_string(), false)
            };
            self.blanks(c);
            if quoted && matches!(c.peek(), Some(b',' | b'}')) {
                let span = Span::new(pair_start, c.pos);
                match name.as_deref_mut() {
                    None => {
                        return self.abandon(span, "exemplar labels cannot contain a metric name");
                    }
                    Some(Some(_)) => {
                        return self.abandon(span, "the sample already has a metric name");
                    }
                    Some(slot) => *slot = Some((label, Span::new(pair_start, span.end))),
                }
                c.eat(b',');
                continue;
            }
            if !c.eat(b'=') {
                let at = if c.at_end() {
                    Span::new(pair_start, c.end)
                } else {
                    c.char_span()
                };
                return self.abandon(at, format!("expected `=` after label name `{label}`"));
            }
            self.blanks(c);
            if c.peek() != Some(b'"') {
                let at = if c.at_end() {
                    Span::new(pair_start, c.end)
                } else {
                    c.char_span()
                };
                return self.abandon(at, format!("the value of label `{label}` must be quoted"));
            }
            let value = match scan::read_quoted(c, self.escapes()) {
                Ok((v, _)) => v,
                Err(e) => {
                    self.push_error(e);
                    return Err(Abandon);
                }
            };
            let pair = Span::new(pair_start, c.pos);
            if label == "__name__" {
                self.error(
                    pair,
                    "label name `__name__` is reserved for the metric name",
                );
            } else if labels.iter().any(|(n, _, _)| *n == label) {
                self.error(pair, format!("duplicate label name `{label}`"));
            } else {
                labels.push((label, value, pair));
            }
            self.blanks(c);
            match c.peek() {
                Some(b',') => c.pos += 1,
                Some(b'}') => {}
                None => {
                    return self.abandon(
                        Span::new(open, c.end),
                        "unterminated label set: `}` is missing",
                    )
                }
                Some(_) => {
                    return self.abandon(c.char_span(), "expected `,` or `}` after a label");
                }
            }
        }
    }

    /// 0.0.4 allows blanks between label-set tokens; OpenMetrics does not.
    fn blanks(&self, c: &mut Cursor) {
        if !self.om {
            c.skip_blanks();
        }
    }

    /// Finds the family and role for a sample and checks what its type
    /// requires of it.
    fn place(&mut self, mut sample: Sample, series: Span, has_timestamp: bool) {
        let (idx, misnamed) = match self.find_family(&sample.name) {
            Some((idx, role, misnamed)) => {
                sample.role = role;
                (idx, misnamed)
            }
            None => {
                let idx = self.new_family(sample.name.clone(), sample.name_span);
                (idx, false)
            }
        };
        if self.current != Some(idx) {
            if !self.families[idx].samples.is_empty() {
                if self.om {
                    self.error(
                        series,
                        format!(
                            "samples of `{}` continue after other families: OpenMetrics families must not be interleaved",
                            self.families[idx].name
                        ),
                    );
                } else {
                    self.families[idx].reopened.push(series);
                }
            }
            self.switch_to(idx);
        }
        let kind = self.families[idx].kind;
        let fam_name = self.families[idx].name.clone();
        if misnamed {
            let names: Vec<String> = roles(kind, self.om)
                .iter()
                .map(|r| format!("`{fam_name}{}`", r.suffix()))
                .collect();
            self.error(
                sample.name_span,
                format!(
                    "{} samples of family `{fam_name}` are named {}",
                    kind.as_str(),
                    names.join(", ")
                ),
            );
        }
        self.check_type_labels(&sample, kind, series);
        if self.om {
            self.check_om_sample(idx, &sample, kind, series);
        }
        if !has_timestamp {
            let key = series_key(&sample.name, &sample.labels, |_| true);
            if !self.seen_series.insert(key) {
                self.error(
                    series,
                    format!(
                        "duplicate sample for series `{}`",
                        self.text[series.range()].trim()
                    ),
                );
            }
        }
        let f = &mut self.families[idx];
        for (n, _, _) in &sample.labels {
            if !is_type_label(kind, n) && !f.label_names.contains(n) {
                f.label_names.insert(n.clone());
            }
        }
        f.samples.push(sample);
    }

    /// The family a sample name belongs to, its role, and whether it only
    /// matched by its exact name without the suffix its type requires.
    fn find_family(&self, name: &str) -> Option<(usize, SampleRole, bool)> {
        let fits =
            |idx: usize, role: SampleRole| roles(self.families[idx].kind, self.om).contains(&role);
        let bare_role = |idx: usize| {
            roles(self.families[idx].kind, self.om)
                .iter()
                .copied()
                .find(|r| r.suffix().is_empty())
        };
        let with_suffix = |idx: usize| {
            let fam = &self.families[idx].name;
            SUFFIXED
                .iter()
                .copied()
                .find(|&r| name.strip_suffix(r.suffix()) == Some(fam.as_str()) && fits(idx, r))
        };
        // OpenMetrics families are contiguous, so the current one decides
        // first; this keeps `foo_created` with counter `foo` even where a
        // family named `foo_created` exists.
        if self.om {
            if let Some(cur) = self.current {
                if self.families[cur].name == name {
                    if let Some(r) = bare_role(cur) {
                        return Some((cur, r, false));
                    }
                } else if let Some(r) = with_suffix(cur) {
                    return Some((cur, r, false));
                }
            }
        }
        let exact = self.by_name.get(name).copied();
        if let Some(idx) = exact {
            if let Some(r) = bare_role(idx) {
                return Some((idx, r, false));
            }
        }
        for role in SUFFIXED {
            if let Some(base) = name.strip_suffix(role.suffix()) {
                if let Some(&idx) = self.by_name.get(base) {
                    if fits(idx, role) {
                        return Some((idx, role, false));
                    }
                }
            }
        }
        exact.map(|idx| (idx, SampleRole::Value, true))
    }

    /// `le` on histogram buckets, `quantile` on summary quantiles.
    fn check_type_labels(&mut self, s: &Sample, kind: MetricKind, series: Span) {
        let le = s.labels.iter().find(|(n, _, _)| n == "le");
        let quantile = s.labels.iter().find(|(n, _, _)| n == "quantile");
        if kind.is_histogram() {
            match (s.role, le) {
                (SampleRole::Bucket, None) => {
                    self.error(series, "histogram bucket without an `le` label");
                }
                (SampleRole::Bucket, Some((_, v, span))) => match scan::parse_float(v) {
                    Some(b) if !(self.om && b.is_nan()) => {}
                    _ => self.error(
                        *span,
                        format!("invalid `le` value `{v}`: expected a number"),
                    ),
                },
                (_, Some((_, _, span))) => {
                    self.error(
                        *span,
                        "`le` belongs only on `_bucket` samples of a histogram",
                    );
                }
                _ => {}
            }
        }
        if kind == MetricKind::Summary {
            match (s.role, quantile) {
                (SampleRole::Quantile, None) => {
                    self.error(series, "summary sample without a `quantile` label");
                }
                (SampleRole::Quantile, Some((_, v, span))) => match scan::parse_float(v) {
                    Some(q) if !self.om || (0.0..=1.0).contains(&q) => {}
                    Some(_) => self.error(*span, format!("quantile `{v}` is not between 0 and 1")),
                    None => self.error(
                        *span,
                        format!("invalid `quantile` value `{v}`: expected a number"),
                    ),
                },
                (_, Some((_, _, span))) => {
                    self.error(
                        *span,
                        "`quantile` belongs only on the family-named samples of a summary",
                    );
                }
                _ => {}
            }
        }
    }

    /// OpenMetrics rules on values, exemplars, state sets and metric
    /// contiguity.
    fn check_om_sample(&mut self, idx: usize, s: &Sample, kind: MetricKind, series: Span) {
        let counts = matches!(
            s.role,
            SampleRole::Total | SampleRole::Bucket | SampleRole::Count | SampleRole::GCount
        );
        if counts && (s.value.is_nan() || s.value < 0.0) {
            self.error(
                s.value_span,
                format!("`{}` counts and must not be negative or NaN", s.name),
            );
        }
        match kind {
            MetricKind::Info if s.value != 1.0 => {
                self.error(s.value_span, "info samples must have the value 1");
            }
            MetricKind::StateSet => {
                if s.value != 0.0 && s.value != 1.0 {
                    self.error(s.value_span, "state set samples must be 0 or 1");
                }
                let fam = &self.families[idx].name;
                if s.label(fam).is_none() {
                    let msg =
                        format!("state set sample without the `{fam}` label naming its state");
                    self.error(series, msg);
                }
            }
            _ => {}
        }
        if let Some(ex) = &s.exemplar {
            if !matches!(s.role, SampleRole::Total | SampleRole::Bucket) {
                self.error(ex.span, "exemplars are allowed only on counter `_total` and histogram `_bucket` samples");
            }
        }
        let key = series_key("", &s.labels, |n| !is_type_label(kind, n));
        let st = &mut self.state[idx];
        let interleaved =
            st.last_metric.as_deref() != Some(key.as_str()) && st.metrics.contains_key(&key);
        let m = st.metrics.entry(key.clone()).or_insert(MetricState {
            first_bucket: None,
            has_inf: false,
        });
        if s.role == SampleRole::Bucket {
            m.first_bucket.get_or_insert(series);
            if s.label("le").and_then(scan::parse_float) == Some(f64::INFINITY) {
                m.has_inf = true;
            }
        }
        st.last_metric = Some(key);
        if interleaved {
            self.error(
                series,
                "samples of one metric (label set) must be contiguous in OpenMetrics",
            );
        }
    }

    fn finish(mut self) -> Exposition {
        if self.om {
            if !self.eof_seen {
                let end = self.text.len();
                self.error(
                    Span::new(end, end),
                    "OpenMetrics exposition does not end with `# EOF`",
                );
            }
            for (f, st) in self.families.iter().zip(&self.state) {
                for m in st.metrics.values() {
                    if let (Some(span), false) = (m.first_bucket, m.has_inf) {
                        self.errors.push(ExpositionError {
                            span,
                            message: format!("histogram `{}` has no `le=\"+Inf\"` bucket", f.name),
                        });
                    }
                }
                if let (Some((u, span)), MetricKind::StateSet | MetricKind::Info) =
                    (&f.unit, f.kind)
                {
                    self.errors.push(ExpositionError {
                        span: *span,
                        message: format!("{} families have no unit, found `{u}`", f.kind.as_str()),
                    });
                }
            }
        }
        self.errors.sort_by_key(|e| e.span);
        Exposition {
            format: self.format,
            families: self.families,
            errors: self.errors,
        }
    }
}

const SUFFIXED: [SampleRole; 8] = [
    SampleRole::Total,
    SampleRole::Created,
    SampleRole::Bucket,
    SampleRole::Count,
    SampleRole::Sum,
    SampleRole::GCount,
    SampleRole::GSum,
    SampleRole::Info,
];

/// The sample roles a family of `kind` has in each format.
fn roles(kind: MetricKind, om: bool) -> &'static [SampleRole] {
    use SampleRole::*;
    match (kind, om) {
        (MetricKind::Counter, true) => &[Total, Created],
        (MetricKind::Histogram, true) => &[Bucket, Count, Sum, Created],
        (MetricKind::Histogram, false) | (MetricKind::GaugeHistogram, false) => {
            &[Bucket, Count, Sum]
        }
        (MetricKind::GaugeHistogram, true) => &[Bucket, GCount, GSum],
        (MetricKind::Summary, true) => &[Quantile, Count, Sum, Created],
        (MetricKind::Summary, false) => &[Quantile, Count, Sum],
        (MetricKind::Info, _) => &[Info],
        _ => &[Value],
    }
}

/// `le` of histograms and `quantile` of summaries: labels that tell a
/// family's samples apart rather than its metrics.
fn is_type_label(kind: MetricKind, label: &str) -> bool {
    (label == "le" && kind.is_histogram()) || (label == "quantile" && kind == MetricKind::Summary)
}

/// Name and sorted labels (filtered by `keep`), joined unambiguously.
fn series_key(
    name: &str,
    labels: &[(String, String, Span)],
    keep: impl Fn(&str) -> bool,
) -> String {
    let mut pairs: Vec<(&str, &str)> = labels
        .iter()
        .filter(|(n, _, _)| keep(n))
        .map(|(n, v, _)| (n.as_str(), v.as_str()))
        .collect();
    pairs.sort_unstable();
    let mut key = String::with_capacity(name.len() + pairs.len() * 16);
    key.push_str(name);
    for (n, v) in pairs {
        key.push('\u{0}');
        key.push_str(n);
        key.push('\u{0}');
        key.push_str(v);
    }
    key
}
