//! House rules that were kept by hand (ARCHITECTURE.md, docs/LIMITS.md), now kept by tidy.
//!
//! - **Sorting goes through `crate::sort`** (`brokerlab_core::sort` outside the core). The
//!   standard library compiles a copy of its sort for every element type and comparison, about
//!   4 KB of wasm each; twenty-odd of them were 100 KB of the page. `core/src/sort.rs` holds the
//!   one copy, so a `.sort*(` call anywhere else in code that ships as wasm brings the cost back.
//! - **Bounds live in the limits files.** Every `*_MAX` constant is defined in a crate's
//!   `src/limits.rs`, or among the message broker's at the top of
//!   `core/src/message_broker/mod.rs`, so that the bounds can be read, and weighed against each
//!   other, in one place. Constants defined elsewhere before the rule are listed in
//!   `xtask/tidy-exceptions.txt` and may only leave the list.

use std::collections::BTreeMap;

use super::Source;
use super::exceptions::{self, Exceptions};
use super::source::is_ident;

/// The code that is built to wasm, where each copy of the standard sort costs download size.
pub(crate) const SORT_DIRS: &[&str] = &["core/src", "web/src", "js/src"];
/// The one file allowed to call the standard sort (its tests compare against it).
const SORT_HOME: &str = "core/src/sort.rs";

/// The crates whose bounds docs/LIMITS.md documents, and the JavaScript package.
pub(crate) const BOUND_DIRS: &[&str] = &["core/src", "web/src", "cli/src", "js/src"];
/// The limits file besides each crate's `src/limits.rs`.
const BOUND_HOMES: &[&str] = &["core/src/message_broker/mod.rs"];

/// Every call of a standard sort method (`.sort(`, `.sort_by_key(`, `.sort_unstable_by(`…)
/// outside `core/src/sort.rs`.
pub(crate) fn check_sorting(sources: &[Source], problems: &mut Vec<String>) {
    for file in sources.iter().filter(|f| f.path != SORT_HOME) {
        for (index, line) in file.lines.iter().enumerate() {
            for method in sort_calls(&line.code) {
                problems.push(format!(
                    "{}:{}: `.{method}(` compiles another copy of the standard sort: call `crate::sort::{}` \
                     (`brokerlab_core::sort` outside the core) instead",
                    file.path,
                    index + 1,
                    replacement(&method),
                ));
            }
        }
    }
}

/// Every `const NAME_MAX` outside the limits files that the exception list does not name,
/// and every listed one that is no longer there.
pub(crate) fn check_bounds(sources: &[Source], listed: &Exceptions, problems: &mut Vec<String>) {
    let mut found = BTreeMap::new();
    for file in sources.iter().filter(|f| !is_bound_home(&f.path)) {
        for (index, line) in file.lines.iter().enumerate() {
            for name in bound_definitions(&line.code) {
                found.insert(format!("{}::{name}", file.path), format!("{}:{}", file.path, index + 1));
            }
        }
    }
    for (key, place) in &found {
        if !listed.bounds.contains_key(key) {
            let name = key.rsplit("::").next().unwrap_or(key);
            problems.push(format!(
                "{place}: bound `{name}` is defined outside a limits file: move it to its crate's `src/limits.rs` \
                 (the message broker's to `core/src/message_broker/mod.rs`) and add it to docs/LIMITS.md"
            ));
        }
    }
    for (key, entry) in &listed.bounds {
        if !found.contains_key(key) {
            problems.push(format!(
                "{}:{}: bound {key} is no longer defined there: remove it from the list",
                exceptions::PATH,
                entry.at
            ));
        }
    }
}

/// The `crate::sort` function that does what the standard sort method `method` does.
fn replacement(method: &str) -> &'static str {
    if method.contains("key") {
        "sort_by_key"
    } else if method.contains("by") {
        "sort_by"
    } else {
        "sort"
    }
}

fn is_bound_home(path: &str) -> bool {
    BOUND_HOMES.contains(&path) || path.ends_with("/src/limits.rs")
}

/// The standard sort methods called in one line of code: a method whose name is `sort` or
/// starts with `sort_`, called with `.`. Paths (`sort::sort_by(`) and other methods
/// (`.is_sorted(`) are not calls of it.
fn sort_calls(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (at, _) in code.match_indices(".sort") {
        let rest = &code[at + 1..];
        let name: String = rest.chars().take_while(|&c| is_ident(c)).collect();
        let after = rest[name.len()..].trim_start();
        if (name == "sort" || name.starts_with("sort_")) && (after.starts_with('(') || after.starts_with("::<")) {
            out.push(name);
        }
    }
    out
}

/// The names of the `*_MAX` constants one line of code defines.
fn bound_definitions(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (at, _) in code.match_indices("const ") {
        if code[..at].chars().next_back().is_some_and(is_ident) {
            continue;
        }
        let name: String = code[at + "const ".len()..].trim_start().chars().take_while(|&c| is_ident(c)).collect();
        if name.ends_with("_MAX") {
            out.push(name);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tidy::Scratch;

    #[test]
    fn sort_calls_are_found_in_code() {
        let cases: &[(&str, &[&str])] = &[
            ("v.sort();", &["sort"]),
            ("v.sort_by(|a, b| a.cmp(b));", &["sort_by"]),
            ("items.iter_mut().sort_by_key(|x| x.id); w.sort_unstable();", &["sort_by_key", "sort_unstable"]),
            ("v.sort_unstable_by_key::<u8, _>(f);", &["sort_unstable_by_key"]),
            ("v\n    .sort_by_cached_key (f);", &["sort_by_cached_key"]),
            ("crate::sort::sort_by(&mut v, |a, b| a.cmp(b));", &[]),
            ("if v.is_sorted() { self.sorted.len() }", &[]),
            ("let sort = self.sort; let n = self.sort_order;", &[]),
        ];
        for &(code, expected) in cases {
            let found: Vec<String> = code.lines().flat_map(sort_calls).collect();
            assert_eq!(found, expected, "in {code:?}");
        }
    }

    #[test]
    fn a_sort_call_outside_the_sort_module_fails() {
        let scratch = Scratch::new(&[
            (
                "web/src/log.rs",
                "fn f(v: &mut [u8]) {\n    // v.sort() would be a second copy\n    v.sort_unstable();\n}\n",
            ),
            ("core/src/sort.rs", "fn reference(v: &mut [u8]) { v.sort(); }\n"),
            ("cli/src/main.rs", "fn f(v: &mut [u8]) { v.sort(); }\n"),
        ]);
        assert_eq!(
            scratch.problems(),
            ["web/src/log.rs:3: `.sort_unstable(` compiles another copy of the standard sort: call \
              `crate::sort::sort` (`brokerlab_core::sort` outside the core) instead"]
        );
    }

    #[test]
    fn bound_definitions_are_constants_named_max() {
        let cases: &[(&str, &[&str])] = &[
            ("pub const TOKENS_MAX: usize = 2_000;", &["TOKENS_MAX"]),
            ("        const DAY_MS_MAX: i64 = 100 * 86_400_000;", &["DAY_MS_MAX"]),
            ("pub(crate) const  LINES_MAX: usize = 1;", &["LINES_MAX"]),
            ("const MAX_TOKENS: usize = 1;", &[]),
            ("pub const fn clamp_MAX() {}", &[]),
            ("let n = limits::TOKENS_MAX;", &[]),
            ("static LINES_MAX: usize = 1;", &[]),
        ];
        for &(code, expected) in cases {
            assert_eq!(bound_definitions(code), expected, "in {code:?}");
        }
    }

    #[test]
    fn a_stray_bound_fails_unless_listed_and_a_listed_one_that_moved_must_leave_the_list() {
        let scratch = Scratch::new(&[
            ("core/src/limits.rs", "pub const TOPICS_MAX: usize = 16;\n"),
            ("core/src/message_broker/mod.rs", "pub const QUEUES_MAX: usize = 256;\n"),
            ("web/src/limits.rs", "pub const TOKENS_MAX: usize = 2_000;\n"),
            ("web/src/sim.rs", "// LOG_LINES_MAX lives here for now\npub const LOG_LINES_MAX: usize = 200;\n"),
            ("web/src/share.rs", "/// Long enough.\npub const FRAGMENT_CHARS_MAX: usize = 65_536;\n"),
            ("core/src/world/limits.rs", "pub const FLOOD_MAX: u32 = 1_000;\n"),
            (
                "xtask/tidy-exceptions.txt",
                "bound web/src/share.rs::FRAGMENT_CHARS_MAX\nbound web/src/clock.rs::FRAME_SIM_MS_MAX\n",
            ),
        ]);
        assert_eq!(
            scratch.problems(),
            [
                "core/src/world/limits.rs:1: bound `FLOOD_MAX` is defined outside a limits file: move it to its \
                 crate's `src/limits.rs` (the message broker's to `core/src/message_broker/mod.rs`) and add it to \
                 docs/LIMITS.md",
                "web/src/sim.rs:2: bound `LOG_LINES_MAX` is defined outside a limits file: move it to its crate's \
                 `src/limits.rs` (the message broker's to `core/src/message_broker/mod.rs`) and add it to \
                 docs/LIMITS.md",
                "xtask/tidy-exceptions.txt:2: bound web/src/clock.rs::FRAME_SIM_MS_MAX is no longer defined there: \
                 remove it from the list",
            ]
        );
    }
}
