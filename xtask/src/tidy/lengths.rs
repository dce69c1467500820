//! Length limits for source files and functions.
//!
//! A file past a few hundred lines holds more than one idea, and a function past a screenful
//! or two does several things in one scope: both get harder to read, test and change, and
//! both only ever grow unless something stops them. The limits sit above what most of the
//! tree needed when they came (at commit 2326225, 13 of 83 source files were over 600 lines and
//! 10 of about 1,200 functions over 150), so they bind where the code had already outgrown its
//! shape; those files and functions are listed in `xtask/tidy-exceptions.txt` with their
//! lengths and may only shrink until they leave the list. 150 lines is also what issue 18 asks
//! of the page's component functions.

use std::collections::BTreeMap;

use super::Source;
use super::exceptions::{self, Exceptions, Listed};
use super::source;

/// The most lines a source file may have.
pub(crate) const FILE_LINES_MAX: usize = 600;
/// The most lines a function may have, from its `fn` line to its closing brace.
pub(crate) const FN_LINES_MAX: usize = 150;

/// The crates' sources the limits apply to: every workspace member's `src`. Integration tests
/// (`core/tests`) are lists of cases and are left out.
pub(crate) const DIRS: &[&str] = &[
    "core/src",
    "web/src",
    "cli/src",
    "xtask/src",
    "js/src",
    "tests/differential/src",
    "bench/src",
    "bench/yew-floor/src",
];

/// Checks every file and function of `sources` against the limits and `listed`.
pub(crate) fn check(sources: &[Source], listed: &Exceptions, problems: &mut Vec<String>) {
    let mut files = BTreeMap::new();
    let mut functions = BTreeMap::new();
    for file in sources {
        files.insert(file.path.clone(), Measured { place: file.path.clone(), length: file.lines.len() });
        for function in source::functions(&file.lines) {
            // Two functions of one name in one file (`new` in two impls) share an entry in
            // the list; the longer one is the one the limit is about.
            let measured = Measured { place: format!("{}:{}", file.path, function.line), length: function.lines };
            let key = format!("{}::{}", file.path, function.name);
            let longest = functions.entry(key).or_insert_with(|| measured.clone());
            if measured.length > longest.length {
                *longest = measured;
            }
        }
    }
    ratchet(
        &Kind { name: "file", key_word: "file", max: FILE_LINES_MAX, advice: "split it" },
        &files,
        &listed.files,
        problems,
    );
    ratchet(
        &Kind { name: "function", key_word: "fn", max: FN_LINES_MAX, advice: "split it into smaller functions" },
        &functions,
        &listed.functions,
        problems,
    );
}

#[derive(Debug, Clone)]
struct Measured {
    /// Where a message points: `path` for a file, `path:line` for a function.
    place: String,
    length: usize,
}

/// What the messages call one kind of measured item, and its limit.
#[derive(Debug)]
struct Kind {
    name: &'static str,
    /// How the exception list writes the kind (`file`, `fn`).
    key_word: &'static str,
    max: usize,
    advice: &'static str,
}

/// Over the limit is a problem unless listed, and a listed item may not grow; a listed item
/// that is gone or within the limit must leave the list.
fn ratchet(
    kind: &Kind,
    measured: &BTreeMap<String, Measured>,
    listed: &BTreeMap<String, Listed>,
    problems: &mut Vec<String>,
) {
    let (name, max, list) = (kind.name, kind.max, exceptions::PATH);
    for (key, item) in measured.iter().filter(|(_, item)| item.length > max) {
        match listed.get(key) {
            None => problems.push(format!(
                "{}: {name} {key} has {} lines, over the limit of {max}: {}",
                item.place, item.length, kind.advice
            )),
            Some(entry) if item.length > entry.length => problems.push(format!(
                "{}: {name} {key} has grown to {} lines, past the {} recorded in {list}:{}; a listed {name} \
                 may only shrink: {}",
                item.place, item.length, entry.length, entry.at, kind.advice
            )),
            Some(_) => {}
        }
    }
    for (key, entry) in listed {
        match measured.get(key) {
            None => problems.push(format!(
                "{list}:{}: {} {key} no longer exists: remove it from the list",
                entry.at, kind.key_word
            )),
            Some(item) if item.length <= max => problems.push(format!(
                "{list}:{}: {name} {key} is down to {} lines, within the limit of {max}: remove it from the list",
                entry.at, item.length
            )),
            Some(_) => {}
        }
    }
}

/// The `count` longest files and functions of `sources` under `prefix`, longest first, as
/// `lines  place` rows: what `cargo xtask tidy --report` prints, to see where a tree is heavy.
pub(crate) fn report(sources: &[Source], prefix: &str, count: usize) -> Vec<String> {
    let mut files: Vec<(usize, String)> = Vec::new();
    let mut functions: Vec<(usize, String)> = Vec::new();
    for file in sources.iter().filter(|f| f.path.starts_with(prefix)) {
        files.push((file.lines.len(), file.path.clone()));
        for function in source::functions(&file.lines) {
            functions.push((function.lines, format!("{}::{}", file.path, function.name)));
        }
    }
    let longest = |mut list: Vec<(usize, String)>| {
        list.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        list.into_iter().take(count).map(|(n, place)| format!("{n:>6}  {place}")).collect::<Vec<_>>()
    };
    let mut out = vec![format!("longest files under {prefix}:")];
    out.extend(longest(files));
    out.push(format!("longest functions under {prefix}:"));
    out.extend(longest(functions));
    out
}

#[cfg(test)]
mod tests {
    use crate::tidy::Scratch;

    /// A function of `lines` lines, named `name`.
    fn function(name: &str, lines: usize) -> String {
        let mut text = format!("fn {name}() {{\n");
        text.push_str(&"    step();\n".repeat(lines - 2));
        text.push_str("}\n");
        text
    }

    /// A file of exactly `lines` lines holding one short function.
    fn file(lines: usize) -> String {
        format!("{}{}", function("short", 3), "// filler\n".repeat(lines - 3))
    }

    #[test]
    fn files_and_functions_within_the_limits_pass() {
        let text = format!("{}{}", function("at_the_limit", 150), "\n".repeat(450));
        assert_eq!(text.lines().count(), 600);
        let scratch = Scratch::new(&[("core/src/lib.rs", &text)]);
        assert_eq!(scratch.problems(), Vec::<String>::new());
    }

    #[test]
    fn an_unlisted_file_or_function_over_the_limit_fails() {
        let scratch = Scratch::new(&[
            ("web/src/big.rs", &file(601)),
            ("cli/src/main.rs", &format!("// top\n{}", function("long", 151))),
        ]);
        assert_eq!(
            scratch.problems(),
            [
                "web/src/big.rs: file web/src/big.rs has 601 lines, over the limit of 600: split it",
                "cli/src/main.rs:2: function cli/src/main.rs::long has 151 lines, over the limit of 150: split it \
                 into smaller functions",
            ]
        );
    }

    #[test]
    fn a_listed_file_or_function_may_stay_or_shrink_but_not_grow() {
        let list = "file web/src/big.rs 700\nfn web/src/big.rs::long 200\n";
        let text = format!("{}{}", function("long", 200), "\n".repeat(500));
        let same = Scratch::new(&[("xtask/tidy-exceptions.txt", list), ("web/src/big.rs", &text)]);
        assert_eq!(same.problems(), Vec::<String>::new());

        let text = format!("{}{}", function("long", 180), "\n".repeat(450));
        let shrunk = Scratch::new(&[("xtask/tidy-exceptions.txt", list), ("web/src/big.rs", &text)]);
        assert_eq!(shrunk.problems(), Vec::<String>::new());

        let text = format!("{}{}", function("long", 201), "\n".repeat(500));
        let grown = Scratch::new(&[("xtask/tidy-exceptions.txt", list), ("web/src/big.rs", &text)]);
        assert_eq!(
            grown.problems(),
            [
                "web/src/big.rs: file web/src/big.rs has grown to 701 lines, past the 700 recorded in \
                 xtask/tidy-exceptions.txt:1; a listed file may only shrink: split it",
                "web/src/big.rs:1: function web/src/big.rs::long has grown to 201 lines, past the 200 recorded \
                 in xtask/tidy-exceptions.txt:2; a listed function may only shrink: split it into smaller functions",
            ]
        );
    }

    #[test]
    fn a_listed_item_within_the_limit_or_gone_must_leave_the_list() {
        let list = "file web/src/big.rs 700\nfn web/src/big.rs::long 200\nfn web/src/big.rs::renamed 300\n";
        let scratch = Scratch::new(&[("xtask/tidy-exceptions.txt", list), ("web/src/big.rs", &function("long", 150))]);
        assert_eq!(
            scratch.problems(),
            [
                "xtask/tidy-exceptions.txt:1: file web/src/big.rs is down to 150 lines, within the limit of 600: \
                 remove it from the list",
                "xtask/tidy-exceptions.txt:2: function web/src/big.rs::long is down to 150 lines, within the limit \
                 of 150: remove it from the list",
                "xtask/tidy-exceptions.txt:3: fn web/src/big.rs::renamed no longer exists: remove it from the list",
            ]
        );
    }

    #[test]
    fn of_two_functions_sharing_a_name_the_longer_counts() {
        let text = format!("impl A {{\n{}}}\nimpl B {{\n{}}}\n", function("new", 3), function("new", 160));
        let scratch = Scratch::new(&[("core/src/lib.rs", &text)]);
        assert_eq!(
            scratch.problems(),
            ["core/src/lib.rs:7: function core/src/lib.rs::new has 160 lines, over the limit of 150: split it into \
              smaller functions"]
        );
    }
}
