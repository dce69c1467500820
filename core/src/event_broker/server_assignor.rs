//! Kafka's group-coordinator assignors for the consumer rebalance protocol (KIP-848,
//! `group.protocol=consumer`), as pure functions over plain data: under that protocol the
//! broker, not a group leader, computes the target assignment with the assignor named by
//! `group.consumer.assignors` (`uniform` by default, or `range`).
//!
//! `range` follows the group coordinator's `RangeAssignor` at apache/kafka trunk 1eb7644
//! (October 2024, the last source read here; the 4.x releases branch after it): per topic,
//! contiguous ranges handed out over the subscribed members sorted static first (by
//! `group.instance.id`), then by member id, the first `partitions % members` members taking
//! one partition more. It never reads the current assignment, so it is not sticky (unlike the
//! client's `CooperativeStickyAssignor`, and unlike what librdkafka's `INTRODUCTION.md` says of
//! both server assignors); static members keep their ranges across a restart with a new
//! member id because their instance ids sort them. Nothing depends on a `HashMap`'s order:
//! each topic's ranges are independent of the others, and members are sorted.
//!
//! `uniform` is modelled for groups whose members all subscribe to the same topics
//! (`UniformHomogeneousAssignmentBuilder`, [`uniform_homogeneous`]), where Kafka's result
//! depends on the order it visits members, topic ids and each member's assignment: those
//! orders are the function's inputs (see its comment). Groups with different subscriptions
//! (`UniformHeterogeneousAssignmentBuilder`) are not modelled yet.

use alloc::collections::{BTreeMap, BTreeSet};
use alloc::vec::Vec;

use super::assignor::{Assignment, Subscription, TopicPartition, member_info_cmp};
use crate::Name;

/// A server assignor by the name `group.consumer.assignors` and `group.remote.assignor` use.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ServerAssignor {
    /// The first of `group.consumer.assignors` by default: sticky, then balanced.
    #[default]
    Uniform,
    Range,
}

impl ServerAssignor {
    pub fn name(self) -> &'static str {
        match self {
            ServerAssignor::Uniform => "uniform",
            ServerAssignor::Range => "range",
        }
    }
}

/// A member subscribes to a topic the cluster does not have: Kafka's assignor throws
/// `PartitionAssignorException` ("Member is subscribed to a non-existent topic").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownTopic {
    pub member_id: Name,
    pub topic: Name,
}

/// The group coordinator's `RangeAssignor` (see the module's comment). `members`' `owned` and
/// `generation` are ignored, as Kafka ignores the current assignment. Every member appears in
/// the result, each with its partitions sorted by topic then partition.
pub fn range(topics: &BTreeMap<Name, u32>, members: &[Subscription]) -> Result<Assignment, UnknownTopic> {
    let mut order: Vec<&Subscription> = members.iter().collect();
    crate::sort::sort_by(&mut order, |a, b| member_info_cmp(a, b));
    // Each member's subscription as a set (Kafka keeps topic ids in a `Set`), checked.
    let mut subscribed: Vec<BTreeSet<&Name>> = Vec::with_capacity(order.len());
    for member in &order {
        let set: BTreeSet<&Name> = member.topics.iter().collect();
        if let Some(topic) = set.iter().find(|t| !topics.contains_key(**t)) {
            return Err(UnknownTopic { member_id: member.member_id.clone(), topic: (*topic).clone() });
        }
        subscribed.push(set);
    }
    let mut out: Assignment = members.iter().map(|m| (m.member_id.clone(), Vec::new())).collect();
    for (topic, &partitions) in topics {
        let takers: Vec<&Subscription> =
            order.iter().zip(&subscribed).filter(|(_, set)| set.contains(topic)).map(|(m, _)| *m).collect();
        if takers.is_empty() {
            continue;
        }
        let count = takers.len() as u32;
        let (quota, mut extra) = (partitions / count, partitions % count);
        let mut next = 0;
        for member in takers {
            let take = quota + u32::from(extra > 0);
            extra = extra.saturating_sub(1);
            let end = (next + take).min(partitions);
            let list = out.get_mut(&member.member_id).expect("every member is in the result");
            list.extend((next..end).map(|partition| TopicPartition { topic: topic.clone(), partition }));
            next = end;
        }
    }
    // Topics are visited in name order and each adds its partitions in order, so every list is
    // already sorted by topic then partition.
    Ok(out)
}

/// The group coordinator's `UniformAssignor` for a group whose members all subscribe to the
/// same topics (`UniformHomogeneousAssignmentBuilder` at apache/kafka trunk 1eb7644): sticky,
/// then balanced. Each member keeps what it owns of the subscribed topics up to its quota
/// (`partitions / members`, one more for the first `partitions % members` members in
/// `members`' order); the rest, with every partition nobody owns, goes in order to the
/// members still under quota, again in `members`' order.
///
/// Kafka's result depends on orders the CLI has no data for, so they are inputs here:
/// `topics` is visited in the order given (Kafka: a `HashSet` of topic ids), `members` in the
/// order given (Kafka: its `GroupSpec`'s member map, a `HashMap` in the coordinator and a
/// `TreeMap` in its tests), a member's current assignment topic by topic in the order its
/// `owned` first names each topic (Kafka: the member's assignment map, a `LinkedHashMap` in
/// the tests that depend on it), and the partitions of one topic ascending (Kafka: a
/// `HashSet<Integer>`, ascending while the numbers stay below its capacity). Input the
/// coordinator never produces is cleaned first: a partition that does not exist is dropped,
/// and one owned twice stays with the first member that owns it.
///
/// `None` when the members' subscriptions differ: that is the heterogeneous builder, not
/// modelled yet.
pub fn uniform_homogeneous(topics: &[(Name, u32)], members: &[Subscription]) -> Option<Result<Assignment, UnknownTopic>> {
    let Some(first) = members.first() else { return Some(Ok(Assignment::new())) };
    let subscribed: BTreeSet<&Name> = first.topics.iter().collect();
    if members.iter().any(|m| m.topics.iter().collect::<BTreeSet<_>>() != subscribed) {
        return None;
    }
    if let Some(topic) = subscribed.iter().find(|t| !topics.iter().any(|(name, _)| name == **t)) {
        return Some(Err(UnknownTopic { member_id: first.member_id.clone(), topic: (*topic).clone() }));
    }
    let in_order: Vec<(&Name, u32)> = topics.iter().filter(|(name, _)| subscribed.contains(name)).map(|(n, c)| (n, *c)).collect();
    // What each member owns of the subscribed topics, cleaned, in the order Kafka visits it.
    let mut claimed: BTreeSet<(&Name, u32)> = BTreeSet::new();
    let owned: Vec<Vec<TopicPartition>> = members
        .iter()
        .map(|m| {
            let mut mine = Vec::new();
            let mut seen: Vec<&Name> = Vec::new();
            for tp in &m.owned {
                let Some(&(topic, count)) = in_order.iter().find(|(name, _)| **name == tp.topic) else { continue };
                if seen.contains(&topic) {
                    continue;
                }
                seen.push(topic);
                let mut partitions: Vec<u32> =
                    m.owned.iter().filter(|o| o.topic == *topic && o.partition < count).map(|o| o.partition).collect();
                crate::sort::sort(&mut partitions);
                partitions.dedup();
                for partition in partitions {
                    if claimed.insert((topic, partition)) {
                        mine.push(TopicPartition { topic: topic.clone(), partition });
                    }
                }
            }
            mine
        })
        .collect();
    let mut unassigned: Vec<TopicPartition> = Vec::new();
    for &(topic, count) in &in_order {
        unassigned.extend((0..count).filter(|p| !claimed.contains(&(topic, *p))).map(|partition| TopicPartition { topic: topic.clone(), partition }));
    }
    let total: u64 = in_order.iter().map(|&(_, count)| u64::from(count)).sum();
    let count = members.len() as u64;
    let (minimum, mut extra) = (total / count, total % count);
    // Keep up to the quota; what is over it joins the unassigned, after the never-owned.
    let mut kept: Vec<Vec<TopicPartition>> = Vec::with_capacity(members.len());
    let mut room: Vec<u64> = Vec::with_capacity(members.len());
    for mine in owned {
        let quota = minimum + u64::from(extra > 0);
        extra = extra.saturating_sub(1);
        let keep = (mine.len() as u64).min(quota) as usize;
        let mut mine = mine;
        unassigned.extend(mine.drain(keep..));
        room.push(quota - keep as u64);
        kept.push(mine);
    }
    let mut next = unassigned.into_iter();
    for (mine, room) in kept.iter_mut().zip(room) {
        mine.extend(next.by_ref().take(room as usize));
    }
    assert!(next.next().is_none(), "the quotas add up to every partition");
    let mut out = Assignment::new();
    for (member, mut mine) in members.iter().zip(kept) {
        crate::sort::sort(&mut mine);
        out.insert(member.member_id.clone(), mine);
    }
    Some(Ok(out))
}
