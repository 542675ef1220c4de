//! `.promql` files: expressions separated by blank lines; lines starting
//! with `#` are comments.

use super::query::{Query, TextMap};
use crate::source::Span;

/// Splits a `.promql` file into its expressions and parses each.
pub fn read(text: &str) -> Vec<Query> {
    let mut queries = Vec::new();
    let mut block: Option<(usize, usize)> = None; // start, end of the block
    let mut has_code = false;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim();
        let end = offset + line.len();
        if trimmed.is_empty() {
            if let Some((s, e)) = block.take() {
                if has_code {
                    queries.push(query(text, s, e));
                }
            }
            has_code = false;
        } else {
            has_code |= !trimmed.starts_with('#');
            let start = block.map_or(offset, |(s, _)| s);
            block = Some((start, end));
        }
        offset = end;
    }
    if let Some((s, e)) = block {
        if has_code {
            queries.push(query(text, s, e));
        }
    }
    queries
}

fn query(text: &str, start: usize, end: usize) -> Query {
    let body = text[start..end].trim_end();
    Query::new(
        body.to_string(),
        TextMap::Verbatim(start),
        Span::new(start, start + body.len()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_on_blank_lines_and_skips_comment_blocks() {
        let text = "# header\n\nup\n\n# note\nsum(\n  rate(x[5m])\n)\n\n\n";
        let qs = read(text);
        assert_eq!(qs.len(), 2);
        assert_eq!(qs[0].text, "up");
        assert_eq!(&text[qs[0].span.range()], "up");
        assert_eq!(qs[1].text, "# note\nsum(\n  rate(x[5m])\n)");
        assert_eq!(qs[1].to_file(Span::new(7, 10)), Span::new(21, 24));
    }
}
