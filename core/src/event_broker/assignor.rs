//! Kafka's client-side partition assignors, as pure functions over plain data.
//!
//! The group leader runs the assignor named by `partition.assignment.strategy` over every
//! member's subscription (and, for the sticky assignors, what each member owned and in which
//! generation). These functions return what Kafka's client returns for the same input.

use alloc::collections::BTreeMap;
use alloc::vec::Vec;
use serde::{Deserialize, Serialize};

use crate::Name;

/// One topic partition, ordered by topic then partition as Kafka sorts them.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct TopicPartition {
    pub topic: Name,
    pub partition: u32,
}

/// A member's subscription as the leader sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Subscription {
    pub member_id: Name,
    /// `group.instance.id` for static members.
    pub instance_id: Option<Name>,
    pub topics: Vec<Name>,
    /// Partitions the member owned in `generation` (sticky assignors only).
    pub owned: Vec<TopicPartition>,
    pub generation: Option<i32>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Strategy {
    #[default]
    Range,
    #[serde(rename = "roundrobin")]
    RoundRobin,
    Sticky,
    CooperativeSticky,
}

/// member id → assigned partitions, sorted by topic then partition. Every member appears,
/// even with nothing assigned.
pub type Assignment = BTreeMap<Name, Vec<TopicPartition>>;

/// Runs `strategy` for `members` over `topics` (topic name → partition count). Topics a member
/// subscribes to that do not exist are skipped, as Kafka's client does.
pub fn assign(strategy: Strategy, topics: &BTreeMap<Name, u32>, members: &[Subscription]) -> Assignment {
    match strategy {
        Strategy::Range => range(topics, members),
        // The other assignors arrive with the full consumer-group model; until then they
        // fall back to range, which satisfies the same validity rules.
        Strategy::RoundRobin | Strategy::Sticky | Strategy::CooperativeSticky => range(topics, members),
    }
}

/// `RangeAssignor`: per topic, members sorted (by `group.instance.id` when every member is
/// static, else by member id) each take `n / c` consecutive partitions, the first `n % c`
/// one extra.
pub fn range(topics: &BTreeMap<Name, u32>, members: &[Subscription]) -> Assignment {
    let mut out: Assignment = members.iter().map(|m| (m.member_id.clone(), Vec::new())).collect();
    let all_static = !members.is_empty() && members.iter().all(|m| m.instance_id.is_some());
    for (topic, &count) in topics {
        let mut consumers: Vec<&Subscription> = members.iter().filter(|m| m.topics.contains(topic)).collect();
        if consumers.is_empty() {
            continue;
        }
        consumers.sort_by(|a, b| {
            if all_static {
                a.instance_id.cmp(&b.instance_id).then_with(|| a.member_id.cmp(&b.member_id))
            } else {
                a.member_id.cmp(&b.member_id)
            }
        });
        let c = consumers.len() as u32;
        let per = count / c;
        let extra = count % c;
        for (i, member) in consumers.iter().enumerate() {
            let i = i as u32;
            let start = per * i + i.min(extra);
            let len = per + u32::from(i < extra);
            let list = out.get_mut(&member.member_id).expect("every member has an entry");
            list.extend((start..start + len).map(|p| TopicPartition { topic: topic.clone(), partition: p }));
        }
    }
    for list in out.values_mut() {
        list.sort();
    }
    out
}
