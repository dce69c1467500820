//! The brokers' background log work: the retention check (`log.retention.check.interval.ms`,
//! K7) and the log cleaner (`log.cleaner.backoff.ms`, K8), run on every running replica's own
//! log, as each Kafka broker does for the partitions it hosts.
//!
//! Only the visible log (the leader's, see `cluster`) reports what it removed as events
//! (`SegmentsDeleted`, `RecordsCompacted`); followers clean their copies silently with the
//! same configuration. The log start advancing is all the groups see: a member whose fetch
//! position fell below it gets `OFFSET_OUT_OF_RANGE` on its next poll and applies
//! `auto.offset.reset` (an `OffsetReset` event, in `groups`). The log itself (log.rs) decides
//! what to delete or compact; this module only decides when, and tells.

use alloc::vec::Vec;

use super::World;
use crate::Name;
use crate::event_broker::PartitionLog;
use crate::event_broker::log::RetentionReason;
use crate::event_broker::{BrokerId, Offset, PartitionIndex};
use crate::world::EventKind;

impl World {
    /// One retention check on every partition of every topic.
    pub(super) fn retention_check(&mut self) {
        let now = self.now;
        let alive = self.alive_brokers();
        for t in 0..self.event_broker.topics().len() {
            for p in 0..self.event_broker.topics()[t].partition_count() {
                let partition = PartitionIndex(p);
                let Some((name, holder, outcome)) =
                    self.on_live_replicas(t, partition, &alive, |log| log.enforce_retention(now))
                else {
                    continue;
                };
                // One event per run of segments deleted for the same reason (time, then size).
                let mut runs: Vec<(RetentionReason, Offset, Offset, u64, u32)> = Vec::new();
                for segment in &outcome.deleted {
                    match runs.last_mut() {
                        Some(run) if run.0 == segment.reason => {
                            run.2 = segment.end_offset;
                            run.3 += segment.records as u64;
                            run.4 += 1;
                        }
                        _ => runs.push((segment.reason, segment.base_offset, segment.end_offset, segment.records as u64, 1)),
                    }
                }
                for (reason, from, to, records, segments) in runs {
                    self.emit(EventKind::SegmentsDeleted {
                        topic: name.clone(),
                        partition,
                        broker: holder,
                        from,
                        to,
                        records,
                        segments,
                        reason,
                    });
                }
            }
        }
    }

    /// One cleaner pass on every partition of every topic (compacted topics only do work).
    pub(super) fn cleaner_pass(&mut self) {
        let now = self.now;
        let alive = self.alive_brokers();
        for t in 0..self.event_broker.topics().len() {
            if !self.event_broker.topics()[t].config().cleanup_policy.compacts() {
                continue;
            }
            for p in 0..self.event_broker.topics()[t].partition_count() {
                let partition = PartitionIndex(p);
                let Some((name, holder, outcome)) = self.on_live_replicas(t, partition, &alive, |log| log.compact(now))
                else {
                    continue;
                };
                if outcome.removed.is_empty() && outcome.tombstones_stamped == 0 {
                    continue; // Only the checkpoint or the segment layout moved: nothing to tell.
                }
                self.emit(EventKind::RecordsCompacted {
                    topic: name,
                    partition,
                    broker: holder,
                    offsets: outcome.removed.iter().map(|r| r.offset).collect(),
                    records: outcome.removed.iter().map(|r| r.id).collect(),
                    tombstones_removed: outcome.tombstones_removed as u64,
                    tombstones_stamped: outcome.tombstones_stamped as u64,
                    cleaned_up_to: outcome.cleaned_up_to,
                });
            }
        }
    }

    /// Runs `work` on every running replica's log of a partition (followers silently) and
    /// returns the visible log's outcome, with the topic's name and the log's broker.
    fn on_live_replicas<T>(
        &mut self,
        topic: usize,
        partition: PartitionIndex,
        alive: &[bool],
        work: impl Fn(&mut PartitionLog) -> Option<T>,
    ) -> Option<(Name, BrokerId, T)> {
        let topic = self.event_broker.topic_mut(topic);
        let name = topic.name().clone();
        let (log, rep) = topic.parts_mut(partition);
        for (broker, follower) in rep.followers.iter_mut() {
            if alive[broker.0 as usize] {
                work(&mut follower.log);
            }
        }
        let holder = rep.holder;
        if !alive[holder.0 as usize] {
            return None;
        }
        work(log).map(|outcome| (name, holder, outcome))
    }

    fn alive_brokers(&self) -> Vec<bool> {
        (0..self.event_broker.broker_count()).map(|b| self.event_broker.broker_alive(BrokerId(b))).collect()
    }
}
