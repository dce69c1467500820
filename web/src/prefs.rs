//! The learner's preferences (language, theme, last view), remembered in localStorage, and
//! the theme applied to the document. Storage may be unavailable (private mode, sandboxed
//! iframes): every call degrades to the default rather than failing.

use brokerlab_core::Lang;

use crate::words::{LANGUAGES, lang_from_tag, words};

const LANG_KEY: &str = "brokerlab.lang";
const THEME_KEY: &str = "brokerlab.theme";
const FINISHED_KEY: &str = "brokerlab.finished";
const INTRO_KEY: &str = "brokerlab.intro";

/// `System` follows `prefers-color-scheme`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Theme {
    #[default]
    System,
    Light,
    Dark,
}

impl Theme {
    pub fn as_str(self) -> &'static str {
        match self {
            Theme::System => "system",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    pub fn parse(text: &str) -> Theme {
        match text {
            "light" => Theme::Light,
            "dark" => Theme::Dark,
            _ => Theme::System,
        }
    }

    /// System → light → dark → system.
    pub fn next(self) -> Theme {
        match self {
            Theme::System => Theme::Light,
            Theme::Light => Theme::Dark,
            Theme::Dark => Theme::System,
        }
    }
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

fn get(key: &str) -> Option<String> {
    storage()?.get_item(key).ok()?
}

fn set(key: &str, value: &str) {
    if let Some(storage) = storage() {
        let _ = storage.set_item(key, value);
    }
}

pub fn lang() -> Lang {
    let remembered = get(LANG_KEY);
    match LANGUAGES.iter().copied().find(|lang| remembered.as_deref() == Some(words(*lang).code())) {
        Some(lang) => lang,
        // First visit: the browser's language.
        None => {
            let browser = web_sys::window().and_then(|w| w.navigator().language()).unwrap_or_default();
            lang_from_tag(&browser).unwrap_or_default()
        }
    }
}

pub fn set_lang(lang: Lang) {
    let code = words(lang).code();
    set(LANG_KEY, code);
    if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
        let _ = root.set_attribute("lang", code);
    }
}

pub fn theme() -> Theme {
    get(THEME_KEY).map_or(Theme::System, |t| Theme::parse(&t))
}

/// Remembers the theme and applies it: `data-theme` on `<html>` overrides the system's.
pub fn set_theme(theme: Theme) {
    set(THEME_KEY, theme.as_str());
    apply_theme(theme);
}

pub fn apply_theme(theme: Theme) {
    if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
        let _ = match theme {
            Theme::System => root.remove_attribute("data-theme"),
            other => root.set_attribute("data-theme", other.as_str()),
        };
    }
}

/// The ids of the lessons finished (separated by commas) and whether the introduction was
/// dismissed, as this browser remembers them.
pub fn progress() -> (String, bool) {
    (get(FINISHED_KEY).unwrap_or_default(), get(INTRO_KEY).as_deref() == Some("dismissed"))
}

pub fn set_finished(ids: &str) {
    set(FINISHED_KEY, ids);
}

pub fn set_intro_dismissed() {
    set(INTRO_KEY, "dismissed");
}
