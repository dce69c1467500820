//! A lesson step's highlighted part of the diagram is brought into view where the diagram is
//! wider than its box (a phone: the message diagram scrolls sideways, and a lesson about a
//! stream or a consumer would otherwise point at something off to the right). It happens once
//! per step (or checkpoint verdict), after the render that highlights it, and only sideways
//! inside the diagram's own scroller: the page itself does not move, and a learner who scrolls
//! the diagram afterwards is not pulled back.

use wasm_bindgen::JsCast;
use web_sys::Element;
use yew::prelude::*;

/// Scrolls each `.diagram-scroll` under `root` so that its highlighted (`.watched`) elements
/// are centred sideways (all of them if they fit, else the first), when `key` (what is
/// highlighted) changes and they are not wholly in view.
#[hook]
pub fn use_follow_watched<K: PartialEq + Clone + 'static>(root: NodeRef, key: K) {
    use_effect_with(key, move |_| {
        if let Some(root) = root.cast::<Element>() {
            follow(&root);
        }
    });
}

fn follow(root: &Element) {
    let Ok(scrollers) = root.query_selector_all(".diagram-scroll") else { return };
    for i in 0..scrollers.length() {
        let Some(scroller) = scrollers.item(i).and_then(|n| n.dyn_into::<Element>().ok()) else { continue };
        if scroller.scroll_width() <= scroller.client_width() {
            continue;
        }
        let Ok(watched) = scroller.query_selector_all(".watched") else { continue };
        // Every highlighted part together if they fit side by side, else the first.
        let spans: Vec<(f64, f64)> = (0..watched.length())
            .filter_map(|j| watched.item(j)?.dyn_into::<Element>().ok())
            .map(|el| el.get_bounding_client_rect())
            .map(|r| (r.left(), r.right()))
            .collect();
        let Some(&first) = spans.first() else { continue };
        let box_ = scroller.get_bounding_client_rect();
        let all = spans.iter().fold(first, |(l, r), &(a, b)| (l.min(a), r.max(b)));
        let (left, right) = if all.1 - all.0 <= box_.width() { all } else { first };
        if left >= box_.left() && right <= box_.right() {
            continue;
        }
        let centre = (left + right) / 2.0 - (box_.left() + box_.width() / 2.0);
        scroller.set_scroll_left(scroller.scroll_left() + centre.round() as i32);
    }
}
