//! The frame loop: a `requestAnimationFrame` loop that advances the page's visible view, asks
//! for a redraw only when something visible changed, and sleeps or dozes when nothing moves.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use yew::prelude::*;

use crate::clock::Frame;
use crate::page::Page;
use crate::ticker::{STRUCTURE_REDRAW_MS, Ticker};
use crate::transport::{CLOCK_LABEL_SELECTOR, clock_label};

/// A doze shorter than this is not worth a timer.
const DOZE_MIN_MS: f64 = 40.0;
/// A longer doze is cut, so a page in a background tab (where timers are slowed) lags as it
/// would without them.
const DOZE_MAX_MS: f64 = 1_000.0;

/// Runs the page's frame loop for as long as the component lives, and wakes it after every
/// render of the component (whatever starts the page again — play, a step, a command, a
/// rewind, a view or a language — renders it).
#[hook]
pub fn use_frame_loop(page: Rc<RefCell<Page>>, root: NodeRef, redraw: UseForceUpdateHandle, ticker: Ticker) {
    let frames = use_mut_ref(|| None::<AnimationLoop>);
    {
        let frames = frames.clone();
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
            let mut pace = Pace::default();
            let label_root = root.clone();
            *frames.borrow_mut() = Some(AnimationLoop::start(move |ts| {
                let mut page = page.borrow_mut();
                let next = pace.frame(&mut page, ts, shown.get(), &redraw, &ticker);
                if matches!(next, Next::After(_)) {
                    write_clock_label(&mut page, &label_root);
                }
                next
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
    use_effect(move || {
        if let Some(frames) = frames.borrow().as_ref() {
            frames.wake();
        }
    });
}

/// When the page last redrew its structure, and whether events wait for the next redraw.
/// Events change counters, cells and the log: the whole page is redrawn for them, but at most
/// every STRUCTURE_REDRAW_MS; in between only the token layers move.
#[derive(Debug)]
struct Pace {
    last_structure: f64,
    pending: bool,
}

impl Default for Pace {
    fn default() -> Self {
        Pace { last_structure: f64::NEG_INFINITY, pending: false }
    }
}

impl Pace {
    fn frame(&mut self, page: &mut Page, ts: f64, shown: bool, redraw: &UseForceUpdateHandle, ticker: &Ticker) -> Next {
        let frame = page.frame(ts);
        if frame == Frame::Changed {
            self.pending = true;
        }
        if self.pending && ts - self.last_structure >= STRUCTURE_REDRAW_MS {
            self.pending = false;
            self.last_structure = ts;
            redraw.force_update();
        } else if frame != Frame::Idle {
            ticker.tick();
        }
        // Paused with nothing left to redraw, or out of view: the loop sleeps, so a paused page
        // (or a paused or unseen widget in an article) asks for no frames at all. The clocks
        // forget their last frame, so the time asleep does not count as time played.
        let clock = page.clock();
        if (!clock.playing && !self.pending) || !shown {
            page.rest();
            return Next::Sleep;
        }
        if frame != Frame::Idle || self.pending {
            return Next::Frame;
        }
        // Playing with nothing in flight: nothing to draw until the model's next moment (a
        // timer, or a recorded command after a rewind). The loop dozes until then on a timer
        // instead of drawing empty frames, at most DOZE_MAX_MS at a time; the clocks count the
        // doze as played, and a command given meanwhile brings its model to the present first
        // (`Stage::apply`).
        let due = page.next_due();
        let wall = due.map_or(DOZE_MAX_MS, |due| ((due.as_ms() as f64 - clock.now_ms) / clock.speed).min(DOZE_MAX_MS));
        if wall < DOZE_MIN_MS {
            return Next::Frame;
        }
        page.doze(wall);
        Next::After(wall)
    }
}

/// While the loop dozes the clock plays on and nothing renders, so the playback clock's label
/// is written here, at each doze's end (at most DOZE_MAX_MS apart): it counts on with the
/// model's present instead of standing at the last render's, and no frame is asked for. The
/// label is keyed by the writes ([`Page::clock_label_writes`]), so the next render replaces it.
fn write_clock_label(page: &mut Page, root: &NodeRef) {
    let Some(root) = root.cast::<web_sys::Element>() else { return };
    let Ok(Some(label)) = root.query_selector(CLOCK_LABEL_SELECTOR) else { return };
    let text = clock_label(&page.now().to_string());
    if label.text_content().as_deref() != Some(text.as_str()) {
        label.set_text_content(Some(&text));
        page.clock_label_writes += 1;
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

