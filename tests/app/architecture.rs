//! The house stays as built: imports run down the layers (domain → db → service → views → web → cli), no two
//! files import each other (no circle of files at all), no file in `src/` is longer than 850 lines, and each
//! route's handler takes the extractor its access rule names.
//!
//! The imports are read from the source: `use` trees, `crate::…`, `super::…` and `self::…` paths, and paths
//! through a name a `use` brought in (`use crate::web::pages;` then `pages::home::home`). Declaring a child
//! (`mod x;`) is not an import.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Which layer each top-level module belongs to; a file may import its own layer and the ones below.
fn layer_of(top: &str) -> Option<usize> {
    Some(match top {
        // Foundations with no knowledge of the product's rules.
        "crypto" | "i18n" | "telemetry" | "private_files" => 0,
        "domain" => 1,
        "config" => 2,
        "db" => 3,
        "files" | "service" | "demo" => 4,
        "views" => 5,
        "web" | "worker" => 6,
        "cli" | "startup" | "lib" | "main" | "build" => 7,
        _ => return None,
    })
}

/// The longest a file in `src/` may be; the generated schema is exempt.
const MAX_LINES: usize = 850;

struct Source {
    files: BTreeMap<String, (PathBuf, String)>,
}

fn module_of(rel: &Path) -> String {
    let mut parts: Vec<String> = rel.with_extension("").iter().map(|p| p.to_string_lossy().into_owned()).collect();
    if matches!(parts.last().map(String::as_str), Some("mod")) {
        parts.pop();
    }
    if parts.len() == 1 && matches!(parts[0].as_str(), "lib") {
        return "lib".into();
    }
    parts.join("::")
}

fn read_sources() -> Source {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = BTreeMap::new();
    let mut stack = vec![root.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let rel = path.strip_prefix(&root).unwrap().to_path_buf();
                let text = std::fs::read_to_string(&path).unwrap();
                files.insert(module_of(&rel), (rel, text));
            }
        }
    }
    Source { files }
}

/// The text without comments, string and char literals (so that "crate::x" in a message is not an import).
fn code_only(text: &str) -> String {
    let b: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            '/' if b.get(i + 1) == Some(&'/') => {
                while i < b.len() && b[i] != '\n' {
                    i += 1;
                }
            }
            '/' if b.get(i + 1) == Some(&'*') => {
                i += 2;
                while i + 1 < b.len() && !(b[i] == '*' && b[i + 1] == '/') {
                    i += 1;
                }
                i += 2;
            }
            'r' if b.get(i + 1) == Some(&'#')
                || (b.get(i + 1) == Some(&'"') && (i == 0 || !b[i - 1].is_alphanumeric())) =>
            {
                let mut j = i + 1;
                let mut hashes = 0;
                while b.get(j) == Some(&'#') {
                    hashes += 1;
                    j += 1;
                }
                if b.get(j) != Some(&'"') {
                    out.push(b[i]);
                    i += 1;
                    continue;
                }
                j += 1;
                loop {
                    if j >= b.len() {
                        break;
                    }
                    if b[j] == '"' && (0..hashes).all(|k| b.get(j + 1 + k) == Some(&'#')) {
                        j += 1 + hashes;
                        break;
                    }
                    j += 1;
                }
                out.push_str("\"\"");
                i = j;
            }
            '"' => {
                i += 1;
                while i < b.len() && b[i] != '"' {
                    if b[i] == '\\' {
                        i += 1;
                    }
                    i += 1;
                }
                i += 1;
                out.push_str("\"\"");
            }
            '\'' if b.get(i + 2) == Some(&'\'') || (b.get(i + 1) == Some(&'\\')) => {
                // A char literal ('a', '\n', '\''); lifetimes ('a) have no closing quote two on.
                let mut j = i + 1;
                if b.get(j) == Some(&'\\') {
                    j += 1;
                    while j < b.len() && b[j] != '\'' {
                        j += 1;
                    }
                } else {
                    j += 1;
                }
                i = j + 1;
                out.push_str("' '");
            }
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

/// The code without its `#[cfg(test)] mod … { … }` blocks: a unit test may reach for whatever it checks against.
fn without_test_modules(code: &str) -> String {
    let mut out = String::with_capacity(code.len());
    let mut rest = code;
    while let Some(at) = rest.find("#[cfg(test)]") {
        let after = rest[at + "#[cfg(test)]".len()..].trim_start();
        if !after.starts_with("mod ") {
            out.push_str(&rest[..at + "#[cfg(test)]".len()]);
            rest = &rest[at + "#[cfg(test)]".len()..];
            continue;
        }
        out.push_str(&rest[..at]);
        let start = rest.len() - after.len();
        let Some(open) = rest[start..].find(['{', ';']) else { break };
        let mut i = start + open;
        if rest.as_bytes()[i] == b'{' {
            let mut depth = 0;
            for (j, c) in rest[i..].char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' => {
                        depth -= 1;
                        if depth == 0 {
                            i += j;
                            break;
                        }
                    }
                    _ => {}
                }
            }
        }
        rest = &rest[i + 1..];
    }
    out.push_str(rest);
    out
}

/// Every path of a `use` tree: `a::{b, c::{d, e as f}}` → a::b, a::c::d, a::c::e (with their local names).
fn expand_use(tree: &str) -> Vec<(String, String)> {
    fn split_top(s: &str) -> Vec<String> {
        let (mut depth, mut cur, mut out) = (0, String::new(), Vec::new());
        for c in s.chars() {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                _ => {}
            }
            if c == ',' && depth == 0 {
                out.push(std::mem::take(&mut cur));
            } else {
                cur.push(c);
            }
        }
        if !cur.is_empty() {
            out.push(cur);
        }
        out
    }
    fn go(prefix: &str, tree: &str, out: &mut Vec<(String, String)>) {
        for item in split_top(tree) {
            let item = item.trim();
            if item.is_empty() {
                continue;
            }
            if let Some(open) = item.find('{') {
                let head = item[..open].trim_end_matches(':');
                let inner = &item[open + 1..item.rfind('}').unwrap()];
                let next = if head.is_empty() { prefix.to_owned() } else { join(prefix, head) };
                go(&next, inner, out);
            } else {
                let (path, alias) = match item.split_once(" as ") {
                    Some((p, a)) => (p.trim(), a.trim()),
                    None => (item, item.rsplit("::").next().unwrap()),
                };
                if path == "self" {
                    let alias = if alias == "self" { prefix.rsplit("::").next().unwrap() } else { alias };
                    out.push((prefix.to_owned(), alias.to_owned()));
                } else {
                    out.push((join(prefix, path), alias.to_owned()));
                }
            }
        }
    }
    fn join(a: &str, b: &str) -> String {
        if a.is_empty() { b.to_owned() } else { format!("{a}::{b}") }
    }
    let compact: String =
        tree.split_whitespace().collect::<Vec<_>>().join(" ").replace(" ::", "::").replace(":: ", "::");
    let compact = compact.replace("{ ", "{").replace(" }", "}");
    let mut out = Vec::new();
    go("", &compact, &mut out);
    out
}

/// Paths like `a::b::c` starting at each occurrence of `start` (a whole word followed by `::`).
fn paths_from(code: &str, start: &str) -> Vec<String> {
    let mut out = Vec::new();
    let bytes = code.as_bytes();
    let needle = format!("{start}::");
    let mut from = 0;
    while let Some(pos) = code[from..].find(&needle) {
        let at = from + pos;
        from = at + needle.len();
        let before = if at == 0 { b' ' } else { bytes[at - 1] };
        if before.is_ascii_alphanumeric() || before == b'_' || before == b':' {
            continue;
        }
        let mut end = at + needle.len();
        loop {
            let seg_start = end;
            while end < bytes.len() && (bytes[end].is_ascii_alphanumeric() || bytes[end] == b'_') {
                end += 1;
            }
            if end == seg_start {
                break;
            }
            if code[end..].starts_with("::")
                && code[end + 2..].starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_')
            {
                end += 2;
            } else {
                break;
            }
        }
        out.push(code[at..end].trim_end_matches("::").to_owned());
    }
    out
}

/// The module a path names: its longest prefix that is a file of the crate.
fn resolve(path: &str, modules: &BTreeSet<String>) -> Option<String> {
    let parts: Vec<&str> = path.split("::").collect();
    (1..=parts.len()).rev().map(|n| parts[..n].join("::")).find(|m| modules.contains(m))
}

/// Each file's imports (other files of the crate).
fn imports(src: &Source) -> BTreeMap<String, BTreeSet<String>> {
    let modules: BTreeSet<String> = src.files.keys().cloned().collect();
    let mut graph = BTreeMap::new();
    for (module, (_, text)) in &src.files {
        let code = without_test_modules(&code_only(text));
        // `self` is this module; `super` its parent (for `web/pages/mod.rs`, `self` is `web::pages`).
        let here: Vec<&str> = if module == "lib" { Vec::new() } else { module.split("::").collect() };
        let absolute = |p: &str| -> Option<String> {
            if let Some(rest) = p.strip_prefix("crate::") {
                Some(rest.to_owned())
            } else if let Some(rest) = p.strip_prefix("super::") {
                let parent = &here[..here.len().saturating_sub(1)];
                Some(if parent.is_empty() { rest.to_owned() } else { format!("{}::{rest}", parent.join("::")) })
            } else if let Some(rest) = p.strip_prefix("self::") {
                Some(if here.is_empty() { rest.to_owned() } else { format!("{}::{rest}", here.join("::")) })
            } else if p == "crate" {
                None
            } else {
                // A child module named without `self::` (`pages::home`).
                let first = p.split("::").next().unwrap();
                let child = if here.is_empty() { first.to_owned() } else { format!("{}::{first}", here.join("::")) };
                modules
                    .contains(&child)
                    .then(|| if here.is_empty() { p.to_owned() } else { format!("{}::{p}", here.join("::")) })
            }
        };
        let mut deps = BTreeSet::new();
        let mut aliases: BTreeMap<String, String> = BTreeMap::new();
        let mut rest = code.as_str();
        while let Some(pos) = rest.find("use ") {
            let before = rest[..pos].chars().last();
            let after = &rest[pos + 4..];
            rest = after;
            if before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_') {
                continue;
            }
            let Some(end) = after.find(';') else { break };
            for (path, alias) in expand_use(&after[..end]) {
                if let Some(abs) = absolute(&path) {
                    if let Some(m) = resolve(&abs, &modules) {
                        deps.insert(m);
                    }
                    aliases.insert(alias, abs);
                }
            }
        }
        for start in ["crate", "super", "self"] {
            for p in paths_from(&code, start) {
                if let Some(m) = absolute(&p).and_then(|abs| resolve(&abs, &modules)) {
                    deps.insert(m);
                }
            }
        }
        for (alias, abs) in &aliases {
            if modules.contains(abs) {
                for p in paths_from(&code, alias) {
                    let full = format!("{abs}{}", &p[alias.len()..]);
                    if let Some(m) = resolve(&full, &modules) {
                        deps.insert(m);
                    }
                }
            }
        }
        deps.remove(module);
        graph.insert(module.clone(), deps);
    }
    graph
}

/// Strongly connected groups of more than one file (Tarjan).
fn circles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    struct T<'a> {
        g: &'a BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on: BTreeSet<&'a str>,
        next: usize,
        out: Vec<Vec<String>>,
    }
    fn visit<'a>(t: &mut T<'a>, v: &'a str) {
        t.index.insert(v, t.next);
        t.low.insert(v, t.next);
        t.next += 1;
        t.stack.push(v);
        t.on.insert(v);
        for w in t.g.get(v).into_iter().flatten() {
            let w = w.as_str();
            if !t.g.contains_key(w) {
                continue;
            }
            if !t.index.contains_key(w) {
                visit(t, w);
                let lw = t.low[w];
                let lv = t.low.get_mut(v).unwrap();
                *lv = (*lv).min(lw);
            } else if t.on.contains(w) {
                let iw = t.index[w];
                let lv = t.low.get_mut(v).unwrap();
                *lv = (*lv).min(iw);
            }
        }
        if t.low[v] == t.index[v] {
            let mut group = Vec::new();
            loop {
                let w = t.stack.pop().unwrap();
                t.on.remove(w);
                group.push(w.to_owned());
                if w == v {
                    break;
                }
            }
            if group.len() > 1 {
                group.sort();
                t.out.push(group);
            }
        }
    }
    let mut t = T {
        g: graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on: BTreeSet::new(),
        next: 0,
        out: Vec::new(),
    };
    for v in graph.keys() {
        if !t.index.contains_key(v.as_str()) {
            visit(&mut t, v);
        }
    }
    t.out.sort();
    t.out
}

#[test]
fn no_two_files_import_each_other_in_a_circle() {
    let graph = imports(&read_sources());
    let found = circles(&graph);
    assert!(found.is_empty(), "files that import each other in a circle: {found:?}");
}

#[test]
fn no_import_runs_up_a_layer() {
    let graph = imports(&read_sources());
    let mut upward = BTreeSet::new();
    for (module, deps) in &graph {
        let top = module.split("::").next().unwrap();
        let mine = layer_of(top).unwrap_or_else(|| panic!("src/{top} has no layer: add it to layer_of"));
        for dep in deps {
            let theirs = layer_of(dep.split("::").next().unwrap()).unwrap();
            if theirs > mine {
                upward.insert((module.clone(), dep.clone()));
            }
        }
    }
    assert!(upward.is_empty(), "imports that run up a layer: {upward:?}");
}

#[test]
fn no_file_is_longer_than_850_lines() {
    let src = read_sources();
    let long: BTreeSet<String> = src
        .files
        .values()
        .filter(|(rel, text)| rel != Path::new("db/schema.rs") && text.lines().count() > MAX_LINES)
        .map(|(rel, _)| rel.to_string_lossy().into_owned())
        .collect();
    assert!(long.is_empty(), "files longer than {MAX_LINES} lines (split them by purpose): {long:?}");
}

/// The extractor a route's access rule names (as written in the route table), as it appears in the handler's
/// signature: `Access::Case(CASE_HANDLERS)` → `CaseScope<CaseHandlers>`.
fn extractor_for(access: &str) -> Option<String> {
    let set = |name: &str| -> String { name.split('_').map(|w| w[..1].to_owned() + &w[1..].to_lowercase()).collect() };
    let inner = |prefix: &str| access.strip_prefix(prefix).map(|r| r.trim_end_matches(')').to_owned());
    if access == "Access::SignedIn" {
        Some("SignedIn".to_owned())
    } else if access == "Access::Roles(ADMINS)" {
        Some("Admin".to_owned())
    } else if let Some(roles) = inner("Access::Roles(") {
        Some(format!("Officer<{}>", set(&roles)))
    } else if let Some(roles) = inner("Access::Case(") {
        Some(format!("CaseScope<{}>", set(&roles)))
    } else {
        let roles = access.strip_prefix("Access::Token { roles: ")?;
        Some(format!("TokenHolder<{}>", set(roles.split(',').next().unwrap())))
    }
}

#[test]
fn each_route_handler_takes_the_extractor_its_access_names() {
    let src = read_sources();
    let routes = code_only(&src.files["web::routes"].1);
    let mut problems = Vec::new();
    let mut checked = 0;
    // `get "/path" => pages::x::y, Access::…;` (paths are blanked by `code_only`, so read the original lines)
    for line in src.files["web::routes"].1.lines() {
        let l = line.trim();
        if !(l.starts_with("get \"") || l.starts_with("post \"")) {
            continue;
        }
        let (route, rest) = l.split_once(" => ").unwrap();
        let (handler, access) = rest.trim_end_matches(';').split_once(", ").unwrap();
        let Some(want) = extractor_for(access.trim()) else { continue };
        checked += 1;
        let (module, name) = handler.trim_start_matches("crate::web::").rsplit_once("::").unwrap();
        let module = format!("web::{module}");
        let Some((_, text)) = src.files.get(&module) else {
            problems.push(format!("{route}: handler module {module} not found"));
            continue;
        };
        let code = code_only(text);
        let Some(at) = code.find(&format!("pub async fn {name}(")) else {
            problems.push(format!("{route}: {handler} not found"));
            continue;
        };
        let signature: String =
            code[at..at + code[at..].find('{').unwrap()].split_whitespace().collect::<Vec<_>>().join(" ");
        if !signature.contains(&format!(": {want},")) && !signature.contains(&format!(": {want})")) {
            problems.push(format!("{route}: {handler} should take `{want}` ({access})"));
        }
    }
    assert!(routes.contains("route_table!"), "the route tables moved: update this test");
    assert!(checked > 40, "only {checked} guarded routes found: the route table's format changed");
    assert!(problems.is_empty(), "route handlers without their access extractor:\n{}", problems.join("\n"));
}

/// The checker itself: a circle, an upward import and a path through an alias are found.
#[test]
fn the_import_reader_finds_what_it_should() {
    let mut files = BTreeMap::new();
    let file = |rel: &str, text: &str| (module_of(Path::new(rel)), (PathBuf::from(rel), text.to_owned()));
    for (m, f) in [
        file("web/a.rs", "use crate::web::b::thing; // crate::cli::x in a comment\nfn f() { let s = \"crate::cli\"; }"),
        file("web/b.rs", "use super::{a::{self, other as o}};"),
        file("web/mod.rs", "pub mod a;\npub mod b;\nuse crate::web::pages;\nfn g() { pages::home::home(); }"),
        file("web/pages/mod.rs", "pub mod home;"),
        file("web/pages/home.rs", "fn home() {}"),
        file("domain/x.rs", "fn h() { crate::service::y::z(); }"),
        file("service/y.rs", "pub fn z() {}"),
    ] {
        files.insert(m, f);
    }
    let graph = imports(&Source { files });
    assert_eq!(graph["web::a"], BTreeSet::from(["web::b".to_owned()]));
    assert_eq!(graph["web::b"], BTreeSet::from(["web::a".to_owned()]));
    assert!(graph["web"].contains("web::pages::home"), "{:?}", graph["web"]);
    assert_eq!(graph["domain::x"], BTreeSet::from(["service::y".to_owned()]));
    assert_eq!(circles(&graph), vec![vec!["web::a".to_owned(), "web::b".to_owned()]]);
}
