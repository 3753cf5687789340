//! The approximate search of an imported quote is bounded: in a 5 MB article a long quote that is nowhere is an orphan
//! whose reason names the work limit (it used to take over a minute), while a quote with a few edits is still found,
//! with its range. Nothing here is timed: the limit counts cells of the edit distance matrix.

use khabar::exchange::anchor::{self, AnchorKind, Selectors, FUZZY_WORK_LIMIT};
use khabar::exchange::import_annotations;
use khabar::generate::Rng;
use khabar::model::{normalize_text, Article};
use khabar::project::Project;
use serde_json::json;

/// Random Devanagari "words" (consonant + vowel sign), deterministic from `seed`.
fn gibberish(chars: usize, seed: u64) -> String {
    let mut rng = Rng::new(seed);
    let mut s = String::new();
    let mut n = 0;
    while n < chars {
        if n > 0 && rng.below(5) == 0 {
            s.push(' ');
            n += 1;
            continue;
        }
        s.push(char::from_u32(0x915 + rng.below(36) as u32).unwrap());
        s.push(char::from_u32(0x93e + rng.below(8) as u32).unwrap());
        n += 2;
    }
    s
}

/// A 5 MB article made of the bundled corpus's paragraphs, with one unique passage (`marker`) in the middle.
/// Returns the article and the marker's char range.
fn big_article(marker: &str) -> (Article, std::ops::Range<usize>) {
    let paragraphs: Vec<String> = khabar::ingest::bundled_corpus()
        .iter()
        .flat_map(|a| {
            a.blocks
                .iter()
                .map(|b| a.block_text(b).to_owned())
                .collect::<Vec<_>>()
        })
        .filter(|p| p.chars().count() > 40)
        .collect();
    let mut text = String::from("एक बहुत लंबा लेख\n\n");
    let mut i = 0;
    let mut marker_at = None;
    while text.len() < 5_000_000 {
        if marker_at.is_none() && text.len() > 2_500_000 {
            marker_at = Some(text.chars().count());
            text += marker;
            text += "\n\n";
        }
        text += &paragraphs[i % paragraphs.len()];
        text += "\n\n";
        i += 1;
    }
    let text = normalize_text(&text);
    let start = marker_at.unwrap();
    let article = Article::new(text, "big.txt".into(), None);
    assert_eq!(article.slice(start..start + marker.chars().count()), marker);
    (article, start..start + marker.chars().count())
}

/// Three edits inside the passage (not at its ends).
fn edited(passage: &str) -> String {
    let mut c: Vec<char> = passage.chars().collect();
    c[40] = 'x';
    c.remove(120);
    c.insert(200, 'y');
    c.into_iter().collect()
}

#[test]
fn a_long_absent_quote_is_an_orphan_at_the_work_limit_and_an_edited_quote_is_still_found() {
    let marker = gibberish(300, 1);
    let (article, marker_range) = big_article(&marker);
    assert!(article.text.len() >= 5_000_000);

    // 16,000 chars that are nowhere in the article, with and without a position.
    let absent = gibberish(16_000, 2);
    let head: String = absent.chars().take(60).collect();
    assert!(!article.text.contains(&head));
    for position in [None, Some(1000..17_000)] {
        let sel = Selectors {
            exact: Some(absent.clone()),
            position: position.clone(),
            ..Selectors::default()
        };
        let (result, work) = anchor::anchor_with_limit(&article, &sel, FUZZY_WORK_LIMIT);
        let reason = result.expect_err("an absent quote cannot be placed");
        assert!(reason.contains("work limit"), "{reason}");
        assert!(work <= FUZZY_WORK_LIMIT, "{work} words of work");
    }

    // A 300-char quote with three edits: found from a stale position (in the window near it) and from one far away
    // (over the whole text, still within the limit).
    let quote = edited(&marker);
    for stale in [marker_range.start + 50, marker_range.start + 40_000] {
        let sel = Selectors {
            exact: Some(quote.clone()),
            position: Some(stale..stale + 300),
            ..Selectors::default()
        };
        let (result, work) = anchor::anchor_with_limit(&article, &sel, FUZZY_WORK_LIMIT);
        let (range, kind) = result.unwrap();
        assert_eq!(range, marker_range, "from a position at {stale}");
        assert_eq!(kind, AnchorKind::Fuzzy { distance: 3 });
        assert!(work > 0 && work <= FUZZY_WORK_LIMIT);
    }
    // Without a position at all.
    let sel = Selectors {
        exact: Some(quote.clone()),
        ..Selectors::default()
    };
    let (range, kind) = anchor::anchor(&article, &sel).unwrap();
    assert_eq!(range, marker_range);
    assert_eq!(kind, AnchorKind::Fuzzy { distance: 3 });

    // A limit too small for the whole text turns the same search into an orphan that says why.
    let (result, work) = anchor::anchor_with_limit(&article, &sel, 1000);
    assert!(result.unwrap_err().contains("work limit"));
    assert_eq!(work, 0);

    // Through an import: the absent quote is reported as an orphan with the reason, the edited one is imported.
    let mut p = Project::in_memory(std::slice::from_ref(&article));
    let id = p.metas()[0].id.clone();
    let source = format!("urn:khabar:article:{id}");
    let doc = json!([
        { "type": "Annotation", "target": { "source": source,
            "selector": { "type": "TextQuoteSelector", "exact": absent } } },
        { "type": "Annotation", "target": { "source": source,
            "selector": { "type": "TextQuoteSelector", "exact": quote } } },
    ]);
    let report = import_annotations(&mut p, doc.to_string().as_bytes(), "big.jsonld").unwrap();
    assert_eq!(report.imported, 1);
    assert_eq!(report.fuzzy, 1);
    assert_eq!(report.orphans.len(), 1);
    assert!(report.orphans[0].reason.contains("work limit"));
    let placed = p.annotations_of(&id)[0].clone();
    assert_eq!(placed.range(), marker_range);
}
