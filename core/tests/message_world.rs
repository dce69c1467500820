//! The message side of the world: simulated publishers and consumers around the RabbitMQ
//! model, with link latency. Each test is a small scenario and the story it must tell.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use brokerlab_core::Drive;
use brokerlab_core::time::SimTime;
use brokerlab_core::Lang;
use brokerlab_core::world::message::{
    ConsumerState, MessageBrokerSpec, MessageCommand, MessageCommandError, MessageEvent, MessageEventKind, MessageSide,
    MessageSpecError,
};

fn spec(json: &str) -> MessageBrokerSpec {
    serde_json::from_str(json).unwrap()
}

/// A work queue with a dead-letter exchange, two workers and a manual publisher.
fn work_queue(worker: &str) -> MessageBrokerSpec {
    spec(&format!(
        r#"{{
        "definitions": {{
            "exchanges": [{{"name": "dlx", "vhost": "/", "type": "fanout", "durable": true, "auto_delete": false, "internal": false, "arguments": {{}}}}],
            "queues": [
                {{"name": "tasks", "vhost": "/", "durable": true, "auto_delete": false, "arguments": {{"x-dead-letter-exchange": "dlx"}}}},
                {{"name": "dead", "vhost": "/", "durable": true, "auto_delete": false, "arguments": {{}}}}
            ],
            "bindings": [{{"source": "dlx", "vhost": "/", "destination": "dead", "destination_type": "queue", "routing_key": "", "arguments": {{}}}}]
        }},
        "publishers": [{{"name": "shop", "exchange": "", "routing_keys": ["tasks"], "persistent": true}}],
        "consumers": [
            {{"name": "w1", "queue": "tasks", "prefetch": 1, "processing_ms": 1000 {worker}}},
            {{"name": "w2", "queue": "tasks", "prefetch": 1, "processing_ms": 1000 {worker}}}
        ]
    }}"#
    ))
}

struct Run {
    side: MessageSide,
    events: Vec<MessageEvent>,
}

impl Run {
    fn new(spec: &MessageBrokerSpec) -> Run {
        let mut run = Run { side: MessageSide::new(spec, 100, 1).unwrap(), events: Vec::new() };
        run.drain();
        run
    }
    fn apply(&mut self, command: MessageCommand) {
        self.side.apply(command).unwrap();
        self.drain();
    }
    fn advance(&mut self, ms: u64) {
        let events = &mut self.events;
        self.side.run_to(SimTime::from_ms(ms), |e| events.push(e));
    }
    fn drain(&mut self) {
        while let Some(e) = self.side.poll_event() {
            self.events.push(e);
        }
    }
    /// `consumer:message:redelivered` for every delivery so far, in order.
    fn deliveries(&self) -> Vec<String> {
        self.events
            .iter()
            .filter_map(|e| match &e.kind {
                MessageEventKind::DeliverySent { consumer, message, redelivered, .. } => {
                    Some(format!("{consumer}:{message}{}", if *redelivered { ":again" } else { "" }))
                }
                _ => None,
            })
            .collect()
    }
    fn depth(&self, queue: &str) -> (usize, usize) {
        let q = self.side.broker().queue(queue).unwrap();
        (q.ready_count(), q.unacked_count())
    }
}

fn publish(run: &mut Run, n: usize) {
    for _ in 0..n {
        run.apply(MessageCommand::Publish { publisher: "shop".into(), routing_key: None });
    }
}

#[test]
fn a_work_queue_hands_each_message_to_one_worker_in_turn() {
    let mut run = Run::new(&work_queue(""));
    publish(&mut run, 4);
    run.advance(10_000);
    assert_eq!(run.deliveries(), ["w1:m1", "w2:m2", "w1:m3", "w2:m4"]);
    assert_eq!(run.depth("tasks"), (0, 0), "acked messages are forgotten");
}

#[test]
fn prefetch_one_means_a_busy_worker_gets_nothing_more() {
    let mut run = Run::new(&work_queue(""));
    publish(&mut run, 4);
    // Publishes arrive at 100 ms; each worker holds one unacked message, two wait.
    run.advance(150);
    assert_eq!(run.depth("tasks"), (2, 2));
}

#[test]
fn a_crashed_worker_s_unacked_message_goes_to_the_other_worker_marked_redelivered() {
    let mut run = Run::new(&work_queue(""));
    publish(&mut run, 2);
    run.advance(500); // both delivered, both processing
    run.apply(MessageCommand::CrashConsumer { consumer: "w1".into() });
    let crashed = run.events.iter().find(|e| e.kind_name() == "consumer_crashed").unwrap();
    assert!(crashed.explain(Lang::En).contains("its 1 unacked message goes back"), "{}", crashed.explain(Lang::En));
    run.advance(10_000);
    assert_eq!(run.deliveries(), ["w1:m1", "w2:m2", "w2:m1:again"]);
    assert_eq!(run.depth("tasks"), (0, 0));
}

#[test]
fn auto_ack_forgets_on_send_so_a_crash_loses_the_message() {
    let mut run = Run::new(&work_queue(r#", "auto_ack": true"#));
    publish(&mut run, 1);
    run.advance(500);
    assert_eq!(run.depth("tasks"), (0, 0), "forgotten as soon as it was sent");
    run.apply(MessageCommand::CrashConsumer { consumer: "w1".into() });
    run.advance(10_000);
    assert_eq!(run.deliveries(), ["w1:m1"], "nothing comes back");
}

#[test]
fn rejected_messages_are_dead_lettered_with_x_death() {
    let mut run = Run::new(&work_queue(r#", "failure_per_mille": 1000, "on_failure": "reject""#));
    publish(&mut run, 1);
    run.advance(5_000);
    let dead = run.side.broker().queue("dead").unwrap();
    assert_eq!(dead.ready_count(), 1);
    let message = &dead.ready().next().unwrap().message;
    let death = &message.deaths[0];
    assert_eq!((&*death.queue, death.reason.as_str(), death.count), ("tasks", "rejected", 1));
}

#[test]
fn nack_with_requeue_comes_back_redelivered() {
    let mut run = Run::new(&work_queue(r#", "failure_per_mille": 1000"#));
    publish(&mut run, 1);
    run.advance(2_500);
    let deliveries = run.deliveries();
    assert!(deliveries.len() >= 2, "{deliveries:?}");
    assert_eq!(deliveries[0], "w1:m1");
    assert!(deliveries[1].ends_with("m1:again"), "{deliveries:?}");
}

#[test]
fn a_paused_worker_holds_its_message_until_it_resumes() {
    let mut run = Run::new(&work_queue(""));
    publish(&mut run, 1);
    run.advance(150);
    run.apply(MessageCommand::PauseConsumer { consumer: "w1".into() });
    // Processing finished at 1_200 ms, but a paused worker acks nothing new: w1 had already
    // started, so its ack goes out; the next message waits.
    publish(&mut run, 2);
    run.advance(5_000);
    run.apply(MessageCommand::ResumeConsumer { consumer: "w1".into() });
    run.advance(20_000);
    assert_eq!(run.depth("tasks"), (0, 0));
}

#[test]
fn restart_keeps_durable_queues_and_persistent_messages() {
    let mut run = Run::new(&spec(
        r#"{
        "definitions": {"queues": [
            {"name": "keep", "vhost": "/", "durable": true, "auto_delete": false, "arguments": {}},
            {"name": "temp", "vhost": "/", "durable": false, "auto_delete": false, "arguments": {}}]},
        "publishers": [
            {"name": "p1", "routing_keys": ["keep"], "persistent": true},
            {"name": "p2", "routing_keys": ["keep"]},
            {"name": "p3", "routing_keys": ["temp"], "persistent": true}]
    }"#,
    ));
    for p in ["p1", "p2", "p3"] {
        run.apply(MessageCommand::Publish { publisher: p.into(), routing_key: None });
    }
    run.advance(200);
    run.apply(MessageCommand::RestartBroker);
    assert_eq!(run.depth("keep"), (1, 0), "only the persistent message in the durable queue survives");
    assert!(run.side.broker().queue("temp").is_none(), "the transient queue is gone");
}

#[test]
fn commands_on_unknown_clients_or_wrong_states_change_nothing() {
    let mut run = Run::new(&work_queue(""));
    let before = format!("{:?}", run.side);
    let errors = [
        run.side.apply(MessageCommand::Publish { publisher: "ghost".into(), routing_key: None }).unwrap_err(),
        run.side.apply(MessageCommand::ReviveConsumer { consumer: "w1".into() }).unwrap_err(),
        run.side.apply(MessageCommand::Flood { publisher: "shop".into(), count: 1_000_000 }).unwrap_err(),
        run.side.apply(MessageCommand::ResumeConsumer { consumer: "nobody".into() }).unwrap_err(),
    ];
    assert!(matches!(errors[0], MessageCommandError::UnknownPublisher(_)));
    assert!(matches!(errors[1], MessageCommandError::ConsumerState { state: ConsumerState::Running, .. }));
    assert!(matches!(errors[2], MessageCommandError::FloodTooLarge { .. }));
    assert!(matches!(errors[3], MessageCommandError::UnknownConsumer(_)));
    assert_eq!(format!("{:?}", run.side), before);
}

#[test]
fn bad_specs_are_refused_with_a_reason() {
    let cases = [
        (r#"{"consumers": [{"name": "c", "queue": "nope"}]}"#, "which the definitions do not declare"),
        (r#"{"publishers": [{"name": "p", "exchange": "nope"}]}"#, "which the definitions do not declare"),
        (r#"{"definitions": {"queues": [{"name": "q", "arguments": {"x-max-priority": 999}}]}}"#, "x-max-priority"),
        (r#"{"publishers": [{"name": "p"}, {"name": "p"}]}"#, "two message-broker clients"),
    ];
    for (json, expected) in cases {
        let err: MessageSpecError = MessageSide::new(&spec(json), 100, 1).unwrap_err();
        assert!(err.to_string().contains(expected), "{json}: {err}");
    }
}

#[test]
fn every_hop_has_a_departure_and_an_arrival_one_link_apart() {
    let mut run = Run::new(&work_queue(""));
    publish(&mut run, 2);
    run.advance(5_000);
    let mut hops = 0;
    for e in &run.events {
        if let MessageEventKind::PublishSent { departs, arrives, .. }
        | MessageEventKind::DeliverySent { departs, arrives, .. }
        | MessageEventKind::SettleSent { departs, arrives, .. } = &e.kind
        {
            assert_eq!(arrives.as_ms() - departs.as_ms(), 100);
            hops += 1;
        }
        assert!(!e.explain(Lang::En).is_empty() && !e.explain(Lang::Ko).is_empty());
    }
    assert_eq!(hops, 6, "two publishes, two deliveries, two acks");
}

// Native only: a hundred thousand messages is slow in a debug wasm build.
#[cfg(not(target_arch = "wasm32"))]
#[test]
fn a_publish_the_broker_cannot_hold_is_refused_as_an_event() {
    let max = brokerlab_core::message_broker::MESSAGES_HELD_MAX;
    let mut run = Run::new(&spec(
        r#"{"definitions": {"queues": [{"name": "q", "vhost": "/", "durable": true, "auto_delete": false, "arguments": {}}]},
            "publishers": [{"name": "shop", "exchange": "", "routing_keys": ["q"]}]}"#,
    ));
    let floods = max / brokerlab_core::world::message::FLOOD_MAX as usize + 1;
    for _ in 0..floods {
        run.side.apply(MessageCommand::Flood { publisher: "shop".into(), count: brokerlab_core::world::message::FLOOD_MAX }).unwrap();
    }
    run.advance(1_000);
    let refused: Vec<&MessageEvent> = run.events.iter().filter(|e| e.kind_name() == "publish_refused").collect();
    assert_eq!(refused.len(), floods * brokerlab_core::world::message::FLOOD_MAX as usize - max);
    assert!(refused[0].explain(Lang::En).contains("refuses shop's message"));
    assert_eq!(run.depth("q"), (max, 0), "the queue holds exactly the limit");
}

#[test]
fn consumer_details_show_settings_and_the_unacked_delivery_tags_of_each_channel() {
    let mut run = Run::new(&work_queue(""));
    run.apply(MessageCommand::Publish { publisher: "shop".into(), routing_key: None });
    run.apply(MessageCommand::Publish { publisher: "shop".into(), routing_key: None });
    run.advance(150);
    let before = format!("{:?}", run.side);
    let details: Vec<_> = run.side.consumer_details().collect();
    assert_eq!(format!("{:?}", run.side), before, "reading changes nothing");
    assert_eq!(details.len(), 2);
    for (c, name) in details.iter().zip(["w1", "w2"]) {
        assert_eq!(c.name.as_ref(), name);
        assert_eq!(c.queue.as_ref(), "tasks");
        assert_eq!((c.state, c.prefetch, c.auto_ack, c.processing_ms), ("running", 1, false, 1000));
        // One delivery each (prefetch 1), tag 1 on each consumer's own channel.
        assert_eq!(c.unacked.len(), 1, "{name}");
        assert_eq!(c.unacked[0].0.0, 1);
        assert!(c.channel.is_some());
    }
    let (_, counted) = run.side.consumers().fold((0, 0), |(n, u), c| (n + 1, u + c.3));
    assert_eq!(counted, details.iter().map(|c| c.unacked.len()).sum::<usize>(), "agrees with consumers()");
    run.apply(MessageCommand::CrashConsumer { consumer: "w1".into() });
    let w1 = run.side.consumer_details().next().unwrap();
    assert_eq!((w1.state, w1.channel, w1.unacked.len()), ("down", None, 0));
}
