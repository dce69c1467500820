//! The consumer rebalance protocol's member reconciliation (`event_broker::reconcile`),
//! case by case from Kafka's `CurrentAssignmentBuilderTest` (apache/kafka
//! `group-coordinator/src/test/java/.../modern/consumer/CurrentAssignmentBuilderTest.java`):
//! each case names the test it comes from. Partitions are written `topic:partition,…`, topics
//! 1 and 2 standing for the test's `topicId1` and `topicId2`.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use std::collections::BTreeSet;

use brokerlab_core::event_broker::reconcile::{MemberAssignment, ReconcileState, reconcile};

type P = (u32, u32);

/// `"1:1,2,3 2:4,5,6"` → {(1,1), (1,2), (1,3), (2,4), (2,5), (2,6)}.
fn ps(text: &str) -> BTreeSet<P> {
    let mut out = BTreeSet::new();
    for group in text.split_whitespace() {
        let (topic, list) = group.split_once(':').expect("topic:partitions");
        for p in list.split(',') {
            out.insert((topic.parse().unwrap(), p.parse().unwrap()));
        }
    }
    out
}

fn member(state: ReconcileState, epoch: u32, assigned: &str, revoking: &str) -> MemberAssignment<P> {
    MemberAssignment { state, epoch, assigned: ps(assigned), pending_revocation: ps(revoking) }
}

/// Who owns what, as the test's `currentPartitionEpoch` says it.
enum Owners {
    Everything,
    Nothing,
    Only(&'static str),
}

struct Case {
    from: &'static str,
    member: MemberAssignment<P>,
    target_epoch: u32,
    target: &'static str,
    owners: Owners,
    /// `None`: the heartbeat did not report its owned partitions (`null` in Kafka's test).
    reported: Option<&'static str>,
    expected: MemberAssignment<P>,
}

use ReconcileState::{Stable, UnreleasedPartitions as Unreleased, UnrevokedPartitions as Unrevoked};

fn cases() -> Vec<Case> {
    vec![
        Case {
            from: "testStableToStable",
            member: member(Stable, 10, "1:1,2,3 2:4,5,6", ""),
            target_epoch: 11,
            target: "1:1,2,3 2:4,5,6",
            owners: Owners::Everything,
            reported: None,
            expected: member(Stable, 11, "1:1,2,3 2:4,5,6", ""),
        },
        Case {
            from: "testStableToStableWithNewPartitions",
            member: member(Stable, 10, "1:1,2,3 2:4,5,6", ""),
            target_epoch: 11,
            target: "1:1,2,3,4 2:4,5,6,7",
            owners: Owners::Nothing,
            reported: None,
            expected: member(Stable, 11, "1:1,2,3,4 2:4,5,6,7", ""),
        },
        Case {
            from: "testStableToUnrevokedPartitions",
            member: member(Stable, 10, "1:1,2,3 2:4,5,6", ""),
            target_epoch: 11,
            target: "1:2,3,4 2:5,6,7",
            owners: Owners::Nothing,
            reported: None,
            expected: member(Unrevoked, 10, "1:2,3 2:5,6", "1:1 2:4"),
        },
        Case {
            from: "testStableToUnreleasedPartitions",
            member: member(Stable, 10, "1:1,2,3 2:4,5,6", ""),
            target_epoch: 11,
            target: "1:1,2,3,4 2:4,5,6,7",
            owners: Owners::Everything,
            reported: None,
            expected: member(Unreleased, 11, "1:1,2,3 2:4,5,6", ""),
        },
        Case {
            from: "testStableToUnreleasedPartitionsWithOwnedPartitionsNotHavingRevokedPartitions",
            member: member(Stable, 10, "1:1,2,3 2:4,5,6", ""),
            target_epoch: 11,
            target: "1:1,2,3 2:4,5,7",
            owners: Owners::Only("2:0,1,2,3,4,5,6,7,8,9"),
            reported: Some(""),
            expected: member(Unreleased, 11, "1:1,2,3 2:4,5", ""),
        },
        Case {
            from: "testUnrevokedPartitionsToStable",
            member: member(Unrevoked, 10, "1:2,3 2:5,6", "1:1 2:4"),
            target_epoch: 11,
            target: "1:2,3 2:5,6",
            owners: Owners::Nothing,
            reported: Some("1:2,3 2:5,6"),
            expected: member(Stable, 11, "1:2,3 2:5,6", ""),
        },
        Case {
            from: "testRemainsInUnrevokedPartitions (owned not reported)",
            member: member(Unrevoked, 10, "1:2,3 2:5,6", "1:1 2:4"),
            target_epoch: 12,
            target: "1:3 2:6",
            owners: Owners::Nothing,
            reported: None,
            expected: member(Unrevoked, 10, "1:2,3 2:5,6", "1:1 2:4"),
        },
        Case {
            from: "testRemainsInUnrevokedPartitions (still reports 1:1)",
            member: member(Unrevoked, 10, "1:2,3 2:5,6", "1:1 2:4"),
            target_epoch: 12,
            target: "1:3 2:6",
            owners: Owners::Nothing,
            reported: Some("1:1,2,3 2:5,6"),
            expected: member(Unrevoked, 10, "1:2,3 2:5,6", "1:1 2:4"),
        },
        Case {
            from: "testRemainsInUnrevokedPartitions (still reports 2:4)",
            member: member(Unrevoked, 10, "1:2,3 2:5,6", "1:1 2:4"),
            target_epoch: 12,
            target: "1:3 2:6",
            owners: Owners::Nothing,
            reported: Some("1:2,3 2:4,5,6"),
            expected: member(Unrevoked, 10, "1:2,3 2:5,6", "1:1 2:4"),
        },
        Case {
            from: "testUnrevokedPartitionsToUnrevokedPartitions",
            member: member(Unrevoked, 10, "1:2,3 2:5,6", "1:1 2:4"),
            target_epoch: 12,
            target: "1:3 2:6",
            owners: Owners::Nothing,
            reported: Some("1:2,3 2:5,6"),
            expected: member(Unrevoked, 10, "1:3 2:6", "1:2 2:5"),
        },
        Case {
            from: "testUnrevokedPartitionsToUnreleasedPartitions",
            member: member(Unrevoked, 11, "1:2,3 2:5,6", ""),
            target_epoch: 11,
            target: "1:2,3,4 2:5,6,7",
            owners: Owners::Everything,
            reported: Some("1:2,3 2:5,6"),
            expected: member(Unreleased, 11, "1:2,3 2:5,6", ""),
        },
        Case {
            from: "testUnrevokedPartitionsToStableWithReturnedPartitionsPendingRevocation",
            member: member(Unrevoked, 10, "1:2,3 2:5,6", "1:4"),
            target_epoch: 12,
            target: "1:2,3,4 2:5,6,7",
            owners: Owners::Only("1:2,3,4 2:5,6"),
            reported: Some("1:2,3 2:5,6"),
            expected: member(Stable, 12, "1:2,3,4 2:5,6,7", ""),
        },
        Case {
            from: "testUnreleasedPartitionsToStable",
            member: member(Unreleased, 11, "1:2,3 2:5,6", ""),
            target_epoch: 12,
            target: "1:2,3 2:5,6",
            owners: Owners::Everything,
            reported: None,
            expected: member(Stable, 12, "1:2,3 2:5,6", ""),
        },
        Case {
            from: "testUnreleasedPartitionsToStableWithNewPartitions",
            member: member(Unreleased, 11, "1:2,3 2:5,6", ""),
            target_epoch: 11,
            target: "1:2,3,4 2:5,6,7",
            owners: Owners::Nothing,
            reported: None,
            expected: member(Stable, 11, "1:2,3,4 2:5,6,7", ""),
        },
        Case {
            from: "testUnreleasedPartitionsToUnreleasedPartitions",
            member: member(Unreleased, 11, "1:2,3 2:5,6", ""),
            target_epoch: 11,
            target: "1:2,3,4 2:5,6,7",
            owners: Owners::Everything,
            reported: None,
            expected: member(Unreleased, 11, "1:2,3 2:5,6", ""),
        },
        Case {
            from: "testUnreleasedPartitionsToUnrevokedPartitions",
            member: member(Unreleased, 11, "1:2,3 2:5,6", ""),
            target_epoch: 12,
            target: "1:3 2:6",
            owners: Owners::Everything,
            reported: None,
            expected: member(Unrevoked, 11, "1:3 2:6", "1:2 2:5"),
        },
    ]
}

#[test]
fn reconciliation_follows_current_assignment_builder_test() {
    for case in cases() {
        let only = match case.owners {
            Owners::Only(text) => ps(text),
            _ => BTreeSet::new(),
        };
        let owned_by_anyone = |p: &P| match case.owners {
            Owners::Everything => true,
            Owners::Nothing => false,
            Owners::Only(_) => only.contains(p),
        };
        let reported = case.reported.map(ps);
        let next = reconcile(&case.member, case.target_epoch, &ps(case.target), owned_by_anyone, reported.as_ref());
        assert_eq!(next, case.expected, "{}", case.from);
    }
}

/// A member at the target epoch in STABLE is left as it is, whatever the target says
/// (`build`'s STABLE branch: nothing to do until a newer epoch).
#[test]
fn a_stable_member_at_the_target_epoch_is_unchanged() {
    let at = member(Stable, 7, "1:0,1", "");
    assert_eq!(reconcile(&at, 7, &ps("1:2"), |_| false, Some(&ps("1:0,1"))), at);
}
