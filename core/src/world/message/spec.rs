//! What a scenario says about the message side (its `message_broker` block), the commands a
//! page or script gives it, and the errors either can meet.

use alloc::collections::BTreeMap;
use alloc::string::String;
use alloc::vec::Vec;
use serde::{Deserialize, Serialize};

use crate::message_broker::Error;
use crate::message_broker::definitions::DefinitionsError;
use crate::versions::RabbitMqVersion;

/// The `message_broker` block of a scenario. `definitions` is RabbitMQ's own definitions.json
/// format, so an export from a real broker can be pasted in.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MessageBrokerSpec {
    /// The RabbitMQ version whose behaviour the model follows (`"3.10"`, `"3.13"` or
    /// `"4.2"`). Left out (and left out of the JSON when it is 4.2): 4.2, the newest (see
    /// `crate::versions`).
    #[serde(default, skip_serializing_if = "RabbitMqVersion::is_unnamed")]
    pub rabbitmq_version: RabbitMqVersion,
    /// RabbitMQ's `consumer_timeout` in milliseconds: a channel holding a delivery unacked
    /// longer is closed and its deliveries requeued. Left out: 30 minutes, RabbitMQ's default;
    /// `null`: no timeout.
    #[serde(default = "consumer_timeout_default", skip_serializing_if = "is_consumer_timeout_default")]
    pub consumer_timeout_ms: Option<u64>,
    /// Nodes in the cluster, 1 to `NODES_MAX` (left out: 1). Quorum queues get members on up
    /// to `x-quorum-initial-group-size` of them; `stop_node` and `start_node` act on them.
    #[serde(default = "nodes_default", skip_serializing_if = "is_nodes_default")]
    pub nodes: u8,
    #[serde(default)]
    pub definitions: serde_json::Value,
    #[serde(default)]
    pub publishers: Vec<PublisherSpec>,
    #[serde(default)]
    pub consumers: Vec<ConsumerSpec>,
}

impl Default for MessageBrokerSpec {
    fn default() -> Self {
        MessageBrokerSpec {
            rabbitmq_version: RabbitMqVersion::default(),
            consumer_timeout_ms: consumer_timeout_default(),
            nodes: nodes_default(),
            definitions: serde_json::Value::Null,
            publishers: Vec::new(),
            consumers: Vec::new(),
        }
    }
}

fn consumer_timeout_default() -> Option<u64> {
    Some(crate::message_broker::CONSUMER_TIMEOUT_DEFAULT_MS)
}

fn is_consumer_timeout_default(timeout_ms: &Option<u64>) -> bool {
    *timeout_ms == consumer_timeout_default()
}

fn nodes_default() -> u8 {
    1
}

fn is_nodes_default(nodes: &u8) -> bool {
    *nodes == 1
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
    /// Streams: where the consumer starts reading (`x-stream-offset`): `"first"`, `"last"`,
    /// `"next"` (RabbitMQ's default), a numeric offset, or an interval such as `"1h"`. A
    /// stream consumer needs a prefetch above 0 and no `auto_ack`, as in RabbitMQ.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stream_offset: Option<serde_json::Value>,
}

impl ConsumerSpec {
    /// A consumer of a stream that would nack or reject a failed message is refused with the
    /// error RabbitMQ closes its connection with at the first such settle (540 NOT_IMPLEMENTED,
    /// `rabbit_stream_queue:settle/4`): a stream consumer can only ack.
    pub(super) fn check_stream_settle(&self, broker: &crate::message_broker::MessageBroker) -> Result<(), MessageSpecError> {
        let stream = broker.queue(&self.queue).is_some_and(|q| q.stream().is_some());
        if stream && self.failure_per_mille > 0 && self.on_failure != Settle::Ack {
            let what = crate::message_broker::StreamUnsupported::NackOrReject;
            return Err(MessageSpecError::Clients { error: Error::StreamUnsupported { queue: self.queue.as_str().into(), what } });
        }
        Ok(())
    }
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
    /// Node `node` (from 1) of the cluster stops: its classic queues go down, quorum queues
    /// with a member there elect a new leader or, without a majority, stop serving (R20).
    StopNode { node: u8 },
    /// A stopped node starts again.
    StartNode { node: u8 },
}

/// Why a message command was refused; nothing changed. Its words (`Display`, `explain`) are
/// in `crate::words`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MessageCommandError {
    UnknownPublisher(String),
    UnknownConsumer(String),
    FloodTooLarge { count: u32, max: u32 },
    /// The consumer is not in a state this command applies to.
    ConsumerState { consumer: String, state: ConsumerState, command: ConsumerAction },
    /// The broker refused (for example, the exchange no longer exists).
    Broker(Error),
}

/// A simulated consumer's process (see the lifecycle in `message/mod.rs`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConsumerState {
    Running,
    Paused,
    Down,
}

impl ConsumerState {
    /// The state's name, as views and traces show it.
    pub fn as_str(self) -> &'static str {
        match self {
            ConsumerState::Running => "running",
            ConsumerState::Paused => "paused",
            ConsumerState::Down => "down",
        }
    }
}

/// What a consumer command asked of the consumer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConsumerAction {
    /// `CrashConsumer` or `CloseChannel`.
    CrashOrClose,
    Revive,
    Pause,
    Resume,
}

/// Why a scenario's message-broker block was refused. `Definitions` is a struct variant, so a
/// test names the kind of refusal by its first word (`MessageBroker(Definitions`). Its words
/// (`Display`, `explain`) are in `crate::words`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MessageSpecError {
    /// The definitions were refused.
    Definitions { error: DefinitionsError },
    /// The broker refused to open a client's channel or start a consumer (a model limit, an
    /// exclusive queue).
    Clients { error: Error },
    /// The cluster's `nodes` is out of range.
    Nodes { error: Error },
    /// More publishers and consumers together than `CLIENTS_MAX`.
    TooMany { count: usize, max: usize },
    DuplicateName(String),
    InvalidName(String),
    UnknownQueue { consumer: String, queue: String },
    UnknownExchange { publisher: String, exchange: String },
    InvalidHeaders { publisher: String },
    /// A client's setting, by its JSON name (`every_ms`, `processing_ms`), is above `max`.
    OutOfRange { client: Client, name: String, key: &'static str, value: u64, max: u64 },
}

/// A kind of simulated client of the message broker.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Client {
    Publisher,
    Consumer,
}
