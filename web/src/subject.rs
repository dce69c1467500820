//! What the learner can inspect: a [`Subject`] names one thing in either model (a record,
//! partition, broker, group, member or producer; an exchange, binding, queue, message or
//! consumer). The views write it as a `data-inspect` attribute ([`Subject::attr`]), the
//! inspector reads it back ([`Subject::parse`]), and the event log links each line to the
//! subject its event is about ([`event_subject`], [`message_event_subject`]). No DOM here.

use brokerlab_core::EventKind;
use brokerlab_core::event_broker::PartitionIndex;
use brokerlab_core::message_broker::event::EventKind as BrokerEventKind;
use brokerlab_core::world::message::MessageEventKind;

use crate::words::{Ui, Words};

/// One thing in either model that the inspector can show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Subject {
    Record { topic: String, partition: u32, offset: u64 },
    Partition { topic: String, partition: u32 },
    Broker(u32),
    Group(String),
    Member { group: String, member: u32 },
    Producer(String),
    /// A share group (KIP-932) and one of its share-partitions (of the group's one topic).
    ShareGroup(String),
    SharePartition { group: String, partition: u32 },
    Exchange(String),
    Binding { source: String, destination: String, routing_key: String },
    Queue(String),
    Message(u64),
    Consumer(String),
}

fn escape(name: &str) -> String {
    name.replace('%', "%25").replace('/', "%2F")
}

fn unescape(text: &str) -> String {
    text.replace("%2F", "/").replace("%25", "%")
}

impl Subject {
    /// The `data-inspect` attribute: `kind/field/…`, names with `/` and `%` escaped.
    pub fn attr(&self) -> String {
        match self {
            Subject::Record { topic, partition, offset } => format!("record/{}/{partition}/{offset}", escape(topic)),
            Subject::Partition { topic, partition } => format!("partition/{}/{partition}", escape(topic)),
            Subject::Broker(b) => format!("broker/{b}"),
            Subject::Group(g) => format!("group/{}", escape(g)),
            Subject::Member { group, member } => format!("member/{}/{member}", escape(group)),
            Subject::Producer(p) => format!("producer/{}", escape(p)),
            Subject::ShareGroup(g) => format!("share-group/{}", escape(g)),
            Subject::SharePartition { group, partition } => format!("share-partition/{}/{partition}", escape(group)),
            Subject::Exchange(x) => format!("exchange/{}", escape(x)),
            Subject::Binding { source, destination, routing_key } => {
                format!("binding/{}/{}/{}", escape(source), escape(destination), escape(routing_key))
            }
            Subject::Queue(q) => format!("queue/{}", escape(q)),
            Subject::Message(m) => format!("message/{m}"),
            Subject::Consumer(c) => format!("consumer/{}", escape(c)),
        }
    }

    pub fn parse(text: &str) -> Option<Subject> {
        let parts: Vec<String> = text.split('/').map(unescape).collect();
        let number = |i: usize| parts.get(i).and_then(|p| p.parse::<u64>().ok());
        let name = |i: usize| parts.get(i).cloned();
        let subject = match (parts.first()?.as_str(), parts.len()) {
            ("record", 4) => Subject::Record { topic: name(1)?, partition: u32::try_from(number(2)?).ok()?, offset: number(3)? },
            ("partition", 3) => Subject::Partition { topic: name(1)?, partition: u32::try_from(number(2)?).ok()? },
            ("broker", 2) => Subject::Broker(u32::try_from(number(1)?).ok()?),
            ("group", 2) => Subject::Group(name(1)?),
            ("member", 3) => Subject::Member { group: name(1)?, member: u32::try_from(number(2)?).ok()? },
            ("producer", 2) => Subject::Producer(name(1)?),
            ("share-group", 2) => Subject::ShareGroup(name(1)?),
            ("share-partition", 3) => Subject::SharePartition { group: name(1)?, partition: u32::try_from(number(2)?).ok()? },
            ("exchange", 2) => Subject::Exchange(name(1)?),
            ("binding", 4) => Subject::Binding { source: name(1)?, destination: name(2)?, routing_key: name(3)? },
            ("queue", 2) => Subject::Queue(name(1)?),
            ("message", 2) => Subject::Message(number(1)?),
            ("consumer", 2) => Subject::Consumer(name(1)?),
            _ => return None,
        };
        Some(subject)
    }

    /// Whether it lives in the event broker (Kafka) rather than the message broker.
    pub fn is_kafka(&self) -> bool {
        matches!(
            self,
            Subject::Record { .. }
                | Subject::Partition { .. }
                | Subject::Broker(_)
                | Subject::Group(_)
                | Subject::Member { .. }
                | Subject::Producer(_)
                | Subject::ShareGroup(_)
                | Subject::SharePartition { .. }
        )
    }

    /// What kind of thing it is, in the inspector's heading.
    pub(crate) fn kind(&self, w: Words) -> &'static str {
        match self {
            Subject::Record { .. } => w.ui(Ui::SubjectRecord),
            Subject::Partition { .. } => w.ui(Ui::SubjectPartition),
            Subject::Broker(_) => w.ui(Ui::SubjectBroker),
            Subject::Group(_) => w.ui(Ui::SubjectGroup),
            Subject::Member { .. } => w.ui(Ui::SubjectMember),
            Subject::Producer(_) => w.ui(Ui::SubjectProducer),
            Subject::ShareGroup(_) => w.ui(Ui::SubjectShareGroup),
            Subject::SharePartition { .. } => w.ui(Ui::SubjectSharePartition),
            Subject::Exchange(_) => w.ui(Ui::SubjectExchange),
            Subject::Binding { .. } => w.ui(Ui::SubjectBinding),
            Subject::Queue(_) => w.ui(Ui::SubjectQueue),
            Subject::Message(_) => w.ui(Ui::SubjectMessage),
            Subject::Consumer(_) => w.ui(Ui::SubjectConsumer),
        }
    }

    /// Which one it is, in the inspector's heading (the default exchange in `w`'s words).
    pub(crate) fn title(&self, w: Words) -> String {
        match self {
            Subject::Record { topic, partition, offset } => format!("{topic} P{partition} @{offset}"),
            Subject::Partition { topic, partition } => format!("{topic} P{partition}"),
            Subject::Broker(b) => format!("b{b}"),
            Subject::Group(g) | Subject::ShareGroup(g) => g.clone(),
            Subject::SharePartition { group, partition } => format!("{group} P{partition}"),
            Subject::Member { group, member } => format!("{group} m{member}"),
            Subject::Producer(p) | Subject::Exchange(p) | Subject::Queue(p) | Subject::Consumer(p) => {
                if p.is_empty() { w.ui(Ui::DefaultExchangeName).to_string() } else { p.clone() }
            }
            Subject::Binding { source, destination, routing_key } => format!("{source} → {destination} \"{routing_key}\""),
            Subject::Message(m) => format!("m{m}"),
        }
    }
}

/// The subject an event-broker event is about, for the event log's link.
pub fn event_subject(kind: &EventKind) -> Option<Subject> {
    let part = |topic: &str, p: PartitionIndex| Subject::Partition { topic: topic.to_string(), partition: p.0 };
    Some(match kind {
        EventKind::RecordAppended { topic, partition, offset, .. } => {
            Subject::Record { topic: topic.to_string(), partition: partition.0, offset: offset.0 }
        }
        EventKind::RecordSent { producer, .. } => Subject::Producer(producer.to_string()),
        EventKind::RecordRejected { topic, partition, .. }
        | EventKind::HighWatermarkAdvanced { topic, partition, .. }
        | EventKind::IsrShrunk { topic, partition, .. }
        | EventKind::IsrExpanded { topic, partition, .. }
        | EventKind::LeaderElected { topic, partition, .. }
        | EventKind::ElrLeaderElected { topic, partition, .. }
        | EventKind::LastKnownLeaderElected { topic, partition, .. }
        | EventKind::ElrChanged { topic, partition, .. }
        | EventKind::IsrShrunkByController { topic, partition, .. }
        | EventKind::PartitionOffline { topic, partition, .. }
        | EventKind::ReplicaTruncated { topic, partition, .. } => part(topic, *partition),
        EventKind::BrokerStopped { broker } | EventKind::BrokerStarted { broker } | EventKind::ControlledShutdown { broker } => {
            Subject::Broker(broker.0)
        }
        EventKind::RecordsFetched { group, member, .. }
        | EventKind::RecordsProcessed { group, member, .. }
        | EventKind::OffsetCommitted { group, member, .. }
        | EventKind::CommitFailed { group, member, .. }
        | EventKind::PartitionsRevoked { group, member, .. }
        | EventKind::PartitionsAssigned { group, member, .. }
        | EventKind::MemberJoined { group, member, .. }
        | EventKind::MemberLeft { group, member, .. }
        | EventKind::MemberCrashed { group, member }
        | EventKind::MemberPaused { group, member }
        | EventKind::MemberResumed { group, member }
        | EventKind::StaticMemberReturned { group, member, .. }
        | EventKind::MemberReconciled { group, member, .. }
        | EventKind::MemberFenced { group, member, .. }
        | EventKind::OffsetReset { group, member, .. } => Subject::Member { group: group.to_string(), member: *member },
        EventKind::RebalanceStarted { group, .. }
        | EventKind::GroupEpochBumped { group, .. }
        | EventKind::TargetAssignmentComputed { group, .. } => Subject::Group(group.to_string()),
        EventKind::ShareRecordsAcquired { group, partition, .. }
        | EventKind::ShareAcknowledgementSent { group, partition, .. }
        | EventKind::ShareRecordsAcknowledged { group, partition, .. }
        | EventKind::ShareAcknowledgementRefused { group, partition, .. }
        | EventKind::ShareLocksExpired { group, partition, .. }
        | EventKind::ShareRecordsArchived { group, partition, .. } => {
            Subject::SharePartition { group: group.to_string(), partition: partition.0 }
        }
        EventKind::ShareMemberCrashed { group, .. }
        | EventKind::ShareMemberRevived { group, .. }
        | EventKind::ShareAssignmentComputed { group, .. }
        | EventKind::ShareMemberLeft { group, .. }
        | EventKind::ShareMemberPaused { group, .. }
        | EventKind::ShareMemberResumed { group, .. }
        | EventKind::ShareMemberAnswerSet { group, .. }
        | EventKind::ShareGroupConfigSet { group, .. } => Subject::ShareGroup(group.to_string()),
        EventKind::Message(event) => return message_event_subject(&event.kind),
        _ => return None,
    })
}

/// The subject a message-broker event is about, for the event log's link.
pub fn message_event_subject(kind: &MessageEventKind) -> Option<Subject> {
    Some(match kind {
        MessageEventKind::PublishSent { exchange, .. } => Subject::Exchange(exchange.to_string()),
        MessageEventKind::PublishArrived { message, .. }
        | MessageEventKind::DeliverySent { message, .. }
        | MessageEventKind::ProcessingStarted { message, .. }
        | MessageEventKind::SettleSent { message, .. } => Subject::Message(message.0),
        MessageEventKind::ConsumerCrashed { consumer, .. }
        | MessageEventKind::ConsumerRevived { consumer }
        | MessageEventKind::ConsumerPaused { consumer }
        | MessageEventKind::ConsumerResumed { consumer } => Subject::Consumer(consumer.to_string()),
        MessageEventKind::PublishRefused { .. } => return None,
        MessageEventKind::Broker(kind) => match kind {
            BrokerEventKind::MessagePublished { message, .. }
            | BrokerEventKind::AlternateExchangeUsed { message, .. }
            | BrokerEventKind::MessageRouted { message, .. }
            | BrokerEventKind::MessageEnqueued { message, .. }
            | BrokerEventKind::MessageUnroutable { message, .. }
            | BrokerEventKind::MessageReturned { message, .. }
            | BrokerEventKind::PublishRejected { message, .. }
            | BrokerEventKind::PublishConfirmed { message, .. }
            | BrokerEventKind::MessageAcked { message, .. }
            | BrokerEventKind::MessageRequeued { message, .. }
            | BrokerEventKind::MessageDeadLettered { message, .. }
            | BrokerEventKind::MessageDropped { message, .. } => Subject::Message(message.0),
            BrokerEventKind::MessageDelivered { delivery } => Subject::Message(delivery.message.id.0),
            BrokerEventKind::ExchangeDeclared { exchange, .. } | BrokerEventKind::ExchangeDeleted { exchange, .. } => {
                Subject::Exchange(exchange.to_string())
            }
            BrokerEventKind::QueueDeclared { queue, .. } | BrokerEventKind::QueueDeleted { queue, .. } => Subject::Queue(queue.to_string()),
            BrokerEventKind::Bound { source, destination, routing_key, .. }
            | BrokerEventKind::Unbound { source, destination, routing_key, .. } => Subject::Binding {
                source: source.to_string(),
                destination: destination.to_string(),
                routing_key: routing_key.to_string(),
            },
            BrokerEventKind::ConsumerStarted { consumer, .. }
            | BrokerEventKind::ConsumerCancelled { consumer, .. }
            | BrokerEventKind::SingleActiveConsumer { consumer, .. } => Subject::Consumer(consumer.to_string()),
            _ => return None,
        },
    })
}
