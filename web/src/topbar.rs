//! The top bar: the views, Edit, Share, the theme and the language.

use brokerlab_core::Lang;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::embed_options::EmbedOptions;
use crate::page::{Action, ViewKind};
use crate::prefs::Theme;

#[derive(Properties, PartialEq, Debug)]
pub struct TopBarProps {
    pub view: ViewKind,
    pub lang: Lang,
    pub theme: Theme,
    /// An embedded instance's options (for where the site lives); `None` on the page.
    pub embed: Option<EmbedOptions>,
    pub dispatch: Callback<Action>,
}

#[function_component(TopBar)]
pub fn top_bar(props: &TopBarProps) -> Html {
    let ko = props.lang == Lang::Ko;
    let t = |en: &'static str, kr: &'static str| if ko { kr } else { en };
    let dispatch = &props.dispatch;
    let tab = |kind: ViewKind, en: &'static str, kr: &'static str| {
        let selected = props.view == kind;
        html! {
            <button type="button" role="tab" id={format!("tab-{}", kind.id())} class={classes!("tab", selected.then_some("active"))}
                aria-selected={selected.to_string()} aria-controls="stage" onclick={dispatch.reform(move |_| Action::View(kind))}>
                {t(en, kr)}
            </button>
        }
    };
    let on_lang = dispatch.reform(|e: Event| {
        let value = e.target_unchecked_into::<HtmlSelectElement>().value();
        Action::Lang(if value == "ko" { Lang::Ko } else { Lang::En })
    });
    let on_share = {
        let embed = props.embed.clone();
        dispatch.reform(move |_: MouseEvent| {
            let here = embed.is_none().then(page_address).flatten();
            Action::Share { base: site_base(embed.as_ref()), here }
        })
    };
    let theme_label = match props.theme {
        Theme::System => t("Theme: system", "테마: 시스템"),
        Theme::Light => t("Theme: light", "테마: 밝게"),
        Theme::Dark => t("Theme: dark", "테마: 어둡게"),
    };
    html! {
        <header class="topbar">
            <div class="brand"><span class="logo" aria-hidden="true">{"◆"}</span>{"Brokerlab"}</div>
            <nav class="tabs" role="tablist" aria-label={t("Views", "보기")}>
                { tab(ViewKind::Event, "Event broker", "이벤트 브로커") }
                { tab(ViewKind::Message, "Message broker", "메시지 브로커") }
                { tab(ViewKind::Compare, "Compare", "비교") }
            </nav>
            <div class="tools">
                <button type="button" id="edit" onclick={dispatch.reform(|_| Action::OpenEditor)}
                    aria-keyshortcuts="e" title={t("Edit the scenario (E)", "시나리오 편집 (E)")}>{t("Edit", "편집")}</button>
                <button type="button" id="share" onclick={on_share}>{t("Share", "공유")}</button>
                <button type="button" id="theme" onclick={dispatch.reform(|_| Action::NextTheme)} aria-label={theme_label} title={theme_label}>
                    {match props.theme { Theme::System => "◐", Theme::Light => "☀", Theme::Dark => "☾" }}
                </button>
                <select id="lang" onchange={on_lang} aria-label={t("Language", "언어")}>
                    <option value="en" selected={!ko}>{"English"}</option>
                    <option value="ko" selected={ko}>{"한국어"}</option>
                </select>
            </div>
        </header>
    }
}

/// The page's address without its fragment.
fn page_address() -> Option<String> {
    let href = web_sys::window()?.location().href().ok()?;
    Some(href.split('#').next().unwrap_or_default().to_string())
}

/// The folder the site is served from, for the share dialog's snippets.
pub fn site_base(embed: Option<&EmbedOptions>) -> String {
    if let Some(base) = embed.and_then(|e| e.base.clone()) {
        return base;
    }
    let href = web_sys::window().and_then(|w| w.location().href().ok()).unwrap_or_default();
    let href = href.split('#').next().unwrap_or_default();
    let href = href.split('?').next().unwrap_or_default();
    match href.rfind('/') {
        Some(i) => href[..=i].to_string(),
        None => String::from("./"),
    }
}
