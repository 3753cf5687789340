//! Team coding: agreement values against the Python reference (tests/fixtures/agreement), merge idempotence,
//! disagreements and adjudication undo.

use khabar::agreement::{
    self, adjudicate::Decision, disagree::CompareOptions, AgreementOptions, DisagreementKind,
    Scope, UnitKind,
};
use khabar::annotate::{Change, CodeId, Edit, Record};
use khabar::model::{normalize_text, Article, ArticleId};
use khabar::project::Project;
use serde_json::Value;

const FIXTURES: &str = include_str!("fixtures/agreement/fixtures.json");

fn annotate(
    p: &mut Project,
    article: &ArticleId,
    coder: &str,
    s: usize,
    e: usize,
    code: CodeId,
    note: &str,
) {
    let mut a = p
        .new_annotation(article, s..e, vec![code], note.into())
        .unwrap();
    a.creator = coder.into();
    p.apply(Edit::new(
        "test",
        vec![Change::create(Record::Annotation(a))],
    ))
    .unwrap();
}

fn close(got: Option<f64>, want: &Value, what: &str, case: &str) {
    match (got, want.as_f64()) {
        (None, None) => {}
        (Some(g), Some(w)) => assert!((g - w).abs() <= 1e-9, "{case}: {what} = {g}, reference {w}"),
        (g, _) => panic!("{case}: {what} = {g:?}, reference {want}"),
    }
}

/// Every fixture as a project: one article of N letters without whitespace, so with scope "all" unit i is letter i.
#[test]
fn agreement_equals_the_python_reference() {
    let fixtures: Value = serde_json::from_str(FIXTURES).unwrap();
    let cases = fixtures["cases"].as_array().unwrap();
    assert!(cases.len() >= 8);
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let n = case["units"].as_u64().unwrap() as usize;
        let text: String = (0..n).map(|i| (b'a' + (i % 26) as u8) as char).collect();
        let article = Article::new(normalize_text(&text), "fixture.txt".into(), Some("fixture"));
        let id = article.meta.id.clone();
        let mut p = Project::in_memory(&[article]);
        let code = p.codes()[0].id;
        let coders: Vec<String> = case["coders"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_str().unwrap().to_owned())
            .collect();
        for (coder, segs) in coders.iter().zip(case["segments"].as_array().unwrap()) {
            for s in segs.as_array().unwrap() {
                let (a, b) = (
                    s[0].as_u64().unwrap() as usize,
                    s[1].as_u64().unwrap() as usize,
                );
                annotate(&mut p, &id, coder, a, b, code, "");
            }
        }
        let opts = AgreementOptions {
            code: Some(code),
            scope: Scope::All,
            bootstrap: 0,
            ..AgreementOptions::new(coders.clone())
        };
        let r = agreement::agreement(&p, &opts).unwrap();
        assert_eq!(r.units, n as u64, "{name}");
        let row = &r.codes[0];
        let want = &case["expected"];
        close(row.percent, &want["percent"], "percent", name);
        close(row.cohen_kappa, &want["cohen_kappa"], "Cohen's κ", name);
        close(row.fleiss_kappa, &want["fleiss_kappa"], "Fleiss' κ", name);
        close(row.alpha, &want["alpha"], "α", name);
        close(row.alpha_u, &want["alpha_u"], "αU", name);
        // one code only: overall is the same
        close(r.overall.alpha, &want["alpha"], "overall α", name);
    }
}

fn bundled() -> Project {
    Project::in_memory(&khabar::ingest::bundled_corpus())
}

/// A body stretch of the first article: (article, start, end) of `len` chars inside a body block.
fn body_spot(p: &mut Project, k: usize, len: usize) -> (ArticleId, usize, usize) {
    let id = p.metas()[k % p.metas().len()].id.clone();
    let a = p.article(&id).unwrap();
    let b = a
        .blocks
        .iter()
        .filter(|b| b.kind == khabar::model::BlockKind::Body)
        .nth(k / p.metas().len())
        .unwrap();
    // end at a word's end, so that the next char is whitespace (or the block's end)
    let mut end = b.content.start + len;
    let chars: Vec<char> = a.text.chars().collect();
    while end < b.content.end && !chars[end].is_whitespace() {
        end += 1;
    }
    let r = a.snap(b.content.start, end);
    (id, r.start, r.end)
}

#[test]
fn whole_letters_and_trailing_spaces_agree_and_intervals_are_deterministic() {
    let mut p = bundled();
    let code = p.codes()[1].id;
    for k in 0..6 {
        let (id, s, e) = body_spot(&mut p, k, 12);
        annotate(&mut p, &id, "asha", s, e, code, "");
        // same words, with the following space: whitespace is no unit, so they agree exactly
        annotate(&mut p, &id, "ravi", s, e + 1, code, "");
    }
    let (id, s, e) = body_spot(&mut p, 7, 20);
    annotate(&mut p, &id, "asha", s, e, code, "only Asha");
    let mut opts = AgreementOptions::new(vec!["asha".into(), "ravi".into()]);
    opts.bootstrap = 200;
    let r1 = agreement::agreement(&p, &opts).unwrap();
    let r2 = agreement::agreement(&p, &opts).unwrap();
    assert_eq!(r1.units, r2.units);
    assert_eq!(
        r1.codes[0].alpha_ci, r2.codes[0].alpha_ci,
        "seeded bootstrap"
    );
    let ci = r1.codes[0].alpha_ci.unwrap();
    assert!(ci.0 <= ci.1);
    assert!(r1.codes[0].alpha.unwrap() < 1.0);
    // units coded by exactly one coder: the letters of Asha's extra segment
    assert_eq!(r1.codes[0].tally.hist[1], letters(&mut p, &id, s, e));
    // grapheme units are fewer than code points for Devanagari
    opts.unit = UnitKind::Char;
    let chars = agreement::agreement(&p, &opts).unwrap();
    assert!(chars.units > r1.units);
    opts.unit = UnitKind::Word;
    assert!(agreement::agreement(&p, &opts).unwrap().units < r1.units);
}

/// Non-whitespace grapheme clusters in a char range.
fn letters(p: &mut Project, id: &ArticleId, s: usize, e: usize) -> u64 {
    use unicode_segmentation::UnicodeSegmentation;
    let a = p.article(id).unwrap();
    a.slice(s..e)
        .graphemes(true)
        .filter(|g| !g.chars().all(char::is_whitespace))
        .count() as u64
}

#[test]
fn merge_twice_adds_nothing_and_codes_are_matched_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let mine_path = dir.path().join("mine.khabar");
    let theirs_path = dir.path().join("theirs.khabar");
    let corpus = khabar::ingest::bundled_corpus();
    let mut mine = Project::create(&mine_path, &corpus).unwrap();
    let mut theirs = Project::create(&theirs_path, &corpus).unwrap();
    let (id, s, e) = body_spot(&mut mine, 0, 15);
    let c0 = mine.codes()[0].id;
    annotate(&mut mine, &id, "asha", s, e, c0, "");
    // the other project has a code this one lacks, and one of the same name under another id
    let fresh = khabar::annotate::Code {
        id: 77,
        name: "Nuclear".into(),
        color: [1, 2, 3],
        parent: None,
        shortcut: None,
        is_event: false,
        position: 99,
    };
    theirs
        .apply(Edit::new("code", vec![Change::create(Record::Code(fresh))]))
        .unwrap();
    annotate(&mut theirs, &id, "ravi", s, e, 77, "new code");
    let t0 = theirs.codes()[0].id;
    annotate(&mut theirs, &id, "ravi", s, e + 3, t0, "");
    drop(theirs);
    let theirs = Project::open_read_only(&theirs_path).unwrap();
    let r = agreement::merge(&mut mine, &theirs).unwrap();
    assert_eq!(r.added_total(), 2);
    assert_eq!(r.created_codes, vec!["Nuclear".to_owned()]);
    let n = mine.annotation_count();
    let codes = mine.codes().len();
    let again = agreement::merge(&mut mine, &theirs).unwrap();
    assert_eq!(again.added_total(), 0);
    assert_eq!(again.already_present, 2);
    assert!(again.created_codes.is_empty());
    assert_eq!(mine.annotation_count(), n);
    assert_eq!(mine.codes().len(), codes);
    assert_eq!(agreement::coders(&mine)["ravi"], 2);
    let nuclear = mine.code_by_name("Nuclear").unwrap().id;
    assert!(agreement::coder_annotations(&mine, "ravi")
        .iter()
        .any(|a| a.codes == vec![nuclear]));
    // merging into itself is refused
    let me = Project::open_read_only(&mine_path);
    assert!(me.is_err() || agreement::merge(&mut mine, &me.unwrap()).is_err());
}

#[test]
fn disagreements_and_adjudication_are_one_undoable_edit() {
    let mut p = bundled();
    let code = p.codes()[2].id;
    let (id, s, e) = body_spot(&mut p, 0, 30);
    // agreed
    annotate(&mut p, &id, "A", s, e, code, "both saw it");
    annotate(&mut p, &id, "B", s, e, code, "");
    // placed differently
    let (id2, s2, e2) = body_spot(&mut p, 1, 40);
    annotate(&mut p, &id2, "A", s2, e2, code, "long");
    annotate(&mut p, &id2, "B", s2, s2 + 10, code, "short");
    // only B
    let (id3, s3, e3) = body_spot(&mut p, 2, 25);
    annotate(&mut p, &id3, "B", s3, e3, code, "B only");
    let opts = CompareOptions::new("A", "B");
    let list = agreement::disagreements(&p, &opts).unwrap();
    assert_eq!(list.len(), 2, "{list:#?}");
    let placed = list
        .iter()
        .find(|d| d.kind == DisagreementKind::Placed)
        .unwrap();
    assert_eq!(placed.a[0].notes, vec!["long".to_owned()]);
    assert_eq!(placed.b[0].notes, vec!["short".to_owned()]);
    assert!(list.iter().any(|d| d.kind == DisagreementKind::OnlyB));

    let before = p.annotation_count();
    let r = agreement::adjudicate(&mut p, &opts, "gold", |_| Decision::A).unwrap();
    assert_eq!(r.agreed, 1);
    assert_eq!(r.created, 2); // the agreed one and A's long segment; B-only is dropped
    assert_eq!(p.annotation_count(), before + 2);
    let gold = agreement::coder_annotations(&p, "gold");
    assert!(gold
        .iter()
        .any(|a| a.article == id2 && a.start == s2 && a.end == e2 && a.note == "long"));
    // again: nothing new
    let again = agreement::adjudicate(&mut p, &opts, "gold", |_| Decision::A).unwrap();
    assert_eq!(again.created, 0);
    assert_eq!(p.annotation_count(), before + 2);
    // one undo removes the whole gold layer
    assert!(p.undo().unwrap().unwrap().contains("gold"));
    assert_eq!(p.annotation_count(), before);
    assert!(agreement::coder_annotations(&p, "gold").is_empty());
    // an edited range and "both"
    let decisions: Vec<Decision> = list
        .iter()
        .map(|d| match d.kind {
            DisagreementKind::Placed => Decision::Range(s2 + 2, s2 + 12),
            _ => Decision::Both,
        })
        .collect();
    let cmp = agreement::disagree::compare(&p, &opts).unwrap();
    let (edit, rep) = agreement::adjudicate::gold_edit(&mut p, &cmp, &decisions, "gold").unwrap();
    assert_eq!(rep.created, 3);
    p.apply(edit).unwrap();
    assert!(agreement::coder_annotations(&p, "gold")
        .iter()
        .any(|a| a.article == id3 && a.start == s3));
    // the gold layer may not be one of the coders
    assert!(agreement::adjudicate(&mut p, &opts, "A", |_| Decision::A).is_err());
}

#[test]
fn scope_article_choice_and_out_of_scope_annotations() {
    let mut p = bundled();
    let code = p.codes()[0].id;
    let id = p.metas()[0].id.clone();
    let title = {
        let a = p.article(&id).unwrap();
        let t = a
            .blocks
            .iter()
            .find(|b| b.kind == khabar::model::BlockKind::Title)
            .unwrap()
            .content
            .clone();
        t.start..t.start + 6
    };
    annotate(&mut p, &id, "A", title.start, title.end, code, "");
    let (id2, s, e) = body_spot(&mut p, 1, 10);
    annotate(&mut p, &id2, "B", s, e, code, "");
    let mut opts = AgreementOptions::new(vec!["A".into(), "B".into()]);
    opts.bootstrap = 0;
    let body = agreement::agreement(&p, &opts).unwrap();
    assert_eq!(body.coders[0].annotations, 1);
    assert_eq!(body.coders[0].out_of_scope, 1, "a title is not body text");
    assert_eq!(body.codes[0].tally.ones[0], 0);
    opts.scope = Scope::All;
    let all = agreement::agreement(&p, &opts).unwrap();
    assert_eq!(all.coders[0].out_of_scope, 0);
    assert!(all.codes[0].tally.ones[0] > 0);
    assert!(all.units > body.units);
    // only the second article: A has nothing there
    opts.articles = Some(vec![id2.0[..6].to_owned()]);
    let one = agreement::agreement(&p, &opts).unwrap();
    assert_eq!(one.articles, 1);
    assert_eq!(one.coders[0].annotations, 0);
    assert!(
        one.codes[0].alpha_ci.is_none(),
        "no interval from one article"
    );
    // errors are typed
    assert!(matches!(
        agreement::agreement(&p, &AgreementOptions::new(vec!["A".into()])),
        Err(agreement::AgreementError::TooFewCoders(1))
    ));
    assert!(matches!(
        agreement::agreement(&p, &AgreementOptions::new(vec!["A".into(), "A".into()])),
        Err(agreement::AgreementError::DuplicateCoder(_))
    ));
}
