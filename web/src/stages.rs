//! What each view shows in the stage area: the event broker's, the message broker's and the
//! compare view's diagram, controls, playback bar, inspector and event log. They render the
//! page and emit actions; nothing here changes a model.

use brokerlab_core::{Lang, SimTime};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::compare_view::CompareView;
use crate::event_log::EventLog;
use crate::event_view::{Diagram, Faults, Partitions};
use crate::inspector::Inspector;
use crate::log_line::LogLine;
use crate::message_view::MessageView;
use crate::notice::Refusal;
use crate::page::{Action, PageRef};
use crate::transport::Transport;

#[derive(Properties, PartialEq, Debug)]
pub struct StageProps {
    pub page: PageRef,
    pub dispatch: Callback<Action>,
}

/// The event broker's view: diagram, faults, the Produce form, playback, and beside them the
/// inspector, the partitions table and the log.
#[function_component(EventStage)]
pub fn event_stage(props: &StageProps) -> Html {
    let key = use_state(|| String::from("alice"));
    // The producer the learner picked; none picked (or it was removed): the first one.
    let chosen = use_state(|| None::<String>);
    let page = props.page.borrow();
    let (lang, dispatch) = (page.lang, props.dispatch.clone());
    let t = |en: &'static str, kr: &'static str| if lang == Lang::Ko { kr } else { en };
    let produce = {
        let (key, chosen) = (key.clone(), chosen.clone());
        dispatch.reform(move |e: SubmitEvent| {
            e.prevent_default();
            Action::Produce { producer: (*chosen).clone(), key: (*key).clone() }
        })
    };
    let on_key = {
        let key = key.clone();
        Callback::from(move |e: InputEvent| key.set(e.target_unchecked_into::<HtmlInputElement>().value()))
    };
    let on_producer = {
        let chosen = chosen.clone();
        Callback::from(move |e: Event| chosen.set(Some(e.target_unchecked_into::<HtmlSelectElement>().value())))
    };
    let sim = page.event.clone();
    let s = sim.borrow();
    let log: Vec<LogLine> = s.log.iter().rev().cloned().collect();
    // (name, topic) of every producer, and the one Produce sends with.
    let producers: Vec<(String, String)> = s.world().view().producers().map(|p| (p.name.to_string(), p.topic.to_string())).collect();
    let producing = s.producer_or_first((*chosen).as_deref());
    let (clock, now, scrub) = (s.clock.clone(), s.now().to_string(), (s.now().as_ms(), s.horizon().as_ms()));
    drop(s);
    let refused = match &page.refusal {
        Some(r @ Refusal::Event(_)) => Some(r.text(lang)),
        _ => None,
    };
    let goto = dispatch.reform(|ms: u64| Action::Rewind(SimTime::from_ms(ms)));
    html! {
        <main class="layout">
            <section class="stage" id="stage" aria-label={t("Event broker", "이벤트 브로커")}>
                <Diagram sim={sim.clone()} />
                <Faults sim={sim.clone()} on_command={Some(dispatch.reform(Action::Event))} />
                <form class="transport" onsubmit={produce}>
                    // With several producers the learner picks which one sends (each sends to
                    // its own topic); with one there is nothing to choose.
                    if producers.len() > 1 {
                        <label>{t("Producer", "프로듀서")}
                            <select id="producer" onchange={on_producer} aria-label={t("Producer that sends", "보낼 프로듀서")}>
                                { for producers.iter().map(|(name, topic)| html! {
                                    <option value={name.clone()} selected={*name == producing}>{format!("{name} → {topic}")}</option>
                                }) }
                            </select>
                        </label>
                    }
                    <label>{t("Key", "키")}
                        <input id="key" type="text" value={(*key).clone()} oninput={on_key}
                            maxlength="256" autocomplete="off" aria-label={t("Record key", "레코드 키")} />
                    </label>
                    <button type="submit" id="produce" class="primary">{t("Produce", "보내기")}</button>
                    if let Some(message) = refused {
                        <p class="error" role="alert">{message}</p>
                    }
                </form>
                <Transport {clock} {now} {scrub} {lang} dispatch={dispatch.clone()} />
                <p class="legend">
                    <span class="caret-key" aria-hidden="true">{"▼"}</span>
                    {t(" committed offset: the next record the group reads · LEO: log end offset · lag = high watermark − committed",
                       " 커밋된 오프셋: 그룹이 다음에 읽을 레코드 · LEO: 로그 끝 오프셋 · 랙 = 하이 워터마크 − 커밋")}
                </p>
            </section>
            <aside class="side">
                <Inspector event={Some(sim.clone())} subject={page.inspected.clone()} {lang} on_close={dispatch.reform(|()| Action::CloseInspector)} />
                <Partitions sim={sim.clone()} />
                <EventLog lines={log} {lang} on_goto={Some(goto)} selected={page.inspected.clone()} live={page.clock().playing} />
            </aside>
        </main>
    }
}

/// The message broker's view: diagram with its controls, playback, inspector and log.
#[function_component(MessageStage)]
pub fn message_stage(props: &StageProps) -> Html {
    let page = props.page.borrow();
    let (lang, dispatch) = (page.lang, props.dispatch.clone());
    let t = |en: &'static str, kr: &'static str| if lang == Lang::Ko { kr } else { en };
    let sim = page.message.clone();
    let s = sim.borrow();
    let log: Vec<LogLine> = s.log.iter().rev().cloned().collect();
    let (clock, now, scrub) = (s.clock.clone(), s.now().to_string(), (s.now().as_ms(), s.horizon().as_ms()));
    drop(s);
    let refused = match &page.refusal {
        Some(r @ Refusal::Message(_)) => Some(r.text(lang)),
        _ => None,
    };
    let goto = dispatch.reform(|ms: u64| Action::Rewind(SimTime::from_ms(ms)));
    html! {
        <main class="layout">
            <section class="stage" id="stage" aria-label={t("Message broker", "메시지 브로커")}>
                <MessageView sim={sim.clone()} dispatch={dispatch.clone()} {refused} />
                <Transport clock={clock.clone()} {now} {scrub} {lang} dispatch={dispatch.clone()} />
            </section>
            <aside class="side">
                <Inspector message={Some(sim.clone())} subject={page.inspected.clone()} {lang} on_close={dispatch.reform(|()| Action::CloseInspector)} />
                <EventLog lines={log} {lang} on_goto={Some(goto)} selected={page.inspected.clone()} live={clock.playing} />
            </aside>
        </main>
    }
}

/// The compare view: both brokers on one timeline, with one playback bar, the inspector and
/// one log for both.
#[function_component(CompareStage)]
pub fn compare_stage(props: &StageProps) -> Html {
    let page = props.page.borrow();
    let (lang, dispatch) = (page.lang, props.dispatch.clone());
    let t = |en: &'static str, kr: &'static str| if lang == Lang::Ko { kr } else { en };
    let sims = page.compare.borrow();
    let (e, m) = (sims.event.clone(), sims.message.clone());
    drop(sims);
    let mut log: Vec<LogLine> = e.borrow().log.iter().chain(m.borrow().log.iter()).cloned().collect();
    brokerlab_core::sort::sort_by_key(&mut log, |l| std::cmp::Reverse(l.at));
    let now = e.borrow().now().max(m.borrow().now());
    let horizon = e.borrow().horizon().max(m.borrow().horizon());
    let clock = e.borrow().clock.clone();
    let playing = clock.playing;
    let goto = dispatch.reform(|ms: u64| Action::Rewind(SimTime::from_ms(ms)));
    html! {
        <>
            <CompareView sims={page.compare.clone()} dispatch={dispatch.clone()} {lang} />
            <div class="layout compare-tools">
                <section class="stage" aria-label={t("Playback of both brokers", "두 브로커 재생")}>
                    <Transport {clock} now={now.to_string()} scrub={(now.as_ms(), horizon.as_ms())} {lang} dispatch={dispatch.clone()} />
                    <p class="legend">{t(
                        "Both brokers share one timeline: the scrubber and the times in the log rewind both to the same moment and replay them exactly.",
                        "두 브로커는 한 타임라인을 씁니다: 스크러버나 기록의 시간을 누르면 둘 다 같은 순간으로 되감기고 정확히 다시 실행됩니다.")}</p>
                </section>
                <aside class="side">
                    <Inspector event={Some(e.clone())} message={Some(m.clone())} subject={page.inspected.clone()} {lang} on_close={dispatch.reform(|()| Action::CloseInspector)} />
                    <EventLog lines={log} {lang} on_goto={Some(goto)} selected={page.inspected.clone()} live={playing} />
                </aside>
            </div>
        </>
    }
}
