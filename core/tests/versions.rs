//! Broker versions (issue 21): a scenario names its Kafka and RabbitMQ versions, an unknown one
//! is refused with its own error, and each difference the model follows (`versions.rs`) makes
//! the same scenario behave differently under the two versions.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use crate::kafka_support;
use crate::message_broker_harness;

use brokerlab_core::event_broker::PartitionIndex;
use brokerlab_core::message_broker::broker::QueueDeclare;
use brokerlab_core::message_broker::{HeaderValue, MessageBroker};
use brokerlab_core::versions::{KafkaVersion, Product, RabbitMqVersion};
use brokerlab_core::world::message::{MessageBrokerSpec, MessageSide};
use brokerlab_core::{Lang, Scenario, ScenarioError, World};
use kafka_support::{check, run, world};
use message_broker_harness::*;

// The scenario's words for versions.

fn kafka_named(version: &str) -> String {
    format!(r#"{{"version": 1, "event_broker": {{"kafka_version": {version}}}}}"#)
}

fn rabbitmq_named(version: &str) -> String {
    format!(r#"{{"version": 1, "message_broker": {{"rabbitmq_version": {version}}}}}"#)
}

#[test]
fn a_scenario_names_its_versions_and_without_them_gets_the_models_behaviour_before_versions() {
    let plain = Scenario::from_json(r#"{"version": 1, "message_broker": {}}"#).unwrap();
    assert_eq!(plain.event_broker.kafka_version, KafkaVersion::V3_9);
    assert_eq!(plain.message_broker.as_ref().unwrap().rabbitmq_version, RabbitMqVersion::V4_2);
    assert_eq!(World::new(&plain).unwrap().view().kafka_version(), KafkaVersion::V3_9);
    // Unnamed versions stay out of the JSON, so old documents and links round-trip unchanged.
    assert!(!plain.to_json().contains("_version"));

    for (json, kafka) in [(kafka_named(r#""3.9""#), KafkaVersion::V3_9), (kafka_named(r#""4.2""#), KafkaVersion::V4_2)] {
        let scenario = Scenario::from_json(&json).unwrap();
        assert_eq!(scenario.event_broker.kafka_version, kafka);
        assert_eq!(World::new(&scenario).unwrap().view().kafka_version(), kafka);
        assert_eq!(Scenario::from_json(&scenario.to_json()).unwrap(), scenario);
    }
    for (json, rabbitmq) in [
        (rabbitmq_named(r#""3.10""#), RabbitMqVersion::V3_10),
        (rabbitmq_named(r#""3.13""#), RabbitMqVersion::V3_13),
        (rabbitmq_named(r#""4.2""#), RabbitMqVersion::V4_2),
    ] {
        let scenario = Scenario::from_json(&json).unwrap();
        let spec = scenario.message_broker.as_ref().unwrap();
        assert_eq!(spec.rabbitmq_version, rabbitmq);
        assert_eq!(MessageSide::new(spec, 100, 1).unwrap().broker().version(), rabbitmq);
        assert_eq!(Scenario::from_json(&scenario.to_json()).unwrap(), scenario);
    }
    let named = Scenario::from_json(&kafka_named(r#""4.2""#)).unwrap().to_json();
    assert!(named.contains(r#""kafka_version": "4.2""#), "{named}");
}

#[test]
fn an_unknown_version_is_refused_with_its_own_error_in_both_languages() {
    for (json, product, found) in [
        (kafka_named(r#""3.8""#), Product::Kafka, "3.8"),
        (kafka_named("4.2"), Product::Kafka, "4.2"),
        (kafka_named(r#""""#), Product::Kafka, ""),
        (rabbitmq_named(r#""4.0""#), Product::RabbitMq, "4.0"),
        (rabbitmq_named("null"), Product::RabbitMq, "null"),
    ] {
        let error = Scenario::from_json(&json).unwrap_err();
        assert_eq!(error, ScenarioError::UnknownVersion { product, found: found.to_string() }, "{json}");
        let en = error.explain(Lang::En);
        assert!(en.contains(product.key()) && en.contains(product.supported().join(", ").as_str()), "{en}");
        assert!(error.explain(Lang::Ko).contains(product.key()));
    }
    // A long name is repeated only in part.
    let long = "9".repeat(1_000);
    match Scenario::from_json(&kafka_named(&format!("{long:?}"))).unwrap_err() {
        ScenarioError::UnknownVersion { found, .. } => assert!(found.len() <= 32, "{found}"),
        other => panic!("{other:?}"),
    }
}

// K22: strict min-ISR from Kafka 4.0.

/// One partition on brokers 0, 1, 2 with `min.insync.replicas=2`, an `acks=1` producer and a
/// group reading from the start. Both followers stop; the leader takes a record, and the
/// followers leave the ISR for lagging behind it; at 3000 ms follower 1 comes back.
fn under_min_isr(kafka_version: &str) -> String {
    format!(
        r#"{{"version": 1, "link_ms": 100, "event_broker": {{ "kafka_version": "{kafka_version}", "brokers": 3,
            "replica_lag_time_max_ms": 1000,
            "topics": [{{"name": "t", "partitions": 1, "replication_factor": 3, "config": {{"min.insync.replicas": 2}}}}],
            "producers": [{{"name": "p", "topic": "t", "acks": "1"}}],
            "groups": [{{"name": "g", "topics": ["t"], "auto_offset_reset": "earliest"}}] }},
            "script": [
                {{"at_ms": 10, "command": {{"kill_broker": {{"broker": 1}}}}}},
                {{"at_ms": 10, "command": {{"kill_broker": {{"broker": 2}}}}}},
                {{"at_ms": 2000, "command": {{"produce": {{"producer": "p", "key": "a"}}}}}},
                {{"at_ms": 3000, "command": {{"revive_broker": {{"broker": 1}}}}}}
            ]}}"#
    )
}

const REPLICATION: &[&str] =
    &["record_appended", "produce_acked", "isr_shrunk", "isr_expanded", "high_watermark_advanced", "records_processed"];

#[test]
fn under_min_insync_replicas_acks_1_records_are_visible_under_3_9_and_wait_for_the_isr_under_4_2() {
    let mut old = world(&under_min_isr("3.9"));
    check(
        &run(&mut old, 4000, REPLICATION),
        "2100 record_appended broker=0 offset=0 partition=0 record=0 topic=t
         2100 produce_acked acks=1 broker=0 offset=0 partition=0 record=0 topic=t
         2500 isr_shrunk isr=[0,2] leader=0 partition=0 removed=1 topic=t
         2500 isr_shrunk isr=[0] leader=0 partition=0 removed=2 topic=t
         2500 high_watermark_advanced broker=0 high_watermark=1 partition=0 topic=t
         2800 records_processed from=0 group=g member=0 partition=0 to=1 topic=t
         3300 isr_expanded added=1 isr=[0,1] leader=0 partition=0 topic=t",
    );
    let mut new = world(&under_min_isr("4.2"));
    // Under 4.2 the high watermark stays at 0 when the ISR shrinks to the leader alone. The
    // returning follower joins the ISR as soon as it reaches that high watermark (3100, where
    // 3.9's follower had to reach 1 first); its next fetch reports the record, and only then
    // does the group see it.
    check(
        &run(&mut new, 4000, REPLICATION),
        "2100 record_appended broker=0 offset=0 partition=0 record=0 topic=t
         2100 produce_acked acks=1 broker=0 offset=0 partition=0 record=0 topic=t
         2500 isr_shrunk isr=[0,2] leader=0 partition=0 removed=1 topic=t
         2500 isr_shrunk isr=[0] leader=0 partition=0 removed=2 topic=t
         3100 isr_expanded added=1 isr=[0,1] leader=0 partition=0 topic=t
         3300 high_watermark_advanced broker=0 high_watermark=1 partition=0 topic=t
         3700 records_processed from=0 group=g member=0 partition=0 to=1 topic=t",
    );
    // Between the append and the ISR's return, 4.2's record is on the leader but not visible.
    let mut held = world(&under_min_isr("4.2"));
    run(&mut held, 2900, &[]);
    let log = &held.view().event_broker().topic("t").unwrap().partitions()[0];
    assert_eq!((log.log_end().0, log.high_watermark().0), (1, 0));
    assert_eq!(held.view().replication("t", PartitionIndex(0)).unwrap().isr.len(), 1);
}

// R16, R22: a quorum queue's default delivery limit, 20 from RabbitMQ 4.0, none before.

fn broker_at(version: RabbitMqVersion) -> Lab {
    let mut lab = Lab::new();
    lab.broker.follow_version(version);
    lab
}

/// How many times a message is delivered from a quorum queue declared without
/// `x-delivery-limit` whose consumer always nacks with requeue, up to `tries`.
fn deliveries_of_a_poison_message(version: RabbitMqVersion, tries: usize) -> usize {
    let mut lab = broker_at(version);
    let mut declare = QueueDeclare::new("qq");
    declare.arguments = table(&[("x-queue-type", s("quorum"))]);
    lab.broker.declare_queue(lab.now, CH, declare).unwrap();
    lab.fill("qq", &["poison"]);
    let mut delivered = 0;
    while delivered < tries {
        let Some(d) = lab.get("qq") else { break };
        delivered += 1;
        lab.nack(CH, d.delivery_tag.0, true);
    }
    delivered
}

#[test]
fn a_quorum_queue_without_a_delivery_limit_drops_a_poison_message_after_20_returns_under_4_2_never_under_3_13() {
    assert_eq!(deliveries_of_a_poison_message(RabbitMqVersion::V4_2, 100), 21);
    assert_eq!(deliveries_of_a_poison_message(RabbitMqVersion::V3_13, 100), 100);
    assert_eq!(RabbitMqVersion::V4_2.quorum_delivery_limit_default(), Some(20));
    assert_eq!(RabbitMqVersion::V3_13.quorum_delivery_limit_default(), None);
}

// R22: a client's `x-death`, read up to 3.13, an ordinary header from 4.0.

/// A message a client publishes again with the `x-death` a consumer saw on it (rejected from
/// `work` three times), into `work` again, where it is rejected once more: what `count` does
/// the `x-death` entry for (`work`, `rejected`) say in the dead letter queue?
fn count_after_a_republished_message_dies_again(version: RabbitMqVersion) -> HeaderValue {
    let mut lab = broker_at(version);
    lab.exchange("dlx", brokerlab_core::message_broker::ExchangeKind::Fanout);
    lab.queue("work", &[("x-dead-letter-exchange", s("dlx"))]);
    lab.queue("dead", &[]);
    lab.bind("dead", "dlx", "");
    let entry = HeaderValue::Table(table(&[
        ("count", int(3)),
        ("reason", s("rejected")),
        ("queue", s("work")),
        ("exchange", s("")),
        ("routing-keys", HeaderValue::Array(vec![s("work")])),
    ]));
    lab.publish_with("", "work", "again", with_headers(&[("x-death", HeaderValue::Array(vec![entry]))]));
    let d = lab.get("work").unwrap();
    lab.nack(CH, d.delivery_tag.0, false);
    let dead = lab.get("dead").unwrap();
    let headers = dead.headers();
    let Some(HeaderValue::Array(entries)) = headers.get("x-death") else { panic!("{headers:?}") };
    assert_eq!(entries.len(), 1, "{entries:?}");
    let HeaderValue::Table(entry) = &entries[0] else { panic!("{entries:?}") };
    assert_eq!(entry["queue"], s("work"));
    entry["count"].clone()
}

#[test]
fn a_republished_x_death_counts_on_under_3_13_and_is_replaced_under_4_2() {
    assert_eq!(count_after_a_republished_message_dies_again(RabbitMqVersion::V3_13), int(4));
    assert_eq!(count_after_a_republished_message_dies_again(RabbitMqVersion::V4_2), int(1));
}

#[test]
fn a_client_s_x_death_that_the_broker_could_not_have_written_is_skipped_or_clamped() {
    let mut lab = broker_at(RabbitMqVersion::V3_13);
    lab.queue("work", &[]);
    let odd = |pairs: &[(&str, HeaderValue)]| HeaderValue::Table(table(pairs));
    let entries = vec![
        s("not a table"),
        odd(&[("queue", s("work")), ("reason", s("bored"))]),
        odd(&[("reason", s("expired"))]),
        odd(&[("queue", s("work")), ("reason", s("expired")), ("count", int(-5)), ("time", int(i64::MAX))]),
    ];
    lab.publish_with("", "work", "odd", with_headers(&[("x-death", HeaderValue::Array(entries))]));
    let d = lab.get("work").unwrap();
    assert_eq!(d.message.deaths.len(), 1);
    assert_eq!((d.message.deaths[0].count, &*d.message.deaths[0].queue), (1, "work"));
}

#[test]
fn a_scenario_s_rabbitmq_version_reaches_its_broker() {
    let spec: MessageBrokerSpec = serde_json::from_str(r#"{"rabbitmq_version": "3.13"}"#).unwrap();
    assert_eq!(MessageSide::new(&spec, 100, 1).unwrap().broker().version(), RabbitMqVersion::V3_13);
    assert_eq!(MessageBroker::new().version(), RabbitMqVersion::V4_2);
}

// `x-death` order and the cycle check: 3.10 reverses the older entries at each death, 3.13
// and 4.x write them most recent first (issue 22).

/// The queues of a message's `x-death`, as a consumer reads them.
fn death_queues(d: &brokerlab_core::message_broker::Delivery) -> Vec<String> {
    let headers = d.headers();
    let Some(HeaderValue::Array(entries)) = headers.get("x-death") else { panic!("{headers:?}") };
    entries
        .iter()
        .map(|entry| match entry {
            HeaderValue::Table(t) => t["queue"].as_str().unwrap().to_string(),
            other => panic!("{other:?}"),
        })
        .collect()
}

/// A message rejected in q1, q2, q3 and q4 in turn, each dead-lettering through the default
/// exchange into the next (q4 into `end`): its `x-death` queues after three deaths and after
/// four.
fn x_death_after_three_and_four_deaths(version: RabbitMqVersion) -> (Vec<String>, Vec<String>) {
    let mut lab = broker_at(version);
    for (queue, next) in [("q1", "q2"), ("q2", "q3"), ("q3", "q4"), ("q4", "end")] {
        lab.queue(queue, &[("x-dead-letter-exchange", s("")), ("x-dead-letter-routing-key", s(next))]);
    }
    lab.queue("end", &[]);
    lab.fill("q1", &["m"]);
    for queue in ["q1", "q2", "q3"] {
        let d = lab.get(queue).unwrap();
        lab.nack(CH, d.delivery_tag.0, false);
    }
    let third = lab.get("q4").unwrap();
    lab.nack(CH, third.delivery_tag.0, false);
    let fourth = lab.get("end").unwrap();
    (death_queues(&third), death_queues(&fourth))
}

/// `rabbit_dead_letter:update_x_death_header` of 3.10 regroups the entries already there by
/// (queue, reason) with a fold that builds the list back to front, then puts this death in
/// front: after q1, q2 it reads [q2, q1], after q3 [q3, q1, q2], after q4 [q4, q2, q1, q3].
/// Found by independent sequences against RabbitMQ 3.10.8. 3.13 (`mc_amqpl`, sorted by last
/// time) and 4.x (`mc:record_death`, a list most recent first) give the order of the deaths.
#[test]
fn x_death_reverses_its_older_entries_at_each_death_under_3_10_and_is_most_recent_first_later() {
    let strings = |names: &[&str]| names.iter().map(|n| n.to_string()).collect::<Vec<_>>();
    assert_eq!(
        x_death_after_three_and_four_deaths(RabbitMqVersion::V3_10),
        (strings(&["q3", "q1", "q2"]), strings(&["q4", "q2", "q1", "q3"]))
    );
    for version in [RabbitMqVersion::V3_13, RabbitMqVersion::V4_2] {
        assert_eq!(
            x_death_after_three_and_four_deaths(version),
            (strings(&["q3", "q2", "q1"]), strings(&["q4", "q3", "q2", "q1"])),
            "{version}"
        );
    }
}

/// A message rejected in `a` goes to `b`, expires there (10 ms TTL) into `c`, and expires there
/// into `b` again. Most recent first its deaths read [c expired, b expired, a rejected]: from
/// the front to `b` nothing was a rejection, a cycle, so the message is dropped (4.x, 3.13).
/// 3.10 reads [c, a, b] (the older two reversed): the rejection in `a` comes before `b`, no
/// cycle, and the message is back in `b` (`rabbit_dead_letter:is_cycle` over that order).
#[test]
fn the_dead_letter_cycle_check_reads_x_death_in_the_version_s_order() {
    for (version, back_in_b) in [(RabbitMqVersion::V3_10, true), (RabbitMqVersion::V3_13, false), (RabbitMqVersion::V4_2, false)] {
        let mut lab = broker_at(version);
        let dead_letter_to = |next: &str| vec![("x-dead-letter-exchange", s("")), ("x-dead-letter-routing-key", s(next)), ("x-message-ttl", int(10))];
        lab.queue("a", &[("x-dead-letter-exchange", s("")), ("x-dead-letter-routing-key", s("b"))]);
        lab.queue("b", &dead_letter_to("c"));
        lab.queue("c", &dead_letter_to("b"));
        lab.fill("a", &["m"]);
        let d = lab.get("a").unwrap();
        lab.nack(CH, d.delivery_tag.0, false);
        lab.drain();
        // In b from 0 to 10, in c from 10 to 20, then back to b (3.10) or dropped.
        lab.at(25);
        let dropped = lab.drain().iter().any(|e| {
            matches!(&e.kind, brokerlab_core::message_broker::EventKind::MessageDropped {
                why: brokerlab_core::message_broker::event::DropReason::DeadLetterCycle, queue, ..
            } if &**queue == "b")
        });
        assert_eq!((lab.ready("b") == ["m"], dropped), (back_in_b, !back_in_b), "{version}");
    }
}
