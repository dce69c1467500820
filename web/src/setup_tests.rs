//! Tests of `setup.rs` (kept beside it so that file stays short).
use super::*;
use brokerlab_core::Lang;
use brokerlab_core::time::SimTime;

fn setup() -> Setup {
    Setup::new(EventSim::default_scenario(), MessageSim::default_spec())
}

fn topic(name: &str, partitions: u32, replication_factor: u32) -> TopicSpec {
    serde_json::from_value(json!({"name": name, "partitions": partitions, "replication_factor": replication_factor})).unwrap()
}

#[test]
fn the_compact_form_is_serde_json_compact_output() {
    let mut s = setup();
    s.scenario.event_broker.topics.push(topic("with \"quotes\" \\ and spaces", 2, 1));
    assert_eq!(s.to_json_compact(), serde_json::to_string(&s.document()).unwrap());
    assert_eq!(minify("{ \"a b\": [1, \"x \\\" y\"],\n  \"c\": {} }"), "{\"a b\":[1,\"x \\\" y\"],\"c\":{}}");
}

#[test]
fn the_document_round_trips_through_json() {
    let s = setup();
    let again = Setup::from_json(&s.to_json_pretty(), &MessageBrokerSpec::default()).unwrap();
    assert_eq!(again, s);
    let compact = Setup::from_json(&s.to_json_compact(), &MessageBrokerSpec::default()).unwrap();
    assert_eq!(compact, s);
    assert!(s.to_json_pretty().contains("\"message_broker\""));
}

/// The editor's version forms (issue 21): each version reaches its simulation, and a
/// change the scenario cannot take under the new version is refused, typed, with the setup
/// as it was.
#[test]
fn the_editor_sets_each_broker_version() {
    use brokerlab_core::versions::{KafkaVersion, RabbitMqVersion};
    use brokerlab_core::world::GroupProtocol;
    let s = setup();
    let (s, built) = s.edited(Edit::SetKafkaVersion(KafkaVersion::V4_2)).unwrap();
    let Built::Event(sim) = built else { panic!("a Kafka version is an event-broker edit") };
    assert_eq!(sim.world().view().kafka_version(), KafkaVersion::V4_2);
    let (s, built) = s.edited(Edit::SetRabbitMqVersion(RabbitMqVersion::V3_13)).unwrap();
    let Built::Message(sim) = built else { panic!("a RabbitMQ version is a message-broker edit") };
    assert_eq!(sim.side().broker().version(), RabbitMqVersion::V3_13);
    // A consumer-protocol group needs Kafka 4.x: going back to 3.9 is refused.
    let mut with_consumer = s.clone();
    with_consumer.scenario.event_broker.groups[0].group_protocol = GroupProtocol::Consumer;
    assert!(with_consumer.build_event().is_ok());
    let refused = with_consumer.edited(Edit::SetKafkaVersion(KafkaVersion::V3_9)).unwrap_err();
    assert!(matches!(refused, SetupError::Scenario(ScenarioError::ConsumerProtocolUnavailable { .. })), "{refused:?}");
    assert_eq!(with_consumer.scenario.event_broker.kafka_version, KafkaVersion::V4_2, "nothing changed");
}

/// A document's broker versions (issue 21) survive the editor's edits, the export and the
/// import, and reach both simulations.
#[test]
fn versions_survive_edits_export_and_import() {
    use brokerlab_core::versions::{KafkaVersion, RabbitMqVersion};
    let mut s = setup();
    s.scenario.event_broker.kafka_version = KafkaVersion::V4_2;
    s.message.rabbitmq_version = RabbitMqVersion::V3_13;
    let (s, _) = s.edited(Edit::AddTopic(topic("audit", 1, 1))).unwrap();
    let (s, _) = s.edited(Edit::RemovePublisher(s.message.publishers[0].name.clone())).unwrap();
    for text in [s.to_json_pretty(), s.to_json_compact()] {
        let again = Setup::from_json(&text, &MessageBrokerSpec::default()).unwrap();
        assert_eq!(again.scenario.event_broker.kafka_version, KafkaVersion::V4_2);
        assert_eq!(again.message.rabbitmq_version, RabbitMqVersion::V3_13);
        assert_eq!(again, s);
    }
    assert_eq!(s.build_event().unwrap().world().view().kafka_version(), KafkaVersion::V4_2);
    assert_eq!(s.build_message().unwrap().side().broker().version(), RabbitMqVersion::V3_13);
}

/// Share groups are part of the scenario document: exported, imported and carried by a share
/// link as they are, and the world built from the import runs them.
#[test]
fn share_groups_round_trip_through_export_import_and_a_share_link() {
    let scenario = Scenario::from_json(brokerlab_core::lessons::KAFKA_QUEUE).unwrap();
    let s = Setup::new(scenario, MessageSim::default_spec());
    assert!(s.to_json_pretty().contains("\"share_groups\""));
    let again = Setup::from_json(&s.to_json_pretty(), &MessageBrokerSpec::default()).unwrap();
    assert_eq!(again, s);
    let fragment = brokerlab_core::share::encode(&s.to_json_compact(), None);
    let shared = brokerlab_core::share::decode(&fragment).unwrap().expect("a scenario");
    let linked = Setup::from_json(&shared.scenario_json, &MessageBrokerSpec::default()).unwrap();
    assert_eq!(linked, s);
    assert_eq!(linked.document().event_broker.share_groups, s.document().event_broker.share_groups);
    let sim = linked.build_event().unwrap();
    assert_eq!(sim.world().view().share_group_views().map(|g| g.members.len()).collect::<Vec<_>>(), vec![4]);
}

/// The page runs the two sides as two simulations; the JS package and the golden traces run
/// a document as one world. The message side must come out the same: the document's `link_ms` and `seed`, and a
/// random stream of its own, so the event side's draws (a keyless producer's sticky
/// partitions, a failing group) do not shift the message side's (a failing consumer).
#[test]
fn the_message_side_runs_as_one_world_runs_the_same_document() {
    let document = r#"{"version": 1, "seed": 42, "link_ms": 250,
      "event_broker": {"topics": [{"name": "t", "partitions": 3}],
        "producers": [{"name": "p", "topic": "t", "every_ms": 70}],
        "groups": [{"name": "g", "topics": ["t"], "members": 2, "processing_ms": 40, "failure_per_mille": 300}]},
      "message_broker": {
        "definitions": {"queues": [{"name": "work", "durable": true}]},
        "publishers": [{"name": "shop", "exchange": "", "routing_keys": ["work"], "every_ms": 90}],
        "consumers": [{"name": "w", "queue": "work", "prefetch": 2, "processing_ms": 60, "failure_per_mille": 350, "on_failure": "nack_requeue"}]}}"#;
    let end = SimTime::from_ms(20_000);
    let mut world = brokerlab_core::World::new(&Scenario::from_json(document).unwrap()).unwrap();
    brokerlab_core::Drive::run_to(&mut world, end, drop);
    let world = format!("{:?}", world.view().message_side().expect("the document has a message side"));

    let setup = Setup::from_json(document, &MessageBrokerSpec::default()).unwrap();
    let mut page = setup.build_message().unwrap();
    page.advance(end);
    let page = format!("{:?}", page.side());
    assert!(page.contains("redelivered: true"), "consumers failed and messages came back: the stream was drawn from");
    assert_eq!(page, world);
}

/// An event lesson with another link or seed rebuilds the message side with them (it starts
/// again, as the event side does); with the same link and seed it is left running.
#[test]
fn a_new_event_scenario_retimes_the_message_side_only_when_its_link_or_seed_change() {
    let s = setup();
    let mut same = s.scenario.clone();
    same.event_broker.topics.push(topic("audit", 1, 1));
    let (next, event, message) = s.with_event_scenario(same).unwrap();
    assert!(message.is_none());
    assert_eq!(event.world().view().event_broker().topics().len(), 2);
    assert_eq!(next.message, s.message);

    let mut retimed = s.scenario.clone();
    retimed.link_ms = 250;
    retimed.seed = 42;
    let (next, _, message) = s.with_event_scenario(retimed).unwrap();
    let message = message.expect("the message side is built again");
    assert_eq!(format!("{:?}", message.side()), format!("{:?}", next.build_message().unwrap().side()));
    assert_ne!(
        format!("{:?}", message.side()),
        format!("{:?}", s.build_message().unwrap().side()),
        "with the new link and seed, not the old"
    );
}

#[test]
fn an_event_only_document_keeps_the_fallback_message_side() {
    let s = Setup::from_json(crate::event_act::DEFAULT_SCENARIO, &MessageSim::default_spec()).unwrap();
    assert_eq!(s, setup());
}

#[test]
fn edits_build_the_changed_side() {
    let s = setup();
    let (next, built) = s.edited(Edit::AddTopic(topic("audit", 2, 1))).unwrap();
    assert_eq!(next.scenario.event_broker.topics.len(), 2);
    let Built::Event(sim) = built else { panic!("an event edit builds the event side") };
    assert_eq!(sim.world().view().event_broker().topics().len(), 2);

    let (next, built) = s
        .edited(Edit::AddQueue { name: String::from("billing"), durable: false, arguments: json_object("a", r#"{"x-max-length": 3}"#).unwrap() })
        .unwrap();
    assert!(next.queue_names().contains(&String::from("billing")));
    let Built::Message(sim) = built else { panic!("a message edit builds the message side") };
    let q = sim.side().broker().queue("billing").expect("declared");
    assert_eq!(q.arguments().max_length, Some(3));
}

#[test]
fn refused_edits_return_the_cores_typed_error_and_change_nothing() {
    let s = setup();
    let before = s.clone();
    // Replication factor 3 on one broker.
    let e = s.edited(Edit::AddTopic(topic("t", 1, 3))).unwrap_err();
    assert!(matches!(e, SetupError::Scenario(_)), "{e:?}");
    assert!(!e.explain(Lang::Ko).is_empty() && e.explain(Lang::Ko) != e.to_string());
    let e = s.edited(Edit::AddTopic(topic("orders", 1, 1))).unwrap_err();
    assert!(matches!(e, SetupError::Scenario(ScenarioError::DuplicateName { .. })), "{e:?}");
    // The group still reads the topic.
    let e = s.edited(Edit::RemoveTopic(String::from("orders"))).unwrap_err();
    assert!(matches!(e, SetupError::Scenario(ScenarioError::UnknownTopic { .. })), "{e:?}");
    let e = s
        .edited(Edit::AddQueue { name: String::from("q"), durable: true, arguments: json_object("a", r#"{"x-overflow": "sideways"}"#).unwrap() })
        .unwrap_err();
    assert!(matches!(e, SetupError::Message(MessageSpecError::Definitions { .. })), "{e:?}");
    let e = s.edited(Edit::RemoveQueue(String::from("work"))).unwrap_err();
    assert!(matches!(e, SetupError::Message(MessageSpecError::UnknownQueue { .. })), "{e:?}");
    let e = s.edited(Edit::AddExchange(ExchangeForm {
        name: String::from("orders"), kind: String::from("topic"), alternate: String::new(), durable: true,
    }))
    .unwrap_err();
    assert_eq!(e, SetupError::Duplicate { what: Entity::Exchange, name: String::from("orders") });
    assert_eq!(s, before);
}

#[test]
fn removing_an_exchange_takes_its_bindings() {
    let s = setup();
    let s = s.edited(Edit::RemovePublisher(String::from("shop"))).unwrap().0;
    let (next, _) = s.edited(Edit::RemoveExchange(String::from("orders"))).unwrap();
    assert!(next.bindings().iter().all(|(source, ..)| source != "orders"));
    assert_eq!(next.bindings().len(), 1);
}

#[test]
fn definitions_import_replaces_the_topology_and_drops_orphans() {
    let text = include_str!("../../tests/browser/fixtures/definitions.json");
    let (next, sim, report) = setup().with_definitions(text).unwrap();
    assert_eq!((report.exchanges, report.queues, report.bindings), (3, 3, 4));
    assert!(report.ignored.iter().any(|i| i.starts_with("users")), "{:?}", report.ignored);
    // The built-in workers read `work`, which the file does not declare.
    assert_eq!(report.dropped_clients, ["shop", "worker-1", "worker-2", "auditor"]);
    assert!(sim.side().broker().exchange("payments").is_some());
    assert!(next.queue_names().contains(&String::from("payments.settle")));
    let bad = setup().with_definitions("{\"queues\": [").unwrap_err();
    assert!(matches!(bad, SetupError::DefinitionsJson(ref m) if m.contains("line 1")), "{bad:?}");
    let huge = format!("{{\"queues\": [], \"x\": \"{}\"}}", "a".repeat(brokerlab_core::limits::SCENARIO_BYTES_MAX));
    assert!(matches!(setup().with_definitions(&huge), Err(SetupError::TooLarge { .. })));
    let refused = setup().with_definitions(r#"{"queues": [{"name": 3}]}"#).unwrap_err();
    assert!(matches!(refused, SetupError::Definitions(_)), "{refused:?}");
}

#[test]
fn form_fields_parse_or_say_why() {
    assert_eq!(optional_number("rate", " "), Ok(None));
    assert_eq!(number("rate", "250"), Ok(250));
    assert_eq!(number_or("rate", "", 7), Ok(7));
    assert_eq!(number_or("rate", "8", 7), Ok(8));
    assert!(matches!(number("rate", "fast"), Err(SetupError::Field { field: "rate", .. })));
    assert!(json_object("headers", "[1]").is_err());
    assert_eq!(words("a, b,,c "), ["a", "b", "c"]);
}

/// The editor's share groups (issue 20): added under Kafka 4.2 they reach the simulation and
/// the document; under 3.9 (the opening scenario's version) the edit is refused, typed, with
/// the setup as it was; a lock shorter than Kafka's minimum is refused with its range; a share
/// group can be removed.
#[test]
fn the_editor_adds_and_removes_share_groups() {
    use brokerlab_core::versions::KafkaVersion;
    use brokerlab_core::world::ShareGroupSpec;
    let spec: ShareGroupSpec = serde_json::from_value(json!({"name": "workers", "topic": "orders", "members": 3})).unwrap();
    let s = setup();
    let mut old = s.clone();
    old.scenario.event_broker.kafka_version = KafkaVersion::V3_9;
    let refused = old.edited(Edit::AddShareGroup(spec.clone())).unwrap_err();
    assert!(matches!(refused, SetupError::Scenario(ScenarioError::ShareGroupsUnavailable { .. })), "{refused:?}");
    assert!(old.scenario.event_broker.share_groups.is_empty(), "nothing changed");
    let (s, _) = s.edited(Edit::SetKafkaVersion(KafkaVersion::V4_2)).unwrap();
    let topic = s.scenario.event_broker.topics[0].name.clone();
    let spec = ShareGroupSpec { topic: topic.clone(), ..spec };
    let (s, built) = s.edited(Edit::AddShareGroup(spec.clone())).unwrap();
    let Built::Event(sim) = built else { panic!("a share group is an event-broker edit") };
    let view = sim.world().view();
    let group = view.share_group_views().find(|g| g.name.as_ref() == "workers").expect("built");
    assert_eq!(group.members.len(), 3);
    assert!(s.to_json_compact().contains("\"share_groups\""));
    let short_lock = ShareGroupSpec { name: "fast".into(), record_lock_duration_ms: 500, ..spec };
    let refused = s.edited(Edit::AddShareGroup(short_lock)).unwrap_err();
    assert!(matches!(refused, SetupError::Scenario(ScenarioError::OutOfRange { value: 500, min: 1000, .. })), "{refused:?}");
    let (s, _) = s.edited(Edit::RemoveShareGroup("workers".into())).unwrap();
    assert!(s.scenario.event_broker.share_groups.is_empty());
    let missing = s.edited(Edit::RemoveShareGroup("workers".into())).unwrap_err();
    assert!(matches!(missing, SetupError::Missing { .. }), "{missing:?}");
}

/// The editor's cluster, queue types and stream offsets (issue 22): nodes, a quorum queue
/// with its delivery limit and group size, a stream with its retention and segment size, and
/// a stream consumer's `x-stream-offset` reach the simulation and the document; a value the
/// model refuses comes back as the model's typed error, with the setup as it was.
#[test]
fn the_editor_sets_nodes_queue_types_and_stream_offsets() {
    use brokerlab_core::world::message::ConsumerSpec;
    let s = setup();
    let refused = s.edited(Edit::SetNodes(0)).unwrap_err();
    assert!(matches!(refused, SetupError::Message(MessageSpecError::Nodes { .. })), "{refused:?}");
    let refused = s.edited(Edit::SetNodes(8)).unwrap_err();
    assert!(matches!(refused, SetupError::Message(MessageSpecError::Nodes { .. })), "{refused:?}");
    assert_eq!(s.message.nodes, 1, "nothing changed");
    let (s, _) = s.edited(Edit::SetNodes(3)).unwrap();
    assert_eq!(s.message.nodes, 3);
    assert!(s.to_json_compact().contains("\"nodes\":3"));
    let arguments = |pairs: &[(&str, Value)]| pairs.iter().map(|(k, v)| (k.to_string(), v.clone())).collect::<Map<String, Value>>();
    let quorum = arguments(&[("x-queue-type", json!("quorum")), ("x-delivery-limit", json!(2)), ("x-quorum-initial-group-size", json!(3))]);
    let (s, built) = s.edited(Edit::AddQueue { name: "orders-q".into(), durable: true, arguments: quorum }).unwrap();
    let Built::Message(sim) = built else { panic!("a queue is a message-broker edit") };
    let quorum_type = brokerlab_core::message_broker::queue::QueueType::Quorum;
    assert!(sim.side().broker().queue("orders-q").is_some_and(|q| q.queue_type() == quorum_type), "a quorum queue");
    let bad_quorum = arguments(&[("x-queue-type", json!("quorum")), ("x-quorum-initial-group-size", json!(0))]);
    let refused = s.edited(Edit::AddQueue { name: "bad-q".into(), durable: true, arguments: bad_quorum }).unwrap_err();
    assert!(matches!(refused, SetupError::Message(MessageSpecError::Definitions { .. })), "{refused:?}");
    let stream = arguments(&[
        ("x-queue-type", json!("stream")), ("x-max-length-bytes", json!(1000)), ("x-max-age", json!("1h")),
        ("x-stream-max-segment-size-bytes", json!(200)),
    ]);
    let (s, built) = s.edited(Edit::AddQueue { name: "log".into(), durable: true, arguments: stream }).unwrap();
    let Built::Message(sim) = built else { panic!("a queue is a message-broker edit") };
    let settings = sim.side().broker().queue("log").and_then(|q| q.stream()).map(|s| *s.log.settings()).expect("a stream");
    assert_eq!((settings.max_length_bytes, settings.max_age_ms, settings.max_segment_size_bytes), (Some(1000), Some(3_600_000), 200));
    let bad_age = arguments(&[("x-queue-type", json!("stream")), ("x-max-age", json!("soon"))]);
    let refused = s.edited(Edit::AddQueue { name: "bad-log".into(), durable: true, arguments: bad_age }).unwrap_err();
    assert!(matches!(refused, SetupError::Message(MessageSpecError::Definitions { .. })), "{refused:?}");
    assert!(!s.queue_names().contains(&"bad-log".to_string()), "nothing changed");
    let reader = |name: &str, offset: Value| -> ConsumerSpec {
        serde_json::from_value(json!({"name": name, "queue": "log", "prefetch": 10, "stream_offset": offset})).unwrap()
    };
    for (i, offset) in [json!("first"), json!("last"), json!("next"), json!(5)].into_iter().enumerate() {
        let (next, built) = s.edited(Edit::AddConsumer(reader(&format!("r{i}"), offset.clone()))).unwrap();
        let Built::Message(_) = built else { panic!("a consumer is a message-broker edit") };
        assert_eq!(next.message.consumers.last().unwrap().stream_offset, Some(offset));
    }
    let refused = s.edited(Edit::AddConsumer(reader("r9", json!("sideways")))).unwrap_err();
    assert!(matches!(refused, SetupError::Message(MessageSpecError::Clients { .. })), "{refused:?}");
    assert_eq!(s.message.consumers.len(), MessageSim::default_spec().consumers.len(), "nothing changed");
}
