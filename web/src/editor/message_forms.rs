//! The editor's message-broker section: exchanges, queues, bindings, publishers and
//! consumers.

use std::rc::Rc;

use brokerlab_core::world::message::{ConsumerSpec, PublisherSpec, Settle};
use serde_json::{Map, Value};
use yew::prelude::*;

use super::fields::{check_field, checked, choices, form_data, name_field, named, number_field, select_field, small, submit, text, text_field};
use super::Forms;
use crate::setup::{BindingForm, Edit, ExchangeForm, Setup, SetupError, json_object, number_or, optional_number, words};

/// Exchanges.
pub(super) fn exchanges(c: &Forms, s: &Setup) -> Html {
    let edit = c.edit();
    let t = |en: &'static str, kr: &'static str| c.t(en, kr);
    let shown = |form: &'static str| c.shown(form);
    let remove_button = |what_en: &'static str, what_ko: &'static str, name: String, make: Rc<dyn Fn() -> Edit>, form: &'static str| {
        c.remove_button(what_en, what_ko, name, make, form)
    };
    let exchange_names = s.exchange_names();
    let add_exchange = {
        let edit = edit.clone();
        Callback::from(move |e: SubmitEvent| {
            let Some((d, _)) = form_data(&e) else { return };
            edit("edit-add-exchange", Ok(Edit::AddExchange(ExchangeForm {
                name: text(&d, "name"), kind: text(&d, "type"), alternate: text(&d, "alternate"), durable: checked(&d, "durable"),
            })));
        })
    };
    html! {
        <>
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
        </>
    }
}

/// Queues with their arguments.
pub(super) fn queues(c: &Forms, s: &Setup) -> Html {
    let edit = c.edit();
    let t = |en: &'static str, kr: &'static str| c.t(en, kr);
    let shown = |form: &'static str| c.shown(form);
    let remove_button = |what_en: &'static str, what_ko: &'static str, name: String, make: Rc<dyn Fn() -> Edit>, form: &'static str| {
        c.remove_button(what_en, what_ko, name, make, form)
    };
    let exchange_names = s.exchange_names();
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
    html! {
        <>
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
        </>
    }
}

/// Bindings.
pub(super) fn bindings(c: &Forms, s: &Setup) -> Html {
    let edit = c.edit();
    let t = |en: &'static str, kr: &'static str| c.t(en, kr);
    let shown = |form: &'static str| c.shown(form);
    let remove_button = |what_en: &'static str, what_ko: &'static str, name: String, make: Rc<dyn Fn() -> Edit>, form: &'static str| {
        c.remove_button(what_en, what_ko, name, make, form)
    };
    let exchange_names = s.exchange_names();
    let queue_names = s.queue_names();
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
    let destinations: Vec<(String, String)> = queue_names
        .iter()
        .map(|q| (format!("q:{q}"), format!("{} {q}", t("queue", "큐"))))
        .chain(exchange_names.iter().map(|x| (format!("x:{x}"), format!("{} {x}", t("exchange", "익스체인지")))))
        .collect();
    html! {
        <>
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
        </>
    }
}

/// Publishers.
pub(super) fn publishers(c: &Forms, s: &Setup) -> Html {
    let edit = c.edit();
    let t = |en: &'static str, kr: &'static str| c.t(en, kr);
    let shown = |form: &'static str| c.shown(form);
    let remove_button = |what_en: &'static str, what_ko: &'static str, name: String, make: Rc<dyn Fn() -> Edit>, form: &'static str| {
        c.remove_button(what_en, what_ko, name, make, form)
    };
    let exchange_names = s.exchange_names();
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
    html! {
        <>
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
        </>
    }
}

/// Consumers.
pub(super) fn consumers(c: &Forms, s: &Setup) -> Html {
    let edit = c.edit();
    let t = |en: &'static str, kr: &'static str| c.t(en, kr);
    let shown = |form: &'static str| c.shown(form);
    let remove_button = |what_en: &'static str, what_ko: &'static str, name: String, make: Rc<dyn Fn() -> Edit>, form: &'static str| {
        c.remove_button(what_en, what_ko, name, make, form)
    };
    let queue_names = s.queue_names();
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
    html! {
        <>
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
        </>
    }
}
