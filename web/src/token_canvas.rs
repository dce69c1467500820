//! The token layer: every token in flight drawn on one `<canvas>` laid exactly over the SVG
//! diagram, instead of one SVG node per token. The canvas redraws itself on every ticker tick
//! (no Yew render, no DOM diff) and after every render of its parent; the diagram underneath
//! redraws at most every `STRUCTURE_REDRAW_MS`.
//!
//! - Coordinates: tokens are given in the diagram's viewBox units; the canvas maps them the way
//!   the SVG does (`preserveAspectRatio` xMidYMid meet) to CSS pixels, times devicePixelRatio.
//!   The backing store follows the canvas's CSS size (measured after each render and on
//!   resize). Each token look (radius, hue, ring) is drawn once into a small sprite at the
//!   current scale; a frame clears the canvas and copies one sprite per token.
//! - Colours: fills are the key/queue hue as before; the rings come from CSS custom properties
//!   (`--token-ring`, `--token-ack`, `--token-reject`) read with getComputedStyle once per theme
//!   change (the ticker's theme epoch, or the system colour scheme changing), never per frame.
//! - Motion: with `prefers-reduced-motion: reduce`, tokens do not travel: each shows at its
//!   source for the first half of its hop and at its destination for the second, a still mark
//!   at both ends (see `layout::along_with`).
//! - Testing and accessibility: the canvas is `aria-hidden` and carries `data-tokens` (how many
//!   it drew in its last frame) and `data-motion` (`full` or `reduced`); a visually hidden text
//!   beside it says how many records or messages are in flight.

use std::collections::BTreeMap;
use std::f64::consts::TAU;
use std::rc::Rc;

use brokerlab_core::Lang;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, MediaQueryList, ResizeObserver};
use yew::prelude::*;

use crate::layout::Motion;
use crate::ticker::Ticker;

/// How a token is outlined.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Ring {
    /// The panel colour, so a token stands out from edges it crosses.
    Plain,
    /// An acknowledgement travelling back.
    Ack,
    /// A reject travelling back.
    Reject,
}

/// One token to draw, in the diagram's viewBox units.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Token {
    pub x: f64,
    pub y: f64,
    pub r: f64,
    pub hue: u32,
    pub ring: Ring,
}

/// Width of a token's ring (as the SVG tokens' stroke-width was).
const RING_W: f64 = 2.0;

/// Fills `out` with the tokens in flight now, positioned for the given motion preference.
#[derive(Clone)]
pub struct Collect(pub Rc<CollectFn>);

/// The function behind a `Collect`.
pub type CollectFn = dyn Fn(Motion, &mut Vec<Token>);

impl Collect {
    pub fn new(f: impl Fn(Motion, &mut Vec<Token>) + 'static) -> Collect {
        Collect(Rc::new(f))
    }
}

impl std::fmt::Debug for Collect {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Collect")
    }
}

/// What the tokens are, for the accessible summary.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Noun {
    Records,
    Messages,
}

impl Noun {
    /// "3 records in flight" / "이동 중인 레코드 3개".
    pub fn summary(self, n: usize, lang: Lang) -> String {
        match (self, lang) {
            (Noun::Records, Lang::Ko) => format!("이동 중인 레코드 {n}개"),
            (Noun::Messages, Lang::Ko) => format!("이동 중인 메시지 {n}개"),
            (Noun::Records, _) if n == 1 => String::from("1 record in flight"),
            (Noun::Records, _) => format!("{n} records in flight"),
            (Noun::Messages, _) if n == 1 => String::from("1 message in flight"),
            (Noun::Messages, _) => format!("{n} messages in flight"),
        }
    }
}

#[derive(Properties, Debug)]
pub struct TokenCanvasProps {
    pub collect: Collect,
    /// The SVG's viewBox size (its origin is 0 0).
    pub view_box: (f64, f64),
    pub noun: Noun,
    pub lang: Lang,
}

impl PartialEq for TokenCanvasProps {
    fn eq(&self, _: &Self) -> bool {
        // The simulation behind `collect` is mutated in place: redraw with the parent.
        false
    }
}

/// How a viewBox of `view` maps into a box of `css` pixels (preserveAspectRatio xMidYMid
/// meet): (scale, x offset, y offset) in CSS pixels.
pub fn fit(view: (f64, f64), css: (f64, f64)) -> (f64, f64, f64) {
    if view.0 <= 0.0 || view.1 <= 0.0 {
        return (1.0, 0.0, 0.0);
    }
    let scale = (css.0 / view.0).min(css.1 / view.1);
    (scale, (css.0 - view.0 * scale) / 2.0, (css.1 - view.1 * scale) / 2.0)
}

/// The rings' colours, read from CSS once per theme.
#[derive(Clone, Debug, PartialEq)]
struct Palette {
    ring: String,
    ack: String,
    reject: String,
}

impl Palette {
    fn read(canvas: &HtmlCanvasElement) -> Palette {
        let style = web_sys::window().and_then(|w| w.get_computed_style(canvas).ok().flatten());
        let get = |name: &str, fallback: &str| {
            let value = style.as_ref().and_then(|s| s.get_property_value(name).ok()).unwrap_or_default();
            let value = value.trim();
            if value.is_empty() { fallback.to_string() } else { value.to_string() }
        };
        Palette { ring: get("--token-ring", "#ffffff"), ack: get("--token-ack", "#16a34a"), reject: get("--token-reject", "#ef4444") }
    }

    fn of(&self, ring: Ring) -> &str {
        match ring {
            Ring::Plain => &self.ring,
            Ring::Ack => &self.ack,
            Ring::Reject => &self.reject,
        }
    }
}

/// State kept between frames: the 2D context, the palette and its theme epoch, the colour
/// strings per hue, and the token buffer (reused, so a frame allocates nothing once warm).
#[derive(Default)]
struct Painter {
    context: Option<(HtmlCanvasElement, CanvasRenderingContext2d)>,
    palette: Option<(u64, Palette)>,
    tokens: Vec<Token>,
    shown: Option<(usize, Motion)>,
    reduced: Option<MediaQueryList>,
    /// The canvas's CSS size, as last measured.
    size: Option<(f64, f64)>,
    /// Pre-drawn tokens for the current scale and theme epoch.
    sprites: Option<Sprites>,
}

/// Each token look drawn once, at `scale` device pixels per viewBox unit, in theme `epoch`.
struct Sprites {
    scale: f64,
    epoch: u64,
    /// Look → (sprite, half its size in device pixels).
    drawn: BTreeMap<SpriteKey, (HtmlCanvasElement, f64)>,
}

/// A token's look: radius in tenths of a unit, hue, ring.
type SpriteKey = (u32, u32, Ring);

impl Painter {
    fn context(&mut self, canvas: &HtmlCanvasElement) -> Option<CanvasRenderingContext2d> {
        if let Some((el, ctx)) = &self.context
            && el == canvas
        {
            return Some(ctx.clone());
        }
        let ctx: CanvasRenderingContext2d = canvas.get_context("2d").ok()??.dyn_into().ok()?;
        self.context = Some((canvas.clone(), ctx.clone()));
        Some(ctx)
    }

    fn motion(&mut self) -> Motion {
        if self.reduced.is_none() {
            self.reduced = web_sys::window().and_then(|w| w.match_media("(prefers-reduced-motion: reduce)").ok().flatten());
        }
        if self.reduced.as_ref().is_some_and(MediaQueryList::matches) { Motion::Reduced } else { Motion::Full }
    }

    /// The sprite for `token`'s look at `k` device pixels per unit, and half its size.
    fn sprite(&mut self, token: &Token, k: f64, epoch: u64, canvas: &HtmlCanvasElement) -> Option<(HtmlCanvasElement, f64)> {
        let key = ((token.r * 10.0).round() as u32, token.hue % 360, token.ring);
        if let Some(sprites) = &self.sprites
            && let Some(found) = sprites.drawn.get(&key)
        {
            return Some(found.clone());
        }
        if self.palette.as_ref().is_none_or(|(e, _)| *e != epoch) {
            self.palette = Some((epoch, Palette::read(canvas)));
        }
        let ring = self.palette.as_ref().map(|(_, p)| p.of(token.ring).to_string())?;
        let outer = (token.r + RING_W / 2.0) * k;
        let size = (2.0 * outer).ceil() + 2.0;
        let half = size / 2.0;
        let sprite: HtmlCanvasElement = web_sys::window()?.document()?.create_element("canvas").ok()?.dyn_into().ok()?;
        sprite.set_width(size as u32);
        sprite.set_height(size as u32);
        let ctx: CanvasRenderingContext2d = sprite.get_context("2d").ok()??.dyn_into().ok()?;
        // The ring as a disc one ring-width wider, the fill on top: a stroke centred on r.
        ctx.begin_path();
        let _ = ctx.arc(half, half, outer, 0.0, TAU);
        ctx.set_fill_style_str(&ring);
        ctx.fill();
        ctx.begin_path();
        let _ = ctx.arc(half, half, (token.r - RING_W / 2.0) * k, 0.0, TAU);
        ctx.set_fill_style_str(&format!("hsl({}, 75%, 50%)", key.1));
        ctx.fill();
        if let Some(sprites) = &mut self.sprites {
            sprites.drawn.insert(key, (sprite.clone(), half));
        }
        Some((sprite, half))
    }

    /// Draws the tokens in flight. `measure`: read the canvas's CSS size again (after a render
    /// or a resize); a tick uses the size measured last, so it never forces a layout.
    fn draw(&mut self, canvas: &HtmlCanvasElement, collect: &Collect, view_box: (f64, f64), epoch: u64, measure: bool) {
        let Some(window) = web_sys::window() else { return };
        let Some(ctx) = self.context(canvas) else { return };
        if measure || self.size.is_none() {
            let rect = canvas.get_bounding_client_rect();
            self.size = Some((rect.width(), rect.height()));
        }
        let (css_w, css_h) = self.size.unwrap_or_default();
        let dpr = window.device_pixel_ratio().max(1.0);
        let (w, h) = ((css_w * dpr).round() as u32, (css_h * dpr).round() as u32);
        if canvas.width() != w {
            canvas.set_width(w);
        }
        if canvas.height() != h {
            canvas.set_height(h);
        }
        if self.palette.as_ref().is_none_or(|(e, _)| *e != epoch) {
            self.palette = Some((epoch, Palette::read(canvas)));
        }
        let motion = self.motion();
        let mut tokens = std::mem::take(&mut self.tokens);
        tokens.clear();
        (collect.0)(motion, &mut tokens);
        let count = tokens.len();

        let _ = ctx.set_transform(1.0, 0.0, 0.0, 1.0, 0.0, 0.0);
        ctx.clear_rect(0.0, 0.0, f64::from(w), f64::from(h));
        if count > 0 && w > 0 && h > 0 {
            let (scale, ox, oy) = fit(view_box, (css_w, css_h));
            // Device pixels per viewBox unit. Each look (radius, hue, ring) is drawn once into a
            // small sprite at this scale; a frame then only copies sprites, in flight order (the
            // newest on top, as the SVG tokens were), which software rendering does far faster
            // than filling and stroking a circle per token.
            let k = dpr * scale;
            if self.sprites.as_ref().is_none_or(|s| (s.scale - k).abs() > 1e-9 || s.epoch != epoch) {
                self.sprites = Some(Sprites { scale: k, epoch, drawn: BTreeMap::new() });
            }
            for t in &tokens {
                let Some((sprite, half)) = self.sprite(t, k, epoch, canvas) else { continue };
                // Whole device pixels: a crisp copy with no filtering (at most half a pixel off).
                let (x, y) = ((dpr * (ox + t.x * scale) - half).round(), (dpr * (oy + t.y * scale) - half).round());
                let _ = ctx.draw_image_with_html_canvas_element(&sprite, x, y);
            }
        }
        self.tokens = tokens;
        if self.shown != Some((count, motion)) {
            let _ = canvas.set_attribute("data-tokens", &count.to_string());
            let _ = canvas.set_attribute("data-motion", motion.id());
            self.shown = Some((count, motion));
        }
    }
}

/// What the frame callbacks need, refreshed by every render.
struct Layer {
    collect: Collect,
    view_box: (f64, f64),
}

#[function_component(TokenCanvas)]
pub fn token_canvas(props: &TokenCanvasProps) -> Html {
    let ticker = use_context::<Ticker>();
    let canvas = use_node_ref();
    let painter = use_mut_ref(Painter::default);
    let layer = use_mut_ref(|| None::<Layer>);
    *layer.borrow_mut() = Some(Layer { collect: props.collect.clone(), view_box: props.view_box });

    let draw: Rc<dyn Fn(bool)> = {
        let (canvas, painter, layer, ticker) = (canvas.clone(), painter.clone(), layer.clone(), ticker.clone());
        Rc::new(move |measure| {
            let (Some(el), Some(layer)) = (canvas.cast::<HtmlCanvasElement>(), layer.borrow().as_ref().map(|l| (l.collect.clone(), l.view_box))) else {
                return;
            };
            let epoch = ticker.as_ref().map_or(0, Ticker::theme_epoch);
            painter.borrow_mut().draw(&el, &layer.0, layer.1, epoch, measure);
        })
    };

    // Every tick: draw, without rendering anything through Yew. A resize of the canvas or a
    // change of the system colour scheme draws too (the latter with the palette read afresh).
    {
        let (draw, canvas, painter) = (draw.clone(), canvas.clone(), painter.clone());
        use_effect_with((), move |_| {
            let subscription = ticker.map(|t| {
                let d = draw.clone();
                let id = t.subscribe(Callback::from(move |()| d(false)));
                (t, id)
            });
            let on_resize = {
                let d = draw.clone();
                Closure::<dyn FnMut()>::new(move || d(true))
            };
            let observer = ResizeObserver::new(on_resize.as_ref().unchecked_ref()).ok();
            if let (Some(o), Some(el)) = (&observer, canvas.cast::<web_sys::Element>()) {
                o.observe(&el);
            }
            let scheme = web_sys::window().and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten());
            let on_scheme = {
                let d = draw.clone();
                Closure::<dyn FnMut()>::new(move || {
                    painter.borrow_mut().palette = None;
                    d(false);
                })
            };
            if let Some(s) = &scheme {
                let _ = s.add_event_listener_with_callback("change", on_scheme.as_ref().unchecked_ref());
            }
            move || {
                if let Some((t, id)) = subscription {
                    t.unsubscribe(id);
                }
                if let Some(o) = observer {
                    o.disconnect();
                }
                if let Some(s) = scheme {
                    let _ = s.remove_event_listener_with_callback("change", on_scheme.as_ref().unchecked_ref());
                }
                drop(on_resize);
                drop(on_scheme);
            }
        });
    }
    // After every render of the parent (the structure redraw, a step while paused, a language
    // change): draw the tokens where they are now.
    {
        let draw = draw.clone();
        use_effect(move || draw(true));
    }

    let mut counted = Vec::new();
    (props.collect.0)(Motion::Full, &mut counted);
    html! {
        <>
            <canvas ref={canvas} class="token-canvas" aria-hidden="true"></canvas>
            <p class="visually-hidden tokens-summary">{props.noun.summary(counted.len(), props.lang)}</p>
        </>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_view_box_maps_like_svg_meet() {
        // Same aspect: a plain scale, no offset.
        assert_eq!(fit((960.0, 480.0), (480.0, 240.0)), (0.5, 0.0, 0.0));
        // A taller box: centred vertically.
        let (s, ox, oy) = fit((960.0, 480.0), (480.0, 300.0));
        assert_eq!((s, ox), (0.5, 0.0));
        assert!((oy - 30.0).abs() < 1e-9);
        // A wider box: centred horizontally.
        let (s, ox, oy) = fit((100.0, 100.0), (300.0, 100.0));
        assert_eq!((s, ox, oy), (1.0, 100.0, 0.0));
        assert_eq!(fit((0.0, 10.0), (10.0, 10.0)), (1.0, 0.0, 0.0));
    }

    #[test]
    fn summaries_read_naturally() {
        assert_eq!(Noun::Records.summary(1, Lang::En), "1 record in flight");
        assert_eq!(Noun::Records.summary(3, Lang::En), "3 records in flight");
        assert_eq!(Noun::Messages.summary(0, Lang::En), "0 messages in flight");
        assert_eq!(Noun::Messages.summary(2, Lang::Ko), "이동 중인 메시지 2개");
    }
}
