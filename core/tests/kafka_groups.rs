//! Consumer groups through the world: eager vs cooperative rebalances, static membership,
//! session and poll timeouts, offsets (earliest/latest, seek, reset), topic admin.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use crate::kafka_support;
use brokerlab_core::Drive;
use brokerlab_core::{Command, CommandError};
use kafka_support::{check, run, world};

const REBALANCE: &[&str] =
    &["rebalance_started", "partitions_revoked", "partitions_assigned", "member_left", "static_member_returned"];

fn group(assignor: &str, extra: &str, script: &str) -> String {
    format!(
        r#"{{"version": 1, "link_ms": 100, "event_broker": {{
            "topics": [{{"name": "t", "partitions": 3}}],
            "groups": [{{"name": "g", "topics": ["t"], "members": 2, "assignor": "{assignor}",
                         "session_timeout_ms": 1000, "heartbeat_interval_ms": 300, "max_poll_interval_ms": 800 {extra}}}]}},
            "script": [{script}]}}"#
    )
}

#[test]
fn eager_revokes_everything_cooperative_only_what_moves_then_follows_up() {
    let script = r#"{"at_ms": 1000, "command": {"add_member": {"group": "g"}}}"#;
    let mut eager = world(&group("range", "", script));
    check(&run(&mut eager, 1500, REBALANCE), "0 rebalance_started generation=0 group=g protocol=eager reason=member_joined
         200 partitions_assigned generation=1 group=g member=0 partitions=[[t,0],[t,1]]
         200 partitions_assigned generation=1 group=g member=1 partitions=[[t,2]]
         1000 rebalance_started generation=1 group=g protocol=eager reason=member_joined
         1000 partitions_revoked generation=1 group=g member=0 partitions=[[t,0],[t,1]]
         1000 partitions_revoked generation=1 group=g member=1 partitions=[[t,2]]
         1200 partitions_assigned generation=2 group=g member=0 partitions=[[t,0]]
         1200 partitions_assigned generation=2 group=g member=1 partitions=[[t,1]]
         1200 partitions_assigned generation=2 group=g member=2 partitions=[[t,2]]");
    let mut cooperative = world(&group("cooperative-sticky", "", script));
    check(&run(&mut cooperative, 1500, REBALANCE), "0 rebalance_started generation=0 group=g protocol=cooperative reason=member_joined
         200 partitions_assigned generation=1 group=g member=0 partitions=[[t,0],[t,2]]
         200 partitions_assigned generation=1 group=g member=1 partitions=[[t,1]]
         1000 rebalance_started generation=1 group=g protocol=cooperative reason=member_joined
         1200 partitions_revoked generation=1 group=g member=0 partitions=[[t,2]]
         1200 partitions_assigned generation=2 group=g member=0 partitions=[[t,0]]
         1200 partitions_assigned generation=2 group=g member=1 partitions=[[t,1]]
         1200 partitions_assigned generation=2 group=g member=2 partitions=[]
         1200 rebalance_started generation=2 group=g protocol=cooperative reason=follow_up
         1400 partitions_assigned generation=3 group=g member=0 partitions=[[t,0]]
         1400 partitions_assigned generation=3 group=g member=1 partitions=[[t,1]]
         1400 partitions_assigned generation=3 group=g member=2 partitions=[[t,2]]");
}

#[test]
fn session_timeout_and_static_member_return() {
    // Dynamic: a crash is noticed one session timeout after the last heartbeat.
    let crash = r#"{"at_ms": 1000, "command": {"crash_member": {"group": "g", "member": 1}}}"#;
    let mut dynamic = world(&group("range", "", crash));
    check(&run(&mut dynamic, 3000, REBALANCE), "0 rebalance_started generation=0 group=g protocol=eager reason=member_joined
         200 partitions_assigned generation=1 group=g member=0 partitions=[[t,0],[t,1]]
         200 partitions_assigned generation=1 group=g member=1 partitions=[[t,2]]
         1900 member_left group=g member=1 reason=session_timeout
         1900 rebalance_started generation=1 group=g protocol=eager reason=session_timeout
         1900 partitions_revoked generation=1 group=g member=0 partitions=[[t,0],[t,1]]
         2100 partitions_assigned generation=2 group=g member=0 partitions=[[t,0],[t,1],[t,2]]");
    // Static: back before the timeout, same partitions, no rebalance.
    let back = r#"{"at_ms": 1000, "command": {"crash_member": {"group": "g", "member": 1}}},
                  {"at_ms": 1500, "command": {"revive_member": {"group": "g", "member": 1}}}"#;
    let mut static_group = world(&group("range", r#", "static_members": true"#, back));
    check(&run(&mut static_group, 3000, REBALANCE), "0 rebalance_started generation=0 group=g protocol=eager reason=member_joined
         200 partitions_assigned generation=1 group=g member=0 partitions=[[t,0],[t,1]]
         200 partitions_assigned generation=1 group=g member=1 partitions=[[t,2]]
         1500 static_member_returned generation=1 group=g member=1 partitions=[[t,2]]");
}

#[test]
fn a_member_that_stops_polling_leaves_after_max_poll_interval() {
    let pause = r#"{"at_ms": 1000, "command": {"pause_member": {"group": "g", "member": 0}}}"#;
    let mut w = world(&group("range", "", pause));
    check(&run(&mut w, 2500, REBALANCE), "0 rebalance_started generation=0 group=g protocol=eager reason=member_joined
         200 partitions_assigned generation=1 group=g member=0 partitions=[[t,0],[t,1]]
         200 partitions_assigned generation=1 group=g member=1 partitions=[[t,2]]
         1700 member_left group=g member=0 reason=poll_timeout
         1700 rebalance_started generation=1 group=g protocol=eager reason=poll_timeout
         1700 partitions_revoked generation=1 group=g member=1 partitions=[[t,2]]
         1900 partitions_assigned generation=2 group=g member=1 partitions=[[t,0],[t,1],[t,2]]");
}

#[test]
fn more_members_than_partitions_leaves_some_idle() {
    let mut w = world(&group("roundrobin", "", r#"{"at_ms": 10, "command": {"add_member": {"group": "g"}}},
        {"at_ms": 10, "command": {"add_member": {"group": "g"}}}"#));
    check(&run(&mut w, 1000, &["partitions_assigned"]), "200 partitions_assigned generation=1 group=g member=0 partitions=[[t,0]]
         200 partitions_assigned generation=1 group=g member=1 partitions=[[t,1]]
         200 partitions_assigned generation=1 group=g member=2 partitions=[[t,2]]
         200 partitions_assigned generation=1 group=g member=3 partitions=[]");
}

fn offsets(reset: &str) -> String {
    format!(
        r#"{{"version": 1, "link_ms": 100, "event_broker": {{
            "topics": [{{"name": "t", "partitions": 1}}],
            "producers": [{{"name": "p", "topic": "t"}}],
            "groups": [{{"name": "g", "topics": ["t"], "members": 0, "auto_offset_reset": "{reset}",
                         "enable_auto_commit": false, "processing_ms": 10}}]}},
            "script": [{{"at_ms": 0, "command": {{"flood": {{"producer": "p", "count": 3}}}}}},
                       {{"at_ms": 500, "command": {{"add_member": {{"group": "g"}}}}}}]}}"#
    )
}

#[test]
fn earliest_latest_none_and_seek() {
    let kinds = &["offset_reset", "no_offset_for_partition", "records_fetched", "member_seeked", "offset_committed"];
    for (reset, expected) in [("earliest", "700 offset_reset cause=no_committed_offset group=g member=0 offset=0 partition=0 policy=earliest topic=t
         700 records_fetched from=0 group=g member=0 partition=0 records=[0,1,2] to=3 topic=t
         830 offset_committed group=g member=0 offset=3 partition=0 topic=t
         2000 member_seeked group=g member=0 offset=0 partition=0 topic=t
         2030 records_fetched from=0 group=g member=0 partition=0 records=[0,1,2] to=3 topic=t
         2160 offset_committed group=g member=0 offset=3 partition=0 topic=t"), ("latest", "700 offset_reset cause=no_committed_offset group=g member=0 offset=3 partition=0 policy=latest topic=t
         2000 member_seeked group=g member=0 offset=0 partition=0 topic=t
         2100 records_fetched from=0 group=g member=0 partition=0 records=[0,1,2] to=3 topic=t
         2230 offset_committed group=g member=0 offset=3 partition=0 topic=t")] {
        let mut w = world(&offsets(reset));
        let mut trace = run(&mut w, 2000, kinds);
        let seek = brokerlab_core::world::SeekTo::Beginning;
        w.apply(Command::Seek { group: "g".into(), member: 0, topic: "t".into(), partition: 0, to: seek }).unwrap();
        trace.push_str(&run(&mut w, 2500, kinds));
        check(&trace, expected);
        assert_eq!(w.view().lag("g", "t", brokerlab_core::event_broker::PartitionIndex(0)), Some(0));
    }
}

#[test]
fn reset_offsets_needs_an_inactive_group() {
    let mut w = world(&offsets("earliest"));
    run(&mut w, 1500, &[]);
    let reset = Command::ResetOffsets { group: "g".into(), topic: "t".into(), to: brokerlab_core::world::SeekTo::Offset(1) };
    let before = format!("{w:?}");
    assert_eq!(w.apply(reset.clone()), Err(CommandError::GroupNotEmpty("g".into())));
    assert_eq!(format!("{w:?}"), before);
    w.apply(Command::RemoveMember { group: "g".into(), member: 0 }).unwrap();
    w.apply(reset).unwrap();
    check(&run(&mut w, 1600, &["offsets_reset"]), "1500 offsets_reset group=g offset=1 partition=0 topic=t");
}

#[test]
fn adding_partitions_remaps_new_keyed_records_only() {
    let mut w = world(
        r#"{"version": 1, "event_broker": {"topics": [{"name": "t", "partitions": 1}],
            "producers": [{"name": "p", "topic": "t", "keys": ["alice", "bob", "carol"]}]},
            "script": [{"at_ms": 0, "command": {"flood": {"producer": "p", "count": 3}}},
                       {"at_ms": 1000, "command": {"add_partitions": {"topic": "t", "partitions": 3}}},
                       {"at_ms": 1000, "command": {"flood": {"producer": "p", "count": 3}}}]}"#,
    );
    check(&run(&mut w, 2000, &["record_appended", "partitions_added"]), "300 record_appended broker=0 offset=0 partition=0 record=0 topic=t
         300 record_appended broker=0 offset=1 partition=0 record=1 topic=t
         300 record_appended broker=0 offset=2 partition=0 record=2 topic=t
         1000 partitions_added from=1 to=3 topic=t
         1300 record_appended broker=0 offset=3 partition=0 record=3 topic=t
         1300 record_appended broker=0 offset=4 partition=0 record=4 topic=t
         1300 record_appended broker=0 offset=0 partition=2 record=5 topic=t");
    assert!(matches!(
        w.apply(Command::AddPartitions { topic: "t".into(), partitions: 2 }),
        Err(CommandError::PartitionsCannotShrink { current: 3, requested: 2 })
    ));
}

/// One partition, two members, one record at 500 ms that takes `processing_ms` to process;
/// max.poll.interval.ms is 800 and heartbeats keep flowing all along.
fn slow(processing_ms: u64) -> String {
    format!(
        r#"{{"version": 1, "link_ms": 100, "event_broker": {{
            "topics": [{{"name": "t", "partitions": 1}}],
            "producers": [{{"name": "p", "topic": "t"}}],
            "groups": [{{"name": "g", "topics": ["t"], "members": 2, "processing_ms": {processing_ms}, "max_poll_records": 1,
                         "auto_offset_reset": "earliest", "enable_auto_commit": false,
                         "session_timeout_ms": 1000, "heartbeat_interval_ms": 300, "max_poll_interval_ms": 800}}]}},
            "script": [{{"at_ms": 500, "command": {{"produce": {{"producer": "p", "key": "k"}}}}}}]}}"#
    )
}

#[test]
fn a_member_still_processing_at_max_poll_interval_leaves_then_joins_again() {
    // Kafka's heartbeat thread leaves the group once the poll timer expires, whether the
    // application stopped calling poll() or is still busy with what the last poll returned
    // (AbstractCoordinator.HeartbeatThread, "consumer poll timeout has expired"). Its next
    // poll() joins again. The record was not committed, so its new owner reads it again.
    let kinds = &["member_left", "member_joined", "rebalance_started", "records_fetched", "records_processed", "commit_failed"];
    let mut w = world(&slow(2_000));
    let trace = run(&mut w, 4_000, kinds);
    check(&trace, "0 member_joined group=g instance_id=null member=0
        0 rebalance_started generation=0 group=g protocol=eager reason=member_joined
        0 member_joined group=g instance_id=null member=1
        600 records_fetched from=0 group=g member=0 partition=0 records=[0] to=1 topic=t
        1400 member_left group=g member=0 reason=poll_timeout
        1400 rebalance_started generation=1 group=g protocol=eager reason=poll_timeout
        1600 records_fetched from=0 group=g member=1 partition=0 records=[0] to=1 topic=t
        2400 member_left group=g member=1 reason=poll_timeout
        2400 rebalance_started generation=2 group=g protocol=eager reason=poll_timeout
        2700 records_processed from=0 group=g member=0 partition=0 to=1 topic=t
        2700 commit_failed group=g member=0 offset=1 partition=0 topic=t
        2700 member_joined group=g instance_id=null member=0
        2700 rebalance_started generation=3 group=g protocol=eager reason=member_joined
        2900 records_fetched from=0 group=g member=0 partition=0 records=[0] to=1 topic=t
        3700 records_processed from=0 group=g member=1 partition=0 to=1 topic=t
        3700 commit_failed group=g member=1 offset=1 partition=0 topic=t
        3700 member_joined group=g instance_id=null member=1
        3700 rebalance_started generation=4 group=g protocol=eager reason=member_joined
        3700 member_left group=g member=0 reason=poll_timeout
        3900 records_fetched from=0 group=g member=1 partition=0 records=[0] to=1 topic=t");
    let mut fast = world(&slow(500));
    let quiet = run(&mut fast, 4_000, &["member_left"]);
    assert!(quiet.is_empty(), "processing within the interval keeps the member in: {quiet}");
}
