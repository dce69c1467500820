//! What the page's modal dialogs share.

use wasm_bindgen::JsCast;
use yew::prelude::*;

/// Shows the dialog as modal once mounted, and closes it when the component goes away.
#[hook]
pub fn use_modal(dialog: NodeRef) {
    use_effect_with((), move |_| {
        if let Some(d) = dialog.cast::<web_sys::HtmlDialogElement>() {
            let _ = d.show_modal();
        }
        move || {
            if let Some(d) = dialog.cast::<web_sys::HtmlDialogElement>() {
                d.close();
            }
        }
    });
}

/// Tab and Shift+Tab cycle among the dialog's controls (`selector`): a modal dialog alone lets
/// focus leave for the browser's own interface after the last control.
pub fn focus_trap(dialog: NodeRef, selector: &'static str) -> Callback<KeyboardEvent> {
    Callback::from(move |e: KeyboardEvent| {
        if e.key() != "Tab" {
            return;
        }
        let Some(d) = dialog.cast::<web_sys::Element>() else { return };
        let Ok(list) = d.query_selector_all(selector) else { return };
        let (Some(first), Some(last)) = (list.item(0), list.item(list.length().saturating_sub(1))) else { return };
        let active = e.target().and_then(|t| t.dyn_into::<web_sys::Node>().ok());
        let at = |node: &web_sys::Node| active.as_ref().is_some_and(|a| a.is_same_node(Some(node)));
        let wrap_to = if e.shift_key() && at(&first) {
            Some(last)
        } else if !e.shift_key() && at(&last) {
            Some(first)
        } else {
            None
        };
        if let Some(target) = wrap_to.and_then(|n| n.dyn_into::<web_sys::HtmlElement>().ok()) {
            e.prevent_default();
            let _ = target.focus();
        }
    })
}
