//! Hostile and careless input: every case gets a clear, typed error and changes nothing.
//! Scenario documents (malformed, truncated, huge, deeply nested, unknown fields and names,
//! out-of-range numbers, future versions), definitions.json (garbage arguments, `x-match`
//! nonsense, features a real broker has and the model does not), and commands naming things
//! that do not exist. Each case is one line: input → the error's kind (its variant path, e.g.
//! `MessageBroker(Definitions`), and where a world or broker exists, its `Debug` rendering is
//! the same before and after.
//!
//! The fuzz targets' bodies (`hostile_support`, shared with `fuzz/`) run here too, over a few
//! thousand seeded inputs, so `cargo test` walks the fuzzers' paths deterministically.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

mod hostile_support;

use brokerlab_core::Drive;
use brokerlab_core::limits;
use brokerlab_core::message_broker::MessageBroker;
use brokerlab_core::rng::Prng;
use brokerlab_core::{Command, Scenario, ScenarioError, SimTime, World};
use hostile_support::BASE_SCENARIO;
use serde_json::{Value, json};

/// The kind of an error: its `Debug` rendering up to the first field, e.g.
/// `Message(UnknownPublisher` or `OutOfRange`.
fn kind(debug: &str) -> String {
    let end = debug.find(|c: char| !(c.is_ascii_alphabetic() || c == '(')).unwrap_or(debug.len());
    debug[..end].trim_end_matches('(').to_string()
}

fn build(json: &str) -> Result<World, ScenarioError> {
    World::new(&Scenario::from_json(json)?)
}

/// Builds the scenario and returns "ok" or the error's kind.
fn outcome(json: &str) -> String {
    match build(json) {
        Ok(_) => "ok".into(),
        Err(e) => {
            // Every refusal explains itself.
            assert!(!e.to_string().is_empty());
            kind(&format!("{e:?}"))
        }
    }
}

fn check_cases(cases: &[(String, &str)]) {
    let mut wrong = Vec::new();
    for (input, expected) in cases {
        let actual = outcome(input);
        if actual != *expected {
            let shown: String = input.chars().take(300).collect();
            wrong.push(format!("expected {expected}, got {actual} for {shown}"));
        }
    }
    assert!(wrong.is_empty(), "{} of {} cases:\n{}", wrong.len(), cases.len(), wrong.join("\n"));
}

fn base() -> Value {
    serde_json::from_str(BASE_SCENARIO).unwrap()
}

/// The base scenario with the value at `pointer` set (replaced, or added to its object), as raw
/// JSON text, so numbers beyond every Rust integer can be written.
fn with(pointer: &str, raw: &str) -> String {
    let (parent, field) = pointer.rsplit_once('/').unwrap();
    with_field(parent, field, raw)
}

/// The base scenario with `field` of the object at `pointer` set to raw JSON text.
fn with_field(pointer: &str, field: &str, raw: &str) -> String {
    let mut doc = base();
    let object = doc.pointer_mut(pointer).and_then(Value::as_object_mut).unwrap_or_else(|| panic!("no object at {pointer:?}"));
    object.insert(field.into(), json!("__HOLE__"));
    doc.to_string().replace("\"__HOLE__\"", raw)
}

#[test]
fn the_base_scenario_is_valid() {
    assert_eq!(outcome(BASE_SCENARIO), "ok");
}

#[test]
fn malformed_documents_are_malformed() {
    let cases: Vec<(String, &str)> = [
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
    check_cases(&cases);
}

#[test]
fn every_prefix_of_a_valid_scenario_is_refused() {
    let slice = include_str!("data/slice.json");
    let mut count = 0;
    for text in [BASE_SCENARIO, slice] {
        let end = text.trim_end().len();
        for cut in (0..end).filter(|&cut| text.is_char_boundary(cut)) {
            assert_eq!(outcome(&text[..cut]), "Malformed", "prefix of {cut} bytes");
            count += 1;
        }
        assert_eq!(outcome(&text[..end]), "ok");
    }
    assert!(count > 2_000);
}

#[test]
fn versions_other_than_this_build_s_are_refused_before_their_fields() {
    let cases: Vec<(String, &str)> = vec![
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
    check_cases(&cases);
}

#[test]
fn huge_and_deeply_nested_documents_are_refused_without_overflowing_the_stack() {
    let deep = |open: &str, close: &str, n: usize| format!("{}{}", open.repeat(n), close.repeat(n));
    let cases: Vec<(String, &str)> = vec![
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
    check_cases(&cases);
    // The same through the definitions import directly (it has no size cap of its own).
    let mut broker = MessageBroker::new();
    let before = format!("{broker:?}");
    for text in [deep("[", "]", 100_000), deep("{\"a\":", "}", 100_000), format!("{{\"queues\": {}}}", deep("[", "]", 100_000))] {
        let error = broker.import_definitions(SimTime::ZERO, &text).unwrap_err();
        assert_eq!(kind(&format!("{error:?}")), "Json");
        assert_eq!(format!("{broker:?}"), before);
    }
}

#[test]
fn unknown_fields_and_names_are_refused() {
    let cases: Vec<(String, &str)> = vec![
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
    check_cases(&cases);
}

/// (pointer, values refused with a range error, values refused by the parser, values accepted)
type NumericField<'a> = (&'a str, Vec<&'a str>, Vec<&'a str>, Vec<&'a str>);

#[test]
fn numbers_out_of_range_are_refused_in_every_numeric_field() {
    let u32_over = "4294967296";
    let u64_over = "18446744073709551616";
    let day_over = (limits::DURATION_MS_MAX + 1).to_string();
    let day = limits::DURATION_MS_MAX.to_string();
    let mut cases: Vec<(String, &str)> = Vec::new();
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
    check_cases(&cases);
    assert!(cases.len() > 120, "{} cases", cases.len());
}

/// A definitions document with one more binding from `hx` to `q1` with these arguments.
fn headers_binding(arguments: &str) -> String {
    let mut doc = base();
    let bindings = doc.pointer_mut("/message_broker/definitions/bindings").unwrap().as_array_mut().unwrap();
    bindings.push(json!({"source": "hx", "destination": "dlq", "destination_type": "queue", "arguments": "__HOLE__"}));
    doc.to_string().replace("\"__HOLE__\"", arguments)
}

#[test]
fn definitions_with_garbage_are_refused_and_unmodelled_features_are_listed() {
    let definitions = |raw: &str| format!(r#"{{"version": 1, "message_broker": {{"definitions": {raw}}}}}"#);
    let cases: Vec<(String, &str)> = vec![
        (headers_binding(r#"{"x-match": "garbage"}"#), "MessageBroker(Definitions"),
        (headers_binding(r#"{"x-match": 5}"#), "MessageBroker(Definitions"),
        (headers_binding(r#"{"x-match": ""}"#), "MessageBroker(Definitions"),
        (headers_binding(r#"{"x-match": "ALL"}"#), "MessageBroker(Definitions"),
        (headers_binding(r#"{"x-match": "any-with-x", "x-k": 1}"#), "ok"),
        (headers_binding(r#"[1, 2]"#), "MessageBroker(Definitions"),
        (headers_binding(r#""text""#), "MessageBroker(Definitions"),
        (definitions(r#"[]"#), "MessageBroker(Definitions"),
        (definitions(r#""exchanges""#), "MessageBroker(Definitions"),
        (definitions(r#"{"queues": {}}"#), "MessageBroker(Definitions"),
        (definitions(r#"{"queues": [1]}"#), "MessageBroker(Definitions"),
        (definitions(r#"{"queues": [{"durable": true}]}"#), "MessageBroker(Definitions"),
        (definitions(r#"{"queues": [{"name": "q", "durable": "yes"}]}"#), "MessageBroker(Definitions"),
        (definitions(&format!(r#"{{"queues": [{{"name": "{}"}}]}}"#, "q".repeat(256))), "MessageBroker(Definitions"),
        (definitions(r#"{"queues": [{"name": "q"}, {"name": "q", "durable": false}]}"#), "MessageBroker(Definitions"),
        (definitions(r#"{"queues": [{"name": "amq.q"}]}"#), "MessageBroker(Definitions"),
        (definitions(r#"{"exchanges": [{"name": "e"}]}"#), "MessageBroker(Definitions"),
        (definitions(r#"{"bindings": [{"source": "amq.topic", "destination": "none", "destination_type": "queue"}]}"#), "MessageBroker(Definitions"),
        (definitions(r#"{"bindings": [{"source": "amq.topic", "destination": "x", "destination_type": "stream"}]}"#), "MessageBroker(Definitions"),
        (definitions(r#"{"queues": [{"name": "q"}], "bindings": [{"source": "amq.topic", "destination": "q", "destination_type": "queue", "routing_key": 5}]}"#), "MessageBroker(Definitions"),
        // Odd but valid topic patterns: RabbitMQ binds any words.
        (definitions(r#"{"queues": [{"name": "q"}], "bindings": [{"source": "amq.topic", "destination": "q", "destination_type": "queue", "routing_key": "..#.#.*.."}]}"#), "ok"),
        (definitions(r#"{"exchanges": [{"name": "h", "type": "x-consistent-hash"}]}"#), "ok"),
        (definitions(r#"{"rabbit_version": "9.9.9", "users": [], "federation-upstreams": {}, "x": 1}"#), "ok"),
        (definitions("null"), "ok"),
        (with("/message_broker/definitions", "null"), "MessageBroker(UnknownExchange"),
    ];
    check_cases(&cases);

    // A real broker's export: users, vhosts, permissions, policies and another vhost's queue are
    // read and listed as ignored, not refused.
    let real = include_str!("data/rabbitmq/definitions.json");
    let (_, imported) = MessageBroker::from_definitions(real).unwrap();
    for line in ["users: 1 entry", "vhosts: 2 entries", "permissions: 1 entry", "policies: 1 entry", "global_parameters: 1 entry"] {
        assert!(imported.ignored.iter().any(|i| i == line), "{line} not in {:?}", imported.ignored);
    }
    assert!(imported.ignored.iter().any(|i| i.contains("staging-only")), "{:?}", imported.ignored);
    assert!(imported.queues >= 5);
}

#[test]
fn refused_definitions_leave_a_broker_unchanged() {
    let real = include_str!("data/rabbitmq/definitions.json");
    let (mut broker, _) = MessageBroker::from_definitions(real).unwrap();
    let before = format!("{broker:?}");
    let cases = [
        ("not json", "Json"),
        ("[]", "Json"),
        (r#"{"queues": [{"name": "new"}, {"name": "orders.eu", "arguments": {"x-max-length": 1}}]}"#, "Broker"),
        (r#"{"exchanges": [{"name": "fresh", "type": "topic"}], "bindings": [{"source": "fresh", "destination": "ghost", "destination_type": "queue"}]}"#, "Broker"),
        (r#"{"queues": [{"name": "fresh"}], "bindings": [{"source": "fresh-x", "destination": "fresh", "destination_type": "queue"}]}"#, "Broker"),
        (r#"{"exchanges": [{"name": "hh", "type": "headers"}], "bindings": [{"source": "hh", "destination": "parking", "destination_type": "queue", "arguments": {"x-match": "nonsense"}}]}"#, "Broker"),
        (r#"{"queues": [{"name": "fresh", "arguments": {"x-max-priority": 1000}}]}"#, "Broker"),
        (r#"{"exchanges": [{"name": "z", "type": 7}]}"#, "Shape"),
    ];
    for (text, expected) in cases {
        let error = broker.import_definitions(SimTime::from_ms(5), text).unwrap_err();
        assert_eq!(kind(&format!("{error:?}")), expected, "for {text}");
        assert!(!error.to_string().is_empty());
        assert_eq!(format!("{broker:?}"), before, "refused {text} changed the broker");
    }
}

#[test]
fn commands_naming_unknown_things_are_refused_and_change_nothing() {
    let long = "k".repeat(limits::KEY_BYTES_MAX + 1);
    let cases: Vec<(String, &str)> = vec![
        (r#"{"produce": {"producer": "nope"}}"#.into(), "UnknownProducer"),
        (format!(r#"{{"produce": {{"producer": "p", "key": "{long}"}}}}"#), "KeyTooLong"),
        (format!(r#"{{"produce": {{"producer": "p", "value": "{}"}}}}"#, "v".repeat(limits::VALUE_BYTES_MAX + 1)), "ValueTooLong"),
        (r#"{"produce_to": {"producer": "p", "partition": 3}}"#.into(), "UnknownPartition"),
        (r#"{"produce_to": {"producer": "p", "partition": 4294967295}}"#.into(), "UnknownPartition"),
        (r#"{"flood": {"producer": "p", "count": 0}}"#.into(), "OutOfRange"),
        (r#"{"flood": {"producer": "p", "count": 10001}}"#.into(), "OutOfRange"),
        (r#"{"flood": {"producer": "p", "count": 4294967295}}"#.into(), "OutOfRange"),
        (r#"{"flood": {"producer": "ghost", "count": 1}}"#.into(), "UnknownProducer"),
        (r#"{"create_topic": {"name": "t", "partitions": 1}}"#.into(), "TopicExists"),
        (r#"{"create_topic": {"name": "", "partitions": 1}}"#.into(), "InvalidName"),
        (format!(r#"{{"create_topic": {{"name": "{}", "partitions": 1}}}}"#, "n".repeat(65)), "InvalidName"),
        (r#"{"create_topic": {"name": "a\u0007", "partitions": 1}}"#.into(), "InvalidName"),
        (r#"{"create_topic": {"name": "n", "partitions": 0}}"#.into(), "OutOfRange"),
        (r#"{"create_topic": {"name": "n", "partitions": 65}}"#.into(), "OutOfRange"),
        (r#"{"create_topic": {"name": "n", "partitions": 1, "replication_factor": 0}}"#.into(), "OutOfRange"),
        (r#"{"create_topic": {"name": "n", "partitions": 1, "replication_factor": 4}}"#.into(), "OutOfRange"),
        (r#"{"create_topic": {"name": "n", "partitions": 1, "config": {"segment.bytes": 0}}}"#.into(), "OutOfRange"),
        (r#"{"delete_topic": {"name": "nope"}}"#.into(), "UnknownTopic"),
        (r#"{"add_partitions": {"topic": "nope", "partitions": 4}}"#.into(), "UnknownTopic"),
        (r#"{"add_partitions": {"topic": "t", "partitions": 3}}"#.into(), "PartitionsCannotShrink"),
        (r#"{"add_partitions": {"topic": "t", "partitions": 0}}"#.into(), "PartitionsCannotShrink"),
        (r#"{"add_partitions": {"topic": "t", "partitions": 65}}"#.into(), "OutOfRange"),
        (r#"{"kill_broker": {"broker": 3}}"#.into(), "UnknownBroker"),
        (r#"{"kill_broker": {"broker": 4294967295}}"#.into(), "UnknownBroker"),
        (r#"{"revive_broker": {"broker": 0}}"#.into(), "BrokerAlreadyRunning"),
        (r#"{"add_member": {"group": "nope"}}"#.into(), "UnknownGroup"),
        (r#"{"add_member": {"group": "h", "instance_id": "h-0"}}"#.into(), "DuplicateInstanceId"),
        (r#"{"add_member": {"group": "g", "instance_id": ""}}"#.into(), "InvalidName"),
        (r#"{"remove_member": {"group": "g", "member": 2}}"#.into(), "UnknownMember"),
        (r#"{"crash_member": {"group": "g", "member": 4294967295}}"#.into(), "UnknownMember"),
        (r#"{"pause_member": {"group": "nope", "member": 0}}"#.into(), "UnknownGroup"),
        (r#"{"revive_member": {"group": "g", "member": 0}}"#.into(), "MemberState"),
        (r#"{"seek": {"group": "g", "member": 0, "topic": "nope", "partition": 0, "to": "beginning"}}"#.into(), "UnknownTopic"),
        (r#"{"seek": {"group": "g", "member": 0, "topic": "c", "partition": 0, "to": {"offset": 5}}}"#.into(), "NotOwned"),
        (r#"{"seek": {"group": "g", "member": 9, "topic": "t", "partition": 0, "to": "end"}}"#.into(), "UnknownMember"),
        (r#"{"reset_offsets": {"group": "g", "topic": "t", "to": "beginning"}}"#.into(), "GroupNotEmpty"),
        (r#"{"reset_offsets": {"group": "nope", "topic": "t", "to": "beginning"}}"#.into(), "UnknownGroup"),
        (r#"{"message": {"publish": {"publisher": "nope"}}}"#.into(), "Message(UnknownPublisher"),
        (r#"{"message": {"flood": {"publisher": "pub", "count": 1001}}}"#.into(), "Message(FloodTooLarge"),
        (r#"{"message": {"flood": {"publisher": "nope", "count": 1}}}"#.into(), "Message(UnknownPublisher"),
        (r#"{"message": {"crash_consumer": {"consumer": "nope"}}}"#.into(), "Message(UnknownConsumer"),
        (r#"{"message": {"revive_consumer": {"consumer": "c1"}}}"#.into(), "Message(ConsumerState"),
        (r#"{"message": {"resume_consumer": {"consumer": "c1"}}}"#.into(), "Message(ConsumerState"),
        (r#"{"message": {"pause_consumer": {"consumer": "pub"}}}"#.into(), "Message(UnknownConsumer"),
    ];
    let mut world = build(BASE_SCENARIO).unwrap();
    world.run_to(SimTime::from_ms(3_000), drop);
    for (text, expected) in &cases {
        let command: Command = serde_json::from_str(text).unwrap_or_else(|e| panic!("{text}: {e}"));
        let before = format!("{world:?}");
        let error = world.apply(command).unwrap_err();
        assert_eq!(kind(&format!("{error:?}")), *expected, "for {text}");
        assert!(!error.to_string().is_empty());
        assert_eq!(format!("{world:?}"), before, "refused {text} changed the world");
    }
    // Without a message broker, message commands have nowhere to go.
    let mut bare = build(r#"{"version": 1}"#).unwrap();
    let before = format!("{bare:?}");
    let error = bare.apply(Command::Message(brokerlab_core::world::message::MessageCommand::RestartBroker)).unwrap_err();
    assert_eq!(kind(&format!("{error:?}")), "NoMessageBroker");
    assert_eq!(format!("{bare:?}"), before);
    // In a script, the same commands refuse the scenario.
    let step = |command: &str| {
        let mut doc = base();
        doc["script"] = json!([{"at_ms": 100, "command": "__HOLE__"}]);
        doc.to_string().replace("\"__HOLE__\"", command)
    };
    for (text, _) in cases.iter().take(10) {
        assert_eq!(outcome(&step(text)), "InvalidScript", "{text}");
    }
    assert_eq!(outcome(&step(r#"{"produce": {"producer": "p", "colour": 1}}"#)), "Malformed");
    let mut doc = base();
    doc["script"] = json!([{"at_ms": limits::DURATION_MS_MAX + 1, "command": {"produce": {"producer": "p"}}}]);
    assert_eq!(outcome(&doc.to_string()), "OutOfRange");
}

/// Bytes for the seeded runs: random bytes, or a valid document with a few mutations.
fn mutated(rng: &mut Prng, seeds: &[&str]) -> Vec<u8> {
    let mut bytes = seeds[rng.below(seeds.len() as u64) as usize].as_bytes().to_vec();
    if rng.below(8) == 0 {
        let len = rng.below(64) as usize;
        return (0..len).map(|_| rng.next_u64() as u8).collect();
    }
    const INTERESTING: [&[u8]; 12] =
        [b"0", b"-1", b"65", b"4294967296", b"18446744073709551616", b"1e400", b"null", b"[", b"}", b"\"", b",", b"\"nope\""];
    for _ in 0..=rng.below(4) {
        if bytes.is_empty() {
            break;
        }
        let at = rng.below(bytes.len() as u64) as usize;
        match rng.below(4) {
            0 => bytes[at] = rng.next_u64() as u8,
            1 => bytes.truncate(at),
            2 => {
                let end = (at + 1 + rng.below(16) as usize).min(bytes.len());
                bytes.drain(at..end);
            }
            _ => {
                let insert = INTERESTING[rng.below(INTERESTING.len() as u64) as usize];
                bytes.splice(at..at, insert.iter().copied());
            }
        }
    }
    bytes
}

#[cfg(not(target_arch = "wasm32"))]
const SEEDED_INPUTS: u64 = 2_000;
#[cfg(target_arch = "wasm32")]
const SEEDED_INPUTS: u64 = 200;

#[test]
fn fuzz_target_scenario_over_seeded_inputs() {
    let slice = include_str!("data/slice.json");
    let small = r#"{"version": 1, "event_broker": {"topics": [{"name": "t", "partitions": 2}], "producers": [{"name": "p", "topic": "t", "every_ms": 100}]}}"#;
    let mut rng = Prng::new(1);
    for _ in 0..SEEDED_INPUTS {
        hostile_support::scenario(&mutated(&mut rng, &[BASE_SCENARIO, slice, small]));
    }
}

#[test]
fn fuzz_target_definitions_over_seeded_inputs() {
    let real = include_str!("data/rabbitmq/definitions.json");
    let base = base();
    let ours = base["message_broker"]["definitions"].to_string();
    let mut rng = Prng::new(2);
    for _ in 0..SEEDED_INPUTS {
        hostile_support::definitions(&mutated(&mut rng, &[real, &ours]));
    }
}

#[test]
fn fuzz_target_commands_over_seeded_inputs() {
    let mut rng = Prng::new(3);
    for _ in 0..SEEDED_INPUTS / 4 {
        let len = rng.below(96) as usize;
        let bytes: Vec<u8> = (0..len).map(|_| rng.next_u64() as u8).collect();
        hostile_support::commands(&bytes);
    }
}
