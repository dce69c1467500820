//! Kafka's four client-side assignors, checked against the cases in Kafka's own tests
//! (`RangeAssignorTest`, `RoundRobinAssignorTest`, `AbstractStickyAssignorTest`,
//! `StickyAssignorTest`, `CooperativeStickyAssignorTest`) and the assignors' javadoc, plus
//! property tests. Each case names the Kafka test it comes from; expected values are Kafka's
//! rack-unaware expectations.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use std::collections::{BTreeMap, BTreeSet};

use brokerlab_core::Name;
use brokerlab_core::event_broker::assignor::{
    self, Assignment, Strategy, Subscription, TopicPartition, after_rebalance, needs_follow_up, revoked,
};

// ---------------------------------------------------------------------------------------------
// Helpers: cases are data.

fn topics(spec: &[(&str, u32)]) -> BTreeMap<Name, u32> {
    spec.iter().map(|&(name, count)| (Name::from(name), count)).collect()
}

fn member(id: &str, subscribed: &[&str]) -> Subscription {
    Subscription {
        member_id: id.into(),
        instance_id: None,
        topics: subscribed.iter().map(|&t| Name::from(t)).collect(),
        owned: Vec::new(),
        generation: None,
    }
}

fn static_member(id: &str, instance: &str, subscribed: &[&str]) -> Subscription {
    Subscription { instance_id: Some(instance.into()), ..member(id, subscribed) }
}

/// `owned` is Kafka's `toString` form, space separated: "topic1-0 topic2-1".
fn owning(id: &str, subscribed: &[&str], owned: &str, generation: i32) -> Subscription {
    Subscription { owned: parse(owned), generation: Some(generation), ..member(id, subscribed) }
}

fn parse(list: &str) -> Vec<TopicPartition> {
    list.split_whitespace()
        .map(|tp| {
            let dash = tp.rfind('-').expect("topic-partition");
            TopicPartition { topic: tp[..dash].into(), partition: tp[dash + 1..].parse().expect("partition number") }
        })
        .collect()
}

fn show(list: &[TopicPartition]) -> String {
    list.iter().map(|tp| format!("{}-{}", tp.topic, tp.partition)).collect::<Vec<_>>().join(" ")
}

fn shown(assignment: &Assignment) -> BTreeMap<String, String> {
    assignment.iter().map(|(m, list)| (m.to_string(), show(list))).collect()
}

/// Runs `strategy` and compares every member's partitions (sorted by topic, then partition).
fn check(strategy: Strategy, t: &BTreeMap<Name, u32>, members: &[Subscription], expected: &[(&str, &str)]) -> Assignment {
    let assignment = assignor::assign(strategy, t, members);
    let expected: BTreeMap<String, String> = expected.iter().map(|&(m, l)| (m.to_string(), l.to_string())).collect();
    assert_eq!(shown(&assignment), expected, "{strategy:?}");
    verify_validity(t, members, &assignment, strategy != Strategy::CooperativeSticky);
    assignment
}

fn get<'a>(assignment: &'a Assignment, member: &str) -> &'a [TopicPartition] {
    assignment.get(member).map(Vec::as_slice).expect("member present")
}

fn sizes(assignment: &Assignment) -> Vec<usize> {
    assignment.values().map(Vec::len).collect()
}

fn fully_balanced(assignment: &Assignment) -> bool {
    let s = sizes(assignment);
    s.iter().max().unwrap_or(&0) - s.iter().min().unwrap_or(&0) <= 1
}

fn contains_all(list: &[TopicPartition], of: &[TopicPartition]) -> bool {
    of.iter().all(|tp| list.contains(tp))
}

/// Every member appears; a partition goes to at most one member, subscribed to its topic; with
/// `complete`, every partition of a subscribed topic is assigned.
fn verify_validity(t: &BTreeMap<Name, u32>, members: &[Subscription], assignment: &Assignment, complete: bool) {
    let ids: BTreeSet<&str> = members.iter().map(|m| &*m.member_id).collect();
    let keys: BTreeSet<&str> = assignment.keys().map(|k| &**k).collect();
    assert_eq!(ids, keys, "every member has an entry");
    let mut seen = BTreeSet::new();
    for m in members {
        for tp in &assignment[&m.member_id] {
            assert!(m.topics.contains(&tp.topic), "{} got {tp:?} without subscribing", m.member_id);
            assert!(tp.partition < t[&tp.topic], "{tp:?} exists");
            assert!(seen.insert(tp.clone()), "{tp:?} assigned twice");
        }
    }
    if complete {
        for (topic, &count) in t {
            if members.iter().any(|m| m.topics.contains(topic)) {
                for p in 0..count {
                    assert!(seen.contains(&TopicPartition { topic: topic.clone(), partition: p }), "{topic}-{p} unassigned");
                }
            }
        }
    }
}

/// `AbstractStickyAssignorTest.verifyValidityAndBalance`: valid, and two members whose counts
/// differ by more than one hold no partitions of a common topic.
fn verify_validity_and_balance(t: &BTreeMap<Name, u32>, members: &[Subscription], assignment: &Assignment) {
    verify_validity(t, members, assignment, true);
    let lists: Vec<&Vec<TopicPartition>> = assignment.values().collect();
    for i in 0..lists.len() {
        for j in i + 1..lists.len() {
            if lists[i].len().abs_diff(lists[j].len()) <= 1 {
                continue;
            }
            let a: BTreeSet<&Name> = lists[i].iter().map(|tp| &tp.topic).collect();
            let b: BTreeSet<&Name> = lists[j].iter().map(|tp| &tp.topic).collect();
            assert!(a.is_disjoint(&b), "a partition could move for balance: {:?}", shown(assignment));
        }
    }
}

/// `CooperativeStickyAssignorTest.verifyValidityAndBalance`: no partition is assigned to a new
/// member in the round its old owner revokes it; rebalance again while anything is revoked
/// (at most four times); returns the final assignment, which must be valid and balanced.
fn cooperative_until_stable(t: &BTreeMap<Name, u32>, members: &[Subscription]) -> (Vec<Subscription>, Assignment) {
    let mut members = members.to_vec();
    let mut generation = members.iter().filter_map(|m| m.generation).max().unwrap_or(0);
    for _ in 0..5 {
        let assignment = assignor::cooperative_sticky(t, &members);
        verify_cooperative_round(&members, &assignment);
        if !needs_follow_up(&members, &assignment) {
            verify_validity_and_balance(t, &members, &assignment);
            return (members, assignment);
        }
        generation += 1;
        members = after_rebalance(&members, &assignment, generation);
    }
    panic!("cooperative rebalancing did not settle in four follow-up rounds");
}

fn verify_cooperative_round(members: &[Subscription], assignment: &Assignment) {
    let mut added = BTreeSet::new();
    let mut revoked_all = BTreeSet::new();
    for m in members {
        let assigned = &assignment[&m.member_id];
        added.extend(assigned.iter().filter(|tp| !m.owned.contains(tp)).cloned());
        revoked_all.extend(m.owned.iter().filter(|tp| !assigned.contains(tp)).cloned());
    }
    let both: Vec<_> = added.intersection(&revoked_all).collect();
    assert!(both.is_empty(), "assigned while still being revoked: {both:?}");
}

const STICKY_BOTH: [Strategy; 2] = [Strategy::Sticky, Strategy::CooperativeSticky];

// ---------------------------------------------------------------------------------------------
// RangeAssignor (RangeAssignorTest).

#[test]
fn range_one_consumer_no_topic_and_nonexistent_topic() {
    // RangeAssignorTest.testOneConsumerNoTopic, testOneConsumerNonexistentTopic
    check(Strategy::Range, &topics(&[]), &[member("consumer1", &[])], &[("consumer1", "")]);
    check(Strategy::Range, &topics(&[]), &[member("consumer1", &["topic1"])], &[("consumer1", "")]);
}

#[test]
fn range_one_consumer_one_topic() {
    // RangeAssignorTest.testOneConsumerOneTopic
    check(Strategy::Range, &topics(&[("topic1", 3)]), &[member("consumer1", &["topic1"])], &[(
        "consumer1",
        "topic1-0 topic1-1 topic1-2",
    )]);
}

#[test]
fn range_only_assigns_partitions_from_subscribed_topics() {
    // RangeAssignorTest.testOnlyAssignsPartitionsFromSubscribedTopics
    let t = topics(&[("topic1", 3), ("other", 3)]);
    check(Strategy::Range, &t, &[member("consumer1", &["topic1"])], &[("consumer1", "topic1-0 topic1-1 topic1-2")]);
}

#[test]
fn range_one_consumer_multiple_topics() {
    // RangeAssignorTest.testOneConsumerMultipleTopics
    let t = topics(&[("topic1", 1), ("topic2", 2)]);
    check(Strategy::Range, &t, &[member("consumer1", &["topic1", "topic2"])], &[(
        "consumer1",
        "topic1-0 topic2-0 topic2-1",
    )]);
}

#[test]
fn range_two_consumers_one_topic() {
    // RangeAssignorTest.testTwoConsumersOneTopicOnePartition, testTwoConsumersOneTopicTwoPartitions
    let members = [member("consumer1", &["topic1"]), member("consumer2", &["topic1"])];
    check(Strategy::Range, &topics(&[("topic1", 1)]), &members, &[("consumer1", "topic1-0"), ("consumer2", "")]);
    check(Strategy::Range, &topics(&[("topic1", 2)]), &members, &[("consumer1", "topic1-0"), ("consumer2", "topic1-1")]);
}

#[test]
fn range_multiple_consumers_mixed_topics() {
    // RangeAssignorTest.testMultipleConsumersMixedTopics
    let t = topics(&[("topic1", 3), ("topic2", 2)]);
    let members =
        [member("consumer1", &["topic1"]), member("consumer2", &["topic1", "topic2"]), member("consumer3", &["topic1"])];
    check(Strategy::Range, &t, &members, &[
        ("consumer1", "topic1-0"),
        ("consumer2", "topic1-1 topic2-0 topic2-1"),
        ("consumer3", "topic1-2"),
    ]);
}

#[test]
fn range_two_consumers_two_topics_six_partitions() {
    // RangeAssignorTest.testTwoConsumersTwoTopicsSixPartitions
    let t = topics(&[("topic1", 3), ("topic2", 3)]);
    let members = [member("consumer1", &["topic1", "topic2"]), member("consumer2", &["topic1", "topic2"])];
    check(Strategy::Range, &t, &members, &[
        ("consumer1", "topic1-0 topic1-1 topic2-0 topic2-1"),
        ("consumer2", "topic1-2 topic2-2"),
    ]);
}

#[test]
fn range_static_members_compare_by_instance_id() {
    // RangeAssignorTest.testTwoStaticConsumersTwoTopicsSixPartitions
    let t = topics(&[("topic1", 3), ("topic2", 3)]);
    let members = [
        static_member("consumer-b", "instance1", &["topic1", "topic2"]),
        static_member("consumer-a", "instance2", &["topic1", "topic2"]),
    ];
    check(Strategy::Range, &t, &members, &[
        ("consumer-a", "topic1-2 topic2-2"),
        ("consumer-b", "topic1-0 topic1-1 topic2-0 topic2-1"),
    ]);
}

#[test]
fn range_static_member_sorts_before_dynamic_member() {
    // RangeAssignorTest.testOneStaticConsumerAndOneDynamicConsumerTwoTopicsSixPartitions
    let t = topics(&[("topic1", 3), ("topic2", 3)]);
    let members =
        [static_member("consumer-b", "instance1", &["topic1", "topic2"]), member("consumer-a", &["topic1", "topic2"])];
    check(Strategy::Range, &t, &members, &[
        ("consumer-a", "topic1-2 topic2-2"),
        ("consumer-b", "topic1-0 topic1-1 topic2-0 topic2-1"),
    ]);
}

#[test]
fn range_static_member_assignment_persistent() {
    // RangeAssignorTest.testStaticMemberRangeAssignmentPersistent
    let t = topics(&[("topic1", 5), ("topic2", 4)]);
    let both = ["topic1", "topic2"];
    let mut members = vec![
        static_member("consumer1", "instance1", &both),
        static_member("consumer2", "instance2", &both),
        static_member("consumer3", "instance3", &both),
        member("consumer4", &both),
    ];
    check(Strategy::Range, &t, &members, &[
        ("consumer1", "topic1-0 topic1-1 topic2-0"),
        ("consumer2", "topic1-2 topic2-1"),
        ("consumer3", "topic1-3 topic2-2"),
        ("consumer4", "topic1-4 topic2-3"),
    ]);
    members[3] = member("consumer5", &both);
    check(Strategy::Range, &t, &members, &[
        ("consumer1", "topic1-0 topic1-1 topic2-0"),
        ("consumer2", "topic1-2 topic2-1"),
        ("consumer3", "topic1-3 topic2-2"),
        ("consumer5", "topic1-4 topic2-3"),
    ]);
}

#[test]
fn range_static_assignment_survives_member_id_changes() {
    // RangeAssignorTest.testStaticMemberRangeAssignmentPersistentAfterMemberIdChanges
    let t = topics(&[("topic1", 5), ("topic2", 5)]);
    let both = ["topic1", "topic2"];
    let before = [
        static_member("consumer1", "instance1", &both),
        static_member("consumer2", "instance2", &both),
        static_member("consumer3", "instance3", &both),
    ];
    check(Strategy::Range, &t, &before, &[
        ("consumer1", "topic1-0 topic1-1 topic2-0 topic2-1"),
        ("consumer2", "topic1-2 topic1-3 topic2-2 topic2-3"),
        ("consumer3", "topic1-4 topic2-4"),
    ]);
    let after = [
        static_member("consumer1", "instance1", &both),
        static_member("consumer5", "instance2", &both),
        static_member("consumer4", "instance3", &both),
    ];
    check(Strategy::Range, &t, &after, &[
        ("consumer1", "topic1-0 topic1-1 topic2-0 topic2-1"),
        ("consumer4", "topic1-4 topic2-4"),
        ("consumer5", "topic1-2 topic1-3 topic2-2 topic2-3"),
    ]);
}

#[test]
fn range_non_equal_subscription_and_co_partitioning() {
    // RangeAssignorTest.testRackAwareAssignmentWithNonEqualSubscription (rack-unaware result)
    let t = topics(&[("t1", 6), ("t2", 7), ("t3", 2)]);
    let all = ["t1", "t2", "t3"];
    let members = [member("consumer0", &all), member("consumer1", &all), member("consumer2", &["t1", "t3"])];
    check(Strategy::Range, &t, &members, &[
        ("consumer0", "t1-0 t1-1 t2-0 t2-1 t2-2 t2-3 t3-0"),
        ("consumer1", "t1-2 t1-3 t2-4 t2-5 t2-6 t3-1"),
        ("consumer2", "t1-4 t1-5"),
    ]);
    // RangeAssignorTest.testCoPartitionedAssignmentWithSameSubscription (t7..t9 do not exist)
    let t = topics(&[("t1", 6), ("t2", 6), ("t3", 2), ("t4", 2), ("t5", 4), ("t6", 4)]);
    let list = ["t1", "t2", "t3", "t4", "t5", "t6", "t7", "t8", "t9"];
    let members = [member("consumer0", &list), member("consumer1", &list), member("consumer2", &list)];
    check(Strategy::Range, &t, &members, &[
        ("consumer0", "t1-0 t1-1 t2-0 t2-1 t3-0 t4-0 t5-0 t5-1 t6-0 t6-1"),
        ("consumer1", "t1-2 t1-3 t2-2 t2-3 t3-1 t4-1 t5-2 t6-2"),
        ("consumer2", "t1-4 t1-5 t2-4 t2-5 t5-3 t6-3"),
    ]);
}

// ---------------------------------------------------------------------------------------------
// RoundRobinAssignor (RoundRobinAssignorTest and its javadoc).

#[test]
fn roundrobin_one_consumer() {
    // RoundRobinAssignorTest.testOneConsumerNoTopic, testOneConsumerNonexistentTopic,
    // testOneConsumerOneTopic, testOnlyAssignsPartitionsFromSubscribedTopics
    check(Strategy::RoundRobin, &topics(&[]), &[member("consumer", &[])], &[("consumer", "")]);
    check(Strategy::RoundRobin, &topics(&[]), &[member("consumer", &["topic"])], &[("consumer", "")]);
    check(Strategy::RoundRobin, &topics(&[("topic", 3)]), &[member("consumer", &["topic"])], &[(
        "consumer",
        "topic-0 topic-1 topic-2",
    )]);
    check(Strategy::RoundRobin, &topics(&[("topic", 3), ("other", 3)]), &[member("consumer", &["topic"])], &[(
        "consumer",
        "topic-0 topic-1 topic-2",
    )]);
}

#[test]
fn roundrobin_one_consumer_multiple_topics() {
    // RoundRobinAssignorTest.testOneConsumerMultipleTopics
    check(Strategy::RoundRobin, &topics(&[("topic1", 1), ("topic2", 2)]), &[member("consumer", &["topic1", "topic2"])], &[
        ("consumer", "topic1-0 topic2-0 topic2-1"),
    ]);
}

#[test]
fn roundrobin_two_consumers_one_topic() {
    // RoundRobinAssignorTest.testTwoConsumersOneTopicOnePartition, testTwoConsumersOneTopicTwoPartitions
    let members = [member("consumer1", &["topic"]), member("consumer2", &["topic"])];
    check(Strategy::RoundRobin, &topics(&[("topic", 1)]), &members, &[("consumer1", "topic-0"), ("consumer2", "")]);
    check(Strategy::RoundRobin, &topics(&[("topic", 2)]), &members, &[
        ("consumer1", "topic-0"),
        ("consumer2", "topic-1"),
    ]);
}

#[test]
fn roundrobin_multiple_consumers_mixed_topics() {
    // RoundRobinAssignorTest.testMultipleConsumersMixedTopics
    let t = topics(&[("topic1", 3), ("topic2", 2)]);
    let members =
        [member("consumer1", &["topic1"]), member("consumer2", &["topic1", "topic2"]), member("consumer3", &["topic1"])];
    check(Strategy::RoundRobin, &t, &members, &[
        ("consumer1", "topic1-0"),
        ("consumer2", "topic1-1 topic2-0 topic2-1"),
        ("consumer3", "topic1-2"),
    ]);
}

#[test]
fn roundrobin_two_dynamic_consumers_two_topics() {
    // RoundRobinAssignorTest.testTwoDynamicConsumersTwoTopicsSixPartitions
    let t = topics(&[("topic1", 3), ("topic2", 3)]);
    let members = [member("consumer1", &["topic1", "topic2"]), member("consumer2", &["topic1", "topic2"])];
    check(Strategy::RoundRobin, &t, &members, &[
        ("consumer1", "topic1-0 topic1-2 topic2-1"),
        ("consumer2", "topic1-1 topic2-0 topic2-2"),
    ]);
}

#[test]
fn roundrobin_static_members() {
    // RoundRobinAssignorTest.testTwoStaticConsumersTwoTopicsSixPartitions
    let t = topics(&[("topic1", 3), ("topic2", 3)]);
    let both = ["topic1", "topic2"];
    let members = [static_member("consumer-b", "instance1", &both), static_member("consumer-a", "instance2", &both)];
    check(Strategy::RoundRobin, &t, &members, &[
        ("consumer-a", "topic1-1 topic2-0 topic2-2"),
        ("consumer-b", "topic1-0 topic1-2 topic2-1"),
    ]);
    // RoundRobinAssignorTest.testOneStaticConsumerAndOneDynamicConsumerTwoTopicsSixPartitions
    let members = [static_member("consumer-b", "instance1", &both), member("consumer-a", &both)];
    check(Strategy::RoundRobin, &t, &members, &[
        ("consumer-a", "topic1-1 topic2-0 topic2-2"),
        ("consumer-b", "topic1-0 topic1-2 topic2-1"),
    ]);
}

#[test]
fn roundrobin_static_member_assignment_persistent() {
    // RoundRobinAssignorTest.testStaticMemberAssignmentPersistent
    let t = topics(&[("topic1", 3), ("topic2", 3)]);
    let both = ["topic1", "topic2"];
    let mut members = vec![
        static_member("consumer1", "instance1", &both),
        static_member("consumer2", "instance2", &both),
        static_member("consumer3", "instance3", &both),
        member("consumer4", &both),
    ];
    check(Strategy::RoundRobin, &t, &members, &[
        ("consumer1", "topic1-0 topic2-1"),
        ("consumer2", "topic1-1 topic2-2"),
        ("consumer3", "topic1-2"),
        ("consumer4", "topic2-0"),
    ]);
    members[3] = member("consumer5", &both);
    check(Strategy::RoundRobin, &t, &members, &[
        ("consumer1", "topic1-0 topic2-1"),
        ("consumer2", "topic1-1 topic2-2"),
        ("consumer3", "topic1-2"),
        ("consumer5", "topic2-0"),
    ]);
}

#[test]
fn roundrobin_static_assignment_survives_member_id_changes() {
    // RoundRobinAssignorTest.testStaticMemberAssignmentPersistentAfterMemberIdChanges
    let t = topics(&[("topic1", 3), ("topic2", 3)]);
    let both = ["topic1", "topic2"];
    let before = [
        static_member("consumer1", "instance1", &both),
        static_member("consumer2", "instance2", &both),
        static_member("consumer3", "instance3", &both),
    ];
    check(Strategy::RoundRobin, &t, &before, &[
        ("consumer1", "topic1-0 topic2-0"),
        ("consumer2", "topic1-1 topic2-1"),
        ("consumer3", "topic1-2 topic2-2"),
    ]);
    let after = [
        static_member("consumer4", "instance1", &both),
        static_member("consumer5", "instance2", &both),
        static_member("consumer1", "instance3", &both),
    ];
    check(Strategy::RoundRobin, &t, &after, &[
        ("consumer1", "topic1-2 topic2-2"),
        ("consumer4", "topic1-0 topic2-0"),
        ("consumer5", "topic1-1 topic2-1"),
    ]);
}

#[test]
fn roundrobin_javadoc_examples() {
    // RoundRobinAssignor javadoc: identical subscriptions
    let t = topics(&[("t0", 3), ("t1", 3)]);
    check(Strategy::RoundRobin, &t, &[member("C0", &["t0", "t1"]), member("C1", &["t0", "t1"])], &[
        ("C0", "t0-0 t0-2 t1-1"),
        ("C1", "t0-1 t1-0 t1-2"),
    ]);
    // RoundRobinAssignor javadoc: differing subscriptions skip members
    let t = topics(&[("t0", 1), ("t1", 2), ("t2", 3)]);
    let members = [member("C0", &["t0"]), member("C1", &["t0", "t1"]), member("C2", &["t0", "t1", "t2"])];
    check(Strategy::RoundRobin, &t, &members, &[("C0", "t0-0"), ("C1", "t1-0"), ("C2", "t1-1 t2-0 t2-1 t2-2")]);
}

// ---------------------------------------------------------------------------------------------
// StickyAssignor and CooperativeStickyAssignor (AbstractStickyAssignorTest, both subclasses).

#[test]
fn sticky_one_consumer() {
    // AbstractStickyAssignorTest.testOneConsumerNoTopic, testOneConsumerNonexistentTopic,
    // testOneConsumerOneTopic, testOneConsumerMultipleTopics
    for s in STICKY_BOTH {
        check(s, &topics(&[]), &[member("consumer", &[])], &[("consumer", "")]);
        check(s, &topics(&[("topic", 0)]), &[member("consumer", &["topic"])], &[("consumer", "")]);
        check(s, &topics(&[("topic", 3)]), &[member("consumer", &["topic"])], &[("consumer", "topic-0 topic-1 topic-2")]);
        check(s, &topics(&[("topic1", 1), ("topic2", 2)]), &[member("consumer", &["topic1", "topic2"])], &[(
            "consumer",
            "topic1-0 topic2-0 topic2-1",
        )]);
    }
}

#[test]
fn sticky_only_assigns_partitions_from_subscribed_topics() {
    // AbstractStickyAssignorTest.testOnlyAssignsPartitionsFromSubscribedTopics
    let t = topics(&[("topic", 2)]);
    let members = [owning("consumer", &["topic"], "topic-0 topic-1 other-0 other-1", 1)];
    for s in STICKY_BOTH {
        check(s, &t, &members, &[("consumer", "topic-0 topic-1")]);
    }
}

#[test]
fn sticky_two_consumers_one_topic() {
    // AbstractStickyAssignorTest.testTwoConsumersOneTopicOnePartition, testTwoConsumersOneTopicTwoPartitions
    let members = [member("consumer1", &["topic"]), member("consumer2", &["topic"])];
    for s in STICKY_BOTH {
        let a = assignor::assign(s, &topics(&[("topic", 1)]), &members);
        verify_validity_and_balance(&topics(&[("topic", 1)]), &members, &a);
        check(s, &topics(&[("topic", 2)]), &members, &[("consumer1", "topic-0"), ("consumer2", "topic-1")]);
    }
}

#[test]
fn sticky_multiple_consumers_mixed_topic_subscriptions() {
    // AbstractStickyAssignorTest.testMultipleConsumersMixedTopicSubscriptions (general path)
    let t = topics(&[("topic1", 3), ("topic2", 2)]);
    let members =
        [member("consumer1", &["topic1"]), member("consumer2", &["topic1", "topic2"]), member("consumer3", &["topic1"])];
    for s in STICKY_BOTH {
        check(s, &t, &members, &[
            ("consumer1", "topic1-0 topic1-2"),
            ("consumer2", "topic2-0 topic2-1"),
            ("consumer3", "topic1-1"),
        ]);
    }
}

#[test]
fn sticky_two_consumers_two_topics_six_partitions() {
    // AbstractStickyAssignorTest.testTwoConsumersTwoTopicsSixPartitions
    let t = topics(&[("topic1", 3), ("topic2", 3)]);
    let members = [member("consumer1", &["topic1", "topic2"]), member("consumer2", &["topic1", "topic2"])];
    for s in STICKY_BOTH {
        check(s, &t, &members, &[
            ("consumer1", "topic1-0 topic1-2 topic2-1"),
            ("consumer2", "topic1-1 topic2-0 topic2-2"),
        ]);
    }
}

#[test]
fn sticky_consumer_owning_min_quota_expected_max_quota() {
    // AbstractStickyAssignorTest.testConsumerOwningMinQuotaExpectedMaxQuota
    let t = topics(&[("topic1", 2), ("topic2", 3)]);
    let both = ["topic1", "topic2"];
    let members = [owning("consumer1", &both, "topic1-0 topic2-1", 1), owning("consumer2", &both, "topic1-1 topic2-2", 1)];
    for s in STICKY_BOTH {
        check(s, &t, &members, &[("consumer1", "topic1-0 topic2-0 topic2-1"), ("consumer2", "topic1-1 topic2-2")]);
    }
}

#[test]
fn sticky_max_quota_owners_exceed_expected_max_capacity_members() {
    // AbstractStickyAssignorTest.testMaxQuotaConsumerMoreThanNumExpectedMaxCapacityMembers:
    // which owner keeps two depends on Java's HashMap order (consumer2 before consumer1).
    let t = topics(&[("topic1", 2), ("topic2", 2)]);
    let both = ["topic1", "topic2"];
    let members = [
        owning("consumer1", &both, "topic1-0 topic2-0", 1),
        owning("consumer2", &both, "topic1-1 topic2-1", 1),
        owning("consumer3", &both, "", 1),
    ];
    check(Strategy::Sticky, &t, &members, &[
        ("consumer1", "topic1-0"),
        ("consumer2", "topic1-1 topic2-1"),
        ("consumer3", "topic2-0"),
    ]);
    // The cooperative assignor holds topic2-0 back (partitionsTransferringOwnership) for a
    // follow-up rebalance.
    let first = check(Strategy::CooperativeSticky, &t, &members, &[
        ("consumer1", "topic1-0"),
        ("consumer2", "topic1-1 topic2-1"),
        ("consumer3", ""),
    ]);
    assert_eq!(revoked(&members, &first).get("consumer1").map(|l| show(l)), Some("topic2-0".to_string()));
    let (_, last) = cooperative_until_stable(&t, &members);
    assert_eq!(show(get(&last, "consumer3")), "topic2-0");
}

#[test]
fn sticky_all_consumers_under_min_quota() {
    // AbstractStickyAssignorTest.testAllConsumersAreUnderMinQuota
    let t = topics(&[("topic1", 2), ("topic2", 3)]);
    let both = ["topic1", "topic2"];
    let members = [
        owning("consumer1", &both, "topic1-0", 1),
        owning("consumer2", &both, "topic1-1", 1),
        owning("consumer3", &both, "", 1),
    ];
    for s in STICKY_BOTH {
        check(s, &t, &members, &[
            ("consumer1", "topic1-0 topic2-1"),
            ("consumer2", "topic1-1 topic2-2"),
            ("consumer3", "topic2-0"),
        ]);
    }
}

#[test]
fn sticky_add_remove_consumer_one_topic() {
    // AbstractStickyAssignorTest.testAddRemoveConsumerOneTopic
    let t = topics(&[("topic", 3)]);
    let first = check(Strategy::Sticky, &t, &[member("consumer1", &["topic"])], &[("consumer1", "topic-0 topic-1 topic-2")]);
    let two = [owning("consumer1", &["topic"], &show(get(&first, "consumer1")), 1), owning("consumer2", &["topic"], "", 1)];
    let second = check(Strategy::Sticky, &t, &two, &[("consumer1", "topic-0 topic-1"), ("consumer2", "topic-2")]);
    // Cooperative: topic-2 is revoked first, assigned in the follow-up.
    check(Strategy::CooperativeSticky, &t, &two, &[("consumer1", "topic-0 topic-1"), ("consumer2", "")]);
    let one = [owning("consumer2", &["topic"], &show(get(&second, "consumer2")), 1)];
    for s in STICKY_BOTH {
        check(s, &t, &one, &[("consumer2", "topic-0 topic-1 topic-2")]);
    }
}

#[test]
fn sticky_add_remove_two_consumers_two_topics() {
    // AbstractStickyAssignorTest.testAddRemoveTwoConsumersTwoTopics
    let t = topics(&[("topic1", 3), ("topic2", 4)]);
    let all = ["topic1", "topic2"];
    let first = check(Strategy::Sticky, &t, &[member("consumer1", &all), member("consumer2", &all)], &[
        ("consumer1", "topic1-0 topic1-2 topic2-1 topic2-3"),
        ("consumer2", "topic1-1 topic2-0 topic2-2"),
    ]);
    let four = [
        owning("consumer1", &all, &show(get(&first, "consumer1")), 1),
        owning("consumer2", &all, &show(get(&first, "consumer2")), 1),
        owning("consumer3", &all, "", 1),
        owning("consumer4", &all, "", 1),
    ];
    let second = check(Strategy::Sticky, &t, &four, &[
        ("consumer1", "topic1-0 topic2-1"),
        ("consumer2", "topic1-1 topic2-0"),
        ("consumer3", "topic1-2 topic2-3"),
        ("consumer4", "topic2-2"),
    ]);
    // partitionsTransferringOwnership = {topic1-2: consumer3, topic2-3: consumer3, topic2-2: consumer4}
    check(Strategy::CooperativeSticky, &t, &four, &[
        ("consumer1", "topic1-0 topic2-1"),
        ("consumer2", "topic1-1 topic2-0"),
        ("consumer3", ""),
        ("consumer4", ""),
    ]);
    let two = [
        owning("consumer3", &all, &show(get(&second, "consumer3")), 1),
        owning("consumer4", &all, &show(get(&second, "consumer4")), 1),
    ];
    for s in STICKY_BOTH {
        check(s, &t, &two, &[("consumer3", "topic1-0 topic1-2 topic2-1 topic2-3"), ("consumer4", "topic1-1 topic2-0 topic2-2")]);
    }
}

#[test]
fn sticky_all_consumers_reach_expected_quota() {
    // AbstractStickyAssignorTest.testAllConsumersReachExpectedQuotaAndAreConsideredFilled
    let t = topics(&[("topic", 4)]);
    let members = [
        owning("consumer1", &["topic"], "topic-0 topic-1", 1),
        owning("consumer2", &["topic"], "topic-2", 1),
        owning("consumer3", &["topic"], "", 1),
    ];
    for s in STICKY_BOTH {
        check(s, &t, &members, &[("consumer1", "topic-0 topic-1"), ("consumer2", "topic-2"), ("consumer3", "topic-3")]);
    }
}

#[test]
fn sticky_stale_generation_loses_its_claims() {
    // AbstractStickyAssignorTest.testOwnedPartitionsAreInvalidatedForConsumerWithStaleGeneration
    // and testOwnedPartitionsAreInvalidatedForConsumerWithNoGeneration
    let t = topics(&[("topic", 3), ("topic2", 3)]);
    let both = ["topic", "topic2"];
    for stale in [Some(9), None] {
        let mut c2 = owning("consumer2", &both, "topic-0 topic-2 topic2-1", 0);
        c2.generation = stale;
        let members = [owning("consumer1", &both, "topic-0 topic-2 topic2-1", 10), c2];
        for s in STICKY_BOTH {
            check(s, &t, &members, &[("consumer1", "topic-0 topic-2 topic2-1"), ("consumer2", "topic-1 topic2-0 topic2-2")]);
        }
    }
}

#[test]
fn sticky_partition_claimed_twice_in_one_generation_moves() {
    // AbstractStickyAssignorTest.testPartitionsTransferringOwnershipIncludeThePartitionClaimedByMultipleConsumersInSameGeneration,
    // StickyAssignorTest.testAllConsumersHaveOwnedPartitionInvalidatedWhenClaimedByMultipleConsumersInSameGenerationWithEqualPartitionsPerConsumer
    let members = [
        owning("consumer1", &["topic"], "topic-0 topic-1", 1),
        owning("consumer2", &["topic"], "topic-0 topic-2", 1),
        owning("consumer3", &["topic"], "", 1),
    ];
    let t = topics(&[("topic", 3)]);
    check(Strategy::Sticky, &t, &members, &[("consumer1", "topic-1"), ("consumer2", "topic-2"), ("consumer3", "topic-0")]);
    check(Strategy::CooperativeSticky, &t, &members, &[("consumer1", "topic-1"), ("consumer2", "topic-2"), ("consumer3", "")]);
    // StickyAssignorTest...WithUnequalPartitionsPerConsumer
    check(Strategy::Sticky, &topics(&[("topic", 4)]), &members, &[
        ("consumer1", "topic-1 topic-3"),
        ("consumer2", "topic-2"),
        ("consumer3", "topic-0"),
    ]);
}

#[test]
fn sticky_partitions_go_to_highest_generation() {
    // AbstractStickyAssignorTest.testEnsurePartitionsAssignedToHighestGeneration
    let t = topics(&[("topic", 3), ("topic2", 3), ("topic3", 3)]);
    let all = ["topic", "topic2", "topic3"];
    let members = [
        owning("consumer1", &all, "topic-0 topic2-0 topic3-0", 10),
        owning("consumer2", &all, "topic-1 topic2-1 topic3-1", 9),
        owning("consumer3", &all, "topic2-1 topic3-0 topic3-2", 8),
    ];
    for s in STICKY_BOTH {
        check(s, &t, &members, &[
            ("consumer1", "topic-0 topic2-0 topic3-0"),
            ("consumer2", "topic-1 topic2-1 topic3-1"),
            ("consumer3", "topic-2 topic2-2 topic3-2"),
        ]);
    }
}

#[test]
fn sticky_no_reassignment_on_current_members() {
    // AbstractStickyAssignorTest.testNoReassignmentOnCurrentMembers
    let t = topics(&[("topic", 3), ("topic1", 3), ("topic2", 3), ("topic3", 3)]);
    let all = ["topic", "topic2", "topic3", "topic1"];
    let mut c1 = member("consumer1", &all);
    c1.generation = Some(-1);
    let members = [
        c1,
        owning("consumer2", &all, "topic-0 topic2-0 topic1-0", 9),
        owning("consumer3", &all, "topic3-2 topic2-2 topic1-1", 8),
        owning("consumer4", &all, "topic3-1 topic-1 topic-2", 7),
    ];
    for s in STICKY_BOTH {
        let a = assignor::assign(s, &t, &members);
        assert_eq!(show(get(&a, "consumer1")), "topic1-2 topic2-1 topic3-0", "{s:?}");
        verify_validity_and_balance(&t, &members, &a);
        assert!(fully_balanced(&a));
    }
}

#[test]
fn sticky_owned_partitions_invalidated_across_generations() {
    // AbstractStickyAssignorTest.testOwnedPartitionsAreInvalidatedForConsumerWithMultipleGeneration
    let t = topics(&[("topic", 3), ("topic2", 3)]);
    let both = ["topic", "topic2"];
    let members = [
        owning("consumer1", &both, "topic-0 topic2-1 topic-1", 10),
        owning("consumer2", &both, "topic-0 topic2-1 topic2-2", 8),
    ];
    for s in STICKY_BOTH {
        check(s, &t, &members, &[("consumer1", "topic-0 topic-1 topic2-1"), ("consumer2", "topic-2 topic2-0 topic2-2")]);
    }
}

#[test]
fn sticky_uniform_subscription_is_round_robin_and_stable() {
    // AbstractStickyAssignorTest.testRackAwareAssignmentWithUniformSubscription (rack-unaware
    // expectation, fresh and with the expectation as owned partitions)
    let t = topics(&[("t1", 6), ("t2", 7), ("t3", 2)]);
    let all = ["t1", "t2", "t3"];
    let expected = [
        ("consumer0", "t1-0 t1-3 t2-0 t2-3 t2-6"),
        ("consumer1", "t1-1 t1-4 t2-1 t2-4 t3-0"),
        ("consumer2", "t1-2 t1-5 t2-2 t2-5 t3-1"),
    ];
    let fresh = [member("consumer0", &all), member("consumer1", &all), member("consumer2", &all)];
    let owned: Vec<Subscription> = expected.iter().map(|&(id, list)| owning(id, &all, list, -1)).collect();
    for s in STICKY_BOTH {
        check(s, &t, &fresh, &expected);
        check(s, &t, &owned, &expected);
    }
}

#[test]
fn sticky_non_equal_subscription_general_path() {
    // AbstractStickyAssignorTest.testRackAwareAssignmentWithNonEqualSubscription (rack-unaware)
    let t = topics(&[("t1", 6), ("t2", 7), ("t3", 2)]);
    let all = ["t1", "t2", "t3"];
    let expected = [
        ("consumer0", "t1-5 t2-0 t2-2 t2-4 t2-6"),
        ("consumer1", "t1-3 t2-1 t2-3 t2-5 t3-0"),
        ("consumer2", "t1-0 t1-1 t1-2 t1-4 t3-1"),
    ];
    let subscribed: [&[&str]; 3] = [&all, &all, &["t1", "t3"]];
    let fresh: Vec<Subscription> = (0..3).map(|i| member(expected[i].0, subscribed[i])).collect();
    let stable: Vec<Subscription> = (0..3).map(|i| owning(expected[i].0, subscribed[i], expected[i].1, -1)).collect();
    for s in STICKY_BOTH {
        check(s, &t, &fresh, &expected);
        check(s, &t, &stable, &expected);
    }
    // The cooperative half of the same test: owned partitions that must move are revoked
    // first (the intermediate assignment), then assigned in the follow-up.
    let owned = ["t1-0 t1-1 t1-2 t1-3 t1-4", "t1-5 t2-0 t2-1 t2-2 t2-3", "t2-4 t2-5 t2-6 t3-0 t3-1"];
    let members: Vec<Subscription> = (0..3).map(|i| owning(expected[i].0, subscribed[i], owned[i], -1)).collect();
    let intermediate = [("consumer0", "t1-2 t1-3 t1-4"), ("consumer1", "t2-0 t2-1 t2-2 t2-3"), ("consumer2", "t3-0 t3-1")];
    check(Strategy::CooperativeSticky, &t, &members, &intermediate);
    let members: Vec<Subscription> = (0..3).map(|i| owning(expected[i].0, subscribed[i], intermediate[i].1, -1)).collect();
    check(Strategy::CooperativeSticky, &t, &members, &[
        ("consumer0", "t1-2 t1-3 t1-4 t2-4 t2-5"),
        ("consumer1", "t2-0 t2-1 t2-2 t2-3 t2-6"),
        ("consumer2", "t1-0 t1-1 t1-5 t3-0 t3-1"),
    ]);
}

#[test]
fn sticky_stickiness_when_a_member_leaves() {
    // AbstractStickyAssignorTest.testStickiness
    let t = topics(&[("topic1", 3)]);
    let members: Vec<Subscription> = (1..=4).map(|i| member(&format!("consumer{i}"), &["topic1"])).collect();
    for s in STICKY_BOTH {
        let first = assignor::assign(s, &t, &members);
        verify_validity_and_balance(&t, &members, &first);
        assert!(sizes(&first).iter().all(|&n| n <= 1));
        let rest: Vec<Subscription> = after_rebalance(&members[1..], &first, 1);
        let (_, second) = cooperative_or_sticky(s, &t, &rest);
        for m in &rest {
            let now = get(&second, &m.member_id);
            assert_eq!(now.len(), 1);
            assert!(contains_all(now, &m.owned), "stickiness for {}", m.member_id);
        }
    }
}

fn cooperative_or_sticky(s: Strategy, t: &BTreeMap<Name, u32>, members: &[Subscription]) -> (Vec<Subscription>, Assignment) {
    if s == Strategy::CooperativeSticky {
        cooperative_until_stable(t, members)
    } else {
        let a = assignor::sticky(t, members);
        verify_validity_and_balance(t, members, &a);
        (members.to_vec(), a)
    }
}

#[test]
fn sticky_deleted_topics() {
    // AbstractStickyAssignorTest.testAssignmentUpdatedForDeletedTopic
    let t = topics(&[("topic1", 1), ("topic3", 100)]);
    for s in STICKY_BOTH {
        let a = assignor::assign(s, &t, &[member("consumer", &["topic1", "topic2", "topic3"])]);
        assert_eq!(get(&a, "consumer").len(), 101);
    }
    // AbstractStickyAssignorTest.testNoExceptionThrownWhenOnlySubscribedTopicDeleted
    let members = [owning("consumer", &["topic"], "topic-0 topic-1 topic-2", 1)];
    for s in STICKY_BOTH {
        check(s, &topics(&[]), &members, &[("consumer", "")]);
    }
}

#[test]
fn sticky_conflicting_previous_generations() {
    // StickyAssignorTest.testAssignmentWithConflictingPreviousGenerations, both subscription shapes
    let t = topics(&[("topic", 4), ("topic2", 4), ("topic3", 4)]);
    let all = ["topic", "topic2", "topic3"];
    for equal in [true, false] {
        let c1_topics: &[&str] = if equal { &all } else { &["topic"] };
        let c2_topics: &[&str] = if equal { &all } else { &["topic", "topic2"] };
        let c1_owned = if equal { "topic-0 topic-1 topic-2 topic2-2 topic2-3 topic3-0" } else { "topic-0 topic-1 topic-2 topic-3" };
        let members = [
            owning("consumer1", c1_topics, c1_owned, 1),
            owning("consumer2", c2_topics, "topic-0 topic-1 topic2-0 topic2-1 topic2-2 topic2-3", 2),
            owning("consumer3", &all, "topic-2 topic-3 topic3-0 topic3-1 topic3-2 topic3-3", 2),
        ];
        let a = assignor::sticky(&t, &members);
        assert_eq!(sizes(&a), vec![4, 4, 4], "equal={equal}");
        assert!(contains_all(&members[1].owned, get(&a, "consumer2")));
        assert!(contains_all(&members[2].owned, get(&a, "consumer3")));
        verify_validity_and_balance(&t, &members, &a);
    }
}

#[test]
fn sticky_multiple_generations() {
    // StickyAssignorTest.testAssignmentWithMultipleGenerations1, both subscription shapes
    let t = topics(&[("topic", 6), ("topic2", 6)]);
    let all = ["topic", "topic2"];
    for equal in [true, false] {
        let c2_topics: &[&str] = if equal { &all } else { &["topic"] };
        let round1 = [member("consumer1", &all), member("consumer2", c2_topics), member("consumer3", &all)];
        let r1 = assignor::sticky(&t, &round1);
        assert_eq!(sizes(&r1), vec![4, 4, 4]);
        verify_validity_and_balance(&t, &round1, &r1);
        let round2 = [
            owning("consumer1", &all, &show(get(&r1, "consumer1")), 1),
            owning("consumer2", c2_topics, &show(get(&r1, "consumer2")), 1),
        ];
        let r2 = assignor::sticky(&t, &round2);
        assert_eq!(sizes(&r2), vec![6, 6]);
        if equal {
            assert!(contains_all(get(&r2, "consumer1"), get(&r1, "consumer1")));
        }
        assert!(contains_all(get(&r2, "consumer2"), get(&r1, "consumer2")));
        verify_validity_and_balance(&t, &round2, &r2);
        let round3 = [
            owning("consumer2", c2_topics, &show(get(&r2, "consumer2")), 2),
            owning("consumer3", &all, &show(get(&r1, "consumer3")), 1),
        ];
        let r3 = assignor::sticky(&t, &round3);
        assert_eq!(sizes(&r3), vec![6, 6]);
        verify_validity_and_balance(&t, &round3, &r3);
    }
}

#[test]
fn sticky_same_partition_claimed_in_three_generations() {
    // AbstractStickyAssignorTest.testSubscriptionNotEqualAndAssignSamePartitionWith3Generation
    let t = topics(&[("topic", 6), ("topic1", 1)]);
    for g in [[1, 2, 3], [1, 3, 2], [2, 1, 3], [2, 3, 1], [3, 1, 2], [3, 2, 1]] {
        let members = [
            owning("consumer1", &["topic"], "topic-0 topic-2", g[0]),
            owning("consumer2", &["topic"], "topic-1 topic-2 topic-3", g[1]),
            owning("consumer3", &["topic"], "topic-2 topic-4 topic-5", g[2]),
            owning("consumer4", &["topic1"], "topic1-0", 2),
        ];
        for s in STICKY_BOTH {
            let a = assignor::assign(s, &t, &members);
            verify_validity(&t, &members, &a, s == Strategy::Sticky);
            if s == Strategy::Sticky {
                assert!(sizes(&a).iter().all(|&n| (1..=2).contains(&n)), "{g:?}");
            }
        }
    }
}

#[test]
fn sticky_topic_balance_after_reassignment() {
    // AbstractStickyAssignorTest.testTopicBalanceAfterReassignment
    let t = topics(&[("topic1", 12), ("topic2", 12)]);
    let all = ["topic1", "topic2"];
    let per_topic = |a: &Assignment, n: usize| {
        for list in a.values() {
            assert_eq!(list.iter().filter(|tp| &*tp.topic == "topic1").count(), n);
            assert_eq!(list.iter().filter(|tp| &*tp.topic == "topic2").count(), n);
        }
    };
    let mut members = vec![member("consumer1", &all)];
    for (add, expect) in [(&["consumer2"][..], 6), (&["consumer3", "consumer4"][..], 3)] {
        let a = assignor::sticky(&t, &members);
        members = after_rebalance(&members, &a, 1);
        members.extend(add.iter().map(|id| owning(id, &all, "", 1)));
        let b = assignor::sticky(&t, &members);
        verify_validity_and_balance(&t, &members, &b);
        per_topic(&b, expect);
    }
    let a = assignor::sticky(&t, &members);
    let remaining = after_rebalance(&members[2..], &a, 1);
    let b = assignor::sticky(&t, &remaining);
    per_topic(&b, 6);
}

#[test]
fn sticky_poor_round_robin_scenario_and_uneven_subscriptions() {
    // AbstractStickyAssignorTest.testPoorRoundRobinAssignmentScenario
    let t = topics(&[("topic1", 2), ("topic2", 1), ("topic3", 2), ("topic4", 1), ("topic5", 2)]);
    let all = ["topic1", "topic2", "topic3", "topic4", "topic5"];
    let odd = ["topic1", "topic3", "topic5"];
    let members = [member("consumer1", &all), member("consumer2", &odd), member("consumer3", &odd), member("consumer4", &all)];
    for s in STICKY_BOTH {
        let a = assignor::assign(s, &t, &members);
        verify_validity_and_balance(&t, &members, &a);
    }
    // AbstractStickyAssignorTest.testReassignmentAfterOneConsumerLeaves
    let names: Vec<String> = (1..20).map(|i| format!("t{i:02}")).collect();
    let t: BTreeMap<Name, u32> = names.iter().enumerate().map(|(i, n)| (Name::from(n.as_str()), i as u32 + 1)).collect();
    let members: Vec<Subscription> = (1..20)
        .map(|i| {
            let mine: Vec<&str> = names[..i].iter().map(String::as_str).collect();
            member(&format!("c{i:02}"), &mine)
        })
        .collect();
    for s in STICKY_BOTH {
        let (members, a) = cooperative_or_sticky(s, &t, &members);
        let rest: Vec<Subscription> = after_rebalance(&members, &a, 1).into_iter().filter(|m| &*m.member_id != "c10").collect();
        cooperative_or_sticky(s, &t, &rest);
    }
}

#[test]
fn sticky_same_subscriptions_member_leaves() {
    // AbstractStickyAssignorTest.testSameSubscriptions
    let names: Vec<String> = (1..15).map(|i| format!("t{i:02}")).collect();
    let t: BTreeMap<Name, u32> = names.iter().enumerate().map(|(i, n)| (Name::from(n.as_str()), i as u32 + 1)).collect();
    let all: Vec<&str> = names.iter().map(String::as_str).collect();
    let members: Vec<Subscription> = (1..9).map(|i| member(&format!("c{i}"), &all)).collect();
    for s in STICKY_BOTH {
        let a = assignor::assign(s, &t, &members);
        verify_validity_and_balance(&t, &members, &a);
        let rest: Vec<Subscription> = after_rebalance(&members, &a, 1).into_iter().filter(|m| &*m.member_id != "c5").collect();
        let (_, b) = cooperative_or_sticky(s, &t, &rest);
        for m in &rest {
            assert!(contains_all(get(&b, &m.member_id), &m.owned), "{s:?} kept {}", m.member_id);
        }
    }
}

#[test]
fn cooperative_follow_up_helpers() {
    // CooperativeStickyAssignorTest.verifyValidityAndBalance: revoke first, assign in the follow-up
    let t = topics(&[("topic", 3)]);
    let two = [owning("consumer1", &["topic"], "topic-0 topic-1 topic-2", 1), owning("consumer2", &["topic"], "", 1)];
    let first = assignor::cooperative_sticky(&t, &two);
    assert!(needs_follow_up(&two, &first));
    let gone = revoked(&two, &first);
    assert_eq!(gone.keys().map(|k| k.to_string()).collect::<Vec<_>>(), ["consumer1"]);
    let next = after_rebalance(&two, &first, 2);
    assert_eq!(next[0].generation, Some(2));
    let second = assignor::cooperative_sticky(&t, &next);
    assert!(!needs_follow_up(&next, &second));
    assert_eq!(shown(&second)["consumer2"], "topic-2");
}

#[test]
fn assignments_are_deterministic() {
    // Same input, same output, for every strategy (a determinism double-run).
    let t = topics(&[("a", 7), ("b", 5), ("c", 3)]);
    let members = [
        owning("m3", &["a", "b"], "a-0 a-1 b-4", 2),
        owning("m1", &["a", "b", "c"], "c-0 a-1", 1),
        member("m2", &["b", "c"]),
    ];
    for s in [Strategy::Range, Strategy::RoundRobin, Strategy::Sticky, Strategy::CooperativeSticky] {
        assert_eq!(assignor::assign(s, &t, &members), assignor::assign(s, &t, &members));
    }
}

// ---------------------------------------------------------------------------------------------
// Properties.

#[cfg(not(target_arch = "wasm32"))]
mod properties {
    use super::*;
    use proptest::prelude::{ProptestConfig, any, prop_assert, prop_assert_eq, proptest};
    use proptest::strategy::Strategy as _;

    const TOPIC_NAMES: [&str; 4] = ["alpha", "beta", "gamma", "delta"];

    #[derive(Clone, Debug)]
    struct Case {
        topics: BTreeMap<Name, u32>,
        members: Vec<Subscription>,
    }

    /// Up to four topics, up to seven members; `equal` gives everyone the same subscription.
    /// Owned partitions: `disjoint` gives each partition at most one previous owner in one
    /// generation; otherwise claims overlap and generations vary.
    fn case(equal: bool, disjoint: bool) -> impl proptest::strategy::Strategy<Value = Case> {
        (
            proptest::collection::vec(1u32..9, 1..=4),
            1usize..8,
            proptest::collection::vec(proptest::collection::vec(any::<bool>(), 4), 8),
            proptest::collection::vec(0usize..10, 40),
            proptest::collection::vec(proptest::collection::vec(any::<bool>(), 40), 8),
            proptest::collection::vec(proptest::option::of(0i32..3), 8),
        )
            .prop_map(move |(counts, n, subs, owners, claims, generations)| {
                let topics: BTreeMap<Name, u32> =
                    counts.iter().enumerate().map(|(i, &c)| (Name::from(TOPIC_NAMES[i]), c)).collect();
                let all: Vec<(Name, u32)> = topics.iter().flat_map(|(t, &c)| (0..c).map(move |p| (t.clone(), p))).collect();
                let members = (0..n)
                    .map(|i| {
                        let mine: Vec<Name> = topics
                            .keys()
                            .enumerate()
                            .filter(|&(k, _)| equal || subs[i][k] || k == i % counts.len())
                            .map(|(_, t)| t.clone())
                            .collect();
                        let owned = all
                            .iter()
                            .enumerate()
                            .filter(|&(j, _)| if disjoint { owners[j % owners.len()] == i } else { claims[i][j % 40] })
                            .map(|(_, (t, p))| TopicPartition { topic: t.clone(), partition: *p })
                            .collect();
                        let generation = if disjoint { Some(1) } else { generations[i] };
                        Subscription { member_id: format!("member-{i}").into(), instance_id: None, topics: mine, owned, generation }
                    })
                    .collect();
                Case { topics, members }
            })
    }

    fn any_case() -> impl proptest::strategy::Strategy<Value = Case> {
        (any::<bool>(), any::<bool>()).prop_flat_map(|(equal, disjoint)| case(equal, disjoint))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        /// Every partition of a subscribed topic is owned by exactly one member, which is
        /// subscribed to its topic (for the cooperative assignor, once rebalancing settles).
        #[test]
        fn every_partition_has_exactly_one_subscribed_owner(c in any_case()) {
            for s in [Strategy::Range, Strategy::RoundRobin, Strategy::Sticky] {
                let a = assignor::assign(s, &c.topics, &c.members);
                verify_validity(&c.topics, &c.members, &a, true);
            }
            let first = assignor::cooperative_sticky(&c.topics, &c.members);
            verify_validity(&c.topics, &c.members, &first, false);
            let (members, last) = cooperative_until_stable(&c.topics, &c.members);
            verify_validity(&c.topics, &members, &last, true);
        }

        /// With equal subscriptions the sticky assignors balance within one.
        #[test]
        fn sticky_balances_equal_subscriptions(c in (any::<bool>()).prop_flat_map(|d| case(true, d))) {
            let a = assignor::sticky(&c.topics, &c.members);
            prop_assert!(fully_balanced(&a), "{:?}", shown(&a));
            let (_, last) = cooperative_until_stable(&c.topics, &c.members);
            prop_assert!(fully_balanced(&last), "{:?}", shown(&last));
        }

        /// With any subscriptions, Kafka's balance rule holds (see verify_validity_and_balance).
        #[test]
        fn sticky_balances_what_subscriptions_allow(c in any_case()) {
            let a = assignor::sticky(&c.topics, &c.members);
            verify_validity_and_balance(&c.topics, &c.members, &a);
        }

        /// The cooperative assignor never gives a member a partition that another member
        /// still owns and is revoking in the same round.
        #[test]
        fn cooperative_never_assigns_a_partition_being_revoked(c in any_case()) {
            let a = assignor::cooperative_sticky(&c.topics, &c.members);
            verify_cooperative_round(&c.members, &a);
            for m in &c.members {
                for tp in a[&m.member_id].iter().filter(|tp| !m.owned.contains(tp)) {
                    let others = c.members.iter().filter(|o| o.member_id != m.member_id);
                    for o in others {
                        prop_assert!(!o.owned.contains(tp) || a[&o.member_id].contains(tp),
                            "{tp:?} given to {} while {} revokes it", m.member_id, o.member_id);
                    }
                }
            }
        }

        /// Stickiness: with equal subscriptions and a clean previous assignment, a member keeps
        /// everything it owned when that is no more than its fair share, keeps at least its fair
        /// share otherwise, and an assignment that is already balanced does not change.
        #[test]
        fn sticky_keeps_owned_partitions_when_balance_allows(c in case(true, true)) {
            let total: usize = c.topics.values().map(|&n| n as usize).sum();
            let min_quota = total / c.members.len();
            for s in [Strategy::Sticky, Strategy::CooperativeSticky] {
                let a = assignor::assign(s, &c.topics, &c.members);
                for m in &c.members {
                    let kept = m.owned.iter().filter(|tp| a[&m.member_id].contains(tp)).count();
                    prop_assert!(kept >= m.owned.len().min(min_quota), "{s:?} {} kept {kept}", m.member_id);
                }
            }
            let a = assignor::sticky(&c.topics, &c.members);
            let again = assignor::sticky(&c.topics, &after_rebalance(&c.members, &a, 2));
            prop_assert_eq!(shown(&a), shown(&again));
        }
    }
}
