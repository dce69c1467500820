//! Guided lessons: a scenario plus short steps, one idea each. A step may offer an action (a
//! command on the lesson's broker) so the learner does the thing the step talks about. The
//! words (titles, steps, action labels) are in each language's catalogue (`words/`), keyed by
//! the lesson's id and the step's index; this file holds what the lessons do. Written for
//! Brokerlab; no text is taken from elsewhere.

use brokerlab_core::Command;
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
    WorkQueue,
    Prefetch,
    Routing,
    Acks,
    Poison,
    Persistence,
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
            LessonId::Prefetch => "prefetch",
            LessonId::Poison => "poison",
            LessonId::Replay => "replay",
            LessonId::Replication => "replication",
            LessonId::WorkQueue => "work-queue",
            LessonId::Routing => "routing",
            LessonId::Acks => "acks",
            LessonId::Persistence => "persistence",
            LessonId::Priorities => "priorities",
            LessonId::Compare => "compare",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    Event(Command),
    Message(MessageCommand),
    /// The compare view's shop event, into both brokers.
    Compare(&'static str),
}

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

const PUBSUB: &str = r#"{"version": 1, "seed": 11, "link_ms": 400, "event_broker": {
  "topics": [{"name": "orders", "partitions": 3}],
  "producers": [{"name": "shop", "topic": "orders", "every_ms": 1500, "keys": ["alice", "bob", "carol", "dave"]}],
  "groups": [
    {"name": "payment", "topics": ["orders"], "processing_ms": 300, "auto_offset_reset": "earliest"},
    {"name": "inventory", "topics": ["orders"], "processing_ms": 600, "auto_offset_reset": "earliest"},
    {"name": "notification", "topics": ["orders"], "processing_ms": 900, "auto_offset_reset": "earliest"}]}}"#;

const KEYS: &str = r#"{"version": 1, "seed": 12, "link_ms": 400, "event_broker": {
  "topics": [{"name": "orders", "partitions": 3}],
  "producers": [{"name": "shop", "topic": "orders"}],
  "groups": [{"name": "payment", "topics": ["orders"], "processing_ms": 300, "auto_offset_reset": "earliest"}]}}"#;

const REBALANCE: &str = r#"{"version": 1, "seed": 13, "link_ms": 300, "event_broker": {
  "topics": [{"name": "orders", "partitions": 2}],
  "producers": [{"name": "shop", "topic": "orders", "every_ms": 1200, "keys": ["a", "b", "c"]}],
  "groups": [
    {"name": "eager", "topics": ["orders"], "members": 3, "assignor": "range", "processing_ms": 300, "auto_offset_reset": "earliest",
     "session_timeout_ms": 6000, "heartbeat_interval_ms": 1000},
    {"name": "cooperative", "topics": ["orders"], "members": 3, "assignor": "cooperative-sticky", "processing_ms": 300,
     "auto_offset_reset": "earliest", "session_timeout_ms": 6000, "heartbeat_interval_ms": 1000}]}}"#;

const REPLICATION: &str = r#"{"version": 1, "seed": 14, "link_ms": 300, "event_broker": {
  "brokers": 3, "replica_lag_time_max_ms": 4000,
  "topics": [
    {"name": "orders", "partitions": 3, "replication_factor": 3, "config": {"min.insync.replicas": 2}},
    {"name": "clicks", "partitions": 1, "replication_factor": 3, "config": {"unclean.leader.election.enable": true}}],
  "producers": [
    {"name": "shop", "topic": "orders", "every_ms": 1000, "keys": ["alice", "bob", "carol"], "acks": "all"},
    {"name": "tracker", "topic": "clicks", "every_ms": 700, "keys": ["page"], "acks": "1"}],
  "groups": [{"name": "payment", "topics": ["orders"], "processing_ms": 300, "auto_offset_reset": "earliest"}]}}"#;

const REPLAY: &str = r#"{"version": 1, "seed": 15, "link_ms": 300, "event_broker": {
  "log_retention_check_interval_ms": 1000,
  "topics": [{"name": "orders", "partitions": 1, "config": {"segment.ms": 3000, "retention.ms": 8000}}],
  "producers": [{"name": "shop", "topic": "orders", "every_ms": 800, "keys": ["k1", "k2", "k3"]}],
  "groups": [
    {"name": "payment", "topics": ["orders"], "processing_ms": 200, "auto_offset_reset": "earliest"},
    {"name": "audit", "topics": ["orders"], "members": 0, "processing_ms": 200, "auto_offset_reset": "earliest"},
    {"name": "alerts", "topics": ["orders"], "members": 0, "processing_ms": 200, "auto_offset_reset": "latest"}]}}"#;

const WORK_QUEUE: &str = r#"{
  "definitions": {"queues": [{"name": "tasks", "vhost": "/", "durable": true, "auto_delete": false, "arguments": {}}]},
  "publishers": [{"name": "shop", "exchange": "", "routing_keys": ["tasks"], "persistent": true}],
  "consumers": [
    {"name": "fast", "queue": "tasks", "prefetch": 1, "processing_ms": 500},
    {"name": "slow", "queue": "tasks", "prefetch": 1, "processing_ms": 2500}]}"#;

const ROUTING: &str = r##"{
  "definitions": {
    "exchanges": [
      {"name": "direct-x", "vhost": "/", "type": "direct", "durable": true, "auto_delete": false, "internal": false, "arguments": {}},
      {"name": "topic-x", "vhost": "/", "type": "topic", "durable": true, "auto_delete": false, "internal": false, "arguments": {}},
      {"name": "fanout-x", "vhost": "/", "type": "fanout", "durable": true, "auto_delete": false, "internal": false, "arguments": {}},
      {"name": "headers-x", "vhost": "/", "type": "headers", "durable": true, "auto_delete": false, "internal": false, "arguments": {}}],
    "queues": [
      {"name": "eu-orders", "vhost": "/", "durable": true, "auto_delete": false, "arguments": {}},
      {"name": "all-orders", "vhost": "/", "durable": true, "auto_delete": false, "arguments": {}},
      {"name": "errors", "vhost": "/", "durable": true, "auto_delete": false, "arguments": {}},
      {"name": "audit", "vhost": "/", "durable": true, "auto_delete": false, "arguments": {}},
      {"name": "mirror", "vhost": "/", "durable": true, "auto_delete": false, "arguments": {}},
      {"name": "eu-refunds", "vhost": "/", "durable": true, "auto_delete": false, "arguments": {}},
      {"name": "eu-or-vip", "vhost": "/", "durable": true, "auto_delete": false, "arguments": {}}],
    "bindings": [
      {"source": "topic-x", "vhost": "/", "destination": "eu-orders", "destination_type": "queue", "routing_key": "order.eu.*", "arguments": {}},
      {"source": "topic-x", "vhost": "/", "destination": "all-orders", "destination_type": "queue", "routing_key": "order.#", "arguments": {}},
      {"source": "direct-x", "vhost": "/", "destination": "errors", "destination_type": "queue", "routing_key": "error", "arguments": {}},
      {"source": "fanout-x", "vhost": "/", "destination": "audit", "destination_type": "queue", "routing_key": "", "arguments": {}},
      {"source": "fanout-x", "vhost": "/", "destination": "mirror", "destination_type": "queue", "routing_key": "", "arguments": {}},
      {"source": "headers-x", "vhost": "/", "destination": "eu-refunds", "destination_type": "queue", "routing_key": "",
       "arguments": {"x-match": "all", "type": "refund", "region": "eu"}},
      {"source": "headers-x", "vhost": "/", "destination": "eu-or-vip", "destination_type": "queue", "routing_key": "",
       "arguments": {"x-match": "any", "region": "eu", "tier": "vip"}}]},
  "publishers": [
    {"name": "shop", "exchange": "topic-x", "routing_keys": ["order.eu.placed"]},
    {"name": "ops", "exchange": "direct-x", "routing_keys": ["warning"]},
    {"name": "announcer", "exchange": "fanout-x", "routing_keys": ["anything"]},
    {"name": "refund-eu", "exchange": "headers-x", "headers": {"type": "refund", "region": "eu"}},
    {"name": "refund-us-vip", "exchange": "headers-x", "headers": {"type": "refund", "region": "us", "tier": "vip"}}],
  "consumers": []}"##;

const ACKS: &str = r#"{
  "definitions": {
    "exchanges": [{"name": "dlx", "vhost": "/", "type": "fanout", "durable": true, "auto_delete": false, "internal": false, "arguments": {}}],
    "queues": [
      {"name": "tasks", "vhost": "/", "durable": true, "auto_delete": false, "arguments": {"x-dead-letter-exchange": "dlx", "x-max-length": 5}},
      {"name": "reminders", "vhost": "/", "durable": true, "auto_delete": false,
       "arguments": {"x-dead-letter-exchange": "dlx", "x-message-ttl": 3000}},
      {"name": "dead-letters", "vhost": "/", "durable": true, "auto_delete": false, "arguments": {}}],
    "bindings": [{"source": "dlx", "vhost": "/", "destination": "dead-letters", "destination_type": "queue", "routing_key": "", "arguments": {}}]},
  "publishers": [
    {"name": "shop", "exchange": "", "routing_keys": ["tasks"], "persistent": true},
    {"name": "reminder", "exchange": "", "routing_keys": ["reminders"], "persistent": true}],
  "consumers": [
    {"name": "careful", "queue": "tasks", "prefetch": 1, "processing_ms": 900, "failure_per_mille": 400, "on_failure": "nack_requeue"},
    {"name": "strict", "queue": "tasks", "prefetch": 1, "processing_ms": 900, "failure_per_mille": 400, "on_failure": "reject"}]}"#;

const PERSISTENCE: &str = r#"{
  "definitions": {"queues": [
    {"name": "durable-q", "vhost": "/", "durable": true, "auto_delete": false, "arguments": {}},
    {"name": "transient-q", "vhost": "/", "durable": false, "auto_delete": false, "arguments": {}}]},
  "publishers": [
    {"name": "shop", "exchange": "", "routing_keys": ["durable-q"], "persistent": true},
    {"name": "careless", "exchange": "", "routing_keys": ["durable-q"], "persistent": false},
    {"name": "temp", "exchange": "", "routing_keys": ["transient-q"], "persistent": true}],
  "consumers": []}"#;

const PRIORITIES: &str = r#"{
  "definitions": {"queues": [{"name": "jobs", "vhost": "/", "durable": true, "auto_delete": false, "arguments": {"x-max-priority": 9}}]},
  "publishers": [
    {"name": "shop", "exchange": "", "routing_keys": ["jobs"], "priority": 1},
    {"name": "vip", "exchange": "", "routing_keys": ["jobs"], "priority": 9}],
  "consumers": [{"name": "worker", "queue": "jobs", "prefetch": 1, "processing_ms": 1500}]}"#;

const OFFSET_RESET: &str = r#"{"version": 1, "seed": 16, "link_ms": 300, "event_broker": {
  "topics": [{"name": "orders", "partitions": 1}],
  "producers": [{"name": "shop", "topic": "orders", "every_ms": 700, "keys": ["a", "b", "c"]}],
  "groups": [
    {"name": "billing", "topics": ["orders"], "processing_ms": 200, "auto_offset_reset": "latest", "auto_commit_interval_ms": 1000},
    {"name": "fresh", "topics": ["orders"], "members": 0, "processing_ms": 200, "auto_offset_reset": "latest"}]}}"#;

const SLOW_CONSUMER: &str = r#"{"version": 1, "seed": 17, "link_ms": 300, "event_broker": {
  "topics": [{"name": "reports", "partitions": 2}],
  "producers": [{"name": "app", "topic": "reports"}],
  "groups": [{"name": "renderer", "topics": ["reports"], "members": 2, "processing_ms": 8000, "max_poll_records": 1,
    "max_poll_interval_ms": 5000, "session_timeout_ms": 10000, "heartbeat_interval_ms": 3000, "auto_offset_reset": "earliest"}]}}"#;

const COMPACTION: &str = r#"{"version": 1, "seed": 19, "link_ms": 300, "event_broker": {
  "log_retention_check_interval_ms": 1000, "log_cleaner_backoff_ms": 1000,
  "topics": [{"name": "prices", "partitions": 1, "config": {"cleanup.policy": "compact", "segment.bytes": 160, "delete.retention.ms": 3000}}],
  "producers": [{"name": "shop", "topic": "prices", "every_ms": 1000, "keys": ["pear", "plum"]}],
  "groups": [{"name": "catalogue", "topics": ["prices"], "processing_ms": 200, "auto_offset_reset": "earliest"}]}}"#;

const DURABILITY: &str = r#"{"version": 1, "seed": 18, "link_ms": 300, "event_broker": {
  "brokers": 3, "replica_lag_time_max_ms": 3000,
  "topics": [{"name": "payments", "partitions": 1, "replication_factor": 3}],
  "producers": [{"name": "bank", "topic": "payments", "every_ms": 1000, "keys": ["tx"], "acks": "all"}],
  "groups": [{"name": "ledger", "topics": ["payments"], "processing_ms": 200, "auto_offset_reset": "earliest"}]}}"#;

const PREFETCH: &str = r#"{
  "definitions": {"queues": [{"name": "jobs", "vhost": "/", "durable": true, "auto_delete": false, "arguments": {}}]},
  "publishers": [{"name": "shop", "exchange": "", "routing_keys": ["jobs"], "persistent": true}],
  "consumers": [
    {"name": "fast", "queue": "jobs", "prefetch": 0, "processing_ms": 300},
    {"name": "slow", "queue": "jobs", "prefetch": 0, "processing_ms": 3000, "auto_ack": true}]}"#;

const POISON: &str = r#"{
  "definitions": {
    "exchanges": [{"name": "dlx", "vhost": "/", "type": "fanout", "durable": true, "auto_delete": false, "internal": false, "arguments": {}}],
    "queues": [
      {"name": "orders", "vhost": "/", "durable": true, "auto_delete": false, "arguments": {}},
      {"name": "payments", "vhost": "/", "durable": true, "auto_delete": false, "arguments": {"x-dead-letter-exchange": "dlx"}},
      {"name": "parked", "vhost": "/", "durable": true, "auto_delete": false, "arguments": {}}],
    "bindings": [{"source": "dlx", "vhost": "/", "destination": "parked", "destination_type": "queue", "routing_key": "", "arguments": {}}]},
  "publishers": [
    {"name": "shop", "exchange": "", "routing_keys": ["orders"], "persistent": true},
    {"name": "bank", "exchange": "", "routing_keys": ["payments"], "persistent": true}],
  "consumers": [
    {"name": "picky", "queue": "orders", "prefetch": 1, "processing_ms": 500, "failure_per_mille": 1000, "on_failure": "nack_requeue"},
    {"name": "careful", "queue": "payments", "prefetch": 1, "processing_ms": 500, "failure_per_mille": 1000, "on_failure": "reject"}]}"#;

/// Every lesson, in teaching order.
pub fn all() -> Vec<Lesson> {
    use Watch::{Broker, Consumer, Exchange, Group, Partition, Producer, Publisher, Queue};
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
                read(),
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
mod tests {
    use super::*;
    use crate::message_act::MessageSim;
    use crate::event_act::EventSim;
    use brokerlab_core::Scenario;
    use brokerlab_core::world::message::MessageBrokerSpec;

    /// The (link_ms, seed) a message lesson can run with on the page: the message side runs with
    /// the current scenario's (`Setup::message_sim`), which is the built-in scenario's or the
    /// last event lesson's.
    fn page_timings() -> Vec<(u64, u64)> {
        let default = EventSim::default_scenario();
        let mut timings = vec![(default.link_ms, default.seed)];
        for lesson in all().into_iter().filter(|l| l.view == ViewKind::Event) {
            let s = Scenario::from_json(lesson.scenario).expect("valid");
            if !timings.contains(&(s.link_ms, s.seed)) {
                timings.push((s.link_ms, s.seed));
            }
        }
        assert!(timings.len() > 2, "the event lessons give the message side several timings: {timings:?}");
        timings
    }

    /// What a learner's page sees while walking a lesson: animation frames, and a step's action.
    enum Moment<'a> {
        Frame(f64),
        Action(&'a Action),
    }

    /// Walks `lesson` as a learner would: a first frame, then for each step 10 s of frames
    /// (every 250 ms) before its action, if it has one.
    fn walk<'a>(lesson: &'a Lesson, mut on: impl FnMut(Moment<'a>)) {
        let mut t = 0.0;
        on(Moment::Frame(t));
        for step in &lesson.steps {
            for _ in 0..40 {
                t += 250.0;
                on(Moment::Frame(t));
            }
            if let Some(action) = &step.action {
                on(Moment::Action(action));
            }
        }
    }

    /// Every lesson's scenario builds, and every step's action applies in order (with time
    /// passing between steps, as for a learner); a message lesson under every timing the page
    /// can give it.
    #[test]
    fn every_lesson_builds_and_every_action_applies() {
        for lesson in all() {
            match lesson.view {
                ViewKind::Event => {
                    let scenario = Scenario::from_json(lesson.scenario).unwrap_or_else(|e| panic!("{:?}: {e}", lesson.id));
                    let mut sim = EventSim::new(&scenario).unwrap_or_else(|e| panic!("{:?}: {e}", lesson.id));
                    walk(&lesson, |moment| match moment {
                        Moment::Frame(t) => drop(sim.frame(t)),
                        Moment::Action(Action::Event(command)) => {
                            sim.apply(command.clone()).unwrap_or_else(|e| panic!("{:?}: {command:?}: {e}", lesson.id))
                        }
                        Moment::Action(_) => {}
                    });
                }
                ViewKind::Message => {
                    let spec: MessageBrokerSpec = serde_json::from_str(lesson.scenario).unwrap_or_else(|e| panic!("{:?}: {e}", lesson.id));
                    for (link_ms, seed) in page_timings() {
                        let mut sim = MessageSim::new(&spec, link_ms, seed).unwrap_or_else(|e| panic!("{:?}: {e}", lesson.id));
                        walk(&lesson, |moment| match moment {
                            Moment::Frame(t) => drop(sim.frame(t)),
                            Moment::Action(Action::Message(command)) => sim
                                .apply(command.clone())
                                .unwrap_or_else(|e| panic!("{:?} at link {link_ms}, seed {seed}: {command:?}: {e}", lesson.id)),
                            Moment::Action(_) => {}
                        });
                    }
                }
                // The compare lesson's actions send the compare view's own shop events.
                ViewKind::Compare => assert!(lesson.steps.iter().all(|s| s.action.is_none() || matches!(s.action, Some(Action::Compare(_))))),
            }
            assert!(!lesson.steps.is_empty());
        }
        assert!(all().len() >= 17);
    }

    /// Runs an event-broker lesson through the core alone, `gap_ms` of simulated time before
    /// each step's action (as a learner reading the step), and returns every event in order.
    fn run_event_lesson(id: &str, gap_ms: u64) -> (brokerlab_core::World, Vec<brokerlab_core::world::Event>) {
        use brokerlab_core::Drive;
        use brokerlab_core::time::SimTime;
        let lesson = all().into_iter().find(|l| l.id.as_str() == id).expect("lesson exists");
        let mut world = brokerlab_core::World::new(&Scenario::from_json(lesson.scenario).expect("valid")).expect("builds");
        let mut events = Vec::new();
        let mut t = 0;
        for step in &lesson.steps {
            t += gap_ms;
            world.run_to(SimTime::from_ms(t), |e| events.push(e));
            if let Some(Action::Event(command)) = &step.action {
                world.apply(command.clone()).unwrap_or_else(|e| panic!("{id}: {command:?}: {e}"));
            }
        }
        t += gap_ms;
        world.run_to(SimTime::from_ms(t), |e| events.push(e));
        (world, events)
    }

    /// The same for a message-broker lesson, with this one-way link and seed; returns the side
    /// and its events.
    fn run_message_lesson(
        id: &str,
        gap_ms: u64,
        (link_ms, seed): (u64, u64),
    ) -> (brokerlab_core::world::message::MessageSide, Vec<brokerlab_core::world::message::MessageEvent>) {
        use brokerlab_core::Drive;
        use brokerlab_core::time::SimTime;
        let lesson = all().into_iter().find(|l| l.id.as_str() == id).expect("lesson exists");
        let spec: MessageBrokerSpec = serde_json::from_str(lesson.scenario).expect("valid");
        let mut side = brokerlab_core::world::message::MessageSide::new(&spec, link_ms, seed).expect("builds");
        let mut events = Vec::new();
        let mut t = 0;
        for step in lesson.steps.iter().map(Some).chain([None]) {
            t += gap_ms;
            side.run_to(SimTime::from_ms(t), |e| events.push(e));
            if let Some(Action::Message(command)) = step.and_then(|s| s.action.as_ref()) {
                side.apply(command.clone()).unwrap_or_else(|e| panic!("{id}: {command:?}: {e}"));
            }
        }
        (side, events)
    }

    fn ready(side: &brokerlab_core::world::message::MessageSide, queue: &str) -> usize {
        side.broker().queue(queue).unwrap_or_else(|| panic!("queue {queue}")).ready_count()
    }

    /// Routing: direct by whole key, topic by words, fanout to all, headers by all/any.
    #[test]
    fn routing_lesson_puts_each_publish_where_its_exchange_type_says() {
        for timing in page_timings() {
            let (side, _) = run_message_lesson("routing", 2_000, timing);
            let counts: Vec<(&str, usize)> = ["eu-orders", "all-orders", "errors", "audit", "mirror", "eu-refunds", "eu-or-vip"]
                .into_iter()
                .map(|q| (q, ready(&side, q)))
                .collect();
            assert_eq!(
                counts,
                [("eu-orders", 1), ("all-orders", 2), ("errors", 1), ("audit", 1), ("mirror", 1), ("eu-refunds", 1), ("eu-or-vip", 2)],
                "link_ms and seed {timing:?}"
            );
        }
    }

    /// Acks: the reminder expires after its queue's TTL and is dead-lettered as expired.
    #[test]
    fn acks_lesson_dead_letters_an_expired_reminder() {
        use brokerlab_core::message_broker::{DeathReason, EventKind};
        use brokerlab_core::world::message::MessageEventKind;
        for timing in page_timings() {
            let (side, events) = run_message_lesson("acks", 10_000, timing);
            let expired = events.iter().any(|e| matches!(&e.kind,
                MessageEventKind::Broker(EventKind::MessageDeadLettered { queue, reason: DeathReason::Expired, .. }) if &**queue == "reminders"));
            assert!(expired, "the reminder is dead-lettered with reason expired ({timing:?})");
            assert_eq!(ready(&side, "reminders"), 0);
            let maxlen = events.iter().any(|e| matches!(&e.kind,
                MessageEventKind::Broker(EventKind::MessageDeadLettered { reason: DeathReason::Maxlen, .. })));
            assert!(maxlen, "the flood into the paused queue also dead-letters by x-max-length ({timing:?})");
        }
    }

    /// Replay: segments expire (log start > 0); the earliest group starts at the log start,
    /// the latest group only at the end, after it.
    #[test]
    fn replay_lesson_expires_segments_and_starts_new_groups_where_their_reset_policy_says() {
        use brokerlab_core::world::EventKind;
        let (world, events) = run_event_lesson("replay", 10_000);
        let first_fetch = |group: &str| {
            events.iter().find_map(|e| match &e.kind {
                EventKind::RecordsFetched { group: g, from, .. } if &**g == group => Some(from.0),
                _ => None,
            })
        };
        let log_start_expired = events.iter().any(|e| matches!(e.kind, EventKind::SegmentsDeleted { .. }));
        assert!(log_start_expired, "segments expire during the lesson");
        let audit = first_fetch("audit").expect("audit reads");
        let alerts = first_fetch("alerts").expect("alerts reads");
        assert!(audit > 0, "audit starts at the log start, past the expired segments, not at 0");
        assert!(alerts > audit, "alerts (latest) starts after the history audit (earliest) reads");
        let log = world.view().event_broker().topic("orders").unwrap().partition(brokerlab_core::event_broker::PartitionIndex(0)).unwrap();
        assert!(log.log_start().0 > 0);
    }

    /// Replication: acks=all records survive; acks=1 records acknowledged by b2 alone are lost
    /// when unclean election lets b0 lead clicks.
    #[test]
    fn replication_lesson_loses_acks_1_records_only_on_the_unclean_topic() {
        use brokerlab_core::world::{EventKind, LossCause};
        let (_, events) = run_event_lesson("replication", 10_000);
        let mut clicks_lost = 0;
        for e in &events {
            if let EventKind::RecordsLost { topic, acknowledged, cause, .. } = &e.kind {
                match &**topic {
                    "orders" => assert!(acknowledged.is_empty(), "acks=all never loses an acknowledged record: {e:?}"),
                    "clicks" => {
                        if *cause == LossCause::UncleanElection {
                            clicks_lost += acknowledged.len();
                        }
                    }
                    other => panic!("unexpected topic {other}"),
                }
            }
        }
        assert!(clicks_lost > 0, "the unclean election loses acknowledged clicks");
        assert!(events.iter().any(|e| matches!(e.kind, EventKind::NotEnoughReplicas { .. })),
            "acks=all produces are refused below min.insync.replicas");
    }
}
