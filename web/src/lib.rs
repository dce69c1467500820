//! # brokerlab-web
//!
//! A thin Yew shell over the core's `World`: it advances simulated time from the animation
//! frame clock, drains events into flights (tokens that move between the departure and arrival
//! times the core recorded) and draws borrowed views. It never mutates model state except
//! through `World::apply`, and never invents time.
//!
//! - `sim`: the world plus the page's clock, flights and event log (no DOM).
//! - `layout`: where things are drawn, and easing (pure functions, tested natively).
//! - `app`: the Yew components.

pub mod app;
pub mod layout;
pub mod sim;

/// Mounts the app on the page's body.
pub fn start() {
    yew::Renderer::<app::App>::new().render();
}
