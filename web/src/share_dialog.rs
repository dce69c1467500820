//! The Share and embed dialog: the link, and snippets to embed the scenario as an iframe or
//! as an element.

use brokerlab_core::Lang;
use yew::prelude::*;

use crate::share::ShareLinks;
use crate::words::{Ui, words};

#[derive(Properties, PartialEq, Debug)]
pub struct ShareDialogProps {
    pub links: ShareLinks,
    pub lang: Lang,
    pub on_close: Callback<()>,
}

/// The Share and embed dialog: a modal `<dialog>` (the rest of the page is inert while it is
/// open, so focus stays inside; Escape closes it), labelled by its heading.
#[function_component(ShareDialog)]
pub fn share_dialog(props: &ShareDialogProps) -> Html {
    let w = words(props.lang);
    let dialog = use_node_ref();
    let copied = use_state(|| None::<&'static str>);
    crate::dialog::use_modal(dialog.clone());
    let field = |id: &'static str, label: String, text: &str, multiline: bool| {
        let copy = {
            let (copied, text) = (copied.clone(), text.to_string());
            Callback::from(move |_: MouseEvent| {
                if let Some(window) = web_sys::window() {
                    let _ = window.navigator().clipboard().write_text(&text);
                }
                copied.set(Some(id));
            })
        };
        let done = *copied == Some(id);
        html! {
            <div class="share-field">
                <label for={id}>{label}</label>
                <div class="share-row">
                    if multiline {
                        <textarea id={id} readonly=true rows="3" spellcheck="false" value={text.to_string()} />
                    } else {
                        <input id={id} type="text" readonly=true value={text.to_string()} />
                    }
                    <button type="button" class="copy" id={format!("copy-{id}")} onclick={copy}>
                        { if done { w.ui(Ui::Copied) } else { w.ui(Ui::Copy) } }
                    </button>
                </div>
            </div>
        }
    };
    let trap = crate::dialog::focus_trap(dialog.clone(), "button, input, textarea");
    let close = props.on_close.reform(|_: MouseEvent| ());
    let on_native_close = props.on_close.reform(|_: Event| ());
    html! {
        <dialog class="share-dialog" ref={dialog} aria-labelledby="share-title" aria-describedby="share-about" onclose={on_native_close} onkeydown={trap}>
            <h2 id="share-title">{w.ui(Ui::ShareTitle)}</h2>
            <p id="share-about">{w.ui(Ui::ShareAbout)}</p>
            { field("share-link", w.ui(Ui::Link).to_string(), &props.links.link, false) }
            { field("share-iframe", w.ui(Ui::EmbedIframe).to_string(), &props.links.iframe, true) }
            { field("share-element", w.ui(Ui::EmbedElement).to_string(), &props.links.element, true) }
            <p class="visually-hidden" role="status">{ if copied.is_some() { w.ui(Ui::CopiedToClipboard) } else { "" } }</p>
            <div class="dialog-actions">
                <button type="button" id="share-close" class="primary" onclick={close}>{w.ui(Ui::Close)}</button>
            </div>
        </dialog>
    }
}
