//! No import circles between the files of the core or the page.
//!
//! A circle (the stage imports the inspector, which imports the stage) means neither file can
//! be read, tested or moved without the other: two rooms that are really one. Each file is a
//! module (`a/b.rs` and `a/b/mod.rs` are `a::b`); a file imports another when its code (not
//! its comments, not its `#[cfg(test)] mod tests`) names a path through it with `crate::` or
//! `super::`. A module and its own submodules may use each other (that is one room with its
//! closets); any other circle fails, naming every file in it.

use std::collections::{BTreeMap, BTreeSet};

use super::Source;
use super::source::is_ident;

/// The crates whose files must not import in circles.
pub(crate) const DIRS: &[&str] = &["core/src", "web/src"];

/// Every circle among the modules of each crate in `sources`.
pub(crate) fn check(sources: &[Source], problems: &mut Vec<String>) {
    for dir in DIRS {
        let prefix = format!("{dir}/");
        let files: BTreeMap<String, &Source> = sources
            .iter()
            .filter_map(|s| s.path.strip_prefix(&prefix).map(|rel| (module_of(rel), s)))
            .filter(|(module, _)| !module.is_empty())
            .collect();
        let edges: BTreeMap<&str, BTreeSet<String>> =
            files.iter().map(|(module, source)| (module.as_str(), imports(module, source, &files))).collect();
        for circle in circles(&edges) {
            let paths: Vec<&str> = circle.iter().map(|m| files[m.as_str()].path.as_str()).collect();
            problems.push(format!("{dir}: import circle between {}: move what they share to a file both can import", paths.join(", ")));
        }
    }
}

/// `a/b.rs` and `a/b/mod.rs` are `a::b`; `lib.rs` and `main.rs` are the crate root (`""`).
fn module_of(relative: &str) -> String {
    let path = relative.strip_suffix(".rs").unwrap_or(relative);
    let path = path.strip_suffix("/mod").unwrap_or(path);
    if path == "lib" || path == "main" { String::new() } else { path.replace('/', "::") }
}

/// The modules `module`'s code imports, other than itself, its ancestors and its descendants.
fn imports(module: &str, source: &Source, files: &BTreeMap<String, &Source>) -> BTreeSet<String> {
    let parent = module.rsplit_once("::").map_or("", |(p, _)| p);
    let mut out = BTreeSet::new();
    let mut code = String::new();
    for (i, line) in source.lines.iter().enumerate() {
        let next = source.lines.get(i + 1).map_or("", |l| l.code.trim());
        if line.code.trim() == "#[cfg(test)]" && next.starts_with("mod tests") {
            break;
        }
        code.push_str(&line.code);
        code.push('\n');
    }
    for (anchor, base) in [("crate::", ""), ("super::", parent)] {
        for path in paths_after(&code, anchor) {
            let full = if base.is_empty() { path } else { format!("{base}::{path}") };
            if let Some(target) = longest_module(&full, files) {
                let related = target == module
                    || target.is_empty()
                    || module.starts_with(&format!("{target}::"))
                    || target.starts_with(&format!("{module}::"));
                if !related {
                    out.insert(target);
                }
            }
        }
    }
    out
}

/// The paths named after each `anchor` (`crate::a::b::C`, `crate::{a::B, c}`), as `a::b::C`.
fn paths_after(code: &str, anchor: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find(anchor) {
        let before = rest[..at].chars().next_back();
        rest = &rest[at + anchor.len()..];
        if before.is_some_and(|c| is_ident(c) || c == ':') {
            continue;
        }
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            out.extend(group[..end].split(',').map(|item| path_at(item.trim())).filter(|p| !p.is_empty()));
        } else {
            out.push(path_at(rest));
        }
    }
    out
}

/// The `a::b::c` at the start of `text`.
fn path_at(text: &str) -> String {
    let end = text.find(|c: char| !(is_ident(c) || c == ':')).unwrap_or(text.len());
    text[..end].trim_end_matches(':').to_string()
}

/// The longest prefix of `path` that is a module with a file (`""` for the crate root).
fn longest_module(path: &str, files: &BTreeMap<String, &Source>) -> Option<String> {
    let parts: Vec<&str> = path.split("::").collect();
    (1..=parts.len()).rev().map(|n| parts[..n].join("::")).find(|m| files.contains_key(m))
}

/// The strongly connected components with more than one module (Tarjan's algorithm).
fn circles(edges: &BTreeMap<&str, BTreeSet<String>>) -> Vec<Vec<String>> {
    struct Walk<'a> {
        edges: &'a BTreeMap<&'a str, BTreeSet<String>>,
        index: BTreeMap<String, usize>,
        low: BTreeMap<String, usize>,
        stack: Vec<String>,
        on_stack: BTreeSet<String>,
        found: Vec<Vec<String>>,
    }
    impl Walk<'_> {
        fn visit(&mut self, v: &str) {
            let n = self.index.len();
            self.index.insert(v.to_string(), n);
            self.low.insert(v.to_string(), n);
            self.stack.push(v.to_string());
            self.on_stack.insert(v.to_string());
            for w in self.edges.get(v).into_iter().flatten() {
                if !self.index.contains_key(w) {
                    self.visit(w);
                    let low = self.low[v].min(self.low[w]);
                    self.low.insert(v.to_string(), low);
                } else if self.on_stack.contains(w) {
                    let low = self.low[v].min(self.index[w]);
                    self.low.insert(v.to_string(), low);
                }
            }
            if self.low[v] == self.index[v] {
                let mut component = Vec::new();
                while let Some(w) = self.stack.pop() {
                    self.on_stack.remove(&w);
                    let done = w == v;
                    component.push(w);
                    if done {
                        break;
                    }
                }
                if component.len() > 1 {
                    component.sort();
                    self.found.push(component);
                }
            }
        }
    }
    let mut walk = Walk { edges, index: BTreeMap::new(), low: BTreeMap::new(), stack: Vec::new(), on_stack: BTreeSet::new(), found: Vec::new() };
    for v in edges.keys() {
        if !walk.index.contains_key(*v) {
            walk.visit(v);
        }
    }
    walk.found
}

#[cfg(test)]
mod tests {
    use crate::tidy::Scratch;

    #[test]
    fn two_files_that_import_each_other_are_a_circle_and_one_way_is_not() {
        let scratch = Scratch::new(&[
            ("web/src/lib.rs", "pub mod stage;\npub mod inspector;\npub mod log;\n"),
            ("web/src/stage.rs", "use crate::inspector::Subject;\n// crate::log::Line is only mentioned here\n"),
            ("web/src/inspector.rs", "use crate::{log::Line, stage::Stage};\npub struct Subject;\n"),
            ("web/src/log.rs", "pub struct Line;\n#[cfg(test)]\nmod tests {\n    use crate::stage::Stage;\n}\n"),
        ]);
        let circles: Vec<String> = scratch.problems().into_iter().filter(|p| p.contains("import circle")).collect();
        assert_eq!(circles, ["web/src: import circle between web/src/inspector.rs, web/src/stage.rs: move what they share to a file both can import"]);
    }

    #[test]
    fn a_module_and_its_submodules_may_use_each_other() {
        let scratch = Scratch::new(&[
            ("core/src/lib.rs", "pub mod world;\n"),
            ("core/src/world/mod.rs", "mod message;\nuse message::Side;\n"),
            ("core/src/world/message/mod.rs", "use super::World;\nuse crate::world::Lang;\nmod event;\n"),
            ("core/src/world/message/event.rs", "use super::super::World;\nuse super::Side;\n"),
        ]);
        assert!(scratch.problems().iter().all(|p| !p.contains("import circle")), "{:?}", scratch.problems());
    }
}
