//! The AMQP methods' arguments and answers that `MessageBroker` takes and gives:
//! `exchange.declare`, `queue.declare` and its `declare-ok`, `basic.consume`, what a publish
//! did, and the headers a delivery carries. Plain data; the broker (`broker.rs`) gives them
//! meaning.

use alloc::vec::Vec;

use super::headers::{HeaderValue, Headers};
pub use super::message::Delivery;
use super::exchange::ExchangeKind;
use super::{MessageId, PublishSequence};
use crate::Name;

/// `exchange.declare`.
#[derive(Clone, Debug, PartialEq)]
pub struct ExchangeDeclare {
    pub name: Name,
    pub kind: ExchangeKind,
    pub passive: bool,
    pub durable: bool,
    pub auto_delete: bool,
    pub internal: bool,
    /// `alternate-exchange` is the one the model acts on.
    pub arguments: Headers,
}

impl ExchangeDeclare {
    /// A durable exchange of `kind`, no flags, no arguments.
    pub fn new(name: &str, kind: ExchangeKind) -> ExchangeDeclare {
        ExchangeDeclare {
            name: name.into(),
            kind,
            passive: false,
            durable: true,
            auto_delete: false,
            internal: false,
            arguments: Headers::new(),
        }
    }
}

/// `queue.declare`.
#[derive(Clone, Debug, PartialEq)]
pub struct QueueDeclare {
    /// Empty: the broker names it (`amq.gen-…`).
    pub name: Name,
    pub passive: bool,
    pub durable: bool,
    pub exclusive: bool,
    pub auto_delete: bool,
    pub arguments: Headers,
}

impl QueueDeclare {
    /// A durable queue, no flags, no arguments.
    pub fn new(name: &str) -> QueueDeclare {
        QueueDeclare {
            name: name.into(),
            passive: false,
            durable: true,
            exclusive: false,
            auto_delete: false,
            arguments: Headers::new(),
        }
    }
}

/// `queue.declare-ok`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeclareOk {
    pub queue: Name,
    pub message_count: usize,
    pub consumer_count: usize,
}

/// `basic.consume`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Consume {
    pub queue: Name,
    /// None: the broker picks one (`amq.ctag-…`).
    pub consumer_tag: Option<Name>,
    /// Automatic acknowledgement: a message is forgotten as soon as it is sent.
    pub no_ack: bool,
    pub exclusive: bool,
    /// `basic.consume` arguments; streams read `x-stream-offset` (`broker/stream.rs`).
    pub arguments: Headers,
}

impl Consume {
    /// A manual-ack consumer with a broker-chosen tag.
    pub fn new(queue: &str) -> Consume {
        Consume { queue: queue.into(), consumer_tag: None, no_ack: false, exclusive: false, arguments: Headers::new() }
    }
}

/// What a publish did, for the caller (the same story is told by events).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Published {
    pub message: MessageId,
    /// Every queue the message was routed to, sorted, each once (R6); a queue that refused it
    /// (`reject-publish`) is included.
    pub queues: Vec<Name>,
    /// Returned with `basic.return` (mandatory, no queue).
    pub returned: bool,
    /// In confirm mode: the sequence number and whether it was acked (false: nacked); `None`
    /// inside while the message waits for a quorum queue to regain a majority of members (the
    /// answer then comes as a `PublishConfirmed` event).
    pub confirm: Option<(PublishSequence, Option<bool>)>,
}


impl Delivery {
    /// The headers the client receives: the message's, `x-death` and friends, quorum queues'
    /// `x-delivery-count` (see [`Delivery::delivery_count`]), and a stream's `x-stream-offset`
    /// (seen as a signed 64-bit integer on RabbitMQ 3.10.8).
    pub fn headers(&self) -> Headers {
        let mut headers = self.message.headers();
        if let Some(count) = self.delivery_count {
            headers.insert("x-delivery-count".into(), HeaderValue::Integer(i64::from(count)));
        }
        if let Some(offset) = self.stream_offset {
            headers.insert("x-stream-offset".into(), HeaderValue::Integer(i64::try_from(offset).unwrap_or(i64::MAX)));
        }
        headers
    }
}
