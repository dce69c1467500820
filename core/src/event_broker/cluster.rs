//! The cluster: brokers, where each partition's replicas live (Kafka's rack-unaware
//! `assignReplicasToBrokers`), and each partition's replication state: leader, leader epoch,
//! in-sync replicas (ISR) and the followers' own logs. Also the topic configuration with
//! Kafka's names and defaults.
//!
//! This module owns the data and the pure arithmetic (placement, divergence, truncation). The
//! world drives it: fetch timers, elections and their events live in `world::replication`.
//!
//! ```text
//!   Topic.partitions[p]            the log of `holder` (the leader, or the last leader while
//!                                  the partition is offline): what consumers read
//!   Replication.followers[b].log   every other replica's own copy
//! ```

use alloc::collections::BTreeMap;
use alloc::vec::Vec;
use core::fmt;
use serde::{Deserialize, Serialize};

use crate::event_broker::log::{CleanupPolicy, LogConfig};
use crate::event_broker::{Offset, PartitionLog, Record};
use crate::time::SimTime;

/// A broker's id: 0, 1, 2, … in the order the scenario counts them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct BrokerId(pub u32);

impl fmt::Display for BrokerId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// The producer's `acks`: how many replicas must have a record before the leader answers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Acks {
    /// `acks=0`: fire and forget; the producer never hears back.
    #[serde(rename = "0")]
    Zero,
    /// `acks=1`: the leader answers once it appended the record.
    #[serde(rename = "1")]
    One,
    /// `acks=all` (`-1`): the leader answers once every in-sync replica has it (the default
    /// since Kafka 3.0).
    #[default]
    #[serde(rename = "all", alias = "-1")]
    All,
}

/// A topic's configuration as the scenario and `create_topic` spell it, with Kafka's property
/// names and defaults.
///
/// One source of truth: the log settings (`retention.*`, `segment.*`, `cleanup.policy`,
/// `delete.retention.ms`, `min.compaction.lag.ms`) exist only to be converted, once, by
/// [`TopicConfig::log_config`] into log.rs's [`LogConfig`], which every replica's
/// [`PartitionLog`] of the topic holds and obeys (rolling, retention, compaction, keyless
/// refusal). `cleanup.policy` is log.rs's [`CleanupPolicy`] itself. The two settings that are
/// not about one log (`min.insync.replicas`, `unclean.leader.election.enable`) stay here.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TopicConfig {
    /// How long records are kept (`-1`: forever). Default 7 days.
    #[serde(rename = "retention.ms")]
    pub retention_ms: i64,
    /// The most bytes a partition keeps (`-1`: no limit).
    #[serde(rename = "retention.bytes")]
    pub retention_bytes: i64,
    /// A segment rolls after this long. Default 7 days.
    #[serde(rename = "segment.ms")]
    pub segment_ms: u64,
    /// A segment rolls at this size. Default 1 GiB.
    #[serde(rename = "segment.bytes")]
    pub segment_bytes: u64,
    #[serde(rename = "cleanup.policy")]
    pub cleanup_policy: CleanupPolicy,
    /// How long a compacted topic keeps tombstones. Default 1 day.
    #[serde(rename = "delete.retention.ms")]
    pub delete_retention_ms: u64,
    /// A closed segment is not compacted until its newest record is this old. Default 0.
    #[serde(rename = "min.compaction.lag.ms")]
    pub min_compaction_lag_ms: u64,
    /// With `acks=all`, fewer in-sync replicas than this refuse writes.
    #[serde(rename = "min.insync.replicas")]
    pub min_insync_replicas: u32,
    /// Whether an out-of-sync replica may become leader (losing what it lacks).
    #[serde(rename = "unclean.leader.election.enable")]
    pub unclean_leader_election_enable: bool,
}

impl Default for TopicConfig {
    fn default() -> Self {
        let log = LogConfig::default();
        TopicConfig {
            retention_ms: log.retention_ms.map_or(-1, clamp_i64),
            retention_bytes: log.retention_bytes.map_or(-1, clamp_i64),
            segment_ms: log.segment_ms,
            segment_bytes: log.segment_bytes,
            cleanup_policy: log.cleanup_policy,
            delete_retention_ms: log.delete_retention_ms,
            min_compaction_lag_ms: log.min_compaction_lag_ms,
            min_insync_replicas: 1,
            unclean_leader_election_enable: false,
        }
    }
}

impl TopicConfig {
    /// The log settings every partition log of the topic gets (`-1` becomes unlimited).
    pub fn log_config(&self) -> LogConfig {
        LogConfig {
            retention_ms: u64::try_from(self.retention_ms).ok(),
            retention_bytes: u64::try_from(self.retention_bytes).ok(),
            segment_ms: self.segment_ms,
            segment_bytes: self.segment_bytes,
            cleanup_policy: self.cleanup_policy,
            delete_retention_ms: self.delete_retention_ms,
            min_compaction_lag_ms: self.min_compaction_lag_ms,
        }
    }
}

/// A config value out of its allowed range: (property, value, min, max).
pub type ConfigRangeError = (&'static str, i64, i64, i64);

impl TopicConfig {
    /// Checks every value against Kafka's lower bounds (and ours above).
    pub fn check(&self) -> Result<(), ConfigRangeError> {
        const DAY_MS_MAX: i64 = 100 * 86_400_000;
        let checks: [(&'static str, i64, i64, i64); 7] = [
            ("retention.ms", self.retention_ms, -1, DAY_MS_MAX),
            ("retention.bytes", self.retention_bytes, -1, i64::from(u32::MAX)),
            ("segment.ms", clamp_i64(self.segment_ms), 1, DAY_MS_MAX),
            ("segment.bytes", clamp_i64(self.segment_bytes), 14, 1_073_741_824),
            ("delete.retention.ms", clamp_i64(self.delete_retention_ms), 0, DAY_MS_MAX),
            ("min.compaction.lag.ms", clamp_i64(self.min_compaction_lag_ms), 0, DAY_MS_MAX),
            ("min.insync.replicas", i64::from(self.min_insync_replicas), 1, i64::from(crate::limits::BROKERS_MAX)),
        ];
        for (name, value, min, max) in checks {
            if value < min || value > max {
                return Err((name, value, min, max));
            }
        }
        Ok(())
    }
}

fn clamp_i64(v: u64) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

/// Kafka's rack-unaware replica placement (`AdminUtils.assignReplicasToBrokers`) for
/// partitions `first..first + count` of a topic, over `brokers` (the running ones, ascending).
///
/// Kafka draws the start index and the first follower shift at random; we fix both at 0 so a
/// scenario always gets the same layout: partition `p`'s leader is broker `p % brokers`, and
/// its followers are the next brokers after a shift of `p / brokers` (so leaders spread
/// round-robin and followers do not always sit on the same neighbour).
pub fn assign_replicas(ids: &[BrokerId], first: u32, count: u32, replication_factor: u32) -> Vec<Vec<BrokerId>> {
    let brokers = ids.len() as u32;
    assert!(replication_factor >= 1 && replication_factor <= brokers, "replication factor within the brokers");
    (first..first + count)
        .map(|p| {
            let first_replica = p % brokers;
            let shift = p / brokers;
            let mut replicas = alloc::vec![ids[first_replica as usize]];
            for j in 0..replication_factor - 1 {
                // `replicaIndex(firstReplicaIndex, secondReplicaShift, replicaIndex, nBrokers)`.
                let index = (first_replica + 1 + (shift + j) % (brokers - 1)) % brokers;
                replicas.push(ids[index as usize]);
            }
            replicas
        })
        .collect()
}

/// A follower's copy of a partition, and what its leader knows of it.
#[derive(Clone, Debug, Serialize)]
pub struct Follower {
    pub log: PartitionLog,
    /// The follower's log end as the leader last saw it (its last fetch offset).
    pub log_end_at_leader: Offset,
    /// When its fetch last reached the leader's log end (`lastCaughtUpTimeMs`).
    pub caught_up_at: SimTime,
}

/// One partition's replication state.
#[derive(Clone, Debug, Serialize)]
pub struct Replication {
    /// Assigned replicas in preference order; the first is the preferred leader.
    pub replicas: Vec<BrokerId>,
    /// `None`: offline (no replica may lead without losing data, or none is alive).
    pub leader: Option<BrokerId>,
    /// The replica whose log is the topic's visible log: the leader, or the last leader.
    pub holder: BrokerId,
    /// Bumped at every leader change; timers from an older epoch are stale.
    pub epoch: u32,
    /// In-sync replicas, in replica order. Without eligible leader replicas (3.9) never
    /// empty: Kafka keeps the last one. With them (4.2) empty while no replica is in sync.
    pub isr: Vec<BrokerId>,
    /// Eligible leader replicas (KIP-966, 4.2): replicas out of the ISR that hold every
    /// committed record, in replica order; never in the ISR. Always empty under 3.9.
    pub elr: Vec<BrokerId>,
    /// The leader the partition had when its ISR became empty (Kafka keeps it in
    /// `lastKnownElr`): elected last, when neither the ISR nor the ELR has a live replica.
    pub last_known_leader: Option<BrokerId>,
    pub followers: BTreeMap<BrokerId, Follower>,
}

impl Replication {
    /// Every follower's log starts empty with the topic's log configuration.
    pub fn new(replicas: Vec<BrokerId>, config: &LogConfig) -> Replication {
        let leader = replicas[0];
        let followers = crate::sort::collect_by_insert(replicas[1..].iter().map(|&b| {
            let log = PartitionLog::with_config(config.clone());
            (b, Follower { log, log_end_at_leader: Offset(0), caught_up_at: SimTime::ZERO })
        }));
        let isr = replicas.clone();
        Replication { isr, elr: Vec::new(), last_known_leader: None, leader: Some(leader), holder: leader, epoch: 0, replicas, followers }
    }

    pub fn in_sync(&self, broker: BrokerId) -> bool {
        self.isr.contains(&broker)
    }
}

/// Every record a log holds, in offset order, including those above its high watermark.
pub fn all_records(log: &PartitionLog) -> impl Iterator<Item = &Record> {
    log.segments().iter().flat_map(|s| s.records().iter())
}

/// Up to `max` records from `from` (inclusive) to the log end, ignoring the high watermark:
/// what a leader ships to a follower.
pub fn records_from(log: &PartitionLog, from: Offset, max: usize) -> Vec<Record> {
    let segments = log.segments();
    let first = segments.partition_point(|s| s.base_offset() <= from).saturating_sub(1);
    let mut out = Vec::new();
    for segment in &segments[first..] {
        let start = segment.records().partition_point(|r| r.offset < from);
        for record in &segment.records()[start..] {
            if out.len() >= max {
                return out;
            }
            out.push(record.clone());
        }
    }
    out
}

/// The first offset where `follower` stops agreeing with `leader` (a different record at the
/// same offset, or the end of either log): what Kafka finds with leader epochs (KIP-101,
/// KIP-279). We compare record ids where both logs hold the offset, which gives the same
/// answer; an offset only one of them holds is a compaction gap or lies below the other's log
/// start (retention), not a divergence, since replicas clean their logs independently.
pub fn divergence(follower: &PartitionLog, leader: &PartitionLog) -> Offset {
    let mut mine = all_records(follower).peekable();
    let mut theirs = all_records(leader).peekable();
    while let (Some(a), Some(b)) = (mine.peek(), theirs.peek()) {
        if a.offset < b.offset {
            mine.next();
        } else if b.offset < a.offset {
            theirs.next();
        } else if a.id == b.id {
            mine.next();
            theirs.next();
        } else {
            return a.offset;
        }
    }
    follower.log_end().min(leader.log_end())
}

/// `log` without its records at `to` and above, and the removed records.
///
/// log.rs has no `truncate_to(offset)` and no way to open a log at a start offset above 0 or
/// with compaction gaps (its offsets are assigned densely by `append`). So: while the kept
/// part starts at 0 and is dense, the copy is rebuilt by appending the kept records again
/// (exact). Otherwise `source` (the leader's log, which agrees with `log` below `to`) is
/// cloned: the replica truncates and catches up with the leader in one step, skipping the
/// fetches it would have made.
pub fn truncated(log: &PartitionLog, to: Offset, source: &PartitionLog) -> (PartitionLog, Vec<Record>) {
    let removed: Vec<Record> = all_records(log).filter(|r| r.offset >= to).cloned().collect();
    let dense = log.log_start() == Offset(0)
        && all_records(log).take_while(|r| r.offset < to).enumerate().all(|(i, r)| r.offset.0 == i as u64);
    if !dense {
        return (source.clone(), removed);
    }
    let mut kept = PartitionLog::with_config(log.config().clone());
    for record in all_records(log).take_while(|r| r.offset < to) {
        let offset = kept.append(record.clone());
        assert_eq!(offset, record.offset, "offsets stay dense through truncation");
    }
    kept.set_high_watermark(log.high_watermark().min(kept.log_end()));
    (kept, removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b(ids: &[u32]) -> Vec<BrokerId> {
        ids.iter().map(|&i| BrokerId(i)).collect()
    }

    #[test]
    fn placement_spreads_leaders_and_shifts_followers() {
        let three = b(&[0, 1, 2]);
        let r = assign_replicas(&three, 0, 6, 2);
        assert_eq!(r, alloc::vec![b(&[0, 1]), b(&[1, 2]), b(&[2, 0]), b(&[0, 2]), b(&[1, 0]), b(&[2, 1])]);
        let r = assign_replicas(&three, 0, 3, 3);
        assert_eq!(r, alloc::vec![b(&[0, 1, 2]), b(&[1, 2, 0]), b(&[2, 0, 1])]);
        assert_eq!(assign_replicas(&b(&[0]), 0, 2, 1), alloc::vec![b(&[0]), b(&[0])]);
    }
}
