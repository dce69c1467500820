//! What only quorum queues do (R16, R20): the arguments they accept and refuse, their
//! dead-letter strategy, and the order in which they hand out ready messages, per RabbitMQ
//! version. Replication (members, leader, majority) is `cluster.rs`; this file knows nothing
//! of nodes.
//!
//! Sources (rabbitmq-server at tags v3.10.8, v3.13.0 and v4.2.0):
//! - `rabbit_amqqueue:check_declare_arguments`: a declare's arguments are checked against the
//!   queue type's `capabilities()` (`queue_arguments`); an argument another queue type knows
//!   but this one does not is refused, 406 "invalid arg 'x-…' for queue '…' of queue type
//!   rabbit_quorum_queue". For quorum queues, in all three versions, that is
//!   `x-max-priority`, `x-queue-mode`, `x-queue-version`, `x-queue-master-locator` (classic)
//!   and `x-max-age`, `x-stream-max-segment-size-bytes`, `x-initial-cluster-size` (stream).
//!   Then `rabbit_quorum_queue:declare` refuses `auto-delete`, `exclusive` and non-durable.
//! - `rabbit_quorum_queue:overflow/3`: `reject-publish-dlx` is accepted but, with a warning in
//!   the log, acts as the default `drop-head`.
//! - `rabbit_quorum_queue:dlh/5`: `x-dead-letter-strategy` `at-least-once` holds only with
//!   overflow `reject-publish` and a dead letter exchange; with `drop-head` it falls back to
//!   `at-most-once` (a warning in the log), and without a dead letter exchange there is no
//!   dead-lettering at all. `rabbit_amqqueue:check_dlxstrategy_arg` refuses other values.
//! - `x-quorum-initial-group-size` (`check_initial_cluster_size_arg`): a positive integer,
//!   else 406; the default group size is 3 (`quorum_cluster_size`).
//! - `rabbit_fifo:take_next_msg`: returned messages (nack or reject with requeue, a closed
//!   channel) are served before any other, in the order they came back (3.10 and 4.2).
//!   Priorities, per version: `RabbitMqVersion::quorum_priority_levels` (`crate::versions`).
//!
//! Not modelled: `at-least-once`'s own delivery of dead letters (kept in the source queue until
//! the target queues confirm, redelivered if they refuse); the model dead-letters at once, which
//! is the same whenever a target queue takes the message.

use super::error::invalid;
use super::cluster::LeaderLocator;
use super::error::{ArgumentProblem, Error};
use super::headers::{HeaderValue, Headers};
use super::queue::{DeadLetterStrategy, Overflow, Queue, QueueArguments, QueueType, Queued, ReadyKey};

/// Quorum queues' group size when `x-quorum-initial-group-size` is not given
/// (`quorum_cluster_size`).
pub const GROUP_SIZE_DEFAULT: u8 = 3;

/// Arguments of other queue types that a quorum queue refuses (see the module's sources).
const REFUSED: [&str; 7] = [
    "x-max-priority",
    "x-queue-mode",
    "x-queue-version",
    "x-queue-master-locator",
    "x-max-age",
    "x-stream-max-segment-size-bytes",
    "x-initial-cluster-size",
];

impl QueueArguments {
    /// Quorum-only arguments, read before the generic ones: a refused argument is refused whatever
    /// its value, as RabbitMQ checks the type's list first.
    pub(crate) fn parse_quorum(&mut self, arguments: &Headers) -> Result<(), Error> {
        let parsed = self;
        if let Some(name) = REFUSED.iter().find(|name| arguments.contains_key(**name)) {
            return Err(invalid(name, ArgumentProblem::NotForQuorum));
        }
        if let Some(value) = arguments.get("x-dead-letter-strategy") {
            parsed.dead_letter_strategy = match value.as_str() {
                Some("at-most-once") => DeadLetterStrategy::AtMostOnce,
                Some("at-least-once") => DeadLetterStrategy::AtLeastOnce,
                _ => return Err(invalid("x-dead-letter-strategy", ArgumentProblem::DeadLetterStrategy)),
            };
        }
        if let Some(value) = arguments.get("x-queue-leader-locator") {
            parsed.leader_locator = value
                .as_str()
                .and_then(LeaderLocator::parse)
                .ok_or_else(|| invalid("x-queue-leader-locator", ArgumentProblem::LeaderLocator))?;
        }
        match arguments.get("x-quorum-initial-group-size") {
            None => {}
            Some(HeaderValue::Integer(n)) if *n > 0 => {
                parsed.initial_group_size = Some((*n).min(i64::from(u8::MAX)) as u8)
            }
            Some(_) => return Err(invalid("x-quorum-initial-group-size", ArgumentProblem::GroupSize)),
        }
        Ok(())
    }

    /// The checks `rabbit_quorum_queue:declare` makes after the arguments, in its order.
    pub(crate) fn check_quorum_properties(durable: bool, exclusive: bool, auto_delete: bool) -> Result<(), Error> {
        if auto_delete {
            return Err(invalid("auto_delete", ArgumentProblem::QuorumAutoDelete));
        }
        if exclusive {
            return Err(invalid("exclusive", ArgumentProblem::QuorumExclusive));
        }
        if !durable {
            return Err(invalid("durable", ArgumentProblem::QuorumNotDurable));
        }
        Ok(())
    }

    /// The overflow the queue acts on: a quorum queue takes `reject-publish-dlx` as
    /// `drop-head`.
    pub fn effective_overflow(&self) -> Overflow {
        match (self.queue_type, self.overflow) {
            (QueueType::Quorum, Overflow::RejectPublishDlx) => Overflow::DropHead,
            (_, overflow) => overflow,
        }
    }

    /// The dead-letter strategy the queue acts on (`rabbit_quorum_queue:dlh`): `at-least-once`
    /// needs overflow `reject-publish` and a dead letter exchange; classic queues and streams
    /// have none.
    pub fn effective_dead_letter_strategy(&self) -> Option<DeadLetterStrategy> {
        match self.queue_type {
            QueueType::Classic | QueueType::Stream => None,
            QueueType::Quorum if self.dead_letter_exchange.is_none() => None,
            QueueType::Quorum => Some(match (self.dead_letter_strategy, self.effective_overflow()) {
                (DeadLetterStrategy::AtLeastOnce, Overflow::RejectPublish) => DeadLetterStrategy::AtLeastOnce,
                _ => DeadLetterStrategy::AtMostOnce,
            }),
        }
    }

    /// How many members a new quorum queue asks for.
    pub fn group_size(&self) -> u8 {
        self.initial_group_size.unwrap_or(GROUP_SIZE_DEFAULT)
    }
}

impl Queue {
    /// A quorum queue's ready messages, as `rabbit_fifo` keeps them: returned messages first (rank
    /// 0, in return order), then, with two priority levels (4.0–4.2), high (rank 1) and normal
    /// (rank 2) by arrival, else every message by arrival (rank 1).
    pub(crate) fn quorum_ready_key(&mut self, queued: &Queued, returned: bool) -> ReadyKey {
        let queue = self;
        if returned {
            queue.next_return += 1;
            return (0, queue.next_return);
        }
        let high = queue.priority_levels && queued.message.properties.priority.is_some_and(|p| p > 4);
        match (queue.priority_levels, high) {
            (true, false) => (2, queued.position),
            _ => (1, queued.position),
        }
    }

    /// The key of the message a quorum queue hands out next, and whether taking it counts in the
    /// 2:1 weighting (`rabbit_fifo_q:out`: a counter that goes 0, 1, 2, 0, …, one step per message
    /// taken from the high and normal queues; when it stands at 2 and both hold messages, the one
    /// that arrived first goes; otherwise high goes first).
    pub(crate) fn quorum_next_key(&self) -> Option<ReadyKey> {
        let queue = self;
        let (&first, _) = queue.ready.first_key_value()?;
        if first.0 == 0 || !queue.priority_levels {
            return Some(first);
        }
        let high = queue.ready.range((1, 0)..(2, 0)).next().map(|(k, _)| *k);
        let normal = queue.ready.range((2, 0)..).next().map(|(k, _)| *k);
        match (high, normal) {
            (Some(h), Some(n)) if queue.dequeue_counter == 2 => Some(if h.1 < n.1 { h } else { n }),
            (Some(h), _) => Some(h),
            (None, n) => n,
        }
    }

    /// Steps the weighting counter after a message (not a returned one) left a quorum queue.
    pub(crate) fn count_quorum_dequeue(&mut self, key: ReadyKey) {
        let queue = self;
        if key.0 != 0 && queue.priority_levels {
            queue.dequeue_counter = if queue.dequeue_counter == 2 { 0 } else { queue.dequeue_counter + 1 };
        }
    }

    /// A channel publishes to the queue: its first publish registers its enqueuer session,
    /// blocked at once if the queue is over its limit (`rabbit_fifo`'s `register_enqueuer`).
    pub(crate) fn register_enqueuer(&mut self, channel: super::ChannelId) {
        let queue = self;
        let over = queue.arguments.effective_overflow() == Overflow::RejectPublish && queue.over_limit();
        queue.enqueuers.entry(channel).or_insert(over);
    }

    /// `reject-publish` on a quorum queue, as `rabbit_fifo:evaluate_limit` and
    /// `rabbit_fifo_client` do it (3.10.8): the queue takes every publish from an enqueuer that
    /// is not blocked, even past the limit; once the ready messages are *over* `x-max-length` (or
    /// the bytes over `x-max-length-bytes`) every enqueuer is blocked, and its channel nacks
    /// further publishes itself, until the queue is down to 80% of the limit (`?LOW_LIMIT`,
    /// `trunc(max * 0.8)`), when all are unblocked. So a queue of 2 takes a third message, then
    /// refuses until it holds 1 (`quorum_queue_SUITE:queue_length_limit_reject_publish`: with a
    /// limit of 1 two publishes are acked, the third nacked). Called after every change of the
    /// ready messages.
    pub(crate) fn follow_quorum_limit(&mut self) {
        let queue = self;
        if queue.arguments.queue_type != QueueType::Quorum
            || queue.arguments.effective_overflow() != Overflow::RejectPublish
        {
            return;
        }
        if queue.over_limit() {
            queue.enqueuers.values_mut().for_each(|blocked| *blocked = true);
        } else if queue.below_soft_limit() {
            queue.enqueuers.values_mut().for_each(|blocked| *blocked = false);
        }
    }

    /// Whether a quorum queue refuses a publish from `channel` (`None`: a dead-lettered message,
    /// which the model refuses while the queue is over its limit).
    pub(crate) fn quorum_refuses(&self, channel: Option<super::ChannelId>) -> bool {
        let queue = self;
        match channel {
            Some(channel) => queue.enqueuers.get(&channel).copied().unwrap_or(false),
            None => queue.over_limit(),
        }
    }

    fn below_soft_limit(&self) -> bool {
        let queue = self;
        let soft = |max: u64| max * 8 / 10;
        queue.arguments.max_length.is_none_or(|max| queue.ready_count() as u64 <= soft(max))
            && queue.arguments.max_length_bytes.is_none_or(|max| queue.ready_bytes() <= soft(max))
    }
}

