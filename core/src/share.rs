//! The share link's fragment: the whole scenario (and the open lesson with its step), compact
//! and versioned. Pure functions: the page writes and reads its links with them, and
//! `brokerlab run` reads the same links. What the share dialog shows around a link is the
//! page's (`web/src/share.rs`).
//!
//! - `#v1.<base64url of the scenario JSON>`: a scenario (the format since the first release;
//!   an old `v1.<scenario>.<number>` link is still read, its number ignored, since v1 never
//!   said which lesson it belonged to);
//! - `#v2.<base64url of the scenario JSON>.<lesson id>.<step>`: the same with the open lesson
//!   and its current step (0-based). Written only when a lesson is open, so a page that reads
//!   only v1 says "made by a newer Brokerlab" rather than misreading it.
//!
//! A fragment is untrusted input: it is size-capped before decoding, decoded strictly, and
//! parsed by the same validating `Scenario::from_json` as everything else.

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use crate::limits::{FRAGMENT_CHARS_MAX, LESSON_ID_MAX};

/// The newest fragment format this build writes and reads.
pub const FRAGMENT_VERSION: u32 = 2;

/// Why a fragment is not a link this build reads. It says itself from `crate::words`
/// (`explain`, and `Display` in English).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FragmentError {
    TooLong { chars: usize, max: usize },
    NotAShareLink,
    FutureVersion { found: u32, supported: u32 },
    BadEncoding,
    BadStep,
    /// The lesson id is empty, too long or has characters no lesson id has.
    BadLesson,
}

/// The open lesson a link names, and its step (0-based).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LessonAt {
    pub id: String,
    pub step: u32,
}

/// What a share link holds: the scenario's JSON text and the open lesson, if any.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shared {
    pub scenario_json: String,
    pub lesson: Option<LessonAt>,
}

fn valid_lesson_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= LESSON_ID_MAX
        && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Encodes a scenario's JSON (and the open lesson at its step) as a fragment, without the
/// leading `#`: v1 without a lesson, v2 with one.
pub fn encode(scenario_json: &str, lesson: Option<(&str, u32)>) -> String {
    let body = base64url_encode(scenario_json.as_bytes());
    match lesson {
        None => format!("v1.{body}"),
        Some((id, step)) => {
            debug_assert!(valid_lesson_id(id), "lesson ids are lowercase words with dashes");
            format!("v2.{body}.{id}.{step}")
        }
    }
}

/// Decodes a fragment (with or without the leading `#`). An empty fragment is `Ok(None)`.
pub fn decode(fragment: &str) -> Result<Option<Shared>, FragmentError> {
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    if fragment.is_empty() {
        return Ok(None);
    }
    if fragment.len() > FRAGMENT_CHARS_MAX {
        return Err(FragmentError::TooLong { chars: fragment.len(), max: FRAGMENT_CHARS_MAX });
    }
    let mut parts = fragment.split('.');
    let version = parts.next().and_then(|v| v.strip_prefix('v')).ok_or(FragmentError::NotAShareLink)?;
    let version: u32 = version.parse().map_err(|_| FragmentError::NotAShareLink)?;
    if version == 0 {
        return Err(FragmentError::NotAShareLink);
    }
    if version > FRAGMENT_VERSION {
        return Err(FragmentError::FutureVersion { found: version, supported: FRAGMENT_VERSION });
    }
    let body = parts.next().ok_or(FragmentError::NotAShareLink)?;
    let bytes = base64url_decode(body).ok_or(FragmentError::BadEncoding)?;
    let scenario_json = String::from_utf8(bytes).map_err(|_| FragmentError::BadEncoding)?;
    let lesson = if version == 1 {
        // v1's optional step named no lesson: checked, then ignored.
        if let Some(step) = parts.next() {
            step.parse::<u32>().map_err(|_| FragmentError::BadStep)?;
        }
        None
    } else {
        match (parts.next(), parts.next()) {
            (None, _) => None,
            (Some(_), None) => return Err(FragmentError::BadStep),
            (Some(id), Some(step)) => {
                if !valid_lesson_id(id) {
                    return Err(FragmentError::BadLesson);
                }
                let step = step.parse().map_err(|_| FragmentError::BadStep)?;
                Some(LessonAt { id: id.to_string(), step })
            }
        }
    };
    if parts.next().is_some() {
        return Err(FragmentError::NotAShareLink);
    }
    Ok(Some(Shared { scenario_json, lesson }))
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// RFC 4648 §5 base64url, without padding.
pub fn base64url_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = (u32::from(chunk[0]) << 16)
            | (u32::from(*chunk.get(1).unwrap_or(&0)) << 8)
            | u32::from(*chunk.get(2).unwrap_or(&0));
        let chars = chunk.len() + 1;
        for i in 0..chars {
            out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
        }
    }
    out
}

/// Strict base64url without padding: `None` on any character outside the alphabet or a
/// length that no encoding produces.
pub fn base64url_decode(text: &str) -> Option<Vec<u8>> {
    if text.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    for chunk in text.as_bytes().chunks(4) {
        let mut n: u32 = 0;
        for (i, &c) in chunk.iter().enumerate() {
            let v = ALPHABET.iter().position(|&a| a == c)? as u32;
            n |= v << (18 - 6 * i);
        }
        let bytes = chunk.len() - 1;
        for i in 0..bytes {
            out.push((n >> (16 - 8 * i)) as u8);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Lang;

    #[test]
    fn round_trips_every_length_and_unicode() {
        for text in ["", "a", "ab", "abc", "abcd", r#"{"version":1,"name":"한국어 <script>"}"#] {
            let fragment = encode(text, Some(("work-queue", 3)));
            assert!(fragment.starts_with("v2."));
            let shared = decode(&format!("#{fragment}")).unwrap().unwrap();
            let lesson = Some(LessonAt { id: String::from("work-queue"), step: 3 });
            assert_eq!(shared, Shared { scenario_json: text.to_string(), lesson });
            let plain = encode(text, None);
            assert!(plain.starts_with("v1."), "without a lesson the old format is written");
            assert_eq!(decode(&plain).unwrap().unwrap(), Shared { scenario_json: text.to_string(), lesson: None });
        }
    }

    #[test]
    fn old_v1_links_still_read() {
        // A link as the first release wrote it (`{"version":1}`), and one with its step.
        let body = base64url_encode(br#"{"version":1}"#);
        for fragment in [format!("#v1.{body}"), format!("#v1.{body}.4")] {
            let shared = decode(&fragment).unwrap().unwrap();
            assert_eq!(shared.scenario_json, r#"{"version":1}"#);
            assert_eq!(shared.lesson, None);
        }
        assert_eq!(decode(&format!("#v2.{body}")).unwrap().unwrap().lesson, None);
    }

    #[test]
    fn matches_rfc_4648_vectors() {
        for (plain, encoded) in [("f", "Zg"), ("fo", "Zm8"), ("foo", "Zm9v"), ("foob", "Zm9vYg"), ("fooba", "Zm9vYmE")] {
            assert_eq!(base64url_encode(plain.as_bytes()), encoded);
            assert_eq!(base64url_decode(encoded).unwrap(), plain.as_bytes());
        }
        assert_eq!(base64url_encode(&[0xfb, 0xff]), "-_8");
    }

    #[test]
    fn crafted_fragments_get_typed_errors() {
        assert_eq!(decode(""), Ok(None));
        assert_eq!(decode("#"), Ok(None));
        assert_eq!(decode("#hello"), Err(FragmentError::NotAShareLink));
        assert_eq!(decode("#v0.Zg"), Err(FragmentError::NotAShareLink));
        assert_eq!(decode("#v3.Zg"), Err(FragmentError::FutureVersion { found: 3, supported: 2 }));
        assert_eq!(decode("#v1.Z"), Err(FragmentError::BadEncoding));
        assert_eq!(decode("#v1.Z*g="), Err(FragmentError::BadEncoding));
        assert_eq!(decode("#v1.__8"), Err(FragmentError::BadEncoding), "not UTF-8");
        assert_eq!(decode("#v1.Zg.x"), Err(FragmentError::BadStep));
        assert_eq!(decode("#v1.Zg.1.2"), Err(FragmentError::NotAShareLink));
        assert_eq!(decode("#v2.Zg.acks"), Err(FragmentError::BadStep), "a lesson without its step");
        assert_eq!(decode("#v2.Zg.acks.-1"), Err(FragmentError::BadStep));
        assert_eq!(decode("#v2.Zg.acks.99999999999"), Err(FragmentError::BadStep), "beyond u32");
        assert_eq!(decode("#v2.Zg..1"), Err(FragmentError::BadLesson));
        assert_eq!(decode("#v2.Zg.<script>.1"), Err(FragmentError::BadLesson));
        assert_eq!(decode("#v2.Zg.ACKS.1"), Err(FragmentError::BadLesson));
        assert_eq!(decode(&format!("#v2.Zg.{}.1", "a".repeat(LESSON_ID_MAX + 1))), Err(FragmentError::BadLesson));
        assert_eq!(decode("#v2.Zg.acks.1.2"), Err(FragmentError::NotAShareLink));
        let huge = format!("#v1.{}", "A".repeat(FRAGMENT_CHARS_MAX + 4));
        assert!(matches!(decode(&huge), Err(FragmentError::TooLong { .. })));
        for e in [FragmentError::BadLesson, FragmentError::BadStep, FragmentError::NotAShareLink] {
            assert_ne!(e.explain(Lang::Ko), e.to_string(), "every reason has Korean words");
        }
    }
}
