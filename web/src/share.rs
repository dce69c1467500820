//! The share link: the whole scenario (and the lesson step) in the URL fragment, compact and
//! versioned: `#v1.<base64url of the scenario JSON>[.<step>]`. Pure functions, tested natively.
//!
//! A fragment is untrusted input: it is size-capped before decoding, decoded strictly, and
//! parsed by the same validating `Scenario::from_json` as everything else.

use std::fmt;

/// The fragment format this build writes and reads.
pub const FRAGMENT_VERSION: u32 = 1;
/// The longest fragment accepted (characters after `#`).
pub const FRAGMENT_CHARS_MAX: usize = 64 * 1024;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FragmentError {
    TooLong { chars: usize, max: usize },
    NotAShareLink,
    FutureVersion { found: u32, supported: u32 },
    BadEncoding,
    BadStep,
}

impl fmt::Display for FragmentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FragmentError::TooLong { chars, max } => {
                write!(f, "the link's scenario is {chars} characters long; at most {max} are accepted")
            }
            FragmentError::NotAShareLink => write!(f, "the link does not hold a Brokerlab scenario"),
            FragmentError::FutureVersion { found, supported } => write!(
                f,
                "the link was made by a newer Brokerlab (format {found}; this page reads format {supported})"
            ),
            FragmentError::BadEncoding => write!(f, "the link's scenario is damaged (not valid base64url UTF-8)"),
            FragmentError::BadStep => write!(f, "the link's lesson step is not a number"),
        }
    }
}

/// What a share link holds: the scenario's JSON text and the lesson step, if any.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shared {
    pub scenario_json: String,
    pub step: Option<u32>,
}

/// Encodes a scenario's JSON (and step) as a fragment, without the leading `#`.
pub fn encode(scenario_json: &str, step: Option<u32>) -> String {
    let mut out = format!("v{FRAGMENT_VERSION}.{}", base64url_encode(scenario_json.as_bytes()));
    if let Some(step) = step {
        out.push('.');
        out.push_str(&step.to_string());
    }
    out
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
    if version != FRAGMENT_VERSION {
        return Err(FragmentError::FutureVersion { found: version, supported: FRAGMENT_VERSION });
    }
    let body = parts.next().ok_or(FragmentError::NotAShareLink)?;
    let bytes = base64url_decode(body).ok_or(FragmentError::BadEncoding)?;
    let scenario_json = String::from_utf8(bytes).map_err(|_| FragmentError::BadEncoding)?;
    let step = match parts.next() {
        None => None,
        Some(step) => Some(step.parse().map_err(|_| FragmentError::BadStep)?),
    };
    if parts.next().is_some() {
        return Err(FragmentError::NotAShareLink);
    }
    Ok(Some(Shared { scenario_json, step }))
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

    #[test]
    fn round_trips_every_length_and_unicode() {
        for text in ["", "a", "ab", "abc", "abcd", r#"{"version":1,"name":"한국어 <script>"}"#] {
            let fragment = encode(text, Some(3));
            let shared = decode(&format!("#{fragment}")).unwrap().unwrap();
            assert_eq!(shared, Shared { scenario_json: text.to_string(), step: Some(3) });
        }
        assert_eq!(decode(&encode("x", None)).unwrap().unwrap().step, None);
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
        assert_eq!(decode("#v2.Zg"), Err(FragmentError::FutureVersion { found: 2, supported: 1 }));
        assert_eq!(decode("#v1.Z"), Err(FragmentError::BadEncoding));
        assert_eq!(decode("#v1.Z*g="), Err(FragmentError::BadEncoding));
        assert_eq!(decode("#v1.__8"), Err(FragmentError::BadEncoding), "not UTF-8");
        assert_eq!(decode("#v1.Zg.x"), Err(FragmentError::BadStep));
        assert_eq!(decode("#v1.Zg.1.2"), Err(FragmentError::NotAShareLink));
        let huge = format!("#v1.{}", "A".repeat(FRAGMENT_CHARS_MAX + 4));
        assert!(matches!(decode(&huge), Err(FragmentError::TooLong { .. })));
    }
}
