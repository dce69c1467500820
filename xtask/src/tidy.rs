//! Style as tests: the rules the project keeps, checked on every run instead of by eye.
//!
//! - calls the core must never make (a clock, OS randomness, hashed collections), code for one
//!   target in the page (it is linted natively only), and debugging left behind anywhere;
//! - length limits for files and functions, with the tree's old offenders listed in
//!   `xtask/tidy-exceptions.txt`, a list that may only shrink ([`lengths`]);
//! - the house rules: sorting goes through `crate::sort`, and bounds live in the limits files
//!   ([`rules`]);
//! - every requirement id a comment cites (K7, R14) is defined in `docs/GLOSSARY.md`
//!   ([`glossary`]);
//! - no import circles between the files of the core or the page ([`cycles`]).
//!
//! Every check reads code and comments apart ([`source`]), so a URL in a string is not a
//! comment and a `.sort()` in a comment is not a call.

mod cycles;
mod exceptions;
mod glossary;
mod lengths;
mod rules;
mod source;

use std::path::{Path, PathBuf};

/// Banned in `core/src`: a clock, OS randomness, hashed (unordered) collections.
const CORE_BANNED: &[&str] = &["Instant::now", "SystemTime::now", "HashMap", "HashSet", "thread_rng"];
/// Banned in the page's sources: code for one target only. The page is linted natively only
/// (`cargo xtask test` runs no wasm32 clippy for it: with no such code that run linted the same
/// lines again, for 86 s), so code only wasm32 compiles would go unlinted.
const WEB_BANNED: &[&str] = &["target_arch", "target_family", "target_os"];
/// Banned in every crate's sources.
const EVERYWHERE_BANNED: &[&str] = &["dbg!(", "#[ignore]", "todo!(", "unimplemented!("];

/// A file the checks read: its path from the workspace root (with `/`, as the exception list
/// and the messages write it) and its lines, each split into code and comment.
#[derive(Debug)]
pub(crate) struct Source {
    pub(crate) path: String,
    pub(crate) lines: Vec<source::Line>,
}

/// Runs every check; returns every problem found, as `path:line: what` (or `path: what`).
pub(crate) fn check(root: &Path) -> Result<(), Vec<String>> {
    let mut problems = Vec::new();
    for file in sources(root, &["core/src"]) {
        scan(&file, CORE_BANNED, "the core must not use", &mut problems);
    }
    for file in sources(root, &["web/src"]) {
        scan(&file, WEB_BANNED, "the page is linted natively only (bring back the wasm32 clippy run in xtask's test for code of one target):", &mut problems);
    }
    for file in sources(root, &["core", "web", "cli", "xtask/src"]) {
        scan(&file, EVERYWHERE_BANNED, "leftover", &mut problems);
    }
    let listed = exceptions::read(root, &mut problems);
    lengths::check(&sources(root, lengths::DIRS), &listed, &mut problems);
    rules::check_sorting(&sources(root, rules::SORT_DIRS), &mut problems);
    rules::check_bounds(&sources(root, rules::BOUND_DIRS), &listed, &mut problems);
    glossary::check(root, &mut problems);
    cycles::check(&sources(root, cycles::DIRS), &mut problems);
    if problems.is_empty() { Ok(()) } else { Err(problems) }
}

/// The longest files and functions of the core and the page (`cargo xtask tidy --report`).
pub(crate) fn report(root: &Path) -> Vec<String> {
    let sources = sources(root, lengths::DIRS);
    let mut out = lengths::report(&sources, "web/src", 8);
    out.extend(lengths::report(&sources, "core/src", 8));
    out
}

fn scan(file: &Source, banned: &[&str], what: &str, problems: &mut Vec<String>) {
    for (number, line) in file.lines.iter().enumerate() {
        for word in banned {
            if line.code.contains(word) {
                problems.push(format!("{}:{}: {what} `{word}`", file.path, number + 1));
            }
        }
    }
}

/// The `.rs` files under `dirs` (relative to `root`), read and split, in path order.
pub(crate) fn sources(root: &Path, dirs: &[&str]) -> Vec<Source> {
    let mut out = Vec::new();
    for dir in dirs {
        for file in files(&root.join(dir), &["rs"]) {
            let text = std::fs::read_to_string(&file).unwrap_or_default();
            out.push(Source { path: relative(root, &file), lines: source::lines(&text) });
        }
    }
    out
}

/// The path of `file` from `root`, with `/` between its parts.
pub(crate) fn relative(root: &Path, file: &Path) -> String {
    let path = file.strip_prefix(root).unwrap_or(file);
    path.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

/// Files under `dir` with one of `extensions`, skipping build output and installed packages.
pub(crate) fn files(dir: &Path, extensions: &[&str]) -> Vec<PathBuf> {
    const SKIPPED: &[&str] = &["target", "node_modules", "pkg", "dist"];
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                if !SKIPPED.iter().any(|s| path.ends_with(s)) {
                    stack.push(path);
                }
            } else if path.extension().is_some_and(|e| extensions.iter().any(|x| e == *x)) {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// A scratch workspace for the checks' tests: files written into a fresh directory, removed
/// when dropped.
#[cfg(test)]
pub(crate) struct Scratch {
    pub(crate) root: PathBuf,
}

#[cfg(test)]
impl Scratch {
    pub(crate) fn new(files: &[(&str, &str)]) -> Scratch {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let root = std::env::temp_dir().join(format!("brokerlab-tidy-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        for (path, text) in files {
            let path = root.join(path);
            std::fs::create_dir_all(path.parent().expect("a file has a parent")).unwrap();
            std::fs::write(path, text).unwrap();
        }
        Scratch { root }
    }

    /// The problems `check` finds in the scratch workspace (none is an empty list).
    pub(crate) fn problems(&self) -> Vec<String> {
        check(&self.root).err().unwrap_or_default()
    }
}

#[cfg(test)]
impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tree_is_tidy() {
        if let Err(problems) = check(&crate::root()) {
            panic!("tidy found problems:\n{}", problems.join("\n"));
        }
    }

    #[test]
    fn tidy_catches_a_clock_in_the_core() {
        let scratch = Scratch::new(&[("core/src/lib.rs", "fn f() { let _ = std::time::Instant::now(); }\n")]);
        let problems = scratch.problems();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].contains("Instant::now"));
    }

    #[test]
    fn banned_words_count_in_code_only() {
        let text = "\
// A HashMap would iterate in a random order.
const WHY: &str = \"no HashMap, see https://example.invalid\"; let m = HashMap::new();
fn f() { dbg!(1); }
";
        let scratch = Scratch::new(&[("core/src/lib.rs", text)]);
        assert_eq!(
            scratch.problems(),
            ["core/src/lib.rs:2: the core must not use `HashMap`", "core/src/lib.rs:3: leftover `dbg!(`",]
        );
    }
}
