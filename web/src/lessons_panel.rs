//! The lessons panel: every lesson (an embedded instance: only its own), and the open lesson's
//! steps, with the current step's action and the way back and on.

use brokerlab_core::Lang;
use yew::prelude::*;

use crate::lessons;
use crate::page::Action;

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
    let ko = props.lang == Lang::Ko;
    let t = |en: &'static str, kr: &'static str| if ko { kr } else { en };
    let all = lessons::all();
    html! {
        <aside class="lessons" aria-label={t("Lessons", "레슨")}>
            <h2>{t("Lessons", "레슨")}</h2>
            <ol class="lesson-list">
                { for all.iter().enumerate().filter(|(i, _)| props.only.is_none_or(|o| o == *i)).map(|(i, l)| {
                    let open = props.lesson.is_some_and(|(li, _)| li == i);
                    let on_select = props.dispatch.reform(|(lesson, step)| Action::OpenLesson { lesson, step });
                    html! {
                        <li class={classes!(open.then_some("open"))}>
                            <button type="button" class="lesson" data-lesson={l.id} aria-expanded={open.to_string()}
                                onclick={Callback::from(move |_| on_select.emit((i, 0)))}>
                                {if ko { l.title_ko } else { l.title_en }}
                            </button>
                            if let (true, Some((_, step))) = (open, props.lesson) {
                                <div class="steps">
                                    <ol>
                                        { for l.steps.iter().enumerate().map(|(si, s)| {
                                            let current = si == step;
                                            html! {
                                                <li class={classes!("step", current.then_some("current"))} aria-current={current.then_some("step")}>
                                                    {if ko { s.ko } else { s.en }}
                                                    if let (true, Some((label_en, label_ko, action))) = (current, &s.action) {
                                                        <button type="button" class="primary lesson-action" onclick={{
                                                            let (dispatch, action) = (props.dispatch.clone(), action.clone());
                                                            Callback::from(move |_| dispatch.emit(Action::LessonAction(action.clone())))
                                                        }}>{if ko { *label_ko } else { *label_en }}</button>
                                                    }
                                                </li>
                                            }
                                        }) }
                                    </ol>
                                    <div class="step-nav">
                                        <button type="button" class="lesson-back" disabled={step == 0}
                                            onclick={props.dispatch.reform(move |_| Action::OpenLesson { lesson: i, step: step.saturating_sub(1) })}>
                                            {t("Back", "이전")}
                                        </button>
                                        <span class="step-count">{format!("{} / {}", step + 1, l.steps.len())}</span>
                                        <button type="button" class="lesson-next" disabled={step + 1 >= l.steps.len()}
                                            onclick={props.dispatch.reform(move |_| Action::OpenLesson { lesson: i, step: step + 1 })}>
                                            {t("Next", "다음")}
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

