//! A token stream with bracket structure and simple name bindings, and the
//! small static evaluator the scanners share: string expressions (literals,
//! constants, concatenation, name-joining helpers) and lists of strings.
//!
//! Evaluation is deliberately conservative: anything it cannot prove is a
//! constant comes back as "built at run time" with the reason, never as a
//! guess.

use std::cell::Cell;
use std::collections::HashMap;
use std::ops::Range;

use crate::source::Span;

use super::lexer::{lex, TokKind, Token};
use super::Language;

/// How far a binding's value may refer to other bindings.
const MAX_DEPTH: usize = 8;
/// Longest binding value considered, in tokens; keeps the pass linear.
const MAX_BINDING_TOKENS: usize = 400;
/// Assignments of one name beyond which it is not treated as a constant.
const MAX_ASSIGNMENTS: usize = 32;
/// Evaluation steps (strings and lists visited) allowed per expression.
const EVAL_BUDGET: usize = 2_000;
/// Longest string a concatenation may build; metric names are short.
const MAX_NAME_LEN: usize = 4_096;

/// Why a string expression has no static value, as a short phrase that
/// completes "the name is built at run time from ...".
pub(crate) type Why = String;

/// One assignment of a name.
struct Binding {
    /// The `{` of the block the assignment is visible in (`None`: the file).
    scope: Option<usize>,
    value: Range<usize>,
}

pub(crate) struct Code<'a> {
    pub lang: Language,
    pub src: &'a str,
    pub toks: Vec<Token>,
    /// For an opening bracket, the index of its closer (`toks.len()` when
    /// unclosed); for any other token, its own index.
    close: Vec<usize>,
    /// For each token, the index of the innermost open bracket containing it.
    parent: Vec<Option<usize>>,
    /// Assignments per name: the block they are visible in and the token
    /// range of the value.
    bindings: HashMap<&'a str, Vec<Binding>>,
    /// Evaluation steps left for the current top-level evaluation; bounds
    /// the work when bindings refer to each other many times over.
    budget: Cell<usize>,
}

impl<'a> Code<'a> {
    pub fn new(lang: Language, src: &'a str) -> Self {
        let toks = lex(lang, src);
        let n = toks.len();
        let mut close: Vec<usize> = (0..n).collect();
        let mut parent = vec![None; n];
        let mut stack: Vec<usize> = Vec::new();
        for i in 0..n {
            parent[i] = stack.last().copied();
            if toks[i].kind != TokKind::Punct {
                continue;
            }
            match toks[i].text(src) {
                "(" | "[" | "{" => {
                    close[i] = n;
                    stack.push(i);
                }
                ")" | "]" | "}" => {
                    let opener = match toks[i].text(src) {
                        ")" => "(",
                        "]" => "[",
                        _ => "{",
                    };
                    // Close up to the matching opener; an unmatched closer
                    // is ignored so one typo does not flatten the file.
                    if let Some(pos) = stack.iter().rposition(|&o| toks[o].text(src) == opener) {
                        for &o in &stack[pos + 1..] {
                            close[o] = i;
                        }
                        close[stack[pos]] = i;
                        stack.truncate(pos);
                        parent[i] = stack.last().copied();
                    }
                }
                _ => {}
            }
        }
        let mut code = Code {
            lang,
            src,
            toks,
            close,
            parent,
            bindings: HashMap::new(),
            budget: Cell::new(0),
        };
        code.collect_bindings();
        code
    }

    pub fn len(&self) -> usize {
        self.toks.len()
    }

    pub fn text(&self, i: usize) -> &'a str {
        self.toks.get(i).map_or("", |t| t.text(self.src))
    }

    pub fn kind(&self, i: usize) -> Option<TokKind> {
        self.toks.get(i).map(|t| t.kind)
    }

    pub fn span(&self, i: usize) -> Span {
        self.toks.get(i).map_or(Span::default(), |t| t.span)
    }

    /// Punctuation or identifier `i` is exactly `s`.
    pub fn is(&self, i: usize, s: &str) -> bool {
        self.toks
            .get(i)
            .is_some_and(|t| t.kind != TokKind::Str && t.text(self.src) == s)
    }

    pub fn is_ident(&self, i: usize) -> bool {
        self.kind(i) == Some(TokKind::Ident)
    }

    pub fn is_open(&self, i: usize) -> bool {
        self.is(i, "(") || self.is(i, "[") || self.is(i, "{")
    }

    /// Index of the closer of the bracket opened at `open`.
    pub fn close_of(&self, open: usize) -> usize {
        self.close.get(open).copied().unwrap_or(self.len())
    }

    pub fn parent(&self, i: usize) -> Option<usize> {
        self.parent.get(i).copied().flatten()
    }

    /// The span covering tokens `r`.
    pub fn range_span(&self, r: &Range<usize>) -> Span {
        if r.is_empty() {
            return self.span(r.start);
        }
        self.span(r.start).to(self.span(r.end - 1))
    }

    /// The comma-separated items inside the bracket opened at `open`,
    /// skipping empty items (a trailing comma).
    pub fn items(&self, open: usize) -> Vec<Range<usize>> {
        let end = self.close_of(open).min(self.len());
        let mut out = Vec::new();
        let mut start = open + 1;
        let mut i = open + 1;
        while i < end {
            if self.is(i, ",") {
                if i > start {
                    out.push(start..i);
                }
                start = i + 1;
            }
            i = if self.is_open(i) {
                self.close_of(i).max(i) + 1
            } else {
                i + 1
            };
        }
        if end > start {
            out.push(start..end.min(self.len()));
        }
        out
    }

    /// Whether the bracket opened at `open` holds a comma at its own level
    /// (a tuple rather than a parenthesized expression).
    pub fn has_top_level_comma(&self, open: usize) -> bool {
        let end = self.close_of(open).min(self.len());
        let mut i = open + 1;
        while i < end {
            if self.is(i, ",") {
                return true;
            }
            i = if self.is_open(i) {
                self.close_of(i).max(i) + 1
            } else {
                i + 1
            };
        }
        false
    }

    /// `key<sep>value` → (key, value range); the key is an identifier or a
    /// quoted string.
    pub fn keyed(&self, r: &Range<usize>, sep: &str) -> Option<(String, Range<usize>)> {
        if r.len() < 2 || !self.is(r.start + 1, sep) {
            return None;
        }
        let key = match self.kind(r.start)? {
            TokKind::Ident => self.text(r.start).to_string(),
            TokKind::Str => self.toks[r.start].value.clone()?,
            _ => return None,
        };
        Some((key, r.start + 2..r.end))
    }

    /// The value `name` has where token `at` reads it: the assignment in
    /// the innermost enclosing block that assigns it, if that block assigns
    /// it only one value (text). Scopes are braces (`{ … }`); Python
    /// functions share the file's scope.
    pub fn binding(&self, name: &str, at: usize) -> Option<Range<usize>> {
        let all = self.bindings.get(name)?;
        if all.len() > MAX_ASSIGNMENTS {
            // A name reassigned this often is no constant; stay linear.
            return None;
        }
        let visible = |b: &&Binding| match b.scope {
            None => true,
            Some(open) => open < at && at < self.close_of(open),
        };
        let innermost = all.iter().filter(visible).map(|b| b.scope).max()?;
        let mut values = all.iter().filter(visible).filter(|b| b.scope == innermost);
        let first = values.next()?;
        let text = self.range_text(&first.value);
        values
            .all(|b| self.range_text(&b.value) == text)
            .then(|| first.value.clone())
    }

    /// The innermost `{` containing token `i`.
    fn block_of(&self, i: usize) -> Option<usize> {
        let mut p = self.parent(i);
        while let Some(open) = p {
            if self.is(open, "{") {
                return Some(open);
            }
            p = self.parent(open);
        }
        None
    }

    /// Records `name = value` / `name := value` / `const name: T = value`.
    fn collect_bindings(&mut self) {
        let mut found: Vec<(usize, Range<usize>)> = Vec::new();
        for i in 0..self.len() {
            if !(self.is(i, "=") || self.is(i, ":=")) || i == 0 {
                continue;
            }
            let Some(name_at) = self.bound_name(i) else {
                continue;
            };
            let value = self.statement_extent(i + 1);
            if !value.is_empty() {
                found.push((name_at, value));
            }
        }
        for (name_at, value) in found {
            let scope = self.block_of(name_at);
            self.bindings
                .entry(self.text(name_at))
                .or_default()
                .push(Binding { scope, value });
        }
    }

    fn range_text(&self, r: &Range<usize>) -> &'a str {
        let span = self.range_span(r);
        self.src.get(span.range()).unwrap_or("")
    }

    /// The name assigned by the `=` at `eq`: `x =`, `x string =` (Go typed
    /// const), `x: &str =` (Rust), `x: string =` (TypeScript). Attribute
    /// and index targets (`a.x =`, `a[i] =`) and keyword arguments inside
    /// calls are not bindings.
    fn bound_name(&self, eq: usize) -> Option<usize> {
        // Keyword arguments and default parameter values sit inside (),
        // except in Go's `const ( … )` and `var ( … )` blocks.
        if let Some(p) = self.parent(eq) {
            let go_block =
                self.lang == Language::Go && p > 0 && matches!(self.text(p - 1), "const" | "var");
            if self.is(p, "(") && !go_block {
                return None;
            }
        }
        let mut j = eq - 1;
        // Skip a type annotation back to `name :` (Rust, TypeScript, Python).
        let start = eq.saturating_sub(8);
        if let Some(colon) = (start..eq).rev().find(|&k| self.is(k, ":")) {
            if colon > 0
                && self.is_ident(colon - 1)
                && !self.toks[colon + 1..eq].iter().any(|t| {
                    t.kind == TokKind::Punct
                        && matches!(t.text(self.src), "," | "(" | ")" | "{" | "}" | ";")
                })
            {
                j = colon - 1;
            }
        }
        if self.lang == Language::Go && self.is_ident(j) && self.is_ident(j.wrapping_sub(1)) {
            // `name type = value`
            let before = j - 1;
            if !matches!(self.text(before), "const" | "var") {
                j = before;
            }
        }
        if !self.is_ident(j) {
            return None;
        }
        if j > 0 && (self.is(j - 1, ".") || self.is(j - 1, ",") || self.is(j - 1, "::")) {
            return None;
        }
        Some(j)
    }

    /// The tokens of a statement's value starting at `start`: up to a `;`,
    /// a `,` or closer at the same depth, or a line break that does not
    /// continue the expression.
    pub fn statement_extent(&self, start: usize) -> Range<usize> {
        let limit = (start + MAX_BINDING_TOKENS).min(self.len());
        let mut i = start;
        while i < limit {
            if i > start && self.toks[i].nl_before {
                let prev = self.text(i - 1);
                let continues = matches!(prev, "+" | "." | "=" | ":=" | "(" | "[" | "{" | "\\")
                    || self.is(i, ".")
                    || self.is(i, "?")
                    || self.is(i, "+");
                if !continues {
                    break;
                }
            }
            if self.is(i, ";")
                || self.is(i, ",")
                || self.is(i, ")")
                || self.is(i, "]")
                || self.is(i, "}")
            {
                break;
            }
            i = if self.is_open(i) {
                self.close_of(i).max(i) + 1
            } else {
                i + 1
            };
        }
        start..i.min(self.len())
    }

    /// Drops wrappers that do not change a value: `( … )`, `&`, `*`, and
    /// trailing conversions (`.to_string()`, `.into()`, `as const`, `!`).
    pub fn trim(&self, r: Range<usize>) -> Range<usize> {
        let mut r = r;
        for _ in 0..MAX_DEPTH * 4 {
            if r.is_empty() {
                return r;
            }
            if (self.is(r.start, "&") || self.is(r.start, "*")) && r.len() > 1 {
                r.start += 1;
            } else if self.is(r.start, "(")
                && self.close_of(r.start) == r.end - 1
                && r.len() > 2
                && !self.has_top_level_comma(r.start)
            {
                r = r.start + 1..r.end - 1;
            } else if r.len() >= 4
                && self.is(r.end - 1, ")")
                && self.is(r.end - 2, "(")
                && self.is(r.end - 4, ".")
                && matches!(
                    self.text(r.end - 3),
                    "to_string" | "into" | "to_owned" | "clone" | "as_str" | "unwrap"
                )
            {
                r.end -= 4;
            } else if r.len() >= 3 && self.is(r.end - 2, "as") && self.is(r.end - 1, "const") {
                r.end -= 2;
            } else if r.len() >= 2 && self.is(r.end - 1, "!") {
                r.end -= 1;
            } else {
                return r;
            }
        }
        r
    }

    /// The static value of a string expression.
    pub fn eval_str(&self, r: Range<usize>) -> Result<String, Why> {
        self.budget.set(EVAL_BUDGET);
        self.eval_str_at(r, 0)
    }

    /// Spends one evaluation step; false when the budget is exhausted.
    fn step(&self) -> bool {
        let left = self.budget.get();
        self.budget.set(left.saturating_sub(1));
        left > 0
    }

    fn eval_str_at(&self, r: Range<usize>, depth: usize) -> Result<String, Why> {
        if depth > MAX_DEPTH || !self.step() {
            return Err("a chain of variables".into());
        }
        let r = self.trim(r);
        if r.is_empty() {
            return Err("an empty expression".into());
        }
        // Concatenation at the top level: `a + b`, Python `"a" "b"`.
        let mut parts = Vec::new();
        let mut start = r.start;
        let mut i = r.start;
        while i < r.end {
            if self.is(i, "+") {
                parts.push(start..i);
                start = i + 1;
            }
            i = if self.is_open(i) {
                self.close_of(i).max(i) + 1
            } else {
                i + 1
            };
        }
        if !parts.is_empty() {
            parts.push(start..r.end);
            let mut out = String::new();
            for p in parts {
                out.push_str(&self.eval_str_at(p, depth + 1)?);
                if out.len() > MAX_NAME_LEN {
                    return Err("a very long expression".into());
                }
            }
            return Ok(out);
        }
        if self.toks[r.clone()].iter().all(|t| t.kind == TokKind::Str) {
            let mut out = String::new();
            for t in &self.toks[r.clone()] {
                match &t.value {
                    Some(v) => out.push_str(v),
                    None => return Err(self.interpolation_name().into()),
                }
            }
            return Ok(out);
        }
        if r.len() == 1 && self.is_ident(r.start) {
            let name = self.text(r.start);
            return match self.binding(name, r.start) {
                Some(value) if !value.contains(&r.start) => self
                    .eval_str_at(value, depth + 1)
                    .map_err(|_| format!("the variable `{name}`")),
                _ => Err(format!("the variable `{name}`")),
            };
        }
        self.eval_call(r, depth)
    }

    fn interpolation_name(&self) -> &'static str {
        match self.lang {
            Language::Python => "an f-string",
            Language::JavaScript | Language::TypeScript => "a template literal",
            _ => "an interpolated string",
        }
    }

    /// Calls with a static result (`BuildFQName`, `concat!`), and the
    /// reason for everything else.
    fn eval_call(&self, r: Range<usize>, depth: usize) -> Result<String, Why> {
        // Find `callee (` or `callee ! (` at the start, the call closing at the end.
        let mut callee_end = r.start;
        while callee_end < r.end
            && (self.is_ident(callee_end) || self.is(callee_end, ".") || self.is(callee_end, "::"))
        {
            callee_end += 1;
        }
        let callee = self.text(callee_end.saturating_sub(1));
        let macro_call = self.is(callee_end, "!");
        let open = if macro_call {
            callee_end + 1
        } else {
            callee_end
        };
        let is_call =
            callee_end > r.start && self.is_open(open) && self.close_of(open) == r.end - 1;
        if is_call {
            match (callee, macro_call) {
                ("BuildFQName", false) => {
                    let args = self.items(open);
                    if args.len() != 3 {
                        return Err("a `BuildFQName` call".into());
                    }
                    let mut parts = Vec::new();
                    for a in args {
                        parts.push(self.eval_str_at(a, depth + 1)?);
                    }
                    return Ok(build_fq_name(&parts[0], &parts[1], &parts[2]));
                }
                ("concat", true) => {
                    let mut out = String::new();
                    for a in self.items(open) {
                        out.push_str(&self.eval_str_at(a, depth + 1)?);
                    }
                    return Ok(out);
                }
                ("from" | "new" | "str", false)
                    if matches!(self.text(r.start), "String" | "str") =>
                {
                    let args = self.items(open);
                    if args.len() == 1 {
                        return self.eval_str_at(args[0].clone(), depth + 1);
                    }
                }
                _ => {}
            }
            let path = self.range_text(&(r.start..callee_end));
            return Err(match (macro_call, callee) {
                (true, _) => format!("`{path}!`"),
                (false, "format") if self.lang == Language::Python => "`str.format`".into(),
                _ => format!("`{path}(…)`"),
            });
        }
        if self.toks[r.clone()]
            .iter()
            .any(|t| t.kind == TokKind::Str && t.value.is_none())
        {
            return Err(self.interpolation_name().into());
        }
        if self.toks[r.clone()]
            .iter()
            .any(|t| t.kind == TokKind::Punct && t.text(self.src) == "%")
        {
            return Err("`%` formatting".into());
        }
        if (r.start + 1..r.end).any(|i| self.is(i - 1, ".") && self.is(i, "format")) {
            return Err("`str.format`".into());
        }
        if self.toks[r.clone()].iter().any(|t| t.kind == TokKind::Str) {
            return Err("an expression".into());
        }
        Err(format!("`{}`", shorten(self.range_text(&r))))
    }

    /// The static value of a list of strings: `["a", "b"]`, `("a",)`,
    /// `[]string{"a"}`, `&["a"]`, `vec!["a"]`, `nil`/`None` (empty), or a
    /// name bound to one of those. `None` when any element is not static.
    pub fn eval_list(&self, r: Range<usize>) -> Option<Vec<String>> {
        self.budget.set(EVAL_BUDGET);
        self.eval_list_at(r, 0)
    }

    fn eval_list_at(&self, r: Range<usize>, depth: usize) -> Option<Vec<String>> {
        if depth > MAX_DEPTH || !self.step() {
            return None;
        }
        let mut r = self.trim(r);
        if r.is_empty() {
            return None;
        }
        if r.len() == 1 {
            let t = self.text(r.start);
            if matches!(t, "nil" | "None" | "null" | "undefined") {
                return Some(Vec::new());
            }
            if self.is_ident(r.start) {
                let value = self.binding(t, r.start)?;
                if value.contains(&r.start) {
                    return None;
                }
                return self.eval_list_at(value, depth + 1);
            }
            return None;
        }
        // `vec![…]`, `[]string{…}`, `[N]string{…}`
        if self.is(r.start, "vec") && self.is(r.start + 1, "!") {
            r.start += 2;
        } else if self.is(r.start, "[") && self.close_of(r.start) + 2 < r.end {
            let after = self.close_of(r.start) + 1;
            if self.text(after) == "string" && self.is(after + 1, "{") {
                r.start = after + 1;
            }
        } else if self.is(r.start, "(") && self.close_of(r.start) == r.end - 1 {
            // A tuple: `("a", "b")`, `("a",)`, `()`.
        }
        if !(self.is_open(r.start) && self.close_of(r.start) == r.end - 1) {
            return None;
        }
        let mut out = Vec::new();
        for item in self.items(r.start) {
            out.push(self.eval_str_at(item, depth + 1).ok()?);
        }
        Some(out)
    }
}

/// Joins namespace, subsystem and name as client_golang's `BuildFQName`
/// and the Rust `prometheus` crate do: empty parts are skipped, the rest
/// joined with `_`; an empty name gives an empty result.
pub(crate) fn build_fq_name(namespace: &str, subsystem: &str, name: &str) -> String {
    if name.is_empty() {
        return String::new();
    }
    [namespace, subsystem, name]
        .iter()
        .filter(|p| !p.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join("_")
}

fn shorten(s: &str) -> String {
    let one_line: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() > 40 {
        let cut: String = one_line.chars().take(37).collect();
        format!("{cut}…")
    } else {
        one_line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eval(lang: Language, src: &str, expr: &str) -> Result<String, Why> {
        let full = format!("{src}\n__probe__ = {expr}\n");
        let code = Code::new(lang, &full);
        let r = code.binding("__probe__", code.len()).expect("probe bound");
        code.eval_str(r)
    }

    #[test]
    fn strings_constants_and_concatenation() {
        assert_eq!(
            eval(Language::Python, "NS = 'app'", "NS + '_' + \"x\"").unwrap(),
            "app_x"
        );
        assert_eq!(eval(Language::Python, "", "'a' 'b'").unwrap(), "ab");
        assert!(eval(Language::Python, "", "f'{x}_total'")
            .unwrap_err()
            .contains("f-string"));
        assert!(eval(Language::Python, "", "prefix + '_x'")
            .unwrap_err()
            .contains("prefix"));
        assert!(eval(Language::Python, "", "'%s_x' % p")
            .unwrap_err()
            .contains('%'));
        assert!(eval(Language::Python, "", "'{}_x'.format(p)")
            .unwrap_err()
            .contains("str.format"));
        assert_eq!(eval(Language::Python, "", "str('a')").unwrap(), "a");
        assert_eq!(
            eval(
                Language::Go,
                "const ns = \"a\"",
                "prometheus.BuildFQName(ns, \"\", \"up\")"
            )
            .unwrap(),
            "a_up"
        );
        assert!(eval(Language::Go, "", "fmt.Sprintf(\"%s\", x)")
            .unwrap_err()
            .contains("Sprintf"));
    }

    #[test]
    fn rebinding_to_another_value_is_not_static() {
        assert!(eval(Language::Python, "N = 'a'\nN = 'b'", "N").is_err());
        assert_eq!(
            eval(Language::Python, "N = 'a'\nN = 'a'", "N").unwrap(),
            "a"
        );
    }

    #[test]
    fn lists() {
        let code = Code::new(Language::Go, "x := []string{\"a\", \"b\",}\ny := nil");
        assert_eq!(
            code.eval_list(code.binding("x", code.len()).unwrap())
                .unwrap(),
            ["a", "b"]
        );
        let code = Code::new(Language::Python, "x = ('a',)\ny = ['a', b]");
        assert_eq!(
            code.eval_list(code.binding("x", code.len()).unwrap())
                .unwrap(),
            ["a"]
        );
        assert_eq!(code.eval_list(code.binding("y", code.len()).unwrap()), None);
    }
}
