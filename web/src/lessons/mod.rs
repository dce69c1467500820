//! Guided lessons: a scenario plus short steps, one idea each. A step may offer an action (a
//! command on the lesson's broker) so the learner does the thing the step talks about. The
//! words (titles, steps, action labels) are in each language's catalogue (`words/`), keyed by
//! the lesson's id and the step's index; this file holds what the lessons do. Their scenarios
//! are the core's (`brokerlab_core::lessons`), which the CLI runs too. Written for
//! Brokerlab; no text is taken from elsewhere.

use brokerlab_core::Command;
use brokerlab_core::versions::KafkaVersion;
use brokerlab_core::lessons::{
    ACKS, COMPACTION, DURABILITY, ELR, KAFKA_QUEUE, KEYS, MIN_ISR, OFFSET_RESET, PERSISTENCE, POISON, REPLICATED, PREFETCH, PRIORITIES, PUBSUB, REBALANCE, REPLAY, REPLICATION,
    ROUTING, SHARE_LOCKS, SHARE_POISON, SLOW_CONSUMER, STREAM_LOG, WORK_QUEUE,
};
use brokerlab_core::event_broker::share::ShareSetting;
use brokerlab_core::world::ShareCommand;
use brokerlab_core::world::message::MessageCommand;

use crate::checkpoint::{Ask, Fate, Watch};
use crate::view_kind::ViewKind;

/// A lesson, as links, widgets and the catalogues name it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LessonId {
    Pubsub,
    Keys,
    Rebalance,
    OffsetReset,
    SlowConsumer,
    Replay,
    Compaction,
    Replication,
    Durability,
    MinIsr,
    Elr,
    KafkaQueue,
    ShareLocks,
    SharePoison,
    WorkQueue,
    Prefetch,
    Routing,
    Acks,
    Poison,
    Persistence,
    Replicated,
    StreamLog,
    Priorities,
    Compare,
}

impl LessonId {
    /// The id in share links and a widget's `lesson` option: `pubsub`, `work-queue`, …
    pub fn as_str(self) -> &'static str {
        match self {
            LessonId::Pubsub => "pubsub",
            LessonId::Keys => "keys",
            LessonId::Rebalance => "rebalance",
            LessonId::OffsetReset => "offset-reset",
            LessonId::SlowConsumer => "slow-consumer",
            LessonId::Compaction => "compaction",
            LessonId::Durability => "durability",
            LessonId::MinIsr => "min-isr",
            LessonId::Elr => "elr",
            LessonId::KafkaQueue => "kafka-queue",
            LessonId::ShareLocks => "share-locks",
            LessonId::SharePoison => "share-poison",
            LessonId::Prefetch => "prefetch",
            LessonId::Poison => "poison",
            LessonId::Replay => "replay",
            LessonId::Replication => "replication",
            LessonId::WorkQueue => "work-queue",
            LessonId::Routing => "routing",
            LessonId::Acks => "acks",
            LessonId::Persistence => "persistence",
            LessonId::Replicated => "replicated",
            LessonId::StreamLog => "stream-log",
            LessonId::Priorities => "priorities",
            LessonId::Compare => "compare",
        }
    }
}

pub use crate::lesson_action::Action;

/// One step; its text, its action's label and its question are in the catalogues.
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    /// What the step's button does.
    pub action: Option<Action>,
    /// What the step asks before its action (predict, then watch): only the kind of question;
    /// the answer is worked out from the model when the learner acts (`checkpoint.rs`).
    pub ask: Option<Ask>,
    /// The diagram's elements the step talks about, highlighted while it is open.
    pub watch: &'static [Watch<'static>],
}

impl Step {
    /// The step asks `ask` before its action.
    fn ask(self, ask: Ask) -> Step {
        Step { ask: Some(ask), ..self }
    }

    /// The step points at `watch` in the diagram.
    fn watch(self, watch: &'static [Watch<'static>]) -> Step {
        Step { watch, ..self }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Lesson {
    pub id: LessonId,
    pub view: ViewKind,
    /// An event-broker scenario (Event view) or a message-broker spec (Message view).
    pub scenario: &'static str,
    pub steps: Vec<Step>,
}

/// A step to read.
fn read() -> Step {
    Step { action: None, ask: None, watch: &[] }
}

/// A step with an action.
fn act(action: Action) -> Step {
    Step { action: Some(action), ask: None, watch: &[] }
}

fn kafka(c: Command) -> Action {
    Action::Event(c)
}

fn rabbit(c: MessageCommand) -> Action {
    Action::Message(c)
}

fn produce(key: &str) -> Action {
    kafka(Command::Produce { producer: "shop".into(), key: Some(key.into()), value: None })
}

fn produce_value(producer: &str, key: &str, value: Option<&str>) -> Action {
    kafka(Command::Produce { producer: producer.into(), key: Some(key.into()), value: value.map(Into::into) })
}

fn publish(key: &str) -> Action {
    rabbit(MessageCommand::Publish { publisher: "shop".into(), routing_key: Some(key.into()) })
}

/// Every lesson, in teaching order.
pub fn all() -> Vec<Lesson> {
    [log_lessons(), keeping_lessons(), queue_lessons(), settling_lessons()].concat()
}

/// A log and its readers: keys, groups, offsets and slow readers.
fn log_lessons() -> Vec<Lesson> {
    use Watch::{Group, Partition, Producer};
    vec![
        Lesson {
            id: LessonId::Pubsub,
            view: ViewKind::Event,
            scenario: PUBSUB,
            steps: vec![
                read().watch(&[Producer("shop"), Partition("orders", 0), Partition("orders", 1), Partition("orders", 2)]),
                read().watch(&[Group("payment"), Group("inventory"), Group("notification")]),
                read().watch(&[Group("notification")]),
                act(kafka(Command::CrashMember { group: "notification".into(), member: 0 }))
                    .ask(Ask::OthersKeepReading { group: "notification" })
                    .watch(&[Group("notification"), Group("payment"), Group("inventory")]),
                act(kafka(Command::ReviveMember { group: "notification".into(), member: 0 }))
                    .ask(Ask::StartsAt { group: "notification" })
                    .watch(&[Group("notification"), Partition("orders", 0)]),
            ],
        },
        Lesson {
            id: LessonId::Keys,
            view: ViewKind::Event,
            scenario: KEYS,
            steps: vec![
                act(produce("alice")).ask(Ask::Partition).watch(&[Producer("shop")]),
                act(produce("alice")).ask(Ask::Partition).watch(&[Producer("shop")]),
                act(kafka(Command::AddPartitions { topic: "orders".into(), partitions: 4 })),
                act(produce("alice")).ask(Ask::Partition).watch(&[Producer("shop")]),
                act(Action::ProduceTyped("shop")).ask(Ask::Partition).watch(&[Producer("shop")]),
            ],
        },
        Lesson {
            id: LessonId::Rebalance,
            view: ViewKind::Event,
            scenario: REBALANCE,
            steps: vec![
                read().watch(&[Group("eager"), Group("cooperative")]),
                act(kafka(Command::CrashMember { group: "eager".into(), member: 0 }))
                    .ask(Ask::Revokes { group: "eager" })
                    .watch(&[Group("eager")]),
                act(kafka(Command::CrashMember { group: "cooperative".into(), member: 0 }))
                    .ask(Ask::Revokes { group: "cooperative" })
                    .watch(&[Group("cooperative")]),
                // Kafka 4's consumer rebalance protocol (KIP-848): the same question, a third answer.
                read().watch(&[Group("consumer")]),
                act(kafka(Command::RemoveMember { group: "consumer".into(), member: 0 }))
                    .ask(Ask::Revokes { group: "consumer" })
                    .watch(&[Group("consumer")]),
            ],
        },
        Lesson {
            id: LessonId::OffsetReset,
            view: ViewKind::Event,
            scenario: OFFSET_RESET,
            steps: vec![
                read().watch(&[Group("billing")]),
                act(kafka(Command::CrashMember { group: "billing".into(), member: 0 })).watch(&[Group("billing")]),
                act(kafka(Command::ReviveMember { group: "billing".into(), member: 0 }))
                    .ask(Ask::StartsAt { group: "billing" })
                    .watch(&[Group("billing"), Partition("orders", 0)]),
                act(kafka(Command::AddMember { group: "fresh".into(), instance_id: None }))
                    .ask(Ask::StartsAt { group: "fresh" })
                    .watch(&[Group("fresh"), Partition("orders", 0)]),
            ],
        },
        Lesson {
            id: LessonId::SlowConsumer,
            view: ViewKind::Event,
            scenario: SLOW_CONSUMER,
            steps: vec![
                read().watch(&[Group("renderer")]),
                act(produce_value("app", "monthly", Some("report")))
                    .ask(Ask::Evicted { group: "renderer" })
                    .watch(&[Group("renderer")]),
                read().watch(&[Group("renderer")]),
            ],
        },
    ]
}

/// What the log keeps and how safely: retention, compaction, replication.
fn keeping_lessons() -> Vec<Lesson> {
    use Watch::{Broker, Group, Partition, Producer};
    vec![
        Lesson {
            id: LessonId::Replay,
            view: ViewKind::Event,
            scenario: REPLAY,
            steps: vec![
                read().watch(&[Partition("orders", 0), Group("payment")]),
                read().watch(&[Partition("orders", 0)]),
                act(kafka(Command::Seek { group: "payment".into(), member: 0, topic: "orders".into(), partition: 0,
                                          to: brokerlab_core::world::SeekTo::Beginning }))
                    .ask(Ask::StartsAt { group: "payment" })
                    .watch(&[Group("payment"), Partition("orders", 0)]),
                act(kafka(Command::AddMember { group: "audit".into(), instance_id: None }))
                    .ask(Ask::StartsAt { group: "audit" })
                    .watch(&[Group("audit"), Partition("orders", 0)]),
                act(kafka(Command::AddMember { group: "alerts".into(), instance_id: None }))
                    .ask(Ask::StartsAt { group: "alerts" })
                    .watch(&[Group("alerts"), Partition("orders", 0)]),
                read(),
            ],
        },
        Lesson {
            id: LessonId::Compaction,
            view: ViewKind::Event,
            scenario: COMPACTION,
            steps: vec![
                read().watch(&[Partition("prices", 0)]),
                act(produce_value("shop", "apple", Some("1.00"))).watch(&[Partition("prices", 0)]),
                act(produce_value("shop", "apple", Some("1.20")))
                    .ask(Ask::Kept { topic: "prices", key: "apple" })
                    .watch(&[Partition("prices", 0)]),
                act(produce_value("shop", "apple", None))
                    .ask(Ask::Kept { topic: "prices", key: "apple" })
                    .watch(&[Partition("prices", 0)]),
                read(),
            ],
        },
        Lesson {
            id: LessonId::Replication,
            view: ViewKind::Event,
            scenario: REPLICATION,
            steps: vec![
                read().watch(&[Partition("orders", 0), Broker(0), Broker(1), Broker(2)]),
                act(kafka(Command::KillBroker { broker: 0 }))
                    .ask(Ask::Leader { topic: "orders", partition: 0 })
                    .watch(&[Broker(0), Partition("orders", 0)]),
                act(kafka(Command::KillBroker { broker: 1 }))
                    .ask(Ask::NextProduce { producer: "shop" })
                    .watch(&[Broker(1), Producer("shop")]),
                read().watch(&[Producer("tracker"), Partition("clicks", 0)]),
                act(kafka(Command::KillBroker { broker: 2 }))
                    .ask(Ask::Leader { topic: "orders", partition: 0 })
                    .watch(&[Broker(2), Partition("orders", 0)]),
                act(kafka(Command::ReviveBroker { broker: 0 }))
                    .ask(Ask::Leader { topic: "clicks", partition: 0 })
                    .watch(&[Broker(0), Partition("clicks", 0), Partition("orders", 0)]),
                act(kafka(Command::ReviveBroker { broker: 2 }))
                    .ask(Ask::Leader { topic: "orders", partition: 0 })
                    .watch(&[Broker(2), Partition("orders", 0)]),
            ],
        },
        Lesson {
            id: LessonId::Durability,
            view: ViewKind::Event,
            scenario: DURABILITY,
            steps: vec![
                read().watch(&[Partition("payments", 0), Producer("bank")]),
                act(kafka(Command::KillBroker { broker: 1 })).watch(&[Broker(1)]),
                act(kafka(Command::KillBroker { broker: 2 }))
                    .ask(Ask::NextProduce { producer: "bank" })
                    .watch(&[Broker(2), Partition("payments", 0)]),
                read().watch(&[Broker(0)]),
            ],
        },
        Lesson {
            id: LessonId::MinIsr,
            view: ViewKind::Event,
            scenario: MIN_ISR,
            steps: vec![
                read().watch(&[Partition("clicks", 0), Producer("web")]),
                act(kafka(Command::KillBroker { broker: 1 })).watch(&[Broker(1)]),
                act(kafka(Command::KillBroker { broker: 2 })).watch(&[Broker(2), Partition("clicks", 0)]),
                act(produce_value("web", "page", None)).ask(Ask::Visible { group: "stats" }).watch(&[Group("stats"), Partition("clicks", 0)]),
                act(Action::KafkaVersion(KafkaVersion::V4_2)).watch(&[Broker(0)]),
                act(kafka(Command::KillBroker { broker: 1 })).watch(&[Broker(1)]),
                act(kafka(Command::KillBroker { broker: 2 })).watch(&[Broker(2), Partition("clicks", 0)]),
                act(produce_value("web", "page", None)).ask(Ask::Visible { group: "stats" }).watch(&[Group("stats"), Partition("clicks", 0)]),
                act(kafka(Command::ReviveBroker { broker: 1 })).watch(&[Broker(1), Group("stats")]),
            ],
        },
        Lesson {
            id: LessonId::Elr,
            view: ViewKind::Event,
            scenario: ELR,
            steps: vec![
                read().watch(&[Partition("orders", 0), Broker(0), Broker(1), Broker(2)]),
                act(kafka(Command::StopBroker { broker: 2 })).watch(&[Broker(2), Partition("orders", 0)]),
                act(kafka(Command::StopBroker { broker: 1 })).watch(&[Broker(1), Partition("orders", 0)]),
                act(kafka(Command::KillBroker { broker: 0 })).watch(&[Broker(0), Partition("orders", 0)]),
                act(kafka(Command::ReviveBroker { broker: 1 }))
                    .ask(Ask::Leader { topic: "orders", partition: 0 })
                    .watch(&[Broker(1), Partition("orders", 0)]),
                act(Action::KafkaVersion(KafkaVersion::V4_2)).watch(&[Broker(0)]),
                act(kafka(Command::StopBroker { broker: 2 })).watch(&[Broker(2), Partition("orders", 0)]),
                act(kafka(Command::StopBroker { broker: 1 })).watch(&[Broker(1), Partition("orders", 0)]),
                act(kafka(Command::KillBroker { broker: 0 })).watch(&[Broker(0), Partition("orders", 0)]),
                act(kafka(Command::ReviveBroker { broker: 1 }))
                    .ask(Ask::Leader { topic: "orders", partition: 0 })
                    .watch(&[Broker(1), Partition("orders", 0)]),
                act(kafka(Command::ReviveBroker { broker: 0 })).watch(&[Broker(0), Partition("orders", 0)]),
            ],
        },
    ]
}

/// Handing out work: Kafka's share groups, the work queue, prefetch and routing.
fn queue_lessons() -> Vec<Lesson> {
    use Watch::{Consumer, Exchange, Group, Partition, Publisher, Queue};
    let flood = || kafka(Command::Flood { producer: "shop".into(), count: 20 });
    vec![
        Lesson {
            id: LessonId::KafkaQueue,
            view: ViewKind::Event,
            scenario: KAFKA_QUEUE,
            steps: vec![
                read().watch(&[Partition("orders", 0), Partition("orders", 1), Group("audit"), Group("workers")]),
                act(flood()).ask(Ask::MembersWithRecords { group: "audit" }).watch(&[Group("audit")]),
                act(flood()).ask(Ask::MembersWithRecords { group: "workers" }).watch(&[Group("workers"), Partition("orders", 0)]),
                act(kafka(Command::Share(ShareCommand::CrashShareMember { group: "workers".into(), member: 0 }))).watch(&[Group("workers")]),
                read().watch(&[Group("workers"), Group("audit")]),
            ],
        },
        Lesson {
            id: LessonId::ShareLocks,
            view: ViewKind::Event,
            scenario: SHARE_LOCKS,
            steps: vec![
                read().watch(&[Partition("jobs", 0), Group("workers")]),
                act(kafka(Command::Flood { producer: "app".into(), count: 3 })).watch(&[Partition("jobs", 0)]),
                act(kafka(Command::Share(ShareCommand::CrashShareMember { group: "workers".into(), member: 0 })))
                    .ask(Ask::RedeliveredCount { group: "workers", member: 0 })
                    .watch(&[Group("workers")]),
                read().watch(&[Group("workers"), Partition("jobs", 0)]),
                read().watch(&[Group("workers")]),
            ],
        },
        Lesson {
            id: LessonId::SharePoison,
            view: ViewKind::Event,
            scenario: SHARE_POISON,
            steps: vec![
                act(produce_value("bank", "p-1", None))
                    .ask(Ask::DeliveriesUntilArchived { group: "workers" })
                    .watch(&[Group("workers"), Partition("payments", 0)]),
                read().watch(&[Partition("payments", 0)]),
                act(kafka(Command::Share(ShareCommand::SetShareGroupConfig { group: "workers".into(), setting: ShareSetting::DeliveryCountLimit, value: 2 })))
                    .watch(&[Group("workers")]),
                act(produce_value("bank", "p-2", None))
                    .ask(Ask::DeliveriesUntilArchived { group: "workers" })
                    .watch(&[Group("workers"), Partition("payments", 0)]),
                read().watch(&[Group("workers")]),
            ],
        },
        Lesson {
            id: LessonId::WorkQueue,
            view: ViewKind::Message,
            scenario: WORK_QUEUE,
            steps: vec![
                act(rabbit(MessageCommand::Flood { publisher: "shop".into(), count: 20 }))
                    .ask(Ask::MostDeliveries)
                    .watch(&[Queue("tasks"), Consumer("fast"), Consumer("slow")]),
                read().watch(&[Consumer("fast"), Consumer("slow")]),
                read().watch(&[Queue("tasks")]),
            ],
        },
        Lesson {
            id: LessonId::Prefetch,
            view: ViewKind::Message,
            scenario: PREFETCH,
            steps: vec![
                act(rabbit(MessageCommand::Flood { publisher: "shop".into(), count: 20 }))
                    .ask(Ask::MostDeliveries)
                    .watch(&[Consumer("fast"), Consumer("slow")]),
                act(rabbit(MessageCommand::CrashConsumer { consumer: "slow".into() }))
                    .ask(Ask::Redelivery)
                    .watch(&[Consumer("slow"), Queue("jobs")]),
                read(),
            ],
        },
        Lesson {
            id: LessonId::Routing,
            view: ViewKind::Message,
            scenario: ROUTING,
            steps: vec![
                act(publish("order.eu.placed")).ask(Ask::Queues).watch(&[Exchange("topic-x")]),
                act(publish("order.us.paid.late")).ask(Ask::Queues).watch(&[Exchange("topic-x")]),
                act(publish("invoice.sent")).ask(Ask::Queues).watch(&[Exchange("topic-x")]),
                act(rabbit(MessageCommand::Publish { publisher: "ops".into(), routing_key: Some("error".into()) }))
                    .ask(Ask::Queues)
                    .watch(&[Exchange("direct-x"), Publisher("ops")]),
                act(rabbit(MessageCommand::Publish { publisher: "announcer".into(), routing_key: None }))
                    .watch(&[Exchange("fanout-x"), Queue("audit"), Queue("mirror")]),
                act(rabbit(MessageCommand::Publish { publisher: "refund-eu".into(), routing_key: None }))
                    .ask(Ask::Queues)
                    .watch(&[Exchange("headers-x"), Publisher("refund-eu")]),
                act(rabbit(MessageCommand::Publish { publisher: "refund-us-vip".into(), routing_key: None }))
                    .ask(Ask::Queues)
                    .watch(&[Exchange("headers-x"), Publisher("refund-us-vip")]),
            ],
        },
    ]
}

/// What becomes of a message, and both brokers side by side.
fn settling_lessons() -> Vec<Lesson> {
    use Watch::{Consumer, Publisher, Queue};
    vec![
        Lesson {
            id: LessonId::Acks,
            view: ViewKind::Message,
            scenario: ACKS,
            steps: vec![
                act(rabbit(MessageCommand::Flood { publisher: "shop".into(), count: 10 })).watch(&[Consumer("careful")]),
                read().watch(&[Consumer("strict"), Queue("dead-letters")]),
                act(rabbit(MessageCommand::PauseConsumer { consumer: "careful".into() })).watch(&[Consumer("careful")]),
                act(rabbit(MessageCommand::PauseConsumer { consumer: "strict".into() })).watch(&[Consumer("strict")]),
                act(rabbit(MessageCommand::Flood { publisher: "shop".into(), count: 10 }))
                    .ask(Ask::Overflow { queue: "tasks" })
                    .watch(&[Queue("tasks"), Queue("dead-letters")]),
                act(rabbit(MessageCommand::Publish { publisher: "reminder".into(), routing_key: None }))
                    .ask(Ask::Fate(&[Fate::Waits, Fate::DeadLettered, Fate::Dropped]))
                    .watch(&[Queue("reminders"), Queue("dead-letters")]),
            ],
        },
        Lesson {
            id: LessonId::Poison,
            view: ViewKind::Message,
            scenario: POISON,
            steps: vec![
                act(rabbit(MessageCommand::Publish { publisher: "shop".into(), routing_key: None }))
                    .ask(Ask::Fate(&[Fate::Processed, Fate::Loops, Fate::DeadLettered]))
                    .watch(&[Consumer("picky"), Queue("orders")]),
                act(rabbit(MessageCommand::Publish { publisher: "bank".into(), routing_key: None }))
                    .ask(Ask::Fate(&[Fate::Processed, Fate::Loops, Fate::DeadLettered]))
                    .watch(&[Consumer("careful"), Queue("payments"), Queue("parked")]),
                // The quorum queue's half (R20): the same poison message, counted and parked.
                act(rabbit(MessageCommand::Publish { publisher: "desk".into(), routing_key: None }))
                    .ask(Ask::DeliveriesUntilDeadLettered { queue: "refunds" })
                    .watch(&[Consumer("stubborn"), Queue("refunds"), Queue("parked")]),
                read().watch(&[Queue("orders"), Queue("refunds")]),
            ],
        },
        Lesson {
            id: LessonId::Persistence,
            view: ViewKind::Message,
            scenario: PERSISTENCE,
            steps: vec![
                act(rabbit(MessageCommand::Publish { publisher: "shop".into(), routing_key: None })).watch(&[Queue("durable-q")]),
                act(rabbit(MessageCommand::Publish { publisher: "careless".into(), routing_key: None })).watch(&[Queue("durable-q")]),
                act(rabbit(MessageCommand::Publish { publisher: "temp".into(), routing_key: None })).watch(&[Queue("transient-q")]),
                act(rabbit(MessageCommand::RestartBroker))
                    .ask(Ask::Depth { queue: "durable-q" })
                    .watch(&[Queue("durable-q"), Queue("transient-q")]),
            ],
        },
        Lesson {
            id: LessonId::Replicated,
            view: ViewKind::Message,
            scenario: REPLICATED,
            steps: vec![
                act(rabbit(MessageCommand::Flood { publisher: "shop".into(), count: 3 })).watch(&[Queue("orders")]),
                act(rabbit(MessageCommand::StopNode { node: 1 })).ask(Ask::Depth { queue: "orders" }).watch(&[Queue("orders")]),
                act(rabbit(MessageCommand::StopNode { node: 2 })).watch(&[Queue("orders")]),
                act(rabbit(MessageCommand::StartNode { node: 1 })).watch(&[Queue("orders")]),
                read(),
            ],
        },
        Lesson {
            id: LessonId::StreamLog,
            view: ViewKind::Message,
            scenario: STREAM_LOG,
            steps: vec![
                act(rabbit(MessageCommand::Flood { publisher: "shop".into(), count: 5 }))
                    .ask(Ask::StreamHolds { queue: "events" })
                    .watch(&[Queue("events"), Consumer("replay"), Consumer("live"), Consumer("from-3")]),
                act(rabbit(MessageCommand::CrashConsumer { consumer: "replay".into() })).watch(&[Consumer("replay")]),
                act(rabbit(MessageCommand::ReviveConsumer { consumer: "replay".into() }))
                    .ask(Ask::StreamStartsAt { consumer: "replay" })
                    .watch(&[Consumer("replay"), Queue("events")]),
                act(rabbit(MessageCommand::CrashConsumer { consumer: "live".into() })).watch(&[Consumer("live")]),
                act(rabbit(MessageCommand::ReviveConsumer { consumer: "live".into() }))
                    .ask(Ask::StreamStartsAt { consumer: "live" })
                    .watch(&[Consumer("live"), Queue("events")]),
                act(publish("events")).watch(&[Queue("events"), Consumer("replay"), Consumer("live"), Consumer("from-3")]),
                read().watch(&[Queue("events")]),
            ],
        },
        Lesson {
            id: LessonId::Priorities,
            view: ViewKind::Message,
            scenario: PRIORITIES,
            steps: vec![
                act(rabbit(MessageCommand::Flood { publisher: "shop".into(), count: 5 })).watch(&[Queue("jobs")]),
                act(rabbit(MessageCommand::Publish { publisher: "vip".into(), routing_key: None }))
                    .ask(Ask::Overtakes)
                    .watch(&[Publisher("vip"), Queue("jobs")]),
                read(),
            ],
        },
        Lesson {
            id: LessonId::Compare,
            view: ViewKind::Compare,
            scenario: "",
            steps: vec![
                act(Action::Compare("order placed")).ask(Ask::Copies),
                read(),
                read(),
            ],
        },
    ]
}

#[cfg(test)]
mod tests;
