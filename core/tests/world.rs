//! The slice through the world: keyed produce → append → fetch → commit, and the contract
//! (atomic commands, typed scenario errors, bounded work, determinism).

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use brokerlab_core::{Advance, Drive};
use brokerlab_core::event_broker::PartitionIndex;
use brokerlab_core::event_broker::Offset;
use brokerlab_core::event_broker::partitioner::partition_for_key;
use brokerlab_core::{Command, CommandError, Event, EventKind, Lang, Scenario, ScenarioError, SimTime, World};

const SLICE: &str = include_str!("data/slice.json");

fn one_topic(partitions: u32) -> Scenario {
    Scenario::from_json(&format!(
        r#"{{"version": 1, "event_broker": {{
            "topics": [{{"name": "orders", "partitions": {partitions}}}],
            "producers": [{{"name": "shop", "topic": "orders"}}],
            "groups": [{{"name": "payment", "topics": ["orders"], "processing_ms": 100,
                         "auto_offset_reset": "earliest", "enable_auto_commit": false}}]}}}}"#
    ))
    .unwrap()
}

fn produce(world: &mut World, key: &str) {
    world.apply(Command::Produce { producer: "shop".into(), key: Some(key.into()), value: None }).unwrap();
}

fn drain(world: &mut World) -> Vec<Event> {
    std::iter::from_fn(|| world.poll_event()).collect()
}

#[test]
fn keyed_records_land_in_the_partition_murmur2_picks() {
    let mut world = World::new(&one_topic(3)).unwrap();
    let keys = ["alice", "bob", "carol", "dave", "user-42", "21"];
    for key in keys {
        produce(&mut world, key);
    }
    assert_eq!(world.advance_to(SimTime::from_ms(1_000)), Advance::Reached);
    let appended: Vec<(String, u32, u64)> = drain(&mut world)
        .into_iter()
        .filter_map(|e| match e.kind {
            EventKind::RecordAppended { key, partition, offset, .. } => Some((key.unwrap().to_string(), partition.0, offset.0)),
            _ => None,
        })
        .collect();
    assert_eq!(appended.len(), keys.len());
    for (key, partition, _) in &appended {
        assert_eq!(*partition, partition_for_key(key.as_bytes(), 3), "{key}");
    }
    // Offsets are dense per partition, from 0, in send order.
    for p in 0..3 {
        let offsets: Vec<u64> = appended.iter().filter(|a| a.1 == p).map(|a| a.2).collect();
        assert_eq!(offsets, (0..offsets.len() as u64).collect::<Vec<_>>());
    }
}

#[test]
fn the_committed_offset_is_the_next_to_read_and_lag_drains_to_zero() {
    let mut world = World::new(&one_topic(3)).unwrap();
    for _ in 0..4 {
        produce(&mut world, "alice");
    }
    let p0 = PartitionIndex(partition_for_key(b"alice", 3));
    assert_eq!(world.advance_to(SimTime::from_ms(301)), Advance::Reached);
    let mut events = drain(&mut world);
    assert_eq!(world.view().lag("payment", "orders", p0), Some(4), "all four appended, none committed");
    assert_eq!(world.advance_to(SimTime::from_ms(10_000)), Advance::Reached);
    events.extend(drain(&mut world));
    assert!(events.iter().any(|e| matches!(e.kind, EventKind::RecordsFetched { .. })));
    assert_eq!(world.view().committed("payment", "orders", p0), Some(Offset(4)));
    assert_eq!(world.view().lag("payment", "orders", p0), Some(0));
    let log = &world.view().event_broker().topic("orders").unwrap().partitions()[p0.0 as usize];
    // Reading deletes nothing.
    assert_eq!((log.log_start(), log.high_watermark(), log.log_end()), (Offset(0), Offset(4), Offset(4)));
}

#[test]
fn every_hop_has_a_departure_and_an_arrival() {
    let mut world = World::new(&one_topic(1)).unwrap();
    produce(&mut world, "k");
    assert_eq!(world.advance_to(SimTime::from_ms(5_000)), Advance::Reached);
    for event in drain(&mut world) {
        match event.kind {
            EventKind::RecordSent { departs, arrives, .. } | EventKind::RecordsFetched { departs, arrives, .. } => {
                assert_eq!(departs, event.at);
                assert_eq!(arrives.as_ms() - departs.as_ms(), 300, "default link latency");
            }
            _ => {}
        }
    }
}

#[test]
fn explanations_name_the_rule_in_both_languages() {
    let mut world = World::new(&one_topic(3)).unwrap();
    produce(&mut world, "alice");
    let sent = drain(&mut world).into_iter().find(|e| e.kind_name() == "record_sent").unwrap();
    assert_eq!(sent.explain(Lang::En), "shop sends a record to orders: key alice → murmur2 → partition 0 of 3");
    assert!(sent.explain(Lang::Ko).contains("murmur2 → 파티션 0"));
}

#[test]
fn a_refused_command_changes_nothing() {
    let mut world = World::new(&one_topic(3)).unwrap();
    drain(&mut world);
    let before = format!("{:?}", world);
    let err = world.apply(Command::Produce { producer: "nobody".into(), key: None, value: None }).unwrap_err();
    assert_eq!(err, CommandError::UnknownProducer("nobody".into()));
    let long = "k".repeat(brokerlab_core::limits::KEY_BYTES_MAX + 1);
    let err = world.apply(Command::Produce { producer: "shop".into(), key: Some(long), value: None }).unwrap_err();
    assert!(matches!(err, CommandError::KeyTooLong { .. }));
    assert_eq!(format!("{:?}", world), before);
    assert!(world.poll_event().is_none());
}

/// A bad scenario and a test that its error is the expected kind.
type BadCase = (&'static str, fn(&ScenarioError) -> bool);

#[test]
fn bad_scenarios_get_typed_errors() {
    let cases: &[BadCase] = &[
        ("{", |e| matches!(e, ScenarioError::Malformed(_))),
        (r#"{"version": 2, "future_field": true}"#, |e| matches!(e, ScenarioError::UnsupportedVersion { found: 2, .. })),
        (r#"{"version": 1, "surprise": 1}"#, |e| matches!(e, ScenarioError::Malformed(m) if m.contains("surprise"))),
        (r#"{"version": 1, "event_broker": {"topics": [{"name": "t", "partitions": 0}]}}"#,
            |e| matches!(e, ScenarioError::OutOfRange { value: 0, .. })),
        (r#"{"version": 1, "event_broker": {"topics": [{"name": "t", "partitions": 100000}]}}"#,
            |e| matches!(e, ScenarioError::OutOfRange { value: 100000, max: 64, .. })),
        (r#"{"version": 1, "event_broker": {"topics": [{"name": "t", "partitions": -1}]}}"#,
            |e| matches!(e, ScenarioError::Malformed(_))),
        (r#"{"version": 1, "event_broker": {"producers": [{"name": "p", "topic": "nope"}]}}"#,
            |e| matches!(e, ScenarioError::UnknownTopic { .. })),
        (r#"{"version": 1, "event_broker": {"topics": [{"name": "t", "partitions": 1}, {"name": "t", "partitions": 2}]}}"#,
            |e| matches!(e, ScenarioError::DuplicateName { .. })),
        (r#"{"version": 1, "event_broker": {"topics": [{"name": "", "partitions": 1}]}}"#,
            |e| matches!(e, ScenarioError::InvalidName { .. })),
        (r#"{"version": 1, "event_broker": {"topics": [{"name": "t", "partitions": 1}]},
             "script": [{"at_ms": 5, "command": {"produce": {"producer": "ghost"}}}]}"#,
            |e| matches!(e, ScenarioError::InvalidScript { step: 0, .. })),
    ];
    for (text, is_expected) in cases {
        let result = Scenario::from_json(text).and_then(|s| World::new(&s).map(|_| ()));
        let err = result.expect_err(text);
        assert!(is_expected(&err), "{text}: got {err:?}");
        assert!(!err.to_string().is_empty());
    }
    let huge = " ".repeat(brokerlab_core::limits::SCENARIO_BYTES_MAX + 1);
    assert!(matches!(Scenario::from_json(&huge), Err(ScenarioError::TooLarge { .. })));
}

#[test]
fn the_same_scenario_and_seed_give_the_same_trace_at_any_frame_rate() {
    let scenario = Scenario::from_json(SLICE).unwrap();
    let until = SimTime::from_ms(12_000);
    let fine = brokerlab_core::trace::run(&scenario, until, 16).unwrap();
    let coarse = brokerlab_core::trace::run(&scenario, until, 1_000).unwrap();
    assert!(fine.lines().count() > 50);
    assert_eq!(fine, coarse);
}

#[test]
fn advance_is_bounded_and_resumable() {
    let mut world = World::new(&Scenario::from_json(SLICE).unwrap()).unwrap();
    let mut partials = 0;
    // A long jump (ten hours): many timers, drained between partial advances.
    let until = SimTime::from_ms(36_000_000);
    loop {
        match world.advance_to(until) {
            brokerlab_core::Advance::Reached => break,
            brokerlab_core::Advance::Partial { .. } => partials += 1,
        }
        drain(&mut world);
    }
    assert!(partials >= 1, "ten hours of a busy scenario need more than one bounded step");
    assert_eq!(world.now(), until);
}

/// Both brokers in one world: a Kafka producer and a RabbitMQ publisher every 500 ms, a group
/// and a consumer.
const BOTH: &str = r#"{"version": 1, "link_ms": 100,
    "event_broker": {"topics": [{"name": "orders", "partitions": 1}],
        "producers": [{"name": "shop", "topic": "orders", "every_ms": 500, "keys": ["a"]}],
        "groups": [{"name": "payment", "topics": ["orders"]}]},
    "message_broker": {
        "definitions": {"queues": [{"name": "tasks", "vhost": "/", "durable": true, "auto_delete": false, "arguments": {}}]},
        "publishers": [{"name": "web", "routing_keys": ["tasks"], "every_ms": 500}],
        "consumers": [{"name": "worker", "queue": "tasks", "processing_ms": 50}]}}"#;

#[test]
fn both_brokers_share_one_timeline_at_any_frame_rate() {
    let scenario = Scenario::from_json(BOTH).unwrap();
    assert_eq!(Scenario::from_json(&scenario.to_json()).unwrap(), scenario, "the message_broker block round-trips");
    let until = SimTime::from_ms(3_000);
    let fine = brokerlab_core::trace::run(&scenario, until, 16).unwrap();
    let coarse = brokerlab_core::trace::run(&scenario, until, 1_000).unwrap();
    assert_eq!(fine, coarse);
    let mut last = 0;
    for line in fine.lines() {
        let value: serde_json::Value = serde_json::from_str(line).unwrap();
        let at = value["at"].as_u64().unwrap();
        assert!(at >= last, "events in time order across both sides: {line}");
        last = at;
    }
    // A message event's trace line: its kind name and its English explanation.
    let publish = fine.lines().find(|l| l.contains(r#""event":"publish_sent""#)).unwrap();
    assert!(publish.starts_with(r#"{"at":500,"kind":"message","event":"publish_sent","text":""#), "{publish}");
    assert!(fine.contains(r#""event":"message_acked""#) && fine.contains(r#""kind":"records_fetched""#));
}

#[test]
fn message_commands_go_through_the_world() {
    let mut world = World::new(&Scenario::from_json(BOTH).unwrap()).unwrap();
    let setup = drain(&mut world);
    assert!(setup.iter().any(|e| e.kind_name() == "queue_declared"), "the definitions are declared at start");
    let command: Command = serde_json::from_str(r#"{"message": {"publish": {"publisher": "web"}}}"#).unwrap();
    world.apply(command).unwrap();
    let events = drain(&mut world);
    let sent = events.iter().find(|e| matches!(&e.kind, EventKind::Message(_))).unwrap();
    assert_eq!(sent.kind_name(), "publish_sent");
    assert!(sent.explain(Lang::Ko) != sent.explain(Lang::En));
    let crash: Command = serde_json::from_str(r#"{"message": {"crash_consumer": {"consumer": "nobody"}}}"#).unwrap();
    assert!(matches!(world.apply(crash), Err(CommandError::Message(_))));
    assert!(world.view().message_side().unwrap().broker().queue("tasks").is_some());
    // The next timeout covers the message side's timers too (the publish arrives at 100).
    let side = world.view().message_side().unwrap().next_timeout();
    assert_eq!(side, Some(SimTime::from_ms(100)));
    assert!(world.next_timeout().unwrap() <= side.unwrap());

    let mut kafka_only = World::new(&one_topic(1)).unwrap();
    let publish = Command::Message(serde_json::from_str(r#"{"publish": {"publisher": "web"}}"#).unwrap());
    assert_eq!(kafka_only.apply(publish), Err(CommandError::NoMessageBroker));
    assert!(kafka_only.view().message_side().is_none());
}
