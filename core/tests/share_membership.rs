//! The share group's membership (KIP-932): the coordinator's `simple` assignor decides which
//! partitions each member fetches from, members may share a partition, and a crashed member
//! leaves the group when its session times out, its partitions going to the others.
//!
//! The assignor cases come from Kafka's `SimpleAssignorTest` (the builder era, where each
//! asserts that every partition is assigned); the rest check the builder's rules
//! (`SimpleHomogeneousAssignmentBuilder`): ⌈members ÷ partitions⌉ members per partition at most,
//! stickiness, and the world using the assignment.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use std::collections::{BTreeMap, BTreeSet};

use brokerlab_core::event_broker::share::assignor::simple_homogeneous;
use brokerlab_core::world::{Field, ShareCommand};
use brokerlab_core::{Command, Drive, Event, EventKind, Scenario, ScenarioError, SimTime, World};
use serde_json::{Value, json};

type Tp = (u8, u32);

fn partitions(topics: &[(u8, u32)]) -> Vec<Tp> {
    topics.iter().flat_map(|&(t, n)| (0..n).map(move |p| (t, p))).collect()
}

/// Kafka's `assertEveryPartitionGetsAssignment`: the union of the members' targets is every
/// partition.
fn assert_every_partition_assigned(targets: &[Tp], result: &[BTreeSet<Tp>]) {
    let union: BTreeSet<Tp> = result.iter().flatten().copied().collect();
    assert_eq!(union, targets.iter().copied().collect::<BTreeSet<_>>(), "every partition gets a member: {result:?}");
}

/// The builder's sharing rule: no partition has more than ⌈members ÷ partitions⌉ members.
fn assert_sharing_at_most_desired(targets: &[Tp], result: &[BTreeSet<Tp>]) {
    let desired = result.len().div_ceil(targets.len());
    let mut by_partition: BTreeMap<Tp, usize> = BTreeMap::new();
    for p in result.iter().flatten() {
        *by_partition.entry(*p).or_default() += 1;
    }
    for (p, n) in by_partition {
        assert!(n <= desired, "{p:?} has {n} members, more than {desired} ({} members)", result.len());
    }
}

#[test]
fn simple_assignor_test_assign_with_empty_members() {
    assert_eq!(simple_homogeneous::<Tp>(&partitions(&[(1, 3)]), &[]), Vec::<BTreeSet<Tp>>::new());
}

#[test]
fn simple_assignor_test_assign_with_no_subscribed_topic() {
    // A member subscribed to nothing is assigned nothing.
    assert_eq!(simple_homogeneous::<Tp>(&[], &[BTreeSet::new()]), vec![BTreeSet::new()]);
}

#[test]
fn simple_assignor_test_assign_with_two_members_and_two_topics_homogeneous() {
    let targets = partitions(&[(1, 3), (3, 2)]);
    let result = simple_homogeneous(&targets, &[BTreeSet::new(), BTreeSet::new()]);
    assert_every_partition_assigned(&targets, &result);
    // 5 partitions, 2 members: sharing 1, counts 3 and 2.
    assert_eq!(result.iter().map(BTreeSet::len).collect::<Vec<_>>(), vec![3, 2]);
}

#[test]
fn simple_assignor_test_incremental_assignment_increasing_members_homogeneous() {
    let targets = partitions(&[(1, 24)]);
    let mut current: Vec<BTreeSet<Tp>> = Vec::new();
    for _ in 0..101 {
        current.push(BTreeSet::new());
        let result = simple_homogeneous(&targets, &current);
        assert_every_partition_assigned(&targets, &result);
        assert_sharing_at_most_desired(&targets, &result);
        current = result;
    }
    // 101 members on 24 partitions: each partition is shared by ⌈101 ÷ 24⌉ = 5 at most, and
    // every member has something to fetch.
    assert!(current.iter().all(|c| !c.is_empty()), "a member with nothing: {current:?}");
}

#[test]
fn simple_assignor_test_incremental_assignment_decreasing_members_homogeneous() {
    let targets = partitions(&[(1, 24)]);
    let mut current = simple_homogeneous(&targets, &vec![BTreeSet::new(); 101]);
    assert_every_partition_assigned(&targets, &current);
    while current.len() > 1 {
        current.pop();
        let result = simple_homogeneous(&targets, &current);
        assert_every_partition_assigned(&targets, &result);
        assert_sharing_at_most_desired(&targets, &result);
        current = result;
    }
    assert_eq!(current[0].len(), 24, "the last member has every partition");
}

#[test]
fn an_unchanged_group_keeps_its_assignment_and_a_new_member_moves_little() {
    let targets = partitions(&[(1, 6)]);
    let three = simple_homogeneous(&targets, &vec![BTreeSet::new(); 3]);
    assert_eq!(simple_homogeneous(&targets, &three), three, "computed again, nothing moves");
    // A fourth member: the others keep what they had except what the new balance takes away.
    let mut four = three.clone();
    four.push(BTreeSet::new());
    let after = simple_homogeneous(&targets, &four);
    assert_every_partition_assigned(&targets, &after);
    for (before, now) in three.iter().zip(&after) {
        assert!(now.is_subset(before), "an old member gained partitions: {before:?} → {now:?}");
    }
    assert!(!after[3].is_empty(), "the new member fetches from something");
}

#[test]
fn more_members_than_partitions_share_each_partition() {
    // The kafka-queue lesson's shape: 4 members, 2 partitions: each partition has 2 members
    // and each member 1 partition.
    let targets = partitions(&[(1, 2)]);
    let result = simple_homogeneous(&targets, &vec![BTreeSet::new(); 4]);
    assert!(result.iter().all(|r| r.len() == 1), "{result:?}");
    for p in &targets {
        assert_eq!(result.iter().filter(|r| r.contains(p)).count(), 2, "{p:?} in {result:?}");
    }
}

fn world(share: Value) -> World {
    let doc = json!({
        "version": 1, "seed": 5, "link_ms": 10,
        "event_broker": {
            "kafka_version": "4.2",
            "topics": [{"name": "orders", "partitions": 2}],
            "producers": [{"name": "shop", "topic": "orders", "every_ms": 200, "keys": ["a", "b", "c", "d"]}],
            "share_groups": [share]
        }
    });
    World::new(&Scenario::from_json(&doc.to_string()).expect("a valid scenario")).expect("builds")
}

fn run(world: &mut World, to_ms: u64) -> Vec<Event> {
    let mut events = Vec::new();
    world.run_to(SimTime::from_ms(to_ms), |event| events.push(event));
    events
}

fn assigned(world: &World) -> Vec<Vec<u32>> {
    let view = world.view();
    let group = view.share_group_views().next().expect("a share group");
    group.members.iter().map(|m| m.assigned.iter().copied().collect()).collect()
}

#[test]
fn members_fetch_only_from_the_partitions_assigned_to_them() {
    let mut w = world(json!({"name": "workers", "topic": "orders", "members": 4, "processing_ms": 50, "auto_offset_reset": "earliest"}));
    let mine = assigned(&w);
    assert_eq!(mine.iter().map(Vec::len).collect::<Vec<_>>(), vec![1, 1, 1, 1], "{mine:?}");
    let events = run(&mut w, 20_000);
    let mut acquired_from: BTreeMap<u32, BTreeSet<u32>> = BTreeMap::new();
    for e in &events {
        if let EventKind::ShareRecordsAcquired { member, partition, .. } = &e.kind {
            acquired_from.entry(*member).or_default().insert(partition.0);
        }
    }
    assert_eq!(acquired_from.len(), 4, "every member acquired something: {acquired_from:?}");
    for (member, parts) in acquired_from {
        assert_eq!(parts.into_iter().collect::<Vec<_>>(), mine[member as usize], "member {member}");
    }
}

#[test]
fn a_crashed_member_leaves_when_its_session_times_out_and_the_others_take_its_partition() {
    // Locks of 60 s outlast the 45 s session: what the crashed member holds is released when it
    // leaves, before its locks would have run out.
    let mut w = world(json!({"name": "workers", "topic": "orders", "members": 2, "processing_ms": 3000, "max_records": 2,
                             "auto_offset_reset": "earliest", "record_lock_duration_ms": 60000}));
    assert_eq!(assigned(&w), vec![vec![0], vec![1]]);
    run(&mut w, 5_000);
    w.apply(Command::Share(ShareCommand::CrashShareMember { group: "workers".into(), member: 0 })).expect("crashes");
    let crashed_at = 5_000;
    // Until 59 s: the locks m0 took before it crashed (at 5 s) would not run out before 60 s.
    let events = run(&mut w, 59_000);
    let left = events
        .iter()
        .find_map(|e| match &e.kind {
            EventKind::ShareMemberLeft { member: 0, released, session_timeout_ms, .. } => Some((e.at, *released, *session_timeout_ms)),
            _ => None,
        })
        .expect("member 0 leaves");
    assert_eq!(left.0, SimTime::from_ms(crashed_at + 45_000), "it leaves 45 s after its last heartbeat");
    assert_eq!(left.2, 45_000);
    assert!(left.1 > 0, "it held records when it left");
    assert_eq!(assigned(&w), vec![vec![], vec![0, 1]], "member 1 takes both partitions");
    // Member 1, which never read P0 before, gets member 0's records again with delivery 2
    // before their 60 s locks would have ended.
    let redelivered = events
        .iter()
        .any(|e| matches!(&e.kind, EventKind::ShareRecordsAcquired { member: 1, partition, delivery_count: 2, .. } if partition.0 == 0));
    assert!(redelivered, "member 1 acquires the released records with delivery 2");

    // Started again, it joins and the two share the partitions once more.
    w.apply(Command::Share(ShareCommand::ReviveShareMember { group: "workers".into(), member: 0 })).expect("revives");
    assert_eq!(assigned(&w).iter().map(Vec::len).collect::<Vec<_>>(), vec![1, 1]);
}

#[test]
fn a_member_back_before_its_session_ends_never_leaves() {
    let mut w = world(json!({"name": "workers", "topic": "orders", "members": 2, "auto_offset_reset": "earliest"}));
    run(&mut w, 1_000);
    w.apply(Command::Share(ShareCommand::CrashShareMember { group: "workers".into(), member: 1 })).expect("crashes");
    run(&mut w, 20_000);
    w.apply(Command::Share(ShareCommand::ReviveShareMember { group: "workers".into(), member: 1 })).expect("revives");
    let events = run(&mut w, 120_000);
    assert!(!events.iter().any(|e| matches!(e.kind, EventKind::ShareMemberLeft { .. })), "the old session's timer is void");
    assert_eq!(assigned(&w), vec![vec![0], vec![1]]);
}

#[test]
fn a_session_timeout_outside_kafkas_bounds_is_refused() {
    for bad in [44_999u64, 60_001] {
        let doc = json!({"version": 1, "event_broker": {"kafka_version": "4.2", "topics": [{"name": "orders", "partitions": 1}],
            "share_groups": [{"name": "workers", "topic": "orders", "session_timeout_ms": bad}]}});
        let scenario = Scenario::from_json(&doc.to_string()).expect("parses");
        match World::new(&scenario) {
            Err(ScenarioError::OutOfRange { field: Field::Of { key, .. }, value, min, max }) => {
                assert_eq!(key, "session_timeout_ms");
                assert_eq!((value, min, max), (bad, 45_000, 60_000));
            }
            other => panic!("{bad}: expected OutOfRange, got {:?}", other.map(|_| "a world")),
        }
    }
}
