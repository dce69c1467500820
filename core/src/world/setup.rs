//! Building the world's topics from the scenario, each checked before it is made.

use super::{Declared, ScenarioError, TopicSpec, World, check_name, check_range, field};
use crate::limits;

impl World {
    /// Creates the scenario's topics in order; on error the caller drops the world.
    pub(super) fn add_topics(&mut self, topics: &[TopicSpec], brokers: u32) -> Result<(), ScenarioError> {
        for topic in topics {
            check_name(Declared::Topic, &topic.name)?;
            if self.event_broker.topic(&topic.name).is_some() {
                return Err(ScenarioError::DuplicateName { what: Declared::Topic, name: topic.name.clone() });
            }
            let f = |k: &'static str| field(Declared::Topic, &topic.name, k);
            check_range(|| f("partitions"), u64::from(topic.partitions), 1, u64::from(limits::PARTITIONS_MAX))?;
            check_range(|| f("replication_factor"), u64::from(topic.replication_factor), 1, u64::from(brokers))?;
            topic.config.check().map_err(|(property, value, min, max)| ScenarioError::InvalidConfig {
                topic: topic.name.clone(),
                property,
                value,
                min,
                max,
            })?;
            self.create_topic(&topic.name, topic.partitions, topic.replication_factor, topic.config.clone(), false);
        }
        Ok(())
    }
}
