//! The message-broker side of the world: the RabbitMQ model plus simulated publishers and
//! consumers, links with latency, and the timers that drive them. Same verbs as `World`
//! (`new`, `apply`, `advance_to`, `poll_event`, `next_timeout`), so the world composes it and
//! a page or test can also drive it alone.
//!
//! Every network hop has a departure and an arrival: a publish travels publisher → broker,
//! a delivery broker → consumer, an ack consumer → broker, a confirm broker → publisher.
//! Routing inside the broker (exchange → queue, dead-lettering) is instantaneous, as in
//! RabbitMQ, where it happens within one node.
//!
//! Consumer lifecycle:
//!
//! ```text
//!            crash / close channel           revive
//!  running ──────────────────────────> down ────────> running (new channel, redelivered)
//!     │  ^
//!  pause│  │resume      (paused: holds its unacked deliveries, acks nothing)
//!     v  │
//!   paused
//! ```

use alloc::collections::{BTreeMap, VecDeque};
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt;
use serde::{Deserialize, Serialize};

use crate::Name;
use crate::message_broker::broker::{Consume, MessageBroker};
use crate::message_broker::event::{Event as BrokerEvent, EventKind as BrokerEventKind};
use crate::message_broker::headers::{self, Headers};
use crate::message_broker::message::{DeliveryMode, Properties, Publish};
use crate::message_broker::{ChannelId, DeliveryTag, MessageId};
use crate::rng::Prng;
use crate::time::SimTime;
use crate::world::Lang;

/// Publishers and consumers in one message-broker scenario.
pub const CLIENTS_MAX: usize = 32;
/// Messages one flood command may publish.
pub const FLOOD_MAX: u32 = 1_000;

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

/// What happened on the message side: the broker's own events, and the clients' hops.
#[derive(Clone, Debug, PartialEq)]
pub struct MessageEvent {
    pub at: SimTime,
    pub kind: MessageEventKind,
}

#[derive(Clone, Debug, PartialEq)]
pub enum MessageEventKind {
    /// Inside the broker (routing, enqueue, delivery, ack, dead-lettering, …).
    Broker(BrokerEventKind),
    /// A publisher sent a message; it reaches the exchange at `arrives`.
    PublishSent { publish: u64, publisher: Name, exchange: Name, routing_key: Name, departs: SimTime, arrives: SimTime },
    /// The broker took the publish: `message` is its id from now on.
    PublishArrived { publish: u64, message: MessageId, queues: Vec<Name>, returned: bool },
    /// A delivery travels to its consumer.
    DeliverySent { consumer: Name, message: MessageId, queue: Name, redelivered: bool, departs: SimTime, arrives: SimTime },
    /// The consumer starts processing a message; done at `until`.
    ProcessingStarted { consumer: Name, message: MessageId, until: SimTime },
    /// The consumer's ack, nack or reject travels back to the broker.
    SettleSent { consumer: Name, message: MessageId, settle: Settle, departs: SimTime, arrives: SimTime },
    ConsumerCrashed { consumer: Name, unacked: usize },
    ConsumerRevived { consumer: Name },
    ConsumerPaused { consumer: Name },
    ConsumerResumed { consumer: Name },
    /// The broker refused a publish that arrived (its exchange is gone, or a model limit).
    PublishRefused { publish: u64, publisher: Name, reason: Name },
}

/// In a world trace: its kind name and its English explanation (deterministic text).
impl Serialize for MessageEvent {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut state = serializer.serialize_struct("MessageEvent", 2)?;
        state.serialize_field("event", self.kind_name())?;
        state.serialize_field("text", &self.explain(Lang::En))?;
        state.end()
    }
}

impl MessageEvent {
    pub fn kind_name(&self) -> &'static str {
        match &self.kind {
            MessageEventKind::Broker(kind) => BrokerEvent { at: self.at, kind: kind.clone() }.kind_name(),
            MessageEventKind::PublishSent { .. } => "publish_sent",
            MessageEventKind::PublishArrived { .. } => "publish_arrived",
            MessageEventKind::DeliverySent { .. } => "delivery_sent",
            MessageEventKind::ProcessingStarted { .. } => "processing_started",
            MessageEventKind::SettleSent { .. } => "settle_sent",
            MessageEventKind::ConsumerCrashed { .. } => "consumer_crashed",
            MessageEventKind::ConsumerRevived { .. } => "consumer_revived",
            MessageEventKind::ConsumerPaused { .. } => "consumer_paused",
            MessageEventKind::ConsumerResumed { .. } => "consumer_resumed",
            MessageEventKind::PublishRefused { .. } => "publish_refused",
        }
    }

    pub fn explain(&self, lang: Lang) -> String {
        let en = lang == Lang::En;
        let pick = |a: String, b: String| if en { a } else { b };
        match &self.kind {
            MessageEventKind::Broker(kind) => BrokerEvent { at: self.at, kind: kind.clone() }.explain(lang),
            MessageEventKind::PublishSent { publisher, exchange, routing_key, .. } => {
                let x = if exchange.is_empty() { String::from("the default exchange") } else { format!("exchange {exchange}") };
                let x_ko = if exchange.is_empty() { String::from("기본 익스체인지") } else { format!("익스체인지 {exchange}") };
                pick(
                    format!("{publisher} publishes to {x} with routing key {routing_key:?}"),
                    format!("{publisher}이(가) 라우팅 키 {routing_key:?}로 {x_ko}에 발행합니다"),
                )
            }
            MessageEventKind::PublishArrived { message, queues, returned, .. } => {
                let list = if queues.is_empty() { String::from("-") } else { queues.join(", ") };
                match (returned, queues.is_empty()) {
                    (true, _) => pick(
                        format!("{message} matched no queue and was mandatory, so it is returned to the publisher"),
                        format!("{message}은(는) 맞는 큐가 없고 mandatory라서 발행자에게 반환됩니다"),
                    ),
                    (false, true) => pick(
                        format!("{message} matched no binding: with no alternate exchange it is dropped"),
                        format!("{message}은(는) 맞는 바인딩이 없어 (대체 익스체인지가 없으므로) 버려집니다"),
                    ),
                    (false, false) => pick(
                        format!("{message} arrives and is routed to {list}: one copy per queue"),
                        format!("{message}이(가) 도착해 {list}(으)로 라우팅됩니다: 큐마다 한 부씩"),
                    ),
                }
            }
            MessageEventKind::DeliverySent { consumer, message, queue, redelivered, .. } => {
                let again = if *redelivered { " again (redelivered)" } else { "" };
                let again_ko = if *redelivered { " 다시 (재전달)" } else { "" };
                pick(
                    format!("{queue} hands {message}{again} to {consumer}, the next consumer with room in its prefetch window"),
                    format!("{queue}이(가) {message}을(를){again_ko} 프리페치 여유가 있는 다음 컨슈머 {consumer}에게 넘깁니다"),
                )
            }
            MessageEventKind::ProcessingStarted { consumer, message, .. } => pick(
                format!("{consumer} starts working on {message}"),
                format!("{consumer}이(가) {message} 작업을 시작합니다"),
            ),
            MessageEventKind::SettleSent { consumer, message, settle, .. } => match settle {
                Settle::Ack => pick(
                    format!("{consumer} acks {message}: the broker will forget it"),
                    format!("{consumer}이(가) {message}을(를) ack합니다: 브로커는 이 메시지를 잊습니다"),
                ),
                Settle::NackRequeue => pick(
                    format!("{consumer} failed on {message} and nacks it with requeue: it goes back to its place"),
                    format!("{consumer}이(가) {message} 처리에 실패해 requeue로 nack합니다: 원래 자리로 돌아갑니다"),
                ),
                Settle::Reject => pick(
                    format!("{consumer} rejects {message} without requeue: dead-lettered if the queue has a DLX"),
                    format!("{consumer}이(가) {message}을(를) requeue 없이 거부합니다: 큐에 DLX가 있으면 데드레터로 갑니다"),
                ),
            },
            MessageEventKind::ConsumerCrashed { consumer, unacked } => pick(
                format!(
                    "{consumer} crashed: its channel closes and its {} {} back to the queue",
                    crate::words::count(*unacked as u64, "unacked message", "unacked messages"),
                    crate::words::number(*unacked as u64, "goes", "go")
                ),
                format!("{consumer}이(가) 죽었습니다: 채널이 닫히고 확인되지 않은 메시지 {unacked}개가 큐로 돌아갑니다"),
            ),
            MessageEventKind::ConsumerRevived { consumer } => pick(
                format!("{consumer} is back on a new channel"),
                format!("{consumer}이(가) 새 채널로 돌아왔습니다"),
            ),
            MessageEventKind::ConsumerPaused { consumer } => pick(
                format!("{consumer} stops working: it keeps its unacked messages, so nothing more is delivered to it"),
                format!("{consumer}이(가) 멈췄습니다: 확인되지 않은 메시지를 쥐고 있어 더는 전달되지 않습니다"),
            ),
            MessageEventKind::PublishRefused { publisher, reason, .. } => pick(
                format!("the broker refuses {publisher}'s message: {reason}"),
                format!("브로커가 {publisher}의 메시지를 거부합니다: {reason}"),
            ),
            MessageEventKind::ConsumerResumed { consumer } => {
                pick(format!("{consumer} resumes work"), format!("{consumer}이(가) 다시 일합니다"))
            }
        }
    }
}

#[derive(Clone, Debug)]
struct Publisher {
    name: Name,
    channel: ChannelId,
    exchange: Name,
    routing_keys: Vec<Name>,
    next_key: usize,
    every_ms: Option<u64>,
    headers: Headers,
    priority: Option<u8>,
    expiration_ms: Option<u64>,
    persistent: bool,
    mandatory: bool,
    sent: u64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ConsumerState {
    Running,
    Paused,
    Down,
}

impl ConsumerState {
    fn as_str(self) -> &'static str {
        match self {
            ConsumerState::Running => "running",
            ConsumerState::Paused => "paused",
            ConsumerState::Down => "down",
        }
    }
}

#[derive(Clone, Debug)]
struct SimConsumer {
    name: Name,
    queue: Name,
    prefetch: u16,
    auto_ack: bool,
    processing_ms: u64,
    failure_per_mille: u32,
    on_failure: Settle,
    state: ConsumerState,
    /// Channels are renumbered on each revival, so a stale timer never touches a new channel.
    channel: ChannelId,
    /// Deliveries that reached the client, waiting to be processed (FIFO).
    inbox: VecDeque<(DeliveryTag, MessageId)>,
    busy: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Timer {
    PublisherTick { publisher: usize },
    PublishArrives { publisher: usize, publish: u64, routing_key: Name },
    DeliveryArrives { consumer: usize, channel: ChannelId, tag: DeliveryTag, message: MessageId },
    ProcessingDone { consumer: usize, channel: ChannelId, tag: DeliveryTag, message: MessageId },
    SettleArrives { consumer: usize, channel: ChannelId, tag: DeliveryTag, settle: Settle },
}

#[derive(Clone, Debug)]
pub struct MessageSide {
    now: SimTime,
    link_ms: u64,
    broker: MessageBroker,
    publishers: Vec<Publisher>,
    consumers: Vec<SimConsumer>,
    timers: BTreeMap<(SimTime, u64), Timer>,
    timer_seq: u64,
    /// This side's own random stream ([`Prng::message_stream`]): consumers' failures.
    rng: Prng,
    events: VecDeque<MessageEvent>,
    next_publish: u64,
    next_channel: u16,
    /// Ignored definitions entries (users, policies, …), reported to the user.
    ignored: Vec<String>,
}

/// Connection numbers: publishers on 1, consumers each on their own from 100.
const PUBLISHER_CONNECTION: u32 = 1;
const CONSUMER_CONNECTION_BASE: u32 = 100;

impl MessageSide {
    /// The message side of a scenario with this one-way `link_ms` and `seed`.
    pub fn new(spec: &MessageBrokerSpec, link_ms: u64, seed: u64) -> Result<MessageSide, MessageSpecError> {
        let clients = spec.publishers.len() + spec.consumers.len();
        if clients > CLIENTS_MAX {
            return Err(MessageSpecError::TooMany { what: "message-broker clients", count: clients, max: CLIENTS_MAX });
        }
        let (mut broker, ignored) = if spec.definitions.is_null() {
            (MessageBroker::new(), Vec::new())
        } else {
            let text = serde_json::to_string(&spec.definitions).expect("a JSON value serializes");
            let (broker, imported) =
                MessageBroker::from_definitions(&text).map_err(|e| MessageSpecError::Definitions(e.to_string()))?;
            (broker, imported.ignored)
        };
        let mut names: Vec<&str> = Vec::new();
        for name in spec.publishers.iter().map(|p| p.name.as_str()).chain(spec.consumers.iter().map(|c| c.name.as_str())) {
            if names.contains(&name) {
                return Err(MessageSpecError::DuplicateName(name.to_string()));
            }
            if name.is_empty() || name.len() > crate::limits::NAME_BYTES_MAX || name.chars().any(char::is_control) {
                return Err(MessageSpecError::InvalidName(name.to_string()));
            }
            names.push(name);
        }
        let mut publishers = Vec::new();
        for (i, p) in spec.publishers.iter().enumerate() {
            if !p.exchange.is_empty() && broker.exchange(&p.exchange).is_none() {
                return Err(MessageSpecError::UnknownExchange { publisher: p.name.clone(), exchange: p.exchange.clone() });
            }
            if let Some(every) = p.every_ms
                && !(1..=crate::limits::DURATION_MS_MAX).contains(&every)
            {
                return Err(MessageSpecError::OutOfRange {
                    field: format!("publisher {:?}: every_ms", p.name),
                    value: every,
                    max: crate::limits::DURATION_MS_MAX,
                });
            }
            let headers_json = serde_json::Value::Object(crate::sort::collect_by_insert(p.headers.clone()));
            let headers = headers::table_from_json(&headers_json)
                .ok_or_else(|| MessageSpecError::InvalidHeaders { publisher: p.name.clone() })?;
            publishers.push(Publisher {
                name: p.name.as_str().into(),
                channel: ChannelId::new(PUBLISHER_CONNECTION, (i + 1) as u16),
                exchange: p.exchange.as_str().into(),
                routing_keys: p.routing_keys.iter().map(|k| Name::from(k.as_str())).collect(),
                next_key: 0,
                every_ms: p.every_ms,
                headers,
                priority: p.priority,
                expiration_ms: p.expiration_ms,
                persistent: p.persistent,
                mandatory: p.mandatory,
                sent: 0,
            });
        }
        let mut consumers = Vec::new();
        for (i, c) in spec.consumers.iter().enumerate() {
            if broker.queue(&c.queue).is_none() {
                return Err(MessageSpecError::UnknownQueue { consumer: c.name.clone(), queue: c.queue.clone() });
            }
            if c.processing_ms > crate::limits::DURATION_MS_MAX {
                return Err(MessageSpecError::OutOfRange {
                    field: format!("consumer {:?}: processing_ms", c.name),
                    value: c.processing_ms,
                    max: crate::limits::DURATION_MS_MAX,
                });
            }
            if c.failure_per_mille > 1000 {
                return Err(MessageSpecError::OutOfRange {
                    field: format!("consumer {:?}: failure_per_mille", c.name),
                    value: u64::from(c.failure_per_mille),
                    max: 1000,
                });
            }
            consumers.push(SimConsumer {
                name: c.name.as_str().into(),
                queue: c.queue.as_str().into(),
                prefetch: c.prefetch,
                auto_ack: c.auto_ack,
                processing_ms: c.processing_ms,
                failure_per_mille: c.failure_per_mille,
                on_failure: c.on_failure,
                state: ConsumerState::Down,
                channel: ChannelId::new(CONSUMER_CONNECTION_BASE + i as u32, 1),
                inbox: VecDeque::new(),
                busy: false,
            });
        }
        // Open the clients' channels; failures here are limits or bad definitions.
        let now = SimTime::ZERO;
        for (i, p) in spec.publishers.iter().enumerate() {
            let channel = publishers[i].channel;
            broker.open_channel(now, channel).map_err(|e| MessageSpecError::Definitions(e.to_string()))?;
            if p.confirms {
                broker.confirm_select(now, channel).map_err(|e| MessageSpecError::Definitions(e.to_string()))?;
            }
        }
        let mut side = MessageSide {
            now,
            link_ms,
            broker,
            publishers,
            consumers,
            timers: BTreeMap::new(),
            timer_seq: 0,
            rng: Prng::message_stream(seed),
            events: VecDeque::new(),
            next_publish: 0,
            next_channel: 1,
            ignored,
        };
        for i in 0..side.consumers.len() {
            side.start_consumer(i).map_err(|e| MessageSpecError::Definitions(e.to_string()))?;
        }
        for (i, p) in side.publishers.clone().iter().enumerate() {
            if let Some(every) = p.every_ms {
                side.schedule(SimTime(every), Timer::PublisherTick { publisher: i });
            }
        }
        side.drain_broker();
        Ok(side)
    }

    /// Applies a command at the current time. Atomic: on `Err` nothing changed.
    pub fn apply(&mut self, command: MessageCommand) -> Result<(), MessageCommandError> {
        match command {
            MessageCommand::Publish { publisher, routing_key } => {
                let index = self.publisher_index(&publisher)?;
                self.send(index, routing_key.map(|k| Name::from(k.as_str())));
            }
            MessageCommand::Flood { publisher, count } => {
                let index = self.publisher_index(&publisher)?;
                if count > FLOOD_MAX {
                    return Err(MessageCommandError::FloodTooLarge { count, max: FLOOD_MAX });
                }
                for _ in 0..count {
                    self.send(index, None);
                }
            }
            MessageCommand::CrashConsumer { consumer } | MessageCommand::CloseChannel { consumer } => {
                let index = self.consumer_index(&consumer)?;
                self.require_state(index, &[ConsumerState::Running, ConsumerState::Paused], "crash or close its channel")?;
                let c = &self.consumers[index];
                let unacked = self.broker.unacked(c.channel).len();
                let (name, channel) = (c.name.clone(), c.channel);
                // A broker restart already closed every channel; nothing to close then.
                if self.broker.channels().any(|ch| ch == channel) {
                    self.broker.close_channel(self.now, channel).map_err(|e| MessageCommandError::Broker(e.to_string()))?;
                }
                let c = &mut self.consumers[index];
                c.state = ConsumerState::Down;
                c.inbox.clear();
                c.busy = false;
                self.emit(MessageEventKind::ConsumerCrashed { consumer: name, unacked });
                self.drain_broker();
            }
            MessageCommand::ReviveConsumer { consumer } => {
                let index = self.consumer_index(&consumer)?;
                self.require_state(index, &[ConsumerState::Down], "be revived")?;
                self.start_consumer(index).map_err(|e| MessageCommandError::Broker(e.to_string()))?;
                let name = self.consumers[index].name.clone();
                self.emit(MessageEventKind::ConsumerRevived { consumer: name });
                self.drain_broker();
            }
            MessageCommand::PauseConsumer { consumer } => {
                let index = self.consumer_index(&consumer)?;
                self.require_state(index, &[ConsumerState::Running], "pause")?;
                self.consumers[index].state = ConsumerState::Paused;
                let name = self.consumers[index].name.clone();
                self.emit(MessageEventKind::ConsumerPaused { consumer: name });
            }
            MessageCommand::ResumeConsumer { consumer } => {
                let index = self.consumer_index(&consumer)?;
                self.require_state(index, &[ConsumerState::Paused], "resume")?;
                self.consumers[index].state = ConsumerState::Running;
                let name = self.consumers[index].name.clone();
                self.emit(MessageEventKind::ConsumerResumed { consumer: name });
                self.process_next(index);
            }
            MessageCommand::RestartBroker => {
                self.broker.restart(self.now).map_err(|e| MessageCommandError::Broker(e.to_string()))?;
                // Every channel closed: clients notice and reconnect at once.
                for i in 0..self.consumers.len() {
                    let c = &mut self.consumers[i];
                    c.inbox.clear();
                    c.busy = false;
                    if c.state != ConsumerState::Down {
                        let _ = self.start_consumer(i);
                    }
                }
                for i in 0..self.publishers.len() {
                    let channel = self.publishers[i].channel;
                    let _ = self.broker.open_channel(self.now, channel);
                }
                self.drain_broker();
            }
        }
        Ok(())
    }

    /// Runs due timers up to `now`, in order, at most `steps_max` of them.
    pub fn advance_to(&mut self, now: SimTime, steps_max: usize) -> usize {
        let mut steps = 0;
        while let Some((&(at, seq), _)) = self.timers.first_key_value() {
            if at > now || steps >= steps_max {
                break;
            }
            let timer = self.timers.remove(&(at, seq)).expect("the first timer exists");
            self.set_now(at);
            self.fire(timer);
            steps += 1;
        }
        if steps < steps_max {
            self.set_now(now);
        }
        steps
    }

    /// Moves the clock to `now` (never back) without running client timers; broker expiries
    /// due by then run. The world calls it before each event-broker timer, so a message
    /// command a script step applies at `now` happens at `now` on this side too.
    pub fn set_clock(&mut self, now: SimTime) {
        self.set_now(now);
    }

    pub fn next_timeout(&self) -> Option<SimTime> {
        let timer = self.timers.first_key_value().map(|(&(at, _), _)| at);
        match (timer, self.broker.next_timeout()) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    pub fn poll_event(&mut self) -> Option<MessageEvent> {
        self.events.pop_front()
    }

    pub fn pending_events(&self) -> usize {
        self.events.len()
    }

    pub fn broker(&self) -> &MessageBroker {
        &self.broker
    }

    /// Entries of the definitions that the model read and does not act on.
    pub fn ignored_definitions(&self) -> &[String] {
        &self.ignored
    }

    /// (name, queue, state, unacked on its channel) per consumer.
    pub fn consumers(&self) -> impl Iterator<Item = (&Name, &Name, &'static str, usize)> + '_ {
        self.consumers.iter().map(|c| {
            let unacked = if c.state == ConsumerState::Down { 0 } else { self.broker.unacked(c.channel).len() };
            (&c.name, &c.queue, c.state.as_str(), unacked)
        })
    }

    /// (name, exchange) per publisher.
    pub fn publishers(&self) -> impl Iterator<Item = (&Name, &Name)> + '_ {
        self.publishers.iter().map(|p| (&p.name, &p.exchange))
    }

    /// Everything about each simulated consumer, for an inspector (read-only).
    pub fn consumer_details(&self) -> impl Iterator<Item = ConsumerDetails<'_>> + '_ {
        self.consumers.iter().map(|c| {
            let down = c.state == ConsumerState::Down;
            ConsumerDetails {
                name: &c.name,
                queue: &c.queue,
                state: c.state.as_str(),
                prefetch: c.prefetch,
                auto_ack: c.auto_ack,
                processing_ms: c.processing_ms,
                failure_per_mille: c.failure_per_mille,
                on_failure: c.on_failure,
                channel: (!down).then_some(c.channel),
                unacked: if down { Vec::new() } else { self.broker.unacked(c.channel) },
                inbox: c.inbox.len(),
                busy: c.busy,
            }
        })
    }
}

/// One simulated consumer as `MessageSide::consumer_details` shows it.
#[derive(Clone, Debug)]
pub struct ConsumerDetails<'a> {
    pub name: &'a Name,
    pub queue: &'a Name,
    /// `running`, `paused` or `down`.
    pub state: &'static str,
    /// `basic.qos` prefetch count; 0 is unlimited.
    pub prefetch: u16,
    pub auto_ack: bool,
    pub processing_ms: u64,
    pub failure_per_mille: u32,
    pub on_failure: Settle,
    /// Its current channel; `None` while down.
    pub channel: Option<ChannelId>,
    /// Deliveries its channel holds unacked: tag, message, queue.
    pub unacked: Vec<(DeliveryTag, MessageId, Name)>,
    /// Deliveries that reached the client and wait to be processed.
    pub inbox: usize,
    /// Processing a message now.
    pub busy: bool,
}

// Private machinery.
impl MessageSide {
    fn set_now(&mut self, now: SimTime) {
        // Expiry (TTL, x-expires) happens inside the broker at its own times; one due right
        // now (a message published with expiration 0) runs too, so `next_timeout` never stays
        // at or before the present.
        let due = self.broker.next_timeout().is_some_and(|at| at <= now.max(self.now));
        if now > self.now || due {
            self.now = self.now.max(now);
            let _ = self.broker.advance_to(self.now);
            self.drain_broker();
        }
    }

    fn schedule(&mut self, at: SimTime, timer: Timer) {
        self.timer_seq += 1;
        self.timers.insert((at, self.timer_seq), timer);
    }

    fn emit(&mut self, kind: MessageEventKind) {
        self.events.push_back(MessageEvent { at: self.now, kind });
    }

    fn publisher_index(&self, name: &str) -> Result<usize, MessageCommandError> {
        self.publishers.iter().position(|p| &*p.name == name).ok_or_else(|| MessageCommandError::UnknownPublisher(name.to_string()))
    }

    fn consumer_index(&self, name: &str) -> Result<usize, MessageCommandError> {
        self.consumers.iter().position(|c| &*c.name == name).ok_or_else(|| MessageCommandError::UnknownConsumer(name.to_string()))
    }

    fn require_state(&self, index: usize, allowed: &[ConsumerState], command: &'static str) -> Result<(), MessageCommandError> {
        let c = &self.consumers[index];
        if allowed.contains(&c.state) {
            return Ok(());
        }
        Err(MessageCommandError::ConsumerState { consumer: c.name.to_string(), state: c.state.as_str(), command })
    }

    /// Opens a fresh channel for the consumer, sets its prefetch and subscribes.
    fn start_consumer(&mut self, index: usize) -> Result<(), crate::message_broker::error::Error> {
        let connection = CONSUMER_CONNECTION_BASE + index as u32;
        let channel = ChannelId::new(connection, self.next_channel);
        self.next_channel = self.next_channel.wrapping_add(1).max(1);
        let c = &self.consumers[index];
        let (prefetch, queue, name, auto_ack) = (c.prefetch, c.queue.clone(), c.name.clone(), c.auto_ack);
        self.broker.open_channel(self.now, channel)?;
        self.broker.qos(self.now, channel, prefetch, false)?;
        let consume = Consume { queue, consumer_tag: Some(name), no_ack: auto_ack, exclusive: false };
        if let Err(e) = self.broker.consume(self.now, channel, consume) {
            let _ = self.broker.close_channel(self.now, channel);
            return Err(e);
        }
        let c = &mut self.consumers[index];
        c.channel = channel;
        c.state = ConsumerState::Running;
        Ok(())
    }

    fn send(&mut self, index: usize, routing_key: Option<Name>) {
        let p = &mut self.publishers[index];
        let routing_key = routing_key.unwrap_or_else(|| {
            if p.routing_keys.is_empty() {
                Name::from("")
            } else {
                let key = p.routing_keys[p.next_key % p.routing_keys.len()].clone();
                p.next_key = (p.next_key + 1) % p.routing_keys.len();
                key
            }
        });
        p.sent += 1;
        let (publisher, exchange) = (p.name.clone(), p.exchange.clone());
        let publish = self.next_publish;
        self.next_publish += 1;
        let arrives = self.now + self.link_ms;
        self.emit(MessageEventKind::PublishSent {
            publish,
            publisher,
            exchange,
            routing_key: routing_key.clone(),
            departs: self.now,
            arrives,
        });
        self.schedule(arrives, Timer::PublishArrives { publisher: index, publish, routing_key });
    }

    fn fire(&mut self, timer: Timer) {
        match timer {
            Timer::PublisherTick { publisher } => {
                self.send(publisher, None);
                let every = self.publishers[publisher].every_ms.expect("only periodic publishers tick");
                self.schedule(self.now + every, Timer::PublisherTick { publisher });
            }
            Timer::PublishArrives { publisher, publish, routing_key } => {
                let p = &self.publishers[publisher];
                let message = Publish {
                    exchange: p.exchange.clone(),
                    routing_key,
                    mandatory: p.mandatory,
                    properties: Properties {
                        delivery_mode: if p.persistent { DeliveryMode::Persistent } else { DeliveryMode::Transient },
                        priority: p.priority,
                        expiration_ms: p.expiration_ms,
                        message_id: None,
                        headers: p.headers.clone(),
                    },
                    body: Name::from(format!("{}-{}", p.name, publish).as_str()),
                };
                let channel = p.channel;
                match self.broker.publish(self.now, channel, message) {
                    Ok(published) => {
                        self.drain_broker();
                        self.emit(MessageEventKind::PublishArrived {
                            publish,
                            message: published.message,
                            queues: published.queues,
                            returned: published.returned,
                        });
                    }
                    Err(error) => {
                        // The exchange was deleted while the message travelled (RabbitMQ closes
                        // the channel with 404), or the model holds all the messages it may:
                        // the publish is refused, said as an event, and the publisher reopens
                        // its channel.
                        let publisher = self.publishers[publisher].name.clone();
                        self.emit(MessageEventKind::PublishRefused {
                            publish,
                            publisher,
                            reason: Name::from(error.to_string().as_str()),
                        });
                        let _ = self.broker.close_channel(self.now, channel);
                        let _ = self.broker.open_channel(self.now, channel);
                        self.drain_broker();
                    }
                }
            }
            Timer::DeliveryArrives { consumer, channel, tag, message } => {
                let c = &mut self.consumers[consumer];
                if c.channel != channel || c.state == ConsumerState::Down {
                    return; // the channel died while the delivery travelled
                }
                c.inbox.push_back((tag, message));
                self.process_next(consumer);
            }
            Timer::ProcessingDone { consumer, channel, tag, message } => {
                let c = &mut self.consumers[consumer];
                if c.channel != channel || c.state == ConsumerState::Down {
                    return;
                }
                c.busy = false;
                if c.auto_ack {
                    self.process_next(consumer);
                    return;
                }
                let failed = c.failure_per_mille > 0 && self.rng.chance_per_mille(c.failure_per_mille);
                let settle = if failed { c.on_failure } else { Settle::Ack };
                let name = c.name.clone();
                let arrives = self.now + self.link_ms;
                self.emit(MessageEventKind::SettleSent { consumer: name, message, settle, departs: self.now, arrives });
                self.schedule(arrives, Timer::SettleArrives { consumer, channel, tag, settle });
                self.process_next(consumer);
            }
            Timer::SettleArrives { consumer, channel, tag, settle } => {
                let _ = consumer;
                // A settle for a channel that has closed since is lost with its socket.
                if !self.broker.channels().any(|c| c == channel) {
                    return;
                }
                let result = match settle {
                    Settle::Ack => self.broker.ack(self.now, channel, tag, false),
                    Settle::NackRequeue => self.broker.nack(self.now, channel, tag, false, true),
                    Settle::Reject => self.broker.reject(self.now, channel, tag, false),
                };
                // The tag can be unknown only if a restart forgot it; the broker says so.
                let _ = result;
                self.drain_broker();
            }
        }
    }

    /// Starts the next message in a running consumer's inbox, if it is idle.
    fn process_next(&mut self, index: usize) {
        let c = &mut self.consumers[index];
        if c.busy || c.state != ConsumerState::Running {
            return;
        }
        let Some((tag, message)) = c.inbox.pop_front() else { return };
        c.busy = true;
        let until = self.now + c.processing_ms;
        let (name, channel) = (c.name.clone(), c.channel);
        self.emit(MessageEventKind::ProcessingStarted { consumer: name, message, until });
        self.schedule(until, Timer::ProcessingDone { consumer: index, channel, tag, message });
    }

    /// Moves the broker's events into ours, and sends deliveries on their way.
    fn drain_broker(&mut self) {
        while let Some(event) = self.broker.poll_event() {
            if let BrokerEventKind::MessageDelivered { delivery } = &event.kind
                && let Some(tag) = &delivery.consumer
                && let Some(index) = self.consumers.iter().position(|c| c.channel == delivery.channel && c.name == *tag)
            {
                let arrives = event.at + self.link_ms;
                let d = (delivery.delivery_tag, delivery.message.id, delivery.queue.clone(), delivery.redelivered);
                self.events.push_back(MessageEvent { at: event.at, kind: event.kind.clone().into_world() });
                self.events.push_back(MessageEvent {
                    at: event.at,
                    kind: MessageEventKind::DeliverySent {
                        consumer: self.consumers[index].name.clone(),
                        message: d.1,
                        queue: d.2,
                        redelivered: d.3,
                        departs: event.at,
                        arrives,
                    },
                });
                let channel = self.consumers[index].channel;
                self.schedule(arrives, Timer::DeliveryArrives { consumer: index, channel, tag: d.0, message: d.1 });
                continue;
            }
            self.events.push_back(MessageEvent { at: event.at, kind: MessageEventKind::Broker(event.kind) });
        }
    }
}

trait IntoWorld {
    fn into_world(self) -> MessageEventKind;
}

impl IntoWorld for BrokerEventKind {
    fn into_world(self) -> MessageEventKind {
        MessageEventKind::Broker(self)
    }
}
