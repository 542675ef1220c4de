//! Byte offsets ↔ LSP positions. A position's `character` counts code
//! units of the encoding negotiated with the client: UTF-16 unless the
//! client offered UTF-8 or UTF-32 (`general.positionEncodings`).

use lsp_types::{Position, Range};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
    Utf32,
}

impl Encoding {
    /// The encoding to use among those a client offers (in its order of
    /// preference): UTF-8 when offered (offsets are bytes already), else
    /// UTF-32, else the protocol's default UTF-16.
    pub fn negotiate(offered: Option<&[lsp_types::PositionEncodingKind]>) -> Encoding {
        let offered = offered.unwrap_or(&[]);
        let has = |k: &lsp_types::PositionEncodingKind| offered.iter().any(|o| o == k);
        if has(&lsp_types::PositionEncodingKind::UTF8) {
            Encoding::Utf8
        } else if has(&lsp_types::PositionEncodingKind::UTF32) {
            Encoding::Utf32
        } else {
            Encoding::Utf16
        }
    }

    pub fn kind(self) -> lsp_types::PositionEncodingKind {
        match self {
            Encoding::Utf8 => lsp_types::PositionEncodingKind::UTF8,
            Encoding::Utf16 => lsp_types::PositionEncodingKind::UTF16,
            Encoding::Utf32 => lsp_types::PositionEncodingKind::UTF32,
        }
    }

    fn units(self, c: char) -> usize {
        match self {
            Encoding::Utf8 => c.len_utf8(),
            Encoding::Utf16 => c.len_utf16(),
            Encoding::Utf32 => 1,
        }
    }
}

/// Line starts of one text, for conversions in both directions.
pub struct Lines<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    pub fn new(text: &'a str) -> Lines<'a> {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Lines { text, starts }
    }

    /// The position of a byte offset (clamped into the text and to a
    /// character boundary).
    pub fn position(&self, offset: usize, enc: Encoding) -> Position {
        let mut offset = offset.min(self.text.len());
        while offset > 0 && !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        let character: usize = self.text[start..offset].chars().map(|c| enc.units(c)).sum();
        Position::new(line as u32, character as u32)
    }

    pub fn range(&self, start: usize, end: usize, enc: Encoding) -> Range {
        Range::new(
            self.position(start, enc),
            self.position(end.max(start), enc),
        )
    }

    /// The byte offset of a position: past the end of a line is its end
    /// (before the line break), past the last line is the end of the text,
    /// and inside a character is that character's start.
    pub fn offset(&self, pos: Position, enc: Encoding) -> usize {
        let Some(&start) = self.starts.get(pos.line as usize) else {
            return self.text.len();
        };
        let end = self
            .starts
            .get(pos.line as usize + 1)
            .map_or(self.text.len(), |&next| next - 1);
        let line = &self.text[start..end];
        let line = line.strip_suffix('\r').unwrap_or(line);
        let mut units = 0usize;
        for (i, c) in line.char_indices() {
            let next = units + enc.units(c);
            if next > pos.character as usize {
                return start + i;
            }
            units = next;
        }
        start + line.len()
    }

    /// The byte offset where line `line` (0-based) ends, before its line
    /// break; `None` past the last line.
    pub fn line_end(&self, line: usize) -> Option<usize> {
        let start = *self.starts.get(line)?;
        let end = self
            .starts
            .get(line + 1)
            .map_or(self.text.len(), |&next| next - 1);
        let body = &self.text[start..end];
        Some(start + body.strip_suffix('\r').map_or(body.len(), str::len))
    }

    /// The byte range of line `line` without its line break.
    pub fn line_span(&self, line: usize) -> Option<(usize, usize)> {
        Some((*self.starts.get(line)?, self.line_end(line)?))
    }
}

/// Applies one `didChange` content change to `text`.
pub fn apply_change(
    text: &mut String,
    change: &lsp_types::TextDocumentContentChangeEvent,
    enc: Encoding,
) {
    match change.range {
        None => text.clone_from(&change.text),
        Some(range) => {
            let lines = Lines::new(text);
            let start = lines.offset(range.start, enc);
            let end = lines.offset(range.end, enc).max(start);
            text.replace_range(start..end, &change.text);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "a: 1\nb: \"é😀x\"\r\nc\n";

    #[test]
    fn positions_count_code_units_of_the_encoding() {
        let lines = Lines::new(TEXT);
        let x = TEXT.find('x').expect("x");
        assert_eq!(lines.position(x, Encoding::Utf8), Position::new(1, 10));
        assert_eq!(lines.position(x, Encoding::Utf16), Position::new(1, 7));
        assert_eq!(lines.position(x, Encoding::Utf32), Position::new(1, 6));
        for enc in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
            assert_eq!(lines.offset(lines.position(x, enc), enc), x);
        }
        // Inside the emoji's UTF-8 bytes: clamped to its start.
        let emoji = TEXT.find('😀').expect("emoji");
        assert_eq!(
            lines.position(emoji + 2, Encoding::Utf16),
            Position::new(1, 5)
        );
        // Past the end of a line: before its `\r\n`.
        assert_eq!(
            lines.offset(Position::new(1, 99), Encoding::Utf16),
            TEXT.find("\r\n").expect("crlf")
        );
        assert_eq!(
            lines.offset(Position::new(9, 0), Encoding::Utf16),
            TEXT.len()
        );
        assert_eq!(
            lines.position(TEXT.len() + 5, Encoding::Utf8),
            Position::new(3, 0)
        );
    }

    #[test]
    fn incremental_changes_apply_in_the_encoding() {
        let mut text = TEXT.to_string();
        let change = lsp_types::TextDocumentContentChangeEvent {
            range: Some(Range::new(Position::new(1, 7), Position::new(1, 8))),
            range_length: None,
            text: "y".into(),
        };
        apply_change(&mut text, &change, Encoding::Utf16);
        assert_eq!(text, "a: 1\nb: \"é😀y\"\r\nc\n");
        let whole = lsp_types::TextDocumentContentChangeEvent {
            range: None,
            range_length: None,
            text: "z".into(),
        };
        apply_change(&mut text, &whole, Encoding::Utf16);
        assert_eq!(text, "z");
    }
}
