//! One partition's log (K2, K7, K8): segment rolling, retention, compaction, reads across gaps
//! and seek by timestamp, written as scripts over a small text notation, plus a model-based
//! proptest of the invariants.
//!
//! Notation: a record is `key=value@timestamp_ms` (`@0` may be left out); key `_` is a keyless
//! record and value `~` a tombstone. Each record takes 68 bytes plus its key and value, so
//! `a=1` is 70 bytes and `"segment.bytes": 140` holds two of them. A log prints as its
//! segments, oldest first, the active one last: `base{offset:key=value ...}`.
//!
//! Script commands and what they print:
//! - `append RECORDS`: appends, the high watermark follows the log end; prints the log.
//! - `append-hold RECORDS`: appends without moving the high watermark; prints the log.
//! - `try RECORD`: a validating append; `ok OFFSET | log` or `refused: why | log`.
//! - `hw N`: moves the high watermark; prints the log.
//! - `policy P`: alters `cleanup.policy`; prints the log.
//! - `compact NOW`: one cleaner pass; `nothing | log` or
//!   `removed [offset(~ if tombstone) reason, ...] stamped N clean<CHECKPOINT | log`.
//! - `retain NOW`: one retention check; `nothing | log` or
//!   `deleted [base,end) records by reason, ...; start LOG_START | log`.
//! - `read FROM MAX`: the offsets read, or `-`.
//! - `get OFFSET`: the record at exactly that offset, or `none`.
//! - `seek TIMESTAMP`: `offset_for_timestamp`, or `none`.
//! - `horizon OFFSET`: a tombstone's delete horizon in ms, or `none`.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use brokerlab_core::SimTime;
use brokerlab_core::event_broker::log::{
    AppendError, CleanupPolicy, CompactionOutcome, CompactionReason, LogConfig, PartitionLog, RECORD_OVERHEAD_BYTES,
    RetentionOutcome, RetentionReason, record_size_bytes,
};
use brokerlab_core::event_broker::{Offset, Record, RecordId};

// ---------------------------------------------------------------------------------------------
// Rolling

#[test]
fn segments_roll_on_size_and_on_record_time() {
    let cases: &[(&str, &str, &str, &str)] = &[
        ("Kafka's defaults keep a small log in one segment", "{}", "a=1@0 b=2@1 c=3@2", "0{0:a=1 1:b=2 2:c=3}"),
        (
            "two 70-byte records fill 140 bytes exactly; the third rolls",
            r#"{"segment.bytes": 140}"#,
            "a=1 b=2 c=3 d=4 e=5",
            "0{0:a=1 1:b=2} 2{2:c=3 3:d=4} 4{4:e=5}",
        ),
        ("one byte short: every record rolls", r#"{"segment.bytes": 139}"#, "a=1 b=2 c=3", "0{0:a=1} 1{1:b=2} 2{2:c=3}"),
        (
            "key and value bytes count: 79 + 70 fit in 150, a third does not",
            r#"{"segment.bytes": 150}"#,
            "k=0123456789 a=1 b=2",
            "0{0:k=0123456789 1:a=1} 2{2:b=2}",
        ),
        (
            "a record larger than segment.bytes gets a segment of its own",
            r#"{"segment.bytes": 10}"#,
            "a=1 b=2",
            "0{0:a=1} 1{1:b=2}",
        ),
        (
            "rolls only when a record is MORE than segment.ms after the segment's first record",
            r#"{"segment.ms": 1000}"#,
            "a=1@0 b=2@500 c=3@1000 d=4@1001 e=5@2001 f=6@2002",
            "0{0:a=1 1:b=2 2:c=3} 3{3:d=4 4:e=5} 5{5:f=6}",
        ),
        (
            "an older CreateTime never rolls; age is from the first record, not the newest",
            r#"{"segment.ms": 1000}"#,
            "a=1@5000 b=2@0 c=3@6000 d=4@6001",
            "0{0:a=1 1:b=2 2:c=3} 3{3:d=4}",
        ),
        (
            "size and time together",
            r#"{"segment.bytes": 140, "segment.ms": 100}"#,
            "a=1@0 b=2@0 c=3@0 d=4@101",
            "0{0:a=1 1:b=2} 2{2:c=3} 3{3:d=4}",
        ),
    ];
    for (what, config, appends, expected) in cases {
        check(what, config, &[(&format!("append {appends}"), expected)]);
    }
}

#[test]
fn record_sizes_follow_kafka_v2_batch_overhead() {
    assert_eq!(RECORD_OVERHEAD_BYTES, 61 + 7);
    let cases: &[(&str, u64)] = &[("a=1", 70), ("a=~", 69), ("_=xy", 70), ("_=~", 68), ("key=value", 76)];
    for (record, size) in cases {
        assert_eq!(record_size_bytes(&parse_record(record, 0)), *size, "{record}");
    }
}

#[test]
fn plain_append_keeps_working_with_default_config() {
    let mut log = PartitionLog::new();
    assert_eq!(log.config(), &LogConfig::default());
    for expected in 0..3 {
        assert_eq!(log.append(parse_record("_=x", expected)), Offset(expected));
    }
    log.set_high_watermark(Offset(3));
    assert_eq!((log.len(), log.size_bytes(), log.segments().len()), (3, 3 * 69, 1));
    assert_eq!(offsets(&log.read(Offset(1), 10)), "1 2");
}

// ---------------------------------------------------------------------------------------------
// Retention

/// Five 70-byte records in segments of two: `0{0 1} 2{2 3} 4{4}`, newest timestamps 100, 300
/// and 400.
const FIVE: &str = "append a=1@0 b=1@100 c=1@200 d=1@300 e=1@400";
const FIVE_LAYOUT: &str = "0{0:a=1 1:b=1} 2{2:c=1 3:d=1} 4{4:e=1}";

#[test]
fn retention_deletes_closed_segments_by_time() {
    let config = r#"{"segment.bytes": 140, "retention.ms": 1000}"#;
    check("exactly retention.ms old is kept", config, &[(FIVE, FIVE_LAYOUT), ("retain 1100", &format!("nothing | {FIVE_LAYOUT}"))]);
    check(
        "one millisecond more and the oldest segment goes; the log start advances",
        config,
        &[(FIVE, FIVE_LAYOUT), ("retain 1101", "deleted [0,2) 2 by time; start 2 | 2{2:c=1 3:d=1} 4{4:e=1}")],
    );
    check(
        "the active segment survives even when every record in it has expired",
        config,
        &[
            (FIVE, FIVE_LAYOUT),
            ("retain 100000", "deleted [0,2) 2 by time, [2,4) 2 by time; start 4 | 4{4:e=1}"),
            ("retain 200000", "nothing | 4{4:e=1}"),
            ("read 0 10", "-"),
            ("read 3 10", "-"),
            ("read 4 10", "4"),
            ("append f=1@200000", "4{4:e=1 5:f=1}"),
        ],
    );
    check(
        "a segment holding offsets at or above the high watermark waits",
        config,
        &[
            ("append-hold a=1@0 b=1@100 c=1@200 d=1@300 e=1@400", FIVE_LAYOUT),
            ("hw 3", FIVE_LAYOUT),
            ("retain 100000", "deleted [0,2) 2 by time; start 2 | 2{2:c=1 3:d=1} 4{4:e=1}"),
            ("hw 5", "2{2:c=1 3:d=1} 4{4:e=1}"),
            ("retain 100000", "deleted [2,4) 2 by time; start 4 | 4{4:e=1}"),
        ],
    );
    check(
        "a compact-only topic keeps everything",
        r#"{"segment.bytes": 140, "retention.ms": 1000, "cleanup.policy": "compact"}"#,
        &[(FIVE, FIVE_LAYOUT), ("retain 100000", &format!("nothing | {FIVE_LAYOUT}"))],
    );
    check(
        "retention.ms -1 keeps everything",
        r#"{"segment.bytes": 140, "retention.ms": -1}"#,
        &[(FIVE, FIVE_LAYOUT), ("retain 999999999", &format!("nothing | {FIVE_LAYOUT}"))],
    );
}

#[test]
fn retention_deletes_oldest_segments_while_the_rest_still_reaches_retention_bytes() {
    // The log holds 350 bytes; Kafka deletes the oldest segment while size - segment >= limit.
    let cases: &[(&str, u64, &str)] = &[
        ("350 - 140 = 210 >= 150, then 70 < 150 stops", 150, "deleted [0,2) 2 by size; start 2 | 2{2:c=1 3:d=1} 4{4:e=1}"),
        ("210 >= 210 deletes, then 70 < 210 stops", 210, "deleted [0,2) 2 by size; start 2 | 2{2:c=1 3:d=1} 4{4:e=1}"),
        ("exactly the limit: deleting would go below it", 350, &format!("nothing | {FIVE_LAYOUT}")),
        ("under the limit", 400, &format!("nothing | {FIVE_LAYOUT}")),
        ("down to the active segment", 70, "deleted [0,2) 2 by size, [2,4) 2 by size; start 4 | 4{4:e=1}"),
        ("never the active segment, even at 0", 0, "deleted [0,2) 2 by size, [2,4) 2 by size; start 4 | 4{4:e=1}"),
    ];
    for (what, limit, expected) in cases {
        let config = format!(r#"{{"segment.bytes": 140, "retention.ms": -1, "retention.bytes": {limit}}}"#);
        check(what, &config, &[(FIVE, FIVE_LAYOUT), ("retain 0", expected)]);
    }
}

#[test]
fn retention_by_time_then_by_size_in_one_check() {
    check(
        "time takes the first segment, size the second",
        r#"{"segment.bytes": 140, "retention.ms": 1000, "retention.bytes": 70}"#,
        &[(FIVE, FIVE_LAYOUT), ("retain 1150", "deleted [0,2) 2 by time, [2,4) 2 by size; start 4 | 4{4:e=1}")],
    );
}

#[test]
fn offsets_are_never_reused_after_retention() {
    let mut log = log_with(r#"{"segment.bytes": 140, "retention.ms": 0}"#, "a=1@0 b=1@0 c=1@0");
    let outcome = log.enforce_retention(SimTime::from_ms(1)).expect("the first segment expired");
    assert_eq!(outcome.log_start, Offset(2));
    assert_eq!(outcome.records_deleted(), 2);
    assert_eq!(outcome.deleted[0].reason, RetentionReason::Time);
    assert_eq!(outcome.deleted[0].size_bytes, 140);
    assert_eq!((log.log_start(), log.log_end(), log.len(), log.size_bytes()), (Offset(2), Offset(3), 1, 70));
    assert_eq!(log.append(parse_record("d=1", 2)), Offset(3));
    assert_eq!(log.record(Offset(0)), None);
}

// ---------------------------------------------------------------------------------------------
// Compaction

const COMPACT: &str = r#"{"cleanup.policy": "compact", "segment.bytes": 140, "delete.retention.ms": 1000}"#;

#[test]
fn compaction_keeps_the_last_value_per_key_and_never_moves_offsets() {
    check(
        "latest per key in the cleaned range; the active segment is untouched",
        COMPACT,
        &[
            ("append a=1 b=1 a=2 b=2 a=3 c=1", "0{0:a=1 1:b=1} 2{2:a=2 3:b=2} 4{4:a=3 5:c=1}"),
            // a=2 survives beside a=3: a=3 is in the active segment, which the cleaner never reads.
            ("compact 0", "removed [0 superseded, 1 superseded] stamped 0 clean<4 | 0{} 2{2:a=2 3:b=2} 4{4:a=3 5:c=1}"),
            // Nothing dirty, but the emptied segment and its neighbour fit in segment.bytes: merged.
            ("compact 0", "removed [] stamped 0 clean<4 | 0{2:a=2 3:b=2} 4{4:a=3 5:c=1}"),
            ("compact 0", "nothing | 0{2:a=2 3:b=2} 4{4:a=3 5:c=1}"),
            ("read 0 10", "2 3 4 5"),
            ("read 1 1", "2"),
            ("read 3 2", "3 4"),
            ("get 1", "none"),
            ("get 2", "2:a=2"),
            ("append d=1", "0{2:a=2 3:b=2} 4{4:a=3 5:c=1} 6{6:d=1}"),
            ("compact 0", "removed [2 superseded] stamped 0 clean<6 | 0{3:b=2} 4{4:a=3 5:c=1} 6{6:d=1}"),
            ("append e=1", "0{3:b=2} 4{4:a=3 5:c=1} 6{6:d=1 7:e=1}"),
        ],
    );
}

#[test]
fn tombstones_stay_for_delete_retention_ms_after_the_cleaner_first_sees_them() {
    check(
        "stamped at 100, removed from 1100",
        COMPACT,
        &[
            ("append a=1@0 a=~@10 b=1@20 b=2@30 c=1@40", "0{0:a=1 1:a=~} 2{2:b=1 3:b=2} 4{4:c=1}"),
            ("horizon 1", "none"),
            ("compact 100", "removed [0 superseded, 2 superseded] stamped 1 clean<4 | 0{1:a=~} 2{3:b=2} 4{4:c=1}"),
            ("horizon 1", "1100"),
            ("compact 1099", "removed [] stamped 0 clean<4 | 0{1:a=~ 3:b=2} 4{4:c=1}"),
            // Consumers still read the tombstone until it is removed: that is how they learn of the delete.
            ("read 0 10", "1 3 4"),
            ("compact 1100", "removed [1~ expired] stamped 0 clean<4 | 0{3:b=2} 4{4:c=1}"),
            ("horizon 1", "none"),
            ("read 0 10", "3 4"),
        ],
    );
    check(
        "a superseded tombstone goes at once; one in the active segment is not even stamped",
        COMPACT,
        &[
            ("append a=1 a=~ a=2 x=1 a=~", "0{0:a=1 1:a=~} 2{2:a=2 3:x=1} 4{4:a=~}"),
            ("compact 0", "removed [0 superseded, 1~ superseded] stamped 0 clean<4 | 0{} 2{2:a=2 3:x=1} 4{4:a=~}"),
            ("horizon 4", "none"),
            ("compact 999999", "removed [] stamped 0 clean<4 | 0{2:a=2 3:x=1} 4{4:a=~}"),
        ],
    );
    check(
        "delete.retention.ms 0 still keeps a tombstone for one pass",
        r#"{"cleanup.policy": "compact", "segment.bytes": 140, "delete.retention.ms": 0}"#,
        &[
            ("append a=~@0 b=1@0 c=1@0", "0{0:a=~ 1:b=1} 2{2:c=1}"),
            ("compact 5", "removed [] stamped 1 clean<2 | 0{0:a=~ 1:b=1} 2{2:c=1}"),
            ("compact 5", "removed [0~ expired] stamped 0 clean<2 | 0{1:b=1} 2{2:c=1}"),
        ],
    );
}

#[test]
fn compaction_waits_for_min_compaction_lag_and_the_high_watermark() {
    check(
        "a dirty segment younger than min.compaction.lag.ms stops the cleaner there",
        r#"{"cleanup.policy": "compact", "segment.bytes": 140, "min.compaction.lag.ms": 1000}"#,
        &[
            ("append a=1@0 a=2@10 a=3@500 b=1@600 c=1@700", "0{0:a=1 1:a=2} 2{2:a=3 3:b=1} 4{4:c=1}"),
            ("compact 1009", "nothing | 0{0:a=1 1:a=2} 2{2:a=3 3:b=1} 4{4:c=1}"),
            ("compact 1010", "removed [0 superseded] stamped 0 clean<2 | 0{1:a=2} 2{2:a=3 3:b=1} 4{4:c=1}"),
            ("compact 1599", "nothing | 0{1:a=2} 2{2:a=3 3:b=1} 4{4:c=1}"),
            ("compact 1600", "removed [1 superseded] stamped 0 clean<4 | 0{} 2{2:a=3 3:b=1} 4{4:c=1}"),
        ],
    );
    check(
        "records at or above the high watermark are neither mapped nor removed",
        COMPACT,
        &[
            ("append a=1", "0{0:a=1}"),
            ("append-hold a=2 a=3", "0{0:a=1 1:a=2} 2{2:a=3}"),
            ("compact 0", "removed [] stamped 0 clean<1 | 0{0:a=1 1:a=2} 2{2:a=3}"),
            ("read 0 10", "0"),
            ("hw 3", "0{0:a=1 1:a=2} 2{2:a=3}"),
            ("compact 0", "removed [0 superseded] stamped 0 clean<2 | 0{1:a=2} 2{2:a=3}"),
        ],
    );
}

#[test]
fn keyless_records_are_refused_by_a_compacted_topic() {
    check(
        "refused and nothing changes",
        COMPACT,
        &[
            ("try _=x", "refused: a compacted topic cannot accept a record without a key | 0{}"),
            ("try a=1", "ok 0 | 0{0:a=1}"),
            ("try _=~", "refused: a compacted topic cannot accept a record without a key | 0{0:a=1}"),
            ("try a=~", "ok 1 | 0{0:a=1 1:a=~}"),
        ],
    );
    check("a delete topic takes them", "{}", &[("try _=x", "ok 0 | 0{0:_=x}")]);
    check(
        "keyless records from before the switch to compact are dropped by the cleaner",
        r#"{"segment.bytes": 140}"#,
        &[
            ("append _=x a=1 b=1", "0{0:_=x 1:a=1} 2{2:b=1}"),
            ("policy compact", "0{0:_=x 1:a=1} 2{2:b=1}"),
            ("compact 0", "removed [0 keyless] stamped 0 clean<2 | 0{1:a=1} 2{2:b=1}"),
        ],
    );
    let mut log = log_with(COMPACT, "");
    assert_eq!(log.try_append(parse_record("_=x", 0)), Err(AppendError::KeylessOnCompacted));
    assert_eq!((log.log_end(), log.len()), (Offset(0), 0));
}

#[test]
fn compact_delete_compacts_then_deletes() {
    check(
        "both policies, one after the other",
        r#"{"cleanup.policy": "compact,delete", "segment.bytes": 140, "retention.ms": 1000}"#,
        &[
            ("append a=1@0 a=2@0 b=1@500 b=2@500 c=1@2000", "0{0:a=1 1:a=2} 2{2:b=1 3:b=2} 4{4:c=1}"),
            ("compact 1200", "removed [0 superseded, 2 superseded] stamped 0 clean<4 | 0{1:a=2} 2{3:b=2} 4{4:c=1}"),
            ("retain 1200", "deleted [0,2) 1 by time; start 2 | 2{3:b=2} 4{4:c=1}"),
            ("try _=x", "refused: a compacted topic cannot accept a record without a key | 2{3:b=2} 4{4:c=1}"),
            ("append a=~@2000", "2{3:b=2} 4{4:c=1 5:a=~}"),
            ("read 0 10", "-"),
            ("read 2 10", "3 4 5"),
            ("compact 2000", "nothing | 2{3:b=2} 4{4:c=1 5:a=~}"),
            ("retain 2000", "deleted [2,4) 1 by time; start 4 | 4{4:c=1 5:a=~}"),
        ],
    );
}

#[test]
fn compaction_outcome_names_what_it_removed() {
    let mut log = log_with(COMPACT, "a=1@0 a=~@0 b=1@0");
    let outcome = log.compact(SimTime::from_ms(7)).expect("a=1 is superseded");
    assert_eq!(outcome.records_removed(), 1);
    assert_eq!(outcome.tombstones_removed, 0);
    assert_eq!(outcome.tombstones_stamped, 1);
    assert_eq!(outcome.removed[0].id, RecordId(0));
    assert_eq!(outcome.removed[0].key.as_deref(), Some("a"));
    assert_eq!(outcome.removed[0].reason, CompactionReason::Superseded);
    assert_eq!((outcome.segments_before, outcome.segments_after), (2, 2));
    assert_eq!(log.cleaner_checkpoint(), Offset(2));
    assert_eq!(log.delete_horizon(Offset(1)), Some(SimTime::from_ms(1007)));
    assert_eq!(log.compact(SimTime::from_ms(500)), None);
}

// ---------------------------------------------------------------------------------------------
// Reads and seek by time

#[test]
fn reads_stop_at_the_high_watermark_and_honour_max() {
    check(
        "the high watermark bounds every read",
        r#"{"segment.bytes": 140}"#,
        &[
            ("append a=1 b=1 c=1", "0{0:a=1 1:b=1} 2{2:c=1}"),
            ("append-hold d=1 e=1", "0{0:a=1 1:b=1} 2{2:c=1 3:d=1} 4{4:e=1}"),
            ("read 0 10", "0 1 2"),
            ("read 1 1", "1"),
            ("read 0 0", "-"),
            ("read 3 10", "-"),
            ("get 3", "none"),
            ("read 9 10", "-"),
            ("hw 5", "0{0:a=1 1:b=1} 2{2:c=1 3:d=1} 4{4:e=1}"),
            ("read 3 10", "3 4"),
        ],
    );
}

#[test]
fn offset_for_timestamp_finds_the_earliest_offset_at_or_after() {
    check(
        "out-of-order CreateTimes: the earliest offset, not the closest time",
        r#"{"segment.bytes": 140}"#,
        &[
            ("append a=1@100 b=1@300 c=1@200 d=1@400 e=1@500", "0{0:a=1 1:b=1} 2{2:c=1 3:d=1} 4{4:e=1}"),
            ("seek 0", "0"),
            ("seek 100", "0"),
            ("seek 101", "1"),
            ("seek 250", "1"),
            ("seek 301", "3"),
            ("seek 500", "4"),
            ("seek 501", "none"),
            ("append-hold f=1@600", "0{0:a=1 1:b=1} 2{2:c=1 3:d=1} 4{4:e=1 5:f=1}"),
            ("seek 600", "none"),
        ],
    );
    check(
        "after retention and across compaction gaps",
        r#"{"cleanup.policy": "compact,delete", "segment.bytes": 140, "retention.ms": 1000}"#,
        &[
            ("append a=1@100 a=2@200 b=1@300 b=2@1500 c=1@1600", "0{0:a=1 1:a=2} 2{2:b=1 3:b=2} 4{4:c=1}"),
            ("compact 1700", "removed [0 superseded, 2 superseded] stamped 0 clean<4 | 0{1:a=2} 2{3:b=2} 4{4:c=1}"),
            ("seek 0", "1"),
            ("seek 250", "3"),
            ("retain 1201", "deleted [0,2) 1 by time; start 2 | 2{3:b=2} 4{4:c=1}"),
            ("seek 0", "3"),
        ],
    );
}

// ---------------------------------------------------------------------------------------------
// Configuration

#[test]
fn log_config_uses_kafka_names_and_defaults() {
    let defaults = LogConfig::default();
    assert_eq!(
        (defaults.retention_ms, defaults.retention_bytes, defaults.segment_ms, defaults.segment_bytes),
        (Some(604_800_000), None, 604_800_000, 1_073_741_824)
    );
    assert_eq!(
        (defaults.cleanup_policy, defaults.delete_retention_ms, defaults.min_compaction_lag_ms),
        (CleanupPolicy::Delete, 86_400_000, 0)
    );
    assert_eq!(parse_config("{}"), Ok(defaults.clone()));
    let json = serde_json::to_string(&defaults).unwrap();
    assert_eq!(
        json,
        r#"{"retention.ms":604800000,"retention.bytes":-1,"segment.ms":604800000,"segment.bytes":1073741824,"cleanup.policy":"delete","delete.retention.ms":86400000,"min.compaction.lag.ms":0}"#
    );
    assert_eq!(parse_config(&json), Ok(defaults));

    /// `retention.ms`, `retention.bytes`, `cleanup.policy` as parsed, or part of the error.
    type Parsed = Result<(Option<u64>, Option<u64>, CleanupPolicy), &'static str>;
    let cases: &[(&str, Parsed)] = &[
        (r#"{"retention.ms": -1, "retention.bytes": 1048576}"#, Ok((None, Some(1_048_576), CleanupPolicy::Delete))),
        (r#"{"cleanup.policy": "compact"}"#, Ok((Some(604_800_000), None, CleanupPolicy::Compact))),
        (r#"{"cleanup.policy": "compact,delete"}"#, Ok((Some(604_800_000), None, CleanupPolicy::CompactDelete))),
        (r#"{"cleanup.policy": "delete, compact"}"#, Ok((Some(604_800_000), None, CleanupPolicy::CompactDelete))),
        (r#"{"cleanup.policy": "archive"}"#, Err("cleanup.policy must be")),
        (r#"{"cleanup.policy": "delete,delete"}"#, Err("cleanup.policy must be")),
        (r#"{"cleanup.policy": ""}"#, Err("cleanup.policy must be")),
        (r#"{"retention.bytes": -2}"#, Err("expected -1 (unlimited)")),
        (r#"{"segment.byte": 1}"#, Err("unknown field `segment.byte`")),
    ];
    for (json, expected) in cases {
        let actual = parse_config(json).map(|c| (c.retention_ms, c.retention_bytes, c.cleanup_policy));
        match (actual, expected) {
            (Ok(actual), Ok(expected)) => assert_eq!(actual, *expected, "{json}"),
            (Err(error), Err(expected)) => assert!(error.contains(expected), "{json}: {error}"),
            (actual, expected) => panic!("{json}: {actual:?}, expected {expected:?}"),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Model-based: random appends, time, retention and compaction against a naive model.

#[cfg(not(target_arch = "wasm32"))]
mod model {
    use super::*;
    use proptest::prelude::*;

    #[derive(Clone, Debug)]
    enum Step {
        Append { key: Option<u8>, tombstone: bool, late_ms: u64, commit: bool },
        Wait(u64),
        Commit,
        Retention,
        Compact,
    }

    fn step() -> impl Strategy<Value = Step> {
        prop_oneof![
            6 => (proptest::option::weighted(0.9, 0u8..5), proptest::bool::weighted(0.2), 0u64..50, proptest::bool::weighted(0.8))
                .prop_map(|(key, tombstone, late_ms, commit)| Step::Append { key, tombstone, late_ms, commit }),
            2 => (0u64..1500).prop_map(Step::Wait),
            1 => Just(Step::Commit),
            1 => Just(Step::Retention),
            2 => Just(Step::Compact),
        ]
    }

    fn config() -> impl Strategy<Value = LogConfig> {
        (
            proptest::option::of(0u64..4000),
            proptest::option::of(0u64..800),
            1u64..3000,
            0u64..400,
            prop_oneof![Just(CleanupPolicy::Delete), Just(CleanupPolicy::Compact), Just(CleanupPolicy::CompactDelete)],
            0u64..2000,
            0u64..1000,
        )
            .prop_map(|(retention_ms, retention_bytes, segment_ms, segment_bytes, cleanup_policy, delete_retention_ms, lag)| {
                LogConfig {
                    retention_ms,
                    retention_bytes,
                    segment_ms,
                    segment_bytes,
                    cleanup_policy,
                    delete_retention_ms,
                    min_compaction_lag_ms: lag,
                }
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        #[test]
        fn invariants_hold_under_random_appends_retention_and_compaction(
            config in config(),
            steps in proptest::collection::vec(step(), 1..80),
        ) {
            let mut log = PartitionLog::with_config(config.clone());
            // Every accepted record, indexed by offset: offsets are dense from 0.
            let mut appended: Vec<Record> = Vec::new();
            let mut now = SimTime::ZERO;
            let mut log_start = Offset(0);
            for step in steps {
                match step {
                    Step::Append { key, tombstone, late_ms, commit } => {
                        let record = Record {
                            id: RecordId(appended.len() as u64),
                            offset: Offset(999_999),
                            key: key.map(|k| format!("k{k}").into()),
                            value: if tombstone { None } else { Some("v".into()) },
                            timestamp: SimTime::from_ms(now.as_ms().saturating_sub(late_ms)),
                        };
                        let before = (log.log_end(), log.len(), log.size_bytes());
                        match log.try_append(record.clone()) {
                            Ok(offset) => {
                                prop_assert_eq!(offset, Offset(appended.len() as u64), "offsets are dense, never reused");
                                appended.push(Record { offset, ..record });
                            }
                            Err(AppendError::KeylessOnCompacted) => {
                                prop_assert!(key.is_none() && config.cleanup_policy.compacts());
                                prop_assert_eq!(before, (log.log_end(), log.len(), log.size_bytes()));
                            }
                        }
                        if commit {
                            log.set_high_watermark(log.log_end());
                        }
                    }
                    Step::Wait(ms) => now = now.plus_ms(ms),
                    Step::Commit => log.set_high_watermark(log.log_end()),
                    Step::Retention => {
                        if let Some(outcome) = log.enforce_retention(now) {
                            prop_assert!(config.cleanup_policy.deletes());
                            prop_assert_eq!(outcome.log_start, log.log_start());
                            prop_assert!(!outcome.deleted.is_empty());
                        }
                    }
                    Step::Compact => {
                        if let Some(outcome) = log.compact(now) {
                            prop_assert!(config.cleanup_policy.compacts());
                            prop_assert!(outcome.removed.windows(2).all(|w| w[0].offset < w[1].offset));
                        }
                    }
                }
                invariants(&log);
                prop_assert!(log.log_start() >= log_start, "the log start never moves back");
                log_start = log.log_start();
                check_against_model(&log, &appended, now)?;
            }
        }
    }

    fn check_against_model(log: &PartitionLog, appended: &[Record], now: SimTime) -> Result<(), TestCaseError> {
        prop_assert_eq!(log.log_end(), Offset(appended.len() as u64));
        let present: Vec<&Record> = log.segments().iter().flat_map(|s| s.records()).collect();
        for record in &present {
            prop_assert_eq!(*record, &appended[record.offset.0 as usize], "records are never altered");
        }
        let is_present = |offset: Offset| present.binary_search_by_key(&offset, |r| r.offset).is_ok();
        let active_base = log.active_segment().base_offset();
        for record in appended.iter().filter(|r| r.offset >= log.log_start()) {
            if !log.config().cleanup_policy.compacts() || record.offset >= active_base || record.offset >= log.high_watermark() {
                prop_assert!(is_present(record.offset), "only compaction removes above the log start, and never in the active segment or above the high watermark: {:?}", record.offset);
            }
        }
        // Every key's latest record survives compaction, unless it is a tombstone (those expire)
        // or retention took its segment.
        let mut latest: std::collections::BTreeMap<&str, &Record> = Default::default();
        for record in appended {
            if let Some(key) = &record.key {
                latest.insert(key, record);
            }
        }
        for record in latest.values() {
            if record.value.is_some() && record.offset >= log.log_start() {
                prop_assert!(is_present(record.offset), "latest record for {:?} lost", record.key);
            }
        }
        // Seek by time agrees with a linear scan of what a consumer can read.
        let readable = log.read(log.log_start(), usize::MAX);
        for target in [0, now.as_ms() / 2, now.as_ms().saturating_sub(40), now.as_ms(), now.as_ms() + 1] {
            let target = SimTime::from_ms(target);
            let naive = readable.iter().find(|r| r.timestamp >= target).map(|r| r.offset);
            prop_assert_eq!(log.offset_for_timestamp(target), naive, "seek {}", target);
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------
// Helpers

fn check(what: &str, config: &str, steps: &[(&str, &str)]) {
    let mut log = PartitionLog::with_config(parse_config(config).unwrap_or_else(|e| panic!("{what}: {e}")));
    for (index, (command, expected)) in steps.iter().enumerate() {
        let actual = run(&mut log, command);
        assert_eq!(actual, *expected, "\n{what}\nconfig {config}\nstep {index}: {command}");
        invariants(&log);
    }
}

fn run(log: &mut PartitionLog, command: &str) -> String {
    let (verb, rest) = command.split_once(' ').unwrap_or((command, ""));
    let number = |text: &str| text.parse::<u64>().unwrap_or_else(|_| panic!("not a number in {command:?}"));
    match verb {
        "append" | "append-hold" => {
            for token in rest.split_whitespace() {
                let timestamp = parse_timestamp(token);
                let offset = log.append(parse_record(token, timestamp));
                if verb == "append" {
                    log.set_high_watermark(offset.next());
                }
            }
            layout(log)
        }
        "try" => {
            let result = match log.try_append(parse_record(rest, parse_timestamp(rest))) {
                Ok(offset) => {
                    log.set_high_watermark(offset.next());
                    format!("ok {offset}")
                }
                Err(error) => format!("refused: {error}"),
            };
            format!("{result} | {}", layout(log))
        }
        "hw" => {
            log.set_high_watermark(Offset(number(rest)));
            layout(log)
        }
        "policy" => {
            let config = LogConfig { cleanup_policy: CleanupPolicy::parse(rest).unwrap(), ..log.config().clone() };
            log.alter_config(config);
            layout(log)
        }
        "compact" => {
            let summary = log.compact(SimTime::from_ms(number(rest))).map_or("nothing".into(), |o| compaction(&o));
            format!("{summary} | {}", layout(log))
        }
        "retain" => {
            let summary = log.enforce_retention(SimTime::from_ms(number(rest))).map_or("nothing".into(), |o| retention(&o));
            format!("{summary} | {}", layout(log))
        }
        "read" => {
            let (from, max) = rest.split_once(' ').unwrap();
            offsets(&log.read(Offset(number(from)), number(max) as usize))
        }
        "get" => log.record(Offset(number(rest))).map_or("none".into(), |r| format!("{}:{}", r.offset, key_value(r))),
        "seek" => log.offset_for_timestamp(SimTime::from_ms(number(rest))).map_or("none".into(), |o| o.to_string()),
        "horizon" => log.delete_horizon(Offset(number(rest))).map_or("none".into(), |t| t.as_ms().to_string()),
        _ => panic!("unknown command {command:?}"),
    }
}

fn parse_config(json: &str) -> Result<LogConfig, String> {
    serde_json::from_str(json).map_err(|e| e.to_string())
}

fn log_with(config: &str, records: &str) -> PartitionLog {
    let mut log = PartitionLog::with_config(parse_config(config).unwrap());
    run(&mut log, &format!("append {records}"));
    log
}

/// `key=value@ms`, `_` for no key, `~` for no value (a tombstone).
fn parse_record(token: &str, timestamp: u64) -> Record {
    let token = token.split('@').next().unwrap();
    let (key, value) = token.split_once('=').unwrap_or_else(|| panic!("not key=value: {token:?}"));
    Record {
        id: RecordId(0),
        offset: Offset(0),
        key: (key != "_").then(|| key.into()),
        value: (value != "~").then(|| value.into()),
        timestamp: SimTime::from_ms(timestamp),
    }
}

fn parse_timestamp(token: &str) -> u64 {
    token.split_once('@').map_or(0, |(_, ms)| ms.parse().unwrap())
}

/// Segments oldest first, `base{offset:key=value ...}`.
fn layout(log: &PartitionLog) -> String {
    let segments: Vec<String> = log
        .segments()
        .iter()
        .map(|s| {
            let records: Vec<String> = s.records().iter().map(|r| format!("{}:{}", r.offset, key_value(r))).collect();
            format!("{}{{{}}}", s.base_offset(), records.join(" "))
        })
        .collect();
    segments.join(" ")
}

fn key_value(record: &Record) -> String {
    let key = record.key.as_deref().unwrap_or("_");
    let value = record.value.as_deref().unwrap_or("~");
    format!("{key}={value}")
}

fn offsets(records: &[&Record]) -> String {
    if records.is_empty() {
        return "-".into();
    }
    records.iter().map(|r| r.offset.to_string()).collect::<Vec<_>>().join(" ")
}

fn compaction(outcome: &CompactionOutcome) -> String {
    assert_eq!(outcome.tombstones_removed, outcome.removed.iter().filter(|r| r.tombstone).count());
    let removed: Vec<String> = outcome
        .removed
        .iter()
        .map(|r| {
            let reason = match r.reason {
                CompactionReason::Superseded => "superseded",
                CompactionReason::TombstoneExpired => "expired",
                CompactionReason::Keyless => "keyless",
            };
            format!("{}{} {reason}", r.offset, if r.tombstone { "~" } else { "" })
        })
        .collect();
    format!("removed [{}] stamped {} clean<{}", removed.join(", "), outcome.tombstones_stamped, outcome.cleaned_up_to)
}

fn retention(outcome: &RetentionOutcome) -> String {
    let deleted: Vec<String> = outcome
        .deleted
        .iter()
        .map(|s| {
            let reason = match s.reason {
                RetentionReason::Time => "time",
                RetentionReason::Size => "size",
            };
            format!("[{},{}) {} by {reason}", s.base_offset, s.end_offset, s.records)
        })
        .collect();
    format!("deleted {}; start {}", deleted.join(", "), outcome.log_start)
}

/// What holds after every step, whatever the configuration.
fn invariants(log: &PartitionLog) {
    assert!(log.log_start() <= log.high_watermark(), "log start above the high watermark");
    assert!(log.high_watermark() <= log.log_end(), "high watermark above the log end");
    let segments = log.segments();
    assert_eq!(segments[0].base_offset(), log.log_start());
    let (mut records, mut bytes, mut previous) = (0, 0, None);
    for (index, segment) in segments.iter().enumerate() {
        let next_base = segments.get(index + 1).map(|s| s.base_offset());
        assert!(next_base.is_none_or(|next| segment.base_offset() < next), "segment bases increase");
        let mut segment_bytes = 0;
        for record in segment.records() {
            assert!(previous < Some(record.offset), "offsets strictly increase");
            assert!(segment.base_offset() <= record.offset && next_base.is_none_or(|next| record.offset < next));
            assert!(record.offset < log.log_end());
            previous = Some(record.offset);
            segment_bytes += record_size_bytes(record);
        }
        assert_eq!(segment.size_bytes(), segment_bytes);
        records += segment.records().len();
        bytes += segment_bytes;
    }
    assert_eq!((log.len(), log.size_bytes(), log.is_empty()), (records, bytes, records == 0));
    // Reading from every offset agrees with a scan of the segments.
    let readable: Vec<Offset> = segments
        .iter()
        .flat_map(|s| s.records())
        .map(|r| r.offset)
        .filter(|o| *o < log.high_watermark())
        .collect();
    for from in 0..=log.log_end().0 + 1 {
        let read: Vec<Offset> = log.read(Offset(from), usize::MAX).iter().map(|r| r.offset).collect();
        let expected: Vec<Offset> = if Offset(from) < log.log_start() {
            Vec::new()
        } else {
            readable.iter().copied().filter(|o| o.0 >= from).collect()
        };
        assert_eq!(read, expected, "read from {from}");
    }
}
