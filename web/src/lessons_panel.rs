//! The lessons panel. With no lesson open: every lesson (an embedded instance: only its own),
//! the finished ones marked. With a lesson open it becomes the lesson's card, small enough to
//! sit beside the diagram: the way back to the list, the current step's text, its question
//! (predict, then watch) and its action, and Back and Next.

use brokerlab_core::Lang;
use yew::prelude::*;

use crate::checkpoint::Because;
use crate::lessons::{self, Lesson};
use crate::page::{Action, Checkpoint};
use crate::words::{StepWords, Ui, words};

#[derive(Properties, PartialEq, Debug)]
pub struct LessonsProps {
    /// (lesson index, step index) of the open lesson.
    pub lesson: Option<(usize, usize)>,
    pub lang: Lang,
    /// Show only this lesson (an embedded instance); `None` lists them all.
    #[prop_or_default]
    pub only: Option<usize>,
    /// The open step's question, if it asks one.
    #[prop_or_default]
    pub checkpoint: Option<Checkpoint>,
    /// Ids of the lessons the learner finished.
    #[prop_or_default]
    pub finished: Vec<String>,
    /// Opening a lesson, moving between its steps and its steps' actions go through here.
    pub dispatch: Callback<Action>,
}

#[function_component(LessonsPanel)]
pub fn lessons_panel(props: &LessonsProps) -> Html {
    let w = words(props.lang);
    let all = lessons::all();
    let running = props.lesson.is_some() && props.only.is_none();
    let shown = |i: usize| match (props.only, props.lesson) {
        (Some(o), _) => o == i,
        (None, Some((open, _))) => open == i,
        (None, None) => true,
    };
    html! {
        <aside class={classes!("lessons", running.then_some("running"))} aria-label={w.ui(Ui::Lessons)}>
            if running {
                <button type="button" class="all-lessons" onclick={props.dispatch.reform(|_| Action::CloseLesson)}>
                    {"‹ "}{w.ui(Ui::AllLessons)}
                </button>
            } else {
                <h2>{w.ui(Ui::Lessons)}</h2>
            }
            <ol class="lesson-list">
                { for all.iter().enumerate().filter(|(i, _)| shown(*i)).map(|(i, l)| {
                    let open = props.lesson.is_some_and(|(li, _)| li == i);
                    let finished = props.finished.iter().any(|f| f == l.id.as_str());
                    let on_select = props.dispatch.reform(|(lesson, step)| Action::OpenLesson { lesson, step });
                    html! {
                        <li class={classes!(open.then_some("open"), finished.then_some("finished"))}>
                            <button type="button" class="lesson" data-lesson={l.id.as_str()} aria-expanded={open.to_string()}
                                onclick={Callback::from(move |_| on_select.emit((i, 0)))}>
                                {w.lesson(l.id).title()}
                                if finished {
                                    <span class="done-mark" aria-hidden="true">{" ✓"}</span>
                                    <span class="visually-hidden">{format!(" ({})", w.ui(Ui::LessonFinished))}</span>
                                }
                            </button>
                            if let (true, Some((_, step))) = (open, props.lesson) {
                                { card(props, i, l, step) }
                            }
                        </li>
                    }
                }) }
            </ol>
        </aside>
    }
}

/// The open lesson's current step, its question and the way back and on.
fn card(props: &LessonsProps, i: usize, l: &Lesson, step: usize) -> Html {
    let w = words(props.lang);
    let said: Vec<StepWords> = w.lesson(l.id).steps().collect();
    let (Some(s), Some(step_words)) = (l.steps.get(step), said.get(step).copied()) else { return html! {} };
    let checkpoint = props.checkpoint.as_ref().filter(|c| c.at == (i, step));
    html! {
        <div class="steps">
            <p class="step-of">{w.step_of(step + 1, l.steps.len())}</p>
            <div class="step-dots" aria-hidden="true">
                { for (0..l.steps.len()).map(|d| html! { <span class={classes!("dot", (d < step).then_some("done"), (d == step).then_some("now"))} /> }) }
            </div>
            <ol>
                <li class="step current" value={(step + 1).to_string()} aria-current="step">
                    <p class="step-text">{step_words.text}</p>
                    if let (Some(c), Some(question)) = (checkpoint, step_words.question) {
                        { question_block(props, c, question) }
                        if let (Some(_), Some(after)) = (&c.truth, step_words.after) {
                            <p class="after-text">{after}</p>
                        }
                    }
                </li>
            </ol>
            // The step's action and the way on stay together at the card's foot (on a phone,
            // pinned to the bottom of the card while its text scrolls).
            <div class="card-foot">
            if let (Some(action), Some(label)) = (&s.action, step_words.action) {
                <button type="button" class="primary lesson-action" onclick={{
                    let (dispatch, action) = (props.dispatch.clone(), action.clone());
                    Callback::from(move |_| dispatch.emit(Action::LessonAction(action.clone())))
                }}>{label}</button>
            }
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
        </div>
    }
}

/// The step's question: its answers, then (once the action ran) what the model did, whether
/// the prediction held, and the event that decided it.
fn question_block(props: &LessonsProps, c: &Checkpoint, question: &'static str) -> Html {
    let w = words(props.lang);
    let judged = c.truth.as_ref();
    let state = match (judged, &c.picked, c.skipped) {
        (Some(_), ..) => "judged",
        (None, Some(_), _) => "picked",
        (None, None, true) => "skipped",
        (None, None, false) => "open",
    };
    let held = c.held();
    html! {
        <div class="checkpoint" data-state={state}>
            <p class="question"><strong>{w.ui(Ui::Predict)}{": "}</strong>{question}</p>
            if !c.skipped || judged.is_some() {
                <div class="choices" role="group" aria-label={question}>
                    { for c.choices.iter().map(|choice| {
                        let picked = c.picked.as_ref() == Some(choice);
                        let right = judged.is_some_and(|t| choice.matches(&t.answer));
                        let on_pick = {
                            let choice = choice.clone();
                            props.dispatch.reform(move |_| Action::Predict(choice.clone()))
                        };
                        html! {
                            <button type="button" class={classes!("choice", picked.then_some("picked"), right.then_some("right"))}
                                aria-pressed={picked.to_string()} disabled={judged.is_some()} onclick={on_pick}>
                                {w.choice(choice)}
                            </button>
                        }
                    }) }
                </div>
            }
            if judged.is_none() {
                if c.skipped {
                    <p class="hint">{w.ui(Ui::Skipped)}</p>
                } else if c.picked.is_some() {
                    <p class="hint">{w.ui(Ui::Picked)}</p>
                } else {
                    <button type="button" class="link skip-question" onclick={props.dispatch.reform(|_| Action::SkipQuestion)}>
                        {w.ui(Ui::SkipQuestion)}
                    </button>
                }
            }
            if let Some(truth) = judged {
                <p class={classes!("verdict", held.map(|h| if h { "right" } else { "wrong" }))} role="status" data-answer={w.choice(&truth.answer)}>
                    if let Some(h) = held {
                        <strong>{w.ui(if h { Ui::PredictionRight } else { Ui::PredictionWrong })}{" "}</strong>
                    }
                    {w.ui(Ui::WhatHappened)}{" "}<strong>{w.choice(&truth.answer)}</strong>
                    if let (Some(false), Some(p)) = (held, &c.picked) {
                        {format!(" ({} {})", w.ui(Ui::YouSaid), w.choice(p))}
                    }
                </p>
                if let Some(because) = &truth.because {
                    <p class="because">{w.ui(Ui::DecidedBy)}{format!(" ({}): ", at(because))}{explain(because, props.lang)}</p>
                }
            }
        </div>
    }
}

fn at(because: &Because) -> String {
    match because {
        Because::Event(e) => e.at.to_string(),
        Because::Message(e) => e.at.to_string(),
    }
}

fn explain(because: &Because, lang: Lang) -> String {
    match because {
        Because::Event(e) => e.explain(lang),
        Because::Message(e) => e.explain(lang),
    }
}
