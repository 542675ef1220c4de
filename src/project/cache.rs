//! Building the project again and again (an editor re-checks after every
//! keystroke): the models of files whose text has not changed are kept
//! and reused, so only the edited file is parsed again. What follows from
//! all files together (rule files, templates, catalog, scopes, analysis)
//! is computed afresh from the models each time.

use super::{model_candidate, read_text, BuildOptions, Project, ReadError};
use crate::model::{Candidate, FileModel};
use rayon::prelude::*;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

/// Texts that replace the files on disk: an editor's unsaved documents,
/// by path.
pub type Overlay = HashMap<PathBuf, String>;

/// The models of files read before, by path and how they were read,
/// with what identifies the text they were made from.
#[derive(Default)]
pub struct ModelCache {
    entries: HashMap<Key, Entry>,
    /// How many candidates the last build took from the cache, and how
    /// many it read and modelled.
    pub last_hits: usize,
    pub last_misses: usize,
    /// The project the last build made: what it derived from all files
    /// (catalog, analysis, scopes) is kept where the inputs are the same.
    previous: Option<Project>,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq)]
struct Key {
    path: PathBuf,
    explicit: bool,
    metrics: bool,
}

/// What the models were made from: an overlay text (by hash and length)
/// or a file on disk (by modification time and length).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Stamp {
    Text { hash: u64, len: usize },
    Disk { modified: SystemTime, len: u64 },
}

struct Entry {
    stamp: Stamp,
    models: Vec<Arc<FileModel>>,
}

impl ModelCache {
    /// Forgets the models of `path` (a file saved or changed on disk).
    pub fn forget(&mut self, path: &Path) {
        self.entries.retain(|k, _| k.path != path);
    }

    /// How many files' models are kept.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

fn text_stamp(text: &str) -> Stamp {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut h);
    Stamp::Text {
        hash: h.finish(),
        len: text.len(),
    }
}

/// The stamp of a file on disk; `None` when it cannot be read (then it
/// is read again, and the error reported, every time).
fn disk_stamp(path: &Path) -> Option<Stamp> {
    let meta = std::fs::metadata(path).ok()?;
    Some(Stamp::Disk {
        modified: meta.modified().ok()?,
        len: meta.len(),
    })
}

/// One candidate's outcome: its models (or why it could not be read),
/// and a new cache entry when it was modelled afresh.
type Read = (Key, Result<Vec<Arc<FileModel>>, ReadError>, Option<Entry>);

impl Project {
    /// Like [`Project::build_with`], but the text of a path in `overlay`
    /// replaces the file on disk, and files whose text is unchanged since
    /// the last build with `cache` are not read or parsed again.
    pub fn build_cached(
        candidates: &[Candidate],
        options: &BuildOptions,
        overlay: &Overlay,
        cache: &mut ModelCache,
    ) -> Project {
        let cached = &cache.entries;
        let reads: Vec<(Read, bool)> = candidates
            .par_iter()
            .map(|c| {
                let key = Key {
                    path: c.path.clone(),
                    explicit: c.explicit,
                    metrics: options.metrics_paths.contains(&c.path),
                };
                let open = overlay.get(&c.path);
                let stamp = match open {
                    Some(text) => Some(text_stamp(text)),
                    None => disk_stamp(&c.path),
                };
                if let (Some(stamp), Some(entry)) = (stamp, cached.get(&key)) {
                    if entry.stamp == stamp {
                        return ((key, Ok(entry.models.clone()), None), true);
                    }
                }
                let text = match open {
                    Some(text) => Ok(text.clone()),
                    None => read_text(&c.path),
                };
                let read = match text {
                    Ok(text) => {
                        let models = model_candidate(c, text, options);
                        let entry = stamp.map(|stamp| Entry {
                            stamp,
                            models: models.clone(),
                        });
                        (key, Ok(models), entry)
                    }
                    Err(e) => (key, Err(e), None),
                };
                (read, false)
            })
            .collect();
        let mut used = std::collections::HashSet::with_capacity(reads.len());
        let mut results = Vec::with_capacity(reads.len());
        cache.last_hits = 0;
        cache.last_misses = 0;
        for ((key, result, entry), hit) in reads {
            if hit {
                cache.last_hits += 1;
            } else {
                cache.last_misses += 1;
            }
            if let Some(entry) = entry {
                cache.entries.insert(key.clone(), entry);
            }
            used.insert(key);
            results.push(result);
        }
        cache.entries.retain(|k, _| used.contains(k));
        let project = Project::assemble(results, cache.previous.as_ref());
        cache.previous = Some(project.clone());
        project
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::FileKind;

    fn scratch(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("promlint-cache-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        dir
    }

    const RULES: &str =
        "groups:\n  - name: a\n    rules:\n      - alert: A\n        expr: up == 0\n";

    #[test]
    fn unchanged_files_are_not_read_again_and_the_overlay_wins() {
        let dir = scratch("reuse");
        let a = dir.join("a.rules.yml");
        let b = dir.join("b.rules.yml");
        std::fs::write(&a, RULES).expect("write");
        std::fs::write(&b, RULES).expect("write");
        let candidates: Vec<Candidate> = [&a, &b]
            .iter()
            .map(|p| Candidate {
                path: p.to_path_buf(),
                explicit: false,
            })
            .collect();
        let options = BuildOptions::default();
        let mut cache = ModelCache::default();
        let mut overlay = Overlay::new();
        let p = Project::build_cached(&candidates, &options, &overlay, &mut cache);
        assert_eq!((cache.last_hits, cache.last_misses), (0, 2));
        assert_eq!(p.files.len(), 2);

        let p = Project::build_cached(&candidates, &options, &overlay, &mut cache);
        assert_eq!((cache.last_hits, cache.last_misses), (2, 0));
        assert!(p.files.iter().all(|f| f.kind == FileKind::RuleFile));

        // An unsaved edit replaces the text on disk; only that file is
        // modelled again.
        overlay.insert(a.clone(), RULES.replace("alert: A", "alert: B"));
        let p = Project::build_cached(&candidates, &options, &overlay, &mut cache);
        assert_eq!((cache.last_hits, cache.last_misses), (1, 1));
        let names: Vec<_> = p
            .files
            .iter()
            .flat_map(|f| &f.groups)
            .flat_map(|g| &g.rules)
            .filter_map(|r| r.name().map(str::to_string))
            .collect();
        assert!(names.contains(&"B".to_string()), "{names:?}");

        // A file that leaves the candidates leaves the cache.
        let p = Project::build_cached(&candidates[1..], &options, &overlay, &mut cache);
        assert_eq!(p.files.len(), 1);
        assert_eq!(cache.len(), 1);
    }

    #[test]
    fn a_cached_build_equals_a_fresh_one() {
        let dir = scratch("same");
        std::fs::write(
            dir.join("prometheus.yml"),
            "rule_files: [alert.conf]\nscrape_configs:\n  - job_name: node\n",
        )
        .expect("write");
        std::fs::write(dir.join("alert.conf"), RULES).expect("write");
        std::fs::write(dir.join("x.rules.yml"), "groups: [\n").expect("write");
        let candidates = crate::discover::discover(std::slice::from_ref(&dir)).expect("discover");
        let options = BuildOptions::default();
        let fresh = crate::checks::run(&Project::build_with(&candidates, &options), &[]);
        let mut cache = ModelCache::default();
        let overlay = Overlay::new();
        for _ in 0..2 {
            let p = Project::build_cached(&candidates, &options, &overlay, &mut cache);
            let mut again = crate::checks::run(&p, &[]);
            let mut expected = fresh.clone();
            let key = |d: &crate::diagnostic::Diagnostic| (d.file.clone(), d.span, d.code);
            again.sort_by_key(key);
            expected.sort_by_key(key);
            assert_eq!(again, expected);
        }
        assert!(!fresh.is_empty());
    }
}
