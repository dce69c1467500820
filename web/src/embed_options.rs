//! What a host page says about an embedded instance (`EmbedOptions`), and reading it from a
//! JavaScript object. Plain data: the page model (`page/`) follows these options; `embed.rs`
//! mounts instances with them.

use brokerlab_core::Lang;
use wasm_bindgen::JsValue;

use crate::prefs::Theme;
use crate::view_kind::ViewKind;
use crate::words::lang_from_tag;

/// How much of the interface an embedded instance shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Controls {
    /// The whole app: views, language, theme, share, the lesson's steps, every control.
    #[default]
    Full,
    /// The diagram, play/pause/step, producing or publishing, the lesson's steps and the log.
    Minimal,
    /// The diagram and the log only (pair it with `autoplay`).
    None,
}

impl Controls {
    pub fn parse(text: &str) -> Controls {
        match text.trim() {
            "minimal" => Controls::Minimal,
            "none" => Controls::None,
            _ => Controls::Full,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Controls::Full => "full",
            Controls::Minimal => "minimal",
            Controls::None => "none",
        }
    }
}

/// What an embedded instance shows. `Default` is a full widget with the built-in scenario,
/// paused, in English, following the system's theme.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EmbedOptions {
    /// A lesson id (`pubsub`, `keys`, `rebalance`, `replay`, `replication`, `work-queue`,
    /// `routing`, `acks`, `persistence`, `stream-log`, `priorities`, `compare`). Wins over `scenario`.
    pub lesson: Option<String>,
    /// An event-broker scenario (message-broker spec with `view` = message) as inline JSON, or
    /// a share link's fragment (`#v1.…`, `v1.…`, or a whole link ending in one).
    pub scenario: Option<String>,
    pub view: Option<ViewKind>,
    pub lang: Option<Lang>,
    pub theme: Theme,
    /// Start playing at once.
    pub autoplay: bool,
    pub controls: Controls,
    /// A CSS length for the widget's height (`480px`, `70vh`); `None` sizes to the content.
    pub height: Option<String>,
    /// Where the site lives (for the share dialog's snippets); `None` uses the document's URL.
    pub base: Option<String>,
}

/// Reads options from a plain JavaScript object; unknown or mistyped fields are ignored, so a
/// host page cannot break an instance with a typo.
pub fn options_from_js(value: &JsValue) -> EmbedOptions {
    let text = |name: &str| -> Option<String> {
        let v = js_sys::Reflect::get(value, &JsValue::from_str(name)).ok()?;
        let s = v.as_string()?;
        let s = s.trim();
        (!s.is_empty()).then(|| s.to_string())
    };
    let flag = |name: &str| -> bool {
        match js_sys::Reflect::get(value, &JsValue::from_str(name)) {
            Ok(v) => v.as_bool().unwrap_or_else(|| v.as_string().is_some_and(|s| s != "false" && s != "0")),
            Err(_) => false,
        }
    };
    if !value.is_object() {
        return EmbedOptions::default();
    }
    EmbedOptions {
        lesson: text("lesson"),
        scenario: text("scenario"),
        view: text("view").and_then(|v| ViewKind::parse(&v)),
        lang: text("lang").map(|l| lang_from_tag(&l).unwrap_or_default()),
        theme: text("theme").map_or(Theme::System, |t| Theme::parse(&t)),
        autoplay: flag("autoplay"),
        controls: text("controls").map_or(Controls::Full, |c| Controls::parse(&c)),
        height: text("height").filter(|h| is_css_length(h)),
        base: text("base"),
    }
}

/// A plain CSS length: digits (with a point) and one of a few units. Anything else is dropped,
/// so the option can never carry more than a size.
pub fn is_css_length(text: &str) -> bool {
    let units = ["px", "vh", "em", "rem", "%"];
    let Some(unit) = units.iter().find(|u| text.ends_with(*u)) else { return false };
    let number = &text[..text.len() - unit.len()];
    !number.is_empty() && number.len() <= 8 && number.chars().all(|c| c.is_ascii_digit() || c == '.')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn css_lengths_are_plain_sizes() {
        for ok in ["480px", "70vh", "30.5em", "100%"] {
            assert!(is_css_length(ok), "{ok}");
        }
        for bad in ["", "px", "480", "1px;color:red", "calc(1px)", "12pxx", "99999999999px"] {
            assert!(!is_css_length(bad), "{bad}");
        }
    }

    #[test]
    fn controls_parse_with_full_as_default() {
        assert_eq!(Controls::parse("none"), Controls::None);
        assert_eq!(Controls::parse("minimal"), Controls::Minimal);
        assert_eq!(Controls::parse("anything"), Controls::Full);
    }
}
