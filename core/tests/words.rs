//! Every event kind and every error variant of the core has words in each language: a text
//! that is not empty, and Korean that is not the English and is written in Hangul. Within one
//! list the texts differ, so each reason (a rejection's, a drop's, an argument's problem) has
//! words of its own rather than a neighbour's.
//!
//! The samples are listed with `every!`, which also writes an exhaustive `match` over the
//! type: a variant added to the core does not compile here until it has a sample.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use brokerlab_core::event_broker::log::{AppendError, RetentionReason};
use brokerlab_core::event_broker::share::{
    BatchProblem, RequestProblem, ShareConfigError, ShareError, ShareSetting, StateProblem,
};
use brokerlab_core::event_broker::{Acks, BrokerId, Offset, PartitionIndex, RecordId};
use brokerlab_core::message_broker::broker::Delivery;
use brokerlab_core::message_broker::definitions::{Definition, DefinitionsError, JsonProblem, ShapeProblem};
use brokerlab_core::message_broker::event::{DropReason, Event as BrokerEvent, EventKind as BrokerEventKind, Removal};
use brokerlab_core::message_broker::{
    ArgumentProblem, ChannelId, DeathReason, DeliveryTag, Error, ExchangeKind, Limit, Message, MessageId, NodeId,
    Properties, PublishSequence, StreamUnsupported,
};
use brokerlab_core::share::FragmentError;
use brokerlab_core::event_broker::reconcile::ReconcileState;
use brokerlab_core::event_broker::server_assignor::ServerAssignor;
use brokerlab_core::versions::{KafkaVersion, Product};
use brokerlab_core::world::message::{
    Client, ConsumerAction, ConsumerState, MessageCommandError, MessageEvent, MessageEventKind, MessageSpecError, Settle,
};
use brokerlab_core::world::{
    AutoOffsetReset, Collection, Declared, FenceReason, Field, LeaveReason, LossCause, MemberState, NameProblem, PartitionChoice,
    Protocol, RebalanceReason, RejectReason, ResetCause, ShareAnswer, AcknowledgementMode,
};
use brokerlab_core::{CommandError, Event, EventKind, Lang, Name, ScenarioError, SimTime};

/// The samples of one type, each under the variant it is of. The generated `match` lists the
/// variants without a wildcard, so it stops compiling when the type gains one; a variant may
/// be listed more than once (one sample per reason, per flag).
macro_rules! every {
    ($ty:ident { $($variant:ident => $sample:expr),+ $(,)? }) => {{
        #[allow(dead_code, unreachable_patterns)]
        fn every_variant_has_a_sample(value: &$ty) {
            match value {
                $($ty::$variant { .. } => {})+
            }
        }
        let samples: Vec<(&'static str, $ty)> = vec![$({
            let sample: $ty = $sample;
            assert!(matches!(sample, $ty::$variant { .. }), "the sample listed under {} is another variant", stringify!($variant));
            (stringify!($variant), sample)
        }),+];
        samples
    }};
}

/// Checks one list's texts in both languages; `what` names the list in a failure.
fn check<T>(what: &str, samples: &[(&str, T)], explain: impl Fn(&T, Lang) -> String) {
    let mut seen: Vec<(String, String)> = Vec::new();
    for (variant, sample) in samples {
        let (en, ko) = (explain(sample, Lang::En), explain(sample, Lang::Ko));
        assert!(!en.trim().is_empty(), "{what}::{variant} has no English");
        assert!(!ko.trim().is_empty(), "{what}::{variant} has no Korean");
        assert_ne!(ko, en, "{what}::{variant}: the Korean is the English");
        assert!(ko.chars().any(is_hangul), "{what}::{variant}: no Hangul in {ko:?}");
        for (other_en, other_ko) in &seen {
            assert_ne!(&en, other_en, "{what}::{variant}: another sample has the same English");
            assert_ne!(&ko, other_ko, "{what}::{variant}: another sample has the same Korean");
        }
        seen.push((en, ko));
    }
}

fn is_hangul(c: char) -> bool {
    ('\u{AC00}'..='\u{D7A3}').contains(&c)
}

fn n(s: &str) -> Name {
    Name::from(s)
}

fn at(ms: u64) -> SimTime {
    SimTime::from_ms(ms)
}

fn explain_event(kind: &EventKind, lang: Lang) -> String {
    Event { at: SimTime::ZERO, kind: kind.clone() }.explain(lang)
}

// The event broker's events.

fn event_kinds() -> Vec<(&'static str, EventKind)> {
    let (t, p, b) = (n("orders"), PartitionIndex(1), BrokerId(2));
    let assigned = vec![(n("orders"), 0), (n("orders"), 1)];
    every!(EventKind {
        RecordSent => sent(PartitionChoice::KeyHash { hash: 7 }, Some(n("alice"))),
        RecordAppended => EventKind::RecordAppended { record: RecordId(1), topic: t.clone(), partition: p, offset: Offset(3), key: None, broker: b },
        RecordRejected => rejected(RejectReason::Offline),
        NotEnoughReplicas => EventKind::NotEnoughReplicas {
            record: RecordId(1), producer: n("shop"), topic: t.clone(), partition: p, broker: b, isr: vec![b], min_insync_replicas: 2,
        },
        ProduceAcked => acked(Acks::All),
        ProduceAcked => acked(Acks::One),
        ReplicaFetched => EventKind::ReplicaFetched {
            topic: t.clone(), partition: p, leader: b, follower: BrokerId(3), from: Offset(2), to: Offset(5), records: vec![], departs: at(0), arrives: at(300),
        },
        HighWatermarkAdvanced => EventKind::HighWatermarkAdvanced { topic: t.clone(), partition: p, broker: b, high_watermark: Offset(4) },
        IsrShrunk => EventKind::IsrShrunk { topic: t.clone(), partition: p, leader: b, removed: BrokerId(3), isr: vec![b] },
        IsrExpanded => EventKind::IsrExpanded { topic: t.clone(), partition: p, leader: b, added: BrokerId(3), isr: vec![b, BrokerId(3)] },
        BrokerStopped => EventKind::BrokerStopped { broker: b },
        BrokerStarted => EventKind::BrokerStarted { broker: b },
        LeaderElected => EventKind::LeaderElected { topic: t.clone(), partition: p, leader: b, epoch: 3, isr: vec![b], clean: true },
        LeaderElected => EventKind::LeaderElected { topic: t.clone(), partition: p, leader: b, epoch: 3, isr: vec![b], clean: false },
        PartitionOffline => EventKind::PartitionOffline { topic: t.clone(), partition: p, isr: vec![b] },
        PartitionOffline => EventKind::PartitionOffline { topic: t.clone(), partition: p, isr: vec![] },
        ControlledShutdown => EventKind::ControlledShutdown { broker: b },
        IsrShrunkByController => EventKind::IsrShrunkByController { topic: t.clone(), partition: p, removed: b, isr: vec![BrokerId(3)] },
        ElrChanged => EventKind::ElrChanged { topic: t.clone(), partition: p, isr: vec![b], elr: vec![BrokerId(3)] },
        ElrChanged => EventKind::ElrChanged { topic: t.clone(), partition: p, isr: vec![b, BrokerId(3)], elr: vec![] },
        ElrLeaderElected => EventKind::ElrLeaderElected { topic: t.clone(), partition: p, leader: b, epoch: 3, elr: vec![] },
        LastKnownLeaderElected => EventKind::LastKnownLeaderElected { topic: t.clone(), partition: p, leader: b, epoch: 3 },
        RecordsLost => lost(LossCause::NotReplicated),
        ReplicaTruncated => EventKind::ReplicaTruncated { topic: t.clone(), partition: p, broker: b, to: Offset(4), removed: 2 },
        TopicCreated => EventKind::TopicCreated { topic: t.clone(), partitions: 3, replication_factor: 2, replicas: vec![] },
        TopicDeleted => EventKind::TopicDeleted { topic: t.clone() },
        PartitionsAdded => EventKind::PartitionsAdded { topic: t.clone(), from: 3, to: 6 },
        RecordsFetched => EventKind::RecordsFetched {
            group: n("billing"), member: 0, topic: t.clone(), partition: p, from: Offset(0), to: Offset(3), records: vec![], departs: at(0), arrives: at(300),
        },
        RecordsProcessed => EventKind::RecordsProcessed { group: n("billing"), member: 0, topic: t.clone(), partition: p, from: Offset(0), to: Offset(1) },
        ProcessingFailed => EventKind::ProcessingFailed { group: n("billing"), member: 0, topic: t.clone(), partition: p, from: Offset(0), to: Offset(3) },
        OffsetCommitted => EventKind::OffsetCommitted { group: n("billing"), member: 0, topic: t.clone(), partition: p, offset: Offset(3) },
        CommitFailed => EventKind::CommitFailed { group: n("billing"), member: 0, topic: t.clone(), partition: p, offset: Offset(3) },
        RebalanceStarted => rebalance(Protocol::Eager, RebalanceReason::MemberJoined),
        RebalanceStarted => rebalance(Protocol::Cooperative, RebalanceReason::MemberJoined),
        PartitionsRevoked => EventKind::PartitionsRevoked { group: n("billing"), member: 0, generation: 2, partitions: assigned.clone() },
        PartitionsAssigned => EventKind::PartitionsAssigned { group: n("billing"), member: 0, generation: 2, partitions: assigned.clone() },
        MemberJoined => EventKind::MemberJoined { group: n("billing"), member: 1, instance_id: None },
        MemberJoined => EventKind::MemberJoined { group: n("billing"), member: 1, instance_id: Some(n("billing-1")) },
        MemberLeft => left(LeaveReason::Left),
        MemberCrashed => EventKind::MemberCrashed { group: n("billing"), member: 1 },
        MemberPaused => EventKind::MemberPaused { group: n("billing"), member: 1 },
        MemberResumed => EventKind::MemberResumed { group: n("billing"), member: 1 },
        StaticMemberReturned => EventKind::StaticMemberReturned { group: n("billing"), member: 1, generation: 2, partitions: assigned.clone() },
        OffsetReset => reset(ResetCause::NoCommittedOffset),
        NoOffsetForPartition => EventKind::NoOffsetForPartition {
            group: n("billing"), member: 1, topic: t.clone(), partition: p, cause: ResetCause::OutOfRange,
        },
        MemberSeeked => EventKind::MemberSeeked { group: n("billing"), member: 1, topic: t.clone(), partition: p, offset: Offset(0) },
        OffsetsReset => EventKind::OffsetsReset { group: n("billing"), topic: t.clone(), partition: p, offset: Offset(0) },
        GroupEpochBumped => EventKind::GroupEpochBumped { group: n("billing"), epoch: 3, reason: RebalanceReason::MemberJoined },
        TargetAssignmentComputed => EventKind::TargetAssignmentComputed {
            group: n("billing"), epoch: 3, assignor: ServerAssignor::Uniform, assignment: vec![(0, assigned.clone()), (1, vec![])],
        },
        MemberReconciled => reconciled(ReconcileState::Stable),
        MemberReconciled => reconciled(ReconcileState::UnrevokedPartitions),
        MemberReconciled => reconciled(ReconcileState::UnreleasedPartitions),
        MemberFenced => EventKind::MemberFenced { group: n("billing"), member: 2, reason: FenceReason::UnreleasedInstanceId },
        MemberFenced => EventKind::MemberFenced { group: n("billing"), member: 2, reason: FenceReason::FencedMemberEpoch },
        ScriptStepSkipped => EventKind::ScriptStepSkipped { step: 2, reason: CommandError::UnknownTopic(String::from("gone")) },
        SegmentsDeleted => deleted(RetentionReason::Time),
        RecordsCompacted => EventKind::RecordsCompacted {
            topic: t.clone(), partition: p, broker: b, offsets: vec![Offset(0), Offset(2)], records: vec![], tombstones_removed: 1, tombstones_stamped: 0, cleaned_up_to: Offset(5),
        },
        ShareRecordsAcquired => EventKind::ShareRecordsAcquired {
            group: n("workers"), member: 1, topic: t.clone(), partition: p, first: Offset(0), last: Offset(4), delivery_count: 1,
            lock_expires_at: at(30_000), departs: at(0), arrives: at(10),
        },
        ShareAcknowledgementSent => EventKind::ShareAcknowledgementSent {
            group: n("workers"), member: 1, topic: t.clone(), partition: p, first: Offset(0), last: Offset(4), answer: ShareAnswer::Accept,
            departs: at(0), arrives: at(10),
        },
        ShareRecordsAcknowledged => EventKind::ShareRecordsAcknowledged { group: n("workers"), member: 1, topic: t.clone(), partition: p, first: Offset(0), last: Offset(4), answer: ShareAnswer::Accept },
        ShareRecordsAcknowledged => EventKind::ShareRecordsAcknowledged { group: n("workers"), member: 1, topic: t.clone(), partition: p, first: Offset(0), last: Offset(4), answer: ShareAnswer::Release },
        ShareRecordsAcknowledged => EventKind::ShareRecordsAcknowledged { group: n("workers"), member: 1, topic: t.clone(), partition: p, first: Offset(0), last: Offset(4), answer: ShareAnswer::Reject },
        ShareAcknowledgementRefused => EventKind::ShareAcknowledgementRefused { group: n("workers"), member: 1, topic: t.clone(), partition: p, first: Offset(0), last: Offset(0) },
        ShareLocksExpired => EventKind::ShareLocksExpired { group: n("workers"), member: 0, topic: t.clone(), partition: p, offsets: vec![Offset(3), Offset(4)] },
        ShareRecordsArchived => EventKind::ShareRecordsArchived { group: n("workers"), topic: t.clone(), partition: p, offsets: vec![Offset(3)], delivery_count_limit: 5 },
        ShareMemberCrashed => EventKind::ShareMemberCrashed { group: n("workers"), member: 0 },
        ShareMemberRevived => EventKind::ShareMemberRevived { group: n("workers"), member: 0 },
        ShareAssignmentComputed => EventKind::ShareAssignmentComputed {
            group: n("workers"), topic: t.clone(), members: vec![(0, vec![PartitionIndex(0), PartitionIndex(1)]), (1, vec![])],
        },
        ShareMemberLeft => EventKind::ShareMemberLeft { group: n("workers"), member: 0, session_timeout_ms: 45_000, released: 0 },
        ShareMemberLeft => EventKind::ShareMemberLeft { group: n("workers"), member: 0, session_timeout_ms: 45_000, released: 3 },
        ShareMemberPaused => EventKind::ShareMemberPaused { group: n("workers"), member: 0 },
        ShareMemberResumed => EventKind::ShareMemberResumed { group: n("workers"), member: 0 },
        ShareMemberAnswerSet => EventKind::ShareMemberAnswerSet { group: n("workers"), member: 0, answer: ShareAnswer::Accept },
        ShareMemberAnswerSet => EventKind::ShareMemberAnswerSet { group: n("workers"), member: 0, answer: ShareAnswer::Release },
        ShareMemberAnswerSet => EventKind::ShareMemberAnswerSet { group: n("workers"), member: 0, answer: ShareAnswer::Reject },
        ShareGroupConfigSet => EventKind::ShareGroupConfigSet { group: n("workers"), setting: ShareSetting::RecordLockDurationMs, value: 5000 },
        ShareGroupConfigSet => EventKind::ShareGroupConfigSet { group: n("workers"), setting: ShareSetting::DeliveryCountLimit, value: 3 },
        ShareGroupConfigSet => EventKind::ShareGroupConfigSet { group: n("workers"), setting: ShareSetting::MaxInflightRecords, value: 100 },
        ShareAcknowledgementModeSet => EventKind::ShareAcknowledgementModeSet { group: n("workers"), mode: AcknowledgementMode::Implicit },
        ShareAcknowledgementModeSet => EventKind::ShareAcknowledgementModeSet { group: n("workers"), mode: AcknowledgementMode::Explicit },
        Message => EventKind::Message(Box::new(MessageEvent { at: SimTime::ZERO, kind: MessageEventKind::ConsumerRevived { consumer: n("worker") } })),
    })
}

fn sent(choice: PartitionChoice, key: Option<Name>) -> EventKind {
    EventKind::RecordSent {
        record: RecordId(1), producer: n("shop"), topic: n("orders"), partition: PartitionIndex(1), partitions: 3, key, choice,
        broker: Some(BrokerId(2)), acks: Acks::All, departs: at(0), arrives: at(300),
    }
}

fn rejected(reason: RejectReason) -> EventKind {
    EventKind::RecordRejected { record: RecordId(1), producer: n("shop"), topic: n("orders"), partition: PartitionIndex(1), broker: None, reason }
}

fn acked(acks: Acks) -> EventKind {
    EventKind::ProduceAcked {
        record: RecordId(1), producer: n("shop"), topic: n("orders"), partition: PartitionIndex(1), offset: Offset(3), broker: BrokerId(2), acks,
        departs: at(0), arrives: at(300),
    }
}

fn lost(cause: LossCause) -> EventKind {
    EventKind::RecordsLost {
        topic: n("orders"), partition: PartitionIndex(1), broker: BrokerId(2), from: Offset(3), to: Offset(5), records: vec![], acknowledged: vec![RecordId(4)], cause,
    }
}

fn reconciled(state: ReconcileState) -> EventKind {
    let p = |i: u32| (n("orders"), i);
    EventKind::MemberReconciled { group: n("billing"), member: 1, epoch: 4, state, assigned: vec![p(0), p(1)], revoking: vec![p(2)], departs: SimTime::from_ms(10), arrives: SimTime::from_ms(110) }
}

fn rebalance(protocol: Protocol, reason: RebalanceReason) -> EventKind {
    EventKind::RebalanceStarted { group: n("billing"), generation: 1, protocol, reason }
}

fn left(reason: LeaveReason) -> EventKind {
    EventKind::MemberLeft { group: n("billing"), member: 1, reason }
}

fn reset(cause: ResetCause) -> EventKind {
    let (topic, partition) = (n("orders"), PartitionIndex(1));
    EventKind::OffsetReset { group: n("billing"), member: 1, topic, partition, offset: Offset(0), policy: AutoOffsetReset::Earliest, cause }
}

fn deleted(reason: RetentionReason) -> EventKind {
    EventKind::SegmentsDeleted {
        topic: n("orders"), partition: PartitionIndex(1), broker: BrokerId(2), from: Offset(0), to: Offset(10), records: 10, segments: 2, reason,
    }
}

#[test]
fn every_event_broker_event_has_words_in_each_language() {
    check("EventKind", &event_kinds(), explain_event);
    let choices = every!(PartitionChoice {
        KeyHash => PartitionChoice::KeyHash { hash: 7 },
        Sticky => PartitionChoice::Sticky,
        RoundRobin => PartitionChoice::RoundRobin,
        Explicit => PartitionChoice::Explicit,
        Retry => PartitionChoice::Retry,
    });
    let key = |choice: &PartitionChoice| matches!(choice, PartitionChoice::KeyHash { .. }).then(|| n("alice"));
    check("PartitionChoice", &choices, |choice, lang| explain_event(&sent(choice.clone(), key(choice)), lang));
    let reasons = every!(RejectReason {
        PartitionFull => RejectReason::PartitionFull,
        UnknownTopic => RejectReason::UnknownTopic,
        Offline => RejectReason::Offline,
        NotLeader => RejectReason::NotLeader,
        LeaderChanged => RejectReason::LeaderChanged,
        KeylessOnCompacted => RejectReason::KeylessOnCompacted,
    });
    check("RejectReason", &reasons, |reason, lang| explain_event(&rejected(*reason), lang));
    let causes = every!(LossCause { NotReplicated => LossCause::NotReplicated, UncleanElection => LossCause::UncleanElection });
    check("LossCause", &causes, |cause, lang| explain_event(&lost(*cause), lang));
    let reasons = every!(RebalanceReason {
        MemberJoined => RebalanceReason::MemberJoined,
        MemberLeft => RebalanceReason::MemberLeft,
        SessionTimeout => RebalanceReason::SessionTimeout,
        PollTimeout => RebalanceReason::PollTimeout,
        MemberRestarted => RebalanceReason::MemberRestarted,
        TopicsChanged => RebalanceReason::TopicsChanged,
        FollowUp => RebalanceReason::FollowUp,
    });
    check("RebalanceReason", &reasons, |reason, lang| explain_event(&rebalance(Protocol::Eager, *reason), lang));
    let protocols = every!(Protocol { Eager => Protocol::Eager, Cooperative => Protocol::Cooperative });
    check("Protocol", &protocols, |protocol, lang| explain_event(&rebalance(*protocol, RebalanceReason::FollowUp), lang));
    let reasons = every!(LeaveReason {
        Left => LeaveReason::Left,
        SessionTimeout => LeaveReason::SessionTimeout,
        PollTimeout => LeaveReason::PollTimeout,
        DidNotRejoin => LeaveReason::DidNotRejoin,
    });
    check("LeaveReason", &reasons, |reason, lang| explain_event(&left(*reason), lang));
    let causes = every!(ResetCause { NoCommittedOffset => ResetCause::NoCommittedOffset, OutOfRange => ResetCause::OutOfRange });
    check("ResetCause", &causes, |cause, lang| explain_event(&reset(*cause), lang));
    let reasons = every!(RetentionReason { Time => RetentionReason::Time, Size => RetentionReason::Size });
    check("RetentionReason", &reasons, |reason, lang| explain_event(&deleted(*reason), lang));
}

// The message side's events: the clients' hops, and the broker's own.

fn message_event_kinds() -> Vec<(&'static str, MessageEventKind)> {
    let (consumer, message) = (n("worker"), MessageId(7));
    every!(MessageEventKind {
        Broker => MessageEventKind::Broker(BrokerEventKind::ChannelOpened { channel: ChannelId::new(1, 1) }),
        PublishSent => MessageEventKind::PublishSent {
            publish: 1, publisher: n("shop"), exchange: n("orders"), routing_key: n("eu"), departs: at(0), arrives: at(300),
        },
        PublishSent => MessageEventKind::PublishSent {
            publish: 1, publisher: n("shop"), exchange: n(""), routing_key: n("work"), departs: at(0), arrives: at(300),
        },
        PublishArrived => MessageEventKind::PublishArrived { publish: 1, message, queues: vec![n("work"), n("audit")], returned: false },
        PublishArrived => MessageEventKind::PublishArrived { publish: 1, message, queues: vec![], returned: false },
        PublishArrived => MessageEventKind::PublishArrived { publish: 1, message, queues: vec![], returned: true },
        DeliverySent => MessageEventKind::DeliverySent {
            consumer: consumer.clone(), message, queue: n("work"), redelivered: false, departs: at(0), arrives: at(300),
        },
        DeliverySent => MessageEventKind::DeliverySent {
            consumer: consumer.clone(), message, queue: n("work"), redelivered: true, departs: at(0), arrives: at(300),
        },
        ProcessingStarted => MessageEventKind::ProcessingStarted { consumer: consumer.clone(), message, until: at(400) },
        SettleSent => settled(Settle::Ack),
        SettleSent => MessageEventKind::SettleSent { consumer: n("worker"), message: MessageId(7), settle: Settle::Ack, departs: at(0), arrives: at(300), stream: true },
        ConsumerCrashed => MessageEventKind::ConsumerCrashed { consumer: consumer.clone(), unacked: 2 },
        ConsumerRevived => MessageEventKind::ConsumerRevived { consumer: consumer.clone() },
        ConsumerPaused => MessageEventKind::ConsumerPaused { consumer: consumer.clone() },
        ConsumerResumed => MessageEventKind::ConsumerResumed { consumer: consumer.clone() },
        PublishRefused => MessageEventKind::PublishRefused { publish: 1, publisher: n("shop"), reason: Error::ExchangeNotFound(n("orders")) },
    })
}

fn settled(settle: Settle) -> MessageEventKind {
    MessageEventKind::SettleSent { consumer: n("worker"), message: MessageId(7), settle, departs: at(0), arrives: at(300), stream: false }
}

fn explain_message(kind: &MessageEventKind, lang: Lang) -> String {
    MessageEvent { at: SimTime::ZERO, kind: kind.clone() }.explain(lang)
}

fn broker_event_kinds() -> Vec<(&'static str, BrokerEventKind)> {
    let (channel, message, exchange, queue) = (ChannelId::new(1, 1), MessageId(7), n("orders"), n("work"));
    every!(BrokerEventKind {
        ChannelOpened => BrokerEventKind::ChannelOpened { channel },
        ChannelClosed => BrokerEventKind::ChannelClosed { channel },
        ExchangeDeclared => BrokerEventKind::ExchangeDeclared { exchange: exchange.clone(), kind: ExchangeKind::Topic },
        ExchangeDeleted => BrokerEventKind::ExchangeDeleted { exchange: exchange.clone(), why: Removal::Deleted },
        QueueDeclared => BrokerEventKind::QueueDeclared { queue: queue.clone(), durable: true },
        QueueDeclared => BrokerEventKind::QueueDeclared { queue: queue.clone(), durable: false },
        QueueDeleted => queue_deleted(Removal::Deleted),
        Bound => BrokerEventKind::Bound { source: exchange.clone(), destination: queue.clone(), to_exchange: false, routing_key: n("eu.*") },
        Bound => BrokerEventKind::Bound { source: exchange.clone(), destination: n("archive"), to_exchange: true, routing_key: n("eu.*") },
        Unbound => BrokerEventKind::Unbound { source: exchange.clone(), destination: queue.clone(), to_exchange: false, routing_key: n("eu.*") },
        ConsumerStarted => BrokerEventKind::ConsumerStarted { channel, consumer: n("worker"), queue: queue.clone() },
        ConsumerCancelled => BrokerEventKind::ConsumerCancelled { channel, consumer: n("worker"), queue: queue.clone(), by_broker: false },
        ConsumerCancelled => BrokerEventKind::ConsumerCancelled { channel, consumer: n("worker"), queue: queue.clone(), by_broker: true },
        SingleActiveConsumer => BrokerEventKind::SingleActiveConsumer { queue: queue.clone(), channel, consumer: n("worker") },
        MessagePublished => BrokerEventKind::MessagePublished { message, channel, exchange: exchange.clone(), routing_key: n("eu.de") },
        AlternateExchangeUsed => BrokerEventKind::AlternateExchangeUsed { message, exchange: exchange.clone(), alternate: n("unrouted") },
        MessageRouted => BrokerEventKind::MessageRouted { message, exchange: exchange.clone(), queues: vec![queue.clone(), n("audit")] },
        MessageEnqueued => BrokerEventKind::MessageEnqueued { message, queue: queue.clone(), ready: 3 },
        StreamAppended => BrokerEventKind::StreamAppended { message, queue: queue.clone(), offset: 41, rolled: false },
        StreamAppended => BrokerEventKind::StreamAppended { message, queue: queue.clone(), offset: 41, rolled: true },
        StreamSegmentRemoved => BrokerEventKind::StreamSegmentRemoved { queue: queue.clone(), first_offset: 0, next_offset: 12 },
        MessageUnroutable => BrokerEventKind::MessageUnroutable { message, exchange: exchange.clone(), routing_key: n("us.ny") },
        MessageReturned => BrokerEventKind::MessageReturned { message, channel, exchange: exchange.clone(), routing_key: n("us.ny") },
        PublishRejected => BrokerEventKind::PublishRejected { message, queue: queue.clone() },
        PublishConfirmed => BrokerEventKind::PublishConfirmed { channel, sequence: PublishSequence(4), message, ack: true },
        PublishConfirmed => BrokerEventKind::PublishConfirmed { channel, sequence: PublishSequence(4), message, ack: false },
        MessageDelivered => BrokerEventKind::MessageDelivered { delivery: delivery(Some(n("worker")), false) },
        MessageDelivered => BrokerEventKind::MessageDelivered { delivery: delivery(Some(n("worker")), true) },
        MessageDelivered => BrokerEventKind::MessageDelivered { delivery: delivery(None, false) },
        MessageDelivered => BrokerEventKind::MessageDelivered { delivery: Delivery { stream_offset: Some(41), ..delivery(Some(n("worker")), false) } },
        MessageAcked => BrokerEventKind::MessageAcked { message, queue: queue.clone(), channel, delivery_tag: DeliveryTag(1) },
        MessageRequeued => BrokerEventKind::MessageRequeued { message, queue: queue.clone(), channel, delivery_tag: DeliveryTag(1) },
        MessageDeadLettered => BrokerEventKind::MessageDeadLettered {
            message, queue: queue.clone(), reason: DeathReason::Rejected, dead_letter_exchange: n("dlx"), routing_keys: vec![n("work")],
        },
        MessageDropped => dropped(DropReason::QueueFull),
        AcknowledgementTimedOut => BrokerEventKind::AcknowledgementTimedOut {
            channel, queue: queue.clone(), consumer: Some(n("worker")), delivery_tag: DeliveryTag(3), message, timeout_ms: 1_800_000,
        },
        AcknowledgementTimedOut => BrokerEventKind::AcknowledgementTimedOut {
            channel, queue: queue.clone(), consumer: None, delivery_tag: DeliveryTag(3), message, timeout_ms: 1_800_000,
        },
        BrokerRestarted => BrokerEventKind::BrokerRestarted { queues_kept: 2, messages_kept: 5, messages_lost: 1 },
        NodeStopped => BrokerEventKind::NodeStopped { node: NodeId(2) },
        NodeStarted => BrokerEventKind::NodeStarted { node: NodeId(2) },
        LeaderElected => BrokerEventKind::LeaderElected { queue: queue.clone(), leader: NodeId(3), previous: Some(NodeId(1)), term: 2 },
        LeaderElected => BrokerEventKind::LeaderElected { queue: queue.clone(), leader: NodeId(1), previous: None, term: 3 },
        QueueUnavailable => BrokerEventKind::QueueUnavailable { queue: queue.clone(), running: 1, members: 3 },
        QueueUnavailable => BrokerEventKind::QueueUnavailable { queue: queue.clone(), running: 0, members: 1 },
        QueueAvailable => BrokerEventKind::QueueAvailable { queue: queue.clone(), waiting: 2 },
        MessageWaiting => BrokerEventKind::MessageWaiting { message, queue: queue.clone(), waiting: 1 },
    })
}

fn queue_deleted(why: Removal) -> BrokerEventKind {
    BrokerEventKind::QueueDeleted { queue: n("work"), why, messages: 3 }
}

fn dropped(why: DropReason) -> BrokerEventKind {
    BrokerEventKind::MessageDropped { message: MessageId(7), queue: n("work"), why }
}

fn delivery(consumer: Option<Name>, redelivered: bool) -> Delivery {
    let message = Message {
        id: MessageId(7),
        exchange: n("orders"),
        routing_key: n("eu.de"),
        routing_keys: vec![n("eu.de")],
        properties: Properties::default(),
        body: n("hello"),
        published_at: SimTime::ZERO,
        deaths: vec![],
        first_death: None,
    };
    let channel = ChannelId::new(100, 1);
    Delivery { channel, consumer, delivery_tag: DeliveryTag(1), redelivered, queue: n("work"), message, delivery_count: None, message_count: 0, no_ack: false, stream_offset: None }
}

fn explain_broker(kind: &BrokerEventKind, lang: Lang) -> String {
    BrokerEvent { at: SimTime::ZERO, kind: kind.clone() }.explain(lang)
}

#[test]
fn every_message_side_event_has_words_in_each_language() {
    check("MessageEventKind", &message_event_kinds(), explain_message);
    let settles = every!(Settle { Ack => Settle::Ack, NackRequeue => Settle::NackRequeue, Reject => Settle::Reject });
    check("Settle", &settles, |settle, lang| explain_message(&settled(*settle), lang));
    check("EventKind (message broker)", &broker_event_kinds(), explain_broker);
    let removals = every!(Removal {
        Deleted => Removal::Deleted,
        AutoDelete => Removal::AutoDelete,
        Expired => Removal::Expired,
        OwnerClosed => Removal::OwnerClosed,
        Restart => Removal::Restart,
        NodeDown => Removal::NodeDown,
    });
    check("Removal", &removals, |why, lang| explain_broker(&queue_deleted(*why), lang));
    let drops = every!(DropReason {
        Died => DropReason::Died(DeathReason::Expired),
        DeadLetterExchangeMissing => DropReason::DeadLetterExchangeMissing(DeathReason::Maxlen),
        DeadLetterCycle => DropReason::DeadLetterCycle,
        DeadLetterUnroutable => DropReason::DeadLetterUnroutable,
        QueueFull => DropReason::QueueFull,
        Restart => DropReason::Restart,
        ModelLimit => DropReason::ModelLimit,
        QueueDown => DropReason::QueueDown,
        NoQuorum => DropReason::NoQuorum,
        NodeDown => DropReason::NodeDown(NodeId(2)),
    });
    check("DropReason", &drops, |why, lang| explain_broker(&dropped(*why), lang));
}

// The errors: a scenario's, a command's, the message side's, the message broker's (AMQP), the
// definitions import's and the log's.

fn scenario_errors() -> Vec<(&'static str, ScenarioError)> {
    every!(ScenarioError {
        TooLarge => ScenarioError::TooLarge { bytes: 300_000, max: 262_144 },
        Malformed => ScenarioError::Malformed(String::from("expected `,` or `}` at line 3 column 5")),
        UnsupportedVersion => ScenarioError::UnsupportedVersion { found: 7, supported: 1 },
        InvalidName => invalid_name(NameProblem::Empty),
        DuplicateName => duplicate(Declared::Topic),
        OutOfRange => out_of_range(Field::Setting("link_ms")),
        TooMany => too_many(Collection::Topics),
        UnknownTopic => ScenarioError::UnknownTopic { by: Declared::Group, name: String::from("billing"), topic: String::from("gone") },
        InvalidScript => ScenarioError::InvalidScript { step: 2, reason: CommandError::UnknownTopic(String::from("gone")) },
        InvalidConfig => ScenarioError::InvalidConfig { topic: String::from("orders"), property: "min.insync.replicas", value: 0, min: 1, max: 9 },
        MessageBroker => ScenarioError::MessageBroker(MessageSpecError::DuplicateName(String::from("worker"))),
        UnknownVersion => ScenarioError::UnknownVersion { product: Product::Kafka, found: String::from("3.8") },
        ConsumerProtocolUnavailable => ScenarioError::ConsumerProtocolUnavailable { group: String::from("billing"), version: KafkaVersion::V3_9 },
        ShareGroupsUnavailable => ScenarioError::ShareGroupsUnavailable { group: String::from("workers"), version: KafkaVersion::V3_9 },
        ImplicitAcknowledgement => ScenarioError::ImplicitAcknowledgement { group: String::from("workers") },
    })
}

fn invalid_name(reason: NameProblem) -> ScenarioError {
    ScenarioError::InvalidName { what: Declared::Topic, name: String::from("a\u{7}"), reason }
}

fn duplicate(what: Declared) -> ScenarioError {
    ScenarioError::DuplicateName { what, name: String::from("orders") }
}

fn out_of_range(field: Field) -> ScenarioError {
    ScenarioError::OutOfRange { field, value: 0, min: 1, max: 64 }
}

fn too_many(what: Collection) -> ScenarioError {
    ScenarioError::TooMany { what, count: 33, max: 32 }
}

#[test]
fn every_scenario_error_has_words_in_each_language() {
    check("ScenarioError", &scenario_errors(), ScenarioError::explain);
    let problems = every!(NameProblem { Empty => NameProblem::Empty, TooLong => NameProblem::TooLong, ControlCharacter => NameProblem::ControlCharacter });
    check("NameProblem", &problems, |reason, lang| invalid_name(*reason).explain(lang));
    let declared = every!(Declared { Topic => Declared::Topic, Producer => Declared::Producer, Group => Declared::Group });
    check("Declared", &declared, |what, lang| duplicate(*what).explain(lang));
    let products = every!(Product { Kafka => Product::Kafka, RabbitMq => Product::RabbitMq });
    check("Product", &products, |product, lang| {
        ScenarioError::UnknownVersion { product: *product, found: String::from("5.0") }.explain(lang)
    });
    let collections = every!(Collection {
        Topics => Collection::Topics,
        Producers => Collection::Producers,
        Groups => Collection::Groups,
        ScriptSteps => Collection::ScriptSteps,
        Keys => Collection::Keys,
    });
    check("Collection", &collections, |what, lang| too_many(*what).explain(lang));
    let fields = every!(Field {
        Setting => Field::Setting("link_ms"),
        Of => Field::Of { what: Declared::Topic, name: String::from("orders"), key: "partitions" },
        KeyBytes => Field::KeyBytes { producer: String::from("shop") },
        ScriptStepAt => Field::ScriptStepAt { step: 2 },
    });
    check("Field", &fields, |field, lang| out_of_range(field.clone()).explain(lang));
}

fn command_errors() -> Vec<(&'static str, CommandError)> {
    let (group, topic) = (String::from("billing"), String::from("orders"));
    every!(CommandError {
        UnknownProducer => CommandError::UnknownProducer(String::from("shop")),
        KeyTooLong => CommandError::KeyTooLong { bytes: 70, max: 64 },
        ValueTooLong => CommandError::ValueTooLong { bytes: 300, max: 256 },
        UnknownTopic => CommandError::UnknownTopic(topic.clone()),
        UnknownPartition => CommandError::UnknownPartition { topic: topic.clone(), partition: 9 },
        TopicExists => CommandError::TopicExists(topic.clone()),
        InvalidName => CommandError::InvalidName { name: String::new(), reason: NameProblem::Empty },
        OutOfRange => CommandError::OutOfRange { field: "partitions", value: 0, min: 1, max: 64 },
        NotEnoughBrokers => CommandError::NotEnoughBrokers { running: 1, needed: 3 },
        UnknownBroker => CommandError::UnknownBroker(9),
        BrokerAlreadyStopped => CommandError::BrokerAlreadyStopped(1),
        BrokerAlreadyRunning => CommandError::BrokerAlreadyRunning(1),
        UnknownGroup => CommandError::UnknownGroup(group.clone()),
        ImplicitAcknowledgement => CommandError::ImplicitAcknowledgement { group: group.clone() },
        UnknownMember => CommandError::UnknownMember { group: group.clone(), member: 9 },
        MemberState => member_state(MemberState::Crashed),
        DuplicateInstanceId => CommandError::DuplicateInstanceId(String::from("billing-0")),
        TooManyMembers => CommandError::TooManyMembers { max: 32 },
        TooManyTopics => CommandError::TooManyTopics { max: 16 },
        NotOwned => CommandError::NotOwned { group: group.clone(), member: 0, topic: topic.clone(), partition: 1 },
        GroupNotEmpty => CommandError::GroupNotEmpty(group.clone()),
        PartitionsCannotShrink => CommandError::PartitionsCannotShrink { current: 3, requested: 2 },
        NoMessageBroker => CommandError::NoMessageBroker,
        Message => CommandError::Message(MessageCommandError::UnknownPublisher(String::from("shop"))),
    })
}

fn member_state(state: MemberState) -> CommandError {
    CommandError::MemberState { group: String::from("billing"), member: 0, state }
}

#[test]
fn every_command_error_has_words_in_each_language() {
    check("CommandError", &command_errors(), CommandError::explain);
    let states = every!(MemberState {
        Running => MemberState::Running,
        Paused => MemberState::Paused,
        Crashed => MemberState::Crashed,
        Failed => MemberState::Failed,
        Stopped => MemberState::Stopped,
    });
    check("MemberState", &states, |state, lang| member_state(*state).explain(lang));
    let problems = every!(NameProblem { Empty => NameProblem::Empty, TooLong => NameProblem::TooLong, ControlCharacter => NameProblem::ControlCharacter });
    check("NameProblem", &problems, |reason, lang| CommandError::InvalidName { name: String::from("x"), reason: *reason }.explain(lang));
}

fn message_command_errors() -> Vec<(&'static str, MessageCommandError)> {
    every!(MessageCommandError {
        UnknownPublisher => MessageCommandError::UnknownPublisher(String::from("shop")),
        UnknownConsumer => MessageCommandError::UnknownConsumer(String::from("worker")),
        FloodTooLarge => MessageCommandError::FloodTooLarge { count: 2000, max: 1000 },
        ConsumerState => consumer_state(ConsumerState::Running, ConsumerAction::Revive),
        Broker => MessageCommandError::Broker(Error::QueueNotFound(n("work"))),
    })
}

fn consumer_state(state: ConsumerState, command: ConsumerAction) -> MessageCommandError {
    MessageCommandError::ConsumerState { consumer: String::from("worker"), state, command }
}

fn message_spec_errors() -> Vec<(&'static str, MessageSpecError)> {
    every!(MessageSpecError {
        Definitions => MessageSpecError::Definitions { error: DefinitionsError::Shape { problem: ShapeProblem::ArgumentsNotAnObject } },
        Clients => MessageSpecError::Clients { error: Error::LimitReached { what: Limit::Channels, max: 64 } },
        Nodes => MessageSpecError::Nodes { error: Error::ClusterSize { nodes: 9, max: 7 } },
        TooMany => MessageSpecError::TooMany { count: 40, max: 32 },
        DuplicateName => MessageSpecError::DuplicateName(String::from("worker")),
        InvalidName => MessageSpecError::InvalidName(String::new()),
        UnknownQueue => MessageSpecError::UnknownQueue { consumer: String::from("worker"), queue: String::from("gone") },
        UnknownExchange => MessageSpecError::UnknownExchange { publisher: String::from("shop"), exchange: String::from("gone") },
        InvalidHeaders => MessageSpecError::InvalidHeaders { publisher: String::from("shop") },
        OutOfRange => spec_out_of_range(Client::Consumer),
    })
}

fn spec_out_of_range(client: Client) -> MessageSpecError {
    MessageSpecError::OutOfRange { client, name: String::from("worker"), key: "every_ms", value: 90_000_000, max: 86_400_000 }
}

#[test]
fn every_message_side_error_has_words_in_each_language() {
    check("MessageCommandError", &message_command_errors(), MessageCommandError::explain);
    let states = every!(ConsumerState { Running => ConsumerState::Running, Paused => ConsumerState::Paused, Down => ConsumerState::Down });
    check("ConsumerState", &states, |state, lang| consumer_state(*state, ConsumerAction::Pause).explain(lang));
    let actions = every!(ConsumerAction {
        CrashOrClose => ConsumerAction::CrashOrClose,
        Revive => ConsumerAction::Revive,
        Pause => ConsumerAction::Pause,
        Resume => ConsumerAction::Resume,
    });
    check("ConsumerAction", &actions, |action, lang| consumer_state(ConsumerState::Down, *action).explain(lang));
    check("MessageSpecError", &message_spec_errors(), MessageSpecError::explain);
    let clients = every!(Client { Publisher => Client::Publisher, Consumer => Client::Consumer });
    check("Client", &clients, |client, lang| spec_out_of_range(*client).explain(lang));
}

fn broker_errors() -> Vec<(&'static str, Error)> {
    let (exchange, queue, channel) = (n("orders"), n("work"), ChannelId::new(1, 1));
    every!(Error {
        ExchangeNotFound => Error::ExchangeNotFound(exchange.clone()),
        QueueNotFound => Error::QueueNotFound(queue.clone()),
        DefaultExchangeAccess => Error::DefaultExchangeAccess,
        ReservedName => Error::ReservedName(n("amq.mine")),
        InternalExchange => Error::InternalExchange(exchange.clone()),
        ExclusiveConsumer => Error::ExclusiveConsumer(queue.clone()),
        ResourceLocked => Error::ResourceLocked(queue.clone()),
        ExchangeInequivalent => Error::ExchangeInequivalent { exchange: exchange.clone(), field: "type" },
        QueueInequivalent => Error::QueueInequivalent { queue: queue.clone(), field: "durable" },
        InvalidArgument => invalid_argument(ArgumentProblem::NotPositive),
        UnknownDeliveryTag => Error::UnknownDeliveryTag(DeliveryTag(9)),
        InUse => Error::InUse(queue.clone()),
        NotEmpty => Error::NotEmpty(queue.clone()),
        ChannelNotOpen => Error::ChannelNotOpen(channel),
        ChannelAlreadyOpen => Error::ChannelAlreadyOpen(channel),
        ConsumerTagInUse => Error::ConsumerTagInUse(n("worker")),
        NotImplemented => Error::NotImplemented("queue.purge"),
        StreamPrefetchRequired => Error::StreamPrefetchRequired(queue.clone()),
        StreamUnsupported => Error::StreamUnsupported { queue: queue.clone(), what: StreamUnsupported::AutomaticAcknowledgement },
        StreamUnsupported => Error::StreamUnsupported { queue: queue.clone(), what: StreamUnsupported::Get },
        StreamUnsupported => Error::StreamUnsupported { queue: queue.clone(), what: StreamUnsupported::NackOrReject },
        StreamOffsetInvalid => Error::StreamOffsetInvalid { found: n("bogus") },
        TimeWentBackwards => Error::TimeWentBackwards { now: at(500), requested: at(200) },
        LimitReached => limit_reached(Limit::Queues),
        QueueDown => Error::QueueDown { queue: queue.clone(), node: NodeId(2) },
        QueueUnavailable => Error::QueueUnavailable(queue.clone()),
        NodeNotFound => Error::NodeNotFound(NodeId(9)),
        NodeState => Error::NodeState { node: NodeId(2), running: true },
        NodeState => Error::NodeState { node: NodeId(2), running: false },
        LastRunningNode => Error::LastRunningNode(NodeId(1)),
        ClusterSize => Error::ClusterSize { nodes: 0, max: 7 },
    })
}

fn invalid_argument(problem: ArgumentProblem) -> Error {
    Error::InvalidArgument { name: n("x-expires"), problem }
}

fn limit_reached(what: Limit) -> Error {
    Error::LimitReached { what, max: 64 }
}

#[test]
fn every_message_broker_error_has_words_in_each_language() {
    check("Error", &broker_errors(), Error::explain);
    let problems = every!(ArgumentProblem {
        QueueType => ArgumentProblem::QueueType,
        Overflow => ArgumentProblem::Overflow,
        XMatch => ArgumentProblem::XMatch { found: String::from("\"nonsense\"") },
        NotPositive => ArgumentProblem::NotPositive,
        Negative => ArgumentProblem::Negative(-1),
        IntegerExpected => ArgumentProblem::IntegerExpected { found: "string" },
        StringExpected => ArgumentProblem::StringExpected { found: "integer" },
        NotAnInteger => ArgumentProblem::NotAnInteger,
        NotABoolean => ArgumentProblem::NotABoolean,
        NotStrings => ArgumentProblem::NotStrings,
        PriorityTooHigh => ArgumentProblem::PriorityTooHigh,
        NeedsDeadLetterExchange => ArgumentProblem::NeedsDeadLetterExchange,
        QuorumNotDurable => ArgumentProblem::QuorumNotDurable,
        QuorumExclusive => ArgumentProblem::QuorumExclusive,
        QuorumAutoDelete => ArgumentProblem::QuorumAutoDelete,
        NotForQuorum => ArgumentProblem::NotForQuorum,
        DeadLetterStrategy => ArgumentProblem::DeadLetterStrategy,
        LeaderLocator => ArgumentProblem::LeaderLocator,
        GroupSize => ArgumentProblem::GroupSize,
        StreamArgument => ArgumentProblem::StreamArgument,
        MaxAge => ArgumentProblem::MaxAge,
        StreamNonDurable => ArgumentProblem::StreamNonDurable,
        StreamExclusive => ArgumentProblem::StreamExclusive,
        StreamAutoDelete => ArgumentProblem::StreamAutoDelete,
        StreamServerNamed => ArgumentProblem::StreamServerNamed,
    });
    check("ArgumentProblem", &problems, |problem, lang| invalid_argument(problem.clone()).explain(lang));
    let limits = every!(Limit {
        Channels => Limit::Channels,
        Consumers => Limit::Consumers,
        Exchanges => Limit::Exchanges,
        Queues => Limit::Queues,
        Bindings => Limit::Bindings,
        BodyBytes => Limit::BodyBytes,
        MessagesHeld => Limit::MessagesHeld,
        NameBytes => Limit::NameBytes,
    });
    check("Limit", &limits, |what, lang| limit_reached(*what).explain(lang));
}

fn definitions_errors() -> Vec<(&'static str, DefinitionsError)> {
    every!(DefinitionsError {
        Json => DefinitionsError::Json { problem: JsonProblem::Syntax(String::from("EOF while parsing a list at line 1 column 12")) },
        Json => DefinitionsError::Json { problem: JsonProblem::NotAnObject },
        Shape => shape(ShapeProblem::ArgumentsNotAnObject),
        Broker => refused(Definition::Time),
    })
}

fn shape(problem: ShapeProblem) -> DefinitionsError {
    DefinitionsError::Shape { problem }
}

fn refused(what: Definition) -> DefinitionsError {
    DefinitionsError::Broker { what, error: Error::QueueNotFound(n("work")) }
}

#[test]
fn every_definitions_and_log_error_has_words_in_each_language() {
    check("DefinitionsError", &definitions_errors(), DefinitionsError::explain);
    let problems = every!(JsonProblem { Syntax => JsonProblem::Syntax(String::from("expected value at line 1 column 1")), NotAnObject => JsonProblem::NotAnObject });
    check("JsonProblem", &problems, |problem, lang| DefinitionsError::Json { problem: problem.clone() }.explain(lang));
    let problems = every!(ShapeProblem {
        NotAList => ShapeProblem::NotAList { list: "queues" },
        EntryNotAnObject => ShapeProblem::EntryNotAnObject { list: "queues" },
        FieldMissing => ShapeProblem::FieldMissing { list: "queues", key: "name" },
        FieldNotAString => ShapeProblem::FieldNotAString { list: "queues", key: "name" },
        FieldNotABoolean => ShapeProblem::FieldNotABoolean { key: "durable" },
        ArgumentsNotAnObject => ShapeProblem::ArgumentsNotAnObject,
        DestinationType => ShapeProblem::DestinationType { found: String::from("topic") },
        RoutingKeyNotAString => ShapeProblem::RoutingKeyNotAString,
    });
    check("ShapeProblem", &problems, |problem, lang| shape(problem.clone()).explain(lang));
    let definitions = every!(Definition {
        Time => Definition::Time,
        Exchange => Definition::Exchange(String::from("orders")),
        Queue => Definition::Queue(String::from("work")),
        Binding => Definition::Binding { source: String::from("orders"), destination: String::from("work"), routing_key: String::from("eu.*") },
    });
    check("Definition", &definitions, |what, lang| refused(what.clone()).explain(lang));
    let appends = every!(AppendError { KeylessOnCompacted => AppendError::KeylessOnCompacted });
    check("AppendError", &appends, AppendError::explain);
}

#[test]
fn every_share_link_error_has_words_in_each_language() {
    let errors = every!(FragmentError {
        TooLong => FragmentError::TooLong { chars: 70_000, max: 65_536 },
        NotAShareLink => FragmentError::NotAShareLink,
        FutureVersion => FragmentError::FutureVersion { found: 9, supported: 2 },
        BadEncoding => FragmentError::BadEncoding,
        BadStep => FragmentError::BadStep,
        BadLesson => FragmentError::BadLesson,
    });
    check("FragmentError", &errors, FragmentError::explain);
}

#[test]
fn every_share_partition_refusal_has_words() {
    let state = |problem| ShareError::InvalidRecordState { first: 5, last: 9, problem };
    let request = |problem| ShareError::InvalidRequest { first: 5, last: 9, problem };
    let errors = every!(ShareError {
        InvalidRecordState => state(StateProblem::NotInFlight),
        InvalidRecordState => state(StateProblem::NotAcquired),
        InvalidRecordState => state(StateProblem::NotOwner),
        InvalidRequest => request(RequestProblem::FirstAfterLast),
        InvalidRequest => request(RequestProblem::TypeCount { types: 3 }),
        InvalidRequest => request(RequestProblem::PastInFlight),
        FetchedBatches => ShareError::FetchedBatches(BatchProblem::FirstAfterLast { first: 9, last: 5 }),
        FetchedBatches => ShareError::FetchedBatches(BatchProblem::NotAscending { first: 3, previous_last: 4 }),
        FetchedBatches => ShareError::FetchedBatches(BatchProblem::SpanTooLong { first: 0, last: 200_000 }),
        FetchedBatches => ShareError::FetchedBatches(BatchProblem::TooMany { batches: 1_001 }),
        TooManyAcknowledgementBatches => ShareError::TooManyAcknowledgementBatches { batches: 1_001 },
        OffsetTooLarge => ShareError::OffsetTooLarge { offset: u64::MAX },
    });
    check("ShareError", &errors, ShareError::explain);
    let settings = [ShareSetting::DeliveryCountLimit, ShareSetting::RecordLockDurationMs, ShareSetting::MaxInflightRecords];
    let configs: Vec<(&str, ShareConfigError)> =
        settings.iter().map(|&setting| ("OutOfRange", ShareConfigError { setting, value: 0 })).collect();
    check("ShareConfigError", &configs, ShareConfigError::explain);
}

/// Moved from the page's tests when the Korean for core errors left `web/src/setup.rs`.
#[test]
fn a_refused_partition_count_says_in_korean_that_partitions_only_grow() {
    let shrink = CommandError::PartitionsCannotShrink { current: 3, requested: 2 };
    assert!(shrink.explain(Lang::Ko).contains("늘릴 수만"));
}
