//! Messages: what a publisher sends ([`Publish`], [`Properties`]) and what the broker keeps
//! ([`Message`]), including the dead-lettering history behind `x-death` (R10).
//!
//! The history is kept structured (one [`Death`] per (queue, reason), newest first) and rendered
//! as AMQP headers only when a client looks ([`Message::headers`]), as RabbitMQ 3.13+ keeps
//! deaths as annotations and writes `x-death` on delivery.

use alloc::string::ToString;
use alloc::vec;
use alloc::vec::Vec;

use super::{ChannelId, DeliveryTag, MessageId};
use super::error::ArgumentProblem;
use super::headers::{HeaderValue, Headers};
use crate::Name;
use crate::time::SimTime;
use crate::versions::RabbitMqVersion;

/// What a client publishes (`basic.publish` and its content header).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Publish {
    pub exchange: Name,
    pub routing_key: Name,
    /// Return the message (`basic.return`, 312 NO_ROUTE) if no queue receives it.
    pub mandatory: bool,
    pub properties: Properties,
    pub body: Name,
}

/// `delivery_mode`: 1 transient, 2 persistent (R14).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub enum DeliveryMode {
    #[default]
    Transient,
    Persistent,
}

/// The content header properties the model acts on.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Properties {
    pub delivery_mode: DeliveryMode,
    /// `priority` (0–255); only queues with `x-max-priority` look at it (R13).
    pub priority: Option<u8>,
    /// `expiration`: per-message TTL in milliseconds (R11). AMQP carries it as a string of
    /// digits; the caller parses it.
    pub expiration_ms: Option<u64>,
    pub message_id: Option<Name>,
    pub headers: Headers,
}

/// Why a message was dead-lettered (R10), as written in `x-death`'s `reason`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DeathReason {
    /// `basic.reject` or `basic.nack` with `requeue=false`.
    Rejected,
    /// Its TTL ran out at the head of the queue.
    Expired,
    /// Dropped from the head by `x-max-length(-bytes)`, or refused by `reject-publish-dlx`.
    Maxlen,
    /// A quorum queue's `x-delivery-limit` was exceeded.
    DeliveryLimit,
}

impl DeathReason {
    pub fn as_str(self) -> &'static str {
        match self {
            DeathReason::Rejected => "rejected",
            DeathReason::Expired => "expired",
            DeathReason::Maxlen => "maxlen",
            DeathReason::DeliveryLimit => "delivery_limit",
        }
    }
}

/// One entry of the dead-lettering history: every death of this message in `queue` for
/// `reason`, counted.
#[derive(Clone, Debug, PartialEq)]
pub struct Death {
    pub queue: Name,
    pub reason: DeathReason,
    pub count: u64,
    /// The first time it died there for this reason (`x-death`'s `time`).
    pub time: SimTime,
    /// The most recent such death.
    pub last_time: SimTime,
    /// The exchange the message had been published to when it died.
    pub exchange: Name,
    /// Its routing keys then: the routing key and `CC`, never `BCC`.
    pub routing_keys: Vec<Name>,
    /// Its per-message TTL then, if it had one: the broker removes the TTL when it
    /// dead-letters, so the message does not expire again wherever it lands.
    pub original_expiration_ms: Option<u64>,
}

/// A message as the broker holds it.
#[derive(Clone, Debug, PartialEq)]
pub struct Message {
    pub id: MessageId,
    /// The exchange it was (last) published to: a dead letter exchange after dead-lettering.
    pub exchange: Name,
    pub routing_key: Name,
    /// The routing key followed by the `CC` keys (sender-selected distribution). `BCC` keys
    /// route but are never shown.
    pub routing_keys: Vec<Name>,
    /// Properties as delivered: `BCC` is removed from the headers at publish.
    pub properties: Properties,
    pub body: Name,
    pub published_at: SimTime,
    /// Newest first, one per (queue, reason).
    pub deaths: Vec<Death>,
    /// `x-first-death-*`: (reason, queue, exchange) of the first death, never changed after.
    pub first_death: Option<(DeathReason, Name, Name)>,
}

impl Message {
    /// Bytes counted against `x-max-length-bytes`: the body.
    pub fn size_bytes(&self) -> u64 {
        self.body.len() as u64
    }

    pub fn is_persistent(&self) -> bool {
        self.properties.delivery_mode == DeliveryMode::Persistent
    }

    /// The headers a consumer sees: the publisher's, plus `x-death` and the
    /// `x-first-death-*` / `x-last-death-*` summaries once the message was dead-lettered.
    pub fn headers(&self) -> Headers {
        let mut headers = self.properties.headers.clone();
        if self.deaths.is_empty() {
            return headers;
        }
        let deaths = self.deaths.iter().map(|death| HeaderValue::Table(death.to_table())).collect();
        headers.insert("x-death".into(), HeaderValue::Array(deaths));
        if let Some((reason, queue, exchange)) = &self.first_death {
            headers.insert("x-first-death-reason".into(), HeaderValue::string(reason.as_str()));
            headers.insert("x-first-death-queue".into(), HeaderValue::String(queue.clone()));
            headers.insert("x-first-death-exchange".into(), HeaderValue::String(exchange.clone()));
        }
        let last = &self.deaths[0];
        headers.insert("x-last-death-reason".into(), HeaderValue::string(last.reason.as_str()));
        headers.insert("x-last-death-queue".into(), HeaderValue::String(last.queue.clone()));
        headers.insert("x-last-death-exchange".into(), HeaderValue::String(last.exchange.clone()));
        headers
    }

    /// The entry for (queue, reason), if the message ever died there for that reason.
    pub fn death(&self, queue: &str, reason: DeathReason) -> Option<&Death> {
        self.deaths.iter().find(|d| &*d.queue == queue && d.reason == reason)
    }

    /// Records a death in `queue` (RabbitMQ's `mc:record_death`): a new entry in front, or the
    /// existing (queue, reason) entry counted up and moved to the front. Under 3.10 the older
    /// entries are first regrouped as `update_x_death_header` does, which reverses them
    /// ([`RabbitMqVersion::x_death_reverses_older_entries`]).
    pub(crate) fn record_death(&mut self, version: RabbitMqVersion, reason: DeathReason, queue: &Name, now: SimTime) {
        if version.x_death_reverses_older_entries() {
            self.deaths = regrouped(core::mem::take(&mut self.deaths));
        }
        let found = self.deaths.iter().position(|d| d.queue == *queue && d.reason == reason);
        let death = match found {
            Some(index) => {
                let mut death = self.deaths.remove(index);
                death.count += 1;
                death.last_time = now;
                death
            }
            None => Death {
                queue: queue.clone(),
                reason,
                count: 1,
                time: now,
                last_time: now,
                exchange: self.exchange.clone(),
                routing_keys: self.routing_keys.clone(),
                original_expiration_ms: self.properties.expiration_ms,
            },
        };
        self.deaths.insert(0, death);
        if self.first_death.is_none() {
            self.first_death = Some((reason, queue.clone(), self.exchange.clone()));
        }
    }

    /// Dead-lettering into `queue` would close a loop: the message died in `queue` before, and
    /// nothing since (that death included) was a client's rejection (`mc:is_death_cycle`).
    pub(crate) fn is_death_cycle(&self, queue: &str) -> bool {
        match self.deaths.iter().position(|d| &*d.queue == queue) {
            None => false,
            Some(index) => self.deaths[..=index].iter().all(|d| d.reason != DeathReason::Rejected),
        }
    }
}

/// `rabbit_dead_letter:group_by_queue_and_reason` (3.10): one entry per (queue, reason), the
/// first of each, in the reverse order of their first appearance; a single entry stays as it
/// is. The broker writes one entry per (queue, reason), so for its own history this is a
/// reversal; a client's published `x-death` may repeat one, and only its first counts.
fn regrouped(deaths: Vec<Death>) -> Vec<Death> {
    let mut kept: Vec<Death> = Vec::with_capacity(deaths.len());
    for death in deaths {
        if !kept.iter().any(|d| d.queue == death.queue && d.reason == death.reason) {
            kept.push(death);
        }
    }
    kept.reverse();
    kept
}

impl Death {
    /// The `x-death` table entry, with RabbitMQ's field names and types.
    pub fn to_table(&self) -> Headers {
        let mut table = Headers::new();
        table.insert("count".into(), HeaderValue::Integer(self.count as i64));
        table.insert("reason".into(), HeaderValue::string(self.reason.as_str()));
        table.insert("queue".into(), HeaderValue::String(self.queue.clone()));
        // AMQP timestamps are whole seconds.
        table.insert("time".into(), HeaderValue::Timestamp(self.time.as_ms() / 1000));
        table.insert("exchange".into(), HeaderValue::String(self.exchange.clone()));
        let keys = self.routing_keys.iter().map(|k| HeaderValue::String(k.clone())).collect();
        table.insert("routing-keys".into(), HeaderValue::Array(keys));
        if let Some(ttl) = self.original_expiration_ms {
            table.insert("original-expiration".into(), HeaderValue::string(&ttl.to_string()));
        }
        table
    }
}

/// The dead-lettering history a message starts with when a client publishes it: none, unless
/// `version` reads a client's `x-death` (3.13, [`RabbitMqVersion::reads_client_x_death`]), in
/// which case each well-formed entry (a table with `queue` and a known `reason`; `count`,
/// `time`, `exchange`, `routing-keys` and `original-expiration` when present) becomes a death,
/// and the first death is the oldest entry's. Entries the broker could not have written are
/// skipped. The client's headers stay as sent; on delivery the broker's rendering of the
/// history replaces them, as it does for any message with deaths.
pub(crate) fn client_history(version: RabbitMqVersion, headers: &Headers) -> (Vec<Death>, Option<(DeathReason, Name, Name)>) {
    let Some(HeaderValue::Array(entries)) = headers.get("x-death").filter(|_| version.reads_client_x_death()) else {
        return (Vec::new(), None);
    };
    let deaths: Vec<Death> = entries
        .iter()
        .filter_map(|entry| match entry {
            HeaderValue::Table(table) => Death::from_table(table),
            _ => None,
        })
        .collect();
    let first = deaths.last().map(|d| (d.reason, d.queue.clone(), d.exchange.clone()));
    (deaths, first)
}

impl DeathReason {
    fn parse(text: &str) -> Option<DeathReason> {
        [DeathReason::Rejected, DeathReason::Expired, DeathReason::Maxlen, DeathReason::DeliveryLimit]
            .into_iter()
            .find(|r| r.as_str() == text)
    }
}

impl Death {
    /// An `x-death` entry read back ([`Death::to_table`]'s inverse), if it has a queue and a
    /// reason the broker writes.
    fn from_table(table: &Headers) -> Option<Death> {
        let queue = match table.get("queue")? {
            HeaderValue::String(queue) => queue.clone(),
            _ => return None,
        };
        let reason = DeathReason::parse(table.get("reason")?.as_str()?)?;
        let count = table.get("count").and_then(HeaderValue::as_integer).map_or(1, |n| n.max(1) as u64);
        let time = match table.get("time") {
            Some(HeaderValue::Timestamp(seconds)) => SimTime::from_ms(seconds.saturating_mul(1000)),
            Some(HeaderValue::Integer(seconds)) => SimTime::from_ms(((*seconds).max(0) as u64).saturating_mul(1000)),
            _ => SimTime::ZERO,
        };
        let exchange = table.get("exchange").and_then(HeaderValue::as_str).map_or_else(|| Name::from(""), Name::from);
        let routing_keys = match table.get("routing-keys") {
            Some(HeaderValue::Array(keys)) => keys.iter().filter_map(HeaderValue::as_str).map(Name::from).collect(),
            _ => Vec::new(),
        };
        let original_expiration_ms = table.get("original-expiration").and_then(HeaderValue::as_str).and_then(|t| t.parse().ok());
        Some(Death { queue, reason, count, time, last_time: time, exchange, routing_keys, original_expiration_ms })
    }
}

/// Sender-selected distribution: the routing keys in a `CC` or `BCC` header, which must be an
/// array of strings (`rabbit_basic:header_routes`).
pub(crate) fn header_routes(headers: &Headers, name: &str) -> Result<Vec<Name>, ArgumentProblem> {
    match headers.get(name) {
        None => Ok(vec![]),
        Some(HeaderValue::Array(items)) => items
            .iter()
            .map(|item| match item {
                HeaderValue::String(key) => Ok(key.clone()),
                _ => Err(ArgumentProblem::NotStrings),
            })
            .collect(),
        Some(_) => Err(ArgumentProblem::NotStrings),
    }
}

/// A message handed to a consumer (`basic.deliver`) or to `basic.get` (`basic.get-ok`).
#[derive(Clone, Debug, PartialEq)]
pub struct Delivery {
    pub channel: ChannelId,
    /// None for `basic.get`.
    pub consumer: Option<Name>,
    pub delivery_tag: DeliveryTag,
    pub redelivered: bool,
    pub queue: Name,
    pub message: Message,
    /// Quorum queues: the `x-delivery-count` header the client sees, if any: how many times
    /// the message was returned before; a first delivery has none, except from `basic.get`
    /// on 3.10, which shows 0 (`RabbitMqVersion::quorum_get_shows_zero_delivery_count`).
    pub delivery_count: Option<u32>,
    /// Ready messages left in the queue (`basic.get-ok`'s `message-count`).
    pub message_count: usize,
    /// Delivered with automatic acknowledgement: nothing to ack.
    pub no_ack: bool,
    /// Streams: the message's offset, sent as the `x-stream-offset` header.
    pub stream_offset: Option<u64>,
}
