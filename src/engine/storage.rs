//! The in-memory series store, indexed by metric name.

use super::histogram::{FloatHistogram, Hint};
use super::labels::{Labels, METRIC_NAME};
use super::Hist;
use std::collections::HashMap;

#[derive(Clone, Debug)]
pub(crate) struct Series {
    pub labels: Labels,
    /// Float samples in increasing time order.
    pub samples: Vec<(i64, f64)>,
    /// Native histogram samples in increasing time order, with the
    /// counter-reset hints Prometheus' storage reports for them.
    pub hists: Vec<(i64, Hist)>,
    /// Start of the current histogram chunk (see `append_histogram`).
    chunk_end: i64,
}

/// Prometheus' TSDB cuts chunks at multiples of the block range (2h).
const CHUNK_RANGE_MS: i64 = 2 * 3600 * 1000;

#[derive(Clone, Debug, Default)]
pub struct Storage {
    series: Vec<Series>,
    by_labels: HashMap<Labels, usize>,
    /// Series indexes by metric name ("" for series without a name), each
    /// list sorted by labels as Prometheus' index returns them.
    by_name: HashMap<String, Vec<usize>>,
    /// All series indexes, sorted by labels.
    all: Vec<usize>,
    /// Subquery steps of earlier queries (appending drops the ones that
    /// may have changed).
    pub(crate) step_cache: super::step_cache::StepCache,
}

impl Storage {
    pub fn new() -> Storage {
        Storage::default()
    }

    /// Appends one sample; samples of one series arrive in increasing time
    /// (equal time: replace). A sample older than the series' last one is
    /// inserted in place, so the series stays ordered.
    pub fn append(&mut self, labels: &Labels, t_ms: i64, v: f64) {
        self.step_cache.evict_from(t_ms);
        let idx = self.index(labels);
        let series = &mut self.series[idx];
        if let Ok(i) = series.hists.binary_search_by_key(&t_ms, |s| s.0) {
            series.hists.remove(i);
        }
        let samples = &mut series.samples;
        match samples.last_mut() {
            None => samples.push((t_ms, v)),
            Some(last) if last.0 < t_ms => samples.push((t_ms, v)),
            Some(last) if last.0 == t_ms => last.1 = v,
            Some(_) => match samples.binary_search_by_key(&t_ms, |s| s.0) {
                Ok(i) => samples[i].1 = v,
                Err(i) => samples.insert(i, (t_ms, v)),
            },
        }
    }

    /// Appends a native histogram. Its counter-reset hint becomes the one
    /// Prometheus' storage reports: a series' histograms are stored in
    /// chunks, and within a chunk of counter histograms every histogram
    /// after the first is "not a reset"; the first one's hint is unknown.
    /// A new chunk starts after a float or a stale marker, on a counter
    /// reset, on a change of schema, zero threshold or custom bounds, at a
    /// multiple of the block range. Gauge histograms stay gauges.
    pub fn append_histogram(&mut self, labels: &Labels, t_ms: i64, mut h: FloatHistogram) {
        self.step_cache.evict_from(t_ms);
        let idx = self.index(labels);
        let series = &mut self.series[idx];
        if let Ok(i) = series.samples.binary_search_by_key(&t_ms, |s| s.0) {
            series.samples.remove(i);
        }
        let last_float = series.samples.last().map(|s| s.0);
        let prev = series
            .hists
            .last()
            .filter(|p| p.0 < t_ms && last_float.is_none_or(|f| f < p.0));
        if h.hint == Hint::Gauge {
            series.chunk_end = i64::MIN;
        } else {
            let same_chunk = prev.is_some_and(|(_, p)| {
                p.hint != Hint::Gauge
                    && h.hint != Hint::Reset
                    && t_ms < series.chunk_end
                    && p.schema == h.schema
                    && p.zero_threshold == h.zero_threshold
                    && p.custom_values == h.custom_values
                    && !FloatHistogram {
                        hint: Hint::Unknown,
                        ..h.clone()
                    }
                    .detect_reset(p)
            });
            if same_chunk {
                h.hint = Hint::NotReset;
            } else {
                h.hint = Hint::Unknown;
                series.chunk_end =
                    t_ms.div_euclid(CHUNK_RANGE_MS) * CHUNK_RANGE_MS + CHUNK_RANGE_MS;
            }
        }
        let h = std::sync::Arc::new(h);
        let hists = &mut series.hists;
        match hists.binary_search_by_key(&t_ms, |s| s.0) {
            Ok(i) => hists[i].1 = h,
            Err(i) => hists.insert(i, (t_ms, h)),
        }
    }

    fn index(&mut self, labels: &Labels) -> usize {
        match self.by_labels.get(labels) {
            Some(&i) => i,
            None => {
                let i = self.series.len();
                self.series.push(Series {
                    labels: labels.clone(),
                    samples: Vec::new(),
                    hists: Vec::new(),
                    chunk_end: i64::MIN,
                });
                self.by_labels.insert(labels.clone(), i);
                let series = &self.series;
                let list = self
                    .by_name
                    .entry(labels.value(METRIC_NAME).to_string())
                    .or_default();
                let at = list.partition_point(|&j| series[j].labels < *labels);
                list.insert(at, i);
                let at = self.all.partition_point(|&j| series[j].labels < *labels);
                self.all.insert(at, i);
                i
            }
        }
    }

    /// Number of series.
    pub fn len(&self) -> usize {
        self.series.len()
    }

    pub fn is_empty(&self) -> bool {
        self.series.is_empty()
    }

    /// Candidate series for a selector, sorted by labels: those of one
    /// metric name when the selector fixes it, all series otherwise.
    pub(crate) fn candidates<'a>(
        &'a self,
        name: Option<&str>,
    ) -> Box<dyn Iterator<Item = &'a Series> + 'a> {
        match name {
            Some(n) => Box::new(
                self.by_name
                    .get(n)
                    .into_iter()
                    .flatten()
                    .map(move |&i| &self.series[i]),
            ),
            None => Box::new(self.all.iter().map(move |&i| &self.series[i])),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn l(name: &str, i: &str) -> Labels {
        Labels::new(vec![
            (METRIC_NAME.to_string(), name.to_string()),
            ("i".to_string(), i.to_string()),
        ])
    }

    #[test]
    fn samples_stay_ordered_and_equal_times_replace() {
        let mut st = Storage::new();
        let a = l("a", "1");
        st.append(&a, 10, 1.0);
        st.append(&a, 30, 3.0);
        st.append(&a, 20, 2.0);
        st.append(&a, 30, 4.0);
        let s = st.candidates(Some("a")).next().unwrap();
        assert_eq!(s.samples, vec![(10, 1.0), (20, 2.0), (30, 4.0)]);
    }

    #[test]
    fn candidates_are_indexed_by_name_and_sorted() {
        let mut st = Storage::new();
        for (n, i) in [("b", "2"), ("a", "9"), ("b", "1"), ("a", "10")] {
            st.append(&l(n, i), 0, 1.0);
        }
        let b: Vec<String> = st
            .candidates(Some("b"))
            .map(|s| s.labels.to_string())
            .collect();
        assert_eq!(b, ["b{i=\"1\"}", "b{i=\"2\"}"]);
        let all: Vec<String> = st.candidates(None).map(|s| s.labels.to_string()).collect();
        assert_eq!(
            all,
            ["a{i=\"10\"}", "a{i=\"9\"}", "b{i=\"1\"}", "b{i=\"2\"}"]
        );
        assert_eq!(st.candidates(Some("c")).count(), 0);
        assert_eq!(st.len(), 4);
    }
}
