//! The editor's message-broker section: exchanges, queues, bindings, publishers and
//! consumers.

use std::rc::Rc;

use brokerlab_core::ScenarioError;
use brokerlab_core::versions::{Product, RabbitMqVersion};
use brokerlab_core::world::message::{ConsumerSpec, PublisherSpec, Settle};
use serde_json::{Map, Value};
use yew::prelude::*;

use super::fields::{check_field, checked, choices, current_select, form_data, name_field, named, number_field, select_field, small, submit, text, text_field};
use super::Forms;
use crate::setup::{BindingForm, Edit, ExchangeForm, Setup, SetupError, json_object, number, number_or, optional_number, words};
use crate::words::{Entity, Ui};

/// Exchanges.
pub(super) fn exchanges(c: &Forms, s: &Setup) -> Html {
    let edit = c.edit();
    let w = c.w;
    let shown = |form: &'static str| c.shown(form);
    let remove_button = |what: Entity, name: String, make: Rc<dyn Fn() -> Edit>, form: &'static str| c.remove_button(what, name, make, form);
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
    let rabbitmq_version = {
        let edit = edit.clone();
        Callback::from(move |e: SubmitEvent| {
            let Some((d, _)) = form_data(&e) else { return };
            let name = text(&d, "rabbitmq_version");
            // The select offers only known versions; anything else (a crafted form) is refused.
            let version = RabbitMqVersion::parse(&name).ok_or(SetupError::Scenario(ScenarioError::UnknownVersion { product: Product::RabbitMq, found: name }));
            edit("edit-rabbitmq-version", version.map(Edit::SetRabbitMqVersion));
        })
    };
    let nodes = {
        let edit = edit.clone();
        Callback::from(move |e: SubmitEvent| {
            let Some((d, _)) = form_data(&e) else { return };
            // The range (1 to 7) is the model's to check, so its refusal names it; only a
            // number too large for the field's type is refused here.
            let nodes = number("nodes", &text(&d, "nodes")).and_then(|n| {
                u8::try_from(n).map_err(|_| SetupError::Field { field: "nodes", problem: format!("{n} is more than 255") })
            });
            edit("edit-nodes", nodes.map(Edit::SetNodes));
        })
    };
    html! {
        <>
        <fieldset>
            <legend>{"RabbitMQ"}</legend>
            <form id="edit-rabbitmq-version" class="edit-form" onsubmit={rabbitmq_version}>
                { current_select(w.ui(Ui::RabbitMqVersion), "rabbitmq_version", &RabbitMqVersion::ALL.map(RabbitMqVersion::name), s.message.rabbitmq_version.name()) }
                { submit(w.ui(Ui::Set), None) }
                { shown("edit-rabbitmq-version") }
            </form>
            <form id="edit-nodes" class="edit-form" onsubmit={nodes}>
                { number_field(w.ui(Ui::NodesField), "nodes", "0", None, true, Some(s.message.nodes.to_string())) }
                { submit(w.ui(Ui::Set), None) }
                { shown("edit-nodes") }
            </form>
        </fieldset>
        <fieldset>
            <legend>{w.ui(Ui::Exchanges)}</legend>
            <ul class="edit-list" data-kind="exchange">
                { for s.exchanges().into_iter().map(|(name, kind, alternate)| {
                    let n = name.clone();
                    html! { <li data-name={name.clone()}>
                        <span>{format!("{name} · {kind}{}", alternate.map_or(String::new(), |a| format!(" · {} {a}", w.ui(Ui::Alternate))))}</span>
                        { remove_button(Entity::Exchange, name, Rc::new(move || Edit::RemoveExchange(n.clone())), "edit-add-exchange") }
                    </li> }
                }) }
            </ul>
            <form id="edit-add-exchange" class="edit-form" onsubmit={add_exchange}>
                { name_field(w.ui(Ui::Name)) }
                { select_field(w.ui(Ui::TypeField), "type", choices([("direct", "direct"), ("fanout", "fanout"), ("topic", "topic"), ("headers", "headers")])) }
                { select_field(w.ui(Ui::AlternateExchange), "alternate", choices(std::iter::once(("", w.ui(Ui::NoneValue))).chain(named(&exchange_names)))) }
                { check_field(w.ui(Ui::DurableCheck), "durable", true) }
                { submit(w.ui(Ui::AddExchange), None) }
                { shown("edit-add-exchange") }
            </form>
        </fieldset>
        </>
    }
}

/// Queues with their arguments.
pub(super) fn queues(c: &Forms, s: &Setup) -> Html {
    let edit = c.edit();
    let w = c.w;
    let shown = |form: &'static str| c.shown(form);
    let remove_button = |what: Entity, name: String, make: Rc<dyn Fn() -> Edit>, form: &'static str| c.remove_button(what, name, make, form);
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
                    ("x-delivery-limit", "x-delivery-limit"), ("x-quorum-initial-group-size", "x-quorum-initial-group-size"),
                    ("x-stream-max-segment-size-bytes", "x-stream-max-segment-size-bytes"),
                ] {
                    if let Some(n) = optional_number(field, &text(&d, key))? {
                        args.insert(key.to_string(), Value::from(n));
                    }
                }
                for key in ["x-overflow", "x-dead-letter-exchange", "x-dead-letter-routing-key", "x-max-age"] {
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
            <legend>{w.ui(Ui::Queues)}</legend>
            <ul class="edit-list" data-kind="queue">
                { for s.queues().into_iter().map(|(name, durable, args)| {
                    let n = name.clone();
                    html! { <li data-name={name.clone()}>
                        <span>{format!("{name} · {}{}", if durable { w.ui(Ui::Durable) } else { w.ui(Ui::Transient) }, if args.is_empty() { String::new() } else { format!(" · {args}") })}</span>
                        { remove_button(Entity::Queue, name, Rc::new(move || Edit::RemoveQueue(n.clone())), "edit-add-queue") }
                    </li> }
                }) }
            </ul>
            <form id="edit-add-queue" class="edit-form" onsubmit={add_queue}>
                { name_field(w.ui(Ui::Name)) }
                { check_field(w.ui(Ui::DurableCheck), "durable", true) }
                { select_field("x-queue-type", "x-queue-type", choices([("", w.ui(Ui::DefaultClassic)), ("classic", "classic"), ("quorum", "quorum"), ("stream", "stream")])) }
                { number_field("x-message-ttl (ms)", "x-message-ttl", "0", None, false, None) }
                { number_field("x-expires (ms)", "x-expires", "1", None, false, None) }
                { number_field("x-max-length", "x-max-length", "0", None, false, None) }
                { number_field("x-max-length-bytes", "x-max-length-bytes", "0", None, false, None) }
                { select_field("x-overflow", "x-overflow", choices([
                    ("", w.ui(Ui::DefaultDropHead)), ("drop-head", "drop-head"),
                    ("reject-publish", "reject-publish"), ("reject-publish-dlx", "reject-publish-dlx"),
                ])) }
                { select_field("x-dead-letter-exchange", "x-dead-letter-exchange", choices(std::iter::once(("", w.ui(Ui::NoneValue))).chain(named(&exchange_names)))) }
                { text_field("x-dead-letter-routing-key", "x-dead-letter-routing-key", false, None) }
                { number_field("x-max-priority", "x-max-priority", "0", None, false, None) }
                { number_field(w.ui(Ui::DeliveryLimit), "x-delivery-limit", "0", None, false, None) }
                { check_field("x-single-active-consumer", "x-single-active-consumer", false) }
                { number_field(w.ui(Ui::QuorumGroupSize), "x-quorum-initial-group-size", "0", None, false, None) }
                { text_field(w.ui(Ui::StreamMaxAge), "x-max-age", false, Some("7D".into())) }
                { number_field(w.ui(Ui::StreamSegmentSize), "x-stream-max-segment-size-bytes", "0", None, false, None) }
                { submit(w.ui(Ui::AddQueue), None) }
                { shown("edit-add-queue") }
            </form>
        </fieldset>
        </>
    }
}

/// Bindings.
pub(super) fn bindings(c: &Forms, s: &Setup) -> Html {
    let edit = c.edit();
    let w = c.w;
    let shown = |form: &'static str| c.shown(form);
    let remove_button = |what: Entity, name: String, make: Rc<dyn Fn() -> Edit>, form: &'static str| c.remove_button(what, name, make, form);
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
        .map(|q| (format!("q:{q}"), format!("{} {q}", w.ui(Ui::QueueWord))))
        .chain(exchange_names.iter().map(|x| (format!("x:{x}"), format!("{} {x}", w.ui(Ui::ExchangeWord)))))
        .collect();
    html! {
        <>
        <fieldset>
            <legend>{w.ui(Ui::Bindings)}</legend>
            <ul class="edit-list" data-kind="binding">
                { for s.bindings().into_iter().enumerate().map(|(i, (source, destination, key, args))| {
                    let label = format!("{source} → {destination}");
                    html! { <li data-name={label.clone()} data-source={source.clone()} data-destination={destination.clone()}>
                        <span>{format!("{label} · \"{key}\"{}", if args.is_empty() { String::new() } else { format!(" · {args}") })}</span>
                        { remove_button(Entity::Binding, label, Rc::new(move || Edit::RemoveBinding(i)), "edit-add-binding") }
                    </li> }
                }) }
            </ul>
            <form id="edit-add-binding" class="edit-form" onsubmit={add_binding}>
                { select_field(w.ui(Ui::FromExchange), "source", choices(named(&exchange_names))) }
                { select_field(w.ui(Ui::To), "destination", choices(destinations.iter().map(|(v, l)| (v.as_str(), l.as_str())))) }
                { text_field(w.ui(Ui::RoutingKeyOrPattern), "routing_key", false, None) }
                { text_field(w.ui(Ui::Arguments), "arguments", false, Some(r#"{"x-match": "all", "region": "eu"}"#.into())) }
                { submit(w.ui(Ui::AddBinding), None) }
                { shown("edit-add-binding") }
            </form>
        </fieldset>
        </>
    }
}

/// Publishers.
pub(super) fn publishers(c: &Forms, s: &Setup) -> Html {
    let edit = c.edit();
    let w = c.w;
    let shown = |form: &'static str| c.shown(form);
    let remove_button = |what: Entity, name: String, make: Rc<dyn Fn() -> Edit>, form: &'static str| c.remove_button(what, name, make, form);
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
            <legend>{w.ui(Ui::Publishers)}</legend>
            <ul class="edit-list" data-kind="publisher">
                { for s.message.publishers.iter().map(|p| {
                    let n = p.name.clone();
                    html! { <li data-name={p.name.clone()}>
                        <span>{format!("{} → {} · {}", p.name, if p.exchange.is_empty() { w.ui(Ui::DefaultExchangeName) } else { p.exchange.as_str() }, p.routing_keys.join(", "))}</span>
                        { remove_button(Entity::Publisher, p.name.clone(), Rc::new(move || Edit::RemovePublisher(n.clone())), "edit-add-publisher") }
                    </li> }
                }) }
            </ul>
            <form id="edit-add-publisher" class="edit-form" onsubmit={add_publisher}>
                { name_field(w.ui(Ui::Name)) }
                { select_field(w.ui(Ui::ExchangeField), "exchange", choices(named(&exchange_names).chain(std::iter::once(("", w.ui(Ui::DefaultExchange)))))) }
                { text_field(w.ui(Ui::RoutingKeys), "routing_keys", false, None) }
                { number_field(w.ui(Ui::MessageEvery), "every_ms", "1", None, false, None) }
                { text_field(w.ui(Ui::HeadersJson), "headers", false, Some(r#"{"region": "eu"}"#.into())) }
                { number_field(w.ui(Ui::PriorityField), "priority", "0", Some("255"), false, None) }
                { number_field(w.ui(Ui::Expiration), "expiration_ms", "0", None, false, None) }
                { check_field(w.ui(Ui::PersistentCheck), "persistent", false) }
                { check_field("mandatory", "mandatory", false) }
                { check_field(w.ui(Ui::Confirms), "confirms", false) }
                { submit(w.ui(Ui::AddPublisher), None) }
                { shown("edit-add-publisher") }
            </form>
        </fieldset>
        </>
    }
}

/// Consumers.
pub(super) fn consumers(c: &Forms, s: &Setup) -> Html {
    let edit = c.edit();
    let w = c.w;
    let shown = |form: &'static str| c.shown(form);
    let remove_button = |what: Entity, name: String, make: Rc<dyn Fn() -> Edit>, form: &'static str| c.remove_button(what, name, make, form);
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
                    stream_offset: stream_offset(&text(&d, "x-stream-offset")),
                }))
            })();
            edit("edit-add-consumer", consumer);
        })
    };
    html! {
        <>
        <fieldset>
            <legend>{w.ui(Ui::Consumers)}</legend>
            <ul class="edit-list" data-kind="consumer">
                { for s.message.consumers.iter().map(|c| {
                    let n = c.name.clone();
                    let on_failure = serde_json::to_value(c.on_failure).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
                    html! { <li data-name={c.name.clone()}>
                        <span>{format!("{} ← {} · prefetch {} · {} · {} ms · {}‰ → {on_failure}{}", c.name, c.queue, c.prefetch,
                            if c.auto_ack { w.ui(Ui::AutoAck) } else { w.ui(Ui::ManualAck) }, c.processing_ms, c.failure_per_mille,
                            c.stream_offset.as_ref().map_or(String::new(), |o| format!(" · x-stream-offset {}", o.as_str().map_or_else(|| o.to_string(), str::to_string))))}</span>
                        { remove_button(Entity::Consumer, c.name.clone(), Rc::new(move || Edit::RemoveConsumer(n.clone())), "edit-add-consumer") }
                    </li> }
                }) }
            </ul>
            <form id="edit-add-consumer" class="edit-form" onsubmit={add_consumer}>
                { name_field(w.ui(Ui::Name)) }
                { select_field(w.ui(Ui::QueueField), "queue", choices(named(&queue_names))) }
                { number_field(w.ui(Ui::PrefetchField), "prefetch", "0", None, false, Some("1".into())) }
                { select_field(w.ui(Ui::Acknowledgement), "ack", choices([("manual", w.ui(Ui::ManualAck)), ("auto", w.ui(Ui::AutomaticAck))])) }
                { number_field(w.ui(Ui::ProcessingMs), "processing_ms", "0", None, false, Some("400".into())) }
                { number_field(w.ui(Ui::FailuresPerMille), "failure_per_mille", "0", Some("1000"), false, Some("0".into())) }
                { select_field(w.ui(Ui::OnFailure), "on_failure", choices([
                    ("nack_requeue", w.ui(Ui::NackRequeue)), ("reject", w.ui(Ui::RejectDeadLetter)), ("ack", w.ui(Ui::AckAnyway)),
                ])) }
                { text_field(w.ui(Ui::StreamOffsetField), "x-stream-offset", false, Some("first · last · next · 0".into())) }
                { submit(w.ui(Ui::AddConsumer), None) }
                { shown("edit-add-consumer") }
            </form>
        </fieldset>
        </>
    }
}

/// A stream consumer's `x-stream-offset` as typed: empty is none (RabbitMQ's `next`), a whole
/// number is a numeric offset, anything else a word (`first`, `last`, `next`, an interval)
/// that the model reads and, if it cannot, refuses with its own error.
fn stream_offset(typed: &str) -> Option<Value> {
    let typed = typed.trim();
    if typed.is_empty() {
        return None;
    }
    Some(typed.parse::<u64>().map_or_else(|_| Value::from(typed), Value::from))
}
