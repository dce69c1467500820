//! Consumer groups under the consumer rebalance protocol (KIP-848, `group.protocol=consumer`)
//! through the world: the coordinator's epochs and target assignment, members reconciling on
//! their own, the session timeout, static membership, and what the protocol changes for the
//! members that keep their partitions. Each case names the Kafka test or source rule it
//! follows; invariants are checked after every step of random runs.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use crate::kafka_support;
use std::collections::BTreeSet;

use brokerlab_core::event_broker::reconcile::ReconcileState;
use brokerlab_core::world::{GroupProtocol, MemberState};
use brokerlab_core::{Advance, Command, Drive, Event, EventKind, Scenario, ScenarioError, SimTime, World};
use kafka_support::{check, run, world};

const PROTOCOL: &[&str] = &[
    "member_joined",
    "group_epoch_bumped",
    "target_assignment_computed",
    "member_reconciled",
    "partitions_revoked",
    "partitions_assigned",
    "member_left",
    "member_fenced",
    "static_member_returned",
];

fn scenario(protocol: &str, members: u32, partitions: u32, extra: &str, script: &str) -> String {
    format!(
        r#"{{"version": 1, "link_ms": 100, "event_broker": {{"kafka_version": "4.2",
            "topics": [{{"name": "t", "partitions": {partitions}}}],
            "producers": [{{"name": "p", "topic": "t", "every_ms": 20, "partitioner": "round-robin"}}],
            "groups": [{{"name": "g", "topics": ["t"], "members": {members}, "group_protocol": "{protocol}",
                         "auto_offset_reset": "earliest", "processing_ms": 10, "max_poll_interval_ms": 10000 {extra}}}]}},
            "script": [{script}]}}"#
    )
}

/// GroupMetadataManagerTest#testReconciliationProcess, in the world: a third member joins a
/// group of two; the group epoch goes up and the target is computed at once, the newcomer
/// waits (UNRELEASED_PARTITIONS) while the others, at their next heartbeats, stay at their
/// epoch until they revoked what moves (UNREVOKED_PARTITIONS), then reach the new epoch; the
/// newcomer gets the released partition at its next heartbeat. Member 1 revokes in its
/// application thread, once the batch it is processing is done (21230, the response came at
/// 21200), and acknowledges at once. Member 0 loses nothing: it
/// moves to the new epoch without revoking anything. Assignor `range`, as that test's.
#[test]
fn a_joining_member_gets_partitions_only_after_their_owners_revoke_them() {
    let join = r#"{"at_ms": 20000, "command": {"add_member": {"group": "g"}}}"#;
    let mut w = world(&scenario("consumer", 2, 4, r#", "group_remote_assignor": "range""#, join));
    run(&mut w, 19_000, &[]);
    check(&run(&mut w, 31_000, PROTOCOL), "
        20100 member_joined group=g instance_id=null member=2
        20100 group_epoch_bumped epoch=3 group=g reason=member_joined
        20100 target_assignment_computed assignment=[[0,[[t,0],[t,1]]],[1,[[t,2]]],[2,[[t,3]]]] assignor=range epoch=3 group=g
        20100 member_reconciled assigned=[] epoch=3 group=g member=2 revoking=[] state=unreleased_partitions
        21100 member_reconciled assigned=[[t,2]] epoch=2 group=g member=1 revoking=[[t,3]] state=unrevoked_partitions
        21230 partitions_revoked generation=2 group=g member=1 partitions=[[t,3]]
        21330 member_reconciled assigned=[[t,2]] epoch=3 group=g member=1 revoking=[] state=stable
        21340 member_reconciled assigned=[[t,0],[t,1]] epoch=3 group=g member=0 revoking=[] state=stable
        25300 member_reconciled assigned=[[t,3]] epoch=3 group=g member=2 revoking=[] state=stable
        25400 partitions_assigned generation=3 group=g member=2 partitions=[[t,3]]
        ");
}

/// Runs to `until_ms` and returns every event (each explained in both languages).
fn events(w: &mut World, until_ms: u64) -> Vec<Event> {
    let mut out = Vec::new();
    let mut now = w.now().as_ms();
    while now < until_ms {
        now = (now + 50).min(until_ms);
        loop {
            let advance = w.advance_to(SimTime::from_ms(now));
            while let Some(e) = w.poll_event() {
                assert!(!e.explain(brokerlab_core::Lang::Ko).is_empty());
                out.push(e);
            }
            if let Advance::Reached = advance {
                break;
            }
        }
    }
    out
}

fn group_epoch(w: &World) -> u32 {
    w.view().groups().next().unwrap().generation
}

/// The coordinator's session timer (`GroupMetadataManager.scheduleConsumerGroupSessionTimeout`,
/// reset by every heartbeat): a crashed member is removed `group.consumer.session.timeout.ms`
/// after the last heartbeat it sent, the group epoch goes up, and the survivor ends up with
/// every partition at the new epoch.
#[test]
fn a_silent_member_is_removed_after_the_session_timeout() {
    let crash = r#"{"at_ms": 30000, "command": {"crash_member": {"group": "g", "member": 1}}}"#;
    let mut w = world(&scenario("consumer", 2, 4, "", crash));
    let all = events(&mut w, 120_000);
    let left = all
        .iter()
        .find(|e| matches!(e.kind, EventKind::MemberLeft { member: 1, .. }))
        .expect("member 1 is removed");
    let heard = left.at.as_ms() - 45_000;
    // Heartbeats every 5000 ms; the last one the coordinator heard left before the crash.
    assert!((30_000 - 5_000 - 200..=30_000).contains(&heard), "last heartbeat at {heard}");
    assert!(all.iter().any(|e| e.at == left.at
        && matches!(e.kind, EventKind::GroupEpochBumped { reason: brokerlab_core::world::RebalanceReason::SessionTimeout, .. })));
    let group = w.view().groups().next().unwrap();
    let survivor = &group.members[0];
    assert_eq!(survivor.assigned.len(), 4);
    assert_eq!((survivor.generation, survivor.reconcile_state), (group.generation, Some(ReconcileState::Stable)));
    assert!(!group.members[1].in_group);
}

/// GroupMetadataManagerTest#testShouldThrownUnreleasedInstanceIdExceptionWhenNewMemberJoinsWithInUseInstanceId:
/// a new member with the `group.instance.id` of a live member is refused with
/// UNRELEASED_INSTANCE_ID (fatal for its client, `HeartbeatRequestManager`), and the group is
/// as it was: no new epoch, the holder keeps its partitions. (Classic fenced the old one.)
#[test]
fn a_second_member_with_a_live_instance_id_is_refused() {
    let add = r#"{"at_ms": 20000, "command": {"add_member": {"group": "g", "instance_id": "g-0"}}}"#;
    let mut w = world(&scenario("consumer", 2, 4, r#", "static_members": true"#, add));
    events(&mut w, 19_000);
    let (epoch, owned) = (group_epoch(&w), w.view().groups().next().unwrap().members[0].assigned.clone());
    let after = events(&mut w, 40_000);
    assert!(after.iter().any(|e| matches!(e.kind,
        EventKind::MemberFenced { member: 2, reason: brokerlab_core::world::FenceReason::UnreleasedInstanceId, .. })));
    assert!(!after.iter().any(|e| matches!(e.kind, EventKind::GroupEpochBumped { .. })));
    let group = w.view().groups().next().unwrap();
    assert_eq!(group.generation, epoch);
    assert_eq!(group.members[2].state, MemberState::Failed);
    assert!(group.members[2].assigned.is_empty());
    assert_eq!(group.members[0].assigned, owned);
}

/// GroupMetadataManagerTest#testStaticMemberGetsBackAssignmentUponRejoin: a static member that
/// closes leaves with epoch -2 and keeps its place (no new epoch, nobody takes its
/// partitions); back within the session timeout it gets the same partitions at the same
/// epoch. A static member whose process crashed has not left: coming back before the
/// session timeout, its new process is refused (UNRELEASED_INSTANCE_ID).
#[test]
fn a_static_member_gets_its_partitions_back_only_if_it_left() {
    let script = r#"{"at_ms": 20000, "command": {"remove_member": {"group": "g", "member": 0}}},
                    {"at_ms": 25000, "command": {"revive_member": {"group": "g", "member": 0}}},
                    {"at_ms": 40000, "command": {"crash_member": {"group": "g", "member": 0}}},
                    {"at_ms": 41000, "command": {"revive_member": {"group": "g", "member": 0}}}"#;
    let mut w = world(&scenario("consumer", 2, 4, r#", "static_members": true"#, script));
    events(&mut w, 19_000);
    let (epoch, owned) = (group_epoch(&w), w.view().groups().next().unwrap().members[0].assigned.clone());
    let left = events(&mut w, 30_000);
    assert!(!left.iter().any(|e| matches!(e.kind, EventKind::GroupEpochBumped { .. })));
    assert!(!left.iter().any(|e| matches!(e.kind, EventKind::PartitionsAssigned { member: 1, .. })));
    let returned = left
        .iter()
        .find_map(|e| match &e.kind {
            EventKind::StaticMemberReturned { member: 0, generation, partitions, .. } => Some((*generation, partitions.len())),
            _ => None,
        })
        .expect("member 0 returns");
    assert_eq!(returned, (epoch, owned.len()));
    assert_eq!(w.view().groups().next().unwrap().members[0].assigned, owned);
    let crashed = events(&mut w, 45_000);
    assert!(crashed.iter().any(|e| matches!(e.kind,
        EventKind::MemberFenced { member: 0, reason: brokerlab_core::world::FenceReason::UnreleasedInstanceId, .. })));
    assert_eq!(w.view().groups().next().unwrap().members[0].state, MemberState::Failed);
}

fn refused(json: &str) -> ScenarioError {
    World::new(&Scenario::from_json(json).expect("parses")).expect_err("refused")
}

/// KIP-848 is generally available from Kafka 4.0 and a preview, off by default, in 3.9
/// (`docs/operations/consumer-rebalance-protocol.md`): refused under 3.9. Session and
/// heartbeat settings must lie within the broker's `group.consumer.min/max.*` bounds
/// (`GroupCoordinatorConfig`: 45000–60000, 5000–15000); an unknown protocol is malformed.
#[test]
fn the_consumer_protocol_is_refused_where_kafka_refuses_it() {
    let under_3_9 = scenario("consumer", 1, 1, "", "").replace(r#""kafka_version": "4.2","#, r#""kafka_version": "3.9","#);
    assert_eq!(
        refused(&under_3_9),
        ScenarioError::ConsumerProtocolUnavailable { group: "g".into(), version: brokerlab_core::versions::KafkaVersion::V3_9 }
    );
    let unnamed = scenario("consumer", 1, 1, "", "").replace(r#""kafka_version": "4.2","#, "");
    assert!(matches!(refused(&unnamed), ScenarioError::ConsumerProtocolUnavailable { .. }));
    for (extra, key, value) in [
        (r#", "consumer_session_timeout_ms": 1000"#, "consumer_session_timeout_ms", 1000),
        (r#", "consumer_session_timeout_ms": 60001"#, "consumer_session_timeout_ms", 60001),
        (r#", "consumer_heartbeat_interval_ms": 4999"#, "consumer_heartbeat_interval_ms", 4999),
        (r#", "consumer_heartbeat_interval_ms": 15001"#, "consumer_heartbeat_interval_ms", 15001),
    ] {
        match refused(&scenario("consumer", 1, 1, extra, "")) {
            ScenarioError::OutOfRange { field: brokerlab_core::world::Field::Of { key: k, .. }, value: v, .. } => {
                assert_eq!((k, v), (key, value))
            }
            other => panic!("{extra}: {other:?}"),
        }
    }
    let bad = Scenario::from_json(&scenario("next", 1, 1, "", "")).expect_err("unknown protocol");
    assert!(matches!(&bad, ScenarioError::Malformed(m) if m.contains("classic") && m.contains("consumer")), "{bad:?}");
    // Classic stays the default, and is left out of the JSON, so saved scenarios are unchanged.
    let classic = Scenario::from_json(&scenario("classic", 1, 1, "", "")).unwrap();
    assert_eq!(classic.event_broker.groups[0].group_protocol, GroupProtocol::Classic);
    let json = classic.to_json();
    for key in ["group_protocol", "group_remote_assignor", "consumer_session_timeout_ms", "consumer_heartbeat_interval_ms"] {
        assert!(!json.contains(key), "{key} in {json}");
    }
    let consumer = Scenario::from_json(&scenario("consumer", 1, 1, r#", "group_remote_assignor": "range""#, "")).unwrap();
    assert_eq!(Scenario::from_json(&consumer.to_json()).unwrap(), consumer);
}

/// The point of KIP-848: no stop-the-world. The same scenario (two members, a third joins)
/// under classic eager: every member revokes everything and nobody fetches until the new
/// generation is assigned. Under consumer: member 0, which loses nothing (`uniform` keeps
/// its partitions), never revokes and keeps fetching while the group converges, and so does
/// member 1 on the partition it keeps.
#[test]
fn under_classic_eager_everybody_stops_under_consumer_unaffected_members_keep_fetching() {
    let join = r#"{"at_ms": 20000, "command": {"add_member": {"group": "g"}}}"#;
    let mut classic = world(&scenario("classic", 2, 4, r#", "assignor": "range""#, join));
    events(&mut classic, 19_900);
    let after = events(&mut classic, 40_000);
    let started = after.iter().position(|e| matches!(e.kind, EventKind::RebalanceStarted { .. })).expect("a rebalance");
    let assigned = after.iter().position(|e| matches!(e.kind, EventKind::PartitionsAssigned { .. })).expect("assigned");
    let revoked: BTreeSet<u32> = after[started..assigned]
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::PartitionsRevoked { member, .. } => Some(*member),
            _ => None,
        })
        .collect();
    assert_eq!(revoked, BTreeSet::from([0, 1]), "eager: everybody revokes");
    assert!(after[started..assigned].iter().all(|e| !matches!(e.kind, EventKind::RecordsFetched { .. })), "eager: nobody fetches");
    assert!(after[started].at < after[assigned].at);

    let mut consumer = world(&scenario("consumer", 2, 4, "", join));
    events(&mut consumer, 19_900);
    let after = events(&mut consumer, 40_000);
    let bumped = after.iter().position(|e| matches!(e.kind, EventKind::GroupEpochBumped { .. })).expect("a new epoch");
    let epoch = group_epoch(&consumer);
    // Converged: the newcomer holds its target at the group epoch.
    let converged = after
        .iter()
        .position(|e| matches!(&e.kind, EventKind::PartitionsAssigned { member: 2, generation, .. } if *generation == epoch))
        .expect("the newcomer gets its partitions");
    let window = &after[bumped..converged];
    assert!(after[converged].at.as_ms() - after[bumped].at.as_ms() >= 1_000, "convergence takes heartbeats");
    for member in [0, 1] {
        let fetched = window.iter().filter(|e| matches!(e.kind, EventKind::RecordsFetched { member: m, .. } if m == member)).count();
        assert!(fetched > 0, "member {member} keeps fetching while the group converges");
    }
    assert!(!after.iter().any(|e| matches!(e.kind, EventKind::PartitionsRevoked { member: 0, .. })), "member 0 loses nothing");
}

/// A tiny deterministic generator for the random runs (xorshift64*).
struct Gen(u64);

impl Gen {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) % n
    }
}

const PARTITIONS: usize = 6;

/// Invariants after every step: no partition owned by two members' clients at once; no
/// member's epoch above the group epoch, nor the target's.
fn check_step(w: &World, seed: u64) {
    let group = w.view().groups().next().unwrap();
    let mut owned = BTreeSet::new();
    for m in &group.members {
        for tp in &m.assigned {
            assert!(owned.insert(*tp), "seed {seed} at {}: {tp:?} owned twice", w.now().as_ms());
        }
        assert!(m.generation <= group.generation, "seed {seed}: member {} at epoch {} > {}", m.index, m.generation, group.generation);
    }
    assert!(group.target_epoch.is_some_and(|t| t <= group.generation), "seed {seed}: target epoch {:?}", group.target_epoch);
}

/// Random runs (members join, leave, crash, pause, come back, static ones with reused
/// instance ids; time passes), invariants after every 50 ms. Then quiet: once heartbeats
/// change nothing more, every member the coordinator counts is STABLE at the group epoch
/// with exactly its target, the targets cover every partition, and the lag has drained.
/// Each seed runs twice and must give the same events (determinism).
#[test]
fn random_runs_keep_the_invariants_and_converge() {
    for seed in 1..=10u64 {
        let first = random_run(seed);
        assert_eq!(first, random_run(seed), "seed {seed}: two runs differ");
    }
}

fn random_run(seed: u64) -> Vec<String> {
    let assignor = if seed.is_multiple_of(2) { "uniform" } else { "range" };
    let json = scenario("consumer", 2, PARTITIONS as u32, &format!(r#", "group_remote_assignor": "{assignor}""#), "")
        .replace(r#""every_ms": 20"#, r#""every_ms": 100"#);
    let mut w = world(&json);
    let mut draw = Gen(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
    let mut trace = Vec::new();
    let step = |w: &mut World, to: u64, trace: &mut Vec<String>| {
        while w.now().as_ms() < to {
            let next = (w.now().as_ms() + 50).min(to);
            loop {
                let advance = w.advance_to(SimTime::from_ms(next));
                while let Some(e) = w.poll_event() {
                    trace.push(format!("{e:?}"));
                }
                if let Advance::Reached = advance {
                    break;
                }
            }
            check_step(w, seed);
        }
    };
    for _ in 0..40 {
        let members = w.view().groups().next().unwrap().members.len() as u64;
        let member = draw.below(members) as u32;
        let group = String::from("g");
        let command = match draw.below(8) {
            0 if members < 8 => Some(Command::AddMember { group, instance_id: None }),
            1 if members < 8 => Some(Command::AddMember { group, instance_id: Some(format!("s{}", draw.below(3))) }),
            2 => Some(Command::CrashMember { group, member }),
            3 => Some(Command::RemoveMember { group, member }),
            4 => Some(Command::PauseMember { group, member }),
            5 => Some(Command::ReviveMember { group, member }),
            _ => None,
        };
        if let Some(command) = command {
            // A refused command (a crashed member crashed again) changes nothing.
            let _ = w.apply(command);
        }
        let to = w.now().as_ms() + 100 + draw.below(8_000);
        step(&mut w, to, &mut trace);
    }
    // Quiet: longer than the session timeout (45 s) after the poll timeout (10 s).
    let to = w.now().as_ms() + 150_000;
    step(&mut w, to, &mut trace);
    let group = w.view().groups().next().unwrap();
    let mut covered = BTreeSet::new();
    for m in group.members.iter().filter(|m| m.reconcile_state.is_some()) {
        assert_eq!(m.state, MemberState::Running, "seed {seed}: member {} is counted but not running", m.index);
        assert_eq!(m.reconcile_state, Some(ReconcileState::Stable), "seed {seed}: member {}", m.index);
        assert_eq!(m.generation, group.generation, "seed {seed}: member {} epoch", m.index);
        let mut assigned = m.assigned.clone();
        assigned.sort();
        assert_eq!(assigned, m.target, "seed {seed}: member {} holds its target", m.index);
        covered.extend(m.target.iter().copied());
    }
    assert_eq!(group.target_epoch, Some(group.generation), "seed {seed}");
    let counted = group.members.iter().any(|m| m.reconcile_state.is_some());
    assert_eq!(covered.len(), if counted { PARTITIONS } else { 0 }, "seed {seed}: the target covers every partition");
    if counted {
        for p in 0..PARTITIONS as u32 {
            let lag = w.view().lag("g", "t", brokerlab_core::event_broker::PartitionIndex(p)).unwrap_or(u64::MAX);
            assert!(lag <= 40, "seed {seed}: lag {lag} on t/{p} did not drain");
        }
    }
    trace
}

/// Topic changes under the consumer protocol: a new group epoch and a new target, no barrier.
/// Partitions added to a topic are handed out; a deleted topic's partitions are gone from
/// every member at once (Kafka's coordinator strips a deleted topic from the assignments),
/// and the group converges on what is left.
#[test]
fn topic_changes_bump_the_group_epoch_and_the_group_converges_on_what_is_left() {
    let json = r#"{"version": 1, "link_ms": 100, "event_broker": {"kafka_version": "4.2",
        "topics": [{"name": "a", "partitions": 2}, {"name": "b", "partitions": 2}],
        "groups": [{"name": "g", "topics": ["a", "b"], "members": 2, "group_protocol": "consumer"}]},
        "script": [{"at_ms": 20000, "command": {"add_partitions": {"topic": "a", "partitions": 4}}},
                   {"at_ms": 40000, "command": {"delete_topic": {"name": "b"}}}]}"#;
    let mut w = world(json);
    let converged = |w: &World, partitions: usize| {
        let group = w.view().groups().next().unwrap();
        let owned: usize = group.members.iter().map(|m| m.assigned.len()).sum();
        let stable = group.members.iter().all(|m| m.reconcile_state == Some(ReconcileState::Stable) && m.generation == group.generation);
        owned == partitions && stable
    };
    events(&mut w, 19_000);
    assert!(converged(&w, 4));
    let grown = events(&mut w, 39_000);
    assert!(grown.iter().any(|e| matches!(&e.kind,
        EventKind::GroupEpochBumped { reason: brokerlab_core::world::RebalanceReason::TopicsChanged, .. })));
    assert!(converged(&w, 6), "the two new partitions of a are handed out");
    events(&mut w, 60_000);
    assert!(converged(&w, 4), "only a's four partitions are left");
    let b = w.view().event_broker().topic("b");
    assert!(b.is_none());
}

/// A static member that closed (epoch -2) and does not come back is removed one session
/// timeout after its leave (`GroupMetadataManager` schedules the session timeout when a static
/// member leaves); then the group epoch goes up and its partitions go to the others.
#[test]
fn a_static_member_that_does_not_come_back_is_removed_after_the_session_timeout() {
    let leave = r#"{"at_ms": 20000, "command": {"remove_member": {"group": "g", "member": 0}}}"#;
    let mut w = world(&scenario("consumer", 2, 4, r#", "static_members": true"#, leave));
    let all = events(&mut w, 90_000);
    let removed: Vec<u64> = all
        .iter()
        .filter(|e| matches!(e.kind, EventKind::MemberLeft { member: 0, reason: brokerlab_core::world::LeaveReason::SessionTimeout, .. }))
        .map(|e| e.at.as_ms())
        .collect();
    assert_eq!(removed, vec![65_000]);
    let bumps: Vec<u64> = all.iter().filter(|e| matches!(e.kind, EventKind::GroupEpochBumped { .. })).map(|e| e.at.as_ms()).collect();
    assert_eq!(bumps.iter().filter(|&&at| at >= 20_000).collect::<Vec<_>>(), vec![&65_000], "no new epoch at the leave itself");
    assert_eq!(w.view().groups().next().unwrap().members[1].assigned.len(), 4);
}
