//! The editor: a modal dialog with forms to add and remove everything in the setup (topics,
//! partitions, brokers, producers, groups and members; exchanges, queues, bindings,
//! publishers, consumers), scenario JSON import and export, and definitions.json import.
//!
//! Edits change the declarative setup and the changed side restarts from time 0 with it (the
//! dialog says so). Where the core has a live command (create a topic, add partitions, add or
//! remove a member) a "now" button applies it to the running world instead. A refused edit
//! shows the core's typed error in its form, in the page's language, and changes nothing.

use std::cell::RefCell;
use std::rc::Rc;

use brokerlab_core::event_broker::Acks;
use brokerlab_core::event_broker::assignor::Strategy;
use brokerlab_core::world::message::{ConsumerSpec, PublisherSpec, Settle};
use brokerlab_core::world::{GroupSpec, ProducerSpec, TopicSpec};
use brokerlab_core::words::count;
use brokerlab_core::{Command, Lang};
use serde_json::{Map, Value};
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use yew::prelude::*;

use crate::message_act::MessageSim;
use crate::setup::{
    BindingForm, Built, Edit, ExchangeForm, Setup, SetupError, json_object, number, number_or, optional_number, words,
};
use crate::event_act::EventSim;

/// The file name of an exported scenario.
pub const EXPORT_FILE: &str = "brokerlab-scenario.json";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Section {
    Event,
    Message,
    Files,
}

#[derive(Properties, Debug)]
pub struct EditorProps {
    pub setup: Rc<RefCell<Setup>>,
    pub event: Rc<RefCell<EventSim>>,
    pub message: Rc<RefCell<MessageSim>>,
    pub lang: Lang,
    /// The section opened first.
    pub section: Section,
    pub on_close: Callback<()>,
    /// Something changed: draw the page again.
    pub redraw: Callback<()>,
}

impl PartialEq for EditorProps {
    fn eq(&self, _: &Self) -> bool {
        // The simulations change behind the `Rc`s: draw whenever the parent does.
        false
    }
}

/// A form's outcome, shown in that form: (form id, English, Korean).
type Outcome = Option<(&'static str, bool, String, String)>;

/// Puts a newly built event simulation in place, keeping the page's language and transport.
pub fn install_event(cell: &Rc<RefCell<EventSim>>, mut sim: EventSim) {
    {
        let old = cell.borrow();
        sim.lang = old.lang;
        sim.clock.speed = old.clock.speed;
        sim.clock.playing = old.clock.playing;
    }
    *cell.borrow_mut() = sim;
}

/// Puts a newly built message simulation in place, keeping language and transport.
pub fn install_message(cell: &Rc<RefCell<MessageSim>>, mut sim: MessageSim) {
    {
        let old = cell.borrow();
        sim.lang = old.lang;
        sim.clock.speed = old.clock.speed;
        sim.clock.playing = old.clock.playing;
    }
    *cell.borrow_mut() = sim;
}

fn form_data(e: &SubmitEvent) -> Option<(web_sys::FormData, String)> {
    e.prevent_default();
    let form: web_sys::HtmlFormElement = e.target()?.dyn_into().ok()?;
    let how = e.submitter().and_then(|b| b.get_attribute("value")).unwrap_or_default();
    Some((web_sys::FormData::new_with_form(&form).ok()?, how))
}

fn text(data: &web_sys::FormData, name: &str) -> String {
    data.get(name).as_string().unwrap_or_default().trim().to_string()
}

fn checked(data: &web_sys::FormData, name: &str) -> bool {
    data.has(name)
}

fn small(field: &'static str, value: u64) -> Result<u32, SetupError> {
    u32::try_from(value).map_err(|_| SetupError::Field { field, problem: format!("{value} is too large") })
}

/// Reads a file the user picked and hands its text on.
fn read_file(input: &web_sys::HtmlInputElement, then: impl FnOnce(String) + 'static) {
    let Some(file) = input.files().and_then(|list| list.get(0)) else { return };
    let done = Closure::once(move |value: wasm_bindgen::JsValue| then(value.as_string().unwrap_or_default()));
    let _ = file.text().then(&done);
    // The promise calls it once; let it live until then.
    done.forget();
}

/// Offers `text` as a download (a Blob URL: no request leaves the page).
fn download(name: &str, text: &str) {
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
fn name_field(label: &str) -> Html {
    html! { <label>{label}<input name="name" type="text" required=true maxlength="64" autocomplete="off" /></label> }
}

/// A free text field.
fn text_field(label: &str, name: &'static str, required: bool, placeholder: Option<String>) -> Html {
    html! { <label>{label}<input {name} type="text" {required} autocomplete="off" {placeholder} /></label> }
}

/// A whole-number field.
fn number_field(label: &str, name: &'static str, min: &'static str, max: Option<&'static str>, required: bool, placeholder: Option<String>) -> Html {
    html! { <label>{label}<input {name} type="number" {min} {max} {required} {placeholder} /></label> }
}

/// A checkbox.
fn check_field(label: &str, name: &'static str, checked: bool) -> Html {
    html! { <label class="check"><input {name} type="checkbox" {checked} />{label}</label> }
}

/// A drop-down list of `options`.
fn select_field(label: &str, name: &'static str, options: Html) -> Html {
    html! { <label>{label}<select {name}>{options}</select></label> }
}

/// The options (value, label) of a select, the first selected. Options carry `selected`
/// explicitly: Yew inserts a list's nodes last to first, and a select without a selected
/// option would show the last one inserted.
fn choices<'a>(options: impl IntoIterator<Item = (&'a str, &'a str)>) -> Html {
    options.into_iter().enumerate().map(|(i, (value, label))| html! { <option value={value.to_string()} selected={i == 0}>{label}</option> }).collect()
}

/// Names as options whose value is the name itself.
fn named<'a>(names: &'a [String]) -> impl Iterator<Item = (&'a str, &'a str)> + 'a {
    names.iter().map(|n| (n.as_str(), n.as_str()))
}

/// A submit button; `value` tells the handler which one was pressed.
fn submit(label: &str, value: Option<&'static str>) -> Html {
    html! { <button type="submit" {value}>{label}</button> }
}

#[function_component(Editor)]
pub fn editor(props: &EditorProps) -> Html {
    let ko = props.lang == Lang::Ko;
    let t = |en: &'static str, kr: &'static str| if ko { kr } else { en };
    let dialog = use_node_ref();
    let section = use_state(|| props.section);
    let outcome = use_state(|| None as Outcome);
    let paste = use_state(String::new);
    crate::dialog::use_modal(dialog.clone());

    // An edit: validated by building the side it changes; only then installed.
    let edit = {
        let (setup, event, message, outcome, redraw) =
            (props.setup.clone(), props.event.clone(), props.message.clone(), outcome.clone(), props.redraw.clone());
        Rc::new(move |form: &'static str, edit: Result<Edit, SetupError>| {
            let result = edit.and_then(|edit| setup.borrow().edited(edit));
            match result {
                Ok((next, built)) => {
                    match built {
                        Built::Event(sim) => install_event(&event, *sim),
                        Built::Message(sim) => install_message(&message, *sim),
                    }
                    *setup.borrow_mut() = next;
                    outcome.set(Some((form, true, String::from("Done: the simulation restarted from time 0 with it."),
                        String::from("적용했습니다. 시뮬레이션이 바뀐 설정으로 시간 0부터 다시 시작합니다."))));
                }
                Err(e) => outcome.set(Some((form, false, e.to_string(), e.explain(Lang::Ko)))),
            }
            redraw.emit(());
        })
    };
    // A live command on the running event world.
    let live = {
        let (event, outcome, redraw) = (props.event.clone(), outcome.clone(), props.redraw.clone());
        Rc::new(move |form: &'static str, command: Result<Command, SetupError>| {
            let result = match command {
                Ok(c) => event.borrow_mut().apply(c).map_err(|e| (e.to_string(), e.explain(Lang::Ko))),
                Err(e) => Err((e.to_string(), e.explain(Lang::Ko))),
            };
            match result {
                Ok(()) => outcome.set(Some((form, true, String::from("Done: applied to the running world now (the scenario is unchanged)."),
                    String::from("지금 실행 중인 세계에 적용했습니다 (시나리오는 그대로입니다).")))),
                Err((en, kr)) => outcome.set(Some((form, false, en, kr))),
            }
            redraw.emit(());
        })
    };

    let shown = |form: &'static str| -> Html {
        match &*outcome {
            Some((f, ok, en, kr)) if *f == form => html! {
                <p class={if *ok { "edit-ok" } else { "error" }} id={format!("{form}-outcome")} role={if *ok { "status" } else { "alert" }}>
                    {if ko { kr.clone() } else { en.clone() }}
                </p>
            },
            _ => html! {},
        }
    };
    let remove_button = |what_en: &'static str, what_ko: &'static str, name: String, make: Rc<dyn Fn() -> Edit>, form: &'static str| {
        let edit = edit.clone();
        let label = if ko { format!("{what_ko} {name} 삭제") } else { format!("Remove {what_en} {name}") };
        html! {
            <button type="button" class="remove" aria-label={label.clone()} title={label}
                onclick={Callback::from(move |_| edit(form, Ok(make())))}>{t("Remove", "삭제")}</button>
        }
    };

    let s = props.setup.borrow();
    let eb = &s.scenario.event_broker;
    let topic_names: Vec<String> = eb.topics.iter().map(|t| t.name.clone()).collect();
    let group_names: Vec<String> = eb.groups.iter().map(|g| g.name.clone()).collect();
    let exchange_names = s.exchange_names();
    let queue_names = s.queue_names();

    let event_section = {
        let brokers = {
            let edit = edit.clone();
            Callback::from(move |e: SubmitEvent| {
                let Some((d, _)) = form_data(&e) else { return };
                edit("edit-brokers", number("brokers", &text(&d, "brokers")).and_then(|n| small("brokers", n)).map(Edit::SetBrokers));
            })
        };
        let add_topic = {
            let (edit, live) = (edit.clone(), live.clone());
            Callback::from(move |e: SubmitEvent| {
                let Some((d, how)) = form_data(&e) else { return };
                let topic = (|| {
                    let partitions = small("partitions", number_or("partitions", &text(&d, "partitions"), 3)?)?;
                    let rf = small("replication factor", number_or("replication factor", &text(&d, "replication_factor"), 1)?)?;
                    Ok(TopicSpec { name: text(&d, "name"), partitions, replication_factor: rf, config: Default::default() })
                })();
                if how == "now" {
                    live("edit-add-topic", topic.map(|t| Command::CreateTopic {
                        name: t.name, partitions: t.partitions, replication_factor: t.replication_factor, config: t.config,
                    }));
                } else {
                    edit("edit-add-topic", topic.map(Edit::AddTopic));
                }
            })
        };
        let partitions = {
            let (edit, live) = (edit.clone(), live.clone());
            Callback::from(move |e: SubmitEvent| {
                let Some((d, how)) = form_data(&e) else { return };
                let topic = text(&d, "topic");
                let count = number("partitions", &text(&d, "partitions")).and_then(|n| small("partitions", n));
                if how == "now" {
                    live("edit-partitions", count.map(|partitions| Command::AddPartitions { topic, partitions }));
                } else {
                    edit("edit-partitions", count.map(|partitions| Edit::SetPartitions { topic, partitions }));
                }
            })
        };
        let add_producer = {
            let edit = edit.clone();
            Callback::from(move |e: SubmitEvent| {
                let Some((d, _)) = form_data(&e) else { return };
                let producer = (|| {
                    let mut p: ProducerSpec = serde_json::from_str(r#"{"name": "", "topic": ""}"#)
                        .map_err(|e| SetupError::Field { field: "producer", problem: e.to_string() })?;
                    p.name = text(&d, "name");
                    p.topic = text(&d, "topic");
                    p.every_ms = optional_number("every ms", &text(&d, "every_ms"))?;
                    p.keys = words(&text(&d, "keys"));
                    p.acks = match text(&d, "acks").as_str() {
                        "0" => Acks::Zero,
                        "1" => Acks::One,
                        _ => Acks::All,
                    };
                    Ok(p)
                })();
                edit("edit-add-producer", producer.map(Edit::AddProducer));
            })
        };
        let add_group = {
            let edit = edit.clone();
            Callback::from(move |e: SubmitEvent| {
                let Some((d, _)) = form_data(&e) else { return };
                let group = (|| {
                    let mut g: GroupSpec = serde_json::from_str(r#"{"name": "", "topics": []}"#)
                        .map_err(|e| SetupError::Field { field: "group", problem: e.to_string() })?;
                    g.name = text(&d, "name");
                    g.topics = words(&text(&d, "topics"));
                    g.members = small("members", number_or("members", &text(&d, "members"), 1)?)?;
                    g.assignor = match text(&d, "assignor").as_str() {
                        "roundrobin" => Strategy::RoundRobin,
                        "sticky" => Strategy::Sticky,
                        "cooperative-sticky" => Strategy::CooperativeSticky,
                        _ => Strategy::Range,
                    };
                    g.processing_ms = number_or("processing ms", &text(&d, "processing_ms"), 200)?;
                    g.failure_per_mille = small("failure per mille", number_or("failure per mille", &text(&d, "failure_per_mille"), 0)?)?;
                    g.enable_auto_commit = text(&d, "commit") != "manual";
                    g.auto_offset_reset = if text(&d, "reset") == "latest" {
                        brokerlab_core::world::AutoOffsetReset::Latest
                    } else {
                        brokerlab_core::world::AutoOffsetReset::Earliest
                    };
                    Ok(g)
                })();
                edit("edit-add-group", group.map(Edit::AddGroup));
            })
        };
        let members = {
            let (edit, live, event) = (edit.clone(), live.clone(), props.event.clone());
            Callback::from(move |e: SubmitEvent| {
                let Some((d, how)) = form_data(&e) else { return };
                let group = text(&d, "group");
                match how.as_str() {
                    "add-now" => live("edit-members", Ok(Command::AddMember { group, instance_id: None })),
                    "remove-now" => {
                        // The newest member that has not already left.
                        let member = {
                            let sim = event.borrow();
                            let view = sim.world().view();
                            view.groups()
                                .find(|g| g.name.as_ref() == group.as_str())
                                .and_then(|g| g.members.iter().rev().find(|m| m.state != brokerlab_core::world::MemberState::Stopped).map(|m| m.index))
                        };
                        let command = member
                            .map(|member| Command::RemoveMember { group: group.clone(), member })
                            .ok_or(SetupError::Missing { what: crate::setup::Entity::Group, name: group });
                        live("edit-members", command);
                    }
                    _ => {
                        let count = number("members", &text(&d, "members")).and_then(|n| small("members", n));
                        edit("edit-members", count.map(|members| Edit::SetMembers { group, members }));
                    }
                }
            })
        };
        html! {
            <div key="event" class="edit-section" role="tabpanel" id="edit-panel-event" aria-labelledby="edit-tab-event">
                <fieldset>
                    <legend>{t("Brokers", "브로커")}</legend>
                    <form id="edit-brokers" class="edit-form" onsubmit={brokers}>
                        { number_field(t("Brokers", "브로커 수"), "brokers", "1", None, true, Some(eb.brokers.to_string())) }
                        { submit(t("Set", "정하기"), None) }
                        { shown("edit-brokers") }
                    </form>
                </fieldset>
                <fieldset>
                    <legend>{t("Topics and partitions", "토픽과 파티션")}</legend>
                    <ul class="edit-list" data-kind="topic">
                        { for eb.topics.iter().map(|tp| {
                            let name = tp.name.clone();
                            html! { <li data-name={tp.name.clone()}>
                                <span>{format!("{} · {} {} · RF {}", tp.name, tp.partitions, t("partitions", "파티션"), tp.replication_factor)}</span>
                                { remove_button("topic", "토픽", tp.name.clone(), Rc::new(move || Edit::RemoveTopic(name.clone())), "edit-add-topic") }
                            </li> }
                        }) }
                    </ul>
                    <form id="edit-add-topic" class="edit-form" onsubmit={add_topic}>
                        { name_field(t("Name", "이름")) }
                        { number_field(t("Partitions", "파티션"), "partitions", "1", None, false, Some("3".into())) }
                        { number_field(t("Replication factor", "복제 계수"), "replication_factor", "1", None, false, Some("1".into())) }
                        { submit(t("Add topic", "토픽 추가"), Some("scenario")) }
                        { submit(t("Create now", "지금 만들기"), Some("now")) }
                        { shown("edit-add-topic") }
                    </form>
                    <form id="edit-partitions" class="edit-form" onsubmit={partitions}>
                        { select_field(t("Topic", "토픽"), "topic", choices(named(&topic_names))) }
                        { number_field(t("Partitions", "파티션"), "partitions", "1", None, true, Some("4".into())) }
                        { submit(t("Set partitions", "파티션 정하기"), Some("scenario")) }
                        { submit(t("Add partitions now", "지금 파티션 늘리기"), Some("now")) }
                        { shown("edit-partitions") }
                    </form>
                </fieldset>
                <fieldset>
                    <legend>{t("Producers", "프로듀서")}</legend>
                    <ul class="edit-list" data-kind="producer">
                        { for eb.producers.iter().map(|p| {
                            let name = p.name.clone();
                            let rate = p.every_ms.map_or_else(|| t("on command", "명령할 때만").to_string(), |ms| format!("{} {ms} ms", t("every", "매")));
                            html! { <li data-name={p.name.clone()}>
                                <span>{format!("{} → {} · {rate} · {} {}", p.name, p.topic, t("keys", "키"), if p.keys.is_empty() { String::from("–") } else { p.keys.join(", ") })}</span>
                                { remove_button("producer", "프로듀서", p.name.clone(), Rc::new(move || Edit::RemoveProducer(name.clone())), "edit-add-producer") }
                            </li> }
                        }) }
                    </ul>
                    <form id="edit-add-producer" class="edit-form" onsubmit={add_producer}>
                        { name_field(t("Name", "이름")) }
                        { select_field(t("Topic", "토픽"), "topic", choices(named(&topic_names))) }
                        { number_field(t("One record every (ms, empty: on command)", "레코드 간격 (ms, 비우면 명령할 때만)"), "every_ms", "1", None, false, None) }
                        { text_field(t("Keys (comma-separated)", "키 (쉼표로 구분)"), "keys", false, None) }
                        { select_field("acks", "acks", choices([("all", "all"), ("1", "1"), ("0", "0")])) }
                        { submit(t("Add producer", "프로듀서 추가"), None) }
                        { shown("edit-add-producer") }
                    </form>
                </fieldset>
                <fieldset>
                    <legend>{t("Consumer groups and members", "컨슈머 그룹과 멤버")}</legend>
                    <ul class="edit-list" data-kind="group">
                        { for eb.groups.iter().map(|g| {
                            let name = g.name.clone();
                            let assignor = serde_json::to_value(g.assignor).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
                            html! { <li data-name={g.name.clone()} data-members={g.members.to_string()}>
                                <span>{format!("{} · {} · {} {} · {assignor} · {} ms · {} · {}‰ {}", g.name, g.topics.join(", "), g.members, t("members", "멤버"), g.processing_ms,
                                    if g.enable_auto_commit { t("auto-commit", "자동 커밋") } else { t("manual commit", "수동 커밋") },
                                    g.failure_per_mille, t("fail", "실패"))}</span>
                                { remove_button("group", "그룹", g.name.clone(), Rc::new(move || Edit::RemoveGroup(name.clone())), "edit-add-group") }
                            </li> }
                        }) }
                    </ul>
                    <form id="edit-add-group" class="edit-form" onsubmit={add_group}>
                        { name_field(t("Name", "이름")) }
                        { text_field(t("Topics (comma-separated)", "토픽 (쉼표로 구분)"), "topics", true, Some(topic_names.first().cloned().unwrap_or_default())) }
                        { number_field(t("Members", "멤버 수"), "members", "0", None, false, Some("1".into())) }
                        { select_field(t("Assignor", "할당 전략"), "assignor", choices([
                            ("range", "range"), ("roundrobin", "roundrobin"), ("sticky", "sticky"), ("cooperative-sticky", "cooperative-sticky"),
                        ])) }
                        { number_field(t("Processing time (ms per record)", "처리 시간 (레코드당 ms)"), "processing_ms", "0", None, false, Some("200".into())) }
                        { number_field(t("Failing batches (per mille)", "실패하는 배치 (천분율)"), "failure_per_mille", "0", Some("1000"), false, Some("0".into())) }
                        { select_field(t("Commit", "커밋"), "commit", choices([("auto", t("auto-commit", "자동 커밋")), ("manual", t("manual, after each batch", "수동, 배치마다"))])) }
                        { select_field(t("Start from", "시작 위치"), "reset", choices([("earliest", "earliest"), ("latest", "latest")])) }
                        { submit(t("Add group", "그룹 추가"), None) }
                        { shown("edit-add-group") }
                    </form>
                    <form id="edit-members" class="edit-form" onsubmit={members}>
                        { select_field(t("Group", "그룹"), "group", choices(named(&group_names))) }
                        { number_field(t("Members", "멤버 수"), "members", "0", None, false, Some("3".into())) }
                        { submit(t("Set members", "멤버 수 정하기"), Some("scenario")) }
                        { submit(t("Add a member now", "지금 멤버 추가"), Some("add-now")) }
                        { submit(t("Remove a member now", "지금 멤버 제거"), Some("remove-now")) }
                        { shown("edit-members") }
                    </form>
                </fieldset>
            </div>
        }
    };

    let message_section = {
        let add_exchange = {
            let edit = edit.clone();
            Callback::from(move |e: SubmitEvent| {
                let Some((d, _)) = form_data(&e) else { return };
                edit("edit-add-exchange", Ok(Edit::AddExchange(ExchangeForm {
                    name: text(&d, "name"), kind: text(&d, "type"), alternate: text(&d, "alternate"), durable: checked(&d, "durable"),
                })));
            })
        };
        let add_queue = {
            let edit = edit.clone();
            Callback::from(move |e: SubmitEvent| {
                let Some((d, _)) = form_data(&e) else { return };
                let queue = (|| {
                    let mut args = Map::new();
                    let kind = text(&d, "x-queue-type");
                    if !kind.is_empty() {
                        args.insert(String::from("x-queue-type"), Value::from(kind));
                    }
                    for (key, field) in [
                        ("x-message-ttl", "x-message-ttl"), ("x-expires", "x-expires"), ("x-max-length", "x-max-length"),
                        ("x-max-length-bytes", "x-max-length-bytes"), ("x-max-priority", "x-max-priority"),
                        ("x-delivery-limit", "x-delivery-limit"),
                    ] {
                        if let Some(n) = optional_number(field, &text(&d, key))? {
                            args.insert(key.to_string(), Value::from(n));
                        }
                    }
                    for key in ["x-overflow", "x-dead-letter-exchange", "x-dead-letter-routing-key"] {
                        let value = text(&d, key);
                        if !value.is_empty() {
                            args.insert(key.to_string(), Value::from(value));
                        }
                    }
                    if checked(&d, "x-single-active-consumer") {
                        args.insert(String::from("x-single-active-consumer"), Value::Bool(true));
                    }
                    Ok(Edit::AddQueue { name: text(&d, "name"), durable: checked(&d, "durable"), arguments: args })
                })();
                edit("edit-add-queue", queue);
            })
        };
        let add_binding = {
            let edit = edit.clone();
            Callback::from(move |e: SubmitEvent| {
                let Some((d, _)) = form_data(&e) else { return };
                let destination = text(&d, "destination");
                let (to_exchange, destination) = match destination.split_once(':') {
                    Some(("x", name)) => (true, name.to_string()),
                    Some((_, name)) => (false, name.to_string()),
                    None => (false, destination),
                };
                let binding = json_object("arguments", &text(&d, "arguments")).map(|arguments| {
                    Edit::AddBinding(BindingForm { source: text(&d, "source"), destination, to_exchange, routing_key: text(&d, "routing_key"), arguments })
                });
                edit("edit-add-binding", binding);
            })
        };
        let add_publisher = {
            let edit = edit.clone();
            Callback::from(move |e: SubmitEvent| {
                let Some((d, _)) = form_data(&e) else { return };
                let publisher = (|| {
                    let priority = match optional_number("priority", &text(&d, "priority"))? {
                        Some(p) => Some(u8::try_from(p).map_err(|_| SetupError::Field { field: "priority", problem: format!("{p} is more than 255") })?),
                        None => None,
                    };
                    Ok(Edit::AddPublisher(PublisherSpec {
                        name: text(&d, "name"),
                        exchange: text(&d, "exchange"),
                        routing_keys: words(&text(&d, "routing_keys")),
                        every_ms: optional_number("every ms", &text(&d, "every_ms"))?,
                        headers: brokerlab_core::sort::collect_by_insert(json_object("headers", &text(&d, "headers"))?),
                        priority,
                        expiration_ms: optional_number("expiration ms", &text(&d, "expiration_ms"))?,
                        persistent: checked(&d, "persistent"),
                        mandatory: checked(&d, "mandatory"),
                        confirms: checked(&d, "confirms"),
                    }))
                })();
                edit("edit-add-publisher", publisher);
            })
        };
        let add_consumer = {
            let edit = edit.clone();
            Callback::from(move |e: SubmitEvent| {
                let Some((d, _)) = form_data(&e) else { return };
                let consumer = (|| {
                    let prefetch = number_or("prefetch", &text(&d, "prefetch"), 1)?;
                    let prefetch = u16::try_from(prefetch).map_err(|_| SetupError::Field { field: "prefetch", problem: format!("{prefetch} is more than 65535") })?;
                    Ok(Edit::AddConsumer(ConsumerSpec {
                        name: text(&d, "name"),
                        queue: text(&d, "queue"),
                        prefetch,
                        auto_ack: text(&d, "ack") == "auto",
                        processing_ms: number_or("processing ms", &text(&d, "processing_ms"), 400)?,
                        failure_per_mille: small("failure per mille", number_or("failure per mille", &text(&d, "failure_per_mille"), 0)?)?,
                        on_failure: match text(&d, "on_failure").as_str() {
                            "ack" => Settle::Ack,
                            "reject" => Settle::Reject,
                            _ => Settle::NackRequeue,
                        },
                    }))
                })();
                edit("edit-add-consumer", consumer);
            })
        };
        let destinations: Vec<(String, String)> = queue_names
            .iter()
            .map(|q| (format!("q:{q}"), format!("{} {q}", t("queue", "큐"))))
            .chain(exchange_names.iter().map(|x| (format!("x:{x}"), format!("{} {x}", t("exchange", "익스체인지")))))
            .collect();
        html! {
            <div key="message" class="edit-section" role="tabpanel" id="edit-panel-message" aria-labelledby="edit-tab-message">
                <fieldset>
                    <legend>{t("Exchanges", "익스체인지")}</legend>
                    <ul class="edit-list" data-kind="exchange">
                        { for s.exchanges().into_iter().map(|(name, kind, alternate)| {
                            let n = name.clone();
                            html! { <li data-name={name.clone()}>
                                <span>{format!("{name} · {kind}{}", alternate.map_or(String::new(), |a| format!(" · {} {a}", t("alternate", "대체"))))}</span>
                                { remove_button("exchange", "익스체인지", name, Rc::new(move || Edit::RemoveExchange(n.clone())), "edit-add-exchange") }
                            </li> }
                        }) }
                    </ul>
                    <form id="edit-add-exchange" class="edit-form" onsubmit={add_exchange}>
                        { name_field(t("Name", "이름")) }
                        { select_field(t("Type", "종류"), "type", choices([("direct", "direct"), ("fanout", "fanout"), ("topic", "topic"), ("headers", "headers")])) }
                        { select_field(t("Alternate exchange", "대체 익스체인지"), "alternate", choices(std::iter::once(("", t("(none)", "(없음)"))).chain(named(&exchange_names)))) }
                        { check_field(t("durable", "내구성(durable)"), "durable", true) }
                        { submit(t("Add exchange", "익스체인지 추가"), None) }
                        { shown("edit-add-exchange") }
                    </form>
                </fieldset>
                <fieldset>
                    <legend>{t("Queues", "큐")}</legend>
                    <ul class="edit-list" data-kind="queue">
                        { for s.queues().into_iter().map(|(name, durable, args)| {
                            let n = name.clone();
                            html! { <li data-name={name.clone()}>
                                <span>{format!("{name} · {}{}", if durable { t("durable", "내구성") } else { t("transient", "비내구성") }, if args.is_empty() { String::new() } else { format!(" · {args}") })}</span>
                                { remove_button("queue", "큐", name, Rc::new(move || Edit::RemoveQueue(n.clone())), "edit-add-queue") }
                            </li> }
                        }) }
                    </ul>
                    <form id="edit-add-queue" class="edit-form" onsubmit={add_queue}>
                        { name_field(t("Name", "이름")) }
                        { check_field(t("durable", "내구성(durable)"), "durable", true) }
                        { select_field("x-queue-type", "x-queue-type", choices([("", t("(default: classic)", "(기본: classic)")), ("classic", "classic"), ("quorum", "quorum")])) }
                        { number_field("x-message-ttl (ms)", "x-message-ttl", "0", None, false, None) }
                        { number_field("x-expires (ms)", "x-expires", "1", None, false, None) }
                        { number_field("x-max-length", "x-max-length", "0", None, false, None) }
                        { number_field("x-max-length-bytes", "x-max-length-bytes", "0", None, false, None) }
                        { select_field("x-overflow", "x-overflow", choices([
                            ("", t("(default: drop-head)", "(기본: drop-head)")), ("drop-head", "drop-head"),
                            ("reject-publish", "reject-publish"), ("reject-publish-dlx", "reject-publish-dlx"),
                        ])) }
                        { select_field("x-dead-letter-exchange", "x-dead-letter-exchange", choices(std::iter::once(("", t("(none)", "(없음)"))).chain(named(&exchange_names)))) }
                        { text_field("x-dead-letter-routing-key", "x-dead-letter-routing-key", false, None) }
                        { number_field("x-max-priority", "x-max-priority", "0", None, false, None) }
                        { number_field(t("x-delivery-limit (quorum)", "x-delivery-limit (쿼럼)"), "x-delivery-limit", "0", None, false, None) }
                        { check_field("x-single-active-consumer", "x-single-active-consumer", false) }
                        { submit(t("Add queue", "큐 추가"), None) }
                        { shown("edit-add-queue") }
                    </form>
                </fieldset>
                <fieldset>
                    <legend>{t("Bindings", "바인딩")}</legend>
                    <ul class="edit-list" data-kind="binding">
                        { for s.bindings().into_iter().enumerate().map(|(i, (source, destination, key, args))| {
                            let label = format!("{source} → {destination}");
                            html! { <li data-name={label.clone()} data-source={source.clone()} data-destination={destination.clone()}>
                                <span>{format!("{label} · \"{key}\"{}", if args.is_empty() { String::new() } else { format!(" · {args}") })}</span>
                                { remove_button("binding", "바인딩", label, Rc::new(move || Edit::RemoveBinding(i)), "edit-add-binding") }
                            </li> }
                        }) }
                    </ul>
                    <form id="edit-add-binding" class="edit-form" onsubmit={add_binding}>
                        { select_field(t("From exchange", "출발 익스체인지"), "source", choices(named(&exchange_names))) }
                        { select_field(t("To", "도착"), "destination", choices(destinations.iter().map(|(v, l)| (v.as_str(), l.as_str())))) }
                        { text_field(t("Routing key or pattern", "라우팅 키 또는 패턴"), "routing_key", false, None) }
                        { text_field(t("Arguments (JSON, headers exchanges)", "인자 (JSON, headers 익스체인지)"), "arguments", false, Some(r#"{"x-match": "all", "region": "eu"}"#.into())) }
                        { submit(t("Add binding", "바인딩 추가"), None) }
                        { shown("edit-add-binding") }
                    </form>
                </fieldset>
                <fieldset>
                    <legend>{t("Publishers", "발행자")}</legend>
                    <ul class="edit-list" data-kind="publisher">
                        { for s.message.publishers.iter().map(|p| {
                            let n = p.name.clone();
                            html! { <li data-name={p.name.clone()}>
                                <span>{format!("{} → {} · {}", p.name, if p.exchange.is_empty() { "(default)" } else { p.exchange.as_str() }, p.routing_keys.join(", "))}</span>
                                { remove_button("publisher", "발행자", p.name.clone(), Rc::new(move || Edit::RemovePublisher(n.clone())), "edit-add-publisher") }
                            </li> }
                        }) }
                    </ul>
                    <form id="edit-add-publisher" class="edit-form" onsubmit={add_publisher}>
                        { name_field(t("Name", "이름")) }
                        { select_field(t("Exchange", "익스체인지"), "exchange", choices(named(&exchange_names).chain(std::iter::once(("", t("(default exchange)", "(기본 익스체인지)")))))) }
                        { text_field(t("Routing keys (comma-separated)", "라우팅 키 (쉼표로 구분)"), "routing_keys", false, None) }
                        { number_field(t("One message every (ms, empty: on command)", "메시지 간격 (ms, 비우면 명령할 때만)"), "every_ms", "1", None, false, None) }
                        { text_field(t("Headers (JSON object)", "헤더 (JSON 객체)"), "headers", false, Some(r#"{"region": "eu"}"#.into())) }
                        { number_field(t("Priority", "우선순위"), "priority", "0", Some("255"), false, None) }
                        { number_field(t("Expiration (ms)", "만료 (ms)"), "expiration_ms", "0", None, false, None) }
                        { check_field(t("persistent", "영속(persistent)"), "persistent", false) }
                        { check_field("mandatory", "mandatory", false) }
                        { check_field(t("publisher confirms", "발행 확인(confirms)"), "confirms", false) }
                        { submit(t("Add publisher", "발행자 추가"), None) }
                        { shown("edit-add-publisher") }
                    </form>
                </fieldset>
                <fieldset>
                    <legend>{t("Consumers", "컨슈머")}</legend>
                    <ul class="edit-list" data-kind="consumer">
                        { for s.message.consumers.iter().map(|c| {
                            let n = c.name.clone();
                            let on_failure = serde_json::to_value(c.on_failure).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
                            html! { <li data-name={c.name.clone()}>
                                <span>{format!("{} ← {} · prefetch {} · {} · {} ms · {}‰ → {on_failure}", c.name, c.queue, c.prefetch,
                                    if c.auto_ack { t("auto ack", "자동 ack") } else { t("manual ack", "수동 ack") }, c.processing_ms, c.failure_per_mille)}</span>
                                { remove_button("consumer", "컨슈머", c.name.clone(), Rc::new(move || Edit::RemoveConsumer(n.clone())), "edit-add-consumer") }
                            </li> }
                        }) }
                    </ul>
                    <form id="edit-add-consumer" class="edit-form" onsubmit={add_consumer}>
                        { name_field(t("Name", "이름")) }
                        { select_field(t("Queue", "큐"), "queue", choices(named(&queue_names))) }
                        { number_field(t("Prefetch (0: unlimited)", "프리페치 (0: 무제한)"), "prefetch", "0", None, false, Some("1".into())) }
                        { select_field(t("Acknowledgement", "확인 방식"), "ack", choices([("manual", t("manual ack", "수동 ack")), ("auto", t("automatic (auto-ack)", "자동 (auto-ack)"))])) }
                        { number_field(t("Processing time (ms)", "처리 시간 (ms)"), "processing_ms", "0", None, false, Some("400".into())) }
                        { number_field(t("Failures (per mille)", "실패 비율 (천분율)"), "failure_per_mille", "0", Some("1000"), false, Some("0".into())) }
                        { select_field(t("On failure", "실패하면"), "on_failure", choices([
                            ("nack_requeue", t("nack, requeue", "nack 후 다시 큐에")), ("reject", t("reject (dead-letter)", "reject (데드레터)")), ("ack", t("ack anyway", "그래도 ack")),
                        ])) }
                        { submit(t("Add consumer", "컨슈머 추가"), None) }
                        { shown("edit-add-consumer") }
                    </form>
                </fieldset>
            </div>
        }
    };

    let files_section = {
        let export = {
            let setup = props.setup.clone();
            Callback::from(move |_: MouseEvent| download(EXPORT_FILE, &setup.borrow().to_json_pretty()))
        };
        // A scenario document replaces both sides; nothing changes unless both build.
        let import_scenario = {
            let (setup, event, message, outcome, redraw) =
                (props.setup.clone(), props.event.clone(), props.message.clone(), outcome.clone(), props.redraw.clone());
            Rc::new(move |text: String| {
                let current = setup.borrow().message.clone();
                let result = Setup::from_json(&text, &current).and_then(|next| next.build_both().map(|built| (next, built)));
                match result {
                    Ok((next, (e, m))) => {
                        install_event(&event, e);
                        install_message(&message, m);
                        *setup.borrow_mut() = next;
                        outcome.set(Some(("edit-import", true, String::from("Imported: both brokers restarted from time 0 with the scenario."),
                            String::from("가져왔습니다. 두 브로커가 이 시나리오로 시간 0부터 다시 시작합니다."))));
                    }
                    Err(e) => outcome.set(Some(("edit-import", false, e.to_string(), e.explain(Lang::Ko)))),
                }
                redraw.emit(());
            })
        };
        let import_definitions = {
            let (setup, message, outcome, redraw) = (props.setup.clone(), props.message.clone(), outcome.clone(), props.redraw.clone());
            Rc::new(move |text: String| {
                let result = setup.borrow().with_definitions(&text);
                match result {
                    Ok((next, sim, report)) => {
                        install_message(&message, sim);
                        *setup.borrow_mut() = next;
                        let dropped = report.dropped_clients.join(", ");
                        let (mut en, mut kr) = (
                            format!(
                                "Imported {}, {} and {}.",
                                count(report.exchanges as u64, "exchange", "exchanges"),
                                count(report.queues as u64, "queue", "queues"),
                                count(report.bindings as u64, "binding", "bindings")
                            ),
                            format!("익스체인지 {}개, 큐 {}개, 바인딩 {}개를 가져왔습니다.", report.exchanges, report.queues, report.bindings),
                        );
                        if !dropped.is_empty() {
                            en.push_str(&format!(" Clients whose exchange or queue is gone were removed: {dropped}."));
                            kr.push_str(&format!(" 익스체인지나 큐가 없어진 클라이언트는 뺐습니다: {dropped}."));
                        }
                        if !report.ignored.is_empty() {
                            let ignored = report.ignored.join("; ");
                            en.push_str(&format!(" Not modelled, ignored: {ignored}."));
                            kr.push_str(&format!(" 모델에 없는 항목은 무시했습니다: {ignored}."));
                        }
                        outcome.set(Some(("edit-import", true, en, kr)));
                    }
                    Err(e) => outcome.set(Some(("edit-import", false, e.to_string(), e.explain(Lang::Ko)))),
                }
                redraw.emit(());
            })
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
                    <legend>{t("Export", "내보내기")}</legend>
                    <p>{t("The whole scenario (both brokers) as JSON. The file stays on your computer.",
                          "시나리오 전체(두 브로커)를 JSON으로 받습니다. 파일은 내 컴퓨터에만 저장됩니다.")}</p>
                    <button type="button" id="export-json" onclick={export}>{t("Download scenario JSON", "시나리오 JSON 내려받기")}</button>
                </fieldset>
                <fieldset id="edit-import">
                    <legend>{t("Import", "가져오기")}</legend>
                    <label>{t("Scenario JSON file", "시나리오 JSON 파일")}
                        <input id="import-file" type="file" accept=".json,application/json" onchange={on_file(import_scenario.clone())} /></label>
                    <label>{t("RabbitMQ definitions.json (rabbitmqctl export_definitions)", "RabbitMQ definitions.json (rabbitmqctl export_definitions)")}
                        <input id="import-definitions" type="file" accept=".json,application/json" onchange={on_file(import_definitions.clone())} /></label>
                    <label for="import-text">{t("Or paste JSON here", "또는 JSON을 여기에 붙여 넣기")}</label>
                    <textarea id="import-text" rows="6" spellcheck="false" value={(*paste).clone()} oninput={on_paste} />
                    <div class="edit-row">
                        <button type="button" id="import-paste" onclick={paste_scenario}>{t("Import as scenario", "시나리오로 가져오기")}</button>
                        <button type="button" id="import-paste-definitions" onclick={paste_definitions}>{t("Import as definitions.json", "definitions.json으로 가져오기")}</button>
                    </div>
                    { shown("edit-import") }
                </fieldset>
            </div>
        }
    };
    drop(s);

    let tab = |kind: Section, id: &'static str, en: &'static str, kr: &'static str| {
        let section = section.clone();
        let selected = *section == kind;
        html! {
            <button type="button" role="tab" id={format!("edit-tab-{id}")} class={classes!("tab", selected.then_some("active"))}
                aria-selected={selected.to_string()} aria-controls={format!("edit-panel-{id}")}
                onclick={Callback::from(move |_| section.set(kind))}>{if ko { kr } else { en }}</button>
        }
    };
    let trap = crate::dialog::focus_trap(dialog.clone(), "button, input, select, textarea");
    let close = props.on_close.reform(|_: MouseEvent| ());
    let on_native_close = props.on_close.reform(|_: Event| ());
    html! {
        <dialog class="editor-dialog" ref={dialog} aria-labelledby="editor-title" aria-describedby="editor-about" onclose={on_native_close} onkeydown={trap}>
            <div class="editor-head">
                <h2 id="editor-title">{t("Edit the scenario", "시나리오 편집")}</h2>
                <button type="button" id="editor-close" class="primary" onclick={close}>{t("Close", "닫기")}</button>
            </div>
            <p id="editor-about">{t("Changes apply from time 0: the broker you change restarts from the edited scenario. Buttons marked “now” change the running world at the current time instead.",
                                    "변경은 시간 0부터 적용됩니다. 바꾼 브로커가 편집한 시나리오로 처음부터 다시 시작합니다. “지금” 버튼은 대신 실행 중인 세계를 현재 시각에 바꿉니다.")}</p>
            <nav class="tabs" role="tablist" aria-label={t("Editor sections", "편집 영역")}>
                { tab(Section::Event, "event", "Event broker", "이벤트 브로커") }
                { tab(Section::Message, "message", "Message broker", "메시지 브로커") }
                { tab(Section::Files, "files", "Import and export", "가져오기와 내보내기") }
            </nav>
            { match *section {
                Section::Event => event_section,
                Section::Message => message_section,
                Section::Files => files_section,
            } }
        </dialog>
    }
}
