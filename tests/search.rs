//! Search, KWIC, autocode, retrieval and matrices on the bundled corpus and small made-up articles.

use std::collections::{BTreeSet, HashSet};

use khabar::annotate::{Change, Code, Edit, Record};
use khabar::model::{normalize_text, Article, BlockKind, Graphemes};
use khabar::project::Project;
use khabar::search::autocode::{code_hits, Widen};
use khabar::search::kwic::{sort_rows, Cursor, Scope, Search, SearchOptions, SortKey};
use khabar::search::matrix::{code_article_matrix, cooccurrence};
use khabar::search::normalize::{normalize_word, tokens, Mode};
use khabar::search::report;
use khabar::search::retrieve::{retrieve, CodeExpr};
use khabar::store::IndexJob;
use proptest::prelude::*;

fn bundled() -> Project {
    Project::in_memory(&khabar::ingest::bundled_corpus())
}

fn article(text: &str, name: &str) -> Article {
    Article::new(normalize_text(text), name.into(), None)
}

fn rows(p: &Project, q: &str, opts: SearchOptions) -> Vec<khabar::search::KwicRow> {
    Search::new(p, q, opts).unwrap().all(p).unwrap()
}

fn q(p: &Project, query: &str) -> Vec<khabar::search::KwicRow> {
    rows(p, query, SearchOptions::default())
}

/// Every row slices exactly its hit from the article text, on grapheme boundaries, and its words match the query.
fn check_rows(p: &mut Project, rows: &[khabar::search::KwicRow]) {
    for r in rows {
        let a = p.article(&r.article).unwrap();
        assert_eq!(a.slice(r.start..r.end), r.hit, "{r:?}");
        let g = Graphemes::new(&a.text);
        assert!(g.is_boundary(r.start) && g.is_boundary(r.end), "{r:?}");
        assert!(
            a.text[a.index.byte_range(0..r.start)].ends_with(r.left.as_str())
                || r.left.contains(' ')
        );
    }
}

#[test]
fn words_are_indexed_whole() {
    let mut p = Project::in_memory(&[article(
        "शीर्षक\n\nसितम्बर में फ़रवरी और क्षेत्र की ज़िन्दगी। पञ्जाब गङ्गा ठण्डा अक्तूबर नवम्बर।\n",
        "a.txt",
    )]);
    // Whole words are found; their pieces (what unicode61 without mark categories would index) are not.
    for (word, found) in [
        ("सितंबर", "सितम्बर"),
        ("फरवरी", "फ़रवरी"),
        ("जिंदगी", "ज़िन्दगी"),
        ("पंजाब", "पञ्जाब"),
        ("गंगा", "गङ्गा"),
        ("ठंडा", "ठण्डा"),
        ("अक्टूबर", "अक्तूबर"),
        ("नवंबर", "नवम्बर"),
    ] {
        let r = q(&p, word);
        assert_eq!(r.len(), 1, "{word}");
        assert_eq!(r[0].hit, found);
    }
    for piece in ["तम", "बर", "स", "ज", "क्ष"] {
        assert!(q(&p, piece).is_empty(), "{piece}");
    }
    let r = q(&p, "सितम्बर");
    check_rows(&mut p, &r);
    // What FTS5's default tokenizer does with the same word (the reason Khabar tokenises itself).
    let c = rusqlite::Connection::open_in_memory().unwrap();
    c.execute_batch(
        "CREATE VIRTUAL TABLE d USING fts5(x); INSERT INTO d VALUES ('सितम्बर');
         CREATE VIRTUAL TABLE v USING fts5vocab(d, 'row');
         CREATE VIRTUAL TABLE k USING fts5(x, tokenize=\"unicode61 categories 'L* N* Co M*'\"); INSERT INTO k VALUES ('सितम्बर');
         CREATE VIRTUAL TABLE kv USING fts5vocab(k, 'row');",
    )
    .unwrap();
    let terms = |t: &str| -> Vec<String> {
        let mut s = c.prepare(&format!("SELECT term FROM {t}")).unwrap();
        s.query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    assert!(
        terms("v").len() > 1,
        "unicode61 splits सितम्बर: {:?}",
        terms("v")
    );
    assert_eq!(terms("kv"), ["सितम्बर"]);
    // Khabar's index column holds the word whole too.
    let id0 = p.metas()[0].id.clone();
    let a = p.article(&id0).unwrap();
    let (main, _) = khabar::store::fts::doc_columns(&a.text, &a.blocks);
    assert!(main.split(' ').any(|w| w == "सितंबर"));
}

#[test]
fn kwic_rows_slice_their_hits_and_page() {
    let mut p = bundled();
    for query in [
        "पुतिन",
        "किम OR पुतिन",
        "\"उत्तर कोरिया\"",
        "सैन्य*",
        "रूस NOT अमेरिका",
        "putin",
        "koriya",
        "(रूस OR russia) AND समझौता",
    ] {
        let all = q(&p, query);
        assert!(!all.is_empty(), "{query}");
        check_rows(&mut p, &all);
        // Pages of 7 give the same rows in the same order.
        let s = Search::new(&p, query, SearchOptions::default()).unwrap();
        let mut paged = Vec::new();
        let mut cursor = Some(Cursor::default());
        while let Some(c) = cursor {
            let page = s.page(&p, c, 7).unwrap();
            assert!(page.rows.len() <= 7);
            paged.extend(page.rows);
            cursor = page.next;
        }
        assert_eq!(paged, all, "{query}");
    }
    // The phrase rows are the two words, in that order.
    for r in q(&p, "\"उत्तर कोरिया\"") {
        assert_eq!(r.hit, "उत्तर कोरिया");
    }
    // Prefix rows are whole words starting with the prefix.
    for r in q(&p, "सैन्य*") {
        assert!(normalize_word(&r.hit, Mode::Default)
            .starts_with(&normalize_word("सैन्य", Mode::Default)));
    }
    // NOT: no article with अमेरिका in its content has rows.
    let with_us: HashSet<_> = q(&p, "अमेरिका").into_iter().map(|r| r.article).collect();
    assert!(q(&p, "रूस NOT अमेरिका")
        .iter()
        .all(|r| !with_us.contains(&r.article)));
    // Romanised and Devanagari find the same rows.
    assert_eq!(q(&p, "putin").len(), q(&p, "पुतिन").len());
    // Sorting keeps the rows.
    let mut sorted = q(&p, "पुतिन");
    let n = sorted.len();
    for k in [
        SortKey::Left,
        SortKey::Right,
        SortKey::Date,
        SortKey::Article,
    ] {
        sort_rows(&mut sorted, k);
        assert_eq!(sorted.len(), n);
    }
    sort_rows(&mut sorted, SortKey::Right);
    let firsts: Vec<String> = sorted
        .iter()
        .map(|r| {
            tokens(&r.right, Mode::Default)
                .first()
                .map(|t| t.norm.clone())
                .unwrap_or_default()
        })
        .collect();
    let mut check = firsts.clone();
    check.sort();
    assert_eq!(firsts, check);
}

#[test]
fn scopes() {
    let mut p = bundled();
    let first = p.metas()[0].id.clone();
    let one = rows(
        &p,
        "पुतिन",
        SearchOptions {
            scope: Scope {
                article: Some(first.clone()),
                ..Scope::default()
            },
            ..SearchOptions::default()
        },
    );
    assert!(!one.is_empty() && one.iter().all(|r| r.article == first));
    assert_eq!(
        one,
        q(&p, "पुतिन")
            .into_iter()
            .filter(|r| r.article == first)
            .collect::<Vec<_>>()
    );
    // Boilerplate is searched only on request.
    let a = p.article(&first).unwrap();
    let bp = a
        .blocks
        .iter()
        .find(|b| b.kind == BlockKind::Boilerplate)
        .unwrap();
    let word = tokens(a.block_text(bp), Mode::Default)[0].clone();
    let word_text = a.block_text(bp);
    let _ = word_text;
    let with_bp = SearchOptions {
        scope: Scope {
            boilerplate: true,
            ..Scope::default()
        },
        ..SearchOptions::default()
    };
    let in_bp = |rows: &[khabar::search::KwicRow]| {
        rows.iter()
            .any(|r| r.article == first && r.start >= bp.range.start && r.end <= bp.range.end)
    };
    assert!(in_bp(&rows(&p, &word.norm, with_bp.clone())));
    assert!(!in_bp(&q(&p, &word.norm)));
    // Articles with a code: none before coding, then exactly the coded one.
    let code = p.codes()[0].id;
    let coded_scope = SearchOptions {
        scope: Scope {
            codes: vec![code],
            ..Scope::default()
        },
        ..SearchOptions::default()
    };
    assert!(rows(&p, "पुतिन", coded_scope.clone()).is_empty());
    p.add_annotation(&first, one[0].start..one[0].end, vec![code], String::new())
        .unwrap();
    let r = rows(&p, "पुतिन", coded_scope);
    assert!(!r.is_empty() && r.iter().all(|r| r.article == first));
    // Date range: only dated articles inside it.
    let id = p.metas()[1].id.clone();
    p.set_published(
        &id,
        Some(chrono::NaiveDate::from_ymd_opt(2024, 6, 19).unwrap()),
    )
    .unwrap();
    let dated = rows(
        &p,
        "पुतिन",
        SearchOptions {
            scope: Scope {
                from: chrono::NaiveDate::from_ymd_opt(2024, 6, 1),
                to: chrono::NaiveDate::from_ymd_opt(2024, 6, 30),
                ..Scope::default()
            },
            ..SearchOptions::default()
        },
    );
    assert!(!dated.is_empty() && dated.iter().all(|r| r.article == id));
}

#[test]
fn index_follows_imports_block_edits_and_rebuilds() {
    let mut p = bundled();
    assert!(p.index_progress().unwrap().complete());
    let before = q(&p, "पुतिन").len();
    p.add_articles(vec![article("नया लेख\n\nसितम्बर में पुतिन आए।\n", "new.txt")])
        .unwrap();
    assert_eq!(p.index_progress().unwrap().total, 6);
    assert!(p.index_progress().unwrap().complete());
    assert_eq!(q(&p, "पुतिन").len(), before + 1);
    assert_eq!(q(&p, "सितंबर").len(), 1);
    // Reclassifying a body block as boilerplate takes its words out of the default search (same transaction).
    let id = p.metas()[5].id.clone();
    let a = p.article(&id).unwrap();
    let (bi, b) = a
        .blocks
        .iter()
        .enumerate()
        .find(|(_, b)| b.kind == BlockKind::Body)
        .unwrap();
    let mut nb = b.clone();
    nb.kind = BlockKind::Boilerplate;
    nb.user_set = true;
    p.apply(Edit::new(
        "reclassify",
        vec![Change::update(
            Record::Block {
                article: id.clone(),
                index: bi,
                block: b.clone(),
            },
            Record::Block {
                article: id.clone(),
                index: bi,
                block: nb,
            },
        )],
    ))
    .unwrap();
    assert!(q(&p, "सितंबर").is_empty());
    p.undo().unwrap();
    assert_eq!(q(&p, "सितंबर").len(), 1);
    // Without an index the search is the same (articles searched directly); the job rebuilds it in steps.
    let all = q(&p, "पुतिन OR किम");
    p.clear_index().unwrap();
    assert_eq!(p.index_progress().unwrap().done, 0);
    assert_eq!(q(&p, "पुतिन OR किम"), all);
    let mut job = IndexJob::default();
    let mut steps = 0;
    loop {
        let pr = p.index_step(&mut job, 2).unwrap();
        steps += 1;
        if pr.complete() {
            break;
        }
        assert!(steps < 10);
    }
    assert_eq!(steps, 3);
    assert_eq!(q(&p, "पुतिन OR किम"), all);
}

#[test]
fn autocode_is_one_undoable_edit_and_skips_coded_ranges() {
    let mut p = bundled();
    let code = p.code_by_name("Meeting/visit").unwrap().id;
    let hits = q(&p, "पुतिन");
    let n0 = p.annotation_count();
    let r = code_hits(&mut p, &hits, code, Widen::Word, "auto").unwrap();
    assert_eq!(r.created, hits.len());
    assert_eq!(p.annotation_count(), n0 + hits.len());
    for h in &hits {
        assert!(p
            .annotations_of(&h.article)
            .iter()
            .any(|a| a.start == h.start
                && a.end == h.end
                && a.codes == [code]
                && a.note == "auto"));
    }
    // Again: everything is skipped, nothing is added, no edit is recorded.
    let label = p.undo.undo_label().map(str::to_owned);
    let again = code_hits(&mut p, &hits, code, Widen::Word, "").unwrap();
    assert_eq!((again.created, again.skipped), (0, hits.len()));
    assert_eq!(p.undo.undo_label().map(str::to_owned), label);
    // One undo removes them all; redo brings them back.
    p.undo().unwrap();
    assert_eq!(p.annotation_count(), n0);
    p.redo().unwrap();
    assert_eq!(p.annotation_count(), n0 + hits.len());
    p.undo().unwrap();
    // Sentences and paragraphs: widened ranges contain the hit; hits in one sentence give one annotation.
    let s = code_hits(&mut p, &hits, code, Widen::Sentence, "").unwrap();
    assert_eq!(s.created + s.skipped, hits.len());
    for h in &hits {
        assert!(p
            .annotations_of(&h.article)
            .iter()
            .any(|a| a.start <= h.start && a.end >= h.end));
    }
    p.undo().unwrap();
    let para = code_hits(&mut p, &hits, code, Widen::Paragraph, "").unwrap();
    let all: Vec<_> = p.all_annotations();
    for a in all {
        let art = p.article(&a.article).unwrap();
        let b = &art.blocks[art.block_at(a.start).unwrap()];
        assert_eq!((a.start, a.end), (b.content.start, b.content.end));
    }
    assert!(para.created < hits.len());
}

/// A child code under "Meeting/visit", and annotations with known overlaps.
fn coded_project() -> (Project, i64, i64, i64, i64) {
    let mut p = bundled();
    let meeting = p.code_by_name("Meeting/visit").unwrap().id;
    let treaty = p.code_by_name("Treaty/agreement").unwrap().id;
    let sanctions = p.code_by_name("Sanctions").unwrap().id;
    let child = p.next_code_id();
    p.apply(Edit::new(
        "child",
        vec![Change::create(Record::Code(Code {
            id: child,
            name: "Summit".into(),
            color: [1, 2, 3],
            parent: Some(meeting),
            shortcut: None,
            is_event: false,
            position: 99,
        }))],
    ))
    .unwrap();
    let putin = q(&p, "पुतिन");
    let kim = q(&p, "किम");
    code_hits(&mut p, &putin, meeting, Widen::Word, "").unwrap();
    code_hits(&mut p, &kim, child, Widen::Sentence, "").unwrap();
    let t = q(&p, "समझौता OR संधि");
    code_hits(&mut p, &t, treaty, Widen::Paragraph, "").unwrap();
    let s = q(&p, "प्रतिबंध*");
    code_hits(&mut p, &s, sanctions, Widen::Sentence, "").unwrap();
    (p, meeting, child, treaty, sanctions)
}

#[test]
fn retrieval_with_children_and_overlaps() {
    let (p, meeting, child, treaty, _) = coded_project();
    let all: Vec<_> = p.all_annotations();
    let ids = |v: &[khabar::search::retrieve::Segment]| -> BTreeSet<uuid::Uuid> {
        v.iter().map(|s| s.annotation).collect()
    };
    let with = |c: i64| -> Vec<&khabar::annotate::Annotation> {
        all.iter().filter(|a| a.codes.contains(&c)).collect()
    };
    let ov = |a: &khabar::annotate::Annotation, b: &khabar::annotate::Annotation| {
        a.article == b.article && a.start < b.end && b.start < a.end
    };
    // The parent with its child code; the parent alone; the child alone.
    let both = retrieve(&p, &CodeExpr::code(meeting), None).unwrap();
    let expect: BTreeSet<_> = with(meeting)
        .iter()
        .chain(with(child).iter())
        .map(|a| a.id)
        .collect();
    assert_eq!(ids(&both), expect);
    let only = retrieve(
        &p,
        &CodeExpr::Code {
            id: meeting,
            children: false,
        },
        None,
    )
    .unwrap();
    assert_eq!(ids(&only), with(meeting).iter().map(|a| a.id).collect());
    assert!(!with(child).is_empty());
    // AND / NOT by overlap, checked pair by pair.
    let and = retrieve(&p, &CodeExpr::code(child).and(CodeExpr::code(treaty)), None).unwrap();
    let expect_and: BTreeSet<_> = with(child)
        .iter()
        .filter(|a| with(treaty).iter().any(|b| ov(a, b)))
        .map(|a| a.id)
        .collect();
    assert!(!expect_and.is_empty());
    assert_eq!(ids(&and), expect_and);
    let not = retrieve(&p, &CodeExpr::code(child).not(CodeExpr::code(treaty)), None).unwrap();
    let expect_not: BTreeSet<_> = with(child)
        .iter()
        .filter(|a| !with(treaty).iter().any(|b| ov(a, b)))
        .map(|a| a.id)
        .collect();
    assert_eq!(ids(&not), expect_not);
    assert_eq!(expect_and.len() + expect_not.len(), with(child).len());
    // Filter by text query.
    let filtered = retrieve(&p, &CodeExpr::code(child), Some("पुतिन")).unwrap();
    assert!(!filtered.is_empty() && filtered.len() < with(child).len());
    assert!(filtered.iter().all(|s| s.quote.contains("पुतिन")));
    // Rows carry title, creator and context.
    for s in &both {
        assert_eq!(s.title, p.meta(&s.article).unwrap().title);
        assert!(!s.creator.is_empty());
    }
}

#[test]
fn exports_neutralise_and_escape() {
    let (mut p, meeting, ..) = coded_project();
    let a = p.all_annotations()[0].clone();
    let mut b = a.clone();
    b.note = "=HYPERLINK(\"x\") <script>".into();
    p.apply(Edit::new(
        "note",
        vec![Change::update(Record::Annotation(a), Record::Annotation(b))],
    ))
    .unwrap();
    let segs = retrieve(&p, &CodeExpr::code(meeting), None).unwrap();
    let csv = String::from_utf8(report::segments_csv(&segs)).unwrap();
    assert!(csv.contains("'=HYPERLINK"));
    assert!(!csv.contains(",=HYPERLINK") && !csv.contains("\"=HYPERLINK"));
    let html = report::segments_html("t <x>", &segs);
    assert!(html.contains("lang=\"hi\""));
    assert!(html.contains("&lt;script&gt;") && !html.contains("<script>"));
    assert!(html.contains("पुतिन"));
    for cell in ["+1", "-1", "@x", "\tx", "\rx"] {
        assert!(report::neutralise(cell).starts_with('\''));
    }
    assert_eq!(report::neutralise("पुतिन"), "पुतिन");
}

#[test]
fn matrices_match_independent_counts() {
    let (p, ..) = coded_project();
    let m = code_article_matrix(&p).unwrap();
    let c = cooccurrence(&p).unwrap();
    let anns: Vec<_> = p.all_annotations();
    let codes: Vec<i64> = p.codes().iter().map(|c| c.id).collect();
    let metas = p.metas().to_vec();
    for (ai, meta) in metas.iter().enumerate() {
        let art = p.article(&meta.id).unwrap();
        // Body characters, one by one.
        let body: Vec<bool> = (0..art.index.char_len())
            .map(|i| {
                art.blocks
                    .iter()
                    .any(|b| b.kind == BlockKind::Body && b.content.contains(&i))
            })
            .collect();
        let body_n = body.iter().filter(|x| **x).count();
        assert_eq!(m.articles[ai].body_chars, body_n);
        for (ci, code) in codes.iter().enumerate() {
            let mine: Vec<_> = anns
                .iter()
                .filter(|a| a.article == meta.id && a.codes.contains(code))
                .collect();
            assert_eq!(m.counts[ci][ai], mine.len());
            let covered = (0..body.len())
                .filter(|&i| body[i] && mine.iter().any(|a| a.range().contains(&i)))
                .count();
            assert_eq!(m.covered[ci][ai], covered, "{} {}", code, meta.id);
        }
    }
    assert!(m.counts.iter().flatten().sum::<usize>() > 0);
    // Co-occurrence, pair by pair.
    let mut paragraphs = Vec::new();
    for meta in &metas {
        let art = p.article(&meta.id).unwrap();
        for b in &art.blocks {
            paragraphs.push((meta.id.clone(), b.range.clone()));
        }
    }
    for (i, a) in codes.iter().enumerate() {
        for (j, b) in codes.iter().enumerate() {
            let overlap = if i == j {
                anns.iter().filter(|x| x.codes.contains(a)).count()
            } else {
                let mut n = 0;
                for x in anns.iter().filter(|x| x.codes.contains(a)) {
                    for y in anns.iter().filter(|y| y.codes.contains(b)) {
                        if x.article == y.article && x.start < y.end && y.start < x.end {
                            n += 1;
                        }
                    }
                }
                n
            };
            assert_eq!(c.overlap[i][j], overlap, "overlap {a} {b}");
            let para = paragraphs
                .iter()
                .filter(|(art, r)| {
                    let touches = |code: &i64| {
                        anns.iter().any(|x| {
                            &x.article == art
                                && x.codes.contains(code)
                                && x.start < r.end
                                && r.start < x.end
                        })
                    };
                    touches(a) && touches(b)
                })
                .count();
            assert_eq!(c.paragraph[i][j], para, "paragraph {a} {b}");
        }
    }
    assert!(c
        .overlap
        .iter()
        .enumerate()
        .any(|(i, row)| row.iter().enumerate().any(|(j, v)| i != j && *v > 0)));
    let csv = String::from_utf8(report::cooccurrence_csv(&c)).unwrap();
    assert_eq!(csv.lines().count(), 1 + codes.len() * codes.len());
    assert!(
        String::from_utf8(report::matrix_csv(&m))
            .unwrap()
            .lines()
            .count()
            > 1
    );
}

fn text_strategy() -> impl Strategy<Value = String> {
    let word = proptest::collection::vec(
        prop_oneof![
            Just("क"),
            Just("म"),
            Just("न"),
            Just("्"),
            Just("ि"),
            Just("ी"),
            Just("ा"),
            Just("़"),
            Just("ं"),
            Just("ँ"),
            Just("ब"),
            Just("स"),
            Just("त"),
            Just("\u{200d}"),
            Just("ड"),
            Just("२"),
            Just("a"),
        ],
        1..6,
    )
    .prop_map(|v| v.concat());
    proptest::collection::vec(
        (
            word,
            prop_oneof![
                Just(" "),
                Just(", "),
                Just("। "),
                Just("\n\n"),
                Just(" 😀 ")
            ],
        ),
        1..25,
    )
    .prop_map(|v| {
        v.into_iter()
            .map(|(w, s)| format!("{w}{s}"))
            .collect::<String>()
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]
    /// For random texts and queries taken from them (or made up), every hit slices the original text at grapheme
    /// boundaries, normalises to the query word, and every occurrence of the word is a hit.
    #[test]
    fn hits_slice_clusters_and_normalise_to_the_query(text in text_strategy(), pick in 0usize..50, loose in any::<bool>()) {
        let mode = if loose { Mode::Loose } else { Mode::Default };
        let body = format!("शीर्षक\n\n{text}\n");
        let art = article(&body, "p.txt");
        let p = Project::in_memory(std::slice::from_ref(&art));
        let words = tokens(&art.text, Mode::Default);
        prop_assume!(!words.is_empty());
        let w = &words[pick % words.len()];
        let query_word = art.slice(w.start..w.end).to_owned();
        let opts = SearchOptions { mode, transliterate: false, scope: Scope { boilerplate: true, ..Scope::default() }, ..SearchOptions::default() };
        let Ok(s) = Search::new(&p, &format!("\"{query_word}\""), opts) else { return Ok(()); };
        let rows = s.all(&p).unwrap();
        let target = normalize_word(&query_word, mode);
        let a = p.article(&art.meta.id).unwrap();
        let g = Graphemes::new(&a.text);
        for r in &rows {
            prop_assert_eq!(a.slice(r.start..r.end), r.hit.as_str());
            prop_assert!(g.is_boundary(r.start) && g.is_boundary(r.end));
            let norm: Vec<String> = tokens(&r.hit, mode).into_iter().map(|t| t.norm).collect();
            prop_assert_eq!(norm.concat(), target.clone());
        }
        let expected = tokens(&a.text, mode).into_iter().filter(|t| t.norm == target && t.start >= a.blocks[0].range.start).count();
        let target_parts = tokens(&query_word, mode).len();
        if target_parts == 1 {
            prop_assert_eq!(rows.len(), expected);
        }
    }
}

#[test]
#[ignore = "timing probe"]
fn probe_index_costs() {
    let arts = khabar::generate::articles(2000, 1);
    let bytes: usize = arts.iter().map(|a| a.text.len()).sum();
    let t = std::time::Instant::now();
    let mut n = 0;
    for a in &arts {
        n += tokens(&a.text, Mode::Loose).len();
    }
    eprintln!(
        "tokens: {:?} for {} MB, {n} words",
        t.elapsed(),
        bytes / 1_000_000
    );
    let t = std::time::Instant::now();
    let p = Project::in_memory(&arts);
    eprintln!("in-memory project with index: {:?}", t.elapsed());
    drop(p);
}
