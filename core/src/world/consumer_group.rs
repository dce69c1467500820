//! Consumer groups under the consumer rebalance protocol (KIP-848, K21,
//! `group.protocol=consumer`): the group coordinator's side (group epoch, target assignment
//! and its epoch, each member's epoch and reconciliation, the session timeout, static
//! membership) and the client's (heartbeats, revoking and taking partitions in its
//! application thread). The members' poll, process and commit loop is `groups.rs`'s, shared
//! with the classic protocol; nothing here runs for a classic group.
//!
//! ```text
//!  client                         ConsumerGroupHeartbeat              coordinator
//!  (epoch e, owns O) ───────────────────────────────────────────> join? bump the group epoch
//!                                                                  group epoch > target epoch?
//!                                                                    compute the target (assignor)
//!                                                                  reconcile the member
//!  <──────────────────── epoch e', assigned A ───────────────────  (event::reconcile)
//!  revoke O − A, then take A − O (in poll(), the application thread),
//!  then heartbeat at once to acknowledge; otherwise every heartbeat interval
//! ```
//!
//! Nobody waits for anybody: a member whose partitions do not move keeps fetching, and a
//! partition goes to its new owner only once the old one has said, by a heartbeat, that it
//! revoked it. Sources: apache/kafka `GroupMetadataManager.java` (`consumerGroupHeartbeat`,
//! `throwIfInstanceIdIsUnreleased`, the session timer), `CurrentAssignmentBuilder.java`,
//! `TargetAssignmentBuilder.java`, the consumer's `HeartbeatRequestManager` (fatal
//! `UNRELEASED_INSTANCE_ID`), `docs/operations/consumer-rebalance-protocol.md`.
//!
//! Simplifications (README, "Faithfulness"): the coordinator knows a member by its index, so
//! a restarted dynamic member replaces its old registration at once (Kafka: a new member id;
//! the old one lingers until its session times out); heartbeats are timers, not events; a
//! heartbeat from a process that died, or that left, while it travelled is not counted (nor
//! is a response to it); the rebalance timeout
//! (a member slow to revoke) and subscription changes are not modelled.

use alloc::collections::{BTreeMap, BTreeSet};
use alloc::vec::Vec;

use super::{EventKind, FenceReason, GroupSpec, MemberState, RebalanceReason, Timer, World, member_id};
use crate::Name;
use crate::event_broker::assignor::{Subscription, TopicPartition};
use crate::event_broker::reconcile::{self, MemberAssignment};
use crate::event_broker::server_assignor::{self, ServerAssignor};
use crate::event_broker::{PartitionIndex, TopicId};
use crate::time::SimTime;
use crate::versions::KafkaVersion;
use super::scenario::{CONSUMER_HEARTBEAT_INTERVAL_RANGE_MS, CONSUMER_SESSION_TIMEOUT_RANGE_MS};
use super::{Declared, GroupProtocol, ScenarioError, check_range, field};

/// A partition, as the coordinator and the client keep it.
pub(super) type Tp = (TopicId, PartitionIndex);

/// The group coordinator's state of one consumer-protocol group.
#[derive(Clone, Debug)]
pub(super) struct Coordinator {
    pub(super) assignor: ServerAssignor,
    pub(super) heartbeat_interval_ms: u64,
    session_timeout_ms: u64,
    pub(super) group_epoch: u32,
    pub(super) target_epoch: u32,
    /// The target assignment of `target_epoch`, by member index.
    pub(super) target: BTreeMap<u32, BTreeSet<Tp>>,
    /// The members it knows, by member index.
    pub(super) members: BTreeMap<u32, Registered>,
}

/// What the coordinator keeps of one member (`ConsumerGroupMember`).
#[derive(Clone, Debug)]
pub(super) struct Registered {
    instance_id: Option<Name>,
    pub(super) assignment: MemberAssignment<Tp>,
    last_heard: SimTime,
    /// Left with epoch -2 (`LEAVE_GROUP_STATIC_MEMBER_EPOCH`): a static member that closed
    /// keeps its place and partitions until it returns or its session times out.
    pub(super) left_static: bool,
    /// A session timer is scheduled for it.
    session_timer: bool,
}

/// A member's client state under the consumer protocol.
#[derive(Clone, Debug, Default)]
pub(super) struct Client {
    /// Heartbeating (joined or joining); false once it left, crashed or was refused.
    pub(super) active: bool,
    /// The member epoch of the last response (0: joining).
    pub(super) epoch: u32,
    /// The assignment of the last response, until the application thread reconciles it.
    pending: Option<BTreeSet<Tp>>,
    /// A heartbeat or its response is on the wire.
    in_flight: bool,
    /// Reconciled since the last heartbeat left: the next one goes at once.
    ack_due: bool,
    /// Counts scheduled heartbeats; a timer of an older count is stale.
    beat: u32,
    /// Counts joins: a request or response of an earlier membership is stale.
    life: u32,
}

#[derive(Clone, Debug)]
pub(crate) enum ConsumerTimer {
    /// The client's next heartbeat is due.
    Heartbeat { group: usize, member: usize, incarnation: u32, beat: u32 },
    /// A `ConsumerGroupHeartbeat` reaches the coordinator with the client's epoch and owned
    /// partitions.
    AtCoordinator { group: usize, member: usize, incarnation: u32, life: u32, epoch: u32, owned: Vec<Tp> },
    /// The response reaches the client.
    Response { group: usize, member: usize, incarnation: u32, life: u32, answer: Answer },
    /// The coordinator's session timer for a member.
    SessionCheck { group: usize, member: u32 },
}

#[derive(Clone, Debug)]
pub(crate) enum Answer {
    Assignment { epoch: u32, assigned: Vec<Tp> },
    Fenced(FenceReason),
}

/// `group.protocol=consumer` needs a Kafka version that offers it, and its session and
/// heartbeat settings within the broker's bounds.
pub(super) fn check_spec(g: &GroupSpec, version: KafkaVersion) -> Result<(), ScenarioError> {
    if g.group_protocol == GroupProtocol::Classic {
        return Ok(());
    }
    if !version.offers_consumer_protocol() {
        return Err(ScenarioError::ConsumerProtocolUnavailable { group: g.name.clone(), version });
    }
    let (min, max) = CONSUMER_SESSION_TIMEOUT_RANGE_MS;
    check_range(|| field(Declared::Group, &g.name, "consumer_session_timeout_ms"), g.consumer_session_timeout_ms, min, max)?;
    let (min, max) = CONSUMER_HEARTBEAT_INTERVAL_RANGE_MS;
    check_range(|| field(Declared::Group, &g.name, "consumer_heartbeat_interval_ms"), g.consumer_heartbeat_interval_ms, min, max)
}

impl Coordinator {
    pub(super) fn new(spec: &GroupSpec) -> Coordinator {
        Coordinator {
            assignor: spec.group_remote_assignor.unwrap_or_default(),
            heartbeat_interval_ms: spec.consumer_heartbeat_interval_ms,
            session_timeout_ms: spec.consumer_session_timeout_ms,
            group_epoch: 0,
            target_epoch: 0,
            target: BTreeMap::new(),
            members: BTreeMap::new(),
        }
    }
}

impl World {
    fn coordinator(&mut self, g: usize) -> &mut Coordinator {
        self.groups[g].consumer.as_mut().expect("a consumer-protocol group")
    }

    /// A client process starts (or starts again) and joins with member epoch 0.
    pub(super) fn consumer_join(&mut self, g: usize, m: usize) {
        let client = &mut self.groups[g].members[m].client;
        *client = Client { active: true, beat: client.beat, life: client.life + 1, ..Client::default() };
        self.send_heartbeat(g, m);
    }

    /// The member leaves the group (closed, or past `max.poll.interval.ms`): a static member
    /// leaves with epoch -2 and keeps its place, a dynamic one with -1 and is removed.
    pub(super) fn consumer_leave(&mut self, g: usize, m: usize, reason: RebalanceReason) {
        let client = &mut self.groups[g].members[m].client;
        client.active = false;
        client.pending = None;
        client.beat += 1;
        let static_member = self.groups[g].members[m].instance_id.is_some();
        let now = self.now;
        match self.coordinator(g).members.get_mut(&(m as u32)) {
            Some(registered) if static_member => {
                // The leave request restarts its session timer: back within it, or removed.
                registered.left_static = true;
                registered.last_heard = now;
            }
            Some(_) => self.consumer_remove(g, m as u32, reason),
            None => {}
        }
    }

    /// A paused member resumes (rejoining if it left meanwhile), or a stopped process starts
    /// again with nothing and joins with epoch 0: a static member takes back its place if it
    /// left with epoch -2, and is refused (`UNRELEASED_INSTANCE_ID`) if its old process
    /// crashed and the coordinator still counts it.
    pub(super) fn consumer_revive(&mut self, g: usize, m: usize, previous: MemberState) {
        let now = self.now;
        let group = self.groups[g].name.clone();
        if previous == MemberState::Paused {
            self.emit(EventKind::MemberResumed { group, member: m as u32 });
            if !self.groups[g].members[m].client.active {
                self.consumer_join(g, m);
            }
            if !self.groups[g].members[m].busy {
                self.schedule_poll(g, m, now);
            }
            return;
        }
        let member = &mut self.groups[g].members[m];
        member.incarnation += 1;
        member.busy = false;
        member.poll_scheduled = false;
        member.position.clear();
        member.assigned.clear();
        self.consumer_join(g, m);
        self.schedule_poll(g, m, now);
    }

    /// The process died: heartbeats stop; the coordinator's session timer decides.
    pub(super) fn consumer_stopped(&mut self, g: usize, m: usize) {
        let client = &mut self.groups[g].members[m].client;
        client.active = false;
        client.pending = None;
        client.in_flight = false;
    }

    /// The group's topics changed: a new group epoch, so a new target at the next heartbeat.
    /// Partitions of a deleted topic are gone at once, from the clients (nothing to fetch or
    /// commit) and from the coordinator's assignments (Kafka's coordinator strips a deleted
    /// topic from a member's assignment as inconsistent with the metadata).
    pub(super) fn consumer_metadata_changed(&mut self, g: usize, reason: RebalanceReason) {
        let exists = |broker: &crate::event_broker::EventBroker, tp: &Tp| broker.topic_by_id(tp.0).is_some();
        for member in &mut self.groups[g].members {
            member.assigned.retain(|tp| exists(&self.event_broker, tp));
            member.position.retain(|tp, _| exists(&self.event_broker, tp));
            member.cursor = 0;
            if let Some(pending) = member.client.pending.as_mut() {
                pending.retain(|tp| exists(&self.event_broker, tp));
            }
        }
        let coordinator = self.groups[g].consumer.as_mut().expect("a consumer-protocol group");
        for registered in coordinator.members.values_mut() {
            registered.assignment.assigned.retain(|tp| exists(&self.event_broker, tp));
            registered.assignment.pending_revocation.retain(|tp| exists(&self.event_broker, tp));
        }
        for target in coordinator.target.values_mut() {
            target.retain(|tp| exists(&self.event_broker, tp));
        }
        self.bump_group_epoch(g, reason);
    }

    /// At the start of `poll()`: join again if the member left (a poll timeout), then
    /// reconcile. False if the member stopped meanwhile (`auto.offset.reset=none`).
    pub(super) fn consumer_before_poll(&mut self, g: usize, m: usize) -> bool {
        if !self.groups[g].members[m].client.active {
            self.groups[g].members[m].position.clear();
            self.consumer_join(g, m);
        }
        self.consumer_reconcile(g, m);
        self.groups[g].members[m].state == MemberState::Running
    }

    /// The application thread (`poll()`) reconciles what the last response said: revoke
    /// first (committing with auto-commit, as `onPartitionsRevoked`), then take the new
    /// partitions, then acknowledge with a heartbeat at once.
    pub(super) fn consumer_reconcile(&mut self, g: usize, m: usize) {
        let Some(target) = self.groups[g].members[m].client.pending.take() else { return };
        let revoke: Vec<Tp> = self.groups[g].members[m].assigned.iter().filter(|tp| !target.contains(tp)).copied().collect();
        if !revoke.is_empty() {
            self.revoke(g, m, &revoke);
        }
        let member = &mut self.groups[g].members[m];
        let added: Vec<Tp> = target.iter().filter(|tp| !member.assigned.contains(tp)).copied().collect();
        if !added.is_empty() {
            member.assigned = target.iter().copied().collect();
            member.cursor = 0;
            let generation = member.generation;
            let partitions = self.tp_names(&self.groups[g].members[m].assigned);
            self.emit(EventKind::PartitionsAssigned { group: self.groups[g].name.clone(), member: m as u32, generation, partitions });
            for tp in added {
                if !self.init_position(g, m, tp, None) {
                    return;
                }
            }
        }
        self.groups[g].members[m].client.ack_due = true;
        self.send_heartbeat(g, m);
    }

    pub(super) fn consumer_timer(&mut self, timer: ConsumerTimer) {
        match timer {
            ConsumerTimer::Heartbeat { group, member, incarnation, beat } => {
                let m = &self.groups[group].members[member];
                if m.incarnation == incarnation && m.client.beat == beat {
                    self.send_heartbeat(group, member);
                }
            }
            ConsumerTimer::AtCoordinator { group, member, incarnation, life, epoch, owned } => {
                // A heartbeat its client overtook with a leave (or a death) is not counted.
                let m = &self.groups[group].members[member];
                if m.incarnation == incarnation && m.client.active && m.client.life == life {
                    self.heartbeat_at_coordinator(group, member, life, epoch, owned);
                }
            }
            ConsumerTimer::Response { group, member, incarnation, life, answer } => {
                let m = &self.groups[group].members[member];
                if m.incarnation == incarnation && m.client.active && m.client.life == life {
                    self.response_arrived(group, member, answer);
                }
            }
            ConsumerTimer::SessionCheck { group, member } => self.consumer_session_check(group, member),
        }
    }
}

// The wire and the coordinator.
impl World {
    fn send_heartbeat(&mut self, g: usize, m: usize) {
        let member = &mut self.groups[g].members[m];
        let running = matches!(member.state, MemberState::Running | MemberState::Paused);
        if !member.client.active || !running || member.client.in_flight {
            return; // An acknowledgement waits for the response on the wire.
        }
        member.client.in_flight = true;
        member.client.ack_due = false;
        member.client.beat += 1;
        let (incarnation, life, epoch) = (member.incarnation, member.client.life, member.client.epoch);
        let owned = member.assigned.clone();
        let timer = ConsumerTimer::AtCoordinator { group: g, member: m, incarnation, life, epoch, owned };
        self.schedule(self.now + self.link_ms, Timer::Consumer(timer));
    }

    fn respond(&mut self, g: usize, m: usize, life: u32, answer: Answer) {
        let incarnation = self.groups[g].members[m].incarnation;
        let timer = ConsumerTimer::Response { group: g, member: m, incarnation, life, answer };
        self.schedule(self.now + self.link_ms, Timer::Consumer(timer));
    }

    /// `GroupMetadataManager.consumerGroupHeartbeat`, for the model's requests.
    fn heartbeat_at_coordinator(&mut self, g: usize, m: usize, life: u32, epoch: u32, owned: Vec<Tp>) {
        let index = m as u32;
        if epoch == 0 {
            if let Err(reason) = self.register(g, m) {
                self.emit(EventKind::MemberFenced { group: self.groups[g].name.clone(), member: index, reason });
                return self.respond(g, m, life, Answer::Fenced(reason));
            }
        } else if !self.coordinator(g).members.contains_key(&index) {
            let reason = FenceReason::FencedMemberEpoch;
            self.emit(EventKind::MemberFenced { group: self.groups[g].name.clone(), member: index, reason });
            return self.respond(g, m, life, Answer::Fenced(reason));
        }
        let (now, session_ms) = (self.now, self.coordinator(g).session_timeout_ms);
        let registered = self.coordinator(g).members.get_mut(&index).expect("registered above");
        registered.last_heard = now;
        if !registered.session_timer {
            registered.session_timer = true;
            let timer = ConsumerTimer::SessionCheck { group: g, member: index };
            self.schedule(now + session_ms, Timer::Consumer(timer));
        }
        let coordinator = self.coordinator(g);
        if coordinator.group_epoch > coordinator.target_epoch {
            self.compute_target(g);
        }
        let coordinator = self.coordinator(g);
        let target = coordinator.target.get(&index).cloned().unwrap_or_default();
        let owners: BTreeSet<Tp> =
            coordinator.members.values().flat_map(|r| r.assignment.assigned.iter().chain(&r.assignment.pending_revocation)).copied().collect();
        let reported: BTreeSet<Tp> = owned.into_iter().collect();
        let before = &coordinator.members[&index].assignment;
        let after = reconcile::reconcile(before, coordinator.target_epoch, &target, |p| owners.contains(p), Some(&reported));
        if after != *before {
            let (assigned, revoking) = (self.tp_names_of(&after.assigned), self.tp_names_of(&after.pending_revocation));
            let (state, member_epoch) = (after.state, after.epoch);
            self.emit(EventKind::MemberReconciled {
                group: self.groups[g].name.clone(),
                member: index,
                epoch: member_epoch,
                state,
                assigned,
                revoking,
                departs: self.now,
                arrives: self.now + self.link_ms,
            });
        }
        let answer = Answer::Assignment { epoch: after.epoch, assigned: after.assigned.iter().copied().collect() };
        self.coordinator(g).members.get_mut(&index).expect("registered").assignment = after;
        self.respond(g, m, life, answer);
    }

    /// A member joins with epoch 0: a new member (the group epoch goes up), a static member
    /// taking back the place it left with epoch -2 (no new epoch), or refused when its
    /// `group.instance.id` is held by a member that has not left (`UNRELEASED_INSTANCE_ID`).
    fn register(&mut self, g: usize, m: usize) -> Result<(), FenceReason> {
        let index = m as u32;
        let instance_id = self.groups[g].members[m].instance_id.clone();
        let now = self.now;
        let holder = instance_id.as_ref().and_then(|id| {
            self.coordinator(g).members.iter().find(|(_, r)| r.instance_id.as_ref() == Some(id)).map(|(&k, r)| (k, r.left_static))
        });
        match holder {
            Some((_, false)) => Err(FenceReason::UnreleasedInstanceId),
            Some((old, true)) => {
                let coordinator = self.coordinator(g);
                let mut registered = coordinator.members.remove(&old).expect("found above");
                registered.left_static = false;
                registered.session_timer = false;
                let (generation, assigned) = (registered.assignment.epoch, self.tp_names_of(&registered.assignment.assigned));
                let coordinator = self.coordinator(g);
                coordinator.members.insert(index, registered);
                if let Some(target) = coordinator.target.remove(&old) {
                    coordinator.target.insert(index, target);
                }
                self.groups[g].members[old as usize].in_group = false;
                self.groups[g].members[m].in_group = true;
                let group = self.groups[g].name.clone();
                self.emit(EventKind::StaticMemberReturned { group, member: index, generation, partitions: assigned });
                Ok(())
            }
            None => {
                let fresh = Registered {
                    instance_id: instance_id.clone(),
                    assignment: MemberAssignment::default(),
                    last_heard: now,
                    left_static: false,
                    session_timer: false,
                };
                let restarted = self.coordinator(g).members.insert(index, fresh).is_some();
                self.groups[g].members[m].in_group = true;
                let reason = if restarted {
                    RebalanceReason::MemberRestarted
                } else {
                    self.emit(EventKind::MemberJoined { group: self.groups[g].name.clone(), member: index, instance_id });
                    RebalanceReason::MemberJoined
                };
                self.bump_group_epoch(g, reason);
                Ok(())
            }
        }
    }

    fn bump_group_epoch(&mut self, g: usize, reason: RebalanceReason) {
        let coordinator = self.coordinator(g);
        coordinator.group_epoch += 1;
        let epoch = coordinator.group_epoch;
        self.groups[g].generation = epoch;
        self.emit(EventKind::GroupEpochBumped { group: self.groups[g].name.clone(), epoch, reason });
    }

    /// The coordinator forgets a member: its partitions are free, and the group epoch goes up.
    fn consumer_remove(&mut self, g: usize, index: u32, reason: RebalanceReason) {
        let coordinator = self.coordinator(g);
        coordinator.members.remove(&index);
        coordinator.target.remove(&index);
        self.groups[g].members[index as usize].in_group = false;
        self.bump_group_epoch(g, reason);
    }

    /// `TargetAssignmentBuilder`: every member the coordinator knows (a static member away
    /// with epoch -2 too), subscribed to the group's topics that exist, each with its last
    /// target as its current assignment (what the sticky `uniform` keeps), members in index
    /// order and topics in name order (Kafka: hash orders; see `server_assignor`).
    fn compute_target(&mut self, g: usize) {
        let topics: BTreeMap<Name, u32> = crate::sort::collect_by_insert(
            self.groups[g].topics.iter().filter_map(|t| self.event_broker.topic(t).map(|topic| (t.clone(), topic.partition_count()))),
        );
        let group = self.groups[g].name.clone();
        let coordinator = self.groups[g].consumer.as_ref().expect("a consumer-protocol group");
        let subscriptions: Vec<Subscription> = coordinator
            .members
            .iter()
            .map(|(&index, r)| Subscription {
                member_id: member_id(&group, index as usize),
                instance_id: r.instance_id.clone(),
                topics: topics.keys().cloned().collect(),
                owned: coordinator.target.get(&index).map(|set| self.topic_partitions(set)).unwrap_or_default(),
                generation: None,
            })
            .collect();
        let (assignor, epoch) = (coordinator.assignor, coordinator.group_epoch);
        let assignment = match assignor {
            ServerAssignor::Range => server_assignor::range(&topics, &subscriptions),
            ServerAssignor::Uniform => {
                let ordered: Vec<(Name, u32)> = topics.iter().map(|(name, &count)| (name.clone(), count)).collect();
                server_assignor::uniform_homogeneous(&ordered, &subscriptions).expect("every member subscribes to the group's topics")
            }
        }
        .expect("only topics that exist are subscribed");
        let indices: Vec<u32> = coordinator.members.keys().copied().collect();
        let mut target: BTreeMap<u32, BTreeSet<Tp>> = BTreeMap::new();
        let mut shown: Vec<(u32, Vec<(Name, u32)>)> = Vec::new();
        for index in indices {
            let list = assignment.get(&member_id(&group, index as usize)).cloned().unwrap_or_default();
            let set: BTreeSet<Tp> = list
                .iter()
                .filter_map(|tp| self.event_broker.topic(&tp.topic).map(|t| (t.id(), PartitionIndex(tp.partition))))
                .collect();
            shown.push((index, self.tp_names_of(&set)));
            target.insert(index, set);
        }
        let coordinator = self.coordinator(g);
        coordinator.target = target;
        coordinator.target_epoch = epoch;
        self.emit(EventKind::TargetAssignmentComputed { group, epoch, assignor, assignment: shown });
    }

    /// `group.consumer.session.timeout.ms` without a heartbeat: the member is removed.
    fn consumer_session_check(&mut self, g: usize, index: u32) {
        let now = self.now;
        let coordinator = self.coordinator(g);
        let session_ms = coordinator.session_timeout_ms;
        let Some(registered) = coordinator.members.get_mut(&index) else { return };
        let due = registered.last_heard + session_ms;
        if now < due {
            self.schedule(due, Timer::Consumer(ConsumerTimer::SessionCheck { group: g, member: index }));
            return;
        }
        let member = &mut self.groups[g].members[index as usize];
        member.assigned.clear();
        member.position.clear();
        let group = self.groups[g].name.clone();
        self.emit(EventKind::MemberLeft { group, member: index, reason: super::LeaveReason::SessionTimeout });
        self.consumer_remove(g, index, RebalanceReason::SessionTimeout);
    }

    /// A response reached a live client.
    fn response_arrived(&mut self, g: usize, m: usize, answer: Answer) {
        self.groups[g].members[m].client.in_flight = false;
        match answer {
            Answer::Fenced(FenceReason::UnreleasedInstanceId) => {
                // Fatal for the client (`HeartbeatRequestManager`: handleFatalFailure).
                self.groups[g].members[m].client.active = false;
                self.fail_member(g, m);
                return;
            }
            Answer::Fenced(FenceReason::FencedMemberEpoch) => {
                // `transitionToFenced`: the partitions are lost (nothing committed), rejoin.
                let member = &mut self.groups[g].members[m];
                let lost = core::mem::take(&mut member.assigned);
                member.position.clear();
                member.in_group = false;
                let generation = member.generation;
                if !lost.is_empty() {
                    let partitions = self.tp_names(&lost);
                    self.emit(EventKind::PartitionsRevoked { group: self.groups[g].name.clone(), member: m as u32, generation, partitions });
                }
                return self.consumer_join(g, m);
            }
            Answer::Assignment { epoch, assigned } => {
                let member = &mut self.groups[g].members[m];
                member.client.epoch = epoch;
                member.generation = epoch;
                let target: BTreeSet<Tp> = assigned.into_iter().collect();
                let current: BTreeSet<Tp> = member.assigned.iter().copied().collect();
                member.client.pending = (target != current).then_some(target);
                if member.state == MemberState::Running && !member.busy {
                    self.consumer_reconcile(g, m);
                }
            }
        }
        let client = &self.groups[g].members[m].client;
        if client.ack_due {
            self.send_heartbeat(g, m);
        } else if client.active && !client.in_flight {
            let member = &mut self.groups[g].members[m];
            member.client.beat += 1;
            let (incarnation, beat) = (member.incarnation, member.client.beat);
            let at = self.now + self.coordinator(g).heartbeat_interval_ms;
            self.schedule(at, Timer::Consumer(ConsumerTimer::Heartbeat { group: g, member: m, incarnation, beat }));
        }
    }

    fn tp_names_of(&self, set: &BTreeSet<Tp>) -> Vec<(Name, u32)> {
        let list: Vec<Tp> = set.iter().copied().collect();
        self.tp_names(&list)
    }

    fn topic_partitions(&self, set: &BTreeSet<Tp>) -> Vec<TopicPartition> {
        set.iter()
            .filter_map(|(t, p)| self.event_broker.topic_by_id(*t).map(|topic| TopicPartition { topic: topic.name().clone(), partition: p.0 }))
            .collect()
    }
}
