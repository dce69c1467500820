//! The page's entry point (Trunk builds this binary to wasm).

fn main() {
    brokerlab_web::start();
}
