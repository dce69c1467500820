//! The languages the core speaks, and English number agreement (Korean counts need no plural:
//! "레코드 3개"). A leaf: the models import `Lang` and `count` from here, the catalogues in
//! `crate::words` import the models, and this file imports nothing of the crate, so the two
//! never meet in a circle. `crate::words` re-exports everything here.

use alloc::format;
use alloc::string::String;

/// A language the core's explanations and errors are written in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    En,
    Ko,
}

/// `n` and the noun in the number English wants: "1 record", "0 records", "3 records".
pub fn count(n: impl Into<u64>, one: &str, many: &str) -> String {
    let n = n.into();
    format!("{n} {}", number(n, one, many))
}

/// The word (a noun or a verb) in the number English wants for `n`: "is" for 1, "are" for
/// any other count.
pub fn number<'a>(n: impl Into<u64>, one: &'a str, many: &'a str) -> &'a str {
    if n.into() == 1 { one } else { many }
}

#[cfg(test)]
mod tests {
    use super::{count, number};

    #[test]
    fn one_is_singular_and_every_other_count_plural() {
        assert_eq!(count(1u64, "record", "records"), "1 record");
        assert_eq!(count(0u64, "record", "records"), "0 records");
        assert_eq!(count(3u32, "replica", "replicas"), "3 replicas");
        assert_eq!(count(21u64, "entry", "entries"), "21 entries");
        assert_eq!(number(1u32, "is", "are"), "is");
        assert_eq!(number(0u32, "is", "are"), "are");
    }
}
