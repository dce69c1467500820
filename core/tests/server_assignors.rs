//! The group coordinator's assignors of the consumer rebalance protocol (KIP-848), against the
//! cases of Kafka's own tests of them (each names its test in
//! `group-coordinator/src/test/java/org/apache/kafka/coordinator/group/assignor/`), and
//! properties over generated groups.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use std::collections::BTreeMap;

use brokerlab_core::Name;
use brokerlab_core::event_broker::assignor::{Subscription, TopicPartition};
use brokerlab_core::event_broker::server_assignor::{UnknownTopic, range};
use brokerlab_core::rng::Prng;

fn topics(list: &[(&str, u32)]) -> BTreeMap<Name, u32> {
    list.iter().map(|&(name, partitions)| (Name::from(name), partitions)).collect()
}

/// A member: id, instance id, subscribed topics, and what it owns now (`topic:partition`).
fn member(id: &str, instance: Option<&str>, subscribed: &[&str], owned: &[(&str, u32)]) -> Subscription {
    Subscription {
        member_id: id.into(),
        instance_id: instance.map(Name::from),
        topics: subscribed.iter().map(|&t| Name::from(t)).collect(),
        owned: owned.iter().map(|&(topic, partition)| TopicPartition { topic: topic.into(), partition }).collect(),
        generation: None,
    }
}

/// The assignment as `A: topic1-0 topic1-1; B: ...`, members in id order.
fn render(assignment: &BTreeMap<Name, Vec<TopicPartition>>) -> String {
    let members: Vec<String> = assignment
        .iter()
        .map(|(id, list)| {
            let parts: Vec<String> = list.iter().map(|tp| format!("{}-{}", tp.topic, tp.partition)).collect();
            format!("{id}: {}", parts.join(" "))
        })
        .collect();
    members.join("; ")
}

fn check(topic_list: &[(&str, u32)], members: &[Subscription], expected: &str) {
    let got = render(&range(&topics(topic_list), members).unwrap());
    assert_eq!(got, expected);
}

#[test]
fn range_first_assignments() {
    // RangeAssignorTest.testOneMemberNoTopic
    check(&[("topic1", 3)], &[member("A", None, &[], &[])], "A: ");
    // RangeAssignorTest.testFirstAssignmentTwoMembersTwoTopicsSameSubscriptions
    let both = ["topic1", "topic3"];
    check(
        &[("topic1", 3), ("topic3", 2)],
        &[member("A", None, &both, &[]), member("B", None, &both, &[])],
        "A: topic1-0 topic1-1 topic3-0; B: topic1-2 topic3-1",
    );
    // RangeAssignorTest.testFirstAssignmentThreeMembersThreeTopicsDifferentSubscriptions
    check(
        &[("topic1", 3), ("topic2", 3), ("topic3", 2)],
        &[
            member("A", None, &["topic1", "topic2"], &[]),
            member("B", None, &["topic3"], &[]),
            member("C", None, &["topic2", "topic3"], &[]),
        ],
        "A: topic1-0 topic1-1 topic1-2 topic2-0 topic2-1; B: topic3-0; C: topic2-2 topic3-1",
    );
    // RangeAssignorTest.testFirstAssignmentNumMembersGreaterThanNumPartitions
    check(
        &[("topic1", 3), ("topic3", 2)],
        &[member("A", None, &both, &[]), member("B", None, &both, &[]), member("C", None, &both, &[])],
        "A: topic1-0 topic3-0; B: topic1-1 topic3-1; C: topic1-2",
    );
}

#[test]
fn range_a_subscription_to_a_missing_topic_is_refused() {
    // RangeAssignorTest.testOneMemberSubscribedToNonExistentTopic
    let error = range(&topics(&[("topic1", 3)]), &[member("A", None, &["topic2"], &[])]).unwrap_err();
    assert_eq!(error, UnknownTopic { member_id: "A".into(), topic: "topic2".into() });
}

#[test]
fn range_static_members_keep_their_ranges_under_a_new_member_id() {
    // RangeAssignorTest.testStaticMembership
    let t = [("topic1", 3)];
    let first = range(&topics(&t), &[member("A", Some("instanceA"), &["topic1"], &[]), member("B", Some("instanceB"), &["topic1"], &[])]);
    assert_eq!(render(&first.unwrap()), "A: topic1-0 topic1-1; B: topic1-2");
    let again = range(&topics(&t), &[member("B", Some("instanceB"), &["topic1"], &[]), member("memberA1", Some("instanceA"), &["topic1"], &[])]);
    assert_eq!(render(&again.unwrap()), "B: topic1-2; memberA1: topic1-0 topic1-1");
    // RangeAssignorTest.testMixedStaticMembership: static members first, by instance id.
    let t = [("topic1", 5)];
    let members = [
        member("A", Some("instanceA"), &["topic1"], &[]),
        member("C", Some("instanceC"), &["topic1"], &[]),
        member("B", None, &["topic1"], &[]),
    ];
    assert_eq!(render(&range(&topics(&t), &members).unwrap()), "A: topic1-0 topic1-1; B: topic1-4; C: topic1-2 topic1-3");
    let members = [
        member("memberA1", Some("instanceA"), &["topic1"], &[]),
        member("C", Some("instanceC"), &["topic1"], &[]),
        member("B", None, &["topic1"], &[]),
    ];
    assert_eq!(render(&range(&topics(&t), &members).unwrap()), "B: topic1-4; C: topic1-2 topic1-3; memberA1: topic1-0 topic1-1");
}

#[test]
fn range_reassignments_ignore_what_members_own() {
    let both = ["topic1", "topic2"];
    // RangeAssignorTest.testReassignmentNumMembersGreaterThanNumPartitionsWhenOneMemberAdded
    check(
        &[("topic1", 2), ("topic2", 2)],
        &[
            member("A", None, &both, &[("topic1", 0), ("topic2", 0)]),
            member("B", None, &both, &[("topic1", 1), ("topic2", 1)]),
            member("C", None, &both, &[]),
        ],
        "A: topic1-0 topic2-0; B: topic1-1 topic2-1; C: ",
    );
    // RangeAssignorTest.testReassignmentWhenOnePartitionAddedForTwoMembersTwoTopics
    check(
        &[("topic1", 4), ("topic2", 4)],
        &[
            member("A", None, &both, &[("topic1", 0), ("topic1", 1), ("topic2", 0), ("topic2", 1)]),
            member("B", None, &both, &[("topic1", 2), ("topic2", 2)]),
        ],
        "A: topic1-0 topic1-1 topic2-0 topic2-1; B: topic1-2 topic1-3 topic2-2 topic2-3",
    );
    // RangeAssignorTest.testReassignmentWhenOneMemberAddedAfterInitialAssignmentWithTwoMembersTwoTopics
    check(
        &[("topic1", 3), ("topic2", 3)],
        &[
            member("A", None, &both, &[("topic1", 0), ("topic1", 1), ("topic2", 0), ("topic2", 1)]),
            member("B", None, &both, &[("topic1", 2), ("topic2", 2)]),
            member("C", None, &both, &[]),
        ],
        "A: topic1-0 topic2-0; B: topic1-1 topic2-1; C: topic1-2 topic2-2",
    );
    // RangeAssignorTest.testReassignmentWhenOneMemberAddedAndOnePartitionAfterInitialAssignmentWithTwoMembersTwoTopics
    check(
        &[("topic1", 4), ("topic2", 3)],
        &[
            member("A", None, &both, &[("topic1", 0), ("topic1", 1), ("topic2", 0), ("topic2", 1)]),
            member("B", None, &both, &[("topic1", 2), ("topic2", 2)]),
            member("C", None, &["topic1"], &[]),
        ],
        "A: topic1-0 topic1-1 topic2-0 topic2-1; B: topic1-2 topic2-2; C: topic1-3",
    );
    // RangeAssignorTest.testReassignmentWhenOneMemberRemovedAfterInitialAssignmentWithTwoMembersTwoTopics
    check(
        &[("topic1", 3), ("topic2", 3)],
        &[member("B", None, &both, &[("topic1", 2), ("topic2", 2)])],
        "B: topic1-0 topic1-1 topic1-2 topic2-0 topic2-1 topic2-2",
    );
    // RangeAssignorTest.testReassignmentWhenMultipleSubscriptionsRemovedAfterInitialAssignmentWithThreeMembersTwoTopics
    check(
        &[("topic1", 3), ("topic2", 3), ("topic3", 2)],
        &[
            member("A", None, &["topic1"], &[("topic1", 0), ("topic1", 1), ("topic1", 2), ("topic2", 0)]),
            member("B", None, &["topic1", "topic2", "topic3"], &[("topic2", 1)]),
            member("C", None, &["topic2"], &[("topic2", 2), ("topic3", 0), ("topic3", 1)]),
        ],
        "A: topic1-0 topic1-1; B: topic1-2 topic2-0 topic2-1 topic3-0 topic3-1; C: topic2-2",
    );
}

/// Generated groups: every subscribed partition is owned exactly once, by a member subscribed
/// to its topic; each topic's subscribers hold counts within one of each other (so members
/// with equal subscriptions are balanced within one per topic); and the result is the same
/// whatever order the members come in.
#[test]
fn range_properties_over_generated_groups() {
    for seed in 0..300u64 {
        let mut rng = Prng::new(seed);
        let topic_count = 1 + rng.below(4) as usize;
        let names: Vec<String> = (0..topic_count).map(|t| format!("t{t}")).collect();
        let list: Vec<(&str, u32)> = names.iter().map(|n| (n.as_str(), 1 + rng.below(12) as u32)).collect();
        let mut members: Vec<Subscription> = (0..1 + rng.below(7))
            .map(|m| {
                let subscribed: Vec<&str> = names.iter().filter(|_| rng.below(3) > 0).map(String::as_str).collect();
                let instance = (rng.below(2) == 0).then(|| format!("i{}", rng.below(100)));
                member(&format!("m{m}"), instance.as_deref(), &subscribed, &[])
            })
            .collect();
        members.dedup_by(|a, b| a.instance_id.is_some() && a.instance_id == b.instance_id);
        let assignment = range(&topics(&list), &members).unwrap();
        for &(topic, partitions) in &list {
            let subscribers: Vec<&Subscription> = members.iter().filter(|m| m.topics.iter().any(|t| &**t == topic)).collect();
            let mut owners = vec![0u32; partitions as usize];
            let mut counts = Vec::new();
            for m in &subscribers {
                let mine: Vec<&TopicPartition> = assignment[&m.member_id].iter().filter(|tp| &*tp.topic == topic).collect();
                mine.iter().for_each(|tp| owners[tp.partition as usize] += 1);
                counts.push(mine.len());
            }
            let everyone: usize = assignment.values().flatten().filter(|tp| &*tp.topic == topic).count();
            assert_eq!(everyone, counts.iter().sum::<usize>(), "seed {seed}: only subscribers own {topic}");
            if !subscribers.is_empty() {
                assert!(owners.iter().all(|&n| n == 1), "seed {seed}: {topic} owned {owners:?}");
                let (min, max) = (counts.iter().min().unwrap(), counts.iter().max().unwrap());
                assert!(max - min <= 1, "seed {seed}: {topic} counts {counts:?}");
            }
        }
        let mut reversed = members.clone();
        reversed.reverse();
        assert_eq!(range(&topics(&list), &reversed).unwrap(), assignment, "seed {seed}");
    }
}
