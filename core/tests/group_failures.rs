//! A consumer group's failure rate (`failure_per_mille`): a batch whose processing throws
//! stops the member with an error, nothing of it is committed, the group rebalances after the
//! session timeout and another member reads the records again. The default (0) draws no
//! random numbers, so every scenario without the field keeps its trace.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use crate::kafka_support;
use brokerlab_core::Drive;
use brokerlab_core::world::{Declared, Field, MemberState};
use brokerlab_core::{Command, Scenario, ScenarioError, World};
use kafka_support::{run, world};

fn scenario(extra: &str) -> String {
    format!(
        r#"{{"version": 1, "seed": 7, "link_ms": 100, "event_broker": {{
            "topics": [{{"name": "t", "partitions": 2}}],
            "producers": [{{"name": "p", "topic": "t", "every_ms": 100, "keys": ["a", "b", "c"]}}],
            "groups": [{{"name": "g", "topics": ["t"], "members": 2, "auto_offset_reset": "earliest",
                         "enable_auto_commit": false, "processing_ms": 50,
                         "session_timeout_ms": 1000, "heartbeat_interval_ms": 300 {extra}}}]}}}}"#
    )
}

const KINDS: &[&str] = &[
    "records_processed", "processing_failed", "offset_committed", "member_left", "rebalance_started", "partitions_assigned",
];

#[test]
fn the_default_rate_changes_nothing() {
    let without = run(&mut world(&scenario("")), 4000, KINDS);
    let zero = run(&mut world(&scenario(r#", "failure_per_mille": 0"#)), 4000, KINDS);
    assert_eq!(without, zero);
    assert!(!without.contains("processing_failed"));
    // Zero is left out when written, so exported scenarios read as before.
    let s = Scenario::from_json(&scenario(r#", "failure_per_mille": 0"#)).unwrap();
    assert!(!s.to_json().contains("failure_per_mille"));
    let s = Scenario::from_json(&scenario(r#", "failure_per_mille": 250"#)).unwrap();
    assert!(s.to_json().contains("\"failure_per_mille\": 250"));
}

#[test]
fn a_failing_batch_stops_the_member_commits_nothing_and_the_group_rebalances() {
    let mut w = world(&scenario(r#", "failure_per_mille": 1000"#));
    let trace = run(&mut w, 3000, KINDS);
    let first_failure = trace.lines().find(|l| l.contains("processing_failed")).expect("a batch fails");
    assert!(!trace.contains("records_processed"), "every batch fails at 1000 per mille:\n{trace}");
    assert!(!trace.contains("offset_committed"), "a failed batch commits nothing:\n{trace}");
    let member = first_failure.split_whitespace().find_map(|f| f.strip_prefix("member=")).unwrap();
    // Its heartbeats stop: one session timeout later it leaves and the group rebalances.
    let left = format!("member_left group=g member={member} reason=session_timeout");
    let after = trace.split(first_failure).nth(1).unwrap();
    assert!(after.contains(&left), "{left} after the failure:\n{trace}");
    let view = w.view();
    let state = view.groups().next().unwrap().members[member.parse::<usize>().unwrap()].state;
    assert_eq!(state, MemberState::Failed);
    // A failed member can be revived like a crashed one.
    w.apply(Command::ReviveMember { group: String::from("g"), member: member.parse().unwrap() }).unwrap();
}

#[test]
fn some_batches_fail_the_same_way_on_every_run() {
    let a = run(&mut world(&scenario(r#", "failure_per_mille": 300"#)), 6000, KINDS);
    let b = run(&mut world(&scenario(r#", "failure_per_mille": 300"#)), 6000, KINDS);
    assert_eq!(a, b, "same scenario and seed, same trace");
    assert!(a.contains("processing_failed"), "{a}");
    assert!(a.contains("records_processed"), "{a}");
    // Records a failed member did not commit are read again by the group.
    assert!(a.contains("offset_committed"), "{a}");
}

#[test]
fn a_rate_above_1000_is_refused() {
    let s = Scenario::from_json(&scenario(r#", "failure_per_mille": 1001"#)).unwrap();
    match World::new(&s) {
        Err(ScenarioError::OutOfRange { field, value: 1001, min: 0, max: 1000 }) => {
            assert_eq!(field, Field::Of { what: Declared::Group, name: String::from("g"), key: "failure_per_mille" });
        }
        other => panic!("expected an out-of-range error, got {other:?}"),
    }
}
