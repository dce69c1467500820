//! The editor: a modal dialog with forms to add and remove everything in the setup (topics,
//! partitions, brokers, producers, groups and members; exchanges, queues, bindings,
//! publishers, consumers), scenario JSON import and export, and definitions.json import.
//!
//! Edits change the declarative setup and the changed side restarts from time 0 with it (the
//! dialog says so). Where the core has a live command (create a topic, add partitions, add or
//! remove a member) a "now" button applies it to the running world instead. A refused edit
//! shows the reason in its form, in the page's language, and changes nothing. Every form emits
//! an action (`page::Action::Edit`, `Live`, `ImportScenario`, `ImportDefinitions`); the page
//! applies it and keeps the outcome (`Page::edit_outcome`), which the form that did it shows.

mod event_forms;
mod share_forms;
mod fields;
mod message_forms;

use std::cell::RefCell;
use std::rc::Rc;

use brokerlab_core::{Command, Lang};
use yew::prelude::*;

use crate::event_act::EventSim;
use crate::page::{Action, EditOutcome, PageRef, Section};
use crate::setup::{Edit, SetupError};
use crate::words::{Entity, Ui, Words, words};
use fields::{download, read_file};

/// The file name of an exported scenario.
pub const EXPORT_FILE: &str = "brokerlab-scenario.json";

#[derive(Properties, PartialEq, Debug)]
pub struct EditorProps {
    pub page: PageRef,
    pub lang: Lang,
    /// The section opened first.
    pub section: Section,
    pub dispatch: Callback<Action>,
}

/// What every form needs: how to emit its edit or live command, the page's language, the
/// last outcome, and the running event world (to pick the member a "remove now" removes).
struct Forms {
    dispatch: Callback<Action>,
    lang: Lang,
    w: Words,
    outcome: Option<EditOutcome>,
    event: Rc<RefCell<EventSim>>,
}

impl Forms {
    /// An edit of the setup from `form`.
    fn edit(&self) -> Rc<dyn Fn(&'static str, Result<Edit, SetupError>)> {
        let dispatch = self.dispatch.clone();
        Rc::new(move |form, edit| dispatch.emit(Action::Edit { form, edit }))
    }

    /// A live command from `form` on the running event world.
    fn live(&self) -> Rc<dyn Fn(&'static str, Result<Command, SetupError>)> {
        let dispatch = self.dispatch.clone();
        Rc::new(move |form, command| dispatch.emit(Action::Live { form, command }))
    }

    /// The outcome, if `form` did the last edit.
    fn shown(&self, form: &'static str) -> Html {
        match &self.outcome {
            Some(outcome) if outcome.form == form => {
                let ok = outcome.ok();
                let lang = self.lang;
                html! {
                    <p class={if ok { "edit-ok" } else { "error" }} id={format!("{form}-outcome")} role={if ok { "status" } else { "alert" }}>
                        {outcome.said.text(lang)}
                    </p>
                }
            }
            _ => html! {},
        }
    }

    fn remove_button(&self, what: Entity, name: String, make: Rc<dyn Fn() -> Edit>, form: &'static str) -> Html {
        let edit = self.edit();
        let label = self.w.remove(what, &name);
        html! {
            <button type="button" class="remove" aria-label={label.clone()} title={label}
                onclick={Callback::from(move |_| edit(form, Ok(make())))}>{self.w.ui(Ui::Remove)}</button>
        }
    }
}

#[function_component(Editor)]
pub fn editor(props: &EditorProps) -> Html {
    let w = words(props.lang);
    let dialog = use_node_ref();
    let section = use_state(|| props.section);
    let paste = use_state(String::new);
    crate::dialog::use_modal(dialog.clone());
    let page = props.page.borrow();
    let forms = Forms { dispatch: props.dispatch.clone(), lang: props.lang, w, outcome: page.edit_outcome.clone(), event: page.event.clone() };
    let s = &page.setup;
    let body = match *section {
        Section::Event => html! {
            <div key="event" class="edit-section" role="tabpanel" id="edit-panel-event" aria-labelledby="edit-tab-event">
                { event_forms::brokers_and_topics(&forms, s) }
                { event_forms::producers(&forms, s) }
                { event_forms::groups(&forms, s) }
                { share_forms::share_groups(&forms, s) }
            </div>
        },
        Section::Message => html! {
            <div key="message" class="edit-section" role="tabpanel" id="edit-panel-message" aria-labelledby="edit-tab-message">
                { message_forms::exchanges(&forms, s) }
                { message_forms::queues(&forms, s) }
                { message_forms::bindings(&forms, s) }
                { message_forms::publishers(&forms, s) }
                { message_forms::consumers(&forms, s) }
            </div>
        },
        Section::Files => files(&forms, s.to_json_pretty(), paste),
    };
    drop(page);
    let tab = |kind: Section, id: &'static str, label: &'static str| {
        let section = section.clone();
        let selected = *section == kind;
        html! {
            <button type="button" role="tab" id={format!("edit-tab-{id}")} class={classes!("tab", selected.then_some("active"))}
                aria-selected={selected.to_string()} aria-controls={format!("edit-panel-{id}")}
                onclick={Callback::from(move |_| section.set(kind))}>{label}</button>
        }
    };
    let trap = crate::dialog::focus_trap(dialog.clone(), "button, input, select, textarea");
    let close = props.dispatch.reform(|_: MouseEvent| Action::CloseEditor);
    let on_native_close = props.dispatch.reform(|_: Event| Action::CloseEditor);
    html! {
        <dialog class="editor-dialog" ref={dialog} aria-labelledby="editor-title" aria-describedby="editor-about" onclose={on_native_close} onkeydown={trap}>
            <div class="editor-head">
                <h2 id="editor-title">{w.ui(Ui::EditorTitle)}</h2>
                <button type="button" id="editor-close" class="primary" onclick={close}>{w.ui(Ui::Close)}</button>
            </div>
            <p id="editor-about">{w.ui(Ui::EditorAbout)}</p>
            <nav class="tabs" role="tablist" aria-label={w.ui(Ui::EditorSections)}>
                { tab(Section::Event, "event", w.ui(Ui::EventBroker)) }
                { tab(Section::Message, "message", w.ui(Ui::MessageBroker)) }
                { tab(Section::Files, "files", w.ui(Ui::ImportAndExport)) }
            </nav>
            { body }
        </dialog>
    }
}

/// Export, and import from a file or a paste.
fn files(c: &Forms, exported: String, paste: UseStateHandle<String>) -> Html {
    let w = c.w;
    let shown = |form: &'static str| c.shown(form);
    let export = Callback::from(move |_: MouseEvent| download(EXPORT_FILE, &exported));
    let import_scenario: Rc<dyn Fn(String)> = {
        let dispatch = c.dispatch.clone();
        Rc::new(move |text| dispatch.emit(Action::ImportScenario(text)))
    };
    let import_definitions: Rc<dyn Fn(String)> = {
        let dispatch = c.dispatch.clone();
        Rc::new(move |text| dispatch.emit(Action::ImportDefinitions(text)))
    };
    let on_file = |then: Rc<dyn Fn(String)>| {
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            let then = then.clone();
            let again = input.clone();
            read_file(&input, move |text| {
                then(text);
                // Picking the same file again fires `change` again.
                again.set_value("");
            });
        })
    };
    let on_paste = {
        let paste = paste.clone();
        Callback::from(move |e: InputEvent| paste.set(e.target_unchecked_into::<web_sys::HtmlTextAreaElement>().value()))
    };
    let paste_scenario = {
        let (paste, import) = (paste.clone(), import_scenario.clone());
        Callback::from(move |_: MouseEvent| import((*paste).clone()))
    };
    let paste_definitions = {
        let (paste, import) = (paste.clone(), import_definitions.clone());
        Callback::from(move |_: MouseEvent| import((*paste).clone()))
    };
    html! {
            <div key="files" class="edit-section" role="tabpanel" id="edit-panel-files" aria-labelledby="edit-tab-files">
                <fieldset>
                    <legend>{w.ui(Ui::Export)}</legend>
                    <p>{w.ui(Ui::ExportAbout)}</p>
                    <button type="button" id="export-json" onclick={export}>{w.ui(Ui::DownloadJson)}</button>
                </fieldset>
                <fieldset id="edit-import">
                    <legend>{w.ui(Ui::Import)}</legend>
                    <label>{w.ui(Ui::ScenarioFile)}
                        <input id="import-file" type="file" accept=".json,application/json" onchange={on_file(import_scenario.clone())} /></label>
                    <label>{w.ui(Ui::DefinitionsFile)}
                        <input id="import-definitions" type="file" accept=".json,application/json" onchange={on_file(import_definitions.clone())} /></label>
                    <label for="import-text">{w.ui(Ui::PasteJson)}</label>
                    <textarea id="import-text" rows="6" spellcheck="false" value={(*paste).clone()} oninput={on_paste} />
                    <div class="edit-row">
                        <button type="button" id="import-paste" onclick={paste_scenario}>{w.ui(Ui::ImportScenario)}</button>
                        <button type="button" id="import-paste-definitions" onclick={paste_definitions}>{w.ui(Ui::ImportDefinitions)}</button>
                    </div>
                    { shown("edit-import") }
                </fieldset>
            </div>
    }
}
