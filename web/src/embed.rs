//! Embedding: mount Brokerlab into any element, from Rust (`mount`) or from JavaScript (the
//! `mount` export, used by `brokerlab-widget.js` for `<brokerlab-sim>` and by `embed.html`).
//!
//! Every mounted instance is its own `App` with its own simulations (in `use_mut_ref`s): nothing
//! here is global, so several widgets on one page run independently. An embedded instance never
//! touches the host document: its theme and language go on its own root element, its keyboard
//! shortcuts listen on that root (so they act only while the widget has focus), and it neither
//! reads nor writes the learner's remembered preferences.

use wasm_bindgen::prelude::*;
use web_sys::Element;
use yew::AppHandle;

use crate::app::{App, AppProps};
pub use crate::embed_options::{Controls, EmbedOptions, is_css_length, options_from_js};


/// A mounted instance: change its options with `update`, remove it with `destroy`.
pub struct EmbedHandle {
    app: Option<AppHandle<App>>,
}

impl std::fmt::Debug for EmbedHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EmbedHandle").field("mounted", &self.app.is_some()).finish()
    }
}

impl EmbedHandle {
    /// Re-renders with new options. A new lesson or scenario starts afresh; language, theme,
    /// view and controls change in place.
    pub fn update(&mut self, options: EmbedOptions) {
        if let Some(app) = &mut self.app {
            app.update(AppProps { embed: Some(options) });
        }
    }

    /// Unmounts: stops the frame loop and the keyboard listener and removes what was drawn.
    pub fn destroy(&mut self) {
        if let Some(app) = self.app.take() {
            app.destroy();
        }
    }
}

/// Mounts an instance into `element` (which may be inside a shadow root).
pub fn mount(element: Element, options: EmbedOptions) -> EmbedHandle {
    let app = yew::Renderer::<App>::with_root_and_props(element, AppProps { embed: Some(options) }).render();
    EmbedHandle { app: Some(app) }
}

/// The JavaScript face of [`EmbedHandle`].
#[wasm_bindgen(js_name = Widget)]
#[derive(Debug)]
pub struct JsWidget(EmbedHandle);

#[wasm_bindgen(js_class = Widget)]
impl JsWidget {
    /// New options (the same object shape as `mount`'s).
    pub fn update(&mut self, options: JsValue) {
        self.0.update(options_from_js(&options));
    }

    /// Removes the instance; the handle does nothing afterwards.
    pub fn destroy(&mut self) {
        self.0.destroy();
    }
}

/// `mount(element, { lesson, scenario, view, lang, theme, autoplay, controls, height })`.
#[wasm_bindgen(js_name = mount)]
pub fn mount_js(element: Element, options: JsValue) -> JsWidget {
    JsWidget(mount(element, options_from_js(&options)))
}
