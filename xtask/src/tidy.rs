//! Style as tests: calls the core must never make, and debugging left behind anywhere.

use std::path::{Path, PathBuf};

/// Banned in `core/src`: a clock, OS randomness, hashed (unordered) collections.
const CORE_BANNED: &[&str] = &["Instant::now", "SystemTime::now", "HashMap", "HashSet", "thread_rng"];
/// Banned in every crate's sources.
const EVERYWHERE_BANNED: &[&str] = &["dbg!(", "#[ignore]", "todo!(", "unimplemented!("];

/// Returns every problem found, as `path:line: what`.
pub(crate) fn check(root: &Path) -> Result<(), Vec<String>> {
    let mut problems = Vec::new();
    for file in rust_files(&root.join("core/src")) {
        scan(&file, CORE_BANNED, "the core must not use", &mut problems);
    }
    for dir in ["core", "web", "cli", "xtask/src"] {
        for file in rust_files(&root.join(dir)) {
            if file.ends_with("xtask/src/tidy.rs") {
                continue; // names the banned words
            }
            scan(&file, EVERYWHERE_BANNED, "leftover", &mut problems);
        }
    }
    if problems.is_empty() { Ok(()) } else { Err(problems) }
}

fn scan(file: &Path, banned: &[&str], what: &str, problems: &mut Vec<String>) {
    let text = std::fs::read_to_string(file).unwrap_or_default();
    for (number, line) in text.lines().enumerate() {
        let code = line.split("//").next().unwrap_or("");
        for word in banned {
            if code.contains(word) {
                problems.push(format!("{}:{}: {what} `{word}`", file.display(), number + 1));
            }
        }
    }
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                if !path.ends_with("target") {
                    stack.push(path);
                }
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
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
        let dir = std::env::temp_dir().join(format!("brokerlab-tidy-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("core/src")).unwrap();
        std::fs::write(dir.join("core/src/lib.rs"), "fn f() { let _ = std::time::Instant::now(); }\n").unwrap();
        let problems = check(&dir).unwrap_err();
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].contains("Instant::now"));
    }
}
