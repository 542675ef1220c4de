//! Label sets: sorted by name, without empty values (Prometheus treats an
//! empty value as an absent label).

use std::fmt;

pub const METRIC_NAME: &str = "__name__";

/// Prometheus' `schema.IsMetadataLabel`: the metric name, type and unit.
pub fn is_metadata_label(name: &str) -> bool {
    matches!(name, "__name__" | "__type__" | "__unit__")
}

/// A label set. With delayed name removal (`promql-delayed-name-removal`),
/// it also carries Prometheus' `DropName` mark: the metric name and its
/// metadata labels are still there, to be removed at the end of the query.
/// The mark is not part of the identity: equality, order and hashing look
/// at the labels only, as Prometheus' `Labels.Hash` does.
#[derive(Clone, Debug, Default)]
pub struct Labels(Vec<(String, String)>, bool);

impl PartialEq for Labels {
    fn eq(&self, other: &Labels) -> bool {
        self.0 == other.0
    }
}

impl Eq for Labels {}

impl PartialOrd for Labels {
    fn partial_cmp(&self, other: &Labels) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Labels {
    fn cmp(&self, other: &Labels) -> std::cmp::Ordering {
        self.0.cmp(&other.0)
    }
}

impl std::hash::Hash for Labels {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.0.hash(state)
    }
}

impl Labels {
    /// Sorts by name, drops empty values; a later duplicate name wins.
    pub fn new(mut pairs: Vec<(String, String)>) -> Labels {
        pairs.retain(|(_, v)| !v.is_empty());
        // Stable sort keeps input order among equal names; keep the last.
        pairs.sort_by(|a, b| a.0.cmp(&b.0));
        let mut out: Vec<(String, String)> = Vec::with_capacity(pairs.len());
        for p in pairs {
            match out.last_mut() {
                Some(last) if last.0 == p.0 => *last = p,
                _ => out.push(p),
            }
        }
        Labels(out, false)
    }

    pub fn empty() -> Labels {
        Labels(Vec::new(), false)
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .binary_search_by(|(n, _)| n.as_str().cmp(name))
            .ok()
            .map(|i| self.0[i].1.as_str())
    }

    /// The value, or "" when absent (Prometheus' `Labels.Get`).
    pub fn value(&self, name: &str) -> &str {
        self.get(name).unwrap_or("")
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(n, v)| (n.as_str(), v.as_str()))
    }

    pub fn metric_name(&self) -> Option<&str> {
        self.get(METRIC_NAME)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Sets (or, with an empty value, removes) a label. Setting the metric
    /// name takes back a pending name removal (`label_replace` and
    /// `label_join` into `__name__` keep the new name).
    pub fn set(&mut self, name: &str, value: &str) {
        if name == METRIC_NAME {
            self.1 = false;
        }
        match self.0.binary_search_by(|(n, _)| n.as_str().cmp(name)) {
            Ok(i) if value.is_empty() => {
                self.0.remove(i);
            }
            Ok(i) => self.0[i].1 = value.to_string(),
            Err(_) if value.is_empty() => {}
            Err(i) => self.0.insert(i, (name.to_string(), value.to_string())),
        }
    }

    pub fn remove(&mut self, name: &str) {
        self.set(name, "");
    }

    /// The labels without the metric name and the metadata labels that go
    /// with it (`__type__`, `__unit__`), as Prometheus drops them together.
    pub fn without_name(&self) -> Labels {
        Labels(
            self.0
                .iter()
                .filter(|(n, _)| !is_metadata_label(n))
                .cloned()
                .collect(),
            false,
        )
    }

    /// What a function or operator that drops the metric name does to its
    /// operand's labels: drops the name now, or, with delayed name removal,
    /// marks the labels so that the name goes at the end of the query.
    pub fn drop_name(&self, delayed: bool) -> Labels {
        if delayed {
            Labels(self.0.clone(), true)
        } else {
            self.without_name()
        }
    }

    /// The labels with the name-removal mark set or cleared.
    pub fn marked(mut self, drop_name: bool) -> Labels {
        self.1 = drop_name;
        self
    }

    /// Whether the name is to be removed at the end of the query.
    pub fn name_to_drop(&self) -> bool {
        self.1
    }

    /// The end of a query with delayed name removal: a marked label set
    /// loses its name and metadata labels now.
    pub fn finish_name_removal(self) -> Labels {
        if self.1 {
            self.without_name()
        } else {
            self
        }
    }

    /// Only the labels whose names are in `names`.
    pub fn keep(&self, names: &[&str]) -> Labels {
        Labels(
            self.0
                .iter()
                .filter(|(n, _)| names.contains(&n.as_str()))
                .cloned()
                .collect(),
            false,
        )
    }

    /// All labels but those whose names are in `names`.
    pub fn drop(&self, names: &[&str]) -> Labels {
        Labels(
            self.0
                .iter()
                .filter(|(n, _)| !names.contains(&n.as_str()))
                .cloned()
                .collect(),
            false,
        )
    }

    /// Prometheus' `labels.Labels.String()`: `{__name__="a", b="c"}`.
    pub fn to_prometheus_string(&self) -> String {
        let mut out = String::from("{");
        for (i, (n, v)) in self.0.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            write_name(&mut out, n);
            out.push('=');
            write_go_quoted(&mut out, v);
        }
        out.push('}');
        out
    }
}

/// `name{a="b", c="d"}`, `name`, or `{a="b"}` (Prometheus' metric form).
impl fmt::Display for Labels {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = self.metric_name();
        let mut out = String::new();
        if let Some(n) = name.filter(|n| is_legacy_name(n)) {
            out.push_str(n);
            if self.0.len() == 1 {
                return f.write_str(&out);
            }
        }
        out.push('{');
        let mut first = true;
        if let Some(n) = name.filter(|n| !is_legacy_name(n)) {
            write_go_quoted(&mut out, n);
            first = false;
        }
        for (n, v) in self.0.iter().filter(|(n, _)| n != METRIC_NAME) {
            if !first {
                out.push_str(", ");
            }
            first = false;
            write_name(&mut out, n);
            out.push('=');
            write_go_quoted(&mut out, v);
        }
        out.push('}');
        f.write_str(&out)
    }
}

fn is_legacy_name(n: &str) -> bool {
    let mut chars = n.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_' || c == ':')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':')
}

fn write_name(out: &mut String, n: &str) {
    let legacy = !n.is_empty()
        && !n.starts_with(|c: char| c.is_ascii_digit())
        && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if legacy {
        out.push_str(n);
    } else {
        write_go_quoted(out, n);
    }
}

/// Go's `strconv.Quote`, as the PromQL printer writes strings.
pub use crate::promql::printer::write_quoted as write_go_quoted;

#[cfg(test)]
mod tests {
    use super::*;

    fn l(p: &[(&str, &str)]) -> Labels {
        Labels::new(
            p.iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect(),
        )
    }

    #[test]
    fn sorted_without_empty() {
        let ls = l(&[("b", "2"), ("a", "1"), ("c", ""), ("__name__", "up")]);
        assert_eq!(
            ls.iter().map(|p| p.0).collect::<Vec<_>>(),
            ["__name__", "a", "b"]
        );
        assert_eq!(ls.get("c"), None);
        assert_eq!(ls.to_string(), r#"up{a="1", b="2"}"#);
        assert_eq!(
            ls.to_prometheus_string(),
            r#"{__name__="up", a="1", b="2"}"#
        );
        assert_eq!(l(&[("__name__", "up")]).to_string(), "up");
        assert_eq!(l(&[("a", "x\"y")]).to_string(), r#"{a="x\"y"}"#);
        assert_eq!(l(&[]).to_string(), "{}");
    }

    #[test]
    fn set_and_remove() {
        let mut ls = l(&[("b", "2")]);
        ls.set("a", "1");
        ls.set("b", "");
        assert_eq!(ls, l(&[("a", "1")]));
    }

    #[test]
    fn the_name_removal_mark() {
        let ls = l(&[("__name__", "up"), ("__type__", "gauge"), ("a", "1")]);
        assert_eq!(ls.drop_name(false), l(&[("a", "1")]));
        let marked = ls.drop_name(true);
        // Marked labels keep their name and are still the same label set.
        assert!(marked.name_to_drop());
        assert_eq!(marked, ls);
        assert_eq!(marked.clone().finish_name_removal(), l(&[("a", "1")]));
        assert_eq!(ls.clone().finish_name_removal(), ls);
        // Setting a name takes the mark back.
        let mut renamed = marked;
        renamed.set("__name__", "down");
        assert!(!renamed.name_to_drop());
        assert_eq!(renamed.finish_name_removal().metric_name(), Some("down"));
    }
}
