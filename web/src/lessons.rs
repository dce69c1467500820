//! Guided lessons: a scenario plus short steps, one idea each. A step may offer an action (a
//! command on the lesson's broker) so the learner does the thing the step talks about. The
//! words (titles, steps, action labels) are in each language's catalogue (`words/`), keyed by
//! the lesson's id and the step's index; this file holds what the lessons do. Their scenarios
//! are the core's (`brokerlab_core::lessons`), which the CLI runs too. Written for
//! Brokerlab; no text is taken from elsewhere.

use brokerlab_core::Command;
use brokerlab_core::lessons::{ACKS, KEYS, PERSISTENCE, PRIORITIES, PUBSUB, REBALANCE, REPLAY, REPLICATION, ROUTING, WORK_QUEUE};
use brokerlab_core::world::message::MessageCommand;

use crate::view_kind::ViewKind;

/// A lesson, as links, widgets and the catalogues name it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LessonId {
    Pubsub,
    Keys,
    Rebalance,
    Replay,
    Replication,
    WorkQueue,
    Routing,
    Acks,
    Persistence,
    Priorities,
    Compare,
}

impl LessonId {
    /// The id in share links and a widget's `lesson` option: `pubsub`, `work-queue`, …
    pub fn as_str(self) -> &'static str {
        match self {
            LessonId::Pubsub => "pubsub",
            LessonId::Keys => "keys",
            LessonId::Rebalance => "rebalance",
            LessonId::Replay => "replay",
            LessonId::Replication => "replication",
            LessonId::WorkQueue => "work-queue",
            LessonId::Routing => "routing",
            LessonId::Acks => "acks",
            LessonId::Persistence => "persistence",
            LessonId::Priorities => "priorities",
            LessonId::Compare => "compare",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    Event(Command),
    Message(MessageCommand),
}

/// One step; its text and its action's label are in the catalogues.
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    /// What the step's button does.
    pub action: Option<Action>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Lesson {
    pub id: LessonId,
    pub view: ViewKind,
    /// An event-broker scenario (Event view) or a message-broker spec (Message view).
    pub scenario: &'static str,
    pub steps: Vec<Step>,
}

/// A step to read.
fn read() -> Step {
    Step { action: None }
}

/// A step with an action.
fn act(action: Action) -> Step {
    Step { action: Some(action) }
}

fn kafka(c: Command) -> Action {
    Action::Event(c)
}

fn rabbit(c: MessageCommand) -> Action {
    Action::Message(c)
}

fn produce(key: &str) -> Action {
    kafka(Command::Produce { producer: "shop".into(), key: Some(key.into()), value: None })
}

fn publish(key: &str) -> Action {
    rabbit(MessageCommand::Publish { publisher: "shop".into(), routing_key: Some(key.into()) })
}

/// Every lesson, in teaching order.
pub fn all() -> Vec<Lesson> {
    vec![
        Lesson {
            id: LessonId::Pubsub,
            view: ViewKind::Event,
            scenario: PUBSUB,
            steps: vec![
                read(),
                read(),
                read(),
                act(kafka(Command::CrashMember { group: "notification".into(), member: 0 })),
                act(kafka(Command::ReviveMember { group: "notification".into(), member: 0 })),
            ],
        },
        Lesson {
            id: LessonId::Keys,
            view: ViewKind::Event,
            scenario: KEYS,
            steps: vec![
                act(produce("alice")),
                act(produce("alice")),
                act(kafka(Command::AddPartitions { topic: "orders".into(), partitions: 4 })),
                act(produce("alice")),
            ],
        },
        Lesson {
            id: LessonId::Rebalance,
            view: ViewKind::Event,
            scenario: REBALANCE,
            steps: vec![
                read(),
                act(kafka(Command::CrashMember { group: "eager".into(), member: 0 })),
                act(kafka(Command::CrashMember { group: "cooperative".into(), member: 0 })),
            ],
        },
        Lesson {
            id: LessonId::Replay,
            view: ViewKind::Event,
            scenario: REPLAY,
            steps: vec![
                read(),
                read(),
                act(kafka(Command::Seek { group: "payment".into(), member: 0, topic: "orders".into(), partition: 0,
                                          to: brokerlab_core::world::SeekTo::Beginning })),
                act(kafka(Command::AddMember { group: "audit".into(), instance_id: None })),
                act(kafka(Command::AddMember { group: "alerts".into(), instance_id: None })),
                read(),
            ],
        },
        Lesson {
            id: LessonId::Replication,
            view: ViewKind::Event,
            scenario: REPLICATION,
            steps: vec![
                read(),
                act(kafka(Command::KillBroker { broker: 0 })),
                act(kafka(Command::KillBroker { broker: 1 })),
                read(),
                act(kafka(Command::KillBroker { broker: 2 })),
                act(kafka(Command::ReviveBroker { broker: 0 })),
                act(kafka(Command::ReviveBroker { broker: 2 })),
            ],
        },
        Lesson {
            id: LessonId::WorkQueue,
            view: ViewKind::Message,
            scenario: WORK_QUEUE,
            steps: vec![
                act(rabbit(MessageCommand::Flood { publisher: "shop".into(), count: 20 })),
                read(),
                read(),
            ],
        },
        Lesson {
            id: LessonId::Routing,
            view: ViewKind::Message,
            scenario: ROUTING,
            steps: vec![
                act(publish("order.eu.placed")),
                act(publish("order.us.paid.late")),
                act(publish("invoice.sent")),
                act(rabbit(MessageCommand::Publish { publisher: "ops".into(), routing_key: Some("error".into()) })),
                act(rabbit(MessageCommand::Publish { publisher: "announcer".into(), routing_key: None })),
                act(rabbit(MessageCommand::Publish { publisher: "refund-eu".into(), routing_key: None })),
                act(rabbit(MessageCommand::Publish { publisher: "refund-us-vip".into(), routing_key: None })),
            ],
        },
        Lesson {
            id: LessonId::Acks,
            view: ViewKind::Message,
            scenario: ACKS,
            steps: vec![
                act(rabbit(MessageCommand::Flood { publisher: "shop".into(), count: 10 })),
                read(),
                act(rabbit(MessageCommand::PauseConsumer { consumer: "careful".into() })),
                act(rabbit(MessageCommand::PauseConsumer { consumer: "strict".into() })),
                act(rabbit(MessageCommand::Flood { publisher: "shop".into(), count: 10 })),
                act(rabbit(MessageCommand::Publish { publisher: "reminder".into(), routing_key: None })),
            ],
        },
        Lesson {
            id: LessonId::Persistence,
            view: ViewKind::Message,
            scenario: PERSISTENCE,
            steps: vec![
                act(rabbit(MessageCommand::Publish { publisher: "shop".into(), routing_key: None })),
                act(rabbit(MessageCommand::Publish { publisher: "careless".into(), routing_key: None })),
                act(rabbit(MessageCommand::Publish { publisher: "temp".into(), routing_key: None })),
                act(rabbit(MessageCommand::RestartBroker)),
            ],
        },
        Lesson {
            id: LessonId::Priorities,
            view: ViewKind::Message,
            scenario: PRIORITIES,
            steps: vec![
                act(rabbit(MessageCommand::Flood { publisher: "shop".into(), count: 5 })),
                act(rabbit(MessageCommand::Publish { publisher: "vip".into(), routing_key: None })),
                read(),
            ],
        },
        Lesson {
            id: LessonId::Compare,
            view: ViewKind::Compare,
            scenario: "",
            steps: vec![
                read(),
                read(),
                read(),
            ],
        },
    ]
}

#[cfg(test)]
mod tests {
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
                    let scenario = Scenario::from_json(lesson.scenario).unwrap_or_else(|e| panic!("{:?}: {e}", lesson.id));
                    let mut sim = EventSim::new(&scenario).unwrap_or_else(|e| panic!("{:?}: {e}", lesson.id));
                    walk(&lesson, |moment| match moment {
                        Moment::Frame(t) => drop(sim.frame(t)),
                        Moment::Action(Action::Event(command)) => {
                            sim.apply(command.clone()).unwrap_or_else(|e| panic!("{:?}: {command:?}: {e}", lesson.id))
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
                ViewKind::Compare => assert!(lesson.steps.iter().all(|s| s.action.is_none())),
            }
            assert!(!lesson.steps.is_empty());
        }
        assert!(all().len() >= 11);
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
}
