//! The consumer rebalance protocol's member reconciliation (KIP-848, K21), as the group
//! coordinator's `CurrentAssignmentBuilder` runs it on every `ConsumerGroupHeartbeat`: a pure
//! function from a member's state, the group's target assignment and who owns what now, to
//! the member's next state. It knows nothing of time, heartbeats or the world.
//!
//! ```text
//!                  target changed, something of mine goes elsewhere
//!   ┌────────┐ ─────────────────────────────────────────────> ┌──────────────────────┐
//!   │ STABLE │        (epoch stays; assigned = mine ∩ target)  │ UNREVOKED_PARTITIONS │
//!   │        │ <───────────────────────────────────────────── └──────────────────────┘
//!   └────────┘   heartbeat no longer reports the revoked ones       (waits for the
//!     ^    │     (epoch → target epoch, free partitions added)       member's next
//!     │    │ a partition of my target is still owned by another       heartbeat)
//!     │    v
//!   ┌───────────────────────┐  every time: the ones released meanwhile are added
//!   │ UNRELEASED_PARTITIONS │
//!   └───────────────────────┘
//! ```
//!
//! A partition is given to a member only when no other member owns it, neither as assigned
//! nor as pending revocation (the owner function), so a partition is never owned twice.
//! Source: apache/kafka `group-coordinator/.../modern/consumer/CurrentAssignmentBuilder.java`
//! (`build`, `computeNextAssignment`, `ownsRevokedPartitions`), read at trunk 0117453. The
//! per-partition assignment epochs that trunk keeps, the subscription-consistency shortcut
//! (`withEnforceSubscriptionConsistency`) and regular-expression subscriptions are not
//! modelled: the model's members never change their subscription.

use alloc::collections::BTreeSet;

/// `MemberState` of the group coordinator (its `UNKNOWN` only exists across downgrades).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReconcileState {
    /// At the target assignment's epoch with everything of its target it can have.
    #[default]
    Stable,
    /// Must revoke `pending_revocation` (and say so in a heartbeat) before it moves on.
    UnrevokedPartitions,
    /// At the target epoch, but part of its target is still owned by another member.
    UnreleasedPartitions,
}

/// What the coordinator keeps of one member (`ConsumerGroupMember`): its epoch, state, the
/// partitions assigned to it and those it must revoke. `P` is a partition (any ordered id).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MemberAssignment<P: Ord> {
    pub state: ReconcileState,
    pub epoch: u32,
    pub assigned: BTreeSet<P>,
    pub pending_revocation: BTreeSet<P>,
}

/// A member that just joined: epoch 0, nothing assigned (`ConsumerGroupMember`'s defaults).
impl<P: Ord> Default for MemberAssignment<P> {
    fn default() -> Self {
        MemberAssignment { state: ReconcileState::Stable, epoch: 0, assigned: BTreeSet::new(), pending_revocation: BTreeSet::new() }
    }
}

/// `CurrentAssignmentBuilder.build`: the member's next state. `target` is the member's
/// partitions in the target assignment of epoch `target_epoch`; `owned_by_anyone(p)` is true
/// when some member (this one included) has `p` assigned or pending revocation (Kafka's
/// `currentPartitionEpoch != -1`); `reported` is what the member's heartbeat says it owns
/// (`None`: the heartbeat did not say, so nothing counts as revoked).
pub fn reconcile<P: Ord + Clone>(
    member: &MemberAssignment<P>,
    target_epoch: u32,
    target: &BTreeSet<P>,
    owned_by_anyone: impl Fn(&P) -> bool,
    reported: Option<&BTreeSet<P>>,
) -> MemberAssignment<P> {
    match member.state {
        ReconcileState::Stable if member.epoch == target_epoch => member.clone(),
        ReconcileState::UnrevokedPartitions if still_owns(reported, &member.pending_revocation) => member.clone(),
        _ => next_assignment(member, target_epoch, target, owned_by_anyone, reported),
    }
}

/// `ownsRevokedPartitions`: whether the member still reports any partition of `revoking`.
fn still_owns<P: Ord>(reported: Option<&BTreeSet<P>>, revoking: &BTreeSet<P>) -> bool {
    reported.is_none_or(|owned| owned.iter().any(|p| revoking.contains(p)))
}

/// `computeNextAssignment`.
fn next_assignment<P: Ord + Clone>(
    member: &MemberAssignment<P>,
    target_epoch: u32,
    target: &BTreeSet<P>,
    owned_by_anyone: impl Fn(&P) -> bool,
    reported: Option<&BTreeSet<P>>,
) -> MemberAssignment<P> {
    // Kept = assigned ∩ target; to revoke = assigned − kept.
    let kept: BTreeSet<P> = member.assigned.intersection(target).cloned().collect();
    let revoking: BTreeSet<P> = member.assigned.difference(&kept).cloned().collect();
    // To assign = target − kept, less what another member still owns. What this member
    // itself still has pending revocation does not count as another's.
    let mut unreleased = false;
    let mut adding: BTreeSet<P> = BTreeSet::new();
    for p in target.difference(&kept) {
        if owned_by_anyone(p) && !member.pending_revocation.contains(p) {
            unreleased = true;
        } else {
            adding.insert(p.clone());
        }
    }
    if !revoking.is_empty() && still_owns(reported, &revoking) {
        return MemberAssignment {
            state: ReconcileState::UnrevokedPartitions,
            epoch: member.epoch,
            assigned: kept,
            pending_revocation: revoking,
        };
    }
    let state = if unreleased { ReconcileState::UnreleasedPartitions } else { ReconcileState::Stable };
    let mut assigned = kept;
    assigned.extend(adding);
    MemberAssignment { state, epoch: target_epoch, assigned, pending_revocation: BTreeSet::new() }
}
