//! The inspector: the full state of whatever the learner clicked or chose with the keyboard
//! (a record, partition, broker, group, member or producer; an exchange, binding, queue,
//! message or consumer), read live from the model at every redraw. A subject the model no
//! longer holds (an acked message, a record past retention) says so instead of vanishing.
//!
//! Anything drawn with a `data-inspect` attribute is inspectable: `Subject::attr` writes it and
//! `Subject::parse` reads it back, so the views only add attributes and one delegated handler
//! (`on_inspect_click`, `on_inspect_key`) does the rest.

use std::cell::RefCell;
use std::rc::Rc;

use brokerlab_core::event_broker::BrokerId;
use brokerlab_core::Lang;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::message_act::MessageSim;
use crate::event_act::EventSim;
use crate::subject::Subject;
use crate::words::{Ui, Words, words};

/// Messages listed in a queue's inspector; the rest are counted.
pub const QUEUE_MESSAGES_SHOWN: usize = 30;


/// One line of the inspector: a stable field id (for tests and styling), label and value.
type Row = (&'static str, String, String);

/// An item of a list, optionally linking to another subject.
type Item = (String, Option<Subject>);

/// What the inspector found: rows, and lists (a stable id, a heading and items).
#[derive(Default)]
struct Details {
    rows: Vec<Row>,
    lists: Vec<(&'static str, String, Vec<Item>)>,
}

impl Details {
    fn row(&mut self, field: &'static str, label: &str, value: impl Into<String>) {
        self.rows.push((field, label.to_string(), value.into()));
    }
}

fn list_text<T: std::fmt::Display>(items: impl IntoIterator<Item = T>) -> String {
    let text: Vec<String> = items.into_iter().map(|i| i.to_string()).collect();
    if text.is_empty() { String::from("–") } else { text.join(", ") }
}

fn brokers_text(ids: &[BrokerId]) -> String {
    list_text(ids.iter().map(|b| format!("b{}", b.0)))
}

fn yes_no(value: bool, w: Words) -> String {
    String::from(if value { w.ui(Ui::Yes) } else { w.ui(Ui::No) })
}

fn ms_text(ms: Option<u64>, w: Words) -> String {
    match ms {
        Some(ms) => format!("{ms} ms"),
        None => w.ui(Ui::Unlimited).to_string(),
    }
}

fn serde_word(value: serde_json::Result<serde_json::Value>) -> String {
    value.ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

mod kafka;
mod rabbit;
mod share;

use kafka::kafka_details;
use rabbit::rabbit_details;

#[derive(Properties, Debug)]
pub struct InspectorProps {
    /// The event broker's simulation, when the view shows one.
    #[prop_or_default]
    pub event: Option<Rc<RefCell<EventSim>>>,
    /// The message broker's simulation, when the view shows one.
    #[prop_or_default]
    pub message: Option<Rc<RefCell<MessageSim>>>,
    pub subject: Option<Subject>,
    pub lang: Lang,
    pub on_close: Callback<()>,
}

impl PartialEq for InspectorProps {
    fn eq(&self, _: &Self) -> bool {
        // The simulations are mutated in place: always read them again.
        false
    }
}

/// The inspector panel. It keeps its size whatever it shows (it scrolls inside), so choosing
/// a subject never moves the rest of the page.
#[function_component(Inspector)]
pub fn inspector(props: &InspectorProps) -> Html {
    let w = words(props.lang);
    let heading = w.ui(Ui::Inspector);
    // A new subject starts at the top of the panel, wherever the last one was scrolled to.
    let panel = use_node_ref();
    {
        let panel = panel.clone();
        use_effect_with(props.subject.as_ref().map(Subject::attr), move |_| {
            if let Some(element) = panel.cast::<web_sys::Element>() {
                element.set_scroll_top(0);
            }
        });
    }
    let Some(subject) = &props.subject else {
        return html! {
            <section class="inspector empty" id="inspector" aria-label={heading} ref={panel}>
                <h2>{heading}</h2>
                <p class="hint">{w.ui(Ui::InspectorHint)}</p>
            </section>
        };
    };
    let details = if subject.is_kafka() {
        props.event.as_ref().and_then(|s| kafka_details(&s.borrow(), subject, w))
    } else {
        props.message.as_ref().and_then(|s| rabbit_details(&s.borrow(), subject, w))
    };
    let close = props.on_close.reform(|_: MouseEvent| ());
    html! {
        <section class={classes!("inspector", details.is_none().then_some("gone"))} id="inspector" aria-label={heading} ref={panel}
            data-subject={subject.attr()} aria-live="polite">
            <div class="inspector-head">
                <h2>{heading}</h2>
                <button type="button" class="dismiss" id="inspector-close" aria-label={w.ui(Ui::CloseInspector)} onclick={close}>{"×"}</button>
                <p class="inspector-title"><span class="kind">{subject.kind(w)}</span>{" "}<strong>{subject.title(w)}</strong></p>
            </div>
            { match details {
                None => html! {
                    <p class="gone-note" role="status">{w.ui(Ui::Gone)}</p>
                },
                Some(d) => html! {
                    <>
                        <dl class="fields">
                            { for d.rows.iter().map(|(field, label, value)| html! {
                                <div class="field" data-field={*field}><dt>{label}</dt><dd>{value}</dd></div>
                            }) }
                        </dl>
                        { for d.lists.iter().map(|(field, title, items)| html! {
                            <div class="inspector-list" data-list={*field}>
                                <h3>{title}</h3>
                                <ul>
                                    { for items.iter().map(|(text, link)| html! {
                                        <li>
                                            if let Some(link) = link {
                                                <button type="button" class="link" data-inspect={link.attr()}>{text}</button>
                                            } else {
                                                {text}
                                            }
                                        </li>
                                    }) }
                                </ul>
                            </div>
                        }) }
                    </>
                },
            } }
        </section>
    }
}

/// The subject of the element an event came from (its nearest `data-inspect` ancestor).
fn subject_at(target: Option<web_sys::EventTarget>) -> Option<Subject> {
    let element = target?.dyn_into::<web_sys::Element>().ok()?;
    let found = element.closest("[data-inspect]").ok()??;
    Subject::parse(&found.get_attribute("data-inspect")?)
}

/// A click anywhere in the views: inspects what carries `data-inspect`.
pub fn on_inspect_click(select: Callback<Subject>) -> Callback<MouseEvent> {
    Callback::from(move |e: MouseEvent| {
        if let Some(subject) = subject_at(e.target()) {
            select.emit(subject);
        }
    })
}

/// Enter or Space on a focused drawing element (`role="button"`) inspects it. Buttons get
/// their own click from the browser, so they are left alone; the key is consumed so Space does
/// not also play or pause.
pub fn on_inspect_key(select: Callback<Subject>) -> Callback<KeyboardEvent> {
    Callback::from(move |e: KeyboardEvent| {
        if e.key() != "Enter" && e.key() != " " {
            return;
        }
        let Some(element) = e.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else { return };
        if element.tag_name().eq_ignore_ascii_case("button") || !element.has_attribute("data-inspect") {
            return;
        }
        if let Some(subject) = element.get_attribute("data-inspect").and_then(|a| Subject::parse(&a)) {
            e.prevent_default();
            select.emit(subject);
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subjects_round_trip_through_their_attribute_even_with_slashes_in_names() {
        let all = [
            Subject::Record { topic: "or/ders".into(), partition: 2, offset: 17 },
            Subject::Partition { topic: "orders".into(), partition: 0 },
            Subject::Broker(3),
            Subject::Group("pay%ment".into()),
            Subject::Member { group: "payment".into(), member: 1 },
            Subject::Producer("shop".into()),
            Subject::ShareGroup("work/ers".into()),
            Subject::SharePartition { group: "workers".into(), partition: 2 },
            Subject::Exchange(String::new()),
            Subject::Binding { source: "orders".into(), destination: "work".into(), routing_key: "order.*/x".into() },
            Subject::Queue("dead-letters".into()),
            Subject::Message(42),
            Subject::Consumer("worker-1".into()),
        ];
        for subject in all {
            assert_eq!(Subject::parse(&subject.attr()), Some(subject.clone()), "{}", subject.attr());
        }
        assert_eq!(Subject::parse("record/orders/x/1"), None);
        assert_eq!(Subject::parse("nonsense"), None);
        assert_eq!(Subject::parse("queue/a/b"), None);
    }

    #[test]
    fn a_queue_shows_its_messages_and_a_gone_message_is_reported_gone() {
        use brokerlab_core::world::message::MessageCommand;
        let mut sim = MessageSim::new(&MessageSim::default_spec(), 400, 1).unwrap();
        sim.apply(MessageCommand::PauseConsumer { consumer: "auditor".into() }).unwrap();
        sim.apply(MessageCommand::Publish { publisher: "shop".into(), routing_key: Some("invoice.sent".into()) }).unwrap();
        let mut t = 0.0;
        sim.frame(t);
        while sim.side().broker().queue("audit").is_none_or(|q| q.ready_count() + q.unacked_count() == 0) {
            t += 100.0;
            sim.frame(t);
        }
        let q = rabbit_details(&sim, &Subject::Queue("audit".into()), words(Lang::En)).unwrap();
        let messages = &q.lists.iter().find(|l| l.0 == "messages").unwrap().2;
        assert_eq!(messages.len(), 1);
        let Some(Subject::Message(id)) = messages[0].1.clone() else { panic!("a message link") };
        let m = rabbit_details(&sim, &Subject::Message(id), words(Lang::En)).unwrap();
        let field = |f: &str| m.rows.iter().find(|r| r.0 == f).map(|r| r.2.clone());
        assert_eq!(field("routing-key").as_deref(), Some("\"invoice.sent\""));
        assert!(rabbit_details(&sim, &Subject::Message(id + 1_000), words(Lang::En)).is_none(), "an unknown message is gone");
    }

    fn run_to(sim: &mut MessageSim, ms: u64) {
        let mut t = sim.now().as_ms() as f64;
        sim.frame(t);
        while sim.now().as_ms() < ms {
            t += 50.0;
            sim.frame(t);
        }
    }

    #[test]
    fn ttl_remaining_counts_down_from_the_arrival_in_the_queue() {
        use brokerlab_core::world::message::MessageCommand;
        let spec = serde_json::from_str(r#"{
            "definitions": {"queues": [{"name": "q", "vhost": "/", "durable": true, "auto_delete": false, "arguments": {"x-message-ttl": 5000}}]},
            "publishers": [{"name": "p", "exchange": "", "routing_keys": ["q"]}]}"#).unwrap();
        let mut sim = MessageSim::new(&spec, 400, 1).unwrap();
        sim.apply(MessageCommand::Publish { publisher: "p".into(), routing_key: None }).unwrap();
        run_to(&mut sim, 1_000);
        let id = sim.side().broker().queue("q").unwrap().ready().next().unwrap().message.id.0;
        let field = |sim: &MessageSim, f: &str| {
            rabbit_details(sim, &Subject::Message(id), words(Lang::En)).and_then(|d| d.rows.iter().find(|r| r.0 == f).map(|r| r.2.clone()))
        };
        // Published at 0, in the queue at 400 (the link), so it expires at 5400.
        assert_eq!(field(&sim, "ttl-remaining").as_deref(), Some(format!("{} ms", 5_400 - sim.now().as_ms()).as_str()));
        run_to(&mut sim, 5_500);
        assert!(rabbit_details(&sim, &Subject::Message(id), words(Lang::En)).is_none(), "expired: gone");
        let q = rabbit_details(&sim, &Subject::Queue("q".into()), words(Lang::En)).unwrap();
        assert_eq!(q.rows.iter().find(|r| r.0 == "ttl").map(|r| r.2.as_str()), Some("5000 ms"));
    }

    /// A stream's inspector (R21): the offsets kept once retention removed whole segments,
    /// its segments, its retention settings, each reader's next offset, and its newest
    /// messages by offset; no ready or unacked counts (reading removes nothing).
    #[test]
    fn a_stream_shows_its_offsets_segments_retention_and_readers() {
        use brokerlab_core::world::message::MessageCommand;
        let spec = serde_json::from_str(r#"{
            "definitions": {"queues": [{"name": "s", "vhost": "/", "durable": true, "auto_delete": false,
              "arguments": {"x-queue-type": "stream", "x-max-length-bytes": 60, "x-stream-max-segment-size-bytes": 30}}]},
            "publishers": [{"name": "p", "exchange": "", "routing_keys": ["s"]}],
            "consumers": [{"name": "r", "queue": "s", "prefetch": 5, "processing_ms": 10, "stream_offset": "first"}]}"#).unwrap();
        let mut sim = MessageSim::new(&spec, 100, 1).unwrap();
        sim.apply(MessageCommand::Flood { publisher: "p".into(), count: 30 }).unwrap();
        run_to(&mut sim, 5_000);
        let q = rabbit_details(&sim, &Subject::Queue("s".into()), words(Lang::En)).unwrap();
        let field = |f: &str| q.rows.iter().find(|r| r.0 == f).map(|r| r.2.clone()).unwrap_or_else(|| panic!("row {f}: {:?}", q.rows));
        let stream = sim.side().broker().queue("s").unwrap().stream().unwrap();
        let (first, next) = (stream.log.first_offset(), stream.log.next_offset());
        assert!(first > 0 && next == 30, "retention removed whole segments: {first}–{next}");
        assert_eq!(field("first-offset"), first.to_string());
        assert_eq!(field("next-offset"), "30");
        assert!(field("segments").starts_with(&format!("{} · {first}–", stream.log.segments().count())), "{}", field("segments"));
        assert_eq!(field("max-length-bytes"), "60 B");
        assert_eq!(field("max-segment-size"), "30 B");
        assert_eq!(field("readers"), "r 30");
        assert!(q.rows.iter().all(|r| r.0 != "ready" && r.0 != "unacked"));
        let log = &q.lists.iter().find(|l| l.0 == "log").unwrap().2;
        assert!(log[0].0.starts_with("29 "), "newest first: {:?}", log[0]);
        let c = rabbit_details(&sim, &Subject::Consumer("r".into()), words(Lang::En)).unwrap();
        let row = |f: &str| c.rows.iter().find(|r| r.0 == f).map(|r| r.2.clone());
        assert_eq!((row("stream-offset").as_deref(), row("next-offset").as_deref()), (Some("\"first\""), Some("30")));
    }

    #[test]
    fn a_record_past_retention_is_gone_and_its_partition_says_where_the_log_starts() {
        use brokerlab_core::{Command, Scenario};
        let scenario = Scenario::from_json(r#"{"version": 1, "seed": 1, "link_ms": 100, "event_broker": {
            "log_retention_check_interval_ms": 500,
            "topics": [{"name": "t", "partitions": 1, "config": {"segment.ms": 1000, "retention.ms": 2000}}],
            "producers": [{"name": "p", "topic": "t"}]}}"#).unwrap();
        let mut sim = EventSim::new(&scenario).unwrap();
        sim.apply(Command::Produce { producer: "p".into(), key: Some("old".into()), value: None }).unwrap();
        let record = Subject::Record { topic: "t".into(), partition: 0, offset: 0 };
        let mut t = 0.0;
        sim.frame(t);
        while sim.now().as_ms() < 500 {
            t += 50.0;
            sim.frame(t);
        }
        let d = kafka_details(&sim, &record, words(Lang::En)).expect("held");
        assert_eq!(d.rows.iter().find(|r| r.0 == "key").map(|r| r.2.as_str()), Some("old"));
        // A later record rolls a new segment, and retention deletes the old closed one.
        while sim.now().as_ms() < 1_500 {
            t += 50.0;
            sim.frame(t);
        }
        sim.apply(Command::Produce { producer: "p".into(), key: Some("new".into()), value: None }).unwrap();
        while sim.world().view().event_broker().topic("t").unwrap().partitions()[0].log_start().0 == 0 && sim.now().as_ms() < 20_000 {
            t += 50.0;
            sim.frame(t);
        }
        assert!(kafka_details(&sim, &record, words(Lang::En)).is_none(), "past retention: gone");
        let p = kafka_details(&sim, &Subject::Partition { topic: "t".into(), partition: 0 }, words(Lang::En)).unwrap();
        assert_eq!(p.rows.iter().find(|r| r.0 == "log-start").map(|r| r.2.as_str()), Some("1"));
        assert_eq!(p.rows.iter().find(|r| r.0 == "retention-ms").map(|r| r.2.as_str()), Some("2000 ms"));
    }

    /// A consumer-protocol group (KIP-848) shows its group and target epochs and, per member,
    /// its own epoch and reconciliation state: after member 2 joins at 10 s some member is
    /// for a while behind the group epoch, and later every member is STABLE at it.
    #[test]
    fn a_consumer_protocol_group_shows_epochs_and_reconciliation() {
        use brokerlab_core::Scenario;
        let scenario = Scenario::from_json(include_str!("../../../core/tests/data/consumer_protocol.json")).unwrap();
        let mut sim = EventSim::new(&scenario).unwrap();
        let row = |sim: &EventSim, subject: &Subject, f: &str| {
            kafka_details(sim, subject, words(Lang::En)).and_then(|d| d.rows.iter().find(|r| r.0 == f).map(|r| r.2.clone()))
        };
        let group = Subject::Group("billing".into());
        let member = |m: u32| Subject::Member { group: "billing".into(), member: m };
        let (mut t, mut behind) = (0.0, None);
        sim.frame(t);
        while sim.now().as_ms() < 25_000 {
            t += 50.0;
            sim.frame(t);
            let epoch = row(&sim, &group, "group-epoch").expect("a group epoch row");
            for m in 0..3 {
                if let Some(e) = row(&sim, &member(m), "member-epoch").filter(|e| {
                    // A member in the group (epoch above 0) at an older epoch than the group's.
                    let mut parts = e.split(" / ").map(|x| x.parse::<u32>().unwrap());
                    let (own, group) = (parts.next().unwrap(), parts.next().unwrap());
                    own > 0 && own < group
                }) {
                    behind.get_or_insert((m, e, epoch.clone()));
                }
            }
        }
        let (m, e, at) = behind.expect("a member behind the group epoch for a while");
        eprintln!("m{m} was at {e} while the group was at epoch {at}");
        assert!(row(&sim, &group, "generation").is_none(), "epochs, not generations");
        assert_eq!(row(&sim, &group, "protocol").as_deref(), Some("consumer (KIP-848)"));
        let epoch = row(&sim, &group, "group-epoch").unwrap();
        assert_eq!(row(&sim, &group, "target-epoch"), Some(epoch.clone()));
        for m in 0..3 {
            assert_eq!(row(&sim, &member(m), "member-epoch"), Some(format!("{epoch} / {epoch}")), "m{m}");
            assert_eq!(row(&sim, &member(m), "reconciliation").as_deref(), Some("STABLE"), "m{m}");
        }
    }
}
