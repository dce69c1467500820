//! Consumers: round-robin dispatch, prefetch, acks, requeue order, channel close, single
//! active consumer, priorities (R8, R9, R13, R17).

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use crate::message_broker_harness;

use brokerlab_core::message_broker::{ChannelId, DeliveryTag, HeaderValue};
use message_broker_harness::*;

const CH3: ChannelId = ChannelId { connection: 3, number: 1 };

fn who(deliveries: &[(String, String, u64, bool)]) -> Vec<String> {
    deliveries.iter().map(|(consumer, body, _, _)| format!("{body}->{consumer}")).collect()
}

#[test]
fn round_robin_over_consumers() {
    let mut lab = Lab::new();
    lab.queue("q", &[]);
    lab.consume(CH2, "q", "a", true);
    lab.consume(CH2, "q", "b", true);
    lab.consume(OTHER, "q", "c", true);
    lab.drain();
    lab.fill("q", &["1", "2", "3", "4", "5", "6"]);
    assert_eq!(who(&lab.deliveries()), ["1->a", "2->b", "3->c", "4->a", "5->b", "6->c"]);
}

#[test]
fn round_robin_skips_consumers_at_their_prefetch_limit() {
    let mut lab = Lab::new();
    lab.queue("q", &[]);
    lab.broker.qos(lab.now, CH2, 1, false).unwrap();
    lab.consume(CH2, "q", "slow", false);
    lab.broker.qos(lab.now, OTHER, 3, false).unwrap();
    lab.consume(OTHER, "q", "fast", false);
    lab.drain();
    lab.fill("q", &["1", "2", "3", "4", "5", "6"]);
    // slow takes one; fast takes three; two wait.
    assert_eq!(who(&lab.deliveries()), ["1->slow", "2->fast", "3->fast", "4->fast"]);
    assert_eq!(lab.ready("q"), ["5", "6"]);
    assert_eq!(lab.broker.queue("q").unwrap().unacked_count(), 4);
    // An ack frees slow, which rejoins the round-robin.
    lab.ack(CH2, 1);
    assert_eq!(who(&lab.deliveries()), ["5->slow"]);
    lab.ack(OTHER, 2);
    assert_eq!(who(&lab.deliveries()), ["6->fast"]);
    assert!(lab.ready("q").is_empty());
}

#[test]
fn global_qos_is_shared_by_the_channels_consumers() {
    let mut lab = Lab::new();
    lab.queue("q1", &[]);
    lab.queue("q2", &[]);
    lab.broker.qos(lab.now, CH2, 2, true).unwrap();
    lab.consume(CH2, "q1", "a", false);
    lab.consume(CH2, "q2", "b", false);
    lab.drain();
    lab.fill("q1", &["1", "2"]);
    lab.fill("q2", &["3"]);
    assert_eq!(who(&lab.deliveries()), ["1->a", "2->a"]);
    lab.ack(CH2, 1);
    assert_eq!(who(&lab.deliveries()), ["3->b"]);
}

#[test]
fn acks_with_multiple_and_tag_zero() {
    let mut lab = Lab::new();
    lab.queue("q", &[]);
    lab.fill("q", &["1", "2", "3", "4", "5"]);
    for _ in 0..5 {
        lab.get("q").unwrap();
    }
    lab.broker.ack(lab.now, CH, DeliveryTag(3), true).unwrap();
    let left: Vec<u64> = lab.broker.unacked(CH).iter().map(|(tag, _, _)| tag.0).collect();
    assert_eq!(left, [4, 5]);
    // A tag already acked is unknown now.
    assert_eq!(lab.broker.ack(lab.now, CH, DeliveryTag(2), false).unwrap_err().reply_code(), 406);
    lab.broker.ack(lab.now, CH, DeliveryTag(0), true).unwrap();
    assert!(lab.broker.unacked(CH).is_empty());
    assert_eq!(lab.broker.messages_held(), 0);
}

#[test]
fn auto_ack_deliveries_have_tags_but_nothing_to_ack() {
    let mut lab = Lab::new();
    lab.queue("q", &[]);
    lab.fill("q", &["1"]);
    let delivery = lab.broker.get(lab.now, CH, "q", true).unwrap().unwrap();
    assert_eq!(delivery.delivery_tag.0, 1);
    assert!(delivery.no_ack);
    assert_eq!(lab.broker.ack(lab.now, CH, DeliveryTag(1), false).unwrap_err().reply_code(), 406);
    assert_eq!(lab.broker.messages_held(), 0);
}

#[test]
fn requeued_messages_return_to_their_original_position_marked_redelivered() {
    let mut lab = Lab::new();
    lab.queue("q", &[]);
    lab.fill("q", &["1", "2", "3", "4", "5"]);
    let _one = lab.get("q").unwrap();
    let _two = lab.get("q").unwrap();
    let _three = lab.get("q").unwrap();
    // Requeue out of order: 3, then 1; ack 2.
    lab.nack(CH, 3, true);
    lab.nack(CH, 1, true);
    lab.ack(CH, 2);
    assert_eq!(lab.ready("q"), ["1", "3", "4", "5"]);
    let flags: Vec<bool> = lab.broker.queue("q").unwrap().ready().map(|m| m.redelivered).collect();
    assert_eq!(flags, [true, true, false, false]);
    let again = lab.get("q").unwrap();
    assert_eq!((&*again.message.body, again.redelivered, again.delivery_tag.0), ("1", true, 4));
}

#[test]
fn nack_multiple_requeues_in_original_order() {
    let mut lab = Lab::new();
    lab.queue("q", &[]);
    lab.fill("q", &["1", "2", "3", "4"]);
    for _ in 0..3 {
        lab.get("q").unwrap();
    }
    lab.broker.nack(lab.now, CH, DeliveryTag(3), true, true).unwrap();
    assert_eq!(lab.ready("q"), ["1", "2", "3", "4"]);
}

#[test]
fn closing_a_channel_requeues_its_unacked_messages_for_other_consumers() {
    let mut lab = Lab::new();
    lab.queue("q", &[]);
    lab.broker.open_channel(lab.now, CH3).unwrap();
    lab.broker.qos(lab.now, CH2, 2, false).unwrap();
    lab.broker.qos(lab.now, CH3, 2, false).unwrap();
    lab.consume(CH2, "q", "dies", false);
    lab.consume(CH3, "q", "survivor", false);
    lab.fill("q", &["1", "2", "3", "4"]);
    assert_eq!(who(&lab.deliveries()), ["1->dies", "2->survivor", "3->dies", "4->survivor"]);
    lab.broker.close_channel(lab.now, CH2).unwrap();
    // Back in their places; the survivor is at its limit.
    assert_eq!(lab.ready("q"), ["1", "3"]);
    lab.broker.ack(lab.now, CH3, DeliveryTag(2), true).unwrap();
    let again = lab.deliveries();
    assert_eq!(who(&again), ["1->survivor", "3->survivor"]);
    assert!(again.iter().all(|(_, _, _, redelivered)| *redelivered));
    let tags: Vec<u64> = again.iter().map(|(_, _, tag, _)| *tag).collect();
    assert_eq!(tags, [3, 4], "delivery tags count on per channel");
}

#[test]
fn channel_close_requeue_then_redelivery_in_original_order() {
    let mut lab = Lab::new();
    lab.queue("q", &[]);
    lab.fill("q", &["1", "2", "3"]);
    lab.consume(CH2, "q", "first", false);
    assert_eq!(who(&lab.deliveries()), ["1->first", "2->first", "3->first"]);
    lab.broker.close_channel(lab.now, CH2).unwrap();
    assert_eq!(lab.ready("q"), ["1", "2", "3"]);
    lab.consume(OTHER, "q", "second", false);
    let again = lab.deliveries();
    assert_eq!(who(&again), ["1->second", "2->second", "3->second"]);
    assert!(again.iter().all(|(_, _, _, redelivered)| *redelivered));
}

#[test]
fn cancel_keeps_unacked_until_the_channel_closes() {
    let mut lab = Lab::new();
    lab.queue("q", &[]);
    lab.fill("q", &["1"]);
    lab.consume(CH2, "q", "c", false);
    lab.drain();
    lab.broker.cancel(lab.now, CH2, "c").unwrap();
    assert_eq!(lab.broker.queue("q").unwrap().unacked_count(), 1);
    lab.ack(CH2, 1);
    assert_eq!(lab.broker.messages_held(), 0);
}

#[test]
fn single_active_consumer_takes_everything_until_it_goes() {
    let mut lab = Lab::new();
    lab.queue("q", &[("x-single-active-consumer", HeaderValue::Bool(true))]);
    lab.consume(CH2, "q", "first", true);
    lab.consume(OTHER, "q", "second", true);
    lab.drain();
    lab.fill("q", &["1", "2", "3"]);
    assert_eq!(who(&lab.deliveries()), ["1->first", "2->first", "3->first"]);
    lab.broker.cancel(lab.now, CH2, "first").unwrap();
    assert!(lab.drain().iter().any(|e| e.kind_name() == "single_active_consumer"));
    lab.fill("q", &["4"]);
    assert_eq!(who(&lab.deliveries()), ["4->second"]);
}

#[test]
fn higher_priority_first_and_capped_at_max_priority() {
    let mut lab = Lab::new();
    lab.queue("p", &[("x-max-priority", int(5))]);
    for (body, priority) in [("low", 1), ("none", 0), ("high", 5), ("mid", 3), ("over", 200), ("high2", 5)] {
        lab.publish_with("", "p", body, with_priority(priority));
    }
    // 200 counts as 5; equal priorities keep arrival order.
    assert_eq!(lab.ready("p"), ["high", "over", "high2", "mid", "low", "none"]);
    // Without x-max-priority, priority is ignored.
    lab.queue("plain", &[]);
    lab.publish_with("", "plain", "a", with_priority(1));
    lab.publish_with("", "plain", "b", with_priority(9));
    assert_eq!(lab.ready("plain"), ["a", "b"]);
}

#[test]
fn prefetched_messages_are_not_pre_empted_by_higher_priority() {
    let mut lab = Lab::new();
    lab.queue("p", &[("x-max-priority", int(10))]);
    lab.broker.qos(lab.now, CH2, 1, false).unwrap();
    lab.consume(CH2, "p", "c", false);
    lab.publish_with("", "p", "low-1", with_priority(1));
    lab.publish_with("", "p", "low-2", with_priority(1));
    lab.publish_with("", "p", "urgent", with_priority(9));
    assert_eq!(who(&lab.deliveries()), ["low-1->c"]);
    lab.ack(CH2, 1);
    assert_eq!(who(&lab.deliveries()), ["urgent->c"]);
}

#[test]
fn requeue_in_a_priority_queue_keeps_priority_order() {
    let mut lab = Lab::new();
    lab.queue("p", &[("x-max-priority", int(10))]);
    lab.publish_with("", "p", "high", with_priority(9));
    lab.publish_with("", "p", "low", with_priority(1));
    let high = lab.get("p").unwrap();
    lab.publish_with("", "p", "high-later", with_priority(9));
    lab.nack(CH, high.delivery_tag.0, true);
    assert_eq!(lab.ready("p"), ["high", "high-later", "low"]);
}

#[test]
fn exclusive_consumer_locks_out_others() {
    let mut lab = Lab::new();
    lab.queue("q", &[]);
    let mut exclusive = brokerlab_core::message_broker::Consume::new("q");
    exclusive.exclusive = true;
    lab.broker.consume(lab.now, CH2, exclusive.clone()).unwrap();
    let error = lab.broker.consume(lab.now, OTHER, brokerlab_core::message_broker::Consume::new("q")).unwrap_err();
    assert_eq!(error.reply_code(), 403);
    lab.queue("busy", &[]);
    lab.consume(CH2, "busy", "plain", true);
    exclusive.queue = "busy".into();
    assert_eq!(lab.broker.consume(lab.now, OTHER, exclusive).unwrap_err().reply_code(), 403);
    // A consumer tag is unique per channel.
    let again = brokerlab_core::message_broker::Consume {
        queue: "busy".into(),
        consumer_tag: Some("plain".into()),
        no_ack: true,
        exclusive: false,
        arguments: Default::default(),
    };
    assert_eq!(lab.broker.consume(lab.now, CH2, again).unwrap_err().reply_code(), 530);
}

#[cfg(not(target_arch = "wasm32"))]
mod properties {
    use super::*;
    use proptest::prelude::*;

    #[derive(Clone, Debug)]
    enum Step {
        Publish,
        Get { no_ack: bool },
        Ack { channel: usize, tag: u64, multiple: bool },
        Nack { channel: usize, tag: u64, requeue: bool },
        Consume { channel: usize, prefetch: u16 },
        CloseChannel { channel: usize },
        Wait { ms: u64 },
    }

    fn step() -> impl Strategy<Value = Step> {
        prop_oneof![
            4 => Just(Step::Publish),
            1 => any::<bool>().prop_map(|no_ack| Step::Get { no_ack }),
            2 => (0..2usize, 0..8u64, any::<bool>()).prop_map(|(channel, tag, multiple)| Step::Ack { channel, tag, multiple }),
            2 => (0..2usize, 1..8u64, any::<bool>()).prop_map(|(channel, tag, requeue)| Step::Nack { channel, tag, requeue }),
            1 => (0..2usize, 0..3u16).prop_map(|(channel, prefetch)| Step::Consume { channel, prefetch }),
            1 => (0..2usize).prop_map(|channel| Step::CloseChannel { channel }),
            1 => (0..300u64).prop_map(|ms| Step::Wait { ms }),
        ]
    }

    proptest! {
        /// Whatever happens: every message is ready, unacked or accounted for by an event;
        /// no ready message waits while a consumer has room; commands that fail change nothing.
        #[test]
        fn messages_are_conserved_and_never_wait_for_a_free_consumer(steps in proptest::collection::vec(step(), 1..60)) {
            let channels = [ChannelId::new(10, 1), ChannelId::new(11, 1)];
            let mut lab = Lab::new();
            lab.exchange("dlx", brokerlab_core::message_broker::ExchangeKind::Fanout);
            lab.queue("dead", &[]);
            lab.bind("dead", "dlx", "");
            lab.queue("q", &[("x-message-ttl", int(500)), ("x-max-length", int(5)), ("x-dead-letter-exchange", s("dlx"))]);
            let mut open = [false, false];
            let mut published = 0u64;
            let mut consumers = 0;
            for step in steps {
                match step {
                    Step::Publish => { lab.publish("", "q", "m"); published += 1; }
                    Step::Get { no_ack } => { let _ = lab.broker.get(lab.now, CH, "q", no_ack).unwrap(); }
                    Step::Ack { channel, tag, multiple } => {
                        let _ = lab.broker.ack(lab.now, channels[channel], DeliveryTag(tag), multiple);
                    }
                    Step::Nack { channel, tag, requeue } => {
                        let _ = lab.broker.nack(lab.now, channels[channel], DeliveryTag(tag), false, requeue);
                    }
                    Step::Consume { channel, prefetch } => {
                        if !open[channel] {
                            lab.broker.open_channel(lab.now, channels[channel]).unwrap();
                            open[channel] = true;
                        }
                        lab.broker.qos(lab.now, channels[channel], prefetch, false).unwrap();
                        consumers += 1;
                        lab.consume(channels[channel], "q", &format!("c{consumers}"), false);
                    }
                    Step::CloseChannel { channel } => {
                        if open[channel] {
                            lab.broker.close_channel(lab.now, channels[channel]).unwrap();
                            open[channel] = false;
                        }
                    }
                    Step::Wait { ms } => { let t = lab.now.as_ms() + ms; lab.at(t); }
                }
                let q = lab.broker.queue("q").unwrap();
                let dead = lab.broker.queue("dead").unwrap();
                let held = q.ready_count() + q.unacked_count() + dead.ready_count() + dead.unacked_count();
                prop_assert_eq!(held, lab.broker.messages_held());
                prop_assert!(held as u64 <= published);
                prop_assert!(q.ready_count() <= 5);
                if q.ready_count() > 0 {
                    for key in q.consumers() {
                        let c = lab.broker.consumer(key.0, &key.1).unwrap();
                        prop_assert!(c.prefetch != 0 && c.unacked >= u32::from(c.prefetch), "{:?} has room", key);
                    }
                }
                if let Some(t) = lab.broker.next_timeout() {
                    prop_assert!(t > lab.now);
                }
            }
        }
    }
}
