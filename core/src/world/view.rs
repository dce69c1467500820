//! Borrowed, read-only views of the world for rendering and assertions. Nothing here mutates.

use alloc::vec::Vec;

use crate::Name;
use crate::event_broker::share::SharePartition;
use crate::event_broker::{BrokerId, EventBroker, Offset, PartitionIndex, Replication};
use crate::time::SimTime;
use crate::event_broker::reconcile::ReconcileState;
use crate::world::{GroupProtocol, World};
use crate::world::message::MessageSide;

#[derive(Clone, Copy, Debug)]
pub struct View<'a> {
    world: &'a World,
}

/// A RabbitMQ stream (R21) as the page draws it: a log with offsets, its segments, and where
/// each consumer reads.
#[derive(Clone, Debug)]
pub struct StreamView<'a> {
    pub queue: &'a Name,
    /// The oldest offset still kept (retention moves it in whole segments).
    pub first_offset: u64,
    /// The offset the next message gets.
    pub next_offset: u64,
    /// Segments, oldest first, as (first offset, next offset, bytes); the last is open.
    pub segments: Vec<(u64, u64, u64)>,
    /// Each consumer (channel, consumer tag) and the next offset it reads.
    pub readers: Vec<(crate::message_broker::ChannelId, &'a Name, u64)>,
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
    /// The topics it subscribes to.
    pub topics: &'a [Name],
    /// The generation (classic), or the group epoch (consumer protocol).
    pub generation: u32,
    pub rebalancing: bool,
    pub members: Vec<MemberView>,
    /// `group.protocol`.
    pub protocol: GroupProtocol,
    /// The epoch of the coordinator's target assignment (consumer protocol only).
    pub target_epoch: Option<u32>,
}

#[derive(Clone, Debug)]
pub struct MemberView {
    pub index: u32,
    /// (topic index, partition) pairs this member owns.
    pub assigned: Vec<(usize, PartitionIndex)>,
    pub busy: bool,
    pub state: MemberState,
    /// Whether the coordinator counts it as a member of the group.
    pub in_group: bool,
    pub generation: u32,
    pub instance_id: Option<Name>,
    /// (topic index, partition) → the next offset it fetches.
    pub positions: Vec<((usize, PartitionIndex), Offset)>,
    /// Consumer protocol: its partitions in the coordinator's target assignment (empty under
    /// classic).
    pub target: Vec<(usize, PartitionIndex)>,
    /// Consumer protocol: where the coordinator's reconciliation has it, while it counts it.
    pub reconcile_state: Option<ReconcileState>,
}

/// A share group as the page draws it.
#[derive(Clone, Debug)]
pub struct ShareGroupView<'a> {
    pub name: &'a Name,
    /// `None` once the topic was deleted.
    pub topic: Option<&'a Name>,
    /// Each member, in index order.
    pub members: Vec<ShareMemberView<'a>>,
    pub delivery_count_limit: u32,
    pub record_lock_duration_ms: u64,
    pub max_inflight_records: u32,
    pub acknowledgement_mode: crate::world::AcknowledgementMode,
    /// `share.session.timeout.ms`: how long a crashed member stays in the group.
    pub session_timeout_ms: u64,
}

/// One share-group member as the page shows it.
#[derive(Clone, Copy, Debug)]
pub struct ShareMemberView<'a> {
    /// `<group>-<index>`, the holder a share-partition names.
    pub id: &'a Name,
    /// Running, paused (it sends no fetch, so no acknowledgement) or crashed.
    pub state: MemberState,
    /// How it answers for each record it processed.
    pub answer: crate::world::ShareAnswer,
    /// In the group (false once a crashed member's session timed out, until it starts again).
    pub in_group: bool,
    /// The partitions the group's assignment gives it; other members may share them.
    pub assigned: &'a alloc::collections::BTreeSet<u32>,
}

/// A group member's client process.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MemberState {
    Running,
    /// Not calling `poll()`; still heartbeating.
    Paused,
    Crashed,
    /// Stopped with an error (`auto.offset.reset=none`).
    Failed,
    /// Closed (`remove_member`).
    Stopped,
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

    /// The Kafka version whose behaviour this world follows.
    pub fn kafka_version(&self) -> crate::versions::KafkaVersion {
        self.world.kafka_version
    }

    pub fn event_broker(&self) -> &'a EventBroker {
        &self.world.event_broker
    }

    pub fn producers(&self) -> impl Iterator<Item = ProducerView<'a>> + 'a {
        let world = self.world;
        world.producers.iter().map(move |p| ProducerView {
            name: &p.name,
            topic: &p.topic,
            keys: &p.keys,
            every_ms: p.every_ms,
        })
    }

    pub fn groups(&self) -> impl Iterator<Item = GroupView<'a>> + 'a {
        let world = self.world;
        let index = move |t| world.event_broker.topic_position(t).expect("assigned topics exist");
        let known = move |&(t, p): &(crate::event_broker::TopicId, PartitionIndex)| world.event_broker.topic_position(t).map(|i| (i, p));
        world.groups.iter().map(move |g| GroupView {
            protocol: if g.consumer.is_some() { GroupProtocol::Consumer } else { GroupProtocol::Classic },
            target_epoch: g.consumer.as_ref().map(|c| c.target_epoch),
            name: &g.name,
            topics: &g.topics,
            generation: g.generation,
            rebalancing: g.rebalancing,
            members: g
                .members
                .iter()
                .enumerate()
                .map(|(i, m)| MemberView {
                    index: i as u32,
                    assigned: m.assigned.iter().map(|&(t, p)| (index(t), p)).collect(),
                    busy: m.busy,
                    state: m.state,
                    in_group: m.in_group,
                    generation: m.generation,
                    instance_id: m.instance_id.clone(),
                    positions: m.position.iter().map(|(&(t, p), &o)| ((index(t), p), o)).collect(),
                    target: g
                        .consumer
                        .as_ref()
                        .and_then(|c| c.target.get(&(i as u32)))
                        .map(|set| set.iter().filter_map(known).collect())
                        .unwrap_or_default(),
                    reconcile_state: g.consumer.as_ref().and_then(|c| c.members.get(&(i as u32))).map(|r| r.assignment.state),
                })
                .collect(),
        })
    }

    /// Brokers by id: whether each is running.
    pub fn brokers(&self) -> impl Iterator<Item = (BrokerId, bool)> + 'a {
        let broker = &self.world.event_broker;
        (0..broker.broker_count()).map(move |b| (BrokerId(b), broker.broker_alive(BrokerId(b))))
    }

    /// A partition's replicas, leader and ISR.
    pub fn replication(&self, topic: &str, partition: PartitionIndex) -> Option<&'a Replication> {
        self.world.event_broker.topic(topic)?.replication(partition)
    }

    /// The committed offset of `group` on a partition, if it committed one.
    pub fn committed(&self, group: &str, topic: &str, partition: PartitionIndex) -> Option<Offset> {
        self.world.event_broker.committed(group, topic, partition)
    }

    pub fn lag(&self, group: &str, topic: &str, partition: PartitionIndex) -> Option<u64> {
        self.world.event_broker.lag(group, topic, partition)
    }

    /// The share groups' names, in scenario order.
    pub fn share_groups(&self) -> impl Iterator<Item = &'a Name> + 'a {
        self.world.share_groups.iter().map(|g| &g.name)
    }

    /// The share groups with their topic and members, in scenario order.
    pub fn share_group_views(&self) -> impl Iterator<Item = ShareGroupView<'a>> + 'a {
        let world = self.world;
        world.share_groups.iter().map(move |g| g.view(&world.event_broker))
    }

    /// A share group's share-partition, once the group has fetched from that partition.
    pub fn share_partition(&self, group: &str, partition: PartitionIndex) -> Option<&'a SharePartition> {
        let group = self.world.share_groups.iter().find(|g| *g.name == *group)?;
        group.partitions.get(&partition)
    }

    /// Every stream of the message side, by name (empty without a message side).
    pub fn streams(&self) -> Vec<StreamView<'a>> {
        let Some(side) = self.world.message.as_ref() else { return Vec::new() };
        side.broker().queues().filter_map(|q| q.stream().map(|s| (q.name(), s))).map(|(queue, s)| StreamView {
            queue,
            first_offset: s.log.first_offset(),
            next_offset: s.log.next_offset(),
            segments: s.log.segments().map(|g| (g.first_offset, g.next_offset, g.bytes)).collect(),
            readers: s.readers.iter().map(|((channel, tag), next)| (*channel, tag, *next)).collect(),
        }).collect()
    }

    /// The message-broker side (RabbitMQ model and its clients), if the scenario has one.
    /// Read its broker with `.broker()`, its clients with `.consumers()` and `.publishers()`.
    pub fn message_side(&self) -> Option<&'a MessageSide> {
        self.world.message.as_ref()
    }
}
