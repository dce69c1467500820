//! Brokers stopping and starting, as the KRaft controller sees it, and the eligible leader
//! replicas (KIP-966) it keeps beside each ISR under Kafka 4.2.
//!
//! ```text
//!   running ──kill (crash)──────────────────────────────> stopped, uncleanly
//!      │                                                     │
//!      └──stop: ControlledShutdown, leaderships move,        │ revive: back uncleanly
//!         out of every ISR, BrokerStopped ──> stopped,       │ under 4.2: out of every
//!         cleanly ──revive: back cleanly (stays eligible)    │ ISR and ELR first
//! ```
//!
//! Sources (apache/kafka `metadata/.../controller/`): `ReplicationControlManager`
//! `handleBrokerInControlledShutdown` (3.9 and 4.x: the broker leaves every ISR it is in, and
//! a partition it leads elects another leader; under 3.9 an ISR keeps its last member, the
//! partition going offline), `handleBrokerShutdown` (4.x, KAFKA-15586: a broker that
//! registers without proof of a clean shutdown leaves every ISR and ELR; 3.9's
//! `handleBrokerUncleanShutdown` does nothing below metadata version 4.0), `handleBrokerFenced`
//! (a stopped broker leaves the ISR and, under 4.2, joins the ELR if the ISR falls below
//! `min.insync.replicas`). The arithmetic is `event_broker::elr`.

use alloc::vec::Vec;

use super::{CommandError, World};
use crate::event_broker::elr::{self, Candidates, Election};
use crate::event_broker::{BrokerId, PartitionIndex};
use crate::world::EventKind;

impl World {
    /// `Command::KillBroker` (`controlled: false`) and `Command::StopBroker` (`true`).
    pub(super) fn stop_broker(&mut self, broker: u32, controlled: bool) -> Result<(), CommandError> {
        self.check_broker(broker)?;
        if !self.event_broker.broker_alive(BrokerId(broker)) {
            return Err(CommandError::BrokerAlreadyStopped(broker));
        }
        let broker = BrokerId(broker);
        if controlled {
            self.controlled_shutdown(broker);
        } else {
            self.kill_broker(broker);
        }
        Ok(())
    }

    /// A crash: the broker stops at once; the controller elects for what it led.
    fn kill_broker(&mut self, broker: BrokerId) {
        self.event_broker.set_broker_alive(broker, false);
        self.event_broker.set_stopped_cleanly(broker, false);
        self.emit(EventKind::BrokerStopped { broker });
        for (t, partition) in self.partitions_of(broker) {
            let rep = self.event_broker.topics()[t].replication(partition).expect("exists");
            if rep.leader == Some(broker) {
                self.elect(t, partition);
            }
        }
    }

    /// A controlled shutdown: the controller moves the broker's leaderships and takes it out
    /// of every ISR, then it stops. It stays in any ELR it is in.
    fn controlled_shutdown(&mut self, broker: BrokerId) {
        self.emit(EventKind::ControlledShutdown { broker });
        // In controlled shutdown the broker is no acceptable leader (`isActive`).
        self.event_broker.set_broker_alive(broker, false);
        self.event_broker.set_stopped_cleanly(broker, true);
        for (t, partition) in self.partitions_of(broker) {
            let rep = self.event_broker.topics()[t].replication(partition).expect("exists");
            if rep.leader == Some(broker) {
                self.elect(t, partition);
            } else if rep.isr.contains(&broker) {
                self.remove_from_isr(t, partition, broker, false);
            }
        }
        self.emit(EventKind::BrokerStopped { broker });
    }

    pub(super) fn revive_broker(&mut self, broker: BrokerId) {
        let cleanly = self.event_broker.stopped_cleanly(broker);
        self.event_broker.set_broker_alive(broker, true);
        self.event_broker.set_stopped_cleanly(broker, true);
        self.emit(EventKind::BrokerStarted { broker });
        let partitions = self.partitions_of(broker);
        if !cleanly && self.kafka_version.eligible_leader_replicas() {
            // No clean-shutdown file: it may lack records it had acknowledged, so it is
            // eligible for nothing until it catches up again.
            for &(t, partition) in &partitions {
                let rep = self.event_broker.topics()[t].replication(partition).expect("exists");
                if rep.isr.contains(&broker) || rep.elr.contains(&broker) {
                    self.remove_from_isr(t, partition, broker, true);
                }
            }
        }
        for (t, partition) in partitions {
            if self.event_broker.topics()[t].replication(partition).expect("exists").leader.is_none() {
                self.elect(t, partition);
            } else {
                // Back as a follower: cut what the leader does not have (up to its high
                // watermark), then catch up by fetching.
                let cap = self.event_broker.topics()[t].partitions()[partition.0 as usize].high_watermark();
                self.reconcile_follower(t, partition, broker, cap);
                let topic = self.event_broker.topics()[t].id();
                let epoch = self.event_broker.topics()[t].replication(partition).expect("exists").epoch;
                let timer = super::Timer::FollowerFetch { topic, partition, follower: broker, epoch };
                self.schedule(self.now, timer);
            }
        }
    }

    /// Every partition with a replica on `broker`, as (topic position, partition).
    fn partitions_of(&self, broker: BrokerId) -> Vec<(usize, PartitionIndex)> {
        let mut out = Vec::new();
        for (t, topic) in self.event_broker.topics().iter().enumerate() {
            for p in 0..topic.partition_count() {
                let rep = topic.replication(PartitionIndex(p)).expect("exists");
                if rep.replicas.contains(&broker) {
                    out.push((t, PartitionIndex(p)));
                }
            }
        }
        out
    }

    /// The controller takes `broker` out of a partition's ISR (a controlled shutdown, or
    /// under 4.2 a return from an unclean one, which also takes it out of the ELR). Without
    /// ELR the ISR keeps its last member.
    fn remove_from_isr(&mut self, t: usize, partition: PartitionIndex, broker: BrokerId, unclean: bool) {
        let elr_on = self.kafka_version.eligible_leader_replicas();
        let topic = self.event_broker.topic_mut(t);
        let name = topic.name().clone();
        let rep = topic.parts_mut(partition).1;
        let before = rep.isr.clone();
        let target: Vec<BrokerId> = before.iter().copied().filter(|&b| b != broker).collect();
        if target.len() != before.len() && (elr_on || !target.is_empty()) {
            rep.isr = target.clone();
            self.emit(EventKind::IsrShrunkByController { topic: name, partition, removed: broker, isr: target });
        }
        self.update_elr(t, partition, &before, unclean.then_some(broker));
        self.update_high_watermark(t, partition);
    }

    /// After the ISR of a partition changed from `before` (the leader's shrink or expansion,
    /// or the controller's), the ELR follows (`maybePopulateTargetElr`); `unclean_shutdown`: a
    /// broker back from a crash, eligible for nothing. Nothing under 3.9.
    pub(super) fn update_elr(&mut self, t: usize, partition: PartitionIndex, before: &[BrokerId], unclean_shutdown: Option<BrokerId>) {
        if !self.kafka_version.eligible_leader_replicas() {
            return;
        }
        let topic = self.event_broker.topic_mut(t);
        let (name, min_insync) = (topic.name().clone(), topic.config().min_insync_replicas);
        let rep = topic.parts_mut(partition).1;
        let elr = elr::next_elr(&rep.replicas, before, &rep.elr, &rep.isr, min_insync, unclean_shutdown);
        if elr != rep.elr {
            rep.elr = elr.clone();
            let isr = rep.isr.clone();
            self.emit(EventKind::ElrChanged { topic: name, partition, isr, elr });
        }
    }

    /// The election of `World::elect`: who may lead once the controller has taken the
    /// stopped brokers out of the ISR, and the ISR and ELR it elects from.
    pub(super) fn choose_leader(&self, t: usize, partition: PartitionIndex) -> (Election, Vec<BrokerId>, Vec<BrokerId>) {
        let elr_on = self.kafka_version.eligible_leader_replicas();
        let topic = &self.event_broker.topics()[t];
        let config = topic.config();
        let rep = topic.replication(partition).expect("exists");
        let alive = |b: BrokerId| self.event_broker.broker_alive(b);
        let isr: Vec<BrokerId> = rep.isr.iter().copied().filter(|&b| alive(b)).collect();
        let elr = if elr_on { elr::next_elr(&rep.replicas, &rep.isr, &rep.elr, &isr, config.min_insync_replicas, None) } else { Vec::new() };
        let candidates = Candidates {
            replicas: &rep.replicas,
            isr: &isr,
            elr: &elr,
            last_known_leader: rep.last_known_leader,
            eligible_leader_replicas: elr_on,
            unclean_allowed: config.unclean_leader_election_enable,
        };
        (elr::elect(candidates, alive), isr, elr)
    }

    /// Nobody may lead. Under 3.9 the ISR stays as it was (its last member kept); under 4.2
    /// it loses its stopped members, may become empty, and the leader it had is remembered
    /// as the last known leader the first time that happens (`maybeUpdateLastKnownLeader`).
    pub(super) fn leave_offline(&mut self, t: usize, partition: PartitionIndex, isr: Vec<BrokerId>, elr: Vec<BrokerId>) {
        let elr_on = self.kafka_version.eligible_leader_replicas();
        let topic = self.event_broker.topic_mut(t);
        let name = topic.name().clone();
        let rep = topic.parts_mut(partition).1;
        let was_leader = rep.leader;
        rep.leader = None;
        rep.epoch += 1;
        let elr_changed = elr_on && elr != rep.elr;
        if elr_on {
            if isr.is_empty() && was_leader.is_some() {
                rep.last_known_leader = was_leader;
            }
            rep.isr = isr;
            rep.elr = elr.clone();
        }
        let isr = rep.isr.clone();
        if was_leader.is_some() {
            self.emit(EventKind::PartitionOffline { topic: name.clone(), partition, isr: isr.clone() });
        }
        if elr_changed {
            self.emit(EventKind::ElrChanged { topic: name, partition, isr, elr });
        }
    }

    /// The new leader's ISR and ELR (`tryElection`), and the event that announces it: an
    /// eligible leader replica leads alone and leaves the ELR; the last known leader and an
    /// unclean leader lead alone and clear the ELR.
    pub(super) fn install_leader(&mut self, t: usize, partition: PartitionIndex, choice: Election, isr: Vec<BrokerId>, elr: Vec<BrokerId>) {
        let topic = self.event_broker.topic_mut(t);
        let name = topic.name().clone();
        let rep = topic.parts_mut(partition).1;
        let (leader, epoch, before) = (rep.leader.expect("just elected"), rep.epoch, rep.elr.clone());
        let (isr, elr) = match choice {
            Election::Isr(_) => (isr, elr),
            Election::Elr(b) => (alloc::vec![b], elr.into_iter().filter(|&e| e != b).collect()),
            _ => (alloc::vec![leader], Vec::new()),
        };
        rep.isr = isr.clone();
        rep.elr = elr.clone();
        rep.last_known_leader = None;
        let kind = match choice {
            Election::Elr(_) => EventKind::ElrLeaderElected { topic: name.clone(), partition, leader, epoch, elr: elr.clone() },
            Election::LastKnownLeader(_) => EventKind::LastKnownLeaderElected { topic: name.clone(), partition, leader, epoch },
            _ => EventKind::LeaderElected { topic: name.clone(), partition, leader, epoch, isr: isr.clone(), clean: matches!(choice, Election::Isr(_)) },
        };
        self.emit(kind);
        if elr != before {
            self.emit(EventKind::ElrChanged { topic: name, partition, isr, elr });
        }
    }
}
