//! A consumer the broker cancels when its classic queue's node stops (`basic.cancel`, the
//! consumer cancel notification, rabbitmq-website `consumer-cancel.md`): the simulated
//! application shows it `cancelled`, and consumes again once the node is back.

use brokerlab_core::Drive;
use brokerlab_core::message_broker::event::EventKind;
use brokerlab_core::time::SimTime;
use brokerlab_core::world::message::{MessageBrokerSpec, MessageCommand, MessageEventKind, MessageSide};

fn state(side: &MessageSide, consumer: &str) -> &'static str {
    side.consumers().find(|(name, ..)| &***name == consumer).map(|(_, _, state, _)| state).expect("the consumer exists")
}

/// Runs the side to `ms`, returning its events' kinds.
fn run(side: &mut MessageSide, ms: u64) -> Vec<MessageEventKind> {
    let mut events = Vec::new();
    side.run_to(SimTime::from_ms(ms), |e| events.push(e.kind));
    events
}

#[test]
fn a_cancelled_consumer_shows_cancelled_and_consumes_again_when_its_node_starts() {
    // Two nodes; the durable classic queue from the definitions lives on node 1.
    let json = r#"{
        "nodes": 2,
        "definitions": {"queues": [{"name": "orders", "vhost": "/", "durable": true, "auto_delete": false, "arguments": {}}]},
        "publishers": [{"name": "shop", "routing_keys": ["orders"], "persistent": true}],
        "consumers": [{"name": "worker", "queue": "orders", "prefetch": 1, "processing_ms": 100}]
    }"#;
    let spec: MessageBrokerSpec = serde_json::from_str(json).unwrap();
    let mut side = MessageSide::new(&spec, 10, 1).unwrap();
    run(&mut side, 100);
    assert_eq!(state(&side, "worker"), "running");
    let details = side.consumer_details().find(|c| &**c.name == "worker").unwrap();
    assert_eq!(details.state, "running");

    side.apply(MessageCommand::StopNode { node: 1 }).unwrap();
    let events = run(&mut side, 200);
    assert!(
        events.iter().any(|e| matches!(e, MessageEventKind::Broker(EventKind::ConsumerCancelled { by_broker: true, .. }))),
        "the broker cancels the consumer: {events:?}"
    );
    assert_eq!(state(&side, "worker"), "cancelled");
    assert_eq!(side.consumer_details().find(|c| &**c.name == "worker").unwrap().state, "cancelled");

    // Back up: the worker subscribes again and gets what is published next.
    side.apply(MessageCommand::StartNode { node: 1 }).unwrap();
    assert_eq!(state(&side, "worker"), "running");
    side.apply(MessageCommand::Publish { publisher: "shop".into(), routing_key: None }).unwrap();
    let events = run(&mut side, 1_000);
    let delivered = events.iter().filter(|e| matches!(e, MessageEventKind::DeliverySent { consumer, .. } if &**consumer == "worker")).count();
    assert_eq!(delivered, 1, "the resubscribed worker gets the new message: {events:?}");

    // A crashed consumer stays down when the node comes back: only the cancelled resubscribe.
    side.apply(MessageCommand::StopNode { node: 1 }).unwrap();
    side.apply(MessageCommand::CrashConsumer { consumer: "worker".into() }).unwrap();
    side.apply(MessageCommand::StartNode { node: 1 }).unwrap();
    assert_eq!(state(&side, "worker"), "down");
}
