//! Dead-lettering and the `x-death` table for each reason, TTL, length limits and overflow,
//! quorum delivery limits, queue expiry (R10, R11, R12, R16).

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use crate::message_broker_harness;

use brokerlab_core::SimTime;
use brokerlab_core::message_broker::broker::QueueDeclare;
use brokerlab_core::message_broker::event::{DropReason, EventKind};
use brokerlab_core::message_broker::{DeathReason, ExchangeKind, HeaderValue, Headers};
use brokerlab_core::versions::RabbitMqVersion;
use message_broker_harness::*;

/// A work queue dead-lettering through fanout exchange `dlx` into queue `dead`.
fn with_dlx(work_arguments: &[(&str, HeaderValue)]) -> Lab {
    let mut lab = Lab::new();
    lab.exchange("dlx", ExchangeKind::Fanout);
    lab.queue("dead", &[]);
    lab.bind("dead", "dlx", "");
    let mut arguments = vec![("x-dead-letter-exchange", s("dlx"))];
    arguments.extend_from_slice(work_arguments);
    lab.queue("work", &arguments);
    lab.exchange("in", ExchangeKind::Direct);
    lab.bind("work", "in", "job");
    lab.drain();
    lab
}

fn death_entry(headers: &Headers, index: usize) -> Headers {
    match &headers["x-death"] {
        HeaderValue::Array(items) => match &items[index] {
            HeaderValue::Table(table) => table.clone(),
            other => panic!("x-death entry is {other}"),
        },
        other => panic!("x-death is {other}"),
    }
}

fn strings(items: &[&str]) -> HeaderValue {
    HeaderValue::Array(items.iter().map(|k| s(k)).collect())
}

#[test]
fn x_death_for_each_reason() {
    // (reason, work queue arguments, per-message expiration, what kills it, expected entry)
    type Kill = fn(&mut Lab);
    type Arguments = Vec<(&'static str, HeaderValue)>;
    let cases: Vec<(DeathReason, Arguments, Option<u64>, Kill)> = vec![
        (DeathReason::Rejected, vec![], None, |lab| {
            let d = lab.get("work").unwrap();
            lab.nack(CH, d.delivery_tag.0, false);
        }),
        (DeathReason::Rejected, vec![], Some(60_000), |lab| {
            let d = lab.get("work").unwrap();
            lab.broker.reject(lab.now, CH, d.delivery_tag, false).unwrap();
        }),
        (DeathReason::Expired, vec![("x-message-ttl", int(1_000))], None, |lab| {
            lab.at(2_000);
        }),
        (DeathReason::Expired, vec![], Some(500), |lab| {
            lab.at(1_500);
        }),
        (DeathReason::Maxlen, vec![("x-max-length", int(1))], None, |lab| {
            lab.publish("in", "job", "second");
        }),
        (DeathReason::Maxlen, vec![("x-max-length", int(0)), ("x-overflow", s("reject-publish-dlx"))], None, |_| {}),
        (
            DeathReason::DeliveryLimit,
            vec![("x-queue-type", s("quorum")), ("x-delivery-limit", int(1))],
            None,
            |lab| {
                for _ in 0..2 {
                    let d = lab.get("work").unwrap();
                    lab.nack(CH, d.delivery_tag.0, true);
                }
            },
        ),
    ];
    for (reason, arguments, expiration, kill) in cases {
        let mut lab = with_dlx(&arguments);
        lab.at(1_000);
        let mut properties = with_headers(&[("CC", strings(&["cc-key"])), ("BCC", strings(&["bcc-key"]))]);
        properties.expiration_ms = expiration;
        lab.publish_with("in", "job", "first", properties);
        kill(&mut lab);
        let events = lab.drain();
        assert!(
            events.iter().any(|e| matches!(&e.kind, EventKind::MessageDeadLettered { reason: r, .. } if *r == reason)),
            "{reason:?}: {events:?}"
        );
        let dead = lab.get("dead").unwrap_or_else(|| panic!("{reason:?}: nothing in dead"));
        let headers = dead.headers();
        let entry = death_entry(&headers, 0);
        let mut expected = table(&[
            ("count", int(1)),
            ("reason", s(reason.as_str())),
            ("queue", s("work")),
            ("time", HeaderValue::Timestamp(lab.now.as_ms() / 1000)),
            ("exchange", s("in")),
            ("routing-keys", strings(&["job", "cc-key"])),
        ]);
        if let Some(ttl) = expiration {
            expected.insert("original-expiration".into(), s(&ttl.to_string()));
        }
        assert_eq!(entry, expected, "{reason:?}");
        for (header, value) in [
            ("x-first-death-reason", reason.as_str()),
            ("x-first-death-queue", "work"),
            ("x-first-death-exchange", "in"),
            ("x-last-death-reason", reason.as_str()),
            ("x-last-death-queue", "work"),
            ("x-last-death-exchange", "in"),
        ] {
            assert_eq!(headers.get(header), Some(&s(value)), "{reason:?} {header}");
        }
        // The TTL is gone from the dead-lettered copy, and BCC never shows.
        assert_eq!(dead.message.properties.expiration_ms, None, "{reason:?}");
        assert!(!headers.contains_key("BCC"));
        assert_eq!(&*dead.message.exchange, "dlx");
    }
}

#[test]
fn dead_letter_routing_key_replaces_the_keys_and_drops_cc() {
    let mut lab = Lab::new();
    lab.exchange("dlx", ExchangeKind::Direct);
    lab.queue("parking", &[]);
    lab.bind("parking", "dlx", "park");
    lab.queue("work", &[("x-dead-letter-exchange", s("dlx")), ("x-dead-letter-routing-key", s("park"))]);
    lab.publish_with("", "work", "m", with_headers(&[("CC", strings(&["other"]))]));
    let d = lab.get("work").unwrap();
    lab.nack(CH, d.delivery_tag.0, false);
    let dead = lab.get("parking").unwrap();
    assert_eq!(dead.message.routing_keys.iter().map(|k| &**k).collect::<Vec<_>>(), ["park"]);
    let headers = dead.headers();
    assert!(!headers.contains_key("CC"));
    // x-death records the keys the message had when it died.
    assert_eq!(death_entry(&headers, 0)["routing-keys"], strings(&["work", "other"]));
}

#[test]
fn dying_again_in_the_same_queue_counts_up_and_moves_to_the_front() {
    let mut lab = Lab::new();
    lab.exchange("retry", ExchangeKind::Direct);
    lab.queue("work", &[("x-dead-letter-exchange", s("retry")), ("x-dead-letter-routing-key", s("wait"))]);
    // wait: expires after 1 s back into work.
    lab.queue("wait", &[("x-message-ttl", int(1_000)), ("x-dead-letter-exchange", s("retry")), ("x-dead-letter-routing-key", s("work"))]);
    lab.bind("wait", "retry", "wait");
    lab.bind("work", "retry", "work");
    lab.publish("", "work", "m");
    for round in 0..3u64 {
        let d = lab.get("work").unwrap();
        lab.nack(CH, d.delivery_tag.0, false);
        lab.at((round + 1) * 1_000);
    }
    let d = lab.get("work").unwrap();
    let headers = d.headers();
    let newest = death_entry(&headers, 0);
    let older = death_entry(&headers, 1);
    assert_eq!((newest["queue"].clone(), newest["reason"].clone(), newest["count"].clone()), (s("wait"), s("expired"), int(3)));
    assert_eq!((older["queue"].clone(), older["reason"].clone(), older["count"].clone()), (s("work"), s("rejected"), int(3)));
    // `time` is the first death there; x-first-death-* never changes, x-last-death-* does.
    assert_eq!(older["time"], HeaderValue::Timestamp(0));
    assert_eq!(headers["x-first-death-reason"], s("rejected"));
    assert_eq!(headers["x-first-death-queue"], s("work"));
    assert_eq!(headers["x-last-death-reason"], s("expired"));
    assert_eq!(headers["x-last-death-queue"], s("wait"));
    assert_eq!(d.message.deaths.len(), 2);
}

#[test]
fn a_dead_letter_cycle_without_rejection_drops_the_message() {
    let mut lab = Lab::new();
    lab.queue("a", &[("x-message-ttl", int(10)), ("x-dead-letter-exchange", s("")), ("x-dead-letter-routing-key", s("b"))]);
    lab.queue("b", &[("x-message-ttl", int(10)), ("x-dead-letter-exchange", s("")), ("x-dead-letter-routing-key", s("a"))]);
    lab.publish("", "a", "loop");
    lab.at(100);
    let drops: Vec<(String, DropReason)> = lab
        .drain()
        .into_iter()
        .filter_map(|e| match e.kind {
            EventKind::MessageDropped { queue, why, .. } => Some((queue.to_string(), why)),
            _ => None,
        })
        .collect();
    assert_eq!(drops, [("a".to_string(), DropReason::DeadLetterCycle)]);
    assert_eq!(lab.broker.messages_held(), 0);
    assert_eq!(lab.broker.next_timeout(), None);
}

#[test]
fn a_cycle_with_a_rejection_keeps_going() {
    let mut lab = Lab::new();
    lab.queue("self", &[("x-dead-letter-exchange", s("")), ("x-dead-letter-routing-key", s("self"))]);
    lab.publish("", "self", "again");
    for _ in 0..3 {
        let d = lab.get("self").unwrap();
        lab.nack(CH, d.delivery_tag.0, false);
    }
    let d = lab.get("self").unwrap();
    assert_eq!(death_entry(&d.headers(), 0)["count"], int(3));
}

#[test]
fn missing_dead_letter_exchange_or_none_drops() {
    let mut lab = Lab::new();
    lab.queue("orphan", &[("x-dead-letter-exchange", s("not-declared"))]);
    lab.queue("plain", &[]);
    lab.fill("orphan", &["x"]);
    lab.fill("plain", &["y"]);
    for q in ["orphan", "plain"] {
        let d = lab.get(q).unwrap();
        lab.nack(CH, d.delivery_tag.0, false);
    }
    let drops: Vec<DropReason> = lab
        .drain()
        .into_iter()
        .filter_map(|e| match e.kind {
            EventKind::MessageDropped { why, .. } => Some(why),
            _ => None,
        })
        .collect();
    assert_eq!(
        drops,
        [DropReason::DeadLetterExchangeMissing(DeathReason::Rejected), DropReason::Died(DeathReason::Rejected)]
    );
    assert_eq!(lab.broker.messages_held(), 0);
}

#[test]
fn ttl_lower_of_queue_and_message_wins() {
    // (queue TTL, message TTL, expires at)
    let cases = [(Some(1_000), None, 1_000), (None, Some(300), 300), (Some(1_000), Some(300), 300), (Some(200), Some(900), 200)];
    for (queue_ttl, message_ttl, expires) in cases {
        let mut lab = Lab::new();
        let arguments: Vec<(&str, HeaderValue)> = queue_ttl.map(|t| ("x-message-ttl", int(t))).into_iter().collect();
        lab.queue("q", &arguments);
        lab.publish_with("", "q", "m", brokerlab_core::message_broker::Properties { expiration_ms: message_ttl, ..Default::default() });
        assert_eq!(lab.broker.next_timeout(), Some(SimTime::from_ms(expires)), "{queue_ttl:?} {message_ttl:?}");
        lab.at(expires - 1);
        assert_eq!(lab.ready("q"), ["m"]);
        lab.at(expires);
        assert!(lab.ready("q").is_empty(), "{queue_ttl:?} {message_ttl:?}");
    }
}

#[test]
fn messages_expire_only_at_the_head() {
    let mut lab = Lab::new();
    lab.queue("q", &[]);
    lab.publish_with("", "q", "long", with_expiration(10_000));
    lab.publish_with("", "q", "short", with_expiration(1_000));
    lab.at(5_000);
    // "short" is overdue but waits behind "long".
    assert_eq!(lab.ready("q"), ["long", "short"]);
    assert_eq!(lab.broker.next_timeout(), Some(SimTime::from_ms(10_000)));
    lab.at(10_000);
    assert!(lab.ready("q").is_empty());
    let expired: Vec<SimTime> = lab.drain().iter().filter(|e| e.kind_name() == "message_dropped").map(|e| e.at).collect();
    assert_eq!(expired, [SimTime::from_ms(10_000), SimTime::from_ms(10_000)]);
}

#[test]
fn expiry_happens_at_its_own_time_even_when_time_jumps() {
    let mut lab = Lab::new();
    lab.queue("q", &[("x-message-ttl", int(100))]);
    lab.fill("q", &["a"]);
    lab.at(50);
    lab.fill("q", &["b"]);
    lab.at(10_000);
    let times: Vec<u64> = lab.drain().iter().filter(|e| e.kind_name() == "message_dropped").map(|e| e.at.as_ms()).collect();
    assert_eq!(times, [100, 150]);
}

#[test]
fn a_requeued_message_keeps_its_expiry() {
    let mut lab = Lab::new();
    lab.queue("q", &[("x-message-ttl", int(1_000))]);
    lab.fill("q", &["m"]);
    let d = lab.get("q").unwrap();
    lab.at(900);
    lab.nack(CH, d.delivery_tag.0, true);
    assert_eq!(lab.broker.next_timeout(), Some(SimTime::from_ms(1_000)));
    lab.at(1_000);
    assert!(lab.ready("q").is_empty());
}

#[test]
fn ttl_zero_reaches_a_waiting_consumer_or_expires_at_once() {
    let mut lab = Lab::new();
    lab.queue("q", &[("x-message-ttl", int(0))]);
    lab.fill("q", &["nobody-waits"]);
    assert!(lab.ready("q").is_empty());
    lab.consume(CH2, "q", "c", true);
    lab.drain();
    lab.fill("q", &["someone-waits"]);
    assert_eq!(lab.deliveries().len(), 1);
}

#[test]
fn unused_queues_expire() {
    let mut lab = Lab::new();
    lab.queue("q", &[("x-expires", int(5_000))]);
    lab.fill("q", &["lost with the queue"]);
    assert_eq!(lab.broker.next_timeout(), Some(SimTime::from_ms(5_000)));
    lab.at(4_000);
    lab.get_body("q"); // basic.get counts as use (no-ack: an unacked delivery would bring the consumer timeout).
    lab.at(8_999);
    assert!(lab.broker.queue("q").is_some());
    lab.consume(CH2, "q", "c", true);
    assert_eq!(lab.broker.next_timeout(), None, "a queue with consumers does not expire");
    lab.broker.cancel(lab.now, CH2, "c").unwrap();
    lab.at(8_999 + 5_000);
    assert!(lab.broker.queue("q").is_none());
    assert!(lab.drain().iter().any(|e| matches!(e.kind, EventKind::QueueDeleted { why: brokerlab_core::message_broker::event::Removal::Expired, .. })));
}

#[test]
fn overflow_modes() {
    // (arguments, bodies published, expected ready, expected in dead, confirms acked)
    type Arguments = Vec<(&'static str, HeaderValue)>;
    type Bodies = Vec<&'static str>;
    let cases: Vec<(Arguments, Bodies, Bodies, Bodies, Vec<bool>)> = vec![
        (vec![("x-max-length", int(2))], vec!["1", "2", "3", "4"], vec!["3", "4"], vec!["1", "2"], vec![true; 4]),
        (
            vec![("x-max-length", int(2)), ("x-overflow", s("reject-publish"))],
            vec!["1", "2", "3", "4"],
            vec!["1", "2"],
            vec![],
            vec![true, true, false, false],
        ),
        (
            vec![("x-max-length", int(2)), ("x-overflow", s("reject-publish-dlx"))],
            vec!["1", "2", "3", "4"],
            vec!["1", "2"],
            vec!["3", "4"],
            vec![true, true, false, false],
        ),
        // Bytes: 4 + 4 + 4 > 10, so the oldest goes.
        (vec![("x-max-length-bytes", int(10))], vec!["aaaa", "bbbb", "cccc"], vec!["bbbb", "cccc"], vec!["aaaa"], vec![true; 3]),
        (
            vec![("x-max-length-bytes", int(10)), ("x-overflow", s("reject-publish"))],
            vec!["aaaa", "bbbb", "cccc", "dd"],
            vec!["aaaa", "bbbb", "dd"],
            vec![],
            vec![true, true, false, true],
        ),
    ];
    for (arguments, bodies, ready, dead, confirms) in cases {
        let mut lab = with_dlx(&arguments);
        lab.broker.confirm_select(lab.now, CH).unwrap();
        let acked: Vec<bool> = bodies.iter().map(|b| lab.publish("in", "job", b).confirm.unwrap().1.expect("answered at once")).collect();
        assert_eq!(lab.ready("work"), ready, "{arguments:?}");
        assert_eq!(lab.ready("dead"), dead, "{arguments:?}");
        assert_eq!(acked, confirms, "{arguments:?}");
    }
}

#[test]
fn quorum_delivery_limit_and_delivery_count() {
    let mut lab = with_dlx(&[("x-queue-type", s("quorum")), ("x-delivery-limit", int(2))]);
    lab.publish("in", "job", "poison");
    let mut counts = Vec::new();
    for _ in 0..3 {
        let d = lab.get("work").unwrap();
        counts.push(d.headers().get("x-delivery-count").cloned());
        lab.nack(CH, d.delivery_tag.0, true);
    }
    assert_eq!(counts, [None, Some(int(1)), Some(int(2))]);
    assert!(lab.get("work").is_none());
    let dead = lab.get("dead").unwrap();
    assert_eq!(death_entry(&dead.headers(), 0)["reason"], s("delivery_limit"));
}

#[test]
fn quorum_default_delivery_limit_is_twenty() {
    let mut lab = Lab::new();
    let mut declare = QueueDeclare::new("qq");
    declare.arguments = table(&[("x-queue-type", s("quorum"))]);
    lab.broker.declare_queue(lab.now, CH, declare).unwrap();
    assert_eq!(lab.broker.queue("qq").unwrap().arguments().effective_delivery_limit(RabbitMqVersion::NEWEST), Some(20));
    lab.fill("qq", &["m"]);
    for _ in 0..20 {
        let d = lab.get("qq").unwrap();
        lab.nack(CH, d.delivery_tag.0, true);
    }
    let last = lab.get("qq").unwrap();
    assert_eq!(last.delivery_count, Some(20));
    lab.nack(CH, last.delivery_tag.0, true);
    assert!(lab.get("qq").is_none());
    // Quorum queues are durable and not exclusive.
    let mut transient = QueueDeclare::new("qq2");
    transient.durable = false;
    transient.arguments = table(&[("x-queue-type", s("quorum"))]);
    assert_eq!(lab.broker.declare_queue(lab.now, CH, transient).unwrap_err().reply_code(), 406);
}

#[test]
fn quorum_queues_serve_returned_messages_first() {
    let mut lab = Lab::new();
    lab.queue("qq", &[("x-queue-type", s("quorum"))]);
    lab.fill("qq", &["1", "2", "3"]);
    let _one = lab.get("qq").unwrap();
    let two = lab.get("qq").unwrap();
    lab.nack(CH, two.delivery_tag.0, true);
    lab.nack(CH, 1, true);
    assert_eq!(lab.ready("qq"), ["2", "1", "3"]);
}

/// Several deliveries rejected at once (`basic.nack` with `multiple`, no requeue) from a queue
/// with `x-max-priority` are dead-lettered highest priority first, then in delivery-tag order:
/// `rabbit_priority_queue:ackfold` folds the acknowledgement tags sub-queue by sub-queue from
/// the highest priority down. Found by independent sequences against RabbitMQ 3.10.8 (issue
/// 22); without `x-max-priority` the order stays the delivery tags'.
#[test]
fn a_priority_queue_dead_letters_a_multiple_reject_highest_priority_first() {
    for (arguments, expected) in [
        (vec![("x-max-priority", int(9))], ["p5", "p5b", "p3", "p1"]),
        (vec![], ["p1", "p5", "p3", "p5b"]),
    ] {
        let mut lab = with_dlx(&arguments);
        lab.consume(CH, "work", "worker", false);
        // Delivered as published, each at once: tags 1 (p1), 2 (p5), 3 (p3), 4 (p5b).
        for (body, priority) in [("p1", 1), ("p5", 5), ("p3", 3), ("p5b", 5)] {
            lab.publish_with("in", "job", body, with_priority(priority));
        }
        let tags: Vec<(String, u64)> = lab.delivered().iter().map(|d| (d.message.body.to_string(), d.delivery_tag.0)).collect();
        assert_eq!(tags, [("p1".into(), 1), ("p5".into(), 2), ("p3".into(), 3), ("p5b".into(), 4)], "{arguments:?}");
        lab.broker.nack(lab.now, CH, brokerlab_core::message_broker::DeliveryTag(4), true, false).unwrap();
        assert_eq!(lab.ready("dead"), expected, "{arguments:?}");
    }
}

/// Several deliveries requeued at once into a full `drop-head` queue all go back first, and
/// then the queue drops from its head (`requeue_and_run`, then `maybe_drop_head`), so the
/// overflow dies in queue order, not one delivery at a time in tag order. Found by independent
/// sequences against RabbitMQ 3.10.8 (issue 22). Here tag 2 is m2 and tag 3 is m1 (m1 came
/// back once and was taken again), so tag order and queue order differ; the same holds when
/// the channel closes with both unacked.
#[test]
fn a_multiple_requeue_into_a_full_drop_head_queue_drops_in_queue_order() {
    for close in [false, true] {
        let mut lab = with_dlx(&[("x-max-length", int(2))]);
        lab.fill("work", &["m1", "m2"]);
        let first = lab.get("work").unwrap();
        assert_eq!((first.message.body.to_string(), first.delivery_tag.0), ("m1".into(), 1));
        assert_eq!(lab.get("work").map(|d| d.delivery_tag.0), Some(2), "m2");
        lab.nack(CH, 1, true);
        assert_eq!(lab.get("work").map(|d| (d.message.body.to_string(), d.delivery_tag.0)), Some(("m1".into(), 3)));
        lab.fill("work", &["m3", "m4"]);
        if close {
            lab.broker.close_channel(lab.now, CH).unwrap();
        } else {
            lab.broker.nack(lab.now, CH, brokerlab_core::message_broker::DeliveryTag(3), true, true).unwrap();
        }
        assert_eq!(lab.ready("dead"), ["m1", "m2"], "close: {close}");
        assert_eq!(lab.ready("work"), ["m3", "m4"], "close: {close}");
    }
}
