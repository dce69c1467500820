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
#[path = "hostile_support/cases.rs"]
mod cases;

use brokerlab_core::Drive;
use brokerlab_core::limits;
use brokerlab_core::message_broker::MessageBroker;
use brokerlab_core::rng::Prng;
use brokerlab_core::{Command, Scenario, ScenarioError, SimTime, World};
use cases::{base, with};
use hostile_support::BASE_SCENARIO;
use serde_json::json;

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


#[test]
fn the_base_scenario_is_valid() {
    assert_eq!(outcome(BASE_SCENARIO), "ok");
}

#[test]
fn malformed_documents_are_malformed() {
    let cases = cases::malformed();
    check_cases(&cases);
}

#[test]
fn every_prefix_of_a_valid_scenario_is_refused() {
    let cases = cases::prefixes();
    check_cases(&cases);
    assert!(cases.len() > 2_000);
}

#[test]
fn versions_other_than_this_build_s_are_refused_before_their_fields() {
    let cases = cases::versions();
    check_cases(&cases);
}

#[test]
fn consumer_protocol_groups_are_refused_where_kafka_refuses_them() {
    check_cases(&cases::consumer_protocol());
}

#[test]
fn huge_and_deeply_nested_documents_are_refused_without_overflowing_the_stack() {
    let deep = |open: &str, close: &str, n: usize| format!("{}{}", open.repeat(n), close.repeat(n));
    let cases = cases::huge();
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

/// Crafted share links get the typed reason the page and the CLI give (its kind), and a
/// bare `#` holds nothing.
#[test]
fn crafted_share_links_are_refused_with_their_reason() {
    for (fragment, expected) in cases::fragments() {
        let actual = match brokerlab_core::share::decode(&fragment) {
            Ok(_) => String::from("ok"),
            Err(e) => kind(&format!("{e:?}")),
        };
        assert_eq!(actual, expected, "{}", &fragment[..fragment.len().min(60)]);
    }
}

#[test]
fn unknown_fields_and_names_are_refused() {
    let cases = cases::unknown_fields_and_names();
    check_cases(&cases);
}


#[test]
fn numbers_out_of_range_are_refused_in_every_numeric_field() {
    let cases = cases::numbers_out_of_range();
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
