//! Fuzzing the importers: valid W3C and native exports and article texts, mutated (byte flips, truncations,
//! duplicated and removed spans, huge numbers, values of the wrong type), imported one by one. Checks: no panic, the
//! work stays bounded (the approximate search has a fixed work limit, so every case ends), a failed import leaves the
//! project exactly as it was, and a successful one leaves a consistent project that one undo restores.
//!
//! A few hundred cases run in `cargo test`; `KHABAR_FUZZ_CASES=100000` runs more, `KHABAR_FUZZ_SEED=n` explores
//! another sequence. A failing case is written to `target/fuzz-failure-<seed>-<case>` for reproduction.

mod exchange_common;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

use exchange_common::*;
use khabar::annotate::{Annotation, Code};
use khabar::exchange::{import_annotations, Format};
use khabar::generate::Rng;
use khabar::model::ArticleMeta;
use khabar::project::Project;
use serde_json::Value;

fn env_or(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(default)
}

fn cases() -> u64 {
    env_or("KHABAR_FUZZ_CASES", 300)
}

fn seed() -> u64 {
    env_or("KHABAR_FUZZ_SEED", 20261122)
}

/// Everything an import may change, in a comparable form.
#[derive(Debug, PartialEq)]
struct State {
    annotations: Vec<Annotation>,
    codes: Vec<Code>,
    metas: Vec<ArticleMeta>,
}

fn state(p: &Project) -> State {
    let mut annotations: Vec<Annotation> = p.all_annotations();
    annotations.sort_by_key(|a| a.id);
    State {
        annotations,
        codes: p.codes().to_vec(),
        metas: p.metas().to_vec(),
    }
}

/// A consistent project: every annotation inside its article, its quote the text there, its codes in the codebook;
/// one level of code hierarchy; code names unique.
fn check_consistent(p: &mut Project) -> Result<(), String> {
    let all: Vec<Annotation> = p.all_annotations();
    for a in &all {
        let art = p.article(&a.article).map_err(|e| e.to_string())?;
        if a.start > a.end || a.end > art.index.char_len() {
            return Err(format!("annotation {} outside its article", a.id));
        }
        if art.slice(a.range()) != a.quote {
            return Err(format!("annotation {}: quote differs from the text", a.id));
        }
        if let Some(c) = a.codes.iter().find(|c| p.code(**c).is_none()) {
            return Err(format!("annotation {} has unknown code {c}", a.id));
        }
    }
    for c in p.codes() {
        if let Some(parent) = c.parent {
            match p.code(parent) {
                Some(pc) if pc.parent.is_none() && parent != c.id => {}
                _ => return Err(format!("code {} has a bad parent {parent}", c.name)),
            }
        }
        if p.codes().iter().filter(|o| o.name == c.name).count() > 1 {
            return Err(format!("code name {} twice", c.name));
        }
    }
    Ok(())
}

const TOKENS: &[&str] = &[
    "18446744073709551616",
    "18446744073709551615",
    "9223372036854775807",
    "-9223372036854775808",
    "1e308",
    "-1",
    "0",
    "null",
    "true",
    "[]",
    "{}",
    "\"\"",
    "\"\\u0000\"",
    "\"\\ud800\"",
    "\"urn:uuid:00000000-0000-0000-0000-000000000000\"",
    "\"TextPositionSelector\"",
    "\"TextQuoteSelector\"",
    "\"AnnotationCollection\"",
    ",",
    "\"",
    "{",
    "]",
];

/// Byte-level damage.
fn mutate_bytes(bytes: &mut Vec<u8>, rng: &mut Rng) {
    if bytes.is_empty() {
        bytes.extend_from_slice(TOKENS[rng.below(TOKENS.len())].as_bytes());
        return;
    }
    let n = bytes.len();
    match rng.below(6) {
        0 => {
            let i = rng.below(n);
            bytes[i] ^= 1 << rng.below(8);
        }
        1 => bytes.truncate(rng.below(n)),
        2 => {
            let a = rng.below(n);
            let len = rng.below((n - a).min(4096)) + 1;
            let span = bytes[a..a + len].to_vec();
            let at = rng.below(n + 1);
            bytes.splice(at..at, span);
        }
        3 => {
            let a = rng.below(n);
            let len = rng.below((n - a).min(4096)) + 1;
            bytes.drain(a..a + len);
        }
        4 => {
            let at = rng.below(n + 1);
            let t = TOKENS[rng.below(TOKENS.len())].as_bytes();
            bytes.splice(at..at, t.iter().copied());
        }
        _ => {
            let i = rng.below(n);
            bytes[i] = rng.below(256) as u8;
        }
    }
}

/// How many nodes a JSON value has.
fn count(v: &Value) -> usize {
    1 + match v {
        Value::Array(a) => a.iter().map(count).sum(),
        Value::Object(o) => o.values().map(count).sum(),
        _ => 0,
    }
}

/// Apply `f` to the `k`th node in document order; true once done.
fn at_nth(v: &mut Value, k: &mut usize, f: &mut dyn FnMut(&mut Value)) -> bool {
    if *k == 0 {
        f(v);
        return true;
    }
    *k -= 1;
    match v {
        Value::Array(a) => a.iter_mut().any(|x| at_nth(x, k, f)),
        Value::Object(o) => o.values_mut().any(|x| at_nth(x, k, f)),
        _ => false,
    }
}

/// Structure-aware damage: one node replaced by a value of another type or a huge number, an array element
/// duplicated or removed, an object key removed.
fn mutate_json(v: &mut Value, rng: &mut Rng) {
    let mut k = rng.below(count(v));
    let choice = rng.below(14);
    let (r1, r2, r3) = (rng.below(3), rng.next_u64(), rng.next_u64() as usize);
    at_nth(v, &mut k, &mut |node| mutate_node(node, choice, r1, r2, r3));
}

fn mutate_node(node: &mut Value, choice: usize, r1: usize, r2: u64, r3: usize) {
    let replacement = match choice {
        0 => Value::from(u64::MAX),
        1 => Value::from(i64::MIN),
        2 => serde_json::json!(1e308),
        3 => Value::from(-1),
        4 => Value::String("x".repeat(r1 * 50_000 + 1)),
        5 => Value::Null,
        6 => Value::Bool(true),
        7 => serde_json::json!([]),
        8 => serde_json::json!({}),
        9 => Value::String(String::new()),
        10 => {
            if let Value::Array(a) = node {
                if !a.is_empty() {
                    let i = r3 % a.len();
                    let dup = a[i].clone();
                    a.insert(r3 % (a.len() + 1), dup);
                }
            }
            return;
        }
        11 => {
            if let Value::Array(a) = node {
                if !a.is_empty() {
                    a.remove(r3 % a.len());
                }
            }
            return;
        }
        12 => {
            if let Value::Object(o) = node {
                if !o.is_empty() {
                    let key = o.keys().nth(r3 % o.len()).cloned().unwrap();
                    o.remove(&key);
                }
            }
            return;
        }
        _ => Value::from(r2 % 1_000_000),
    };
    *node = replacement;
}

fn mutated(valid: &[u8], rng: &mut Rng) -> Vec<u8> {
    if rng.below(2) == 0 {
        let mut v: Value = serde_json::from_slice(valid).unwrap();
        for _ in 0..=rng.below(3) {
            mutate_json(&mut v, rng);
        }
        let mut bytes = serde_json::to_vec(&v).unwrap();
        if rng.below(4) == 0 {
            mutate_bytes(&mut bytes, rng);
        }
        bytes
    } else {
        let mut bytes = valid.to_vec();
        for _ in 0..=rng.below(3) {
            mutate_bytes(&mut bytes, rng);
        }
        bytes
    }
}

fn save_failure(kind: &str, case: u64, bytes: &[u8]) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target")
        .join(format!("fuzz-failure-{kind}-{}-{case}", seed()));
    let _ = std::fs::write(&path, bytes);
    path.display().to_string()
}

#[test]
fn mutated_annotation_files_never_panic_and_failed_imports_change_nothing() {
    let mut src = fixture();
    let w3c = export(&mut src, Format::W3c, true);
    let mut with_text = khabar::exchange::ExportOptions::new(Format::Json);
    with_text.reproducible = true;
    let native = export(&mut src, Format::Json, true);
    let native_text = khabar::exchange::export(&mut src, &{
        with_text.include_text = true;
        with_text
    })
    .unwrap()
    .0;
    let sources = [w3c, native, native_text];
    // The fixture's articles without its annotations: valid parts of a file have something to add.
    let mut p = fresh();
    let before = state(&p);
    let mut rng = Rng::new(seed());
    let (mut ok, mut failed) = (0u64, 0u64);
    for case in 0..cases() {
        let valid = &sources[rng.below(sources.len())];
        let bytes = mutated(valid, &mut rng);
        let rev = p.revision();
        let result = catch_unwind(AssertUnwindSafe(|| {
            import_annotations(&mut p, &bytes, "fuzz.jsonld")
        }));
        let result = match result {
            Ok(r) => r,
            Err(_) => panic!(
                "case {case}: the import panicked; input saved to {}",
                save_failure("annotations", case, &bytes)
            ),
        };
        match result {
            Err(e) => {
                failed += 1;
                assert!(
                    e.to_string().starts_with("fuzz.jsonld: "),
                    "case {case}: {e}"
                );
                if state(&p) != before || p.revision() != rev {
                    panic!(
                        "case {case}: a failed import ({e}) changed the project; input saved to {}",
                        save_failure("annotations", case, &bytes)
                    );
                }
            }
            Ok(report) => {
                ok += 1;
                if let Err(e) = check_consistent(&mut p) {
                    panic!(
                        "case {case}: inconsistent after import ({e}); input saved to {}",
                        save_failure("annotations", case, &bytes)
                    );
                }
                if p.revision() != rev {
                    p.undo().unwrap();
                } else {
                    assert_eq!(report.imported, 0, "case {case}");
                    assert!(report.created_codes.is_empty(), "case {case}");
                }
                if state(&p) != before {
                    panic!(
                        "case {case}: undo did not restore the project; input saved to {}",
                        save_failure("annotations", case, &bytes)
                    );
                }
            }
        }
    }
    eprintln!("{} cases: {ok} imported, {failed} refused", cases());
    assert!(
        ok > 0 && failed > 0,
        "the mutations should both pass and fail"
    );
}

#[test]
fn mutated_article_texts_never_panic_and_import_consistently() {
    let mut texts: Vec<Vec<u8>> = khabar::ingest::bundled_corpus()
        .iter()
        .map(|a| a.text.clone().into_bytes())
        .collect();
    texts.push(EMOJI_TEXT.as_bytes().to_vec());
    texts.push(CRLF_BYTES.to_vec());
    let mut p = Project::in_memory(&[]);
    let mut rng = Rng::new(seed() ^ 0xa5a5);
    let (mut ok, mut failed) = (0u64, 0u64);
    for case in 0..cases() {
        let mut bytes = texts[rng.below(texts.len())].clone();
        for _ in 0..=rng.below(3) {
            mutate_bytes(&mut bytes, &mut rng);
        }
        let before = state(&p);
        let result = catch_unwind(AssertUnwindSafe(|| {
            let article = khabar::ingest::article_from_bytes(&bytes, Path::new("fuzz.txt"), None)?;
            Ok::<_, khabar::ingest::ImportError>(article)
        }));
        let Ok(result) = result else {
            panic!(
                "case {case}: reading the article panicked; input saved to {}",
                save_failure("article", case, &bytes)
            );
        };
        match result {
            Err(e) => {
                failed += 1;
                assert!(e.to_string().starts_with("fuzz.txt: "), "{e}");
                assert_eq!(state(&p), before);
            }
            Ok(article) => {
                ok += 1;
                let n = article.index.char_len();
                assert_eq!(article.slice(0..n), article.text, "case {case}");
                assert_eq!(article.text.chars().count(), n, "case {case}");
                let id = article.meta.id.clone();
                let known = p.meta(&id).is_some();
                let added = p.add_articles(vec![article]).unwrap();
                assert_eq!(added, usize::from(!known), "case {case}");
                // Every block lies inside the text.
                let a = p.article(&id).unwrap();
                assert!(a.blocks.iter().all(|b| b.range.end <= n), "case {case}");
            }
        }
    }
    eprintln!("{} article cases: {ok} read, {failed} refused", cases());
    assert!(ok > 0 && failed > 0);
}
