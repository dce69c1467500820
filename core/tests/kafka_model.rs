//! Model-based test of the event broker: random command sequences, with "time passes" as one
//! of the steps, run against the world and against a deliberately naive reference model (a
//! `Vec` of keys per partition, and per group the offsets it must eventually commit). After
//! every step the world must agree with the model; proptest shrinks a failure to a short,
//! readable sequence of steps.
//!
//! The reference model knows only the rules a learner would write down: a keyed record goes to
//! `toPositive(murmur2(key)) % partitions` at the time it is sent, offsets are dense per
//! partition in arrival order, reading deletes nothing, and a group that is left alone long
//! enough commits the log end of every partition. Crashing and reviving members, and adding
//! partitions, must not break any of those.

#![cfg(not(target_arch = "wasm32"))]

use brokerlab_core::Drive;
use brokerlab_core::event_broker::PartitionIndex;
use brokerlab_core::event_broker::partitioner::partition_for_key;
use brokerlab_core::{Advance, Command, EventKind, Scenario, SimTime, World};
use proptest::prelude::*;

const KEYS: [&str; 6] = ["alice", "bob", "carol", "dave", "21", "user-42"];
const GROUPS: [&str; 2] = ["payment", "audit"];

#[derive(Clone, Debug)]
enum Step {
    Produce { key: usize },
    Pass { ms: u64 },
    Crash { group: usize },
    Revive { group: usize },
    AddPartition,
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        4 => (0..KEYS.len()).prop_map(|key| Step::Produce { key }),
        3 => (1u64..3_000).prop_map(|ms| Step::Pass { ms }),
        1 => (0..GROUPS.len()).prop_map(|group| Step::Crash { group }),
        1 => (0..GROUPS.len()).prop_map(|group| Step::Revive { group }),
        1 => Just(Step::AddPartition),
    ]
}

/// The naive reference: what each partition must hold, in order.
#[derive(Debug, Default)]
struct Model {
    partitions: Vec<Vec<&'static str>>,
    /// Records sent but not yet appended: (partition, key), in send order.
    in_flight: Vec<(u32, &'static str)>,
}

fn scenario() -> Scenario {
    Scenario::from_json(
        r#"{"version": 1, "seed": 5, "link_ms": 100, "event_broker": {
            "topics": [{"name": "orders", "partitions": 2}],
            "producers": [{"name": "shop", "topic": "orders"}],
            "groups": [
              {"name": "payment", "topics": ["orders"], "members": 2, "processing_ms": 50,
               "auto_offset_reset": "earliest", "session_timeout_ms": 3000, "heartbeat_interval_ms": 500},
              {"name": "audit", "topics": ["orders"], "members": 1, "processing_ms": 20,
               "auto_offset_reset": "earliest", "enable_auto_commit": false}]}}"#,
    )
    .unwrap()
}

fn advance(world: &mut World, to: SimTime, model: &mut Model) -> Result<(), TestCaseError> {
    loop {
        let done = matches!(world.advance_to(to), Advance::Reached);
        while let Some(event) = world.poll_event() {
            match event.kind {
                EventKind::RecordSent { partition, key, .. } => {
                    let key = key.expect("the test sends keyed records");
                    let k = *KEYS.iter().find(|k| **k == &*key).unwrap();
                    model.in_flight.push((partition.0, k));
                }
                EventKind::RecordAppended { partition, offset, key, .. } => {
                    let key = key.expect("keyed");
                    let at = model
                        .in_flight
                        .iter()
                        .position(|(p, k)| *p == partition.0 && **k == *key)
                        .ok_or_else(|| TestCaseError::fail(format!("{key} appended to P{} but never sent there", partition.0)))?;
                    let (p, k) = model.in_flight.remove(at);
                    let log = &mut model.partitions[p as usize];
                    prop_assert_eq!(offset.0, log.len() as u64, "offsets are dense per partition");
                    log.push(k);
                }
                _ => {}
            }
        }
        if done {
            return Ok(());
        }
    }
}

fn run(steps: &[Step]) -> Result<(), TestCaseError> {
    let mut world = World::new(&scenario()).unwrap();
    let mut model = Model { partitions: vec![Vec::new(); 2], ..Model::default() };
    let mut now = SimTime::ZERO;
    let mut crashed = [false; 2];
    for step in steps {
        match step {
            Step::Produce { key } => {
                let partitions = model.partitions.len() as u32;
                let expected = partition_for_key(KEYS[*key].as_bytes(), partitions);
                world.apply(Command::Produce { producer: "shop".into(), key: Some(KEYS[*key].into()), value: None }).unwrap();
                advance(&mut world, now, &mut model)?;
                let (p, _) = *model.in_flight.last().expect("a produce sends a record at once");
                prop_assert_eq!(p, expected, "{} goes where murmur2 says, over {} partitions", KEYS[*key], partitions);
            }
            Step::Pass { ms } => {
                now = now + *ms;
                advance(&mut world, now, &mut model)?;
            }
            Step::Crash { group } if !crashed[*group] => {
                world.apply(Command::CrashMember { group: GROUPS[*group].into(), member: 0 }).unwrap();
                crashed[*group] = true;
            }
            Step::Revive { group } if crashed[*group] => {
                world.apply(Command::ReviveMember { group: GROUPS[*group].into(), member: 0 }).unwrap();
                crashed[*group] = false;
            }
            Step::Crash { .. } | Step::Revive { .. } => {}
            Step::AddPartition => {
                let next = model.partitions.len() as u32 + 1;
                if next <= 6 {
                    world.apply(Command::AddPartitions { topic: "orders".into(), partitions: next }).unwrap();
                    model.partitions.push(Vec::new());
                }
            }
        }
        // The world's logs hold exactly what the model says, key by key.
        let view = world.view();
        let topic = view.event_broker().topic("orders").unwrap();
        prop_assert_eq!(topic.partition_count() as usize, model.partitions.len());
        for (p, expected) in model.partitions.iter().enumerate() {
            let log = &topic.partitions()[p];
            let keys: Vec<String> =
                log.read(brokerlab_core::event_broker::Offset(0), usize::MAX).iter().map(|r| r.key.as_deref().unwrap().to_string()).collect();
            let expected: Vec<String> = expected.iter().map(|k| k.to_string()).collect();
            // Records above the high watermark are appended but not yet readable.
            prop_assert!(expected.starts_with(&keys), "P{p}: world {keys:?} vs model {expected:?}");
            prop_assert_eq!(log.log_end().0 as usize, expected.len(), "P{} log end", p);
        }
    }
    // Left alone long enough (and with everyone revived), every group reads everything.
    for (g, is_crashed) in crashed.iter().enumerate() {
        if *is_crashed {
            world.apply(Command::ReviveMember { group: GROUPS[g].into(), member: 0 }).unwrap();
        }
    }
    now = now + 60_000;
    advance(&mut world, now, &mut model)?;
    prop_assert!(model.in_flight.is_empty(), "everything sent arrived");
    let view = world.view();
    for group in GROUPS {
        for (p, expected) in model.partitions.iter().enumerate() {
            let committed = view.committed(group, "orders", PartitionIndex(p as u32)).map_or(0, |o| o.0);
            prop_assert_eq!(committed as usize, expected.len(), "{} has read all of P{}", group, p);
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn the_event_broker_agrees_with_a_naive_model(steps in prop::collection::vec(step(), 1..40)) {
        run(&steps)?;
    }
}
