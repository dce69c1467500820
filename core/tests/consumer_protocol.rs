//! Consumer groups under the consumer rebalance protocol (KIP-848, `group.protocol=consumer`)
//! through the world: the coordinator's epochs and target assignment, members reconciling on
//! their own, the session timeout, static membership, and what the protocol changes for the
//! members that keep their partitions. Each case names the Kafka test or source rule it
//! follows; invariants are checked after every step of random runs.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

mod kafka_support;
use std::collections::BTreeSet;

use brokerlab_core::event_broker::reconcile::ReconcileState;
use brokerlab_core::world::{GroupProtocol, MemberState};
use brokerlab_core::{Advance, Command, Drive, Event, EventKind, Scenario, ScenarioError, SimTime, World};
use kafka_support::{check, run, world};

const PROTOCOL: &[&str] = &[
    "member_joined",
    "group_epoch_bumped",
    "target_assignment_computed",
    "member_reconciled",
    "partitions_revoked",
    "partitions_assigned",
    "member_left",
    "member_fenced",
    "static_member_returned",
];

fn scenario(protocol: &str, members: u32, partitions: u32, extra: &str, script: &str) -> String {
    format!(
        r#"{{"version": 1, "link_ms": 100, "event_broker": {{"kafka_version": "4.2",
            "topics": [{{"name": "t", "partitions": {partitions}}}],
            "producers": [{{"name": "p", "topic": "t", "every_ms": 20}}],
            "groups": [{{"name": "g", "topics": ["t"], "members": {members}, "group_protocol": "{protocol}",
                         "auto_offset_reset": "earliest", "processing_ms": 10, "max_poll_interval_ms": 10000 {extra}}}]}},
            "script": [{script}]}}"#
    )
}

/// GroupMetadataManagerTest#testReconciliationProcess, in the world: a third member joins a
/// group of two; the group epoch goes up and the target is computed at once, the newcomer
/// waits (UNRELEASED_PARTITIONS) while the others, at their next heartbeats, stay at their
/// epoch until they revoked what moves (UNREVOKED_PARTITIONS), then reach the new epoch; the
/// newcomer gets the released partition at its next heartbeat. Member 0 loses nothing: it
/// moves to the new epoch without revoking anything. Assignor `range`, as that test's.
#[test]
fn a_joining_member_gets_partitions_only_after_their_owners_revoke_them() {
    let join = r#"{"at_ms": 20000, "command": {"add_member": {"group": "g"}}}"#;
    let mut w = world(&scenario("consumer", 2, 4, r#", "group_remote_assignor": "range""#, join));
    run(&mut w, 19_000, &[]);
    check(&run(&mut w, 31_000, PROTOCOL), "
        20100 member_joined group=g instance_id=null member=2
        20100 group_epoch_bumped epoch=3 group=g reason=member_joined
        20100 target_assignment_computed assignment=[[0,[[t,0],[t,1]]],[1,[[t,2]]],[2,[[t,3]]]] assignor=range epoch=3 group=g
        20100 member_reconciled assigned=[] epoch=3 group=g member=2 revoking=[] state=unreleased_partitions
        21100 member_reconciled assigned=[[t,2]] epoch=2 group=g member=1 revoking=[[t,3]] state=unrevoked_partitions
        21200 partitions_revoked generation=2 group=g member=1 partitions=[[t,3]]
        21300 member_reconciled assigned=[[t,2]] epoch=3 group=g member=1 revoking=[] state=stable
        21390 member_reconciled assigned=[[t,0],[t,1]] epoch=3 group=g member=0 revoking=[] state=stable
        25300 member_reconciled assigned=[[t,3]] epoch=3 group=g member=2 revoking=[] state=stable
        25400 partitions_assigned generation=3 group=g member=2 partitions=[[t,3]]
        ");
}
