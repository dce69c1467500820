//! Fuzz target `fragment`: the page's share-link decoder (`brokerlab_web::share::decode`) on
//! any text, then the decoded scenario through the same body as target `scenario`. A decoded
//! link must encode back to a link that decodes to the same thing.
#![no_main]

#[path = "../../core/tests/hostile_support/mod.rs"]
mod hostile_support;

use brokerlab_web::share;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(text) = core::str::from_utf8(data) else { return };
    if let Ok(Some(shared)) = share::decode(text) {
        let again = share::decode(&share::encode(&shared.scenario_json, shared.step));
        assert_eq!(again, Ok(Some(shared.clone())), "a decoded link does not survive encode → decode");
        hostile_support::shared_scenario(&shared.scenario_json);
    }
});
