//! The group coordinator's assignors of the consumer rebalance protocol (KIP-848), against the
//! cases of Kafka's own tests of them (each names its test in
//! `group-coordinator/src/test/java/org/apache/kafka/coordinator/group/assignor/`), and
//! properties over generated groups.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use std::collections::BTreeMap;

use brokerlab_core::Name;
use brokerlab_core::event_broker::assignor::{Subscription, TopicPartition};
use brokerlab_core::event_broker::server_assignor::{UnknownTopic, range, uniform_homogeneous};
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

// The uniform assignor, homogeneous groups (OptimizedUniformAssignmentBuilderTest).

/// The order Kafka's `HashSet` visits the test's fixed topic ids in: `Uuid.hashCode` of
/// `T1-A4s3VTwiI5CTbEp6POw`, `T2-B4s3VTwiI5YHbPp6YUe` and `T3-CU8fVTLCz5YMkLoDQsa` is
/// 418407434, 885118816 and 365927798, which spread into buckets 10, 1 and 9 of 16: topic2,
/// topic3, topic1.
fn kafka_order(counts: &[(&str, u32)]) -> Vec<(Name, u32)> {
    ["topic2", "topic3", "topic1"]
        .iter()
        .filter_map(|name| counts.iter().find(|(n, _)| n == name).map(|&(n, c)| (Name::from(n), c)))
        .collect()
}

fn uniform(counts: &[(&str, u32)], members: &[Subscription]) -> String {
    render(&uniform_homogeneous(&kafka_order(counts), members).expect("equal subscriptions").unwrap())
}

#[test]
fn uniform_first_assignments() {
    // OptimizedUniformAssignmentBuilderTest.testOneMemberNoTopicSubscription (Kafka returns no
    // member at all; here the member is listed with nothing)
    assert_eq!(uniform(&[("topic1", 3)], &[member("A", None, &[], &[])]), "A: ");
    // OptimizedUniformAssignmentBuilderTest.testOneMemberSubscribedToNonexistentTopic
    let error = uniform_homogeneous(&kafka_order(&[("topic1", 3)]), &[member("A", None, &["topic2"], &[])]);
    assert_eq!(error, Some(Err(UnknownTopic { member_id: "A".into(), topic: "topic2".into() })));
    // OptimizedUniformAssignmentBuilderTest.testFirstAssignmentTwoMembersTwoTopicsNoMemberRacks
    let both = ["topic1", "topic3"];
    assert_eq!(
        uniform(&[("topic1", 3), ("topic3", 2)], &[member("A", None, &both, &[]), member("B", None, &both, &[])]),
        "A: topic1-0 topic3-0 topic3-1; B: topic1-1 topic1-2"
    );
    // OptimizedUniformAssignmentBuilderTest.testFirstAssignmentNumMembersGreaterThanTotalNumPartitions
    let three = [member("A", None, &["topic3"], &[]), member("B", None, &["topic3"], &[]), member("C", None, &["topic3"], &[])];
    assert_eq!(uniform(&[("topic3", 2)], &three), "A: topic3-0; B: topic3-1; C: ");
}

#[test]
fn uniform_reassignments_keep_what_members_own_up_to_their_quota() {
    let both = ["topic1", "topic2"];
    let t = |topic: &'static str, partitions: &[u32]| partitions.iter().map(move |&p| (topic, p)).collect::<Vec<_>>();
    let owns = |a: Vec<(&'static str, u32)>, b: Vec<(&'static str, u32)>| [a, b].concat();
    // OptimizedUniformAssignmentBuilderTest.testReassignmentForTwoMembersTwoTopicsGivenUnbalancedPrevAssignment
    let members = [
        member("A", None, &both, &owns(t("topic1", &[0, 1]), t("topic2", &[0, 1]))),
        member("B", None, &both, &owns(t("topic1", &[2]), t("topic2", &[2]))),
    ];
    assert_eq!(uniform(&[("topic1", 3), ("topic2", 3)], &members), "A: topic1-0 topic1-1 topic2-0; B: topic1-2 topic2-1 topic2-2");
    // OptimizedUniformAssignmentBuilderTest.testReassignmentWhenPartitionsAreAddedForTwoMembersTwoTopics
    let members = [
        member("A", None, &both, &owns(t("topic1", &[0, 2]), t("topic2", &[0]))),
        member("B", None, &both, &owns(t("topic1", &[1]), t("topic2", &[1, 2]))),
    ];
    assert_eq!(
        uniform(&[("topic1", 6), ("topic2", 5)], &members),
        "A: topic1-0 topic1-2 topic1-3 topic2-0 topic2-3 topic2-4; B: topic1-1 topic1-4 topic1-5 topic2-1 topic2-2"
    );
    // OptimizedUniformAssignmentBuilderTest.testReassignmentWhenOneMemberAddedAfterInitialAssignmentWithTwoMembersTwoTopics
    let members = [
        member("A", None, &both, &owns(t("topic1", &[0, 2]), t("topic2", &[0]))),
        member("B", None, &both, &owns(t("topic1", &[1]), t("topic2", &[1, 2]))),
        member("C", None, &both, &[]),
    ];
    assert_eq!(uniform(&[("topic1", 3), ("topic2", 3)], &members), "A: topic1-0 topic1-2; B: topic1-1 topic2-1; C: topic2-0 topic2-2");
    // OptimizedUniformAssignmentBuilderTest.testReassignmentWhenOneMemberRemovedAfterInitialAssignmentWithThreeMembersTwoTopics
    let members = [
        member("A", None, &both, &owns(t("topic1", &[0]), t("topic2", &[0]))),
        member("B", None, &both, &owns(t("topic1", &[1]), t("topic2", &[1]))),
    ];
    assert_eq!(uniform(&[("topic1", 3), ("topic2", 3)], &members), "A: topic1-0 topic2-0 topic2-2; B: topic1-1 topic1-2 topic2-1");
    // OptimizedUniformAssignmentBuilderTest.testReassignmentWhenOneSubscriptionRemovedAfterInitialAssignmentWithTwoMembersTwoTopics
    let members = [
        member("A", None, &["topic2"], &owns(t("topic1", &[0]), t("topic2", &[0]))),
        member("B", None, &["topic2"], &owns(t("topic1", &[1]), t("topic2", &[1]))),
    ];
    assert_eq!(uniform(&[("topic1", 2), ("topic2", 2)], &members), "A: topic2-0; B: topic2-1");
    // Different subscriptions are the heterogeneous builder, not modelled.
    let mixed = [member("A", None, &["topic1"], &[]), member("B", None, &["topic2"], &[])];
    assert_eq!(uniform_homogeneous(&kafka_order(&[("topic1", 1), ("topic2", 1)]), &mixed), None);
}

/// Generated homogeneous groups, round after round with members joining and leaving: every
/// subscribed partition is owned once, members are balanced within one
/// (OptimizedUniformAssignmentBuilderTest.testValidityAndBalanceForLargeSampleSet's check),
/// each member keeps what it owned up to its quota, and a second round changes nothing.
#[test]
fn uniform_properties_over_generated_rounds() {
    for seed in 0..200u64 {
        let mut rng = Prng::new(seed);
        let list: Vec<(Name, u32)> = (0..1 + rng.below(4)).map(|t| (Name::from(format!("t{t}").as_str()), 1 + rng.below(10) as u32)).collect();
        let subscribed: Vec<&str> = list.iter().map(|(n, _)| &**n).collect();
        let total: usize = list.iter().map(|&(_, c)| c as usize).sum();
        let mut members: Vec<Subscription> = Vec::new();
        for round in 0..6 {
            if members.len() < 2 || rng.below(3) > 0 {
                members.push(member(&format!("m{round}"), None, &subscribed, &[]));
            } else {
                members.remove(rng.below(members.len() as u64) as usize);
            }
            let assignment = uniform_homogeneous(&list, &members).unwrap().unwrap();
            let mut seen = std::collections::BTreeSet::new();
            let counts: Vec<usize> = assignment.values().map(Vec::len).collect();
            assert!(assignment.values().flatten().all(|tp| seen.insert((tp.topic.clone(), tp.partition))), "seed {seed}: owned twice");
            assert_eq!(seen.len(), total, "seed {seed}: every partition owned");
            assert!(counts.iter().max().unwrap() - counts.iter().min().unwrap() <= 1, "seed {seed}: {counts:?}");
            for m in &members {
                let kept = m.owned.iter().filter(|tp| assignment[&m.member_id].contains(tp)).count();
                assert!(kept >= m.owned.len().min(total / members.len()), "seed {seed}: {} lost more than it must", m.member_id);
            }
            for m in &mut members {
                m.owned = assignment[&m.member_id].clone();
            }
            assert_eq!(uniform_homogeneous(&list, &members).unwrap().unwrap(), assignment, "seed {seed}: a second round moves nothing");
        }
    }
}
