//! The produce path and replication: leaders append, followers pull with link latency, the
//! ISR shrinks and grows, the high watermark follows the ISR, acks travel back, and leaders
//! are elected (cleanly from the ISR, or uncleanly) when brokers stop and start.
//!
//! ```text
//!  follower ──FollowerFetch(offset)──> leader: note follower LEO, maybe grow ISR,
//!      ^                                        advance HW, answer acks=all waiters
//!      └────────FetchResponse(records, HW)──────┘  (link latency both ways)
//! ```
//!
//! Simplifications (see ARCHITECTURE.md): the controller notices a stopped leader at once;
//! a stopped follower leaves the ISR through `replica.lag.time.max.ms` as a hung one would.

use alloc::vec::Vec;

use super::{Pending, Produce, Timer, World};
use crate::event_broker::cluster::{self, Follower};
use crate::event_broker::elr::Election;
use crate::event_broker::{Acks, BrokerId, Offset, PartitionIndex, Record, TopicConfig, TopicId};
use crate::limits;
use crate::world::{EventKind, LossCause, RebalanceReason, RejectReason};

impl World {
    pub(super) fn create_topic(&mut self, name: &str, partitions: u32, replication_factor: u32, config: TopicConfig, announce: bool) {
        let running = self.running_brokers();
        let replicas = cluster::assign_replicas(&running, 0, partitions, replication_factor);
        let topic = crate::event_broker::Topic::with_replicas(TopicId(0), super::name(name), config, replicas.clone());
        let id = self.event_broker.add_topic(topic);
        self.emit(EventKind::TopicCreated { topic: super::name(name), partitions, replication_factor, replicas });
        for p in 0..partitions {
            self.start_followers(id, PartitionIndex(p));
        }
        if announce {
            self.topics_changed(name);
        }
    }

    pub(super) fn delete_topic(&mut self, index: usize) {
        let topic = self.event_broker.remove_topic(index);
        let id = topic.id();
        self.pending.retain(|(t, _), _| *t != id);
        for g in &mut self.groups {
            for m in &mut g.members {
                m.assigned.retain(|(t, _)| *t != id);
                m.position.retain(|(t, _), _| *t != id);
            }
        }
        self.emit(EventKind::TopicDeleted { topic: topic.name().clone() });
        self.topics_changed(topic.name());
    }

    pub(super) fn add_partitions(&mut self, index: usize, total: u32) {
        let running = self.running_brokers();
        let topic = &self.event_broker.topics()[index];
        let (from, rf, id, name) = (topic.partition_count(), topic.replication_factor(), topic.id(), topic.name().clone());
        let replicas = cluster::assign_replicas(&running, from, total - from, rf);
        self.event_broker.topic_mut(index).add_partitions(replicas);
        self.emit(EventKind::PartitionsAdded { topic: name.clone(), from, to: total });
        for p in from..total {
            self.start_followers(id, PartitionIndex(p));
        }
        self.topics_changed(&name);
    }

    /// Groups subscribed to `topic` see new metadata and rebalance.
    fn topics_changed(&mut self, topic: &str) {
        for g in 0..self.groups.len() {
            let group = &self.groups[g];
            if group.topics.iter().any(|t| **t == *topic) && group.members.iter().any(|m| m.in_group) {
                self.start_rebalance(g, RebalanceReason::TopicsChanged);
            }
        }
    }

    /// Every running follower of the partition starts its fetch loop (now).
    fn start_followers(&mut self, topic: TopicId, partition: PartitionIndex) {
        let now = self.now;
        let Some(t) = self.event_broker.topic_position(topic) else { return };
        let (_, rep) = self.event_broker.topic_mut(t).parts_mut(partition);
        let epoch = rep.epoch;
        let followers: Vec<BrokerId> = rep.followers.keys().copied().collect();
        for f in rep.followers.values_mut() {
            f.caught_up_at = now;
        }
        if followers.is_empty() || rep.leader.is_none() {
            return;
        }
        for follower in followers {
            if self.event_broker.broker_alive(follower) {
                self.schedule(now, Timer::FollowerFetch { topic, partition, follower, epoch });
            }
        }
        if !self.isr_check_scheduled {
            self.isr_check_scheduled = true;
            self.schedule(now + self.replica_lag_time_max_ms / 2, Timer::IsrCheck);
        }
    }

    pub(super) fn record_arrives(&mut self, mut produce: Produce) {
        let Some(t) = self.event_broker.topic_position(produce.topic) else {
            return self.reject(&produce, RejectReason::UnknownTopic);
        };
        let topic = &self.event_broker.topics()[t];
        let rep = topic.replication(produce.partition).expect("partitions are never removed");
        let min_insync = topic.config().min_insync_replicas;
        let Some(leader) = rep.leader else {
            return self.reject(&produce, RejectReason::Offline);
        };
        if produce.broker != Some(leader) {
            // The record travelled to a broker that no longer leads (or to none): the answer
            // goes back and the producer sends again to the new leader.
            self.reject(&produce, RejectReason::NotLeader);
            produce.broker = Some(leader);
            return self.schedule(self.now + self.link_ms, Timer::Retry(produce));
        }
        if topic.partitions()[produce.partition.0 as usize].len() >= limits::RECORDS_PER_PARTITION_MAX {
            return self.reject(&produce, RejectReason::PartitionFull);
        }
        if produce.acks == Acks::All && (rep.isr.len() as u32) < min_insync {
            let isr = rep.isr.clone();
            let (producer, topic) = self.produce_names(&produce);
            self.emit(EventKind::NotEnoughReplicas {
                record: produce.record,
                producer,
                topic,
                partition: produce.partition,
                broker: leader,
                isr,
                min_insync_replicas: min_insync,
            });
            return;
        }
        let log = self.event_broker.topic_mut(t).partition_mut(produce.partition);
        // The log takes the value, and the key but for the copy the event names.
        let key = produce.key.take();
        let record = Record { id: produce.record, offset: Offset(0), key: key.clone(), value: produce.value.take(), timestamp: produce.sent_at };
        let Ok(offset) = log.try_append(record) else {
            // The only refusal: a keyless record on a compacted topic (K8).
            return self.reject(&produce, RejectReason::KeylessOnCompacted);
        };
        let (producer, topic) = self.produce_names(&produce);
        self.emit(EventKind::RecordAppended {
            record: produce.record,
            topic: topic.clone(),
            partition: produce.partition,
            offset,
            key,
            broker: leader,
        });
        if produce.acks == Acks::One {
            self.ack(&producer, &topic, produce.partition, produce.record, offset, leader, Acks::One);
        }
        let pending = Pending { offset, record: produce.record, producer, acks: produce.acks };
        match self.pending.get_mut(&(produce.topic, produce.partition)) {
            Some(queue) if !queue.is_empty() => {
                queue.push_back(pending);
                self.update_high_watermark(t, produce.partition);
            }
            // Nothing else of this partition waits: the record need not go through the queue
            // (and no queue is made) when it commits at once, as it does with no in-sync
            // follower. The same events, in the same order, as queueing it and draining it.
            _ => self.raise_high_watermark(t, produce.partition, Some(pending)),
        }
        self.wake_parked(t, produce.partition);
    }

    #[allow(clippy::too_many_arguments)]
    fn ack(&mut self, producer: &crate::Name, topic: &crate::Name, partition: PartitionIndex, record: crate::event_broker::RecordId, offset: Offset, broker: BrokerId, acks: Acks) {
        self.emit(EventKind::ProduceAcked {
            record,
            producer: producer.clone(),
            topic: topic.clone(),
            partition,
            offset,
            broker,
            acks,
            departs: self.now,
            arrives: self.now + self.link_ms,
        });
    }

    /// HW = the smallest log end over the ISR (the leader's own and what it knows of its
    /// in-sync followers). Records below it are committed: acks=all waiters are answered.
    pub(super) fn update_high_watermark(&mut self, t: usize, partition: PartitionIndex) {
        self.raise_high_watermark(t, partition, None);
    }

    /// [`World::update_high_watermark`], with `appended`: a record the leader has just appended
    /// while nothing else of the partition was pending. It is answered at once if the new high
    /// watermark covers it, else it starts the partition's queue; as if it had been queued
    /// first and the queue drained after.
    fn raise_high_watermark(&mut self, t: usize, partition: PartitionIndex, appended: Option<Pending>) {
        let strict = self.kafka_version.high_watermark_waits_for_min_isr();
        let topic = self.event_broker.topic_mut(t);
        let (id, name, rf) = (topic.id(), topic.name().clone(), topic.replication_factor());
        let min_insync = topic.config().min_insync_replicas;
        let (log, rep) = topic.parts_mut(partition);
        let mut hw = log.log_end();
        for b in &rep.isr {
            if let Some(f) = rep.followers.get(b) {
                hw = hw.min(f.log_end_at_leader);
            }
        }
        // Kafka 4.x (K22): below min.insync.replicas the high watermark stays where it is.
        let held = strict && (rep.isr.len() as u32) < min_insync;
        let leader = match rep.leader {
            Some(leader) if hw > log.high_watermark() && !held => leader,
            _ => {
                if let Some(p) = appended {
                    self.pending.entry((id, partition)).or_default().push_back(p);
                }
                return;
            }
        };
        log.set_high_watermark(hw);
        if rf > 1 {
            self.emit(EventKind::HighWatermarkAdvanced { topic: name.clone(), partition, broker: leader, high_watermark: hw });
        }
        if let Some(p) = appended {
            if p.offset >= hw {
                self.pending.entry((id, partition)).or_default().push_back(p);
            } else if p.acks == Acks::All {
                self.ack(&p.producer, &name, partition, p.record, p.offset, leader, Acks::All);
            }
            return;
        }
        let Some(queue) = self.pending.get_mut(&(id, partition)) else { return };
        let committed = queue.iter().take_while(|p| p.offset < hw).count();
        if committed == 0 {
            return;
        }
        // A single commit (the common case) needs no list; several are answered in order.
        if committed == 1 {
            let p = queue.pop_front().expect("one committed");
            if p.acks == Acks::All {
                self.ack(&p.producer, &name, partition, p.record, p.offset, leader, Acks::All);
            }
            return;
        }
        let done: Vec<Pending> = queue.drain(..committed).collect();
        for p in done {
            if p.acks == Acks::All {
                self.ack(&p.producer, &name, partition, p.record, p.offset, leader, Acks::All);
            }
        }
    }

    pub(super) fn follower_fetch(&mut self, topic: TopicId, partition: PartitionIndex, follower: BrokerId, epoch: u32) {
        let Some(t) = self.event_broker.topic_position(topic) else { return };
        let rep = self.event_broker.topics()[t].replication(partition).expect("partition exists");
        if rep.epoch != epoch || rep.leader.is_none() || !self.event_broker.broker_alive(follower) {
            return;
        }
        let fetch_offset = rep.followers[&follower].log.log_end();
        self.schedule(self.now + self.link_ms, Timer::FetchAtLeader { topic, partition, follower, epoch, fetch_offset });
    }

    pub(super) fn fetch_at_leader(&mut self, topic: TopicId, partition: PartitionIndex, follower: BrokerId, epoch: u32, fetch_offset: Offset) {
        let now = self.now;
        let Some(t) = self.event_broker.topic_position(topic) else { return };
        // A fetch sent before its broker stopped still arrives; the controller adds no stopped
        // broker to the ISR (KIP-841; `ReplicationControlManager.ineligibleReplicasForIsr`:
        // fenced or shutting down is INELIGIBLE_REPLICA).
        let eligible = self.event_broker.broker_alive(follower);
        let t_ref = self.event_broker.topic_mut(t);
        let name = t_ref.name().clone();
        let (log, rep) = t_ref.parts_mut(partition);
        let Some(leader) = rep.leader else { return };
        if rep.epoch != epoch {
            return;
        }
        let leader_end = log.log_end();
        let hw = log.high_watermark();
        let f = rep.followers.get_mut(&follower).expect("a follower of this partition");
        f.log_end_at_leader = fetch_offset;
        if fetch_offset >= leader_end {
            f.caught_up_at = now;
        }
        if !rep.isr.contains(&follower) && fetch_offset >= hw && eligible {
            let before = rep.isr.clone();
            let mut isr = rep.isr.clone();
            isr.push(follower);
            crate::sort::sort_by_key(&mut isr, |b| rep.replicas.iter().position(|r| r == b));
            rep.isr = isr.clone();
            self.emit(EventKind::IsrExpanded { topic: name.clone(), partition, leader, added: follower, isr });
            self.update_elr(t, partition, &before, None);
        }
        self.update_high_watermark(t, partition);
        let log = &self.event_broker.topics()[t].partitions()[partition.0 as usize];
        if log.log_end() <= fetch_offset {
            // Nothing new: the leader holds the fetch until a record arrives or
            // `replica.fetch.wait.max.ms` passes (a long poll), then answers.
            self.parked.entry((topic, partition)).or_default().push((follower, epoch, fetch_offset));
            let at = now + self.replica_fetch_wait_max_ms;
            return self.schedule(at, Timer::FetchWaitExpired { topic, partition, follower, epoch });
        }
        self.respond_fetch(t, partition, follower, epoch, fetch_offset);
    }

    /// A parked fetch waited long enough: the leader answers with nothing new.
    pub(super) fn fetch_wait_expired(&mut self, topic: TopicId, partition: PartitionIndex, follower: BrokerId, epoch: u32) {
        let Some(list) = self.parked.get_mut(&(topic, partition)) else { return };
        let Some(i) = list.iter().position(|&(f, e, _)| f == follower && e == epoch) else { return };
        let (_, _, fetch_offset) = list.remove(i);
        let Some(t) = self.event_broker.topic_position(topic) else { return };
        self.respond_fetch(t, partition, follower, epoch, fetch_offset);
    }

    /// New records at the leader answer every fetch it was holding.
    fn wake_parked(&mut self, t: usize, partition: PartitionIndex) {
        let topic = self.event_broker.topics()[t].id();
        let Some(list) = self.parked.remove(&(topic, partition)) else { return };
        for (follower, epoch, fetch_offset) in list {
            self.respond_fetch(t, partition, follower, epoch, fetch_offset);
        }
    }

    fn respond_fetch(&mut self, t: usize, partition: PartitionIndex, follower: BrokerId, epoch: u32, fetch_offset: Offset) {
        let now = self.now;
        let topic_ref = &self.event_broker.topics()[t];
        let (topic, name) = (topic_ref.id(), topic_ref.name().clone());
        let rep = topic_ref.replication(partition).expect("exists");
        let Some(leader) = rep.leader else { return };
        if rep.epoch != epoch {
            return;
        }
        let log = &topic_ref.partitions()[partition.0 as usize];
        let records = cluster::records_from(log, fetch_offset, REPLICA_FETCH);
        let high_watermark = log.high_watermark();
        let arrives = now + self.link_ms;
        if let (Some(first), Some(last)) = (records.first(), records.last()) {
            self.emit(EventKind::ReplicaFetched {
                topic: name,
                partition,
                leader,
                follower,
                from: first.offset,
                to: last.offset.next(),
                records: records.iter().map(|r| r.id).collect(),
                departs: now,
                arrives,
            });
        }
        self.schedule(arrives, Timer::FetchResponse { topic, partition, follower, epoch, records, high_watermark });
    }

    pub(super) fn fetch_response(&mut self, topic: TopicId, partition: PartitionIndex, follower: BrokerId, epoch: u32, records: Vec<Record>, high_watermark: Offset) {
        let Some(t) = self.event_broker.topic_position(topic) else { return };
        if !self.event_broker.broker_alive(follower) {
            return;
        }
        let (leader_log, rep) = self.event_broker.topic_mut(t).parts_mut(partition);
        if rep.epoch != epoch {
            return;
        }
        let f = rep.followers.get_mut(&follower).expect("a follower of this partition");
        let got = !records.is_empty();
        if records.first().is_some_and(|r| r.offset != f.log.log_end())
            || records.windows(2).any(|w| w[1].offset != w[0].offset.next())
        {
            // The leader's records start above this log's end (retention moved the leader's
            // log start past it: OFFSET_OUT_OF_RANGE) or have compaction gaps. log.rs cannot
            // open a log at a later start nor append with a gap, so the follower takes a copy
            // of the leader's log (what a fetch from the leader's log start would converge to).
            f.log = leader_log.clone();
        } else {
            for record in records {
                let offset = f.log.append(record.clone());
                assert_eq!(offset, record.offset, "a follower appends exactly where its leader's records go");
            }
        }
        let hw = high_watermark.min(f.log.log_end());
        f.log.set_high_watermark(hw);
        // The leader held an empty fetch already; the follower asks again at once.
        let _ = got;
        self.schedule(self.now, Timer::FollowerFetch { topic, partition, follower, epoch });
    }

    /// The leader's periodic check (every `replica.lag.time.max.ms / 2`): a follower behind
    /// the leader's log end that has not caught up for `replica.lag.time.max.ms` leaves the ISR.
    pub(super) fn isr_check(&mut self) {
        let now = self.now;
        let lag_max = self.replica_lag_time_max_ms;
        for t in 0..self.event_broker.topics().len() {
            for p in 0..self.event_broker.topics()[t].partition_count() {
                let partition = PartitionIndex(p);
                let topic = self.event_broker.topic_mut(t);
                let name = topic.name().clone();
                let (log, rep) = topic.parts_mut(partition);
                let Some(leader) = rep.leader else { continue };
                let end = log.log_end();
                let out: Vec<BrokerId> = rep
                    .isr
                    .iter()
                    .copied()
                    .filter(|b| {
                        rep.followers
                            .get(b)
                            .is_some_and(|f| f.log_end_at_leader < end && now.ms_since(f.caught_up_at) > lag_max)
                    })
                    .collect();
                let before = rep.isr.clone();
                let mut shrunk = Vec::new();
                for removed in out {
                    rep.isr.retain(|b| *b != removed);
                    shrunk.push((removed, rep.isr.clone()));
                }
                let changed = !shrunk.is_empty();
                for (removed, isr) in shrunk {
                    self.emit(EventKind::IsrShrunk { topic: name.clone(), partition, leader, removed, isr });
                }
                if changed {
                    // One AlterPartition with every laggard out (`maybeShrinkIsr`): the ELR sees
                    // the whole change at once.
                    self.update_elr(t, partition, &before, None);
                }
                self.update_high_watermark(t, partition);
            }
        }
        self.schedule(now + (lag_max / 2).max(1), Timer::IsrCheck);
    }

    /// Truncates `follower`'s copy to where it diverges from the leader's log, at most `cap`.
    pub(super) fn reconcile_follower(&mut self, t: usize, partition: PartitionIndex, follower: BrokerId, cap: Offset) {
        let now = self.now;
        let topic = self.event_broker.topic_mut(t);
        let name = topic.name().clone();
        let (log, rep) = topic.parts_mut(partition);
        let f = rep.followers.get_mut(&follower).expect("a follower of this partition");
        let to = cluster::divergence(&f.log, log).min(cap);
        if to < f.log.log_end() {
            let (kept, removed) = cluster::truncated(&f.log, to, log);
            f.log = kept;
            self.emit(EventKind::ReplicaTruncated { topic: name, partition, broker: follower, to, removed: removed.len() as u64 });
        }
        let f = self.event_broker.topic_mut(t).parts_mut(partition).1.followers.get_mut(&follower).expect("exists");
        f.log_end_at_leader = f.log.log_end();
        f.caught_up_at = now;
    }

    /// The controller picks a leader for a partition whose leader stopped (or that is
    /// offline): the first running ISR member in replica order; under 4.2, with no running
    /// ISR member, a running eligible leader replica, then the last known leader; else, if
    /// the topic allows it, the first running replica (unclean); else the partition goes
    /// offline (`World::choose_leader` in `brokers.rs`).
    pub(super) fn elect(&mut self, t: usize, partition: PartitionIndex) {
        let (choice, isr, elr) = self.choose_leader(t, partition);
        let (new_leader, is_clean) = match choice {
            Election::Isr(b) | Election::Elr(b) => (b, true),
            Election::LastKnownLeader(b) | Election::Unclean(b) => (b, false),
            Election::Nobody => return self.leave_offline(t, partition, isr, elr),
        };
        let (id, name) = (self.event_broker.topics()[t].id(), self.event_broker.topics()[t].name().clone());
        let alive_brokers: Vec<bool> = (0..self.event_broker.broker_count()).map(|b| self.event_broker.broker_alive(BrokerId(b))).collect();
        let now = self.now;
        let topic = self.event_broker.topic_mut(t);
        let (log, rep) = topic.parts_mut(partition);
        let old_holder = rep.holder;
        let old_high_watermark = log.high_watermark();
        if new_leader != old_holder {
            let mine = rep.followers.remove(&new_leader).expect("the new leader is a follower");
            let previous = core::mem::replace(log, mine.log);
            rep.followers.insert(old_holder, Follower { log: previous, log_end_at_leader: Offset(0), caught_up_at: now });
            rep.holder = new_leader;
        }
        rep.leader = Some(new_leader);
        rep.epoch += 1;
        let epoch = rep.epoch;
        self.install_leader(t, partition, choice, isr, elr);

        // What the previous holder had beyond the point where the new leader's log diverges is
        // gone: report it once, here (the old holder truncates when it runs again).
        let (log, rep) = self.event_broker.topic_mut(t).parts_mut(partition);
        let lost_from = match rep.followers.get(&old_holder) {
            Some(old) if new_leader != old_holder => {
                // Below its log start retention had already deleted them: not lost here.
                let d = cluster::divergence(&old.log, log).max(old.log.log_start());
                let lost: Vec<Record> = cluster::all_records(&old.log).filter(|r| r.offset >= d).cloned().collect();
                Some((d, old.log.log_end(), lost))
            }
            _ => None,
        };
        if let Some((from, to, lost)) = lost_from {
            let queue = self.pending.entry((id, partition)).or_default();
            let mut gone_pending = Vec::new();
            queue.retain(|p| {
                if p.offset >= from {
                    gone_pending.push(p.clone());
                    false
                } else {
                    true
                }
            });
            if !lost.is_empty() {
                let acknowledged = lost
                    .iter()
                    .filter(|r| r.offset < old_high_watermark || gone_pending.iter().any(|p| p.record == r.id && p.acks == Acks::One))
                    .map(|r| r.id)
                    .collect();
                self.emit(EventKind::RecordsLost {
                    topic: name.clone(),
                    partition,
                    broker: old_holder,
                    from,
                    to,
                    records: lost.iter().map(|r| r.id).collect(),
                    acknowledged,
                    cause: if is_clean { LossCause::NotReplicated } else { LossCause::UncleanElection },
                });
            }
            for p in gone_pending.iter().filter(|p| p.acks == Acks::All) {
                self.emit(EventKind::RecordRejected {
                    record: p.record,
                    producer: p.producer.clone(),
                    topic: name.clone(),
                    partition,
                    broker: Some(old_holder),
                    reason: RejectReason::LeaderChanged,
                });
            }
        }
        // Running followers agree with the new leader, then fetch from it.
        let followers: Vec<BrokerId> = self.event_broker.topics()[t]
            .replication(partition)
            .expect("exists")
            .followers
            .keys()
            .copied()
            .filter(|b| alive_brokers[b.0 as usize])
            .collect();
        let leader_end = self.event_broker.topics()[t].partitions()[partition.0 as usize].log_end();
        for follower in followers {
            self.reconcile_follower(t, partition, follower, leader_end);
            self.schedule(now, Timer::FollowerFetch { topic: id, partition, follower, epoch });
        }
        self.update_high_watermark(t, partition);
    }
}

const REPLICA_FETCH: usize = super::REPLICA_FETCH_RECORDS_MAX;
