//! The playback bar every view shows: play or pause, one step, ten seconds at once, speed,
//! the time scrubber and the clock.

use brokerlab_core::{Lang, SimTime};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::clock::SPEEDS;
use crate::page::Action;
use crate::words::{Ui, words};

#[derive(Properties, PartialEq, Debug)]
pub struct TransportProps {
    pub clock: crate::clock::Clock,
    pub now: String,
    pub lang: Lang,
    /// The time scrubber: (current time, furthest time reached) in simulated ms.
    pub scrub: (u64, u64),
    /// Play, pause, step, skip, speed and rewind go through here.
    pub dispatch: Callback<Action>,
    /// [`Page::clock_label_writes`](crate::page::Page): the clock's label is keyed by it.
    pub label: u64,
}

/// The playback clock's label for the present `now`.
pub fn clock_label(now: &str) -> String {
    format!("t = {now}")
}

/// Where the clock's label is, for the frame loop writing it while it dozes.
pub const CLOCK_LABEL_SELECTOR: &str = ".playback .clock";

#[function_component(Transport)]
pub fn transport_bar(props: &TransportProps) -> Html {
    let w = words(props.lang);
    let toggle = props.dispatch.reform(|_: MouseEvent| Action::TogglePlay);
    let step = props.dispatch.reform(|_: MouseEvent| Action::Step);
    let skip = props.dispatch.reform(|_: MouseEvent| Action::Skip);
    let speed = props.dispatch.reform(|e: Event| Action::Speed(e.target_unchecked_into::<HtmlSelectElement>().value().parse().unwrap_or(1.0)));
    let scrub = props.dispatch.reform(|e: Event| {
        Action::Rewind(SimTime::from_ms(e.target_unchecked_into::<HtmlInputElement>().value().parse().unwrap_or(0)))
    });
    let (now, horizon) = props.scrub;
    html! {
        <div class="transport playback" role="group" aria-label={w.ui(Ui::Playback)}>
            <button type="button" id="play" onclick={toggle} aria-pressed={(!props.clock.playing).to_string()}>
                { if props.clock.playing { w.ui(Ui::Pause) } else { w.ui(Ui::Play) } }
            </button>
            <button type="button" id="step" onclick={step} title={w.ui(Ui::StepTitle)}>{w.ui(Ui::Step)}</button>
            <button type="button" id="skip" onclick={skip}
                title={w.ui(Ui::SkipTitle)}>
                {w.ui(Ui::Skip)}
            </button>
            <label>{w.ui(Ui::Speed)}
                <select id="speed" onchange={speed}>
                    { for SPEEDS.iter().map(|v| html! {
                        <option value={v.to_string()} selected={(*v - props.clock.speed).abs() < 1e-9}>{format!("{v}×")}</option>
                    }) }
                </select>
            </label>
            <input type="range" id="scrubber" class="scrubber" min="0" max={horizon.to_string()} step="10"
                value={now.min(horizon).to_string()} aria-label={w.ui(Ui::Scrubber)}
                title={w.ui(Ui::ScrubberTitle)}
                onchange={scrub} />
            // Keyed, in a list of its own: the frame loop writes this label while it dozes (the
            // clock plays on with no render); after such a write the next render replaces the
            // element, so what Yew shows is never a text it only thinks is there.
            <>
                <span class="clock" key={props.label.to_string()}>{clock_label(&props.now)}</span>
            </>
        </div>
    }
}

