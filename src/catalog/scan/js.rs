//! JavaScript / TypeScript `prom-client`: `new client.Counter({ name, help,
//! labelNames })` and `new Gauge(…)`, `new Histogram(…)`, `new Summary(…)`
//! through the module object or destructured / named imports, including
//! TypeScript type arguments (`new Counter<'route'>({…})`) and the old
//! positional form `new Counter('name', 'help', ['label'])`.

use std::collections::HashMap;
use std::ops::Range;

use super::code::Code;
use super::{dynamic, Found};
use crate::catalog::{Declaration, MetricKind};

pub(crate) fn scan(code: &Code, out: &mut Found) {
    for i in 0..code.len() {
        if !code.is(i, "new") {
            continue;
        }
        // `new Counter`, `new client.Counter`, `new client.default.Counter`
        let mut j = i + 1;
        while code.is_ident(j) && code.is(j + 1, ".") && code.is_ident(j + 2) {
            j += 2;
        }
        if !code.is_ident(j) {
            continue;
        }
        let kind = match code.text(j) {
            "Counter" => MetricKind::Counter,
            "Gauge" => MetricKind::Gauge,
            "Histogram" => MetricKind::Histogram,
            "Summary" => MetricKind::Summary,
            _ => continue,
        };
        let mut open = j + 1;
        if code.is(open, "<") {
            // TypeScript type arguments; they hold no brackets of ours
            // except literal types, so skip to the matching `>`.
            let mut depth = 0usize;
            let limit = (open + 200).min(code.len());
            while open < limit {
                if code.is(open, "<") {
                    depth += 1;
                } else if code.is(open, ">") {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                } else if code.is(open, ">>") {
                    depth = depth.saturating_sub(2);
                    if depth == 0 {
                        break;
                    }
                }
                open += 1;
            }
            open += 1;
        }
        if !code.is(open, "(") {
            continue;
        }
        declare(code, kind, j, open, out);
    }
}

fn declare(code: &Code, kind: MetricKind, callee: usize, open: usize, out: &mut Found) {
    let args = code.items(open);
    let Some(first) = args.first().cloned() else {
        return;
    };
    let mut props: HashMap<String, Range<usize>> = HashMap::new();
    let mut spread = false;
    // Options built beforehand: `const opts = { … }; new Counter(opts)`.
    let object = match code.trim(first.clone()) {
        r if r.len() == 1 && code.is_ident(r.start) => {
            match code.binding(code.text(r.start), r.start) {
                Some(value) => code.trim(value),
                None => {
                    out.dynamic.push(dynamic(
                    code.range_span(&r),
                    &format!("the metric options come from `{}`, which is not a literal in this file", code.text(r.start)),
                ));
                    return;
                }
            }
        }
        r => r,
    };
    if code.is(object.start, "{") && code.close_of(object.start) == object.end - 1 {
        for item in code.items(object.start) {
            if code.is(item.start, "...") {
                spread = true;
            } else if let Some((key, value)) = code.keyed(&item, ":") {
                props.insert(key, value);
            } else if item.len() == 1 && code.is_ident(item.start) {
                // Shorthand `{ name, help }`.
                props.insert(code.text(item.start).to_string(), item);
            }
        }
    } else if code
        .kind(first.start)
        .is_some_and(|_| code.eval_str(first.clone()).is_ok())
    {
        // Positional (prom-client before v12).
        props.insert("name".into(), first);
        if let Some(h) = args.get(1) {
            props.insert("help".into(), h.clone());
        }
        if let Some(l) = args.get(2) {
            props.insert("labelNames".into(), l.clone());
        }
    } else {
        return;
    }
    let Some(name_range) = props.get("name").cloned() else {
        if spread {
            out.dynamic.push(dynamic(
                code.span(callee),
                "the metric name is passed in spread options (`...`)",
            ));
        }
        return;
    };
    let span = code.range_span(&name_range);
    let name = match code.eval_str(name_range) {
        Ok(n) if n.is_empty() => return,
        Ok(n) => n,
        Err(why) => {
            out.dynamic.push(dynamic(
                span,
                &format!("the metric name is built at run time from {why}"),
            ));
            return;
        }
    };
    let labels = match props.get("labelNames") {
        Some(r) => code.eval_list(r.clone()),
        None if spread => None,
        None => Some(Vec::new()),
    };
    out.declarations.push(Declaration {
        name,
        kind,
        help: props
            .get("help")
            .and_then(|r| code.eval_str(r.clone()).ok()),
        unit: None,
        labels,
        span,
        name_is_prefix: false,
        optional_labels: Vec::new(),
    });
}
