//! Who is in a share group and which partitions each member fetches from (KIP-932): the group
//! coordinator computes a target assignment with the `simple` assignor
//! ([`crate::event_broker::share::assignor`]) whenever the membership changes, and a member
//! whose process died leaves the group when its session times out.
//!
//! Sources: `GroupCoordinatorConfig.java` (`group.share.session.timeout.ms` 45000, bounded by
//! `group.share.min.session.timeout.ms` 45000 and `group.share.max.session.timeout.ms` 60000,
//! the range a group's `share.session.timeout.ms` must fall in; heartbeats every 5000 ms),
//! `GroupMetadataManager` (a member that stops heartbeating is fenced after the session timeout
//! and the group's target assignment is computed again), `SharePartition.releaseAcquiredRecords`
//! (what a leaving member still holds is released: available again, or archived at the
//! delivery limit).
//!
//! Simplified: heartbeats are not drawn; a member's assignment takes effect at its next fetch
//! (Kafka delivers it in the next heartbeat response, at most 5 s later, and a share group needs
//! no revocation first, since members may share a partition); all members join when the group
//! starts. A paused member keeps heartbeating (the consumer's background thread does), so it
//! stays in the group.

use alloc::collections::BTreeSet;
use alloc::vec::Vec;

use super::ShareTimer;
use crate::event_broker::PartitionIndex;
use crate::event_broker::share::assignor;
use crate::world::{EventKind, Timer, World, name};

/// `group.share.session.timeout.ms`: Kafka's default, and the broker's bounds for a group's
/// `share.session.timeout.ms` (`group.share.min.session.timeout.ms` to
/// `group.share.max.session.timeout.ms`).
pub const SESSION_TIMEOUT_MS_DEFAULT: u64 = 45_000;
pub const SESSION_TIMEOUT_MS_RANGE: core::ops::RangeInclusive<u64> = 45_000..=60_000;

pub(super) fn default_session_timeout_ms() -> u64 {
    SESSION_TIMEOUT_MS_DEFAULT
}

pub(super) fn is_default_session_timeout(ms: &u64) -> bool {
    *ms == SESSION_TIMEOUT_MS_DEFAULT
}

impl World {
    /// The coordinator computes the group's target assignment again over the members in the
    /// group (in index order) from what they have now; an event says so when it changed.
    pub(crate) fn share_reassign(&mut self, group: usize) {
        let partitions = self.event_broker.topic_by_id(self.share_groups[group].topic).map_or(0, |t| t.partition_count());
        let targets: Vec<u32> = (0..partitions).collect();
        let share = &mut self.share_groups[group];
        let in_group: Vec<usize> = (0..share.members.len()).filter(|&m| share.members[m].in_group).collect();
        let current: Vec<BTreeSet<u32>> = in_group.iter().map(|&m| share.members[m].assigned.clone()).collect();
        let target = assignor::simple_homogeneous(&targets, &current);
        let mut changed = false;
        for (&m, partitions) in in_group.iter().zip(target) {
            changed |= share.members[m].assigned != partitions;
            share.members[m].assigned = partitions;
        }
        if !changed {
            return;
        }
        let members = in_group
            .iter()
            .map(|&m| (m as u32, share.members[m].assigned.iter().map(|&p| PartitionIndex(p)).collect()))
            .collect();
        let topic = self.event_broker.topic_by_id(share.topic).map(|t| t.name().clone()).unwrap_or_else(|| name("?"));
        let group_name = share.name.clone();
        self.emit(EventKind::ShareAssignmentComputed { group: group_name, topic, members });
    }

    /// A crashed member's session runs out: it leaves the group, what it still holds is
    /// released, and the others share its partitions.
    pub(crate) fn share_session_expired(&mut self, group: usize, member: usize, incarnation: u32) {
        let m = &self.share_groups[group].members[member];
        if !m.crashed || m.incarnation != incarnation || !m.in_group {
            return;
        }
        let id = m.id.clone();
        let partitions: Vec<PartitionIndex> = self.share_groups[group].partitions.keys().copied().collect();
        let mut released = 0u64;
        let mut moved = Vec::new();
        for partition in partitions {
            let before = self.share_acquired_before(group, partition, |state| state.member.as_ref() == Some(&id));
            if before.is_empty() {
                continue;
            }
            released += before.len() as u64;
            if let Some(sp) = self.share_groups[group].partitions.get_mut(&partition) {
                sp.release_member(&id);
            }
            moved.push((partition, before));
        }
        let share = &mut self.share_groups[group];
        share.members[member].in_group = false;
        share.members[member].assigned.clear();
        let (group_name, session_timeout_ms) = (share.name.clone(), share.session_timeout_ms);
        self.emit(EventKind::ShareMemberLeft { group: group_name, member: member as u32, session_timeout_ms, released });
        for (partition, before) in moved {
            self.share_emit_moved(group, partition, &before, false);
        }
        self.share_reassign(group);
    }

    /// Starts the session clock of a member whose process just died.
    pub(crate) fn share_session_clock(&mut self, group: usize, member: usize) {
        let share = &self.share_groups[group];
        let incarnation = share.members[member].incarnation;
        let at = self.now + share.session_timeout_ms;
        self.schedule(at, Timer::Share(ShareTimer::SessionExpires { group, member, incarnation }));
    }

    /// A member (back) in the group: it joins, and the assignment is computed again.
    pub(crate) fn share_join(&mut self, group: usize, member: usize) {
        let m = &mut self.share_groups[group].members[member];
        if m.in_group {
            return;
        }
        m.in_group = true;
        self.share_reassign(group);
    }
}
