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

use brokerlab_core::event_broker::{BrokerId, Offset, PartitionIndex};
use brokerlab_core::message_broker::exchange::Destination;
use brokerlab_core::message_broker::headers::{self, XMatch};
use brokerlab_core::message_broker::queue::Queued;
use brokerlab_core::world::message::Settle;
use brokerlab_core::Lang;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::message_act::MessageSim;
use crate::event_act::EventSim;
use crate::event_view::state_words;
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


/// The event broker's subjects, read from the world and its scenario. `None`: gone.
fn kafka_details(sim: &EventSim, subject: &Subject, w: Words) -> Option<Details> {
    let view = sim.world().view();
    let broker = view.event_broker();
    let scenario = sim.scenario();
    let mut d = Details::default();
    match subject {
        Subject::Record { topic, partition, offset } => {
            let index = PartitionIndex(*partition);
            let t_ = broker.topic(topic)?;
            let log = t_.partition(index)?;
            let record = log.record(Offset(*offset))?;
            d.row("topic", w.ui(Ui::Topic), topic.clone());
            d.row("partition", w.ui(Ui::Partition), partition.to_string());
            d.row("offset", w.ui(Ui::Offset), offset.to_string());
            d.row("key", w.ui(Ui::KeyField), record.key.as_deref().unwrap_or(w.ui(Ui::NoneValue)).to_string());
            d.row("value", w.ui(Ui::Value), record.value.as_deref().unwrap_or(w.ui(Ui::NoneValue)).to_string());
            d.row("timestamp", w.ui(Ui::Timestamp), record.timestamp.to_string());
            let committed = record.offset < log.high_watermark();
            d.row("visible", w.ui(Ui::BelowHighWatermark), yes_no(committed, w));
            if let Some(r) = view.replication(topic, index) {
                let holders: Vec<BrokerId> = r
                    .replicas
                    .iter()
                    .copied()
                    .filter(|b| match r.followers.get(b) {
                        Some(f) => f.log.record(record.offset).is_some_and(|x| x.id == record.id),
                        None => *b == r.holder,
                    })
                    .collect();
                d.row("replicas", w.ui(Ui::ReplicasHolding), brokers_text(&holders));
            }
            let mut committed_by = Vec::new();
            let mut fetched_by = Vec::new();
            for g in view.groups() {
                if view.committed(g.name, topic, index).is_some_and(|c| c > record.offset) {
                    committed_by.push(g.name.to_string());
                }
                for m in &g.members {
                    let past = m.positions.iter().any(|((ti, p), o)| {
                        broker.topics().get(*ti).is_some_and(|x| x.name().as_ref() == topic.as_str()) && *p == index && *o > record.offset
                    });
                    if past {
                        fetched_by.push(format!("{} m{}", g.name, m.index));
                    }
                }
            }
            d.row("committed-by", w.ui(Ui::CommittedBy), list_text(committed_by));
            d.row("fetched-by", w.ui(Ui::FetchedBy), list_text(fetched_by));
        }
        Subject::Partition { topic, partition } => {
            let index = PartitionIndex(*partition);
            let t_ = broker.topic(topic)?;
            let log = t_.partition(index)?;
            d.row("log-start", w.ui(Ui::LogStart), log.log_start().0.to_string());
            d.row("hw", w.ui(Ui::HighWatermark), log.high_watermark().0.to_string());
            d.row("leo", w.ui(Ui::LogEnd), log.log_end().0.to_string());
            if let Some(r) = t_.replication(index) {
                d.row("leader", w.ui(Ui::Leader), r.leader.map_or_else(|| String::from(w.ui(Ui::NoLeader)), |b| format!("b{}", b.0)));
                d.row("replicas", w.ui(Ui::Replicas), brokers_text(&r.replicas));
                d.row("isr", "ISR", brokers_text(&r.isr));
                d.row("epoch", w.ui(Ui::LeaderEpoch), r.epoch.to_string());
                for (b, f) in &r.followers {
                    d.rows.push(("follower", format!("{} b{}", w.ui(Ui::FollowerLeo), b.0), f.log.log_end().0.to_string()));
                }
            }
            let segments = log.segments();
            d.row("segments", w.ui(Ui::Segments), format!("{} ({} {})", segments.len(), w.ui(Ui::Bases), list_text(segments.iter().map(|s| s.base_offset().0))));
            d.row("size", w.ui(Ui::Size), format!("{} B", log.size_bytes()));
            let c = log.config();
            d.row("cleanup", "cleanup.policy", c.cleanup_policy.as_str().to_string());
            d.row("retention-ms", "retention.ms", ms_text(c.retention_ms, w));
            d.row("retention-bytes", "retention.bytes", c.retention_bytes.map_or_else(|| String::from(w.ui(Ui::Unlimited)), |b| format!("{b} B")));
            d.row("segment-ms", "segment.ms", format!("{} ms", c.segment_ms));
            let lags: Vec<String> = view
                .groups()
                .map(|g| {
                    let committed = view.committed(g.name, topic, index).map_or(String::from("–"), |o| o.0.to_string());
                    format!("{} {committed} ({} {})", g.name, w.ui(Ui::Lag), view.lag(g.name, topic, index).unwrap_or(0))
                })
                .collect();
            d.row("groups", w.ui(Ui::CommittedPerGroup), list_text(lags));
        }
        Subject::Broker(id) => {
            let (_, alive) = view.brokers().find(|(b, _)| b.0 == *id)?;
            d.row("state", w.ui(Ui::State), if alive { w.ui(Ui::Up) } else { w.ui(Ui::Down) });
            let mut leads = Vec::new();
            let mut follows = Vec::new();
            for topic in broker.topics() {
                for p in 0..topic.partition_count() {
                    let Some(r) = topic.replication(PartitionIndex(p)) else { continue };
                    let name = format!("{} P{p}", topic.name());
                    if r.leader == Some(BrokerId(*id)) {
                        leads.push(name);
                    } else if r.replicas.contains(&BrokerId(*id)) {
                        let sync = if r.in_sync(BrokerId(*id)) { "" } else { w.ui(Ui::OutOfSync) };
                        follows.push(format!("{name}{sync}"));
                    }
                }
            }
            d.row("leads", w.ui(Ui::Leads), list_text(leads));
            d.row("follows", w.ui(Ui::Follows), list_text(follows));
        }
        Subject::Group(name) => {
            let g = view.groups().find(|g| g.name.as_ref() == name.as_str())?;
            let spec = scenario.event_broker.groups.iter().find(|s| &s.name == name);
            if let Some(spec) = spec {
                let assignor = serde_word(serde_json::to_value(spec.assignor));
                let protocol = if assignor == "cooperative-sticky" { w.ui(Ui::Cooperative) } else { w.ui(Ui::Eager) };
                d.row("assignor", w.ui(Ui::Assignor), assignor);
                d.row("protocol", w.ui(Ui::RebalanceProtocol), protocol.to_string());
                d.row("topics", w.ui(Ui::Topics), list_text(&spec.topics));
            }
            d.row("generation", w.ui(Ui::Generation), g.generation.to_string());
            d.row("state", w.ui(Ui::State), String::from(if g.rebalancing { w.ui(Ui::Rebalancing) } else { w.ui(Ui::Stable) }));
            d.row("members", w.ui(Ui::Members), list_text(g.members.iter().map(|m| format!("m{} ({})", m.index, state_words(m.state, w)))));
            let mut offsets = Vec::new();
            for topic in broker.topics() {
                for p in 0..topic.partition_count() {
                    let index = PartitionIndex(p);
                    if let Some(c) = view.committed(name, topic.name(), index) {
                        let lag = view.lag(name, topic.name(), index).unwrap_or(0);
                        offsets.push((
                            format!("{} P{p}: {} {} · {} {lag}", topic.name(), w.ui(Ui::Committed), c.0, w.ui(Ui::Lag)),
                            Some(Subject::Partition { topic: topic.name().to_string(), partition: p }),
                        ));
                    }
                }
            }
            d.lists.push(("offsets", w.ui(Ui::CommittedOffsets).to_string(), offsets));
        }
        Subject::Member { group, member } => {
            let g = view.groups().find(|g| g.name.as_ref() == group.as_str())?;
            let m = g.members.iter().find(|m| m.index == *member)?;
            let spec = scenario.event_broker.groups.iter().find(|s| &s.name == group);
            let topic_name = |ti: usize| broker.topics().get(ti).map_or_else(String::new, |x| x.name().to_string());
            d.row("state", w.ui(Ui::State), state_words(m.state, w));
            d.row("in-group", w.ui(Ui::InGroup), yes_no(m.in_group, w));
            d.row("generation", w.ui(Ui::Generation), m.generation.to_string());
            d.row("assignment", w.ui(Ui::Assignment), list_text(m.assigned.iter().map(|(ti, p)| format!("{} P{}", topic_name(*ti), p.0))));
            d.row("positions", w.ui(Ui::NextFetchOffsets), list_text(m.positions.iter().map(|((ti, p), o)| format!("{} P{} @{}", topic_name(*ti), p.0, o.0))));
            d.row("static-id", w.ui(Ui::StaticId), m.instance_id.as_deref().unwrap_or("–").to_string());
            d.row("busy", w.ui(Ui::ProcessingNow), yes_no(m.busy, w));
            if let Some(spec) = spec {
                d.row("processing-ms", w.ui(Ui::ProcessingPerRecord), format!("{} ms", spec.processing_ms));
                d.row("max-poll", "max.poll.records", spec.max_poll_records.to_string());
                let auto = if spec.enable_auto_commit {
                    format!("{} ({} {} ms)", yes_no(true, w), w.ui(Ui::CommitEvery), spec.auto_commit_interval_ms)
                } else {
                    yes_no(false, w)
                };
                d.row("auto-commit", "enable.auto.commit", auto);
            }
        }
        Subject::Producer(name) => {
            let p = view.producers().find(|p| p.name.as_ref() == name.as_str())?;
            let spec = scenario.event_broker.producers.iter().find(|s| &s.name == name);
            d.row("topic", w.ui(Ui::Topic), p.topic.to_string());
            if let Some(spec) = spec {
                d.row("partitioner", w.ui(Ui::Partitioner), serde_word(serde_json::to_value(spec.partitioner)));
                d.row("ignore-keys", "partitioner.ignore.keys", yes_no(spec.partitioner_ignore_keys, w));
                d.row("acks", "acks", serde_word(serde_json::to_value(spec.acks)));
                d.row("batch-size", "batch.size", format!("{} B", spec.batch_size));
            }
            d.row("rate", w.ui(Ui::Rate), p.every_ms.map_or_else(|| String::from(w.ui(Ui::OnCommandOnly)), |ms| format!("{} {ms} ms", w.ui(Ui::OneEvery))));
            d.row("keys", w.ui(Ui::KeysInTurn), list_text(p.keys.iter()));
        }
        _ => return None,
    }
    Some(d)
}

fn settle_word(settle: Settle) -> &'static str {
    match settle {
        Settle::Ack => "ack",
        Settle::NackRequeue => "nack (requeue)",
        Settle::Reject => "reject",
    }
}

/// Where copies of a message are: (queue, the queued copy, unacked?).
fn copies(sim: &MessageSim, id: u64) -> Vec<(String, &Queued, bool)> {
    let mut found = Vec::new();
    for q in sim.side().broker().queues() {
        for m in q.ready().filter(|m| m.message.id.0 == id) {
            found.push((q.name().to_string(), m, false));
        }
        for m in q.unacked().filter(|m| m.message.id.0 == id) {
            found.push((q.name().to_string(), m, true));
        }
    }
    found
}

/// The message broker's subjects. `None`: gone.
fn rabbit_details(sim: &MessageSim, subject: &Subject, w: Words) -> Option<Details> {
    let side = sim.side();
    let broker = side.broker();
    let now = sim.now();
    let mut d = Details::default();
    match subject {
        Subject::Exchange(name) => {
            let x = broker.exchange(name)?;
            d.row("type", w.ui(Ui::Type), x.kind().as_str().to_string());
            d.row("durable", w.ui(Ui::Durable), yes_no(x.durable(), w));
            d.row("auto-delete", "auto_delete", yes_no(x.auto_delete(), w));
            d.row("internal", w.ui(Ui::Internal), yes_no(x.internal(), w));
            d.row("alternate", "alternate-exchange", x.alternate_exchange().unwrap_or("–").to_string());
            let bindings = x
                .bindings()
                .iter()
                .map(|b| {
                    let dest = b.destination.name().to_string();
                    let rule = if b.arguments.is_empty() {
                        format!("\"{}\"", b.routing_key)
                    } else {
                        list_text(b.arguments.iter().map(|(k, v)| format!("{k}={}", headers::to_json(v))))
                    };
                    (format!("→ {dest} {rule}"), Some(Subject::Binding { source: name.clone(), destination: dest, routing_key: b.routing_key.to_string() }))
                })
                .collect();
            d.lists.push(("bindings", w.ui(Ui::BindingsFromIt).to_string(), bindings));
        }
        Subject::Binding { source, destination, routing_key } => {
            let x = broker.exchange(source)?;
            let matching: Vec<_> = x
                .bindings()
                .iter()
                .filter(|b| b.destination.name().as_ref() == destination.as_str() && b.routing_key.as_ref() == routing_key.as_str())
                .collect();
            let first = matching.first()?;
            d.row("source", w.ui(Ui::SourceExchange), format!("{source} ({})", x.kind().as_str()));
            let kind = if matches!(first.destination, Destination::Queue(_)) { w.ui(Ui::QueueWord) } else { w.ui(Ui::ExchangeWord) };
            d.row("destination", w.ui(Ui::Destination), format!("{destination} ({kind})"));
            d.row("routing-key", w.ui(Ui::RoutingKeyField), format!("\"{routing_key}\""));
            for b in &matching {
                if x.kind().as_str() == "headers" {
                    let mode = XMatch::from_arguments(&b.arguments).map_or_else(|_| String::from("?"), |m| format!("{m:?}").to_lowercase());
                    d.row("x-match", "x-match", mode);
                }
                let rule: Vec<String> = b
                    .arguments
                    .iter()
                    .filter(|(k, _)| k.as_ref() != "x-match")
                    .map(|(k, v)| format!("{k} = {}", headers::to_json(v)))
                    .collect();
                if !rule.is_empty() {
                    d.row("arguments", w.ui(Ui::HeaderRule), rule.join(", "));
                }
            }
            let meaning = match x.kind().as_str() {
                "fanout" => w.ui(Ui::MatchFanout),
                "topic" => w.ui(Ui::MatchTopic),
                "headers" => w.ui(Ui::MatchHeaders),
                _ => w.ui(Ui::MatchDirect),
            };
            d.row("rule", w.ui(Ui::HowItMatches), meaning.to_string());
        }
        Subject::Queue(name) => {
            let q = broker.queue(name)?;
            let a = q.arguments();
            d.row("type", w.ui(Ui::Type), format!("{:?}", q.queue_type()).to_lowercase());
            d.row("durable", w.ui(Ui::Durable), yes_no(q.durable(), w));
            d.row("ready", w.ui(Ui::Ready), q.ready_count().to_string());
            d.row("unacked", w.ui(Ui::Unacked), q.unacked_count().to_string());
            d.row("ttl", "x-message-ttl", ms_text(a.message_ttl_ms, w));
            d.row("max-length", "x-max-length", a.max_length.map_or_else(|| String::from("–"), |n| n.to_string()));
            d.row("overflow", "x-overflow", a.overflow.as_str().to_string());
            d.row("dlx", "x-dead-letter-exchange", a.dead_letter_exchange.as_deref().unwrap_or("–").to_string());
            d.row("dlrk", "x-dead-letter-routing-key", a.dead_letter_routing_key.as_deref().unwrap_or("–").to_string());
            d.row("max-priority", "x-max-priority", a.max_priority.map_or_else(|| String::from("–"), |n| n.to_string()));
            if let Some(expires) = a.expires_ms {
                d.row("expires", "x-expires", format!("{expires} ms"));
            }
            let consumers: Vec<String> = side.consumer_details().filter(|c| c.queue.as_ref() == name.as_str()).map(|c| c.name.to_string()).collect();
            d.row("consumers", w.ui(Ui::ConsumersField), list_text(consumers));
            let mut messages: Vec<Item> = Vec::new();
            for m in q.ready().take(QUEUE_MESSAGES_SHOWN) {
                let redelivered = if m.redelivered { w.ui(Ui::RedeliveredSuffix) } else { "" };
                let priority = m.message.properties.priority.map_or_else(String::new, |p| format!(" · {} {p}", w.ui(Ui::Priority)));
                messages.push((
                    format!("#{} {} \"{}\" · {}{priority}{redelivered}", m.position, m.message.id, m.message.routing_key, w.ui(Ui::Ready)),
                    Some(Subject::Message(m.message.id.0)),
                ));
            }
            let shown_ready = messages.len();
            for m in q.unacked().take(QUEUE_MESSAGES_SHOWN.saturating_sub(shown_ready)) {
                let holder = side
                    .consumer_details()
                    .find_map(|c| c.unacked.iter().find(|(_, id, qn)| *id == m.message.id && qn.as_ref() == name.as_str()).map(|(tag, ..)| format!("{} tag {}", c.name, tag.0)))
                    .unwrap_or_default();
                messages.push((
                    format!("#{} {} \"{}\" · {} {holder}", m.position, m.message.id, m.message.routing_key, w.ui(Ui::Unacked)),
                    Some(Subject::Message(m.message.id.0)),
                ));
            }
            let total = q.ready_count() + q.unacked_count();
            let heading = if total > messages.len() {
                format!("{} ({} / {total})", w.ui(Ui::MessagesByPosition), messages.len())
            } else {
                w.ui(Ui::MessagesByPosition).to_string()
            };
            d.lists.push(("messages", heading, messages));
        }
        Subject::Message(id) => {
            let found = copies(sim, *id);
            let (_, first, _) = found.first()?;
            let m = &first.message;
            d.row("exchange", w.ui(Ui::PublishedTo), if m.exchange.is_empty() { w.ui(Ui::DefaultExchangeName).to_string() } else { m.exchange.to_string() });
            d.row("routing-key", w.ui(Ui::RoutingKeyField), format!("\"{}\"", m.routing_key));
            d.row("persistent", w.ui(Ui::Persistent), yes_no(m.is_persistent(), w));
            d.row("priority", w.ui(Ui::Priority), m.properties.priority.map_or_else(|| String::from("–"), |p| p.to_string()));
            d.row("expiration", "expiration", m.properties.expiration_ms.map_or_else(|| String::from("–"), |ms| format!("{ms} ms")));
            d.row("published-at", w.ui(Ui::PublishedAt), m.published_at.to_string());
            for (queue, copy, unacked) in &found {
                let mut state = if *unacked { w.ui(Ui::Unacked).to_string() } else { w.ui(Ui::Ready).to_string() };
                if *unacked {
                    for c in side.consumer_details() {
                        if let Some((tag, ..)) = c.unacked.iter().find(|(_, mid, qn)| mid.0 == *id && qn.as_ref() == queue.as_str()) {
                            state = format!("{state} · {} {} · delivery tag {}", w.ui(Ui::DeliveredTo), c.name, tag.0);
                        }
                    }
                }
                d.rows.push(("copy", format!("{} {queue}", w.ui(Ui::InQueue)), format!("#{} · {state}", copy.position)));
                d.rows.push(("redelivered", format!("{} ({queue})", w.ui(Ui::Redelivered)), yes_no(copy.redelivered, w)));
                let ttl = match copy.expires_at {
                    Some(at) => format!("{} ms", at.as_ms().saturating_sub(now.as_ms())),
                    None => String::from(w.ui(Ui::NoTtl)),
                };
                d.rows.push(("ttl-remaining", format!("{} ({queue})", w.ui(Ui::TtlRemaining)), ttl));
            }
            let mut headers: Vec<Item> = m
                .properties
                .headers
                .iter()
                .map(|(k, v)| (format!("{k} = {}", headers::to_json(v)), None))
                .collect();
            if headers.is_empty() {
                headers.push((w.ui(Ui::NoPublisherHeaders).to_string(), None));
            }
            d.lists.push(("headers", w.ui(Ui::Headers).to_string(), headers));
            if !m.deaths.is_empty() {
                let deaths = m
                    .deaths
                    .iter()
                    .map(|death| {
                        let table = death.to_table();
                        (list_text(table.iter().map(|(k, v)| format!("{k}: {}", headers::to_json(v)))), None)
                    })
                    .collect();
                d.lists.push(("x-death", String::from("x-death"), deaths));
            }
        }
        Subject::Consumer(name) => {
            let c = side.consumer_details().find(|c| c.name.as_ref() == name.as_str())?;
            d.row("queue", w.ui(Ui::QueueWord), c.queue.to_string());
            d.row("state", w.ui(Ui::State), w.consumer_state(c.state));
            d.row("prefetch", w.ui(Ui::Prefetch), if c.prefetch == 0 { String::from(w.ui(Ui::Unlimited)) } else { c.prefetch.to_string() });
            d.row("ack-mode", w.ui(Ui::AckMode), String::from(if c.auto_ack { w.ui(Ui::Automatic) } else { w.ui(Ui::Manual) }));
            d.row("unacked-tags", w.ui(Ui::UnackedTags), list_text(c.unacked.iter().map(|(tag, m, _)| format!("{} ({m})", tag.0))));
            d.row("channel", w.ui(Ui::Channel), c.channel.map_or_else(|| String::from("–"), |ch| format!("{}.{}", ch.connection, ch.number)));
            d.row("busy", w.ui(Ui::ProcessingNow), yes_no(c.busy, w));
            d.row("inbox", w.ui(Ui::WaitingInClient), c.inbox.to_string());
            d.row("processing-ms", w.ui(Ui::ProcessingTime), format!("{} ms", c.processing_ms));
            d.row("failures", w.ui(Ui::Failures), format!("{}‰ → {}", c.failure_per_mille, settle_word(c.on_failure)));
        }
        _ => return None,
    }
    Some(d)
}

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
}
