//! The compare view: the same shop events sent through both brokers at once, side by side,
//! with a panel that states each difference as the learner sees it happen.

use std::cell::RefCell;
use std::rc::Rc;

use brokerlab_core::event_broker::PartitionIndex;
use brokerlab_core::Lang;
use brokerlab_core::world::MemberState;
use yew::prelude::*;

use crate::compare::{CompareMode, CompareSims, QUEUE, SHARE_GROUP, STREAM, STREAM_GROUPS};
use crate::event_view::Diagram;
use crate::message_view::MessageView;
use crate::page::Action;
use crate::words::{Ui, words};

#[derive(Properties, Debug)]
pub struct CompareProps {
    pub sims: Rc<RefCell<CompareSims>>,
    /// The shop events go through here.
    pub dispatch: Callback<Action>,
    pub lang: Lang,
}

impl PartialEq for CompareProps {
    fn eq(&self, _: &Self) -> bool {
        false
    }
}

#[function_component(CompareView)]
pub fn compare_view(props: &CompareProps) -> Html {
    let w = words(props.lang);
    let sims = props.sims.borrow();
    let send = |what: &'static str| props.dispatch.reform(move |_: MouseEvent| Action::CompareSend(what));

    let facts = match sims.mode {
        CompareMode::Groups => group_facts(&sims, props.lang),
        CompareMode::Share => share_facts(&sims, props.lang),
        CompareMode::Stream => stream_facts(&sims, props.lang),
    };
    let mode = |m: CompareMode, id: &'static str, label: Ui| {
        let pressed = sims.mode == m;
        html! {
            <button type="button" {id} aria-pressed={pressed.to_string()} class={classes!(pressed.then_some("on"))}
                    onclick={props.dispatch.reform(move |_: MouseEvent| Action::CompareMode(m))}>{w.ui(label)}</button>
        }
    };
    let (hint, data_mode) = match sims.mode {
        CompareMode::Groups => (Ui::CompareHint, "groups"),
        CompareMode::Share => (Ui::CompareShareHint, "share"),
        CompareMode::Stream => (Ui::CompareStreamHint, "stream"),
    };
    html! {
        <main class="compare" id="stage">
            <div class="compare-modes" role="group" aria-label={w.ui(Ui::CompareModes)}>
                { mode(CompareMode::Groups, "compare-groups", Ui::CompareGroups) }
                { mode(CompareMode::Share, "compare-share", Ui::CompareShare) }
                { mode(CompareMode::Stream, "compare-stream", Ui::CompareStream) }
            </div>
            <div class="compare-controls" role="group" aria-label={w.ui(Ui::SendShopEvents)}>
                <button type="button" id="send-order" class="primary" onclick={send("order placed")}>{w.ui(Ui::OrderPlaced)}</button>
                <button type="button" id="send-payment" onclick={send("payment done")}>{w.ui(Ui::PaymentDone)}</button>
                <span class="hint">{w.ui(hint)}</span>
            </div>
            if sims.mode == CompareMode::Share {
                { share_faults(&sims, &props.dispatch, props.lang) }
            }
            if sims.mode == CompareMode::Stream {
                { stream_faults(&sims, &props.dispatch, props.lang) }
            }
            <div class="compare-grid">
                <section class="stage" aria-label={w.ui(Ui::EventBroker)}>
                    <h2>{w.ui(Ui::EventBrokerHeading)}</h2>
                    <Diagram sim={sims.event.clone()} />
                </section>
                <section class="stage" aria-label={w.ui(Ui::MessageBroker)}>
                    <h2>{w.ui(if sims.mode == CompareMode::Stream { Ui::MessageBrokerStreamHeading } else { Ui::MessageBrokerHeading })}</h2>
                    <MessageView sim={sims.message.clone()} dispatch={props.dispatch.clone()} compact={true} />
                </section>
            </div>
            <section class="differences" aria-label={w.ui(Ui::Differences)} data-mode={data_mode}>
                <h2>{w.ui(Ui::WhatYouSee)}</h2>
                <dl>
                    { for facts.into_iter().map(|(id, term, text)| html! { <><dt>{w.ui(term)}</dt><dd {id}>{text}</dd></> }) }
                </dl>
            </section>
        </main>
    }
}

/// One line of the differences panel: its element id, its heading and its text.
type Fact = (&'static str, Ui, String);

/// Consumer groups against the work queue, read from the two models as they are now.
fn group_facts(sims: &CompareSims, lang: Lang) -> Vec<Fact> {
    let w = words(lang);
    let event = sims.event.borrow();
    let view = event.world().view();
    let topic = view.event_broker().topic("shop-events");
    let stored: u64 = topic.map_or(0, |t| t.partitions().iter().map(|p| p.log_end().0 - p.log_start().0).sum());
    let groups: Vec<(String, u64)> = view
        .groups()
        .map(|g| {
            let read = (0..topic.map_or(0, |t| t.partition_count()))
                .map(|p| view.committed(g.name, "shop-events", PartitionIndex(p)).map_or(0, |o| o.0))
                .sum();
            (g.name.to_string(), read)
        })
        .collect();
    let (ready, unacked, per_worker, acked, redelivered) = queue_facts(sims);
    let groups_text = groups.iter().map(|(g, n)| format!("{g} {n}/{stored}")).collect::<Vec<_>>().join(" · ");
    vec![
        ("diff-retention", Ui::KeepingVsForgetting, w.diff_retention(stored, acked, ready, unacked)),
        ("diff-readers", Ui::ReadersVsWorker, w.diff_readers(&groups_text, &per_worker)),
        ("diff-replay", Ui::Replay, w.ui(Ui::DiffReplay).to_string()),
        ("diff-ordering", Ui::Ordering, w.diff_ordering(redelivered)),
    ]
}

/// A share group (KIP-932) against the work queue: what each keeps, how the work is spread,
/// what comes back and when.
fn share_facts(sims: &CompareSims, lang: Lang) -> Vec<Fact> {
    let w = words(lang);
    let event = sims.event.borrow();
    let view = event.world().view();
    let topic = view.event_broker().topic("shop-events");
    let stored: u64 = topic.map_or(0, |t| t.partitions().iter().map(|p| p.log_end().0 - p.log_start().0).sum());
    let partitions = topic.map_or(0, |t| t.partition_count());
    let group = view.share_group_views().find(|g| g.name.as_ref() == SHARE_GROUP);
    let (lock_ms, limit) = group.as_ref().map_or((0, 0), |g| (g.record_lock_duration_ms, g.delivery_count_limit));
    let tally = &event.act.share;
    let members = (0..group.as_ref().map_or(0, |g| g.members.len() as u32))
        .map(|m| format!("m{m} {}", tally.acquired.get(&(SHARE_GROUP.to_string(), m)).copied().unwrap_or(0)))
        .collect::<Vec<_>>()
        .join(" · ");
    let (ready, unacked, per_worker, acked, rabbit_redelivered) = queue_facts(sims);
    vec![
        ("diff-retention", Ui::KeepingVsForgetting, w.diff_share_kept(stored, tally.accepted, acked, ready, unacked)),
        ("diff-readers", Ui::SpreadingWork, w.diff_share_spread(partitions, &members, &per_worker)),
        ("diff-redelivery", Ui::Redelivery, w.diff_share_redelivery(tally.redelivered, lock_ms, limit, rabbit_redelivered)),
        ("diff-ordering", Ui::Ordering, w.ui(Ui::DiffShareOrdering).to_string()),
        ("diff-replay", Ui::Replay, w.ui(Ui::DiffShareReplay).to_string()),
    ]
}

/// Consumer groups on a topic against a RabbitMQ stream (R21): partitions and keys, who
/// reads what, who keeps the offset, and what both keep.
fn stream_facts(sims: &CompareSims, lang: Lang) -> Vec<Fact> {
    let w = words(lang);
    let event = sims.event.borrow();
    let view = event.world().view();
    let topic = view.event_broker().topic("shop-events");
    let per_partition: Vec<u64> =
        topic.map_or(Vec::new(), |t| t.partitions().iter().map(|p| p.log_end().0 - p.log_start().0).collect());
    let stored: u64 = per_partition.iter().sum();
    let partitions = per_partition.len() as u32;
    let spread = per_partition.iter().enumerate().map(|(p, n)| format!("p{p} {n}")).collect::<Vec<_>>().join(" · ");
    // Who in each group owns which partition ("payment m0 p0 · m1 p1"; a crashed member ✕).
    let groups = view
        .groups()
        .filter(|g| STREAM_GROUPS.contains(&g.name.as_ref()))
        .map(|g| {
            let members = g.members.iter().map(|m| {
                let owned = m.assigned.iter().map(|(_, p)| format!("p{}", p.0)).collect::<Vec<_>>().join("+");
                let owned = if m.state == MemberState::Crashed { String::from("✕") } else if owned.is_empty() { String::from("–") } else { owned };
                format!("m{} {owned}", m.index)
            });
            format!("{} {}", g.name, members.collect::<Vec<_>>().join(" · "))
        })
        .collect::<Vec<_>>()
        .join("; ");
    // What each group committed, per partition ("payment p0 3 · p1 2"; – before its first commit).
    let committed = STREAM_GROUPS
        .iter()
        .map(|g| {
            let offsets = (0..partitions).map(|p| {
                let at = view.committed(g, "shop-events", PartitionIndex(p)).map_or(String::from("–"), |o| o.0.to_string());
                format!("p{p} {at}")
            });
            format!("{g} {}", offsets.collect::<Vec<_>>().join(" · "))
        })
        .collect::<Vec<_>>()
        .join("; ");
    let message = sims.message.borrow();
    let side = message.side();
    let (first, next) = side.broker().queue(STREAM).and_then(|q| q.stream()).map_or((0, 0), |s| (s.log.first_offset(), s.log.next_offset()));
    let positions = crate::message_view::stream_positions(side);
    let consumers: Vec<(String, &'static str)> =
        side.consumers().filter(|(_, q, ..)| q.as_ref() == STREAM).map(|(n, _, state, _)| (n.to_string(), state)).collect();
    let delivered = consumers
        .iter()
        .map(|(n, _)| format!("{n} {}", message.act.delivered.get(n.as_str()).copied().unwrap_or(0)))
        .collect::<Vec<_>>()
        .join(" · ");
    let at = consumers
        .iter()
        .map(|(n, state)| match positions.get(n.as_str()) {
            Some(next) => format!("{n} {}", w.stream_reader(w.consumer_state(state), *next)),
            None => format!("{n} {}", w.consumer_state(state)),
        })
        .collect::<Vec<_>>()
        .join(" · ");
    vec![
        ("diff-partitions", Ui::PartitionsAndKeys, w.diff_stream_partitions(partitions, &spread, first, next)),
        ("diff-readers", Ui::EveryReaderReads, w.diff_stream_readers(&groups, &delivered, next - first)),
        ("diff-offsets", Ui::WhoKeepsTheOffset, w.diff_stream_offsets(&committed, &at)),
        ("diff-retention", Ui::WhatBothKeep, w.diff_stream_kept(stored, next - first)),
    ]
}

/// The work queue: ready, unacked, each worker's deliveries ("worker-1 3 · worker-2 2"),
/// acked and redelivered so far.
fn queue_facts(sims: &CompareSims) -> (usize, usize, String, u64, u64) {
    let message = sims.message.borrow();
    let queue = message.side().broker().queue(QUEUE);
    let (ready, unacked) = queue.map_or((0, 0), |q| (q.ready_count(), q.unacked_count()));
    // Every worker of the queue, from the start (a sentence ending in ": ." before the first
    // delivery said nothing): how many messages each was given.
    let per_worker: Vec<String> = message
        .side()
        .consumers()
        .filter(|(_, queue, _, _)| &***queue == QUEUE)
        .map(|(w, _, _, _)| format!("{w} {}", message.act.delivered.get(&**w).copied().unwrap_or(0)))
        .collect();
    (ready, unacked, per_worker.join(" · "), message.act.acked, message.act.redelivered)
}

/// Share mode: a crash (or revive) button for each share-group member and each worker.
fn share_faults(sims: &CompareSims, dispatch: &Callback<Action>, lang: Lang) -> Html {
    let w = words(lang);
    let label = |down: bool| if down { w.ui(Ui::Revive) } else { w.ui(Ui::Crash) };
    let event = sims.event.borrow();
    let view = event.world().view();
    let members: Vec<(u32, bool)> = view
        .share_group_views()
        .filter(|g| g.name.as_ref() == SHARE_GROUP)
        .flat_map(|g| g.members.into_iter().enumerate().map(|(m, v)| (m as u32, v.state == MemberState::Crashed)))
        .collect();
    html! {
        <div class="compare-faults faults" role="group" aria-label={w.ui(Ui::Faults)}>
            { for members.into_iter().map(|(m, down)| html! {
                <button type="button" class="compare-share-fault" data-member={m.to_string()}
                        onclick={dispatch.reform(move |_: MouseEvent| Action::CompareToggleShareMember(m))}>
                    {format!("{} {SHARE_GROUP} m{m}", label(down))}
                </button>
            }) }
            { consumer_faults(sims, dispatch, label) }
        </div>
    }
}

/// Stream mode: a crash (or revive) button for each member of `payment` and each stream
/// consumer, so a learner sees a group go on from its committed offsets and a stream consumer
/// start again from its `x-stream-offset`.
fn stream_faults(sims: &CompareSims, dispatch: &Callback<Action>, lang: Lang) -> Html {
    let w = words(lang);
    let label = |down: bool| if down { w.ui(Ui::Revive) } else { w.ui(Ui::Crash) };
    let group = STREAM_GROUPS[0];
    let event = sims.event.borrow();
    let view = event.world().view();
    let members: Vec<(u32, bool)> = view
        .groups()
        .filter(|g| g.name.as_ref() == group)
        .flat_map(|g| g.members.into_iter().map(|m| (m.index, m.state == MemberState::Crashed)))
        .collect();
    html! {
        <div class="compare-faults faults" role="group" aria-label={w.ui(Ui::Faults)}>
            { for members.into_iter().map(|(m, down)| html! {
                <button type="button" class="compare-member-fault" data-group={group} data-member={m.to_string()}
                        onclick={dispatch.reform(move |_: MouseEvent| Action::CompareToggleGroupMember(group, m))}>
                    {format!("{} {group} m{m}", label(down))}
                </button>
            }) }
            { consumer_faults(sims, dispatch, label) }
        </div>
    }
}

/// A crash (or revive) button for each consumer of the RabbitMQ side: the work queue's workers
/// in share mode, the stream's readers in stream mode.
fn consumer_faults(sims: &CompareSims, dispatch: &Callback<Action>, label: impl Fn(bool) -> &'static str) -> Html {
    let message = sims.message.borrow();
    let consumers: Vec<(String, bool)> =
        message.side().consumers().map(|(name, _, state, _)| (name.to_string(), state == "down")).collect();
    html! {
        { for consumers.into_iter().map(|(name, down)| {
            let target = name.clone();
            html! {
                <button type="button" class="compare-worker-fault" data-consumer={name.clone()}
                        onclick={dispatch.reform(move |_: MouseEvent| Action::CompareToggleWorker(target.clone()))}>
                    {format!("{} {name}", label(down))}
                </button>
            }
        }) }
    }
}
