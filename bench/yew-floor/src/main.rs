//! The smallest Yew app worth the name: one component with state, a button and a counter.
//! `cargo xtask bench` builds it exactly as the page is built and reports its size as
//! `bundle_yew_floor_gzip_bytes`: what Yew and wasm-bindgen cost a page before any of the
//! page's own views. With `bundle_core_gzip_bytes` (the core alone), it shows how much of the
//! bundle target is left for the views (docs/PERFORMANCE.md).

use yew::prelude::*;

#[function_component(Counter)]
fn counter() -> Html {
    let count = use_state(|| 0u32);
    let onclick = {
        let count = count.clone();
        Callback::from(move |_| count.set(*count + 1))
    };
    html! {
        <div>
            <button {onclick}>{ "+1" }</button>
            <p>{ *count }</p>
        </div>
    }
}

fn main() {
    #[cfg(target_arch = "wasm32")]
    yew::Renderer::<Counter>::new().render();
}
