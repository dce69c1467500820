//! The scenario document: one serde type used by the page, the URL, the widget, the CLI and
//! the tests. Parsed once (`Scenario::from_json`), validated once (`World::new`), so the rest
//! of the core works with types that already hold their preconditions.

use alloc::string::{String, ToString};
use alloc::vec::Vec;
use serde::{Deserialize, Serialize};

use crate::event_broker::assignor::Strategy;
use crate::event_broker::{Acks, TopicConfig};
use crate::event_broker::partitioner::PartitionerKind;
use crate::event_broker::server_assignor::ServerAssignor;
use crate::limits;
use crate::versions::{KafkaVersion, Product, RabbitMqVersion};
use crate::world::{Command, CommandError};
use crate::world::message::{MessageBrokerSpec, MessageSpecError};

/// The scenario format this build reads and writes.
pub const SCENARIO_VERSION: u32 = 1;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    pub version: u32,
    #[serde(default)]
    pub seed: u64,
    /// One-way latency of every network hop, in simulated milliseconds.
    #[serde(default = "default_link_ms")]
    pub link_ms: u64,
    #[serde(default)]
    pub event_broker: EventBrokerSpec,
    /// The RabbitMQ side: definitions.json plus simulated publishers and consumers. Absent:
    /// the world has no message broker.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_broker: Option<MessageBrokerSpec>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub script: Vec<ScriptStep>,
}

fn default_link_ms() -> u64 {
    300
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventBrokerSpec {
    /// The Kafka version whose behaviour the model follows (`"3.9"` or `"4.2"`). Left out
    /// (and left out of the JSON when it is 3.9): 3.9, the model's behaviour before scenarios
    /// named versions (see `crate::versions`).
    #[serde(default, skip_serializing_if = "KafkaVersion::is_unnamed")]
    pub kafka_version: KafkaVersion,
    #[serde(default = "one")]
    pub brokers: u32,
    #[serde(default)]
    pub topics: Vec<TopicSpec>,
    #[serde(default)]
    pub producers: Vec<ProducerSpec>,
    #[serde(default)]
    pub groups: Vec<GroupSpec>,
    /// `replica.lag.time.max.ms`: a follower that has not caught up for this long leaves the
    /// ISR.
    #[serde(default = "default_replica_lag_time_max_ms")]
    pub replica_lag_time_max_ms: u64,
    /// `replica.fetch.wait.max.ms`: how long a follower waits before fetching again when the
    /// leader had nothing new.
    #[serde(default = "default_replica_fetch_wait_max_ms")]
    pub replica_fetch_wait_max_ms: u64,
    /// `log.retention.check.interval.ms` (broker default 5 minutes): how often every broker
    /// deletes segments past `retention.ms` / `retention.bytes`. Lower it to teach.
    #[serde(default = "default_retention_check_interval_ms")]
    pub log_retention_check_interval_ms: u64,
    /// `log.cleaner.backoff.ms` (broker default 15 s): how often the cleaner compacts.
    #[serde(default = "default_cleaner_backoff_ms")]
    pub log_cleaner_backoff_ms: u64,
    /// Share groups (KIP-932); left out of the JSON when there are none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub share_groups: Vec<super::ShareGroupSpec>,
}

impl Default for EventBrokerSpec {
    fn default() -> Self {
        EventBrokerSpec {
            kafka_version: KafkaVersion::UNNAMED,
            brokers: 1,
            topics: Vec::new(),
            producers: Vec::new(),
            groups: Vec::new(),
            replica_lag_time_max_ms: default_replica_lag_time_max_ms(),
            replica_fetch_wait_max_ms: default_replica_fetch_wait_max_ms(),
            log_retention_check_interval_ms: default_retention_check_interval_ms(),
            log_cleaner_backoff_ms: default_cleaner_backoff_ms(),
            share_groups: Vec::new(),
        }
    }
}

fn one() -> u32 {
    1
}
fn default_replica_lag_time_max_ms() -> u64 {
    30_000
}
fn default_replica_fetch_wait_max_ms() -> u64 {
    500
}
fn default_retention_check_interval_ms() -> u64 {
    crate::event_broker::log::RETENTION_CHECK_INTERVAL_MS
}
fn default_cleaner_backoff_ms() -> u64 {
    crate::event_broker::log::CLEANER_BACKOFF_MS
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TopicSpec {
    pub name: String,
    pub partitions: u32,
    #[serde(default = "one")]
    pub replication_factor: u32,
    /// Topic configuration with Kafka's names, e.g. `{"min.insync.replicas": 2}`.
    #[serde(default)]
    pub config: TopicConfig,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProducerSpec {
    pub name: String,
    pub topic: String,
    /// Sends one record every this many milliseconds; `None` sends only on command.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub every_ms: Option<u64>,
    /// Keys used in turn; empty means keyless records.
    #[serde(default)]
    pub keys: Vec<String>,
    #[serde(default)]
    pub partitioner: PartitionerKind,
    /// `partitioner.ignore.keys`: keyed records use the sticky partitioner too.
    #[serde(default)]
    pub partitioner_ignore_keys: bool,
    /// `acks`: `"0"`, `"1"` or `"all"` (the default since Kafka 3.0).
    #[serde(default)]
    pub acks: Acks,
    /// `batch.size`: bytes the sticky partitioner sends to one partition before switching.
    #[serde(default = "default_batch_size")]
    pub batch_size: u64,
}

fn default_batch_size() -> u64 {
    16_384
}

/// `auto.offset.reset`: where a member starts when its group has no valid committed offset.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AutoOffsetReset {
    Earliest,
    /// Kafka's default: only records produced from now on.
    #[default]
    Latest,
    /// No reset: the member stops with an error.
    None,
}

impl AutoOffsetReset {
    pub fn name(self) -> &'static str {
        match self {
            AutoOffsetReset::Earliest => "earliest",
            AutoOffsetReset::Latest => "latest",
            AutoOffsetReset::None => "none",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupSpec {
    pub name: String,
    pub topics: Vec<String>,
    #[serde(default = "one")]
    pub members: u32,
    #[serde(default)]
    pub assignor: Strategy,
    /// Simulated processing time per record.
    #[serde(default = "default_processing_ms")]
    pub processing_ms: u64,
    /// How long an idle member waits before polling again.
    #[serde(default = "default_poll_ms")]
    pub poll_ms: u64,
    #[serde(default = "default_max_poll_records")]
    pub max_poll_records: u32,
    /// Members get `group.instance.id`s (`<group>-<n>`): static membership.
    #[serde(default)]
    pub static_members: bool,
    #[serde(default = "default_session_timeout_ms")]
    pub session_timeout_ms: u64,
    #[serde(default = "default_heartbeat_interval_ms")]
    pub heartbeat_interval_ms: u64,
    #[serde(default = "default_max_poll_interval_ms")]
    pub max_poll_interval_ms: u64,
    #[serde(default)]
    pub auto_offset_reset: AutoOffsetReset,
    /// `enable.auto.commit` (Kafka's default: true). When false, each member commits right
    /// after processing a batch (at-least-once).
    #[serde(default = "yes")]
    pub enable_auto_commit: bool,
    #[serde(default = "default_auto_commit_interval_ms")]
    pub auto_commit_interval_ms: u64,
    /// Per mille of processed batches whose processing throws: the member's process stops
    /// with an error (state `failed`), its heartbeats stop, nothing of that batch is
    /// committed, and after the session timeout the group rebalances so another member reads
    /// those records again. 0 (the default, left out of the JSON) draws no random numbers, so
    /// scenarios without it run exactly as before.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub failure_per_mille: u32,
    /// `group.protocol`: `classic` (JoinGroup and SyncGroup, the default, left out of the
    /// JSON) or `consumer`, the consumer rebalance protocol of KIP-848 (K21), which needs
    /// `kafka_version` 4.2 (GA from 4.0). Under `consumer` the broker assigns, so `assignor`,
    /// `session_timeout_ms` and `heartbeat_interval_ms` (client settings of the classic
    /// protocol) are not used; the four settings below are.
    #[serde(default, skip_serializing_if = "GroupProtocol::is_classic")]
    pub group_protocol: GroupProtocol,
    /// `group.remote.assignor`: the server assignor the members ask for; left out, the
    /// broker's first of `group.consumer.assignors` (`uniform`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_remote_assignor: Option<ServerAssignor>,
    /// `group.consumer.session.timeout.ms` (broker default 45000; a group may override it
    /// within the broker's `group.consumer.min/max.session.timeout.ms`, 45000–60000).
    #[serde(default = "default_consumer_session_timeout_ms", skip_serializing_if = "is_default_consumer_session")]
    pub consumer_session_timeout_ms: u64,
    /// `group.consumer.heartbeat.interval.ms` (broker default 5000; within
    /// `group.consumer.min/max.heartbeat.interval.ms`, 5000–15000).
    #[serde(default = "default_consumer_heartbeat_interval_ms", skip_serializing_if = "is_default_consumer_heartbeat")]
    pub consumer_heartbeat_interval_ms: u64,
}

/// `group.protocol` (K21).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum GroupProtocol {
    /// JoinGroup/SyncGroup with a client-side assignor: every rebalance is a barrier.
    #[default]
    Classic,
    /// KIP-848: the broker assigns; each member reconciles on its own by heartbeats.
    Consumer,
}

impl GroupProtocol {
    pub fn is_classic(&self) -> bool {
        *self == GroupProtocol::Classic
    }

    pub fn name(self) -> &'static str {
        match self {
            GroupProtocol::Classic => "classic",
            GroupProtocol::Consumer => "consumer",
        }
    }
}

/// The broker's `group.consumer.*` session and heartbeat bounds (`GroupCoordinatorConfig`
/// defaults: session 45000 in 45000–60000, heartbeat 5000 in 5000–15000).
pub const CONSUMER_SESSION_TIMEOUT_RANGE_MS: (u64, u64) = (45_000, 60_000);
pub const CONSUMER_HEARTBEAT_INTERVAL_RANGE_MS: (u64, u64) = (5_000, 15_000);

fn default_consumer_session_timeout_ms() -> u64 {
    45_000
}
fn default_consumer_heartbeat_interval_ms() -> u64 {
    5_000
}
fn is_default_consumer_session(ms: &u64) -> bool {
    *ms == default_consumer_session_timeout_ms()
}
fn is_default_consumer_heartbeat(ms: &u64) -> bool {
    *ms == default_consumer_heartbeat_interval_ms()
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

fn yes() -> bool {
    true
}
fn default_session_timeout_ms() -> u64 {
    45_000
}
fn default_heartbeat_interval_ms() -> u64 {
    3_000
}
fn default_max_poll_interval_ms() -> u64 {
    300_000
}
fn default_auto_commit_interval_ms() -> u64 {
    5_000
}

fn default_processing_ms() -> u64 {
    200
}
fn default_poll_ms() -> u64 {
    100
}
fn default_max_poll_records() -> u32 {
    5
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScriptStep {
    pub at_ms: u64,
    pub command: Command,
}

/// Why a scenario was refused. Nothing is built from a refused scenario. Its words
/// (`Display`, `explain`) are in `crate::words`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ScenarioError {
    TooLarge { bytes: usize, max: usize },
    /// Not JSON, or not the scenario's shape; serde's message with line and column.
    Malformed(String),
    UnsupportedVersion { found: u32, supported: u32 },
    InvalidName { what: Declared, name: String, reason: NameProblem },
    DuplicateName { what: Declared, name: String },
    OutOfRange { field: Field, value: u64, min: u64, max: u64 },
    TooMany { what: Collection, count: usize, max: usize },
    /// The producer or group `name` reads or writes a topic the scenario does not declare.
    UnknownTopic { by: Declared, name: String, topic: String },
    /// A script step's command is refused where it stands in the script.
    InvalidScript { step: usize, reason: CommandError },
    /// A topic property outside its allowed range.
    InvalidConfig { topic: String, property: &'static str, value: i64, min: i64, max: i64 },
    /// The `message_broker` block was refused.
    MessageBroker(MessageSpecError),
    /// `event_broker.kafka_version` or `message_broker.rabbitmq_version` names a version the
    /// model does not follow (`found` as written, JSON for anything not a string).
    UnknownVersion { product: Product, found: String },
    /// The group asks for `group.protocol=consumer` (KIP-848) under a Kafka version whose
    /// brokers do not offer it by default (3.9: preview, off unless the operator enables it).
    ConsumerProtocolUnavailable { group: String, version: KafkaVersion },
    /// A share group (KIP-932) under a Kafka version without them (3.9; a scenario that names
    /// no version follows 3.9).
    ShareGroupsUnavailable { group: String, version: KafkaVersion },
    /// A share group with `acknowledgement_mode` `implicit` whose members would release or
    /// reject: implicit mode accepts everything.
    ImplicitAcknowledgement { group: String },
}

/// What a scenario declares by name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Declared {
    Topic,
    Producer,
    Group,
}

/// A list of a scenario that has a bound.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Collection {
    Topics,
    Producers,
    Groups,
    ScriptSteps,
    /// One producer's `keys`.
    Keys,
}

/// Why a name (of a topic, producer, group, static member) is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameProblem {
    Empty,
    /// Longer than `NAME_BYTES_MAX`.
    TooLong,
    ControlCharacter,
}

/// A number of the scenario, by where it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Field {
    /// A setting of the scenario or its event broker, by its JSON path (`link_ms`,
    /// `event_broker.brokers`).
    Setting(&'static str),
    /// A setting of one topic, producer or group, by its JSON key (`partitions`).
    Of { what: Declared, name: String, key: &'static str },
    /// The length in bytes of one of a producer's keys.
    KeyBytes { producer: String },
    /// A script step's `at_ms`.
    ScriptStepAt { step: usize },
}

impl Scenario {
    /// Parses a scenario document. Size is checked before parsing; the version right after.
    pub fn from_json(text: &str) -> Result<Scenario, ScenarioError> {
        if text.len() > limits::SCENARIO_BYTES_MAX {
            return Err(ScenarioError::TooLarge { bytes: text.len(), max: limits::SCENARIO_BYTES_MAX });
        }
        // Read the version first, so a document from a newer build gets a version error
        // rather than a confusing complaint about a field it added.
        #[derive(Deserialize)]
        struct VersionOnly {
            version: Option<u32>,
        }
        if let Ok(VersionOnly { version: Some(found) }) = serde_json::from_str::<VersionOnly>(text)
            && found != SCENARIO_VERSION
        {
            return Err(ScenarioError::UnsupportedVersion { found, supported: SCENARIO_VERSION });
        }
        check_versions(text)?;
        let scenario: Scenario = serde_json::from_str(text).map_err(|e| ScenarioError::Malformed(e.to_string()))?;
        // serde also reads a struct from a JSON array (`[31, 4]`), which the version probe
        // above does not see: check again, so no other version leaves this function.
        if scenario.version != SCENARIO_VERSION {
            return Err(ScenarioError::UnsupportedVersion { found: scenario.version, supported: SCENARIO_VERSION });
        }
        Ok(scenario)
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a scenario always serializes")
    }
}

/// Refuses a broker version the model does not follow with its own error, rather than serde's
/// complaint about an unknown variant.
fn check_versions(text: &str) -> Result<(), ScenarioError> {
    #[derive(Deserialize)]
    struct Blocks {
        event_broker: Option<serde_json::Value>,
        message_broker: Option<serde_json::Value>,
    }
    let Ok(blocks) = serde_json::from_str::<Blocks>(text) else { return Ok(()) };
    let named = |block: &Option<serde_json::Value>, key: &str| block.as_ref().and_then(|b| b.get(key)).cloned();
    check_version(Product::Kafka, named(&blocks.event_broker, "kafka_version"), |n| KafkaVersion::parse(n).is_some())?;
    check_version(Product::RabbitMq, named(&blocks.message_broker, "rabbitmq_version"), |n| RabbitMqVersion::parse(n).is_some())
}

/// How much of an unknown version the error repeats.
const VERSION_SHOWN_CHARS: usize = 32;

fn check_version(product: Product, value: Option<serde_json::Value>, known: impl Fn(&str) -> bool) -> Result<(), ScenarioError> {
    let found = match value {
        None => return Ok(()),
        Some(serde_json::Value::String(name)) if known(&name) => return Ok(()),
        Some(serde_json::Value::String(name)) => name,
        Some(other) => other.to_string(),
    };
    Err(ScenarioError::UnknownVersion { product, found: found.chars().take(VERSION_SHOWN_CHARS).collect() })
}

/// What is wrong with a name, if anything.
pub(crate) fn name_problem(name: &str) -> Option<NameProblem> {
    if name.is_empty() {
        Some(NameProblem::Empty)
    } else if name.len() > limits::NAME_BYTES_MAX {
        Some(NameProblem::TooLong)
    } else if name.chars().any(char::is_control) {
        Some(NameProblem::ControlCharacter)
    } else {
        None
    }
}

pub(crate) fn check_name(what: Declared, name: &str) -> Result<(), ScenarioError> {
    match name_problem(name) {
        Some(reason) => Err(ScenarioError::InvalidName { what, name: name.to_string(), reason }),
        None => Ok(()),
    }
}

pub(crate) fn check_range(field: impl FnOnce() -> Field, value: u64, min: u64, max: u64) -> Result<(), ScenarioError> {
    if value < min || value > max {
        return Err(ScenarioError::OutOfRange { field: field(), value, min, max });
    }
    Ok(())
}

pub(crate) fn field(what: Declared, name: &str, key: &'static str) -> Field {
    Field::Of { what, name: name.to_string(), key }
}
