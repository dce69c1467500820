//! The compare view: the same shop events sent through both brokers at once, side by side,
//! with a panel that states each difference as the learner sees it happen.

use std::cell::RefCell;
use std::rc::Rc;

use brokerlab_core::event_broker::PartitionIndex;
use brokerlab_core::Lang;
use yew::prelude::*;

use crate::compare::{CompareSims, QUEUE};
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

    // Facts, read from the two models as they are now.
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
    drop(event);
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
    let (acked, redelivered) = (message.act.acked, message.act.redelivered);
    drop(message);

    let groups_text = groups.iter().map(|(g, n)| format!("{g} {n}/{stored}")).collect::<Vec<_>>().join(" · ");
    html! {
        <main class="compare" id="stage">
            <div class="compare-controls" role="group" aria-label={w.ui(Ui::SendShopEvents)}>
                <button type="button" id="send-order" class="primary" onclick={send("order placed")}>{w.ui(Ui::OrderPlaced)}</button>
                <button type="button" id="send-payment" onclick={send("payment done")}>{w.ui(Ui::PaymentDone)}</button>
                <span class="hint">{w.ui(Ui::CompareHint)}</span>
            </div>
            <div class="compare-grid">
                <section class="stage" aria-label={w.ui(Ui::EventBroker)}>
                    <h2>{w.ui(Ui::EventBrokerHeading)}</h2>
                    <Diagram sim={sims.event.clone()} />
                </section>
                <section class="stage" aria-label={w.ui(Ui::MessageBroker)}>
                    <h2>{w.ui(Ui::MessageBrokerHeading)}</h2>
                    <MessageView sim={sims.message.clone()} dispatch={props.dispatch.clone()} compact={true} />
                </section>
            </div>
            <section class="differences" aria-label={w.ui(Ui::Differences)}>
                <h2>{w.ui(Ui::WhatYouSee)}</h2>
                <dl>
                    <dt>{w.ui(Ui::KeepingVsForgetting)}</dt>
                    <dd id="diff-retention">{w.diff_retention(stored, acked, ready, unacked)}</dd>
                    <dt>{w.ui(Ui::ReadersVsWorker)}</dt>
                    <dd id="diff-readers">{w.diff_readers(&groups_text, &per_worker.join(" · "))}</dd>
                    <dt>{w.ui(Ui::Replay)}</dt>
                    <dd id="diff-replay">{w.ui(Ui::DiffReplay)}</dd>
                    <dt>{w.ui(Ui::Ordering)}</dt>
                    <dd id="diff-ordering">{w.diff_ordering(redelivered)}</dd>
                </dl>
            </section>
        </main>
    }
}
