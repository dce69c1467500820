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
//! `uniform` (`UniformHomogeneousAssignmentBuilder`, `UniformHeterogeneousAssignmentBuilder`)
//! is not modelled yet.

use alloc::collections::{BTreeMap, BTreeSet};
use alloc::vec::Vec;

use super::assignor::{Assignment, Subscription, TopicPartition, member_info_cmp};
use crate::Name;

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
