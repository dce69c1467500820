//! Tokens that glide on their own: at a lesson's pace (a few tokens in flight, the page
//! playing, full motion) each token is a small element over the diagram moved by the browser's
//! compositor with a Web Animation (a `transform` from its source to its destination, eased as
//! `layout::ease`, lasting its hop at the clock's speed). The page then draws nothing per frame:
//! its frame loop dozes until the model's next moment instead of asking for animation frames,
//! where the token canvas had to be redrawn and committed on every frame even for one token
//! (docs/PERFORMANCE.md, issue 23). Paused, stepping, with reduced motion or with more than
//! `GLIDE_UP_TO` tokens, the canvas draws them as before.
//!
//! The animations follow the simulated clock: each is created at the progress its hop has
//! reached, and set again if it drifts from it by more than a frame (after a doze, a tab in the
//! background, a rewind); a speed, size or theme change creates them afresh. An element is
//! removed when its token has landed (its animation has ended by then, and an element shows
//! only while its animation runs). Styles are set through the CSSOM, which the page's security
//! policy allows (no `style` attribute).

use std::collections::BTreeMap;

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Animation, HtmlElement};

use crate::token_flight::{Flying, RING_W, TokenClock};

/// At most this many tokens glide; more go on the canvas, which composes hundreds in one
/// frame for less than as many elements would cost.
pub const GLIDE_UP_TO: usize = 48;

/// `layout::ease` (a cubic ease-in-out) as CSS says it.
const EASING: &str = "cubic-bezier(0.65, 0, 0.35, 1)";

/// How far (wall ms) an animation may drift from the simulated clock before it is set again.
const DRIFT_MS: f64 = 34.0;

/// What every glider's look and timing depend on: the viewBox's fit in CSS pixels (scale,
/// x and y offset), the clock's speed, and the theme epoch.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Look {
    fit: (f64, f64, f64),
    speed: f64,
    epoch: u64,
}

#[derive(Debug)]
struct Glider {
    el: HtmlElement,
    anim: Animation,
    flight: Flying,
}

/// The gliding tokens of one diagram.
#[derive(Debug, Default)]
pub struct Glide {
    shown: BTreeMap<u64, Glider>,
    look: Option<Look>,
}

impl Glide {
    /// How many tokens glide now.
    pub fn len(&self) -> usize {
        self.shown.len()
    }

    pub fn is_empty(&self) -> bool {
        self.shown.is_empty()
    }

    /// Removes every glider.
    pub fn clear(&mut self) {
        for (_, g) in std::mem::take(&mut self.shown) {
            g.anim.cancel();
            g.el.remove();
        }
        self.look = None;
    }

    /// Brings the gliders in `layer` to `flights` at `clock`: new tokens start at the progress
    /// their hop has reached, landed or changed ones go, and drifted ones are set again.
    /// `ring` gives a ring's colour in the current theme.
    pub fn sync(&mut self, layer: &HtmlElement, flights: &[Flying], clock: TokenClock, fit: (f64, f64, f64), epoch: u64, ring: impl Fn(&Flying) -> String) {
        let look = Look { fit, speed: clock.speed.max(1e-6), epoch };
        if self.look != Some(look) {
            self.clear();
            self.look = Some(look);
        }
        let now = clock.now_ms;
        let wanted: BTreeMap<u64, &Flying> = flights.iter().filter(|f| now < f.arrives).map(|f| (f.id, f)).collect();
        let gone: Vec<u64> = self.shown.iter().filter(|(id, g)| wanted.get(id).is_none_or(|f| **f != g.flight)).map(|(id, _)| *id).collect();
        for id in gone {
            if let Some(g) = self.shown.remove(&id) {
                g.anim.cancel();
                g.el.remove();
            }
        }
        let Some(document) = layer.owner_document() else { return };
        for (id, f) in wanted {
            let at = (now - f.departs).max(0.0) / look.speed;
            if let Some(g) = self.shown.get(&id) {
                if g.anim.current_time().is_none_or(|t| (t - at).abs() > DRIFT_MS) {
                    g.anim.set_current_time(Some(at));
                }
                continue;
            }
            let Some(el) = document.create_element("span").ok().and_then(|e| e.dyn_into::<HtmlElement>().ok()) else { continue };
            let (scale, ox, oy) = fit;
            let outer = (f.r + RING_W / 2.0) * scale;
            let style = el.style();
            let side = format!("{:.2}px", 2.0 * outer);
            let _ = style.set_property("width", &side);
            let _ = style.set_property("height", &side);
            let _ = style.set_property("background", &format!("hsl({}, 75%, 50%)", f.hue % 360));
            let _ = style.set_property("border", &format!("{:.2}px solid {}", RING_W * scale, ring(f)));
            el.set_class_name("token-glider");
            let _ = layer.append_child(&el);
            let point = |(x, y): (f64, f64)| format!("translate({:.2}px, {:.2}px)", ox + x * scale - outer, oy + y * scale - outer);
            let Some(anim) = animate(&el, &point(f.from), &point(f.to), (f.arrives - f.departs) / look.speed) else {
                el.remove();
                continue;
            };
            anim.set_current_time(Some(at));
            self.shown.insert(id, Glider { el, anim, flight: *f });
        }
    }
}

/// `el.animate([{transform: from, opacity: 1}, {transform: to, opacity: 1}], {duration,
/// easing})`, called through the DOM (web-sys has `Element.animate` only behind its unstable
/// APIs). `None` where the browser has no Web Animations.
fn animate(el: &HtmlElement, from: &str, to: &str, duration: f64) -> Option<Animation> {
    let frame = |transform: &str| {
        let k = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&k, &"transform".into(), &transform.into());
        let _ = js_sys::Reflect::set(&k, &"opacity".into(), &JsValue::from_f64(1.0));
        k
    };
    let frames = js_sys::Array::of2(&frame(from), &frame(to));
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"duration".into(), &JsValue::from_f64(duration.max(1.0)));
    let _ = js_sys::Reflect::set(&options, &"easing".into(), &EASING.into());
    let function: js_sys::Function = js_sys::Reflect::get(el, &"animate".into()).ok()?.dyn_into().ok()?;
    function.call2(el, &frames, &options).ok()?.dyn_into::<Animation>().ok()
}
