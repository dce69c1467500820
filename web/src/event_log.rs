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
use crate::limits::{LOG_LIVE_MAX, LOG_SHOWN_MAX};
use crate::words::{Ui, words};


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
    let w = words(props.lang);
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
    let count = w.log_count(shown.len(), total, props.live);
    html! {
        <section class="log" aria-label={w.ui(Ui::EventLog)}>
            <h2>{w.ui(Ui::EventLog)}</h2>
            <div class="log-filters" role="group" aria-label={w.ui(Ui::FilterLog)}>
                <label>{w.ui(Ui::Broker)}
                    <select id="log-broker" onchange={on_broker} aria-label={w.ui(Ui::ShowEventsOf)}>
                        <option value="both" selected={*broker == BrokerFilter::Both}>{w.ui(Ui::Both)}</option>
                        <option value="kafka" selected={*broker == BrokerFilter::Kafka}>{"Kafka"}</option>
                        <option value="rabbitmq" selected={*broker == BrokerFilter::Rabbit}>{"RabbitMQ"}</option>
                    </select>
                </label>
                <label>{w.ui(Ui::Kind)}
                    <select id="log-kind" onchange={on_kind} aria-label={w.ui(Ui::EventKind)}>
                        <option value="" selected={kind.is_empty()}>{w.ui(Ui::AllKinds)}</option>
                        { for choices.iter().map(|k| html! {
                            <option value={k.clone()} selected={*k == *kind}>{w.event_kind(k)}</option>
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
                                    title={w.ui(Ui::GoToMoment)}
                                    aria-label={format!("{} {}", w.ui(Ui::GoToMomentLabel), line.at)}>
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
                                        aria-label={format!("{} {}", w.ui(Ui::InspectLine), line.text(props.lang))}>
                                        {w.ui(Ui::InspectLink)}
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
