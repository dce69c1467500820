//! A transcript runner for share-partition cases: each case is a script of operations, each
//! followed by what the share-partition must say and look like after it. Adding a case is
//! writing its transcript.
//!
//! ```text
//! config limit=2 lock=1000 cap=100     (optional first line; Kafka's defaults otherwise)
//! start 10                             (optional: the initial SPSO)
//! spso 0 speo 0 next 0 can             (the initial state)
//! > acquire m1 max=10 0-4 5-9          (fetched log batches; no max = no limit)
//! = 0-9#1                              (acquired ranges with delivery counts, or "none")
//! spso 0 speo 9 next 10 can            ("can" or "full": can_acquire_records)
//! [0-9] ACQUIRED m1 d1 @1000           (one line per in-flight batch; a batch kept per
//!                                       offset lists its runs: [0-9] 0-4 ACQUIRED m1 d1 @1000 / 5-9 ...)
//! > ack m1 0-4:accept 5-9:release,accept,gap,reject,accept
//! = ok                                 (or Kafka's error name)
//! > release m1        > wait 1000      > lso 5
//! ```

use brokerlab_core::Name;
use brokerlab_core::SimTime;
use brokerlab_core::event_broker::Offset;
use brokerlab_core::event_broker::share::{
    AcknowledgeType, AcknowledgementBatch, AcquiredRecords, FetchedBatches, InFlight, RecordState, ShareConfig,
    SharePartition,
};

/// Runs `transcript` and checks every line it expects; a mismatch prints the whole transcript
/// the model produced, to compare by eye.
pub fn check(case: &str, transcript: &str) {
    let expected = normalise(transcript);
    let actual = run(&expected);
    assert_eq!(actual, expected, "{case}: the model's transcript (left) differs from Kafka's (right)");
}

fn normalise(text: &str) -> String {
    let lines: Vec<&str> = text.lines().map(str::trim).filter(|line| !line.is_empty()).collect();
    lines.join("\n")
}

/// Replays the operations of `transcript`, writing what the model says after each.
pub fn run(transcript: &str) -> String {
    let mut lines = transcript.lines().peekable();
    let mut out = Vec::new();
    let mut config = ShareConfig::default();
    let mut start = 0;
    while let Some(line) = lines.peek().copied() {
        if let Some(rest) = line.strip_prefix("config ") {
            config = parse_config(rest);
        } else if let Some(rest) = line.strip_prefix("start ") {
            start = rest.parse().expect("start offset");
        } else {
            break;
        }
        out.push(line.to_string());
        lines.next();
    }
    let mut share = SharePartition::new(config, Offset(start)).expect("start offset within range");
    let mut now = SimTime::ZERO;
    out.extend(render(&share));
    for line in lines {
        let Some(op) = line.strip_prefix("> ") else { continue };
        out.push(line.to_string());
        if let Some(said) = apply(&mut share, &mut now, op) {
            out.push(format!("= {said}"));
        }
        out.extend(render(&share));
    }
    out.join("\n")
}

fn parse_config(rest: &str) -> ShareConfig {
    let (mut limit, mut lock, mut cap) = (5, 30_000, 2_000);
    for pair in rest.split_whitespace() {
        let (key, value) = pair.split_once('=').expect("key=value");
        let value: u64 = value.parse().expect("a number");
        match key {
            "limit" => limit = value,
            "lock" => lock = value,
            "cap" => cap = value,
            other => panic!("unknown config {other}"),
        }
    }
    ShareConfig::new(limit, lock, cap).expect("config within Kafka's ranges")
}

/// Applies one operation; returns what it answered, if it answers.
fn apply(share: &mut SharePartition, now: &mut SimTime, op: &str) -> Option<String> {
    let words: Vec<&str> = op.split_whitespace().collect();
    match words.as_slice() {
        ["acquire", member, rest @ ..] => {
            let mut max = None;
            let mut batches = Vec::new();
            for word in rest {
                if let Some(value) = word.strip_prefix("max=") {
                    max = Some(value.parse().expect("max"));
                } else {
                    batches.push(range(word));
                }
            }
            let fetched = FetchedBatches::new(batches).expect("valid fetched batches");
            Some(acquired(&share.acquire(&Name::from(*member), max, &fetched, *now)))
        }
        ["ack", member, rest @ ..] => {
            let batches: Vec<AcknowledgementBatch> = rest.iter().map(|word| ack_batch(word)).collect();
            Some(match share.acknowledge(&Name::from(*member), &batches, *now) {
                Ok(()) => "ok".to_string(),
                Err(error) => error.kafka_name().expect("a Kafka error").to_string(),
            })
        }
        ["release", member] => {
            share.release_member(&Name::from(*member));
            None
        }
        ["wait", ms] => {
            *now = now.plus_ms(ms.parse().expect("ms"));
            share.expire_locks(*now);
            None
        }
        ["lso", offset] => {
            share.update_log_start(Offset(offset.parse().expect("offset"))).expect("offset within range");
            None
        }
        _ => panic!("unknown operation: {op}"),
    }
}

fn range(word: &str) -> (u64, u64) {
    match word.split_once('-') {
        Some((first, last)) => (first.parse().expect("first"), last.parse().expect("last")),
        None => {
            let offset = word.parse().expect("offset");
            (offset, offset)
        }
    }
}

fn ack_batch(word: &str) -> AcknowledgementBatch {
    let (offsets, types) = word.split_once(':').expect("first-last:types");
    let (first, last) = range(offsets);
    let types = types
        .split(',')
        .map(|name| match name {
            "accept" => AcknowledgeType::Accept,
            "release" => AcknowledgeType::Release,
            "reject" => AcknowledgeType::Reject,
            "gap" => AcknowledgeType::Gap,
            "renew" => AcknowledgeType::Renew,
            other => panic!("unknown acknowledge type {other}"),
        })
        .collect();
    AcknowledgementBatch { first, last, types }
}

fn acquired(list: &[AcquiredRecords]) -> String {
    if list.is_empty() {
        return "none".to_string();
    }
    let parts: Vec<String> = list.iter().map(|r| format!("{}#{}", span(r.first, r.last), r.delivery_count)).collect();
    parts.join(" ")
}

fn span(first: u64, last: u64) -> String {
    if first == last { first.to_string() } else { format!("{first}-{last}") }
}

/// The share-partition as transcript lines: offsets, then one line per in-flight batch.
pub fn render(share: &SharePartition) -> Vec<String> {
    let can = if share.can_acquire_records() { "can" } else { "full" };
    let mut lines = vec![format!(
        "spso {} speo {} next {} {can}",
        share.start_offset(),
        share.end_offset(),
        share.next_fetch_offset()
    )];
    for (first, last, per_offset) in share.batches() {
        if !per_offset {
            let state = share.record(first).expect("a batch's first offset is in flight");
            lines.push(format!("[{}] {}", span(first, last), describe(state)));
            continue;
        }
        let mut runs: Vec<(u64, u64, String)> = Vec::new();
        for offset in first..=last {
            let said = describe(share.record(offset).expect("in flight"));
            match runs.last_mut() {
                Some((_, run_last, run_said)) if *run_said == said => *run_last = offset,
                _ => runs.push((offset, offset, said)),
            }
        }
        let runs: Vec<String> = runs.iter().map(|(f, l, said)| format!("{} {said}", span(*f, *l))).collect();
        lines.push(format!("[{}] {}", span(first, last), runs.join(" / ")));
    }
    lines
}

fn describe(state: &InFlight) -> String {
    let mut said = format!("{} ", state.state.kafka_name());
    if let Some(member) = &state.member {
        said.push_str(&format!("{member} "));
    }
    said.push_str(&format!("d{}", state.delivery_count));
    if let Some(at) = state.lock_expires_at {
        said.push_str(&format!(" @{}", at.as_ms()));
    }
    debug_assert!(state.state != RecordState::Acquired || state.lock_expires_at.is_some());
    said
}
