//! Queues: their arguments (parsed once into [`QueueArguments`]) and their messages, ready and
//! unacked.
//!
//! A message's life in one queue:
//!
//! ```text
//!            enqueue                deliver (manual ack)
//!   ──────────────────▶ READY ─────────────────────────▶ UNACKED ──ack──▶ gone
//!                        │  ▲                              │
//!                        │  └──── nack/reject requeue, ────┘
//!                        │        channel closed (original position, redelivered)
//!                        ├── expired at the head, dropped from the head (max-length) ──▶ dead-lettered or gone
//!                        └── deliver (auto ack), basic.get (no ack) ──▶ gone
//! ```
//!
//! Ready messages are ordered by a [`ReadyKey`]: priority first (R13), then the position the
//! message got when it arrived, so a requeued message goes back exactly where it was (R9).

use super::error::{invalid, non_negative};
use alloc::collections::{BTreeMap, BTreeSet, VecDeque};
use alloc::vec::Vec;

use super::error::{ArgumentProblem, Error};
use super::headers::{HeaderValue, Headers};
use super::cluster::{LeaderLocator, Placement};
use super::message::Message;
use super::stream::{OffsetSpec, StreamLog, StreamSettings};
use super::{ChannelId, DeliveryTag, NodeId, PRIORITY_MAX};
use crate::Name;
use crate::time::SimTime;
use crate::versions::RabbitMqVersion;


#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub enum QueueType {
    #[default]
    Classic,
    Quorum,
    /// An append-only log read without removing (R21, `stream.rs`).
    Stream,
}

/// A declare's flags that decide whether a queue type accepts it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DeclareFlags {
    pub durable: bool,
    pub exclusive: bool,
    pub auto_delete: bool,
    /// An empty name: the broker would choose one.
    pub server_named: bool,
}

/// `x-overflow` (R12).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub enum Overflow {
    /// Drop (or dead-letter) the oldest ready message.
    #[default]
    DropHead,
    /// Refuse the new message: the publisher gets a nack.
    RejectPublish,
    /// Refuse it and dead-letter it (classic queues).
    RejectPublishDlx,
}

impl Overflow {
    pub fn as_str(self) -> &'static str {
        match self {
            Overflow::DropHead => "drop-head",
            Overflow::RejectPublish => "reject-publish",
            Overflow::RejectPublishDlx => "reject-publish-dlx",
        }
    }
}

/// `x-dead-letter-strategy` (quorum queues; see `QueueArguments::effective_dead_letter_strategy`
/// in `quorum.rs`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub enum DeadLetterStrategy {
    #[default]
    AtMostOnce,
    AtLeastOnce,
}

/// The queue arguments the model acts on, validated. Unknown arguments are kept (in the raw
/// table) but, as in RabbitMQ, neither checked nor compared on redeclare.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct QueueArguments {
    pub queue_type: QueueType,
    pub message_ttl_ms: Option<u64>,
    pub expires_ms: Option<u64>,
    pub max_length: Option<u64>,
    pub max_length_bytes: Option<u64>,
    pub overflow: Overflow,
    pub max_priority: Option<u8>,
    pub single_active_consumer: bool,
    pub dead_letter_exchange: Option<Name>,
    pub dead_letter_routing_key: Option<Name>,
    /// `x-delivery-limit` as given; a negative value means unlimited.
    pub delivery_limit: Option<i64>,
    /// `x-consumer-timeout` (read from 3.12): `Some(Some(ms))` the delivery acknowledgement
    /// timeout for this queue's deliveries (a negative value counts as 0), `Some(None)` a value
    /// that is not an integer, which RabbitMQ takes as the timeout and then never applies.
    pub consumer_timeout_ms: Option<Option<u64>>,
    /// Quorum queues: `x-dead-letter-strategy` as given (see `effective_dead_letter_strategy`).
    pub dead_letter_strategy: DeadLetterStrategy,
    /// Quorum queues: `x-queue-leader-locator`.
    pub leader_locator: LeaderLocator,
    /// Quorum queues: `x-quorum-initial-group-size` (see `group_size`).
    pub initial_group_size: Option<u8>,
    /// Streams: retention and segment size (`x-max-age`, `x-stream-max-segment-size-bytes`).
    pub stream: Option<StreamSettings>,
}

impl QueueArguments {
    /// Validates a declare's arguments as RabbitMQ does (406 PRECONDITION_FAILED otherwise).
    pub fn parse(arguments: &Headers, flags: DeclareFlags) -> Result<QueueArguments, Error> {
        let DeclareFlags { durable, exclusive, auto_delete, .. } = flags;
        let mut parsed = QueueArguments::default();
        if let Some(value) = arguments.get("x-queue-type") {
            parsed.queue_type = match value.as_str() {
                Some("classic") => QueueType::Classic,
                Some("quorum") => QueueType::Quorum,
                Some("stream") => return parse_stream(arguments, flags),
                _ => return Err(invalid("x-queue-type", ArgumentProblem::QueueType)),
            };
        }
        if parsed.queue_type == QueueType::Quorum {
            parsed.parse_quorum(arguments)?;
        }
        parsed.message_ttl_ms = non_negative(arguments, "x-message-ttl")?;
        parsed.expires_ms = non_negative(arguments, "x-expires")?;
        if parsed.expires_ms == Some(0) {
            return Err(invalid("x-expires", ArgumentProblem::NotPositive));
        }
        parsed.max_length = non_negative(arguments, "x-max-length")?;
        parsed.max_length_bytes = non_negative(arguments, "x-max-length-bytes")?;
        if let Some(value) = arguments.get("x-overflow") {
            parsed.overflow = match value.as_str() {
                Some("drop-head") => Overflow::DropHead,
                Some("reject-publish") => Overflow::RejectPublish,
                Some("reject-publish-dlx") => Overflow::RejectPublishDlx,
                _ => return Err(invalid("x-overflow", ArgumentProblem::Overflow)),
            };
        }
        if let Some(priority) = non_negative(arguments, "x-max-priority")? {
            if priority > u64::from(PRIORITY_MAX) {
                return Err(invalid("x-max-priority", ArgumentProblem::PriorityTooHigh));
            }
            parsed.max_priority = Some(priority as u8);
        }
        if let Some(value) = arguments.get("x-single-active-consumer") {
            parsed.single_active_consumer =
                value.as_bool().ok_or_else(|| invalid("x-single-active-consumer", ArgumentProblem::NotABoolean))?;
        }
        parsed.dead_letter_exchange = string(arguments, "x-dead-letter-exchange")?;
        parsed.dead_letter_routing_key = string(arguments, "x-dead-letter-routing-key")?;
        if parsed.dead_letter_routing_key.is_some() && parsed.dead_letter_exchange.is_none() {
            return Err(invalid("x-dead-letter-routing-key", ArgumentProblem::NeedsDeadLetterExchange));
        }
        if let Some(value) = arguments.get("x-delivery-limit") {
            parsed.delivery_limit =
                Some(value.as_integer().ok_or_else(|| invalid("x-delivery-limit", ArgumentProblem::NotAnInteger))?);
        }
        parsed.consumer_timeout_ms = arguments.get("x-consumer-timeout").map(|v| v.as_integer().map(|n| n.max(0) as u64));
        if parsed.queue_type == QueueType::Quorum {
            QueueArguments::check_quorum_properties(durable, exclusive, auto_delete)?;
        }
        Ok(parsed)
    }

    /// How many times a message may be returned before it is dead-lettered, if limited: the
    /// queue's `x-delivery-limit`, else `version`'s default.
    pub fn effective_delivery_limit(&self, version: RabbitMqVersion) -> Option<u32> {
        match (self.queue_type, self.delivery_limit) {
            (QueueType::Classic | QueueType::Stream, _) => None,
            (QueueType::Quorum, None) => version.quorum_delivery_limit_default(),
            (QueueType::Quorum, Some(n)) if n < 0 => None,
            (QueueType::Quorum, Some(n)) => Some(n.min(i64::from(u32::MAX)) as u32),
        }
    }
}

/// The order of ready messages: lower first. Classic priority queues rank by priority; quorum
/// queues serve returned messages first (rank 0, in return order) as RabbitMQ 4.x does; every
/// other message ranks by its position in the queue.
pub type ReadyKey = (u16, u64);

/// One message in one queue.
#[derive(Clone, Debug, PartialEq)]
pub struct Queued {
    pub message: Message,
    /// Arrival order in this queue; requeues go back here.
    pub position: u64,
    pub enqueued_at: SimTime,
    /// min(queue TTL, message TTL) after arrival (R11); kept on requeue.
    pub expires_at: Option<SimTime>,
    pub redelivered: bool,
    /// Quorum queues: how many times it was returned (`x-delivery-count`).
    pub delivery_count: u32,
    /// While unacked: the consumer that took it, `None` for `basic.get`.
    pub(crate) taken_by: Option<ConsumerKey>,
    /// Its key while ready.
    pub(crate) key: ReadyKey,
}

/// A consumer, as its queue knows it.
pub type ConsumerKey = (ChannelId, Name);

#[derive(Clone, Debug)]
pub struct Queue {
    pub(crate) name: Name,
    /// Distinguishes this queue from an earlier one of the same name, for deliveries still
    /// unacked when that one was deleted.
    pub(crate) incarnation: u64,
    pub(crate) durable: bool,
    pub(crate) auto_delete: bool,
    /// The connection an exclusive queue belongs to.
    pub(crate) exclusive_owner: Option<u32>,
    pub(crate) raw_arguments: Headers,
    pub(crate) arguments: QueueArguments,
    pub(crate) ready: BTreeMap<ReadyKey, Queued>,
    pub(crate) ready_bytes: u64,
    pub(crate) unacked: BTreeMap<u64, Queued>,
    pub(crate) next_position: u64,
    pub(crate) next_return: u64,
    /// Consumers in the order they subscribed (single active consumer takes the first).
    pub(crate) consumers: Vec<ConsumerKey>,
    /// Round-robin order of consumers that may be able to take a message.
    pub(crate) active: VecDeque<ConsumerKey>,
    /// Consumers found at their prefetch limit; they rejoin the back of `active` on an ack.
    pub(crate) blocked: BTreeSet<ConsumerKey>,
    pub(crate) had_consumers: bool,
    /// The last declare, `basic.get` or consumer change, for `x-expires`.
    pub(crate) last_used: SimTime,
    /// Its node, or its members and leader (`broker/nodes.rs` places it).
    pub(crate) placement: Placement,
    /// Quorum queues: publishes waiting for a majority of members to run again.
    pub(crate) waiting: VecDeque<Message>,
    /// Quorum queues: each channel that published here (its enqueuer session) and whether
    /// `reject-publish` blocks it (`Queue::register_enqueuer`, in `quorum.rs`).
    pub(crate) enqueuers: BTreeMap<ChannelId, bool>,
    /// Quorum queues with two priority levels: `rabbit_fifo_q`'s weighting counter.
    pub(crate) dequeue_counter: u8,
    /// Quorum queues: whether this version has two priority levels.
    pub(crate) priority_levels: bool,
    /// Streams: the log, and where each consumer reads next.
    pub(crate) stream: Option<alloc::boxed::Box<StreamState>>,
}

/// A stream queue's own state (`broker/stream.rs` drives it).
#[derive(Clone, Debug, PartialEq)]
pub struct StreamState {
    pub log: StreamLog,
    /// Each consumer's next offset to deliver.
    pub readers: BTreeMap<ConsumerKey, u64>,
}

impl Queue {
    pub(crate) fn new(
        name: Name,
        incarnation: u64,
        durable: bool,
        auto_delete: bool,
        exclusive_owner: Option<u32>,
        raw_arguments: Headers,
        arguments: QueueArguments,
        now: SimTime,
    ) -> Queue {
        let stream = arguments.stream.map(|settings| {
            alloc::boxed::Box::new(StreamState { log: StreamLog::new(settings, now), readers: BTreeMap::new() })
        });
        Queue {
            name,
            incarnation,
            durable,
            auto_delete,
            exclusive_owner,
            raw_arguments,
            arguments,
            ready: BTreeMap::new(),
            ready_bytes: 0,
            unacked: BTreeMap::new(),
            next_position: 0,
            next_return: 0,
            consumers: Vec::new(),
            active: VecDeque::new(),
            blocked: BTreeSet::new(),
            had_consumers: false,
            last_used: now,
            placement: Placement::Node(NodeId(1)),
            waiting: VecDeque::new(),
            enqueuers: BTreeMap::new(),
            dequeue_counter: 0,
            priority_levels: false,
            stream,
        }
    }

    pub fn name(&self) -> &Name {
        &self.name
    }
    pub fn durable(&self) -> bool {
        self.durable
    }
    pub fn auto_delete(&self) -> bool {
        self.auto_delete
    }
    pub fn exclusive(&self) -> bool {
        self.exclusive_owner.is_some()
    }
    pub fn arguments(&self) -> &QueueArguments {
        &self.arguments
    }
    /// The declared arguments as given, unknown ones included.
    pub fn raw_arguments(&self) -> &Headers {
        &self.raw_arguments
    }
    pub fn queue_type(&self) -> QueueType {
        self.arguments.queue_type
    }
    /// A stream's log and readers.
    pub fn stream(&self) -> Option<&StreamState> {
        self.stream.as_deref()
    }
    /// Messages the queue holds: ready, unacked and waiting for a quorum queue's majority, or
    /// a stream's log.
    pub fn messages_held(&self) -> usize {
        self.ready.len() + self.unacked.len() + self.waiting.len() + self.stream.as_ref().map_or(0, |s| s.log.len())
    }
    /// What `queue.declare-ok` reports: ready messages and consumers. A stream reports its
    /// log's length (RabbitMQ reads it from metrics, updated every few seconds, so a real
    /// server may lag) and never a consumer: `rabbit_stream_queue:stat/1` answers 0 consumers
    /// (seen on 3.10.8 with a consumer attached).
    pub fn declare_ok_counts(&self) -> (usize, usize) {
        match &self.stream {
            Some(stream) => (stream.log.len(), 0),
            None => (self.ready.len(), self.consumer_count()),
        }
    }
    /// A stream consumer starts reading where `spec` says (nothing for other queues).
    pub(crate) fn start_reader(&mut self, key: &ConsumerKey, spec: Option<OffsetSpec>) {
        if let (Some(stream), Some(spec)) = (self.stream.as_mut(), spec) {
            let start = stream.log.start_offset(spec);
            stream.readers.insert(key.clone(), start);
        }
    }
    /// A consumer goes: out of the round-robin's blocked set, and a stream forgets where it
    /// read.
    pub(crate) fn forget_consumer(&mut self, key: &ConsumerKey) {
        self.blocked.remove(key);
        if let Some(stream) = &mut self.stream {
            stream.readers.remove(key);
        }
    }
    /// Ready messages, in delivery order.
    pub fn ready(&self) -> impl Iterator<Item = &Queued> {
        self.ready.values()
    }
    pub fn ready_count(&self) -> usize {
        self.ready.len()
    }
    pub fn ready_bytes(&self) -> u64 {
        self.ready_bytes
    }
    /// Delivered, not yet acknowledged, in queue order.
    pub fn unacked(&self) -> impl Iterator<Item = &Queued> {
        self.unacked.values()
    }
    pub fn unacked_count(&self) -> usize {
        self.unacked.len()
    }
    /// Consumers in subscription order.
    pub fn consumers(&self) -> &[ConsumerKey] {
        &self.consumers
    }

    /// The consumer count `queue.declare-ok` reports. A quorum queue also counts, until they
    /// are settled, each `basic.get` delivery (`rabbit_channel` dequeues with the delivery tag
    /// as the consumer tag, and `rabbit_fifo` keeps that one-message consumer, `lifetime =
    /// once`) and each cancelled consumer still holding deliveries (kept with status
    /// `cancelled`): `update_or_remove_sub`, `query_consumer_count` (3.10.8, 4.2.0).
    pub fn consumer_count(&self) -> usize {
        if self.arguments.queue_type == QueueType::Classic {
            return self.consumers.len();
        }
        let gets = self.unacked.values().filter(|q| q.taken_by.is_none()).count();
        let cancelled: BTreeSet<&ConsumerKey> =
            self.unacked.values().filter_map(|q| q.taken_by.as_ref()).filter(|k| !self.consumers.contains(k)).collect();
        self.consumers.len() + gets + cancelled.len()
    }
    /// With `x-single-active-consumer`, the one consumer that receives messages.
    pub fn single_active_consumer(&self) -> Option<&ConsumerKey> {
        if self.arguments.single_active_consumer { self.consumers.first() } else { None }
    }

    /// When the head expires, if it has a TTL (R11: only the head is looked at).
    pub fn head_expiry(&self) -> Option<SimTime> {
        self.head().and_then(|q| q.expires_at)
    }

    /// The ready message handed out next.
    pub fn head(&self) -> Option<&Queued> {
        match self.arguments.queue_type {
            QueueType::Quorum => self.quorum_next_key().and_then(|key| self.ready.get(&key)),
            QueueType::Classic | QueueType::Stream => self.ready.values().next(),
        }
    }

    /// Where the queue lives: its node, or its members and leader.
    pub fn placement(&self) -> &Placement {
        &self.placement
    }

    /// Quorum queues: messages published while fewer than a majority of members ran, waiting
    /// for a majority (their publishers' confirms wait with them).
    pub fn waiting_count(&self) -> usize {
        self.waiting.len()
    }

    /// When the queue expires if nobody uses it (`x-expires`).
    pub fn expiry(&self) -> Option<SimTime> {
        match self.arguments.expires_ms {
            Some(ms) if self.consumers.is_empty() => Some(self.last_used.plus_ms(ms)),
            _ => None,
        }
    }

    /// Deliveries (tag, position) rejected at once from a classic queue with `x-max-priority`
    /// die highest priority first, then by tag: `rabbit_priority_queue:ackfold` folds the tags
    /// from the highest sub-queue down. Other queues keep tag order.
    pub(crate) fn order_rejections(&self, tags: &mut [(DeliveryTag, u64)]) {
        if let (QueueType::Classic, Some(max)) = (self.arguments.queue_type, self.arguments.max_priority) {
            let priority = |position: &u64| {
                self.unacked.get(position).map_or(0, |q| q.message.properties.priority.unwrap_or(0).min(max))
            };
            crate::sort::sort_by_key(tags, |(tag, position)| (core::cmp::Reverse(priority(position)), *tag));
        }
    }

    pub(crate) fn ready_key(&mut self, queued: &Queued, returned: bool) -> ReadyKey {
        match (self.arguments.queue_type, self.arguments.max_priority) {
            (QueueType::Quorum, _) => self.quorum_ready_key(queued, returned),
            (QueueType::Classic, Some(max)) => {
                let priority = queued.message.properties.priority.unwrap_or(0).min(max);
                (u16::from(max - priority), queued.position)
            }
            (QueueType::Classic | QueueType::Stream, None) | (QueueType::Stream, Some(_)) => (0, queued.position),
        }
    }

    pub(crate) fn push_ready(&mut self, mut queued: Queued, returned: bool) {
        queued.key = self.ready_key(&queued, returned);
        self.ready_bytes += queued.message.size_bytes();
        let previous = self.ready.insert(queued.key, queued);
        assert!(previous.is_none(), "two ready messages share a key");
        self.follow_quorum_limit();
    }

    pub(crate) fn pop_head(&mut self) -> Option<Queued> {
        let queued = match self.arguments.queue_type {
            QueueType::Quorum => {
                let key = self.quorum_next_key()?;
                self.count_quorum_dequeue(key);
                self.ready.remove(&key).expect("the next key is ready")
            }
            QueueType::Classic | QueueType::Stream => self.ready.pop_first()?.1,
        };
        self.ready_bytes -= queued.message.size_bytes();
        self.follow_quorum_limit();
        Some(queued)
    }

    /// Whether one more message of `size` bytes would exceed a length limit.
    pub(crate) fn would_overflow(&self, size: u64) -> bool {
        self.arguments.max_length.is_some_and(|max| self.ready.len() as u64 + 1 > max)
            || self.arguments.max_length_bytes.is_some_and(|max| self.ready_bytes + size > max)
    }

    pub(crate) fn over_limit(&self) -> bool {
        self.arguments.max_length.is_some_and(|max| self.ready.len() as u64 > max)
            || self.arguments.max_length_bytes.is_some_and(|max| self.ready_bytes > max)
    }

    /// Whether the queue keeps this message over a restart (R14): quorum queues keep every
    /// message, durable classic queues the persistent ones.
    pub(crate) fn keeps_over_restart(&self, message: &Message) -> bool {
        self.durable && (self.arguments.queue_type == QueueType::Quorum || message.is_persistent())
    }
}

/// A stream declare (R21), checked in RabbitMQ 3.10.8's order: the arguments first (a refused
/// one, then their values), then the flags, `auto-delete`, `exclusive`, then durability
/// (`rabbit_stream_queue:declare/2`: `check_auto_delete`, `check_exclusive`,
/// `check_non_durable`), and a server-named stream is refused (`server_named => false`).
fn parse_stream(arguments: &Headers, flags: DeclareFlags) -> Result<QueueArguments, Error> {
    let settings = StreamSettings::parse(arguments)?;
    let refusal = if flags.auto_delete {
        Some(("auto-delete", ArgumentProblem::StreamAutoDelete))
    } else if flags.exclusive {
        Some(("exclusive-owner", ArgumentProblem::StreamExclusive))
    } else if !flags.durable {
        Some(("non-durable", ArgumentProblem::StreamNonDurable))
    } else if flags.server_named {
        Some(("", ArgumentProblem::StreamServerNamed))
    } else {
        None
    };
    if let Some((name, problem)) = refusal {
        return Err(invalid(name, problem));
    }
    Ok(QueueArguments {
        queue_type: QueueType::Stream,
        max_length_bytes: settings.max_length_bytes,
        consumer_timeout_ms: arguments.get("x-consumer-timeout").map(|v| v.as_integer().map(|n| n.max(0) as u64)),
        stream: Some(settings),
        ..QueueArguments::default()
    })
}



fn string(arguments: &Headers, name: &str) -> Result<Option<Name>, Error> {
    match arguments.get(name) {
        None => Ok(None),
        Some(HeaderValue::String(text)) => Ok(Some(text.clone())),
        Some(other) => Err(invalid(name, ArgumentProblem::StringExpected { found: other.type_name() })),
    }
}
