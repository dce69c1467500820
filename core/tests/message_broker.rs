//! The message broker: exchanges, bindings, routing, publishing, returns, confirms, and misuse
//! (R1–R7, R15).

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use crate::message_broker_harness;

use brokerlab_core::message_broker::broker::{ExchangeDeclare, QueueDeclare};
use brokerlab_core::message_broker::event::EventKind;
use brokerlab_core::message_broker::{Error, ExchangeKind, HeaderValue, Headers, Publish};
use brokerlab_core::{Lang, SimTime};
use message_broker_harness::*;

/// One topology, many messages: (exchange, routing key, headers, expected queues).
#[test]
fn routing_table() {
    let mut lab = Lab::new();
    for q in ["q-direct", "q-fan-1", "q-fan-2", "q-topic-eu", "q-topic-all", "q-headers-all", "q-headers-any", "q-ae", "q-e2e"] {
        lab.queue(q, &[]);
    }
    lab.exchange("direct", ExchangeKind::Direct);
    lab.exchange("fan", ExchangeKind::Fanout);
    lab.exchange("topic", ExchangeKind::Topic);
    lab.exchange("hdr", ExchangeKind::Headers);
    lab.exchange("unrouted", ExchangeKind::Fanout);
    lab.exchange_with("with-ae", ExchangeKind::Direct, &[("alternate-exchange", s("unrouted"))]);
    lab.exchange("upstream", ExchangeKind::Topic);
    lab.bind("q-direct", "direct", "red");
    lab.bind("q-fan-1", "fan", "ignored");
    lab.bind("q-fan-2", "fan", "");
    lab.bind("q-topic-eu", "topic", "orders.eu.*");
    lab.bind("q-topic-all", "topic", "orders.#");
    // Two bindings to one queue: still one copy (R6).
    lab.bind("q-topic-all", "topic", "#.eu.#");
    let all = table(&[("format", s("pdf")), ("type", s("report"))]);
    lab.broker.bind_queue(lab.now, CH, "q-headers-all", "hdr", "", all).unwrap();
    let any = table(&[("x-match", s("any")), ("format", s("pdf")), ("type", s("log"))]);
    lab.broker.bind_queue(lab.now, CH, "q-headers-any", "hdr", "", any).unwrap();
    lab.bind("q-ae", "unrouted", "");
    lab.bind("q-direct", "with-ae", "known");
    lab.broker.bind_exchange(lab.now, CH, "topic", "upstream", "orders.#", Headers::new()).unwrap();
    lab.broker.bind_exchange(lab.now, CH, "direct", "upstream", "#", Headers::new()).unwrap();
    lab.broker.bind_exchange(lab.now, CH, "upstream", "topic", "#", Headers::new()).unwrap(); // a cycle
    lab.bind("q-e2e", "upstream", "audit.*");

    let pdf_report = table(&[("format", s("pdf")), ("type", s("report"))]);
    let pdf = table(&[("format", s("pdf"))]);
    let cases: Vec<(&str, &str, Headers, Vec<&str>)> = vec![
        ("", "q-direct", Headers::new(), vec!["q-direct"]),
        ("", "no-such-queue", Headers::new(), vec![]),
        ("direct", "red", Headers::new(), vec!["q-direct"]),
        ("direct", "Red", Headers::new(), vec![]),
        ("fan", "anything", Headers::new(), vec!["q-fan-1", "q-fan-2"]),
        ("topic", "orders.eu.paid", Headers::new(), vec!["q-topic-all", "q-topic-eu"]),
        ("topic", "orders.us.paid", Headers::new(), vec!["q-topic-all"]),
        ("topic", "eu", Headers::new(), vec!["q-topic-all"]),
        ("hdr", "ignored", pdf_report.clone(), vec!["q-headers-all", "q-headers-any"]),
        ("hdr", "", pdf.clone(), vec!["q-headers-any"]),
        ("hdr", "", Headers::new(), vec![]),
        ("with-ae", "known", Headers::new(), vec!["q-direct"]),
        ("with-ae", "unknown", Headers::new(), vec!["q-ae"]),
        // upstream → topic → upstream (cycle, visited once) and upstream → direct (no match).
        ("upstream", "orders.eu.x", Headers::new(), vec!["q-topic-all", "q-topic-eu"]),
        ("upstream", "audit.login", Headers::new(), vec!["q-e2e"]),
        ("topic", "audit.login", Headers::new(), vec!["q-e2e"]),
        // Sender-selected distribution: CC and BCC add routing keys.
        ("direct", "blue", table(&[("CC", HeaderValue::Array(vec![s("red")]))]), vec!["q-direct"]),
        ("", "q-fan-1", table(&[("BCC", HeaderValue::Array(vec![s("q-fan-2"), s("q-fan-1")]))]), vec!["q-fan-1", "q-fan-2"]),
    ];
    for (exchange, key, headers, expected) in cases {
        let routed = lab.broker.route(exchange, key, &headers).unwrap();
        let routed: Vec<&str> = routed.iter().map(|q| &**q).collect();
        assert_eq!(routed, expected, "exchange {exchange:?} key {key:?} headers {headers:?}");
    }
}

#[test]
fn publishing_puts_one_copy_in_each_queue_and_hides_bcc() {
    let mut lab = Lab::new();
    lab.queue("a", &[]);
    lab.queue("b", &[]);
    lab.exchange("t", ExchangeKind::Topic);
    lab.bind("a", "t", "x.*");
    lab.bind("a", "t", "#");
    let bcc = HeaderValue::Array(vec![s("b")]);
    let cc = HeaderValue::Array(vec![s("x.z")]);
    let published = lab.publish_with("", "a", "hello", with_headers(&[("BCC", bcc), ("CC", cc), ("k", s("v"))]));
    assert_eq!(published.queues.iter().map(|q| &**q).collect::<Vec<_>>(), ["a", "b"]);
    assert_eq!(lab.ready("a"), ["hello"]);
    let delivery = lab.get("b").unwrap();
    let headers = delivery.headers();
    assert!(!headers.contains_key("BCC"));
    assert!(headers.contains_key("CC"));
    assert_eq!(delivery.message.routing_keys.iter().map(|k| &**k).collect::<Vec<_>>(), ["a", "x.z"]);
    // One topic publish matching two bindings of one queue: one copy.
    lab.publish("t", "x.y", "once");
    assert_eq!(lab.ready("a"), ["hello", "once"]);
}

#[test]
fn mandatory_unroutable_is_returned_and_still_confirmed() {
    let mut lab = Lab::new();
    lab.broker.confirm_select(lab.now, CH).unwrap();
    lab.exchange("d", ExchangeKind::Direct);
    lab.drain();
    let publish = Publish { exchange: "d".into(), routing_key: "nowhere".into(), mandatory: true, ..Publish::default() };
    let published = lab.broker.publish(lab.now, CH, publish).unwrap();
    assert!(published.returned);
    assert!(published.queues.is_empty());
    assert_eq!(published.confirm.map(|(seq, ack)| (seq.0, ack)), Some((1, Some(true))));
    assert_eq!(lab.kinds(), ["message_published", "message_returned", "publish_confirmed"]);
    // Not mandatory: silently dropped.
    let published = lab.publish("d", "nowhere", "x");
    assert!(!published.returned);
    assert_eq!(lab.kinds(), ["message_published", "message_unroutable", "publish_confirmed"]);
}

#[test]
fn confirms_ack_accepted_messages_and_nack_rejected_ones() {
    let mut lab = Lab::new();
    lab.broker.confirm_select(lab.now, CH).unwrap();
    lab.queue("small", &[("x-max-length", int(1)), ("x-overflow", s("reject-publish"))]);
    let first = lab.publish("", "small", "1");
    let second = lab.publish("", "small", "2");
    assert_eq!(first.confirm.map(|(s, ack)| (s.0, ack)), Some((1, Some(true))));
    assert_eq!(second.confirm.map(|(s, ack)| (s.0, ack)), Some((2, Some(false))));
    assert_eq!(lab.ready("small"), ["1"]);
}

/// Misuse: (what, the failing call, the reply code). After each, nothing changed.
#[test]
fn misuse_is_an_error_with_amqp_reply_codes_and_changes_nothing() {
    let mut lab = Lab::new();
    lab.queue("q", &[("x-message-ttl", int(1000))]);
    lab.exchange("d", ExchangeKind::Direct);
    lab.exchange_with("internal", ExchangeKind::Fanout, &[]);
    let mut internal = ExchangeDeclare::new("really-internal", ExchangeKind::Fanout);
    internal.internal = true;
    lab.broker.declare_exchange(lab.now, CH, internal).unwrap();
    let mut exclusive = QueueDeclare::new("mine");
    exclusive.exclusive = true;
    lab.broker.declare_queue(lab.now, CH, exclusive).unwrap();
    lab.fill("q", &["a", "b"]);
    let delivery = lab.get("q").unwrap();
    assert_eq!(delivery.delivery_tag.0, 1);
    lab.drain();

    type Call = Box<dyn Fn(&mut Lab) -> Error>;
    let now = SimTime::from_ms(0);
    let cases: Vec<(&str, Call, u16)> = vec![
        ("bind the default exchange", Box::new(move |l| l.broker.bind_queue(now, CH, "q", "", "q", Headers::new()).unwrap_err()), 403),
        ("declare the default exchange", Box::new(move |l| l.broker.declare_exchange(now, CH, ExchangeDeclare::new("", ExchangeKind::Direct)).unwrap_err()), 403),
        ("declare amq.*", Box::new(move |l| l.broker.declare_exchange(now, CH, ExchangeDeclare::new("amq.mine", ExchangeKind::Direct)).unwrap_err()), 403),
        ("redeclare with another type", Box::new(move |l| l.broker.declare_exchange(now, CH, ExchangeDeclare::new("d", ExchangeKind::Topic)).unwrap_err()), 406),
        ("redeclare queue with another ttl", Box::new(move |l| {
            let mut d = QueueDeclare::new("q");
            d.arguments = table(&[("x-message-ttl", int(2000))]);
            l.broker.declare_queue(now, CH, d).unwrap_err()
        }), 406),
        ("redeclare queue without its ttl", Box::new(move |l| l.broker.declare_queue(now, CH, QueueDeclare::new("q")).unwrap_err()), 406),
        ("redeclare queue as transient", Box::new(move |l| {
            let mut d = QueueDeclare::new("q");
            d.durable = false;
            d.arguments = table(&[("x-message-ttl", int(1000))]);
            l.broker.declare_queue(now, CH, d).unwrap_err()
        }), 406),
        ("passive declare of a missing queue", Box::new(move |l| {
            let mut d = QueueDeclare::new("missing");
            d.passive = true;
            l.broker.declare_queue(now, CH, d).unwrap_err()
        }), 404),
        ("bad argument type", Box::new(move |l| {
            let mut d = QueueDeclare::new("new");
            d.arguments = table(&[("x-max-length", s("ten"))]);
            l.broker.declare_queue(now, CH, d).unwrap_err()
        }), 406),
        ("bad x-overflow", Box::new(move |l| {
            let mut d = QueueDeclare::new("new");
            d.arguments = table(&[("x-overflow", s("explode"))]);
            l.broker.declare_queue(now, CH, d).unwrap_err()
        }), 406),
        ("bad x-match", Box::new(move |l| {
            l.broker.bind_queue(now, CH, "q", "amq.headers", "", table(&[("x-match", s("most"))])).unwrap_err()
        }), 406),
        ("bind to a missing exchange", Box::new(move |l| l.broker.bind_queue(now, CH, "q", "nope", "k", Headers::new()).unwrap_err()), 404),
        ("bind a missing queue", Box::new(move |l| l.broker.bind_queue(now, CH, "nope", "d", "k", Headers::new()).unwrap_err()), 404),
        ("publish to a missing exchange", Box::new(move |l| {
            let p = Publish { exchange: "nope".into(), ..Publish::default() };
            l.broker.publish(now, CH, p).unwrap_err()
        }), 404),
        ("publish to an internal exchange", Box::new(move |l| {
            let p = Publish { exchange: "really-internal".into(), ..Publish::default() };
            l.broker.publish(now, CH, p).unwrap_err()
        }), 403),
        ("CC that is not an array", Box::new(move |l| {
            let p = Publish { exchange: "d".into(), properties: with_headers(&[("CC", s("k"))]), ..Publish::default() };
            l.broker.publish(now, CH, p).unwrap_err()
        }), 406),
        ("ack an unknown tag", Box::new(move |l| l.broker.ack(now, CH, brokerlab_core::message_broker::DeliveryTag(9), false).unwrap_err()), 406),
        ("consume from another connection's exclusive queue", Box::new(move |l| {
            l.broker.consume(now, OTHER, brokerlab_core::message_broker::Consume::new("mine")).unwrap_err()
        }), 405),
        ("delete a queue that is not empty, if-empty", Box::new(move |l| l.broker.delete_queue(now, CH, "q", false, true).unwrap_err()), 406),
        ("publish on a closed channel", Box::new(move |l| {
            let p = Publish { exchange: "d".into(), ..Publish::default() };
            l.broker.publish(now, brokerlab_core::message_broker::ChannelId::new(9, 9), p).unwrap_err()
        }), 504),
        ("a stream that is not durable", Box::new(move |l| {
            let mut d = QueueDeclare::new("s");
            d.durable = false;
            d.arguments = table(&[("x-queue-type", s("stream"))]);
            l.broker.declare_queue(now, CH, d).unwrap_err()
        }), 406),
    ];
    let before = snapshot(&lab);
    for (what, call, code) in cases {
        let error = call(&mut lab);
        assert_eq!(error.reply_code(), code, "{what}: {error}");
        assert!(!error.to_string().is_empty());
        assert!(lab.drain().is_empty(), "{what} emitted events");
        assert_eq!(snapshot(&lab), before, "{what} changed the broker");
    }
}

#[test]
fn time_cannot_go_backwards() {
    let mut lab = Lab::new();
    lab.at(100);
    let error = lab.broker.advance_to(SimTime::from_ms(50)).unwrap_err();
    assert_eq!(error, Error::TimeWentBackwards { now: SimTime::from_ms(100), requested: SimTime::from_ms(50) });
}

#[test]
fn redeclaring_the_same_thing_is_fine_and_server_names_are_generated() {
    let mut lab = Lab::new();
    lab.queue("q", &[("x-max-length", int(3))]);
    lab.queue("q", &[("x-max-length", int(3))]);
    let mut declare = QueueDeclare::new("");
    declare.exclusive = true;
    let ok = lab.broker.declare_queue(lab.now, CH, declare).unwrap();
    assert!(ok.queue.starts_with("amq.gen-"));
    let consumer = lab.broker.consume(lab.now, CH, brokerlab_core::message_broker::Consume::new(&ok.queue)).unwrap();
    assert!(consumer.starts_with("amq.ctag-"));
    // Deleting what does not exist succeeds, as in RabbitMQ.
    assert_eq!(lab.broker.delete_queue(lab.now, CH, "nope", false, false), Ok(0));
    assert_eq!(lab.broker.delete_exchange(lab.now, CH, "nope", false), Ok(()));
}

#[test]
fn exclusive_queues_go_with_their_connection_and_auto_delete_ones_with_their_last_consumer() {
    let mut lab = Lab::new();
    let mut mine = QueueDeclare::new("mine");
    mine.exclusive = true;
    lab.broker.declare_queue(lab.now, CH, mine).unwrap();
    let mut auto = QueueDeclare::new("auto");
    auto.auto_delete = true;
    lab.broker.declare_queue(lab.now, OTHER, auto).unwrap();
    lab.consume(OTHER, "auto", "c1", true);
    lab.consume(OTHER, "auto", "c2", true);
    lab.broker.cancel(lab.now, OTHER, "c1").unwrap();
    assert!(lab.broker.queue("auto").is_some());
    lab.broker.cancel(lab.now, OTHER, "c2").unwrap();
    assert!(lab.broker.queue("auto").is_none());
    lab.broker.close_connection(lab.now, CH.connection).unwrap();
    assert!(lab.broker.queue("mine").is_none());
    assert!(lab.broker.channels().all(|c| c.connection != CH.connection));
}

#[test]
fn auto_delete_exchange_goes_with_its_last_binding() {
    let mut lab = Lab::new();
    let mut declare = ExchangeDeclare::new("temp", ExchangeKind::Fanout);
    declare.auto_delete = true;
    lab.broker.declare_exchange(lab.now, CH, declare).unwrap();
    lab.queue("a", &[]);
    lab.queue("b", &[]);
    lab.bind("a", "temp", "");
    lab.bind("b", "temp", "");
    lab.broker.unbind_queue(lab.now, CH, "a", "temp", "", Headers::new()).unwrap();
    assert!(lab.broker.exchange("temp").is_some());
    lab.broker.delete_queue(lab.now, CH, "b", false, false).unwrap();
    assert!(lab.broker.exchange("temp").is_none());
}

#[test]
fn every_event_explains_itself_in_english_and_korean() {
    let mut lab = Lab::new();
    lab.exchange("dlx", ExchangeKind::Fanout);
    lab.queue("dead", &[]);
    lab.bind("dead", "dlx", "");
    lab.queue("work", &[("x-dead-letter-exchange", s("dlx")), ("x-single-active-consumer", HeaderValue::Bool(true))]);
    lab.broker.confirm_select(lab.now, CH).unwrap();
    lab.fill("work", &["a", "b"]);
    lab.consume(CH2, "work", "c", false);
    lab.nack(CH2, 1, true);
    lab.nack(CH2, 2, false);
    lab.publish("", "nowhere", "lost");
    lab.broker.close_channel(lab.now, CH2).unwrap();
    lab.broker.restart(lab.now).unwrap();
    let mut events = lab.drain();
    assert!(events.len() > 10);
    events.dedup_by_key(|e| e.kind_name());
    for event in events {
        let en = event.explain(Lang::En);
        let ko = event.explain(Lang::Ko);
        assert!(!en.is_empty() && !ko.is_empty(), "{event:?}");
        assert_ne!(en, ko, "{}", event.kind_name());
    }
}

#[test]
fn same_inputs_give_the_same_events() {
    fn run() -> Vec<String> {
        let mut lab = Lab::new();
        lab.exchange("t", ExchangeKind::Topic);
        for (i, q) in ["a", "b", "c"].iter().enumerate() {
            lab.queue(q, &[("x-message-ttl", int(100 * (i as i64 + 1)))]);
            lab.bind(q, "t", "#");
        }
        lab.consume(CH2, "a", "ca", false);
        for i in 0..20 {
            lab.at(i * 37);
            lab.publish("t", "k", &format!("m{i}"));
        }
        lab.at(5_000);
        lab.drain().iter().map(|e| format!("{e:?}")).collect()
    }
    let first = run();
    assert!(first.len() > 50);
    assert_eq!(first, run());
}

#[test]
fn events_carry_what_an_animation_needs() {
    let mut lab = Lab::new();
    lab.queue("q", &[]);
    lab.consume(CH2, "q", "worker", false);
    lab.at(250);
    let published = lab.publish("", "q", "job");
    let events = lab.drain();
    let delivered = events
        .iter()
        .find_map(|e| match &e.kind {
            EventKind::MessageDelivered { delivery } => Some((e.at, delivery.clone())),
            _ => None,
        })
        .unwrap();
    assert_eq!(delivered.0, SimTime::from_ms(250));
    let delivery = delivered.1;
    assert_eq!(delivery.message.id, published.message);
    assert_eq!(&*delivery.queue, "q");
    assert_eq!(delivery.consumer.as_deref(), Some("worker"));
    assert_eq!(delivery.channel, CH2);
    assert_eq!(delivery.delivery_tag.0, 1);
    assert!(!delivery.redelivered);
    assert_eq!(&*delivery.message.exchange, "");
}

/// What a failed command must leave untouched: topology, messages, channels.
fn snapshot(lab: &Lab) -> String {
    let b = &lab.broker;
    let queues: Vec<String> = b
        .queues()
        .map(|q| format!("{} ready={:?} unacked={} consumers={:?}", q.name(), q.ready().map(|m| m.message.id).collect::<Vec<_>>(), q.unacked_count(), q.consumers()))
        .collect();
    let exchanges: Vec<String> = b.exchanges().map(|x| format!("{} {:?}", x.name(), x.bindings())).collect();
    let channels: Vec<String> = b.channels().map(|c| format!("{c} {:?}", b.unacked(c))).collect();
    format!("{queues:?}\n{exchanges:?}\n{channels:?}\n{}\n{}", b.messages_held(), b.export_definitions())
}
