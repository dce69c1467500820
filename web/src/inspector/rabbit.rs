//! The inspector's rows for the message broker's subjects: exchanges, bindings, queues,
//! messages and consumers.

use brokerlab_core::message_broker::exchange::Destination;
use brokerlab_core::message_broker::headers::{self, XMatch};
use brokerlab_core::message_broker::queue::{Queued, StreamState};
use brokerlab_core::world::message::Settle;
use brokerlab_core::SimTime;

use super::{Details, Item, QUEUE_MESSAGES_SHOWN, list_text, ms_text, yes_no};
use crate::message_act::MessageSim;
use crate::subject::Subject;
use crate::words::{Ui, Words};

/// A message's rows: how it was published, every copy of it in a queue (ready or unacked, to
/// whom, redelivered, its TTL), its headers and its `x-death` history.
fn message_rows(d: &mut Details, sim: &MessageSim, id: u64, now: SimTime, w: Words) -> Option<()> {
    let side = sim.side();
    let id = &id;
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
    Some(())
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

/// A queue's rows: its type and where it lives, its arguments, its consumers and messages (a
/// stream's own rows instead of ready and unacked ones).
fn queue_rows(d: &mut Details, side: &brokerlab_core::world::message::MessageSide, name: &str, w: Words) -> Option<()> {
    let broker = side.broker();
    let q = broker.queue(name)?;
    let a = q.arguments();
    d.row("type", w.ui(Ui::Type), format!("{:?}", q.queue_type()).to_lowercase());
    d.row("durable", w.ui(Ui::Durable), yes_no(q.durable(), w));
    // Where it lives (R20): a quorum queue's members, leader and Raft term; a classic
    // queue's node, when the cluster has more than one.
    let cluster = broker.cluster();
    let node = |n: brokerlab_core::message_broker::cluster::NodeId| {
        if cluster.is_running(n) { format!("n{}", n.0) } else { format!("n{} ({})", n.0, w.ui(Ui::Down)) }
    };
    match q.placement().replicas() {
        Some(r) => {
            d.row("leader", w.ui(Ui::Leader), r.leader().map_or_else(|| String::from(w.ui(Ui::NoLeader)), node));
            d.row("members", w.ui(Ui::Replicas), list_text(r.members().iter().map(|m| node(*m))));
            d.row("term", "term", r.term().to_string());
            let limit = a.delivery_limit.map_or_else(|| String::from("–"), |n| n.to_string());
            d.row("delivery-limit", "x-delivery-limit", limit);
        }
        None if cluster.size() > 1 => {
            if let Some(home) = q.placement().home() {
                d.row("node", w.ui(Ui::Node), node(home));
            }
        }
        None => {}
    }
    if let Some(stream) = q.stream() {
        stream_rows(d, side, stream, w);
        let consumers: Vec<String> = side.consumer_details().filter(|c| c.queue.as_ref() == name).map(|c| c.name.to_string()).collect();
        d.row("consumers", w.ui(Ui::ConsumersField), list_text(consumers));
        return Some(());
    }
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
    let consumers: Vec<String> = side.consumer_details().filter(|c| c.queue.as_ref() == name).map(|c| c.name.to_string()).collect();
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
            .find_map(|c| c.unacked.iter().find(|(_, id, qn)| *id == m.message.id && qn.as_ref() == name).map(|(tag, ..)| format!("{} tag {}", c.name, tag.0)))
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
    Some(())
}

/// A stream's rows (R21): the offsets its log keeps, its segments, its retention settings
/// (rabbitmq-website `streams.md`, "Data Retention": whole segments go, oldest first), each
/// reader's next offset, and its newest messages by offset. A stream has no ready or unacked
/// messages (reading removes nothing) and refuses a classic queue's arguments, so those rows
/// are left out.
fn stream_rows(d: &mut Details, side: &brokerlab_core::world::message::MessageSide, stream: &StreamState, w: Words) {
    let log = &stream.log;
    d.row("first-offset", w.ui(Ui::StreamFirstOffset), log.first_offset().to_string());
    d.row("next-offset", w.ui(Ui::StreamNextOffset), log.next_offset().to_string());
    let segments: Vec<String> = log.segments().map(|s| format!("{}–{} ({} B)", s.first_offset, s.next_offset.saturating_sub(1), s.bytes)).collect();
    d.row("segments", w.ui(Ui::Segments), format!("{} · {}", segments.len(), list_text(segments)));
    let settings = log.settings();
    let bytes = |b: Option<u64>| b.map_or_else(|| String::from(w.ui(Ui::Unlimited)), |b| format!("{b} B"));
    d.row("max-length-bytes", "x-max-length-bytes", bytes(settings.max_length_bytes));
    d.row("max-age", "x-max-age", ms_text(settings.max_age_ms, w));
    d.row("max-segment-size", "x-stream-max-segment-size-bytes", format!("{} B", settings.max_segment_size_bytes));
    let readers = side.consumer_details().filter_map(|c| {
        let channel = c.channel?;
        let next = stream.readers.iter().find(|((ch, _), _)| *ch == channel).map(|(_, next)| *next)?;
        Some(format!("{} {next}", c.name))
    });
    d.row("readers", w.ui(Ui::StreamReaders), list_text(readers));
    let newest: Vec<Item> = (log.first_offset()..log.next_offset())
        .rev()
        .filter_map(|offset| log.entry(offset))
        .take(QUEUE_MESSAGES_SHOWN)
        .map(|e| (format!("{} {} \"{}\"", e.offset, e.message.id, e.message.routing_key), None))
        .collect();
    d.lists.push(("log", w.ui(Ui::StreamLogNewest).to_string(), newest));
}

/// The message broker's subjects. `None`: gone.
pub(super) fn rabbit_details(sim: &MessageSim, subject: &Subject, w: Words) -> Option<Details> {
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
        Subject::Queue(name) => queue_rows(&mut d, side, name, w)?,
        Subject::Message(id) => message_rows(&mut d, sim, *id, now, w)?,
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
            // A stream consumer (R21): where it asked to start, and where it reads next.
            if let Some(stream) = broker.queue(c.queue).and_then(|q| q.stream()) {
                let offset = c.arguments.get("x-stream-offset").map_or_else(|| String::from("next"), |v| headers::to_json(v).to_string());
                d.row("stream-offset", "x-stream-offset", offset);
                let next = c.channel.and_then(|ch| stream.readers.iter().find(|((reader, _), _)| *reader == ch).map(|(_, next)| next.to_string()));
                d.row("next-offset", w.ui(Ui::StreamNextOffset), next.unwrap_or_else(|| String::from("–")));
            }
        }
        _ => return None,
    }
    Some(d)
}

