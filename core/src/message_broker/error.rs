//! Misuse: what RabbitMQ answers with a channel or connection exception. Each is an `Err` that
//! changed nothing in the model. (RabbitMQ also closes the channel on a channel exception; the
//! caller decides whether to mirror that with `close_channel`, see [`Error::closes_channel`].)
//! The reply text (`Display`, in English as RabbitMQ writes it) and its explanation in other
//! languages (`explain`) are in `crate::words`.

use alloc::string::String;

use super::{ChannelId, DeliveryTag, NodeId};
use crate::Name;
use crate::time::SimTime;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Error {
    /// 404 NOT_FOUND.
    ExchangeNotFound(Name),
    /// 404 NOT_FOUND.
    QueueNotFound(Name),
    /// 403 ACCESS_REFUSED: the default exchange cannot be bound, unbound, declared or deleted.
    DefaultExchangeAccess,
    /// 403 ACCESS_REFUSED: names starting `amq.` are reserved.
    ReservedName(Name),
    /// 403 ACCESS_REFUSED: clients cannot publish to an internal exchange.
    InternalExchange(Name),
    /// 403 ACCESS_REFUSED: the queue has an exclusive consumer, or exclusivity was asked of a
    /// queue that has consumers.
    ExclusiveConsumer(Name),
    /// 405 RESOURCE_LOCKED: the queue is exclusive to another connection.
    ResourceLocked(Name),
    /// 406 PRECONDITION_FAILED: redeclared with a different `field`.
    ExchangeInequivalent { exchange: Name, field: &'static str },
    /// 406 PRECONDITION_FAILED: redeclared with a different `field`.
    QueueInequivalent { queue: Name, field: &'static str },
    /// 406 PRECONDITION_FAILED: an argument of the wrong type or out of range.
    InvalidArgument { name: Name, problem: ArgumentProblem },
    /// 406 PRECONDITION_FAILED: ack, nack or reject of a tag the channel does not hold.
    UnknownDeliveryTag(DeliveryTag),
    /// 406 PRECONDITION_FAILED: `delete if-unused` of a queue with consumers or an exchange
    /// with bindings.
    InUse(Name),
    /// 406 PRECONDITION_FAILED: `delete if-empty` of a queue holding messages.
    NotEmpty(Name),
    /// 504 CHANNEL_ERROR.
    ChannelNotOpen(ChannelId),
    /// 504 CHANNEL_ERROR.
    ChannelAlreadyOpen(ChannelId),
    /// 530 NOT_ALLOWED: the consumer tag is taken on this channel.
    ConsumerTagInUse(Name),
    /// 540 NOT_IMPLEMENTED: a feature outside the model.
    NotImplemented(&'static str),
    /// 406 PRECONDITION_FAILED: a stream consumer needs a prefetch (`basic.qos` before
    /// `basic.consume`; `rabbit_stream_queue:consume/3`).
    StreamPrefetchRequired(Name),
    /// 540 NOT_IMPLEMENTED, a connection error: what a stream does not do over AMQP 0-9-1
    /// (`rabbit_stream_queue`: `consume/3`, `dequeue/4`, `settle/4`).
    StreamUnsupported { queue: Name, what: StreamUnsupported },
    /// 541 INTERNAL_ERROR, a connection error: an `x-stream-offset` RabbitMQ cannot read
    /// (3.10.8 fails this way on `bogus` or a boolean); `found` is the text or the AMQP type.
    StreamOffsetInvalid { found: Name },
    /// Misuse of the model itself: `now` is earlier than a time already seen.
    TimeWentBackwards { now: SimTime, requested: SimTime },
    /// Misuse of the model itself: a bound from `message_broker`'s `*_MAX` was reached.
    LimitReached { what: Limit, max: usize },
    /// 404 NOT_FOUND: a classic queue whose node is stopped ("home node … of durable queue …
    /// is down or inaccessible", `rabbit_amqqueue:priv_absent`).
    QueueDown { queue: Name, node: NodeId },
    /// `basic.get` from a quorum queue with fewer than a majority of members running. RabbitMQ
    /// answers once its Ra command times out (`rabbit_fifo_client:dequeue`); the model refuses
    /// at once, with no AMQP code (0).
    QueueUnavailable(Name),
    /// Misuse of the model itself: no such node in the cluster.
    NodeNotFound(NodeId),
    /// Misuse of the model itself: stopping a stopped node or starting a running one.
    NodeState { node: NodeId, running: bool },
    /// Misuse of the model itself: the last running node cannot stop (the model's clients
    /// talk to the cluster through a running node).
    LastRunningNode(NodeId),
    /// Misuse of the model itself: a cluster of 0 nodes or more than `NODES_MAX`, or a size
    /// change once queues hold messages.
    ClusterSize { nodes: u8, max: usize },
}

/// What is wrong with an argument (a queue's `x-` arguments, `durable` and `exclusive` of a
/// quorum queue, a publish's `CC`/`BCC`, a binding's `x-match`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ArgumentProblem {
    /// `x-queue-type` is not classic, quorum or stream.
    QueueType,
    /// `x-overflow` is not drop-head, reject-publish or reject-publish-dlx.
    Overflow,
    /// `x-match` is not all, any, all-with-x or any-with-x; `found` is the value as given.
    XMatch { found: String },
    /// Zero where a time must be positive (`x-expires`).
    NotPositive,
    /// A negative number where a count or a time is asked.
    Negative(i64),
    /// An integer is asked; `found` is the AMQP type given (`string`, `table`, …).
    IntegerExpected { found: &'static str },
    /// A string is asked; `found` is the AMQP type given.
    StringExpected { found: &'static str },
    /// `x-delivery-limit` is not an integer.
    NotAnInteger,
    /// `x-single-active-consumer` is not a boolean.
    NotABoolean,
    /// `CC` or `BCC` is not an array of strings.
    NotStrings,
    /// `x-max-priority` is above `PRIORITY_MAX`.
    PriorityTooHigh,
    /// `x-dead-letter-routing-key` without `x-dead-letter-exchange`.
    NeedsDeadLetterExchange,
    /// A quorum queue declared not durable.
    QuorumNotDurable,
    /// A quorum queue declared exclusive.
    QuorumExclusive,
    /// A quorum queue declared auto-delete.
    QuorumAutoDelete,
    /// An argument of another queue type (`x-max-priority`, `x-queue-mode`, …) on a quorum
    /// queue: "invalid arg … of queue type rabbit_quorum_queue".
    NotForQuorum,
    /// `x-dead-letter-strategy` is not at-most-once or at-least-once.
    DeadLetterStrategy,
    /// `x-queue-leader-locator` is not client-local or balanced (or a deprecated name).
    LeaderLocator,
    /// `x-quorum-initial-group-size` is not a positive integer.
    GroupSize,
    /// A queue argument the stream type does not accept (`stream::STREAM_REFUSED_ARGUMENTS`).
    StreamArgument,
    /// `x-max-age` is not digits and a unit (`Y`, `M`, `D`, `h`, `m`, `s`).
    MaxAge,
    /// A stream declared not durable ("invalid property 'non-durable'").
    StreamNonDurable,
    /// A stream declared exclusive ("invalid property 'exclusive-owner'").
    StreamExclusive,
    /// A stream declared auto-delete ("invalid property 'auto-delete'").
    StreamAutoDelete,
    /// A stream declared without a name: the stream type does not take server-chosen names.
    StreamServerNamed,
}

/// What a stream refuses over AMQP 0-9-1.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StreamUnsupported {
    /// `basic.consume` with `no-ack`.
    AutomaticAcknowledgement,
    /// `basic.get`.
    Get,
    /// `basic.nack` or `basic.reject` of a stream delivery.
    NackOrReject,
}

/// A bound of the message broker model (`message_broker`'s `*_MAX`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Limit {
    Channels,
    Consumers,
    Exchanges,
    Queues,
    Bindings,
    /// Bytes in one message body.
    BodyBytes,
    /// Messages held in all queues together.
    MessagesHeld,
    /// Bytes in a name (exchange, queue, routing key, consumer tag).
    NameBytes,
}

impl Error {
    /// AMQP's reply code, or 0 for misuse of the model.
    pub fn reply_code(&self) -> u16 {
        match self {
            Error::ExchangeNotFound(_) | Error::QueueNotFound(_) | Error::QueueDown { .. } => 404,
            Error::DefaultExchangeAccess
            | Error::ReservedName(_)
            | Error::InternalExchange(_)
            | Error::ExclusiveConsumer(_) => 403,
            Error::ResourceLocked(_) => 405,
            Error::ExchangeInequivalent { .. }
            | Error::QueueInequivalent { .. }
            | Error::InvalidArgument { .. }
            | Error::UnknownDeliveryTag(_)
            | Error::InUse(_)
            | Error::NotEmpty(_)
            | Error::StreamPrefetchRequired(_) => 406,
            Error::ChannelNotOpen(_) | Error::ChannelAlreadyOpen(_) => 504,
            Error::ConsumerTagInUse(_) => 530,
            Error::NotImplemented(_) | Error::StreamUnsupported { .. } => 540,
            Error::StreamOffsetInvalid { .. } => 541,
            Error::TimeWentBackwards { .. }
            | Error::LimitReached { .. }
            | Error::QueueUnavailable(_)
            | Error::NodeNotFound(_)
            | Error::NodeState { .. }
            | Error::LastRunningNode(_)
            | Error::ClusterSize { .. } => 0,
        }
    }

    /// AMQP's reply text prefix.
    pub fn reply_name(&self) -> &'static str {
        match self.reply_code() {
            403 => "ACCESS_REFUSED",
            404 => "NOT_FOUND",
            405 => "RESOURCE_LOCKED",
            406 => "PRECONDITION_FAILED",
            504 => "CHANNEL_ERROR",
            530 => "NOT_ALLOWED",
            540 => "NOT_IMPLEMENTED",
            541 => "INTERNAL_ERROR",
            _ => "MODEL_MISUSE",
        }
    }

    /// Whether RabbitMQ answers with a channel exception (closing only the channel) rather than
    /// a connection exception (530, 540, 541, 504) or nothing (model misuse).
    pub fn closes_channel(&self) -> bool {
        matches!(self.reply_code(), 403..=406)
    }
}

/// 406 PRECONDITION_FAILED for the declare argument `name`: `problem` (every queue type's
/// argument checks share it).
pub(crate) fn invalid(name: &str, problem: ArgumentProblem) -> Error {
    Error::InvalidArgument { name: Name::from(name), problem }
}

/// A declare argument that must be a whole number of 0 or more, if present.
pub(crate) fn non_negative(arguments: &super::headers::Headers, name: &str) -> Result<Option<u64>, Error> {
    use super::headers::HeaderValue;
    match arguments.get(name) {
        None => Ok(None),
        Some(HeaderValue::Integer(n)) if *n >= 0 => Ok(Some(*n as u64)),
        Some(HeaderValue::Integer(n)) => Err(invalid(name, ArgumentProblem::Negative(*n))),
        Some(other) => Err(invalid(name, ArgumentProblem::IntegerExpected { found: other.type_name() })),
    }
}
