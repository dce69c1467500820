//! The playback bar every view shows: play or pause, one step, ten seconds at once, speed,
//! the time scrubber and the clock.

use brokerlab_core::{Lang, SimTime};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::clock::SPEEDS;
use crate::page::Action;

#[derive(Properties, PartialEq, Debug)]
pub struct TransportProps {
    pub clock: crate::clock::Clock,
    pub now: String,
    pub lang: Lang,
    /// The time scrubber: (current time, furthest time reached) in simulated ms.
    pub scrub: (u64, u64),
    /// Play, pause, step, skip, speed and rewind go through here.
    pub dispatch: Callback<Action>,
}

#[function_component(Transport)]
pub fn transport_bar(props: &TransportProps) -> Html {
    let ko = props.lang == Lang::Ko;
    let t = |en: &'static str, kr: &'static str| if ko { kr } else { en };
    let toggle = props.dispatch.reform(|_: MouseEvent| Action::TogglePlay);
    let step = props.dispatch.reform(|_: MouseEvent| Action::Step);
    let skip = props.dispatch.reform(|_: MouseEvent| Action::Skip);
    let speed = props.dispatch.reform(|e: Event| Action::Speed(e.target_unchecked_into::<HtmlSelectElement>().value().parse().unwrap_or(1.0)));
    let scrub = props.dispatch.reform(|e: Event| {
        Action::Rewind(SimTime::from_ms(e.target_unchecked_into::<HtmlInputElement>().value().parse().unwrap_or(0)))
    });
    let (now, horizon) = props.scrub;
    html! {
        <div class="transport playback" role="group" aria-label={t("Playback", "재생")}>
            <button type="button" id="play" onclick={toggle} aria-pressed={(!props.clock.playing).to_string()}>
                { if props.clock.playing { t("Pause", "일시정지") } else { t("Play", "재생") } }
            </button>
            <button type="button" id="step" onclick={step} title={t("One event (→)", "한 이벤트 (→)")}>{t("Step", "한 단계")}</button>
            <button type="button" id="skip" onclick={skip}
                title={t("Run the next 10 simulated seconds at once: everything in them happens and is logged, without the animation (Shift+→)",
                         "다음 10초(시뮬레이션 시간)를 한 번에 실행합니다: 그 사이 일은 모두 일어나고 기록되며, 애니메이션만 생략합니다 (Shift+→)")}>
                {t("+10 s", "+10초")}
            </button>
            <label>{t("Speed", "속도")}
                <select id="speed" onchange={speed}>
                    { for SPEEDS.iter().map(|v| html! {
                        <option value={v.to_string()} selected={(*v - props.clock.speed).abs() < 1e-9}>{format!("{v}×")}</option>
                    }) }
                </select>
            </label>
            <input type="range" id="scrubber" class="scrubber" min="0" max={horizon.to_string()} step="10"
                value={now.min(horizon).to_string()} aria-label={t("Time: drag to rewind and replay", "시간: 끌어서 되감기와 다시 재생")}
                title={t("Rewind: the model replays exactly to the chosen time", "되감기: 모델이 고른 시간까지 정확히 다시 실행합니다")}
                onchange={scrub} />
            <span class="clock">{format!("t = {}", props.now)}</span>
        </div>
    }
}

