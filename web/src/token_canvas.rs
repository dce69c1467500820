//! The token layer: every token in flight drawn on one `<canvas>` laid exactly over the SVG
//! diagram, instead of one SVG node per token. The canvas redraws itself on every ticker tick
//! (no Yew render, no DOM diff) and after every render of its parent; the diagram underneath
//! redraws at most every `STRUCTURE_REDRAW_MS`.
//!
//! - Coordinates: tokens are given in the diagram's viewBox units; the canvas maps them the way
//!   the SVG does (`preserveAspectRatio` xMidYMid meet) to CSS pixels, times devicePixelRatio.
//!   The backing store follows the canvas's CSS size (measured after each render and on
//!   resize). Each token look (radius, hue, ring) is drawn once into a small sprite at the
//!   current scale. With fewer than `PIXELS_FROM` tokens a frame clears the canvas and copies
//!   one sprite per token (`drawImage`). From `PIXELS_FROM` on, a frame is composed in wasm
//!   memory instead (each sprite's pixels blended into one buffer, `blit`) and put on the
//!   canvas in one `putImageData`: with software rendering every `drawImage` is replayed into
//!   the canvas when the frame is committed, about 3 µs a token in all, while a whole-canvas
//!   put costs a fixed fraction of a millisecond (docs/PERFORMANCE.md).
//! - Colours: fills are the key/queue hue as before; the rings come from CSS custom properties
//!   (`--token-ring`, `--token-ack`, `--token-reject`) read with getComputedStyle once per theme
//!   change (the ticker's theme epoch, or the system colour scheme changing), never per frame.
//! - Motion: with `prefers-reduced-motion: reduce`, tokens do not travel: each shows at its
//!   source for the first half of its hop and at its destination for the second, a still mark
//!   at both ends (see `layout::along_with`).
//! - Testing and accessibility: the canvas is `aria-hidden` and carries `data-tokens` (how many
//!   it drew in its last frame), `data-motion` (`full` or `reduced`) and `data-paint`
//!   (`sprites` or `pixels`, the way the last frame was drawn); a visually hidden text beside
//!   it says how many records or messages are in flight.

use std::collections::BTreeMap;
use std::f64::consts::TAU;
use std::rc::Rc;

use brokerlab_core::Lang;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::Clamped;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, ImageData, MediaQueryList, ResizeObserver};
use yew::prelude::*;

use crate::layout::Motion;
use crate::ticker::Ticker;
use crate::words::words;

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

/// From this many tokens on, a frame is composed in wasm memory and put on the canvas at once
/// (see the module notes). Measured in headless Chromium with software rendering, main thread
/// per frame, A/B: the two ways cost the same at about 200 tokens; composing saves 0.4 ms at
/// 250, 0.9 ms at 500 and 4 ms at 2,000.
const PIXELS_FROM: usize = 200;

/// Up to this many tokens drawn last frame, a sprite frame clears each of their squares; above
/// it, one clear of the whole canvas costs less than the many small ones (A/B in
/// docs/PERFORMANCE.md: clearing each of 180 squares cost more than it saved).
const CLEAR_EACH_UP_TO: usize = 16;

/// How the last frame was drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Paint {
    Sprites,
    Pixels,
}

impl Paint {
    fn id(self) -> &'static str {
        match self {
            Paint::Sprites => "sprites",
            Paint::Pixels => "pixels",
        }
    }
}

/// Blends a `side`×`side` RGBA sprite (straight alpha, as `getImageData` gives it) into `dst`
/// (`w`×`h` RGBA, straight alpha) with its top left corner at (`x0`, `y0`), clipped to `dst`:
/// "source over", as `drawImage` composes. Returns the part of `dst` it touched, as
/// (x, y, width, height), if any.
fn blit(dst: &mut [u8], (w, h): (u32, u32), src: &[u8], side: u32, (x0, y0): (i32, i32)) -> Option<(u32, u32, u32, u32)> {
    let (w, h, s) = (w as i64, h as i64, i64::from(side));
    let (x0, y0) = (i64::from(x0), i64::from(y0));
    let (sx0, sy0) = ((-x0).max(0), (-y0).max(0));
    let (sx1, sy1) = (s.min(w - x0), s.min(h - y0));
    if sx0 >= sx1 || sy0 >= sy1 || dst.len() < (w * h * 4) as usize || src.len() < (s * s * 4) as usize {
        return None;
    }
    for sy in sy0..sy1 {
        let d_row = (((y0 + sy) * w + x0 + sx0) * 4) as usize;
        let s_row = ((sy * s + sx0) * 4) as usize;
        let n = ((sx1 - sx0) * 4) as usize;
        for (d, p) in dst[d_row..d_row + n].chunks_exact_mut(4).zip(src[s_row..s_row + n].chunks_exact(4)) {
            let sa = u32::from(p[3]);
            if sa == 0 {
                continue;
            }
            let da = u32::from(d[3]);
            if sa == 255 || da == 0 {
                d.copy_from_slice(p);
                continue;
            }
            // What shows of the destination under the source, and the alpha of the two.
            let under = da * (255 - sa) / 255;
            let out = sa + under;
            for k in 0..3 {
                d[k] = ((u32::from(p[k]) * sa + u32::from(d[k]) * under + out / 2) / out) as u8;
            }
            d[3] = out as u8;
        }
    }
    Some(((x0 + sx0) as u32, (y0 + sy0) as u32, (sx1 - sx0) as u32, (sy1 - sy0) as u32))
}

/// Zeroes the `(x, y, width, height)` rectangle of a `w`-wide RGBA buffer.
fn clear_rect(dst: &mut [u8], w: u32, (x, y, rw, rh): (u32, u32, u32, u32)) {
    for row in y..y + rh {
        let start = ((row * w + x) * 4) as usize;
        if let Some(line) = dst.get_mut(start..start + (rw * 4) as usize) {
            line.fill(0);
        }
    }
}

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
        match self {
            Noun::Records => words(lang).records_in_flight(n),
            Noun::Messages => words(lang).messages_in_flight(n),
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
    /// The frame composed in wasm memory (`PIXELS_FROM` tokens or more).
    frame: Frame,
    /// How the last frame was drawn, as `data-paint` shows it.
    paint: Option<Paint>,
    /// Where the last frame drawn with sprites put them (device pixels), so the next clears
    /// only those; `None`: clear the whole canvas (after a composed frame, or at first).
    drawn_at: Option<Vec<(f64, f64, f64)>>,
}

/// The pixel buffer of the last composed frame (`w`×`h` RGBA, straight alpha) and the parts of
/// it the tokens covered, so the next frame clears only those.
#[derive(Default)]
struct Frame {
    size: (u32, u32),
    rgba: Vec<u8>,
    covered: Vec<(u32, u32, u32, u32)>,
}

/// One token look: the sprite canvas, half its side in device pixels, its side, and its pixels
/// (read once, for composed frames).
struct Sprite {
    canvas: HtmlCanvasElement,
    half: f64,
    side: u32,
    rgba: Vec<u8>,
}

/// Each token look drawn once, at `scale` device pixels per viewBox unit, in theme `epoch`.
struct Sprites {
    scale: f64,
    epoch: u64,
    drawn: BTreeMap<SpriteKey, Sprite>,
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

    /// The key of `token`'s look, its sprite drawn at `k` device pixels per unit if it was not
    /// yet (`self.sprites` must be set).
    fn sprite(&mut self, token: &Token, k: f64, epoch: u64, canvas: &HtmlCanvasElement) -> Option<SpriteKey> {
        let key = ((token.r * 10.0).round() as u32, token.hue % 360, token.ring);
        if self.sprites.as_ref()?.drawn.contains_key(&key) {
            return Some(key);
        }
        if self.palette.as_ref().is_none_or(|(e, _)| *e != epoch) {
            self.palette = Some((epoch, Palette::read(canvas)));
        }
        let ring = self.palette.as_ref().map(|(_, p)| p.of(token.ring).to_string())?;
        let outer = (token.r + RING_W / 2.0) * k;
        let side = (2.0 * outer).ceil() as u32 + 2;
        let half = f64::from(side) / 2.0;
        let sprite: HtmlCanvasElement = web_sys::window()?.document()?.create_element("canvas").ok()?.dyn_into().ok()?;
        sprite.set_width(side);
        sprite.set_height(side);
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
        // Its pixels, once, for composed frames (a look is drawn once per scale and theme).
        let rgba = ctx.get_image_data(0.0, 0.0, f64::from(side), f64::from(side)).map(|d| d.data().0).unwrap_or_default();
        self.sprites.as_mut()?.drawn.insert(key, Sprite { canvas: sprite, half, side, rgba });
        Some(key)
    }

    /// Readies the frame buffer for a composed frame of `size`: what the last one covered is
    /// cleared (all of it after a resize).
    fn clear_frame(&mut self, size: (u32, u32)) {
        let frame = &mut self.frame;
        if frame.size != size {
            frame.size = size;
            frame.rgba.clear();
            frame.rgba.resize((size.0 * size.1 * 4) as usize, 0);
            frame.covered.clear();
        }
        for rect in frame.covered.drain(..) {
            clear_rect(&mut frame.rgba, size.0, rect);
        }
    }

    /// Draws the tokens in flight. `measure`: read the canvas's CSS size again (on a resize);
    /// otherwise the size measured last is used, so a frame never forces a layout.
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
        let paint = if count >= PIXELS_FROM && w > 0 && h > 0 { Paint::Pixels } else { Paint::Sprites };
        // A sprite frame clears only where the last one drew (a few small squares at a
        // lesson's pace, instead of the whole canvas); after a composed frame, all of it.
        let mut drawn_at = self.drawn_at.take().unwrap_or_default();
        match (paint, self.paint) {
            (Paint::Sprites, Some(Paint::Sprites)) if drawn_at.len() <= CLEAR_EACH_UP_TO => {
                for &(x, y, side) in &drawn_at {
                    ctx.clear_rect(x, y, side, side);
                }
            }
            (Paint::Sprites, _) => ctx.clear_rect(0.0, 0.0, f64::from(w), f64::from(h)),
            (Paint::Pixels, _) => self.clear_frame((w, h)),
        }
        drawn_at.clear();
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
                let Some(key) = self.sprite(t, k, epoch, canvas) else { continue };
                let Some(sprite) = self.sprites.as_ref().and_then(|s| s.drawn.get(&key)) else { continue };
                // Whole device pixels: a crisp copy with no filtering (at most half a pixel off).
                let (x, y) = ((dpr * (ox + t.x * scale) - sprite.half).round(), (dpr * (oy + t.y * scale) - sprite.half).round());
                match paint {
                    Paint::Sprites => {
                        let _ = ctx.draw_image_with_html_canvas_element(&sprite.canvas, x, y);
                        drawn_at.push((x, y, f64::from(sprite.side)));
                    }
                    Paint::Pixels => {
                        if let Some(rect) = blit(&mut self.frame.rgba, (w, h), &sprite.rgba, sprite.side, (x as i32, y as i32)) {
                            self.frame.covered.push(rect);
                        }
                    }
                }
            }
        }
        // A composed frame goes on in one call; the ImageData reads the buffer in place (a view
        // of wasm memory, used at once).
        if paint == Paint::Pixels
            && let Ok(image) = ImageData::new_with_u8_clamped_array_and_sh(Clamped(&self.frame.rgba), w, h)
        {
            let _ = ctx.put_image_data(&image, 0.0, 0.0);
        }
        self.tokens = tokens;
        if paint == Paint::Sprites {
            self.drawn_at = Some(drawn_at);
        }
        if self.shown != Some((count, motion)) {
            let _ = canvas.set_attribute("data-tokens", &count.to_string());
            let _ = canvas.set_attribute("data-motion", motion.id());
            self.shown = Some((count, motion));
        }
        if self.paint != Some(paint) {
            let _ = canvas.set_attribute("data-paint", paint.id());
            self.paint = Some(paint);
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
    // change): draw the tokens where they are now, at the size measured last. A render that
    // resizes the canvas is caught by the resize observer, which measures; measuring here
    // would force a layout of the freshly rendered page in the middle of the frame.
    {
        let draw = draw.clone();
        use_effect(move || draw(false));
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
#[path = "token_canvas_tests.rs"]
mod tests;
