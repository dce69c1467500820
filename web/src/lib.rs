//! # brokerlab-web
//!
//! A thin Yew shell over the core's `World`: it advances simulated time from the animation
//! frame clock, drains events into flights (tokens that move between the departure and arrival
//! times the core recorded) and draws borrowed views. It never mutates model state except
//! through `World::apply`, and never invents time.
//!
//! - `clock`: frame time → simulated time (speed, cap, single step).
//! - `stage`: one running model plus the page's clock, flights, event log and timeline (no
//!   DOM); `event_act`, `message_act`: what each broker brings to it.
//! - `layout`, `message_layout`: where things are drawn, and easing (pure, tested natively).
//! - `share`: the versioned URL-fragment codec (pure, tested natively).
//! - `setup`: the declarative setup of both sides, its edits, JSON import/export and
//!   definitions.json import (pure, tested natively); `editor`: the editor dialog.
//! - `prefs`: language and theme, remembered.
//! - `embed`: `mount` into any element (and its JavaScript export), for widgets and iframes.
//! - `ticker`, `token_canvas`: per-frame redraws of the tokens only, on a canvas over the SVG.
//! - `app` (shell, transport), `event_view`, `message_view`, `compare_view`: components;
//!   `inspector` (the state of one clicked subject) and `event_log` (filters, links).
//! - `words`: every label and sentence the page shows, one catalogue per language.

pub mod app;
pub mod checkpoint;
pub mod clock;
pub mod compare;
pub mod compare_view;
pub mod dialog;
pub mod editor;
pub mod embed;
pub mod embed_options;
pub mod event_act;
pub mod event_log;
pub mod event_view;
pub mod follow;
pub mod frame_loop;
pub mod inspector;
pub mod intro;
pub mod layout;
pub mod lesson_action;
pub mod lessons;
pub mod lessons_panel;
pub mod limits;
pub mod log_line;
pub mod message_act;
pub mod message_layout;
pub mod message_view;
pub mod notice;
pub mod page;
pub mod prefs;
pub mod setup;
pub mod share;
pub mod share_dialog;
pub mod share_view;
pub mod stage;
pub mod stages;
pub mod subject;
pub mod ticker;
pub mod timeline;
pub mod token_canvas;
pub mod topbar;
pub mod transport;
pub mod view_kind;
pub mod words;

pub use embed::{EmbedHandle, EmbedOptions, mount};

/// Mounts the app on the page's body, unless this bundle was loaded to embed instances
/// (`brokerlab-widget.js` defines `window.Brokerlab` before it starts the module).
pub fn start() {
    let embedding = web_sys::window()
        .is_some_and(|w| js_sys::Reflect::has(&w, &wasm_bindgen::JsValue::from_str("Brokerlab")).unwrap_or(false));
    if !embedding {
        yew::Renderer::<app::App>::new().render();
    }
}
