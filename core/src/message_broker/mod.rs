//! The message broker: a model of RabbitMQ (AMQP 0-9-1).
//!
//! Owns exchanges, bindings, queues and their messages, consumers and their unacked
//! deliveries. It knows nothing of simulated clients, links or drawing.
//!
//! The API is AMQP's methods ([`MessageBroker::declare_exchange`], `declare_queue`, `bind_queue`,
//! `publish`, `consume`, `qos`, `get`, `ack`, `nack`, `reject`, `cancel`, `close_channel`,
//! `restart`), each on a channel where AMQP has one, with delivery tags per channel, so the same
//! operations can drive a real RabbitMQ and this model side by side.
//!
//! Shape, as for the rest of the core: every command takes `now` and first lets time pass up to
//! it (what the broker does on its own by then: expire messages at queue heads, expire unused
//! queues); the command itself is atomic (on `Err` it changed nothing). Outcomes are
//! [`Event`]s, drained with [`MessageBroker::poll_event`] after every call.
//!
//! Leaves: [`topic`] and [`headers`] are pure matchers; [`stream`] is a stream's log; [`definitions`] reads and writes
//! RabbitMQ's definitions.json.

pub mod broker;
pub mod cluster;
pub mod definitions;
pub mod error;
pub mod event;
pub mod exchange;
pub mod headers;
pub mod message;
pub mod methods;
pub mod queue;
pub mod quorum;
pub mod stream;
pub mod topic;

use core::fmt;

pub use broker::{
    Consume, DeclareOk, Delivery, ExchangeDeclare, MessageBroker, Published, QueueDeclare,
};
pub use cluster::{Cluster, LeaderLocator, NodeId, Placement, Replicas};
pub use error::{ArgumentProblem, Error, Limit, StreamUnsupported};
pub use event::{Event, EventKind};
pub use exchange::{Binding, Destination, Exchange, ExchangeKind};
pub use headers::{HeaderValue, Headers};
pub use message::{DeathReason, DeliveryMode, Message, Properties, Publish};
pub use queue::{DeadLetterStrategy, Overflow, Queue, QueueArguments, QueueType, StreamState};
pub use stream::{OffsetSpec, Segment, StreamLog, StreamSettings};

/// Exchanges, the predeclared ones included.
pub const EXCHANGES_MAX: usize = 256;
/// Queues.
pub const QUEUES_MAX: usize = 256;
/// Bindings over all exchanges. A topic exchange must stay fast at 10,000.
pub const BINDINGS_MAX: usize = 20_000;
/// Open channels over all connections.
pub const CHANNELS_MAX: usize = 256;
/// Consumers over all channels.
pub const CONSUMERS_MAX: usize = 1024;
/// Messages held (ready and unacked) over all queues, streams' logs included; a publish
/// beyond it is refused.
pub const MESSAGES_HELD_MAX: usize = 100_000;
/// Bytes of an exchange, queue or consumer tag name: AMQP's short string.
pub const NAME_BYTES_MAX: usize = 255;
/// Bytes of a message body.
pub const BODY_BYTES_MAX: usize = 1 << 16;
/// Nodes in the message broker's cluster (a scenario's `nodes`); quorum queues have members on
/// up to this many.
pub const NODES_MAX: usize = 7;
/// `x-max-priority` above this is refused, as RabbitMQ does.
pub const PRIORITY_MAX: u8 = 255;
/// RabbitMQ's `consumer_timeout` default: 30 minutes (rabbitmq-website `consumers.md`,
/// "Delivery Acknowledgement Timeout").
pub const CONSUMER_TIMEOUT_DEFAULT_MS: u64 = 1_800_000;

const _: () = assert!(BINDINGS_MAX >= 10_000);
const _: () = assert!(CONSUMERS_MAX >= CHANNELS_MAX);

/// Identifies one published message across the whole run. Copies in several queues, and the
/// dead-lettered copy, keep the id, so an animation can follow one token.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MessageId(pub u64);

/// An AMQP channel: its connection and its number on that connection. Exclusive queues belong
/// to the connection.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ChannelId {
    pub connection: u32,
    pub number: u16,
}

impl MessageBroker {
    /// Follow `version` where RabbitMQ versions differ (`crate::versions`); a new broker
    /// follows [`RabbitMqVersion::UNNAMED`](crate::versions::RabbitMqVersion::UNNAMED), the
    /// newest. Set it before the first publish.
    pub fn follow_version(&mut self, version: crate::versions::RabbitMqVersion) {
        self.version = version;
        self.follow_version_in_queues();
    }

    pub fn version(&self) -> crate::versions::RabbitMqVersion {
        self.version
    }

    /// RabbitMQ's `consumer_timeout`: a channel whose oldest unacked delivery is older than
    /// this is closed with 406 PRECONDITION_FAILED and its deliveries requeued
    /// (`broker/channels.rs`); `None` turns it off. A new broker has
    /// [`CONSUMER_TIMEOUT_DEFAULT_MS`]. Set it before the first delivery.
    pub fn follow_consumer_timeout(&mut self, timeout_ms: Option<u64>) {
        self.consumer_timeout_ms = timeout_ms;
    }

    pub fn consumer_timeout_ms(&self) -> Option<u64> {
        self.consumer_timeout_ms
    }
}

impl ChannelId {
    pub fn new(connection: u32, number: u16) -> ChannelId {
        ChannelId { connection, number }
    }
}

/// Numbers a channel's deliveries from 1 (AMQP's `delivery-tag`), per channel.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DeliveryTag(pub u64);

/// Numbers a channel's publishes from 1 once it is in confirm mode (`publish-seq-no`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PublishSequence(pub u64);

impl fmt::Display for MessageId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "m{}", self.0)
    }
}

impl fmt::Display for ChannelId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "connection {} channel {}", self.connection, self.number)
    }
}

impl fmt::Display for DeliveryTag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}
