//! The policies being served: every `*.toml` and `*.json` in a folder (not hidden
//! files; symbolic links followed), keyed by the
//! policy's `id`, each swapped whole when its file changes.
//!
//! A request takes an `Arc` of the policy it needs and lets go of the lock at once, so
//! a reload never waits for a request and a request in flight finishes on the policy
//! it started with. A file that no longer parses keeps its last good policy (and the
//! error is logged); a file that disappears takes its policy with it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, PoisonError, RwLock};
use std::time::SystemTime;

use iuran::Policy;
use iuran::nik::mask_niks;
use tracing::{info, warn};

/// The policies of one folder.
#[derive(Debug)]
pub struct Store {
    dir: PathBuf,
    state: RwLock<State>,
}

#[derive(Debug, Default)]
struct State {
    policies: BTreeMap<String, Arc<Policy>>,
    files: BTreeMap<PathBuf, Seen>,
}

/// What the store last saw of a file: its stamp, and the id of the policy it holds
/// (none while it has never parsed, or names an id another file already serves).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Seen {
    stamp: Stamp,
    id: Option<String>,
}

/// A file counts as changed when its modification time or length does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    modified: Option<SystemTime>,
    len: u64,
}

impl Store {
    /// Load every policy in `dir`. Fails only when the folder cannot be read; a file
    /// that does not parse is logged and left out until it changes.
    pub fn open(dir: &Path) -> std::io::Result<Store> {
        let store = Store {
            dir: dir.to_owned(),
            state: RwLock::new(State::default()),
        };
        store.scan()?;
        Ok(store)
    }

    /// The policy with this id, as it is now.
    pub fn get(&self, id: &str) -> Option<Arc<Policy>> {
        self.read().policies.get(id).cloned()
    }

    /// Every policy, by id.
    pub fn all(&self) -> Vec<Arc<Policy>> {
        self.read().policies.values().cloned().collect()
    }

    /// Look at the folder again and reload what changed.
    pub fn refresh(&self) {
        if let Err(e) = self.scan() {
            warn!(
                folder = %self.dir.display(),
                error = %mask_niks(&e.to_string()),
                "cannot read the policy folder; serving the policies loaded before"
            );
        }
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, State> {
        self.state.read().unwrap_or_else(PoisonError::into_inner)
    }

    fn scan(&self) -> std::io::Result<()> {
        let mut now = BTreeMap::new();
        for entry in std::fs::read_dir(&self.dir)? {
            let entry = entry?;
            let path = entry.path();
            let hidden = entry.file_name().to_string_lossy().starts_with('.');
            let policy_file = !hidden
                && path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
                    e.eq_ignore_ascii_case("toml") || e.eq_ignore_ascii_case("json")
                });
            // Follows symbolic links: a mounted configuration volume links each file
            // to the current version and swaps the link on update.
            let Ok(meta) = std::fs::metadata(&path) else {
                continue;
            };
            if policy_file && meta.is_file() {
                let stamp = Stamp {
                    modified: meta.modified().ok(),
                    len: meta.len(),
                };
                now.insert(path, stamp);
            }
        }
        let (changed, gone): (Vec<_>, Vec<_>) = {
            let state = self.read();
            let changed = now
                .iter()
                .filter(|(path, stamp)| state.files.get(*path).map(|s| s.stamp) != Some(**stamp))
                .map(|(path, stamp)| (path.clone(), *stamp))
                .collect();
            let gone = state
                .files
                .keys()
                .filter(|path| !now.contains_key(*path))
                .cloned()
                .collect();
            (changed, gone)
        };
        if changed.is_empty() && gone.is_empty() {
            return Ok(());
        }
        // Parse outside the lock: requests keep being served meanwhile.
        let parsed: Vec<_> = changed
            .into_iter()
            .map(|(path, stamp)| {
                let policy = Policy::from_file(&path);
                (path, stamp, policy)
            })
            .collect();
        let mut state = self.state.write().unwrap_or_else(PoisonError::into_inner);
        for path in gone {
            if let Some(id) = state.files.remove(&path).and_then(|s| s.id) {
                state.policies.remove(&id);
                info!(policy = %id, file = %path.display(), "policy file removed; policy no longer served");
            }
        }
        for (path, stamp, policy) in parsed {
            state.apply(path, stamp, policy);
        }
        Ok(())
    }
}

impl State {
    fn apply(&mut self, path: PathBuf, stamp: Stamp, policy: Result<Policy, iuran::Error>) {
        let before = self.files.get(&path).and_then(|s| s.id.clone());
        let policy = match policy {
            Ok(policy) => policy,
            Err(e) => {
                warn!(
                    file = %path.display(),
                    code = e.code(),
                    error = %mask_niks(&e.to_string()),
                    "policy file does not load; keeping the policy loaded before, if any"
                );
                self.files.insert(path, Seen { stamp, id: before });
                return;
            }
        };
        let id = policy.spec().id.clone();
        let taken = self
            .files
            .iter()
            .any(|(other, seen)| *other != path && seen.id.as_deref() == Some(id.as_str()));
        if taken {
            warn!(policy = %id, file = %path.display(), "another file already serves this policy id; file ignored");
            if let Some(old) = &before {
                self.policies.remove(old);
            }
            self.files.insert(path, Seen { stamp, id: None });
            return;
        }
        if let Some(old) = before.as_ref().filter(|old| **old != id) {
            self.policies.remove(old);
        }
        let verb = if before.is_some() {
            "reloaded"
        } else {
            "loaded"
        };
        info!(policy = %id, file = %path.display(), months = policy.months().len(), "policy {verb}");
        self.policies.insert(id.clone(), Arc::new(policy));
        self.files.insert(
            path,
            Seen {
                stamp,
                id: Some(id),
            },
        );
    }
}
