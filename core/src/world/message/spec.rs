//! What a scenario says about the message side (its `message_broker` block), the commands a
//! page or script gives it, and the errors either can meet.

use alloc::collections::BTreeMap;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;
use serde::{Deserialize, Serialize};


/// The `message_broker` block of a scenario. `definitions` is RabbitMQ's own definitions.json
/// format, so an export from a real broker can be pasted in.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MessageBrokerSpec {
    #[serde(default)]
    pub definitions: serde_json::Value,
    #[serde(default)]
    pub publishers: Vec<PublisherSpec>,
    #[serde(default)]
    pub consumers: Vec<ConsumerSpec>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublisherSpec {
    pub name: String,
    /// `""` is the default exchange (the routing key names the queue).
    #[serde(default)]
    pub exchange: String,
    /// Used in turn, one per message.
    #[serde(default)]
    pub routing_keys: Vec<String>,
    /// Publishes one message every this many milliseconds; `None`: only on command.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub every_ms: Option<u64>,
    #[serde(default)]
    pub headers: BTreeMap<String, serde_json::Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expiration_ms: Option<u64>,
    /// `delivery_mode = 2`.
    #[serde(default)]
    pub persistent: bool,
    #[serde(default)]
    pub mandatory: bool,
    /// Publisher confirms (`confirm.select`).
    #[serde(default)]
    pub confirms: bool,
}

/// What a consumer does with a message once processed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Settle {
    /// `basic.ack`.
    #[default]
    Ack,
    /// `basic.nack` with `requeue = true`: back to its place in the queue, redelivered.
    NackRequeue,
    /// `basic.reject` with `requeue = false`: dead-lettered, or dropped without a DLX.
    Reject,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConsumerSpec {
    pub name: String,
    pub queue: String,
    /// `basic.qos` prefetch count; 0 is unlimited.
    #[serde(default = "default_prefetch")]
    pub prefetch: u16,
    /// Automatic acknowledgement: the broker forgets a message the moment it sends it.
    #[serde(default)]
    pub auto_ack: bool,
    #[serde(default = "default_processing_ms")]
    pub processing_ms: u64,
    /// Per mille of messages that fail processing and are settled with `on_failure`.
    #[serde(default)]
    pub failure_per_mille: u32,
    #[serde(default = "default_on_failure")]
    pub on_failure: Settle,
}

fn default_prefetch() -> u16 {
    1
}
fn default_processing_ms() -> u64 {
    400
}
fn default_on_failure() -> Settle {
    Settle::NackRequeue
}

/// A request to the message side. Names refer to declared clients.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum MessageCommand {
    /// One message from `publisher`, optionally overriding its routing key.
    Publish {
        publisher: String,
        #[serde(default)]
        routing_key: Option<String>,
    },
    /// `count` messages at once.
    Flood { publisher: String, count: u32 },
    /// The consumer's process dies: its channel closes and its unacked messages are requeued.
    CrashConsumer { consumer: String },
    /// The consumer closes its channel on purpose (same effect on the broker as a crash).
    CloseChannel { consumer: String },
    /// A crashed consumer starts again on a new channel.
    ReviveConsumer { consumer: String },
    /// The consumer stops processing and acking (it keeps its unacked deliveries).
    PauseConsumer { consumer: String },
    ResumeConsumer { consumer: String },
    /// The broker restarts: durable queues and persistent messages survive (R14).
    RestartBroker,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MessageCommandError {
    UnknownPublisher(String),
    UnknownConsumer(String),
    FloodTooLarge { count: u32, max: u32 },
    /// The consumer is not in a state this command applies to.
    ConsumerState { consumer: String, state: &'static str, command: &'static str },
    /// The broker refused (for example, the exchange no longer exists).
    Broker(String),
}

impl fmt::Display for MessageCommandError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MessageCommandError::UnknownPublisher(n) => write!(f, "there is no publisher named {n:?}"),
            MessageCommandError::UnknownConsumer(n) => write!(f, "there is no consumer named {n:?}"),
            MessageCommandError::FloodTooLarge { count, max } => write!(f, "a flood of {count} is too large; at most {max}"),
            MessageCommandError::ConsumerState { consumer, state, command } => {
                write!(f, "{consumer} is {state}, so it cannot {command}")
            }
            MessageCommandError::Broker(message) => write!(f, "the broker refused: {message}"),
        }
    }
}

/// Why a scenario's message-broker block was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MessageSpecError {
    Definitions(String),
    TooMany { what: &'static str, count: usize, max: usize },
    DuplicateName(String),
    InvalidName(String),
    UnknownQueue { consumer: String, queue: String },
    UnknownExchange { publisher: String, exchange: String },
    InvalidHeaders { publisher: String },
    OutOfRange { field: String, value: u64, max: u64 },
}

impl fmt::Display for MessageSpecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MessageSpecError::Definitions(m) => write!(f, "message_broker.definitions: {m}"),
            MessageSpecError::TooMany { what, count, max } => write!(f, "{count} {what}; at most {max}"),
            MessageSpecError::DuplicateName(n) => write!(f, "two message-broker clients are named {n:?}"),
            MessageSpecError::InvalidName(n) => {
                write!(f, "client name {n:?} must be 1 to 64 bytes without control characters")
            }
            MessageSpecError::UnknownQueue { consumer, queue } => {
                write!(f, "consumer {consumer:?} reads queue {queue:?}, which the definitions do not declare")
            }
            MessageSpecError::UnknownExchange { publisher, exchange } => {
                write!(f, "publisher {publisher:?} publishes to exchange {exchange:?}, which the definitions do not declare")
            }
            MessageSpecError::InvalidHeaders { publisher } => write!(f, "publisher {publisher:?}: headers must be a JSON object"),
            MessageSpecError::OutOfRange { field, value, max } => write!(f, "{field} is {value}; at most {max}"),
        }
    }
}

