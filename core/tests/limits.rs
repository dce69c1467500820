//! Every core limit tested at its edge: exactly the maximum is accepted, one more is refused
//! with the typed error (or handled with the documented event). docs/LIMITS.md lists them all.
//! The last test runs the largest world the limits allow for 60 simulated seconds in bounded
//! calls, keeping every invariant.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use crate::kafka_support;

use brokerlab_core::limits::*;
use brokerlab_core::message_broker::{
    self, ChannelId, Consume, Error, ExchangeDeclare, ExchangeKind, Limit, MessageBroker, Publish, QueueDeclare,
};
use brokerlab_core::world::message::{CLIENTS_MAX, FLOOD_MAX, MessageCommand};
use brokerlab_core::world::{FLOOD_RECORDS_MAX, RejectReason};
use brokerlab_core::{Advance, Command, CommandError, Drive, EventKind, Scenario, ScenarioError, SimTime, World};
use kafka_support::invariants::{Ledger, check_invariants};
use serde_json::{Value, json};

fn build(doc: &Value) -> Result<World, ScenarioError> {
    World::new(&Scenario::from_json(&doc.to_string())?)
}

/// `Ok` or the error's variant name.
fn outcome(doc: &Value) -> String {
    match build(doc) {
        Ok(_) => "ok".into(),
        Err(e) => format!("{e:?}").split([' ', '(']).next().unwrap().to_string(),
    }
}

fn names(prefix: &str, n: usize) -> Vec<String> {
    (0..n).map(|i| format!("{prefix}{i}")).collect()
}

/// A scenario with one topic `t` and whatever `edit` changes, built at `n` and `n + 1`.
fn edge(max: usize, refused: &str, edit: impl Fn(&mut Value, usize)) {
    for (n, expected) in [(max, "ok"), (max + 1, refused)] {
        let mut doc = json!({"version": 1, "event_broker": {"brokers": 1, "topics": [{"name": "t", "partitions": 1}]}});
        edit(&mut doc, n);
        assert_eq!(outcome(&doc), expected, "at {n} (max {max})");
    }
}

#[test]
fn scenario_collections_at_their_edges() {
    edge(PARTITIONS_MAX as usize, "OutOfRange", |d, n| d["event_broker"]["topics"][0]["partitions"] = json!(n));
    edge(BROKERS_MAX as usize, "OutOfRange", |d, n| d["event_broker"]["brokers"] = json!(n));
    edge(TOPICS_MAX, "TooMany", |d, n| {
        d["event_broker"]["topics"] = names("t", n).iter().map(|t| json!({"name": t, "partitions": 1})).collect();
    });
    edge(PRODUCERS_MAX, "TooMany", |d, n| {
        d["event_broker"]["producers"] = names("p", n).iter().map(|p| json!({"name": p, "topic": "t"})).collect();
    });
    edge(GROUPS_MAX, "TooMany", |d, n| {
        d["event_broker"]["groups"] = names("g", n).iter().map(|g| json!({"name": g, "topics": ["t"]})).collect();
    });
    edge(MEMBERS_MAX as usize, "OutOfRange", |d, n| {
        d["event_broker"]["groups"] = json!([{"name": "g", "topics": ["t"], "members": n}]);
    });
    edge(PRODUCER_KEYS_MAX, "TooMany", |d, n| {
        d["event_broker"]["producers"] = json!([{"name": "p", "topic": "t", "keys": names("k", n)}]);
    });
    edge(KEY_BYTES_MAX, "OutOfRange", |d, n| {
        d["event_broker"]["producers"] = json!([{"name": "p", "topic": "t", "keys": ["k".repeat(n)]}]);
    });
    edge(NAME_BYTES_MAX, "InvalidName", |d, n| d["event_broker"]["topics"][0]["name"] = json!("n".repeat(n)));
    edge(NAME_BYTES_MAX, "InvalidName", |d, n| {
        d["event_broker"]["groups"] = json!([{"name": "g".repeat(n), "topics": ["t"]}]);
    });
    edge(MAX_POLL_RECORDS_MAX as usize, "OutOfRange", |d, n| {
        d["event_broker"]["groups"] = json!([{"name": "g", "topics": ["t"], "max_poll_records": n}]);
    });
    edge(DURATION_MS_MAX as usize, "OutOfRange", |d, n| d["link_ms"] = json!(n));
}

#[test]
fn script_steps_at_the_edge() {
    // Steps that each stay valid however many there are: revive and kill a member in turn.
    for (n, expected) in [(SCRIPT_STEPS_MAX, "ok"), (SCRIPT_STEPS_MAX + 1, "TooMany")] {
        let script: Vec<Value> = (0..n)
            .map(|i| {
                let command = if i % 2 == 0 { json!({"crash_member": {"group": "g", "member": 0}}) } else { json!({"revive_member": {"group": "g", "member": 0}}) };
                json!({"at_ms": i as u64 * 10, "command": command})
            })
            .collect();
        let doc = json!({"version": 1, "event_broker": {"topics": [{"name": "t", "partitions": 1}], "groups": [{"name": "g", "topics": ["t"]}]}, "script": script});
        assert_eq!(outcome(&doc), expected, "{n} steps");
    }
}

#[test]
fn scenario_bytes_at_the_edge() {
    let doc = r#"{"version": 1}"#;
    let exact = format!("{doc}{}", " ".repeat(SCENARIO_BYTES_MAX - doc.len()));
    assert_eq!(exact.len(), SCENARIO_BYTES_MAX);
    assert!(Scenario::from_json(&exact).is_ok());
    let over = format!("{exact} ");
    assert_eq!(
        Scenario::from_json(&over),
        Err(ScenarioError::TooLarge { bytes: SCENARIO_BYTES_MAX + 1, max: SCENARIO_BYTES_MAX })
    );
}

#[test]
fn message_clients_at_the_edge() {
    for (n, refused) in [(CLIENTS_MAX, false), (CLIENTS_MAX + 1, true)] {
        let publishers: Vec<Value> = names("pub", n).iter().map(|p| json!({"name": p})).collect();
        let doc = json!({"version": 1, "message_broker": {"publishers": publishers}});
        let result = build(&doc);
        assert_eq!(result.is_err(), refused, "{n} clients");
        if refused {
            assert!(matches!(result.unwrap_err(), ScenarioError::MessageBroker(_)));
        }
    }
}

fn world() -> World {
    let doc = json!({"version": 1, "link_ms": 5, "event_broker": {
        "topics": [{"name": "t", "partitions": 1}],
        "producers": [{"name": "p", "topic": "t", "keys": ["a"]}],
        "groups": [{"name": "g", "topics": ["t"], "members": MEMBERS_MAX - 1}]},
        "message_broker": {"definitions": {"queues": [{"name": "q"}]}, "publishers": [{"name": "pub", "routing_keys": ["q"]}]}});
    build(&doc).unwrap()
}

/// Applies `command`; on refusal checks the world is unchanged. Returns the outcome.
fn apply(world: &mut World, command: Command) -> Result<(), CommandError> {
    let before = format!("{world:?}");
    let result = world.apply(command);
    if result.is_err() {
        assert_eq!(format!("{world:?}"), before);
    }
    result
}

#[test]
fn commands_at_their_edges() {
    let mut w = world();
    let produce = |key: usize, value: usize| Command::Produce {
        producer: "p".into(),
        key: Some("k".repeat(key)),
        value: Some("v".repeat(value)),
    };
    assert_eq!(apply(&mut w, produce(KEY_BYTES_MAX, 1)), Ok(()));
    assert_eq!(apply(&mut w, produce(KEY_BYTES_MAX + 1, 1)), Err(CommandError::KeyTooLong { bytes: KEY_BYTES_MAX + 1, max: KEY_BYTES_MAX }));
    assert_eq!(apply(&mut w, produce(1, VALUE_BYTES_MAX)), Ok(()));
    assert_eq!(apply(&mut w, produce(1, VALUE_BYTES_MAX + 1)), Err(CommandError::ValueTooLong { bytes: VALUE_BYTES_MAX + 1, max: VALUE_BYTES_MAX }));

    let flood = |count| Command::Flood { producer: "p".into(), count };
    assert_eq!(apply(&mut w, flood(FLOOD_RECORDS_MAX)), Ok(()));
    assert!(matches!(apply(&mut w, flood(FLOOD_RECORDS_MAX + 1)), Err(CommandError::OutOfRange { field: "count", .. })));
    let message_flood = |count| Command::Message(MessageCommand::Flood { publisher: "pub".into(), count });
    assert_eq!(apply(&mut w, message_flood(FLOOD_MAX)), Ok(()));
    assert!(matches!(apply(&mut w, message_flood(FLOOD_MAX + 1)), Err(CommandError::Message(_))));

    let add = || Command::AddMember { group: "g".into(), instance_id: None };
    assert_eq!(apply(&mut w, add()), Ok(()));
    assert_eq!(apply(&mut w, add()), Err(CommandError::TooManyMembers { max: MEMBERS_MAX }));

    let create = |name: String, partitions| Command::CreateTopic { name, partitions, replication_factor: 1, config: Default::default() };
    assert_eq!(apply(&mut w, create("n".repeat(NAME_BYTES_MAX), PARTITIONS_MAX)), Ok(()));
    assert!(matches!(apply(&mut w, create("m".repeat(NAME_BYTES_MAX + 1), 1)), Err(CommandError::InvalidName { .. })));
    assert!(matches!(apply(&mut w, create("m".into(), PARTITIONS_MAX + 1)), Err(CommandError::OutOfRange { field: "partitions", .. })));
    for i in 2..TOPICS_MAX {
        assert_eq!(apply(&mut w, create(format!("x{i}"), 1)), Ok(()));
    }
    assert_eq!(apply(&mut w, create("one-too-many".into(), 1)), Err(CommandError::TooManyTopics { max: TOPICS_MAX }));
    let grow = |partitions| Command::AddPartitions { topic: "t".into(), partitions };
    assert!(matches!(apply(&mut w, grow(PARTITIONS_MAX + 1)), Err(CommandError::OutOfRange { .. })));
    assert_eq!(apply(&mut w, grow(PARTITIONS_MAX)), Ok(()));
}

#[test]
fn pending_events_and_steps_per_call_are_bounded() {
    let mut w = world();
    // Seven full floods leave more undrained events than EVENTS_PENDING_MAX.
    for _ in 0..7 {
        w.apply(Command::Flood { producer: "p".into(), count: FLOOD_RECORDS_MAX }).unwrap();
    }
    assert_eq!(w.advance_to(SimTime::from_ms(1_000)), Advance::Partial { at: SimTime::ZERO });
    let mut drained = 0;
    let mut calls = 0;
    loop {
        calls += 1;
        assert!(calls < 1_000, "advance_to never reached the target");
        let advance = w.advance_to(SimTime::from_ms(1_000));
        while w.poll_event().is_some() {
            drained += 1;
        }
        if advance == Advance::Reached {
            break;
        }
    }
    assert!(calls > 1, "the bounded advance needed several calls");
    assert!(drained > EVENTS_PENDING_MAX);
    check_invariants(&w).unwrap();
}

/// The message side keeps the same drive contract as the world: a flood whose events outgrow
/// `EVENTS_PENDING_MAX` is advanced in bounded calls, each answering `Partial` until the side
/// reaches the time asked for, and nothing is lost on the way.
#[test]
fn the_message_side_advances_in_bounded_calls_too() {
    use brokerlab_core::world::message::{MessageBrokerSpec, MessageSide};
    let spec: MessageBrokerSpec = serde_json::from_value(json!({
        "definitions": {"queues": [{"name": "q", "durable": true}]},
        "publishers": [{"name": "p", "exchange": "", "routing_keys": ["q"]}]
    }))
    .unwrap();
    let mut side = MessageSide::new(&spec, 1, 1).unwrap();
    let floods = EVENTS_PENDING_MAX / FLOOD_MAX as usize + 1;
    for _ in 0..floods {
        side.apply(MessageCommand::Flood { publisher: "p".into(), count: FLOOD_MAX }).unwrap();
    }
    while side.poll_event().is_some() {}
    let mut calls = 0;
    let mut drained = 0;
    loop {
        calls += 1;
        assert!(calls < 1_000, "advance_to never reached the target");
        let advance = side.advance_to(SimTime::from_ms(1_000));
        while side.poll_event().is_some() {
            drained += 1;
        }
        if advance == Advance::Reached {
            break;
        }
    }
    assert!(calls > 1, "the bounded advance needed several calls");
    assert!(drained > EVENTS_PENDING_MAX, "{drained} events");
    assert_eq!(side.now(), SimTime::from_ms(1_000));
    assert_eq!(side.broker().queue("q").map(|q| q.ready_count()), Some(floods * FLOOD_MAX as usize), "every message arrived");
}

#[test]
fn a_full_partition_rejects_records_with_an_event() {
    let doc = json!({"version": 1, "link_ms": 1, "event_broker": {
        "topics": [{"name": "t", "partitions": 1, "config": {"segment.bytes": 1073741824}}],
        "producers": [{"name": "p", "topic": "t", "acks": "1"}]}});
    let mut w = build(&doc).unwrap();
    let mut sent = 0;
    let mut full = 0;
    let mut t = 0;
    while sent <= RECORDS_PER_PARTITION_MAX {
        let count = FLOOD_RECORDS_MAX.min((RECORDS_PER_PARTITION_MAX + 1 - sent) as u32);
        w.apply(Command::Flood { producer: "p".into(), count }).unwrap();
        sent += count as usize;
        t += 10;
        while w.advance_to(SimTime::from_ms(t)) != Advance::Reached {
            while w.poll_event().is_some() {}
        }
        while let Some(event) = w.poll_event() {
            if let EventKind::RecordRejected { reason: RejectReason::PartitionFull, .. } = event.kind {
                full += 1;
            }
        }
    }
    assert_eq!(sent, RECORDS_PER_PARTITION_MAX + 1);
    assert_eq!(full, 1, "exactly the record beyond the limit is rejected");
    let view = w.view();
    assert_eq!(view.event_broker().topics()[0].partitions()[0].len(), RECORDS_PER_PARTITION_MAX);
}

// The message broker's own limits, through its AMQP-shaped API.

const NOW: SimTime = SimTime::ZERO;

fn channel(n: usize) -> ChannelId {
    ChannelId::new(1 + (n / 1000) as u32, (n % 1000) as u16 + 1)
}

/// Asserts `result` is `LimitReached` for `what` and the broker did not change.
fn refused<T: core::fmt::Debug>(broker: &MessageBroker, before: &str, result: Result<T, Error>, what: Limit) {
    match result {
        Err(Error::LimitReached { what: w, .. }) => assert_eq!(w, what),
        other => panic!("expected LimitReached for {what:?}, got {other:?}"),
    }
    assert_eq!(format!("{broker:?}"), before);
}

#[test]
fn message_broker_channels_consumers_and_queues_at_their_edges() {
    let mut b = MessageBroker::new();
    for n in 0..message_broker::CHANNELS_MAX {
        b.open_channel(NOW, channel(n)).unwrap();
    }
    let before = format!("{b:?}");
    refused(&b, &before, b.clone().open_channel(NOW, channel(message_broker::CHANNELS_MAX)), Limit::Channels);
    for n in 0..message_broker::QUEUES_MAX {
        b.declare_queue(NOW, channel(0), QueueDeclare::new(&format!("q{n}"))).unwrap();
    }
    let before = format!("{b:?}");
    let mut copy = b.clone();
    refused(&b, &before, copy.declare_queue(NOW, channel(0), QueueDeclare::new("one-too-many")), Limit::Queues);
    // Consumers: spread over the channels.
    for n in 0..message_broker::CONSUMERS_MAX {
        b.consume(NOW, channel(n % message_broker::CHANNELS_MAX), Consume::new("q0")).unwrap();
    }
    let before = format!("{b:?}");
    let mut copy = b.clone();
    refused(&b, &before, copy.consume(NOW, channel(0), Consume::new("q1")), Limit::Consumers);
    assert_eq!(format!("{copy:?}"), before);
}

#[test]
fn message_broker_exchanges_bindings_and_names_at_their_edges() {
    let mut b = MessageBroker::new();
    let c = channel(0);
    b.open_channel(NOW, c).unwrap();
    let predeclared = b.exchanges().count();
    for n in predeclared..message_broker::EXCHANGES_MAX {
        b.declare_exchange(NOW, c, ExchangeDeclare::new(&format!("x{n}"), ExchangeKind::Topic)).unwrap();
    }
    let before = format!("{b:?}");
    let mut copy = b.clone();
    refused(&b, &before, copy.declare_exchange(NOW, c, ExchangeDeclare::new("one-too-many", ExchangeKind::Topic)), Limit::Exchanges);
    // Names: 255 bytes are a short string, 256 are not.
    let long = "n".repeat(message_broker::NAME_BYTES_MAX);
    b.declare_queue(NOW, c, QueueDeclare::new(&long)).unwrap();
    let before = format!("{b:?}");
    let mut copy = b.clone();
    refused(&b, &before, copy.declare_queue(NOW, c, QueueDeclare::new(&format!("{long}n"))), Limit::NameBytes);
    // Bindings over all exchanges.
    for n in 0..message_broker::BINDINGS_MAX {
        b.bind_queue(NOW, c, &long, "x10", &format!("k.{n}"), Default::default()).unwrap();
    }
    let before = format!("{b:?}");
    let mut copy = b.clone();
    refused(&b, &before, copy.bind_queue(NOW, c, &long, "x11", "k", Default::default()), Limit::Bindings);
}

#[test]
fn message_broker_messages_held_bodies_and_priorities_at_their_edges() {
    let mut b = MessageBroker::new();
    let c = channel(0);
    b.open_channel(NOW, c).unwrap();
    b.declare_queue(NOW, c, QueueDeclare::new("q")).unwrap();
    let publish = |body: usize| Publish {
        exchange: "".into(),
        routing_key: "q".into(),
        mandatory: false,
        properties: Default::default(),
        body: "b".repeat(body).into(),
    };
    let before = format!("{b:?}");
    refused(&b, &before, b.clone().publish(NOW, c, publish(message_broker::BODY_BYTES_MAX + 1)), Limit::BodyBytes);
    b.publish(NOW, c, publish(message_broker::BODY_BYTES_MAX)).unwrap();
    for _ in 1..message_broker::MESSAGES_HELD_MAX {
        b.publish(NOW, c, publish(0)).unwrap();
    }
    while b.poll_event().is_some() {}
    assert_eq!(b.messages_held(), message_broker::MESSAGES_HELD_MAX);
    let before = format!("{b:?}");
    refused(&b, &before, b.clone().publish(NOW, c, publish(0)), Limit::MessagesHeld);
    // x-max-priority: 255 is accepted, 256 refused (406), as RabbitMQ does.
    let mut priority = |value: i64| {
        let mut declare = QueueDeclare::new(&format!("p{value}"));
        declare.arguments.insert("x-max-priority".into(), message_broker::HeaderValue::Integer(value));
        b.declare_queue(NOW, c, declare).map(|_| ())
    };
    assert_eq!(priority(i64::from(message_broker::PRIORITY_MAX)), Ok(()));
    assert!(matches!(priority(i64::from(message_broker::PRIORITY_MAX) + 1), Err(Error::InvalidArgument { .. })));
}

#[cfg(not(target_arch = "wasm32"))]
const LARGEST_PRODUCER_EVERY_MS: u64 = 20;
#[cfg(target_arch = "wasm32")]
const LARGEST_PRODUCER_EVERY_MS: u64 = 200;

#[test]
fn the_largest_scenario_runs_60_seconds_in_bounded_calls() {
    let keys = names("key-", PRODUCER_KEYS_MAX);
    let producers: Vec<Value> = names("p", PRODUCERS_MAX)
        .iter()
        .map(|p| json!({"name": p, "topic": "t0", "every_ms": LARGEST_PRODUCER_EVERY_MS, "keys": keys, "acks": "all"}))
        .collect();
    let mut topics = vec![json!({"name": "t0", "partitions": PARTITIONS_MAX, "replication_factor": 3})];
    topics.extend(names("t", TOPICS_MAX).into_iter().skip(1).map(|t| json!({"name": t, "partitions": 1})));
    let groups: Vec<Value> = names("g", 2)
        .iter()
        .map(|g| json!({"name": g, "topics": ["t0"], "members": MEMBERS_MAX, "processing_ms": 1, "max_poll_records": MAX_POLL_RECORDS_MAX}))
        .collect();
    let doc = json!({"version": 1, "link_ms": 2, "event_broker": {
        "brokers": BROKERS_MAX, "topics": topics, "producers": producers, "groups": groups}});
    let mut w = build(&doc).unwrap();
    let mut ledger = Ledger::default();
    let mut calls = 0;
    let mut events = 0u64;
    for second in 1..=60 {
        let target = SimTime::from_ms(second * 1_000);
        loop {
            calls += 1;
            assert!(calls < 10_000, "60 simulated seconds did not finish in bounded calls");
            let advance = w.advance_to(target);
            while let Some(event) = w.poll_event() {
                events += 1;
                ledger.observe(&event).unwrap();
            }
            check_invariants(&w).unwrap();
            ledger.check(&w).unwrap();
            if advance == Advance::Reached {
                break;
            }
        }
    }
    assert_eq!(w.now(), SimTime::from_ms(60_000));
    assert!(events > 60_000 / LARGEST_PRODUCER_EVERY_MS * PRODUCERS_MAX as u64, "{events} events");
}

#[test]
fn share_partition_bounds_at_their_edges() {
    use brokerlab_core::Name;
    use brokerlab_core::event_broker::Offset;
    use brokerlab_core::event_broker::share::{
        AcknowledgeType, AcknowledgementBatch, BatchProblem, FetchedBatches, ShareConfig, ShareError, SharePartition,
    };
    let batches = |n: usize| (0..n as u64).map(|i| (i * 2, i * 2)).collect::<Vec<_>>();
    assert!(FetchedBatches::new(batches(SHARE_FETCH_BATCHES_MAX)).is_ok());
    assert_eq!(
        FetchedBatches::new(batches(SHARE_FETCH_BATCHES_MAX + 1)),
        Err(ShareError::FetchedBatches(BatchProblem::TooMany { batches: SHARE_FETCH_BATCHES_MAX + 1 }))
    );
    assert!(FetchedBatches::new(vec![(0, SHARE_FETCH_SPAN_MAX - 1)]).is_ok());
    assert!(FetchedBatches::new(vec![(0, SHARE_FETCH_SPAN_MAX)]).is_err());
    assert!(FetchedBatches::new(vec![(SHARE_OFFSET_MAX, SHARE_OFFSET_MAX)]).is_ok());
    assert_eq!(
        FetchedBatches::new(vec![(SHARE_OFFSET_MAX + 1, SHARE_OFFSET_MAX + 1)]),
        Err(ShareError::OffsetTooLarge { offset: SHARE_OFFSET_MAX + 1 })
    );
    assert!(SharePartition::new(ShareConfig::default(), Offset(SHARE_OFFSET_MAX)).is_ok());
    assert!(SharePartition::new(ShareConfig::default(), Offset(SHARE_OFFSET_MAX + 1)).is_err());

    let mut share = SharePartition::new(ShareConfig::default(), Offset(0)).expect("offset 0");
    let before = share.clone();
    let m1 = Name::from("m1");
    let ack = |n: usize| {
        let accept = || vec![AcknowledgeType::Accept];
        (0..n as u64).map(|i| AcknowledgementBatch { first: i, last: i, types: accept() }).collect::<Vec<_>>()
    };
    assert_eq!(
        share.acknowledge(&m1, &ack(SHARE_ACKNOWLEDGE_BATCHES_MAX + 1), SimTime::ZERO),
        Err(ShareError::TooManyAcknowledgementBatches { batches: SHARE_ACKNOWLEDGE_BATCHES_MAX + 1 })
    );
    // At the maximum the request is taken, and refused by the share-partition for its records.
    let at_max = share.acknowledge(&m1, &ack(SHARE_ACKNOWLEDGE_BATCHES_MAX), SimTime::ZERO);
    assert_eq!(at_max.map_err(|e| e.kafka_name()), Err(Some("INVALID_RECORD_STATE")));
    assert_eq!(share, before);
}
