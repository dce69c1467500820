//! The event broker: a model of Apache Kafka.
//!
//! Owns topics, their partition logs and the group coordinator's committed offsets. It does
//! not know about simulated clients, links or timers (that is `world`), nor how anything is
//! drawn. The pure leaves (`partitioner`, `assignor`) are plain functions over plain data.

pub mod assignor;
pub mod log;
pub mod partitioner;

use alloc::collections::BTreeMap;
use alloc::vec::Vec;
use serde::{Deserialize, Serialize};

use crate::Name;
use crate::time::SimTime;
pub use log::{Offset, PartitionLog};

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
    name: Name,
    partitions: Vec<PartitionLog>,
}

impl Topic {
    pub fn new(name: Name, partitions: u32) -> Topic {
        Topic { name, partitions: (0..partitions).map(|_| PartitionLog::new()).collect() }
    }
    pub fn name(&self) -> &Name {
        &self.name
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
    pub(crate) fn partition_mut(&mut self, index: PartitionIndex) -> &mut PartitionLog {
        &mut self.partitions[index.0 as usize]
    }
}

/// The cluster's state: topics and the committed offsets the group coordinator stores.
#[derive(Clone, Debug, Default, Serialize)]
pub struct EventBroker {
    topics: Vec<Topic>,
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
    pub(crate) fn add_topic(&mut self, topic: Topic) {
        self.topics.push(topic);
    }
    pub(crate) fn topic_mut(&mut self, index: usize) -> &mut Topic {
        &mut self.topics[index]
    }

    pub fn committed(&self, group: &str, topic: &str, partition: PartitionIndex) -> Option<Offset> {
        self.committed
            .iter()
            .find(|((g, t, p), _)| &**g == group && &**t == topic && *p == partition)
            .map(|(_, o)| *o)
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
