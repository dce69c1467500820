//! The built-in lessons' scenarios: each lesson's id (as share links, widgets and the CLI name
//! it), the broker it runs on, and its scenario JSON, with the scenario the page opens with.
//! The page adds its steps and words (`web/src/lessons.rs`); `brokerlab run --lesson` runs
//! them as they are. Data only: it knows nothing of the page.

use crate::world::Scenario;
use crate::world::message::MessageBrokerSpec;

/// Which broker a lesson runs on, and so what its scenario JSON is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LessonSide {
    /// A whole scenario document (the event broker's side).
    Event,
    /// A bare message-broker spec: the page runs it with the `link_ms` and `seed` of the
    /// scenario it has (on a fresh page, [`OPENING`]'s).
    Message,
}

/// A lesson's scenario.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LessonScenario {
    /// `pubsub`, `work-queue`, …: lowercase words with dashes.
    pub id: &'static str,
    pub side: LessonSide,
    pub scenario: &'static str,
}

/// Every lesson with a scenario of its own, in teaching order. (The page's `compare` lesson
/// has none: it is the compare view's own two simulations.)
pub const LESSONS: &[LessonScenario] = &[
    LessonScenario { id: "pubsub", side: LessonSide::Event, scenario: PUBSUB },
    LessonScenario { id: "keys", side: LessonSide::Event, scenario: KEYS },
    LessonScenario { id: "rebalance", side: LessonSide::Event, scenario: REBALANCE },
    LessonScenario { id: "offset-reset", side: LessonSide::Event, scenario: OFFSET_RESET },
    LessonScenario { id: "slow-consumer", side: LessonSide::Event, scenario: SLOW_CONSUMER },
    LessonScenario { id: "replay", side: LessonSide::Event, scenario: REPLAY },
    LessonScenario { id: "compaction", side: LessonSide::Event, scenario: COMPACTION },
    LessonScenario { id: "replication", side: LessonSide::Event, scenario: REPLICATION },
    LessonScenario { id: "durability", side: LessonSide::Event, scenario: DURABILITY },
    LessonScenario { id: "min-isr", side: LessonSide::Event, scenario: MIN_ISR },
    LessonScenario { id: "elr", side: LessonSide::Event, scenario: ELR },
    LessonScenario { id: "kafka-queue", side: LessonSide::Event, scenario: KAFKA_QUEUE },
    LessonScenario { id: "share-locks", side: LessonSide::Event, scenario: SHARE_LOCKS },
    LessonScenario { id: "share-poison", side: LessonSide::Event, scenario: SHARE_POISON },
    LessonScenario { id: "work-queue", side: LessonSide::Message, scenario: WORK_QUEUE },
    LessonScenario { id: "prefetch", side: LessonSide::Message, scenario: PREFETCH },
    LessonScenario { id: "routing", side: LessonSide::Message, scenario: ROUTING },
    LessonScenario { id: "acks", side: LessonSide::Message, scenario: ACKS },
    LessonScenario { id: "poison", side: LessonSide::Message, scenario: POISON },
    LessonScenario { id: "persistence", side: LessonSide::Message, scenario: PERSISTENCE },
    LessonScenario { id: "replicated", side: LessonSide::Message, scenario: REPLICATED },
    LessonScenario { id: "stream-log", side: LessonSide::Message, scenario: STREAM_LOG },
    LessonScenario { id: "priorities", side: LessonSide::Message, scenario: PRIORITIES },
];

/// The lesson with this id.
pub fn find(id: &str) -> Option<&'static LessonScenario> {
    LESSONS.iter().find(|lesson| lesson.id == id)
}

impl LessonScenario {
    /// The lesson as one scenario document that a `World` runs as the page runs the lesson on
    /// a fresh page: an event lesson's own document; a message lesson's spec in
    /// `message_broker`, with [`OPENING`]'s `link_ms` and `seed` and no event broker.
    pub fn document(&self) -> Scenario {
        match self.side {
            LessonSide::Event => Scenario::from_json(self.scenario).expect("every lesson's scenario is valid"),
            LessonSide::Message => {
                let opening = Scenario::from_json(OPENING).expect("the opening scenario is valid");
                let spec: MessageBrokerSpec = serde_json::from_str(self.scenario).expect("every lesson's spec is valid");
                let mut document = Scenario::from_json(r#"{"version": 1}"#).expect("the smallest scenario is valid");
                document.link_ms = opening.link_ms;
                document.seed = opening.seed;
                document.message_broker = Some(spec);
                document
            }
        }
    }
}

/// The scenario the page opens with: the foundation slice.
pub const OPENING: &str = r#"{
  "version": 1,
  "seed": 1,
  "link_ms": 400,
  "event_broker": {
    "topics": [{ "name": "orders", "partitions": 3 }],
    "producers": [{ "name": "shop", "topic": "orders" }],
    "groups": [{ "name": "payment", "topics": ["orders"], "processing_ms": 250, "max_poll_records": 3,
                 "auto_offset_reset": "earliest" }]
  }
}"#;

pub const PUBSUB: &str = r#"{"version": 1, "seed": 11, "link_ms": 400, "event_broker": {
  "topics": [{"name": "orders", "partitions": 3}],
  "producers": [{"name": "shop", "topic": "orders", "every_ms": 1500, "keys": ["alice", "bob", "carol", "dave"]}],
  "groups": [
    {"name": "payment", "topics": ["orders"], "processing_ms": 300, "auto_offset_reset": "earliest"},
    {"name": "inventory", "topics": ["orders"], "processing_ms": 600, "auto_offset_reset": "earliest"},
    {"name": "notification", "topics": ["orders"], "processing_ms": 900, "auto_offset_reset": "earliest"}]}}"#;

pub const KEYS: &str = r#"{"version": 1, "seed": 12, "link_ms": 400, "event_broker": {
  "topics": [{"name": "orders", "partitions": 3}],
  "producers": [{"name": "shop", "topic": "orders"}],
  "groups": [{"name": "payment", "topics": ["orders"], "processing_ms": 300, "auto_offset_reset": "earliest"}]}}"#;

pub const REBALANCE: &str = r#"{"version": 1, "seed": 13, "link_ms": 300, "event_broker": {
  "kafka_version": "4.2",
  "topics": [{"name": "orders", "partitions": 2}],
  "producers": [{"name": "shop", "topic": "orders", "every_ms": 1200, "keys": ["a", "b", "c"]}],
  "groups": [
    {"name": "eager", "topics": ["orders"], "members": 3, "assignor": "range", "processing_ms": 300, "auto_offset_reset": "earliest",
     "session_timeout_ms": 6000, "heartbeat_interval_ms": 1000},
    {"name": "cooperative", "topics": ["orders"], "members": 3, "assignor": "cooperative-sticky", "processing_ms": 300,
     "auto_offset_reset": "earliest", "session_timeout_ms": 6000, "heartbeat_interval_ms": 1000},
    {"name": "consumer", "topics": ["orders"], "members": 3, "group_protocol": "consumer", "processing_ms": 300,
     "auto_offset_reset": "earliest"}]}}"#;

pub const REPLICATION: &str = r#"{"version": 1, "seed": 14, "link_ms": 300, "event_broker": {
  "brokers": 3, "replica_lag_time_max_ms": 4000,
  "topics": [
    {"name": "orders", "partitions": 3, "replication_factor": 3, "config": {"min.insync.replicas": 2}},
    {"name": "clicks", "partitions": 1, "replication_factor": 3, "config": {"unclean.leader.election.enable": true}}],
  "producers": [
    {"name": "shop", "topic": "orders", "every_ms": 1000, "keys": ["alice", "bob", "carol"], "acks": "all"},
    {"name": "tracker", "topic": "clicks", "every_ms": 700, "keys": ["page"], "acks": "1"}],
  "groups": [{"name": "payment", "topics": ["orders"], "processing_ms": 300, "auto_offset_reset": "earliest"}]}}"#;

pub const REPLAY: &str = r#"{"version": 1, "seed": 15, "link_ms": 300, "event_broker": {
  "log_retention_check_interval_ms": 1000,
  "topics": [{"name": "orders", "partitions": 1, "config": {"segment.ms": 3000, "retention.ms": 8000}}],
  "producers": [{"name": "shop", "topic": "orders", "every_ms": 800, "keys": ["k1", "k2", "k3"]}],
  "groups": [
    {"name": "payment", "topics": ["orders"], "processing_ms": 200, "auto_offset_reset": "earliest"},
    {"name": "audit", "topics": ["orders"], "members": 0, "processing_ms": 200, "auto_offset_reset": "earliest"},
    {"name": "alerts", "topics": ["orders"], "members": 0, "processing_ms": 200, "auto_offset_reset": "latest"}]}}"#;

pub const WORK_QUEUE: &str = r#"{
  "definitions": {"queues": [{"name": "tasks", "vhost": "/", "durable": true, "auto_delete": false, "arguments": {}}]},
  "publishers": [{"name": "shop", "exchange": "", "routing_keys": ["tasks"], "persistent": true}],
  "consumers": [
    {"name": "fast", "queue": "tasks", "prefetch": 1, "processing_ms": 500},
    {"name": "slow", "queue": "tasks", "prefetch": 1, "processing_ms": 2500}]}"#;

pub const ROUTING: &str = r##"{
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

pub const ACKS: &str = r#"{
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

pub const PERSISTENCE: &str = r#"{
  "definitions": {"queues": [
    {"name": "durable-q", "vhost": "/", "durable": true, "auto_delete": false, "arguments": {}},
    {"name": "transient-q", "vhost": "/", "durable": false, "auto_delete": false, "arguments": {}}]},
  "publishers": [
    {"name": "shop", "exchange": "", "routing_keys": ["durable-q"], "persistent": true},
    {"name": "careless", "exchange": "", "routing_keys": ["durable-q"], "persistent": false},
    {"name": "temp", "exchange": "", "routing_keys": ["transient-q"], "persistent": true}],
  "consumers": []}"#;

/// A quorum queue on three nodes (R20) that nobody consumes, so what it keeps stays in view
/// while its nodes stop (a publisher with confirms: confirmed once a majority has it); beside
/// it a classic queue, which lives on one node (n1), with a clock publishing to it and a
/// consumer reading it, to show what a node stopping does to a queue that is not replicated.
pub const REPLICATED: &str = r#"{
  "nodes": 3,
  "definitions": {"queues": [
    {"name": "orders", "vhost": "/", "durable": true, "auto_delete": false, "arguments": {"x-queue-type": "quorum"}},
    {"name": "audit", "vhost": "/", "durable": true, "auto_delete": false, "arguments": {}}]},
  "publishers": [
    {"name": "shop", "exchange": "", "routing_keys": ["orders"], "persistent": true, "confirms": true},
    {"name": "clock", "exchange": "", "routing_keys": ["audit"], "persistent": true, "every_ms": 2000}],
  "consumers": [{"name": "auditor", "queue": "audit", "prefetch": 1, "processing_ms": 200}]}"#;

/// A stream (R21): a log inside RabbitMQ, read without removing. Three readers attach at the
/// start, each with its own `x-stream-offset` (rabbitmq-website `streams.md`, "Consuming"):
/// `first` (the oldest kept offset), `next` (only what is appended from now on, RabbitMQ's
/// default) and the number 3 (on the still empty log it waits for offset 3, so it skips 0–2:
/// `rabbit_stream_queue:begin_stream` treats a numeric offset as a lower bound). Over AMQP
/// 0-9-1 an ack is credit and removes nothing, and RabbitMQ keeps no offset for such a
/// consumer: subscribing again starts at its `x-stream-offset` again, which is what the
/// lesson's replay shows. Retention (`x-max-length-bytes`) is far above what the lesson
/// publishes, so the whole log stays.
pub const STREAM_LOG: &str = r#"{
  "definitions": {"queues": [
    {"name": "events", "vhost": "/", "durable": true, "auto_delete": false,
     "arguments": {"x-queue-type": "stream", "x-max-length-bytes": 20000000}}]},
  "publishers": [{"name": "shop", "exchange": "", "routing_keys": ["events"], "persistent": true}],
  "consumers": [
    {"name": "replay", "queue": "events", "prefetch": 10, "processing_ms": 300, "stream_offset": "first"},
    {"name": "live", "queue": "events", "prefetch": 10, "processing_ms": 300, "stream_offset": "next"},
    {"name": "from-3", "queue": "events", "prefetch": 10, "processing_ms": 300, "stream_offset": 3}]}"#;

pub const PRIORITIES: &str = r#"{
  "definitions": {"queues": [{"name": "jobs", "vhost": "/", "durable": true, "auto_delete": false, "arguments": {"x-max-priority": 9}}]},
  "publishers": [
    {"name": "shop", "exchange": "", "routing_keys": ["jobs"], "priority": 1},
    {"name": "vip", "exchange": "", "routing_keys": ["jobs"], "priority": 9}],
  "consumers": [{"name": "worker", "queue": "jobs", "prefetch": 1, "processing_ms": 1500}]}"#;

pub const OFFSET_RESET: &str = r#"{"version": 1, "seed": 16, "link_ms": 300, "event_broker": {
  "topics": [{"name": "orders", "partitions": 1}],
  "producers": [{"name": "shop", "topic": "orders", "every_ms": 700, "keys": ["a", "b", "c"]}],
  "groups": [
    {"name": "billing", "topics": ["orders"], "processing_ms": 200, "auto_offset_reset": "latest", "auto_commit_interval_ms": 1000},
    {"name": "fresh", "topics": ["orders"], "members": 0, "processing_ms": 200, "auto_offset_reset": "latest"}]}}"#;

/// A consumer group and a share group (KIP-932) on one topic with fewer partitions than either
/// has members: the group leaves a member idle, the share group spreads the records over all.
pub const KAFKA_QUEUE: &str = r#"{"version": 1, "seed": 21, "link_ms": 300, "event_broker": {
  "kafka_version": "4.2",
  "topics": [{"name": "orders", "partitions": 2}],
  "producers": [{"name": "shop", "topic": "orders", "every_ms": 800, "keys": ["alice", "bob", "carol", "dave"]}],
  "groups": [{"name": "audit", "topics": ["orders"], "members": 3, "processing_ms": 300, "auto_offset_reset": "earliest"}],
  "share_groups": [{"name": "workers", "topic": "orders", "members": 4, "processing_ms": 1200, "max_records": 2,
    "auto_offset_reset": "earliest", "record_lock_duration_ms": 6000}]}}"#;

/// A share group of two members kept busy (records come two thirds as fast as two members
/// process them, and the lesson floods a few more), so a member crashed at any moment holds
/// records: its locks expire and the other member acquires them with delivery count 2. The
/// in-flight window stays short enough (at most 11 records) to stay on the strip.
pub const SHARE_LOCKS: &str = r#"{"version": 1, "seed": 22, "link_ms": 300, "event_broker": {
  "kafka_version": "4.2",
  "topics": [{"name": "jobs", "partitions": 1}],
  "producers": [{"name": "app", "topic": "jobs", "every_ms": 1500, "keys": ["a", "b", "c"]}],
  "share_groups": [{"name": "workers", "topic": "jobs", "members": 2, "processing_ms": 2000, "max_records": 2,
    "auto_offset_reset": "earliest", "record_lock_duration_ms": 6000}]}}"#;

/// A share group whose members release every record they get (their processing fails): a
/// record is delivered again and again until `delivery.count.limit` archives it. The bank's
/// own payments come every 15 s, after the lesson's first question.
pub const SHARE_POISON: &str = r#"{"version": 1, "seed": 23, "link_ms": 300, "event_broker": {
  "kafka_version": "4.2",
  "topics": [{"name": "payments", "partitions": 1}],
  "producers": [{"name": "bank", "topic": "payments", "every_ms": 15000, "keys": ["p-100", "p-101", "p-102"]}],
  "share_groups": [{"name": "workers", "topic": "payments", "members": 2, "processing_ms": 800, "max_records": 1,
    "auto_offset_reset": "earliest", "acknowledge": "release"}]}}"#;

pub const SLOW_CONSUMER: &str = r#"{"version": 1, "seed": 17, "link_ms": 300, "event_broker": {
  "topics": [{"name": "reports", "partitions": 2}],
  "producers": [{"name": "app", "topic": "reports"}],
  "groups": [{"name": "renderer", "topics": ["reports"], "members": 2, "processing_ms": 8000, "max_poll_records": 1,
    "max_poll_interval_ms": 5000, "session_timeout_ms": 10000, "heartbeat_interval_ms": 3000, "auto_offset_reset": "earliest"}]}}"#;

pub const COMPACTION: &str = r#"{"version": 1, "seed": 19, "link_ms": 300, "event_broker": {
  "log_retention_check_interval_ms": 1000, "log_cleaner_backoff_ms": 1000,
  "topics": [{"name": "prices", "partitions": 1, "config": {"cleanup.policy": "compact", "segment.bytes": 160, "delete.retention.ms": 3000}}],
  "producers": [{"name": "shop", "topic": "prices", "every_ms": 1000, "keys": ["pear", "plum"]}],
  "groups": [{"name": "catalogue", "topics": ["prices"], "processing_ms": 200, "auto_offset_reset": "earliest"}]}}"#;

pub const DURABILITY: &str = r#"{"version": 1, "seed": 18, "link_ms": 300, "event_broker": {
  "brokers": 3, "replica_lag_time_max_ms": 3000,
  "topics": [{"name": "payments", "partitions": 1, "replication_factor": 3}],
  "producers": [{"name": "bank", "topic": "payments", "every_ms": 1000, "keys": ["tx"], "acks": "all"}],
  "groups": [{"name": "ledger", "topics": ["payments"], "processing_ms": 200, "auto_offset_reset": "earliest"}]}}"#;

/// Kafka 4's min.insync.replicas rule (K22): the lesson starts under 3.9 and switches to 4.2.
pub const MIN_ISR: &str = r#"{"version": 1, "seed": 23, "link_ms": 300, "event_broker": {
  "kafka_version": "3.9", "brokers": 3, "replica_lag_time_max_ms": 3000,
  "topics": [{"name": "clicks", "partitions": 1, "replication_factor": 3, "config": {"min.insync.replicas": 2}}],
  "producers": [{"name": "web", "topic": "clicks", "keys": ["page"], "acks": "1"}],
  "groups": [{"name": "stats", "topics": ["clicks"], "processing_ms": 200, "auto_offset_reset": "earliest"}]}}"#;

/// Eligible leader replicas (KIP-966, K22) against Kafka 3.9, with controlled shutdowns: the
/// lesson starts under 3.9 and switches to 4.2.
pub const ELR: &str = r#"{"version": 1, "seed": 29, "link_ms": 300, "event_broker": {
  "kafka_version": "3.9", "brokers": 3, "replica_lag_time_max_ms": 3000,
  "topics": [{"name": "orders", "partitions": 1, "replication_factor": 3, "config": {"min.insync.replicas": 2}}],
  "producers": [{"name": "shop", "topic": "orders", "keys": ["order"], "acks": "1", "every_ms": 1500}],
  "groups": [{"name": "billing", "topics": ["orders"], "processing_ms": 200, "auto_offset_reset": "earliest"}]}}"#;

pub const PREFETCH: &str = r#"{
  "definitions": {"queues": [{"name": "jobs", "vhost": "/", "durable": true, "auto_delete": false, "arguments": {}}]},
  "publishers": [{"name": "shop", "exchange": "", "routing_keys": ["jobs"], "persistent": true}],
  "consumers": [
    {"name": "fast", "queue": "jobs", "prefetch": 0, "processing_ms": 300},
    {"name": "slow", "queue": "jobs", "prefetch": 0, "processing_ms": 3000, "auto_ack": true}]}"#;

/// Poison messages: a classic queue (`orders`) whose consumer nacks every message with requeue
/// loops it forever; a consumer that rejects without requeue (`payments`) parks it through a
/// dead-letter exchange; and a quorum queue (`refunds`, R20) whose consumer also nacks with
/// requeue counts the returns in `x-delivery-count` and, past `x-delivery-limit` 3, dead-letters
/// the message with reason `delivery_limit` (rabbitmq-website `quorum-queues/index.md`,
/// "Poison Message Handling"): delivered four times, parked beside the payment. That is RabbitMQ
/// 4.0–4.2 (the model's newest profile; 3.x the same with the limit set): from 4.3 the limit
/// counts only `basic.reject` with requeue and crashes, not `basic.nack` (R20; rabbitmq-server
/// `release-notes/4.3.0.md` and discussion 18226), which the lesson's last step says.
pub const POISON: &str = r#"{
  "definitions": {
    "exchanges": [{"name": "dlx", "vhost": "/", "type": "fanout", "durable": true, "auto_delete": false, "internal": false, "arguments": {}}],
    "queues": [
      {"name": "orders", "vhost": "/", "durable": true, "auto_delete": false, "arguments": {}},
      {"name": "payments", "vhost": "/", "durable": true, "auto_delete": false, "arguments": {"x-dead-letter-exchange": "dlx"}},
      {"name": "refunds", "vhost": "/", "durable": true, "auto_delete": false,
       "arguments": {"x-queue-type": "quorum", "x-delivery-limit": 3, "x-dead-letter-exchange": "dlx"}},
      {"name": "parked", "vhost": "/", "durable": true, "auto_delete": false, "arguments": {}}],
    "bindings": [{"source": "dlx", "vhost": "/", "destination": "parked", "destination_type": "queue", "routing_key": "", "arguments": {}}]},
  "publishers": [
    {"name": "shop", "exchange": "", "routing_keys": ["orders"], "persistent": true},
    {"name": "bank", "exchange": "", "routing_keys": ["payments"], "persistent": true},
    {"name": "desk", "exchange": "", "routing_keys": ["refunds"], "persistent": true}],
  "consumers": [
    {"name": "picky", "queue": "orders", "prefetch": 1, "processing_ms": 500, "failure_per_mille": 1000, "on_failure": "nack_requeue"},
    {"name": "careful", "queue": "payments", "prefetch": 1, "processing_ms": 500, "failure_per_mille": 1000, "on_failure": "reject"},
    {"name": "stubborn", "queue": "refunds", "prefetch": 1, "processing_ms": 500, "failure_per_mille": 1000, "on_failure": "nack_requeue"}]}"#;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::World;

    #[test]
    fn every_lesson_builds_as_one_world_and_ids_are_unique_link_words() {
        for (index, lesson) in LESSONS.iter().enumerate() {
            let document = lesson.document();
            assert_eq!(document.message_broker.is_some(), lesson.side == LessonSide::Message, "{}", lesson.id);
            World::new(&document).unwrap_or_else(|e| panic!("{}: {e}", lesson.id));
            assert!(lesson.id.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'), "{}", lesson.id);
            assert!(!LESSONS[..index].iter().any(|l| l.id == lesson.id), "{} twice", lesson.id);
            assert_eq!(find(lesson.id), Some(lesson));
        }
        assert_eq!(find("compare"), None);
        World::new(&Scenario::from_json(OPENING).unwrap()).unwrap();
    }
}
