//! The list of today's exceptions to the tidy rules (`xtask/tidy-exceptions.txt`).
//!
//! The rules came after the code, so some old files, functions and constants break them. They
//! are listed so the rules can hold for everything else at once; the checks then make the list
//! shrink and never grow back: a listed item that comes within the rule must leave the list,
//! and a listed file or function may not get longer than its recorded length.
//!
//! One item per line; `#` starts a comment line:
//!
//! ```text
//! file core/src/world/mod.rs 1012          a file and its length in lines
//! fn web/src/app.rs::app 572               a function and its length in lines
//! bound core/src/world/mod.rs::FLOOD_MAX   a `*_MAX` constant outside a limits file
//! ```

use std::collections::BTreeMap;
use std::path::Path;

/// The list's path from the workspace root.
pub(crate) const PATH: &str = "xtask/tidy-exceptions.txt";

/// One listed item: its recorded length (0 for a bound, which has none) and the line of the
/// list it is on, for messages that say where to edit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Listed {
    pub(crate) length: usize,
    pub(crate) at: usize,
}

/// The list, by kind, keyed as the list writes the items (`path`, `path::name`).
#[derive(Debug, Default)]
pub(crate) struct Exceptions {
    pub(crate) files: BTreeMap<String, Listed>,
    pub(crate) functions: BTreeMap<String, Listed>,
    pub(crate) bounds: BTreeMap<String, Listed>,
}

/// Reads the list under `root`; a workspace without one has no exceptions. Lines that do not
/// parse are problems, so a typo cannot silently list nothing.
pub(crate) fn read(root: &Path, problems: &mut Vec<String>) -> Exceptions {
    let text = std::fs::read_to_string(root.join(PATH)).unwrap_or_default();
    parse(&text, problems)
}

fn parse(text: &str, problems: &mut Vec<String>) -> Exceptions {
    let mut list = Exceptions::default();
    for (index, line) in text.lines().enumerate() {
        let at = index + 1;
        let words: Vec<&str> = line.split_whitespace().collect();
        let parsed = match words.as_slice() {
            [] => continue,
            [first, ..] if first.starts_with('#') => continue,
            ["file", path, length] => length.parse().ok().map(|n| (&mut list.files, path, n)),
            ["fn", item, length] if item.contains("::") => length.parse().ok().map(|n| (&mut list.functions, item, n)),
            ["bound", item] if item.ends_with("_MAX") && item.contains("::") => Some((&mut list.bounds, item, 0)),
            _ => None,
        };
        let Some((kind, item, length)) = parsed else {
            problems.push(format!(
                "{PATH}:{at}: cannot read {line:?}: expected `file PATH LINES`, `fn PATH::NAME LINES` or `bound PATH::NAME_MAX`"
            ));
            continue;
        };
        if let Some(first) = kind.insert(item.to_string(), Listed { length, at }) {
            problems.push(format!("{PATH}:{at}: {item} is listed twice (first on line {})", first.at));
        }
    }
    list
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_reads_each_kind_and_refuses_what_it_cannot_read() {
        let text = "\
# old offenders

file core/src/big.rs 700
fn core/src/big.rs::long 200
bound web/src/sim.rs::TOKENS_MAX
file core/src/big.rs 650
fn core/src/big.rs 200
file core/src/other.rs many
";
        let mut problems = Vec::new();
        let list = parse(text, &mut problems);
        assert_eq!(list.files.get("core/src/big.rs"), Some(&Listed { length: 650, at: 6 }));
        assert_eq!(list.functions.get("core/src/big.rs::long"), Some(&Listed { length: 200, at: 4 }));
        assert_eq!(list.bounds.get("web/src/sim.rs::TOKENS_MAX"), Some(&Listed { length: 0, at: 5 }));
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(
            problems[0].starts_with("xtask/tidy-exceptions.txt:6: core/src/big.rs is listed twice (first on line 3)")
        );
        assert!(problems[1].starts_with("xtask/tidy-exceptions.txt:7: cannot read"));
        assert!(problems[2].starts_with("xtask/tidy-exceptions.txt:8: cannot read"));
    }
}
