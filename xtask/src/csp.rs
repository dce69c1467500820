//! Makes the built site run under a strict Content-Security-Policy: no inline script, no eval
//! (only WebAssembly compilation), no connection beyond the page's own origin.
//!
//! Trunk writes a small inline module script that loads the wasm; a policy that forbids inline
//! script would block it. So after every build this moves that script into `boot.js` and adds
//! the policy to each page as a `<meta http-equiv>` (which works on any static host); the
//! local server sends the same policy as a header.

use std::path::Path;

use crate::Result;

/// The policy. `wasm-unsafe-eval` allows compiling WebAssembly and nothing else of eval's kind.
pub(crate) const POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
     style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; \
     object-src 'none'; base-uri 'none'; form-action 'none'";

pub(crate) fn harden(dist: &Path) -> Result {
    let index = dist.join("index.html");
    let html = std::fs::read_to_string(&index).map_err(|e| format!("cannot read {}: {e}", index.display()))?;
    let hardened = harden_html(&html)?;
    if let Some(script) = hardened.boot_script {
        std::fs::write(dist.join("boot.js"), script).map_err(|e| format!("cannot write boot.js: {e}"))?;
    }
    std::fs::write(&index, hardened.html).map_err(|e| format!("cannot write {}: {e}", index.display()))?;
    Ok(())
}

struct Hardened {
    html: String,
    boot_script: Option<String>,
}

fn harden_html(html: &str) -> Result<Hardened> {
    const OPEN: &str = "<script type=\"module\">";
    let mut html = html.to_string();
    let mut boot_script = None;
    if let Some(start) = html.find(OPEN) {
        let body_start = start + OPEN.len();
        let end = html[body_start..].find("</script>").ok_or("index.html has an unterminated inline script")? + body_start;
        boot_script = Some(html[body_start..end].trim().to_string() + "\n");
        html.replace_range(start..end + "</script>".len(), "<script type=\"module\" src=\"./boot.js\"></script>");
    }
    if html.contains("<script>") || html.contains(OPEN) {
        return Err(String::from("index.html still has an inline script the policy would block"));
    }
    if !html.contains("Content-Security-Policy") {
        let meta = format!("<meta http-equiv=\"Content-Security-Policy\" content=\"{POLICY}\">");
        let at = html.find("<meta charset=\"utf-8\">").map(|i| i + "<meta charset=\"utf-8\">".len()).ok_or("index.html has no charset meta")?;
        html.insert_str(at, &format!("\n  {meta}"));
    }
    Ok(Hardened { html, boot_script })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moves_the_inline_loader_out_and_adds_the_policy() {
        let html = "<html><head><meta charset=\"utf-8\">\n<script type=\"module\">\nimport init from './a.js';\nawait init();\n</script></head></html>";
        let out = harden_html(html).unwrap();
        assert_eq!(out.boot_script.as_deref(), Some("import init from './a.js';\nawait init();\n"));
        assert!(out.html.contains("<script type=\"module\" src=\"./boot.js\"></script>"));
        assert!(out.html.contains("script-src 'self' 'wasm-unsafe-eval'"));
        // Running it again changes nothing.
        let again = harden_html(&out.html).unwrap();
        assert_eq!(again.html, out.html);
        assert!(again.boot_script.is_none());
    }

    #[test]
    fn refuses_a_page_with_another_inline_script() {
        assert!(harden_html("<meta charset=\"utf-8\"><script>alert(1)</script>").is_err());
    }
}
