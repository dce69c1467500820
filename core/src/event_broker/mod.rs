//! The event broker: a model of Apache Kafka.
//!
//! Owns topics, their partition logs and the group coordinator's committed offsets. It does
//! not know about simulated clients, links or timers (that is `world`), nor how anything is
//! drawn. The pure leaves (`partitioner`, `assignor`) are plain functions over plain data.

pub mod assignor;
pub mod cluster;
pub mod elr;
pub mod log;
pub mod partitioner;
pub mod reconcile;
pub mod server_assignor;
pub mod share;

use alloc::collections::BTreeMap;
use alloc::vec::Vec;
use serde::{Deserialize, Serialize};

use crate::Name;
use crate::time::SimTime;
pub use cluster::{Acks, BrokerId, Replication, TopicConfig};
pub use log::{CleanupPolicy, LogConfig, Offset, PartitionLog};

/// A topic's identity for its whole life. A deleted and re-created topic gets a new id (as
/// Kafka's topic ids), so timers in flight for the old one cannot touch the new one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct TopicId(pub u32);

/// Identifies one produced record across the whole run (for animation and inspection).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RecordId(pub u64);

/// A partition's number within its topic.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PartitionIndex(pub u32);

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Record {
    pub id: RecordId,
    pub offset: Offset,
    pub key: Option<Name>,
    pub value: Option<Name>,
    /// `CreateTime`: when the producer sent it.
    pub timestamp: SimTime,
}

#[derive(Clone, Debug, Serialize)]
pub struct Topic {
    id: TopicId,
    name: Name,
    config: TopicConfig,
    /// Each partition's visible log: its leader's (see `cluster`).
    partitions: Vec<PartitionLog>,
    replication: Vec<Replication>,
}

impl Topic {
    /// A topic with one replica per partition on broker 0 and the default config.
    pub fn new(name: Name, partitions: u32) -> Topic {
        let replicas = cluster::assign_replicas(&[BrokerId(0)], 0, partitions, 1);
        Topic::with_replicas(TopicId(0), name, TopicConfig::default(), replicas)
    }
    /// A topic whose partition `p` has replicas `replicas[p]` (the first leads).
    pub fn with_replicas(id: TopicId, name: Name, config: TopicConfig, replicas: Vec<Vec<BrokerId>>) -> Topic {
        let log = config.log_config();
        Topic {
            id,
            name,
            partitions: replicas.iter().map(|_| PartitionLog::with_config(log.clone())).collect(),
            replication: replicas.into_iter().map(|r| Replication::new(r, &log)).collect(),
            config,
        }
    }
    pub fn id(&self) -> TopicId {
        self.id
    }
    pub fn name(&self) -> &Name {
        &self.name
    }
    pub fn config(&self) -> &TopicConfig {
        &self.config
    }
    pub fn partitions(&self) -> &[PartitionLog] {
        &self.partitions
    }
    pub fn partition_count(&self) -> u32 {
        self.partitions.len() as u32
    }
    pub fn partition(&self, index: PartitionIndex) -> Option<&PartitionLog> {
        self.partitions.get(index.0 as usize)
    }
    pub fn replication(&self, index: PartitionIndex) -> Option<&Replication> {
        self.replication.get(index.0 as usize)
    }
    pub fn replication_factor(&self) -> u32 {
        self.replication.first().map_or(1, |r| r.replicas.len() as u32)
    }
    pub(crate) fn partition_mut(&mut self, index: PartitionIndex) -> &mut PartitionLog {
        &mut self.partitions[index.0 as usize]
    }
    pub(crate) fn parts_mut(&mut self, index: PartitionIndex) -> (&mut PartitionLog, &mut Replication) {
        (&mut self.partitions[index.0 as usize], &mut self.replication[index.0 as usize])
    }
    /// Adds partitions with these replicas; partitions are never removed.
    pub(crate) fn add_partitions(&mut self, replicas: Vec<Vec<BrokerId>>) {
        let log = self.config.log_config();
        for r in replicas {
            self.partitions.push(PartitionLog::with_config(log.clone()));
            self.replication.push(Replication::new(r, &log));
        }
    }
}

/// The cluster's state: topics and the committed offsets the group coordinator stores.
#[derive(Clone, Debug, Default, Serialize)]
pub struct EventBroker {
    topics: Vec<Topic>,
    /// Whether each broker is running, by broker id.
    brokers: Vec<bool>,
    /// Whether each broker's last stop was a controlled shutdown, by broker id: what Kafka's
    /// clean-shutdown file (`previousBrokerEpoch` at registration, KAFKA-15586) tells the
    /// controller when the broker comes back.
    stopped_cleanly: Vec<bool>,
    next_topic_id: u32,
    /// (group, topic, partition) → committed offset: the next offset the group will read.
    committed: BTreeMap<(Name, Name, PartitionIndex), Offset>,
}

impl EventBroker {
    pub fn topics(&self) -> &[Topic] {
        &self.topics
    }
    pub fn topic(&self, name: &str) -> Option<&Topic> {
        self.topics.iter().find(|t| &*t.name == name)
    }
    pub(crate) fn topic_index(&self, name: &str) -> Option<usize> {
        self.topics.iter().position(|t| &*t.name == name)
    }
    pub fn topic_by_id(&self, id: TopicId) -> Option<&Topic> {
        self.topics.iter().find(|t| t.id == id)
    }
    pub(crate) fn topic_position(&self, id: TopicId) -> Option<usize> {
        self.topics.iter().position(|t| t.id == id)
    }
    /// A cluster of `brokers` running brokers and no topics.
    pub fn with_brokers(brokers: u32) -> EventBroker {
        let (brokers, stopped_cleanly) = (alloc::vec![true; brokers as usize], alloc::vec![true; brokers as usize]);
        EventBroker { brokers, stopped_cleanly, ..EventBroker::default() }
    }
    pub fn broker_count(&self) -> u32 {
        self.brokers.len() as u32
    }
    pub fn broker_alive(&self, broker: BrokerId) -> bool {
        self.brokers.get(broker.0 as usize).copied().unwrap_or(false)
    }
    pub(crate) fn set_broker_alive(&mut self, broker: BrokerId, alive: bool) {
        self.brokers[broker.0 as usize] = alive;
    }
    /// Whether the broker's last stop was a controlled shutdown (a broker never stopped: yes).
    pub fn stopped_cleanly(&self, broker: BrokerId) -> bool {
        self.stopped_cleanly.get(broker.0 as usize).copied().unwrap_or(true)
    }
    pub(crate) fn set_stopped_cleanly(&mut self, broker: BrokerId, cleanly: bool) {
        self.stopped_cleanly[broker.0 as usize] = cleanly;
    }
    /// Adds a topic with a fresh id and returns the id (any id in `topic` is replaced).
    pub(crate) fn add_topic(&mut self, mut topic: Topic) -> TopicId {
        let id = TopicId(self.next_topic_id);
        self.next_topic_id += 1;
        topic.id = id;
        self.topics.push(topic);
        id
    }
    /// Removes a topic and every committed offset on it.
    pub(crate) fn remove_topic(&mut self, index: usize) -> Topic {
        let topic = self.topics.remove(index);
        self.committed.retain(|(_, t, _), _| *t != topic.name);
        topic
    }
    /// Every committed offset: (group, topic, partition) → offset.
    pub fn committed_offsets(&self) -> impl Iterator<Item = (&Name, &Name, PartitionIndex, Offset)> {
        self.committed.iter().map(|((g, t, p), o)| (g, t, *p, *o))
    }
    pub(crate) fn topic_mut(&mut self, index: usize) -> &mut Topic {
        &mut self.topics[index]
    }

    pub fn committed(&self, group: &str, topic: &str, partition: PartitionIndex) -> Option<Offset> {
        let key = (crate::Name::from(group), crate::Name::from(topic), partition);
        self.committed.get(&key).copied()
    }
    pub(crate) fn commit(&mut self, group: Name, topic: Name, partition: PartitionIndex, offset: Offset) {
        self.committed.insert((group, topic, partition), offset);
    }

    /// Lag = high watermark − committed offset (K5). With nothing committed, the whole
    /// readable log counts from the log start.
    pub fn lag(&self, group: &str, topic: &str, partition: PartitionIndex) -> Option<u64> {
        let log = self.topic(topic)?.partition(partition)?;
        let from = self.committed(group, topic, partition).unwrap_or(log.log_start());
        Some(log.high_watermark().0.saturating_sub(from.0))
    }
}
