//! Share groups in the world (KIP-932, K20): members that fetch from the partitions of one
//! topic the group's assignment gives them, process what they acquired and acknowledge it with their next fetch, around the
//! share-partitions of `event_broker::share`. A share group reads the topic's logs and
//! changes nothing in them, so consumer groups on the same topic run exactly as without it.
//!
//! What is modelled: the members' fetch loop (a fetch carries the previous batch's
//! acknowledgements, as `ShareFetch` does), `share.auto.offset.reset` when a share-partition is
//! first read, acquisition locks expiring on their own timer, the log start moving, and a
//! member crashing (its records stay acquired until their locks expire) and starting again.
//! Each transition the page shows is an event (`ShareRecordsAcquired`, `...Acknowledged`,
//! `ShareLocksExpired`, `ShareRecordsArchived`, ...). Each member fetches from the partitions
//! the group's `simple` assignor gives it, and a crashed member leaves the group when its
//! session times out ([`membership`]). Not modelled here: implicit acknowledgement's timing and
//! lock renewal.

mod controls;
mod membership;
pub use controls::ShareCommand;
use membership::SESSION_TIMEOUT_MS_RANGE;
use membership::{default_session_timeout_ms, is_default_session_timeout};

use alloc::collections::{BTreeMap, BTreeSet};
use alloc::string::String;
use alloc::vec::Vec;
use serde::{Deserialize, Serialize};

use super::{AutoOffsetReset, CommandError, Declared, MemberState, EventKind, ScenarioError, Timer, World, check_name, check_range, field, name};
use crate::Name;
use crate::event_broker::share::{
    AcknowledgeType, AcknowledgementBatch, AcquiredRecords, FetchedBatches, InFlight, RecordState, ShareConfig, SharePartition,
};
use crate::event_broker::{Offset, PartitionIndex, TopicId};
use crate::limits;
use crate::time::SimTime;

/// A share group in the scenario (`event_broker.share_groups`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShareGroupSpec {
    pub name: String,
    pub topic: String,
    #[serde(default = "one")]
    pub members: u32,
    /// Simulated processing time per record.
    #[serde(default = "default_processing_ms")]
    pub processing_ms: u64,
    /// How long a member that got nothing waits before it fetches again.
    #[serde(default = "default_poll_ms")]
    pub poll_ms: u64,
    /// `max.poll.records`: records one fetch asks for (a soft limit: whole log batches).
    #[serde(default = "default_max_records")]
    pub max_records: u32,
    /// `share.auto.offset.reset`: where a share-partition starts when first read.
    #[serde(default)]
    pub auto_offset_reset: AutoOffsetReset,
    /// How members acknowledge what they processed.
    #[serde(default)]
    pub acknowledge: ShareAnswer,
    #[serde(default = "default_delivery_count_limit")]
    pub delivery_count_limit: u64,
    #[serde(default = "default_record_lock_duration_ms")]
    pub record_lock_duration_ms: u64,
    #[serde(default = "default_max_inflight_records")]
    pub max_inflight_records: u64,
    /// Members that crash, and when: their records stay locked until the locks expire.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub crashes: Vec<ShareCrash>,
    /// `share.acknowledgement.mode` of the members' consumers.
    #[serde(default, skip_serializing_if = "AcknowledgementMode::is_explicit")]
    pub acknowledgement_mode: AcknowledgementMode,
    /// `share.session.timeout.ms`: how long a member that stopped heartbeating (its process
    /// died) stays in the group, 45000 to 60000 as Kafka's broker bounds allow.
    #[serde(default = "default_session_timeout_ms", skip_serializing_if = "is_default_session_timeout")]
    pub session_timeout_ms: u64,
}

/// `share.acknowledgement.mode` (KIP-932): `explicit`, the application acknowledges each record
/// (accept, release or reject); `implicit`, the next `poll()` accepts everything the last one
/// returned, so a member cannot release or reject. Kafka's client default is `implicit`; the
/// model's default is `explicit`, because its scenarios say how each member answers, which
/// only explicit mode lets a member choose. The model's members send their answers with their
/// next fetch in both modes, as implicit mode does.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AcknowledgementMode {
    #[default]
    Explicit,
    Implicit,
}

impl AcknowledgementMode {
    pub fn is_explicit(&self) -> bool {
        *self == AcknowledgementMode::Explicit
    }
}

/// What a share group's members answer for each record they processed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ShareAnswer {
    #[default]
    Accept,
    Release,
    Reject,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShareCrash {
    pub member: u32,
    pub at_ms: u64,
}

fn one() -> u32 {
    1
}
fn default_processing_ms() -> u64 {
    100
}
fn default_poll_ms() -> u64 {
    500
}
fn default_max_records() -> u32 {
    limits::MAX_POLL_RECORDS_MAX
}
fn default_delivery_count_limit() -> u64 {
    u64::from(ShareConfig::default().delivery_count_limit())
}
fn default_record_lock_duration_ms() -> u64 {
    ShareConfig::default().record_lock_duration_ms()
}
fn default_max_inflight_records() -> u64 {
    u64::from(ShareConfig::default().max_inflight_records())
}

/// A share group's state in the world.
#[derive(Clone, Debug)]
pub(crate) struct ShareGroup {
    pub(crate) name: Name,
    topic: TopicId,
    config: ShareConfig,
    processing_ms: u64,
    poll_ms: u64,
    max_records: u32,
    auto_offset_reset: AutoOffsetReset,
    /// One per partition, made when the group first fetches from it.
    pub(crate) partitions: BTreeMap<PartitionIndex, SharePartition>,
    /// When each partition's lock timer is set to fire.
    lock_timers: BTreeMap<PartitionIndex, SimTime>,
    members: Vec<ShareMember>,
    mode: AcknowledgementMode,
    session_timeout_ms: u64,
}

#[derive(Clone, Debug)]
struct ShareMember {
    id: Name,
    crashed: bool,
    /// Not polling (`ShareCommand::PauseShareMember`): it sends no fetch.
    paused: bool,
    /// What a paused member processed, waiting for its next fetch to carry the answers.
    parked: Option<Acquired>,
    /// How it answers for what it processed (the group's `acknowledge` until changed).
    answer: ShareAnswer,
    /// Counts crashes: a timer scheduled before the last crash belongs to a dead process.
    incarnation: u32,
    /// Where its next fetch starts among its assigned partitions, so it takes them in turn.
    cursor: u32,
    /// In the group: joined and not yet timed out of its session.
    in_group: bool,
    /// The partitions the group's assignment gives it (shared with other members).
    assigned: BTreeSet<u32>,
}

/// An acquired record before an operation: its offset, holder and delivery count.
struct Held {
    offset: u64,
    holder: Name,
    delivery_count: u32,
}

/// What a member acquired from one fetch, per partition.
type Acquired = Vec<(PartitionIndex, Vec<AcquiredRecords>)>;

#[derive(Clone, Debug)]
pub(crate) enum ShareTimer {
    /// A member's fetch reaches the broker, carrying the acknowledgements of its last batch
    /// and the answer the member gave when it sent them.
    FetchArrives { group: usize, member: usize, incarnation: u32, acknowledgements: Acquired, answer: ShareAnswer },
    /// The acquired records reach the member.
    ResponseArrives { group: usize, member: usize, incarnation: u32, acquired: Acquired },
    /// The member has processed them and fetches again.
    ProcessingDone { group: usize, member: usize, incarnation: u32, acquired: Acquired },
    /// A partition's earliest acquisition lock may have expired.
    LockCheck { group: usize, partition: PartitionIndex },
    Crash { group: usize, member: usize },
    /// A crashed member's session runs out (`share.session.timeout.ms` after its last
    /// heartbeat): it leaves the group.
    SessionExpires { group: usize, member: usize, incarnation: u32 },
}

impl World {
    /// Adds the scenario's share groups, checking each first: on error nothing is added.
    pub(crate) fn add_share_groups(&mut self, specs: &[ShareGroupSpec]) -> Result<(), ScenarioError> {
        crate::world::too_many(crate::world::Collection::Groups, self.groups.len() + specs.len(), limits::GROUPS_MAX)?;
        for spec in specs {
            check_name(Declared::Group, &spec.name)?;
            if !self.kafka_version.offers_share_groups() {
                return Err(ScenarioError::ShareGroupsUnavailable { group: spec.name.clone(), version: self.kafka_version });
            }
            // Group ids are one namespace across group types in Kafka.
            let taken = self.groups.iter().any(|g| *g.name == *spec.name)
                || self.share_groups.iter().any(|g| *g.name == *spec.name);
            if taken {
                return Err(ScenarioError::DuplicateName { what: Declared::Group, name: spec.name.clone() });
            }
            let Some(topic) = self.event_broker.topic(&spec.topic) else {
                return Err(ScenarioError::UnknownTopic { by: Declared::Group, name: spec.name.clone(), topic: spec.topic.clone() });
            };
            let topic = topic.id();
            let f = |key: &'static str| field(Declared::Group, &spec.name, key);
            check_range(|| f("members"), u64::from(spec.members), 0, u64::from(limits::MEMBERS_MAX))?;
            check_range(|| f("processing_ms"), spec.processing_ms, 0, limits::DURATION_MS_MAX)?;
            check_range(|| f("poll_ms"), spec.poll_ms, 1, limits::DURATION_MS_MAX)?;
            check_range(|| f("max_records"), u64::from(spec.max_records), 1, u64::from(limits::MAX_POLL_RECORDS_MAX))?;
            let config = ShareConfig::new(spec.delivery_count_limit, spec.record_lock_duration_ms, spec.max_inflight_records)
                .map_err(|e| {
                    let range = e.setting.range();
                    ScenarioError::OutOfRange { field: f(setting_key(e.setting)), value: e.value, min: *range.start(), max: *range.end() }
                })?;
            if spec.acknowledgement_mode == AcknowledgementMode::Implicit && spec.acknowledge != ShareAnswer::Accept {
                return Err(ScenarioError::ImplicitAcknowledgement { group: spec.name.clone() });
            }
            check_range(|| f("session_timeout_ms"), spec.session_timeout_ms, *SESSION_TIMEOUT_MS_RANGE.start(), *SESSION_TIMEOUT_MS_RANGE.end())?;
            for crash in &spec.crashes {
                check_range(|| f("crashes.member"), u64::from(crash.member), 0, u64::from(spec.members.saturating_sub(1)))?;
                check_range(|| f("crashes.at_ms"), crash.at_ms, 0, limits::DURATION_MS_MAX)?;
            }
            let members = (0..spec.members)
                .map(|m| ShareMember {
                    id: name(&alloc::format!("{}-{m}", spec.name)),
                    crashed: false,
                    paused: false,
                    parked: None,
                    answer: spec.acknowledge,
                    incarnation: 0,
                    cursor: 0,
                    in_group: true,
                    assigned: BTreeSet::new(),
                })
                .collect();
            let group = self.share_groups.len();
            self.share_groups.push(ShareGroup {
                name: name(&spec.name),
                topic,
                config,
                processing_ms: spec.processing_ms,
                poll_ms: spec.poll_ms,
                max_records: spec.max_records,
                auto_offset_reset: spec.auto_offset_reset,
                partitions: BTreeMap::new(),
                lock_timers: BTreeMap::new(),
                members,
                mode: spec.acknowledgement_mode,
                session_timeout_ms: spec.session_timeout_ms,
            });
            self.share_reassign(group);
            for member in 0..spec.members as usize {
                let first = SimTime(self.link_ms);
                let answer = spec.acknowledge;
                self.schedule(first, Timer::Share(ShareTimer::FetchArrives { group, member, incarnation: 0, acknowledgements: Vec::new(), answer }));
            }
            for crash in &spec.crashes {
                let member = crash.member as usize;
                self.schedule(SimTime(crash.at_ms), Timer::Share(ShareTimer::Crash { group, member }));
            }
        }
        Ok(())
    }

    pub(crate) fn share_timer(&mut self, timer: ShareTimer) {
        match timer {
            ShareTimer::FetchArrives { group, member, incarnation, acknowledgements, answer } => {
                if !self.share_member_alive(group, member, incarnation) {
                    return;
                }
                // A fetch sent before a pause still carries its answers, but a paused member
                // takes nothing more: it has stopped polling.
                self.share_acknowledge(group, member, &acknowledgements, answer);
                if self.share_groups[group].members[member].paused {
                    self.share_groups[group].members[member].parked = Some(Vec::new());
                    return;
                }
                let acquired = self.share_acquire(group, member);
                let timer = if acquired.is_empty() {
                    let next = self.now + self.share_groups[group].poll_ms + self.link_ms;
                    let answer = self.share_groups[group].members[member].answer;
                    (next, ShareTimer::FetchArrives { group, member, incarnation, acknowledgements: Vec::new(), answer })
                } else {
                    (self.now + self.link_ms, ShareTimer::ResponseArrives { group, member, incarnation, acquired })
                };
                self.schedule(timer.0, Timer::Share(timer.1));
            }
            ShareTimer::ResponseArrives { group, member, incarnation, acquired } => {
                if !self.share_member_alive(group, member, incarnation) {
                    return;
                }
                let records: u64 = acquired.iter().flat_map(|(_, ranges)| ranges).map(|r| r.last - r.first + 1).sum();
                let done = self.now + self.share_groups[group].processing_ms.saturating_mul(records);
                self.schedule(done, Timer::Share(ShareTimer::ProcessingDone { group, member, incarnation, acquired }));
            }
            ShareTimer::ProcessingDone { group, member, incarnation, acquired } => {
                if !self.share_member_alive(group, member, incarnation) {
                    return;
                }
                if self.share_groups[group].members[member].paused {
                    self.share_groups[group].members[member].parked = Some(acquired);
                    return;
                }
                let arrives = self.now + self.link_ms;
                self.share_emit_sent(group, member, &acquired, arrives);
                let answer = self.share_groups[group].members[member].answer;
                self.schedule(arrives, Timer::Share(ShareTimer::FetchArrives { group, member, incarnation, acknowledgements: acquired, answer }));
            }
            ShareTimer::LockCheck { group, partition } => {
                let now = self.now;
                self.share_groups[group].lock_timers.remove(&partition);
                let before = self.share_acquired_before(group, partition, |state| state.lock_expires_at.is_some_and(|at| at <= now));
                if let Some(sp) = self.share_groups[group].partitions.get_mut(&partition) {
                    sp.expire_locks(now);
                }
                self.share_emit_moved(group, partition, &before, true);
                self.share_lock_timer(group, partition);
            }
            ShareTimer::Crash { group, member } => {
                if !self.share_groups[group].members[member].crashed {
                    self.share_crash(group, member);
                }
            }
            ShareTimer::SessionExpires { group, member, incarnation } => self.share_session_expired(group, member, incarnation),
        }
    }

    /// The member's answers leave with its next fetch, one event per range it processed.
    fn share_emit_sent(&mut self, group: usize, member: usize, acquired: &Acquired, arrives: SimTime) {
        let share = &self.share_groups[group];
        let topic = self.event_broker.topic_by_id(share.topic).map(|t| t.name().clone()).unwrap_or_else(|| name("?"));
        let (group_name, answer, departs) = (share.name.clone(), share.members[member].answer, self.now);
        for (partition, ranges) in acquired {
            for r in ranges {
                let (first, last) = (Offset(r.first), Offset(r.last));
                let (group, topic, partition) = (group_name.clone(), topic.clone(), *partition);
                self.emit(EventKind::ShareAcknowledgementSent { group, member: member as u32, topic, partition, first, last, answer, departs, arrives });
            }
        }
    }

    /// Whether a timer of the member's `incarnation` still belongs to a running process.
    fn share_member_alive(&self, group: usize, member: usize, incarnation: u32) -> bool {
        let m = &self.share_groups[group].members[member];
        !m.crashed && m.incarnation == incarnation
    }

    /// The member's process dies: its timers are dropped, its records stay locked.
    fn share_crash(&mut self, group: usize, member: usize) {
        let m = &mut self.share_groups[group].members[member];
        m.crashed = true;
        m.paused = false;
        m.parked = None;
        m.incarnation += 1;
        self.emit(EventKind::ShareMemberCrashed { group: self.share_groups[group].name.clone(), member: member as u32 });
        self.share_session_clock(group, member);
    }

    /// A crashed member starts again: it fetches, with nothing to acknowledge.
    fn share_revive(&mut self, group: usize, member: usize) {
        let m = &mut self.share_groups[group].members[member];
        m.crashed = false;
        let (incarnation, answer) = (m.incarnation, m.answer);
        self.emit(EventKind::ShareMemberRevived { group: self.share_groups[group].name.clone(), member: member as u32 });
        self.share_join(group, member);
        let arrives = self.now + self.link_ms;
        self.schedule(arrives, Timer::Share(ShareTimer::FetchArrives { group, member, incarnation, acknowledgements: Vec::new(), answer }));
    }

    /// `ShareCommand::CrashShareMember`: refused, changing nothing, unless the member runs.
    pub(crate) fn crash_share_member(&mut self, group: String, member: u32) -> Result<(), CommandError> {
        let (g, m) = self.share_member_index(&group, member)?;
        if self.share_groups[g].members[m].crashed {
            return Err(CommandError::MemberState { group, member, state: MemberState::Crashed });
        }
        self.share_crash(g, m);
        Ok(())
    }

    /// `ShareCommand::ReviveShareMember`: refused, changing nothing, unless the member crashed.
    pub(crate) fn revive_share_member(&mut self, group: String, member: u32) -> Result<(), CommandError> {
        let (g, m) = self.share_member_index(&group, member)?;
        if !self.share_groups[g].members[m].crashed {
            return Err(CommandError::MemberState { group, member, state: MemberState::Running });
        }
        self.share_revive(g, m);
        Ok(())
    }

    /// The share group and member a command names.
    fn share_member_index(&self, group: &str, member: u32) -> Result<(usize, usize), CommandError> {
        let g = self.share_groups.iter().position(|s| *s.name == *group).ok_or_else(|| CommandError::UnknownGroup(group.into()))?;
        if member as usize >= self.share_groups[g].members.len() {
            return Err(CommandError::UnknownMember { group: group.into(), member });
        }
        Ok((g, member as usize))
    }

    /// Acquired records matching `expiring`, before an operation.
    fn share_acquired_before(&self, group: usize, partition: PartitionIndex, expiring: impl Fn(&InFlight) -> bool) -> Vec<Held> {
        let Some(sp) = self.share_groups[group].partitions.get(&partition) else { return Vec::new() };
        sp.records()
            .filter(|r| r.state.state == RecordState::Acquired && expiring(r.state))
            .filter_map(|r| Some(Held { offset: r.offset, holder: r.state.member.clone()?, delivery_count: r.state.delivery_count }))
            .collect()
    }

    /// Events for records that were acquired (`before`) and are not now: available again
    /// after their locks `expired` (per holder, `ShareLocksExpired`; a release says itself) or
    /// archived at the delivery limit
    /// (`ShareRecordsArchived`). A record gone from the window was done: a lock's end makes
    /// nothing acknowledged. (One archived below a moved log start says nothing here.)
    fn share_emit_moved(&mut self, group: usize, partition: PartitionIndex, before: &[Held], expired: bool) {
        let share = &self.share_groups[group];
        let Some(sp) = share.partitions.get(&partition) else { return };
        let topic = self.event_broker.topic_by_id(share.topic).map(|t| t.name().clone()).unwrap_or_else(|| name("?"));
        let limit = sp.config().delivery_count_limit();
        let mut available: BTreeMap<u32, Vec<Offset>> = BTreeMap::new();
        let mut archived = Vec::new();
        for held in before {
            match sp.record(held.offset).map(|r| r.state) {
                Some(RecordState::Available) if expired => {
                    let member = share.members.iter().position(|m| m.id == held.holder).unwrap_or(0) as u32;
                    available.entry(member).or_default().push(Offset(held.offset));
                }
                Some(RecordState::Archived) | None if held.delivery_count >= limit => archived.push(Offset(held.offset)),
                _ => {}
            }
        }
        let group_name = share.name.clone();
        for (member, offsets) in available {
            self.emit(EventKind::ShareLocksExpired { group: group_name.clone(), member, topic: topic.clone(), partition, offsets });
        }
        if !archived.is_empty() {
            self.emit(EventKind::ShareRecordsArchived { group: group_name, topic, partition, offsets: archived, delivery_count_limit: limit });
        }
    }

    /// Applies a member's acknowledgements; a refused one (its locks expired meanwhile) is
    /// answered with an error Kafka's client only logs.
    fn share_acknowledge(&mut self, group: usize, member: usize, acknowledgements: &Acquired, answer: ShareAnswer) {
        let kind = match answer {
            ShareAnswer::Accept => AcknowledgeType::Accept,
            ShareAnswer::Release => AcknowledgeType::Release,
            ShareAnswer::Reject => AcknowledgeType::Reject,
        };
        let id = self.share_groups[group].members[member].id.clone();
        let group_name = self.share_groups[group].name.clone();
        let topic = self.event_broker.topic_by_id(self.share_groups[group].topic).map(|t| t.name().clone()).unwrap_or_else(|| name("?"));
        let now = self.now;
        for (partition, ranges) in acknowledgements {
            for range in ranges {
                let batch = AcknowledgementBatch { first: range.first, last: range.last, types: alloc::vec![kind] };
                let before = self.share_acquired_before(group, *partition, |_| true);
                let before: Vec<Held> = before.into_iter().filter(|h| (range.first..=range.last).contains(&h.offset)).collect();
                let Some(sp) = self.share_groups[group].partitions.get_mut(partition) else { continue };
                let (first, last) = (Offset(range.first), Offset(range.last));
                let (g, t, member32) = (group_name.clone(), topic.clone(), member as u32);
                if sp.acknowledge(&id, core::slice::from_ref(&batch), now).is_ok() {
                    self.emit(EventKind::ShareRecordsAcknowledged { group: g, member: member32, topic: t, partition: *partition, first, last, answer });
                    if answer == ShareAnswer::Release {
                        self.share_emit_moved(group, *partition, &before, false);
                    }
                } else {
                    self.emit(EventKind::ShareAcknowledgementRefused { group: g, member: member32, topic: t, partition: *partition, first, last });
                }
            }
        }
    }

    /// Acquires for a member from each partition in turn, up to its `max_records`.
    fn share_acquire(&mut self, group: usize, member: usize) -> Acquired {
        let Some(topic) = self.event_broker.topic_by_id(self.share_groups[group].topic) else { return Vec::new() };
        let mine: Vec<u32> = self.share_groups[group].members[member].assigned.iter().copied().filter(|&p| p < topic.partition_count()).collect();
        let count = mine.len() as u32;
        let mut acquired = Vec::new();
        let mut wanted = u64::from(self.share_groups[group].max_records);
        let cursor = self.share_groups[group].members[member].cursor;
        for i in 0..count {
            let partition = PartitionIndex(mine[((cursor + i) % count) as usize]);
            if wanted == 0 || topic.replication(partition).is_none_or(|r| r.leader.is_none()) {
                continue;
            }
            let log = &topic.partitions()[partition.0 as usize];
            let share = &mut self.share_groups[group];
            let sp = share.partitions.entry(partition).or_insert_with(|| {
                let start = match share.auto_offset_reset {
                    AutoOffsetReset::Earliest => log.log_start(),
                    AutoOffsetReset::Latest | AutoOffsetReset::None => log.high_watermark(),
                };
                SharePartition::new(share.config, start).expect("log offsets are within Kafka's")
            });
            let _ = sp.update_log_start(log.log_start());
            let read = usize::try_from(wanted).unwrap_or(usize::MAX).min(limits::MAX_POLL_RECORDS_MAX as usize);
            let batches: Vec<(u64, u64)> = log.read(sp.next_fetch_offset(), read).iter().map(|r| (r.offset.0, r.offset.0)).collect();
            let fetched = FetchedBatches::new(batches).expect("a log's records ascend");
            let id = share.members[member].id.clone();
            let ranges = sp.acquire(&id, u32::try_from(wanted).ok(), &fetched, self.now);
            let got: u64 = ranges.iter().map(|r| r.last - r.first + 1).sum();
            wanted = wanted.saturating_sub(got);
            if !ranges.is_empty() {
                acquired.push((partition, ranges));
            }
        }
        self.share_groups[group].members[member].cursor = (cursor + 1) % count.max(1);
        let topic = topic.name().clone();
        let (group_name, lock_ms) = (self.share_groups[group].name.clone(), self.share_groups[group].config.record_lock_duration_ms());
        let (departs, arrives) = (self.now, self.now + self.link_ms);
        for (partition, ranges) in &acquired {
            for r in ranges {
                self.emit(EventKind::ShareRecordsAcquired {
                    group: group_name.clone(),
                    member: member as u32,
                    topic: topic.clone(),
                    partition: *partition,
                    first: Offset(r.first),
                    last: Offset(r.last),
                    delivery_count: r.delivery_count,
                    lock_expires_at: departs.plus_ms(lock_ms),
                    departs,
                    arrives,
                });
            }
            self.share_lock_timer(group, *partition);
        }
        acquired
    }

    /// Sets the partition's lock timer for its earliest lock, unless one is set earlier.
    fn share_lock_timer(&mut self, group: usize, partition: PartitionIndex) {
        let share = &mut self.share_groups[group];
        let Some(at) = share.partitions.get(&partition).and_then(SharePartition::next_lock_expiry) else { return };
        if share.lock_timers.get(&partition).is_some_and(|&set| set <= at) {
            return;
        }
        share.lock_timers.insert(partition, at);
        self.schedule(at, Timer::Share(ShareTimer::LockCheck { group, partition }));
    }
}

impl ShareGroup {
    pub(crate) fn view<'a>(&'a self, broker: &'a crate::event_broker::EventBroker) -> super::ShareGroupView<'a> {
        super::ShareGroupView {
            name: &self.name,
            topic: broker.topic_by_id(self.topic).map(|t| t.name()),
            members: self
                .members
                .iter()
                .map(|m| super::ShareMemberView { id: &m.id, state: m.state(), answer: m.answer, in_group: m.in_group, assigned: &m.assigned })
                .collect(),
            delivery_count_limit: self.config.delivery_count_limit(),
            record_lock_duration_ms: self.config.record_lock_duration_ms(),
            max_inflight_records: self.config.max_inflight_records(),
            acknowledgement_mode: self.mode,
            session_timeout_ms: self.session_timeout_ms,
        }
    }
}

impl ShareMember {
    fn state(&self) -> MemberState {
        if self.crashed {
            MemberState::Crashed
        } else if self.paused {
            MemberState::Paused
        } else {
            MemberState::Running
        }
    }
}

fn setting_key(setting: crate::event_broker::share::ShareSetting) -> &'static str {
    use crate::event_broker::share::ShareSetting;
    match setting {
        ShareSetting::DeliveryCountLimit => "delivery_count_limit",
        ShareSetting::RecordLockDurationMs => "record_lock_duration_ms",
        ShareSetting::MaxInflightRecords => "max_inflight_records",
    }
}
