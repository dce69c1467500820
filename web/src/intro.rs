//! The first screen's introduction: the distinction the page teaches, in two sentences, and
//! one obvious place to start. Not a modal: a band above the workspace, dismissed for good
//! with its close button (remembered in this browser), and out of the way while a lesson runs.

use brokerlab_core::Lang;
use yew::prelude::*;

use crate::page::{Action, ViewKind};
use crate::words::{Ui, words};

#[derive(Properties, PartialEq, Debug)]
pub struct IntroProps {
    pub lang: Lang,
    pub dispatch: Callback<Action>,
}

#[function_component(Intro)]
pub fn intro(props: &IntroProps) -> Html {
    let w = words(props.lang);
    let d = &props.dispatch;
    html! {
        <section class="intro" aria-labelledby="intro-title">
            <div class="intro-text">
                <h2 id="intro-title">{w.ui(Ui::IntroTitle)}</h2>
                <p><span class="intro-mark event" aria-hidden="true" />{w.ui(Ui::IntroEvent)}</p>
                <p><span class="intro-mark message" aria-hidden="true" />{w.ui(Ui::IntroMessage)}</p>
            </div>
            <div class="intro-actions">
                <button type="button" class="primary" id="intro-start" onclick={d.reform(|_| Action::OpenLesson { lesson: 0, step: 0 })}>
                    {w.ui(Ui::IntroStart)}
                </button>
                <button type="button" id="intro-compare" onclick={d.reform(|_| Action::View(ViewKind::Compare))}>{w.ui(Ui::IntroCompare)}</button>
            </div>
            <button type="button" class="dismiss intro-dismiss" aria-label={w.ui(Ui::IntroDismiss)} title={w.ui(Ui::IntroDismiss)}
                onclick={d.reform(|_| Action::DismissIntro)}>{"×"}</button>
        </section>
    }
}
