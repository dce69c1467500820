//! The event log: every event with its explanation, newest at the bottom, filterable by broker
//! and by kind, each entry linked to the inspector (its subject) and to the time scrubber ("go
//! to this moment"). The simulations keep the last `LOG_LINES_MAX` lines; this shows at most
//! `LOG_SHOWN_MAX` of those that pass the filters, so a long run stays fast, and while the
//! simulation plays only the newest `LOG_LIVE_MAX`: a busy run replaces every line at each
//! redraw, and the lines beyond the first screens cost the frame without being read
//! (docs/PERFORMANCE.md). Paused, the log shows its `LOG_SHOWN_MAX` again.

use brokerlab_core::Lang;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::subject::Subject;
use crate::log_line::LogLine;
use crate::limits::{LOG_LINES_MAX, LOG_LIVE_MAX, LOG_SHOWN_MAX};


/// Which broker's events to show.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BrokerFilter {
    Both,
    Kafka,
    Rabbit,
}

impl BrokerFilter {
    fn admits(self, line: &LogLine) -> bool {
        match self {
            BrokerFilter::Both => true,
            BrokerFilter::Kafka => line.kafka,
            BrokerFilter::Rabbit => !line.kafka,
        }
    }
}

/// The lines that pass both filters (`kind` empty: every kind), newest first, at most `max`,
/// and how many passed in all.
pub fn filtered<'a>(lines: &'a [LogLine], broker: BrokerFilter, kind: &str, max: usize) -> (Vec<&'a LogLine>, usize) {
    let passing = lines.iter().filter(|l| broker.admits(l) && (kind.is_empty() || l.kind == kind));
    let total = passing.clone().count();
    (passing.take(max).collect(), total)
}

/// The event kinds present, in first-seen order.
pub fn kinds(lines: &[LogLine]) -> Vec<&'static str> {
    let mut seen: Vec<&'static str> = Vec::new();
    for line in lines {
        if !seen.contains(&line.kind) {
            seen.push(line.kind);
        }
    }
    brokerlab_core::sort::sort(&mut seen);
    seen
}

/// A kind's name in the filter: its words in English, a Korean name in Korean (the identifier
/// itself for a kind not listed here).
pub fn kind_label(kind: &str, lang: Lang) -> String {
    if lang != Lang::Ko {
        return kind.replace('_', " ");
    }
    let ko = match kind {
        "record_sent" => "레코드 전송",
        "record_appended" => "레코드 추가",
        "record_rejected" => "레코드 거부",
        "not_enough_replicas" => "복제본 부족",
        "produce_acked" => "전송 확인",
        "replica_fetched" => "복제본 가져옴",
        "high_watermark_advanced" => "하이 워터마크 전진",
        "isr_shrunk" => "ISR 축소",
        "isr_expanded" => "ISR 확장",
        "broker_stopped" => "브로커 중지",
        "broker_started" => "브로커 시작",
        "leader_elected" => "리더 선출",
        "partition_offline" => "파티션 오프라인",
        "records_lost" => "레코드 유실",
        "replica_truncated" => "복제본 잘라냄",
        "topic_created" => "토픽 생성",
        "topic_deleted" => "토픽 삭제",
        "partitions_added" => "파티션 추가",
        "segments_deleted" => "세그먼트 삭제",
        "records_compacted" => "레코드 압축",
        "records_fetched" => "레코드 가져옴",
        "records_processed" => "레코드 처리",
        "offset_committed" => "오프셋 커밋",
        "commit_failed" => "커밋 실패",
        "rebalance_started" => "리밸런스 시작",
        "partitions_revoked" => "파티션 회수",
        "partitions_assigned" => "파티션 할당",
        "member_joined" => "멤버 참여",
        "member_left" => "멤버 떠남",
        "member_crashed" => "멤버 죽음",
        "member_paused" => "멤버 멈춤",
        "member_resumed" => "멤버 재개",
        "member_seeked" => "멤버 위치 이동",
        "static_member_returned" => "정적 멤버 복귀",
        "offset_reset" => "오프셋 초기화",
        "offsets_reset" => "오프셋 일괄 초기화",
        "no_offset_for_partition" => "오프셋 없음",
        "script_step_skipped" => "스크립트 단계 건너뜀",
        "publish_sent" => "발행 전송",
        "publish_arrived" => "발행 도착",
        "publish_refused" => "발행 거부",
        "delivery_sent" => "전달 전송",
        "processing_started" => "처리 시작",
        "settle_sent" => "ack/nack 전송",
        "consumer_crashed" => "컨슈머 죽음",
        "consumer_revived" => "컨슈머 되살아남",
        "consumer_paused" => "컨슈머 멈춤",
        "consumer_resumed" => "컨슈머 재개",
        "channel_opened" => "채널 열림",
        "channel_closed" => "채널 닫힘",
        "exchange_declared" => "익스체인지 선언",
        "exchange_deleted" => "익스체인지 삭제",
        "queue_declared" => "큐 선언",
        "queue_deleted" => "큐 삭제",
        "bound" => "바인딩 추가",
        "unbound" => "바인딩 제거",
        "consumer_started" => "컨슈머 구독",
        "consumer_cancelled" => "컨슈머 취소",
        "single_active_consumer" => "단일 활성 컨슈머",
        "message_published" => "메시지 발행",
        "alternate_exchange_used" => "대체 익스체인지 사용",
        "message_routed" => "메시지 라우팅",
        "message_enqueued" => "메시지 대기열 추가",
        "message_unroutable" => "라우팅 불가",
        "message_returned" => "메시지 반환",
        "publish_rejected" => "발행 거부됨",
        "publish_confirmed" => "발행 확인",
        "message_delivered" => "메시지 전달",
        "message_acked" => "메시지 ack",
        "message_requeued" => "메시지 재대기",
        "message_dead_lettered" => "데드레터 처리",
        "message_dropped" => "메시지 폐기",
        "broker_restarted" => "브로커 재시작",
        other => return other.to_string(),
    };
    ko.to_string()
}

#[derive(Properties, PartialEq, Debug)]
pub struct LogProps {
    /// Newest first.
    pub lines: Vec<LogLine>,
    pub lang: Lang,
    /// "Go to this moment": rewinds the view's simulation(s) to a time. `None`: no links.
    #[prop_or_default]
    pub on_goto: Option<Callback<u64>>,
    /// The inspected subject, highlighted where it appears.
    #[prop_or_default]
    pub selected: Option<Subject>,
    /// The simulation is playing: draw at most `LOG_LIVE_MAX` lines.
    #[prop_or_default]
    pub live: bool,
}

#[function_component(EventLog)]
pub fn event_log(props: &LogProps) -> Html {
    let ko = props.lang == Lang::Ko;
    let t = |en: &'static str, kr: &'static str| if ko { kr } else { en };
    let broker = use_state(|| BrokerFilter::Both);
    let kind = use_state(String::new);
    let present = kinds(&props.lines);
    // A kind chosen earlier that no longer appears (after a rewind) still filters, and stays in
    // the list so the choice remains visible.
    let mut choices = present.iter().map(|k| k.to_string()).collect::<Vec<_>>();
    if !kind.is_empty() && !choices.contains(&*kind) {
        choices.push((*kind).clone());
    }
    let max = if props.live { LOG_LIVE_MAX } else { LOG_SHOWN_MAX };
    let (shown, total) = filtered(&props.lines, *broker, &kind, max);
    let on_broker = {
        let broker = broker.clone();
        Callback::from(move |e: Event| {
            broker.set(match e.target_unchecked_into::<HtmlSelectElement>().value().as_str() {
                "kafka" => BrokerFilter::Kafka,
                "rabbitmq" => BrokerFilter::Rabbit,
                _ => BrokerFilter::Both,
            });
        })
    };
    let on_kind = {
        let kind = kind.clone();
        Callback::from(move |e: Event| kind.set(e.target_unchecked_into::<HtmlSelectElement>().value()))
    };
    let count = match (ko, props.live) {
        (true, false) => format!("{total}개 중 {}개 표시 · 최근 {LOG_LINES_MAX}개 보관, 최대 {LOG_SHOWN_MAX}개 표시", shown.len()),
        (true, true) => format!("{total}개 중 {}개 표시 · 재생 중에는 최근 {LOG_LIVE_MAX}개, 일시정지하면 최대 {LOG_SHOWN_MAX}개", shown.len()),
        (false, false) => format!("{} of {total} shown · the last {LOG_LINES_MAX} events are kept, at most {LOG_SHOWN_MAX} shown", shown.len()),
        (false, true) => format!("{} of {total} shown · the newest {LOG_LIVE_MAX} while playing, up to {LOG_SHOWN_MAX} when paused", shown.len()),
    };
    html! {
        <section class="log" aria-label={t("Event log", "이벤트 기록")}>
            <h2>{t("Event log", "이벤트 기록")}</h2>
            <div class="log-filters" role="group" aria-label={t("Filter the log", "기록 거르기")}>
                <label>{t("Broker", "브로커")}
                    <select id="log-broker" onchange={on_broker} aria-label={t("Show events of", "보여 줄 브로커")}>
                        <option value="both" selected={*broker == BrokerFilter::Both}>{t("Both", "모두")}</option>
                        <option value="kafka" selected={*broker == BrokerFilter::Kafka}>{"Kafka"}</option>
                        <option value="rabbitmq" selected={*broker == BrokerFilter::Rabbit}>{"RabbitMQ"}</option>
                    </select>
                </label>
                <label>{t("Kind", "종류")}
                    <select id="log-kind" onchange={on_kind} aria-label={t("Event kind", "이벤트 종류")}>
                        <option value="" selected={kind.is_empty()}>{t("All kinds", "모든 종류")}</option>
                        { for choices.iter().map(|k| html! {
                            <option value={k.clone()} selected={*k == *kind}>{kind_label(k, props.lang)}</option>
                        }) }
                    </select>
                </label>
                <span class="log-count" id="log-count" data-shown={shown.len().to_string()} data-total={total.to_string()} data-live={props.live.to_string()}>{count}</span>
            </div>
            // Rendered newest-first into a column-reverse list: newest at the bottom, and the
            // scroll position stays pinned to it.
            <ol id="event-log">
                { for shown.into_iter().map(|line| {
                    let selected = line.subject.is_some() && line.subject == props.selected;
                    let at = line.at.as_ms();
                    html! {
                        <li class={classes!("ev", line.kind, selected.then_some("selected"))} data-kind={line.kind} data-at={at.to_string()}
                            data-broker={if line.kafka { "kafka" } else { "rabbitmq" }}>
                            if let Some(on_goto) = &props.on_goto {
                                <button type="button" class="goto" onclick={on_goto.reform(move |_: MouseEvent| at)}
                                    title={t("Go to this moment", "이 순간으로 가기")}
                                    aria-label={format!("{} {}", t("Go to this moment:", "이 순간으로 가기:"), line.at)}>
                                    <time>{format!("{}", line.at)}</time>
                                </button>
                            } else {
                                <time>{format!("{}", line.at)}</time>
                            }
                            <span>
                                {line.text(props.lang)}
                                if let Some(subject) = &line.subject {
                                    {" "}
                                    <button type="button" class="link inspect" data-inspect={subject.attr()}
                                        aria-label={format!("{} {}", t("Inspect", "살펴보기"), line.text(props.lang))}>
                                        {t("inspect", "살펴보기")}
                                    </button>
                                }
                            </span>
                        </li>
                    }
                }) }
            </ol>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use brokerlab_core::SimTime;

    fn line(at: u64, kind: &'static str, kafka: bool) -> LogLine {
        LogLine { at: SimTime::from_ms(at), kind, en: String::new(), ko: String::new(), subject: None, kafka }
    }

    #[test]
    fn filters_by_broker_and_kind_and_caps_what_is_drawn() {
        let lines = vec![line(3, "record_sent", true), line(2, "message_acked", false), line(1, "record_sent", true)];
        let (shown, total) = filtered(&lines, BrokerFilter::Kafka, "", 10);
        assert_eq!((shown.len(), total), (2, 2));
        let (shown, total) = filtered(&lines, BrokerFilter::Both, "message_acked", 10);
        assert_eq!((shown.len(), total, shown[0].at.as_ms()), (1, 1, 2));
        let (shown, total) = filtered(&lines, BrokerFilter::Rabbit, "record_sent", 10);
        assert_eq!((shown.len(), total), (0, 0));
        let (shown, total) = filtered(&lines, BrokerFilter::Both, "", 1);
        assert_eq!((shown.len(), total, shown[0].at.as_ms()), (1, 3, 3), "newest first, capped, the total still counted");
        assert_eq!(kinds(&lines), ["message_acked", "record_sent"]);
    }
}
