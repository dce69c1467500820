//! The page's running message broker: the core's `MessageSide`, the page clock, the tokens
//! in flight and the event log. No DOM here.

use std::collections::VecDeque;

use brokerlab_core::Lang;
use brokerlab_core::message_broker::event::EventKind as BrokerEventKind;
use brokerlab_core::time::SimTime;
use brokerlab_core::world::message::{
    MessageBrokerSpec, MessageCommand, MessageCommandError, MessageEvent, MessageEventKind, MessageSide, MessageSpecError,
    Settle,
};

use crate::clock::{Clock, Frame, Playback};
use crate::message_layout::MessageLayout;
use crate::sim::LogLine;
use crate::timeline::Timeline;

#[cfg(test)]
use crate::timeline::SNAPSHOT_EVERY_MS;

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

/// The message side as it was at a moment, and the page's running facts derived from its events
/// (so a rewind restores them too).
#[derive(Clone, Debug)]
struct Snapshot {
    side: MessageSide,
    delivered: std::collections::BTreeMap<String, u64>,
    redelivered: u64,
    acked: u64,
    /// Lines logged by then (see `LogLine::unlog`).
    logged: u64,
}

#[derive(Debug)]
pub struct MessageSim {
    side: MessageSide,
    /// Every command applied, at its simulated time, and snapshots (`timeline.rs`); the side
    /// (its random stream included) is deterministic, so a replay reaches the same state.
    timeline: Timeline<MessageCommand, Snapshot>,
    pub clock: Clock,
    pub flights: Vec<MessageFlight>,
    pub log: VecDeque<LogLine>,
    /// Lines ever logged (the log keeps the last `LOG_LINES_MAX`).
    logged: u64,
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
        let side = MessageSide::new(spec, link_ms, seed)?;
        let layout = MessageLayout::new(&side);
        let mut sim = MessageSim {
            clock: Clock::default(),
            flights: Vec::new(),
            log: VecDeque::new(),
            logged: 0,
            lang: Lang::En,
            layout,
            pulses: VecDeque::new(),
            delivered: std::collections::BTreeMap::new(),
            redelivered: 0,
            acked: 0,
            next_flight: 0,
            // Started again just below, from the state after the first drain.
            timeline: Timeline::new(Snapshot {
                side: side.clone(),
                delivered: std::collections::BTreeMap::new(),
                redelivered: 0,
                acked: 0,
                logged: 0,
            }),
            side,
        };
        sim.drain();
        sim.timeline = Timeline::new(sim.snapshot());
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
        self.catch_up();
        self.side.apply(command.clone())?;
        self.timeline.record(self.now(), command);
        self.drain();
        Ok(())
    }

    /// When the side next does something by itself (see `Sim::next_due`).
    pub fn next_due(&self) -> Option<SimTime> {
        [self.side.next_timeout(), self.timeline.next_command_at()].into_iter().flatten().min()
    }

    /// The furthest simulated time reached on this timeline.
    pub fn horizon(&self) -> SimTime {
        self.timeline.horizon()
    }

    /// Time travel, as `Sim::rewind_to`: restores the nearest snapshot at or before `to` and
    /// replays the timeline's commands up to `to` (those applied at `to` included). Pauses.
    pub fn rewind_to(&mut self, to: SimTime) {
        let to = to.min(self.timeline.horizon().max(self.now()));
        let (at, snapshot) = self.timeline.restore(to);
        LogLine::unlog(&mut self.log, &mut self.logged, snapshot.logged);
        self.side = snapshot.side;
        self.delivered = snapshot.delivered;
        self.redelivered = snapshot.redelivered;
        self.acked = snapshot.acked;
        self.layout = MessageLayout::new(&self.side);
        self.flights.clear();
        self.pulses.clear();
        self.clock.playing = false;
        self.clock.jump_to(at.as_ms());
        self.advance(to);
        self.clock.jump_to(to.as_ms());
    }

    fn snapshot(&self) -> Snapshot {
        Snapshot {
            side: self.side.clone(),
            delivered: self.delivered.clone(),
            redelivered: self.redelivered,
            acked: self.acked,
            logged: self.logged,
        }
    }

    /// Advances to `target`, re-applying the timeline's recorded commands at their times, and
    /// keeps a snapshot every `SNAPSHOT_EVERY_MS` (the same design as `Sim::advance`).
    pub(crate) fn advance(&mut self, target: SimTime) -> bool {
        let mut changed = false;
        loop {
            let stop = self.timeline.next_stop(target);
            changed |= self.advance_side(stop.at);
            if stop.replay {
                // It applied when it was recorded; the side is deterministic, so it applies again.
                let _ = self.side.apply(self.timeline.take_command());
                changed |= self.drain();
            }
            if stop.snapshot {
                let snapshot = self.snapshot();
                self.timeline.keep(stop.at, snapshot);
            }
            if stop.done {
                self.timeline.reached(target);
                return changed;
            }
        }
    }

    /// Runs the side's timers up to `target`, draining as it goes (a busy stretch may take
    /// several bounded passes).
    fn advance_side(&mut self, target: SimTime) -> bool {
        let mut changed = false;
        loop {
            let steps = self.side.advance_to(target, brokerlab_core::limits::ADVANCE_STEPS_MAX);
            changed |= self.drain();
            if steps < brokerlab_core::limits::ADVANCE_STEPS_MAX {
                return changed;
            }
        }
    }

    /// One animation frame; true if anything visible changed.
    pub fn frame(&mut self, frame_ms: f64) -> Frame {
        let Some(target) = self.clock.tick(frame_ms) else { return Frame::Idle };
        let had = !self.flights.is_empty() || !self.pulses.is_empty();
        let changed = self.advance(SimTime::from_ms(target));
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
        let about = (crate::inspector::message_event_subject(&event.kind), false);
        LogLine::push(&mut self.log, event.at, event.kind_name(), about, |lang| event.explain(lang));
        self.logged += 1;
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

impl Playback for MessageSim {
    fn clock_mut(&mut self) -> &mut Clock {
        &mut self.clock
    }
    fn present(&self) -> SimTime {
        self.now()
    }
    fn next_timer(&self) -> Option<SimTime> {
        self.side.next_timeout()
    }
    fn play_frame(&mut self, frame_ms: f64) -> Frame {
        self.frame(frame_ms)
    }
    fn run_to(&mut self, target: SimTime) {
        self.advance(target);
        self.flights.retain(|f| f.arrives > target.as_ms());
        while self.pulses.front().is_some_and(|p| p.2 + 400 < target.as_ms()) {
            self.pulses.pop_front();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state(sim: &MessageSim) -> String {
        format!("{:?} {:?} {} {}", sim.side(), sim.delivered, sim.redelivered, sim.acked)
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
        assert!(skipped.acked > 0, "the skipped time did its work: {}", state(&skipped));
        assert!(skipped.flights.iter().all(|f| f.arrives > 10_000));
    }

    /// As `Sim`'s test of the same name: a publish at the very moment of a snapshot is
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
        assert_eq!(sim.delivered.get("auditor"), Some(&1));
    }
}
