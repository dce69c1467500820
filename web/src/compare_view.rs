//! The compare view: the same shop events sent through both brokers at once, side by side,
//! with a panel that states each difference as the learner sees it happen.

use std::cell::RefCell;
use std::rc::Rc;

use brokerlab_core::event_broker::PartitionIndex;
use brokerlab_core::words::{count, number};
use brokerlab_core::Lang;
use yew::prelude::*;

use crate::compare::{CompareSims, QUEUE};
use crate::event_view::Diagram;
use crate::message_view::MessageView;
use crate::page::Action;

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
    let ko = props.lang == Lang::Ko;
    let t = |en: &'static str, kr: &'static str| if ko { kr } else { en };
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
            <div class="compare-controls" role="group" aria-label={t("Send shop events", "쇼핑 이벤트 보내기")}>
                <button type="button" id="send-order" class="primary" onclick={send("order placed")}>{t("Order placed", "주문 접수")}</button>
                <button type="button" id="send-payment" onclick={send("payment done")}>{t("Payment done", "결제 완료")}</button>
                <span class="hint">{t("Each click sends the same event to both brokers.", "클릭할 때마다 같은 이벤트를 두 브로커에 보냅니다.")}</span>
            </div>
            <div class="compare-grid">
                <section class="stage" aria-label={t("Event broker", "이벤트 브로커")}>
                    <h2>{t("Event broker (Kafka): record what happened", "이벤트 브로커 (Kafka): 일어난 일을 기록")}</h2>
                    <Diagram sim={sims.event.clone()} />
                </section>
                <section class="stage" aria-label={t("Message broker", "메시지 브로커")}>
                    <h2>{t("Message broker (RabbitMQ): hand a task to one worker", "메시지 브로커 (RabbitMQ): 작업을 한 워커에게")}</h2>
                    <MessageView sim={sims.message.clone()} dispatch={props.dispatch.clone()} compact={true} />
                </section>
            </div>
            <section class="differences" aria-label={t("Differences", "차이점")}>
                <h2>{t("What you are seeing", "지금 보이는 차이")}</h2>
                <dl>
                    <dt>{t("Keeping vs forgetting", "보관 vs 삭제")}</dt>
                    <dd id="diff-retention">{if ko {
                        format!("Kafka는 레코드 {stored}개를 그대로 보관합니다 (읽어도 지워지지 않음). RabbitMQ는 {acked}개를 ack 받자마자 잊었고, 대기 {ready} · 미확인 {unacked}개만 남아 있습니다.")
                    } else {
                        format!(
                            "Kafka keeps {} (reading deletes nothing). RabbitMQ forgot {} the moment {} acked; it holds only {ready} ready and {unacked} unacked.",
                            if stored == 1 { String::from("its 1 record") } else { format!("all {stored} records") },
                            count(acked, "message", "messages"),
                            number(acked, "it was", "they were")
                        )
                    }}</dd>
                    <dt>{t("Many readers vs one worker", "여러 독자 vs 한 워커")}</dt>
                    <dd id="diff-readers">{if ko {
                        format!("각 그룹이 모든 레코드를 독립적으로 읽습니다: {groups_text}. 큐는 메시지마다 워커 한 명에게만 줍니다: {}.", per_worker.join(" · "))
                    } else {
                        format!("Every group reads every record, independently: {groups_text}. The queue gives each message to one worker only: {}.", per_worker.join(" · "))
                    }}</dd>
                    <dt>{t("Replay", "다시 읽기")}</dt>
                    <dd id="diff-replay">{t(
                        "A group can seek back and read the log again from any offset still retained. Acked messages are gone: the queue has nothing to replay.",
                        "그룹은 보관 중인 어떤 오프셋으로든 돌아가 다시 읽을 수 있습니다. ack된 메시지는 사라져서 큐에는 다시 읽을 것이 없습니다.")}</dd>
                    <dt>{t("Ordering", "순서")}</dt>
                    <dd id="diff-ordering">{if ko {
                        format!("같은 키(order-N)는 같은 파티션으로 가서 순서가 지켜집니다. worker-2는 가끔 실패해 nack하고, 재전달된 메시지 {redelivered}개는 뒤에 온 메시지보다 늦게 처리될 수 있습니다.")
                    } else {
                        format!("The same key (order-N) always lands in the same partition, so its events stay in order. worker-2 sometimes fails and nacks; the {redelivered} redelivered messages can be processed after later ones.")
                    }}</dd>
                </dl>
            </section>
        </main>
    }
}
