//! The event log: every event with its explanation, newest at the bottom, filterable by broker
//! and by kind, each entry linked to the inspector (its subject) and to the time scrubber ("go
//! to this moment"). The simulations keep the last `LOG_LINES_MAX` lines; this shows at most
//! `LOG_SHOWN_MAX` of those that pass the filters, so a long run stays fast.

use brokerlab_core::Lang;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::inspector::Subject;
use crate::sim::{LOG_LINES_MAX, LogLine};

/// Lines drawn at once, after filtering.
pub const LOG_SHOWN_MAX: usize = 100;

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
    seen.sort_unstable();
    seen
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
    let (shown, total) = filtered(&props.lines, *broker, &kind, LOG_SHOWN_MAX);
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
    let count = if ko {
        format!("{total}개 중 {}개 표시 · 최근 {LOG_LINES_MAX}개 보관, 최대 {LOG_SHOWN_MAX}개 표시", shown.len())
    } else {
        format!("{} of {total} shown · the last {LOG_LINES_MAX} events are kept, at most {LOG_SHOWN_MAX} shown", shown.len())
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
                            <option value={k.clone()} selected={*k == *kind}>{k.replace('_', " ")}</option>
                        }) }
                    </select>
                </label>
                <span class="log-count" id="log-count" data-shown={shown.len().to_string()} data-total={total.to_string()}>{count}</span>
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
