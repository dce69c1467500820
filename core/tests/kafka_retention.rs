//! Retention (K7), compaction (K8) and seek by timestamp (K9) through the world: segments are
//! cut, the log start advances, a lagging group jumps per `auto.offset.reset` with an event,
//! the cleaner keeps the latest record per key and removes expired tombstones, keyless records
//! are refused on a compacted topic, and a seek by time lands on the first record at or after
//! it.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use crate::kafka_support;
use brokerlab_core::Drive;
use brokerlab_core::event_broker::PartitionIndex;
use brokerlab_core::world::SeekTo;
use brokerlab_core::Command;
use kafka_support::{check, run, world};

const LOG: &[&str] = &["segments_deleted", "records_compacted", "offset_reset", "record_rejected", "member_seeked"];

/// One partition, one producer `p` (keys in turn), one group `g` of one member, and the log
/// config and broker intervals given; `script` is the scenario's script.
fn scenario(config: &str, producer: &str, group: &str, script: &str) -> String {
    format!(
        r#"{{"version": 1, "link_ms": 10, "event_broker": {{
            "log_retention_check_interval_ms": 1000, "log_cleaner_backoff_ms": 1000,
            "topics": [{{"name": "t", "partitions": 1, "config": {{{config}}}}}],
            "producers": [{{"name": "p", "topic": "t" {producer}}}],
            "groups": [{{"name": "g", "topics": ["t"], "auto_offset_reset": "earliest" {group}}}]}},
            "script": [{script}]}}"#
    )
}

fn log_of(world: &brokerlab_core::World) -> (u64, u64, u64, usize) {
    let view = world.view();
    let log = view.event_broker().topic("t").unwrap().partition(PartitionIndex(0)).unwrap();
    (log.log_start().0, log.high_watermark().0, log.log_end().0, log.len())
}

#[test]
fn retention_by_time_deletes_closed_segments_and_a_lagging_group_resets_to_earliest() {
    // A record every 500 ms, a segment per second, kept 3 s after its newest record; the group
    // takes 2 s per record, so it falls behind the log start.
    let json = scenario(
        r#""segment.ms": 1000, "retention.ms": 3000"#,
        r#", "every_ms": 500, "keys": ["k"]"#,
        r#", "processing_ms": 2000, "max_poll_records": 2"#,
        "",
    );
    let mut w = world(&json);
    let trace = run(&mut w, 12_000, LOG);
    check(&trace, "20 offset_reset cause=no_committed_offset group=g member=0 offset=0 partition=0 policy=earliest topic=t
        5000 segments_deleted broker=0 from=0 partition=0 reason=time records=3 segments=1 to=3 topic=t
        7000 segments_deleted broker=0 from=3 partition=0 reason=time records=3 segments=1 to=6 topic=t
        8000 segments_deleted broker=0 from=6 partition=0 reason=time records=3 segments=1 to=9 topic=t
        10000 segments_deleted broker=0 from=9 partition=0 reason=time records=3 segments=1 to=12 topic=t
        10630 offset_reset cause=out_of_range group=g member=0 offset=12 partition=0 policy=earliest topic=t
        11000 segments_deleted broker=0 from=12 partition=0 reason=time records=3 segments=1 to=15 topic=t");
    // (log start, high watermark, log end, records held): 23 records sent by 11 500 ms.
    assert_eq!(log_of(&w), (15, 23, 23, 8));
}

#[test]
fn retention_by_size_keeps_at_least_retention_bytes_and_never_the_active_segment() {
    // 73-byte records (68 overhead + key "k" + value "p-N"), two per 150-byte segment; at most
    // 300 bytes kept beyond the segment being deleted.
    let json = scenario(
        r#""segment.bytes": 150, "retention.bytes": 300"#,
        r#", "keys": ["k"]"#,
        r#", "members": 0"#,
        r#"{"at_ms": 100, "command": {"flood": {"producer": "p", "count": 11}}}"#,
    );
    let mut w = world(&json);
    let trace = run(&mut w, 3_000, LOG);
    // 804 bytes in six segments; deleting three leaves 366 >= 300, a fourth would leave 220.
    check(&trace, "1000 segments_deleted broker=0 from=0 partition=0 reason=size records=6 segments=3 to=6 topic=t");
    assert_eq!(log_of(&w), (6, 11, 11, 5));
}

#[test]
fn compaction_keeps_the_latest_per_key_removes_tombstones_and_refuses_keyless() {
    let produce = |at: u64, key: Option<&str>, value: Option<&str>| {
        let key = key.map_or("null".to_string(), |k| format!("\"{k}\""));
        let value = value.map_or("null".to_string(), |v| format!("\"{v}\""));
        format!(r#"{{"at_ms": {at}, "command": {{"produce": {{"producer": "p", "key": {key}, "value": {value}}}}}}}"#)
    };
    let script = [
        produce(100, Some("a"), Some("a1")),
        produce(200, Some("b"), Some("b1")),
        produce(300, Some("a"), Some("a2")),
        produce(400, None, Some("x")),
        produce(500, Some("b"), None),
        produce(600, Some("c"), Some("c1")),
        produce(700, Some("a"), Some("a3")),
        produce(5_000, Some("d"), Some("d1")),
    ]
    .join(",");
    let json = scenario(
        r#""cleanup.policy": "compact", "segment.bytes": 150, "delete.retention.ms": 2000"#,
        "",
        r#", "members": 0"#,
        &script,
    );
    let mut w = world(&json);
    let trace = run(&mut w, 8_000, LOG);
    // 1000: the dirty range ends at the active segment [4, 5]: a1 and b1 are superseded, b's
    // tombstone is stamped (horizon 3000). 3000: the tombstone goes. 6000: d rolled [4, 5]
    // closed, so a2 is superseded by a3. The keyless record never got an offset.
    check(&trace, "410 record_rejected broker=0 partition=0 reason=keyless_on_compacted record=3 topic=t
        1000 records_compacted broker=0 cleaned_up_to=4 offsets=[0,1] partition=0 records=[0,1] tombstones_removed=0 tombstones_stamped=1 topic=t
        3000 records_compacted broker=0 cleaned_up_to=4 offsets=[3] partition=0 records=[4] tombstones_removed=1 tombstones_stamped=0 topic=t
        6000 records_compacted broker=0 cleaned_up_to=6 offsets=[2] partition=0 records=[2] tombstones_removed=0 tombstones_stamped=0 topic=t");
    let view = w.view();
    let log = view.event_broker().topic("t").unwrap().partition(PartitionIndex(0)).unwrap();
    let kept: Vec<String> = log
        .read(log.log_start(), 100)
        .iter()
        .map(|r| format!("{}:{}={}", r.offset, r.key.as_deref().unwrap_or("-"), r.value.as_deref().unwrap_or("null")))
        .collect();
    assert_eq!(kept, ["4:c=c1", "5:a=a3", "6:d=d1"]);
    assert_eq!((log.log_start().0, log.log_end().0), (0, 7), "offsets are never renumbered");
}

#[test]
fn seek_by_timestamp_lands_on_the_first_record_at_or_after_it() {
    // Records sent at 500, 1000, ..., 3000 (CreateTime) get offsets 0..5.
    let json = scenario("", r#", "every_ms": 500, "keys": ["k"]"#, r#", "processing_ms": 1"#, "");
    let mut w = world(&json);
    run(&mut w, 3_100, &[]);
    let mut trace = String::new();
    for ms in [0, 1_250, 1_500, 99_000] {
        let to = SeekTo::Timestamp(ms);
        w.apply(Command::Seek { group: "g".into(), member: 0, topic: "t".into(), partition: 0, to }).unwrap();
        kafka_support::render_pending(&mut w, &["member_seeked"], &mut trace);
    }
    // Nothing that recent: the end (the high watermark).
    check(&trace, "3100 member_seeked group=g member=0 offset=0 partition=0 topic=t
        3100 member_seeked group=g member=0 offset=2 partition=0 topic=t
        3100 member_seeked group=g member=0 offset=2 partition=0 topic=t
        3100 member_seeked group=g member=0 offset=6 partition=0 topic=t");
}

#[test]
fn replicas_past_the_log_start_catch_up_and_truncate_after_an_unclean_election() {
    // Broker 1 stops; retention moves the leader's log start past broker 1's log end while it
    // is away; broker 0 stops too, and broker 1 comes back to an unclean election, losing what
    // only broker 0 had; broker 0 returns and truncates a log whose start is above 0.
    let json = r#"{"version": 1, "link_ms": 10, "event_broker": {"brokers": 2, "replica_lag_time_max_ms": 1000,
        "log_retention_check_interval_ms": 1000,
        "topics": [{"name": "t", "partitions": 1, "replication_factor": 2,
                    "config": {"segment.ms": 1000, "retention.ms": 2000, "unclean.leader.election.enable": true}}],
        "producers": [{"name": "p", "topic": "t", "every_ms": 500, "keys": ["k"], "acks": "1"}]},
        "script": [{"at_ms": 1100, "command": {"kill_broker": {"broker": 1}}},
                   {"at_ms": 7100, "command": {"kill_broker": {"broker": 0}}},
                   {"at_ms": 7200, "command": {"revive_broker": {"broker": 1}}},
                   {"at_ms": 9100, "command": {"revive_broker": {"broker": 0}}}]}"#;
    let mut w = world(json);
    let kinds = ["segments_deleted", "leader_elected", "records_lost", "replica_truncated", "isr_shrunk", "isr_expanded"];
    let trace = run(&mut w, 12_000, &kinds);
    // 7200: broker 1 has offsets 0-1 only; broker 0 held 9-13 (2-8 retention had deleted).
    // 9100: broker 0's log starts at 9, above where it must truncate (6): it takes the
    // leader's log (log.rs has no truncate_to; see cluster::truncated).
    check(&trace, "2500 isr_shrunk isr=[0] leader=0 partition=0 removed=1 topic=t
        4000 segments_deleted broker=0 from=0 partition=0 reason=time records=3 segments=1 to=3 topic=t
        6000 segments_deleted broker=0 from=3 partition=0 reason=time records=3 segments=1 to=6 topic=t
        7000 segments_deleted broker=0 from=6 partition=0 reason=time records=3 segments=1 to=9 topic=t
        7200 leader_elected clean=false epoch=2 isr=[1] leader=1 partition=0 topic=t
        7200 records_lost acknowledged=[9,10,11,12,13] broker=0 cause=unclean_election from=9 partition=0 records=[9,10,11,12,13] to=14 topic=t
        8000 segments_deleted broker=1 from=0 partition=0 reason=time records=2 segments=1 to=2 topic=t
        9100 replica_truncated broker=0 partition=0 removed=5 to=6 topic=t
        9110 isr_expanded added=0 isr=[0,1] leader=1 partition=0 topic=t
        11000 segments_deleted broker=1 from=2 partition=0 reason=time records=3 segments=1 to=5 topic=t");
    let view = w.view();
    let follower = &view.replication("t", PartitionIndex(0)).unwrap().followers[&brokerlab_core::event_broker::BrokerId(0)];
    assert_eq!(follower.log.log_end(), view.event_broker().topic("t").unwrap().partition(PartitionIndex(0)).unwrap().log_end());
    kafka_support::invariants::check_invariants(&w).unwrap();
}
