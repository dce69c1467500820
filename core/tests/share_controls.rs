//! What a learner changes in a running share group (KIP-932): a member paused and resumed, a
//! member's answer (accept, release, reject), the group's lock duration and delivery limit.
//! Each is an event; each refusal is typed and changes nothing.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use brokerlab_core::event_broker::PartitionIndex;
use brokerlab_core::event_broker::share::{RecordState, ShareSetting};
use brokerlab_core::world::{MemberState, ShareAnswer, ShareCommand};
use brokerlab_core::{Command, CommandError, Drive, Event, EventKind, Lang, Scenario, SimTime, World};
use serde_json::json;

/// One partition, 20 records produced at once, two members slower than their 10 s locks.
fn queue(processing_ms: u64) -> World {
    let doc = json!({"version": 1, "seed": 1, "link_ms": 10, "event_broker": {
        "kafka_version": "4.2",
        "topics": [{"name": "orders", "partitions": 1}],
        "producers": [{"name": "shop", "topic": "orders"}],
        "share_groups": [{"name": "workers", "topic": "orders", "members": 2, "processing_ms": processing_ms,
            "max_records": 5, "auto_offset_reset": "earliest", "record_lock_duration_ms": 10000}]}});
    let mut world = World::new(&Scenario::from_json(&doc.to_string()).expect("valid")).expect("builds");
    world.apply(Command::Flood { producer: "shop".into(), count: 20 }).expect("flood");
    world
}

fn run(world: &mut World, to_ms: u64) -> Vec<Event> {
    let mut events = Vec::new();
    world.run_to(SimTime::from_ms(to_ms), |event| events.push(event));
    events
}

fn workers(command: fn(String, u32) -> Command, member: u32) -> Command {
    command("workers".into(), member)
}

fn pause(group: String, member: u32) -> Command {
    Command::Share(ShareCommand::PauseShareMember { group, member })
}

fn resume(group: String, member: u32) -> Command {
    Command::Share(ShareCommand::ResumeShareMember { group, member })
}

/// The share-partition and the group's view, to compare before and after a refusal.
fn state(world: &World) -> String {
    let view = world.view();
    format!("{:?} {:?}", view.share_partition("workers", PartitionIndex(0)), view.share_group_views().collect::<Vec<_>>())
}

fn acquired_by(events: &[Event], who: u32) -> Vec<(u64, u32)> {
    events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::ShareRecordsAcquired { member, first, delivery_count, .. } if *member == who => Some((first.0, *delivery_count)),
            _ => None,
        })
        .collect()
}

#[test]
fn a_paused_member_acquires_nothing_and_answers_too_late_when_its_locks_expired() {
    let mut world = queue(1000);
    // Member 0 acquires offsets 0-4 at 520 ms, locked until 10 520 ms, and processes them in
    // 5 s; paused meanwhile, it then waits with its answers.
    let first = run(&mut world, 1_000);
    assert_eq!(acquired_by(&first, 0), [(0, 1)]);
    world.apply(workers(pause, 0)).expect("pause");
    let state_of = |world: &World| world.view().share_group_views().next().expect("group").members[0].state;
    assert_eq!(state_of(&world), MemberState::Paused);
    let paused = run(&mut world, 12_000);
    assert_eq!(acquired_by(&paused, 0), Vec::new(), "a paused member fetches nothing");
    assert!(acquired_by(&paused, 1).contains(&(0, 2)), "member 1 gets offset 0 once the lock expires: {:?}", acquired_by(&paused, 1));
    assert!(!paused.iter().any(|e| matches!(e.kind, EventKind::ShareAcknowledgementSent { member: 0, .. })), "its answers wait");
    world.apply(workers(resume, 0)).expect("resume");
    let resumed = run(&mut world, 13_000);
    let refused = resumed.iter().any(|e| matches!(&e.kind, EventKind::ShareAcknowledgementRefused { member: 0, first, .. } if first.0 == 0));
    assert!(refused, "its late answer for 0-4 is refused (INVALID_RECORD_STATE)");
    assert_eq!(state_of(&world), MemberState::Running);
    run(&mut world, 120_000);
    let share = world.view().share_partition("workers", PartitionIndex(0)).expect("fetched").clone();
    assert_eq!(share.start_offset().0, 20, "all done in the end");
}

#[test]
fn pausing_and_resuming_are_refused_in_the_wrong_state_and_change_nothing() {
    let mut world = queue(1000);
    run(&mut world, 100);
    let before = state(&world);
    let refused = |state| CommandError::MemberState { group: "workers".into(), member: 0, state };
    assert_eq!(world.apply(workers(resume, 0)), Err(refused(MemberState::Running)));
    assert_eq!(world.apply(workers(pause, 2)), Err(CommandError::UnknownMember { group: "workers".into(), member: 2 }));
    assert_eq!(state(&world), before, "nothing changed");
    world.apply(workers(pause, 0)).expect("pause");
    let paused = state(&world);
    assert_eq!(world.apply(workers(pause, 0)), Err(refused(MemberState::Paused)));
    assert_eq!(state(&world), paused, "nothing changed");
    world.apply(Command::Share(ShareCommand::CrashShareMember { group: "workers".into(), member: 0 })).expect("a paused member can crash");
    assert_eq!(world.apply(workers(pause, 0)), Err(refused(MemberState::Crashed)));
    assert_eq!(world.apply(workers(resume, 0)), Err(refused(MemberState::Crashed)));
}

#[test]
fn a_resume_before_the_loop_stops_keeps_one_fetch_loop() {
    // Paused and resumed while processing: the loop never stopped, so one fetch follows.
    let mut world = queue(1000);
    run(&mut world, 1_000);
    world.apply(workers(pause, 0)).expect("pause");
    run(&mut world, 1_100);
    world.apply(workers(resume, 0)).expect("resume");
    let events = run(&mut world, 5_600);
    let sent = events.iter().filter(|e| matches!(e.kind, EventKind::ShareAcknowledgementSent { member: 0, .. })).count();
    assert_eq!(sent, 1, "one answer for 0-4, sent once");
}

#[test]
fn a_member_that_rejects_archives_at_once_and_one_that_releases_redelivers() {
    let mut world = queue(10);
    world.apply(Command::Share(ShareCommand::SetShareMemberAnswer { group: "workers".into(), member: 0, answer: ShareAnswer::Reject })).expect("reject");
    world.apply(Command::Share(ShareCommand::SetShareMemberAnswer { group: "workers".into(), member: 1, answer: ShareAnswer::Release })).expect("release");
    let events = run(&mut world, 60_000);
    let set: Vec<(u32, ShareAnswer)> = events
        .iter()
        .filter_map(|e| match e.kind {
            EventKind::ShareMemberAnswerSet { member, answer, .. } => Some((member, answer)),
            _ => None,
        })
        .collect();
    assert_eq!(set, [(0, ShareAnswer::Reject), (1, ShareAnswer::Release)]);
    let answers = |who: u32| {
        events.iter().filter_map(move |e| match e.kind {
            EventKind::ShareRecordsAcknowledged { member, answer, .. } if member == who => Some(answer),
            _ => None,
        })
    };
    assert!(answers(0).all(|a| a == ShareAnswer::Reject) && answers(0).count() > 0);
    assert!(answers(1).all(|a| a == ShareAnswer::Release) && answers(1).count() > 0);
    let share = world.view().share_partition("workers", PartitionIndex(0)).expect("fetched").clone();
    assert_eq!(share.start_offset().0, 20, "nobody accepts, yet every record ends: rejected or archived at the limit");
    let members = world.view().share_group_views().next().expect("group").members;
    assert_eq!(members.iter().map(|m| m.answer).collect::<Vec<_>>(), [ShareAnswer::Reject, ShareAnswer::Release]);
}

#[test]
fn out_of_range_settings_are_refused_with_kafkas_name_and_range() {
    let mut world = queue(1000);
    run(&mut world, 100);
    let before = state(&world);
    let cases = [
        (ShareSetting::RecordLockDurationMs, 999, "group.share.record.lock.duration.ms", 1_000, 3_600_000),
        (ShareSetting::RecordLockDurationMs, 3_600_001, "group.share.record.lock.duration.ms", 1_000, 3_600_000),
        (ShareSetting::DeliveryCountLimit, 1, "group.share.delivery.count.limit", 2, 10),
        (ShareSetting::DeliveryCountLimit, 11, "group.share.delivery.count.limit", 2, 10),
        (ShareSetting::MaxInflightRecords, u64::MAX, "group.share.partition.max.record.locks", 100, 10_000),
    ];
    for (setting, value, field, min, max) in cases {
        let error = world.apply(Command::Share(ShareCommand::SetShareGroupConfig { group: "workers".into(), setting, value })).expect_err("out of range");
        let wide = i64::try_from(value).unwrap_or(i64::MAX);
        assert_eq!(error, CommandError::OutOfRange { field, value: wide, min, max });
        assert!(error.explain(Lang::Ko).contains(field), "{}", error.explain(Lang::Ko));
        assert_eq!(state(&world), before, "nothing changed");
    }
    let unknown = world.apply(Command::Share(ShareCommand::SetShareGroupConfig { group: "audit".into(), setting: ShareSetting::DeliveryCountLimit, value: 3 }));
    assert_eq!(unknown, Err(CommandError::UnknownGroup("audit".into())));
}

#[test]
fn a_new_lock_duration_applies_to_new_locks_and_a_new_limit_to_later_decisions() {
    let mut world = queue(10);
    run(&mut world, 5);
    let set = |setting, value| Command::Share(ShareCommand::SetShareGroupConfig { group: "workers".into(), setting, value });
    world.apply(set(ShareSetting::RecordLockDurationMs, 2_000)).expect("in range");
    world.apply(set(ShareSetting::DeliveryCountLimit, 2)).expect("in range");
    world.apply(Command::Share(ShareCommand::SetShareMemberAnswer { group: "workers".into(), member: 0, answer: ShareAnswer::Release })).expect("release");
    world.apply(Command::Share(ShareCommand::SetShareMemberAnswer { group: "workers".into(), member: 1, answer: ShareAnswer::Release })).expect("release");
    let events = run(&mut world, 30_000);
    let locks: Vec<u64> = events
        .iter()
        .filter_map(|e| match e.kind {
            EventKind::ShareRecordsAcquired { lock_expires_at, departs, .. } => Some(lock_expires_at.0 - departs.0),
            _ => None,
        })
        .collect();
    assert!(!locks.is_empty() && locks.iter().all(|&ms| ms == 2_000), "{locks:?}");
    let view = world.view().share_group_views().next().expect("group");
    assert_eq!((view.record_lock_duration_ms, view.delivery_count_limit), (2_000, 2));
    let archived: Vec<u32> = events
        .iter()
        .filter_map(|e| match e.kind {
            EventKind::ShareRecordsArchived { delivery_count_limit, .. } => Some(delivery_count_limit),
            _ => None,
        })
        .collect();
    assert!(!archived.is_empty() && archived.iter().all(|&limit| limit == 2), "archived at the new limit: {archived:?}");
    let share = world.view().share_partition("workers", PartitionIndex(0)).expect("fetched").clone();
    assert!(share.records().all(|r| r.state.state == RecordState::Archived), "every record released twice is archived");
    for event in &events {
        assert!(!event.explain(Lang::En).is_empty() && !event.explain(Lang::Ko).is_empty());
    }
}

/// `share.acknowledgement.mode` (KIP-932): switching to implicit makes every member accept
/// (a member that released now accepts, so the queue drains); asking a member to release while
/// implicit is refused with the reason and changes nothing; back to explicit, it can again. A
/// scenario asking for implicit with a failing answer is refused.
#[test]
fn implicit_acknowledgement_accepts_everything_and_refuses_a_failing_answer() {
    use brokerlab_core::world::AcknowledgementMode;
    let mut world = queue(10);
    let set_answer = |answer| Command::Share(ShareCommand::SetShareMemberAnswer { group: "workers".into(), member: 1, answer });
    let set_mode = |mode| Command::Share(ShareCommand::SetShareAcknowledgementMode { group: "workers".into(), mode });
    world.apply(set_answer(ShareAnswer::Release)).expect("explicit: a member may release");
    world.apply(set_mode(AcknowledgementMode::Implicit)).expect("implicit");
    let before = state(&world);
    let refused = world.apply(set_answer(ShareAnswer::Reject)).unwrap_err();
    assert!(matches!(refused, CommandError::ImplicitAcknowledgement { .. }), "{refused:?}");
    assert!(refused.explain(Lang::En).contains("share.acknowledgement.mode=implicit"));
    assert!(refused.explain(Lang::Ko).contains("explicit"));
    assert_eq!(state(&world), before, "nothing changed");
    let events = run(&mut world, 60_000);
    assert!(events.iter().any(|e| matches!(e.kind, EventKind::ShareAcknowledgementModeSet { mode: AcknowledgementMode::Implicit, .. })));
    let view = world.view();
    let group = view.share_group_views().next().expect("group");
    assert_eq!(group.acknowledgement_mode, AcknowledgementMode::Implicit);
    assert!(group.members.iter().all(|m| m.answer == ShareAnswer::Accept), "implicit: everyone accepts");
    let share = view.share_partition("workers", PartitionIndex(0)).expect("fetched");
    assert_eq!(share.start_offset().0, 20, "all twenty accepted");
    world.apply(set_mode(AcknowledgementMode::Explicit)).expect("explicit again");
    world.apply(set_answer(ShareAnswer::Reject)).expect("explicit: a member may reject again");
    let doc = json!({"version": 1, "seed": 1, "link_ms": 10, "event_broker": {
        "kafka_version": "4.2", "topics": [{"name": "orders", "partitions": 1}],
        "share_groups": [{"name": "workers", "topic": "orders", "acknowledgement_mode": "implicit", "acknowledge": "release"}]}});
    let refused = World::new(&Scenario::from_json(&doc.to_string()).expect("parses")).unwrap_err();
    assert!(matches!(refused, brokerlab_core::ScenarioError::ImplicitAcknowledgement { .. }), "{refused:?}");
}
