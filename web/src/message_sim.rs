//! The page's running message broker: the core's `MessageSide`, the page clock, the tokens
//! in flight and the event log. No DOM here.

use std::collections::VecDeque;

use brokerlab_core::Lang;
use brokerlab_core::message_broker::event::EventKind as BrokerEventKind;
use brokerlab_core::rng::Prng;
use brokerlab_core::time::SimTime;
use brokerlab_core::world::message::{
    MessageBrokerSpec, MessageCommand, MessageCommandError, MessageEvent, MessageEventKind, MessageSide, MessageSpecError,
    Settle,
};

use crate::clock::{Clock, Frame};
use crate::message_layout::MessageLayout;
use crate::sim::LogLine;

/// The built-in message-broker scenario: orders through a topic exchange to a work queue with
/// two workers and a dead-letter queue, and a fanout for audit.
pub const DEFAULT_SPEC: &str = r##"{
  "definitions": {
    "exchanges": [
      {"name": "orders", "vhost": "/", "type": "topic", "durable": true, "auto_delete": false, "internal": false, "arguments": {}},
      {"name": "dlx", "vhost": "/", "type": "fanout", "durable": true, "auto_delete": false, "internal": false, "arguments": {}}
    ],
    "queues": [
      {"name": "work", "vhost": "/", "durable": true, "auto_delete": false, "arguments": {"x-dead-letter-exchange": "dlx"}},
      {"name": "audit", "vhost": "/", "durable": true, "auto_delete": false, "arguments": {}},
      {"name": "dead-letters", "vhost": "/", "durable": true, "auto_delete": false, "arguments": {}}
    ],
    "bindings": [
      {"source": "orders", "vhost": "/", "destination": "work", "destination_type": "queue", "routing_key": "order.*", "arguments": {}},
      {"source": "orders", "vhost": "/", "destination": "audit", "destination_type": "queue", "routing_key": "#", "arguments": {}},
      {"source": "dlx", "vhost": "/", "destination": "dead-letters", "destination_type": "queue", "routing_key": "", "arguments": {}}
    ]
  },
  "publishers": [{"name": "shop", "exchange": "orders", "routing_keys": ["order.placed", "order.paid", "invoice.sent"], "persistent": true}],
  "consumers": [
    {"name": "worker-1", "queue": "work", "prefetch": 1, "processing_ms": 1200},
    {"name": "worker-2", "queue": "work", "prefetch": 1, "processing_ms": 1200, "failure_per_mille": 300, "on_failure": "reject"},
    {"name": "auditor", "queue": "audit", "prefetch": 5, "processing_ms": 300}
  ]
}"##;

pub const TOKENS_MAX: usize = 2_000;

/// Where a token travels between. Positions come from the layout, by name.
#[derive(Clone, Debug, PartialEq)]
pub enum Place {
    Publisher(String),
    Exchange(String),
    Queue(String),
    Consumer(String),
}

#[derive(Clone, Debug, PartialEq)]
pub struct MessageFlight {
    pub id: u64,
    pub from: Place,
    pub to: Place,
    pub departs: u64,
    pub arrives: u64,
    pub hue: u32,
    pub kind: &'static str,
}

#[derive(Debug)]
pub struct MessageSim {
    side: MessageSide,
    rng: Prng,
    pub clock: Clock,
    pub flights: Vec<MessageFlight>,
    pub log: VecDeque<LogLine>,
    pub lang: Lang,
    pub layout: MessageLayout,
    /// Routing hops that happened inside the broker, shown as brief highlights:
    /// (exchange, queue, simulated time).
    pub pulses: VecDeque<(String, String, u64)>,
    /// Deliveries per consumer, redeliveries and acks so far (the compare view's facts).
    pub delivered: std::collections::BTreeMap<String, u64>,
    pub redelivered: u64,
    pub acked: u64,
    next_flight: u64,
}

impl MessageSim {
    pub fn new(spec: &MessageBrokerSpec, link_ms: u64, seed: u64) -> Result<MessageSim, MessageSpecError> {
        let side = MessageSide::new(spec, link_ms)?;
        let layout = MessageLayout::new(&side);
        let mut sim = MessageSim {
            side,
            rng: Prng::new(seed),
            clock: Clock::default(),
            flights: Vec::new(),
            log: VecDeque::new(),
            lang: Lang::En,
            layout,
            pulses: VecDeque::new(),
            delivered: std::collections::BTreeMap::new(),
            redelivered: 0,
            acked: 0,
            next_flight: 0,
        };
        sim.drain();
        Ok(sim)
    }

    pub fn default_spec() -> MessageBrokerSpec {
        serde_json::from_str(DEFAULT_SPEC).expect("the built-in message scenario is valid")
    }

    pub fn side(&self) -> &MessageSide {
        &self.side
    }

    pub fn now(&self) -> SimTime {
        SimTime::from_ms(self.clock.now_ms as u64)
    }

    pub fn apply(&mut self, command: MessageCommand) -> Result<(), MessageCommandError> {
        self.side.apply(command)?;
        self.drain();
        Ok(())
    }

    /// One animation frame; true if anything visible changed.
    pub fn frame(&mut self, frame_ms: f64) -> Frame {
        let Some(target) = self.clock.tick(frame_ms) else { return Frame::Idle };
        let had = !self.flights.is_empty() || !self.pulses.is_empty();
        self.side.advance_to(SimTime::from_ms(target), &mut self.rng, brokerlab_core::limits::ADVANCE_STEPS_MAX);
        let changed = self.drain();
        self.flights.retain(|f| f.arrives > target);
        let pulses_before = self.pulses.len();
        while self.pulses.front().is_some_and(|p| p.2 + 400 < target) {
            self.pulses.pop_front();
        }
        match (changed || self.pulses.len() != pulses_before, had) {
            (true, _) => Frame::Changed,
            (false, true) => Frame::Moving,
            (false, false) => Frame::Idle,
        }
    }

    /// Pauses and moves to the next moment something happens (one step).
    pub fn step(&mut self) {
        self.clock.playing = false;
        if let Some(next) = self.side.next_timeout() {
            let target = next.as_ms().max(self.clock.now_ms as u64);
            self.clock.jump_to(target);
            self.side.advance_to(SimTime::from_ms(target), &mut self.rng, brokerlab_core::limits::ADVANCE_STEPS_MAX);
            self.drain();
            self.flights.retain(|f| f.arrives > target);
        }
    }

    fn drain(&mut self) -> bool {
        let mut any = false;
        let mut topology_changed = false;
        while let Some(event) = self.side.poll_event() {
            any = true;
            topology_changed |= matches!(
                event.kind,
                MessageEventKind::Broker(
                    BrokerEventKind::QueueDeclared { .. }
                        | BrokerEventKind::QueueDeleted { .. }
                        | BrokerEventKind::ExchangeDeclared { .. }
                        | BrokerEventKind::ExchangeDeleted { .. }
                )
            );
            self.absorb(&event);
        }
        // Only a changed topology moves boxes; tokens in flight never do.
        if topology_changed {
            self.layout = MessageLayout::new(&self.side);
        }
        any
    }

    fn absorb(&mut self, event: &MessageEvent) {
        let at = event.at.as_ms();
        match &event.kind {
            MessageEventKind::PublishSent { publisher, exchange, routing_key, departs, arrives, .. } => {
                self.fly(MessageFlight {
                    id: 0,
                    from: Place::Publisher(publisher.to_string()),
                    to: Place::Exchange(exchange.to_string()),
                    departs: departs.as_ms(),
                    arrives: arrives.as_ms(),
                    hue: crate::layout::key_hue(Some(routing_key)),
                    kind: "publish",
                });
            }
            MessageEventKind::DeliverySent { consumer, queue, departs, arrives, redelivered, .. } => {
                *self.delivered.entry(consumer.to_string()).or_default() += 1;
                self.redelivered += u64::from(*redelivered);
                self.fly(MessageFlight {
                    id: 0,
                    from: Place::Queue(queue.to_string()),
                    to: Place::Consumer(consumer.to_string()),
                    departs: departs.as_ms(),
                    arrives: arrives.as_ms(),
                    hue: if *redelivered { 35 } else { 210 },
                    kind: if *redelivered { "redelivery" } else { "delivery" },
                });
            }
            MessageEventKind::SettleSent { consumer, settle, departs, arrives, .. } => {
                let queue = self
                    .side
                    .consumers()
                    .find(|(name, ..)| name.as_ref() == consumer.as_ref())
                    .map(|(_, q, ..)| q.to_string())
                    .unwrap_or_default();
                let (hue, kind) = match settle {
                    Settle::Ack => (140, "ack"),
                    Settle::NackRequeue => (35, "nack"),
                    Settle::Reject => (0, "reject"),
                };
                self.fly(MessageFlight {
                    id: 0,
                    from: Place::Consumer(consumer.to_string()),
                    to: Place::Queue(queue),
                    departs: departs.as_ms(),
                    arrives: arrives.as_ms(),
                    hue,
                    kind,
                });
            }
            MessageEventKind::Broker(BrokerEventKind::MessageAcked { .. }) => self.acked += 1,
            MessageEventKind::Broker(BrokerEventKind::MessageRouted { exchange, queues, .. }) => {
                for q in queues {
                    self.pulses.push_back((exchange.to_string(), q.to_string(), at));
                }
            }
            _ => {}
        }
        LogLine::push(&mut self.log, event.at, event.kind_name(), |lang| event.explain(lang));
    }

    fn fly(&mut self, mut flight: MessageFlight) {
        flight.id = self.next_flight;
        self.next_flight += 1;
        if self.flights.len() >= TOKENS_MAX {
            self.flights.remove(0);
        }
        self.flights.push(flight);
    }
}
