//! What each view shows in the stage area: the event broker's, the message broker's and the
//! compare view's diagram, controls, playback bar, inspector and event log. They render the
//! page and emit actions; nothing here changes a model.

use brokerlab_core::SimTime;
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
use crate::words::{Ui, words};

#[derive(Properties, PartialEq, Debug)]
pub struct StageProps {
    pub page: PageRef,
    pub dispatch: Callback<Action>,
}

/// The event broker's view: diagram, faults, the Produce form, playback, and beside them the
/// inspector, the partitions table and the log.
#[function_component(EventStage)]
pub fn event_stage(props: &StageProps) -> Html {
    // The producer the learner picked; none picked (or it was removed): the first one.
    let chosen = use_state(|| None::<String>);
    let page = props.page.borrow();
    let (lang, dispatch) = (page.lang, props.dispatch.clone());
    let w = words(lang);
    let produce = {
        let (key, chosen) = (page.key.clone(), chosen.clone());
        dispatch.reform(move |e: SubmitEvent| {
            e.prevent_default();
            Action::Produce { producer: (*chosen).clone(), key: key.clone() }
        })
    };
    let on_key = dispatch.reform(|e: InputEvent| Action::Key(e.target_unchecked_into::<HtmlInputElement>().value()));
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
            <section class="stage" id="stage" aria-label={w.ui(Ui::EventBroker)}>
                <Diagram sim={sim.clone()} watch={page.watching()} />
                <Faults sim={sim.clone()} on_command={Some(dispatch.reform(Action::Event))} refused={refused.clone()} />
                <form class="transport" onsubmit={produce}>
                    // With several producers the learner picks which one sends (each sends to
                    // its own topic); with one there is nothing to choose.
                    if producers.len() > 1 {
                        <label>{w.ui(Ui::Producer)}
                            <select id="producer" onchange={on_producer} aria-label={w.ui(Ui::ProducerPicker)}>
                                { for producers.iter().map(|(name, topic)| html! {
                                    <option value={name.clone()} selected={*name == producing}>{format!("{name} → {topic}")}</option>
                                }) }
                            </select>
                        </label>
                    }
                    <label>{w.ui(Ui::Key)}
                        <input id="key" type="text" value={page.key.clone()} oninput={on_key}
                            maxlength="256" autocomplete="off" aria-label={w.ui(Ui::RecordKey)} />
                    </label>
                    <button type="submit" id="produce" class="primary">{w.ui(Ui::Produce)}</button>
                    if let Some(message) = refused {
                        <p class="error" role="alert">{message}</p>
                    }
                </form>
                <Transport {clock} {now} {scrub} {lang} dispatch={dispatch.clone()} label={page.clock_label_writes} />
                <p class="legend">
                    <span class="caret-key" aria-hidden="true">{"▼"}</span>
                    {w.ui(Ui::EventLegend)}
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
    let w = words(lang);
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
            <section class="stage" id="stage" aria-label={w.ui(Ui::MessageBroker)}>
                <MessageView sim={sim.clone()} dispatch={dispatch.clone()} {refused} watch={page.watching()} />
                <Transport clock={clock.clone()} {now} {scrub} {lang} dispatch={dispatch.clone()} label={page.clock_label_writes} />
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
    let w = words(lang);
    let sims = page.compare.borrow();
    let (e, m) = (sims.event.clone(), sims.message.clone());
    drop(sims);
    let mut log: Vec<LogLine> = e.borrow().log.iter().chain(m.borrow().log.iter()).cloned().collect();
    brokerlab_core::sort::sort_by_key(&mut log, |l| std::cmp::Reverse(l.at));
    let now = page.now();
    let horizon = e.borrow().horizon().max(m.borrow().horizon());
    let clock = e.borrow().clock.clone();
    let playing = clock.playing;
    let goto = dispatch.reform(|ms: u64| Action::Rewind(SimTime::from_ms(ms)));
    html! {
        <>
            <CompareView sims={page.compare.clone()} dispatch={dispatch.clone()} {lang} />
            <div class="layout compare-tools">
                <section class="stage" aria-label={w.ui(Ui::BothPlayback)}>
                    <Transport {clock} now={now.to_string()} scrub={(now.as_ms(), horizon.as_ms())} {lang} dispatch={dispatch.clone()} label={page.clock_label_writes} />
                    <p class="legend">{w.ui(Ui::CompareLegend)}</p>
                </section>
                <aside class="side">
                    <Inspector event={Some(e.clone())} message={Some(m.clone())} subject={page.inspected.clone()} {lang} on_close={dispatch.reform(|()| Action::CloseInspector)} />
                    <EventLog lines={log} {lang} on_goto={Some(goto)} selected={page.inspected.clone()} live={playing} />
                </aside>
            </div>
        </>
    }
}
