//! The page shell: top bar (views, language, theme, share), the active view, and the
//! animation-frame loop. Simulations live in `use_mut_ref`s; the loop advances the visible
//! ones and asks for a redraw only when something visible changed.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use brokerlab_core::{Command, Lang};
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::clock::{Clock, Frame, SKIP_MS, SPEEDS};
use crate::ticker::{STRUCTURE_REDRAW_MS, Ticker};
use crate::compare_view::{CompareSims, CompareView};
use crate::editor::{Editor, Section};
use crate::setup::Setup;
use crate::embed::{Controls, EmbedOptions};
use crate::event_log::EventLog;
use crate::event_view::{Diagram, Faults, Partitions};
use crate::inspector::{Inspector, Subject, on_inspect_click, on_inspect_key};
use crate::lessons::{self, Action};
use crate::message_act::MessageSim;
use crate::message_view::MessageView;
use crate::prefs::{self, Theme};
use crate::share;
use crate::{event_act::EventSim, log_line::LogLine};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ViewKind {
    Event,
    Message,
    Compare,
}

impl ViewKind {
    /// `event`, `message` or `compare`.
    pub fn parse(text: &str) -> Option<ViewKind> {
        match text.trim() {
            "event" => Some(ViewKind::Event),
            "message" => Some(ViewKind::Message),
            "compare" => Some(ViewKind::Compare),
            _ => None,
        }
    }

    pub fn id(self) -> &'static str {
        match self {
            ViewKind::Event => "event",
            ViewKind::Message => "message",
            ViewKind::Compare => "compare",
        }
    }
}

/// What the page opens with: the setup (and open lesson at its step) from the URL fragment,
/// or the built-in ones and a readable reason the fragment could not be used.
struct Boot {
    setup: Setup,
    event: Option<EventSim>,
    message: Option<MessageSim>,
    lesson: Option<(usize, usize)>,
    view: ViewKind,
    problem: Option<String>,
}

fn default_setup() -> Setup {
    Setup::new(EventSim::default_scenario(), MessageSim::default_spec())
}

fn initial_boot() -> Boot {
    let hash = web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default();
    let ko = prefs::lang() == Lang::Ko;
    let fallback = |problem: Option<String>| {
        let setup = default_setup();
        let (event, message) = setup.build_both().expect("the built-in scenarios are valid");
        Boot { setup, event: Some(event), message: Some(message), lesson: None, view: ViewKind::Event, problem }
    };
    let shared = match share::decode(&hash) {
        Ok(None) => return fallback(None),
        Ok(Some(shared)) => shared,
        Err(e) => {
            return fallback(Some(if ko { format!("링크를 쓸 수 없습니다: {}", e.explain(Lang::Ko)) } else { format!("The link could not be used: {e}") }));
        }
    };
    let all = lessons::all();
    let lesson = match shared.lesson.as_ref().map(resolve_lesson).transpose() {
        Ok(lesson) => lesson,
        Err((en, kr)) => return fallback(Some(if ko { kr } else { en })),
    };
    let built = Setup::from_json(&shared.scenario_json, &MessageSim::default_spec())
        .and_then(|setup| setup.build_both().map(|sims| (setup, sims)));
    match built {
        Ok((setup, (event, message))) => Boot {
            setup,
            event: Some(event),
            message: Some(message),
            lesson,
            view: lesson.map_or(ViewKind::Event, |(i, _)| all[i].view),
            problem: None,
        },
        Err(e) => fallback(Some(if ko {
            format!("공유된 시나리오를 불러올 수 없습니다: {}", e.explain(Lang::Ko))
        } else {
            format!("The shared scenario could not be loaded: {e}")
        })),
    }
}

/// The lesson a link names, as (lesson index, step), or why it cannot be opened (English,
/// Korean).
fn resolve_lesson(at: &share::LessonAt) -> Result<(usize, usize), (String, String)> {
    let all = lessons::all();
    match all.iter().position(|l| l.id == at.id) {
        None => Err((
            format!("The link names a lesson that does not exist: {:?}.", at.id),
            format!("링크가 가리키는 레슨 {:?}이(가) 없습니다.", at.id),
        )),
        Some(i) if at.step as usize >= all[i].steps.len() => {
            let steps = all[i].steps.len();
            Err((
                format!("The link's lesson step {} does not exist: lesson {:?} has {steps} steps.", u64::from(at.step) + 1, at.id),
                format!("링크의 레슨 단계 {}은(는) 없습니다. 레슨 {:?}은(는) {steps}단계입니다.", u64::from(at.step) + 1, at.id),
            ))
        }
        Some(i) => Ok((i, at.step as usize)),
    }
}

/// The fragment for the current setup and open lesson (v1 without a lesson, v2 with one).
fn fragment_for(setup: &Setup, lesson: Option<(usize, usize)>) -> String {
    let all = lessons::all();
    let at = lesson.and_then(|(i, step)| all.get(i).map(|l| (l.id, step as u32)));
    share::encode(&setup.to_json_compact(), at)
}

/// `App`'s properties. The default is the page exactly as it was before embedding existed:
/// the scenario from the URL fragment, remembered language and theme on the document, keyboard
/// shortcuts on the whole document.
#[derive(Properties, Clone, PartialEq, Debug, Default)]
pub struct AppProps {
    /// `Some`: an embedded instance (see `embed`), which touches nothing outside its own root.
    #[prop_or_default]
    pub embed: Option<EmbedOptions>,
}

/// Starts a lesson's scenario afresh on its broker's simulation (and records it as that
/// side's setup).
fn load_lesson(
    chosen: &lessons::Lesson,
    setup: &Rc<RefCell<Setup>>,
    event: &Rc<RefCell<EventSim>>,
    message: &Rc<RefCell<MessageSim>>,
    lang: Lang,
) -> Result<(), String> {
    match chosen.view {
        ViewKind::Event => {
            let scenario = brokerlab_core::Scenario::from_json(chosen.scenario).map_err(|e| e.to_string())?;
            let (next, mut sim, retimed) = setup.borrow().with_event_scenario(scenario).map_err(|e| e.to_string())?;
            sim.lang = lang;
            *event.borrow_mut() = sim;
            if let Some(mut retimed) = retimed {
                retimed.lang = lang;
                *message.borrow_mut() = retimed;
            }
            *setup.borrow_mut() = next;
            Ok(())
        }
        ViewKind::Message => serde_json::from_str(chosen.scenario)
            .map_err(|e| e.to_string())
            .and_then(|spec| {
                let sim = setup.borrow().message_sim(&spec);
                sim.map(|sim| (spec, sim)).map_err(|e| e.to_string())
            })
            .map(|(spec, mut sim)| {
                sim.lang = lang;
                *message.borrow_mut() = sim;
                setup.borrow_mut().message = spec;
            }),
        ViewKind::Compare => Ok(()),
    }
}

/// Loads an embedded scenario (inline JSON, or a share fragment or link) and returns the view
/// that shows it. A message-broker spec needs `view` = message.
fn load_scenario(
    text: &str,
    view: Option<ViewKind>,
    setup: &Rc<RefCell<Setup>>,
    event: &Rc<RefCell<EventSim>>,
    message: &Rc<RefCell<MessageSim>>,
    lang: Lang,
) -> Result<(ViewKind, Option<(usize, usize)>), String> {
    let text = text.trim();
    let (json, lesson) = if text.starts_with('{') {
        (text.to_string(), None)
    } else {
        let fragment = text.rsplit_once('#').map_or(text, |(_, f)| f);
        let shared = share::decode(fragment).map_err(|e| e.to_string())?.ok_or("the scenario is empty")?;
        // A link made with a lesson open opens that lesson at its step.
        let lesson = shared.lesson.as_ref().map(resolve_lesson).transpose().map_err(|(en, _)| en)?;
        (shared.scenario_json, lesson)
    };
    let view = view.or_else(|| lesson.map(|(i, _)| lessons::all()[i].view));
    // A whole scenario document has a version; a bare message-broker spec does not.
    let is_document = serde_json::from_str::<serde_json::Value>(&json).is_ok_and(|v| v.get("version").is_some());
    if view == Some(ViewKind::Message) && !is_document {
        let spec = serde_json::from_str(&json).map_err(|e| e.to_string())?;
        let mut sim = setup.borrow().message_sim(&spec).map_err(|e| e.to_string())?;
        sim.lang = lang;
        *message.borrow_mut() = sim;
        setup.borrow_mut().message = spec;
        return Ok((ViewKind::Message, lesson));
    }
    let current = setup.borrow().message.clone();
    let next = Setup::from_json(&json, &current).map_err(|e| e.to_string())?;
    let (mut sim, mut message_sim) = next.build_both().map_err(|e| e.to_string())?;
    sim.lang = lang;
    message_sim.lang = lang;
    *event.borrow_mut() = sim;
    *message.borrow_mut() = message_sim;
    *setup.borrow_mut() = next;
    Ok((view.unwrap_or(ViewKind::Event), lesson))
}

/// The folder the site is served from, for the share dialog's snippets.
fn site_base(embed: Option<&EmbedOptions>) -> String {
    if let Some(base) = embed.and_then(|e| e.base.clone()) {
        return base;
    }
    let href = web_sys::window().and_then(|w| w.location().href().ok()).unwrap_or_default();
    let href = href.split('#').next().unwrap_or_default();
    let href = href.split('?').next().unwrap_or_default();
    match href.rfind('/') {
        Some(i) => href[..=i].to_string(),
        None => String::from("./"),
    }
}

#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let embed = props.embed.as_ref();
    let embedded = embed.is_some();
    let controls = embed.map_or(Controls::Full, |e| e.controls);
    let boot = use_mut_ref(|| (!embedded).then(initial_boot));
    let setup = use_mut_ref(|| boot.borrow().as_ref().map_or_else(default_setup, |b| b.setup.clone()));
    let event = use_mut_ref(|| {
        boot.borrow_mut()
            .as_mut()
            .and_then(|b| b.event.take())
            .unwrap_or_else(|| EventSim::new(&EventSim::default_scenario()).expect("the built-in scenario is valid"))
    });
    let message = use_mut_ref(|| {
        boot.borrow_mut()
            .as_mut()
            .and_then(|b| b.message.take())
            .unwrap_or_else(|| setup.borrow().build_message().expect("the built-in message scenario is valid"))
    });
    let compare = use_mut_ref(CompareSims::new);
    let view = use_state(|| {
        embed.and_then(|e| e.view).or_else(|| boot.borrow().as_ref().map(|b| b.view)).unwrap_or(ViewKind::Event)
    });
    let lesson = use_state(|| boot.borrow().as_ref().and_then(|b| b.lesson));
    let lang = use_state(|| match embed {
        Some(e) => e.lang.unwrap_or(Lang::En),
        None => prefs::lang(),
    });
    let theme = use_state(|| embed.map_or_else(prefs::theme, |e| e.theme));
    let notice = use_state(|| boot.borrow().as_ref().and_then(|b| b.problem.clone()));
    let sharing = use_state(|| None::<ShareLinks>);
    // What the inspector shows; chosen by clicking or keyboard anywhere in the views.
    let inspected = use_state(|| None::<Subject>);
    let on_select = {
        let inspected = inspected.clone();
        Callback::from(move |subject: Subject| inspected.set(Some(subject)))
    };
    let on_inspect_close = {
        let inspected = inspected.clone();
        Callback::from(move |()| inspected.set(None))
    };
    let editing = use_state(|| false);
    let root = use_node_ref();
    let redraw = use_force_update();
    let redraw_cb = {
        let redraw = redraw.clone();
        Callback::from(move |()| redraw.force_update())
    };

    // Languages reach the simulations (their log lines are written in it). Only the page
    // remembers the choice and labels the document with it.
    {
        let (event, message, compare, redraw) = (event.clone(), message.clone(), compare.clone(), redraw.clone());
        use_effect_with(*lang, move |lang| {
            if !embedded {
                prefs::set_lang(*lang);
            }
            let changed = event.borrow().lang != *lang;
            event.borrow_mut().lang = *lang;
            message.borrow_mut().lang = *lang;
            compare.borrow_mut().set_lang(*lang);
            // The stages read the language from their simulation: draw again even if paused.
            if changed {
                redraw.force_update();
            }
        });
    }
    use_effect_with(*theme, move |theme| {
        if !embedded {
            prefs::apply_theme(*theme);
        }
    });

    // An embedded instance follows its options: a new lesson, scenario or view starts afresh,
    // language and theme change in place.
    {
        let (setup, event, message, compare, view, lesson, lang, theme, notice, redraw) = (
            setup.clone(), event.clone(), message.clone(), compare.clone(), view.clone(), lesson.clone(),
            lang.clone(), theme.clone(), notice.clone(), redraw.clone(),
        );
        let loaded = use_mut_ref(|| None::<(Option<String>, Option<String>, Option<ViewKind>, bool)>);
        use_effect_with(props.embed.clone(), move |options| {
            if let Some(options) = options {
                let chosen_lang = options.lang.unwrap_or(Lang::En);
                lang.set(chosen_lang);
                theme.set(options.theme);
                let key = (options.lesson.clone(), options.scenario.clone(), options.view, options.autoplay);
                if loaded.borrow().as_ref() != Some(&key) {
                    *loaded.borrow_mut() = Some(key);
                    let all = lessons::all();
                    let result = if let Some(id) = &options.lesson {
                        match all.iter().position(|l| l.id == id.as_str()) {
                            Some(index) => load_lesson(&all[index], &setup, &event, &message, chosen_lang).map(|()| {
                                if all[index].view == ViewKind::Compare {
                                    *compare.borrow_mut() = CompareSims::new();
                                }
                                lesson.set(Some((index, 0)));
                                all[index].view
                            }),
                            None => Err(format!("There is no lesson called {id:?}.")),
                        }
                    } else if let Some(text) = &options.scenario {
                        load_scenario(text, options.view, &setup, &event, &message, chosen_lang)
                            .map(|(kind, at)| {
                                lesson.set(at);
                                kind
                            })
                            .map_err(|e| {
                                lesson.set(None);
                                format!("The scenario could not be loaded: {e}")
                            })
                    } else {
                        lesson.set(None);
                        Ok(options.view.unwrap_or(ViewKind::Event))
                    };
                    match result {
                        Ok(kind) => {
                            view.set(kind);
                            notice.set(None);
                        }
                        Err(problem) => notice.set(Some(problem)),
                    }
                    let playing = options.autoplay;
                    // (The compare view has no transport: it runs, as on the page.)
                    event.borrow_mut().clock.playing = playing;
                    message.borrow_mut().clock.playing = playing;
                    redraw.force_update();
                }
            }
        });
    }

    // An embedded instance's height, through the CSS object model (the policy allows no
    // inline style attribute).
    {
        let root = root.clone();
        use_effect_with(embed.and_then(|e| e.height.clone()), move |height| {
            if let Some(style) = root.cast::<web_sys::HtmlElement>().map(|el| el.style()) {
                let _ = match height {
                    Some(h) => style.set_property("height", h),
                    None => style.remove_property("height").map(|_| ()),
                };
            }
        });
    }

    let ticker = use_memo((), |_| Ticker::default());
    // Token canvases read their colours from CSS once per theme (after it is applied above).
    {
        let ticker = ticker.clone();
        use_effect_with(*theme, move |_| ticker.theme_changed());
    }
    // The frame loop advances only what is on screen.
    let active = use_mut_ref(|| ViewKind::Event);
    *active.borrow_mut() = *view;
    let frames = use_mut_ref(|| None::<AnimationLoop>);
    // A doze shorter than this is not worth a timer; a longer one than DOZE_MAX_MS is cut, so a
    // page in a background tab (where timers are slowed) lags as it would without them.
    const DOZE_MIN_MS: f64 = 40.0;
    const DOZE_MAX_MS: f64 = 1_000.0;
    {
        let (event, message, compare, active, redraw) =
            (event.clone(), message.clone(), compare.clone(), active.clone(), redraw.clone());
        let ticker = ticker.clone();
        let (frames, root) = (frames.clone(), root.clone());
        use_effect_with((), move |_| {
            // Whether any of the instance is on screen. A widget scrolled out of an article
            // stands still, like the page in a background tab: its loop sleeps, and when it is
            // seen again it goes on from where it was (nothing happened unseen).
            let shown = Rc::new(Cell::new(true));
            let on_shown = {
                let (shown, frames) = (shown.clone(), frames.clone());
                Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
                    if let Some(last) = entries.iter().last() {
                        let now = last.unchecked_into::<web_sys::IntersectionObserverEntry>().is_intersecting();
                        shown.set(now);
                        if let (true, Some(frames)) = (now, frames.borrow().as_ref()) {
                            frames.wake();
                        }
                    }
                })
            };
            let observer = web_sys::IntersectionObserver::new(on_shown.as_ref().unchecked_ref()).ok();
            if let (Some(o), Some(el)) = (&observer, root.cast::<web_sys::Element>()) {
                o.observe(&el);
            }
            // Events change counters, cells and the log: the whole page is redrawn for them, but
            // at most every STRUCTURE_REDRAW_MS; in between only the token layers move.
            let last_structure = Cell::new(f64::NEG_INFINITY);
            let pending = Cell::new(false);
            *frames.borrow_mut() = Some(AnimationLoop::start(move |ts| {
                let view = *active.borrow();
                let frame = match view {
                    ViewKind::Event => event.borrow_mut().frame(ts),
                    ViewKind::Message => message.borrow_mut().frame(ts),
                    ViewKind::Compare => compare.borrow_mut().frame(ts),
                };
                if frame == Frame::Changed {
                    pending.set(true);
                }
                if pending.get() && ts - last_structure.get() >= STRUCTURE_REDRAW_MS {
                    pending.set(false);
                    last_structure.set(ts);
                    redraw.force_update();
                } else if frame != Frame::Idle {
                    ticker.tick();
                }
                // Paused with nothing left to redraw, or out of view: the loop sleeps, so a
                // paused page (or a paused or unseen widget in an article) asks for no frames at
                // all. Whatever starts it again (play, a step, a command, a rewind, a view or a
                // language) renders the app, and the app wakes the loop after every render
                // (below); coming back into view wakes it too (above). The clocks forget their
                // last frame, so the time asleep does not count as time played.
                let clock = active_clock(view, &event, &message, &compare);
                let sleep = (!clock.playing && !pending.get()) || !shown.get();
                if sleep {
                    event.borrow_mut().clock.rest();
                    message.borrow_mut().clock.rest();
                    compare.borrow_mut().each_clock(Clock::rest);
                    return Next::Sleep;
                }
                if frame != Frame::Idle || pending.get() {
                    return Next::Frame;
                }
                // Playing with nothing in flight: nothing to draw until the model's next
                // moment (a timer, or a recorded command after a rewind). The loop dozes until
                // then on a timer instead of drawing empty frames, at most DOZE_MAX_MS at a
                // time; the clocks count the doze as played, and a command given meanwhile
                // brings its model to the present first (`Stage::apply`).
                let due = match view {
                    ViewKind::Event => event.borrow().next_due(),
                    ViewKind::Message => message.borrow().next_due(),
                    ViewKind::Compare => compare.borrow().next_due(),
                };
                let wall = due.map_or(DOZE_MAX_MS, |due| ((due.as_ms() as f64 - clock.now_ms) / clock.speed).min(DOZE_MAX_MS));
                if wall < DOZE_MIN_MS {
                    return Next::Frame;
                }
                transport(view, &event, &message, &compare, |c| c.doze(wall));
                Next::After(wall)
            }));
            move || {
                drop(frames.borrow_mut().take());
                if let Some(o) = observer {
                    o.disconnect();
                }
                drop(on_shown);
            }
        });
    }
    {
        let frames = frames.clone();
        use_effect(move || {
            if let Some(frames) = frames.borrow().as_ref() {
                frames.wake();
            }
        });
    }

    // Keyboard: space play/pause, → one step, Shift+→ ten seconds at once, + and − speed. Not while typing in a field. The
    // page listens on the document; an embedded instance only on its own root, so its keys act
    // only while it has focus and never reach the host page's other widgets.
    {
        let (event, message, compare, redraw, root) =
            (event.clone(), message.clone(), compare.clone(), redraw.clone(), root.clone());
        let active = active.clone();
        let editing = editing.clone();
        use_effect_with(embedded, move |embedded| {
            let listener = Closure::<dyn FnMut(web_sys::KeyboardEvent)>::new(move |e: web_sys::KeyboardEvent| {
                let typing = e
                    .target()
                    .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                    .is_some_and(|el| {
                        matches!(el.tag_name().as_str(), "INPUT" | "SELECT" | "TEXTAREA" | "BUTTON")
                            // Space on a focused diagram element opens the inspector instead.
                            || (e.key() == " " && el.has_attribute("data-inspect"))
                    });
                if typing || e.ctrl_key() || e.meta_key() || e.alt_key() || e.default_prevented() {
                    return;
                }
                let view = *active.borrow();
                let handled = match e.key().as_str() {
                    " " => {
                        transport(view, &event, &message, &compare, |c| c.playing = !c.playing);
                        true
                    }
                    "ArrowRight" if e.shift_key() => {
                        match view {
                            ViewKind::Event => event.borrow_mut().skip(SKIP_MS),
                            ViewKind::Message => message.borrow_mut().skip(SKIP_MS),
                            ViewKind::Compare => compare.borrow_mut().skip(SKIP_MS),
                        }
                        true
                    }
                    "ArrowRight" => {
                        match view {
                            ViewKind::Event => event.borrow_mut().step(),
                            ViewKind::Message => message.borrow_mut().step(),
                            ViewKind::Compare => compare.borrow_mut().step(),
                        }
                        true
                    }
                    "+" | "=" => {
                        transport(view, &event, &message, &compare, |c| c.faster());
                        true
                    }
                    "-" => {
                        transport(view, &event, &message, &compare, |c| c.slower());
                        true
                    }
                    "e" | "E" => {
                        editing.set(true);
                        true
                    }
                    _ => false,
                };
                if handled {
                    e.prevent_default();
                    redraw.force_update();
                }
            });
            let target: Option<web_sys::EventTarget> = if *embedded {
                root.cast::<web_sys::Element>().map(Into::into)
            } else {
                web_sys::window().and_then(|w| w.document()).map(Into::into)
            };
            if let Some(target) = &target {
                let _ = target.add_event_listener_with_callback("keydown", listener.as_ref().unchecked_ref());
            }
            move || {
                if let Some(target) = target {
                    let _ = target.remove_event_listener_with_callback("keydown", listener.as_ref().unchecked_ref());
                }
                drop(listener);
            }
        });
    }

    let ko = *lang == Lang::Ko;
    let t = |en: &'static str, kr: &'static str| if ko { kr } else { en };
    // The page lists every lesson; an embedded instance shows only its own lesson's steps.
    let only = embedded.then(|| lesson.map(|(i, _)| i)).map(|i| i.unwrap_or(usize::MAX));
    let show_lessons = !embedded || (controls != Controls::None && lesson.is_some());
    let lessons_panel = html! {
        <LessonsPanel lesson={*lesson} lang={*lang} only={only} on_select={{
            let (setup, event, message, view, lesson, notice, redraw) = (setup.clone(), event.clone(), message.clone(), view.clone(), lesson.clone(), notice.clone(), redraw.clone());
            Callback::from(move |(index, step): (usize, usize)| {
                let all = lessons::all();
                let Some(chosen) = all.get(index) else { return };
                let lang = event.borrow().lang;
                // Loading a lesson (not moving between its steps) starts its scenario afresh.
                if lesson.is_none_or(|(i, _)| i != index)
                    && let Err(e) = load_lesson(chosen, &setup, &event, &message, lang)
                {
                    notice.set(Some(format!("The lesson could not start: {e}")));
                    return;
                }
                view.set(chosen.view);
                let at = (index, step.min(chosen.steps.len().saturating_sub(1)));
                lesson.set(Some(at));
                // The address bar follows the open lesson and its step (replaced, not pushed:
                // stepping through a lesson does not fill the history).
                if !embedded {
                    let fragment = fragment_for(&setup.borrow(), Some(at));
                    if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
                        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&format!("#{fragment}")));
                    }
                }
                redraw.force_update();
            })
        }} on_action={{
            let (event, message, notice, redraw) = (event.clone(), message.clone(), notice.clone(), redraw.clone());
            Callback::from(move |action: Action| {
                let result = match action {
                    Action::Event(c) => event.borrow_mut().apply(c).map_err(|e| e.to_string()),
                    Action::Message(c) => message.borrow_mut().apply(c).map_err(|e| e.to_string()),
                };
                if let Err(e) = result {
                    notice.set(Some(e));
                }
                redraw.force_update();
            })
        }} />
    };
    let tab = |kind: ViewKind, en: &'static str, kr: &'static str| {
        let view = view.clone();
        let selected = *view == kind;
        html! {
            <button type="button" role="tab" id={format!("tab-{}", kind.id())} class={classes!("tab", selected.then_some("active"))}
                aria-selected={selected.to_string()} aria-controls="stage" onclick={Callback::from(move |_| view.set(kind))}>
                {if ko { kr } else { en }}
            </button>
        }
    };
    let on_lang = {
        let lang = lang.clone();
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlSelectElement>().value();
            lang.set(if value == "ko" { Lang::Ko } else { Lang::En });
        })
    };
    let on_theme = {
        let theme = theme.clone();
        Callback::from(move |_| {
            let next = theme.next();
            prefs::set_theme(next);
            theme.set(next);
        })
    };
    // Share: the page puts the link in the address bar and on the clipboard (as before), and
    // both the page and an embedded instance open the dialog with the link and the snippets.
    let on_share = {
        let (setup, lesson, notice, sharing) = (setup.clone(), lesson.clone(), notice.clone(), sharing.clone());
        let base = site_base(embed);
        Callback::from(move |_| {
            let fragment = fragment_for(&setup.borrow(), *lesson);
            let mut link = format!("{base}#{fragment}");
            if !embedded {
                if let Some(window) = web_sys::window() {
                    let _ = window.location().set_hash(&fragment);
                    link = window.location().href().unwrap_or(link);
                    let _ = window.navigator().clipboard().write_text(&link);
                }
                notice.set(Some(String::from(if ko {
                    "이 시나리오의 링크를 주소창에 넣고 클립보드에 복사했습니다."
                } else {
                    "The link to this scenario is in the address bar and copied to the clipboard."
                })));
            }
            sharing.set(Some(ShareLinks::new(link, &base, &fragment)));
        })
    };
    let theme_label = match *theme {
        Theme::System => t("Theme: system", "테마: 시스템"),
        Theme::Light => t("Theme: light", "테마: 밝게"),
        Theme::Dark => t("Theme: dark", "테마: 어둡게"),
    };

    let stage = match *view {
        ViewKind::Event => html! {
            <EventStage sim={event.clone()} redraw={redraw_cb.clone()} subject={(*inspected).clone()} on_inspect_close={on_inspect_close.clone()} />
        },
        ViewKind::Message => {
            let log: Vec<LogLine> = message.borrow().log.iter().rev().cloned().collect();
            let scrub = (message.borrow().now().as_ms(), message.borrow().horizon().as_ms());
            let on_goto = { let m = message.clone(); let r = redraw_cb.clone(); Callback::from(move |ms: u64| { m.borrow_mut().rewind_to(brokerlab_core::SimTime::from_ms(ms)); r.emit(()); }) };
            html! {
                <main class="layout">
                    <section class="stage" id="stage" aria-label={t("Message broker", "메시지 브로커")}>
                        <MessageView sim={message.clone()} redraw={redraw_cb.clone()} />
                        <Transport clock={message.borrow().clock.clone()} now={message.borrow().now().to_string()}
                            on_toggle={{ let m = message.clone(); let r = redraw_cb.clone(); Callback::from(move |()| { let mut s = m.borrow_mut(); s.clock.playing = !s.clock.playing; drop(s); r.emit(()); }) }}
                            on_step={{ let m = message.clone(); let r = redraw_cb.clone(); Callback::from(move |()| { m.borrow_mut().step(); r.emit(()); }) }}
                            on_skip={{ let m = message.clone(); let r = redraw_cb.clone(); Callback::from(move |()| { m.borrow_mut().skip(SKIP_MS); r.emit(()); }) }}
                            on_speed={{ let m = message.clone(); Callback::from(move |v: f64| m.borrow_mut().clock.speed = v) }}
                            scrub={Some(scrub)} on_scrub={Some(on_goto.clone())}
                            lang={*lang} />
                    </section>
                    <aside class="side">
                        <Inspector message={Some(message.clone())} subject={(*inspected).clone()} lang={*lang} on_close={on_inspect_close.clone()} />
                        <EventLog lines={log} lang={*lang} on_goto={Some(on_goto)} selected={(*inspected).clone()} live={message.borrow().clock.playing} />
                    </aside>
                </main>
            }
        }
        ViewKind::Compare => {
            // Both brokers on one timeline: the scrubber and "go to this moment" move both.
            let sims = compare.borrow();
            let (e, m) = (sims.event.clone(), sims.message.clone());
            drop(sims);
            let mut log: Vec<LogLine> = e.borrow().log.iter().chain(m.borrow().log.iter()).cloned().collect();
            brokerlab_core::sort::sort_by_key(&mut log, |l| std::cmp::Reverse(l.at));
            let now = e.borrow().now().max(m.borrow().now());
            let horizon = e.borrow().horizon().max(m.borrow().horizon());
            let clock = e.borrow().clock.clone();
            let playing = clock.playing;
            let on_goto = {
                let (e, m, r) = (e.clone(), m.clone(), redraw_cb.clone());
                Callback::from(move |ms: u64| {
                    e.borrow_mut().rewind_to(brokerlab_core::SimTime::from_ms(ms));
                    m.borrow_mut().rewind_to(brokerlab_core::SimTime::from_ms(ms));
                    r.emit(());
                })
            };
            html! {
                <>
                    <CompareView sims={compare.clone()} redraw={redraw_cb.clone()} lang={*lang} />
                    <div class="layout compare-tools">
                        <section class="stage" aria-label={t("Playback of both brokers", "두 브로커 재생")}>
                            <Transport clock={clock} now={now.to_string()}
                                on_toggle={{ let c = compare.clone(); let r = redraw_cb.clone(); Callback::from(move |()| { let playing = !c.borrow().event.borrow().clock.playing; c.borrow_mut().each_clock(|k| k.playing = playing); r.emit(()); }) }}
                                on_step={{ let c = compare.clone(); let r = redraw_cb.clone(); Callback::from(move |()| { c.borrow_mut().step(); r.emit(()); }) }}
                                on_skip={{ let c = compare.clone(); let r = redraw_cb.clone(); Callback::from(move |()| { c.borrow_mut().skip(SKIP_MS); r.emit(()); }) }}
                                on_speed={{ let c = compare.clone(); Callback::from(move |v: f64| c.borrow_mut().each_clock(|k| k.speed = v)) }}
                                scrub={Some((now.as_ms(), horizon.as_ms()))} on_scrub={Some(on_goto.clone())}
                                lang={*lang} />
                            <p class="legend">{t(
                                "Both brokers share one timeline: the scrubber and the times in the log rewind both to the same moment and replay them exactly.",
                                "두 브로커는 한 타임라인을 씁니다: 스크러버나 기록의 시간을 누르면 둘 다 같은 순간으로 되감기고 정확히 다시 실행됩니다.")}</p>
                        </section>
                        <aside class="side">
                            <Inspector event={Some(e.clone())} message={Some(m.clone())} subject={(*inspected).clone()} lang={*lang} on_close={on_inspect_close.clone()} />
                            <EventLog lines={log} lang={*lang} on_goto={Some(on_goto)} selected={(*inspected).clone()} live={playing} />
                        </aside>
                    </div>
                </>
            }
        }
    };

    let theme_attr = match (embedded, *theme) {
        (true, Theme::Light) => Some("light"),
        (true, Theme::Dark) => Some("dark"),
        _ => None,
    };
    html! {
        <ContextProvider<Ticker> context={(*ticker).clone()}>
        <div class={classes!("app", embedded.then_some("embedded"))} ref={root}
            data-theme={theme_attr} data-controls={embedded.then_some(controls.as_str())}
            lang={embedded.then_some(if ko { "ko" } else { "en" })}
            tabindex={embedded.then_some("0")} role={embedded.then_some("region")}
            aria-label={embedded.then_some(t("Brokerlab simulation", "Brokerlab 시뮬레이션"))}>
            if !embedded || controls == Controls::Full {
            <header class="topbar">
                <div class="brand"><span class="logo" aria-hidden="true">{"◆"}</span>{"Brokerlab"}</div>
                <nav class="tabs" role="tablist" aria-label={t("Views", "보기")}>
                    { tab(ViewKind::Event, "Event broker", "이벤트 브로커") }
                    { tab(ViewKind::Message, "Message broker", "메시지 브로커") }
                    { tab(ViewKind::Compare, "Compare", "비교") }
                </nav>
                <div class="tools">
                    <button type="button" id="edit" onclick={{ let editing = editing.clone(); Callback::from(move |_| editing.set(true)) }}
                        aria-keyshortcuts="e" title={t("Edit the scenario (E)", "시나리오 편집 (E)")}>{t("Edit", "편집")}</button>
                    <button type="button" id="share" onclick={on_share}>{t("Share", "공유")}</button>
                    <button type="button" id="theme" onclick={on_theme} aria-label={theme_label} title={theme_label}>
                        {match *theme { Theme::System => "◐", Theme::Light => "☀", Theme::Dark => "☾" }}
                    </button>
                    <select id="lang" onchange={on_lang} aria-label={t("Language", "언어")}>
                        <option value="en" selected={!ko}>{"English"}</option>
                        <option value="ko" selected={ko}>{"한국어"}</option>
                    </select>
                </div>
            </header>
            }
            if let Some(message) = &*notice {
                <p class="notice" role="status">
                    {message}
                    <button type="button" class="dismiss" aria-label={t("Dismiss", "닫기")}
                        onclick={{ let notice = notice.clone(); Callback::from(move |_| notice.set(None)) }}>{"×"}</button>
                </p>
            }
            <div class="workspace">
                if show_lessons { { lessons_panel } }
                <div class="workspace-main" onclick={on_inspect_click(on_select.clone())} onkeydown={on_inspect_key(on_select.clone())}>{ stage }</div>
            </div>
            if controls != Controls::None {
                <footer class="keys">{t("Keys: Space play/pause · → one step · + / − speed · E edit", "단축키: Space 재생/정지 · → 한 단계 · + / − 속도 · E 편집")}</footer>
            }
            if *editing {
                <Editor setup={setup.clone()} event={event.clone()} message={message.clone()} lang={*lang}
                    section={if *view == ViewKind::Message { Section::Message } else { Section::Event }}
                    redraw={redraw_cb.clone()}
                    on_close={{ let editing = editing.clone(); Callback::from(move |()| editing.set(false)) }} />
            }
            if let Some(links) = &*sharing {
                <ShareDialog links={links.clone()} lang={*lang}
                    on_close={{ let sharing = sharing.clone(); Callback::from(move |()| sharing.set(None)) }} />
            }
        </div>
        </ContextProvider<Ticker>>
    }
}

/// Applies `f` to the clock(s) of the visible view.
/// The clock of the view on screen (the compare view's two run together; the transport shows
/// and toggles the event side's).
fn active_clock(view: ViewKind, event: &Rc<RefCell<EventSim>>, message: &Rc<RefCell<MessageSim>>, compare: &Rc<RefCell<CompareSims>>) -> Clock {
    match view {
        ViewKind::Event => event.borrow().clock.clone(),
        ViewKind::Message => message.borrow().clock.clone(),
        ViewKind::Compare => compare.borrow().event.borrow().clock.clone(),
    }
}

fn transport(
    view: ViewKind,
    event: &Rc<RefCell<EventSim>>,
    message: &Rc<RefCell<MessageSim>>,
    compare: &Rc<RefCell<CompareSims>>,
    f: impl Fn(&mut crate::clock::Clock),
) {
    match view {
        ViewKind::Event => f(&mut event.borrow_mut().clock),
        ViewKind::Message => f(&mut message.borrow_mut().clock),
        ViewKind::Compare => compare.borrow_mut().each_clock(f),
    }
}

#[derive(Properties, Debug)]
pub struct StageProps {
    pub sim: Rc<RefCell<EventSim>>,
    pub redraw: Callback<()>,
    /// What the inspector shows.
    pub subject: Option<Subject>,
    pub on_inspect_close: Callback<()>,
}

impl PartialEq for StageProps {
    fn eq(&self, _: &Self) -> bool {
        false
    }
}

#[function_component(EventStage)]
fn event_stage(props: &StageProps) -> Html {
    let key = use_state(|| String::from("alice"));
    // The producer the learner picked; none picked (or it was removed): the first one.
    let chosen = use_state(|| None::<String>);
    let error = use_state(|| None::<String>);
    let sim = props.sim.clone();
    let produce = {
        let (sim, key, chosen, error, redraw) = (sim.clone(), key.clone(), chosen.clone(), error.clone(), props.redraw.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let k = (*key).trim().to_string();
            let producer = sim.borrow().producer_or_first((*chosen).as_deref());
            let command = Command::Produce { producer, key: (!k.is_empty()).then_some(k), value: None };
            match sim.borrow_mut().apply(command) {
                Ok(()) => error.set(None),
                Err(e) => error.set(Some(e.to_string())),
            }
            redraw.emit(());
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
    let on_command = {
        let (sim, error, redraw) = (sim.clone(), error.clone(), props.redraw.clone());
        Callback::from(move |command: Command| {
            let result = sim.borrow_mut().apply(command);
            match result {
                Ok(()) => error.set(None),
                Err(e) => error.set(Some(e.to_string())),
            }
            redraw.emit(());
        })
    };
    let s = sim.borrow();
    let ko = s.lang == Lang::Ko;
    let t = |en: &'static str, kr: &'static str| if ko { kr } else { en };
    let log: Vec<LogLine> = s.log.iter().rev().cloned().collect();
    // (name, topic) of every producer, and the one Produce sends with.
    let producers: Vec<(String, String)> = s.world().view().producers().map(|p| (p.name.to_string(), p.topic.to_string())).collect();
    let producing = s.producer_or_first((*chosen).as_deref());
    let clock = s.clock.clone();
    let playing = clock.playing;
    let now = s.now().to_string();
    let scrub = (s.now().as_ms(), s.horizon().as_ms());
    let lang = s.lang;
    drop(s);
    let on_goto = {
        let (s, r) = (sim.clone(), props.redraw.clone());
        Callback::from(move |ms: u64| {
            s.borrow_mut().rewind_to(brokerlab_core::SimTime::from_ms(ms));
            r.emit(());
        })
    };
    html! {
        <main class="layout">
            <section class="stage" id="stage" aria-label={t("Event broker", "이벤트 브로커")}>
                <Diagram sim={sim.clone()} />
                <Faults sim={sim.clone()} on_command={Some(on_command)} />
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
                    if let Some(message) = &*error {
                        <p class="error" role="alert">{message}</p>
                    }
                </form>
                <Transport clock={clock} now={now}
                    on_toggle={{ let s = sim.clone(); let r = props.redraw.clone(); Callback::from(move |()| { let mut x = s.borrow_mut(); x.clock.playing = !x.clock.playing; drop(x); r.emit(()); }) }}
                    on_step={{ let s = sim.clone(); let r = props.redraw.clone(); Callback::from(move |()| { s.borrow_mut().step(); r.emit(()); }) }}
                    on_skip={{ let s = sim.clone(); let r = props.redraw.clone(); Callback::from(move |()| { s.borrow_mut().skip(SKIP_MS); r.emit(()); }) }}
                    on_speed={{ let s = sim.clone(); Callback::from(move |v: f64| s.borrow_mut().clock.speed = v) }}
                    scrub={Some(scrub)}
                    on_scrub={Some(on_goto.clone())}
                    lang={lang} />
                <p class="legend">
                    <span class="caret-key" aria-hidden="true">{"▼"}</span>
                    {t(" committed offset: the next record the group reads · LEO: log end offset · lag = high watermark − committed",
                       " 커밋된 오프셋: 그룹이 다음에 읽을 레코드 · LEO: 로그 끝 오프셋 · 랙 = 하이 워터마크 − 커밋")}
                </p>
            </section>
            <aside class="side">
                <Inspector event={Some(sim.clone())} subject={props.subject.clone()} lang={lang} on_close={props.on_inspect_close.clone()} />
                <Partitions sim={sim.clone()} />
                <EventLog lines={log} lang={lang} on_goto={Some(on_goto)} selected={props.subject.clone()} live={playing} />
            </aside>
        </main>
    }
}

#[derive(Properties, PartialEq, Debug)]
pub struct TransportProps {
    pub clock: crate::clock::Clock,
    pub now: String,
    pub on_toggle: Callback<()>,
    pub on_step: Callback<()>,
    /// Runs the next `SKIP_MS` at once.
    pub on_skip: Callback<()>,
    pub on_speed: Callback<f64>,
    pub lang: Lang,
    /// The time scrubber: (current time, furthest time reached) in simulated ms, and what
    /// moving it does. `None`: no scrubber.
    #[prop_or_default]
    pub scrub: Option<(u64, u64)>,
    #[prop_or_default]
    pub on_scrub: Option<Callback<u64>>,
}

#[function_component(Transport)]
pub fn transport_bar(props: &TransportProps) -> Html {
    let ko = props.lang == Lang::Ko;
    let t = |en: &'static str, kr: &'static str| if ko { kr } else { en };
    let toggle = props.on_toggle.reform(|_: MouseEvent| ());
    let step = props.on_step.reform(|_: MouseEvent| ());
    let skip = props.on_skip.reform(|_: MouseEvent| ());
    let speed = props.on_speed.reform(|e: Event| e.target_unchecked_into::<HtmlSelectElement>().value().parse().unwrap_or(1.0));
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
            if let (Some((now, horizon)), Some(on_scrub)) = (props.scrub, props.on_scrub.clone()) {
                <input type="range" id="scrubber" class="scrubber" min="0" max={horizon.to_string()} step="10"
                    value={now.min(horizon).to_string()} aria-label={t("Time: drag to rewind and replay", "시간: 끌어서 되감기와 다시 재생")}
                    title={t("Rewind: the model replays exactly to the chosen time", "되감기: 모델이 고른 시간까지 정확히 다시 실행합니다")}
                    onchange={on_scrub.reform(|e: Event| e.target_unchecked_into::<HtmlInputElement>().value().parse().unwrap_or(0))} />
            }
            <span class="clock">{format!("t = {}", props.now)}</span>
        </div>
    }
}

/// What the frame loop does after a frame.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Next {
    /// Asks for the next animation frame.
    Frame,
    /// Asks for nothing until [`AnimationLoop::wake`].
    Sleep,
    /// Runs the frame function again after this many milliseconds, without an animation frame
    /// (nothing to draw until then), unless woken sooner.
    After(f64),
}

type FrameClosure = Closure<dyn FnMut(f64)>;

/// The loop's state, shared by its frame and timer callbacks.
struct LoopState {
    stopped: Cell<bool>,
    frame: Cell<Option<i32>>,
    timer: Cell<Option<i32>>,
    asleep: Cell<bool>,
    on_frame: RefCell<Box<dyn FnMut(f64) -> Next>>,
    frame_callback: RefCell<Option<FrameClosure>>,
    timer_callback: RefCell<Option<Closure<dyn FnMut()>>>,
}

impl LoopState {
    fn run(&self, ts: f64) {
        if self.stopped.get() {
            return;
        }
        let next = (self.on_frame.borrow_mut())(ts);
        if self.stopped.get() {
            return;
        }
        match next {
            Next::Frame => self.request_frame(),
            Next::Sleep => self.asleep.set(true),
            Next::After(ms) => {
                let id = web_sys::window().zip(self.timer_callback.borrow().as_ref()).and_then(|(w, callback)| {
                    w.set_timeout_with_callback_and_timeout_and_arguments_0(callback.as_ref().unchecked_ref(), ms.ceil() as i32).ok()
                });
                self.timer.set(id);
            }
        }
    }

    fn request_frame(&self) {
        if let Some(callback) = self.frame_callback.borrow().as_ref() {
            self.frame.set(request_frame(callback));
        }
    }
}

/// A `requestAnimationFrame` loop that runs until dropped. After each frame, `on_frame` says
/// what next ([`Next`]): another frame, sleep until [`AnimationLoop::wake`], or a timer. Dropping
/// it cancels the pending frame and timer, so an unmounted instance's callbacks are never
/// called after it is freed.
struct AnimationLoop {
    state: Rc<LoopState>,
}

impl AnimationLoop {
    fn start(on_frame: impl FnMut(f64) -> Next + 'static) -> AnimationLoop {
        let state = Rc::new(LoopState {
            stopped: Cell::new(false),
            frame: Cell::new(None),
            timer: Cell::new(None),
            asleep: Cell::new(false),
            on_frame: RefCell::new(Box::new(on_frame)),
            frame_callback: RefCell::new(None),
            timer_callback: RefCell::new(None),
        });
        let on_frame_state = state.clone();
        *state.frame_callback.borrow_mut() = Some(Closure::new(move |ts: f64| {
            on_frame_state.frame.set(None);
            on_frame_state.run(ts);
        }));
        let on_timer_state = state.clone();
        *state.timer_callback.borrow_mut() = Some(Closure::new(move || {
            on_timer_state.timer.set(None);
            if let Some(now) = crate::clock::wall_now() {
                on_timer_state.run(now);
            }
        }));
        state.request_frame();
        AnimationLoop { state }
    }

    /// Asks for a frame at once if the loop sleeps or waits on its timer; nothing otherwise.
    fn wake(&self) {
        let state = &self.state;
        if state.stopped.get() {
            return;
        }
        if let Some(id) = state.timer.take() {
            if let Some(window) = web_sys::window() {
                window.clear_timeout_with_handle(id);
            }
            state.request_frame();
        } else if state.asleep.replace(false) {
            state.request_frame();
        }
    }
}

impl Drop for AnimationLoop {
    fn drop(&mut self) {
        let state = &self.state;
        state.stopped.set(true);
        if let Some(window) = web_sys::window() {
            if let Some(id) = state.frame.take() {
                let _ = window.cancel_animation_frame(id);
            }
            if let Some(id) = state.timer.take() {
                window.clear_timeout_with_handle(id);
            }
        }
        // Break the callbacks' references to the state that holds them.
        state.frame_callback.borrow_mut().take();
        state.timer_callback.borrow_mut().take();
    }
}

fn request_frame(callback: &Closure<dyn FnMut(f64)>) -> Option<i32> {
    web_sys::window().and_then(|w| w.request_animation_frame(callback.as_ref().unchecked_ref()).ok())
}

#[derive(Properties, PartialEq, Debug)]
pub struct LessonsProps {
    /// (lesson index, step index) of the open lesson.
    pub lesson: Option<(usize, usize)>,
    pub lang: Lang,
    /// Show only this lesson (an embedded instance); `None` lists them all.
    #[prop_or_default]
    pub only: Option<usize>,
    pub on_select: Callback<(usize, usize)>,
    pub on_action: Callback<Action>,
}

#[function_component(LessonsPanel)]
fn lessons_panel(props: &LessonsProps) -> Html {
    let ko = props.lang == Lang::Ko;
    let t = |en: &'static str, kr: &'static str| if ko { kr } else { en };
    let all = lessons::all();
    html! {
        <aside class="lessons" aria-label={t("Lessons", "레슨")}>
            <h2>{t("Lessons", "레슨")}</h2>
            <ol class="lesson-list">
                { for all.iter().enumerate().filter(|(i, _)| props.only.is_none_or(|o| o == *i)).map(|(i, l)| {
                    let open = props.lesson.is_some_and(|(li, _)| li == i);
                    let on_select = props.on_select.clone();
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
                                                            let (on_action, action) = (props.on_action.clone(), action.clone());
                                                            Callback::from(move |_| on_action.emit(action.clone()))
                                                        }}>{if ko { *label_ko } else { *label_en }}</button>
                                                    }
                                                </li>
                                            }
                                        }) }
                                    </ol>
                                    <div class="step-nav">
                                        <button type="button" class="lesson-back" disabled={step == 0}
                                            onclick={{ let s = props.on_select.clone(); Callback::from(move |_| s.emit((i, step.saturating_sub(1)))) }}>
                                            {t("Back", "이전")}
                                        </button>
                                        <span class="step-count">{format!("{} / {}", step + 1, l.steps.len())}</span>
                                        <button type="button" class="lesson-next" disabled={step + 1 >= l.steps.len()}
                                            onclick={{ let s = props.on_select.clone(); Callback::from(move |_| s.emit((i, step + 1))) }}>
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

/// What the share dialog offers for one scenario.
#[derive(Clone, Debug, PartialEq)]
pub struct ShareLinks {
    pub link: String,
    pub iframe: String,
    pub element: String,
}

impl ShareLinks {
    /// `base` is the folder the site is served from; `fragment` the share fragment (no `#`).
    pub fn new(link: String, base: &str, fragment: &str) -> ShareLinks {
        ShareLinks {
            link,
            iframe: format!(
                "<iframe src=\"{base}embed.html#{fragment}\" title=\"Brokerlab simulation\" width=\"100%\" height=\"520\" loading=\"lazy\"></iframe>"
            ),
            element: format!(
                "<script type=\"module\" src=\"{base}brokerlab-widget.js\"></script>\n<brokerlab-sim scenario=\"{fragment}\" controls=\"minimal\" height=\"520px\"></brokerlab-sim>"
            ),
        }
    }
}

#[derive(Properties, PartialEq, Debug)]
pub struct ShareDialogProps {
    pub links: ShareLinks,
    pub lang: Lang,
    pub on_close: Callback<()>,
}

/// The Share and embed dialog: a modal `<dialog>` (the rest of the page is inert while it is
/// open, so focus stays inside; Escape closes it), labelled by its heading.
#[function_component(ShareDialog)]
fn share_dialog(props: &ShareDialogProps) -> Html {
    let ko = props.lang == Lang::Ko;
    let t = |en: &'static str, kr: &'static str| if ko { kr } else { en };
    let dialog = use_node_ref();
    let copied = use_state(|| None::<&'static str>);
    crate::dialog::use_modal(dialog.clone());
    let field = |id: &'static str, label: String, text: &str, multiline: bool| {
        let copy = {
            let (copied, text) = (copied.clone(), text.to_string());
            Callback::from(move |_: MouseEvent| {
                if let Some(window) = web_sys::window() {
                    let _ = window.navigator().clipboard().write_text(&text);
                }
                copied.set(Some(id));
            })
        };
        let done = *copied == Some(id);
        html! {
            <div class="share-field">
                <label for={id}>{label}</label>
                <div class="share-row">
                    if multiline {
                        <textarea id={id} readonly=true rows="3" spellcheck="false" value={text.to_string()} />
                    } else {
                        <input id={id} type="text" readonly=true value={text.to_string()} />
                    }
                    <button type="button" class="copy" id={format!("copy-{id}")} onclick={copy}>
                        { if done { t("Copied", "복사됨") } else { t("Copy", "복사") } }
                    </button>
                </div>
            </div>
        }
    };
    let trap = crate::dialog::focus_trap(dialog.clone(), "button, input, textarea");
    let close = props.on_close.reform(|_: MouseEvent| ());
    let on_native_close = props.on_close.reform(|_: Event| ());
    html! {
        <dialog class="share-dialog" ref={dialog} aria-labelledby="share-title" aria-describedby="share-about" onclose={on_native_close} onkeydown={trap}>
            <h2 id="share-title">{t("Share and embed", "공유하고 삽입하기")}</h2>
            <p id="share-about">{t("The whole scenario travels in the link; nothing is uploaded.",
                                   "시나리오 전체가 링크 안에 들어 있습니다. 아무것도 업로드하지 않습니다.")}</p>
            { field("share-link", t("Link", "링크").to_string(), &props.links.link, false) }
            { field("share-iframe", t("Embed with an iframe", "iframe으로 삽입").to_string(), &props.links.iframe, true) }
            { field("share-element", t("Embed as an element", "요소로 삽입").to_string(), &props.links.element, true) }
            <p class="visually-hidden" role="status">{ if copied.is_some() { t("Copied to the clipboard.", "클립보드에 복사했습니다.") } else { "" } }</p>
            <div class="dialog-actions">
                <button type="button" id="share-close" class="primary" onclick={close}>{t("Close", "닫기")}</button>
            </div>
        </dialog>
    }
}
