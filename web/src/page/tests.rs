//! The page's behaviour, natively: every action through `Page::apply`, as buttons, keys,
//! lessons and a host page's options give them.

use brokerlab_core::world::message::MessageCommand;
use brokerlab_core::{Command, CommandError, Lang, SimTime};

use super::*;
use crate::embed_options::EmbedOptions;
use crate::notice::{EditSaid, Notice, Refusal};
use crate::prefs::Theme;

pub(super) fn page() -> Page {
    Page::boot("", Lang::En, Theme::System)
}

pub(super) fn lesson_index(id: &str) -> usize {
    lessons::all().iter().position(|l| l.id.as_str() == id).expect("the lesson exists")
}

#[test]
fn keys_give_the_actions_the_footer_lists() {
    assert_eq!(key_action(" ", false), Some(Action::TogglePlay));
    assert_eq!(key_action("ArrowRight", false), Some(Action::Step));
    assert_eq!(key_action("ArrowRight", true), Some(Action::Skip));
    assert_eq!(key_action("+", false), Some(Action::Faster));
    assert_eq!(key_action("=", false), Some(Action::Faster));
    assert_eq!(key_action("-", false), Some(Action::Slower));
    assert_eq!(key_action("E", false), Some(Action::OpenEditor));
    assert_eq!(key_action("x", false), None);
}

#[test]
fn an_empty_fragment_opens_the_built_in_scenario_on_the_event_view() {
    let page = page();
    assert_eq!(page.view, ViewKind::Event);
    assert_eq!(page.notice, None);
    assert_eq!(page.lesson, None);
    assert_eq!(page.event.borrow().scenario_json(), EventSim::default_scenario().to_json());
}

#[test]
fn a_damaged_link_says_why_and_runs_the_built_in_scenario() {
    let page = Page::boot("#v1.!!!", Lang::Ko, Theme::System);
    assert!(matches!(page.notice, Some(Notice::LinkUnusable(_))), "{:?}", page.notice);
    let text = page.notice.as_ref().unwrap().text(Lang::Ko);
    assert!(text.starts_with("링크를 쓸 수 없습니다"), "Korean on the Korean page: {text}");
    assert_eq!(page.event.borrow().scenario_json(), EventSim::default_scenario().to_json());
}

#[test]
fn a_link_with_a_lesson_opens_it_at_its_step_and_a_bad_step_is_refused() {
    let mut page = page();
    page.apply(Action::OpenLesson { lesson: lesson_index("routing"), step: 2 });
    let fragment = page.fragment();
    let opened = Page::boot(&fragment, Lang::En, Theme::System);
    assert_eq!(opened.lesson, Some((lesson_index("routing"), 2)));
    assert_eq!(opened.view, ViewKind::Message);
    let steps = lessons::all()[lesson_index("routing")].steps.len();
    let past = crate::share::encode(&page.setup.to_json_compact(), Some(("routing", steps as u32)));
    let refused = Page::boot(&past, Lang::En, Theme::System);
    assert!(matches!(refused.notice, Some(Notice::LinkStepMissing { .. })), "{:?}", refused.notice);
    assert_eq!(refused.lesson, None);
}

#[test]
fn transport_actions_move_only_the_visible_view() {
    let mut page = page();
    assert!(page.event.borrow().clock.playing);
    page.apply(Action::TogglePlay);
    assert!(!page.event.borrow().clock.playing);
    assert!(page.message.borrow().clock.playing, "the hidden view is untouched");
    page.apply(Action::Skip);
    assert_eq!(page.event.borrow().now(), SimTime::from_ms(crate::clock::SKIP_MS));
    assert_eq!(page.message.borrow().now(), SimTime::ZERO);
    page.apply(Action::Rewind(SimTime::from_ms(1_000)));
    assert_eq!(page.event.borrow().now(), SimTime::from_ms(1_000));
    page.apply(Action::View(ViewKind::Compare));
    page.apply(Action::Speed(4.0));
    let compare = page.compare.borrow();
    assert_eq!((compare.event.borrow().clock.speed, compare.message.borrow().clock.speed), (4.0, 4.0), "both sides of the compare view");
    assert_eq!(page.event.borrow().clock.speed, 1.0);
}

#[test]
fn a_refused_command_changes_nothing_and_says_why_in_its_view() {
    let mut page = page();
    let before = format!("{:?}", page.event.borrow().world());
    page.apply(Action::Produce { producer: None, key: "k".repeat(brokerlab_core::limits::KEY_BYTES_MAX + 1) });
    assert!(matches!(page.refusal, Some(Refusal::Event(CommandError::KeyTooLong { .. }))), "{:?}", page.refusal);
    assert_eq!(format!("{:?}", page.event.borrow().world()), before);
    page.apply(Action::Produce { producer: Some("gone".into()), key: "alice".into() });
    assert_eq!(page.refusal, None, "a command that applies clears the refusal");
    assert_eq!(page.event.borrow().flights.len(), 1, "sent from the first producer");
    page.apply(Action::Message(MessageCommand::CrashConsumer { consumer: "nobody".into() }));
    assert!(matches!(page.refusal, Some(Refusal::Message(_))));
}

#[test]
fn opening_a_lesson_loads_it_once_and_the_page_follows_it_in_the_address_bar() {
    let mut page = page();
    let keys = lesson_index("keys");
    let effects = page.apply(Action::OpenLesson { lesson: keys, step: 0 });
    assert_eq!(effects, vec![Effect::ReplaceFragment(page.fragment())]);
    assert_eq!(page.lesson, Some((keys, 0)));
    page.apply(Action::Skip);
    let now = page.event.borrow().now();
    page.apply(Action::OpenLesson { lesson: keys, step: 1 });
    assert_eq!(page.event.borrow().now(), now, "moving between steps does not restart the lesson");
    let last = lessons::all()[keys].steps.len() - 1;
    page.apply(Action::OpenLesson { lesson: keys, step: 99 });
    assert_eq!(page.lesson, Some((keys, last)), "a step past the end is the last step");
}

#[test]
fn language_and_theme_are_remembered_by_the_page_but_never_by_a_widget() {
    let mut page = page();
    assert_eq!(page.apply(Action::Lang(Lang::Ko)), vec![Effect::RememberLang(Lang::Ko)]);
    assert_eq!(page.event.borrow().lang, Lang::Ko);
    assert_eq!(page.compare.borrow().message.borrow().lang, Lang::Ko);
    assert_eq!(page.apply(Action::NextTheme), vec![Effect::RememberTheme(Theme::System.next())]);
    let mut widget = Page::embedded(EmbedOptions::default());
    assert!(widget.apply(Action::Lang(Lang::Ko)).is_empty());
    assert!(widget.apply(Action::NextTheme).is_empty());
    assert_eq!(widget.message.borrow().lang, Lang::Ko);
}

#[test]
fn a_refused_edit_leaves_the_setup_and_the_world_as_they_were() {
    let mut page = page();
    let (setup, world) = (page.setup.to_json_compact(), format!("{:?}", page.event.borrow().world()));
    page.apply(Action::Edit { form: "edit-add-topic", edit: Ok(crate::setup::Edit::RemoveTopic("nothing".into())) });
    let outcome = page.edit_outcome.clone().expect("the form says something");
    assert_eq!(outcome.form, "edit-add-topic");
    assert!(!outcome.ok());
    assert!(matches!(outcome.said, EditSaid::Refused(_)));
    assert_eq!((page.setup.to_json_compact(), format!("{:?}", page.event.borrow().world())), (setup, world));
    page.apply(Action::Live { form: "edit-add-topic", command: Ok(Command::CreateTopic {
        name: "audit".into(), partitions: 2, replication_factor: 1, config: Default::default(),
    }) });
    assert_eq!(page.edit_outcome.as_ref().map(|o| o.said.clone()), Some(EditSaid::AppliedNow));
    assert!(page.event.borrow().world().view().event_broker().topic("audit").is_some());
}

#[test]
fn importing_a_broken_scenario_changes_nothing() {
    let mut page = page();
    let before = page.setup.to_json_compact();
    page.apply(Action::ImportScenario(String::from("{\"version\": 1, \"event_broker\": ")));
    assert!(matches!(page.edit_outcome.as_ref().map(|o| &o.said), Some(EditSaid::Refused(_))));
    assert_eq!(page.setup.to_json_compact(), before);
}

#[test]
fn sharing_puts_the_link_in_the_address_bar_on_the_page_and_only_in_the_dialog_in_a_widget() {
    let mut page = page();
    let effects = page.apply(Action::Share { base: "https://x.example/".into(), here: Some("https://x.example/index.html".into()) });
    let fragment = page.fragment();
    let link = format!("https://x.example/index.html#{fragment}");
    assert_eq!(effects, vec![Effect::PublishLink { fragment: fragment.clone(), link: link.clone() }]);
    assert_eq!(page.sharing.as_ref().map(|s| s.link.clone()), Some(link));
    assert_eq!(page.notice, Some(Notice::LinkCopied));
    let mut widget = Page::embedded(EmbedOptions::default());
    assert!(widget.apply(Action::Share { base: "https://x.example/".into(), here: None }).is_empty());
    assert!(widget.sharing.as_ref().is_some_and(|s| s.link.starts_with("https://x.example/#v1.")));
}

#[test]
fn a_widget_follows_its_options_and_reloads_only_when_they_change_what_it_runs() {
    let options = EmbedOptions { lesson: Some("work-queue".into()), autoplay: true, ..EmbedOptions::default() };
    let mut widget = Page::embedded(options.clone());
    assert_eq!(widget.view, ViewKind::Message);
    assert_eq!(widget.lesson, Some((lesson_index("work-queue"), 0)));
    assert!(widget.message.borrow().clock.playing);
    widget.apply(Action::Skip);
    let now = widget.message.borrow().now();
    widget.apply(Action::Embed(EmbedOptions { lang: Some(Lang::Ko), ..options.clone() }));
    assert_eq!(widget.message.borrow().now(), now, "a new language does not restart it");
    assert_eq!(widget.lang, Lang::Ko);
    widget.apply(Action::Embed(EmbedOptions { lesson: Some("no-such-lesson".into()), ..options }));
    assert_eq!(widget.notice, Some(Notice::NoSuchLesson("no-such-lesson".into())));
}

#[test]
fn the_compare_view_sends_one_shop_event_into_both_brokers() {
    let mut page = page();
    page.apply(Action::View(ViewKind::Compare));
    page.apply(Action::CompareSend("order placed"));
    let compare = page.compare.borrow();
    assert_eq!(compare.sent, 1);
    assert_eq!(compare.event.borrow().flights.len(), 1);
    assert_eq!(compare.message.borrow().flights.len(), 1);
}

/// Plays the compare view in 50 ms frames until its event side reaches `until` ms.
fn run_compare(page: &Page, until: u64) {
    let mut sims = page.compare.borrow_mut();
    let mut t = sims.event.borrow().now().as_ms() as f64;
    while sims.event.borrow().now().as_ms() < until {
        t += 50.0;
        sims.frame(t);
    }
}

/// The compare view's share mode: a share group on one partition against the work queue.
/// Both spread four tasks over two workers; after a crash mid-task the queue redelivers at
/// once while Kafka waits for the lock (6 s) and then delivers with delivery count 2; Kafka
/// keeps every record, RabbitMQ nothing once acked.
#[test]
fn the_compare_view_puts_a_share_group_against_the_work_queue() {
    use crate::compare::{CompareMode, SHARE_GROUP};
    let mut page = page();
    page.apply(Action::View(ViewKind::Compare));
    page.apply(Action::CompareMode(CompareMode::Share));
    let run = run_compare;
    for _ in 0..4 {
        page.apply(Action::CompareSend("order placed"));
    }
    // Until each side has handed work to its first worker; crash that worker mid-task.
    let busy = |page: &Page| {
        let c = page.compare.borrow();
        let rabbit = c.message.borrow().side().consumers().any(|(n, _, _, unacked)| n.as_ref() == "worker-1" && unacked > 0);
        let kafka = c.event.borrow().act.share.acquired.contains_key(&(SHARE_GROUP.to_string(), 0));
        rabbit && kafka
    };
    let mut until = 100;
    while !busy(&page) {
        run(&page, until);
        until += 100;
        assert!(until < 5_000, "both first workers got work");
    }
    page.apply(Action::CompareToggleShareMember(0));
    page.apply(Action::CompareToggleWorker("worker-1".into()));
    let rabbit_at_crash = page.compare.borrow().message.borrow().act.redelivered;
    // Worker-2 finishes its task (900 ms a task) and is given the requeued one; the share
    // member's lock (6 s from its acquisition) still runs.
    run(&page, until + 3_000);
    let (redelivered_rabbit, redelivered_kafka) = {
        let c = page.compare.borrow();
        let (m, e) = (c.message.borrow(), c.event.borrow());
        (m.act.redelivered, e.act.share.redelivered)
    };
    assert!(redelivered_rabbit > rabbit_at_crash, "RabbitMQ requeues a crashed worker's message at once");
    assert_eq!(redelivered_kafka, 0, "Kafka waits for the lock");
    run(&page, 20_000);
    let c = page.compare.borrow();
    let (m, e) = (c.message.borrow(), c.event.borrow());
    assert!(e.act.share.redelivered >= 1, "after the lock expired: {:?}", e.act.share);
    assert_eq!(e.act.share.accepted, 4, "every task done once on the Kafka side");
    let acquired = |member: u32| e.act.share.acquired.get(&(SHARE_GROUP.to_string(), member)).copied().unwrap_or(0);
    assert!(acquired(0) >= 1 && acquired(1) >= 1, "two members share one partition: {:?}", e.act.share.acquired);
    let log = e.world().view().event_broker().topic("shop-events").unwrap().partitions()[0].log_end().0;
    assert_eq!(log, 4, "the log keeps all four");
    let q = m.side().broker().queue(crate::compare::QUEUE).unwrap();
    assert_eq!((q.ready_count(), q.unacked_count(), m.act.acked), (0, 0, 4), "the queue holds nothing once all are acked");
}

/// The compare view's stream mode: a topic read by consumer groups against a stream read by
/// consumers from `first` and `next`. Both logs keep what was read; every stream consumer
/// reads every message; a group member's partition goes to the other member from the
/// committed offset, while a revived stream consumer starts again from its `x-stream-offset`
/// (`first` reads everything again, `next` skips what came while it was down).
#[test]
fn the_compare_view_puts_a_stream_beside_a_kafka_topic() {
    use crate::compare::{CompareMode, STREAM};
    use brokerlab_core::event_broker::PartitionIndex;
    let mut page = page();
    page.apply(Action::View(ViewKind::Compare));
    page.apply(Action::CompareMode(CompareMode::Stream));
    let run = run_compare;
    let committed = |page: &Page, group: &str| {
        let c = page.compare.borrow();
        let e = c.event.borrow();
        let view = e.world().view();
        (0..2).map(|p| view.committed(group, "shop-events", PartitionIndex(p)).map_or(0, |o| o.0)).sum::<u64>()
    };
    let delivered = |page: &Page, consumer: &str| page.compare.borrow().message.borrow().act.delivered.get(consumer).copied().unwrap_or(0);
    for _ in 0..4 {
        page.apply(Action::CompareSend("order placed"));
    }
    run(&page, 10_000);
    {
        let c = page.compare.borrow();
        let e = c.event.borrow();
        let topic = e.world().view().event_broker().topic("shop-events").unwrap();
        let per_partition: Vec<u64> = topic.partitions().iter().map(|p| p.log_end().0).collect();
        assert_eq!(per_partition.iter().sum::<u64>(), 4, "the topic keeps all four: {per_partition:?}");
        assert!(per_partition.iter().all(|&n| n > 0), "keys spread over both partitions: {per_partition:?}");
        let payment = e.world().view().groups().find(|g| g.name.as_ref() == "payment").unwrap();
        assert!(payment.members.iter().all(|m| m.assigned.len() == 1), "two members share two partitions");
        let m = c.message.borrow();
        let stream = m.side().broker().queue(STREAM).unwrap().stream().unwrap();
        assert_eq!((stream.log.first_offset(), stream.log.next_offset()), (0, 4), "the stream keeps all four");
    }
    assert_eq!((committed(&page, "payment"), committed(&page, "audit")), (4, 4), "each group read everything");
    assert_eq!((delivered(&page, "reader-first"), delivered(&page, "reader-next")), (4, 4), "each stream consumer read everything");
    // Crash a group member and both stream consumers; two more events while they are down.
    page.apply(Action::CompareToggleGroupMember("payment", 0));
    page.apply(Action::CompareToggleWorker("reader-first".into()));
    page.apply(Action::CompareToggleWorker("reader-next".into()));
    run(&page, 11_000);
    page.apply(Action::CompareSend("order placed"));
    page.apply(Action::CompareSend("payment done"));
    run(&page, 12_000);
    page.apply(Action::CompareToggleWorker("reader-first".into()));
    page.apply(Action::CompareToggleWorker("reader-next".into()));
    run(&page, 30_000);
    assert_eq!(committed(&page, "payment"), 6, "the other member went on from the committed offsets");
    assert_eq!(delivered(&page, "reader-first"), 4 + 6, "from first: everything again");
    assert_eq!(delivered(&page, "reader-next"), 4, "from next: what came while it was down is skipped");
    let c = page.compare.borrow();
    let m = c.message.borrow();
    assert_eq!(m.side().broker().queue(STREAM).unwrap().stream().unwrap().log.next_offset(), 6, "the stream still keeps all six");
}
