//! The simulated world: the brokers plus the simulated clients (producers, group members),
//! links with latency, timers and the event queue. It owns time only as the caller hands it
//! in (`advance_to`), and randomness only through its seeded `Prng`.
//!
//! Drive loop (the contract every caller follows):
//!
//! ```text
//!   World::new(&scenario)?
//!   loop {
//!       world.apply(command)?          // zero or more; atomic, at the current time
//!       world.advance_to(now);         // runs due timers, bounded work per call
//!       while let Some(e) = world.poll_event() { ... }   // drain completely
//!       // sleep until world.next_timeout() or the next input
//!   }
//! ```

mod event;
mod scenario;
mod view;

use alloc::collections::{BTreeMap, VecDeque};
use alloc::format;
use alloc::rc::Rc;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;
use serde::{Deserialize, Serialize};

pub use event::{Event, EventKind, Lang, PartitionChoice};
pub use scenario::{
    EventBrokerSpec, GroupSpec, ProducerSpec, SCENARIO_VERSION, Scenario, ScenarioError, ScriptStep, TopicSpec,
};
pub use view::{GroupView, MemberView, ProducerView, View};

use crate::Name;
use crate::event_broker::assignor::{self, Strategy, Subscription, TopicPartition};
use crate::event_broker::partitioner::{self, PartitionerKind};
use crate::event_broker::{EventBroker, Offset, PartitionIndex, Record, RecordId, Topic};
use crate::limits;
use crate::rng::Prng;
use crate::time::SimTime;
use scenario::{check_name, check_range, field};

/// A request from the user (the page, a script, the CLI). Names refer to things the scenario
/// declared; an unknown name is an error and changes nothing.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Command {
    /// One record from `producer`, with this key (`None`: keyless) and value.
    Produce {
        producer: String,
        #[serde(default)]
        key: Option<String>,
        #[serde(default)]
        value: Option<String>,
    },
}

/// Misuse: the command was refused and the world is exactly as it was.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CommandError {
    UnknownProducer(String),
    KeyTooLong { bytes: usize, max: usize },
    ValueTooLong { bytes: usize, max: usize },
}

impl fmt::Display for CommandError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CommandError::UnknownProducer(name) => write!(f, "there is no producer named {name:?}"),
            CommandError::KeyTooLong { bytes, max } => write!(f, "the key is {bytes} bytes; at most {max} are allowed"),
            CommandError::ValueTooLong { bytes, max } => {
                write!(f, "the value is {bytes} bytes; at most {max} are allowed")
            }
        }
    }
}

/// What `advance_to` achieved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Advance {
    /// The world is now at the requested time.
    Reached,
    /// Stopped early at `at`, because the per-call work bound or the pending-event bound was
    /// reached. Drain events and call again.
    Partial { at: SimTime },
}

#[derive(Clone, Debug)]
struct Producer {
    name: Name,
    topic: usize,
    every_ms: Option<u64>,
    keys: Vec<Name>,
    next_key: usize,
    partitioner: PartitionerKind,
    /// Sticky partitioner state for keyless records: current partition and bytes sent to it.
    sticky: Option<(u32, u64)>,
    round_robin_next: u32,
    sent: u64,
}

#[derive(Clone, Debug)]
struct Member {
    assigned: Vec<(usize, PartitionIndex)>,
    /// Fetch position per assigned partition: the next offset to fetch.
    position: BTreeMap<(usize, PartitionIndex), Offset>,
    /// Which assigned partition to try first on the next poll (fairness between partitions).
    cursor: usize,
    busy: bool,
}

#[derive(Clone, Debug)]
struct Group {
    name: Name,
    topics: Vec<usize>,
    members: Vec<Member>,
    assignor: Strategy,
    generation: u32,
    processing_ms: u64,
    poll_ms: u64,
    max_poll_records: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Timer {
    ProducerTick { producer: usize },
    ScriptStep { step: usize },
    RecordArrives { record: RecordId, topic: usize, partition: PartitionIndex, key: Option<Name>, value: Option<Name>, sent_at: SimTime },
    MemberPoll { group: usize, member: usize },
    FetchArrives { group: usize, member: usize, topic: usize, partition: PartitionIndex, from: Offset, to: Offset },
    ProcessingDone { group: usize, member: usize, topic: usize, partition: PartitionIndex, from: Offset, to: Offset },
}

/// Bytes Kafka's sticky partitioner sends to one partition before switching (`batch.size`).
const BATCH_SIZE_BYTES: u64 = 16_384;
/// Per-record overhead counted towards `batch.size` (record headers in the v2 format).
const RECORD_OVERHEAD_BYTES: u64 = 70;

#[derive(Clone, Debug)]
pub struct World {
    now: SimTime,
    rng: Prng,
    link_ms: u64,
    event_broker: EventBroker,
    producers: Vec<Producer>,
    groups: Vec<Group>,
    script: Vec<ScriptStep>,
    timers: BTreeMap<(SimTime, u64), Timer>,
    timer_seq: u64,
    events: VecDeque<Event>,
    next_record: u64,
}

impl World {
    /// Builds a world from a scenario, validating everything first: on error nothing is built.
    pub fn new(scenario: &Scenario) -> Result<World, ScenarioError> {
        if scenario.version != SCENARIO_VERSION {
            return Err(ScenarioError::UnsupportedVersion { found: scenario.version, supported: SCENARIO_VERSION });
        }
        check_range(|| String::from("link_ms"), scenario.link_ms, 0, limits::DURATION_MS_MAX)?;
        let spec = &scenario.event_broker;
        check_range(|| String::from("event_broker.brokers"), u64::from(spec.brokers), 1, u64::from(limits::BROKERS_MAX))?;
        too_many("topics", spec.topics.len(), limits::TOPICS_MAX)?;
        too_many("producers", spec.producers.len(), limits::PRODUCERS_MAX)?;
        too_many("groups", spec.groups.len(), limits::GROUPS_MAX)?;
        too_many("script steps", scenario.script.len(), limits::SCRIPT_STEPS_MAX)?;

        let mut event_broker = EventBroker::default();
        for topic in &spec.topics {
            check_name("topic", &topic.name)?;
            if event_broker.topic(&topic.name).is_some() {
                return Err(ScenarioError::DuplicateName { what: "topic", name: topic.name.clone() });
            }
            let f = |k: &str| field("topic", &topic.name, k);
            check_range(|| f("partitions"), u64::from(topic.partitions), 1, u64::from(limits::PARTITIONS_MAX))?;
            check_range(|| f("replication_factor"), u64::from(topic.replication_factor), 1, u64::from(spec.brokers))?;
            event_broker.add_topic(Topic::new(name(&topic.name), topic.partitions));
        }

        let mut producers = Vec::new();
        for p in &spec.producers {
            check_name("producer", &p.name)?;
            if producers.iter().any(|q: &Producer| *q.name == *p.name) {
                return Err(ScenarioError::DuplicateName { what: "producer", name: p.name.clone() });
            }
            let topic = event_broker
                .topic_index(&p.topic)
                .ok_or_else(|| ScenarioError::UnknownTopic { by: format!("producer {:?}", p.name), topic: p.topic.clone() })?;
            if let Some(every) = p.every_ms {
                check_range(|| field("producer", &p.name, "every_ms"), every, 1, limits::DURATION_MS_MAX)?;
            }
            too_many("keys", p.keys.len(), limits::PRODUCER_KEYS_MAX)?;
            for key in &p.keys {
                check_range(|| field("producer", &p.name, "key bytes"), key.len() as u64, 0, limits::KEY_BYTES_MAX as u64)?;
            }
            producers.push(Producer {
                name: name(&p.name),
                topic,
                every_ms: p.every_ms,
                keys: p.keys.iter().map(|k| name(k)).collect(),
                next_key: 0,
                partitioner: p.partitioner,
                sticky: None,
                round_robin_next: 0,
                sent: 0,
            });
        }

        let mut groups = Vec::new();
        for g in &spec.groups {
            check_name("group", &g.name)?;
            if groups.iter().any(|q: &Group| *q.name == *g.name) {
                return Err(ScenarioError::DuplicateName { what: "group", name: g.name.clone() });
            }
            let f = |k: &str| field("group", &g.name, k);
            check_range(|| f("members"), u64::from(g.members), 1, u64::from(limits::MEMBERS_MAX))?;
            check_range(|| f("processing_ms"), g.processing_ms, 0, limits::DURATION_MS_MAX)?;
            check_range(|| f("poll_ms"), g.poll_ms, 1, limits::DURATION_MS_MAX)?;
            check_range(|| f("max_poll_records"), u64::from(g.max_poll_records), 1, u64::from(limits::MAX_POLL_RECORDS_MAX))?;
            if g.topics.is_empty() {
                return Err(ScenarioError::OutOfRange { field: f("topics"), value: 0, min: 1, max: limits::TOPICS_MAX as u64 });
            }
            let mut topics = Vec::new();
            for t in &g.topics {
                let index = event_broker
                    .topic_index(t)
                    .ok_or_else(|| ScenarioError::UnknownTopic { by: format!("group {:?}", g.name), topic: t.clone() })?;
                if !topics.contains(&index) {
                    topics.push(index);
                }
            }
            let member = Member { assigned: Vec::new(), position: BTreeMap::new(), cursor: 0, busy: false };
            groups.push(Group {
                name: name(&g.name),
                topics,
                members: (0..g.members).map(|_| member.clone()).collect(),
                assignor: g.assignor,
                generation: 0,
                processing_ms: g.processing_ms,
                poll_ms: g.poll_ms,
                max_poll_records: g.max_poll_records,
            });
        }

        let mut world = World {
            now: SimTime::ZERO,
            rng: Prng::new(scenario.seed),
            link_ms: scenario.link_ms,
            event_broker,
            producers,
            groups,
            script: Vec::new(),
            timers: BTreeMap::new(),
            timer_seq: 0,
            events: VecDeque::new(),
            next_record: 0,
        };

        // Every script command must be valid against the fresh world; checked on a copy.
        for (i, step) in scenario.script.iter().enumerate() {
            check_range(|| format!("script step {i}: at_ms"), step.at_ms, 0, limits::DURATION_MS_MAX)?;
            world
                .clone()
                .apply(step.command.clone())
                .map_err(|e| ScenarioError::InvalidScript { step: i, reason: format!("{e}") })?;
        }
        world.script = scenario.script.clone();

        for (i, step) in scenario.script.iter().enumerate() {
            world.schedule(SimTime(step.at_ms), Timer::ScriptStep { step: i });
        }
        for (i, p) in world.producers.clone().iter().enumerate() {
            if let Some(every) = p.every_ms {
                world.schedule(SimTime(every), Timer::ProducerTick { producer: i });
            }
        }
        for g in 0..world.groups.len() {
            world.rebalance(g);
            for m in 0..world.groups[g].members.len() {
                world.schedule(SimTime::ZERO, Timer::MemberPoll { group: g, member: m });
            }
        }
        Ok(world)
    }

    /// Applies a command at the current time. Atomic: on `Err` nothing changed.
    pub fn apply(&mut self, command: Command) -> Result<(), CommandError> {
        match command {
            Command::Produce { producer, key, value } => {
                let index = self
                    .producers
                    .iter()
                    .position(|p| *p.name == *producer)
                    .ok_or(CommandError::UnknownProducer(producer))?;
                if let Some(key) = &key
                    && key.len() > limits::KEY_BYTES_MAX
                {
                    return Err(CommandError::KeyTooLong { bytes: key.len(), max: limits::KEY_BYTES_MAX });
                }
                if let Some(value) = &value
                    && value.len() > limits::VALUE_BYTES_MAX
                {
                    return Err(CommandError::ValueTooLong { bytes: value.len(), max: limits::VALUE_BYTES_MAX });
                }
                self.send(index, key.map(|k| name(&k)), value.map(|v| name(&v)));
                Ok(())
            }
        }
    }

    /// Runs every timer due at or before `now`, in time order (ties in scheduling order).
    /// Bounded: at most `ADVANCE_STEPS_MAX` timers per call, and never more than
    /// `EVENTS_PENDING_MAX` undrained events. Time never goes backwards: an earlier `now` is a
    /// no-op.
    pub fn advance_to(&mut self, now: SimTime) -> Advance {
        let mut steps = 0;
        while let Some((&(at, seq), _)) = self.timers.first_key_value() {
            if at > now {
                break;
            }
            if steps >= limits::ADVANCE_STEPS_MAX || self.events.len() >= limits::EVENTS_PENDING_MAX {
                return Advance::Partial { at: self.now };
            }
            let timer = self.timers.remove(&(at, seq)).expect("the first timer exists");
            self.now = self.now.max(at);
            self.fire(timer);
            steps += 1;
        }
        self.now = self.now.max(now);
        Advance::Reached
    }

    pub fn poll_event(&mut self) -> Option<Event> {
        self.events.pop_front()
    }

    /// When the next timer is due, if any: the caller need not call `advance_to` before it.
    pub fn next_timeout(&self) -> Option<SimTime> {
        self.timers.first_key_value().map(|(&(at, _), _)| at)
    }

    pub fn now(&self) -> SimTime {
        self.now
    }

    pub fn view(&self) -> View<'_> {
        View::new(self)
    }
}

fn name(s: &str) -> Name {
    Rc::from(s)
}

fn too_many(what: &'static str, count: usize, max: usize) -> Result<(), ScenarioError> {
    if count > max {
        return Err(ScenarioError::TooMany { what, count, max });
    }
    Ok(())
}

// Private machinery: timers, clients.
impl World {
    fn schedule(&mut self, at: SimTime, timer: Timer) {
        self.timer_seq += 1;
        self.timers.insert((at, self.timer_seq), timer);
    }

    fn emit(&mut self, kind: EventKind) {
        self.events.push_back(Event { at: self.now, kind });
    }

    fn fire(&mut self, timer: Timer) {
        match timer {
            Timer::ProducerTick { producer } => {
                let p = &mut self.producers[producer];
                let key = if p.keys.is_empty() {
                    None
                } else {
                    let key = p.keys[p.next_key % p.keys.len()].clone();
                    p.next_key = (p.next_key + 1) % p.keys.len();
                    Some(key)
                };
                let value = Some(name(&format!("{}-{}", p.name, p.sent)));
                let every = p.every_ms.expect("only periodic producers tick");
                self.send(producer, key, value);
                self.schedule(self.now + every, Timer::ProducerTick { producer });
            }
            Timer::ScriptStep { step } => {
                let command = self.script[step].command.clone();
                // Validated in `new`; a later failure is a broken invariant.
                self.apply(command).expect("script commands were validated when the world was built");
            }
            Timer::RecordArrives { record, topic, partition, key, value, sent_at } => {
                let t = self.event_broker.topic_mut(topic);
                let topic_name = t.name().clone();
                let log = t.partition_mut(partition);
                if log.len() >= limits::RECORDS_PER_PARTITION_MAX {
                    self.emit(EventKind::RecordRejected {
                        record,
                        topic: topic_name,
                        partition,
                        reason: name("the partition holds as many records as the model allows"),
                    });
                    return;
                }
                let offset = log.append(Record { id: record, offset: Offset(0), key: key.clone(), value, timestamp: sent_at });
                // One replica: the record is committed as soon as the leader has it.
                log.set_high_watermark(offset.next());
                self.emit(EventKind::RecordAppended { record, topic: topic_name, partition, offset, key });
            }
            Timer::MemberPoll { group, member } => self.poll(group, member),
            Timer::FetchArrives { group, member, topic, partition, from, to } => {
                let count = to.0 - from.0;
                let done = self.now + self.groups[group].processing_ms.saturating_mul(count);
                self.schedule(done, Timer::ProcessingDone { group, member, topic, partition, from, to });
            }
            Timer::ProcessingDone { group, member, topic, partition, from, to } => {
                let g = &mut self.groups[group];
                g.members[member].busy = false;
                let group_name = g.name.clone();
                let topic_name = self.event_broker.topics()[topic].name().clone();
                self.emit(EventKind::RecordsProcessed {
                    group: group_name.clone(),
                    member: member as u32,
                    topic: topic_name.clone(),
                    partition,
                    from,
                    to,
                });
                // At-least-once: commit after processing. The committed offset is the next
                // offset to read (last processed + 1).
                self.event_broker.commit(group_name.clone(), topic_name.clone(), partition, to);
                self.emit(EventKind::OffsetCommitted { group: group_name, member: member as u32, topic: topic_name, partition, offset: to });
                self.poll(group, member);
            }
        }
    }

    fn send(&mut self, producer: usize, key: Option<Name>, value: Option<Name>) {
        let record = RecordId(self.next_record);
        self.next_record += 1;
        let topic_index = self.producers[producer].topic;
        let topic = &self.event_broker.topics()[topic_index];
        let partitions = topic.partition_count();
        let topic_name = topic.name().clone();
        let size = key.as_ref().map_or(0, |k| k.len() as u64)
            + value.as_ref().map_or(0, |v| v.len() as u64)
            + RECORD_OVERHEAD_BYTES;
        let p = &mut self.producers[producer];
        p.sent += 1;
        let (partition, choice) = match (p.partitioner, &key) {
            (PartitionerKind::RoundRobin, _) => {
                let partition = p.round_robin_next % partitions;
                p.round_robin_next = p.round_robin_next.wrapping_add(1);
                (partition, PartitionChoice::RoundRobin)
            }
            (PartitionerKind::Default, Some(key)) => {
                let hash = partitioner::murmur2(key.as_bytes());
                (partitioner::to_positive(hash) % partitions, PartitionChoice::KeyHash { hash })
            }
            (PartitionerKind::Default, None) => {
                // KIP-794: stay on one partition until about `batch.size` bytes went to it.
                let current = match p.sticky {
                    Some((partition, bytes)) if bytes < BATCH_SIZE_BYTES && partition < partitions => partition,
                    _ => self.rng.below(u64::from(partitions)) as u32,
                };
                let bytes = match p.sticky {
                    Some((partition, bytes)) if partition == current && bytes < BATCH_SIZE_BYTES => bytes,
                    _ => 0,
                };
                p.sticky = Some((current, bytes + size));
                (current, PartitionChoice::Sticky)
            }
        };
        let partition = PartitionIndex(partition);
        let arrives = self.now + self.link_ms;
        self.emit(EventKind::RecordSent {
            record,
            producer: self.producers[producer].name.clone(),
            topic: topic_name,
            partition,
            partitions,
            key: key.clone(),
            choice,
            departs: self.now,
            arrives,
        });
        self.schedule(arrives, Timer::RecordArrives { record, topic: topic_index, partition, key, value, sent_at: self.now });
    }

    /// Runs the group's assignor over its members and hands out the result.
    fn rebalance(&mut self, group: usize) {
        let g = &self.groups[group];
        let topics: BTreeMap<Name, u32> = g
            .topics
            .iter()
            .map(|&t| {
                let topic = &self.event_broker.topics()[t];
                (topic.name().clone(), topic.partition_count())
            })
            .collect();
        let subscriptions: Vec<Subscription> = (0..g.members.len())
            .map(|m| Subscription {
                member_id: member_id(&g.name, m),
                instance_id: None,
                topics: topics.keys().cloned().collect(),
                owned: Vec::new(),
                generation: None,
            })
            .collect();
        let assignment = assignor::assign(g.assignor, &topics, &subscriptions);
        let generation = g.generation + 1;
        let group_name = g.name.clone();
        for m in 0..self.groups[group].members.len() {
            let owned: &[TopicPartition] = assignment.get(&member_id(&group_name, m)).map_or(&[], Vec::as_slice);
            let assigned: Vec<(usize, PartitionIndex)> = owned
                .iter()
                .map(|tp| (self.event_broker.topic_index(&tp.topic).expect("assigned topics exist"), PartitionIndex(tp.partition)))
                .collect();
            let mut position = BTreeMap::new();
            for &(t, p) in &assigned {
                let topic = &self.event_broker.topics()[t];
                // Resume from the committed offset; a new group starts at the log start here
                // (the group exists from the beginning of the scenario).
                let start = self
                    .event_broker
                    .committed(&group_name, topic.name(), p)
                    .unwrap_or_else(|| topic.partitions()[p.0 as usize].log_start());
                position.insert((t, p), start);
            }
            let list = owned.iter().map(|tp| (tp.topic.clone(), tp.partition)).collect();
            let member = &mut self.groups[group].members[m];
            member.assigned = assigned;
            member.position = position;
            member.cursor = 0;
            self.emit(EventKind::PartitionsAssigned { group: group_name.clone(), member: m as u32, generation, partitions: list });
        }
        self.groups[group].generation = generation;
    }

    fn poll(&mut self, group: usize, member: usize) {
        let g = &self.groups[group];
        let m = &g.members[member];
        if m.busy {
            return;
        }
        let n = m.assigned.len();
        for i in 0..n {
            let slot = (m.cursor + i) % n;
            let (t, p) = m.assigned[slot];
            let from = m.position[&(t, p)];
            let topic = &self.event_broker.topics()[t];
            let records: Vec<RecordId> =
                topic.partitions()[p.0 as usize].read(from, g.max_poll_records as usize).iter().map(|r| r.id).collect();
            if records.is_empty() {
                continue;
            }
            let to = Offset(from.0 + records.len() as u64);
            let arrives = self.now + self.link_ms;
            let (group_name, topic_name) = (g.name.clone(), topic.name().clone());
            let m = &mut self.groups[group].members[member];
            m.busy = true;
            m.cursor = (slot + 1) % n;
            m.position.insert((t, p), to);
            self.emit(EventKind::RecordsFetched {
                group: group_name,
                member: member as u32,
                topic: topic_name,
                partition: p,
                from,
                to,
                records,
                departs: self.now,
                arrives,
            });
            self.schedule(arrives, Timer::FetchArrives { group, member, topic: t, partition: p, from, to });
            return;
        }
        let poll_ms = g.poll_ms;
        self.schedule(self.now + poll_ms, Timer::MemberPoll { group, member });
    }
}

fn member_id(group: &str, member: usize) -> Name {
    // Kafka's member ids are `client.id-UUID`; ours are readable and sort in member order
    // for up to 1000 members.
    name(&format!("{group}-{member:03}"))
}
