//! Borrowed, read-only views of the world for rendering and assertions. Nothing here mutates.

use alloc::vec::Vec;

use crate::Name;
use crate::event_broker::{EventBroker, Offset, PartitionIndex};
use crate::time::SimTime;
use crate::world::World;

#[derive(Clone, Copy, Debug)]
pub struct View<'a> {
    world: &'a World,
}

#[derive(Clone, Debug)]
pub struct ProducerView<'a> {
    pub name: &'a Name,
    pub topic: &'a Name,
    pub keys: &'a [Name],
    pub every_ms: Option<u64>,
}

#[derive(Clone, Debug)]
pub struct GroupView<'a> {
    pub name: &'a Name,
    pub generation: u32,
    pub members: Vec<MemberView>,
}

#[derive(Clone, Debug)]
pub struct MemberView {
    pub index: u32,
    /// (topic index, partition) pairs this member owns.
    pub assigned: Vec<(usize, PartitionIndex)>,
    pub busy: bool,
}

impl<'a> View<'a> {
    pub(crate) fn new(world: &'a World) -> View<'a> {
        View { world }
    }

    pub fn now(&self) -> SimTime {
        self.world.now
    }

    pub fn link_ms(&self) -> u64 {
        self.world.link_ms
    }

    pub fn event_broker(&self) -> &'a EventBroker {
        &self.world.event_broker
    }

    pub fn producers(&self) -> impl Iterator<Item = ProducerView<'a>> + 'a {
        let world = self.world;
        world.producers.iter().map(move |p| ProducerView {
            name: &p.name,
            topic: world.event_broker.topics()[p.topic].name(),
            keys: &p.keys,
            every_ms: p.every_ms,
        })
    }

    pub fn groups(&self) -> impl Iterator<Item = GroupView<'a>> + 'a {
        self.world.groups.iter().map(|g| GroupView {
            name: &g.name,
            generation: g.generation,
            members: g
                .members
                .iter()
                .enumerate()
                .map(|(i, m)| MemberView { index: i as u32, assigned: m.assigned.clone(), busy: m.busy })
                .collect(),
        })
    }

    /// The committed offset of `group` on a partition, if it committed one.
    pub fn committed(&self, group: &str, topic: &str, partition: PartitionIndex) -> Option<Offset> {
        self.world.event_broker.committed(group, topic, partition)
    }

    pub fn lag(&self, group: &str, topic: &str, partition: PartitionIndex) -> Option<u64> {
        self.world.event_broker.lag(group, topic, partition)
    }
}
