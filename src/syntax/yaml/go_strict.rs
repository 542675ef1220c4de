//! What Go's yaml.v2/v3 (libyaml) reject and saphyr-parser accepts.
//!
//! Tabs.
//! In block context libyaml skips tabs between tokens only where a simple
//! key cannot start. So a tab in the blanks at the start of a line, or
//! right after a `-` or `?` indicator (or a `:` at the start of a line),
//! is an error there ("found a tab character that violates indentation",
//! "found character that cannot start any token"), even before a comment.
//! Tabs inside quoted scalars, flow collections and block scalar content
//! (past its indentation) are fine.
//!
//! Implicit keys spanning lines. A key in a flow collection must end on
//! the line of its `:` (`{"a"\n: b}` is an error in libyaml) unless it
//! was introduced with `?`.

pub(super) const TAB: &str =
    "found a tab character where YAML allows only spaces (indentation, or after `-` or `?`)";
pub(super) const KEY_LINES: &str = "a flow mapping key must end on the line of its `:` \
     (move the `:` up, or start the key with `?`)";

struct BlockScalar {
    /// Indentation of the line with the `|` or `>` header.
    parent: usize,
    /// Indentation of the content, once its first line is seen.
    content: Option<usize>,
}

/// The offset of the first thing Go's YAML parser rejects and saphyr
/// accepts, with the reason.
pub(super) fn go_rejects(text: &str) -> Option<(usize, &'static str)> {
    // In flow context: the last significant character, and whether the
    // current entry's key was introduced with `?`.
    let mut prev_sig = b'[';
    let mut explicit_key = false;
    let b = text.as_bytes();
    let mut flow = 0usize;
    let mut quote: Option<u8> = None;
    let mut block_scalar: Option<BlockScalar> = None;
    let mut i = 0;
    while i < b.len() {
        // One line per iteration; `i` is at its start.
        let line_end = b[i..]
            .iter()
            .position(|&c| c == b'\n')
            .map_or(b.len(), |p| i + p);
        let indent = b[i..line_end].iter().take_while(|&&c| c == b' ').count();
        let blank = b[i..line_end].iter().all(|&c| matches!(c, b' ' | b'\r'));
        if let Some(bs) = &mut block_scalar {
            // libyaml reads a block scalar's indentation from spaces only:
            // a tab before the content indentation is known (or reached)
            // is an error; later tabs are content.
            let after = b.get(i + indent).copied();
            if after == Some(b'\t') && bs.content.is_none_or(|c| indent < c) {
                return Some((i + indent, TAB));
            }
            if blank || indent > bs.parent {
                if !blank && bs.content.is_none() {
                    bs.content = Some(indent);
                }
                i = line_end + 1;
                continue;
            }
            block_scalar = None;
        }
        let mut j = i;
        // Whether blanks here must not contain a tab (a simple key may start).
        let mut strict = quote.is_none() && flow == 0;
        let mut token_start = true;
        while j < line_end {
            let c = b[j];
            if let Some(q) = quote {
                if c == q {
                    if q == b'\'' && b.get(j + 1) == Some(&b'\'') {
                        j += 2;
                        continue;
                    }
                    quote = None;
                    token_start = false;
                    prev_sig = q;
                } else if c == b'\\' && q == b'"' {
                    j += 1;
                }
                j += 1;
                continue;
            }
            if flow > 0 {
                let first_on_line = b[i..j].iter().all(|&c| matches!(c, b' ' | b'\t'));
                if c == b':' && first_on_line && !explicit_key && !b",[{?".contains(&prev_sig) {
                    return Some((j, KEY_LINES));
                }
                match c {
                    b',' | b'[' | b'{' => explicit_key = false,
                    b'?' if token_start => explicit_key = true,
                    _ => {}
                }
                if !matches!(c, b' ' | b'\t' | b'\r' | b'#') {
                    prev_sig = c;
                }
            }
            match c {
                b'\t' if strict && flow == 0 => return Some((j, TAB)),
                b' ' | b'\t' | b'\r' => {
                    token_start = true;
                    j += 1;
                    continue;
                }
                b'#' if token_start => break,
                b'\'' | b'"' if token_start => quote = Some(c),
                b'[' | b'{' if token_start || flow > 0 => flow += 1,
                b']' | b'}' if flow > 0 => flow -= 1,
                b'|' | b'>' if token_start && flow == 0 => {
                    block_scalar = Some(BlockScalar {
                        parent: indent,
                        content: None,
                    });
                }
                b'-' | b'?' if token_start && flow == 0 => {
                    let next = b.get(j + 1).copied();
                    if matches!(next, None | Some(b' ' | b'\t' | b'\n' | b'\r')) {
                        strict = true;
                        j += 1;
                        continue;
                    }
                }
                b':' if token_start && flow == 0 && j == i + indent => {
                    strict = true;
                    j += 1;
                    continue;
                }
                _ => {}
            }
            strict = false;
            token_start = matches!(c, b'[' | b'{' | b',' | b':') && flow > 0
                || (c == b':' && matches!(b.get(j + 1), Some(b' ' | b'\t')));
            j += 1;
        }
        i = line_end + 1;
    }
    None
}
