//! The RabbitMQ lessons' scenarios (`brokerlab_core::lessons`) do what their lessons say, run
//! as `brokerlab run --lesson` runs them (one `World`, the page's link and seed), with time
//! passing between the steps as for a learner: the stream lesson (R21) and the quorum half of
//! the poison lesson (R20). The page's checkpoints read their answers off the same model
//! (`web/src/checkpoint/stream.rs`, whose tests ask the questions themselves).

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use brokerlab_core::lessons::find;
use brokerlab_core::message_broker::EventKind as BrokerKind;
use brokerlab_core::message_broker::message::DeathReason;
use brokerlab_core::world::message::{MessageCommand, MessageEventKind, Settle};
use brokerlab_core::{Command, Drive, EventKind, SimTime, World};

/// Runs lesson `id`'s world with `steps`: (time in ms, command), then on to `until_ms`;
/// returns the world and its message events.
fn run(id: &str, steps: &[(u64, MessageCommand)], until_ms: u64) -> (World, Vec<(SimTime, MessageEventKind)>) {
    let lesson = find(id).expect("the lesson exists");
    let mut world = World::new(&lesson.document()).expect("the lesson's scenario builds");
    let mut events = Vec::new();
    let mut keep = |e: brokerlab_core::world::Event| {
        if let EventKind::Message(m) = e.kind {
            events.push((m.at, m.kind));
        }
    };
    for (at, command) in steps {
        world.run_to(SimTime::from_ms(*at), &mut keep);
        world.apply(Command::Message(command.clone())).unwrap_or_else(|e| panic!("{id}: {command:?}: {e}"));
    }
    world.run_to(SimTime::from_ms(until_ms), &mut keep);
    (world, events)
}

/// The offsets `consumer` was delivered from stream `queue` at or after `since_ms`, in order.
fn offsets_read(world: &World, events: &[(SimTime, MessageEventKind)], queue: &str, consumer: &str, since_ms: u64) -> Vec<u64> {
    let view = world.view();
    let stream = view.message_side().unwrap().broker().queue(queue).unwrap().stream().unwrap();
    events
        .iter()
        .filter(|(at, _)| at.as_ms() >= since_ms)
        .filter_map(|(_, kind)| match kind {
            MessageEventKind::DeliverySent { consumer: c, message, .. } if &**c == consumer => {
                stream.log.entries().find(|e| e.message.id == *message).map(|e| e.offset)
            }
            _ => None,
        })
        .collect()
}

/// "A log inside RabbitMQ": five events published, read by `first` and `next` from the start
/// and by `3` from offset 3; acks remove nothing; replay, stopped and started again with
/// `first`, reads the whole log again; live, started again with `next`, reads only the event
/// published after it came back.
#[test]
fn the_stream_lesson_keeps_the_log_replays_from_first_and_starts_next_at_the_end() {
    let flood = MessageCommand::Flood { publisher: "shop".into(), count: 5 };
    let crash = |c: &str| MessageCommand::CrashConsumer { consumer: c.into() };
    let revive = |c: &str| MessageCommand::ReviveConsumer { consumer: c.into() };
    let publish = MessageCommand::Publish { publisher: "shop".into(), routing_key: None };
    let steps = [(1_000, flood), (10_000, crash("replay")), (13_000, revive("replay")), (23_000, crash("live")), (26_000, revive("live")), (30_000, publish)];
    let (world, events) = run("stream-log", &steps, 40_000);
    assert_eq!(offsets_read(&world, &events, "events", "replay", 0), [0, 1, 2, 3, 4, 0, 1, 2, 3, 4, 5], "first, and first again after the restart");
    assert_eq!(offsets_read(&world, &events, "events", "live", 0), [0, 1, 2, 3, 4, 5], "next on an empty log, then next at the end");
    assert_eq!(offsets_read(&world, &events, "events", "live", 26_000), [5], "back with next: only what came after");
    assert_eq!(offsets_read(&world, &events, "events", "from-3", 0), [3, 4, 5], "a numeric offset beyond the end waits for it");
    let acked = events.iter().filter(|(_, k)| matches!(k, MessageEventKind::SettleSent { stream: true, settle: Settle::Ack, .. })).count();
    assert_eq!(acked, 20, "every delivery acked");
    let view = world.view();
    let streams = view.streams();
    assert_eq!((streams[0].first_offset, streams[0].next_offset), (0, 6), "the log keeps all six: acks removed nothing");
    assert!(streams[0].readers.iter().all(|(_, _, next)| *next == 6), "{:?}", streams[0].readers);
    assert!(!events.iter().any(|(_, k)| matches!(k, MessageEventKind::Broker(BrokerKind::StreamSegmentRemoved { .. }))), "retention is far away");
}

/// The poison lesson: the refund on the quorum queue (x-delivery-limit 3) is delivered four
/// times, with x-delivery-count 1, 2, 3 on the redeliveries, and dead-lettered with reason
/// delivery_limit into parked; the order on the classic queue is redelivered without end.
#[test]
fn the_poison_lesson_s_quorum_queue_dead_letters_at_the_delivery_limit_and_the_classic_queue_loops() {
    let steps = [
        (1_000, MessageCommand::Publish { publisher: "shop".into(), routing_key: None }),
        (2_000, MessageCommand::Publish { publisher: "desk".into(), routing_key: None }),
    ];
    let (world, events) = run("poison", &steps, 30_000);
    let counts: Vec<Option<u32>> = events
        .iter()
        .filter_map(|(_, k)| match k {
            MessageEventKind::Broker(BrokerKind::MessageDelivered { delivery }) if &*delivery.queue == "refunds" => Some(delivery.delivery_count),
            _ => None,
        })
        .collect();
    assert_eq!(counts.len(), 4, "delivered once and redelivered three times: {counts:?}");
    assert_eq!(counts[1..], [Some(1), Some(2), Some(3)], "x-delivery-count counts the returns");
    // The log says each count, in both languages.
    let said: Vec<(String, String)> = events
        .iter()
        .filter(|(_, k)| matches!(k, MessageEventKind::Broker(BrokerKind::MessageDelivered { delivery }) if &*delivery.queue == "refunds"))
        .map(|(at, k)| {
            let event = brokerlab_core::Event { at: *at, kind: EventKind::Message(Box::new(brokerlab_core::world::message::MessageEvent { at: *at, kind: k.clone() })) };
            (event.explain(brokerlab_core::Lang::En), event.explain(brokerlab_core::Lang::Ko))
        })
        .collect();
    assert!(!said[0].0.contains("x-delivery-count"), "a first delivery has no count: {}", said[0].0);
    for (n, (en, ko)) in said[1..].iter().enumerate() {
        let count = format!("x-delivery-count {}", n + 1);
        assert!(en.contains(&count) && ko.contains(&count), "{en} / {ko}");
    }
    let dead: Vec<(&str, DeathReason)> = events
        .iter()
        .filter_map(|(_, k)| match k {
            MessageEventKind::Broker(BrokerKind::MessageDeadLettered { queue, reason, .. }) => Some((&**queue, *reason)),
            _ => None,
        })
        .collect();
    assert_eq!(dead, [("refunds", DeathReason::DeliveryLimit)]);
    let side = world.view().message_side().unwrap();
    assert_eq!(side.broker().queue("parked").unwrap().ready_count(), 1);
    let order_returns = events.iter().filter(|(_, k)| matches!(k, MessageEventKind::Broker(BrokerKind::MessageRequeued { queue, .. }) if &**queue == "orders")).count();
    assert!(order_returns >= 10, "the classic queue keeps redelivering the order: {order_returns} returns");
}
