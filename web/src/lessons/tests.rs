//! The lessons, natively: every scenario builds, every action applies, and what each lesson
//! shows happens in the model.

use super::*;
use crate::message_act::MessageSim;
use crate::event_act::EventSim;
use brokerlab_core::Scenario;
use brokerlab_core::world::message::MessageBrokerSpec;

/// The (link_ms, seed) a message lesson can run with on the page: the message side runs with
/// the current scenario's (`Setup::message_sim`), which is the built-in scenario's or the
/// last event lesson's.
fn page_timings() -> Vec<(u64, u64)> {
    let default = EventSim::default_scenario();
    let mut timings = vec![(default.link_ms, default.seed)];
    for lesson in all().into_iter().filter(|l| l.view == ViewKind::Event) {
        let s = Scenario::from_json(lesson.scenario).expect("valid");
        if !timings.contains(&(s.link_ms, s.seed)) {
            timings.push((s.link_ms, s.seed));
        }
    }
    assert!(timings.len() > 2, "the event lessons give the message side several timings: {timings:?}");
    timings
}

/// What a learner's page sees while walking a lesson: animation frames, and a step's action.
enum Moment<'a> {
    Frame(f64),
    Action(&'a Action),
}

/// Walks `lesson` as a learner would: a first frame, then for each step 10 s of frames
/// (every 250 ms) before its action, if it has one.
fn walk<'a>(lesson: &'a Lesson, mut on: impl FnMut(Moment<'a>)) {
    let mut t = 0.0;
    on(Moment::Frame(t));
    for step in &lesson.steps {
        for _ in 0..40 {
            t += 250.0;
            on(Moment::Frame(t));
        }
        if let Some(action) = &step.action {
            on(Moment::Action(action));
        }
    }
}

/// Every lesson's scenario builds, and every step's action applies in order (with time
/// passing between steps, as for a learner); a message lesson under every timing the page
/// can give it.
#[test]
fn every_lesson_builds_and_every_action_applies() {
    for lesson in all() {
        match lesson.view {
            ViewKind::Event => {
                let mut scenario = Scenario::from_json(lesson.scenario).unwrap_or_else(|e| panic!("{:?}: {e}", lesson.id));
                let mut sim = EventSim::new(&scenario).unwrap_or_else(|e| panic!("{:?}: {e}", lesson.id));
                walk(&lesson, |moment| match moment {
                    Moment::Frame(t) => drop(sim.frame(t)),
                    Moment::Action(Action::Event(command)) => {
                        sim.apply(command.clone()).unwrap_or_else(|e| panic!("{:?}: {command:?}: {e}", lesson.id))
                    }
                    Moment::Action(Action::KafkaVersion(version)) => {
                        scenario.event_broker.kafka_version = *version;
                        sim = EventSim::new(&scenario).unwrap_or_else(|e| panic!("{:?} under {version:?}: {e}", lesson.id));
                    }
                    Moment::Action(_) => {}
                });
            }
            ViewKind::Message => {
                let spec: MessageBrokerSpec = serde_json::from_str(lesson.scenario).unwrap_or_else(|e| panic!("{:?}: {e}", lesson.id));
                for (link_ms, seed) in page_timings() {
                    let mut sim = MessageSim::new(&spec, link_ms, seed).unwrap_or_else(|e| panic!("{:?}: {e}", lesson.id));
                    walk(&lesson, |moment| match moment {
                        Moment::Frame(t) => drop(sim.frame(t)),
                        Moment::Action(Action::Message(command)) => sim
                            .apply(command.clone())
                            .unwrap_or_else(|e| panic!("{:?} at link {link_ms}, seed {seed}: {command:?}: {e}", lesson.id)),
                        Moment::Action(_) => {}
                    });
                }
            }
            // The compare lesson's actions send the compare view's own shop events.
            ViewKind::Compare => assert!(lesson.steps.iter().all(|s| s.action.is_none() || matches!(s.action, Some(Action::Compare(_))))),
        }
        assert!(!lesson.steps.is_empty());
    }
    assert!(all().len() >= 17);
}

/// Runs an event-broker lesson through the core alone, `gap_ms` of simulated time before
/// each step's action (as a learner reading the step), and returns every event in order.
fn run_event_lesson(id: &str, gap_ms: u64) -> (brokerlab_core::World, Vec<brokerlab_core::world::Event>) {
    use brokerlab_core::Drive;
    use brokerlab_core::time::SimTime;
    let lesson = all().into_iter().find(|l| l.id.as_str() == id).expect("lesson exists");
    let mut world = brokerlab_core::World::new(&Scenario::from_json(lesson.scenario).expect("valid")).expect("builds");
    let mut events = Vec::new();
    let mut t = 0;
    for step in &lesson.steps {
        t += gap_ms;
        world.run_to(SimTime::from_ms(t), |e| events.push(e));
        if let Some(Action::Event(command)) = &step.action {
            world.apply(command.clone()).unwrap_or_else(|e| panic!("{id}: {command:?}: {e}"));
        }
    }
    t += gap_ms;
    world.run_to(SimTime::from_ms(t), |e| events.push(e));
    (world, events)
}

/// The same for a message-broker lesson, with this one-way link and seed; returns the side
/// and its events.
fn run_message_lesson(
    id: &str,
    gap_ms: u64,
    (link_ms, seed): (u64, u64),
) -> (brokerlab_core::world::message::MessageSide, Vec<brokerlab_core::world::message::MessageEvent>) {
    use brokerlab_core::Drive;
    use brokerlab_core::time::SimTime;
    let lesson = all().into_iter().find(|l| l.id.as_str() == id).expect("lesson exists");
    let spec: MessageBrokerSpec = serde_json::from_str(lesson.scenario).expect("valid");
    let mut side = brokerlab_core::world::message::MessageSide::new(&spec, link_ms, seed).expect("builds");
    let mut events = Vec::new();
    let mut t = 0;
    for step in lesson.steps.iter().map(Some).chain([None]) {
        t += gap_ms;
        side.run_to(SimTime::from_ms(t), |e| events.push(e));
        if let Some(Action::Message(command)) = step.and_then(|s| s.action.as_ref()) {
            side.apply(command.clone()).unwrap_or_else(|e| panic!("{id}: {command:?}: {e}"));
        }
    }
    (side, events)
}

fn ready(side: &brokerlab_core::world::message::MessageSide, queue: &str) -> usize {
    side.broker().queue(queue).unwrap_or_else(|| panic!("queue {queue}")).ready_count()
}

/// Routing: direct by whole key, topic by words, fanout to all, headers by all/any.
#[test]
fn routing_lesson_puts_each_publish_where_its_exchange_type_says() {
    for timing in page_timings() {
        let (side, _) = run_message_lesson("routing", 2_000, timing);
        let counts: Vec<(&str, usize)> = ["eu-orders", "all-orders", "errors", "audit", "mirror", "eu-refunds", "eu-or-vip"]
            .into_iter()
            .map(|q| (q, ready(&side, q)))
            .collect();
        assert_eq!(
            counts,
            [("eu-orders", 1), ("all-orders", 2), ("errors", 1), ("audit", 1), ("mirror", 1), ("eu-refunds", 1), ("eu-or-vip", 2)],
            "link_ms and seed {timing:?}"
        );
    }
}

/// Acks: the reminder expires after its queue's TTL and is dead-lettered as expired.
#[test]
fn acks_lesson_dead_letters_an_expired_reminder() {
    use brokerlab_core::message_broker::{DeathReason, EventKind};
    use brokerlab_core::world::message::MessageEventKind;
    for timing in page_timings() {
        let (side, events) = run_message_lesson("acks", 10_000, timing);
        let expired = events.iter().any(|e| matches!(&e.kind,
            MessageEventKind::Broker(EventKind::MessageDeadLettered { queue, reason: DeathReason::Expired, .. }) if &**queue == "reminders"));
        assert!(expired, "the reminder is dead-lettered with reason expired ({timing:?})");
        assert_eq!(ready(&side, "reminders"), 0);
        let maxlen = events.iter().any(|e| matches!(&e.kind,
            MessageEventKind::Broker(EventKind::MessageDeadLettered { reason: DeathReason::Maxlen, .. })));
        assert!(maxlen, "the flood into the paused queue also dead-letters by x-max-length ({timing:?})");
    }
}

/// Replay: segments expire (log start > 0); the earliest group starts at the log start,
/// the latest group only at the end, after it.
#[test]
fn replay_lesson_expires_segments_and_starts_new_groups_where_their_reset_policy_says() {
    use brokerlab_core::world::EventKind;
    let (world, events) = run_event_lesson("replay", 10_000);
    let first_fetch = |group: &str| {
        events.iter().find_map(|e| match &e.kind {
            EventKind::RecordsFetched { group: g, from, .. } if &**g == group => Some(from.0),
            _ => None,
        })
    };
    let log_start_expired = events.iter().any(|e| matches!(e.kind, EventKind::SegmentsDeleted { .. }));
    assert!(log_start_expired, "segments expire during the lesson");
    let audit = first_fetch("audit").expect("audit reads");
    let alerts = first_fetch("alerts").expect("alerts reads");
    assert!(audit > 0, "audit starts at the log start, past the expired segments, not at 0");
    assert!(alerts > audit, "alerts (latest) starts after the history audit (earliest) reads");
    let log = world.view().event_broker().topic("orders").unwrap().partition(brokerlab_core::event_broker::PartitionIndex(0)).unwrap();
    assert!(log.log_start().0 > 0);
}

/// Replication: acks=all records survive; acks=1 records acknowledged by b2 alone are lost
/// when unclean election lets b0 lead clicks.
#[test]
fn replication_lesson_loses_acks_1_records_only_on_the_unclean_topic() {
    use brokerlab_core::world::{EventKind, LossCause};
    let (_, events) = run_event_lesson("replication", 10_000);
    let mut clicks_lost = 0;
    for e in &events {
        if let EventKind::RecordsLost { topic, acknowledged, cause, .. } = &e.kind {
            match &**topic {
                "orders" => assert!(acknowledged.is_empty(), "acks=all never loses an acknowledged record: {e:?}"),
                "clicks" => {
                    if *cause == LossCause::UncleanElection {
                        clicks_lost += acknowledged.len();
                    }
                }
                other => panic!("unexpected topic {other}"),
            }
        }
    }
    assert!(clicks_lost > 0, "the unclean election loses acknowledged clicks");
    assert!(events.iter().any(|e| matches!(e.kind, EventKind::NotEnoughReplicas { .. })),
        "acks=all produces are refused below min.insync.replicas");
}

/// The page runs the core's lesson scenarios, under the same ids and on the same broker, so
/// `brokerlab run --lesson` runs what the page does.
#[test]
fn every_lesson_with_a_scenario_is_the_core_s() {
    use brokerlab_core::lessons::{LESSONS, LessonSide};
    let page: Vec<(&str, ViewKind, &str)> =
        all().iter().filter(|l| l.view != ViewKind::Compare).map(|l| (l.id.as_str(), l.view, l.scenario)).collect();
    let core: Vec<(&str, ViewKind, &str)> = LESSONS
        .iter()
        .map(|l| (l.id, if l.side == LessonSide::Event { ViewKind::Event } else { ViewKind::Message }, l.scenario))
        .collect();
    assert_eq!(page, core);
}

/// Locks and redelivery: m0's locks expire after its crash and m1 acquires its records with
/// delivery count 2; nothing is lost (SPSO keeps moving).
#[test]
fn share_locks_lesson_redelivers_a_crashed_members_records() {
    use brokerlab_core::EventKind;
    let (world, events) = run_event_lesson("share-locks", 10_000);
    let expired = events.iter().position(|e| matches!(e.kind, EventKind::ShareLocksExpired { member: 0, .. })).expect("m0's locks expire");
    let again = events[expired..].iter().find_map(|e| match e.kind {
        EventKind::ShareRecordsAcquired { member, delivery_count, .. } if delivery_count > 1 => Some((member, delivery_count)),
        _ => None,
    });
    assert_eq!(again, Some((1, 2)), "m1 gets them, delivery 2");
    let spso = world.view().share_partition("workers", brokerlab_core::event_broker::PartitionIndex(0)).expect("read").start_offset();
    assert!(spso.0 > 10, "the work goes on: SPSO {spso}");
}

/// Poison records: each payment is released until the delivery limit archives it, after as
/// many deliveries as the limit in force: Kafka's default 5, then 2 once the lesson lowers it.
#[test]
fn share_poison_lesson_archives_each_payment_at_the_delivery_limit() {
    use brokerlab_core::EventKind;
    let (_, events) = run_event_lesson("share-poison", 10_000);
    let deliveries = |offset: u64| {
        events.iter().filter(|e| matches!(&e.kind, EventKind::ShareRecordsAcquired { first, last, .. } if (first.0..=last.0).contains(&offset))).count()
    };
    let mut limits = Vec::new();
    for e in &events {
        if let EventKind::ShareRecordsArchived { offsets, delivery_count_limit, .. } = &e.kind {
            for offset in offsets {
                assert_eq!(deliveries(offset.0), *delivery_count_limit as usize, "offset {offset}");
                limits.push(*delivery_count_limit);
            }
        }
    }
    assert!(limits.starts_with(&[5]) && limits.ends_with(&[2]), "archived at the default, then at the lowered limit: {limits:?}");
    assert!(!events.iter().any(|e| matches!(&e.kind, EventKind::ShareRecordsAcknowledged { answer: brokerlab_core::world::ShareAnswer::Accept, .. })));
}
