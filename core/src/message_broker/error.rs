//! Misuse: what RabbitMQ answers with a channel or connection exception. Each is an `Err` that
//! changed nothing in the model. (RabbitMQ also closes the channel on a channel exception; the
//! caller decides whether to mirror that with `close_channel`, see [`Error::closes_channel`].)

use alloc::string::String;
use core::fmt;

use super::{ChannelId, DeliveryTag};
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
    InvalidArgument { name: Name, problem: String },
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
    /// 540 NOT_IMPLEMENTED: a feature outside the model (streams, say).
    NotImplemented(&'static str),
    /// Misuse of the model itself: `now` is earlier than a time already seen.
    TimeWentBackwards { now: SimTime, requested: SimTime },
    /// Misuse of the model itself: a bound from `message_broker`'s `*_MAX` was reached.
    LimitReached { what: &'static str, max: usize },
}

impl Error {
    /// AMQP's reply code, or 0 for misuse of the model.
    pub fn reply_code(&self) -> u16 {
        match self {
            Error::ExchangeNotFound(_) | Error::QueueNotFound(_) => 404,
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
            | Error::NotEmpty(_) => 406,
            Error::ChannelNotOpen(_) | Error::ChannelAlreadyOpen(_) => 504,
            Error::ConsumerTagInUse(_) => 530,
            Error::NotImplemented(_) => 540,
            Error::TimeWentBackwards { .. } | Error::LimitReached { .. } => 0,
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
            _ => "MODEL_MISUSE",
        }
    }

    /// Whether RabbitMQ answers with a channel exception (closing only the channel) rather than
    /// a connection exception (530, 540, 504) or nothing (model misuse).
    pub fn closes_channel(&self) -> bool {
        matches!(self.reply_code(), 403..=406)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {} - ", self.reply_code(), self.reply_name())?;
        match self {
            Error::ExchangeNotFound(name) => write!(f, "no exchange '{name}'"),
            Error::QueueNotFound(name) => write!(f, "no queue '{name}'"),
            Error::DefaultExchangeAccess => f.write_str("operation not permitted on the default exchange"),
            Error::ReservedName(name) => write!(f, "name '{name}' is reserved (amq.*)"),
            Error::InternalExchange(name) => write!(f, "cannot publish to internal exchange '{name}'"),
            Error::ExclusiveConsumer(name) => write!(f, "queue '{name}' in exclusive use"),
            Error::ResourceLocked(name) => {
                write!(f, "cannot obtain exclusive access to locked queue '{name}'")
            }
            Error::ExchangeInequivalent { exchange, field } => {
                write!(f, "inequivalent arg '{field}' for exchange '{exchange}'")
            }
            Error::QueueInequivalent { queue, field } => write!(f, "inequivalent arg '{field}' for queue '{queue}'"),
            Error::InvalidArgument { name, problem } => write!(f, "invalid arg '{name}': {problem}"),
            Error::UnknownDeliveryTag(tag) => write!(f, "unknown delivery tag {tag}"),
            Error::InUse(name) => write!(f, "'{name}' in use"),
            Error::NotEmpty(name) => write!(f, "queue '{name}' not empty"),
            Error::ChannelNotOpen(channel) => write!(f, "{channel} is not open"),
            Error::ChannelAlreadyOpen(channel) => write!(f, "{channel} is already open"),
            Error::ConsumerTagInUse(tag) => write!(f, "attempt to reuse consumer tag '{tag}'"),
            Error::NotImplemented(what) => write!(f, "{what} is not modelled"),
            Error::TimeWentBackwards { now, requested } => {
                write!(f, "time went backwards: at {now}, asked for {requested}")
            }
            Error::LimitReached { what, max } => write!(f, "more than {max} {what}"),
        }
    }
}
