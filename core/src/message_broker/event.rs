//! What happened in the message broker: every outcome a page animates or a test checks, with
//! the ids and places an animation needs. Their explanations for a learner (`Event::explain`)
//! are in `crate::words`.

use alloc::vec::Vec;

use super::message::Delivery;
use super::exchange::ExchangeKind;
use super::message::DeathReason;
use super::{ChannelId, DeliveryTag, MessageId, NodeId, PublishSequence};
use crate::Name;
use crate::time::SimTime;

#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    pub at: SimTime,
    pub kind: EventKind,
}

/// Why a queue or an exchange went away.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Removal {
    /// A client deleted it.
    Deleted,
    /// Auto-delete: its last consumer (queue) or last binding (exchange) went away.
    AutoDelete,
    /// `x-expires`: unused for that long.
    Expired,
    /// Exclusive queue whose connection closed.
    OwnerClosed,
    /// Not durable (or exclusive), so a broker restart lost it.
    Restart,
    /// A classic queue, not durable (or exclusive), whose node stopped.
    NodeDown,
}

/// Why a message was dropped rather than kept or dead-lettered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DropReason {
    /// It died (`reason`) and its queue has no dead letter exchange.
    Died(DeathReason),
    /// Its queue's dead letter exchange does not exist.
    DeadLetterExchangeMissing(DeathReason),
    /// Dead-lettering it into this queue would close a loop without a rejection.
    DeadLetterCycle,
    /// The dead letter exchange routed it nowhere.
    DeadLetterUnroutable,
    /// Refused by a full queue (`reject-publish`) while being dead-lettered.
    QueueFull,
    /// Transient message, or queue not durable: lost in a restart.
    Restart,
    /// The model holds `MESSAGES_HELD_MAX` messages already.
    ModelLimit,
    /// Routed to a classic queue whose node is stopped.
    QueueDown,
    /// Routed to a quorum queue without a majority by a channel with no enqueuer session
    /// there yet: the session cannot be registered, so the publish is rejected.
    NoQuorum,
    /// Transient, in a durable classic queue whose node stopped.
    NodeDown(NodeId),
}

#[derive(Clone, Debug, PartialEq)]
pub enum EventKind {
    ChannelOpened { channel: ChannelId },
    ChannelClosed { channel: ChannelId },
    ExchangeDeclared { exchange: Name, kind: ExchangeKind },
    ExchangeDeleted { exchange: Name, why: Removal },
    QueueDeclared { queue: Name, durable: bool },
    /// The queue and `messages` it still held are gone (never dead-lettered).
    QueueDeleted { queue: Name, why: Removal, messages: u64 },
    Bound { source: Name, destination: Name, to_exchange: bool, routing_key: Name },
    Unbound { source: Name, destination: Name, to_exchange: bool, routing_key: Name },
    ConsumerStarted { channel: ChannelId, consumer: Name, queue: Name },
    /// `by_broker`: the queue went away under it.
    ConsumerCancelled { channel: ChannelId, consumer: Name, queue: Name, by_broker: bool },
    /// `x-single-active-consumer`: this consumer now receives the queue's messages.
    SingleActiveConsumer { queue: Name, channel: ChannelId, consumer: Name },
    MessagePublished { message: MessageId, channel: ChannelId, exchange: Name, routing_key: Name },
    /// An exchange routed nothing itself and handed the message to its alternate exchange.
    AlternateExchangeUsed { message: MessageId, exchange: Name, alternate: Name },
    /// The set of queues a publish (or a dead-lettering) reached, each once (R6).
    MessageRouted { message: MessageId, exchange: Name, queues: Vec<Name> },
    MessageEnqueued { message: MessageId, queue: Name, ready: usize },
    /// A stream appended the message at `offset` (R21); `rolled`: its segment filled up and a
    /// new one opened, which is when retention runs.
    StreamAppended { message: MessageId, queue: Name, offset: u64, rolled: bool },
    /// Retention (`x-max-length-bytes`, `x-max-age`) removed a whole segment of a stream: the
    /// offsets `first_offset..next_offset` are gone, and the stream's first offset jumps.
    StreamSegmentRemoved { queue: Name, first_offset: u64, next_offset: u64 },
    /// No queue took it and it was not mandatory: dropped.
    MessageUnroutable { message: MessageId, exchange: Name, routing_key: Name },
    /// `basic.return` 312 NO_ROUTE to the publisher (mandatory, no queue).
    MessageReturned { message: MessageId, channel: ChannelId, exchange: Name, routing_key: Name },
    /// A full queue refused it (`reject-publish`, `reject-publish-dlx`).
    PublishRejected { message: MessageId, queue: Name },
    /// Publisher confirm: `ack = false` is a `basic.nack`.
    PublishConfirmed { channel: ChannelId, sequence: PublishSequence, message: MessageId, ack: bool },
    MessageDelivered { delivery: Delivery },
    MessageAcked { message: MessageId, queue: Name, channel: ChannelId, delivery_tag: DeliveryTag },
    MessageRequeued { message: MessageId, queue: Name, channel: ChannelId, delivery_tag: DeliveryTag },
    MessageDeadLettered {
        message: MessageId,
        queue: Name,
        reason: DeathReason,
        dead_letter_exchange: Name,
        routing_keys: Vec<Name>,
    },
    MessageDropped { message: MessageId, queue: Name, why: DropReason },
    /// A delivery stayed unacked longer than the consumer timeout: the broker closes its
    /// channel with 406 PRECONDITION_FAILED (`ChannelClosed` and the requeues follow).
    /// `consumer` is `None` for a `basic.get` delivery.
    AcknowledgementTimedOut {
        channel: ChannelId,
        queue: Name,
        consumer: Option<Name>,
        delivery_tag: DeliveryTag,
        message: MessageId,
        timeout_ms: u64,
    },
    BrokerRestarted { queues_kept: usize, messages_kept: u64, messages_lost: u64 },
    /// A node of the cluster stopped.
    NodeStopped { node: NodeId },
    /// A stopped node started again.
    NodeStarted { node: NodeId },
    /// A quorum queue's members elected `leader` for `term` (`previous`: the leader before,
    /// if there was one).
    LeaderElected { queue: Name, leader: NodeId, previous: Option<NodeId>, term: u64 },
    /// The queue can no longer serve: a quorum queue with `running` of its `members` running,
    /// fewer than a majority; a classic queue (1 member) whose node stopped.
    QueueUnavailable { queue: Name, running: usize, members: usize },
    /// The queue serves again; a quorum queue takes the `waiting` publishes first.
    QueueAvailable { queue: Name, waiting: usize },
    /// Published to a quorum queue without a majority: it waits (`waiting` now) for one.
    MessageWaiting { message: MessageId, queue: Name, waiting: usize },
}

impl Event {
    /// A short name of the event's kind, for filters and styling.
    pub fn kind_name(&self) -> &'static str {
        match &self.kind {
            EventKind::ChannelOpened { .. } => "channel_opened",
            EventKind::ChannelClosed { .. } => "channel_closed",
            EventKind::ExchangeDeclared { .. } => "exchange_declared",
            EventKind::ExchangeDeleted { .. } => "exchange_deleted",
            EventKind::QueueDeclared { .. } => "queue_declared",
            EventKind::QueueDeleted { .. } => "queue_deleted",
            EventKind::Bound { .. } => "bound",
            EventKind::Unbound { .. } => "unbound",
            EventKind::ConsumerStarted { .. } => "consumer_started",
            EventKind::ConsumerCancelled { .. } => "consumer_cancelled",
            EventKind::SingleActiveConsumer { .. } => "single_active_consumer",
            EventKind::MessagePublished { .. } => "message_published",
            EventKind::AlternateExchangeUsed { .. } => "alternate_exchange_used",
            EventKind::MessageRouted { .. } => "message_routed",
            EventKind::MessageEnqueued { .. } => "message_enqueued",
            EventKind::StreamAppended { .. } => "stream_appended",
            EventKind::StreamSegmentRemoved { .. } => "stream_segment_removed",
            EventKind::MessageUnroutable { .. } => "message_unroutable",
            EventKind::MessageReturned { .. } => "message_returned",
            EventKind::PublishRejected { .. } => "publish_rejected",
            EventKind::PublishConfirmed { .. } => "publish_confirmed",
            EventKind::MessageDelivered { .. } => "message_delivered",
            EventKind::MessageAcked { .. } => "message_acked",
            EventKind::MessageRequeued { .. } => "message_requeued",
            EventKind::MessageDeadLettered { .. } => "message_dead_lettered",
            EventKind::MessageDropped { .. } => "message_dropped",
            EventKind::AcknowledgementTimedOut { .. } => "acknowledgement_timed_out",
            EventKind::BrokerRestarted { .. } => "broker_restarted",
            EventKind::NodeStopped { .. } => "node_stopped",
            EventKind::NodeStarted { .. } => "node_started",
            EventKind::LeaderElected { .. } => "leader_elected",
            EventKind::QueueUnavailable { .. } => "queue_unavailable",
            EventKind::QueueAvailable { .. } => "queue_available",
            EventKind::MessageWaiting { .. } => "message_waiting",
        }
    }
}
