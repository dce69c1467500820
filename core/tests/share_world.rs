//! Share groups in the world (KIP-932): members fetch, process and acknowledge records of a
//! topic that a consumer group reads too, crash, and meet the delivery limit. A share group
//! reads the log and changes nothing in it, so the consumer group's whole run (every event, at
//! its time) is the same with or without it.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use brokerlab_core::event_broker::{Offset, PartitionIndex};
use brokerlab_core::event_broker::share::{RecordState, SharePartition};
use brokerlab_core::world::{MemberState, ShareCommand};
use brokerlab_core::{Command, CommandError, Drive, Event, EventKind, Lang, Scenario, ScenarioError, SimTime, World};
use serde_json::{Value, json};

fn scenario(share_groups: Value) -> Scenario {
    let doc = json!({
        "version": 1, "seed": 7, "link_ms": 10,
        "event_broker": {
            "kafka_version": "4.2",
            "topics": [{"name": "orders", "partitions": 2}],
            "producers": [{"name": "shop", "topic": "orders", "every_ms": 100, "keys": ["a", "b", "c"]}],
            "groups": [{"name": "audit", "topics": ["orders"], "members": 2, "processing_ms": 20,
                        "auto_offset_reset": "earliest"}],
            "share_groups": share_groups
        }
    });
    Scenario::from_json(&doc.to_string()).expect("a valid scenario")
}

fn run(world: &mut World, to_ms: u64) -> Vec<Event> {
    let mut events = Vec::new();
    world.run_to(SimTime::from_ms(to_ms), |event| events.push(event));
    events
}

fn is_share(event: &Event) -> bool {
    event.kind_name().starts_with("share_")
}

/// The run as a consumer group sees it: the share group's own events left out.
fn without_share(events: Vec<Event>) -> Vec<Event> {
    events.into_iter().filter(|e| !is_share(e)).collect()
}

fn partition(world: &World, group: &str, p: u32) -> SharePartition {
    world.view().share_partition(group, PartitionIndex(p)).expect("the group fetched from the partition").clone()
}

#[test]
fn a_consumer_group_on_the_same_topic_is_unaffected() {
    let workers = json!([{"name": "workers", "topic": "orders", "members": 3, "processing_ms": 30,
                          "auto_offset_reset": "earliest", "crashes": [{"member": 1, "at_ms": 3000}]}]);
    let mut alone = World::new(&scenario(json!([]))).expect("builds");
    let mut beside = World::new(&scenario(workers)).expect("builds");
    let (a, b) = (run(&mut alone, 60_000), run(&mut beside, 60_000));
    assert!(a.len() > 100, "the run did something: {} events", a.len());
    assert!(b.iter().any(is_share), "the share group's events are in the run");
    let b = without_share(b);
    assert_eq!(a, b, "the consumer group's run changed when a share group read the same topic");
    for p in 0..2 {
        let log = &alone.view().event_broker().topic("orders").expect("topic").partitions()[p as usize];
        assert_eq!(alone.view().committed("audit", "orders", PartitionIndex(p)), beside.view().committed("audit", "orders", PartitionIndex(p)));
        // The share group kept up too: everything but the last few records is done.
        let share = partition(&beside, "workers", p);
        assert!(log.high_watermark().0 - share.start_offset().0 <= 20, "partition {p}: SPSO {} far behind {}", share.start_offset(), log.high_watermark());
    }
}

/// One partition, records produced at once, members slower than the lock.
fn queue(extra: Value) -> World {
    let mut group = json!({"name": "workers", "topic": "orders", "members": 2, "processing_ms": 1000,
                           "max_records": 5, "auto_offset_reset": "earliest", "record_lock_duration_ms": 10000});
    for (key, value) in extra.as_object().expect("an object") {
        group[key] = value.clone();
    }
    let doc = json!({"version": 1, "seed": 1, "link_ms": 10, "event_broker": {
        "kafka_version": "4.2",
        "topics": [{"name": "orders", "partitions": 1}],
        "producers": [{"name": "shop", "topic": "orders"}],
        "share_groups": [group]}});
    let mut world = World::new(&Scenario::from_json(&doc.to_string()).expect("valid")).expect("builds");
    world.apply(Command::Flood { producer: "shop".into(), count: 20 }).expect("flood");
    world
}

#[test]
fn members_share_one_partition_and_accept_everything() {
    let mut world = queue(json!({}));
    run(&mut world, 1_000);
    let share = partition(&world, "workers", 0);
    let holders: Vec<String> = share.records().filter_map(|r| r.state.member.as_deref().map(str::to_string)).collect();
    assert!(holders.contains(&"workers-0".to_string()) && holders.contains(&"workers-1".to_string()), "two members hold records of one partition: {holders:?}");
    run(&mut world, 60_000);
    let share = partition(&world, "workers", 0);
    assert_eq!((share.start_offset().0, share.records().count()), (20, 0), "every record accepted, the window empty");
}

#[test]
fn a_crashed_members_records_go_to_another_member_when_its_locks_expire() {
    let mut world = queue(json!({"crashes": [{"member": 0, "at_ms": 1500}]}));
    run(&mut world, 9_000);
    let held_by = |world: &World, offset: u64| {
        let share = partition(world, "workers", 0);
        share.record(offset).map(|r| (r.state, r.delivery_count, r.member.as_deref().map(str::to_string)))
    };
    // Member 0 fetched first (offsets 0-4, at 520 ms) and crashed holding them: locked until
    // 10 520 ms.
    assert_eq!(held_by(&world, 0), Some((RecordState::Acquired, 1, Some("workers-0".to_string()))));
    run(&mut world, 10_600);
    assert_eq!(held_by(&world, 0), Some((RecordState::Acquired, 2, Some("workers-1".to_string()))), "redelivered after the lock expired");
    run(&mut world, 120_000);
    assert_eq!(partition(&world, "workers", 0).start_offset().0, 20, "all done in the end");
}

#[test]
fn records_always_released_are_archived_at_the_delivery_limit() {
    let mut world = queue(json!({"acknowledge": "release", "delivery_count_limit": 2, "processing_ms": 10}));
    run(&mut world, 30_000);
    let share = partition(&world, "workers", 0);
    assert_eq!(share.start_offset().0, 20, "every record was archived and SPSO passed them");
    assert_eq!(share.records().filter(|r| r.state.state != RecordState::Archived).count(), 0);
}

#[test]
fn share_groups_are_checked_like_the_rest_of_the_scenario() {
    let build = |groups: Value| World::new(&scenario(groups)).err();
    let unknown = build(json!([{"name": "workers", "topic": "payments"}]));
    assert!(matches!(unknown, Some(ScenarioError::UnknownTopic { .. })), "{unknown:?}");
    let taken = build(json!([{"name": "audit", "topic": "orders"}]));
    assert!(matches!(taken, Some(ScenarioError::DuplicateName { .. })), "a consumer group's id: {taken:?}");
    let limit = build(json!([{"name": "workers", "topic": "orders", "delivery_count_limit": 11}]));
    assert!(matches!(limit, Some(ScenarioError::OutOfRange { value: 11, min: 2, max: 10, .. })), "{limit:?}");
    let crash = build(json!([{"name": "workers", "topic": "orders", "members": 2, "crashes": [{"member": 2, "at_ms": 0}]}]));
    assert!(matches!(crash, Some(ScenarioError::OutOfRange { .. })), "{crash:?}");
    // A scenario without share groups writes none.
    assert!(!scenario(json!([])).to_json().contains("share_groups"));
}

/// Share groups exist from Kafka 4.2 (K20: early access in 4.0, production-ready in 4.2): under
/// 3.9, named or by leaving the version out, a share group is refused with its own error in
/// both languages, and nothing is built.
#[test]
fn share_groups_need_kafka_4_2() {
    for version in [Some("3.9"), None] {
        let mut doc: Value = serde_json::from_str(&scenario(json!([{"name": "workers", "topic": "orders"}])).to_json()).unwrap();
        match version {
            Some(v) => doc["event_broker"]["kafka_version"] = json!(v),
            None => drop(doc["event_broker"].as_object_mut().unwrap().remove("kafka_version")),
        }
        let refused = World::new(&Scenario::from_json(&doc.to_string()).unwrap()).err();
        let Some(error @ ScenarioError::ShareGroupsUnavailable { .. }) = refused else { panic!("{version:?}: {refused:?}") };
        assert!(error.explain(Lang::En).contains("needs Kafka 4.2"), "{}", error.explain(Lang::En));
        assert!(error.explain(Lang::Ko).contains("Kafka 4.2가 필요"), "{}", error.explain(Lang::Ko));
    }
}

/// The share group's events as `(kind, member, offsets)`, for checking a run's story.
fn story(events: &[Event]) -> Vec<(&'static str, Option<u32>, Vec<u64>)> {
    let range = |first: &Offset, last: &Offset| (first.0..=last.0).collect::<Vec<u64>>();
    let list = |offsets: &[Offset]| offsets.iter().map(|o| o.0).collect::<Vec<u64>>();
    events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::ShareRecordsAcquired { member, first, last, .. } => Some(("acquired", Some(*member), range(first, last))),
            EventKind::ShareRecordsAcknowledged { member, first, last, .. } => Some(("acknowledged", Some(*member), range(first, last))),
            EventKind::ShareAcknowledgementRefused { member, first, last, .. } => Some(("refused", Some(*member), range(first, last))),
            EventKind::ShareLocksExpired { member, offsets, .. } => Some(("expired", Some(*member), list(offsets))),
            EventKind::ShareRecordsArchived { offsets, .. } => Some(("archived", None, list(offsets))),
            EventKind::ShareMemberCrashed { member, .. } => Some(("crashed", Some(*member), Vec::new())),
            EventKind::ShareMemberRevived { member, .. } => Some(("revived", Some(*member), Vec::new())),
            _ => None,
        })
        .collect()
}

#[test]
fn a_crash_and_its_redelivery_are_events() {
    let mut world = queue(json!({"crashes": [{"member": 0, "at_ms": 1500}]}));
    let events = run(&mut world, 10_600);
    let story = story(&events);
    assert_eq!(story[..3], [("acquired", Some(0), vec![0, 1, 2, 3, 4]), ("acquired", Some(1), vec![5, 6, 7, 8, 9]), ("crashed", Some(0), vec![])]);
    let expired = story.iter().position(|s| *s == ("expired", Some(0), vec![0, 1, 2, 3, 4])).expect("member 0's locks expire");
    assert!(story[expired + 1..].iter().any(|s| s.0 == "acquired" && s.1 == Some(1) && s.2.contains(&0)), "member 1 gets offset 0: {story:?}");
    let redelivered = events.iter().find_map(|e| match &e.kind {
        EventKind::ShareRecordsAcquired { first, delivery_count, .. } if first.0 == 0 && e.at.0 > 10_000 => Some(*delivery_count),
        _ => None,
    });
    assert_eq!(redelivered, Some(2));
    for event in &events {
        assert!(!event.explain(Lang::En).is_empty() && !event.explain(Lang::Ko).is_empty());
    }
}

#[test]
fn releases_and_the_delivery_limit_are_events() {
    let mut world = queue(json!({"acknowledge": "release", "delivery_count_limit": 2, "processing_ms": 10, "members": 1}));
    let story = story(&run(&mut world, 30_000));
    let archived: Vec<u64> = story.iter().filter(|s| s.0 == "archived").flat_map(|s| s.2.clone()).collect();
    assert_eq!(archived, (0..20).collect::<Vec<u64>>(), "each record archived once, at its second release");
    assert_eq!(story.iter().filter(|s| s.0 == "acknowledged").count(), story.iter().filter(|s| s.0 == "acquired").count());
}

#[test]
fn share_members_crash_and_revive_by_command() {
    let mut world = queue(json!({"processing_ms": 10}));
    run(&mut world, 100);
    let before = format!("{:?}", world.view().share_partition("workers", PartitionIndex(0)));
    for (command, error) in [
        (Command::Share(ShareCommand::CrashShareMember { group: "nobody".into(), member: 0 }), CommandError::UnknownGroup("nobody".into())),
        (Command::Share(ShareCommand::CrashShareMember { group: "workers".into(), member: 2 }), CommandError::UnknownMember { group: "workers".into(), member: 2 }),
        (
            Command::Share(ShareCommand::ReviveShareMember { group: "workers".into(), member: 0 }),
            CommandError::MemberState { group: "workers".into(), member: 0, state: MemberState::Running },
        ),
    ] {
        assert_eq!(world.apply(command), Err(error));
        assert_eq!(format!("{:?}", world.view().share_partition("workers", PartitionIndex(0))), before, "nothing changed");
    }
    world.apply(Command::Share(ShareCommand::CrashShareMember { group: "workers".into(), member: 0 })).expect("crash");
    assert!(matches!(world.apply(Command::Share(ShareCommand::CrashShareMember { group: "workers".into(), member: 0 })), Err(CommandError::MemberState { .. })));
    world.apply(Command::Share(ShareCommand::ReviveShareMember { group: "workers".into(), member: 0 })).expect("revive");
    world.apply(Command::Flood { producer: "shop".into(), count: 40 }).expect("flood");
    let story = story(&run(&mut world, 60_000));
    assert_eq!(story[..2], [("crashed", Some(0), vec![]), ("revived", Some(0), vec![])]);
    assert!(story.iter().any(|s| s.0 == "acknowledged" && s.1 == Some(0)), "the revived member works again: {story:?}");
    assert_eq!(partition(&world, "workers", 0).start_offset().0, 60);
}

#[cfg(not(target_arch = "wasm32"))]
mod property {
    use super::*;
    use proptest::prelude::*;

    fn answer() -> impl Strategy<Value = &'static str> {
        prop_oneof![Just("accept"), Just("release"), Just("reject")]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

        /// Whatever a share group on the same topic does (members, speed, answers, crashes,
        /// locks, where it starts), the consumer group's run is the same, event for event; and
        /// the share group keeps its invariants: no record below SPSO available, delivery
        /// counts within the limit, a holder exactly for acquired records.
        #[test]
        fn nothing_a_share_group_does_reaches_a_consumer_group(
            members in 0u32..5,
            processing_ms in 0u64..300,
            max_records in 1u32..20,
            answer in answer(),
            limit in 2u64..6,
            lock_ms in 1_000u64..5_000,
            earliest in any::<bool>(),
            crash in prop::option::of((0u32..5, 0u64..10_000)),
        ) {
            let crashes: Vec<Value> = crash
                .filter(|&(member, _)| member < members)
                .map(|(member, at_ms)| json!({"member": member, "at_ms": at_ms}))
                .into_iter()
                .collect();
            let group = json!([{"name": "workers", "topic": "orders", "members": members,
                "processing_ms": processing_ms, "max_records": max_records, "acknowledge": answer,
                "delivery_count_limit": limit, "record_lock_duration_ms": lock_ms,
                "auto_offset_reset": if earliest { "earliest" } else { "latest" }, "crashes": crashes}]);
            let mut alone = World::new(&scenario(json!([]))).expect("builds");
            let mut beside = World::new(&scenario(group)).expect("builds");
            for end_ms in [5_000, 10_000, 20_000] {
                prop_assert_eq!(run(&mut alone, end_ms), without_share(run(&mut beside, end_ms)));
                for p in 0..2 {
                    let Some(share) = beside.view().share_partition("workers", PartitionIndex(p)) else { continue };
                    let start = share.start_offset().0;
                    for record in share.records() {
                        let state = record.state;
                        prop_assert!((1..=limit as u32).contains(&state.delivery_count));
                        prop_assert_eq!(state.state == RecordState::Acquired, state.member.is_some());
                        prop_assert!(record.offset >= start || state.state != RecordState::Available);
                    }
                }
            }
        }
    }
}
