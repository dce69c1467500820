//! The message-broker side of the world: the RabbitMQ model plus simulated publishers and
//! consumers, links with latency, and the timers that drive them. It keeps the core's one
//! drive contract ([`crate::drive`]), as `World` does, so the world composes it and a page or
//! test can also drive it alone.
//!
//! Every network hop has a departure and an arrival: a publish travels publisher → broker,
//! a delivery broker → consumer, an ack consumer → broker, a confirm broker → publisher.
//! Routing inside the broker (exchange → queue, dead-lettering) is instantaneous, as in
//! RabbitMQ, where it happens within one node.
//!
//! Consumer lifecycle:
//!
//! ```text
//!   crash / close channel / ack timeout      revive
//!  running ──────────────────────────> down ────────> running (new channel, redelivered)
//!     │  ^
//!  pause│  │resume      (paused: holds its unacked deliveries, acks nothing)
//!     v  │
//!   paused
//! ```

use alloc::collections::VecDeque;
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use crate::Name;
use crate::message_broker::broker::{Consume, MessageBroker};
use crate::message_broker::event::EventKind as BrokerEventKind;
use crate::message_broker::headers::{self, Headers};
use crate::message_broker::message::{DeliveryMode, Properties, Publish};
use crate::message_broker::{ChannelId, DeliveryTag, MessageId};
use crate::rng::Prng;
use crate::time::SimTime;
use crate::drive::{Advance, Drive};
use crate::limits;
use crate::timers::TimerQueue;

mod details;
mod event;
mod nodes;
mod spec;

pub use crate::limits::{CLIENTS_MAX, FLOOD_MAX};

pub use details::ConsumerDetails;
pub use event::{MessageEvent, MessageEventKind};
pub use spec::{
    Client, ConsumerAction, ConsumerSpec, ConsumerState, MessageBrokerSpec, MessageCommand, MessageCommandError,
    MessageSpecError, PublisherSpec, Settle,
};

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

#[derive(Clone, Debug)]
struct SimConsumer {
    name: Name,
    queue: Name,
    prefetch: u16,
    auto_ack: bool,
    processing_ms: u64,
    failure_per_mille: u32,
    on_failure: Settle,
    arguments: crate::message_broker::Headers,
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
    timers: TimerQueue<Timer>,
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
            return Err(MessageSpecError::TooMany { count: clients, max: CLIENTS_MAX });
        }
        let (mut broker, ignored) = if spec.definitions.is_null() {
            (MessageBroker::new(), Vec::new())
        } else {
            let text = serde_json::to_string(&spec.definitions).expect("a JSON value serializes");
            let (broker, imported) =
                MessageBroker::from_definitions(&text).map_err(|error| MessageSpecError::Definitions { error })?;
            (broker, imported.ignored)
        };
        broker.follow_version(spec.rabbitmq_version);
        broker.follow_consumer_timeout(spec.consumer_timeout_ms);
        broker.follow_cluster_size(spec.nodes).map_err(|error| MessageSpecError::Nodes { error })?;
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
                    client: Client::Publisher,
                    name: p.name.clone(),
                    key: "every_ms",
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
            c.check_stream_settle(&broker)?;
            if c.processing_ms > crate::limits::DURATION_MS_MAX {
                return Err(MessageSpecError::OutOfRange {
                    client: Client::Consumer,
                    name: c.name.clone(),
                    key: "processing_ms",
                    value: c.processing_ms,
                    max: crate::limits::DURATION_MS_MAX,
                });
            }
            if c.failure_per_mille > 1000 {
                return Err(MessageSpecError::OutOfRange {
                    client: Client::Consumer,
                    name: c.name.clone(),
                    key: "failure_per_mille",
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
                arguments: c.stream_offset.iter().map(|v| ("x-stream-offset".into(), crate::message_broker::headers::from_json(v))).collect(),
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
            broker.open_channel(now, channel).map_err(|error| MessageSpecError::Clients { error })?;
            if p.confirms {
                broker.confirm_select(now, channel).map_err(|error| MessageSpecError::Clients { error })?;
            }
        }
        let mut side = MessageSide {
            now,
            link_ms,
            broker,
            publishers,
            consumers,
            timers: TimerQueue::new(),
            rng: Prng::message_stream(seed),
            events: VecDeque::new(),
            next_publish: 0,
            next_channel: 1,
            ignored,
        };
        for i in 0..side.consumers.len() {
            side.start_consumer(i).map_err(|error| MessageSpecError::Clients { error })?;
        }
        for (i, p) in side.publishers.clone().iter().enumerate() {
            if let Some(every) = p.every_ms {
                side.schedule(SimTime(every), Timer::PublisherTick { publisher: i });
            }
        }
        side.drain_broker();
        Ok(side)
    }

    /// [`Drive::apply`]: every check runs before anything changes, so on `Err` nothing changed.
    fn apply_command(&mut self, command: MessageCommand) -> Result<(), MessageCommandError> {
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
                self.require_state(index, &[ConsumerState::Running, ConsumerState::Paused], ConsumerAction::CrashOrClose)?;
                let c = &self.consumers[index];
                let unacked = self.broker.unacked(c.channel).len();
                let (name, channel) = (c.name.clone(), c.channel);
                // A broker restart already closed every channel; nothing to close then.
                if self.broker.channels().any(|ch| ch == channel) {
                    self.broker.close_channel(self.now, channel).map_err(MessageCommandError::Broker)?;
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
                self.require_state(index, &[ConsumerState::Down], ConsumerAction::Revive)?;
                self.start_consumer(index).map_err(MessageCommandError::Broker)?;
                let name = self.consumers[index].name.clone();
                self.emit(MessageEventKind::ConsumerRevived { consumer: name });
                self.drain_broker();
            }
            MessageCommand::PauseConsumer { consumer } => {
                let index = self.consumer_index(&consumer)?;
                self.require_state(index, &[ConsumerState::Running], ConsumerAction::Pause)?;
                self.consumers[index].state = ConsumerState::Paused;
                let name = self.consumers[index].name.clone();
                self.emit(MessageEventKind::ConsumerPaused { consumer: name });
            }
            MessageCommand::ResumeConsumer { consumer } => {
                let index = self.consumer_index(&consumer)?;
                self.require_state(index, &[ConsumerState::Paused], ConsumerAction::Resume)?;
                self.consumers[index].state = ConsumerState::Running;
                let name = self.consumers[index].name.clone();
                self.emit(MessageEventKind::ConsumerResumed { consumer: name });
                self.process_next(index);
            }
            MessageCommand::StopNode { node } => self.node_command(node, false)?,
            MessageCommand::StartNode { node } => self.node_command(node, true)?,
            MessageCommand::RestartBroker => self.restart_command()?,
        }
        Ok(())
    }

    /// Runs the timers due up to `now`, in order, at most `steps_max` of them, and returns how
    /// many ran; the clock reaches `now` only if fewer than `steps_max` ran. The world steps
    /// this side one timer at a time with it, interleaved with its own timers.
    pub(crate) fn run_due(&mut self, now: SimTime, steps_max: usize) -> usize {
        let mut steps = 0;
        while let Some((at, _)) = self.timers.peek() {
            if at > now || steps >= steps_max {
                break;
            }
            let (at, timer) = self.timers.pop().expect("the first timer exists");
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
    pub(crate) fn set_clock(&mut self, now: SimTime) {
        self.set_now(now);
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

    /// (name, queue, state, unacked on its channel) per consumer (`cancelled`: see nodes.rs).
    pub fn consumers(&self) -> impl Iterator<Item = (&Name, &Name, &'static str, usize)> + '_ {
        self.consumers.iter().map(|c| {
            let unacked = if c.state == ConsumerState::Down { 0 } else { self.broker.unacked(c.channel).len() };
            (&c.name, &c.queue, self.state_name(c), unacked)
        })
    }

    /// (name, exchange) per publisher.
    pub fn publishers(&self) -> impl Iterator<Item = (&Name, &Name)> + '_ {
        self.publishers.iter().map(|p| (&p.name, &p.exchange))
    }
}

impl Drive for MessageSide {
    type Command = MessageCommand;
    type Event = MessageEvent;
    type Error = MessageCommandError;

    fn apply(&mut self, command: MessageCommand) -> Result<(), MessageCommandError> {
        self.apply_command(command)
    }

    fn advance_to(&mut self, now: SimTime) -> Advance {
        let mut steps = 0;
        loop {
            let due = self.timers.peek().is_some_and(|(at, _)| at <= now);
            if !due {
                break;
            }
            if steps >= limits::ADVANCE_STEPS_MAX || self.events.len() >= limits::EVENTS_PENDING_MAX {
                return Advance::Partial { at: self.now };
            }
            steps += self.run_due(now, 1);
        }
        self.set_now(now);
        Advance::Reached
    }

    fn poll_event(&mut self) -> Option<MessageEvent> {
        self.events.pop_front()
    }

    /// The earlier of the next client timer and the broker's next expiry.
    fn next_timeout(&self) -> Option<SimTime> {
        let timer = self.timers.peek().map(|(at, _)| at);
        match (timer, self.broker.next_timeout()) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    fn now(&self) -> SimTime {
        self.now
    }
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
        // Not `in_order`: this side's timers are few, and the ordered map alone keeps them in
        // `(at, scheduling order)`, as they always ran.
        self.timers.schedule(at, timer, false);
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

    fn require_state(&self, index: usize, allowed: &[ConsumerState], command: ConsumerAction) -> Result<(), MessageCommandError> {
        let c = &self.consumers[index];
        if allowed.contains(&c.state) {
            return Ok(());
        }
        Err(MessageCommandError::ConsumerState { consumer: c.name.to_string(), state: c.state, command })
    }

    /// Opens a fresh channel for the consumer, sets its prefetch and subscribes.
    fn start_consumer(&mut self, index: usize) -> Result<(), crate::message_broker::error::Error> {
        let connection = CONSUMER_CONNECTION_BASE + index as u32;
        let channel = ChannelId::new(connection, self.next_channel);
        self.next_channel = self.next_channel.wrapping_add(1).max(1);
        let SimConsumer { prefetch, queue, name, auto_ack, arguments, .. } = self.consumers[index].clone();
        self.broker.open_channel(self.now, channel)?;
        self.broker.qos(self.now, channel, prefetch, false)?;
        let consume = Consume { queue, consumer_tag: Some(name), no_ack: auto_ack, exclusive: false, arguments };
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
                            reason: error,
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
                let (name, queue) = (c.name.clone(), c.queue.clone());
                let (arrives, stream) = (self.now + self.link_ms, self.broker.queue(&queue).is_some_and(|q| q.stream().is_some()));
                self.emit(MessageEventKind::SettleSent { consumer: name, message, settle, departs: self.now, arrives, stream });
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
                self.events.push_back(MessageEvent { at: event.at, kind: MessageEventKind::Broker(event.kind.clone()) });
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
            // The broker closed a consumer's channel for an unacked delivery: the client is down.
            if let BrokerEventKind::AcknowledgementTimedOut { channel, .. } = &event.kind
                && let Some(c) = self.consumers.iter_mut().find(|c| c.channel == *channel && c.state != ConsumerState::Down)
            {
                (c.state, c.busy) = (ConsumerState::Down, false);
                c.inbox.clear();
            }
            self.pass_on(event);
        }
    }
}
