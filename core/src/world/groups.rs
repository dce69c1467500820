//! Consumer groups: the group coordinator (join, sync, heartbeats, session and poll timeouts,
//! generations, eager and cooperative rebalances, static membership) and the members' poll,
//! process and commit loop.
//!
//! A member's life (its client process), and the coordinator's view (`in_group`):
//!
//! ```text
//!            add_member                 crash_member ──> Crashed ──session.timeout.ms──> out of group
//!  (new) ─────────────> Running ──┤     pause_member ──> Paused  ──max.poll.interval.ms─> leaves
//!                          ^      └── remove_member ──> Stopped (LeaveGroup)
//!                          └──────── revive_member (static + still in group: no rebalance)
//! ```
//!
//! A rebalance: `RebalanceStarted` (eager: everyone revokes everything), the members rejoin
//! (one round trip to the coordinator, then sync: two link delays), the leader's assignor
//! runs, `PartitionsAssigned` with the new generation. Cooperative: only partitions that move
//! are revoked, and a follow-up rebalance hands them out.
//!
//! Heartbeats are not events: a running member heartbeats every `heartbeat.interval.ms` from
//! when it joined, so the coordinator last heard from a crashed member at the last such tick.

use alloc::collections::BTreeMap;
use alloc::string::ToString;
use alloc::vec::Vec;

use super::consumer_group::{Client, Coordinator};
use super::{CommandError, GroupProtocol, GroupSpec, MemberState, Timer, World, member_id};
use crate::Name;
use crate::event_broker::assignor::{self, Strategy, Subscription, TopicPartition};
use crate::event_broker::{Offset, PartitionIndex, RecordId, TopicId};
use crate::time::SimTime;
use crate::world::{AutoOffsetReset, EventKind, LeaveReason, Protocol, RebalanceReason, ResetCause};

#[derive(Clone, Debug)]
pub(super) struct Group {
    pub(super) name: Name,
    pub(super) topics: Vec<Name>,
    pub(super) members: Vec<Member>,
    pub(super) assignor: Strategy,
    pub(super) generation: u32,
    processing_ms: u64,
    poll_ms: u64,
    max_poll_records: u32,
    session_timeout_ms: u64,
    heartbeat_interval_ms: u64,
    pub(super) max_poll_interval_ms: u64,
    auto_offset_reset: AutoOffsetReset,
    enable_auto_commit: bool,
    auto_commit_interval_ms: u64,
    failure_per_mille: u32,
    pub(super) rebalancing: bool,
    /// The group coordinator's state under `group.protocol=consumer` (KIP-848); `None`: the
    /// classic protocol, and none of `consumer_group.rs` runs.
    pub(super) consumer: Option<Coordinator>,
}

#[derive(Clone, Debug)]
pub(super) struct Member {
    pub(super) instance_id: Option<Name>,
    pub(super) state: MemberState,
    /// Whether the coordinator counts it as a member.
    pub(super) in_group: bool,
    pub(super) assigned: Vec<(TopicId, PartitionIndex)>,
    /// Fetch position per assigned partition: the next offset to fetch.
    pub(super) position: BTreeMap<(TopicId, PartitionIndex), Offset>,
    pub(super) cursor: usize,
    pub(super) busy: bool,
    pub(super) generation: u32,
    /// Bumped when the process dies or restarts: timers of an older life are ignored.
    pub(super) incarnation: u32,
    pub(super) poll_scheduled: bool,
    joined_at: SimTime,
    pub(super) last_poll: SimTime,
    last_auto_commit: SimTime,
    /// What it owned before an eager revocation (the sticky assignor's user data).
    owned_before: Vec<TopicPartition>,
    /// Its client's state under the consumer protocol (untouched under classic).
    pub(super) client: Client,
}

impl Group {
    pub(super) fn new(g: &GroupSpec, topics: Vec<Name>) -> Group {
        Group {
            name: super::name(&g.name),
            topics,
            members: Vec::new(),
            assignor: g.assignor,
            generation: 0,
            processing_ms: g.processing_ms,
            poll_ms: g.poll_ms,
            max_poll_records: g.max_poll_records,
            session_timeout_ms: g.session_timeout_ms,
            heartbeat_interval_ms: g.heartbeat_interval_ms,
            max_poll_interval_ms: g.max_poll_interval_ms,
            auto_offset_reset: g.auto_offset_reset,
            enable_auto_commit: g.enable_auto_commit,
            auto_commit_interval_ms: g.auto_commit_interval_ms,
            failure_per_mille: g.failure_per_mille,
            rebalancing: false,
            consumer: (g.group_protocol == GroupProtocol::Consumer).then(|| Coordinator::new(g)),
        }
    }

    pub(super) fn processing_ms(&self) -> u64 {
        self.processing_ms
    }

    fn protocol(&self) -> Protocol {
        if self.assignor == Strategy::CooperativeSticky { Protocol::Cooperative } else { Protocol::Eager }
    }
}

impl World {
    pub(super) fn group_index(&self, group: &str) -> Result<usize, CommandError> {
        self.groups.iter().position(|g| *g.name == *group).ok_or_else(|| CommandError::UnknownGroup(group.into()))
    }

    pub(super) fn member_index(&self, group: &str, member: u32) -> Result<(usize, usize), CommandError> {
        let g = self.group_index(group)?;
        if member as usize >= self.groups[g].members.len() {
            return Err(CommandError::UnknownMember { group: group.into(), member });
        }
        Ok((g, member as usize))
    }

    pub(super) fn check_member_state(&self, g: usize, m: usize, allowed: &[MemberState]) -> Result<(), CommandError> {
        let state = self.groups[g].members[m].state;
        if !allowed.contains(&state) {
            return Err(CommandError::MemberState { group: self.groups[g].name.to_string(), member: m as u32, state });
        }
        Ok(())
    }

    pub(super) fn add_member(&mut self, g: usize, instance_id: Option<Name>) {
        let now = self.now;
        self.groups[g].members.push(Member {
            instance_id,
            state: MemberState::Running,
            in_group: false,
            assigned: Vec::new(),
            position: BTreeMap::new(),
            cursor: 0,
            busy: false,
            generation: 0,
            incarnation: 0,
            poll_scheduled: false,
            joined_at: now,
            last_poll: now,
            last_auto_commit: now,
            owned_before: Vec::new(),
            client: Client::default(),
        });
        let m = self.groups[g].members.len() - 1;
        if self.groups[g].consumer.is_some() {
            self.consumer_join(g, m);
        } else {
            self.join(g, m, RebalanceReason::MemberJoined);
        }
        self.schedule_poll(g, m, now);
    }

    fn join(&mut self, g: usize, m: usize, reason: RebalanceReason) {
        let now = self.now;
        let member = &mut self.groups[g].members[m];
        member.in_group = true;
        member.joined_at = now;
        let instance_id = member.instance_id.clone();
        self.emit(EventKind::MemberJoined { group: self.groups[g].name.clone(), member: m as u32, instance_id });
        self.start_rebalance(g, reason);
    }

    pub(super) fn schedule_poll(&mut self, g: usize, m: usize, at: SimTime) {
        let member = &mut self.groups[g].members[m];
        if member.poll_scheduled {
            return;
        }
        member.poll_scheduled = true;
        let incarnation = member.incarnation;
        self.schedule(at, Timer::MemberPoll { group: g, member: m, incarnation });
    }

    pub(super) fn start_rebalance(&mut self, g: usize, reason: RebalanceReason) {
        if self.groups[g].consumer.is_some() {
            // No rebalance under the consumer protocol: a new group epoch (its topics changed).
            return self.consumer_metadata_changed(g, reason);
        }
        if self.groups[g].rebalancing {
            // Folded into the rebalance already under way, as the coordinator does.
            return;
        }
        self.groups[g].rebalancing = true;
        let group = &self.groups[g];
        let protocol = group.protocol();
        self.emit(EventKind::RebalanceStarted { group: group.name.clone(), generation: group.generation, protocol, reason });
        if protocol == Protocol::Eager {
            for m in 0..self.groups[g].members.len() {
                let member = &self.groups[g].members[m];
                if !member.in_group || member.assigned.is_empty() {
                    continue;
                }
                let all = member.assigned.clone();
                self.revoke(g, m, &all);
            }
        }
        self.schedule(self.now + 2 * self.link_ms, Timer::RebalanceJoin { group: g });
    }

    /// The member gives up `partitions` (committing first with auto-commit, as
    /// `onPartitionsRevoked` does), and the event shows it.
    pub(super) fn revoke(&mut self, g: usize, m: usize, partitions: &[(TopicId, PartitionIndex)]) {
        if self.groups[g].enable_auto_commit && self.groups[g].members[m].state == MemberState::Running {
            self.commit_positions(g, m, Some(partitions));
        }
        let member = &mut self.groups[g].members[m];
        member.assigned.retain(|tp| !partitions.contains(tp));
        for tp in partitions {
            member.position.remove(tp);
        }
        member.cursor = 0;
        let generation = member.generation;
        let list = self.tp_names(partitions);
        self.emit(EventKind::PartitionsRevoked { group: self.groups[g].name.clone(), member: m as u32, generation, partitions: list });
    }

    pub(super) fn tp_names(&self, partitions: &[(TopicId, PartitionIndex)]) -> Vec<(Name, u32)> {
        partitions
            .iter()
            .filter_map(|(t, p)| self.event_broker.topic_by_id(*t).map(|topic| (topic.name().clone(), p.0)))
            .collect()
    }

    fn topic_partition(&self, tp: &(TopicId, PartitionIndex)) -> Option<TopicPartition> {
        self.event_broker.topic_by_id(tp.0).map(|t| TopicPartition { topic: t.name().clone(), partition: tp.1.0 })
    }

    pub(super) fn complete_rebalance(&mut self, g: usize) {
        self.groups[g].rebalancing = false;
        // Members that are down cannot rejoin: the coordinator drops them.
        for m in 0..self.groups[g].members.len() {
            let member = &mut self.groups[g].members[m];
            if member.in_group && member.state != MemberState::Running {
                member.in_group = false;
                member.assigned.clear();
                member.position.clear();
                self.emit(EventKind::MemberLeft { group: self.groups[g].name.clone(), member: m as u32, reason: LeaveReason::DidNotRejoin });
            }
        }
        let participants: Vec<usize> = (0..self.groups[g].members.len()).filter(|&m| self.groups[g].members[m].in_group).collect();
        self.groups[g].generation += 1;
        let generation = self.groups[g].generation;
        if participants.is_empty() {
            return;
        }
        let topics: BTreeMap<Name, u32> = crate::sort::collect_by_insert(
            self.groups[g].topics.iter().filter_map(|t| self.event_broker.topic(t).map(|topic| (t.clone(), topic.partition_count()))),
        );
        let protocol = self.groups[g].protocol();
        let subscriptions: Vec<Subscription> = participants
            .iter()
            .map(|&m| {
                let member = &self.groups[g].members[m];
                let owned = match protocol {
                    Protocol::Cooperative => member.assigned.iter().filter_map(|tp| self.topic_partition(tp)).collect(),
                    Protocol::Eager => member.owned_before.clone(),
                };
                Subscription {
                    member_id: member_id(&self.groups[g].name, m),
                    instance_id: member.instance_id.clone(),
                    topics: topics.keys().cloned().collect(),
                    owned,
                    generation: Some(member.generation as i32),
                }
            })
            .collect();
        let assignment = assignor::assign(self.groups[g].assignor, &topics, &subscriptions);
        if protocol == Protocol::Cooperative {
            let revoked = assignor::revoked(&subscriptions, &assignment);
            for &m in &participants {
                if let Some(list) = revoked.get(&member_id(&self.groups[g].name, m)) {
                    let list: Vec<(TopicId, PartitionIndex)> = list
                        .iter()
                        .filter_map(|tp| self.event_broker.topic(&tp.topic).map(|t| (t.id(), PartitionIndex(tp.partition))))
                        .collect();
                    self.revoke(g, m, &list);
                }
            }
        }
        for &m in &participants {
            let owned = assignment.get(&member_id(&self.groups[g].name, m)).cloned().unwrap_or_default();
            let list: Vec<(TopicId, PartitionIndex)> = owned
                .iter()
                .filter_map(|tp| self.event_broker.topic(&tp.topic).map(|t| (t.id(), PartitionIndex(tp.partition))))
                .collect();
            let member = &mut self.groups[g].members[m];
            member.generation = generation;
            member.owned_before = owned.clone();
            member.cursor = 0;
            let added: Vec<(TopicId, PartitionIndex)> = list.iter().filter(|tp| !member.assigned.contains(tp)).copied().collect();
            member.assigned = list;
            let names = owned.iter().map(|tp| (tp.topic.clone(), tp.partition)).collect();
            self.emit(EventKind::PartitionsAssigned { group: self.groups[g].name.clone(), member: m as u32, generation, partitions: names });
            for tp in added {
                if !self.init_position(g, m, tp, None) {
                    break;
                }
            }
        }
        if protocol == Protocol::Cooperative && assignor::needs_follow_up(&subscriptions, &assignment) {
            self.start_rebalance(g, RebalanceReason::FollowUp);
        }
    }

    /// Sets the member's position on a partition from the committed offset, or with
    /// `auto.offset.reset`. False if the member stopped (`none`).
    pub(super) fn init_position(&mut self, g: usize, m: usize, tp: (TopicId, PartitionIndex), cause: Option<ResetCause>) -> bool {
        let Some(topic) = self.event_broker.topic_by_id(tp.0) else { return true };
        let log = &topic.partitions()[tp.1.0 as usize];
        let (start, end, hw) = (log.log_start(), log.log_end(), log.high_watermark());
        let topic_name = topic.name().clone();
        let group = self.groups[g].name.clone();
        let committed = self.event_broker.committed(&group, &topic_name, tp.1);
        let cause = match (cause, committed) {
            (Some(cause), _) => cause,
            (None, Some(c)) if c >= start && c <= end => {
                self.groups[g].members[m].position.insert(tp, c);
                return true;
            }
            (None, Some(_)) => ResetCause::OutOfRange,
            (None, None) => ResetCause::NoCommittedOffset,
        };
        let policy = self.groups[g].auto_offset_reset;
        let offset = match policy {
            AutoOffsetReset::Earliest => start,
            AutoOffsetReset::Latest => hw,
            AutoOffsetReset::None => {
                self.emit(EventKind::NoOffsetForPartition { group, member: m as u32, topic: topic_name, partition: tp.1, cause });
                self.fail_member(g, m);
                return false;
            }
        };
        self.groups[g].members[m].position.insert(tp, offset);
        self.emit(EventKind::OffsetReset { group, member: m as u32, topic: topic_name, partition: tp.1, offset, policy, cause });
        true
    }

    /// The member's process stops with an error (like a crash: heartbeats stop too).
    pub(super) fn fail_member(&mut self, g: usize, m: usize) {
        self.stop_process(g, m, MemberState::Failed);
    }

    fn stop_process(&mut self, g: usize, m: usize, state: MemberState) {
        let member = &mut self.groups[g].members[m];
        member.state = state;
        member.busy = false;
        member.incarnation += 1;
        member.poll_scheduled = false;
        member.position.clear();
        if self.groups[g].consumer.is_some() {
            // Heartbeats stop; the coordinator's own session timer decides.
            return self.consumer_stopped(g, m);
        }
        if self.groups[g].members[m].in_group {
            let hb = self.groups[g].heartbeat_interval_ms;
            let member = &self.groups[g].members[m];
            let since = self.now.ms_since(member.joined_at);
            let last_heartbeat = member.joined_at + since / hb * hb;
            let incarnation = member.incarnation;
            let at = last_heartbeat + self.groups[g].session_timeout_ms;
            self.schedule(at.max(self.now), Timer::SessionCheck { group: g, member: m, incarnation });
        }
    }

    pub(super) fn crash_member(&mut self, g: usize, m: usize) {
        self.emit(EventKind::MemberCrashed { group: self.groups[g].name.clone(), member: m as u32 });
        self.stop_process(g, m, MemberState::Crashed);
    }

    pub(super) fn remove_member(&mut self, g: usize, m: usize) {
        if self.groups[g].enable_auto_commit && self.groups[g].members[m].state == MemberState::Running {
            self.commit_positions(g, m, None);
        }
        let was_in = self.groups[g].members[m].in_group;
        let member = &mut self.groups[g].members[m];
        member.state = MemberState::Stopped;
        member.busy = false;
        member.incarnation += 1;
        member.poll_scheduled = false;
        member.in_group = false;
        member.assigned.clear();
        member.position.clear();
        if was_in {
            self.emit(EventKind::MemberLeft { group: self.groups[g].name.clone(), member: m as u32, reason: LeaveReason::Left });
        }
        if self.groups[g].consumer.is_some() {
            self.consumer_leave(g, m, RebalanceReason::MemberLeft);
        } else if was_in {
            self.start_rebalance(g, RebalanceReason::MemberLeft);
        }
    }

    pub(super) fn revive_member(&mut self, g: usize, m: usize) {
        let now = self.now;
        let member = &mut self.groups[g].members[m];
        let previous = member.state;
        member.state = MemberState::Running;
        member.last_poll = now;
        member.last_auto_commit = now;
        let group = self.groups[g].name.clone();
        if self.groups[g].consumer.is_some() {
            return self.consumer_revive(g, m, previous);
        }
        if previous == MemberState::Paused {
            self.emit(EventKind::MemberResumed { group, member: m as u32 });
            if !self.groups[g].members[m].in_group {
                self.join(g, m, RebalanceReason::MemberJoined);
            }
            if !self.groups[g].members[m].busy {
                self.schedule_poll(g, m, now);
            }
            return;
        }
        // A new process: positions come from committed offsets again.
        let member = &mut self.groups[g].members[m];
        member.incarnation += 1;
        member.busy = false;
        member.poll_scheduled = false;
        member.position.clear();
        if member.in_group && member.instance_id.is_some() {
            member.joined_at = now;
            let (generation, assigned) = (member.generation, member.assigned.clone());
            let partitions = self.tp_names(&assigned);
            self.emit(EventKind::StaticMemberReturned { group, member: m as u32, generation, partitions });
            for tp in assigned {
                if !self.init_position(g, m, tp, None) {
                    return;
                }
            }
        } else if member.in_group {
            // A dynamic member comes back with a new member id: the old one is gone.
            member.assigned.clear();
            self.join(g, m, RebalanceReason::MemberRestarted);
        } else {
            self.join(g, m, RebalanceReason::MemberJoined);
        }
        self.schedule_poll(g, m, now);
    }

    /// Commits the member's positions (all, or only `only`), as auto-commit does.
    fn commit_positions(&mut self, g: usize, m: usize, only: Option<&[(TopicId, PartitionIndex)]>) {
        let group = self.groups[g].name.clone();
        let positions: Vec<((TopicId, PartitionIndex), Offset)> = self.groups[g].members[m]
            .position
            .iter()
            .filter(|(tp, _)| only.is_none_or(|o| o.contains(tp)))
            .map(|(tp, o)| (*tp, *o))
            .collect();
        for (tp, offset) in positions {
            let Some(topic) = self.event_broker.topic_by_id(tp.0) else { continue };
            let topic = topic.name().clone();
            if self.event_broker.committed(&group, &topic, tp.1) == Some(offset) {
                continue;
            }
            self.event_broker.commit(group.clone(), topic.clone(), tp.1, offset);
            self.emit(EventKind::OffsetCommitted { group: group.clone(), member: m as u32, topic, partition: tp.1, offset });
        }
    }

    pub(super) fn member_poll_timer(&mut self, g: usize, m: usize, incarnation: u32) {
        let member = &mut self.groups[g].members[m];
        if member.incarnation != incarnation {
            return;
        }
        member.poll_scheduled = false;
        self.poll(g, m);
    }

    fn poll(&mut self, g: usize, m: usize) {
        let now = self.now;
        let member = &self.groups[g].members[m];
        if member.state != MemberState::Running || member.busy {
            return;
        }
        if self.groups[g].consumer.is_some() {
            if !self.consumer_before_poll(g, m) {
                return;
            }
        } else if !member.in_group {
            // Left after a poll timeout while processing: the next poll() joins again
            // (KafkaConsumer.poll → ensureActiveGroup), with positions from committed offsets.
            self.groups[g].members[m].position.clear();
            self.join(g, m, RebalanceReason::MemberJoined);
        }
        self.groups[g].members[m].last_poll = now;
        let group = &self.groups[g];
        if group.enable_auto_commit && now.ms_since(group.members[m].last_auto_commit) >= group.auto_commit_interval_ms {
            self.groups[g].members[m].last_auto_commit = now;
            self.commit_positions(g, m, None);
        }
        let n = self.groups[g].members[m].assigned.len();
        for i in 0..n {
            let member = &self.groups[g].members[m];
            let slot = (member.cursor + i) % n;
            let tp = member.assigned[slot];
            let Some(topic) = self.event_broker.topic_by_id(tp.0) else { continue };
            if topic.replication(tp.1).is_none_or(|r| r.leader.is_none()) {
                continue; // Offline: nothing to fetch from.
            }
            let log = &topic.partitions()[tp.1.0 as usize];
            let Some(&from) = member.position.get(&tp) else { continue };
            if from < log.log_start() || from > log.log_end() {
                // OFFSET_OUT_OF_RANGE: the member applies auto.offset.reset.
                if !self.init_position(g, m, tp, Some(ResetCause::OutOfRange)) {
                    return;
                }
                continue;
            }
            let records: Vec<RecordId> =
                log.read(from, self.groups[g].max_poll_records as usize).iter().map(|r| r.id).collect();
            let Some(last) = log.read(from, self.groups[g].max_poll_records as usize).last().map(|r| r.offset) else {
                continue;
            };
            let to = last.next();
            let topic_name = topic.name().clone();
            let arrives = now + self.link_ms;
            let member = &mut self.groups[g].members[m];
            member.busy = true;
            member.cursor = (slot + 1) % n;
            member.position.insert(tp, to);
            let incarnation = member.incarnation;
            self.emit(EventKind::RecordsFetched {
                group: self.groups[g].name.clone(),
                member: m as u32,
                topic: topic_name,
                partition: tp.1,
                from,
                to,
                records,
                departs: now,
                arrives,
            });
            self.schedule(arrives, Timer::FetchArrives { group: g, member: m, incarnation, topic: tp.0, partition: tp.1, from, to });
            return;
        }
        let poll_ms = self.groups[g].poll_ms;
        self.schedule_poll(g, m, now + poll_ms);
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn processing_done(&mut self, g: usize, m: usize, incarnation: u32, topic: TopicId, partition: PartitionIndex, from: Offset, to: Offset) {
        if self.groups[g].members[m].incarnation != incarnation {
            return; // The process died while processing: the work is lost.
        }
        self.groups[g].members[m].busy = false;
        let group = self.groups[g].name.clone();
        let Some(topic_name) = self.event_broker.topic_by_id(topic).map(|t| t.name().clone()) else {
            return self.poll(g, m);
        };
        // A failure rate of 0 draws nothing, so scenarios without one keep their traces.
        let failure = self.groups[g].failure_per_mille;
        if failure > 0 && self.rng.below(1_000) < u64::from(failure) {
            self.emit(EventKind::ProcessingFailed { group, member: m as u32, topic: topic_name, partition, from, to });
            return self.fail_member(g, m);
        }
        self.emit(EventKind::RecordsProcessed { group: group.clone(), member: m as u32, topic: topic_name.clone(), partition, from, to });
        if !self.groups[g].enable_auto_commit {
            // At-least-once: commit after processing. The committed offset is the next offset
            // to read (last processed + 1). Only the current owner may commit.
            let member = &self.groups[g].members[m];
            if member.in_group && member.assigned.contains(&(topic, partition)) {
                self.event_broker.commit(group.clone(), topic_name.clone(), partition, to);
                self.emit(EventKind::OffsetCommitted { group, member: m as u32, topic: topic_name, partition, offset: to });
            } else {
                self.emit(EventKind::CommitFailed { group, member: m as u32, topic: topic_name, partition, offset: to });
            }
        }
        self.poll(g, m);
    }
}
