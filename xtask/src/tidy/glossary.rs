//! Every requirement id a comment cites is defined in `docs/GLOSSARY.md`.
//!
//! Comments point at the broker semantics they implement by id (`K7` for Kafka's retention,
//! `R14` for RabbitMQ's persistence, `V1` for a version difference). The notes that define the
//! ids live outside the repository, so without the glossary a reader meets a bare code; and a
//! mistyped id (`R41` for `R14`) would read as a citation of something that does not exist.
//!
//! An id is a `K`, `R` or `V` and a number from 1 to 99, standing alone (`(K7)`, `R11:`,
//! `R4's`); a range `R1–R7` cites every id in it. Code spans and fenced code in comments are
//! not read, so a name that only looks like an id can be written in backticks.

use std::collections::BTreeSet;
use std::path::Path;

use super::source::is_ident;

/// The glossary's path from the workspace root.
pub(crate) const GLOSSARY: &str = "docs/GLOSSARY.md";

/// Where Rust comments are read: every crate, test, fuzz target and benchmark.
const RUST_DIRS: &[&str] = &["core", "web", "cli", "xtask", "js", "tests", "fuzz", "bench"];
/// Where JavaScript comments are read: the page's scripts and the JavaScript tests.
const SCRIPT_DIRS: &[&str] = &["static", "tests/browser", "js/test"];

/// Reports every id cited in a comment that the glossary does not define.
pub(crate) fn check(root: &Path, problems: &mut Vec<String>) {
    let glossary = std::fs::read_to_string(root.join(GLOSSARY)).unwrap_or_default();
    let defined = defined(&glossary);
    let mut files: Vec<(String, Vec<String>)> = super::sources(root, RUST_DIRS)
        .into_iter()
        .map(|file| (file.path, file.lines.into_iter().map(|line| line.comment).collect()))
        .collect();
    for dir in SCRIPT_DIRS {
        for file in super::files(&root.join(dir), &["js", "mjs"]) {
            let text = std::fs::read_to_string(&file).unwrap_or_default();
            files.push((super::relative(root, &file), script_comments(&text)));
        }
    }
    for (path, comments) in files {
        let mut fenced = false;
        for (index, comment) in comments.iter().enumerate() {
            if comment.trim_start_matches(['/', '!', '*', ' ', '\t']).starts_with("```") {
                fenced = !fenced;
                continue;
            }
            if fenced {
                continue;
            }
            let cited: BTreeSet<String> = cited_ids(comment).into_iter().collect();
            for id in cited.iter().filter(|id| !defined.contains(*id)) {
                problems.push(format!(
                    "{path}:{}: requirement id {id} is not defined in {GLOSSARY}: add its row (meaning and \
                     source), or write it in backticks if it is not a requirement id",
                    index + 1
                ));
            }
        }
    }
}

/// The ids one comment cites, in order, a range giving each id in it.
pub(crate) fn cited_ids(comment: &str) -> Vec<String> {
    let chars: Vec<char> = without_code_spans(comment).chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let Some((letter, number, end)) = id_at(&chars, i) else {
            i += 1;
            continue;
        };
        i = end;
        if let Some('–' | '-') = chars.get(end)
            && let Some((last_letter, last, range_end)) = id_at(&chars, end + 1)
            && last_letter == letter
            && last > number
        {
            out.extend((number..=last).map(|n| format!("{letter}{n}")));
            i = range_end;
        } else {
            out.push(format!("{letter}{number}"));
        }
    }
    out
}

/// The ids the glossary defines: the first cell of each table row (`| K7 | … | … |`).
fn defined(glossary: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for line in glossary.lines() {
        let Some(row) = line.trim().strip_prefix('|') else { continue };
        let cell: Vec<char> = row.split('|').next().unwrap_or("").trim().chars().collect();
        if let Some((letter, number, end)) = id_at(&cell, 0)
            && end == cell.len()
        {
            out.insert(format!("{letter}{number}"));
        }
    }
    out
}

/// The id starting at `i`: its letter, its number and where it ends. Not an id: a letter
/// inside a word (`RFC`, `0xK7`, `12K`), a leading zero, three digits, or a version (`V1.2`).
fn id_at(chars: &[char], i: usize) -> Option<(char, u32, usize)> {
    let letter = *chars.get(i)?;
    if !matches!(letter, 'K' | 'R' | 'V') || (i > 0 && is_ident(chars[i - 1])) {
        return None;
    }
    let digits = chars[i + 1..].iter().take_while(|c| c.is_ascii_digit()).count();
    if !(1..=2).contains(&digits) || chars[i + 1] == '0' {
        return None;
    }
    let end = i + 1 + digits;
    let version = chars.get(end) == Some(&'.') && chars.get(end + 1).is_some_and(char::is_ascii_digit);
    if chars.get(end).is_some_and(|&c| is_ident(c)) || version {
        return None;
    }
    let number = chars[i + 1..end].iter().collect::<String>().parse().ok()?;
    Some((letter, number, end))
}

/// `text` with its code spans (between backticks) blanked.
fn without_code_spans(text: &str) -> String {
    let mut code = false;
    text.chars()
        .map(|c| {
            if c == '`' {
                code = !code;
            }
            if code || c == '`' { ' ' } else { c }
        })
        .collect()
}

/// The comment text of each line of a script, read simply: whole-line `//` comments and
/// `/* … */` blocks that start a line. Scripts cite ids that way; a comment after code on the
/// same line is not read, which keeps quotes, template strings and regular expressions (which
/// may hold `//`) out of the question.
fn script_comments(text: &str) -> Vec<String> {
    let mut block = false;
    let mut out = Vec::new();
    for line in text.lines() {
        let trimmed = line.trim_start();
        let comment = if block {
            block = !trimmed.contains("*/");
            trimmed
        } else if let Some(rest) = trimmed.strip_prefix("//") {
            rest
        } else if let Some(rest) = trimmed.strip_prefix("/*") {
            block = !rest.contains("*/");
            rest
        } else {
            ""
        };
        out.push(comment.to_string());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tidy::Scratch;

    #[test]
    fn ids_are_read_as_comments_write_them() {
        let cases: &[(&str, &[&str])] = &[
            ("/ Lag = high watermark − committed offset (K5).", &["K5"]),
            ("! Retention (K7), compaction (K8) and seek by timestamp (K9)", &["K7", "K8", "K9"]),
            ("/ R11: messages expire only at the head of the queue.", &["R11"]),
            ("/ R4's own examples", &["R4"]),
            ("! Exchanges and their bindings (R1–R7, R15).", &["R1", "R2", "R3", "R4", "R5", "R6", "R7", "R15"]),
            (" (R8-R9) and (R9)", &["R8", "R9", "R9"]),
            (" RFC 2119, 0xK7, 12K, K0, R100, V1.2, R2D2, KR7, K7_MAX", &[]),
            (" the `V8` engine and `R2` in code", &[]),
            (" R7–K9 is no range", &["R7", "K9"]),
        ];
        for &(comment, expected) in cases {
            assert_eq!(cited_ids(comment), expected, "in {comment:?}");
        }
    }

    #[test]
    fn the_glossary_defines_the_first_cell_of_its_rows() {
        let glossary = "\
| id | meaning | source |
|---|---|---|
| K7 | Retention deletes whole closed segments. | SEMANTICS.md, K7 |
|R14| Persistence. | SEMANTICS.md |
| K8, K9 | not one id | |
Prose that names K2 defines nothing.
";
        assert_eq!(defined(glossary), BTreeSet::from(["K7".to_string(), "R14".to_string()]));
    }

    #[test]
    fn an_undefined_id_in_a_comment_fails() {
        let scratch = Scratch::new(&[
            ("docs/GLOSSARY.md", "| K7 | Retention. | SEMANTICS.md |\n"),
            (
                "core/src/log.rs",
                "//! Retention (K7) and compaction (K8).\n\
                 /// ```\n/// let R9 = 1;\n/// ```\n\
                 const S: &str = \"K4\"; // R41\n",
            ),
            ("core/tests/log.rs", "// K7 only\n"),
            ("tests/browser/log.test.mjs", "// V2 at the start\nconst a = 'R3'; // R3 after code is not read\n"),
        ]);
        assert_eq!(
            scratch.problems(),
            [
                "core/src/log.rs:1: requirement id K8 is not defined in docs/GLOSSARY.md: add its row (meaning and \
                 source), or write it in backticks if it is not a requirement id",
                "core/src/log.rs:5: requirement id R41 is not defined in docs/GLOSSARY.md: add its row (meaning and \
                 source), or write it in backticks if it is not a requirement id",
                "tests/browser/log.test.mjs:1: requirement id V2 is not defined in docs/GLOSSARY.md: add its row \
                 (meaning and source), or write it in backticks if it is not a requirement id",
            ]
        );
    }

    #[test]
    fn script_comments_are_whole_line_comments_and_blocks() {
        let text = "// one\nconst url = 'http://x'; // two\n/* three\nfour */\nfive\n  /** six */\n";
        assert_eq!(script_comments(text), [" one", "", " three", "four */", "", "* six */"]);
    }
}
