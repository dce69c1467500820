//! The page's model of a running simulation: the core's `World`, the page clock that maps
//! frame time to simulated time, the tokens in flight, and the event log. No DOM here.

use std::collections::VecDeque;

use brokerlab_core::event_broker::PartitionIndex;
use brokerlab_core::{Command, CommandError, Event, EventKind, Lang, Scenario, ScenarioError, SimTime, World};

use crate::clock::{Clock, Frame, Playback};
use crate::layout;
use crate::timeline::Timeline;

/// The scenario the page opens with: the foundation slice.
pub const DEFAULT_SCENARIO: &str = r#"{
  "version": 1,
  "seed": 1,
  "link_ms": 400,
  "event_broker": {
    "topics": [{ "name": "orders", "partitions": 3 }],
    "producers": [{ "name": "shop", "topic": "orders" }],
    "groups": [{ "name": "payment", "topics": ["orders"], "processing_ms": 250, "max_poll_records": 3,
                 "auto_offset_reset": "earliest" }]
  }
}"#;

/// Lines kept in the event log.
pub const LOG_LINES_MAX: usize = 200;
/// Tokens animated at once; older ones are dropped first (a visual limit only).
pub const TOKENS_MAX: usize = 2_000;

#[derive(Clone, Debug, PartialEq)]
pub struct Flight {
    pub id: u64,
    pub from: (f64, f64),
    pub to: (f64, f64),
    pub departs: SimTime,
    pub arrives: SimTime,
    pub hue: u32,
    pub label: String,
}

/// One event log line, in both languages so switching language rewrites the whole log.
#[derive(Clone, Debug, PartialEq)]
pub struct LogLine {
    pub at: SimTime,
    pub kind: &'static str,
    pub en: String,
    pub ko: String,
    /// What the event is about, for the log's link to the inspector.
    pub subject: Option<crate::inspector::Subject>,
    /// Whether the event happened in the event broker (Kafka) rather than the message broker.
    pub kafka: bool,
}

impl LogLine {
    pub fn text(&self, lang: Lang) -> &str {
        if lang == Lang::Ko { &self.ko } else { &self.en }
    }

    /// Appends a line for an event explained in both languages, dropping the oldest beyond
    /// `LOG_LINES_MAX`.
    pub fn push(
        log: &mut VecDeque<LogLine>,
        at: SimTime,
        kind: &'static str,
        about: (Option<crate::inspector::Subject>, bool),
        explain: impl Fn(Lang) -> String,
    ) {
        if log.len() >= LOG_LINES_MAX {
            log.pop_front();
        }
        let (subject, kafka) = about;
        log.push_back(LogLine { at, kind, en: explain(Lang::En), ko: explain(Lang::Ko), subject, kafka });
    }

    /// After a rewind to a snapshot taken when `mark` lines had been logged (of `logged` now),
    /// drops the lines logged since, which the replay logs again. By count, not by time: lines
    /// at the snapshot's own time can come from before it (the world's own events) or after it
    /// (a command applied at that very moment, which the replay applies again).
    pub fn unlog(log: &mut VecDeque<LogLine>, logged: &mut u64, mark: u64) {
        let newer = logged.saturating_sub(mark);
        for _ in 0..newer.min(log.len() as u64) {
            log.pop_back();
        }
        *logged = mark;
    }
}


#[derive(Debug)]
pub struct Sim {
    world: World,
    /// The scenario this simulation was built from (for sharing).
    scenario: Scenario,
    pub clock: Clock,
    pub flights: Vec<Flight>,
    pub log: VecDeque<LogLine>,
    /// Lines ever logged (the log keeps the last `LOG_LINES_MAX`).
    logged: u64,
    pub lang: Lang,
    next_flight: u64,
    /// Every command applied, at its simulated time, and snapshots of the world with the
    /// number of lines logged by then (`timeline.rs`).
    timeline: Timeline<Command, (World, u64)>,
}

impl Sim {
    pub fn new(scenario: &Scenario) -> Result<Sim, ScenarioError> {
        let world = World::new(scenario)?;
        let mut sim = Sim {
            // Started again just below, from the world after the first drain.
            timeline: Timeline::new((world.clone(), 0)),
            world,
            scenario: scenario.clone(),
            clock: Clock::default(),
            flights: Vec::new(),
            log: VecDeque::new(),
            logged: 0,
            lang: Lang::En,
            next_flight: 0,
        };
        sim.drain();
        sim.timeline = Timeline::new((sim.world.clone(), sim.logged));
        Ok(sim)
    }

    pub fn default_scenario() -> Scenario {
        Scenario::from_json(DEFAULT_SCENARIO).expect("the built-in scenario is valid")
    }

    pub fn world(&self) -> &World {
        &self.world
    }

    /// The scenario it was built from (the inspector reads clients' settings from it).
    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    pub fn now(&self) -> SimTime {
        self.world.now()
    }

    pub fn apply(&mut self, command: Command) -> Result<(), CommandError> {
        self.catch_up();
        self.world.apply(command.clone())?;
        self.timeline.record(self.world.now(), command);
        self.drain();
        Ok(())
    }

    /// The furthest simulated time reached on this timeline.
    pub fn horizon(&self) -> SimTime {
        self.timeline.horizon()
    }

    /// Time travel: restores the nearest snapshot at or before `to` and replays the timeline's
    /// commands up to `to` (those applied at `to` included). Pauses. Deterministic, so rewinding and playing forward again
    /// reaches exactly the state the timeline had.
    pub fn rewind_to(&mut self, to: SimTime) {
        let to = to.min(self.timeline.horizon().max(self.world.now()));
        let (_, (world, logged)) = self.timeline.restore(to);
        self.world = world;
        self.flights.clear();
        LogLine::unlog(&mut self.log, &mut self.logged, logged);
        self.clock.playing = false;
        self.clock.jump_to(to.as_ms());
        self.advance(to);
    }

    /// Called once per animation frame with the frame's timestamp. Returns whether anything
    /// visible changed (so an idle or paused page draws nothing).
    pub fn frame(&mut self, frame_ms: f64) -> Frame {
        let Some(target) = self.clock.tick(frame_ms) else { return Frame::Idle };
        let had_flights = !self.flights.is_empty();
        let changed = self.advance(SimTime::from_ms(target));
        self.flights.retain(|f| f.arrives.as_ms() > target);
        match (changed, had_flights) {
            (true, _) => Frame::Changed,
            (false, true) => Frame::Moving,
            (false, false) => Frame::Idle,
        }
    }

    /// When the model next does something by itself: its next timer or the timeline's next
    /// recorded command (what a dozing frame loop waits for).
    pub fn next_due(&self) -> Option<SimTime> {
        [self.world.next_timeout(), self.timeline.next_command_at()].into_iter().flatten().min()
    }

    /// The scenario as JSON, for the share link.
    pub fn scenario_json(&self) -> String {
        self.scenario.to_json()
    }

    /// The producer the page's Produce button sends from: `name` if the world has a producer
    /// by that name, else the first one.
    pub fn producer_or_first(&self, name: Option<&str>) -> String {
        let names: Vec<&brokerlab_core::Name> = self.world.view().producers().map(|p| p.name).collect();
        let chosen = name.and_then(|n| names.iter().find(|p| p.as_ref() == n));
        chosen.or(names.first()).map(|p| p.to_string()).unwrap_or_default()
    }

    /// Advances to `target`, re-applying the timeline's recorded commands at their times, and
    /// keeps a snapshot every `SNAPSHOT_EVERY_MS`.
    fn advance(&mut self, target: SimTime) -> bool {
        let mut changed = false;
        loop {
            let stop = self.timeline.next_stop(target);
            changed |= self.advance_world(stop.at);
            if stop.replay {
                // It applied when it was recorded; the world is deterministic, so it applies again.
                let _ = self.world.apply(self.timeline.take_command());
                changed |= self.drain();
            }
            if stop.snapshot {
                self.timeline.keep(stop.at, (self.world.clone(), self.logged));
            }
            if stop.done {
                self.timeline.reached(target);
                return changed;
            }
        }
    }

    fn advance_world(&mut self, target: SimTime) -> bool {
        let mut changed = false;
        loop {
            let done = matches!(self.world.advance_to(target), brokerlab_core::Advance::Reached);
            changed |= self.drain();
            if done {
                return changed;
            }
        }
    }

    /// Progress of a flight at the current (fractional) time, 0 to 1.
    pub fn progress(&self, flight: &Flight) -> f64 {
        self.clock.progress(flight.departs.as_ms(), flight.arrives.as_ms())
    }

    /// Drains every pending event into flights and log lines; true if there were any.
    fn drain(&mut self) -> bool {
        let mut any = false;
        while let Some(event) = self.world.poll_event() {
            any = true;
            self.absorb(&event);
        }
        any
    }

    fn absorb(&mut self, event: &Event) {
        match &event.kind {
            EventKind::RecordSent { producer, key, partition, departs, arrives, topic, .. } => {
                let log_end = self.log_end(topic, *partition);
                let producer = self.world.view().producers().position(|p| p.name == producer).unwrap_or(0);
                self.fly(Flight {
                    id: 0,
                    from: layout::producer_anchor(producer),
                    to: layout::append_anchor(self.strip_y(topic, *partition), log_end),
                    departs: *departs,
                    arrives: *arrives,
                    hue: layout::key_hue(key.as_deref()),
                    label: key.as_deref().unwrap_or("").to_string(),
                });
            }
            EventKind::RecordsFetched { group, topic, partition, from, to, departs, arrives, .. } => {
                let log_end = self.log_end(topic, *partition);
                let members = self.member_counts();
                let group_index = self.world.view().groups().position(|g| g.name == group).unwrap_or(0);
                let target = layout::group_anchor(&members, group_index);
                let strip_y = self.strip_y(topic, *partition);
                let view = self.world.view();
                let keys: Vec<Option<brokerlab_core::Name>> = (from.0..to.0)
                    .map(|o| {
                        view.event_broker()
                            .topic(topic)
                            .and_then(|t| t.partition(*partition))
                            .and_then(|l| l.record(brokerlab_core::event_broker::Offset(o)))
                            .and_then(|r| r.key.clone())
                    })
                    .collect();
                for (offset, key) in (from.0..to.0).zip(keys) {
                    self.fly(Flight {
                        id: 0,
                        from: layout::cell_anchor(strip_y, offset, log_end),
                        to: target,
                        departs: *departs,
                        arrives: *arrives,
                        hue: layout::key_hue(key.as_deref()),
                        label: key.as_deref().unwrap_or("").to_string(),
                    });
                }
            }
            _ => {}
        }
        let about = (crate::inspector::event_subject(&event.kind), !matches!(event.kind, EventKind::Message(_)));
        LogLine::push(&mut self.log, event.at, event.kind_name(), about, |lang| event.explain(lang));
        self.logged += 1;
    }

    fn fly(&mut self, mut flight: Flight) {
        flight.id = self.next_flight;
        self.next_flight += 1;
        if self.flights.len() >= TOKENS_MAX {
            self.flights.remove(0);
        }
        self.flights.push(flight);
    }

    /// Members per group, in group order (for the layout of the group boxes).
    pub fn member_counts(&self) -> Vec<usize> {
        self.world.view().groups().map(|g| g.members.len()).collect()
    }

    /// Every topic's partition count, in the order the diagram stacks them.
    pub fn partition_counts(&self) -> Vec<u32> {
        self.world.view().event_broker().topics().iter().map(|t| t.partition_count()).collect()
    }

    /// The top of the strip drawn for `topic`'s partition.
    fn strip_y(&self, topic: &str, partition: PartitionIndex) -> f64 {
        let topics = self.world.view().event_broker().topics();
        let index = topics.iter().position(|t| &**t.name() == topic).unwrap_or(0);
        layout::row_y(&self.partition_counts(), index, partition.0)
    }

    fn log_end(&self, topic: &str, partition: PartitionIndex) -> u64 {
        self.world
            .view()
            .event_broker()
            .topic(topic)
            .and_then(|t| t.partition(partition))
            .map_or(0, |l| l.log_end().0)
    }
}

impl Playback for Sim {
    fn clock_mut(&mut self) -> &mut Clock {
        &mut self.clock
    }
    fn present(&self) -> SimTime {
        self.world.now()
    }
    fn next_timer(&self) -> Option<SimTime> {
        self.world.next_timeout()
    }
    fn play_frame(&mut self, frame_ms: f64) -> Frame {
        self.frame(frame_ms)
    }
    fn run_to(&mut self, target: SimTime) {
        self.advance(target);
        self.flights.retain(|f| f.arrives > target);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A command applied at the very moment a snapshot was taken (a paused learner producing
    /// at t = 2 s) is replayed from that snapshot on a rewind: its log lines must show once.
    #[test]
    fn a_rewind_logs_a_command_at_a_snapshot_time_once() {
        let mut sim = Sim::new(&Sim::default_scenario()).unwrap();
        let at = SimTime::from_ms(crate::timeline::SNAPSHOT_EVERY_MS);
        sim.advance(at);
        sim.apply(Command::Produce { producer: "shop".into(), key: Some("alice".into()), value: None }).unwrap();
        sim.advance(SimTime::from_ms(3_000));
        let lines = |sim: &Sim| sim.log.iter().filter(|l| l.at <= SimTime::from_ms(2_500)).map(|l| (l.at, l.en.clone())).collect::<Vec<_>>();
        let before = lines(&sim);
        assert_eq!(before.iter().filter(|(t, l)| *t == at && l.contains("alice")).count(), 1, "sent at 2 s: {before:?}");
        sim.rewind_to(SimTime::from_ms(2_500));
        assert_eq!(lines(&sim), before);
    }

    #[test]
    fn produce_uses_the_chosen_producer_while_it_exists() {
        let scenario = Scenario::from_json(
            r#"{"version": 1, "event_broker": {"topics": [{"name": "orders", "partitions": 3}, {"name": "audit", "partitions": 1}],
                "producers": [{"name": "shop", "topic": "orders"}, {"name": "auditor", "topic": "audit"}]}}"#,
        )
        .unwrap();
        let sim = Sim::new(&scenario).unwrap();
        assert_eq!(sim.producer_or_first(None), "shop");
        assert_eq!(sim.producer_or_first(Some("auditor")), "auditor");
        assert_eq!(sim.producer_or_first(Some("gone")), "shop", "a producer removed since falls back to the first");
    }

    #[test]
    fn frames_advance_simulated_time_by_speed_and_tokens_fly() {
        let mut sim = Sim::new(&Sim::default_scenario()).unwrap();
        sim.apply(Command::Produce { producer: "shop".into(), key: Some("alice".into()), value: None }).unwrap();
        assert_eq!(sim.flights.len(), 1);
        sim.clock.speed = 2.0;
        sim.frame(0.0);
        sim.frame(100.0);
        assert_eq!(sim.now(), SimTime::from_ms(200));
        let flight = sim.flights[0].clone();
        assert!((sim.progress(&flight) - 0.5).abs() < 1e-9, "halfway along a 400 ms hop");
        // Paused: nothing moves, nothing to draw.
        sim.clock.playing = false;
        assert_eq!(sim.frame(1_000.0), Frame::Idle);
        assert_eq!(sim.now(), SimTime::from_ms(200));
    }

    #[test]
    fn rewinding_then_playing_forward_reaches_exactly_the_same_state() {
        let mut sim = Sim::new(&Sim::default_scenario()).unwrap();
        let mut t = 0.0;
        sim.frame(t);
        let mut states = Vec::new();
        for (i, key) in ["alice", "bob", "carol", "dave", "erin", "frank"].iter().enumerate() {
            // A moment's state includes the commands applied at that moment.
            sim.apply(Command::Produce { producer: "shop".into(), key: Some((*key).into()), value: None }).unwrap();
            states.retain(|(at, _)| *at != sim.now());
            states.push((sim.now(), format!("{:?}", sim.world())));
            for _ in 0..(10 + i * 7) {
                t += 100.0;
                sim.frame(t);
            }
            states.push((sim.now(), format!("{:?}", sim.world())));
        }
        let (end, end_state) = states.last().cloned().unwrap();
        // Back to each recorded moment: the same world, byte for byte.
        for (at, state) in states.iter().rev() {
            sim.rewind_to(*at);
            assert_eq!(sim.now(), *at);
            assert_eq!(&format!("{:?}", sim.world()), state, "state at {at}");
        }
        // And forward again to the end: the recorded commands are re-applied on the way.
        sim.rewind_to(end);
        assert_eq!(format!("{:?}", sim.world()), end_state);
        assert_eq!(sim.horizon(), end);
    }

    #[test]
    fn a_command_after_a_rewind_starts_a_new_future() {
        let mut sim = Sim::new(&Sim::default_scenario()).unwrap();
        for i in 0..=10 {
            sim.frame(f64::from(i) * 100.0);
        }
        sim.apply(Command::Produce { producer: "shop".into(), key: Some("alice".into()), value: None }).unwrap();
        for i in 11..=50 {
            sim.frame(f64::from(i) * 100.0);
        }
        sim.rewind_to(SimTime::from_ms(500));
        sim.apply(Command::Produce { producer: "shop".into(), key: Some("bob".into()), value: None }).unwrap();
        assert_eq!(sim.horizon(), SimTime::from_ms(500), "the old future is gone from the scrubber");
        sim.clock.playing = true;
        for i in 51..=100 {
            sim.frame(f64::from(i) * 100.0);
        }
        let keys: Vec<String> = sim.world().view().event_broker().topic("orders").unwrap().partitions().iter()
            .flat_map(|p| p.read(brokerlab_core::event_broker::Offset(0), 100).into_iter().map(|r| r.key.as_deref().unwrap_or("").to_string()).collect::<Vec<_>>())
            .collect();
        assert_eq!(keys, ["bob"], "alice belonged to the forgotten future");
    }

    #[test]
    fn a_skip_reaches_the_state_playing_would_and_can_be_rewound_into() {
        // The built-in scenario with a record produced at 0, played frame by frame to `ms`.
        let played_to = |ms: u32| {
            let mut sim = Sim::new(&Sim::default_scenario()).unwrap();
            sim.frame(0.0);
            sim.apply(Command::Produce { producer: "shop".into(), key: Some("alice".into()), value: None }).unwrap();
            for i in 1..=ms / 100 {
                sim.frame(f64::from(i) * 100.0);
            }
            sim
        };
        let played = played_to(12_000);
        let mut sim = played_to(0);
        sim.clock.playing = false;
        sim.skip(12_000);
        assert_eq!(sim.now(), played.now());
        assert_eq!(format!("{:?}", sim.world()), format!("{:?}", played.world()), "the same world as playing for 12 s");
        assert!(!sim.clock.playing, "a paused page stays paused");
        assert!(sim.flights.iter().all(|f| f.arrives > sim.now()), "nothing that landed is still drawn");
        // The skipped time is on the timeline: back to 1 s, the state playing had there.
        assert_eq!(sim.horizon(), SimTime::from_ms(12_000));
        sim.rewind_to(SimTime::from_ms(1_000));
        assert_eq!(format!("{:?}", sim.world()), format!("{:?}", played_to(1_000).world()));
    }

    #[test]
    fn a_long_frame_is_capped() {
        let mut sim = Sim::new(&Sim::default_scenario()).unwrap();
        sim.frame(0.0);
        sim.frame(60_000.0);
        assert_eq!(sim.now().as_ms(), crate::clock::FRAME_SIM_MS_MAX as u64);
    }
}
