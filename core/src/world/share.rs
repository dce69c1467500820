//! Share groups in the world (KIP-932, K20): members that fetch from every partition of one
//! topic, process what they acquired and acknowledge it with their next fetch, around the
//! share-partitions of `event_broker::share`. A share group reads the topic's logs and
//! changes nothing in them, so consumer groups on the same topic run exactly as without it.
//!
//! What is modelled: the members' fetch loop (a fetch carries the previous batch's
//! acknowledgements, as `ShareFetch` does), `share.auto.offset.reset` when a share-partition is
//! first read, acquisition locks expiring on their own timer, the log start moving, and a
//! member crashing (its records stay acquired until their locks expire). Not modelled here:
//! the share-group heartbeat and assignor (every member fetches from every partition, which is
//! what Kafka's assignor gives when partitions are fewer than members), sessions, implicit
//! acknowledgement's timing, lock renewal, and events for the page.

use alloc::collections::BTreeMap;
use alloc::string::String;
use alloc::vec::Vec;
use serde::{Deserialize, Serialize};

use super::{AutoOffsetReset, Declared, ScenarioError, Timer, World, check_name, check_range, field, name};
use crate::Name;
use crate::event_broker::share::{
    AcknowledgeType, AcknowledgementBatch, AcquiredRecords, FetchedBatches, ShareConfig, SharePartition,
};
use crate::event_broker::{PartitionIndex, TopicId};
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
    answer: ShareAnswer,
    /// One per partition, made when the group first fetches from it.
    pub(crate) partitions: BTreeMap<PartitionIndex, SharePartition>,
    /// When each partition's lock timer is set to fire.
    lock_timers: BTreeMap<PartitionIndex, SimTime>,
    members: Vec<ShareMember>,
}

#[derive(Clone, Debug)]
struct ShareMember {
    id: Name,
    crashed: bool,
    /// The partition its next fetch starts from, so members take turns over partitions.
    cursor: u32,
}

/// What a member acquired from one fetch, per partition.
type Acquired = Vec<(PartitionIndex, Vec<AcquiredRecords>)>;

#[derive(Clone, Debug)]
pub(crate) enum ShareTimer {
    /// A member's fetch reaches the broker, carrying the acknowledgements of its last batch.
    FetchArrives { group: usize, member: usize, acknowledgements: Acquired },
    /// The acquired records reach the member.
    ResponseArrives { group: usize, member: usize, acquired: Acquired },
    /// The member has processed them and fetches again.
    ProcessingDone { group: usize, member: usize, acquired: Acquired },
    /// A partition's earliest acquisition lock may have expired.
    LockCheck { group: usize, partition: PartitionIndex },
    Crash { group: usize, member: usize },
}

impl World {
    /// Adds the scenario's share groups, checking each first: on error nothing is added.
    pub(crate) fn add_share_groups(&mut self, specs: &[ShareGroupSpec]) -> Result<(), ScenarioError> {
        crate::world::too_many(crate::world::Collection::Groups, self.groups.len() + specs.len(), limits::GROUPS_MAX)?;
        for spec in specs {
            check_name(Declared::Group, &spec.name)?;
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
            for crash in &spec.crashes {
                check_range(|| f("crashes.member"), u64::from(crash.member), 0, u64::from(spec.members.saturating_sub(1)))?;
                check_range(|| f("crashes.at_ms"), crash.at_ms, 0, limits::DURATION_MS_MAX)?;
            }
            let members = (0..spec.members)
                .map(|m| ShareMember { id: name(&alloc::format!("{}-{m}", spec.name)), crashed: false, cursor: m })
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
                answer: spec.acknowledge,
                partitions: BTreeMap::new(),
                lock_timers: BTreeMap::new(),
                members,
            });
            for member in 0..spec.members as usize {
                let first = SimTime(self.link_ms);
                self.schedule(first, Timer::Share(ShareTimer::FetchArrives { group, member, acknowledgements: Vec::new() }));
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
            ShareTimer::FetchArrives { group, member, acknowledgements } => {
                self.share_acknowledge(group, member, &acknowledgements);
                let acquired = self.share_acquire(group, member);
                let timer = if acquired.is_empty() {
                    let next = self.now + self.share_groups[group].poll_ms + self.link_ms;
                    (next, ShareTimer::FetchArrives { group, member, acknowledgements: Vec::new() })
                } else {
                    (self.now + self.link_ms, ShareTimer::ResponseArrives { group, member, acquired })
                };
                self.schedule(timer.0, Timer::Share(timer.1));
            }
            ShareTimer::ResponseArrives { group, member, acquired } => {
                if self.share_groups[group].members[member].crashed {
                    return;
                }
                let records: u64 = acquired.iter().flat_map(|(_, ranges)| ranges).map(|r| r.last - r.first + 1).sum();
                let done = self.now + self.share_groups[group].processing_ms.saturating_mul(records);
                self.schedule(done, Timer::Share(ShareTimer::ProcessingDone { group, member, acquired }));
            }
            ShareTimer::ProcessingDone { group, member, acquired } => {
                if self.share_groups[group].members[member].crashed {
                    return;
                }
                let arrives = self.now + self.link_ms;
                self.schedule(arrives, Timer::Share(ShareTimer::FetchArrives { group, member, acknowledgements: acquired }));
            }
            ShareTimer::LockCheck { group, partition } => {
                let now = self.now;
                let share = &mut self.share_groups[group];
                share.lock_timers.remove(&partition);
                if let Some(sp) = share.partitions.get_mut(&partition) {
                    sp.expire_locks(now);
                }
                self.share_lock_timer(group, partition);
            }
            ShareTimer::Crash { group, member } => self.share_groups[group].members[member].crashed = true,
        }
    }

    /// Applies a member's acknowledgements; a refused one (its locks expired meanwhile) is
    /// answered with an error Kafka's client only logs.
    fn share_acknowledge(&mut self, group: usize, member: usize, acknowledgements: &Acquired) {
        let share = &mut self.share_groups[group];
        let kind = match share.answer {
            ShareAnswer::Accept => AcknowledgeType::Accept,
            ShareAnswer::Release => AcknowledgeType::Release,
            ShareAnswer::Reject => AcknowledgeType::Reject,
        };
        let id = share.members[member].id.clone();
        let now = self.now;
        for (partition, ranges) in acknowledgements {
            let batches: Vec<AcknowledgementBatch> =
                ranges.iter().map(|r| AcknowledgementBatch { first: r.first, last: r.last, types: alloc::vec![kind] }).collect();
            if let Some(sp) = share.partitions.get_mut(partition) {
                let _refused = sp.acknowledge(&id, &batches, now);
            }
        }
    }

    /// Acquires for a member from each partition in turn, up to its `max_records`.
    fn share_acquire(&mut self, group: usize, member: usize) -> Acquired {
        let Some(topic) = self.event_broker.topic_by_id(self.share_groups[group].topic) else { return Vec::new() };
        let count = topic.partition_count();
        let mut acquired = Vec::new();
        let mut wanted = u64::from(self.share_groups[group].max_records);
        let cursor = self.share_groups[group].members[member].cursor;
        for i in 0..count {
            let partition = PartitionIndex((cursor + i) % count);
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
        for (partition, _) in &acquired {
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

fn setting_key(setting: crate::event_broker::share::ShareSetting) -> &'static str {
    use crate::event_broker::share::ShareSetting;
    match setting {
        ShareSetting::DeliveryCountLimit => "delivery_count_limit",
        ShareSetting::RecordLockDurationMs => "record_lock_duration_ms",
        ShareSetting::MaxInflightRecords => "max_inflight_records",
    }
}
