//! Runs operations against the model and reads what a client would observe from its events.

use std::collections::BTreeMap;

use brokerlab_core::Name;
use brokerlab_core::message_broker::event::DropReason;
use brokerlab_core::message_broker::{
    ChannelId, Consume, DeathReason, Delivery, DeliveryMode, DeliveryTag, EventKind, ExchangeDeclare, HeaderValue,
    Headers, MessageBroker, Properties, Publish, QueueDeclare,
};
use brokerlab_core::time::SimTime;

use crate::observe::{Death, Observed, Outcome, Returned, Seen};
use crate::ops::{HeadersMatch, Op, QueueArgs, StreamOffset};

/// The model's channel for a sequence's channel index: one connection, numbers from 1.
pub fn channel_id(ch: usize) -> ChannelId {
    ChannelId::new(0, u16::try_from(ch + 1).expect("few channels"))
}

const NOW: SimTime = SimTime::ZERO;

fn string(text: &str) -> HeaderValue {
    HeaderValue::String(Name::from(text))
}

pub fn queue_arguments(args: &QueueArgs) -> Headers {
    let mut table = Headers::new();
    if args.stream {
        table.insert("x-queue-type".into(), string("stream"));
    }
    if let Some(n) = args.max_length {
        table.insert("x-max-length".into(), HeaderValue::Integer(i64::from(n)));
    }
    if let Some(overflow) = args.overflow {
        table.insert("x-overflow".into(), string(overflow));
    }
    if let Some(dlx) = &args.dead_letter_exchange {
        table.insert("x-dead-letter-exchange".into(), string(dlx));
    }
    if let Some(key) = &args.dead_letter_routing_key {
        table.insert("x-dead-letter-routing-key".into(), string(key));
    }
    if let Some(n) = args.max_priority {
        table.insert("x-max-priority".into(), HeaderValue::Integer(i64::from(n)));
    }
    if args.quorum {
        table.insert("x-queue-type".into(), string("quorum"));
    }
    if let Some(n) = args.delivery_limit {
        table.insert("x-delivery-limit".into(), HeaderValue::Integer(i64::from(n)));
    }
    table
}

/// `basic.consume` arguments: a stream consumer's `x-stream-offset`.
pub fn consume_arguments(offset: &Option<StreamOffset>) -> Headers {
    let value = match offset {
        None => return Headers::new(),
        Some(StreamOffset::First) => string("first"),
        Some(StreamOffset::Last) => string("last"),
        Some(StreamOffset::Next) => string("next"),
        Some(StreamOffset::At(n)) => HeaderValue::Integer(i64::try_from(*n).expect("small offsets")),
    };
    Headers::from([("x-stream-offset".into(), value)])
}

pub fn binding_arguments(headers: &Option<HeadersMatch>) -> Headers {
    let mut table = Headers::new();
    if let Some(m) = headers {
        table.insert("x-match".into(), string(if m.any { "any" } else { "all" }));
        for (name, value) in &m.values {
            table.insert(name.as_str().into(), string(value));
        }
    }
    table
}

/// A model broker driven by [`Op`]s.
#[derive(Debug)]
pub struct ModelRun {
    broker: MessageBroker,
    /// Messages a quorum queue dead-lettered or dropped past their `x-delivery-limit` so far.
    pub past_delivery_limit: usize,
}

impl Default for ModelRun {
    fn default() -> Self {
        ModelRun::new()
    }
}

impl ModelRun {
    /// The model on its RabbitMQ 3.10 profile, the version of the real broker the suite
    /// runs against (Debian's 3.10.8; `V1` in the reference notes).
    pub fn new() -> ModelRun {
        let mut broker = MessageBroker::new();
        broker.follow_version(brokerlab_core::versions::RabbitMqVersion::V3_10);
        ModelRun { broker, past_delivery_limit: 0 }
    }

    pub fn broker(&self) -> &MessageBroker {
        &self.broker
    }

    /// Applies `op`; `Err` if the model refused it (reply text).
    pub fn apply(&mut self, op: &Op) -> Result<Observed, String> {
        let b = &mut self.broker;
        let e = |e: brokerlab_core::message_broker::Error| e.to_string();
        let mut outcome = Outcome::Done;
        let mut published_body = None;
        match op {
            Op::OpenChannel { ch, confirm } => {
                b.open_channel(NOW, channel_id(*ch)).map_err(e)?;
                if *confirm {
                    b.confirm_select(NOW, channel_id(*ch)).map_err(e)?;
                }
            }
            Op::CloseChannel { ch } => b.close_channel(NOW, channel_id(*ch)).map_err(e)?,
            Op::DeclareExchange { name, kind, durable } => {
                let mut declare = ExchangeDeclare::new(name, *kind);
                declare.durable = *durable;
                b.declare_exchange(NOW, first_channel(b), declare).map_err(e)?;
            }
            Op::DeclareQueue { name, durable, args } => {
                let mut declare = QueueDeclare::new(name);
                declare.durable = *durable;
                declare.arguments = queue_arguments(args);
                b.declare_queue(NOW, first_channel(b), declare).map_err(e)?;
            }
            Op::Bind { queue, exchange, key, headers } => {
                b.bind_queue(NOW, first_channel(b), queue, exchange, key, binding_arguments(headers)).map_err(e)?;
            }
            Op::Unbind { queue, exchange, key, headers } => {
                b.unbind_queue(NOW, first_channel(b), queue, exchange, key, binding_arguments(headers)).map_err(e)?;
            }
            Op::Publish { ch, exchange, key, headers, priority, mandatory, persistent, body } => {
                let mut table = Headers::new();
                for (name, value) in headers {
                    table.insert(name.as_str().into(), string(value));
                }
                let properties = Properties {
                    delivery_mode: if *persistent { DeliveryMode::Persistent } else { DeliveryMode::Transient },
                    priority: *priority,
                    headers: table,
                    ..Properties::default()
                };
                let publish = Publish {
                    exchange: exchange.as_str().into(),
                    routing_key: key.as_str().into(),
                    mandatory: *mandatory,
                    properties,
                    body: body.as_str().into(),
                };
                let published = b.publish(NOW, channel_id(*ch), publish).map_err(e)?;
                outcome = Outcome::Published { confirm: published.confirm.and_then(|(_, ack)| ack) };
                published_body = Some(body.clone());
            }
            Op::Consume { ch, queue, tag, prefetch, no_ack, offset } => {
                b.qos(NOW, channel_id(*ch), *prefetch, false).map_err(e)?;
                let consume = Consume {
                    queue: queue.as_str().into(),
                    consumer_tag: Some(tag.as_str().into()),
                    no_ack: *no_ack,
                    exclusive: false,
                    arguments: consume_arguments(offset),
                };
                b.consume(NOW, channel_id(*ch), consume).map_err(e)?;
            }
            Op::Cancel { ch, tag } => b.cancel(NOW, channel_id(*ch), tag).map_err(e)?,
            Op::Get { ch, queue, no_ack } => {
                let got = b.get(NOW, channel_id(*ch), queue, *no_ack).map_err(e)?;
                outcome = Outcome::Got(got.map(|d| (seen(&d), d.message_count as u32)));
            }
            Op::Ack { ch, tag, multiple } => b.ack(NOW, channel_id(*ch), DeliveryTag(*tag), *multiple).map_err(e)?,
            Op::Nack { ch, tag, multiple, requeue } => {
                b.nack(NOW, channel_id(*ch), DeliveryTag(*tag), *multiple, *requeue).map_err(e)?
            }
            Op::Reject { ch, tag, requeue } => b.reject(NOW, channel_id(*ch), DeliveryTag(*tag), *requeue).map_err(e)?,
        }
        let mut observed = Observed { outcome, ..Observed::default() };
        while let Some(event) = b.poll_event() {
            match event.kind {
                EventKind::MessageDelivered { delivery } => {
                    if let Some(tag) = &delivery.consumer {
                        observed.deliveries.entry(tag.to_string()).or_default().push(seen(&delivery));
                    }
                }
                EventKind::MessageDeadLettered { reason: DeathReason::DeliveryLimit, .. }
                | EventKind::MessageDropped { why: DropReason::Died(DeathReason::DeliveryLimit), .. } => self.past_delivery_limit += 1,
                EventKind::MessageReturned { channel, exchange, routing_key, .. } => observed.returns.push(Returned {
                    ch: usize::from(channel.number) - 1,
                    body: published_body.clone().unwrap_or_default(),
                    reply_code: 312,
                    exchange: exchange.to_string(),
                    routing_key: routing_key.to_string(),
                }),
                _ => {}
            }
        }
        observed.depths = self.depths();
        Ok(observed)
    }

    fn depths(&self) -> BTreeMap<String, (u32, u32)> {
        self.broker
            .queues()
            .map(|q| {
                let (ready, consumers) = q.declare_ok_counts();
                let ready = if q.stream().is_some() { 0 } else { ready };
                (q.name().to_string(), (ready as u32, consumers as u32))
            })
            .collect()
    }
}

/// Declares and bindings go on any open channel: the model only checks that it is open.
fn first_channel(b: &MessageBroker) -> ChannelId {
    b.channels().next().expect("a sequence keeps a channel open")
}

fn text(value: Option<&HeaderValue>) -> String {
    match value {
        Some(HeaderValue::String(s)) => s.to_string(),
        other => format!("{other:?}"),
    }
}

/// The model's delivery as a client sees it, `x-death` read back from the rendered headers.
pub fn seen(delivery: &Delivery) -> Seen {
    let headers = delivery.headers();
    let deaths = match headers.get("x-death") {
        Some(HeaderValue::Array(entries)) => entries
            .iter()
            .map(|entry| match entry {
                HeaderValue::Table(t) => Death {
                    queue: text(t.get("queue")),
                    reason: text(t.get("reason")),
                    count: t.get("count").and_then(HeaderValue::as_integer).unwrap_or(-1),
                    exchange: text(t.get("exchange")),
                    routing_keys: match t.get("routing-keys") {
                        Some(HeaderValue::Array(keys)) => keys.iter().map(|k| text(Some(k))).collect(),
                        _ => vec![],
                    },
                },
                other => Death { queue: format!("{other:?}"), reason: String::new(), count: -1, exchange: String::new(), routing_keys: vec![] },
            })
            .collect(),
        _ => vec![],
    };
    let first_death = headers.get("x-first-death-reason").map(|reason| {
        (text(Some(reason)), text(headers.get("x-first-death-queue")), text(headers.get("x-first-death-exchange")))
    });
    let m = &delivery.message;
    Seen {
        body: m.body.to_string(),
        tag: delivery.delivery_tag.0,
        redelivered: delivery.redelivered,
        exchange: m.exchange.to_string(),
        routing_key: m.routing_key.to_string(),
        priority: m.properties.priority,
        persistent: m.properties.delivery_mode == DeliveryMode::Persistent,
        deaths,
        first_death,
        delivery_count: headers.get("x-delivery-count").and_then(HeaderValue::as_integer),
        stream_offset: headers.get("x-stream-offset").and_then(HeaderValue::as_integer),
    }
}
