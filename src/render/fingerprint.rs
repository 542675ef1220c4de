//! Fingerprints that identify a finding across edits that move it (lines
//! added above it), and UTF-16 columns for formats that count them.

use super::{display_path, Located};
use crate::source::{Placement, SourceFile};
use std::collections::HashMap;

/// The file whose lines the located positions count: the embedding file
/// for a document embedded at a known place.
fn outer(source: &SourceFile) -> &SourceFile {
    match source.origin.as_deref() {
        Some(o) if matches!(o.place, Placement::Scalar(_)) => outer(&o.parent),
        _ => source,
    }
}

/// The text of a 1-based line of the diagnostic's file, without its line
/// break; empty when the file is not at hand.
pub(crate) fn line_text<'a>(l: &Located<'a>, line: usize) -> &'a str {
    let Some(source) = l.source else { return "" };
    let text = outer(source).text.as_str();
    text.split('\n')
        .nth(line.saturating_sub(1))
        .map(|s| s.strip_suffix('\r').unwrap_or(s))
        .unwrap_or("")
}

/// A 1-based character column turned into a 1-based column in UTF-16
/// code units (SARIF's default `columnKind`).
pub(crate) fn utf16_column(l: &Located, line: usize, column: usize) -> usize {
    let text = line_text(l, line);
    let units: usize = text
        .chars()
        .take(column.saturating_sub(1))
        .map(char::len_utf16)
        .sum();
    // Past the end of the line (a span ending after the line break).
    let beyond = column
        .saturating_sub(1)
        .saturating_sub(text.chars().count());
    units + beyond + 1
}

/// 64-bit FNV-1a: small, and the same on every platform and release.
fn fnv1a(bytes: &[u8], seed: u64) -> u64 {
    let mut h = seed;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// One fingerprint per located diagnostic (same order): a hash of the
/// file, the code, the message and the text of the first line (trimmed),
/// not of the line number, so that it survives edits elsewhere in the
/// file; `:N` counts findings that would otherwise share one.
pub fn fingerprints(located: &[Located]) -> Vec<String> {
    let mut seen: HashMap<u128, usize> = HashMap::new();
    located
        .iter()
        .map(|l| {
            let d = l.diagnostic;
            let mut key = Vec::new();
            for part in [
                display_path(&d.file).as_str(),
                d.code,
                d.message.as_str(),
                line_text(l, l.start.line).trim(),
            ] {
                key.extend_from_slice(part.as_bytes());
                key.push(0);
            }
            let hash = (u128::from(fnv1a(&key, 0xcbf2_9ce4_8422_2325)) << 64)
                | u128::from(fnv1a(&key, 0x8422_2325_cbf2_9ce4));
            let n = seen.entry(hash).or_insert(0);
            let out = format!("{hash:032x}:{n}");
            *n += 1;
            out
        })
        .collect()
}
