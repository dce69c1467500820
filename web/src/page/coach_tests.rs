//! Predict, then watch, natively: every checkpoint of every lesson offers its right answer,
//! the right answer is the model's (it follows an edited scenario), and a prediction is
//! judged against it.

use brokerlab_core::Lang;
use brokerlab_core::event_broker::partitioner::{murmur2, to_positive};

use super::*;
use crate::checkpoint::Choice;
use crate::prefs::Theme;
use crate::setup::Edit;

use super::tests::{lesson_index, page};

/// Opens `id` and walks it as a learner: 10 s of model time at each step, then its action.
/// Returns, per step that asked, (step, choices offered, the model's answer).
fn walk(page: &mut Page, id: &str) -> Vec<(usize, Vec<Choice>, Choice)> {
    let index = lesson_index(id);
    let lesson = lessons::all()[index].clone();
    let mut asked = Vec::new();
    for (step, s) in lesson.steps.iter().enumerate() {
        page.apply(Action::OpenLesson { lesson: index, step });
        page.apply(Action::Skip);
        let Some(action) = s.action.clone() else { continue };
        let offered = page.checkpoint.as_ref().map(|c| c.choices.clone());
        if let Some(first) = offered.as_ref().and_then(|o| o.first()) {
            page.apply(Action::Predict(first.clone()));
        }
        page.apply(Action::LessonAction(action));
        if let Some(offered) = offered {
            let c = page.checkpoint.as_ref().expect("the checkpoint stays after the action");
            let truth = c.truth.as_ref().unwrap_or_else(|| panic!("{id} step {step}: the model gave an answer"));
            asked.push((step, offered, truth.answer.clone()));
        }
    }
    asked
}

#[test]
fn every_lesson_asks_and_every_answer_is_among_the_choices() {
    let mut total = 0;
    for lesson in lessons::all() {
        let mut page = page();
        let asked = walk(&mut page, lesson.id.as_str());
        assert!(!asked.is_empty(), "{:?} asks at least once", lesson.id);
        for (step, offered, truth) in &asked {
            assert!((2..=4).contains(&offered.len()), "{:?} step {step}: 2 to 4 answers, got {offered:?}", lesson.id);
            assert!(offered.iter().any(|c| c.matches(truth)), "{:?} step {step}: the answer {truth:?} is offered in {offered:?}", lesson.id);
        }
        total += asked.len();
    }
    assert!(total >= 20, "at least 20 checkpoints across the lessons, got {total}");
}

#[test]
fn a_prediction_is_judged_against_the_model() {
    let mut page = page();
    let keys = lesson_index("keys");
    page.apply(Action::OpenLesson { lesson: keys, step: 0 });
    let c = page.checkpoint.clone().expect("the first step asks");
    let action = lessons::all()[keys].steps[0].action.clone().expect("it acts");
    // Predict the wrong partition on purpose: every partition but alice's.
    let alice = to_positive(murmur2(b"alice")) % 3;
    let wrong = c.choices.iter().find(|ch| **ch != Choice::Partition(alice)).cloned().expect("a wrong answer is offered");
    page.apply(Action::Predict(wrong));
    page.apply(Action::LessonAction(action));
    let c = page.checkpoint.clone().expect("still there");
    assert_eq!(c.truth.as_ref().map(|t| t.answer.clone()), Some(Choice::Partition(alice)), "murmur2 decides, as Kafka's partitioner");
    assert_eq!(c.held(), Some(false));
    assert!(c.truth.as_ref().is_some_and(|t| t.because.is_some()), "the deciding event is named");
    // Back and forth: the step asks again, and skipping leaves no verdict to judge.
    page.apply(Action::OpenLesson { lesson: keys, step: 1 });
    page.apply(Action::SkipQuestion);
    let c = page.checkpoint.clone().expect("the second step asks");
    assert!(c.skipped && c.picked.is_none() && c.truth.is_none());
    page.apply(Action::LessonAction(lessons::all()[keys].steps[1].action.clone().expect("it acts")));
    let c = page.checkpoint.clone().expect("still there");
    assert_eq!(c.held(), None, "a skipped question is not judged");
    assert_eq!(c.truth.map(|t| t.answer), Some(Choice::Partition(alice)), "the answer still shows");
}

#[test]
fn the_answer_follows_an_edited_partition_count() {
    // A count where alice lands elsewhere than with 3 partitions.
    let hash = to_positive(murmur2(b"alice"));
    let count = (4..12).find(|n| hash % n != hash % 3).expect("some count moves alice");
    let answer = |edit: Option<Edit>| {
        let mut page = page();
        let keys = lesson_index("keys");
        page.apply(Action::OpenLesson { lesson: keys, step: 0 });
        if let Some(edit) = edit {
            page.apply(Action::Edit { form: "topic", edit: Ok(edit) });
        }
        page.apply(Action::LessonAction(lessons::all()[keys].steps[0].action.clone().expect("it acts")));
        page.checkpoint.and_then(|c| c.truth).map(|t| t.answer)
    };
    assert_eq!(answer(None), Some(Choice::Partition(hash % 3)));
    assert_eq!(answer(Some(Edit::SetPartitions { topic: "orders".into(), partitions: count })), Some(Choice::Partition(hash % count)));
}

#[test]
fn the_answer_follows_an_edited_binding() {
    let answer = |remove_first_binding: bool| {
        let mut page = page();
        let routing = lesson_index("routing");
        page.apply(Action::OpenLesson { lesson: routing, step: 0 });
        if remove_first_binding {
            // The first binding is topic-x → eu-orders with order.eu.*.
            page.apply(Action::Edit { form: "binding", edit: Ok(Edit::RemoveBinding(0)) });
        }
        let offered = page.checkpoint.clone().map(|c| c.choices).unwrap_or_default();
        page.apply(Action::LessonAction(lessons::all()[routing].steps[0].action.clone().expect("it acts")));
        let truth = page.checkpoint.and_then(|c| c.truth).map(|t| t.answer).expect("answered");
        assert!(offered.contains(&truth), "{truth:?} offered in {offered:?}");
        truth
    };
    let names = |q: &[&str]| Choice::Queues(q.iter().map(|s| s.to_string()).collect());
    assert_eq!(answer(false), names(&["all-orders", "eu-orders"]));
    assert_eq!(answer(true), names(&["all-orders"]));
}

#[test]
fn finishing_a_lesson_is_remembered_and_the_introduction_can_be_dismissed() {
    let mut page = page();
    assert!(page.shows_intro(), "a first visit shows the introduction");
    let keys = lesson_index("keys");
    let last = lessons::all()[keys].steps.len() - 1;
    assert!(page.apply(Action::OpenLesson { lesson: keys, step: 0 }).iter().all(|e| !matches!(e, Effect::RememberFinished(_))));
    assert!(!page.shows_intro(), "out of the way while a lesson runs");
    let effects = page.apply(Action::OpenLesson { lesson: keys, step: last });
    assert!(effects.contains(&Effect::RememberFinished("keys".into())), "{effects:?}");
    assert_eq!(Progress::finished_from("keys,nonsense,routing"), vec!["keys".to_string(), "routing".to_string()]);
    page.apply(Action::CloseLesson);
    assert_eq!(page.lesson, None);
    assert!(page.shows_intro());
    assert_eq!(page.apply(Action::DismissIntro), vec![Effect::RememberIntroDismissed]);
    assert!(!page.shows_intro());
}



/// The rebalancing lesson asks the same question of three protocols and gets three answers:
/// eager gives up everything, cooperative only what moves, and the consumer protocol (KIP-848)
/// nothing, though the member that leaves owned a partition (so one did change hands).
#[test]
fn the_three_rebalance_protocols_answer_differently() {
    use crate::checkpoint::Revoked;
    let mut p = page();
    let asked = walk(&mut p, "rebalance");
    let answers: Vec<&Choice> = asked.iter().map(|(_, _, truth)| truth).collect();
    assert_eq!(answers.first(), Some(&&Choice::Revoked(Revoked::Everything)), "eager: {answers:?}");
    assert_eq!(answers.last(), Some(&&Choice::Revoked(Revoked::Nothing)), "consumer protocol: {answers:?}");
    // Before it leaves, the consumer group's member 0 owns a partition.
    let mut p = page();
    let index = lesson_index("rebalance");
    let leave = lessons::all()[index].steps.len() - 1;
    p.apply(Action::OpenLesson { lesson: index, step: leave });
    p.apply(Action::Skip);
    let sim = p.event.borrow();
    let view = sim.world().view();
    let group = view.groups().find(|g| &**g.name == "consumer").expect("the lesson has a consumer-protocol group");
    assert!(!group.members[0].assigned.is_empty(), "member 0 owns a partition before it leaves");
}

/// Kafka 4's min.insync.replicas rule (K22), as the lesson shows it: the same click with the
/// ISR at the leader alone is read under 3.9 and stays unread under 4.2, after the lesson's
/// own version switch.
#[test]
fn the_min_isr_lesson_reads_the_click_under_3_9_and_not_under_4_2() {
    let mut p = page();
    let answers: Vec<Choice> = walk(&mut p, "min-isr").into_iter().map(|(_, _, truth)| truth).collect();
    assert_eq!(answers, vec![Choice::Yes, Choice::No]);
    let sim = p.event.borrow();
    assert_eq!(sim.world().view().kafka_version(), brokerlab_core::versions::KafkaVersion::V4_2, "the lesson switched versions");
}

/// Eligible leader replicas (KIP-966, K22), as the lesson shows it: b2 and b1 shut down
/// cleanly, the leader b0 crashes, b1 comes back. Under 3.9 nobody may lead; under 4.2 b1 is
/// elected from the ELR, and b0, back from its crash, is no longer eligible.
#[test]
fn the_elr_lesson_keeps_the_partition_offline_under_3_9_and_elects_b1_under_4_2() {
    let mut p = page();
    let answers: Vec<Choice> = walk(&mut p, "elr").into_iter().map(|(_, _, truth)| truth).collect();
    assert_eq!(answers, vec![Choice::Offline, Choice::Broker(1)]);
    let sim = p.event.borrow();
    let view = sim.world().view();
    let rep = view.replication("orders", brokerlab_core::event_broker::PartitionIndex(0)).expect("orders/0");
    assert_eq!(rep.leader.map(|b| b.0), Some(1));
    assert!(!rep.elr.iter().any(|b| b.0 == 0), "b0 came back from a crash: not eligible; ELR {:?}", rep.elr);
}

#[test]
fn the_compare_lesson_keeps_the_page_s_language() {
    let mut page = Page::boot("", Lang::Ko, Theme::System);
    page.apply(Action::OpenLesson { lesson: lesson_index("compare"), step: 0 });
    let compare = page.compare.borrow();
    assert_eq!((compare.event.borrow().lang, compare.message.borrow().lang), (Lang::Ko, Lang::Ko));
}

#[test]
fn the_answer_follows_the_key_the_learner_typed() {
    let keys = lesson_index("keys");
    let typed = lessons::all()[keys].steps.iter().position(|s| s.action == Some(crate::lesson_action::Action::ProduceTyped("shop"))).expect("a typed-key step");
    for key in ["bob", "carol", "an order id"] {
        let mut page = page();
        page.apply(Action::OpenLesson { lesson: keys, step: typed });
        page.apply(Action::Key(key.to_string()));
        let offered = page.checkpoint.clone().map(|c| c.choices).unwrap_or_default();
        page.apply(Action::LessonAction(crate::lesson_action::Action::ProduceTyped("shop")));
        let truth = page.checkpoint.and_then(|c| c.truth).map(|t| t.answer);
        let expected = Choice::Partition(to_positive(murmur2(key.as_bytes())) % 3);
        assert_eq!(truth, Some(expected.clone()), "{key}");
        assert!(offered.contains(&expected), "{key}: offered {offered:?}");
    }
}

/// A learner who presses Next without running a step's action finds every later action still
/// possible: Next runs the skipped action first (reviving a broker the skipped step was to stop
/// was refused as "already running" before). For each lesson and each step with an action,
/// the lesson is opened afresh, walked with Next only to that step (10 s of model time at
/// each, as a learner reading it while the page plays), and its action is run.
#[test]
fn skipping_steps_with_next_leaves_every_later_action_possible() {
    for (index, lesson) in lessons::all().iter().enumerate() {
        for (target, step) in lesson.steps.iter().enumerate() {
            let Some(action) = step.action.clone() else { continue };
            let mut page = page();
            page.apply(Action::OpenLesson { lesson: index, step: 0 });
            page.apply(Action::Skip);
            for next in 1..=target {
                page.apply(Action::OpenLesson { lesson: index, step: next });
                page.apply(Action::Skip);
            }
            assert_eq!(page.lesson, Some((index, target)));
            page.apply(Action::LessonAction(action));
            assert_eq!(page.notice, None, "{} step {}: {:?}", lesson.id.as_str(), target + 1, page.notice);
        }
    }
}

/// The replicated-queues lesson (R20): stopping the leader's node of a quorum queue on three
/// nodes keeps the three confirmed orders (the model elects n2), and the answer points at
/// that election.
#[test]
fn the_replicated_lesson_keeps_the_orders_when_the_leader_node_stops() {
    let mut page = page();
    let asked = walk(&mut page, "replicated");
    assert_eq!(asked.len(), 1);
    assert_eq!(asked[0].2, Choice::Count(3));
    let broker = page.message.borrow();
    let q = broker.side().broker().queue("orders").expect("the queue");
    assert_eq!(q.ready_count(), 3, "still three after n1 stopped, n2 stopped and n1 came back");
    assert!(q.placement().replicas().and_then(|r| r.leader()).is_some(), "a leader again once two of three run");
}
