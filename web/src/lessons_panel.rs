//! The lessons panel: every lesson (an embedded instance: only its own), and the open lesson's
//! steps, with the current step's action and the way back and on.

use brokerlab_core::Lang;
use yew::prelude::*;

use crate::lessons;
use crate::page::Action;
use crate::words::{Ui, words};

#[derive(Properties, PartialEq, Debug)]
pub struct LessonsProps {
    /// (lesson index, step index) of the open lesson.
    pub lesson: Option<(usize, usize)>,
    pub lang: Lang,
    /// Show only this lesson (an embedded instance); `None` lists them all.
    #[prop_or_default]
    pub only: Option<usize>,
    /// Opening a lesson, moving between its steps and its steps' actions go through here.
    pub dispatch: Callback<Action>,
}

#[function_component(LessonsPanel)]
pub fn lessons_panel(props: &LessonsProps) -> Html {
    let w = words(props.lang);
    let all = lessons::all();
    html! {
        <aside class="lessons" aria-label={w.ui(Ui::Lessons)}>
            <h2>{w.ui(Ui::Lessons)}</h2>
            <ol class="lesson-list">
                { for all.iter().enumerate().filter(|(i, _)| props.only.is_none_or(|o| o == *i)).map(|(i, l)| {
                    let open = props.lesson.is_some_and(|(li, _)| li == i);
                    let said = w.lesson(l.id);
                    let on_select = props.dispatch.reform(|(lesson, step)| Action::OpenLesson { lesson, step });
                    html! {
                        <li class={classes!(open.then_some("open"))}>
                            <button type="button" class="lesson" data-lesson={l.id.as_str()} aria-expanded={open.to_string()}
                                onclick={Callback::from(move |_| on_select.emit((i, 0)))}>
                                {said.title()}
                            </button>
                            if let (true, Some((_, step))) = (open, props.lesson) {
                                <div class="steps">
                                    <ol>
                                        { for l.steps.iter().zip(said.steps()).enumerate().map(|(si, (s, step_words))| {
                                            let current = si == step;
                                            html! {
                                                <li class={classes!("step", current.then_some("current"))} aria-current={current.then_some("step")}>
                                                    {step_words.text}
                                                    if let (true, Some(action), Some(label)) = (current, &s.action, step_words.action) {
                                                        <button type="button" class="primary lesson-action" onclick={{
                                                            let (dispatch, action) = (props.dispatch.clone(), action.clone());
                                                            Callback::from(move |_| dispatch.emit(Action::LessonAction(action.clone())))
                                                        }}>{label}</button>
                                                    }
                                                </li>
                                            }
                                        }) }
                                    </ol>
                                    <div class="step-nav">
                                        <button type="button" class="lesson-back" disabled={step == 0}
                                            onclick={props.dispatch.reform(move |_| Action::OpenLesson { lesson: i, step: step.saturating_sub(1) })}>
                                            {w.ui(Ui::Back)}
                                        </button>
                                        <span class="step-count">{format!("{} / {}", step + 1, l.steps.len())}</span>
                                        <button type="button" class="lesson-next" disabled={step + 1 >= l.steps.len()}
                                            onclick={props.dispatch.reform(move |_| Action::OpenLesson { lesson: i, step: step + 1 })}>
                                            {w.ui(Ui::Next)}
                                        </button>
                                    </div>
                                </div>
                            }
                        </li>
                    }
                }) }
            </ol>
        </aside>
    }
}

