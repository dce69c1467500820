//! The top bar: the views, Edit, Share, the theme and the language.

use brokerlab_core::Lang;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::embed_options::EmbedOptions;
use crate::page::{Action, ViewKind};
use crate::prefs::Theme;
use crate::words::{LANGUAGES, Ui, words};

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
    let w = words(props.lang);
    let dispatch = &props.dispatch;
    let tab = |kind: ViewKind, label: &'static str| {
        let selected = props.view == kind;
        html! {
            <button type="button" role="tab" id={format!("tab-{}", kind.id())} class={classes!("tab", selected.then_some("active"))}
                aria-selected={selected.to_string()} aria-controls="stage" onclick={dispatch.reform(move |_| Action::View(kind))}>
                {label}
            </button>
        }
    };
    let on_lang = dispatch.reform(|e: Event| {
        let value = e.target_unchecked_into::<HtmlSelectElement>().value();
        Action::Lang(LANGUAGES.iter().copied().find(|lang| words(*lang).code() == value).unwrap_or_default())
    });
    let on_share = {
        let embed = props.embed.clone();
        dispatch.reform(move |_: MouseEvent| {
            let here = embed.is_none().then(page_address).flatten();
            Action::Share { base: site_base(embed.as_ref()), here }
        })
    };
    let theme_label = match props.theme {
        Theme::System => w.ui(Ui::ThemeSystem),
        Theme::Light => w.ui(Ui::ThemeLight),
        Theme::Dark => w.ui(Ui::ThemeDark),
    };
    html! {
        <header class="topbar">
            <div class="brand"><span class="logo" aria-hidden="true">{"◆"}</span>{"Brokerlab"}</div>
            <nav class="tabs" role="tablist" aria-label={w.ui(Ui::Views)}>
                { tab(ViewKind::Event, w.ui(Ui::EventBroker)) }
                { tab(ViewKind::Message, w.ui(Ui::MessageBroker)) }
                { tab(ViewKind::Compare, w.ui(Ui::Compare)) }
            </nav>
            <div class="tools">
                <button type="button" id="edit" onclick={dispatch.reform(|_| Action::OpenEditor)}
                    aria-keyshortcuts="e" title={w.ui(Ui::EditScenarioShortcut)}>{w.ui(Ui::Edit)}</button>
                <button type="button" id="share" onclick={on_share}>{w.ui(Ui::Share)}</button>
                <button type="button" id="theme" onclick={dispatch.reform(|_| Action::NextTheme)} aria-label={theme_label} title={theme_label}>
                    {match props.theme { Theme::System => "◐", Theme::Light => "☀", Theme::Dark => "☾" }}
                </button>
                <select id="lang" onchange={on_lang} aria-label={w.ui(Ui::Language)}>
                    { for LANGUAGES.iter().map(|lang| {
                        let said = words(*lang);
                        html! { <option value={said.code()} selected={*lang == props.lang}>{said.name()}</option> }
                    }) }
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
