//! The event broker (Kafka) on the stage: a `World`'s records travelling producer → partition
//! and partition → group as tokens, and its events in the log. No DOM here.

use std::rc::Rc;

use brokerlab_core::event_broker::{Offset, PartitionIndex};
use brokerlab_core::world::ShareAnswer;
use brokerlab_core::{Event, EventKind, Scenario, ScenarioError, World};

use crate::layout;
use crate::log_line::LogLine;
use crate::stage::{Act, Flights, Stage};

/// The scenario the page opens with: the foundation slice.
pub const DEFAULT_SCENARIO: &str = brokerlab_core::lessons::OPENING;

/// The event broker's stage.
pub type EventSim = Stage<EventAct>;

/// A record's hop between two points of the diagram, labelled with its key.
#[derive(Clone, Debug, PartialEq)]
pub struct RecordHop {
    pub from: (f64, f64),
    pub to: (f64, f64),
    pub label: String,
    /// A share-group member's answer travelling back to the partition, not a record.
    pub answer: Option<ShareAnswer>,
    /// A heartbeat response of the consumer rebalance protocol (KIP-848) carrying this member
    /// epoch from the group's coordinator (the box's heading) to the member's line, not a
    /// record: each member gets its own at its own heartbeat, so the members of a group are
    /// seen reaching the new epoch one by one while records keep arriving.
    pub epoch: Option<u32>,
}

/// What the event broker brings to the stage: the scenario it was built from (for sharing and
/// for the inspector, which reads clients' settings from it). Its tokens are placed from the
/// world as it is when their event is taken in.
#[derive(Clone, Debug)]
pub struct EventAct {
    scenario: Rc<Scenario>,
    /// What share groups did so far, for the compare view's live numbers.
    pub share: ShareTally,
}

/// Counts over every share group, taken from their events (kept in the timeline's snapshots
/// with the act, so a rewind restores them).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ShareTally {
    /// Records acquired, per (group, member).
    pub acquired: std::collections::BTreeMap<(String, u32), u64>,
    /// Acquisitions of a record already delivered before (delivery count 2 or more).
    pub redelivered: u64,
    /// Records the broker took as accepted: done, never delivered again, still in the log.
    pub accepted: u64,
    /// Records archived at the delivery limit.
    pub archived: u64,
    /// Each in-flight record's share history, per (group, topic, partition, offset): the log's
    /// lines of the events that moved it (acquired, answered, lock expired, archived), for the
    /// record's inspector. A record's lines go once its share-partition's start passes it.
    pub history: std::collections::BTreeMap<(String, String, u32, u64), Vec<LogLine>>,
}

impl ShareTally {
    /// Files `line` under each record `event` moves between share states, and forgets the
    /// records of that share-partition below its start (no longer in flight).
    fn remember(&mut self, world: &World, event: &Event, line: &LogLine) {
        let (group, topic, partition, offsets): (_, _, _, Vec<u64>) = match &event.kind {
            EventKind::ShareRecordsAcquired { group, topic, partition, first, last, .. }
            | EventKind::ShareRecordsAcknowledged { group, topic, partition, first, last, .. }
            | EventKind::ShareAcknowledgementRefused { group, topic, partition, first, last, .. } => (group, topic, partition, (first.0..=last.0).collect()),
            EventKind::ShareLocksExpired { group, topic, partition, offsets, .. } | EventKind::ShareRecordsArchived { group, topic, partition, offsets, .. } => {
                (group, topic, partition, offsets.iter().map(|o| o.0).collect())
            }
            _ => return,
        };
        let key = |offset: u64| (group.to_string(), topic.to_string(), partition.0, offset);
        for offset in offsets {
            self.history.entry(key(offset)).or_default().push(line.clone());
        }
        let start = world.view().share_partition(group, *partition).map_or(u64::MAX, |sp| sp.start_offset().0);
        let done: Vec<_> = self.history.range(key(0)..key(start)).map(|(k, _)| k.clone()).collect();
        for k in done {
            self.history.remove(&k);
        }
    }
}

impl Act for EventAct {
    type Model = World;
    type Hop = RecordHop;

    fn absorb(&mut self, world: &World, event: &Event, flights: &mut Flights<RecordHop>) -> LogLine {
        match &event.kind {
            EventKind::RecordSent { producer, key, partition, departs, arrives, topic, .. } => {
                let log_end = log_end(world, topic, *partition);
                let producer = world.view().producers().position(|p| p.name == producer).unwrap_or(0);
                let hop = RecordHop {
                    from: layout::producer_anchor(producer),
                    to: layout::append_anchor(strip_y(world, topic, *partition), log_end),
                    label: key.as_deref().unwrap_or("").to_string(),
                    answer: None,
                    epoch: None,
                };
                flights.fly(*departs, *arrives, layout::key_hue(key.as_deref()), hop);
            }
            EventKind::RecordsFetched { group, topic, partition, from, to, departs, arrives, .. } => {
                let log_end = log_end(world, topic, *partition);
                let group_index = world.view().groups().position(|g| g.name == group).unwrap_or(0);
                let target = layout::group_anchor(&member_counts(world), group_index);
                let strip_y = strip_y(world, topic, *partition);
                let view = world.view();
                let log = view.event_broker().topic(topic).and_then(|t| t.partition(*partition));
                for offset in from.0..to.0 {
                    let key = log.and_then(|l| l.record(Offset(offset))).and_then(|r| r.key.clone());
                    let hop = RecordHop {
                        from: layout::cell_anchor(strip_y, offset, log_end),
                        to: target,
                        label: key.as_deref().unwrap_or("").to_string(),
                        answer: None,
                        epoch: None,
                    };
                    flights.fly(*departs, *arrives, layout::key_hue(key.as_deref()), hop);
                }
            }
            EventKind::ShareRecordsAcquired { group, member, topic, partition, first, last, delivery_count, departs, arrives, .. } => {
                let records = last.0 - first.0 + 1;
                *self.share.acquired.entry((group.to_string(), *member)).or_default() += records;
                if *delivery_count >= 2 {
                    self.share.redelivered += records;
                }
                let log_end = log_end(world, topic, *partition);
                let groups = world.view().groups().count();
                let share = world.view().share_groups().position(|g| g == group).unwrap_or(0);
                let target = layout::group_anchor(&box_rows(world), groups + share);
                let strip_y = strip_y(world, topic, *partition);
                let view = world.view();
                let log = view.event_broker().topic(topic).and_then(|t| t.partition(*partition));
                for offset in first.0..=last.0 {
                    let key = log.and_then(|l| l.record(Offset(offset))).and_then(|r| r.key.clone());
                    let hop = RecordHop { from: layout::cell_anchor(strip_y, offset, log_end), to: target, label: key.as_deref().unwrap_or("").to_string(), answer: None, epoch: None };
                    flights.fly(*departs, *arrives, layout::key_hue(key.as_deref()), hop);
                }
            }
            EventKind::ShareAcknowledgementSent { group, topic, partition, first, last, answer, departs, arrives, .. } => {
                let log_end = log_end(world, topic, *partition);
                let groups = world.view().groups().count();
                let share = world.view().share_groups().position(|g| g == group).unwrap_or(0);
                let source = layout::group_anchor(&box_rows(world), groups + share);
                let strip_y = strip_y(world, topic, *partition);
                for offset in first.0..=last.0 {
                    let hop = RecordHop { from: source, to: layout::cell_anchor(strip_y, offset, log_end), label: String::new(), answer: Some(*answer), epoch: None };
                    flights.fly(*departs, *arrives, layout::key_hue(None), hop);
                }
            }
            EventKind::ShareRecordsAcknowledged { first, last, answer: ShareAnswer::Accept, .. } => {
                self.share.accepted += last.0 - first.0 + 1;
            }
            EventKind::ShareRecordsArchived { offsets, .. } => self.share.archived += offsets.len() as u64,
            EventKind::MemberReconciled { group, member, epoch, departs, arrives, .. } => {
                let view = world.view();
                let Some(gi) = view.groups().position(|g| g.name == group) else { return line(event) };
                let row = view.groups().nth(gi).and_then(|g| g.members.iter().position(|m| m.index == *member)).unwrap_or(0);
                let (gy, _) = layout::group_boxes(&box_rows(world)).get(gi).copied().unwrap_or((layout::TOP, 40.0));
                let x = layout::GROUP_X + layout::GROUP_W - 14.0;
                let hop = RecordHop { from: (x, gy + 14.0), to: (x, layout::member_line_y(gy, row) - 4.0), label: String::new(), answer: None, epoch: Some(*epoch) };
                flights.fly(*departs, *arrives, layout::group_hue(gi), hop);
            }
            _ => {}
        }
        let line = line(event);
        self.share.remember(world, event, &line);
        line
    }
}

/// The log's line for `event`.
fn line(event: &Event) -> LogLine {
    let subject = crate::subject::event_subject(&event.kind);
    let kafka = !matches!(event.kind, EventKind::Message(_));
    LogLine::new(event.at, event.kind_name(), subject, kafka, |lang| event.explain(lang))
}

impl EventSim {
    pub fn new(scenario: &Scenario) -> Result<EventSim, ScenarioError> {
        let world = World::new(scenario)?;
        Ok(Stage::start(world, EventAct { scenario: Rc::new(scenario.clone()), share: ShareTally::default() }))
    }

    pub fn default_scenario() -> Scenario {
        Scenario::from_json(DEFAULT_SCENARIO).expect("the built-in scenario is valid")
    }

    pub fn world(&self) -> &World {
        self.model()
    }

    /// The scenario it was built from (the inspector reads clients' settings from it).
    pub fn scenario(&self) -> &Scenario {
        &self.act.scenario
    }

    /// The scenario as JSON, for the share link.
    pub fn scenario_json(&self) -> String {
        self.act.scenario.to_json()
    }

    /// The producer the page's Produce button sends from: `name` if the world has a producer
    /// by that name, else the first one.
    pub fn producer_or_first(&self, name: Option<&str>) -> String {
        let names: Vec<&brokerlab_core::Name> = self.world().view().producers().map(|p| p.name).collect();
        let chosen = name.and_then(|n| names.iter().find(|p| p.as_ref() == n));
        chosen.or(names.first()).map(|p| p.to_string()).unwrap_or_default()
    }

    /// Members per group, in group order (for the layout of the group boxes).
    pub fn member_counts(&self) -> Vec<usize> {
        member_counts(self.world())
    }

    /// Rows per box in the groups' column: each consumer group's members, then each share
    /// group's members and its legend (`layout::SHARE_LEGEND_ROWS`).
    pub fn box_rows(&self) -> Vec<usize> {
        box_rows(self.world())
    }

    /// Every topic's partition count, in the order the diagram stacks them.
    pub fn partition_counts(&self) -> Vec<u32> {
        partition_counts(self.world())
    }
}

fn member_counts(world: &World) -> Vec<usize> {
    world.view().groups().map(|g| g.members.len()).collect()
}

fn box_rows(world: &World) -> Vec<usize> {
    let shares = world.view().share_group_views().map(|g| g.members.len() + layout::SHARE_LEGEND_ROWS).collect::<Vec<_>>();
    member_counts(world).into_iter().chain(shares).collect()
}

fn partition_counts(world: &World) -> Vec<u32> {
    world.view().event_broker().topics().iter().map(|t| t.partition_count()).collect()
}

/// The top of the strip drawn for `topic`'s partition.
fn strip_y(world: &World, topic: &str, partition: PartitionIndex) -> f64 {
    let topics = world.view().event_broker().topics();
    let index = topics.iter().position(|t| &**t.name() == topic).unwrap_or(0);
    layout::row_y(&partition_counts(world), index, partition.0)
}

fn log_end(world: &World, topic: &str, partition: PartitionIndex) -> u64 {
    world.view().event_broker().topic(topic).and_then(|t| t.partition(partition)).map_or(0, |l| l.log_end().0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use brokerlab_core::{Command, SimTime};
    use crate::clock::Frame;

    /// The consumer rebalance protocol on the stage: every `MemberReconciled` sends a small
    /// token from the group's heading down to that member's line, taking one link delay (the
    /// heartbeat response); members get theirs at their own heartbeats, so when member 2 joins
    /// at 10 s the tokens reach members at different moments while records keep arriving.
    #[test]
    fn each_reconciliation_flies_to_its_member_at_its_own_heartbeat() {
        let scenario = Scenario::from_json(include_str!("../../core/tests/data/consumer_protocol.json")).unwrap();
        let mut sim = EventSim::new(&scenario).unwrap();
        let mut seen: std::collections::BTreeMap<u64, (SimTime, SimTime, (f64, f64), u32)> = Default::default();
        let mut records_after_join = 0;
        let mut reconciled = 0;
        for frame in 1..=600 {
            let logged = sim.log.mark();
            sim.advance(SimTime::from_ms(frame * 50));
            let new = (sim.log.mark() - logged) as usize;
            reconciled += sim.log.iter().rev().take(new).filter(|l| l.kind == "member_reconciled").count();
            for f in sim.flights.iter() {
                match f.hop.epoch {
                    Some(epoch) => {
                        seen.insert(f.id, (f.departs, f.arrives, f.hop.to, epoch));
                    }
                    None if f.departs > SimTime::from_ms(10_000) && f.departs < SimTime::from_ms(20_000) => records_after_join += 1,
                    None => {}
                }
            }
        }
        assert!(reconciled >= 3, "{reconciled} reconciliations");
        assert_eq!(seen.len(), reconciled, "one token per reconciliation");
        for (departs, arrives, _, _) in seen.values() {
            assert_eq!(arrives.as_ms() - departs.as_ms(), 100, "one link delay");
        }
        let after_join: Vec<_> = seen.values().filter(|(d, ..)| *d >= SimTime::from_ms(10_000) && *d < SimTime::from_ms(30_000)).collect();
        let rows: std::collections::BTreeSet<i64> = after_join.iter().map(|(_, _, to, _)| to.1 as i64).collect();
        let times: std::collections::BTreeSet<u64> = after_join.iter().map(|(d, ..)| d.as_ms()).collect();
        assert!(rows.len() >= 2, "tokens to at least two members after the join: {after_join:?}");
        assert!(times.len() >= 2, "at different moments: {after_join:?}");
        assert!(records_after_join > 0, "records keep flying while the members reconcile");
    }

    /// A command applied at the very moment a snapshot was taken (a paused learner producing
    /// at t = 2 s) is replayed from that snapshot on a rewind: its log lines must show once.
    #[test]
    fn a_rewind_logs_a_command_at_a_snapshot_time_once() {
        let mut sim = EventSim::new(&EventSim::default_scenario()).unwrap();
        let at = SimTime::from_ms(crate::timeline::SNAPSHOT_EVERY_MS);
        sim.advance(at);
        sim.apply(Command::Produce { producer: "shop".into(), key: Some("alice".into()), value: None }).unwrap();
        sim.advance(SimTime::from_ms(3_000));
        let lines = |sim: &EventSim| sim.log.iter().filter(|l| l.at <= SimTime::from_ms(2_500)).map(|l| (l.at, l.en.clone())).collect::<Vec<_>>();
        let before = lines(&sim);
        assert_eq!(before.iter().filter(|(t, l)| *t == at && l.contains("alice")).count(), 1, "sent at 2 s: {before:?}");
        sim.rewind_to(SimTime::from_ms(2_500));
        assert_eq!(lines(&sim), before);
    }

    /// A consumer-protocol group (KIP-848) shows its steps in the log, in both languages,
    /// with their kinds labelled for the log's filter.
    #[test]
    fn the_consumer_protocol_s_steps_show_in_the_log_with_their_words() {
        let scenario = Scenario::from_json(
            r#"{"version": 1, "event_broker": {"kafka_version": "4.2", "topics": [{"name": "orders", "partitions": 4}],
                "groups": [{"name": "billing", "topics": ["orders"], "members": 2, "group_protocol": "consumer"}]}}"#,
        )
        .unwrap();
        let mut sim = EventSim::new(&scenario).unwrap();
        sim.advance(SimTime::from_ms(12_000));
        let korean = crate::words::words(brokerlab_core::Lang::Ko);
        for kind in ["group_epoch_bumped", "target_assignment_computed", "member_reconciled"] {
            let line = sim.log.iter().find(|l| l.kind == kind).unwrap_or_else(|| panic!("no {kind} line"));
            assert!(line.en.contains("billing") && line.ko.contains("billing"), "{kind}: {} / {}", line.en, line.ko);
            assert!(line.ko.chars().any(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c)), "{kind}: {}", line.ko);
            assert_ne!(korean.event_kind(kind), kind, "{kind} has a Korean label");
        }
    }

    #[test]
    fn produce_uses_the_chosen_producer_while_it_exists() {
        let scenario = Scenario::from_json(
            r#"{"version": 1, "event_broker": {"topics": [{"name": "orders", "partitions": 3}, {"name": "audit", "partitions": 1}],
                "producers": [{"name": "shop", "topic": "orders"}, {"name": "auditor", "topic": "audit"}]}}"#,
        )
        .unwrap();
        let sim = EventSim::new(&scenario).unwrap();
        assert_eq!(sim.producer_or_first(None), "shop");
        assert_eq!(sim.producer_or_first(Some("auditor")), "auditor");
        assert_eq!(sim.producer_or_first(Some("gone")), "shop", "a producer removed since falls back to the first");
    }

    #[test]
    fn frames_advance_simulated_time_by_speed_and_tokens_fly() {
        let mut sim = EventSim::new(&EventSim::default_scenario()).unwrap();
        sim.apply(Command::Produce { producer: "shop".into(), key: Some("alice".into()), value: None }).unwrap();
        assert_eq!(sim.flights.len(), 1);
        sim.clock.speed = 2.0;
        sim.frame(0.0);
        sim.frame(100.0);
        assert_eq!(sim.now(), SimTime::from_ms(200));
        let flight = sim.flights.iter().next().cloned().unwrap();
        assert!((sim.progress(&flight) - 0.5).abs() < 1e-9, "halfway along a 400 ms hop");
        // Paused: nothing moves, nothing to draw.
        sim.clock.playing = false;
        assert_eq!(sim.frame(1_000.0), Frame::Idle);
        assert_eq!(sim.now(), SimTime::from_ms(200));
    }

    #[test]
    fn rewinding_then_playing_forward_reaches_exactly_the_same_state() {
        let mut sim = EventSim::new(&EventSim::default_scenario()).unwrap();
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
        let mut sim = EventSim::new(&EventSim::default_scenario()).unwrap();
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
            let mut sim = EventSim::new(&EventSim::default_scenario()).unwrap();
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
        let mut sim = EventSim::new(&EventSim::default_scenario()).unwrap();
        sim.frame(0.0);
        sim.frame(60_000.0);
        assert_eq!(sim.now().as_ms(), crate::limits::FRAME_SIM_MS_MAX as u64);
    }
}
