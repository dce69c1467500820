//! The message broker (RabbitMQ) on the stage: a `MessageSide`'s publishes, deliveries and
//! settlements travelling between the diagram's boxes as tokens, routing inside the broker as
//! brief flashes on bindings, and the running facts the compare view states. No DOM here.

use std::collections::{BTreeMap, VecDeque};

use brokerlab_core::SimTime;
use brokerlab_core::message_broker::event::EventKind as BrokerEventKind;
use brokerlab_core::world::message::{
    MessageBrokerSpec, MessageEvent, MessageEventKind, MessageSide, MessageSpecError, Settle,
};

use crate::log_line::LogLine;
use crate::message_layout::MessageLayout;
use crate::stage::{Act, Flights, Stage};

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

/// How long a binding flashes after a message is routed through it, in simulated ms.
const PULSE_MS: u64 = 400;

/// The message broker's stage.
pub type MessageSim = Stage<MessageAct>;

/// Where a token travels between. Positions come from the layout, by name.
#[derive(Clone, Debug, PartialEq)]
pub enum Place {
    Publisher(String),
    Exchange(String),
    Queue(String),
    Consumer(String),
}

/// A message's hop between two boxes, and what it is (`publish`, `delivery`, `redelivery`,
/// `ack`, `nack`, `reject`).
#[derive(Clone, Debug, PartialEq)]
pub struct MessageHop {
    pub from: Place,
    pub to: Place,
    pub kind: &'static str,
}

/// What the message broker brings to the stage: the diagram's layout (which follows the
/// topology), the routing flashes, and deliveries per consumer, redeliveries and acks so far
/// (the compare view's facts).
#[derive(Clone, Debug)]
pub struct MessageAct {
    pub layout: MessageLayout,
    /// Routing hops that happened inside the broker, shown as brief highlights:
    /// (exchange, queue, simulated time).
    pub pulses: VecDeque<(String, String, u64)>,
    pub delivered: BTreeMap<String, u64>,
    pub redelivered: u64,
    pub acked: u64,
    /// A queue or an exchange came or went in the events being taken in.
    topology_changed: bool,
}

impl Act for MessageAct {
    type Model = MessageSide;
    type Hop = MessageHop;

    fn absorb(&mut self, side: &MessageSide, event: &MessageEvent, flights: &mut Flights<MessageHop>) -> LogLine {
        let at = event.at.as_ms();
        let hop = |from: Place, to: Place, kind: &'static str| MessageHop { from, to, kind };
        match &event.kind {
            MessageEventKind::PublishSent { publisher, exchange, routing_key, departs, arrives, .. } => {
                let hue = crate::layout::key_hue(Some(routing_key));
                let places = (Place::Publisher(publisher.to_string()), Place::Exchange(exchange.to_string()));
                flights.fly(*departs, *arrives, hue, hop(places.0, places.1, "publish"));
            }
            MessageEventKind::DeliverySent { consumer, queue, departs, arrives, redelivered, .. } => {
                *self.delivered.entry(consumer.to_string()).or_default() += 1;
                self.redelivered += u64::from(*redelivered);
                let (hue, kind) = if *redelivered { (35, "redelivery") } else { (210, "delivery") };
                let places = (Place::Queue(queue.to_string()), Place::Consumer(consumer.to_string()));
                flights.fly(*departs, *arrives, hue, hop(places.0, places.1, kind));
            }
            MessageEventKind::SettleSent { consumer, settle, departs, arrives, .. } => {
                let queue = side
                    .consumers()
                    .find(|(name, ..)| name.as_ref() == consumer.as_ref())
                    .map(|(_, q, ..)| q.to_string())
                    .unwrap_or_default();
                let (hue, kind) = match settle {
                    Settle::Ack => (140, "ack"),
                    Settle::NackRequeue => (35, "nack"),
                    Settle::Reject => (0, "reject"),
                };
                let places = (Place::Consumer(consumer.to_string()), Place::Queue(queue));
                flights.fly(*departs, *arrives, hue, hop(places.0, places.1, kind));
            }
            MessageEventKind::Broker(BrokerEventKind::MessageAcked { .. }) => self.acked += 1,
            MessageEventKind::Broker(BrokerEventKind::MessageRouted { exchange, queues, .. }) => {
                for q in queues {
                    self.pulses.push_back((exchange.to_string(), q.to_string(), at));
                }
            }
            MessageEventKind::Broker(
                BrokerEventKind::QueueDeclared { .. }
                | BrokerEventKind::QueueDeleted { .. }
                | BrokerEventKind::ExchangeDeclared { .. }
                | BrokerEventKind::ExchangeDeleted { .. },
            ) => self.topology_changed = true,
            _ => {}
        }
        let subject = crate::subject::message_event_subject(&event.kind);
        LogLine::new(event.at, event.kind_name(), subject, false, |lang| event.explain(lang))
    }

    /// Only a changed topology moves boxes; tokens in flight never do.
    fn drained(&mut self, side: &MessageSide) {
        if std::mem::take(&mut self.topology_changed) {
            self.layout = MessageLayout::new(side);
        }
    }

    fn rewound(&mut self, side: &MessageSide) {
        self.layout = MessageLayout::new(side);
        self.pulses.clear();
    }

    fn expire(&mut self, now: SimTime) -> bool {
        let before = self.pulses.len();
        while self.pulses.front().is_some_and(|p| p.2 + PULSE_MS < now.as_ms()) {
            self.pulses.pop_front();
        }
        self.pulses.len() != before
    }

    fn showing(&self) -> bool {
        !self.pulses.is_empty()
    }
}

impl MessageSim {
    /// The message side of a scenario with this one-way `link_ms` and `seed`, on a stage.
    pub fn new(spec: &MessageBrokerSpec, link_ms: u64, seed: u64) -> Result<MessageSim, MessageSpecError> {
        let side = MessageSide::new(spec, link_ms, seed)?;
        let act = MessageAct {
            layout: MessageLayout::new(&side),
            pulses: VecDeque::new(),
            delivered: BTreeMap::new(),
            redelivered: 0,
            acked: 0,
            topology_changed: false,
        };
        Ok(Stage::start(side, act))
    }

    pub fn default_spec() -> MessageBrokerSpec {
        serde_json::from_str(DEFAULT_SPEC).expect("the built-in message scenario is valid")
    }

    pub fn side(&self) -> &MessageSide {
        self.model()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use brokerlab_core::world::message::MessageCommand;
    use crate::timeline::SNAPSHOT_EVERY_MS;
    use brokerlab_core::Lang;

    fn state(sim: &MessageSim) -> String {
        format!("{:?} {:?} {} {}", sim.side(), sim.act.delivered, sim.act.redelivered, sim.act.acked)
    }

    fn publish(sim: &mut MessageSim, key: &str) {
        sim.apply(MessageCommand::Publish { publisher: "shop".into(), routing_key: Some(key.into()) }).unwrap();
    }

    #[test]
    fn a_skip_reaches_the_state_playing_would() {
        let start = || {
            let mut sim = MessageSim::new(&MessageSim::default_spec(), 400, 1).unwrap();
            sim.frame(0.0);
            for key in ["order.placed", "order.paid", "invoice.sent"] {
                publish(&mut sim, key);
            }
            sim
        };
        let mut played = start();
        for i in 1..=100 {
            played.frame(f64::from(i) * 100.0);
        }
        let mut skipped = start();
        skipped.skip(10_000);
        assert_eq!(skipped.now(), played.now());
        assert_eq!(state(&skipped), state(&played));
        assert!(skipped.act.acked > 0, "the skipped time did its work: {}", state(&skipped));
        assert!(skipped.flights.iter().all(|f| f.arrives.as_ms() > 10_000));
    }

    /// As `EventSim`'s test of the same name: a publish at the very moment of a snapshot is
    /// replayed from it on a rewind, and its log lines show once.
    #[test]
    fn a_rewind_logs_a_command_at_a_snapshot_time_once() {
        let mut sim = MessageSim::new(&MessageSim::default_spec(), 400, 1).unwrap();
        let at = SimTime::from_ms(crate::timeline::SNAPSHOT_EVERY_MS);
        sim.advance(at);
        publish(&mut sim, "order.placed");
        sim.advance(SimTime::from_ms(3_000));
        let lines = |sim: &MessageSim| sim.log.iter().filter(|l| l.at <= SimTime::from_ms(2_500)).map(|l| (l.at, l.en.clone())).collect::<Vec<_>>();
        let before = lines(&sim);
        assert!(before.iter().any(|(t, _)| *t == at), "the publish is logged at 2 s: {before:?}");
        sim.rewind_to(SimTime::from_ms(2_500));
        assert_eq!(lines(&sim), before);
    }

    #[test]
    fn rewinding_then_playing_forward_reaches_exactly_the_same_state() {
        let mut sim = MessageSim::new(&MessageSim::default_spec(), 400, 1).unwrap();
        let mut t = 0.0;
        sim.frame(t);
        let mut states: Vec<(SimTime, String)> = Vec::new();
        let keys = ["order.placed", "order.paid", "invoice.sent", "order.placed", "order.paid", "order.placed"];
        for (i, key) in keys.iter().enumerate() {
            publish(&mut sim, key);
            if i == 3 {
                sim.apply(MessageCommand::CrashConsumer { consumer: "worker-1".into() }).unwrap();
            }
            if i == 5 {
                sim.apply(MessageCommand::ReviveConsumer { consumer: "worker-1".into() }).unwrap();
            }
            // A moment's state includes the commands applied at that moment.
            states.retain(|(at, _)| *at != sim.now());
            states.push((sim.now(), state(&sim)));
            for _ in 0..(10 + i * 9) {
                t += 100.0;
                sim.frame(t);
            }
            states.push((sim.now(), state(&sim)));
        }
        let (end, end_state) = states.last().cloned().unwrap();
        assert!(end.as_ms() > 2 * SNAPSHOT_EVERY_MS, "the run crosses several snapshots");
        for (at, want) in states.iter().rev() {
            sim.rewind_to(*at);
            assert_eq!(sim.now(), *at);
            assert!(!sim.clock.playing, "a rewind pauses");
            assert_eq!(&state(&sim), want, "state at {at}");
        }
        sim.rewind_to(end);
        assert_eq!(state(&sim), end_state, "forward again: the recorded commands replayed at their times");
        assert_eq!(sim.horizon(), end);
    }

    #[test]
    fn the_replayed_run_equals_a_straight_run_with_the_same_commands() {
        // Straight: publish at 0, 700 and 2300 ms, run to 6 s.
        let run = |rewind: bool| {
            let mut sim = MessageSim::new(&MessageSim::default_spec(), 400, 1).unwrap();
            let mut t = 0.0;
            sim.frame(t);
            for stop in [0.0, 700.0, 2_300.0] {
                while t < stop {
                    t += 50.0;
                    sim.frame(t);
                }
                publish(&mut sim, "order.placed");
            }
            while t < 6_000.0 {
                t += 50.0;
                sim.frame(t);
            }
            if rewind {
                sim.rewind_to(SimTime::from_ms(1_000));
                sim.rewind_to(SimTime::ZERO);
                sim.rewind_to(SimTime::from_ms(6_000));
            }
            (sim.now(), state(&sim), sim.side().broker().queue("work").map(|q| (q.ready_count(), q.unacked_count())))
        };
        assert_eq!(run(true), run(false));
    }

    /// RabbitMQ's consumer timeout closes a paused worker's channel; the page's log says so in
    /// both languages, under its own kind.
    #[test]
    fn a_consumer_timeout_is_logged_in_english_and_korean() {
        let mut spec = MessageSim::default_spec();
        spec.consumer_timeout_ms = Some(5_000);
        let mut sim = MessageSim::new(&spec, 400, 1).unwrap();
        sim.frame(0.0);
        sim.apply(MessageCommand::PauseConsumer { consumer: "worker-1".into() }).unwrap();
        for _ in 0..3 {
            publish(&mut sim, "order.placed");
        }
        sim.skip(10_000);
        let line = sim.log.iter().find(|l| l.kind == "acknowledgement_timed_out").expect("the timeout is logged");
        assert!(line.text(Lang::En).contains("consumer timeout of 5000 ms"), "{}", line.text(Lang::En));
        assert!(line.text(Lang::Ko).contains("컨슈머 타임아웃 5000 ms"), "{}", line.text(Lang::Ko));
        assert_eq!(crate::words::words(Lang::Ko).event_kind(line.kind), "ack 시간 초과");
        let worker = sim.side().consumers().find(|c| c.0.as_ref() == "worker-1").map(|c| c.2);
        assert_eq!(worker, Some("down"));
    }

    #[test]
    fn a_command_after_a_rewind_starts_a_new_future() {
        let mut sim = MessageSim::new(&MessageSim::default_spec(), 400, 1).unwrap();
        for i in 0..=10 {
            sim.frame(f64::from(i) * 100.0);
        }
        sim.apply(MessageCommand::PauseConsumer { consumer: "auditor".into() }).unwrap();
        publish(&mut sim, "invoice.sent");
        for i in 11..=50 {
            sim.frame(f64::from(i) * 100.0);
        }
        sim.rewind_to(SimTime::from_ms(500));
        publish(&mut sim, "order.paid");
        assert_eq!(sim.horizon(), SimTime::from_ms(500), "the old future is gone from the scrubber");
        sim.clock.playing = true;
        for i in 51..=100 {
            sim.frame(f64::from(i) * 100.0);
        }
        let auditor = sim.side().consumers().find(|c| c.0.as_ref() == "auditor").map(|c| c.2);
        assert_eq!(auditor, Some("running"), "the pause belonged to the forgotten future");
        // Only the new publish reached audit (and was acked by its running auditor).
        assert_eq!(sim.act.delivered.get("auditor"), Some(&1));
    }
}
