//! The simulated world: the brokers plus the simulated clients (producers, group members),
//! links with latency, timers and the event queue. It owns time only as the caller hands it
//! in (`advance_to`), and randomness only through its seeded `Prng`.
//!
//! The event broker's side lives here and in `replication`, `groups` and `retention`; the
//! message broker's side is a `message::MessageSide` the world owns when the scenario has a
//! `message_broker` block. Both run on one timeline: `advance_to` always takes the earlier
//! of the two sides' next timeouts (the event broker first on a tie), and the message side's
//! events join the world's queue as `EventKind::Message`.
//!
//! The world keeps the core's one drive contract ([`crate::drive`]): `apply`, `advance_to`,
//! `poll_event`, `next_timeout`, through [`Drive`].

mod brokers;
mod consumer_group;
mod event;
mod groups;
mod offsets;
mod timeouts;
pub mod message;
mod replication;
mod retention;
mod scenario;
mod setup;
mod share;
mod view;

use alloc::collections::{BTreeMap, VecDeque};
use alloc::format;
use alloc::rc::Rc;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use serde::{Deserialize, Serialize};

pub use event::{
    Event, EventKind, FenceReason, LeaveReason, LossCause, PartitionChoice, Protocol, RebalanceReason, RejectReason, ResetCause,
};
pub use scenario::{
    AutoOffsetReset, Collection, Declared, EventBrokerSpec, Field, GroupProtocol, GroupSpec, NameProblem, ProducerSpec, SCENARIO_VERSION,
    Scenario, ScenarioError, ScriptStep, TopicSpec,
};
pub use share::{AcknowledgementMode, ShareAnswer, ShareCommand, ShareCrash, ShareGroupSpec};
pub use view::{GroupView, MemberState, MemberView, ProducerView, ShareGroupView, ShareMemberView, StreamView, View};

use crate::Name;
use crate::event_broker::partitioner::{self, PartitionerKind};
use crate::event_broker::{
    Acks, BrokerId, EventBroker, Offset, PartitionIndex, Record, RecordId, TopicConfig, TopicId,
};
use crate::drive::Drive;
use crate::limits;
use crate::rng::Prng;
use crate::time::SimTime;
use scenario::{check_name, check_range, field, name_problem};

pub use crate::limits::{FLOOD_RECORDS_MAX, REPLICA_FETCH_RECORDS_MAX};

/// A request from the user (the page, a script, the CLI). Names refer to things that exist;
/// an unknown name is an error and changes nothing. Externally tagged in snake case:
/// `{"produce": {"producer": "shop", "key": "alice"}}`, `{"kill_broker": {"broker": 1}}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Command {
    /// One record from `producer`, with this key (`None`: keyless) and value; the producer's
    /// partitioner picks the partition.
    Produce {
        producer: String,
        #[serde(default)]
        key: Option<String>,
        #[serde(default)]
        value: Option<String>,
    },
    /// One record to an explicit partition (it wins over the key hash).
    ProduceTo {
        producer: String,
        partition: u32,
        #[serde(default)]
        key: Option<String>,
        #[serde(default)]
        value: Option<String>,
    },
    /// `count` records at once from `producer`, keys taken in turn from its key list.
    Flood { producer: String, count: u32 },
    CreateTopic {
        name: String,
        partitions: u32,
        #[serde(default = "one")]
        replication_factor: u32,
        #[serde(default)]
        config: TopicConfig,
    },
    DeleteTopic { name: String },
    /// Grows `topic` to `partitions` partitions (Kafka's `--partitions` is the new total).
    AddPartitions { topic: String, partitions: u32 },
    /// The broker crashes: no controlled shutdown (`brokers.rs`).
    KillBroker { broker: u32 },
    /// A controlled shutdown: leaderships move and the broker leaves every ISR, then stops.
    StopBroker { broker: u32 },
    ReviveBroker { broker: u32 },
    /// A new member joins `group` (static if `instance_id` is given).
    AddMember {
        group: String,
        #[serde(default)]
        instance_id: Option<String>,
    },
    /// The member closes and sends `LeaveGroup`.
    RemoveMember { group: String, member: u32 },
    /// The member's process dies: no more heartbeats, polls or commits.
    CrashMember { group: String, member: u32 },
    /// The member stops calling `poll()` (its heartbeat thread keeps going).
    PauseMember { group: String, member: u32 },
    /// A crashed, paused, failed or removed member starts again.
    ReviveMember { group: String, member: u32 },
    /// A share group's member or settings (KIP-932): `{"share": {"crash_share_member": {...}}}`.
    Share(ShareCommand),
    /// The member's next fetch of this partition starts at `to`.
    Seek { group: String, member: u32, topic: String, partition: u32, to: SeekTo },
    /// `kafka-consumer-groups --reset-offsets`: only while the group has no active members.
    ResetOffsets { group: String, topic: String, to: SeekTo },
    /// A command for the message broker side (`{"message": {"publish": {...}}}`).
    Message(message::MessageCommand),
}

fn one() -> u32 {
    1
}

/// Where `seek` and `reset_offsets` go.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SeekTo {
    Offset(u64),
    /// The first record with a timestamp at or after this time (the log end if none).
    Timestamp(u64),
    Beginning,
    End,
}

/// Misuse: the command was refused and the world is exactly as it was. Its words (`Display`,
/// `explain`) are in `crate::words`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CommandError {
    UnknownProducer(String),
    KeyTooLong { bytes: usize, max: usize },
    ValueTooLong { bytes: usize, max: usize },
    UnknownTopic(String),
    UnknownPartition { topic: String, partition: u32 },
    TopicExists(String),
    InvalidName { name: String, reason: NameProblem },
    OutOfRange { field: &'static str, value: i64, min: i64, max: i64 },
    /// Fewer running brokers than the replication factor.
    NotEnoughBrokers { running: u32, needed: u32 },
    UnknownBroker(u32),
    BrokerAlreadyStopped(u32),
    BrokerAlreadyRunning(u32),
    UnknownGroup(String),
    /// A share group in `implicit` acknowledgement mode: its members accept everything.
    ImplicitAcknowledgement { group: String },
    UnknownMember { group: String, member: u32 },
    /// The member is not in a state that allows this (e.g. crashing a crashed member).
    MemberState { group: String, member: u32, state: MemberState },
    DuplicateInstanceId(String),
    TooManyMembers { max: u32 },
    TooManyTopics { max: usize },
    NotOwned { group: String, member: u32, topic: String, partition: u32 },
    /// Kafka's reset tool refuses groups with active members.
    GroupNotEmpty(String),
    /// Partitions can only be added, never removed.
    PartitionsCannotShrink { current: u32, requested: u32 },
    /// A message command, but the scenario has no `message_broker` block.
    NoMessageBroker,
    /// The message side refused the command.
    Message(message::MessageCommandError),
}

pub use crate::drive::Advance;

impl Drive for World {
    type Command = Command;
    type Event = Event;
    type Error = CommandError;

    fn apply(&mut self, command: Command) -> Result<(), CommandError> {
        self.apply_command(command)
    }

    fn advance_to(&mut self, now: SimTime) -> Advance {
        self.advance_both_to(now)
    }

    // Not inlined, on purpose: inlined into a caller's drain loop, moving the event out of the
    // queue compiled to overlapping copies through the stack whose reads waited on the writes
    // (failed store-to-load forwarding); out of line it is one straight copy into the caller's
    // slot. Measured: the produce benchmark (three events a record) runs about 13% faster.
    #[inline(never)]
    fn poll_event(&mut self) -> Option<Event> {
        self.events.pop_front()
    }

    /// The earlier of the two sides' next timers.
    fn next_timeout(&self) -> Option<SimTime> {
        let kafka = self.timers.peek().map(|(at, _)| at);
        let message = self.message.as_ref().and_then(|m| m.next_timeout());
        match (kafka, message) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    fn now(&self) -> SimTime {
        self.now
    }

}

#[derive(Clone, Debug)]
struct Producer {
    name: Name,
    topic: Name,
    every_ms: Option<u64>,
    keys: Vec<Name>,
    next_key: usize,
    partitioner: PartitionerKind,
    ignore_keys: bool,
    acks: Acks,
    batch_size: u64,
    /// Sticky partitioner state for keyless records: current partition and bytes sent to it.
    sticky: Option<(u32, u64)>,
    round_robin_next: u32,
    sent: u64,
}

/// A producer of this world, by position (see [`World::producer_id`]); producers are fixed
/// when the world is built, so a handle stays valid for the world's life.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct ProducerId(u32);

/// A record in flight from a producer to a leader. Small, as every record waits in the timer
/// queue as one: the producer by position (producers are fixed), and no topic name (it is the
/// producer's topic's: see [`World::produce_names`]).
#[derive(Clone, Debug)]
struct Produce {
    record: RecordId,
    producer: u32,
    topic: TopicId,
    partition: PartitionIndex,
    broker: Option<BrokerId>,
    key: Option<Name>,
    value: Option<Name>,
    sent_at: SimTime,
    acks: Acks,
}

/// A record appended by a leader and not yet below the high watermark: the produce
/// "purgatory" (acks=all answers wait here) and what a failover may lose.
#[derive(Clone, Debug)]
struct Pending {
    offset: Offset,
    record: RecordId,
    producer: Name,
    acks: Acks,
}

// `repr(u64)`: the tag takes a whole word, so the fields start 8 bytes in and a timer moves in
// and out of the queue as whole 16-byte copies. With the default layout the tag took 4 bytes,
// the moves compiled to overlapping copies, and reading a timer back waited on those writes
// (failed store-to-load forwarding): produce benchmark about 9% slower. Same size (80 bytes).
#[derive(Clone, Debug)]
#[repr(u64)]
enum Timer {
    ProducerTick { producer: usize },
    ScriptStep { step: usize },
    RecordArrives(Produce),
    /// A `NOT_LEADER_OR_FOLLOWER` answer reached the producer; it sends again.
    Retry(Produce),
    FollowerFetch { topic: TopicId, partition: PartitionIndex, follower: BrokerId, epoch: u32 },
    FetchAtLeader { topic: TopicId, partition: PartitionIndex, follower: BrokerId, epoch: u32, fetch_offset: Offset },
    FetchResponse {
        topic: TopicId,
        partition: PartitionIndex,
        follower: BrokerId,
        epoch: u32,
        records: Vec<Record>,
        high_watermark: Offset,
    },
    FetchWaitExpired { topic: TopicId, partition: PartitionIndex, follower: BrokerId, epoch: u32 },
    IsrCheck,
    MemberPoll { group: usize, member: usize, incarnation: u32 },
    FetchArrives { group: usize, member: usize, incarnation: u32, topic: TopicId, partition: PartitionIndex, from: Offset, to: Offset },
    ProcessingDone { group: usize, member: usize, incarnation: u32, topic: TopicId, partition: PartitionIndex, from: Offset, to: Offset },
    RebalanceJoin { group: usize },
    SessionCheck { group: usize, member: usize, incarnation: u32 },
    PollTimeoutCheck { group: usize, member: usize },
    /// `log.retention.check.interval.ms`: every broker deletes expired segments.
    RetentionCheck,
    /// `log.cleaner.backoff.ms`: every broker's cleaner compacts what it can.
    CleanerPass,
    Share(share::ShareTimer),
    /// The consumer rebalance protocol's heartbeats and session timers (KIP-848).
    Consumer(consumer_group::ConsumerTimer),
}

/// A follower fetch the leader holds: (follower, leader epoch, fetch offset).
type ParkedFetch = (BrokerId, u32, Offset);

/// Per-record overhead counted towards `batch.size` (record headers in the v2 format).
const RECORD_OVERHEAD_BYTES: u64 = 70;

#[derive(Clone, Debug)]
pub struct World {
    now: SimTime,
    rng: Prng,
    kafka_version: crate::versions::KafkaVersion,
    link_ms: u64,
    replica_lag_time_max_ms: u64,
    replica_fetch_wait_max_ms: u64,
    event_broker: EventBroker,
    producers: Vec<Producer>,
    groups: Vec<groups::Group>,
    script: Vec<ScriptStep>,
    timers: crate::timers::TimerQueue<Timer>,
    events: VecDeque<Event>,
    next_record: u64,
    pending: BTreeMap<(TopicId, PartitionIndex), VecDeque<Pending>>,
    /// Follower fetches a leader holds (long poll): (follower, epoch, fetch offset).
    parked: BTreeMap<(TopicId, PartitionIndex), Vec<ParkedFetch>>,
    isr_check_scheduled: bool,
    retention_check_interval_ms: u64,
    cleaner_backoff_ms: u64,
    share_groups: Vec<share::ShareGroup>,
    /// The RabbitMQ side, advanced on the same timeline (see `advance_to`).
    message: Option<message::MessageSide>,
}

impl World {
    /// Builds a world from a scenario, validating everything first: on error nothing is built.
    pub fn new(scenario: &Scenario) -> Result<World, ScenarioError> {
        if scenario.version != SCENARIO_VERSION {
            return Err(ScenarioError::UnsupportedVersion { found: scenario.version, supported: SCENARIO_VERSION });
        }
        check_range(|| Field::Setting("link_ms"), scenario.link_ms, 0, limits::DURATION_MS_MAX)?;
        let spec = &scenario.event_broker;
        check_range(|| Field::Setting("event_broker.brokers"), u64::from(spec.brokers), 1, u64::from(limits::BROKERS_MAX))?;
        check_range(|| Field::Setting("replica_lag_time_max_ms"), spec.replica_lag_time_max_ms, 2, limits::DURATION_MS_MAX)?;
        check_range(|| Field::Setting("replica_fetch_wait_max_ms"), spec.replica_fetch_wait_max_ms, 1, limits::DURATION_MS_MAX)?;
        check_range(|| Field::Setting("log_retention_check_interval_ms"), spec.log_retention_check_interval_ms, 1, limits::DURATION_MS_MAX)?;
        check_range(|| Field::Setting("log_cleaner_backoff_ms"), spec.log_cleaner_backoff_ms, 1, limits::DURATION_MS_MAX)?;
        let message = scenario.message_broker.as_ref().map(|spec| message::MessageSide::new(spec, scenario.link_ms, scenario.seed));
        let message = message.transpose().map_err(ScenarioError::MessageBroker)?;
        too_many(Collection::Topics, spec.topics.len(), limits::TOPICS_MAX)?;
        too_many(Collection::Producers, spec.producers.len(), limits::PRODUCERS_MAX)?;
        too_many(Collection::Groups, spec.groups.len(), limits::GROUPS_MAX)?;
        too_many(Collection::ScriptSteps, scenario.script.len(), limits::SCRIPT_STEPS_MAX)?;

        let mut world = World {
            now: SimTime::ZERO,
            rng: Prng::new(scenario.seed),
            kafka_version: spec.kafka_version,
            link_ms: scenario.link_ms,
            replica_lag_time_max_ms: spec.replica_lag_time_max_ms,
            replica_fetch_wait_max_ms: spec.replica_fetch_wait_max_ms,
            event_broker: EventBroker::with_brokers(spec.brokers),
            producers: Vec::new(),
            groups: Vec::new(),
            script: Vec::new(),
            timers: crate::timers::TimerQueue::new(),
            events: VecDeque::new(),
            next_record: 0,
            pending: BTreeMap::new(),
            parked: BTreeMap::new(),
            isr_check_scheduled: false,
            retention_check_interval_ms: spec.log_retention_check_interval_ms,
            cleaner_backoff_ms: spec.log_cleaner_backoff_ms,
            share_groups: Vec::new(),
            message,
        };
        world.drain_message_side();

        world.add_topics(&spec.topics, spec.brokers)?;

        for p in &spec.producers {
            check_name(Declared::Producer, &p.name)?;
            if world.producers.iter().any(|q| *q.name == *p.name) {
                return Err(ScenarioError::DuplicateName { what: Declared::Producer, name: p.name.clone() });
            }
            if world.event_broker.topic(&p.topic).is_none() {
                return Err(ScenarioError::UnknownTopic { by: Declared::Producer, name: p.name.clone(), topic: p.topic.clone() });
            }
            if let Some(every) = p.every_ms {
                check_range(|| field(Declared::Producer, &p.name, "every_ms"), every, 1, limits::DURATION_MS_MAX)?;
            }
            check_range(|| field(Declared::Producer, &p.name, "batch_size"), p.batch_size, 1, 1 << 24)?;
            too_many(Collection::Keys, p.keys.len(), limits::PRODUCER_KEYS_MAX)?;
            for key in &p.keys {
                check_range(|| Field::KeyBytes { producer: p.name.clone() }, key.len() as u64, 0, limits::KEY_BYTES_MAX as u64)?;
            }
            world.producers.push(Producer {
                name: name(&p.name),
                topic: name(&p.topic),
                every_ms: p.every_ms,
                keys: p.keys.iter().map(|k| name(k)).collect(),
                next_key: 0,
                partitioner: p.partitioner,
                ignore_keys: p.partitioner_ignore_keys,
                acks: p.acks,
                batch_size: p.batch_size,
                sticky: None,
                round_robin_next: 0,
                sent: 0,
            });
        }

        for g in &spec.groups {
            check_name(Declared::Group, &g.name)?;
            if world.groups.iter().any(|q| *q.name == *g.name) {
                return Err(ScenarioError::DuplicateName { what: Declared::Group, name: g.name.clone() });
            }
            let f = |k: &'static str| field(Declared::Group, &g.name, k);
            check_range(|| f("members"), u64::from(g.members), 0, u64::from(limits::MEMBERS_MAX))?;
            check_range(|| f("processing_ms"), g.processing_ms, 0, limits::DURATION_MS_MAX)?;
            check_range(|| f("failure_per_mille"), u64::from(g.failure_per_mille), 0, 1_000)?;
            check_range(|| f("poll_ms"), g.poll_ms, 1, limits::DURATION_MS_MAX)?;
            check_range(|| f("max_poll_records"), u64::from(g.max_poll_records), 1, u64::from(limits::MAX_POLL_RECORDS_MAX))?;
            check_range(|| f("heartbeat_interval_ms"), g.heartbeat_interval_ms, 1, limits::DURATION_MS_MAX)?;
            check_range(|| f("session_timeout_ms"), g.session_timeout_ms, g.heartbeat_interval_ms, limits::DURATION_MS_MAX)?;
            check_range(|| f("max_poll_interval_ms"), g.max_poll_interval_ms, 1, limits::DURATION_MS_MAX)?;
            check_range(|| f("auto_commit_interval_ms"), g.auto_commit_interval_ms, 1, limits::DURATION_MS_MAX)?;
            consumer_group::check_spec(g, spec.kafka_version)?;
            if g.topics.is_empty() {
                return Err(ScenarioError::OutOfRange { field: f("topics"), value: 0, min: 1, max: limits::TOPICS_MAX as u64 });
            }
            let mut topics: Vec<Name> = Vec::new();
            for t in &g.topics {
                if world.event_broker.topic(t).is_none() {
                    return Err(ScenarioError::UnknownTopic { by: Declared::Group, name: g.name.clone(), topic: t.clone() });
                }
                if !topics.iter().any(|x| **x == **t) {
                    topics.push(name(t));
                }
            }
            world.groups.push(groups::Group::new(g, topics));
        }
        for g in 0..world.groups.len() {
            for m in 0..spec.groups[g].members {
                let instance = spec.groups[g].static_members.then(|| name(&format!("{}-{m}", spec.groups[g].name)));
                world.add_member(g, instance);
            }
        }
        world.add_share_groups(&spec.share_groups)?;

        // Script commands are checked in order on a copy (each may depend on the ones before).
        let mut order: Vec<usize> = (0..scenario.script.len()).collect();
        crate::sort::sort_by_key(&mut order, |&i| scenario.script[i].at_ms);
        let mut copy = world.clone();
        for &i in &order {
            let step = &scenario.script[i];
            check_range(|| Field::ScriptStepAt { step: i }, step.at_ms, 0, limits::DURATION_MS_MAX)?;
            copy.apply_command(step.command.clone())
                .map_err(|reason| ScenarioError::InvalidScript { step: i, reason })?;
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
        world.schedule(SimTime(world.retention_check_interval_ms), Timer::RetentionCheck);
        world.schedule(SimTime(world.cleaner_backoff_ms), Timer::CleanerPass);
        Ok(world)
    }

    /// [`Drive::apply`]: every check runs before anything changes, so on `Err` nothing changed.
    fn apply_command(&mut self, command: Command) -> Result<(), CommandError> {
        match command {
            Command::Produce { producer, key, value } => {
                let index = self.check_produce(&producer, key.as_deref(), value.as_deref())?;
                self.send(index, key.map(|k| name(&k)), value.map(|v| name(&v)), None);
            }
            Command::ProduceTo { producer, partition, key, value } => {
                let index = self.check_produce(&producer, key.as_deref(), value.as_deref())?;
                let topic = self.event_broker.topic(&self.producers[index].topic).expect("checked");
                if partition >= topic.partition_count() {
                    return Err(CommandError::UnknownPartition { topic: topic.name().to_string(), partition });
                }
                self.send(index, key.map(|k| name(&k)), value.map(|v| name(&v)), Some(partition));
            }
            Command::Flood { producer, count } => {
                let index = self.check_produce(&producer, None, None)?;
                check_command_range("count", i64::from(count), 1, i64::from(FLOOD_RECORDS_MAX))?;
                for _ in 0..count {
                    let (key, value) = self.next_key_value(index);
                    self.send(index, key, value, None);
                }
            }
            Command::CreateTopic { name: topic, partitions, replication_factor, config } => {
                check_command_name(&topic)?;
                if self.event_broker.topic(&topic).is_some() {
                    return Err(CommandError::TopicExists(topic));
                }
                if self.event_broker.topics().len() >= limits::TOPICS_MAX {
                    return Err(CommandError::TooManyTopics { max: limits::TOPICS_MAX });
                }
                check_command_range("partitions", i64::from(partitions), 1, i64::from(limits::PARTITIONS_MAX))?;
                check_command_range(
                    "replication_factor",
                    i64::from(replication_factor),
                    1,
                    i64::from(self.event_broker.broker_count()),
                )?;
                self.check_running_brokers(replication_factor)?;
                config.check().map_err(|(field, value, min, max)| CommandError::OutOfRange { field, value, min, max })?;
                self.create_topic(&topic, partitions, replication_factor, config, true);
            }
            Command::DeleteTopic { name: topic } => {
                let index = self.event_broker.topic_index(&topic).ok_or(CommandError::UnknownTopic(topic))?;
                self.delete_topic(index);
            }
            Command::AddPartitions { topic, partitions } => {
                let index = self.event_broker.topic_index(&topic).ok_or_else(|| CommandError::UnknownTopic(topic.clone()))?;
                let t = &self.event_broker.topics()[index];
                let current = t.partition_count();
                if partitions <= current {
                    return Err(CommandError::PartitionsCannotShrink { current, requested: partitions });
                }
                check_command_range("partitions", i64::from(partitions), 1, i64::from(limits::PARTITIONS_MAX))?;
                self.check_running_brokers(t.replication_factor())?;
                self.add_partitions(index, partitions);
            }
            Command::KillBroker { broker } => self.stop_broker(broker, false)?,
            Command::StopBroker { broker } => self.stop_broker(broker, true)?,
            Command::ReviveBroker { broker } => {
                self.check_broker(broker)?;
                if self.event_broker.broker_alive(BrokerId(broker)) {
                    return Err(CommandError::BrokerAlreadyRunning(broker));
                }
                self.revive_broker(BrokerId(broker));
            }
            Command::AddMember { group, instance_id } => {
                let g = self.group_index(&group)?;
                if self.groups[g].members.len() >= limits::MEMBERS_MAX as usize {
                    return Err(CommandError::TooManyMembers { max: limits::MEMBERS_MAX });
                }
                if let Some(id) = &instance_id {
                    check_command_name(id)?;
                    // Under the consumer protocol the coordinator answers a duplicate itself
                    // (UNRELEASED_INSTANCE_ID, or a static member taking back its place).
                    let classic = self.groups[g].consumer.is_none();
                    if classic && self.groups[g].members.iter().any(|m| m.instance_id.as_deref() == Some(id.as_str())) {
                        return Err(CommandError::DuplicateInstanceId(id.clone()));
                    }
                }
                self.add_member(g, instance_id.map(|i| name(&i)));
            }
            Command::RemoveMember { group, member } => {
                let (g, m) = self.member_index(&group, member)?;
                self.check_member_state(g, m, &[MemberState::Running, MemberState::Paused, MemberState::Crashed, MemberState::Failed])?;
                self.remove_member(g, m);
            }
            Command::CrashMember { group, member } => {
                let (g, m) = self.member_index(&group, member)?;
                self.check_member_state(g, m, &[MemberState::Running, MemberState::Paused])?;
                self.crash_member(g, m);
            }
            Command::PauseMember { group, member } => {
                let (g, m) = self.member_index(&group, member)?;
                self.check_member_state(g, m, &[MemberState::Running])?;
                self.pause_member(g, m);
            }
            Command::ReviveMember { group, member } => {
                let (g, m) = self.member_index(&group, member)?;
                self.check_member_state(g, m, &[MemberState::Paused, MemberState::Crashed, MemberState::Failed, MemberState::Stopped])?;
                self.revive_member(g, m);
            }
            Command::Share(command) => self.apply_share(command)?,
            Command::Seek { group, member, topic, partition, to } => {
                let (g, m) = self.member_index(&group, member)?;
                self.check_member_state(g, m, &[MemberState::Running, MemberState::Paused])?;
                let t = self.event_broker.topic(&topic).ok_or_else(|| CommandError::UnknownTopic(topic.clone()))?;
                let key = (t.id(), PartitionIndex(partition));
                if !self.groups[g].members[m].assigned.contains(&key) {
                    return Err(CommandError::NotOwned { group, member, topic, partition });
                }
                self.seek(g, m, key, to);
            }
            Command::ResetOffsets { group, topic, to } => {
                let g = self.group_index(&group)?;
                if self.groups[g].members.iter().any(|m| m.in_group) {
                    return Err(CommandError::GroupNotEmpty(group));
                }
                let t = self.event_broker.topic_index(&topic).ok_or(CommandError::UnknownTopic(topic))?;
                self.reset_offsets(g, t, to);
            }
            Command::Message(command) => {
                let side = self.message.as_mut().ok_or(CommandError::NoMessageBroker)?;
                side.apply(command).map_err(CommandError::Message)?;
                self.drain_message_side();
            }
        }
        Ok(())
    }

    /// [`Drive::advance_to`], interleaving the event broker's timers with the message side's:
    /// whichever side is due first runs one step (the event broker first on a tie), so both
    /// see the same timeline.
    fn advance_both_to(&mut self, now: SimTime) -> Advance {
        let mut steps = 0;
        loop {
            let kafka = self.timers.peek().filter(|&(at, _)| at <= now);
            let message = self.message.as_ref().and_then(|m| m.next_timeout()).filter(|&at| at <= now);
            if kafka.is_none() && message.is_none() {
                break;
            }
            if steps >= limits::ADVANCE_STEPS_MAX || self.events.len() >= limits::EVENTS_PENDING_MAX {
                return Advance::Partial { at: self.now };
            }
            steps += 1;
            match (kafka, message) {
                (Some((at, _)), Some(m)) if m < at => self.message_step(m),
                (Some(_), _) => {
                    let (at, timer) = self.timers.pop().expect("the first timer exists");
                    self.now = self.now.max(at);
                    if let Some(side) = self.message.as_mut() {
                        side.set_clock(self.now);
                        self.drain_message_side();
                    }
                    self.fire(timer);
                }
                (None, Some(m)) => self.message_step(m),
                (None, None) => unreachable!("checked above"),
            }
        }
        self.now = self.now.max(now);
        if let Some(side) = self.message.as_mut() {
            side.run_due(now, 1);
            self.drain_message_side();
        }
        Advance::Reached
    }

    /// The handle of the producer named `name`, for [`World::produce`].
    pub fn producer_id(&self, name: &str) -> Option<ProducerId> {
        self.producers.iter().position(|p| *p.name == *name).map(|i| ProducerId(i as u32))
    }

    /// `Command::Produce` for a caller that sends many records: the producer by handle and the
    /// key and value as shared names, so nothing is looked up by name or copied per record.
    /// The same checks, the same record, the same events and the same trace as
    /// `apply(Command::Produce { .. })`.
    pub fn produce(&mut self, producer: ProducerId, key: Option<Name>, value: Option<Name>) -> Result<(), CommandError> {
        let index = producer.0 as usize;
        if index >= self.producers.len() {
            return Err(CommandError::UnknownProducer(format!("#{index}")));
        }
        self.check_produce_at(index, key.as_deref(), value.as_deref())?;
        self.send(index, key, value, None);
        Ok(())
    }

    pub fn view(&self) -> View<'_> {
        View::new(self)
    }
}

fn name(s: &str) -> Name {
    Rc::from(s)
}

/// A group member's id for the assignors. Kafka's are `client.id-UUID`; ours are readable and
/// sort in member order for up to 1000 members.
fn member_id(group: &str, member: usize) -> Name {
    name(&format!("{group}-{member:03}"))
}

fn too_many(what: Collection, count: usize, max: usize) -> Result<(), ScenarioError> {
    if count > max {
        return Err(ScenarioError::TooMany { what, count, max });
    }
    Ok(())
}

fn check_command_range(field: &'static str, value: i64, min: i64, max: i64) -> Result<(), CommandError> {
    if value < min || value > max {
        return Err(CommandError::OutOfRange { field, value, min, max });
    }
    Ok(())
}

fn check_command_name(n: &str) -> Result<(), CommandError> {
    match name_problem(n) {
        Some(reason) => Err(CommandError::InvalidName { name: n.to_string(), reason }),
        None => Ok(()),
    }
}

// Private machinery: validation helpers, timers, producers.
impl World {
    fn check_produce(&self, producer: &str, key: Option<&str>, value: Option<&str>) -> Result<usize, CommandError> {
        let index = self
            .producers
            .iter()
            .position(|p| *p.name == *producer)
            .ok_or_else(|| CommandError::UnknownProducer(producer.into()))?;
        self.check_produce_at(index, key, value)?;
        Ok(index)
    }

    /// The checks of [`World::check_produce`] for a producer already found.
    fn check_produce_at(&self, index: usize, key: Option<&str>, value: Option<&str>) -> Result<(), CommandError> {
        if let Some(key) = key
            && key.len() > limits::KEY_BYTES_MAX
        {
            return Err(CommandError::KeyTooLong { bytes: key.len(), max: limits::KEY_BYTES_MAX });
        }
        if let Some(value) = value
            && value.len() > limits::VALUE_BYTES_MAX
        {
            return Err(CommandError::ValueTooLong { bytes: value.len(), max: limits::VALUE_BYTES_MAX });
        }
        let topic = &self.producers[index].topic;
        if self.event_broker.topic(topic).is_none() {
            return Err(CommandError::UnknownTopic(topic.to_string()));
        }
        Ok(())
    }

    fn check_broker(&self, broker: u32) -> Result<(), CommandError> {
        if broker >= self.event_broker.broker_count() {
            return Err(CommandError::UnknownBroker(broker));
        }
        Ok(())
    }

    fn check_running_brokers(&self, needed: u32) -> Result<(), CommandError> {
        let running = self.running_brokers().len() as u32;
        if running < needed {
            return Err(CommandError::NotEnoughBrokers { running, needed });
        }
        Ok(())
    }

    fn running_brokers(&self) -> Vec<BrokerId> {
        (0..self.event_broker.broker_count()).map(BrokerId).filter(|&b| self.event_broker.broker_alive(b)).collect()
    }

    fn schedule(&mut self, at: SimTime, timer: Timer) {
        // One link away from now: in scheduling order (see `timers`).
        let in_order = at == self.now + self.link_ms;
        self.timers.schedule(at, timer, in_order);
    }

    fn emit(&mut self, kind: EventKind) {
        self.events.push_back(Event { at: self.now, kind });
    }

    /// One step of the message side at `at` (a timer of its own or an expiry in its broker).
    fn message_step(&mut self, at: SimTime) {
        self.now = self.now.max(at);
        let side = self.message.as_mut().expect("a message timeout comes from the message side");
        side.run_due(at, 1);
        self.drain_message_side();
    }

    /// Moves the message side's events into the world's queue, in order.
    fn drain_message_side(&mut self) {
        let Some(side) = self.message.as_mut() else { return };
        while let Some(event) = side.poll_event() {
            self.events.push_back(Event { at: event.at, kind: EventKind::Message(alloc::boxed::Box::new(event)) });
        }
    }

    fn fire(&mut self, timer: Timer) {
        match timer {
            Timer::ProducerTick { producer } => {
                let every = self.producers[producer].every_ms.expect("only periodic producers tick");
                // A producer whose topic was deleted keeps its schedule and sends nothing.
                if self.event_broker.topic(&self.producers[producer].topic).is_some() {
                    let (key, value) = self.next_key_value(producer);
                    self.send(producer, key, value, None);
                }
                self.schedule(self.now + every, Timer::ProducerTick { producer });
            }
            Timer::ScriptStep { step } => {
                let command = self.script[step].command.clone();
                // Checked in order when the world was built; user commands in between may have
                // changed the state since (a broker already revived), so a refusal is an event.
                if let Err(e) = self.apply_command(command) {
                    self.emit(EventKind::ScriptStepSkipped { step: step as u32, reason: e });
                }
            }
            Timer::RecordArrives(produce) => self.record_arrives(produce),
            Timer::Retry(produce) => self.retry(produce),
            Timer::FollowerFetch { topic, partition, follower, epoch } => self.follower_fetch(topic, partition, follower, epoch),
            Timer::FetchAtLeader { topic, partition, follower, epoch, fetch_offset } => {
                self.fetch_at_leader(topic, partition, follower, epoch, fetch_offset)
            }
            Timer::FetchResponse { topic, partition, follower, epoch, records, high_watermark } => {
                self.fetch_response(topic, partition, follower, epoch, records, high_watermark)
            }
            Timer::FetchWaitExpired { topic, partition, follower, epoch } => {
                self.fetch_wait_expired(topic, partition, follower, epoch)
            }
            Timer::IsrCheck => self.isr_check(),
            Timer::MemberPoll { group, member, incarnation } => self.member_poll_timer(group, member, incarnation),
            Timer::FetchArrives { group, member, incarnation, topic, partition, from, to } => {
                self.fetch_arrived(group, member, incarnation, topic, partition, from, to)
            }
            Timer::ProcessingDone { group, member, incarnation, topic, partition, from, to } => {
                self.processing_done(group, member, incarnation, topic, partition, from, to)
            }
            Timer::RebalanceJoin { group } => self.complete_rebalance(group),
            Timer::SessionCheck { group, member, incarnation } => self.session_check(group, member, incarnation),
            Timer::PollTimeoutCheck { group, member } => self.poll_timeout_check(group, member),
            Timer::RetentionCheck => {
                self.retention_check();
                self.schedule(self.now + self.retention_check_interval_ms, Timer::RetentionCheck);
            }
            Timer::Share(timer) => self.share_timer(timer),
            Timer::Consumer(timer) => self.consumer_timer(timer),
            Timer::CleanerPass => {
                self.cleaner_pass();
                self.schedule(self.now + self.cleaner_backoff_ms, Timer::CleanerPass);
            }
        }
    }

    /// The next key from the producer's list (keyless if it has none) and a value naming it.
    fn next_key_value(&mut self, producer: usize) -> (Option<Name>, Option<Name>) {
        let p = &mut self.producers[producer];
        let key = if p.keys.is_empty() {
            None
        } else {
            let key = p.keys[p.next_key % p.keys.len()].clone();
            p.next_key = (p.next_key + 1) % p.keys.len();
            Some(key)
        };
        (key, Some(name(&format!("{}-{}", p.name, p.sent))))
    }

    /// Picks the partition (explicit, key hash, sticky or round-robin) and sends the record
    /// towards the partition's leader. The producer's topic exists (checked by the caller).
    fn send(&mut self, producer: usize, key: Option<Name>, value: Option<Name>, explicit: Option<u32>) {
        let record = RecordId(self.next_record);
        self.next_record += 1;
        let topic = self.event_broker.topic(&self.producers[producer].topic).expect("the producer's topic exists");
        let (topic_id, partitions) = (topic.id(), topic.partition_count());
        let size = key.as_ref().map_or(0, |k| k.len() as u64)
            + value.as_ref().map_or(0, |v| v.len() as u64)
            + RECORD_OVERHEAD_BYTES;
        let p = &mut self.producers[producer];
        p.sent += 1;
        let use_key = if p.ignore_keys { None } else { key.as_ref() };
        let (partition, choice) = match (explicit, p.partitioner, use_key) {
            (Some(partition), _, _) => (partition, PartitionChoice::Explicit),
            (None, PartitionerKind::RoundRobin, _) => {
                let partition = p.round_robin_next % partitions;
                p.round_robin_next = p.round_robin_next.wrapping_add(1);
                (partition, PartitionChoice::RoundRobin)
            }
            (None, PartitionerKind::Default, Some(key)) => {
                let hash = partitioner::murmur2(key.as_bytes());
                (partitioner::to_positive(hash) % partitions, PartitionChoice::KeyHash { hash })
            }
            (None, PartitionerKind::Default, None) => {
                // KIP-794: stay on one partition until about `batch.size` bytes went to it.
                let batch = p.batch_size;
                let current = match p.sticky {
                    Some((partition, bytes)) if bytes < batch && partition < partitions => partition,
                    _ => self.rng.below(u64::from(partitions)) as u32,
                };
                let bytes = match p.sticky {
                    Some((partition, bytes)) if partition == current && bytes < batch => bytes,
                    _ => 0,
                };
                p.sticky = Some((current, bytes + size));
                (current, PartitionChoice::Sticky)
            }
        };
        let produce = Produce {
            record,
            producer: producer as u32,
            topic: topic_id,
            partition: PartitionIndex(partition),
            broker: None,
            key,
            value,
            sent_at: self.now,
            acks: self.producers[producer].acks,
        };
        self.dispatch(produce, partitions, choice);
    }

    /// Emits `RecordSent` towards the current leader and schedules the arrival.
    fn dispatch(&mut self, mut produce: Produce, partitions: u32, choice: PartitionChoice) {
        let leader = self
            .event_broker
            .topic_by_id(produce.topic)
            .and_then(|t| t.replication(produce.partition))
            .and_then(|r| r.leader);
        produce.broker = leader;
        let arrives = self.now + self.link_ms;
        let (producer, topic) = self.produce_names(&produce);
        self.emit(EventKind::RecordSent {
            record: produce.record,
            producer,
            topic,
            partition: produce.partition,
            partitions,
            key: produce.key.clone(),
            choice,
            broker: leader,
            acks: produce.acks,
            departs: self.now,
            arrives,
        });
        self.schedule(arrives, Timer::RecordArrives(produce));
    }

    fn retry(&mut self, produce: Produce) {
        let Some(topic) = self.event_broker.topic_by_id(produce.topic) else {
            return self.reject(&produce, RejectReason::UnknownTopic);
        };
        let partitions = topic.partition_count();
        self.dispatch(produce, partitions, PartitionChoice::Retry);
    }

    /// The names of a record's producer and topic, for its events. The topic is the
    /// producer's (a producer sends only to its own; the name outlives a deleted topic).
    fn produce_names(&self, produce: &Produce) -> (Name, Name) {
        let p = &self.producers[produce.producer as usize];
        (p.name.clone(), p.topic.clone())
    }

    fn reject(&mut self, produce: &Produce, reason: RejectReason) {
        let (producer, topic) = self.produce_names(produce);
        self.emit(EventKind::RecordRejected {
            record: produce.record,
            producer,
            topic,
            partition: produce.partition,
            broker: produce.broker,
            reason,
        });
    }
}
