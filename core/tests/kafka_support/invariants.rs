//! The world's invariants, checked by the seed sweeps after every step (each command applied,
//! each `advance_to` drained). Test support only: the core asserts its own preconditions, this
//! checks the whole world from outside, through `View` and the events.
//!
//! [`check_invariants`] reads state alone:
//! - **Logs (K2):** in every replica's log of every partition, offsets are strictly increasing
//!   and lie in `[log start, log end)`; `log start <= high watermark <= log end`; a log whose
//!   `cleanup.policy` does not compact is dense (`records = log end - log start`).
//! - **Ownership (K3):** in a group that is not rebalancing, no partition has two owners.
//! - **Deliveries:** every unacked message-broker delivery sits on the channel of a consumer
//!   that is up (running or paused): the unacked counts of the queues add up to the unacked
//!   counts of the live consumers' channels.
//!
//! [`Ledger`] follows the events and checks what needs history:
//! - **One timeline:** events of both sides come in time order.
//! - **Monotonic:** a partition's visible log start, high watermark and log end never go back,
//!   except in a step where its leader changed (the new leader's log is another replica's).
//! - **Committed offsets (K4, K5, K7):** for every group and partition with a commit,
//!   `log start <= committed <= high watermark <= log end`, with two exceptions Kafka has too:
//!   committed may be below the log start only if retention deleted the offset it names (a
//!   `segments_deleted` whose `to` is above it: the group applies `auto.offset.reset` at its
//!   next fetch), or if the partition failed over; committed may be above the high watermark
//!   only on a partition that failed over (the new leader's high watermark may be below what
//!   the group read from the old one), or if a member of the group sought exactly that offset
//!   (`seek` takes any offset; like the Java client, the member auto-commits its position
//!   before its next fetch finds it out of range and resets).
//! - **Message conservation:** every publish has exactly one outcome (routed to queues,
//!   unroutable, or returned), and every copy a queue took (`message_enqueued`) is, at every
//!   step, exactly one of: still in that queue (ready or unacked: the ledger's (message,
//!   queue) multiset equals the broker's), acknowledged (`message_acked`, or delivered with
//!   automatic ack), dead-lettered or dropped as dead (`message_dead_lettered`, `message_dropped`
//!   for death, which covers expiry and drop-head overflow), or deleted with its queue
//!   (`queue_deleted` with the right count). Copies refused at publish (`publish_rejected`,
//!   overflow while dead-lettering, cycles) were never taken. A broker restart is checked as
//!   `held before = kept + lost` and the ledger resynchronises from the broker.

#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet};

use brokerlab_core::message_broker::event::{DropReason, EventKind as BrokerKind};
use brokerlab_core::world::message::MessageEventKind;
use brokerlab_core::world::MemberState;
use brokerlab_core::event_broker::cluster::Replication;
use brokerlab_core::versions::KafkaVersion;
use brokerlab_core::{Event, EventKind, World};

type Partition = (String, u32);

pub fn check_invariants(world: &World) -> Result<(), String> {
    let view = world.view();
    let broker = view.event_broker();
    for topic in broker.topics() {
        let compacts = topic.config().cleanup_policy.compacts();
        for (p, log) in topic.partitions().iter().enumerate() {
            let rep = topic.replication(brokerlab_core::event_broker::PartitionIndex(p as u32)).unwrap();
            eligible_leader_replicas(&format!("{}/{p}", topic.name()), rep, topic.config().min_insync_replicas, view.kafka_version())?;
            let mut logs = vec![("visible".to_string(), log)];
            logs.extend(rep.followers.iter().map(|(b, f)| (format!("follower {b}"), &f.log)));
            for (which, log) in logs {
                let at = format!("{}/{p} ({which})", topic.name());
                let (start, hw, end) = (log.log_start(), log.high_watermark(), log.log_end());
                if !(start <= hw && hw <= end) {
                    return Err(format!("{at}: log start {start} <= high watermark {hw} <= log end {end} broken"));
                }
                let mut previous: Option<u64> = None;
                let mut count = 0u64;
                for segment in log.segments() {
                    for record in segment.records() {
                        let o = record.offset.0;
                        if previous.is_some_and(|q| o <= q) || o < start.0 || o >= end.0 || o < segment.base_offset().0 {
                            return Err(format!("{at}: offset {o} out of order or outside [{start}, {end})"));
                        }
                        previous = Some(o);
                        count += 1;
                    }
                }
                if count != log.len() as u64 {
                    return Err(format!("{at}: len {} but {count} records", log.len()));
                }
                if !compacts && count != end.0 - start.0 {
                    return Err(format!("{at}: not compacted, yet {count} records in [{start}, {end})"));
                }
            }
        }
    }
    for group in view.groups() {
        if group.rebalancing {
            continue;
        }
        let mut owners: BTreeMap<(usize, u32), u32> = BTreeMap::new();
        for member in group.members.iter().filter(|m| m.in_group) {
            for &(t, p) in &member.assigned {
                if let Some(other) = owners.insert((t, p.0), member.index) {
                    return Err(format!(
                        "group {} generation {}: topic {t} partition {} owned by members {other} and {}",
                        group.name, group.generation, p.0, member.index
                    ));
                }
            }
        }
        for member in &group.members {
            if member.state == MemberState::Running && !member.in_group && !member.assigned.is_empty() {
                return Err(format!("group {} member {}: owns partitions outside the group", group.name, member.index));
            }
        }
    }
    if let Some(side) = view.message_side() {
        let in_queues: usize = side.broker().queues().map(|q| q.unacked_count()).sum();
        let on_live: usize = side.consumers().filter(|c| c.2 != "down").map(|c| c.3).sum();
        if in_queues != on_live {
            return Err(format!("{in_queues} unacked deliveries in queues, {on_live} on live consumers' channels"));
        }
    }
    Ok(())
}

/// The ELR (KIP-966) never overlaps the ISR and holds only replicas; it is non-empty only
/// while the ISR is below `min.insync.replicas` or is the one replica just elected from it;
/// without ELR (3.9) it stays empty and the ISR keeps at least one member.
fn eligible_leader_replicas(at: &str, rep: &Replication, min_insync: u32, version: KafkaVersion) -> Result<(), String> {
    if rep.elr.iter().any(|b| rep.isr.contains(b) || !rep.replicas.contains(b)) {
        return Err(format!("{at}: ELR {:?} overlaps ISR {:?} or leaves the replicas {:?}", rep.elr, rep.isr, rep.replicas));
    }
    if !rep.elr.is_empty() && rep.isr.len() as u32 >= min_insync && rep.isr.len() > 1 {
        return Err(format!("{at}: ELR {:?} beside ISR {:?} at min.insync.replicas {min_insync}", rep.elr, rep.isr));
    }
    if !version.eligible_leader_replicas() && (!rep.elr.is_empty() || rep.isr.is_empty() || rep.last_known_leader.is_some()) {
        return Err(format!("{at}: {version} has no ELR, yet ISR {:?} ELR {:?}", rep.isr, rep.elr));
    }
    Ok(())
}

#[derive(Default)]
pub struct Ledger {
    /// Partitions whose leader changed at least once.
    failed_over: BTreeSet<Partition>,
    /// Partitions whose leader changed in the current step.
    failed_over_now: BTreeSet<Partition>,
    /// (group, partition, offset) a member sought.
    sought: BTreeSet<(String, Partition, u64)>,
    /// The highest `to` of a `segments_deleted` per partition.
    deleted_to: BTreeMap<Partition, u64>,
    /// (log start, high watermark, log end) of each visible log at the last check.
    last: BTreeMap<Partition, (u64, u64, u64)>,
    /// Publishes without an outcome yet.
    unresolved: BTreeSet<u64>,
    /// (message id, queue) → copies held.
    held: BTreeMap<(u64, String), i64>,
    /// Copies removed by `queue_deleted` in a restart, waiting for `broker_restarted`.
    restart_deleted: i64,
    resync: bool,
    /// The previous event's time: both sides' events come in time order.
    last_at: u64,
    pub published: u64,
    pub enqueued: u64,
    pub settled: u64,
}

impl Ledger {
    pub fn observe(&mut self, event: &Event) -> Result<(), String> {
        let at = event.at.as_ms();
        ensure(at >= self.last_at, || format!("event at {at} ms after one at {} ms: {}", self.last_at, event.kind_name()))?;
        self.last_at = at;
        match &event.kind {
            EventKind::LeaderElected { topic, partition, .. }
            | EventKind::ElrLeaderElected { topic, partition, .. }
            | EventKind::LastKnownLeaderElected { topic, partition, .. }
            | EventKind::PartitionOffline { topic, partition, .. } => {
                self.failed_over.insert((topic.to_string(), partition.0));
                self.failed_over_now.insert((topic.to_string(), partition.0));
            }
            EventKind::MemberSeeked { group, topic, partition, offset, .. } => {
                self.sought.insert((group.to_string(), (topic.to_string(), partition.0), offset.0));
            }
            EventKind::SegmentsDeleted { topic, partition, to, .. } => {
                let e = self.deleted_to.entry((topic.to_string(), partition.0)).or_default();
                *e = (*e).max(to.0);
            }
            EventKind::Message(m) if !self.resync => {
                if let MessageEventKind::Broker(kind) = &m.kind {
                    self.observe_broker(kind)?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn take(&mut self, message: u64, queue: &str) -> bool {
        match self.held.get_mut(&(message, queue.to_string())) {
            Some(n) if *n > 0 => {
                *n -= 1;
                self.settled += 1;
                true
            }
            _ => false,
        }
    }

    fn observe_broker(&mut self, kind: &BrokerKind) -> Result<(), String> {
        match kind {
            BrokerKind::MessagePublished { message, .. } => {
                self.published += 1;
                if !self.unresolved.insert(message.0) {
                    return Err(format!("message {} published twice", message.0));
                }
            }
            BrokerKind::MessageRouted { message, queues, .. } if self.unresolved.remove(&message.0) => {
                ensure(!queues.is_empty(), || format!("message {} routed to no queue", message.0))?;
            }
            BrokerKind::MessageUnroutable { message, .. } | BrokerKind::MessageReturned { message, .. } => {
                let known = self.unresolved.remove(&message.0);
                ensure(known, || format!("message {} unroutable or returned, but not just published", message.0))?;
            }
            BrokerKind::MessageEnqueued { message, queue, .. } => {
                self.enqueued += 1;
                *self.held.entry((message.0, queue.to_string())).or_default() += 1;
            }
            BrokerKind::MessageAcked { message, queue, .. } => {
                let held = self.take(message.0, queue);
                ensure(held, || format!("message {} acked in {queue}, which does not hold it", message.0))?;
            }
            BrokerKind::MessageDelivered { delivery } if delivery.no_ack => {
                let held = self.take(delivery.message.id.0, &delivery.queue);
                let (id, queue) = (delivery.message.id.0, &delivery.queue);
                ensure(held, || format!("message {id} auto-acked from {queue}, which does not hold it"))?;
            }
            BrokerKind::MessageDeadLettered { message, queue, .. } => {
                // Not held when a full `reject-publish-dlx` queue refused it on the way in.
                self.take(message.0, queue);
            }
            BrokerKind::MessageDropped { message, queue, why: DropReason::Died(_) | DropReason::DeadLetterExchangeMissing(_) } => {
                self.take(message.0, queue);
            }
            BrokerKind::QueueDeleted { queue, messages, why } => {
                let mut removed = 0i64;
                for ((_, q), n) in self.held.iter_mut() {
                    if **q == **queue {
                        removed += *n;
                        *n = 0;
                    }
                }
                if removed != *messages as i64 {
                    return Err(format!("queue {queue} deleted with {messages} messages; the ledger held {removed}"));
                }
                self.settled += removed as u64;
                if *why == brokerlab_core::message_broker::event::Removal::Restart {
                    self.restart_deleted += removed;
                }
            }
            BrokerKind::BrokerRestarted { messages_kept, messages_lost, .. } => {
                let before: i64 = self.held.values().sum::<i64>() + self.restart_deleted;
                if before != (*messages_kept + *messages_lost) as i64 {
                    return Err(format!("restart: {before} held before, {messages_kept} kept + {messages_lost} lost"));
                }
                self.restart_deleted = 0;
                self.resync = true;
            }
            _ => {}
        }
        Ok(())
    }

    /// After a step's events: the checks that compare history with state.
    pub fn check(&mut self, world: &World) -> Result<(), String> {
        let view = world.view();
        let broker = view.event_broker();
        for topic in broker.topics() {
            for (p, log) in topic.partitions().iter().enumerate() {
                let key = (topic.name().to_string(), p as u32);
                let now = (log.log_start().0, log.high_watermark().0, log.log_end().0);
                if let Some(before) = self.last.insert(key.clone(), now)
                    && !self.failed_over_now.contains(&key)
                    && (now.0 < before.0 || now.1 < before.1 || now.2 < before.2)
                {
                    return Err(format!("{}/{p}: (start, hw, end) went back from {before:?} to {now:?}", topic.name()));
                }
            }
        }
        self.failed_over_now.clear();
        for (group, topic, partition, committed) in broker.committed_offsets() {
            let Some(log) = broker.topic(topic).and_then(|t| t.partition(partition)) else { continue };
            let key = (topic.to_string(), partition.0);
            let (start, hw) = (log.log_start().0, log.high_watermark().0);
            let c = committed.0;
            let failed_over = self.failed_over.contains(&key);
            let deleted = self.deleted_to.get(&key).is_some_and(|&to| to > c);
            if c < start && !deleted && !failed_over {
                return Err(format!("{group} on {topic}/{}: committed {c} below log start {start} with no retention past it", partition.0));
            }
            let sought = self.sought.contains(&(group.to_string(), key.clone(), c));
            if c > hw && !failed_over && !sought {
                return Err(format!("{group} on {topic}/{}: committed {c} above high watermark {hw}", partition.0));
            }
        }
        if let Some(side) = view.message_side() {
            if !self.unresolved.is_empty() {
                return Err(format!("publishes without an outcome: {:?}", self.unresolved));
            }
            let mut actual: BTreeMap<(u64, String), i64> = BTreeMap::new();
            for q in side.broker().queues() {
                for queued in q.ready().chain(q.unacked()) {
                    *actual.entry((queued.message.id.0, q.name().to_string())).or_default() += 1;
                }
            }
            if self.resync {
                self.held = actual;
                self.resync = false;
            } else {
                self.held.retain(|_, n| *n != 0);
                if self.held != actual {
                    let diff: Vec<_> = self
                        .held
                        .iter()
                        .filter(|(k, v)| actual.get(*k) != Some(v))
                        .chain(actual.iter().filter(|(k, _)| !self.held.contains_key(*k)))
                        .take(5)
                        .collect();
                    return Err(format!("message copies: the ledger and the queues differ, e.g. {diff:?}"));
                }
            }
        }
        Ok(())
    }
}

fn ensure(ok: bool, message: impl FnOnce() -> String) -> Result<(), String> {
    if ok { Ok(()) } else { Err(message()) }
}
