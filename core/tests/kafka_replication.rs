//! Replication through the world: acks=all vs acks=1 on failover, unclean election,
//! NotEnoughReplicas, ISR shrink and expand, truncation on rejoin.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use crate::kafka_support;
use kafka_support::{check, run, world};

/// One partition on brokers 0, 1, 2 (leader 0), fast failure detection for teaching.
fn cluster(acks: &str, config: &str, script: &str) -> String {
    format!(
        r#"{{"version": 1, "link_ms": 100, "event_broker": {{ "brokers": 3, "replica_lag_time_max_ms": 1000,
            "topics": [{{"name": "t", "partitions": 1, "replication_factor": 3, "config": {{{config}}}}}],
            "producers": [{{"name": "p", "topic": "t", "acks": "{acks}"}}] }},
            "script": [{script}]}}"#
    )
}

const KINDS: &[&str] = &[
    "record_appended", "produce_acked", "not_enough_replicas", "record_rejected", "leader_elected",
    "partition_offline", "records_lost", "isr_shrunk", "isr_expanded", "replica_truncated", "broker_stopped",
    "broker_started",
];

#[test]
fn acks_all_waits_for_the_isr_and_survives_failover() {
    // Produce at 0; the followers copy it (fetch 100 ms there, 100 ms back), the HW passes it,
    // then the ack leaves. Killing the leader right after loses nothing acknowledged.
    let mut w = world(&cluster(
        "all",
        "",
        r#"{"at_ms": 1, "command": {"produce": {"producer": "p", "key": "a"}}},
           {"at_ms": 700, "command": {"kill_broker": {"broker": 0}}}"#,
    ));
    check(
        &run(&mut w, 1500, KINDS),
        "101 record_appended broker=0 offset=0 partition=0 record=0 topic=t
         301 produce_acked acks=all broker=0 offset=0 partition=0 record=0 topic=t
         700 broker_stopped broker=0
         700 leader_elected clean=true epoch=1 isr=[1,2] leader=1 partition=0 topic=t",
    );
}

#[test]
fn acks_1_loses_an_acknowledged_write_on_failover() {
    // The leader acks at once; it dies before any follower fetched the record.
    let mut w = world(&cluster(
        "1",
        "",
        r#"{"at_ms": 1, "command": {"produce": {"producer": "p", "key": "a"}}},
           {"at_ms": 150, "command": {"kill_broker": {"broker": 0}}},
           {"at_ms": 1000, "command": {"revive_broker": {"broker": 0}}}"#,
    ));
    check(
        &run(&mut w, 1500, KINDS),
        "101 record_appended broker=0 offset=0 partition=0 record=0 topic=t
         101 produce_acked acks=1 broker=0 offset=0 partition=0 record=0 topic=t
         150 broker_stopped broker=0
         150 leader_elected clean=true epoch=1 isr=[1,2] leader=1 partition=0 topic=t
         150 records_lost acknowledged=[0] broker=0 cause=not_replicated from=0 partition=0 records=[0] to=1 topic=t
         1000 broker_started broker=0
         1000 replica_truncated broker=0 partition=0 removed=1 to=0 topic=t
         1100 isr_expanded added=0 isr=[0,1,2] leader=1 partition=0 topic=t",
    );
}

#[test]
fn min_insync_replicas_refuses_acks_all_writes_once_the_isr_shrinks() {
    // Followers 1 and 2 stop; the ISR keeps them until they lag behind a new record for
    // replica.lag.time.max.ms; then writes get NOT_ENOUGH_REPLICAS. The stuck first record is
    // acknowledged when the ISR shrinks to the leader alone (HW = its log end).
    let mut w = world(&cluster(
        "all",
        r#""min.insync.replicas": 2"#,
        r#"{"at_ms": 10, "command": {"kill_broker": {"broker": 1}}},
           {"at_ms": 10, "command": {"kill_broker": {"broker": 2}}},
           {"at_ms": 100, "command": {"produce": {"producer": "p", "key": "a"}}},
           {"at_ms": 2000, "command": {"produce": {"producer": "p", "key": "b"}}},
           {"at_ms": 2100, "command": {"revive_broker": {"broker": 1}}}"#,
    ));
    check(
        &run(&mut w, 2600, KINDS),
        "10 broker_stopped broker=1
         10 broker_stopped broker=2
         200 record_appended broker=0 offset=0 partition=0 record=0 topic=t
         1500 isr_shrunk isr=[0,2] leader=0 partition=0 removed=1 topic=t
         1500 isr_shrunk isr=[0] leader=0 partition=0 removed=2 topic=t
         1500 produce_acked acks=all broker=0 offset=0 partition=0 record=0 topic=t
         2100 broker_started broker=1
         2100 not_enough_replicas broker=0 isr=[0] min_insync_replicas=2 partition=0 record=1 topic=t
         2400 isr_expanded added=1 isr=[0,1] leader=0 partition=0 topic=t",
    );
}

#[test]
fn unclean_election_off_keeps_the_partition_offline_on_elects_and_reports_the_loss() {
    for (unclean, expected) in [
        (
            "false",
            "10 broker_stopped broker=1
             20 broker_stopped broker=2
             200 record_appended broker=0 offset=0 partition=0 record=0 topic=t
             200 produce_acked acks=1 broker=0 offset=0 partition=0 record=0 topic=t
             1500 isr_shrunk isr=[0,2] leader=0 partition=0 removed=1 topic=t
             1500 isr_shrunk isr=[0] leader=0 partition=0 removed=2 topic=t
             2100 record_appended broker=0 offset=1 partition=0 record=1 topic=t
             2100 produce_acked acks=1 broker=0 offset=1 partition=0 record=1 topic=t
             3000 broker_stopped broker=0
             3000 partition_offline isr=[0] partition=0 topic=t
             3100 broker_started broker=2
             3300 record_rejected broker=null partition=0 reason=offline record=2 topic=t",
        ),
        (
            "true",
            "10 broker_stopped broker=1
             20 broker_stopped broker=2
             200 record_appended broker=0 offset=0 partition=0 record=0 topic=t
             200 produce_acked acks=1 broker=0 offset=0 partition=0 record=0 topic=t
             1500 isr_shrunk isr=[0,2] leader=0 partition=0 removed=1 topic=t
             1500 isr_shrunk isr=[0] leader=0 partition=0 removed=2 topic=t
             2100 record_appended broker=0 offset=1 partition=0 record=1 topic=t
             2100 produce_acked acks=1 broker=0 offset=1 partition=0 record=1 topic=t
             3000 broker_stopped broker=0
             3000 partition_offline isr=[0] partition=0 topic=t
             3100 broker_started broker=2
             3100 leader_elected clean=false epoch=2 isr=[2] leader=2 partition=0 topic=t
             3100 records_lost acknowledged=[0,1] broker=0 cause=unclean_election from=0 partition=0 records=[0,1] to=2 topic=t
             3300 record_appended broker=2 offset=0 partition=0 record=2 topic=t
             3300 produce_acked acks=1 broker=2 offset=0 partition=0 record=2 topic=t",
        ),
    ] {
        let mut w = world(&cluster(
            "1",
            &format!(r#""unclean.leader.election.enable": {unclean}"#),
            r#"{"at_ms": 10, "command": {"kill_broker": {"broker": 1}}},
               {"at_ms": 20, "command": {"kill_broker": {"broker": 2}}},
               {"at_ms": 100, "command": {"produce": {"producer": "p", "key": "a"}}},
               {"at_ms": 2000, "command": {"produce": {"producer": "p", "key": "b"}}},
               {"at_ms": 3000, "command": {"kill_broker": {"broker": 0}}},
               {"at_ms": 3100, "command": {"revive_broker": {"broker": 2}}},
               {"at_ms": 3200, "command": {"produce": {"producer": "p", "key": "c"}}}"#,
        ));
        check(&run(&mut w, 3600, KINDS), expected);
    }
}
