//! Broker restart (R14) and definitions.json import and export.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use crate::message_broker_harness;

use brokerlab_core::SimTime;
use brokerlab_core::message_broker::broker::{ExchangeDeclare, QueueDeclare};
use brokerlab_core::message_broker::definitions::DefinitionsError;
use brokerlab_core::message_broker::event::EventKind;
use brokerlab_core::message_broker::{ExchangeKind, HeaderValue, MessageBroker, QueueType};
use brokerlab_core::versions::RabbitMqVersion;
use message_broker_harness::*;

const DEFINITIONS: &str = include_str!("data/rabbitmq/definitions.json");

#[test]
fn restart_keeps_durable_queues_and_persistent_messages() {
    let mut lab = Lab::new();
    lab.queue("durable", &[]);
    let mut transient = QueueDeclare::new("transient");
    transient.durable = false;
    lab.broker.declare_queue(lab.now, CH, transient).unwrap();
    lab.queue("quorum", &[("x-queue-type", s("quorum"))]);
    let mut temporary = ExchangeDeclare::new("temporary", ExchangeKind::Fanout);
    temporary.durable = false;
    lab.broker.declare_exchange(lab.now, CH, temporary).unwrap();
    lab.exchange("kept", ExchangeKind::Fanout);
    for q in ["durable", "transient", "quorum"] {
        lab.bind(q, "kept", "");
        lab.bind(q, "temporary", "");
    }
    lab.publish_with("kept", "", "persistent-1", persistent());
    lab.publish("kept", "", "transient-2");
    lab.publish_with("kept", "", "persistent-3", persistent());
    lab.publish_with("kept", "", "persistent-4", persistent());
    // One unacked delivery from each surviving queue.
    let first = lab.get("durable").unwrap();
    assert!(!first.redelivered);
    lab.get("quorum").unwrap();
    lab.consume(CH2, "durable", "c", false);
    lab.drain();

    lab.at(1_000);
    lab.broker.restart(lab.now).unwrap();
    let events = lab.drain();
    let restarted = events.iter().find_map(|e| match e.kind {
        EventKind::BrokerRestarted { queues_kept, messages_kept, messages_lost } => Some((queues_kept, messages_kept, messages_lost)),
        _ => None,
    });
    // durable keeps 3 persistent of 4; quorum keeps all 4; transient loses its 4.
    assert_eq!(restarted, Some((2, 7, 5)));
    assert_eq!(lab.ready("durable"), ["persistent-1", "persistent-3", "persistent-4"]);
    assert_eq!(lab.ready("quorum"), ["persistent-1", "transient-2", "persistent-3", "persistent-4"]);
    assert!(lab.broker.queue("transient").is_none());
    assert!(lab.broker.exchange("temporary").is_none());
    assert_eq!(lab.broker.channels().count(), 0);
    assert_eq!(lab.broker.messages_held(), 7);
    // Unacked came back ready and redelivered; the others keep their flag.
    let flags: Vec<bool> = lab.broker.queue("durable").unwrap().ready().map(|m| m.redelivered).collect();
    assert_eq!(flags, [true, true, true]);
    // Durable bindings survive.
    assert_eq!(lab.broker.route("kept", "", &Default::default()).unwrap().len(), 2);
    // Channels must be opened again.
    assert_eq!(lab.broker.get(lab.now, CH, "durable", true).unwrap_err().reply_code(), 504);
    lab.broker.open_channel(lab.now, CH).unwrap();
    let again = lab.get("durable").unwrap();
    assert!(again.redelivered);
    assert_eq!(again.delivery_tag.0, 1);
}

#[test]
fn restart_loses_exclusive_queues_and_keeps_ttl_deadlines() {
    let mut lab = Lab::new();
    let mut exclusive = QueueDeclare::new("mine");
    exclusive.exclusive = true;
    lab.broker.declare_queue(lab.now, CH, exclusive).unwrap();
    lab.queue("ttl", &[("x-message-ttl", int(5_000))]);
    lab.publish_with("", "ttl", "m", persistent());
    lab.at(1_000);
    lab.broker.restart(lab.now).unwrap();
    assert!(lab.broker.queue("mine").is_none());
    assert_eq!(lab.broker.next_timeout(), Some(SimTime::from_ms(5_000)));
}

#[test]
fn import_reads_topology_and_reports_what_it_ignores() {
    let (broker, imported) = MessageBroker::from_definitions(DEFINITIONS).unwrap();
    assert_eq!((imported.exchanges, imported.queues, imported.bindings), (5, 5, 6));
    let ignored = imported.ignored.join("\n");
    for expected in [
        "users: 1 entry",
        "vhosts: 2 entries",
        "permissions: 1 entry",
        "topic_permissions: 0 entries",
        "parameters: 0 entries",
        "global_parameters: 1 entry",
        "policies: 1 entry",
        "queue \"staging-only\" in another virtual host",
        "exchange \"delayed\" of unmodelled type \"x-delayed-message\"",
    ] {
        assert!(ignored.contains(expected), "missing {expected:?} in\n{ignored}");
    }
    let orders_all = broker.queue("orders.all").unwrap();
    assert_eq!(orders_all.queue_type(), QueueType::Quorum);
    assert_eq!(orders_all.arguments().effective_delivery_limit(RabbitMqVersion::NEWEST), Some(5));
    assert_eq!(broker.queue("orders.eu").unwrap().arguments().max_length, Some(1000));
    assert!(broker.exchange("lost").unwrap().internal());
    // Routing over the imported topology: (exchange, key, headers, queues).
    let pdf_v2 = table(&[("format", s("pdf")), ("version", int(2))]);
    let pdf_v2_float = table(&[("format", s("pdf")), ("version", HeaderValue::Float(2.0))]);
    let cases: Vec<(&str, &str, brokerlab_core::message_broker::Headers, Vec<&str>)> = vec![
        ("orders", "order.eu.paid", Default::default(), vec!["orders.all", "orders.eu"]),
        ("orders", "order.us", Default::default(), vec!["orders.all"]),
        ("orders", "refund", Default::default(), vec!["unrouted"]),
        ("ingress", "order", Default::default(), vec!["orders.all"]),
        ("reports", "", pdf_v2, vec!["pdf-reports"]),
        ("reports", "", pdf_v2_float, vec![]),
    ];
    for (exchange, key, headers, expected) in cases {
        let routed = broker.route(exchange, key, &headers).unwrap();
        assert_eq!(routed.iter().map(|q| &**q).collect::<Vec<_>>(), expected, "{exchange} {key}");
    }
}

#[test]
fn export_then_import_is_a_round_trip() {
    let (broker, _) = MessageBroker::from_definitions(DEFINITIONS).unwrap();
    let exported = broker.export_definitions();
    let text = serde_json::to_string_pretty(&exported).unwrap();
    let (again, imported) = MessageBroker::from_definitions(&text).unwrap();
    assert_eq!(again.export_definitions(), exported);
    assert_eq!(imported.ignored, ["vhosts: 1 entry"]);
    assert_eq!(exported["queues"].as_array().unwrap().len(), 5);
    assert_eq!(exported["bindings"].as_array().unwrap().len(), 6);
    // The headers binding keeps its typed arguments.
    let binding = exported["bindings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["source"] == "reports")
        .unwrap();
    assert_eq!(binding["arguments"], serde_json::json!({"x-match": "all", "format": "pdf", "version": 2}));
}

#[test]
fn import_is_atomic_and_errors_are_clear() {
    let mut broker = MessageBroker::new();
    broker.import_definitions(SimTime::ZERO, r#"{"queues": [{"name": "kept", "durable": true}]}"#).unwrap();
    let before = broker.export_definitions();
    let bad: Vec<(&str, &str)> = vec![
        ("not json", "definitions are not valid JSON"),
        ("[1, 2]", "top level is not an object"),
        (r#"{"queues": {"name": "x"}}"#, "queues is not a list"),
        (r#"{"queues": [{"durable": true}]}"#, "has no name"),
        (r#"{"queues": [{"name": "new"}], "bindings": [{"source": "nope", "destination": "new", "destination_type": "queue", "routing_key": ""}]}"#, "404 NOT_FOUND"),
        (r#"{"queues": [{"name": "kept", "durable": false}]}"#, "406 PRECONDITION_FAILED"),
        (r#"{"queues": [{"name": "bad", "arguments": {"x-max-length": "many"}}]}"#, "x-max-length"),
        (r#"{"bindings": [{"source": "amq.direct", "destination": "kept", "destination_type": "topic"}]}"#, "destination_type"),
    ];
    for (json, message) in bad {
        let error: DefinitionsError = broker.import_definitions(SimTime::ZERO, json).unwrap_err();
        assert!(error.to_string().contains(message), "{json}: {error}");
        assert_eq!(broker.export_definitions(), before, "{json} changed the broker");
    }
}
