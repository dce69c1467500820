//! A group member's timeouts: the coordinator's session timeout (heartbeats stopped) and the
//! client's poll timeout (`max.poll.interval.ms` without a `poll()`), and the processing of a
//! fetched batch, which may outlast the poll timeout.

use super::{EventKind, LeaveReason, MemberState, RebalanceReason, Timer, World};
use crate::event_broker::{Offset, PartitionIndex, TopicId};
use crate::time::SimTime;

impl World {
    pub(super) fn session_check(&mut self, g: usize, m: usize, incarnation: u32) {
        let member = &mut self.groups[g].members[m];
        if member.incarnation != incarnation || !member.in_group || member.state == MemberState::Running {
            return;
        }
        member.in_group = false;
        member.assigned.clear();
        self.emit(EventKind::MemberLeft { group: self.groups[g].name.clone(), member: m as u32, reason: LeaveReason::SessionTimeout });
        self.start_rebalance(g, RebalanceReason::SessionTimeout);
    }

    pub(super) fn pause_member(&mut self, g: usize, m: usize) {
        self.groups[g].members[m].state = MemberState::Paused;
        self.emit(EventKind::MemberPaused { group: self.groups[g].name.clone(), member: m as u32 });
        let at = self.groups[g].members[m].last_poll + self.groups[g].max_poll_interval_ms;
        self.schedule(at.max(self.now), Timer::PollTimeoutCheck { group: g, member: m });
    }

    /// A fetch reached its member: processing starts and ends `processing_ms` per record
    /// later. If that is past the member's poll deadline (`max.poll.interval.ms` after its last
    /// `poll()`), its heartbeat thread finds the poll timer expired first, as with a paused
    /// member.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn fetch_arrived(&mut self, g: usize, m: usize, incarnation: u32, topic: TopicId, partition: PartitionIndex, from: Offset, to: Offset) {
        if self.groups[g].members[m].incarnation != incarnation {
            return;
        }
        let done: SimTime = self.now + self.groups[g].processing_ms().saturating_mul(to.0 - from.0);
        self.schedule(done, Timer::ProcessingDone { group: g, member: m, incarnation, topic, partition, from, to });
        let due = self.groups[g].members[m].last_poll + self.groups[g].max_poll_interval_ms;
        if done > due {
            self.schedule(due.max(self.now), Timer::PollTimeoutCheck { group: g, member: m });
        }
    }

    /// `max.poll.interval.ms` passed without a `poll()`, because the application stopped
    /// calling it (paused) or is still processing what the last one returned (busy). Kafka's
    /// consumer checks this in its heartbeat thread (`AbstractCoordinator.HeartbeatThread`:
    /// when the poll timer has expired it leaves the group, "consumer poll timeout has
    /// expired"), so heartbeats alone do not keep the member in.
    pub(super) fn poll_timeout_check(&mut self, g: usize, m: usize) {
        let member = &self.groups[g].members[m];
        let due = member.last_poll + self.groups[g].max_poll_interval_ms;
        let not_polling = member.state == MemberState::Paused || (member.state == MemberState::Running && member.busy);
        if !not_polling || !member.in_group || self.now < due {
            return;
        }
        // The client's heartbeat thread notices and sends LeaveGroup itself.
        let member = &mut self.groups[g].members[m];
        member.in_group = false;
        member.assigned.clear();
        member.position.clear();
        self.emit(EventKind::MemberLeft { group: self.groups[g].name.clone(), member: m as u32, reason: LeaveReason::PollTimeout });
        if self.groups[g].consumer.is_some() {
            return self.consumer_leave(g, m, RebalanceReason::PollTimeout);
        }
        self.start_rebalance(g, RebalanceReason::PollTimeout);
    }
}
