//! `brokerlab share-partition`, run as a process, with cases from Kafka's
//! `SharePartitionTest.java` (each names its test). Each output line is summarised as
//! `result acquired spso speo next can | offset runs` so a case reads as Kafka's assertions;
//! one test checks a whole line, field by field.

use std::io::Write;
use std::process::{Command, Stdio};

use serde_json::Value;

/// Runs `brokerlab share-partition` with `stdin`; returns (exit code, stdout, stderr).
fn share_partition(stdin: &str) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_brokerlab"))
        .arg("share-partition")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    let written = child.stdin.take().expect("stdin").write_all(stdin.as_bytes());
    if let Err(e) = written {
        assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe, "writing stdin: {e}");
    }
    let output = child.wait_with_output().expect("the binary finishes");
    (
        output.status.code().expect("exit code"),
        String::from_utf8(output.stdout).expect("utf-8 stdout"),
        String::from_utf8(output.stderr).expect("utf-8 stderr"),
    )
}

/// One output line, short: `ok [0-4#1] 0 4 5 can | 0-4 ACQUIRED m1 d1`.
fn summary(line: &str) -> String {
    let v: Value = serde_json::from_str(line).expect("each line is JSON");
    let acquired: Vec<String> = v["acquired"]
        .as_array()
        .expect("acquired")
        .iter()
        .map(|r| {
            let (first, last, count) = (r[0].as_u64().unwrap(), r[1].as_u64().unwrap(), r[2].as_u64().unwrap());
            if first == last { format!("{first}#{count}") } else { format!("{first}-{last}#{count}") }
        })
        .collect();
    let can = if v["can_acquire"].as_bool().expect("can_acquire") { "can" } else { "full" };
    let mut runs: Vec<(u64, u64, String)> = Vec::new();
    // serde_json's map orders keys as strings ("10" before "5"): read them as numbers.
    let offsets: std::collections::BTreeMap<u64, &Value> = v["offsets"]
        .as_object()
        .expect("offsets")
        .iter()
        .map(|(offset, record)| (offset.parse().expect("offsets are numbers"), record))
        .collect();
    for (offset, record) in offsets {
        let mut said = format!("{} d{}", record["state"].as_str().unwrap(), record["delivery_count"]);
        if let Some(member) = record.get("member") {
            said = format!("{} {} d{}", record["state"].as_str().unwrap(), member.as_str().unwrap(), record["delivery_count"]);
        }
        match runs.last_mut() {
            Some((_, last, run)) if *run == said && *last + 1 == offset => *last = offset,
            _ => runs.push((offset, offset, said)),
        }
    }
    let runs: Vec<String> = runs
        .iter()
        .map(|(f, l, said)| if f == l { format!("{f} {said}") } else { format!("{f}-{l} {said}") })
        .collect();
    format!(
        "{} [{}] {} {} {} {can} | {}",
        v["result"].as_str().unwrap(),
        acquired.join(" "),
        v["start_offset"],
        v["end_offset"],
        v["next_fetch_offset"],
        runs.join(" / ")
    )
}

/// Runs `ops` (a JSON array) with `config`, and compares each line's summary.
fn check(case: &str, config: &str, ops: &str, expected: &[&str]) {
    let input = format!(r#"{{"config": {config}, "initial": {{"start_offset": 0}}, "ops": {ops}}}"#);
    let (code, out, err) = share_partition(&input);
    assert_eq!((code, err.as_str()), (0, ""), "{case}");
    let lines: Vec<String> = out.lines().map(summary).collect();
    assert_eq!(lines, expected, "{case}");
}

const DEFAULTS: &str = r#"{"delivery_count_limit": 5, "record_lock_duration_ms": 30000, "max_inflight_records": 200}"#;

#[test]
fn a_whole_line_has_every_field() {
    // SharePartitionTest.testAcquireSingleRecord
    let (code, out, err) = share_partition(
        r#"{"config": {}, "ops": [{"op": "acquire", "member": "m1", "max_records": null, "fetched_batches": [[0, 0]]}]}"#,
    );
    assert_eq!((code, err.as_str()), (0, ""));
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines,
        [
            r#"{"result":"ok","acquired":[],"start_offset":0,"end_offset":0,"next_fetch_offset":0,"can_acquire":true,"offsets":{}}"#,
            r#"{"result":"ok","acquired":[[0,0,1]],"start_offset":0,"end_offset":0,"next_fetch_offset":1,"can_acquire":true,"offsets":{"0":{"state":"ACQUIRED","delivery_count":1,"member":"m1"}}}"#,
        ]
    );
}

#[test]
fn acquire_with_max_records() {
    // SharePartitionTest.testAcquireWithMaxFetchRecords
    check(
        "testAcquireWithMaxFetchRecords",
        DEFAULTS,
        r#"[{"op": "acquire", "member": "m1", "max_records": 10, "fetched_batches": [[0, 4]]},
            {"op": "acquire", "member": "m1", "max_records": 10, "fetched_batches": [[0, 24]]}]"#,
        &[
            "ok [] 0 0 0 can | ",
            "ok [0-4#1] 0 4 5 can | 0-4 ACQUIRED m1 d1",
            "ok [5-24#1] 0 24 25 can | 0-24 ACQUIRED m1 d1",
        ],
    );
}

#[test]
fn acquire_with_multiple_batches_and_max_records() {
    // SharePartitionTest.testAcquireWithMultipleBatchesAndMaxFetchRecords
    check(
        "testAcquireWithMultipleBatchesAndMaxFetchRecords",
        DEFAULTS,
        r#"[{"op": "acquire", "member": "m1", "max_records": 10, "fetched_batches": [[10, 14], [15, 29], [30, 44]]}]"#,
        &["ok [] 0 0 0 can | ", "ok [10-29#1] 10 29 30 can | 10-29 ACQUIRED m1 d1"],
    );
}

#[test]
fn acknowledge_with_gap_offsets() {
    // SharePartitionTest.testAcknowledgeMultipleRecordBatchWithGapOffsets
    check(
        "testAcknowledgeMultipleRecordBatchWithGapOffsets",
        DEFAULTS,
        r#"[{"op": "acquire", "member": "m1", "fetched_batches": [[5, 6]]},
            {"op": "acquire", "member": "m1", "fetched_batches": [[10, 18]]},
            {"op": "acknowledge", "member": "m1", "batches": [
                {"first": 5, "last": 6, "types": ["release"]},
                {"first": 10, "last": 18, "types": ["release", "release", "release", "release", "release", "gap", "gap", "gap", "accept"]}]}]"#,
        &[
            "ok [] 0 0 0 can | ",
            "ok [5-6#1] 5 6 7 can | 5-6 ACQUIRED m1 d1",
            "ok [10-18#1] 5 18 19 can | 5-6 ACQUIRED m1 d1 / 10-18 ACQUIRED m1 d1",
            "ok [] 5 18 5 can | 5-6 AVAILABLE d1 / 10-14 AVAILABLE d1 / 15-17 ARCHIVED d1 / 18 ACKNOWLEDGED d1",
        ],
    );
}

#[test]
fn acknowledge_errors_carry_kafkas_names() {
    // SharePartitionTest.testAcknowledgeOutOfRangeCachedData and testAcknowledgeWithAnotherMember
    check(
        "testAcknowledgeOutOfRangeCachedData",
        DEFAULTS,
        r#"[{"op": "acknowledge", "member": "m1", "batches": [{"first": 0, "last": 15, "types": ["reject"]}]},
            {"op": "acquire", "member": "m1", "fetched_batches": [[5, 9]]},
            {"op": "acknowledge", "member": "m1", "batches": [{"first": 20, "last": 25, "types": ["reject"]}]},
            {"op": "acknowledge", "member": "m2", "batches": [{"first": 5, "last": 9, "types": ["reject"]}]}]"#,
        &[
            "ok [] 0 0 0 can | ",
            "error:INVALID_RECORD_STATE [] 0 0 0 can | ",
            "ok [5-9#1] 5 9 10 can | 5-9 ACQUIRED m1 d1",
            "error:INVALID_REQUEST [] 5 9 10 can | 5-9 ACQUIRED m1 d1",
            "error:INVALID_RECORD_STATE [] 5 9 10 can | 5-9 ACQUIRED m1 d1",
        ],
    );
}

#[test]
fn an_acknowledge_request_is_all_or_nothing() {
    // SharePartitionTest.testAcknowledgeRollbackWithSubsetError
    check(
        "testAcknowledgeRollbackWithSubsetError",
        DEFAULTS,
        r#"[{"op": "acquire", "member": "m1", "fetched_batches": [[5, 9]]},
            {"op": "acquire", "member": "m1", "fetched_batches": [[10, 14]]},
            {"op": "acquire", "member": "m1", "fetched_batches": [[15, 19]]},
            {"op": "acknowledge", "member": "m1", "batches": [
                {"first": 5, "last": 9, "types": ["release"]}, {"first": 10, "last": 14, "types": ["accept"]},
                {"first": 15, "last": 19, "types": ["accept"]}, {"first": 16, "last": 19, "types": ["accept"]}]}]"#,
        &[
            "ok [] 0 0 0 can | ",
            "ok [5-9#1] 5 9 10 can | 5-9 ACQUIRED m1 d1",
            "ok [10-14#1] 5 14 15 can | 5-14 ACQUIRED m1 d1",
            "ok [15-19#1] 5 19 20 can | 5-19 ACQUIRED m1 d1",
            "error:INVALID_RECORD_STATE [] 5 19 20 can | 5-19 ACQUIRED m1 d1",
        ],
    );
}

#[test]
fn released_records_are_acquired_again_with_a_higher_delivery_count() {
    // SharePartitionTest.testAcquireReleasedRecord
    check(
        "testAcquireReleasedRecord",
        DEFAULTS,
        r#"[{"op": "acquire", "member": "m1", "fetched_batches": [[10, 14]]},
            {"op": "acknowledge", "member": "m1", "batches": [{"first": 12, "last": 13, "types": ["release"]}]},
            {"op": "acquire", "member": "m2", "fetched_batches": [[10, 14]]}]"#,
        &[
            "ok [] 0 0 0 can | ",
            "ok [10-14#1] 10 14 15 can | 10-14 ACQUIRED m1 d1",
            "ok [] 10 14 12 can | 10-11 ACQUIRED m1 d1 / 12-13 AVAILABLE d1 / 14 ACQUIRED m1 d1",
            "ok [12#2 13#2] 10 14 15 can | 10-11 ACQUIRED m1 d1 / 12-13 ACQUIRED m2 d2 / 14 ACQUIRED m1 d1",
        ],
    );
}

#[test]
fn lock_timeout_at_the_delivery_limit_archives() {
    // SharePartitionTest.testAcquisitionLockTimeoutCauseMaxDeliveryCountExceed
    check(
        "testAcquisitionLockTimeoutCauseMaxDeliveryCountExceed",
        r#"{"delivery_count_limit": 2, "record_lock_duration_ms": 1000}"#,
        r#"[{"op": "acquire", "member": "m1", "fetched_batches": [[0, 9]]},
            {"op": "acquire", "member": "m1", "fetched_batches": [[10, 19]]},
            {"op": "lock_timeout"},
            {"op": "acquire", "member": "m1", "fetched_batches": [[10, 19]]},
            {"op": "lock_timeout"}]"#,
        &[
            "ok [] 0 0 0 can | ",
            "ok [0-9#1] 0 9 10 can | 0-9 ACQUIRED m1 d1",
            "ok [10-19#1] 0 19 20 can | 0-19 ACQUIRED m1 d1",
            "ok [] 0 19 0 can | 0-19 AVAILABLE d1",
            "ok [10-19#2] 0 19 0 can | 0-9 AVAILABLE d1 / 10-19 ACQUIRED m1 d2",
            "ok [] 0 19 0 can | 0-9 AVAILABLE d1 / 10-19 ARCHIVED d2",
        ],
    );
}

#[test]
fn lock_timeout_moves_the_start_offset() {
    // SharePartitionTest.testAcquisitionLockTimeoutCauseSPSOMoveForward
    check(
        "testAcquisitionLockTimeoutCauseSPSOMoveForward",
        r#"{"delivery_count_limit": 2, "record_lock_duration_ms": 1000}"#,
        r#"[{"op": "acquire", "member": "m1", "fetched_batches": [[0, 9]]},
            {"op": "lock_timeout"},
            {"op": "acquire", "member": "m1", "fetched_batches": [[0, 4]]},
            {"op": "lock_timeout"}]"#,
        &[
            "ok [] 0 0 0 can | ",
            "ok [0-9#1] 0 9 10 can | 0-9 ACQUIRED m1 d1",
            "ok [] 0 9 0 can | 0-9 AVAILABLE d1",
            "ok [0#2 1#2 2#2 3#2 4#2] 0 9 5 can | 0-4 ACQUIRED m1 d2 / 5-9 AVAILABLE d1",
            "ok [] 5 9 5 can | 0-4 ARCHIVED d2 / 5-9 AVAILABLE d1",
        ],
    );
}

#[test]
fn a_member_leaving_at_the_delivery_limit_archives() {
    // SharePartitionTest.testMaxDeliveryCountLimitExceededForRecordsSubsetAfterReleaseAcquiredRecords
    check(
        "testMaxDeliveryCountLimitExceededForRecordsSubsetAfterReleaseAcquiredRecords",
        r#"{"delivery_count_limit": 2}"#,
        r#"[{"op": "acquire", "member": "m1", "fetched_batches": [[0, 9]]},
            {"op": "acquire", "member": "m1", "fetched_batches": [[10, 14]]},
            {"op": "acknowledge", "member": "m1", "batches": [{"first": 10, "last": 14, "types": ["release"]}]},
            {"op": "acquire", "member": "m1", "fetched_batches": [[10, 14]]},
            {"op": "release_member", "member": "m1"}]"#,
        &[
            "ok [] 0 0 0 can | ",
            "ok [0-9#1] 0 9 10 can | 0-9 ACQUIRED m1 d1",
            "ok [10-14#1] 0 14 15 can | 0-14 ACQUIRED m1 d1",
            "ok [] 0 14 10 can | 0-9 ACQUIRED m1 d1 / 10-14 AVAILABLE d1",
            "ok [10-14#2] 0 14 15 can | 0-9 ACQUIRED m1 d1 / 10-14 ACQUIRED m1 d2",
            "ok [] 0 14 0 can | 0-9 AVAILABLE d1 / 10-14 ARCHIVED d2",
        ],
    );
}

#[test]
fn the_log_start_moving_archives_available_records_only() {
    // SharePartitionTest.testReleaseAcquiredRecordsBatchesPostStartOffsetMovementToMiddleOfBatch
    check(
        "testReleaseAcquiredRecordsBatchesPostStartOffsetMovementToMiddleOfBatch",
        DEFAULTS,
        r#"[{"op": "acquire", "member": "m1", "fetched_batches": [[5, 9]]},
            {"op": "acquire", "member": "m1", "fetched_batches": [[10, 14]]},
            {"op": "update_log_start", "offset": 11},
            {"op": "release_member", "member": "m1"}]"#,
        &[
            "ok [] 0 0 0 can | ",
            "ok [5-9#1] 5 9 10 can | 5-9 ACQUIRED m1 d1",
            "ok [10-14#1] 5 14 15 can | 5-14 ACQUIRED m1 d1",
            "ok [] 11 14 15 can | 5-14 ACQUIRED m1 d1",
            "ok [] 11 14 11 can | 5-10 ARCHIVED d1 / 11-14 AVAILABLE d1",
        ],
    );
}

#[test]
fn the_record_lock_cap_stops_new_acquisitions() {
    // SharePartitionTest.testCanAcquireRecordsWithCachedDataAndLimitReached (cap 100, the
    // lowest ShareGroupConfig allows; Kafka's test uses 1)
    check(
        "testCanAcquireRecordsWithCachedDataAndLimitReached",
        r#"{"max_inflight_records": 100}"#,
        r#"[{"op": "acquire", "member": "m1", "fetched_batches": [[0, 99]]},
            {"op": "acquire", "member": "m2", "fetched_batches": [[100, 104]]}]"#,
        &["ok [] 0 0 0 can | ", "ok [0-99#1] 0 99 100 full | 0-99 ACQUIRED m1 d1", "ok [] 0 99 100 full | 0-99 ACQUIRED m1 d1"],
    );
}

#[test]
fn bad_input_exits_2_with_one_clear_line() {
    let cases = [
        ("not json", "bad share-partition JSON"),
        (r#"{"ops": [{"op": "fly"}]}"#, "bad share-partition JSON"),
        (r#"{"config": {"delivery_count_limit": 11}, "ops": []}"#, "group.share.delivery.count.limit = 11 is outside Kafka's range 2–10"),
        (r#"{"config": {"record_lock_duration_ms": 999}, "ops": []}"#, "group.share.record.lock.duration.ms = 999"),
        (r#"{"config": {"max_inflight_records": 99}, "ops": []}"#, "group.share.partition.max.record.locks = 99"),
        (r#"{"ops": [{"op": "acquire", "member": "m1", "fetched_batches": [[4, 2]]}]}"#, "ops[0]: a fetched batch cannot start at 4"),
        (r#"{"ops": [{"op": "acquire", "member": "m1", "fetched_batches": [[0, 4], [3, 6]]}]}"#, "ops[0]: fetched batches must ascend"),
        (r#"{"ops": [{"op": "release_member", "member": ""}]}"#, "ops[0]: member id"),
        (r#"{"ops": [{"op": "update_log_start", "offset": 18446744073709551615}]}"#, "ops[0]: offset 18446744073709551615"),
        (r#"{"ops": [{"op": "acknowledge", "member": "m1", "batches": [{"first": 0, "last": 1, "types": ["maybe"]}]}]}"#, "bad share-partition JSON"),
    ];
    for (input, said) in cases {
        let (code, out, err) = share_partition(input);
        assert_eq!(code, 2, "{input}: {err}");
        assert_eq!(out, "", "{input}: nothing is printed before the input is checked");
        let first = err.lines().next().unwrap_or_default();
        assert!(first.starts_with("brokerlab: ") && first.contains(said), "{input}: {first:?}");
    }
}
