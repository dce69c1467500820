//! Streams (`x-queue-type=stream`, R21). Most cases come from RabbitMQ's own
//! `deps/rabbit/test/rabbit_stream_queue_SUITE.erl` (named on each test); where RabbitMQ
//! 3.10.8 answers differently from that suite's older expectation, the test follows 3.10.8 and
//! says so. The rest are invariants (offsets, credit, retention in whole segments) and
//! determinism.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use brokerlab_core::{Drive, SimTime};
use brokerlab_core::message_broker::broker::QueueDeclare;
use brokerlab_core::message_broker::event::EventKind;
use brokerlab_core::message_broker::{
    ArgumentProblem, Consume, DeliveryTag, Error, HeaderValue, Headers, StreamUnsupported,
};

use crate::message_broker_harness::{CH, CH2, Lab, OTHER, int, s, table};

fn stream_arguments(extra: &[(&str, HeaderValue)]) -> Headers {
    let mut arguments = table(&[("x-queue-type", s("stream"))]);
    arguments.extend(table(extra));
    arguments
}

fn declare(lab: &mut Lab, name: &str, extra: &[(&str, HeaderValue)]) -> Result<(usize, usize), Error> {
    let mut declare = QueueDeclare::new(name);
    declare.arguments = stream_arguments(extra);
    lab.broker.declare_queue(lab.now, CH, declare).map(|ok| (ok.message_count, ok.consumer_count))
}

fn stream(lab: &mut Lab, name: &str) {
    declare(lab, name, &[]).unwrap();
}

/// `basic.qos(prefetch)` then `basic.consume` with `x-stream-offset` (if given).
fn reader(lab: &mut Lab, channel: brokerlab_core::message_broker::ChannelId, queue: &str, tag: &str, prefetch: u16, offset: Option<HeaderValue>) -> Result<(), Error> {
    lab.broker.qos(lab.now, channel, prefetch, false).unwrap();
    let arguments: Headers = offset.into_iter().map(|v| ("x-stream-offset".into(), v)).collect();
    let consume = Consume { consumer_tag: Some(tag.into()), arguments, ..Consume::new(queue) };
    lab.broker.consume(lab.now, channel, consume).map(|_| ())
}

/// Deliveries among the pending events as (consumer, body, tag, x-stream-offset header).
fn read(lab: &mut Lab) -> Vec<(String, String, u64, i64)> {
    lab.delivered()
        .into_iter()
        .map(|d| {
            let offset = match d.headers().get("x-stream-offset") {
                Some(HeaderValue::Integer(n)) => *n,
                other => panic!("a stream delivery without its x-stream-offset: {other:?}"),
            };
            assert!(!d.redelivered, "a stream never marks a delivery redelivered");
            (d.consumer.unwrap().to_string(), d.message.body.to_string(), d.delivery_tag.0, offset)
        })
        .collect()
}

fn bodies(lab: &mut Lab) -> Vec<(String, i64)> {
    read(lab).into_iter().map(|(_, body, _, offset)| (body, offset)).collect()
}

fn expect(pairs: &[(&str, i64)]) -> Vec<(String, i64)> {
    pairs.iter().map(|(b, o)| (b.to_string(), *o)).collect()
}

fn problem(error: Error) -> (String, ArgumentProblem) {
    match error {
        Error::InvalidArgument { name, problem } => (name.to_string(), problem),
        other => panic!("expected an invalid argument, got {other:?}"),
    }
}

// --- Declaring --------------------------------------------------------------------------------

/// `declare_invalid_properties`: auto-delete, exclusive or non-durable is 406; checked in
/// that order (3.10.8 names `auto-delete` for a declare with all three).
#[test]
fn declare_refuses_auto_delete_exclusive_and_non_durable() {
    let mut lab = Lab::new();
    let attempt = |durable: bool, exclusive: bool, auto_delete: bool| {
        let mut lab = Lab::new();
        let declare = QueueDeclare { durable, exclusive, auto_delete, arguments: stream_arguments(&[]), ..QueueDeclare::new("s") };
        let error = lab.broker.declare_queue(lab.now, CH, declare).unwrap_err();
        assert_eq!(error.reply_code(), 406);
        assert!(lab.broker.queue("s").is_none());
        problem(error).1
    };
    assert_eq!(attempt(true, false, true), ArgumentProblem::StreamAutoDelete);
    assert_eq!(attempt(true, true, false), ArgumentProblem::StreamExclusive);
    assert_eq!(attempt(false, false, false), ArgumentProblem::StreamNonDurable);
    assert_eq!(attempt(false, true, true), ArgumentProblem::StreamAutoDelete);
    stream(&mut lab, "fine");
}

/// `declare_server_named`: a stream cannot be server-named.
#[test]
fn declare_refuses_a_server_named_stream() {
    let mut lab = Lab::new();
    let error = declare(&mut lab, "", &[]).unwrap_err();
    assert_eq!((error.reply_code(), problem(error).1), (406, ArgumentProblem::StreamServerNamed));
}

/// `declare_max_age`: `1A` is refused, `1Y` accepted. Also: `x-max-age` must be a string
/// (3.10.8: `unacceptable_type`), and the sizes non-negative integers.
#[test]
fn declare_checks_retention_arguments() {
    let mut lab = Lab::new();
    assert_eq!(problem(declare(&mut lab, "s", &[("x-max-age", s("1A"))]).unwrap_err()).1, ArgumentProblem::MaxAge);
    assert_eq!(problem(declare(&mut lab, "s", &[("x-max-age", s("7X"))]).unwrap_err()).1, ArgumentProblem::MaxAge);
    assert!(matches!(problem(declare(&mut lab, "s", &[("x-max-age", int(5))]).unwrap_err()).1, ArgumentProblem::StringExpected { .. }));
    assert_eq!(problem(declare(&mut lab, "s", &[("x-max-length-bytes", int(-1))]).unwrap_err()).1, ArgumentProblem::Negative(-1));
    let segment = problem(declare(&mut lab, "s", &[("x-stream-max-segment-size-bytes", s("a"))]).unwrap_err());
    assert_eq!(segment.0, "x-stream-max-segment-size-bytes");
    assert_eq!(declare(&mut lab, "s", &[("x-max-age", s("1Y")), ("x-max-length-bytes", int(100)), ("x-foo", int(1))]), Ok((0, 0)));
    let settings = *lab.broker.queue("s").unwrap().arguments().stream.as_ref().unwrap();
    assert_eq!(settings.max_age_ms, Some(365 * 86_400_000));
    assert_eq!(settings.max_segment_size_bytes, 500_000_000);
}

/// `declare_args` in the 3.9-era suite accepted `x-max-length` on a stream; 3.10.8 refuses it
/// and every other queue argument the stream type does not list (each seen refused there).
#[test]
fn declare_refuses_arguments_the_stream_type_does_not_take() {
    let mut lab = Lab::new();
    for (name, value) in [
        ("x-max-length", int(3)),
        ("x-message-ttl", int(1000)),
        ("x-expires", int(1000)),
        ("x-max-priority", int(3)),
        ("x-overflow", s("reject-publish")),
        ("x-dead-letter-exchange", s("x")),
        ("x-dead-letter-routing-key", s("k")),
        ("x-single-active-consumer", HeaderValue::Bool(true)),
        ("x-delivery-limit", int(3)),
        ("x-queue-mode", s("lazy")),
        ("x-max-in-memory-length", int(1)),
    ] {
        let error = declare(&mut lab, "s", &[(name, value)]).unwrap_err();
        assert_eq!(problem(error), (name.to_string(), ArgumentProblem::StreamArgument), "{name}");
    }
    // Refused arguments come before the flags: a non-durable stream with x-max-length.
    let declare_both = QueueDeclare { durable: false, arguments: stream_arguments(&[("x-max-length", int(1))]), ..QueueDeclare::new("s") };
    assert_eq!(problem(lab.broker.declare_queue(lab.now, CH, declare_both).unwrap_err()).1, ArgumentProblem::StreamArgument);
    assert!(lab.broker.queue("s").is_none());
}

/// `declare_queue`: declaring again is fine, with other arguments it is not; the declare-ok of
/// a stream reports no consumer even with one attached (`stat/1`, seen on 3.10.8).
#[test]
fn redeclare_and_declare_ok_counts() {
    let mut lab = Lab::new();
    assert_eq!(declare(&mut lab, "s", &[]), Ok((0, 0)));
    assert_eq!(declare(&mut lab, "s", &[]), Ok((0, 0)));
    let other = declare(&mut lab, "s", &[("x-max-age", s("1h"))]).unwrap_err();
    assert_eq!(other, Error::QueueInequivalent { queue: "s".into(), field: "x-max-age" });
    let classic = lab.broker.declare_queue(lab.now, CH, QueueDeclare { arguments: table(&[("x-queue-type", s("classic"))]), ..QueueDeclare::new("s") });
    assert_eq!(classic.unwrap_err(), Error::QueueInequivalent { queue: "s".into(), field: "x-queue-type" });
    lab.fill("s", &["a", "b"]);
    reader(&mut lab, CH, "s", "c", 5, Some(s("first"))).unwrap();
    assert_eq!(declare(&mut lab, "s", &[]), Ok((2, 0)));
}

// --- Consuming: what a stream refuses ---------------------------------------------------------

/// `consume_without_qos`: no prefetch is 406 (even with no-ack); `consume_with_autoack`: no-ack
/// with a prefetch is 540 NOT_IMPLEMENTED; `basic_get`: 540.
#[test]
fn a_stream_consumer_needs_a_prefetch_and_manual_acks() {
    let mut lab = Lab::new();
    stream(&mut lab, "s");
    lab.fill("s", &["a"]);
    let refused = reader(&mut lab, CH, "s", "c", 0, None).unwrap_err();
    assert_eq!((refused.reply_code(), refused.closes_channel()), (406, true));
    assert_eq!(refused, Error::StreamPrefetchRequired("s".into()));
    let no_ack = Consume { no_ack: true, ..Consume::new("s") };
    assert_eq!(lab.broker.consume(lab.now, CH, no_ack.clone()).unwrap_err().reply_code(), 406);
    lab.broker.qos(lab.now, CH, 5, false).unwrap();
    let refused = lab.broker.consume(lab.now, CH, no_ack).unwrap_err();
    assert_eq!(refused, Error::StreamUnsupported { queue: "s".into(), what: StreamUnsupported::AutomaticAcknowledgement });
    assert_eq!((refused.reply_code(), refused.closes_channel()), (540, false));
    let get = lab.broker.get(lab.now, CH, "s", false).unwrap_err();
    assert_eq!(get, Error::StreamUnsupported { queue: "s".into(), what: StreamUnsupported::Get });
    assert!(lab.broker.queue("s").unwrap().consumers().is_empty());
    assert_eq!(lab.broker.queue("s").unwrap().stream().unwrap().log.len(), 1);
}

/// `consume_and_nack` and `consume_and_reject`: 540 NOT_IMPLEMENTED, with or without requeue
/// (3.10.8: "basic.nack and basic.reject not supported by stream queues"); nothing settles.
#[test]
fn nack_and_reject_are_refused_and_settle_nothing() {
    let mut lab = Lab::new();
    stream(&mut lab, "s");
    lab.fill("s", &["a", "b"]);
    reader(&mut lab, CH, "s", "c", 1, Some(s("first"))).unwrap();
    assert_eq!(bodies(&mut lab), expect(&[("a", 0)]));
    for requeue in [true, false] {
        let nack = lab.broker.nack(lab.now, CH, DeliveryTag(1), false, requeue).unwrap_err();
        assert_eq!(nack, Error::StreamUnsupported { queue: "s".into(), what: StreamUnsupported::NackOrReject });
        let reject = lab.broker.reject(lab.now, CH, DeliveryTag(1), requeue).unwrap_err();
        assert_eq!(reject.reply_code(), 540);
    }
    assert_eq!(lab.broker.unacked(CH).len(), 1);
    assert!(lab.drain().is_empty());
}

// --- Consuming: offsets -----------------------------------------------------------------------

/// `consume`: from offset 0, every message with its offset in `x-stream-offset`.
/// `consume_from_last`, `consume_from_next`, `consume_from_default`: `last` is the last chunk
/// (the newest message, one chunk per publish), `next` and no argument only what comes.
#[test]
fn offsets_first_last_next_and_numeric() {
    let mut lab = Lab::new();
    stream(&mut lab, "s");
    lab.fill("s", &["m0", "m1", "m2", "m3", "m4"]);
    type Case<'a> = (Option<HeaderValue>, &'a [(&'a str, i64)]);
    let cases: [Case; 8] = [
        (Some(s("first")), &[("m0", 0), ("m1", 1), ("m2", 2), ("m3", 3), ("m4", 4)]),
        (Some(int(0)), &[("m0", 0), ("m1", 1), ("m2", 2), ("m3", 3), ("m4", 4)]),
        (Some(s("last")), &[("m4", 4)]),
        (Some(s("next")), &[]),
        (None, &[]),
        (Some(int(2)), &[("m2", 2), ("m3", 3), ("m4", 4)]),
        (Some(int(-1)), &[("m0", 0), ("m1", 1), ("m2", 2), ("m3", 3), ("m4", 4)]),
        (Some(int(100)), &[]),
    ];
    for (i, (offset, expected)) in cases.into_iter().enumerate() {
        let channel = brokerlab_core::message_broker::ChannelId::new(10 + i as u32, 1);
        lab.broker.open_channel(lab.now, channel).unwrap();
        reader(&mut lab, channel, "s", "c", 10, offset.clone()).unwrap();
        assert_eq!(bodies(&mut lab), expect(expected), "x-stream-offset {offset:?}");
    }
    // `next`, no argument and 100 wait: the next publish reaches the first two, not the third
    // (it waits for offset 100; 3.10.8 delivered nothing there either).
    lab.fill("s", &["m5"]);
    let got = read(&mut lab);
    let offset_5: Vec<_> = got.iter().map(|(_, body, _, offset)| (body.as_str(), *offset)).collect();
    assert_eq!(offset_5.len(), 7, "every reader but the one waiting for offset 100 gets m5");
    assert!(offset_5.iter().all(|&(body, offset)| body == "m5" && offset == 5));
}

/// `consume_timestamp_offset` and `consume_from_relative_time_offset`: a timestamp reads from
/// the first message appended at or after it; an interval (`1h`) counts back from now.
#[test]
fn timestamp_and_interval_offsets() {
    let mut lab = Lab::new();
    stream(&mut lab, "s");
    lab.at(1_000).fill("s", &["early"]);
    lab.at(3_600_000 + 5_000).fill("s", &["middle"]);
    lab.at(3_600_000 + 9_000).fill("s", &["late"]);
    reader(&mut lab, CH, "s", "t", 10, Some(HeaderValue::Timestamp(3_600 + 5))).unwrap();
    assert_eq!(bodies(&mut lab), expect(&[("middle", 1), ("late", 2)]));
    reader(&mut lab, CH2, "s", "i", 10, Some(s("1h"))).unwrap();
    assert_eq!(bodies(&mut lab), expect(&[("middle", 1), ("late", 2)]));
    reader(&mut lab, OTHER, "s", "all", 10, Some(s("2h"))).unwrap();
    assert_eq!(bodies(&mut lab).len(), 3);
    let bad = reader(&mut lab, OTHER, "s", "bad", 10, Some(s("bogus"))).unwrap_err();
    assert_eq!((bad.reply_code(), bad.closes_channel()), (541, false));
    assert!(reader(&mut lab, OTHER, "s", "bool", 10, Some(HeaderValue::Bool(true))).is_err());
}

// --- Consuming: credit, independence ----------------------------------------------------------

/// `consume_credit`, `consume_credit_multiple_ack`: the prefetch is credit; each ack lets one
/// more come, a multiple ack as many as it covers; nothing is removed.
#[test]
fn acks_are_credit_and_remove_nothing() {
    let mut lab = Lab::new();
    stream(&mut lab, "s");
    lab.fill("s", &["a", "b", "c", "d", "e"]);
    reader(&mut lab, CH, "s", "c", 2, Some(s("first"))).unwrap();
    assert_eq!(bodies(&mut lab), expect(&[("a", 0), ("b", 1)]));
    lab.ack(CH, 1);
    assert_eq!(bodies(&mut lab), expect(&[("c", 2)]));
    lab.broker.ack(lab.now, CH, DeliveryTag(3), true).unwrap();
    assert_eq!(bodies(&mut lab), expect(&[("d", 3), ("e", 4)]));
    assert_eq!(lab.broker.queue("s").unwrap().stream().unwrap().log.len(), 5);
    assert_eq!(lab.broker.messages_held(), 5);
}

/// Many readers, each from its own offset, see every message: the event-broker behaviour
/// inside the message broker (R21).
#[test]
fn every_consumer_reads_every_message() {
    let mut lab = Lab::new();
    stream(&mut lab, "s");
    lab.fill("s", &["a", "b"]);
    reader(&mut lab, CH, "s", "one", 10, Some(s("first"))).unwrap();
    reader(&mut lab, CH2, "s", "two", 10, Some(s("first"))).unwrap();
    lab.fill("s", &["c"]);
    let mut got: Vec<(String, String)> = read(&mut lab).into_iter().map(|(c, b, _, _)| (c, b)).collect();
    got.sort();
    let expected: Vec<(String, String)> =
        [("one", "a"), ("one", "b"), ("one", "c"), ("two", "a"), ("two", "b"), ("two", "c")].iter().map(|(c, b)| (c.to_string(), b.to_string())).collect();
    assert_eq!(got, expected);
    // A cancelled consumer that subscribes again starts afresh from its offset.
    lab.broker.cancel(lab.now, CH, "one").unwrap();
    lab.drain();
    reader(&mut lab, CH, "s", "one", 10, Some(s("last"))).unwrap();
    assert_eq!(bodies(&mut lab), expect(&[("c", 2)]));
}

// --- Retention --------------------------------------------------------------------------------

/// `max_length_bytes`: retention removes whole closed segments, oldest first, and only when a
/// segment rolls over, so the first offset moves in jumps and the log may stay over the limit
/// in between.
#[test]
fn retention_by_bytes_removes_whole_segments_on_roll() {
    let mut lab = Lab::new();
    declare(&mut lab, "s", &[("x-stream-max-segment-size-bytes", int(30)), ("x-max-length-bytes", int(60))]).unwrap();
    let ten = "0123456789";
    let mut removed = Vec::new();
    for _ in 0..10 {
        lab.fill("s", &[ten]);
        for event in lab.drain() {
            if let EventKind::StreamSegmentRemoved { first_offset, next_offset, .. } = event.kind {
                removed.push((first_offset, next_offset));
            }
        }
    }
    let log = &lab.broker.queue("s").unwrap().stream().unwrap().log;
    // Segments of 3 messages (30 bytes). The rolls after offsets 2 and 5 keep everything (30
    // and 60 bytes, not over 60); the roll after 8 finds 90 bytes and removes 0-2, the oldest.
    // Offset 9 is in the open segment, which has not rolled.
    assert_eq!(removed, vec![(0, 3)]);
    assert_eq!((log.first_offset(), log.next_offset()), (3, 10));
    let segments: Vec<(u64, u64)> = log.segments().map(|g| (g.first_offset, g.next_offset)).collect();
    assert_eq!(segments, vec![(3, 6), (6, 9), (9, 10)]);
    assert_eq!(lab.broker.messages_held(), 7);
    // A reader from `first`, or from a removed offset, starts at 3.
    reader(&mut lab, CH, "s", "c", 20, Some(int(0))).unwrap();
    assert_eq!(bodies(&mut lab).first().map(|(_, o)| *o), Some(3));
}

/// `max_age`: a closed segment whose newest message is older than `x-max-age` goes at the next
/// roll, not the moment it ages.
#[test]
fn retention_by_age_waits_for_a_roll() {
    let mut lab = Lab::new();
    declare(&mut lab, "s", &[("x-stream-max-segment-size-bytes", int(2)), ("x-max-age", s("10s"))]).unwrap();
    lab.fill("s", &["aa", "bb"]);
    lab.at(60_000);
    assert_eq!(lab.broker.queue("s").unwrap().stream().unwrap().log.first_offset(), 0, "aging alone removes nothing");
    lab.fill("s", &["cc"]);
    let log = &lab.broker.queue("s").unwrap().stream().unwrap().log;
    assert_eq!((log.first_offset(), log.next_offset()), (2, 3));
}

// --- Restart, delete, routing, confirms -------------------------------------------------------

/// `restart_single_node` and `recover`: the log survives a restart with its offsets;
/// consumers do not; `delete_queue`: a stream is deleted like any queue.
#[test]
fn restart_keeps_the_log_and_delete_removes_it() {
    let mut lab = Lab::new();
    stream(&mut lab, "s");
    lab.fill("s", &["a", "b"]);
    reader(&mut lab, CH, "s", "c", 5, Some(s("first"))).unwrap();
    lab.drain();
    lab.broker.restart(lab.now).unwrap();
    let restarted = lab.drain().into_iter().find_map(|e| match e.kind {
        EventKind::BrokerRestarted { messages_kept, .. } => Some(messages_kept),
        _ => None,
    });
    assert_eq!(restarted, Some(2));
    let stream_state = lab.broker.queue("s").unwrap().stream().unwrap();
    assert!(stream_state.readers.is_empty());
    assert_eq!((stream_state.log.first_offset(), stream_state.log.next_offset()), (0, 2));
    lab.broker.open_channel(lab.now, CH).unwrap();
    reader(&mut lab, CH, "s", "c", 5, Some(s("first"))).unwrap();
    assert_eq!(bodies(&mut lab), expect(&[("a", 0), ("b", 1)]));
    lab.broker.delete_queue(lab.now, CH, "s", false, false).unwrap();
    assert!(lab.broker.queue("s").is_none());
    assert_eq!(lab.broker.messages_held(), 0);
}

/// `publish_confirm`: a publish routed to a stream through an exchange is appended and acked.
#[test]
fn publishing_through_an_exchange_with_confirms() {
    let mut lab = Lab::new();
    stream(&mut lab, "s");
    lab.exchange("x", brokerlab_core::message_broker::ExchangeKind::Fanout);
    lab.bind("s", "x", "");
    lab.broker.confirm_select(lab.now, CH).unwrap();
    let published = lab.publish("x", "any", "hello");
    assert_eq!(published.confirm.map(|(_, ack)| ack), Some(Some(true)));
    let kinds = lab.kinds();
    assert!(kinds.contains(&"stream_appended") && !kinds.contains(&"message_enqueued"), "{kinds:?}");
}

// --- Invariants and determinism ---------------------------------------------------------------

/// A scripted run with several readers, acks, cancels and retention: each reader's offsets
/// are consecutive from where it started (or jump forward only past removed segments), it
/// never holds more than its prefetch, the segments tile the log, and the same script gives
/// the same events twice.
#[test]
fn invariants_hold_and_runs_are_deterministic() {
    fn run(seed: u64) -> Vec<String> {
        let mut lab = Lab::new();
        declare(&mut lab, "s", &[("x-stream-max-segment-size-bytes", int(12)), ("x-max-length-bytes", int(30))]).unwrap();
        let channels = [CH, CH2, OTHER];
        let mut state = seed;
        let mut next = move || {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (state >> 33) as u32
        };
        let mut trace = Vec::new();
        let mut last_offset: std::collections::BTreeMap<String, i64> = std::collections::BTreeMap::new();
        for step in 0..300u64 {
            lab.now = SimTime::from_ms(step * 10);
            let channel = channels[next() as usize % 3];
            let tag = format!("c{}", channel.number + channel.connection as u16 * 2);
            match next() % 6 {
                0 | 1 => lab.fill("s", &[&format!("m{step:03}")]),
                2 if lab.broker.consumer(channel, &tag).is_none() => {
                    let offset = [s("first"), s("last"), s("next"), int(i64::from(next() % 20))][next() as usize % 4].clone();
                    reader(&mut lab, channel, "s", &tag, 1 + (next() % 3) as u16, Some(offset)).unwrap();
                    last_offset.remove(&tag);
                }
                3 => {
                    if let Some((delivery_tag, _, _)) = lab.broker.unacked(channel).first().cloned() {
                        lab.broker.ack(lab.now, channel, delivery_tag, next() % 2 == 0).unwrap();
                    }
                }
                4 => lab.broker.cancel(lab.now, channel, &tag).unwrap(),
                _ => {}
            }
            for event in lab.drain() {
                if let EventKind::MessageDelivered { delivery } = &event.kind {
                    let offset = delivery.stream_offset.unwrap() as i64;
                    let consumer = delivery.consumer.as_deref().unwrap().to_string();
                    if let Some(previous) = last_offset.insert(consumer.clone(), offset) {
                        assert!(offset > previous, "{consumer} went back from {previous} to {offset}");
                    }
                }
                trace.push(format!("{:?}", event.kind));
            }
            let queue = lab.broker.queue("s").unwrap();
            let log = &queue.stream().unwrap().log;
            let segments: Vec<_> = log.segments().collect();
            assert_eq!(segments.first().unwrap().first_offset, log.first_offset());
            assert_eq!(segments.last().unwrap().next_offset, log.next_offset());
            assert!(segments.windows(2).all(|w| w[0].next_offset == w[1].first_offset));
            for key in queue.consumers() {
                let consumer = lab.broker.consumer(key.0, &key.1).unwrap();
                assert!(consumer.unacked <= u32::from(consumer.prefetch));
            }
        }
        trace
    }
    for seed in 0..8 {
        let first = run(seed);
        assert!(first.iter().any(|e| e.starts_with("StreamSegmentRemoved")), "seed {seed} never removed a segment");
        assert_eq!(first, run(seed), "seed {seed} is not deterministic");
    }
}

/// Issue 22, item 5: definitions.json carries a stream and its arguments both ways (RabbitMQ
/// exports the type as `x-queue-type` among the arguments, and as `type`).
#[test]
fn definitions_carry_streams() {
    let json = r#"{"queues": [
        {"name": "events", "vhost": "/", "durable": true, "auto_delete": false,
         "arguments": {"x-queue-type": "stream", "x-max-age": "7D", "x-max-length-bytes": 2000000, "x-stream-max-segment-size-bytes": 100000}},
        {"name": "typed", "vhost": "/", "durable": true, "auto_delete": false, "type": "stream", "arguments": {}}
    ]}"#;
    let (broker, _) = brokerlab_core::message_broker::MessageBroker::from_definitions(json).unwrap();
    for name in ["events", "typed"] {
        assert_eq!(broker.queue(name).unwrap().queue_type(), brokerlab_core::message_broker::QueueType::Stream, "{name}");
    }
    let settings = *broker.queue("events").unwrap().stream().unwrap().log.settings();
    assert_eq!((settings.max_age_ms, settings.max_length_bytes, settings.max_segment_size_bytes), (Some(7 * 86_400_000), Some(2_000_000), 100_000));
    let exported = broker.export_definitions();
    let (again, _) = brokerlab_core::message_broker::MessageBroker::from_definitions(&exported.to_string()).unwrap();
    assert_eq!(again.export_definitions(), exported);
    assert_eq!(exported["queues"][0]["arguments"]["x-queue-type"], "stream");
    // A non-durable stream in definitions is refused as a declare would be.
    let refused = json.replace(r#""durable": true, "auto_delete": false, "type""#, r#""durable": false, "auto_delete": false, "type""#);
    assert!(brokerlab_core::message_broker::MessageBroker::from_definitions(&refused).is_err());
}

/// A scenario declares a stream in its definitions and two consumers with `stream_offset`:
/// both read every message, and the world's View shows the stream's offsets, segments and
/// each reader's position.
#[test]
fn a_scenario_with_a_stream_and_two_readers() {
    use brokerlab_core::world::message::{MessageCommand, MessageEventKind};
    use brokerlab_core::{Command, EventKind as WorldEventKind, Scenario, World};
    let scenario = Scenario::from_json(
        r#"{"version": 1, "message_broker": {
        "definitions": {"queues": [{"name": "events", "vhost": "/", "durable": true, "auto_delete": false, "arguments": {"x-queue-type": "stream"}}]},
        "publishers": [{"name": "shop", "exchange": "", "routing_keys": ["events"], "confirms": true}],
        "consumers": [
            {"name": "audit", "queue": "events", "prefetch": 2, "processing_ms": 50, "stream_offset": "first"},
            {"name": "mailer", "queue": "events", "prefetch": 1, "processing_ms": 50, "stream_offset": 0}
        ]
    }}"#,
    )
    .unwrap();
    let mut world = World::new(&scenario).unwrap();
    for _ in 0..3 {
        world.apply(Command::Message(MessageCommand::Publish { publisher: "shop".into(), routing_key: None })).unwrap();
    }
    let mut events = Vec::new();
    world.run_to(SimTime::from_ms(5_000), |e| events.push(e));
    let mut delivered: Vec<(String, String)> = events
        .iter()
        .filter_map(|e| match &e.kind {
            WorldEventKind::Message(m) => match &m.kind {
                MessageEventKind::DeliverySent { consumer, message, .. } => Some((consumer.to_string(), message.to_string())),
                _ => None,
            },
            _ => None,
        })
        .collect();
    delivered.sort();
    let expected: Vec<(String, String)> =
        ["audit", "mailer"].iter().flat_map(|c| ["m1", "m2", "m3"].map(|m| (c.to_string(), m.to_string()))).collect();
    assert_eq!(delivered, expected);
    let view = world.view();
    let streams = view.streams();
    assert_eq!(streams.len(), 1);
    let events_stream = &streams[0];
    assert_eq!((&**events_stream.queue, events_stream.first_offset, events_stream.next_offset), ("events", 0, 3));
    let body_bytes: u64 = view.message_side().unwrap().broker().queue("events").unwrap().stream().unwrap().log.entries().map(|e| e.message.size_bytes()).sum();
    assert_eq!(events_stream.segments, vec![(0, 3, body_bytes)], "one open segment");
    let mut readers: Vec<(&str, u64)> = events_stream.readers.iter().map(|(_, tag, next)| (&***tag, *next)).collect();
    readers.sort();
    assert_eq!(readers, vec![("audit", 3), ("mailer", 3)]);
}

/// A scenario's stream consumer is held to RabbitMQ's rules: a prefetch (406), manual acks
/// (540), and no nack or reject of a failed message (540, the error RabbitMQ closes the
/// connection with at the first one).
#[test]
fn a_scenario_s_stream_consumer_must_be_one_rabbitmq_accepts() {
    use brokerlab_core::world::message::{MessageBrokerSpec, MessageSide, MessageSpecError};
    let side = |consumer: &str| {
        let spec: MessageBrokerSpec = serde_json::from_str(&format!(
            r#"{{"definitions": {{"queues": [{{"name": "events", "vhost": "/", "durable": true, "auto_delete": false, "arguments": {{"x-queue-type": "stream"}}}}]}},
                "consumers": [{{"name": "audit", "queue": "events", {consumer}}}]}}"#
        ))
        .unwrap();
        MessageSide::new(&spec, 100, 1).map(|_| ()).map_err(|e| match e {
            MessageSpecError::Clients { error } => error.reply_code(),
            other => panic!("{other:?}"),
        })
    };
    assert_eq!(side(r#""prefetch": 0"#), Err(406));
    assert_eq!(side(r#""prefetch": 5, "auto_ack": true"#), Err(540));
    assert_eq!(side(r#""prefetch": 5, "failure_per_mille": 100"#), Err(540));
    assert_eq!(side(r#""prefetch": 5, "failure_per_mille": 100, "on_failure": "reject""#), Err(540));
    assert_eq!(side(r#""prefetch": 5, "failure_per_mille": 100, "on_failure": "ack""#), Ok(()));
    assert_eq!(side(r#""prefetch": 5, "stream_offset": "bogus""#), Err(541));
}
