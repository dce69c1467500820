//! Eligible leader replicas (KIP-966, K22) under Kafka 4.2 against 3.9, and the controlled
//! shutdown beside a crash. First the controller's arithmetic (`event_broker::elr`), one case
//! per ELR case of apache/kafka `PartitionChangeBuilderTest`, named after it; then whole
//! scenarios: the same faults under both versions.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use crate::kafka_support;
use kafka_support::{check, run, world};

use brokerlab_core::event_broker::elr::{self, Candidates, Election};
use brokerlab_core::event_broker::{BrokerId, PartitionIndex};
use brokerlab_core::{Advance, CommandError, Drive, EventKind, SimTime, World};
use brokerlab_core::world::Command;

fn b(ids: &[u32]) -> Vec<BrokerId> {
    ids.iter().map(|&i| BrokerId(i)).collect()
}

const REPLICAS: [u32; 4] = [1, 2, 3, 4];

/// `electAnyLeader` over replicas 1..=4 with ELR on and no unclean election.
fn elect(isr: &[u32], elr: &[u32], last_known_leader: Option<u32>, acceptable: impl Fn(u32) -> bool) -> Election {
    let (replicas, isr, elr) = (b(&REPLICAS), b(isr), b(elr));
    let candidates = Candidates {
        replicas: &replicas,
        isr: &isr,
        elr: &elr,
        last_known_leader: last_known_leader.map(BrokerId),
        eligible_leader_replicas: true,
        unclean_allowed: false,
    };
    elr::elect(candidates, |broker| acceptable(broker.0))
}

// The controller's arithmetic, case by case (min ISR 3, replicas 1..=4, as in the Java tests).

#[test]
fn elr_isr_shrink_below_min_isr() {
    // testEligibleLeaderReplicas_IsrShrinkBelowMinISR: ISR {1,2,3,4} -> {1,2}: 3 and 4 become ELR.
    assert_eq!(elr::next_elr(&b(&REPLICAS), &b(&[1, 2, 3, 4]), &[], &b(&[1, 2]), 3, None), b(&[3, 4]));
}

#[test]
fn elr_isr_expand_above_min_isr() {
    // testEligibleLeaderReplicas_IsrExpandAboveMinISR: ISR {1,2} ELR {3} -> ISR {1,2,3}: ELR empty.
    assert_eq!(elr::next_elr(&b(&REPLICAS), &b(&[1, 2]), &b(&[3]), &b(&[1, 2, 3]), 3, None), b(&[]));
}

#[test]
fn elr_isr_add_new_member_not_in_elr() {
    // testEligibleLeaderReplicas_IsrAddNewMemberNotInELR: ISR {1} ELR {3} -> ISR {1,4}: ELR stays {3}.
    assert_eq!(elr::next_elr(&b(&REPLICAS), &b(&[1]), &b(&[3]), &b(&[1, 4]), 3, None), b(&[3]));
}

#[test]
fn elr_remove_unclean_shutdown_replicas_from_elr() {
    // testEligibleLeaderReplicas_RemoveUncleanShutdownReplicasFromElr: ISR {1} ELR {2,3}, 3 back
    // from an unclean shutdown: ELR {2}.
    assert_eq!(elr::next_elr(&b(&REPLICAS), &b(&[1]), &b(&[2, 3]), &b(&[1]), 3, Some(BrokerId(3))), b(&[2]));
}

#[test]
fn elr_can_be_elected() {
    // testEligibleLeaderReplicas_ElrCanBeElected: ISR {1} ELR {3}, 1 goes offline: the ISR
    // empties, 1 joins the ELR and 3 is elected from it.
    let target_elr = elr::next_elr(&b(&REPLICAS), &b(&[1]), &b(&[3]), &[], 3, None);
    assert_eq!(target_elr, b(&[1, 3]));
    assert_eq!(elect(&[], &[1, 3], None, |r| r != 1), Election::Elr(BrokerId(3)));
}

#[test]
fn elr_isr_can_shrink_to_zero() {
    // testEligibleLeaderReplicas_IsrCanShrinkToZero: every replica offline: ISR empty, ELR
    // {1,2,3,4}, nobody leads.
    let target_elr = elr::next_elr(&b(&REPLICAS), &b(&[1, 2, 3, 4]), &[], &[], 3, None);
    assert_eq!(target_elr, b(&[1, 2, 3, 4]));
    assert_eq!(elect(&[], &[1, 2, 3, 4], None, |_| false), Election::Nobody);
}

#[test]
fn elr_elect_last_known_leader() {
    // testEligibleLeaderReplicas_ElectLastKnownLeader: ISR and ELR empty, last known leader 1.
    assert_eq!(elect(&[], &[], Some(1), |_| true), Election::LastKnownLeader(BrokerId(1)));
}

#[test]
fn elr_elect_last_known_leader_should_fail() {
    // testEligibleLeaderReplicas_ElectLastKnownLeaderShouldFail: ELR {3} (fenced) is not empty,
    // so the last known leader is not considered.
    assert_eq!(elect(&[], &[3], Some(1), |r| r != 3), Election::Nobody);
}

#[test]
fn an_isr_member_comes_first_and_without_elr_an_empty_isr_elects_nobody() {
    assert_eq!(elect(&[2, 3], &[1], None, |_| true), Election::Isr(BrokerId(2)));
    let (replicas, elr) = (b(&REPLICAS), b(&[1]));
    let off = Candidates { replicas: &replicas, isr: &[], elr: &elr, last_known_leader: Some(BrokerId(1)), eligible_leader_replicas: false, unclean_allowed: false };
    assert_eq!(elr::elect(off, |_| true), Election::Nobody);
}

// Whole scenarios.

/// One partition on brokers 0, 1, 2 (leader 0), `min.insync.replicas=2`, an `acks=1` producer
/// sending every 100 ms, and `script` (commands at times).
fn three_brokers(kafka_version: &str, script: &[(u64, &str)]) -> String {
    let steps: Vec<String> = script.iter().map(|(at, c)| format!(r#"{{"at_ms": {at}, "command": {c}}}"#)).collect();
    format!(
        r#"{{"version": 1, "link_ms": 10, "event_broker": {{ "kafka_version": "{kafka_version}", "brokers": 3,
            "replica_lag_time_max_ms": 1000,
            "topics": [{{"name": "t", "partitions": 1, "replication_factor": 3, "config": {{"min.insync.replicas": 2}}}}],
            "producers": [{{"name": "p", "topic": "t", "acks": "1", "every_ms": 100, "keys": ["a"]}}] }},
            "script": [{}]}}"#,
        steps.join(",")
    )
}

const STOP_STOP_KILL_START: &[(u64, &str)] = &[
    (1000, r#"{"stop_broker": {"broker": 2}}"#),
    (2000, r#"{"stop_broker": {"broker": 1}}"#),
    (3000, r#"{"kill_broker": {"broker": 0}}"#),
    (4000, r#"{"revive_broker": {"broker": 1}}"#),
    (6000, r#"{"revive_broker": {"broker": 0}}"#),
];

const LEADERSHIP: &[&str] = &[
    "controlled_shutdown",
    "isr_shrunk",
    "isr_shrunk_by_controller",
    "elr_changed",
    "broker_stopped",
    "broker_started",
    "leader_elected",
    "elr_leader_elected",
    "last_known_leader_elected",
    "partition_offline",
];

#[test]
fn stop_stop_kill_start_under_3_9_the_partition_waits_for_the_last_isr_member() {
    let mut w = world(&three_brokers("3.9", STOP_STOP_KILL_START));
    // b1 leaves the ISR cleanly, but 3.9 keeps no ELR: with b0 gone only b0 may lead.
    check(
        &run(&mut w, 6500, LEADERSHIP),
        "1000 controlled_shutdown broker=2
         1000 isr_shrunk_by_controller isr=[0,1] partition=0 removed=2 topic=t
         1000 broker_stopped broker=2
         2000 controlled_shutdown broker=1
         2000 isr_shrunk_by_controller isr=[0] partition=0 removed=1 topic=t
         2000 broker_stopped broker=1
         3000 broker_stopped broker=0
         3000 partition_offline isr=[0] partition=0 topic=t
         4000 broker_started broker=1
         6000 broker_started broker=0
         6000 leader_elected clean=true epoch=3 isr=[0] leader=0 partition=0 topic=t",
    );
}

#[test]
fn stop_stop_kill_start_under_4_2_elects_the_cleanly_stopped_replica_from_the_elr() {
    let mut w = world(&three_brokers("4.2", STOP_STOP_KILL_START));
    check(
        &run(&mut w, 6500, LEADERSHIP),
        "1000 controlled_shutdown broker=2
         1000 isr_shrunk_by_controller isr=[0,1] partition=0 removed=2 topic=t
         1000 broker_stopped broker=2
         2000 controlled_shutdown broker=1
         2000 isr_shrunk_by_controller isr=[0] partition=0 removed=1 topic=t
         2000 elr_changed elr=[1] isr=[0] partition=0 topic=t
         2000 broker_stopped broker=1
         3000 broker_stopped broker=0
         3000 partition_offline isr=[] partition=0 topic=t
         3000 elr_changed elr=[0,1] isr=[] partition=0 topic=t
         4000 broker_started broker=1
         4000 elr_leader_elected elr=[0] epoch=2 leader=1 partition=0 topic=t
         4000 elr_changed elr=[0] isr=[1] partition=0 topic=t
         6000 broker_started broker=0
         6000 elr_changed elr=[] isr=[1] partition=0 topic=t",
    );
}

/// (offset, record id) pairs.
type Records = Vec<(u64, u64)>;

/// Runs to `until_ms`, noting every offset the high watermark ever passed and which record
/// was appended there; returns (records ever visible, the visible log's record ids by offset).
fn visible_ever(w: &mut World, until_ms: u64) -> (Records, Records) {
    let mut appended = std::collections::BTreeMap::new();
    let mut high_watermark = 0;
    let mut now = 0;
    while now < until_ms {
        now += 50;
        while let Advance::Partial { .. } = w.advance_to(SimTime::from_ms(now)) {}
        while let Some(event) = w.poll_event() {
            match event.kind {
                EventKind::RecordAppended { offset, record, .. } => {
                    appended.insert(offset.0, record.0);
                }
                EventKind::HighWatermarkAdvanced { high_watermark: hw, .. } => high_watermark = high_watermark.max(hw.0),
                _ => {}
            }
        }
    }
    let ever: Records = appended.range(..high_watermark).map(|(o, r)| (*o, *r)).collect();
    let log = &w.view().event_broker().topic("t").unwrap().partitions()[0];
    let held = log.segments().iter().flat_map(|s| s.records()).map(|r| (r.offset.0, r.id.0)).collect();
    (ever, held)
}

#[test]
fn under_4_2_the_replica_elected_from_the_elr_holds_every_record_that_was_ever_visible() {
    let mut w = world(&three_brokers("4.2", STOP_STOP_KILL_START));
    let (ever, held) = visible_ever(&mut w, 4500);
    let rep = w.view().replication("t", PartitionIndex(0)).unwrap().clone();
    assert_eq!((rep.leader, rep.isr.clone(), rep.elr.clone()), (Some(BrokerId(1)), b(&[1]), b(&[0])));
    assert!(!ever.is_empty());
    for record in &ever {
        assert!(held.contains(record), "b1 lacks visible record {record:?}; holds {held:?}");
    }
    // Under 3.9 the same faults made records visible that b1 never had: electing it would
    // have lost them, which is why 3.9 waits.
    let mut old = world(&three_brokers("3.9", STOP_STOP_KILL_START));
    let (ever, _) = visible_ever(&mut old, 2900);
    let b1 = &old.view().replication("t", PartitionIndex(0)).unwrap().followers[&BrokerId(1)].log;
    assert!(ever.last().unwrap().0 >= b1.log_end().0, "3.9 made {ever:?} visible; b1 ends at {}", b1.log_end());
}

#[test]
fn a_crashed_follower_joins_the_elr_and_leaves_it_when_it_comes_back_uncleanly() {
    let script = &[(1000, r#"{"stop_broker": {"broker": 2}}"#), (2000, r#"{"kill_broker": {"broker": 1}}"#), (5000, r#"{"revive_broker": {"broker": 1}}"#)];
    let mut w = world(&three_brokers("4.2", script));
    let kinds = &["isr_shrunk", "isr_expanded", "elr_changed", "isr_shrunk_by_controller", "broker_started"];
    // b1 falls out of the ISR through replica.lag.time.max.ms (fenced, in Kafka) and is
    // eligible; back without a clean shutdown it is not, until it is in sync again.
    check(
        &run(&mut w, 6000, kinds),
        "1000 isr_shrunk_by_controller isr=[0,1] partition=0 removed=2 topic=t
         3000 isr_shrunk isr=[0] leader=0 partition=0 removed=1 topic=t
         3000 elr_changed elr=[1] isr=[0] partition=0 topic=t
         5000 broker_started broker=1
         5000 elr_changed elr=[] isr=[0] partition=0 topic=t
         5010 isr_expanded added=1 isr=[0,1] leader=0 partition=0 topic=t",
    );
    // Stopped cleanly instead, it stays eligible while it is away and when it returns.
    let script = &[(1000, r#"{"stop_broker": {"broker": 2}}"#), (2000, r#"{"stop_broker": {"broker": 1}}"#), (5000, r#"{"revive_broker": {"broker": 1}}"#)];
    let mut w = world(&three_brokers("4.2", script));
    check(
        &run(&mut w, 6000, kinds),
        "1000 isr_shrunk_by_controller isr=[0,1] partition=0 removed=2 topic=t
         2000 isr_shrunk_by_controller isr=[0] partition=0 removed=1 topic=t
         2000 elr_changed elr=[1] isr=[0] partition=0 topic=t
         5000 broker_started broker=1
         5010 isr_expanded added=1 isr=[0,1] leader=0 partition=0 topic=t
         5010 elr_changed elr=[] isr=[0,1] partition=0 topic=t",
    );
}

#[test]
fn a_fetch_in_flight_when_its_broker_stops_does_not_bring_it_back_into_the_isr() {
    // With 300 ms links a follower always has a fetch on the way; the leader answering it
    // must not put the stopped broker back (KIP-841: the controller refuses ineligible
    // replicas). Seen on the page before the fix: "Stop b2", then b2 rejoins the ISR.
    for version in ["3.9", "4.2"] {
        let json = three_brokers(version, &[(2500, r#"{"stop_broker": {"broker": 2}}"#), (4000, r#"{"stop_broker": {"broker": 1}}"#)]);
        // The elr lesson's timing: 300 ms links, an order every 1.5 s, 3 s to fall behind.
        let json = json.replace(r#""link_ms": 10"#, r#""link_ms": 300"#).replace(r#""every_ms": 100,"#, r#""every_ms": 1500,"#);
        let mut w = world(&json.replace(r#""replica_lag_time_max_ms": 1000"#, r#""replica_lag_time_max_ms": 3000"#));
        let trace = run(&mut w, 8000, &["isr_expanded", "isr_shrunk", "isr_shrunk_by_controller"]);
        check(
            &trace,
            "2500 isr_shrunk_by_controller isr=[0,1] partition=0 removed=2 topic=t
             4000 isr_shrunk_by_controller isr=[0] partition=0 removed=1 topic=t",
        );
    }
}

#[test]
fn a_controlled_shutdown_of_the_leader_moves_leadership_before_the_broker_stops() {
    for version in ["3.9", "4.2"] {
        let mut w = world(&three_brokers(version, &[(1000, r#"{"stop_broker": {"broker": 0}}"#)]));
        check(
            &run(&mut w, 1500, LEADERSHIP),
            "1000 controlled_shutdown broker=0
             1000 leader_elected clean=true epoch=1 isr=[1,2] leader=1 partition=0 topic=t
             1000 broker_stopped broker=0",
        );
        let brokers = w.view().event_broker();
        assert!(brokers.stopped_cleanly(BrokerId(0)) && !brokers.broker_alive(BrokerId(0)));
        // Stopping a stopped broker is misuse, and changes nothing.
        let before = format!("{:?}", w);
        assert_eq!(w.apply(Command::StopBroker { broker: 0 }), Err(CommandError::BrokerAlreadyStopped(0)));
        assert_eq!(w.apply(Command::StopBroker { broker: 9 }), Err(CommandError::UnknownBroker(9)));
        assert_eq!(format!("{:?}", w), before);
    }
}

#[test]
fn the_elr_runs_the_same_twice() {
    let trace = |json: &str| {
        let mut w = world(json);
        let mut events = Vec::new();
        for now in (0..=7000).step_by(50) {
            while let Advance::Partial { .. } = w.advance_to(SimTime::from_ms(now)) {}
            while let Some(event) = w.poll_event() {
                events.push(format!("{event:?}"));
            }
        }
        (events, format!("{:?}", w.view().replication("t", PartitionIndex(0))))
    };
    let json = three_brokers("4.2", STOP_STOP_KILL_START);
    let (events, end) = trace(&json);
    assert!(events.iter().any(|e| e.contains("ElrLeaderElected")), "{events:?}");
    assert_eq!((events, end), trace(&json));
}
