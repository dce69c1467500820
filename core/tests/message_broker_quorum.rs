//! Quorum queues on a cluster (R16, R20, R22): arguments refused and accepted, members and
//! leaders, nodes stopping and starting, confirms and availability, classic queues on a
//! stopped node, and priorities per version. Cases are built from RabbitMQ's own
//! `deps/rabbit/test/quorum_queue_SUITE.erl` (v3.10.8 unless a 4.x case is named) where it has
//! one; each test names it. The server's timing (`wait_for_messages_ready`, timeouts of 90 s)
//! has no counterpart: the model answers at once.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use crate::message_broker_harness;

use brokerlab_core::message_broker::event::DropReason;
use brokerlab_core::message_broker::{
    ArgumentProblem, ChannelId, Consume, DeadLetterStrategy, DeliveryTag, Error, EventKind, HeaderValue, MessageBroker,
    NodeId, Overflow, Placement, Properties, Publish, QueueDeclare,
};
use brokerlab_core::rng::Prng;
use brokerlab_core::time::SimTime;
use brokerlab_core::versions::RabbitMqVersion;
use message_broker_harness::*;

const NOW: SimTime = SimTime::ZERO;

/// A change to a declare (a table of cases).
type Change = fn(&mut QueueDeclare);
/// Queue arguments with string values.
type Pairs<'a> = &'a [(&'a str, &'a str)];

/// A channel on connection `connection` (the model puts connection `c` on node `c % n + 1`).
fn channel(connection: u32) -> ChannelId {
    ChannelId::new(connection, 1)
}

/// A broker of `nodes` nodes following `version`, a channel open on each node's connection
/// (connection 0 on node 1, 1 on node 2, …).
fn cluster(nodes: u8, version: RabbitMqVersion) -> MessageBroker {
    let mut broker = MessageBroker::new();
    broker.follow_version(version);
    broker.follow_cluster_size(nodes).unwrap();
    for connection in 0..u32::from(nodes) {
        broker.open_channel(NOW, channel(connection)).unwrap();
    }
    drain(&mut broker);
    broker
}

fn drain(broker: &mut MessageBroker) -> Vec<EventKind> {
    core::iter::from_fn(|| broker.poll_event()).map(|e| e.kind).collect()
}

fn quorum_declare(name: &str, extra: &[(&str, HeaderValue)]) -> QueueDeclare {
    let mut declare = QueueDeclare::new(name);
    let mut arguments = vec![("x-queue-type", s("quorum"))];
    arguments.extend(extra.iter().cloned());
    declare.arguments = table(&arguments);
    declare
}

fn declare_quorum(broker: &mut MessageBroker, on: ChannelId, name: &str, extra: &[(&str, HeaderValue)]) {
    broker.declare_queue(NOW, on, quorum_declare(name, extra)).unwrap();
}

fn publish(broker: &mut MessageBroker, on: ChannelId, queue: &str, body: &str) -> Option<Option<bool>> {
    publish_with(broker, on, queue, body, Properties::default())
}

fn publish_with(broker: &mut MessageBroker, on: ChannelId, queue: &str, body: &str, properties: Properties) -> Option<Option<bool>> {
    let publish = Publish { exchange: "".into(), routing_key: queue.into(), mandatory: false, properties, body: body.into() };
    broker.publish(NOW, on, publish).unwrap().confirm.map(|(_, ack)| ack)
}

fn members(broker: &MessageBroker, queue: &str) -> (Vec<u8>, Option<u8>) {
    let replicas = broker.queue(queue).unwrap().placement().replicas().expect("a quorum queue").clone();
    (replicas.members().iter().map(|n| n.0).collect(), replicas.leader().map(|n| n.0))
}

fn get_body(broker: &mut MessageBroker, queue: &str) -> Option<String> {
    broker.get(NOW, channel(0), queue, true).unwrap().map(|d| d.message.body.to_string())
}

fn state(broker: &MessageBroker) -> String {
    format!("{broker:?}")
}

// ---------------------------------------------------------------------------------------------
// Arguments

/// `quorum_queue_SUITE:declare_invalid_properties`: auto-delete, exclusive and non-durable are
/// each refused with 406, and nothing changes.
#[test]
fn declare_invalid_properties() {
    let mut lab = Lab::new();
    let before = format!("{:?}", lab.broker);
    let cases: [(Change, ArgumentProblem); 3] = [
        (|d| d.auto_delete = true, ArgumentProblem::QuorumAutoDelete),
        (|d| d.exclusive = true, ArgumentProblem::QuorumExclusive),
        (|d| d.durable = false, ArgumentProblem::QuorumNotDurable),
    ];
    for (change, problem) in cases {
        let mut declare = quorum_declare("q", &[]);
        change(&mut declare);
        let error = lab.broker.declare_queue(lab.now, CH, declare).unwrap_err();
        assert_eq!(error.reply_code(), 406);
        assert!(matches!(&error, Error::InvalidArgument { problem: p, .. } if *p == problem), "{error:?}");
        assert_eq!(format!("{:?}", lab.broker), before);
    }
}

/// `quorum_queue_SUITE:declare_invalid_arg_1` (`x-queue-mode`, classic only), extended to every
/// argument of another queue type that `rabbit_quorum_queue:capabilities()` lacks, in each
/// version; a bad value does not matter, the key alone is refused.
#[test]
fn arguments_of_other_queue_types_are_refused_in_every_version() {
    let refused = [
        ("x-queue-mode", s("default")),
        ("x-max-priority", int(10)),
        ("x-max-priority", s("not even a number")),
        ("x-queue-version", int(2)),
        ("x-queue-master-locator", s("client-local")),
        ("x-max-age", s("1D")),
        ("x-stream-max-segment-size-bytes", int(1000)),
        ("x-initial-cluster-size", int(3)),
    ];
    for version in RabbitMqVersion::ALL {
        for (name, value) in &refused {
            let mut broker = cluster(1, version);
            let error = broker.declare_queue(NOW, channel(0), quorum_declare("q", &[(name, value.clone())])).unwrap_err();
            assert_eq!(error, Error::InvalidArgument { name: (*name).into(), problem: ArgumentProblem::NotForQuorum }, "{version:?}");
            assert!(error.to_string().contains(&format!("invalid arg '{name}'")), "{error}");
            assert!(broker.queue("q").is_none());
        }
    }
}

/// `rabbit_quorum_queue:overflow/3`: `reject-publish-dlx` is accepted on a quorum queue and
/// acts as `drop-head` (`quorum_queue_SUITE:queue_length_limit_drop_head`: of msg1 and msg2 in
/// a queue of one, msg2 is left).
#[test]
fn reject_publish_dlx_acts_as_drop_head() {
    for overflow in [None, Some("drop-head"), Some("reject-publish-dlx")] {
        let mut broker = cluster(1, RabbitMqVersion::V3_10);
        let mut extra = vec![("x-max-length", int(1))];
        extra.extend(overflow.map(|o| ("x-overflow", s(o))));
        declare_quorum(&mut broker, channel(0), "q", &extra);
        let arguments = broker.queue("q").unwrap().arguments().clone();
        assert_eq!(arguments.effective_overflow(), Overflow::DropHead, "{overflow:?}");
        publish(&mut broker, channel(0), "q", "msg1");
        publish(&mut broker, channel(0), "q", "msg2");
        assert_eq!(get_body(&mut broker, "q").as_deref(), Some("msg2"), "{overflow:?}");
        assert_eq!(get_body(&mut broker, "q"), None);
    }
}

/// `quorum_queue_SUITE:queue_length_limit_reject_publish`: with `x-max-length` 1 two
/// publishes are acked (the queue takes messages until it is *over* its limit, then blocks
/// its enqueuers: `rabbit_fifo:evaluate_limit`), the third is nacked; once both are taken,
/// publishes are acked again (down to 80% of the limit, `?LOW_LIMIT`). A classic queue nacks
/// the second already. Differential seed 203 found the difference.
#[test]
fn queue_length_limit_reject_publish() {
    let mut broker = cluster(1, RabbitMqVersion::V3_10);
    broker.confirm_select(NOW, channel(0)).unwrap();
    declare_quorum(&mut broker, channel(0), "q", &[("x-max-length", int(1)), ("x-overflow", s("reject-publish"))]);
    let mut classic = QueueDeclare::new("classic");
    classic.arguments = table(&[("x-max-length", int(1)), ("x-overflow", s("reject-publish"))]);
    broker.declare_queue(NOW, channel(0), classic).unwrap();
    let confirms: Vec<_> = ["1", "2", "3"].iter().map(|b| publish(&mut broker, channel(0), "q", b)).collect();
    assert_eq!(confirms, [Some(Some(true)), Some(Some(true)), Some(Some(false))]);
    assert!(get_body(&mut broker, "q").is_some());
    assert_eq!(publish(&mut broker, channel(0), "q", "4"), Some(Some(false)), "still blocked: 1 ready, above 80% of 1");
    assert!(get_body(&mut broker, "q").is_some());
    assert_eq!(publish(&mut broker, channel(0), "q", "5"), Some(Some(true)));
    let classic: Vec<_> = ["1", "2"].iter().map(|b| publish(&mut broker, channel(0), "classic", b)).collect();
    assert_eq!(classic, [Some(Some(true)), Some(Some(false))]);
}

/// The hysteresis with a larger limit: a quorum queue of 5 takes a sixth message, then
/// refuses until it is down to 4 (`trunc(5 * 0.8)`); a channel that first publishes while the
/// queue is over its limit is blocked at registration.
#[test]
fn reject_publish_blocks_until_80_percent() {
    let mut broker = cluster(1, RabbitMqVersion::V3_10);
    broker.confirm_select(NOW, channel(0)).unwrap();
    let late = ChannelId::new(0, 2);
    broker.open_channel(NOW, late).unwrap();
    broker.confirm_select(NOW, late).unwrap();
    declare_quorum(&mut broker, channel(0), "q", &[("x-max-length", int(5)), ("x-overflow", s("reject-publish"))]);
    let acks: Vec<_> = (0..7).map(|i| publish(&mut broker, channel(0), "q", &i.to_string())).collect();
    assert_eq!(acks.iter().filter(|a| **a == Some(Some(true))).count(), 6);
    assert_eq!(publish(&mut broker, late, "q", "late"), Some(Some(false)));
    get_body(&mut broker, "q");
    assert_eq!(publish(&mut broker, channel(0), "q", "at 5"), Some(Some(false)));
    get_body(&mut broker, "q");
    assert_eq!(broker.queue("q").unwrap().ready_count(), 4);
    assert_eq!(publish(&mut broker, channel(0), "q", "at 4"), Some(Some(true)));
    assert_eq!(publish(&mut broker, late, "q", "late again"), Some(Some(true)));
}

/// `rabbit_quorum_queue:dlh/5` and `rabbit_amqqueue:check_dlxstrategy_arg`: `at-least-once`
/// holds only with `reject-publish` and a dead letter exchange, else falls back; a bad value
/// is refused.
#[test]
fn dead_letter_strategy_falls_back_as_rabbitmq_does() {
    let cases: [(Pairs, Option<DeadLetterStrategy>); 5] = [
        (&[("x-dead-letter-exchange", "dlx")], Some(DeadLetterStrategy::AtMostOnce)),
        (&[("x-dead-letter-exchange", "dlx"), ("x-dead-letter-strategy", "at-least-once")], Some(DeadLetterStrategy::AtMostOnce)),
        (
            &[("x-dead-letter-exchange", "dlx"), ("x-dead-letter-strategy", "at-least-once"), ("x-overflow", "reject-publish")],
            Some(DeadLetterStrategy::AtLeastOnce),
        ),
        (&[("x-dead-letter-strategy", "at-least-once"), ("x-overflow", "reject-publish")], None),
        (
            &[("x-dead-letter-exchange", "dlx"), ("x-dead-letter-strategy", "at-least-once"), ("x-overflow", "reject-publish-dlx")],
            Some(DeadLetterStrategy::AtMostOnce),
        ),
    ];
    for (pairs, expected) in cases {
        let mut broker = cluster(1, RabbitMqVersion::V3_10);
        let extra: Vec<(&str, HeaderValue)> = pairs.iter().map(|(k, v)| (*k, s(v))).collect();
        declare_quorum(&mut broker, channel(0), "q", &extra);
        assert_eq!(broker.queue("q").unwrap().arguments().effective_dead_letter_strategy(), expected, "{pairs:?}");
    }
    let mut broker = cluster(1, RabbitMqVersion::V3_10);
    let error = broker.declare_queue(NOW, channel(0), quorum_declare("q", &[("x-dead-letter-strategy", s("twice"))])).unwrap_err();
    assert_eq!(error, Error::InvalidArgument { name: "x-dead-letter-strategy".into(), problem: ArgumentProblem::DeadLetterStrategy });
}

#[test]
fn group_size_and_leader_locator_are_checked() {
    for (name, value, problem) in [
        ("x-quorum-initial-group-size", int(0), ArgumentProblem::GroupSize),
        ("x-quorum-initial-group-size", s("3"), ArgumentProblem::GroupSize),
        ("x-queue-leader-locator", s("nearest"), ArgumentProblem::LeaderLocator),
    ] {
        let mut broker = cluster(3, RabbitMqVersion::V3_10);
        let error = broker.declare_queue(NOW, channel(0), quorum_declare("q", &[(name, value)])).unwrap_err();
        assert_eq!(error, Error::InvalidArgument { name: name.into(), problem });
    }
}

// ---------------------------------------------------------------------------------------------
// Members and leaders

/// A group of 3 by default (`quorum_cluster_size`), at most as many as there are nodes;
/// `x-quorum-initial-group-size` asks for more or fewer. One node: the queue is on it.
#[test]
fn members_follow_the_group_size_and_the_cluster() {
    let mut broker = cluster(5, RabbitMqVersion::V3_10);
    declare_quorum(&mut broker, channel(0), "three", &[]);
    assert_eq!(members(&broker, "three"), (vec![1, 2, 3], Some(1)));
    declare_quorum(&mut broker, channel(0), "five", &[("x-quorum-initial-group-size", int(5))]);
    assert_eq!(members(&broker, "five").0, vec![1, 2, 3, 4, 5]);
    // Fewest members hosted first: nodes 4 and 5 host one each, 2 and 3 two.
    declare_quorum(&mut broker, channel(2), "next", &[]);
    assert_eq!(members(&broker, "next"), (vec![3, 4, 5], Some(3)));
    let mut single = cluster(1, RabbitMqVersion::V3_10);
    declare_quorum(&mut single, channel(0), "q", &[("x-quorum-initial-group-size", int(5))]);
    assert_eq!(members(&single, "q"), (vec![1], Some(1)));
}

/// `quorum_queue_SUITE:leader_locator_client_local`: declared through each node in turn, the
/// leader is that node.
#[test]
fn leader_locator_client_local() {
    for connection in 0..3u32 {
        let mut broker = cluster(3, RabbitMqVersion::V3_10);
        declare_quorum(&mut broker, channel(connection), "q", &[("x-queue-leader-locator", s("client-local"))]);
        assert_eq!(members(&broker, "q").1, Some(connection as u8 + 1));
    }
}

/// `quorum_queue_SUITE:leader_locator_balanced`: three queues declared through one node get
/// three different leaders.
#[test]
fn leader_locator_balanced() {
    let mut broker = cluster(3, RabbitMqVersion::V3_10);
    let mut leaders = Vec::new();
    for name in ["q1", "q2", "q3"] {
        declare_quorum(&mut broker, channel(0), name, &[("x-queue-leader-locator", s("balanced"))]);
        leaders.push(members(&broker, name).1.unwrap());
    }
    leaders.sort();
    assert_eq!(leaders, [1, 2, 3]);
}

// ---------------------------------------------------------------------------------------------
// Nodes stopping and starting

/// `quorum_queue_SUITE:recover_from_single_failure`: with one of three members down the queue
/// takes and keeps messages; the member catches up when its node is back.
#[test]
fn recover_from_single_failure() {
    let mut broker = cluster(3, RabbitMqVersion::V3_10);
    declare_quorum(&mut broker, channel(0), "q", &[]);
    broker.stop_node(NOW, NodeId(3)).unwrap();
    for body in ["1", "2", "3"] {
        publish(&mut broker, channel(0), "q", body);
    }
    let replicas = broker.queue("q").unwrap().placement().replicas().unwrap().clone();
    assert!(replicas.is_behind(NodeId(3)));
    assert_eq!(broker.queue("q").unwrap().ready_count(), 3);
    broker.start_node(NOW, NodeId(3)).unwrap();
    let replicas = broker.queue("q").unwrap().placement().replicas().unwrap().clone();
    assert!(!replicas.is_behind(NodeId(3)));
    assert_eq!(broker.queue("q").unwrap().ready_count(), 3);
}

/// `quorum_queue_SUITE:recover_from_multiple_failures`: three publishes with two members up,
/// three more once only one is up (they wait), and all six are there when the nodes return.
#[test]
fn recover_from_multiple_failures() {
    let mut broker = cluster(3, RabbitMqVersion::V3_10);
    declare_quorum(&mut broker, channel(0), "q", &[]);
    broker.stop_node(NOW, NodeId(2)).unwrap();
    for body in ["1", "2", "3"] {
        publish(&mut broker, channel(0), "q", body);
    }
    broker.stop_node(NOW, NodeId(3)).unwrap();
    let events = drain(&mut broker);
    assert!(events.contains(&EventKind::QueueUnavailable { queue: "q".into(), running: 1, members: 3 }), "{events:?}");
    for body in ["4", "5", "6"] {
        publish(&mut broker, channel(0), "q", body);
    }
    assert_eq!((broker.queue("q").unwrap().ready_count(), broker.queue("q").unwrap().waiting_count()), (3, 3));
    broker.start_node(NOW, NodeId(2)).unwrap();
    broker.start_node(NOW, NodeId(3)).unwrap();
    let bodies: Vec<String> = (0..6).filter_map(|_| get_body(&mut broker, "q")).collect();
    assert_eq!(bodies, ["1", "2", "3", "4", "5", "6"]);
}

/// `quorum_queue_SUITE:publishing_to_unavailable_queue`: a new channel's first publish to a
/// queue without a majority cannot register its enqueuer session and is nacked; once a
/// majority is back, a publish is acked.
#[test]
fn publishing_to_unavailable_queue() {
    let mut broker = cluster(3, RabbitMqVersion::V3_10);
    declare_quorum(&mut broker, channel(0), "q", &[]);
    broker.stop_node(NOW, NodeId(2)).unwrap();
    broker.stop_node(NOW, NodeId(3)).unwrap();
    let fresh = ChannelId::new(0, 2);
    broker.open_channel(NOW, fresh).unwrap();
    broker.confirm_select(NOW, fresh).unwrap();
    drain(&mut broker);
    assert_eq!(publish(&mut broker, fresh, "q", "m1"), Some(Some(false)));
    let events = drain(&mut broker);
    assert!(events.iter().any(|e| matches!(e, EventKind::MessageDropped { why: DropReason::NoQuorum, .. })), "{events:?}");
    broker.start_node(NOW, NodeId(2)).unwrap();
    assert_eq!(publish(&mut broker, fresh, "q", "m2"), Some(Some(true)));
    assert_eq!(broker.queue("q").unwrap().ready_count(), 1);
}

/// A channel that has published to the queue before keeps resending (`rabbit_fifo_client`
/// pending commands): its publish waits, unconfirmed, until a majority is back, then is
/// taken and acked.
#[test]
fn an_enqueuer_confirm_waits_for_a_majority() {
    let mut broker = cluster(3, RabbitMqVersion::V3_10);
    broker.confirm_select(NOW, channel(0)).unwrap();
    declare_quorum(&mut broker, channel(0), "q", &[]);
    assert_eq!(publish(&mut broker, channel(0), "q", "before"), Some(Some(true)));
    broker.stop_node(NOW, NodeId(2)).unwrap();
    broker.stop_node(NOW, NodeId(3)).unwrap();
    drain(&mut broker);
    assert_eq!(publish(&mut broker, channel(0), "q", "during"), Some(None));
    let events = drain(&mut broker);
    assert!(!events.iter().any(|e| matches!(e, EventKind::PublishConfirmed { .. })), "{events:?}");
    assert_eq!(broker.get(NOW, channel(0), "q", true), Err(Error::QueueUnavailable("q".into())));
    // `rabbit_quorum_queue:stat` answers 0 and 0 when no leader answers in time.
    let ok = broker.declare_queue(NOW, channel(0), quorum_declare("q", &[])).unwrap();
    assert_eq!((ok.message_count, ok.consumer_count), (0, 0));
    broker.start_node(NOW, NodeId(3)).unwrap();
    let events = drain(&mut broker);
    let confirmed = events.iter().position(|e| matches!(e, EventKind::PublishConfirmed { ack: true, .. }));
    let available = events.iter().position(|e| matches!(e, EventKind::QueueAvailable { waiting: 1, .. }));
    let elected = events.iter().position(|e| matches!(e, EventKind::LeaderElected { previous: None, .. }));
    assert!(elected < available && available < confirmed && confirmed.is_some(), "{events:?}");
    assert_eq!(get_body(&mut broker, "q").as_deref(), Some("before"));
    assert_eq!(get_body(&mut broker, "q").as_deref(), Some("during"));
}

/// `quorum_queue_SUITE:simple_confirm_availability_on_leader_change`: the queue declared
/// through node 2 has its leader there; node 2 stops, a running member with every committed
/// message is elected (the model: the lowest node number), and publishes are confirmed and
/// messages kept, deliveries going on to the consumer.
#[test]
fn simple_confirm_availability_on_leader_change() {
    let mut broker = cluster(3, RabbitMqVersion::V3_10);
    declare_quorum(&mut broker, channel(1), "q", &[]);
    assert_eq!(members(&broker, "q"), (vec![1, 2, 3], Some(2)));
    broker.confirm_select(NOW, channel(0)).unwrap();
    assert_eq!(publish(&mut broker, channel(0), "q", "1"), Some(Some(true)));
    broker.stop_node(NOW, NodeId(2)).unwrap();
    let events = drain(&mut broker);
    let elected = EventKind::LeaderElected { queue: "q".into(), leader: NodeId(1), previous: Some(NodeId(2)), term: 2 };
    assert!(events.contains(&elected), "{events:?}");
    assert!(!events.iter().any(|e| matches!(e, EventKind::QueueUnavailable { .. })));
    assert_eq!(publish(&mut broker, channel(0), "q", "2"), Some(Some(true)));
    let consume = Consume { queue: "q".into(), consumer_tag: Some("c".into()), no_ack: true, exclusive: false, arguments: Default::default() };
    broker.consume(NOW, channel(0), consume).unwrap();
    let delivered: Vec<String> = drain(&mut broker)
        .into_iter()
        .filter_map(|e| match e {
            EventKind::MessageDelivered { delivery } => Some(delivery.message.body.to_string()),
            _ => None,
        })
        .collect();
    assert_eq!(delivered, ["1", "2"]);
    broker.start_node(NOW, NodeId(2)).unwrap();
    assert_eq!(members(&broker, "q").1, Some(1), "a returning node does not take the lead back");
}

/// Raft's election restriction (rabbitmq-website `quorum-queues/index.md`, leader election):
/// node 1 leads, stops; node 2 is elected and a message is committed without node 1; node 3
/// stops (no majority). When node 1 returns, nodes 1 and 2 make a majority, but node 1 missed
/// a commit, so node 2 leads, and the message is there.
#[test]
fn a_member_that_missed_commits_is_not_elected() {
    let mut broker = cluster(3, RabbitMqVersion::V3_10);
    declare_quorum(&mut broker, channel(0), "q", &[]);
    broker.stop_node(NOW, NodeId(1)).unwrap();
    assert_eq!(members(&broker, "q").1, Some(2));
    publish(&mut broker, channel(1), "q", "committed without node 1");
    broker.stop_node(NOW, NodeId(3)).unwrap();
    assert_eq!(members(&broker, "q").1, None);
    broker.start_node(NOW, NodeId(1)).unwrap();
    // Nodes 1 and 2 make a majority; node 1 missed a commit, so node 2 leads.
    assert_eq!(members(&broker, "q").1, Some(2));
    assert_eq!(get_body(&mut broker, "q").as_deref(), Some("committed without node 1"));
}

/// A classic queue lives on the node of the connection that declared it. When that node
/// stops: a durable queue is down (404 on get and consume, publishes dropped and nacked, its
/// consumer cancelled, transient messages lost, persistent kept), a transient queue is
/// deleted; when the node starts the durable queue serves again.
#[test]
fn classic_queues_on_a_stopped_node() {
    let mut broker = cluster(2, RabbitMqVersion::V3_10);
    broker.confirm_select(NOW, channel(0)).unwrap();
    broker.declare_queue(NOW, channel(1), QueueDeclare::new("durable")).unwrap();
    let mut transient = QueueDeclare::new("transient");
    transient.durable = false;
    broker.declare_queue(NOW, channel(1), transient).unwrap();
    assert_eq!(broker.queue("durable").unwrap().placement(), &Placement::Node(NodeId(2)));
    publish_with(&mut broker, channel(0), "durable", "kept", persistent());
    publish(&mut broker, channel(0), "durable", "lost");
    let consume = Consume { queue: "durable".into(), consumer_tag: Some("c".into()), no_ack: false, exclusive: false, arguments: Default::default() };
    broker.qos(NOW, channel(0), 1, false).unwrap();
    broker.consume(NOW, channel(0), consume).unwrap();
    drain(&mut broker);
    broker.stop_node(NOW, NodeId(2)).unwrap();
    let events = drain(&mut broker);
    assert!(events.iter().any(|e| matches!(e, EventKind::ConsumerCancelled { by_broker: true, .. })), "{events:?}");
    assert!(events.iter().any(|e| matches!(e, EventKind::QueueDeleted { queue, .. } if &**queue == "transient")));
    assert!(events.iter().any(|e| matches!(e, EventKind::MessageDropped { why: DropReason::NodeDown(NodeId(2)), .. })));
    let down = Error::QueueDown { queue: "durable".into(), node: NodeId(2) };
    assert_eq!(broker.get(NOW, channel(0), "durable", true), Err(down.clone()));
    assert_eq!(down.reply_code(), 404);
    assert_eq!(publish(&mut broker, channel(0), "durable", "refused"), Some(Some(false)));
    // The delivery the channel still holds belongs to the queue as it was: its ack does nothing.
    broker.ack(NOW, channel(0), DeliveryTag(1), false).unwrap();
    broker.start_node(NOW, NodeId(2)).unwrap();
    let got = broker.get(NOW, channel(0), "durable", true).unwrap().unwrap();
    assert_eq!((got.message.body.to_string(), got.redelivered), ("kept".to_string(), true));
    assert!(broker.get(NOW, channel(0), "durable", true).unwrap().is_none());
}

/// A bad node command is an error that changes nothing.
#[test]
fn bad_node_commands_change_nothing() {
    let mut broker = cluster(2, RabbitMqVersion::V3_10);
    declare_quorum(&mut broker, channel(0), "q", &[]);
    broker.stop_node(NOW, NodeId(2)).unwrap();
    drain(&mut broker);
    let before = state(&broker);
    let cases = [
        (broker.clone().stop_node(NOW, NodeId(3)), Error::NodeNotFound(NodeId(3))),
        (broker.clone().stop_node(NOW, NodeId(0)), Error::NodeNotFound(NodeId(0))),
        (broker.clone().stop_node(NOW, NodeId(2)), Error::NodeState { node: NodeId(2), running: false }),
        (broker.clone().start_node(NOW, NodeId(1)), Error::NodeState { node: NodeId(1), running: true }),
        (broker.clone().stop_node(NOW, NodeId(1)), Error::LastRunningNode(NodeId(1))),
    ];
    for (result, expected) in cases {
        assert_eq!(result, Err(expected));
    }
    for bad in [broker.stop_node(NOW, NodeId(9)), broker.start_node(NOW, NodeId(1)), broker.stop_node(NOW, NodeId(1))] {
        assert!(bad.is_err());
        assert_eq!(state(&broker), before);
        assert!(broker.poll_event().is_none());
    }
    assert_eq!(broker.follow_cluster_size(0), Err(Error::ClusterSize { nodes: 0, max: 7 }));
    assert_eq!(broker.follow_cluster_size(8), Err(Error::ClusterSize { nodes: 8, max: 7 }));
}

// ---------------------------------------------------------------------------------------------
// Priorities by version (R20)

fn drain_by_get(broker: &mut MessageBroker, queue: &str) -> Vec<String> {
    core::iter::from_fn(|| get_body(broker, queue)).collect()
}

fn publish_priorities(broker: &mut MessageBroker, priorities: impl Iterator<Item = u8>) {
    for p in priorities {
        publish_with(broker, channel(0), "q", &p.to_string(), with_priority(p));
    }
}

/// `quorum_queue_SUITE:priority_queue_fifo` (v4.2.0): high (5–10) published before normal
/// (0–4) come out in order, high first. The same on 3.10, where priorities are ignored.
#[test]
fn priority_queue_fifo() {
    for version in RabbitMqVersion::ALL {
        let mut broker = cluster(1, version);
        declare_quorum(&mut broker, channel(0), "q", &[]);
        publish_priorities(&mut broker, (5..=10).chain(0..=4));
        assert_eq!(drain_by_get(&mut broker, "q"), ["5", "6", "7", "8", "9", "10", "0", "1", "2", "3", "4"], "{version:?}");
    }
}

/// `quorum_queue_SUITE:priority_queue_2_1_ratio` (v4.2.0): normal (0–4) published before high
/// (5–14) come out two high for one normal on 4.2; on 3.10 and 3.13, first in first out.
#[test]
fn priority_queue_2_1_ratio_on_4_2_only() {
    let expected_4_2 = ["5", "6", "0", "7", "8", "1", "9", "10", "2", "11", "12", "3", "13", "14", "4"];
    let fifo: Vec<String> = (0..=14).map(|p: u8| p.to_string()).collect();
    for version in RabbitMqVersion::ALL {
        let mut broker = cluster(1, version);
        declare_quorum(&mut broker, channel(0), "q", &[]);
        publish_priorities(&mut broker, (0..=4).chain(5..=14));
        let got = drain_by_get(&mut broker, "q");
        if version.quorum_priority_levels() {
            assert_eq!(got, expected_4_2, "{version:?}");
        } else {
            assert_eq!(got, fifo, "{version:?}");
        }
    }
    assert!(RabbitMqVersion::V4_2.quorum_priority_levels());
    assert!(!RabbitMqVersion::V3_10.quorum_priority_levels() && !RabbitMqVersion::V3_13.quorum_priority_levels());
}

/// Returned messages go first in every version (`rabbit_fifo:take_next_msg`), before high
/// priority ones on 4.2.
#[test]
fn returned_messages_go_before_priorities() {
    let mut broker = cluster(1, RabbitMqVersion::V4_2);
    declare_quorum(&mut broker, channel(0), "q", &[]);
    publish_with(&mut broker, channel(0), "q", "normal", Properties::default());
    publish_with(&mut broker, channel(0), "q", "high", with_priority(9));
    let first = broker.get(NOW, channel(0), "q", false).unwrap().unwrap();
    assert_eq!(&*first.message.body, "high");
    broker.nack(NOW, channel(0), first.delivery_tag, false, true).unwrap();
    publish_with(&mut broker, channel(0), "q", "high 2", with_priority(9));
    assert_eq!(drain_by_get(&mut broker, "q"), ["high", "high 2", "normal"]);
}

// ---------------------------------------------------------------------------------------------
// Invariants and determinism over random node faults

/// Random publishes, gets, acks, nacks and node stops and starts on a 5-node cluster with
/// three quorum queues of sizes 3 and 5 and a classic queue, checking after every step: a
/// quorum queue has a leader exactly when a majority of its members runs, and the leader is
/// a running member; no message of a quorum queue is ever lost (ready + unacked + waiting
/// only grows by publishes and shrinks by acks and gets); and the same seed gives the same
/// events twice.
#[test]
fn random_node_faults_keep_the_invariants_and_are_deterministic() {
    for seed in 0..40u64 {
        let first = random_run(seed);
        assert_eq!(first, random_run(seed), "seed {seed}: two runs differ");
    }
}

fn random_run(seed: u64) -> Vec<String> {
    let mut rng = Prng::new(seed);
    let mut broker = cluster(5, RabbitMqVersion::V3_10);
    broker.confirm_select(NOW, channel(0)).unwrap();
    declare_quorum(&mut broker, channel(0), "a", &[]);
    declare_quorum(&mut broker, channel(1), "b", &[("x-quorum-initial-group-size", int(5))]);
    declare_quorum(&mut broker, channel(2), "c", &[("x-queue-leader-locator", s("balanced"))]);
    broker.declare_queue(NOW, channel(3), QueueDeclare::new("classic")).unwrap();
    let queues = ["a", "b", "c"];
    let mut expected: [i64; 3] = [0; 3];
    let mut trace = Vec::new();
    for step in 0..120 {
        let node = NodeId(1 + rng.below(5) as u8);
        let q = rng.below(3) as usize;
        match rng.below(6) {
            0 => {
                let _ = broker.stop_node(NOW, node);
            }
            1 => {
                let _ = broker.start_node(NOW, node);
            }
            2 | 3 => {
                if publish(&mut broker, channel(0), queues[q], &format!("s{step}")) != Some(Some(false)) {
                    expected[q] += 1;
                }
                publish_with(&mut broker, channel(0), "classic", "c", persistent());
            }
            4 => {
                if let Ok(Some(_)) = broker.get(NOW, channel(0), queues[q], true) {
                    expected[q] -= 1;
                }
            }
            _ => {
                if let Ok(Some(d)) = broker.get(NOW, channel(0), queues[q], false) {
                    broker.nack(NOW, channel(0), d.delivery_tag, false, rng.chance_per_mille(500)).unwrap();
                    if broker.queue(queues[q]).unwrap().ready().all(|m| m.message.id != d.message.id) {
                        expected[q] -= 1;
                    }
                }
            }
        }
        for (i, name) in queues.iter().enumerate() {
            let queue = broker.queue(name).unwrap();
            let replicas = queue.placement().replicas().unwrap();
            let running = replicas.members().iter().filter(|&&m| broker.cluster().is_running(m)).count();
            assert_eq!(replicas.leader().is_some(), running >= replicas.quorum(), "seed {seed} step {step} {name}");
            assert!(replicas.leader().is_none_or(|l| broker.cluster().is_running(l)), "seed {seed} step {step}");
            let held = (queue.ready_count() + queue.unacked_count() + queue.waiting_count()) as i64;
            assert_eq!(held, expected[i], "seed {seed} step {step}: {name} lost or gained messages");
        }
        trace.extend(drain(&mut broker).into_iter().map(|e| format!("{e:?}")));
    }
    trace
}

// ---------------------------------------------------------------------------------------------
// The world's commands

/// A scenario's `nodes` and the `stop_node` / `start_node` commands: the quorum queue from the
/// definitions elects a new leader when node 1 stops; a bad command is refused and changes
/// nothing; a cluster of 0 nodes is refused.
#[test]
fn the_message_side_stops_and_starts_nodes() {
    use brokerlab_core::Drive;
    use brokerlab_core::world::message::{MessageBrokerSpec, MessageCommand, MessageCommandError, MessageEventKind, MessageSide, MessageSpecError};
    let json = r#"{
        "rabbitmq_version": "3.10", "nodes": 3,
        "definitions": {"queues": [{"name": "orders", "vhost": "/", "durable": true, "auto_delete": false,
                                     "arguments": {"x-queue-type": "quorum"}}]},
        "publishers": [{"name": "shop", "routing_keys": ["orders"], "confirms": true}]
    }"#;
    let spec: MessageBrokerSpec = serde_json::from_str(json).unwrap();
    let mut side = MessageSide::new(&spec, 10, 1).unwrap();
    while side.poll_event().is_some() {}
    assert_eq!(side.broker().cluster().size(), 3);
    assert_eq!(members(side.broker(), "orders"), (vec![1, 2, 3], Some(1)));
    side.apply(MessageCommand::StopNode { node: 1 }).unwrap();
    let events: Vec<MessageEventKind> = core::iter::from_fn(|| side.poll_event()).map(|e| e.kind).collect();
    let elected = |e: &MessageEventKind| {
        matches!(e, MessageEventKind::Broker(EventKind::LeaderElected { leader: NodeId(2), previous: Some(NodeId(1)), .. }))
    };
    assert!(events.iter().any(elected), "{events:?}");
    let before = format!("{side:?}");
    let refused = side.apply(MessageCommand::StopNode { node: 1 }).unwrap_err();
    assert_eq!(refused, MessageCommandError::Broker(Error::NodeState { node: NodeId(1), running: false }));
    assert_eq!(side.apply(MessageCommand::StartNode { node: 4 }).unwrap_err(), MessageCommandError::Broker(Error::NodeNotFound(NodeId(4))));
    assert_eq!(format!("{side:?}"), before);
    side.apply(MessageCommand::StartNode { node: 1 }).unwrap();
    assert_eq!(members(side.broker(), "orders").1, Some(2));
    let command: MessageCommand = serde_json::from_str(r#"{"stop_node": {"node": 3}}"#).unwrap();
    assert_eq!(command, MessageCommand::StopNode { node: 3 });
    let mut none = spec.clone();
    none.nodes = 0;
    assert!(matches!(MessageSide::new(&none, 10, 1), Err(MessageSpecError::Nodes { error: Error::ClusterSize { nodes: 0, .. } })));
}

// ---------------------------------------------------------------------------------------------
// What the differential suite found against RabbitMQ 3.10.8 (tests/differential/README.md)

/// `queue.declare-ok` counts, for a quorum queue, each unsettled `basic.get` and each cancelled
/// consumer still holding deliveries (`rabbit_fifo:query_consumer_count`); a classic queue
/// counts subscribed consumers only.
#[test]
fn quorum_consumer_count_includes_gets_and_cancelled_holders() {
    let mut broker = cluster(1, RabbitMqVersion::V3_10);
    declare_quorum(&mut broker, channel(0), "q", &[]);
    for body in ["1", "2", "3"] {
        publish(&mut broker, channel(0), "q", body);
    }
    let count = |broker: &mut MessageBroker| broker.declare_queue(NOW, channel(0), quorum_declare("q", &[])).unwrap().consumer_count;
    let got = broker.get(NOW, channel(0), "q", false).unwrap().unwrap();
    assert_eq!(count(&mut broker), 1, "an unsettled get");
    broker.qos(NOW, channel(0), 1, false).unwrap();
    let consume = Consume { queue: "q".into(), consumer_tag: Some("c".into()), no_ack: false, exclusive: false, arguments: Default::default() };
    broker.consume(NOW, channel(0), consume).unwrap();
    assert_eq!(count(&mut broker), 2);
    broker.cancel(NOW, channel(0), "c").unwrap();
    assert_eq!(count(&mut broker), 2, "cancelled, still holding a delivery");
    broker.ack(NOW, channel(0), got.delivery_tag, false).unwrap();
    broker.ack(NOW, channel(0), DeliveryTag(2), false).unwrap();
    assert_eq!(count(&mut broker), 0);
}

/// `rabbit_fifo`'s service queue: a consumer whose prefetch is used up leaves it and is
/// appended again when a settle or a return frees it, so a message returned by c0 goes to c1,
/// which was already waiting (differential seed 36). A classic queue tries c0 first.
#[test]
fn a_returned_message_goes_to_the_consumer_already_waiting() {
    for (quorum, expected) in [(true, "c1"), (false, "c0")] {
        let mut broker = cluster(1, RabbitMqVersion::V3_10);
        let declare = if quorum { quorum_declare("q", &[]) } else { QueueDeclare::new("q") };
        broker.declare_queue(NOW, channel(0), declare).unwrap();
        broker.qos(NOW, channel(0), 1, false).unwrap();
        let consume = |tag: &str| Consume { queue: "q".into(), consumer_tag: Some(tag.into()), no_ack: false, exclusive: false, arguments: Default::default() };
        broker.consume(NOW, channel(0), consume("c0")).unwrap();
        publish(&mut broker, channel(0), "q", "m");
        broker.qos(NOW, channel(0), 0, false).unwrap();
        broker.consume(NOW, channel(0), consume("c1")).unwrap();
        drain(&mut broker);
        broker.reject(NOW, channel(0), DeliveryTag(1), true).unwrap();
        let to: Vec<String> = drain(&mut broker)
            .into_iter()
            .filter_map(|e| match e {
                EventKind::MessageDelivered { delivery } => delivery.consumer.map(|c| c.to_string()),
                _ => None,
            })
            .collect();
        assert_eq!(to, [expected], "quorum: {quorum}");
    }
}

/// `x-delivery-count` on 3.10: `basic.get` shows it from 0, a consumer only once the message
/// was returned; from 3.13 neither shows 0 (V1; `rabbit_fifo_client`).
#[test]
fn delivery_count_header_by_version() {
    for version in RabbitMqVersion::ALL {
        let mut broker = cluster(1, version);
        declare_quorum(&mut broker, channel(0), "q", &[("x-delivery-limit", int(2))]);
        publish(&mut broker, channel(0), "q", "m");
        let mut counts = Vec::new();
        while let Some(d) = broker.get(NOW, channel(0), "q", false).unwrap() {
            counts.push(d.headers().get("x-delivery-count").and_then(HeaderValue::as_integer));
            broker.nack(NOW, channel(0), d.delivery_tag, false, true).unwrap();
        }
        let zero = version.quorum_get_shows_zero_delivery_count().then_some(0);
        assert_eq!(counts, [zero, Some(1), Some(2)], "{version:?}: delivered three times, then past the limit");
    }
    assert!(RabbitMqVersion::V3_10.quorum_get_shows_zero_delivery_count());
    assert!(!RabbitMqVersion::V4_2.quorum_get_shows_zero_delivery_count());
}

/// Deleting a quorum queue while publishes wait for its majority takes them with it: the
/// broker holds nothing afterwards, and no confirm ever comes for them.
#[test]
fn deleting_a_queue_with_waiting_publishes_forgets_them() {
    let mut broker = cluster(3, RabbitMqVersion::V3_10);
    declare_quorum(&mut broker, channel(0), "q", &[]);
    publish(&mut broker, channel(0), "q", "registers the session");
    broker.stop_node(NOW, NodeId(2)).unwrap();
    broker.stop_node(NOW, NodeId(3)).unwrap();
    publish(&mut broker, channel(0), "q", "waits");
    assert_eq!(broker.messages_held(), 2);
    drain(&mut broker);
    assert_eq!(broker.delete_queue(NOW, channel(0), "q", false, false), Ok(1));
    let events = drain(&mut broker);
    assert!(events.contains(&EventKind::QueueDeleted { queue: "q".into(), why: brokerlab_core::message_broker::event::Removal::Deleted, messages: 2 }), "{events:?}");
    assert_eq!(broker.messages_held(), 0);
    broker.start_node(NOW, NodeId(2)).unwrap();
    assert!(!drain(&mut broker).iter().any(|e| matches!(e, EventKind::PublishConfirmed { .. })));
}

/// RabbitMQ 3.10 credits a consumer twice for a message it returns past the delivery limit
/// (`rabbit_fifo:return` and `complete`, machine version 2): with prefetch 1, after one such
/// message the consumer holds two deliveries. 3.13 and 4.2 keep it at one (differential seed
/// 132).
#[test]
fn a_return_past_the_limit_credits_the_consumer_twice_on_3_10_only() {
    for version in RabbitMqVersion::ALL {
        let mut broker = cluster(1, version);
        declare_quorum(&mut broker, channel(0), "q", &[("x-delivery-limit", int(0))]);
        broker.qos(NOW, channel(0), 1, false).unwrap();
        let consume = Consume { queue: "q".into(), consumer_tag: Some("c".into()), no_ack: false, exclusive: false, arguments: Default::default() };
        broker.consume(NOW, channel(0), consume).unwrap();
        publish(&mut broker, channel(0), "q", "poison");
        publish(&mut broker, channel(0), "q", "second");
        broker.nack(NOW, channel(0), DeliveryTag(1), false, true).unwrap();
        publish(&mut broker, channel(0), "q", "third");
        let held = broker.unacked(channel(0)).len();
        let expected = if version.quorum_return_past_limit_adds_credit() { 2 } else { 1 };
        assert_eq!(held, expected, "{version:?}");
    }
    assert!(RabbitMqVersion::V3_10.quorum_return_past_limit_adds_credit());
}
