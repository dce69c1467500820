//! The page shell: it holds the `Page` (`page.rs`), turns what the learner and the host page do
//! into actions (`dispatch`), carries out what an action asks of the browser, runs the frame
//! loop (`frame_loop.rs`) and the keyboard, and lays out the components.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use yew::prelude::*;

use crate::editor::Editor;
use crate::embed_options::{Controls, EmbedOptions};
use crate::follow::use_follow_watched;
use crate::frame_loop::use_frame_loop;
use crate::inspector::{on_inspect_click, on_inspect_key};
use crate::intro::Intro;
use crate::lessons_panel::LessonsPanel;
use crate::page::{Action, Effect, Page, PageRef, Progress, ViewKind, key_action};
use crate::prefs::{self, Theme};
use crate::share_dialog::ShareDialog;
use crate::stages::{CompareStage, EventStage, MessageStage};
use crate::ticker::Ticker;
use crate::topbar::TopBar;
use crate::words::{Ui, words};

/// `App`'s properties. The default is the page exactly as it was before embedding existed:
/// the scenario from the URL fragment, remembered language and theme on the document, keyboard
/// shortcuts on the whole document.
#[derive(Properties, Clone, PartialEq, Debug, Default)]
pub struct AppProps {
    /// `Some`: an embedded instance (see `embed`), which touches nothing outside its own root.
    #[prop_or_default]
    pub embed: Option<EmbedOptions>,
}

#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let page = use_mut_ref(|| match &props.embed {
        Some(options) => Page::embedded(options.clone()),
        None => {
            let hash = web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default();
            let mut page = Page::boot(&hash, prefs::lang(), prefs::theme());
            let (finished, intro_dismissed) = prefs::progress();
            page.progress = Progress { finished: Progress::finished_from(&finished), intro_dismissed };
            page
        }
    });
    let redraw = use_force_update();
    let root = use_node_ref();
    let dispatch = {
        let (page, redraw) = (page.clone(), redraw.clone());
        use_memo((), move |_| {
            Callback::from(move |action: Action| {
                let effects = page.borrow_mut().apply(action);
                effects.into_iter().for_each(carry_out);
                redraw.force_update();
            })
        })
    };
    let dispatch: Callback<Action> = (*dispatch).clone();
    let (lang, theme, embedded) = {
        let p = page.borrow();
        (p.lang, p.theme, p.embedded_instance())
    };
    // The page (never an embedded instance) remembers its language and puts its theme on the
    // document, from the first render on.
    use_effect_with(lang, move |lang| if !embedded { carry_out(Effect::RememberLang(*lang)) });
    use_effect_with(theme, move |theme| if !embedded { prefs::apply_theme(*theme) });
    // Opening a lesson (the page, not a widget) brings the page back to its top: a learner who
    // scrolled down the list to reach a lesson would otherwise find the diagram's top cut off
    // once the list folds into the lesson's card.
    let open_lesson = page.borrow().lesson.map(|(lesson, _)| lesson);
    use_effect_with(open_lesson, move |open| {
        if let (Some(_), false, Some(window)) = (open, embedded, web_sys::window()) {
            window.scroll_to_with_x_and_y(0.0, 0.0);
        }
    });
    // An embedded instance follows its options.
    {
        let dispatch = dispatch.clone();
        use_effect_with(props.embed.clone(), move |options| {
            if let Some(options) = options {
                dispatch.emit(Action::Embed(options.clone()));
            }
        });
    }
    use_embed_height(root.clone(), props.embed.as_ref().and_then(|e| e.height.clone()));
    let ticker = use_memo((), |_| Ticker::default());
    // Token canvases read their colours from CSS once per theme (after it is applied above).
    {
        let ticker = ticker.clone();
        use_effect_with(theme, move |_| ticker.theme_changed());
    }
    // What a lesson step highlights comes into view in a diagram wider than its box (a phone).
    let watched = {
        let p = page.borrow();
        (p.view, p.lesson, p.watching())
    };
    use_follow_watched(root.clone(), watched);
    use_frame_loop(page.clone(), root.clone(), redraw, (*ticker).clone());
    use_keyboard(dispatch.clone(), root.clone(), embedded);

    let page = PageRef(page);
    let p = page.borrow();
    let controls = p.embed.as_ref().map_or(Controls::Full, |e| e.controls);
    let w = words(lang);
    // The page lists every lesson; an embedded instance shows only its own lesson's steps.
    let only = embedded.then(|| p.lesson.map(|(i, _)| i)).map(|i| i.unwrap_or(usize::MAX));
    let show_lessons = !embedded || (controls != Controls::None && p.lesson.is_some());
    let stage = match p.view {
        ViewKind::Event => html! { <EventStage page={page.clone()} dispatch={dispatch.clone()} /> },
        ViewKind::Message => html! { <MessageStage page={page.clone()} dispatch={dispatch.clone()} /> },
        ViewKind::Compare => html! { <CompareStage page={page.clone()} dispatch={dispatch.clone()} /> },
    };
    let theme_attr = match (embedded, theme) {
        (true, Theme::Light) => Some("light"),
        (true, Theme::Dark) => Some("dark"),
        _ => None,
    };
    let inspect = dispatch.reform(Action::Inspect);
    html! {
        <ContextProvider<Ticker> context={(*ticker).clone()}>
        <div class={classes!("app", embedded.then_some("embedded"), p.lesson.is_some().then_some("in-lesson"))} ref={root}
            data-theme={theme_attr} data-controls={embedded.then_some(controls.as_str())}
            lang={embedded.then_some(w.code())}
            tabindex={embedded.then_some("0")} role={embedded.then_some("region")}
            aria-label={embedded.then_some(w.ui(Ui::SimulationRegion))}>
            if !embedded || controls == Controls::Full {
                <TopBar view={p.view} {lang} {theme} embed={p.embed.clone()} dispatch={dispatch.clone()} />
            }
            if let Some(notice) = &p.notice {
                <p class="notice" role="status">
                    {notice.text(lang)}
                    <button type="button" class="dismiss" aria-label={w.ui(Ui::Dismiss)}
                        onclick={dispatch.reform(|_| Action::DismissNotice)}>{"×"}</button>
                </p>
            }
            if p.shows_intro() { <Intro {lang} dispatch={dispatch.clone()} /> }
            <div class={classes!("workspace", p.lesson.is_some().then_some("in-lesson"))}>
                if show_lessons {
                    <LessonsPanel lesson={p.lesson} {lang} {only} checkpoint={p.checkpoint.clone()}
                        finished={p.progress.finished.clone()} dispatch={dispatch.clone()} />
                }
                <div class="workspace-main" onclick={on_inspect_click(inspect.clone())} onkeydown={on_inspect_key(inspect)}>{ stage }</div>
            </div>
            if controls != Controls::None {
                <footer class="keys">{w.ui(Ui::KeysHelp)}</footer>
            }
            if let Some(section) = p.editing {
                <Editor page={page.clone()} {section} {lang} dispatch={dispatch.clone()} />
            }
            if let Some(links) = &p.sharing {
                <ShareDialog links={links.clone()} {lang} on_close={dispatch.reform(|()| Action::CloseShare)} />
            }
        </div>
        </ContextProvider<Ticker>>
    }
}

/// Carries out what an action asked of the browser.
fn carry_out(effect: Effect) {
    let window = web_sys::window();
    match effect {
        Effect::RememberLang(lang) => prefs::set_lang(lang),
        Effect::RememberTheme(theme) => prefs::set_theme(theme),
        Effect::RememberFinished(ids) => prefs::set_finished(&ids),
        Effect::RememberIntroDismissed => prefs::set_intro_dismissed(),
        Effect::ReplaceFragment(fragment) => {
            if let Some(history) = window.and_then(|w| w.history().ok()) {
                let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&format!("#{fragment}")));
            }
        }
        Effect::PublishLink { fragment, link } => {
            if let Some(window) = window {
                let _ = window.location().set_hash(&fragment);
                let _ = window.navigator().clipboard().write_text(&link);
            }
        }
    }
}

/// An embedded instance's height, through the CSS object model (the policy allows no inline
/// style attribute).
#[hook]
fn use_embed_height(root: NodeRef, height: Option<String>) {
    use_effect_with(height, move |height| {
        if let Some(style) = root.cast::<web_sys::HtmlElement>().map(|el| el.style()) {
            let _ = match height {
                Some(h) => style.set_property("height", h),
                None => style.remove_property("height").map(|_| ()),
            };
        }
    });
}

/// Keyboard shortcuts (`page::key_action`), not while typing in a field. The page listens on
/// the document; an embedded instance only on its own root, so its keys act only while it has
/// focus and never reach the host page's other widgets.
#[hook]
fn use_keyboard(dispatch: Callback<Action>, root: NodeRef, embedded: bool) {
    let dispatch = Rc::new(RefCell::new(dispatch));
    use_effect_with(embedded, move |embedded| {
        let listener = Closure::<dyn FnMut(web_sys::KeyboardEvent)>::new(move |e: web_sys::KeyboardEvent| {
            let typing = e.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()).is_some_and(|el| {
                matches!(el.tag_name().as_str(), "INPUT" | "SELECT" | "TEXTAREA" | "BUTTON")
                    // Space on a focused diagram element opens the inspector instead.
                    || (e.key() == " " && el.has_attribute("data-inspect"))
            });
            if typing || e.ctrl_key() || e.meta_key() || e.alt_key() || e.default_prevented() {
                return;
            }
            if let Some(action) = key_action(&e.key(), e.shift_key()) {
                e.prevent_default();
                dispatch.borrow().emit(action);
            }
        });
        let target: Option<web_sys::EventTarget> = if *embedded {
            root.cast::<web_sys::Element>().map(Into::into)
        } else {
            web_sys::window().and_then(|w| w.document()).map(Into::into)
        };
        if let Some(target) = &target {
            let _ = target.add_event_listener_with_callback("keydown", listener.as_ref().unchecked_ref());
        }
        move || {
            if let Some(target) = target {
                let _ = target.remove_event_listener_with_callback("keydown", listener.as_ref().unchecked_ref());
            }
            drop(listener);
        }
    });
}
