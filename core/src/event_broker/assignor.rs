//! Kafka's client-side partition assignors, as pure functions over plain data.
//!
//! The group leader runs the assignor named by `partition.assignment.strategy` over every
//! member's subscription (and, for the sticky assignors, what each member owned and in which
//! generation). These functions return what Kafka's Java client (3.x, rack-unaware) returns
//! for the same input: `RangeAssignor`, `RoundRobinAssignor`, `StickyAssignor` and
//! `CooperativeStickyAssignor` (both built on `AbstractStickyAssignor`).
//!
//! This module owns the assignment arithmetic only. It does not know about rebalance timing,
//! heartbeats or the group coordinator: the world drives rounds and uses [`revoked`] and
//! [`after_rebalance`] for the cooperative two-round protocol:
//!
//! ```text
//!   round 1: assign(CooperativeSticky) ── members revoke revoked(..) ──┐
//!                                                                     │ any revoked?
//!   round 2: assign(CooperativeSticky, after_rebalance(..)) <─────────┘ yes: rejoin
//! ```
//!
//! # Where Kafka depends on Java's `HashMap` order
//!
//! `AbstractStickyAssignor` walks the members in the iteration order of a
//! `HashMap<String, Subscription>`; that order decides, for example, which members keep
//! `maxQuota` owned partitions when more could. Kafka's own tests pin results that follow from
//! it. We reproduce that order deterministically: members are ordered by the bucket Java's
//! `HashMap` puts them in (`String.hashCode`, spread, table size after inserting them in the
//! order given, which stands for the join order in which the leader's coordinator inserts them),
//! ties in a bucket in insertion order. The one case not reproduced is a treeified bucket (nine
//! or more member ids in one bucket of a table of at least 64), where we keep insertion order.
//! The same emulation picks "the first" partition of a `HashSet<TopicPartition>` in the general
//! sticky path (`getTheActualPartitionToBeMoved`). Everything else Kafka does in hashed
//! collections is order-independent (membership tests, existence checks).
//!
//! # Other deliberate differences (inputs Kafka's coordinator never produces)
//!
//! - Topics nobody subscribes to are ignored (Kafka's leader only passes subscribed topics).
//! - Owned partitions of unknown topics or beyond a topic's partition count are ignored;
//!   duplicate topics in a subscription and duplicate owned partitions count once; a duplicate
//!   member id keeps its first subscription.
//! - "All subscriptions equal" is real set equality (Kafka's check can be fooled by a first
//!   member with an empty subscription).
//! - In the general sticky path a partition only goes back to its previous-generation owner if
//!   that member still subscribes to its topic (Kafka does not check, and could assign a
//!   partition to a member not subscribed to it).
//! - The highest generation seen is computed per call (Kafka's assignor object remembers it
//!   across calls, which only matters if generations go backwards).
//! - Members with the same `group.instance.id` (Kafka fences these) are ordered by member id.
//! - Strings compare as Java's `String.compareTo` does (UTF-16 code units).

use alloc::collections::{BTreeMap, BTreeSet};
use alloc::vec;
use alloc::vec::Vec;
use core::cmp::Ordering;
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
        Strategy::RoundRobin => roundrobin(topics, members),
        Strategy::Sticky => sticky(topics, members),
        Strategy::CooperativeSticky => cooperative_sticky(topics, members),
    }
}

/// `RangeAssignor`: per topic, the subscribed members sorted (static members first by
/// `group.instance.id`, then dynamic members by member id) each take `n / c` consecutive
/// partitions, the first `n % c` one extra.
pub fn range(topics: &BTreeMap<Name, u32>, members: &[Subscription]) -> Assignment {
    let members = distinct(members);
    let mut lists: Vec<Vec<TopicPartition>> = vec![Vec::new(); members.len()];
    let mut order: Vec<usize> = (0..members.len()).collect();
    crate::sort::sort_by(&mut order, |&a, &b| member_info_cmp(members[a], members[b]));
    let subscribers = subscribers_by_topic(&members, &order);
    for (topic, &count) in topics {
        let Some(positions) = subscribers.get(&**topic) else { continue };
        let consumers: Vec<usize> = positions.iter().map(|&p| order[p]).collect();
        let c = consumers.len() as u32;
        let per = count / c;
        let extra = count % c;
        for (i, &member) in consumers.iter().enumerate() {
            let i = i as u32;
            let start = per * i + i.min(extra);
            let len = per + u32::from(i < extra);
            lists[member].extend((start..start + len).map(|p| TopicPartition { topic: topic.clone(), partition: p }));
        }
    }
    finish(&members, lists)
}

/// `RoundRobinAssignor`: every partition of every subscribed topic (topics in name order,
/// partitions ascending) is dealt to the members in a circle (static members first by
/// `group.instance.id`, then dynamic members by member id), skipping members not subscribed
/// to the partition's topic.
pub fn roundrobin(topics: &BTreeMap<Name, u32>, members: &[Subscription]) -> Assignment {
    let members = distinct(members);
    let mut lists: Vec<Vec<TopicPartition>> = vec![Vec::new(); members.len()];
    if members.is_empty() {
        return finish(&members, lists);
    }
    let mut order: Vec<usize> = (0..members.len()).collect();
    crate::sort::sort_by(&mut order, |&a, &b| member_info_cmp(members[a], members[b]));
    let subscribers = subscribers_by_topic(&members, &order);
    let mut subscribed: Vec<(&Name, u32, &Vec<usize>)> =
        topics.iter().filter_map(|(name, &count)| subscribers.get(&**name).map(|s| (name, count, s))).collect();
    crate::sort::sort_by(&mut subscribed, |a, b| java_cmp(a.0, b.0));
    let mut cursor = 0usize;
    for (topic, count, positions) in subscribed {
        for partition in 0..count {
            // The circular iterator's next member at or after `cursor` subscribed to `topic`.
            let at = positions.partition_point(|&p| p < cursor);
            let position = positions.get(at).copied().unwrap_or(positions[0]);
            lists[order[position]].push(TopicPartition { topic: topic.clone(), partition });
            cursor = (position + 1) % order.len();
        }
    }
    finish(&members, lists)
}

/// `StickyAssignor` (eager): as balanced as the subscriptions allow, then keeps as many
/// previously owned partitions (`owned`, trusted per `generation`) as balance allows.
pub fn sticky(topics: &BTreeMap<Name, u32>, members: &[Subscription]) -> Assignment {
    let problem = Problem::new(topics, members);
    let outcome = problem.sticky();
    let lists = problem.lists(&outcome.owner_lists);
    finish(&problem.members, lists)
}

/// `CooperativeStickyAssignor`: the sticky assignment, minus every partition that moves from
/// one member to another. Such a partition is left unassigned this round: its previous owner
/// revokes it (see [`revoked`]) and rejoins, and the follow-up rebalance assigns it.
pub fn cooperative_sticky(topics: &BTreeMap<Name, u32>, members: &[Subscription]) -> Assignment {
    let problem = Problem::new(topics, members);
    let mut outcome = problem.sticky();
    let transferring = match outcome.transferring.take() {
        Some(transferring) => transferring,
        None => problem.transferring_from_scratch(&outcome.owner_lists),
    };
    for (member, list) in outcome.owner_lists.iter_mut().enumerate() {
        list.retain(|&pid| transferring[pid] != Some(member));
    }
    let lists = problem.lists(&outcome.owner_lists);
    finish(&problem.members, lists)
}

/// What each member must give up after `assignment`: its `owned` partitions that it was not
/// assigned (sorted). Under the cooperative protocol a member with anything to revoke rejoins,
/// which triggers the follow-up rebalance; members with nothing to revoke are left out.
pub fn revoked(members: &[Subscription], assignment: &Assignment) -> BTreeMap<Name, Vec<TopicPartition>> {
    let mut out = BTreeMap::new();
    for member in distinct(members) {
        let assigned: BTreeSet<&TopicPartition> =
            assignment.get(&member.member_id).map(|list| crate::sort::collect_by_insert(list.iter())).unwrap_or_default();
        let mut gone: Vec<TopicPartition> = member.owned.iter().filter(|tp| !assigned.contains(tp)).cloned().collect();
        crate::sort::sort(&mut gone);
        gone.dedup();
        if !gone.is_empty() {
            out.insert(member.member_id.clone(), gone);
        }
    }
    out
}

/// True when a cooperative round revoked something, so a follow-up rebalance must run.
pub fn needs_follow_up(members: &[Subscription], assignment: &Assignment) -> bool {
    !revoked(members, assignment).is_empty()
}

/// The subscriptions for the next round: same members and topics, each owning what
/// `assignment` gave it, in `generation` (the generation the assignment was made for).
pub fn after_rebalance(members: &[Subscription], assignment: &Assignment, generation: i32) -> Vec<Subscription> {
    distinct(members)
        .into_iter()
        .map(|m| Subscription {
            owned: assignment.get(&m.member_id).cloned().unwrap_or_default(),
            generation: Some(generation),
            ..m.clone()
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Shared helpers.

/// Members with distinct ids, first occurrence wins, in the order given.
fn distinct(members: &[Subscription]) -> Vec<&Subscription> {
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    members.iter().filter(|m| seen.insert(&m.member_id)).collect()
}

/// topic → positions (in `order`) of the members subscribed to it, ascending.
fn subscribers_by_topic<'a>(members: &[&'a Subscription], order: &[usize]) -> BTreeMap<&'a str, Vec<usize>> {
    let mut subscribers: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (position, &m) in order.iter().enumerate() {
        let mut topics: Vec<&str> = members[m].topics.iter().map(|t| &**t).collect();
        crate::sort::sort(&mut topics);
        topics.dedup();
        for topic in topics {
            subscribers.entry(topic).or_default().push(position);
        }
    }
    subscribers
}

fn finish(members: &[&Subscription], lists: Vec<Vec<TopicPartition>>) -> Assignment {
    let mut out = Assignment::new();
    for (member, mut list) in members.iter().zip(lists) {
        crate::sort::sort(&mut list);
        out.insert(member.member_id.clone(), list);
    }
    out
}

/// Java's `String.compareTo`: lexicographic over UTF-16 code units.
pub(crate) fn java_cmp(a: &str, b: &str) -> Ordering {
    if a.is_ascii() && b.is_ascii() {
        return a.cmp(b);
    }
    a.encode_utf16().cmp(b.encode_utf16())
}

/// Java's `String.hashCode`.
fn java_hash(s: &str) -> i32 {
    s.encode_utf16().fold(0i32, |h, unit| h.wrapping_mul(31).wrapping_add(i32::from(unit)))
}

/// `HashMap.hash`: the hash with its high half folded into the low half.
fn spread(hash: i32) -> u32 {
    let h = hash as u32;
    h ^ (h >> 16)
}

/// `AbstractPartitionAssignor.MemberInfo.compareTo`: static members first, by
/// `group.instance.id`; then dynamic members by member id.
pub(crate) fn member_info_cmp(a: &Subscription, b: &Subscription) -> Ordering {
    let by_instance = match (&a.instance_id, &b.instance_id) {
        (Some(x), Some(y)) => java_cmp(x, y),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    };
    by_instance.then_with(|| java_cmp(&a.member_id, &b.member_id))
}

/// Java's `HashMap` bucket bookkeeping, enough to reproduce its iteration order: entries are
/// visited by bucket index, entries in one bucket in insertion order (a resize splits a bucket
/// keeping relative order; removals keep the others' order).
#[derive(Clone, Debug)]
struct JavaHashOrder {
    capacity: u32,
    /// (spread hash, key) in insertion order.
    entries: Vec<(u32, usize)>,
    /// Entries per bucket at the current capacity.
    buckets: BTreeMap<u32, usize>,
}

impl JavaHashOrder {
    const INITIAL_CAPACITY: u32 = 16;
    const TREEIFY_THRESHOLD: usize = 8;
    const MIN_TREEIFY_CAPACITY: u32 = 64;

    fn new() -> JavaHashOrder {
        JavaHashOrder { capacity: Self::INITIAL_CAPACITY, entries: Vec::new(), buckets: BTreeMap::new() }
    }

    fn bucket(&self, hash: u32) -> u32 {
        hash & (self.capacity - 1)
    }

    fn grow(&mut self) {
        self.capacity = self.capacity.saturating_mul(2).max(Self::INITIAL_CAPACITY);
        self.buckets.clear();
        for i in 0..self.entries.len() {
            let b = self.bucket(self.entries[i].0);
            *self.buckets.entry(b).or_default() += 1;
        }
    }

    /// Inserts a key not already present, as `HashMap.putVal` does.
    fn insert(&mut self, hash: u32, key: usize) {
        let bucket = self.bucket(hash);
        let in_bucket = self.buckets.get(&bucket).copied().unwrap_or(0);
        self.entries.push((hash, key));
        *self.buckets.entry(bucket).or_default() += 1;
        // A ninth entry in one bucket of a small table resizes instead of treeifying.
        if in_bucket >= Self::TREEIFY_THRESHOLD && self.capacity < Self::MIN_TREEIFY_CAPACITY {
            self.grow();
        }
        if self.entries.len() > (self.capacity as usize / 4) * 3 {
            self.grow();
        }
    }

    fn remove(&mut self, key: usize) {
        if let Some(i) = self.entries.iter().position(|&(_, k)| k == key) {
            let (hash, _) = self.entries.remove(i);
            let bucket = self.bucket(hash);
            if let Some(n) = self.buckets.get_mut(&bucket) {
                *n -= 1;
                if *n == 0 {
                    self.buckets.remove(&bucket);
                }
            }
        }
    }

    fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The key `iterator().next()` returns.
    fn first(&self) -> Option<usize> {
        let mut best: Option<(u32, usize)> = None;
        for &(hash, key) in &self.entries {
            let b = self.bucket(hash);
            if best.is_none_or(|(bb, _)| b < bb) {
                best = Some((b, key));
            }
        }
        best.map(|(_, key)| key)
    }

    /// All keys in iteration order.
    fn order(&self) -> Vec<usize> {
        let mut keyed: Vec<(u32, usize, usize)> =
            self.entries.iter().enumerate().map(|(i, &(hash, key))| (self.bucket(hash), i, key)).collect();
        crate::sort::sort(&mut keyed);
        keyed.into_iter().map(|(_, _, key)| key).collect()
    }
}

// ---------------------------------------------------------------------------------------------
// The sticky assignors (`AbstractStickyAssignor`).

/// No member (an index into `Problem::members`).
const NOBODY: usize = usize::MAX;

/// The sticky assignors' input, indexed: topics in Java name order, partitions numbered
/// consecutively topic by topic ("pid"), so pid order is Kafka's sorted partition order.
struct Problem<'a> {
    members: Vec<&'a Subscription>,
    topic_names: Vec<Name>,
    /// pid of each topic's partition 0; one extra entry holds the partition total.
    topic_start: Vec<usize>,
    /// pid → topic index.
    partition_topic: Vec<usize>,
    /// Existing subscribed topics of each member, ascending, without duplicates.
    member_topics: Vec<Vec<usize>>,
    /// Each member's subscription as given (for the "all subscriptions equal" test).
    raw_topics: Vec<Vec<&'a str>>,
    /// Each member's owned pids, in the order given, unknown ones and duplicates dropped.
    owned: Vec<Vec<usize>>,
    /// `DEFAULT_GENERATION` (-1) when absent.
    generation: Vec<i32>,
    /// The Java `HashMap<String, Subscription>` iteration order of the members.
    java_order: Vec<usize>,
    /// Each member's position when sorted by member id (Java string order).
    rank: Vec<usize>,
}

/// The sticky assignment before the cooperative adjustment.
struct StickyOutcome {
    /// Per member, assigned pids.
    owner_lists: Vec<Vec<usize>>,
    /// pid → member it is moving to (`partitionsTransferringOwnership`); `None` when the
    /// general path ran and the cooperative assignor must compute it from scratch.
    transferring: Option<Vec<Option<usize>>>,
}

impl<'a> Problem<'a> {
    fn new(topics: &BTreeMap<Name, u32>, members: &'a [Subscription]) -> Problem<'a> {
        let members = distinct(members);
        let subscribed: BTreeSet<&str> = crate::sort::collect_by_insert(members.iter().flat_map(|m| m.topics.iter().map(|t| &**t)));
        let mut topic_list: Vec<(&Name, u32)> =
            topics.iter().filter(|(name, _)| subscribed.contains(&***name)).map(|(n, &c)| (n, c)).collect();
        crate::sort::sort_by(&mut topic_list, |a, b| java_cmp(a.0, b.0));
        let topic_index: BTreeMap<&str, usize> = crate::sort::collect_by_insert(topic_list.iter().enumerate().map(|(i, (n, _))| (&***n, i)));
        let mut topic_start = Vec::with_capacity(topic_list.len() + 1);
        let mut partition_topic = Vec::new();
        for (t, &(_, count)) in topic_list.iter().enumerate() {
            topic_start.push(partition_topic.len());
            partition_topic.extend(core::iter::repeat_n(t, count as usize));
        }
        topic_start.push(partition_topic.len());
        let total = partition_topic.len();

        let mut member_topics = Vec::with_capacity(members.len());
        let mut raw_topics = Vec::with_capacity(members.len());
        let mut owned = Vec::with_capacity(members.len());
        let mut seen_by = vec![NOBODY; total];
        for (m, member) in members.iter().enumerate() {
            let mut mine: Vec<usize> = member.topics.iter().filter_map(|t| topic_index.get(&**t).copied()).collect();
            crate::sort::sort(&mut mine);
            mine.dedup();
            member_topics.push(mine);
            let mut raw: Vec<&str> = member.topics.iter().map(|t| &**t).collect();
            crate::sort::sort(&mut raw);
            raw.dedup();
            raw_topics.push(raw);
            let mut pids = Vec::with_capacity(member.owned.len());
            for tp in &member.owned {
                let Some(&t) = topic_index.get(&*tp.topic) else { continue };
                if tp.partition as usize >= topic_start[t + 1] - topic_start[t] {
                    continue;
                }
                let pid = topic_start[t] + tp.partition as usize;
                if seen_by[pid] != m {
                    seen_by[pid] = m;
                    pids.push(pid);
                }
            }
            owned.push(pids);
        }
        let generation = members.iter().map(|m| m.generation.unwrap_or(-1)).collect();
        let mut hash_order = JavaHashOrder::new();
        for (m, member) in members.iter().enumerate() {
            hash_order.insert(spread(java_hash(&member.member_id)), m);
        }
        let java_order = hash_order.order();
        let mut by_id: Vec<usize> = (0..members.len()).collect();
        crate::sort::sort_by(&mut by_id, |&a, &b| java_cmp(&members[a].member_id, &members[b].member_id));
        let mut rank = vec![0; members.len()];
        for (position, &m) in by_id.iter().enumerate() {
            rank[m] = position;
        }
        Problem {
            members,
            topic_names: topic_list.iter().map(|(n, _)| (*n).clone()).collect(),
            topic_start,
            partition_topic,
            member_topics,
            raw_topics,
            owned,
            generation,
            java_order,
            rank,
        }
    }

    fn total(&self) -> usize {
        self.partition_topic.len()
    }

    fn partition_number(&self, pid: usize) -> u32 {
        (pid - self.topic_start[self.partition_topic[pid]]) as u32
    }

    fn lists(&self, owner_lists: &[Vec<usize>]) -> Vec<Vec<TopicPartition>> {
        owner_lists
            .iter()
            .map(|pids| {
                pids.iter()
                    .map(|&pid| TopicPartition {
                        topic: self.topic_names[self.partition_topic[pid]].clone(),
                        partition: self.partition_number(pid),
                    })
                    .collect()
            })
            .collect()
    }

    /// `AbstractStickyAssignor.assignPartitions`.
    fn sticky(&self) -> StickyOutcome {
        if self.members.is_empty() {
            return StickyOutcome { owner_lists: Vec::new(), transferring: Some(Vec::new()) };
        }
        let claims = self.resolve_claims();
        if claims.all_equal {
            let (owner_lists, transferring) = self.constrained(claims);
            StickyOutcome { owner_lists, transferring: Some(transferring) }
        } else {
            StickyOutcome { owner_lists: self.general(claims.owned), transferring: None }
        }
    }

    /// `allSubscriptionsEqual`: whether every member subscribes to the same topics, and which
    /// member's claim on each previously owned partition stands. A partition claimed by
    /// members of different generations stays with the highest; one claimed twice in the same
    /// generation is taken from both (and marked), as Kafka does, walking members in Java
    /// `HashMap` order.
    fn resolve_claims(&self) -> Claims {
        let total = self.total();
        let first = &self.raw_topics[self.java_order[0]];
        let all_equal = self.raw_topics.iter().all(|t| t == first);
        // allPreviousPartitionsToOwner
        let mut claimed_by = vec![NOBODY; total];
        // The member whose owned list currently holds the pid.
        let mut holder = vec![NOBODY; total];
        let mut pushed: Vec<Vec<usize>> = vec![Vec::new(); self.members.len()];
        let mut multiple_owners = vec![false; total];
        for &m in &self.java_order {
            let generation = self.generation[m];
            for &pid in &self.owned[m] {
                let other = claimed_by[pid];
                if other == NOBODY {
                    pushed[m].push(pid);
                    holder[pid] = m;
                    claimed_by[pid] = m;
                    continue;
                }
                let other_generation = self.generation[other];
                match generation.cmp(&other_generation) {
                    Ordering::Equal => {
                        multiple_owners[pid] = true;
                        if holder[pid] == other {
                            holder[pid] = NOBODY;
                        }
                        claimed_by[pid] = m;
                    }
                    Ordering::Greater => {
                        pushed[m].push(pid);
                        holder[pid] = m;
                        claimed_by[pid] = m;
                    }
                    Ordering::Less => {}
                }
            }
        }
        let owned = pushed
            .into_iter()
            .enumerate()
            .map(|(m, pids)| pids.into_iter().filter(|&pid| holder[pid] == m).collect())
            .collect();
        Claims { all_equal, owned, multiple_owners }
    }

    /// `ConstrainedAssignmentBuilder` (every member subscribes to the same topics).
    fn constrained(&self, claims: Claims) -> (Vec<Vec<usize>>, Vec<Option<usize>>) {
        let total = self.total();
        let member_count = self.members.len();
        let min_quota = total / member_count;
        let max_quota = total.div_ceil(member_count);
        let expected_over_min = total % member_count;
        let mut current_over_min = 0;
        let mut assignment: Vec<Vec<usize>> = vec![Vec::new(); member_count];
        let mut assigned = vec![false; total];
        let mut revoked = vec![false; total];
        let mut under_min: Vec<usize> = Vec::new();
        let mut exactly_min: Vec<usize> = Vec::new();
        let mut owned = claims.owned;

        for &m in &self.java_order {
            let mut mine = core::mem::take(&mut owned[m]);
            mine.retain(|&pid| !claims.multiple_owners[pid]);
            // Kafka sorts owned partitions by partition number, then topic.
            crate::sort::sort_by_key(&mut mine, |&pid| (self.partition_number(pid), self.partition_topic[pid]));
            let keep = if mine.len() < min_quota {
                under_min.push(m);
                mine.len()
            } else if mine.len() >= max_quota && current_over_min < expected_over_min {
                current_over_min += 1;
                if current_over_min == expected_over_min {
                    exactly_min.clear();
                }
                max_quota
            } else {
                if current_over_min < expected_over_min {
                    exactly_min.push(m);
                }
                min_quota
            };
            for &pid in &mine[..keep] {
                assignment[m].push(pid);
                assigned[pid] = true;
            }
            for &pid in &mine[keep..] {
                revoked[pid] = true;
            }
        }

        let by_id = |a: &usize, b: &usize| self.rank[*a].cmp(&self.rank[*b]);
        crate::sort::sort_by(&mut under_min, by_id);
        crate::sort::sort_by(&mut exactly_min, by_id);
        let mut exactly_min: alloc::collections::VecDeque<usize> = exactly_min.into();
        let mut transferring = vec![None; total];
        let mut unfilled = Cursor::new(under_min);
        for pid in (0..total).filter(|&pid| !assigned[pid]) {
            let member = if let Some(m) = unfilled.next() {
                m
            } else if !unfilled.is_empty() {
                unfilled.restart();
                match unfilled.next() {
                    Some(m) => m,
                    None => break,
                }
            } else if let Some(m) = exactly_min.pop_front() {
                m
            } else {
                // Kafka throws here; the quotas make it unreachable.
                debug_assert!(false, "no member left for partition {pid}");
                break;
            };
            assignment[member].push(pid);
            if revoked[pid] || claims.multiple_owners[pid] {
                transferring[pid] = Some(member);
            }
            let count = assignment[member].len();
            if count == min_quota {
                unfilled.remove_last();
                exactly_min.push_back(member);
            }
        }
        (assignment, transferring)
    }

    /// `GeneralAssignmentBuilder` (subscriptions differ).
    fn general(&self, owned: Vec<Vec<usize>>) -> Vec<Vec<usize>> {
        General::new(self, owned).run()
    }

    /// `CooperativeStickyAssignor.computePartitionsTransferringOwnership`: partitions assigned
    /// to a member that did not own them while another member that owned them lost them.
    fn transferring_from_scratch(&self, owner_lists: &[Vec<usize>]) -> Vec<Option<usize>> {
        let total = self.total();
        let mut assigned_to = vec![NOBODY; total];
        for (m, pids) in owner_lists.iter().enumerate() {
            for &pid in pids {
                assigned_to[pid] = m;
            }
        }
        let mut revoked = vec![false; total];
        let mut owned_by_assignee = vec![false; total];
        for (m, pids) in self.owned.iter().enumerate() {
            for &pid in pids {
                if assigned_to[pid] == m {
                    owned_by_assignee[pid] = true;
                } else {
                    revoked[pid] = true;
                }
            }
        }
        (0..total)
            .map(|pid| (assigned_to[pid] != NOBODY && !owned_by_assignee[pid] && revoked[pid]).then_some(assigned_to[pid]))
            .collect()
    }
}

struct Claims {
    all_equal: bool,
    /// Per member, the owned pids whose claim stands, in the order given.
    owned: Vec<Vec<usize>>,
    /// pids claimed by several members of the same generation.
    multiple_owners: Vec<bool>,
}

/// A `LinkedList` iterator with `remove()`, over a fixed list of members.
struct Cursor {
    items: Vec<usize>,
    next: Vec<usize>,
    prev: Vec<usize>,
    head: usize,
    at: usize,
    last: usize,
    len: usize,
}

impl Cursor {
    const END: usize = usize::MAX;

    fn new(items: Vec<usize>) -> Cursor {
        let n = items.len();
        let next = (0..n).map(|i| if i + 1 < n { i + 1 } else { Self::END }).collect();
        let prev = (0..n).map(|i| if i == 0 { Self::END } else { i - 1 }).collect();
        let head = if n == 0 { Self::END } else { 0 };
        Cursor { items, next, prev, head, at: head, last: Self::END, len: n }
    }

    fn next(&mut self) -> Option<usize> {
        if self.at == Self::END {
            return None;
        }
        self.last = self.at;
        self.at = self.next[self.at];
        Some(self.items[self.last])
    }

    fn restart(&mut self) {
        self.at = self.head;
    }

    fn is_empty(&self) -> bool {
        self.len == 0
    }

    fn remove_last(&mut self) {
        let i = self.last;
        if i == Self::END {
            return;
        }
        let (p, n) = (self.prev[i], self.next[i]);
        if p == Self::END {
            self.head = n;
        } else {
            self.next[p] = n;
        }
        if n != Self::END {
            self.prev[n] = p;
        }
        self.last = Self::END;
        self.len -= 1;
    }
}

/// `GeneralAssignmentBuilder`'s state. Members with identical subscriptions form a class;
/// each class keeps its members sorted by (assigned count, member id), so "the first member
/// of `sortedCurrentSubscriptions` subscribed to topic t" is the least of a few class heads
/// instead of a walk over every member.
struct General<'p, 'a> {
    problem: &'p Problem<'a>,
    owner: Vec<usize>,
    count: Vec<usize>,
    revocation_required: bool,
    /// pid → (previous owner, its generation) from members of older generations.
    previous: Vec<Option<(usize, i32)>>,
    topic_consumers: Vec<Vec<usize>>,
    class_of: Vec<usize>,
    class_topics: Vec<Vec<usize>>,
    topic_classes: Vec<Vec<usize>>,
    class_sets: Vec<BTreeSet<(usize, usize)>>,
    /// `sortedCurrentSubscriptions`: (count, rank) of every participating member.
    sorted: BTreeSet<(usize, usize)>,
    rank_member: Vec<usize>,
    fixed_member: Vec<bool>,
    max_assignment: Vec<usize>,
    movements: Movements,
    balanced: Option<bool>,
}

impl<'p, 'a> General<'p, 'a> {
    fn new(problem: &'p Problem<'a>, owned: Vec<Vec<usize>>) -> General<'p, 'a> {
        let member_count = problem.members.len();
        let total = problem.total();
        let topic_count = problem.topic_names.len();
        let mut owner = vec![NOBODY; total];
        let mut count = vec![0; member_count];
        let mut revocation_required = false;
        for (m, pids) in owned.iter().enumerate() {
            for &pid in pids {
                if problem.member_topics[m].binary_search(&problem.partition_topic[pid]).is_ok() {
                    owner[pid] = m;
                    count[m] += 1;
                } else {
                    revocation_required = true;
                }
            }
        }
        let max_generation = problem.generation.iter().copied().fold(-1, i32::max);
        let mut previous: Vec<Option<(usize, i32)>> = vec![None; total];
        for &m in &problem.java_order {
            let generation = problem.generation[m];
            if generation < max_generation {
                for &pid in &problem.owned[m] {
                    if previous[pid].is_none_or(|(_, g)| generation > g) {
                        previous[pid] = Some((m, generation));
                    }
                }
            }
        }
        let mut topic_consumers = vec![Vec::new(); topic_count];
        for (m, topics) in problem.member_topics.iter().enumerate() {
            for &t in topics {
                topic_consumers[t].push(m);
            }
        }
        let mut classes: BTreeMap<&[usize], usize> = BTreeMap::new();
        let mut class_of = Vec::with_capacity(member_count);
        for topics in &problem.member_topics {
            let next = classes.len();
            class_of.push(*classes.entry(topics.as_slice()).or_insert(next));
        }
        let mut class_topics = vec![Vec::new(); classes.len()];
        for (topics, &k) in &classes {
            class_topics[k] = topics.to_vec();
        }
        let mut topic_classes = vec![Vec::new(); topic_count];
        for (k, topics) in class_topics.iter().enumerate() {
            for &t in topics {
                topic_classes[t].push(k);
            }
        }
        let mut class_sets = vec![BTreeSet::new(); class_topics.len()];
        let mut sorted = BTreeSet::new();
        let mut rank_member = vec![0; member_count];
        for m in 0..member_count {
            class_sets[class_of[m]].insert((count[m], problem.rank[m]));
            sorted.insert((count[m], problem.rank[m]));
            rank_member[problem.rank[m]] = m;
        }
        let max_assignment = problem
            .member_topics
            .iter()
            .map(|topics| topics.iter().map(|&t| problem.topic_start[t + 1] - problem.topic_start[t]).sum())
            .collect();
        General {
            problem,
            owner,
            count,
            revocation_required,
            previous,
            topic_consumers,
            class_of,
            class_topics,
            topic_classes,
            class_sets,
            sorted,
            rank_member,
            fixed_member: vec![false; member_count],
            max_assignment,
            movements: Movements::new(topic_count),
            balanced: None,
        }
    }

    fn run(mut self) -> Vec<Vec<usize>> {
        let problem = self.problem;
        let total = problem.total();
        // sortedAllPartitions: topics by number of potential consumers, then name.
        let mut topic_order: Vec<usize> = (0..problem.topic_names.len()).collect();
        crate::sort::sort_by_key(&mut topic_order, |&t| (self.topic_consumers[t].len(), t));
        let sorted_all: Vec<usize> =
            topic_order.iter().flat_map(|&t| problem.topic_start[t]..problem.topic_start[t + 1]).collect();
        let unassigned: Vec<usize> = sorted_all.iter().copied().filter(|&pid| self.owner[pid] == NOBODY).collect();

        let initializing = self.sorted.last().is_none_or(|&(c, _)| c == 0);
        for &pid in &unassigned {
            let t = problem.partition_topic[pid];
            if self.topic_consumers[t].is_empty() {
                continue;
            }
            if let Some(m) = self.first_for_topic(t) {
                self.set_owner(pid, m);
            }
        }

        let fixed_topic: Vec<bool> = self.topic_consumers.iter().map(|c| c.len() < 2).collect();
        let reassignable_all: Vec<usize> =
            sorted_all.iter().copied().filter(|&pid| !fixed_topic[problem.partition_topic[pid]]).collect();
        let reassignable_unassigned: Vec<usize> =
            unassigned.iter().copied().filter(|&pid| !fixed_topic[problem.partition_topic[pid]]).collect();
        for m in 0..problem.members.len() {
            let participates = self.count[m] < self.max_assignment[m]
                || problem.member_topics[m]
                    .iter()
                    .any(|&t| !fixed_topic[t] && problem.topic_start[t + 1] > problem.topic_start[t]);
            if !participates {
                self.fixed_member[m] = true;
                let key = (self.count[m], problem.rank[m]);
                self.sorted.remove(&key);
                self.class_sets[self.class_of[m]].remove(&key);
            }
        }
        let before_owner = self.owner.clone();
        let before_count = self.count.clone();
        self.balanced = None;
        if !self.revocation_required {
            self.perform_reassignments(&reassignable_unassigned);
        }
        let performed = self.perform_reassignments(&reassignable_all);
        if !initializing && performed && self.balance_score(&self.count) >= self.balance_score(&before_count) {
            self.owner = before_owner;
            self.count = before_count;
        }

        let mut lists = vec![Vec::new(); problem.members.len()];
        for pid in 0..total {
            if self.owner[pid] != NOBODY {
                lists[self.owner[pid]].push(pid);
            }
        }
        lists
    }

    /// The first member of `sortedCurrentSubscriptions` subscribed to topic `t`.
    fn first_for_topic(&self, t: usize) -> Option<usize> {
        self.topic_classes[t]
            .iter()
            .filter_map(|&k| self.class_sets[k].first())
            .min()
            .map(|&(_, rank)| self.rank_member[rank])
    }

    fn set_owner(&mut self, pid: usize, m: usize) {
        let old = self.owner[pid];
        if old != NOBODY {
            self.bump(old, false);
        }
        self.owner[pid] = m;
        self.bump(m, true);
        self.balanced = None;
    }

    fn bump(&mut self, m: usize, up: bool) {
        let rank = self.problem.rank[m];
        let old = (self.count[m], rank);
        self.count[m] = if up { self.count[m] + 1 } else { self.count[m] - 1 };
        let new = (self.count[m], rank);
        if !self.fixed_member[m] {
            self.sorted.remove(&old);
            self.sorted.insert(new);
            let class = &mut self.class_sets[self.class_of[m]];
            class.remove(&old);
            class.insert(new);
        }
    }

    /// `performReassignments`: move partitions towards balance until nothing moves.
    fn perform_reassignments(&mut self, partitions: &[usize]) -> bool {
        let mut performed = false;
        loop {
            let mut modified = false;
            for &pid in partitions {
                if self.is_balanced() {
                    break;
                }
                let t = self.problem.partition_topic[pid];
                let current = self.owner[pid];
                if current == NOBODY {
                    continue;
                }
                if let Some((previous, _)) = self.previous[pid] {
                    let eligible = !self.fixed_member[previous]
                        && self.problem.member_topics[previous].binary_search(&t).is_ok();
                    if eligible && self.count[current] > self.count[previous] + 1 {
                        self.reassign(pid, previous);
                        performed = true;
                        modified = true;
                        continue;
                    }
                }
                if let Some(least) = self.first_for_topic(t)
                    && self.count[current] > self.count[least] + 1
                {
                    self.reassign(pid, least);
                    performed = true;
                    modified = true;
                }
            }
            if !modified {
                return performed;
            }
        }
    }

    /// `reassignPartition` + `processPartitionMovement`, keeping stickiness: if a partition
    /// of this topic earlier moved the opposite way, that one moves back instead.
    fn reassign(&mut self, pid: usize, to: usize) {
        let t = self.problem.partition_topic[pid];
        let from = self.owner[pid];
        let moved = self.movements.actual_partition_to_move(self.problem, t, pid, from, to);
        let old = self.owner[moved];
        self.movements.record(self.problem, t, moved, old, to);
        self.set_owner(moved, to);
    }

    /// `isBalanced`, cached until the next move.
    fn is_balanced(&mut self) -> bool {
        if let Some(balanced) = self.balanced {
            return balanced;
        }
        let balanced = self.compute_balanced();
        self.balanced = Some(balanced);
        balanced
    }

    fn compute_balanced(&self) -> bool {
        let (Some(&(min, _)), Some(&(max, _))) = (self.sorted.first(), self.sorted.last()) else {
            return true;
        };
        if min + 1 >= max {
            return true;
        }
        // The most loaded owner of each topic's partitions.
        let problem = self.problem;
        let mut topic_max_owner = vec![0usize; problem.topic_names.len()];
        for (pid, &o) in self.owner.iter().enumerate() {
            if o != NOBODY && !self.fixed_member[o] {
                let t = problem.partition_topic[pid];
                topic_max_owner[t] = topic_max_owner[t].max(self.count[o]);
            }
        }
        // Some member short of everything it could hold could take a partition from an
        // owner with at least two more. The least loaded member of each class decides.
        for (k, set) in self.class_sets.iter().enumerate() {
            let Some(&(least, rank)) = set.first() else { continue };
            let m = self.rank_member[rank];
            if least >= self.max_assignment[m] {
                continue;
            }
            if self.class_topics[k].iter().any(|&t| least + 1 < topic_max_owner[t]) {
                return false;
            }
        }
        true
    }

    /// `getBalanceScore`: the sum of |a − b| over all pairs of participating members.
    fn balance_score(&self, counts: &[usize]) -> i64 {
        let mut values: Vec<i64> =
            (0..counts.len()).filter(|&m| !self.fixed_member[m]).map(|m| counts[m] as i64).collect();
        crate::sort::sort(&mut values);
        let n = values.len() as i64;
        values.iter().enumerate().map(|(i, &v)| v * (2 * i as i64 - (n - 1))).sum()
    }
}

/// `PartitionMovements`: where each partition moved during this assignment, by topic and
/// (from, to) pair, so a later move of the same topic in the opposite direction reuses it.
struct Movements {
    /// pid → (original source, current destination).
    moved: BTreeMap<usize, (usize, usize)>,
    /// (topic, source, destination) → the partitions that made that move (a Java `HashSet`).
    by_pair: BTreeMap<(usize, usize, usize), JavaHashOrder>,
    /// Number of (source, destination) pairs recorded per topic.
    pairs_per_topic: Vec<usize>,
}

impl Movements {
    fn new(topic_count: usize) -> Movements {
        Movements { moved: BTreeMap::new(), by_pair: BTreeMap::new(), pairs_per_topic: vec![0; topic_count] }
    }

    /// `TopicPartition.hashCode`, spread.
    fn hash(problem: &Problem<'_>, pid: usize) -> u32 {
        let topic = &problem.topic_names[problem.partition_topic[pid]];
        let partition = problem.partition_number(pid) as i32;
        spread(31i32.wrapping_mul(31i32.wrapping_add(partition)).wrapping_add(java_hash(topic)))
    }

    fn actual_partition_to_move(&self, _problem: &Problem<'_>, t: usize, pid: usize, from: usize, to: usize) -> usize {
        if self.pairs_per_topic[t] == 0 {
            return pid;
        }
        let source = self.moved.get(&pid).map_or(from, |&(source, _)| source);
        self.by_pair.get(&(t, to, source)).and_then(JavaHashOrder::first).unwrap_or(pid)
    }

    fn record(&mut self, problem: &Problem<'_>, t: usize, pid: usize, from: usize, to: usize) {
        if let Some((source, _)) = self.moved.remove(&pid) {
            self.remove_from_pair(t, pid, source, from);
            if source != to {
                self.add(problem, t, pid, source, to);
            }
        } else {
            self.add(problem, t, pid, from, to);
        }
    }

    fn remove_from_pair(&mut self, t: usize, pid: usize, source: usize, destination: usize) {
        let key = (t, source, destination);
        if let Some(set) = self.by_pair.get_mut(&key) {
            set.remove(pid);
            if set.is_empty() {
                self.by_pair.remove(&key);
                self.pairs_per_topic[t] -= 1;
            }
        }
    }

    fn add(&mut self, problem: &Problem<'_>, t: usize, pid: usize, source: usize, destination: usize) {
        self.moved.insert(pid, (source, destination));
        let set = self.by_pair.entry((t, source, destination)).or_insert_with(|| {
            self.pairs_per_topic[t] += 1;
            JavaHashOrder::new()
        });
        set.insert(Self::hash(problem, pid), pid);
    }
}
