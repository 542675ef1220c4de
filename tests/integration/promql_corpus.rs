//! Differential PromQL corpus: every entry of `fixtures/promql/*.corpus`
//! against promlint's parser (Prometheus 3.x verdicts) and, when it is
//! installed, against promtool 2.42 (3.x verdicts except the recorded
//! exceptions).

#[allow(dead_code)]
use crate::support::corpus::{self, Entry, Kind, Verdict};

fn summary(entries: &[Entry]) -> String {
    let ok = entries.iter().filter(|e| e.verdict == Verdict::Ok).count();
    let exp = entries.iter().filter(|e| e.experimental).count();
    let exc = entries.iter().filter(|e| e.promtool_242.is_some()).count();
    format!(
        "{} expressions: {} ok ({} experimental), {} error; {} differ in promtool 2.42",
        entries.len(),
        ok,
        exp,
        entries.len() - ok,
        exc
    )
}

#[test]
fn corpus_is_large_enough() {
    let entries = corpus::load();
    println!("{}", summary(&entries));
    assert!(entries.len() >= 300, "{}", summary(&entries));
    let ok = entries.iter().filter(|e| e.verdict == Verdict::Ok).count();
    assert!(
        ok >= 100 && entries.len() - ok >= 100,
        "{}",
        summary(&entries)
    );
}

#[test]
fn promlint_parser_agrees_with_prometheus_3() {
    let entries = corpus::load();
    let mut mismatches = Vec::new();
    for e in &entries {
        let result = std::panic::catch_unwind(|| promlint::promql::parse(&e.expr));
        let result = match result {
            Ok(r) => r,
            Err(_) => {
                mismatches.push(format!(
                    "{} [{}]: parser panicked on {:?}",
                    e.location, e.id, e.expr
                ));
                continue;
            }
        };
        match (&result, e.verdict) {
            (Ok(expr), Verdict::Ok) => {
                let features = promlint::promql::features::experimental_features(expr);
                if features.is_empty() == e.experimental {
                    mismatches.push(format!(
                        "{} [{}]: {:?}: expected {}experimental features, got {:?}",
                        e.location,
                        e.id,
                        e.expr,
                        if e.experimental { "" } else { "no " },
                        features.iter().map(|f| &f.what).collect::<Vec<_>>()
                    ));
                }
            }
            (Err(errors), Verdict::Error) => {
                if let Some(kind) = e.kind {
                    let want = match kind {
                        Kind::Syntax => promlint::promql::ErrorKind::Syntax,
                        Kind::Type => promlint::promql::ErrorKind::Type,
                    };
                    if !errors.iter().any(|err| err.kind == want) {
                        mismatches.push(format!(
                            "{} [{}]: {:?}: expected a {:?} error, got {:?}",
                            e.location,
                            e.id,
                            e.expr,
                            kind,
                            errors
                                .iter()
                                .map(|x| (x.kind, &x.message))
                                .collect::<Vec<_>>()
                        ));
                    }
                }
            }
            (Ok(_), Verdict::Error) => mismatches.push(format!(
                "{} [{}]: {:?}: accepted, Prometheus 3.x rejects it ({})",
                e.location, e.id, e.expr, e.note
            )),
            (Err(errors), Verdict::Ok) => mismatches.push(format!(
                "{} [{}]: {:?}: rejected ({}), Prometheus 3.x accepts it",
                e.location,
                e.id,
                e.expr,
                errors.first().map(|x| x.message.as_str()).unwrap_or("")
            )),
        }
    }
    println!("{}", summary(&entries));
    println!(
        "promlint parser: {} of {} entries agree",
        entries.len() - mismatches.len(),
        entries.len()
    );
    assert!(
        mismatches.is_empty(),
        "{} entries disagree with Prometheus 3.x:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
}

#[test]
fn promtool_agrees_with_recorded_verdicts() {
    let Some(promtool) =
        crate::support::promtool::find_verified("promtool_agrees_with_recorded_verdicts")
    else {
        return;
    };
    let entries = corpus::load();
    let exprs: Vec<(&str, &str)> = entries
        .iter()
        .map(|e| (e.id.as_str(), e.expr.as_str()))
        .collect();
    let failing = promtool.failing_exprs(&exprs, std::path::Path::new(env!("CARGO_TARGET_TMPDIR")));
    let mut mismatches = Vec::new();
    for e in &entries {
        let got = if failing.contains(&e.id) {
            Verdict::Error
        } else {
            Verdict::Ok
        };
        let want = e.expected_242();
        if got != want {
            let why = if e.promtool_242.is_some() {
                "recorded as a 2.42 exception; stale?"
            } else {
                "3.x verdict, no exception recorded"
            };
            mismatches.push(format!(
                "{} [{}]: {:?}: promtool {} says {got}, expected {want} ({why})",
                e.location, e.id, e.expr, promtool.version
            ));
        }
    }
    println!(
        "promtool {}: {} of {} entries as recorded ({} recorded exceptions)",
        promtool.version,
        entries.len() - mismatches.len(),
        entries.len(),
        entries.iter().filter(|e| e.promtool_242.is_some()).count()
    );
    assert!(
        mismatches.is_empty(),
        "{} entries where promtool disagrees with the corpus:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
}
