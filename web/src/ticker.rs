//! Per-frame redraws of the moving tokens only. The frame loop redraws the whole page at most
//! every `STRUCTURE_REDRAW_MS` (new cells, counters, log lines), but token positions change
//! every frame: token layers subscribe to a `Ticker` (shared through Yew context) and only they
//! re-render on a tick, so a frame with hundreds of tokens in flight does not rebuild the page.
//! The token canvases (`token_canvas`) subscribe with a callback that draws directly, without
//! any Yew render at all.

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::rc::Rc;

use yew::prelude::*;

/// The most often the whole page is redrawn while animating (wall-clock milliseconds).
pub const STRUCTURE_REDRAW_MS: f64 = 100.0;

#[derive(Clone, Default)]
pub struct Ticker {
    subscribers: Rc<RefCell<BTreeMap<u64, Callback<()>>>>,
    next: Rc<Cell<u64>>,
    /// Bumped when the theme changes, so token canvases read their colours again.
    theme: Rc<Cell<u64>>,
}

impl std::fmt::Debug for Ticker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Ticker({} subscribers)", self.subscribers.borrow().len())
    }
}

impl PartialEq for Ticker {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.subscribers, &other.subscribers)
    }
}

impl Ticker {
    pub fn subscribe(&self, callback: Callback<()>) -> u64 {
        let id = self.next.get();
        self.next.set(id + 1);
        self.subscribers.borrow_mut().insert(id, callback);
        id
    }

    pub fn unsubscribe(&self, id: u64) {
        self.subscribers.borrow_mut().remove(&id);
    }

    /// How many times the theme has changed (token canvases cache their colours per epoch).
    pub fn theme_epoch(&self) -> u64 {
        self.theme.get()
    }

    /// The theme changed: colours are read again and every token layer redraws.
    pub fn theme_changed(&self) {
        self.theme.set(self.theme.get() + 1);
        self.tick();
    }

    /// Asks every subscribed token layer to redraw.
    pub fn tick(&self) {
        let callbacks: Vec<Callback<()>> = self.subscribers.borrow().values().cloned().collect();
        for callback in callbacks {
            callback.emit(());
        }
    }
}

/// Subscribes the calling component to the ticker in context (if any) for its lifetime.
#[hook]
pub fn use_tick() {
    let ticker = use_context::<Ticker>();
    let redraw = use_force_update();
    use_effect_with((), move |_| {
        let subscription = ticker.map(|t| {
            let id = t.subscribe(Callback::from(move |()| redraw.force_update()));
            (t, id)
        });
        move || {
            if let Some((t, id)) = subscription {
                t.unsubscribe(id);
            }
        }
    });
}
