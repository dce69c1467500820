//! The hostile scenario documents of `hostile.rs`, each with the kind of error the core gives
//! it (its variant path, e.g. `MessageBroker(Definitions`, or `ok`): malformed, truncated,
//! huge and deeply nested documents, versions from elsewhere, unknown fields and names,
//! numbers out of range, and crafted share links. Data only, shared with the CLI's tests
//! (`cli/tests/run_hostile.rs`), which feed the same inputs to `brokerlab run`.

#![allow(dead_code)]

use brokerlab_core::limits;
use serde_json::{Value, json};

/// A world with both brokers and something of everything.
pub const BASE_SCENARIO: &str = include_str!("base.json");

/// The foundation slice, a second valid document to cut short.
pub const SLICE: &str = include_str!("../data/slice.json");

/// Not JSON, or not the scenario's shape.
pub fn malformed() -> Vec<(String, &'static str)> {
    let cases: Vec<(String, &'static str)> = [
        ("", "Malformed"),
        ("   ", "Malformed"),
        ("null", "Malformed"),
        ("[]", "Malformed"),
        ("{}", "Malformed"),
        ("42", "Malformed"),
        ("\"version\"", "Malformed"),
        ("{\"version\": 1,}", "Malformed"),
        ("{\"version\": 1} trailing", "Malformed"),
        ("{\"version\": 1, \"version\": 1}", "Malformed"),
        ("{\"version\": \"1\"}", "Malformed"),
        ("{\"version\": 1.0}", "Malformed"),
        ("{\"version\": 1, \"seed\": -1}", "Malformed"),
        ("{\"version\": 1, \"seed\": 18446744073709551616}", "Malformed"),
        ("{\"version\": 1, \"link_ms\": 1e400}", "Malformed"),
        ("{\"version\": 1, \"event_broker\": null}", "Malformed"),
        ("{\"version\": 1, \"event_broker\": {\"topics\": {}}}", "Malformed"),
        ("{\"version\": 1, \"event_broker\": {\"topics\": [{\"name\": 5, \"partitions\": 1}]}}", "Malformed"),
        ("{\"version\": 1, \"event_broker\": {\"topics\": [{\"name\": \"\\ud800\", \"partitions\": 1}]}}", "Malformed"),
        ("{\"version\": 1, \"script\": [{\"at_ms\": 0}]}", "Malformed"),
        ("{\"version\": 1, \"script\": [{\"at_ms\": 0, \"command\": \"explode\"}]}", "Malformed"),
        ("{\"version\": 1, \"script\": [{\"at_ms\": 0, \"command\": {\"explode\": {}}}]}", "Malformed"),
        ("\u{feff}{\"version\": 1}", "Malformed"),
        ("{\"version\": 1}", "ok"),
        ("  {\"version\": 1}\n", "ok"),
    ]
    .into_iter()
    .map(|(a, b)| (a.to_string(), b))
    .collect();
    cases
}

/// Every strict prefix of two valid documents (`Malformed`), and each whole (`ok`).
pub fn prefixes() -> Vec<(String, &'static str)> {
    let mut cases = Vec::new();
    for text in [BASE_SCENARIO, SLICE] {
        let end = text.trim_end().len();
        for cut in (0..end).filter(|&cut| text.is_char_boundary(cut)) {
            cases.push((text[..cut].to_string(), "Malformed"));
        }
        cases.push((text[..end].to_string(), "ok"));
    }
    cases
}

/// Versions other than this build's, refused before their fields.
pub fn versions() -> Vec<(String, &'static str)> {
    let cases: Vec<(String, &'static str)> = vec![
        (r#"{"version": 2}"#.into(), "UnsupportedVersion"),
        (r#"{"version": 0}"#.into(), "UnsupportedVersion"),
        (r#"{"version": 4294967295, "a_field_from_the_future": {"x": [1, 2]}}"#.into(), "UnsupportedVersion"),
        (r#"{"a_field_from_the_future": true, "version": 2}"#.into(), "UnsupportedVersion"),
        (r#"{"version": 4294967296}"#.into(), "Malformed"),
        (r#"{"version": -1}"#.into(), "Malformed"),
        (r#"{"seed": 1}"#.into(), "Malformed"),
        (with("/version", "3"), "UnsupportedVersion"),
        // Found by the `scenario` fuzz target: serde reads a struct from an array too.
        ("\n\n[31\n,4\n]\n\n".into(), "UnsupportedVersion"),
        ("[1]".into(), "ok"),
    ];
    cases
}

/// A group under `group.protocol=consumer` (KIP-848): refused under Kafka 3.9 (named or left
/// out), its session and heartbeat outside the broker's bounds, unknown protocol or assignor
/// names.
pub fn consumer_protocol() -> Vec<(String, &'static str)> {
    let doc = |version: Option<&str>, field: &str, raw: &str| {
        let mut doc = base();
        if let Some(version) = version {
            doc["event_broker"]["kafka_version"] = json!(version);
        }
        let group = doc.pointer_mut("/event_broker/groups/0").and_then(Value::as_object_mut).expect("a group");
        group.insert("group_protocol".into(), json!("consumer"));
        group.insert(field.into(), json!("__HOLE__"));
        doc.to_string().replace("\"__HOLE__\"", raw)
    };
    vec![
        (doc(None, "group_protocol", "\"consumer\""), "ConsumerProtocolUnavailable"),
        (doc(Some("3.9"), "group_protocol", "\"consumer\""), "ConsumerProtocolUnavailable"),
        (doc(Some("4.2"), "group_protocol", "\"consumer\""), "ok"),
        (doc(Some("4.2"), "group_protocol", "\"classic\""), "ok"),
        (doc(Some("4.2"), "group_protocol", "\"Consumer\""), "Malformed"),
        (doc(Some("4.2"), "group_protocol", "null"), "Malformed"),
        (doc(Some("4.2"), "group_remote_assignor", "\"range\""), "ok"),
        (doc(Some("4.2"), "group_remote_assignor", "\"cooperative-sticky\""), "Malformed"),
        (doc(Some("4.2"), "consumer_session_timeout_ms", "44999"), "OutOfRange"),
        (doc(Some("4.2"), "consumer_session_timeout_ms", "60001"), "OutOfRange"),
        (doc(Some("4.2"), "consumer_session_timeout_ms", "60000"), "ok"),
        (doc(Some("4.2"), "consumer_session_timeout_ms", "-1"), "Malformed"),
        (doc(Some("4.2"), "consumer_heartbeat_interval_ms", "4999"), "OutOfRange"),
        (doc(Some("4.2"), "consumer_heartbeat_interval_ms", "15001"), "OutOfRange"),
        (doc(Some("4.2"), "consumer_heartbeat_interval_ms", "18446744073709551616"), "Malformed"),
    ]
}

/// Too large, or nested deeper than the parser goes.
pub fn huge() -> Vec<(String, &'static str)> {
    let deep = |open: &str, close: &str, n: usize| format!("{}{}", open.repeat(n), close.repeat(n));
    let cases: Vec<(String, &'static str)> = vec![
        (" ".repeat(limits::SCENARIO_BYTES_MAX + 1), "TooLarge"),
        (format!("{{\"version\": 1}}{}", " ".repeat(limits::SCENARIO_BYTES_MAX)), "TooLarge"),
        (deep("[", "]", 100_000), "Malformed"),
        (deep("{\"a\":", "}", 100_000), "Malformed"),
        (format!("{{\"version\": 1, \"seed\": {}}}", deep("[", "]", 100_000)), "Malformed"),
        // The version is read first, skipping what it does not know without recursing.
        (format!("{{\"version\": 2, \"future\": {}}}", deep("[", "]", 100_000)), "UnsupportedVersion"),
        (format!("{{\"version\": 1, \"message_broker\": {{\"definitions\": {}}}}}", deep("[", "]", 100_000)), "Malformed"),
        (format!("{{\"version\": 1, \"message_broker\": {{\"definitions\": {{\"users\": {}}}}}}}", deep("{\"a\":", "}", 100_000)), "Malformed"),
        // Deep but within serde_json's recursion limit (128): accepted as ignored.
        (format!("{{\"version\": 1, \"message_broker\": {{\"definitions\": {{\"users\": {}}}}}}}", deep("[", "]", 100)), "ok"),
    ];
    cases
}

/// Fields and names the scenario does not have.
pub fn unknown_fields_and_names() -> Vec<(String, &'static str)> {
    let cases: Vec<(String, &'static str)> = vec![
        (with_field("", "colour", "1"), "Malformed"),
        (with_field("/event_broker", "zookeeper", "true"), "Malformed"),
        (with_field("/event_broker/topics/0", "partition", "3"), "Malformed"),
        (with_field("/event_broker/topics/0/config", "retention.hours", "3"), "Malformed"),
        (with_field("/event_broker/producers/0", "linger_ms", "3"), "Malformed"),
        (with_field("/event_broker/groups/0", "isolation_level", "\"read_committed\""), "Malformed"),
        (with_field("/message_broker", "policies", "[]"), "Malformed"),
        (with_field("/message_broker/publishers/0", "user_id", "\"x\""), "Malformed"),
        (with_field("/message_broker/consumers/0", "exclusive", "true"), "Malformed"),
        (with("/event_broker/groups/0/assignor", "\"bogus\""), "Malformed"),
        (with("/event_broker/groups/0/auto_offset_reset", "\"middle\""), "Malformed"),
        (with("/event_broker/producers/0/acks", "\"2\""), "Malformed"),
        (with("/event_broker/producers/0/partitioner", "\"uniform\""), "Malformed"),
        (with("/message_broker/consumers/0/on_failure", "\"explode\""), "Malformed"),
        (with("/event_broker/producers/0/topic", "\"nope\""), "UnknownTopic"),
        (with("/event_broker/groups/0/topics", "[\"t\", \"nope\"]"), "UnknownTopic"),
        (with("/event_broker/groups/0/topics", "[]"), "OutOfRange"),
        (with("/message_broker/publishers/0/exchange", "\"nope\""), "MessageBroker(UnknownExchange"),
        (with("/message_broker/consumers/0/queue", "\"nope\""), "MessageBroker(UnknownQueue"),
        (with("/event_broker/topics/1/name", "\"t\""), "DuplicateName"),
        (with("/event_broker/producers/1/name", "\"p\""), "DuplicateName"),
        (with("/event_broker/groups/1/name", "\"g\""), "DuplicateName"),
        (with("/message_broker/consumers/1/name", "\"pub\""), "MessageBroker(DuplicateName"),
        (with("/event_broker/topics/0/name", "\"\""), "InvalidName"),
        (with("/event_broker/topics/0/name", "\"a\\u0000b\""), "InvalidName"),
        (with("/event_broker/producers/0/name", &format!("\"{}\"", "p".repeat(65))), "InvalidName"),
        (with("/event_broker/groups/0/name", "\"\\n\""), "InvalidName"),
        (with("/message_broker/publishers/0/name", "\"\""), "MessageBroker(InvalidName"),
        (with("/message_broker/publishers/0/headers", "{\"k\": {\"nested\": [1, {\"deep\": null}]}}"), "ok"),
        (with("/message_broker/publishers/0/name", "\"\u{d55c}\u{ad6d}\u{c5b4} <script>\""), "ok"),
    ];
    cases
}

/// (pointer, values refused with a range error, values refused by the parser, values accepted)
type NumericField<'a> = (&'a str, Vec<&'a str>, Vec<&'a str>, Vec<&'a str>);

/// Every numeric field past its range, past what its type holds, and at its edges.
pub fn numbers_out_of_range() -> Vec<(String, &'static str)> {
    let u32_over = "4294967296";
    let u64_over = "18446744073709551616";
    let day_over = (limits::DURATION_MS_MAX + 1).to_string();
    let day = limits::DURATION_MS_MAX.to_string();
    let mut cases: Vec<(String, &'static str)> = Vec::new();
    let fields: Vec<NumericField> = vec![
        ("/link_ms", vec![&day_over, "18446744073709551615"], vec!["-1", u64_over, "1.5"], vec!["0", &day]),
        ("/event_broker/brokers", vec!["0", "10", "4294967295"], vec!["-1", u32_over], vec!["9"]),
        ("/event_broker/replica_lag_time_max_ms", vec!["0", "1", &day_over], vec!["-5", u64_over], vec!["2", &day]),
        ("/event_broker/replica_fetch_wait_max_ms", vec!["0", &day_over], vec!["-5"], vec!["1"]),
        ("/event_broker/log_retention_check_interval_ms", vec!["0", &day_over], vec!["-5"], vec!["1"]),
        ("/event_broker/log_cleaner_backoff_ms", vec!["0", &day_over], vec!["-5"], vec!["1"]),
        ("/event_broker/topics/0/partitions", vec!["0", "65", "4294967295"], vec!["-1", u32_over, "1e3"], vec!["1", "64"]),
        ("/event_broker/topics/0/replication_factor", vec!["0", "4"], vec!["-1"], vec!["3"]),
        ("/event_broker/producers/0/every_ms", vec!["0", &day_over], vec!["-1", u64_over], vec!["1", "null"]),
        ("/event_broker/producers/0/batch_size", vec!["0", "16777217"], vec!["-1"], vec!["1"]),
        ("/event_broker/groups/0/members", vec!["33", "4294967295"], vec!["-1", u32_over], vec!["0", "32"]),
        ("/event_broker/groups/0/processing_ms", vec![&day_over], vec!["-1"], vec!["0", &day]),
        ("/event_broker/groups/0/poll_ms", vec!["0", &day_over], vec!["-1"], vec!["1"]),
        ("/event_broker/groups/0/max_poll_records", vec!["0", "501"], vec!["-1", u32_over], vec!["1", "500"]),
        ("/event_broker/groups/0/heartbeat_interval_ms", vec!["0", "601"], vec!["-1"], vec!["600"]),
        ("/event_broker/groups/0/session_timeout_ms", vec!["199", &day_over], vec!["-1"], vec!["200", &day]),
        ("/event_broker/groups/0/max_poll_interval_ms", vec!["0", &day_over], vec!["-1"], vec!["1"]),
        ("/event_broker/groups/1/auto_commit_interval_ms", vec!["0", &day_over], vec!["-1"], vec!["1"]),
        ("/message_broker/publishers/0/every_ms", vec!["0", &day_over], vec!["-1"], vec!["1", "null"]),
        ("/message_broker/publishers/0/priority", vec![], vec!["-1", "256"], vec!["0", "255"]),
        ("/message_broker/publishers/0/expiration_ms", vec![], vec!["-1", u64_over], vec!["0", "18446744073709551615"]),
        ("/message_broker/consumers/0/prefetch", vec![], vec!["-1", "65536"], vec!["0", "65535"]),
        ("/message_broker/consumers/0/processing_ms", vec![&day_over], vec!["-1"], vec!["0", &day]),
        ("/message_broker/consumers/0/failure_per_mille", vec!["1001", "4294967295"], vec!["-1", u32_over], vec!["0", "1000"]),
        ("/event_broker/topics/0/config/min.insync.replicas", vec!["0", "10"], vec!["-1", u64_over, "\"2\""], vec!["1", "3", "9"]),
    ];
    for (pointer, range, parse, ok) in &fields {
        for value in range {
            let expected = if pointer.starts_with("/message_broker") { "MessageBroker(OutOfRange" } else { "OutOfRange" };
            let expected = if pointer.contains("/config/") { "InvalidConfig" } else { expected };
            cases.push((with(pointer, value), expected));
        }
        for value in parse {
            cases.push((with(pointer, value), "Malformed"));
        }
        for value in ok {
            cases.push((with(pointer, value), "ok"));
        }
    }
    // Topic configuration with Kafka's names.
    for (property, value, expected) in [
        ("retention.ms", "-2", "InvalidConfig"),
        ("retention.ms", "-1", "ok"),
        ("retention.bytes", "-2", "InvalidConfig"),
        ("segment.bytes", "0", "InvalidConfig"),
        ("segment.bytes", "13", "InvalidConfig"),
        ("segment.bytes", "-1", "Malformed"),
        ("segment.bytes", "18446744073709551615", "InvalidConfig"),
        ("segment.ms", "0", "InvalidConfig"),
        ("delete.retention.ms", "-1", "Malformed"),
        ("delete.retention.ms", "8640000001", "InvalidConfig"),
        ("retention.ms", "9223372036854775808", "Malformed"),
        ("cleanup.policy", "\"shred\"", "Malformed"),
        ("cleanup.policy", "\"compact,delete\"", "ok"),
    ] {
        cases.push((with_field("/event_broker/topics/1/config", property, value), expected));
    }
    // Queue arguments in the definitions.
    for (argument, value, expected) in [
        ("x-max-length", "-1", "MessageBroker(Definitions"),
        ("x-max-length", "\"ten\"", "MessageBroker(Definitions"),
        ("x-max-length", "1.5", "MessageBroker(Definitions"),
        ("x-max-length", "1e400", "Malformed"),
        ("x-max-length", "9223372036854775807", "ok"),
        ("x-max-length", "0", "ok"),
        ("x-max-length-bytes", "-1", "MessageBroker(Definitions"),
        ("x-max-priority", "256", "MessageBroker(Definitions"),
        ("x-max-priority", "-1", "MessageBroker(Definitions"),
        ("x-max-priority", "255", "ok"),
        ("x-message-ttl", "-1", "MessageBroker(Definitions"),
        ("x-message-ttl", "9223372036854775807", "ok"),
        ("x-message-ttl", "18446744073709551615", "MessageBroker(Definitions"),
        ("x-expires", "0", "MessageBroker(Definitions"),
        ("x-overflow", "\"drop-tail\"", "MessageBroker(Definitions"),
        ("x-queue-type", "\"stream\"", "MessageBroker(Definitions"),
        ("x-queue-type", "\"lazy\"", "MessageBroker(Definitions"),
        ("x-single-active-consumer", "\"yes\"", "MessageBroker(Definitions"),
        ("x-dead-letter-exchange", "5", "MessageBroker(Definitions"),
        ("x-delivery-limit", "\"many\"", "MessageBroker(Definitions"),
    ] {
        cases.push((with_field("/message_broker/definitions/queues/1/arguments", argument, value), expected));
    }
    cases
}

/// Share-link fragments the page and `brokerlab run` refuse, each with its `FragmentError`
/// kind, and one that holds nothing (`ok`: `decode` reads no scenario).
pub fn fragments() -> Vec<(String, &'static str)> {
    let mut cases: Vec<(String, &'static str)> = [
        ("#hello", "NotAShareLink"),
        ("#v0.Zg", "NotAShareLink"),
        ("#v3.Zg", "FutureVersion"),
        ("#v99999999999.Zg", "NotAShareLink"),
        ("#v1", "NotAShareLink"),
        ("#v1.Z", "BadEncoding"),
        ("#v1.Z*g=", "BadEncoding"),
        ("#v1.__8", "BadEncoding"),
        ("#v1.Zg.x", "BadStep"),
        ("#v1.Zg.1.2", "NotAShareLink"),
        ("#v2.Zg.acks", "BadStep"),
        ("#v2.Zg.acks.-1", "BadStep"),
        ("#v2.Zg.acks.99999999999", "BadStep"),
        ("#v2.Zg..1", "BadLesson"),
        ("#v2.Zg.<script>.1", "BadLesson"),
        ("#v2.Zg.ACKS.1", "BadLesson"),
        ("#v2.Zg.acks.1.2", "NotAShareLink"),
        ("#", "ok"),
    ]
    .into_iter()
    .map(|(a, b)| (a.to_string(), b))
    .collect();
    cases.push((format!("#v2.Zg.{}.1", "a".repeat(limits::LESSON_ID_MAX + 1)), "BadLesson"));
    cases.push((format!("#v1.{}", "A".repeat(limits::FRAGMENT_CHARS_MAX + 4)), "TooLong"));
    cases
}

pub fn base() -> Value {
    serde_json::from_str(BASE_SCENARIO).unwrap()
}

/// The base scenario with the value at `pointer` set (replaced, or added to its object), as raw
/// JSON text, so numbers beyond every Rust integer can be written.
pub fn with(pointer: &str, raw: &str) -> String {
    let (parent, field) = pointer.rsplit_once('/').unwrap();
    with_field(parent, field, raw)
}

/// The base scenario with `field` of the object at `pointer` set to raw JSON text.
pub fn with_field(pointer: &str, field: &str, raw: &str) -> String {
    let mut doc = base();
    let object = doc.pointer_mut(pointer).and_then(Value::as_object_mut).unwrap_or_else(|| panic!("no object at {pointer:?}"));
    object.insert(field.into(), json!("__HOLE__"));
    doc.to_string().replace("\"__HOLE__\"", raw)
}
