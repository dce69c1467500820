//! The editor's building blocks: reading a submitted form, one function per kind of field,
//! reading a picked file and offering a download.

use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use yew::prelude::*;

use crate::setup::SetupError;

pub(super) fn form_data(e: &SubmitEvent) -> Option<(web_sys::FormData, String)> {
    e.prevent_default();
    let form: web_sys::HtmlFormElement = e.target()?.dyn_into().ok()?;
    let how = e.submitter().and_then(|b| b.get_attribute("value")).unwrap_or_default();
    Some((web_sys::FormData::new_with_form(&form).ok()?, how))
}

pub(super) fn text(data: &web_sys::FormData, name: &str) -> String {
    data.get(name).as_string().unwrap_or_default().trim().to_string()
}

pub(super) fn checked(data: &web_sys::FormData, name: &str) -> bool {
    data.has(name)
}

pub(super) fn small(field: &'static str, value: u64) -> Result<u32, SetupError> {
    u32::try_from(value).map_err(|_| SetupError::Field { field, problem: format!("{value} is too large") })
}

/// Reads a file the user picked and hands its text on.
pub(super) fn read_file(input: &web_sys::HtmlInputElement, then: impl FnOnce(String) + 'static) {
    let Some(file) = input.files().and_then(|list| list.get(0)) else { return };
    let done = Closure::once(move |value: wasm_bindgen::JsValue| then(value.as_string().unwrap_or_default()));
    let _ = file.text().then(&done);
    // The promise calls it once; let it live until then.
    done.forget();
}

/// Offers `text` as a download (a Blob URL: no request leaves the page).
pub(super) fn download(name: &str, text: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/json");
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else { return };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else { return };
    if let Ok(a) = document.create_element("a").map(|a| a.unchecked_into::<web_sys::HtmlAnchorElement>()) {
        a.set_href(&url);
        a.set_download(name);
        a.click();
    }
    // Freed a little later: the download has started by then.
    let free = Closure::once_into_js(move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    if let Some(window) = web_sys::window() {
        let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(free.unchecked_ref(), 10_000);
    }
}

// The forms' fields. Each is one function, so the page carries one compiled copy of each kind
// of field instead of one per field (the editor was the page's largest function: 60 KB of wasm).

/// A "name" field: required, at most 64 characters.
pub(super) fn name_field(label: &str) -> Html {
    html! { <label>{label}<input name="name" type="text" required=true maxlength="64" autocomplete="off" /></label> }
}

/// A free text field.
pub(super) fn text_field(label: &str, name: &'static str, required: bool, placeholder: Option<String>) -> Html {
    html! { <label>{label}<input {name} type="text" {required} autocomplete="off" {placeholder} /></label> }
}

/// A whole-number field.
pub(super) fn number_field(label: &str, name: &'static str, min: &'static str, max: Option<&'static str>, required: bool, placeholder: Option<String>) -> Html {
    html! { <label>{label}<input {name} type="number" {min} {max} {required} {placeholder} /></label> }
}

/// A checkbox.
pub(super) fn check_field(label: &str, name: &'static str, checked: bool) -> Html {
    html! { <label class="check"><input {name} type="checkbox" {checked} />{label}</label> }
}

/// A drop-down list of `options`.
pub(super) fn select_field(label: &str, name: &'static str, options: Html) -> Html {
    html! { <label>{label}<select {name}>{options}</select></label> }
}

/// The options (value, label) of a select, the first selected. Options carry `selected`
/// explicitly: Yew inserts a list's nodes last to first, and a select without a selected
/// option would show the last one inserted.
pub(super) fn choices<'a>(options: impl IntoIterator<Item = (&'a str, &'a str)>) -> Html {
    options.into_iter().enumerate().map(|(i, (value, label))| html! { <option value={value.to_string()} selected={i == 0}>{label}</option> }).collect()
}

/// A select of `options` (value and label alike) with `current` selected.
pub(super) fn current_select(label: &str, name: &'static str, options: &[&'static str], current: &str) -> Html {
    let options: Html = options.iter().map(|o| html! { <option value={*o} selected={*o == current}>{*o}</option> }).collect();
    html! { <label>{label}<select {name}>{options}</select></label> }
}

/// Names as options whose value is the name itself.
pub(super) fn named<'a>(names: &'a [String]) -> impl Iterator<Item = (&'a str, &'a str)> + 'a {
    names.iter().map(|n| (n.as_str(), n.as_str()))
}

/// A submit button; `value` tells the handler which one was pressed.
pub(super) fn submit(label: &str, value: Option<&'static str>) -> Html {
    html! { <button type="submit" {value}>{label}</button> }
}

