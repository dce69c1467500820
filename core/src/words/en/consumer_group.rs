//! English for the consumer rebalance protocol's events (KIP-848): group epochs, the target
//! assignment, each member's reconciliation, fencing.

use alloc::format;
use alloc::string::String;

use super::super::topic_partitions;
use crate::event_broker::reconcile::ReconcileState;
use crate::world::{EventKind, FenceReason, RebalanceReason};

pub(super) fn consumer_group_event(kind: &EventKind) -> String {
    match kind {
        EventKind::GroupEpochBumped { group, epoch, reason } => format!(
            "{group}'s coordinator raises the group epoch to {epoch} ({}); nobody stops: each member catches up through its own heartbeats",
            epoch_reason(*reason)
        ),
        EventKind::TargetAssignmentComputed { group, epoch, assignor, assignment } => {
            let list: alloc::vec::Vec<String> =
                assignment.iter().map(|(member, partitions)| format!("member {member}: {}", topic_partitions(partitions))).collect();
            format!(
                "{group}'s coordinator computes the target assignment for epoch {epoch} with the {} assignor on the broker: {}",
                assignor.name(),
                list.join("; ")
            )
        }
        EventKind::MemberReconciled { group, member, epoch, state, assigned, revoking, .. } => match state {
            ReconcileState::UnrevokedPartitions => format!(
                "{group} member {member} stays at epoch {epoch}: it must first revoke {} and say so in a heartbeat; it keeps {}",
                topic_partitions(revoking),
                topic_partitions(assigned)
            ),
            ReconcileState::UnreleasedPartitions => format!(
                "{group} member {member} moves to epoch {epoch} with {}; part of its target is still owned by another member, so it waits for it",
                topic_partitions(assigned)
            ),
            ReconcileState::Stable => {
                format!("{group} member {member} is at epoch {epoch} with its whole target: {}", topic_partitions(assigned))
            }
        },
        EventKind::MemberFenced { group, member, reason: FenceReason::UnreleasedInstanceId } => format!(
            "{group} refuses member {member} (UNRELEASED_INSTANCE_ID): its group.instance.id belongs to a member that has not left; the new one stops, the old one keeps its place"
        ),
        EventKind::MemberFenced { group, member, reason: FenceReason::FencedMemberEpoch } => format!(
            "{group} fences member {member} (FENCED_MEMBER_EPOCH): the coordinator no longer knows it; it drops its partitions and joins again with epoch 0"
        ),
        _ => unreachable!("event() explains this kind elsewhere: {kind:?}"),
    }
}

/// Why the group epoch went up: what the coordinator saw change.
fn epoch_reason(reason: RebalanceReason) -> &'static str {
    match reason {
        RebalanceReason::MemberJoined => "a member joined",
        RebalanceReason::MemberLeft => "a member left",
        RebalanceReason::SessionTimeout => "a member sent no heartbeat within group.consumer.session.timeout.ms",
        RebalanceReason::PollTimeout => "a member left after max.poll.interval.ms without a poll",
        RebalanceReason::MemberRestarted => "a member restarted without group.instance.id",
        RebalanceReason::TopicsChanged => "its topics changed",
        RebalanceReason::FollowUp => "follow-up",
    }
}
