//! Reads the import section of wasm modules, to prove the core's wasm imports nothing from the
//! `env` module (no libc, no clock, no host function the core would secretly need).

use std::path::Path;

use crate::Result;

/// Checks every wasm test binary of the core under `dir`.
pub(crate) fn check_core_test_binaries(dir: &Path) -> Result {
    let mut checked = 0;
    let entries = std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    for entry in entries.flatten() {
        let path = entry.path();
        // Only the core's tests are built for wasm32 in debug (the page is a release build),
        // so every module here is the core's library linked into one of its tests.
        if path.extension().and_then(|e| e.to_str()) != Some("wasm") {
            continue;
        }
        let bytes = std::fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let imports = imports(&bytes).map_err(|e| format!("{}: {e}", path.display()))?;
        if let Some((module, name)) = imports.iter().find(|(module, _)| module == "env") {
            return Err(format!("{} imports {module}.{name}: the core must not need the host", path.display()));
        }
        checked += 1;
    }
    if checked == 0 {
        return Err(format!("no core wasm binaries found under {}", dir.display()));
    }
    eprintln!("    {checked} wasm binaries checked: no imports from env");
    Ok(())
}

/// (module, name) of every import in a wasm binary.
pub(crate) fn imports(bytes: &[u8]) -> std::result::Result<Vec<(String, String)>, String> {
    if bytes.len() < 8 || &bytes[0..4] != b"\0asm" {
        return Err(String::from("not a wasm module"));
    }
    let mut at = 8;
    let mut out = Vec::new();
    while at < bytes.len() {
        let id = bytes[at];
        at += 1;
        let size = leb(bytes, &mut at)? as usize;
        let end = at.checked_add(size).filter(|e| *e <= bytes.len()).ok_or("section runs past the end")?;
        if id == 2 {
            let mut p = at;
            let count = leb(bytes, &mut p)?;
            for _ in 0..count {
                let module = name(bytes, &mut p)?;
                let field = name(bytes, &mut p)?;
                let kind = *bytes.get(p).ok_or("truncated import")?;
                p += 1;
                match kind {
                    0 => {
                        leb(bytes, &mut p)?;
                    }
                    1 => {
                        p += 1; // reference type
                        limits(bytes, &mut p)?;
                    }
                    2 => limits(bytes, &mut p)?,
                    3 => p += 2, // value type, mutability
                    4 => {
                        p += 1;
                        leb(bytes, &mut p)?;
                    }
                    other => return Err(format!("unknown import kind {other}")),
                }
                out.push((module, field));
            }
        }
        at = end;
    }
    Ok(out)
}

fn leb(bytes: &[u8], at: &mut usize) -> std::result::Result<u64, String> {
    let mut result = 0u64;
    let mut shift = 0;
    loop {
        let byte = *bytes.get(*at).ok_or("truncated number")?;
        *at += 1;
        result |= u64::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return Ok(result);
        }
        shift += 7;
        if shift > 63 {
            return Err(String::from("number too long"));
        }
    }
}

fn name(bytes: &[u8], at: &mut usize) -> std::result::Result<String, String> {
    let len = leb(bytes, at)? as usize;
    let text = bytes.get(*at..*at + len).ok_or("truncated name")?;
    *at += len;
    Ok(String::from_utf8_lossy(text).into_owned())
}

fn limits(bytes: &[u8], at: &mut usize) -> std::result::Result<(), String> {
    let flags = *bytes.get(*at).ok_or("truncated limits")?;
    *at += 1;
    leb(bytes, at)?;
    if flags & 1 != 0 {
        leb(bytes, at)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_imports_of_a_hand_made_module() {
        // (module (import "env" "now" (func)) (import "wbg" "x" (memory 1)))
        let mut m = b"\0asm\x01\0\0\0".to_vec();
        let section: Vec<u8> = [
            &[2u8][..],            // two imports
            &[3], b"env", &[3], b"now", &[0, 0],
            &[3], b"wbg", &[1], b"x", &[2, 0, 1],
        ]
        .concat();
        m.push(2);
        m.push(section.len() as u8);
        m.extend(section);
        let found = imports(&m).unwrap();
        assert_eq!(found, vec![("env".into(), "now".into()), ("wbg".into(), "x".into())]);
        assert!(imports(b"nope").is_err());
    }
}
