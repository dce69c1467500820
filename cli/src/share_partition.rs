//! `brokerlab share-partition`: one share group's partition in Kafka's share groups (KIP-932),
//! questioned from the terminal with the core's `SharePartition`.
//!
//! Reads one JSON object on stdin:
//!
//! ```text
//! {"config": {"delivery_count_limit": 5, "record_lock_duration_ms": 30000, "max_inflight_records": 200},
//!  "initial": {"start_offset": 0},
//!  "ops": [{"op": "acquire", "member": "m1", "max_records": 500, "fetched_batches": [[0, 4], [5, 9]]},
//!          {"op": "acknowledge", "member": "m1", "batches": [{"first": 0, "last": 4, "types": ["accept"]}]},
//!          {"op": "lock_timeout"}, {"op": "release_member", "member": "m1"},
//!          {"op": "update_log_start", "offset": 5}]}
//! ```
//!
//! `config` and `initial` and each of their fields are optional (Kafka's defaults: 5, 30000,
//! 2000; start offset 0); `max_records` may be null or absent (no limit). `types` is one type
//! for the range or one per offset: `accept`, `release`, `reject`, `gap`, or `renew` (KIP-1222:
//! the lock starts again). `fetched_batches`
//! are the log batches one fetch returned, ascending and apart. `lock_timeout` lets every
//! outstanding lock expire (time moves to the last expiry). Time starts at 0 and moves only
//! then.
//!
//! Prints one JSON line for the initial state and one after each operation: `result` ("ok" or
//! "error:" and Kafka's error name), `acquired` (`[first, last, delivery_count]` per range
//! the operation acquired), `start_offset` (SPSO), `end_offset` (SPEO), `next_fetch_offset`,
//! `can_acquire`, and `offsets`: each in-flight offset's state, delivery count and holder.
//!
//! The whole input is checked before anything is printed: bad JSON, a setting outside
//! Kafka's range, fetched batches no log returns, an offset past Kafka's, are a `Usage` error
//! (stderr, exit code 2).

use std::fmt::Write as _;
use std::io::{Read, Write};

use brokerlab_core::event_broker::Offset;
use brokerlab_core::event_broker::share::{
    AcknowledgeType, AcknowledgementBatch, AcquiredRecords, FetchedBatches, ShareConfig, ShareError, SharePartition,
};
use brokerlab_core::limits::{NAME_BYTES_MAX, SCENARIO_BYTES_MAX, SHARE_ACKNOWLEDGE_BATCHES_MAX, SHARE_OFFSET_MAX};
use brokerlab_core::{Name, SimTime};
use serde::Deserialize;

use crate::Usage;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Input {
    #[serde(default)]
    config: Config,
    #[serde(default)]
    initial: Initial,
    ops: Vec<Op>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Config {
    #[serde(default = "default_limit")]
    delivery_count_limit: u64,
    #[serde(default = "default_lock_ms")]
    record_lock_duration_ms: u64,
    #[serde(default = "default_max_inflight")]
    max_inflight_records: u64,
}

#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Initial {
    #[serde(default)]
    start_offset: u64,
}

#[derive(Deserialize)]
#[serde(tag = "op", rename_all = "snake_case", deny_unknown_fields)]
enum Op {
    Acquire {
        member: String,
        #[serde(default)]
        max_records: Option<u32>,
        fetched_batches: Vec<(u64, u64)>,
    },
    Acknowledge {
        member: String,
        batches: Vec<AckBatch>,
    },
    LockTimeout,
    ReleaseMember {
        member: String,
    },
    UpdateLogStart {
        offset: u64,
    },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AckBatch {
    first: u64,
    last: u64,
    types: Vec<AckType>,
}

#[derive(Clone, Copy, Deserialize)]
#[serde(rename_all = "snake_case")]
enum AckType {
    Accept,
    Release,
    Reject,
    Gap,
    Renew,
}

/// An operation checked and in the core's types.
enum Checked {
    Acquire { member: Name, max_records: Option<u32>, fetched: FetchedBatches },
    Acknowledge { member: Name, batches: Vec<AcknowledgementBatch> },
    LockTimeout,
    ReleaseMember { member: Name },
    UpdateLogStart { offset: Offset },
}

impl Default for Config {
    fn default() -> Config {
        Config {
            delivery_count_limit: default_limit(),
            record_lock_duration_ms: default_lock_ms(),
            max_inflight_records: default_max_inflight(),
        }
    }
}

fn default_limit() -> u64 {
    u64::from(ShareConfig::default().delivery_count_limit())
}

fn default_lock_ms() -> u64 {
    ShareConfig::default().record_lock_duration_ms()
}

fn default_max_inflight() -> u64 {
    u64::from(ShareConfig::default().max_inflight_records())
}

pub(crate) fn run(args: &[String], input: &mut impl Read, out: &mut impl Write) -> Result<(), Usage> {
    if let Some(arg) = args.first() {
        return Err(Usage::new(format!("share-partition takes no arguments (got {arg:?}); it reads JSON on stdin")));
    }
    let bytes_max = SCENARIO_BYTES_MAX as u64;
    let mut text = String::new();
    input
        .take(bytes_max + 1)
        .read_to_string(&mut text)
        .map_err(|e| Usage::new(format!("cannot read the share-partition JSON from stdin: {e}")))?;
    if text.len() as u64 > bytes_max {
        return Err(Usage::new(format!("the input is larger than {bytes_max} bytes")));
    }
    let parsed: Input =
        serde_json::from_str(&text).map_err(|e| Usage::new(format!("bad share-partition JSON: {e}")))?;
    let config = ShareConfig::new(
        parsed.config.delivery_count_limit,
        parsed.config.record_lock_duration_ms,
        parsed.config.max_inflight_records,
    )
    .map_err(|e| Usage::new(format!("config: {e}")))?;
    let mut share = SharePartition::new(config, Offset(parsed.initial.start_offset))
        .map_err(|e| Usage::new(format!("initial: {e}")))?;
    let ops = parsed.ops.into_iter().enumerate().map(|(i, op)| check(op).map_err(|e| at(i, e))).collect::<Result<Vec<_>, _>>()?;
    let mut now = SimTime::ZERO;
    let mut lines = vec![line(&share, "ok", &[])];
    for op in ops {
        let (result, acquired) = apply(&mut share, &mut now, op);
        lines.push(line(&share, &result, &acquired));
    }
    for text in lines {
        writeln!(out, "{text}").map_err(|e| Usage::new(format!("cannot write: {e}")))?;
    }
    Ok(())
}

fn at(index: usize, message: String) -> Usage {
    Usage::new(format!("ops[{index}]: {message}"))
}

fn check(op: Op) -> Result<Checked, String> {
    Ok(match op {
        Op::Acquire { member, max_records, fetched_batches } => {
            let fetched = FetchedBatches::new(fetched_batches).map_err(|e| e.to_string())?;
            Checked::Acquire { member: member_id(member)?, max_records, fetched }
        }
        Op::Acknowledge { member, batches } => {
            if batches.len() > SHARE_ACKNOWLEDGE_BATCHES_MAX {
                return Err(ShareError::TooManyAcknowledgementBatches { batches: batches.len() }.to_string());
            }
            let batches = batches
                .into_iter()
                .map(|b| AcknowledgementBatch { first: b.first, last: b.last, types: b.types.into_iter().map(ack_type).collect() })
                .collect();
            Checked::Acknowledge { member: member_id(member)?, batches }
        }
        Op::LockTimeout => Checked::LockTimeout,
        Op::ReleaseMember { member } => Checked::ReleaseMember { member: member_id(member)? },
        Op::UpdateLogStart { offset } => {
            if offset > SHARE_OFFSET_MAX {
                return Err(ShareError::OffsetTooLarge { offset }.to_string());
            }
            Checked::UpdateLogStart { offset: Offset(offset) }
        }
    })
}

fn member_id(member: String) -> Result<Name, String> {
    if member.is_empty() || member.len() > NAME_BYTES_MAX {
        return Err(format!("member id {member:?} must be 1 to {NAME_BYTES_MAX} bytes"));
    }
    Ok(Name::from(member))
}

fn ack_type(kind: AckType) -> AcknowledgeType {
    match kind {
        AckType::Accept => AcknowledgeType::Accept,
        AckType::Release => AcknowledgeType::Release,
        AckType::Reject => AcknowledgeType::Reject,
        AckType::Gap => AcknowledgeType::Gap,
        AckType::Renew => AcknowledgeType::Renew,
    }
}

/// Applies one checked operation: its result word and what it acquired.
fn apply(share: &mut SharePartition, now: &mut SimTime, op: Checked) -> (String, Vec<AcquiredRecords>) {
    match op {
        Checked::Acquire { member, max_records, fetched } => {
            let acquired = share.acquire(&member, max_records, &fetched, *now);
            (String::from("ok"), acquired)
        }
        Checked::Acknowledge { member, batches } => match share.acknowledge(&member, &batches, *now) {
            Ok(()) => (String::from("ok"), Vec::new()),
            // The request was checked, so only Kafka's own errors remain.
            Err(error) => (format!("error:{}", error.kafka_name().unwrap_or("INVALID_REQUEST")), Vec::new()),
        },
        Checked::LockTimeout => {
            let last_expiry = share.records().filter_map(|r| r.state.lock_expires_at).max();
            *now = last_expiry.map_or(*now, |at| at.max(*now));
            share.expire_locks(*now);
            (String::from("ok"), Vec::new())
        }
        Checked::ReleaseMember { member } => {
            share.release_member(&member);
            (String::from("ok"), Vec::new())
        }
        Checked::UpdateLogStart { offset } => {
            // Checked against SHARE_OFFSET_MAX above, so the share-partition takes it.
            let result = share.update_log_start(offset);
            (result.map_or_else(|e| format!("error:{}", e.kafka_name().unwrap_or("INVALID_REQUEST")), |()| String::from("ok")), Vec::new())
        }
    }
}

/// One output line. Written by hand so `offsets` lists offsets in numeric order.
fn line(share: &SharePartition, result: &str, acquired: &[AcquiredRecords]) -> String {
    let acquired: Vec<String> = acquired.iter().map(|r| format!("[{},{},{}]", r.first, r.last, r.delivery_count)).collect();
    let mut offsets = String::new();
    for (i, record) in share.records().enumerate() {
        let separator = if i == 0 { "" } else { "," };
        let state = record.state;
        let _ = write!(
            offsets,
            "{separator}\"{}\":{{\"state\":\"{}\",\"delivery_count\":{}",
            record.offset,
            state.state.kafka_name(),
            state.delivery_count
        );
        if let Some(member) = &state.member {
            let quoted = serde_json::to_string(&**member).unwrap_or_else(|_| String::from("\"?\""));
            let _ = write!(offsets, ",\"member\":{quoted}");
        }
        offsets.push('}');
    }
    format!(
        "{{\"result\":\"{result}\",\"acquired\":[{}],\"start_offset\":{},\"end_offset\":{},\"next_fetch_offset\":{},\"can_acquire\":{},\"offsets\":{{{offsets}}}}}",
        acquired.join(","),
        share.start_offset(),
        share.end_offset(),
        share.next_fetch_offset(),
        share.can_acquire_records()
    )
}
