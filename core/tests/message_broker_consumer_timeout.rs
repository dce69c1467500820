//! The delivery acknowledgement timeout (`consumer_timeout`, `x-consumer-timeout`): a channel
//! whose oldest unacked delivery is older than the timeout is closed with 406
//! PRECONDITION_FAILED and its deliveries go back to their queues. Cases from rabbitmq-server's
//! `consumer_timeout_SUITE` (a consumer's delivery and a `basic.get` delivery both time out;
//! the channel goes, the connection stays) and `rabbit_channel:evaluate_consumer_timeout`
//! (only the oldest delivery is looked at; strictly older than the timeout), with the default
//! of rabbitmq-website `consumers.md`, "Delivery Acknowledgement Timeout".

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use crate::message_broker_harness;

use brokerlab_core::message_broker::event::EventKind;
use brokerlab_core::message_broker::{CONSUMER_TIMEOUT_DEFAULT_MS, MessageBroker};
use brokerlab_core::time::SimTime;
use brokerlab_core::versions::RabbitMqVersion;
use brokerlab_core::world::message::{ConsumerState, MessageBrokerSpec, MessageCommand, MessageEventKind, MessageSide};
use brokerlab_core::{Drive, Lang};
use message_broker_harness::*;

/// (channel number, delivery tag, timeout) of each timeout among the pending events.
fn timeouts(lab: &mut Lab) -> Vec<(u16, u64, u64)> {
    lab.drain()
        .into_iter()
        .filter_map(|e| match e.kind {
            EventKind::AcknowledgementTimedOut { channel, delivery_tag, timeout_ms, .. } => {
                Some((channel.number, delivery_tag.0, timeout_ms))
            }
            _ => None,
        })
        .collect()
}

#[test]
fn a_delivery_unacked_for_longer_than_30_minutes_closes_its_channel_and_goes_back_to_its_queue() {
    assert_eq!(MessageBroker::new().consumer_timeout_ms(), Some(1_800_000));
    let mut lab = Lab::new();
    lab.queue("work", &[]);
    lab.consume(CH2, "work", "slow", false);
    lab.fill("work", &["m"]);
    lab.drain();
    assert_eq!(lab.broker.next_timeout(), Some(SimTime::from_ms(CONSUMER_TIMEOUT_DEFAULT_MS + 1)));
    // Exactly 30 minutes old is not older than the timeout.
    lab.at(CONSUMER_TIMEOUT_DEFAULT_MS);
    assert_eq!(timeouts(&mut lab), []);
    lab.at(CONSUMER_TIMEOUT_DEFAULT_MS + 1);
    let kinds = lab.kinds();
    assert_eq!(kinds, ["acknowledgement_timed_out", "channel_closed", "message_requeued", "consumer_cancelled"]);
    // The channel is gone, its consumer with it; the connection's other channel stays.
    assert_eq!(lab.broker.channels().collect::<Vec<_>>(), [CH, OTHER]);
    assert!(lab.broker.queue("work").unwrap().consumers().is_empty());
    let again = lab.get("work").unwrap();
    assert_eq!((&*again.message.body, again.redelivered), ("m", true));
}

#[test]
fn only_the_oldest_unacked_delivery_counts_and_basic_get_deliveries_count_too() {
    let mut lab = Lab::new();
    lab.broker.follow_consumer_timeout(Some(10_000));
    lab.queue("work", &[]);
    lab.fill("work", &["first", "second"]);
    // Two basic.get deliveries on CH, at 0 (tag 1) and at 5000 (tag 2).
    lab.get("work").unwrap();
    lab.at(5_000);
    lab.get("work").unwrap();
    lab.at(9_000);
    lab.ack(CH, 1);
    // Tag 2 is now the oldest: its own 10 s run to 15 000.
    lab.at(10_001);
    assert_eq!(timeouts(&mut lab), []);
    lab.at(15_000);
    assert_eq!(timeouts(&mut lab), []);
    lab.at(15_001);
    assert_eq!(timeouts(&mut lab), [(1, 2, 10_000)]);
    assert_eq!(lab.ready("work"), ["second"]);
}

#[test]
fn acked_and_auto_acked_deliveries_never_time_out_nor_does_anything_when_the_timeout_is_off() {
    let mut lab = Lab::new();
    lab.queue("work", &[]);
    lab.consume(CH2, "work", "auto", true);
    lab.fill("work", &["a"]);
    lab.queue("other", &[]);
    lab.fill("other", &["b"]);
    let d = lab.get("other").unwrap();
    lab.ack(CH, d.delivery_tag.0);
    assert_eq!(lab.broker.next_timeout(), None);

    let mut held = Lab::new();
    held.broker.follow_consumer_timeout(None);
    held.queue("work", &[]);
    held.fill("work", &["m"]);
    held.get("work").unwrap();
    assert_eq!(held.broker.next_timeout(), None);
    held.at(100 * CONSUMER_TIMEOUT_DEFAULT_MS);
    assert_eq!(timeouts(&mut held), []);
    assert_eq!(held.broker.unacked(CH).len(), 1);
}

/// `x-consumer-timeout` on the queue (3.12+) wins over the broker's; 3.10 does not know the
/// argument and keeps the broker's. A value that is not an integer turns the timeout off.
#[test]
fn a_queue_s_x_consumer_timeout_applies_from_3_12_and_is_ignored_by_3_10() {
    let timed_out_at = |version: RabbitMqVersion, value: brokerlab_core::message_broker::HeaderValue| {
        let mut lab = Lab::new();
        lab.broker.follow_version(version);
        lab.broker.follow_consumer_timeout(Some(60_000));
        lab.queue("work", &[("x-consumer-timeout", value)]);
        lab.fill("work", &["m"]);
        lab.get("work").unwrap();
        lab.drain();
        lab.broker.next_timeout()
    };
    for version in [RabbitMqVersion::V3_13, RabbitMqVersion::V4_2] {
        assert_eq!(timed_out_at(version, int(5_000)), Some(SimTime::from_ms(5_001)), "{version}");
        assert_eq!(timed_out_at(version, s("5000")), None, "{version}");
    }
    assert_eq!(timed_out_at(RabbitMqVersion::V3_10, int(5_000)), Some(SimTime::from_ms(60_001)));
    assert_eq!(timed_out_at(RabbitMqVersion::V3_10, s("5000")), Some(SimTime::from_ms(60_001)));
}

/// The scenario's `consumer_timeout_ms`: a paused worker holds its delivery until the timeout
/// closes its channel; the message goes to the other worker, and the paused one is down until
/// revived. Left out, the setting is RabbitMQ's 30 minutes and stays out of the JSON; `null`
/// turns it off.
#[test]
fn a_paused_consumer_loses_its_channel_at_the_scenario_s_consumer_timeout() {
    let spec: MessageBrokerSpec = serde_json::from_str(
        r#"{"consumer_timeout_ms": 60000,
            "definitions": {"queues": [{"name": "tasks", "vhost": "/", "durable": true, "auto_delete": false, "arguments": {}}]},
            "publishers": [{"name": "shop", "exchange": "", "routing_keys": ["tasks"]}],
            "consumers": [
                {"name": "w1", "queue": "tasks", "prefetch": 1, "processing_ms": 1000},
                {"name": "w2", "queue": "tasks", "prefetch": 1, "processing_ms": 1000}
            ]}"#,
    )
    .unwrap();
    let mut side = MessageSide::new(&spec, 100, 1).unwrap();
    side.apply(MessageCommand::PauseConsumer { consumer: "w1".into() }).unwrap();
    side.apply(MessageCommand::PauseConsumer { consumer: "w2".into() }).unwrap();
    side.apply(MessageCommand::Publish { publisher: "shop".into(), routing_key: None }).unwrap();
    let mut events = Vec::new();
    side.run_to(SimTime::from_ms(1_000), |e| events.push(e));
    side.apply(MessageCommand::ResumeConsumer { consumer: "w2".into() }).unwrap();
    // Published at 0, in the queue at 100 and delivered to w1 at once: it times out at 60 101.
    side.run_to(SimTime::from_ms(60_100), |e| events.push(e));
    assert!(!events.iter().any(|e| e.kind_name() == "acknowledgement_timed_out"));
    side.run_to(SimTime::from_ms(63_000), |e| events.push(e));
    let timed_out = events.iter().find(|e| e.kind_name() == "acknowledgement_timed_out").expect("a timeout");
    assert_eq!(timed_out.at, SimTime::from_ms(60_101));
    assert!(timed_out.explain(Lang::En).contains("406 PRECONDITION_FAILED"), "{}", timed_out.explain(Lang::En));
    assert!(timed_out.explain(Lang::Ko).contains("컨슈머 타임아웃"), "{}", timed_out.explain(Lang::Ko));
    let states: Vec<(String, &str)> = side.consumers().map(|(name, _, state, _)| (name.to_string(), state)).collect();
    assert_eq!(states, [("w1".to_string(), ConsumerState::Down.as_str()), ("w2".to_string(), "running")]);
    let redelivered = events.iter().any(|e| {
        matches!(&e.kind, MessageEventKind::DeliverySent { consumer, redelivered: true, .. } if &**consumer == "w2")
    });
    assert!(redelivered, "the message went to w2 again");
    side.apply(MessageCommand::ReviveConsumer { consumer: "w1".into() }).unwrap();

    let plain: MessageBrokerSpec = serde_json::from_str("{}").unwrap();
    assert_eq!(plain.consumer_timeout_ms, Some(CONSUMER_TIMEOUT_DEFAULT_MS));
    assert_eq!(plain, MessageBrokerSpec::default());
    assert!(!serde_json::to_string(&plain).unwrap().contains("consumer_timeout"));
    let off: MessageBrokerSpec = serde_json::from_str(r#"{"consumer_timeout_ms": null}"#).unwrap();
    assert_eq!(MessageSide::new(&off, 100, 1).unwrap().broker().consumer_timeout_ms(), None);
    assert_eq!(serde_json::from_str::<MessageBrokerSpec>(&serde_json::to_string(&off).unwrap()).unwrap(), off);
}
