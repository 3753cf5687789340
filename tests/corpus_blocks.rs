//! Block classification of the five bundled articles: which lines are content, which boilerplate, and why.

use khabar::model::{Article, BlockKind};

/// One letter per block: T title, Y byline/dateline, H heading, P body paragraph, X boilerplate.
fn kinds(a: &Article) -> String {
    a.blocks
        .iter()
        .map(|b| match b.kind {
            BlockKind::Title => 'T',
            BlockKind::Byline => 'Y',
            BlockKind::Heading => 'H',
            BlockKind::Body => 'P',
            BlockKind::Boilerplate => 'X',
        })
        .collect()
}

fn article(prefix: &str) -> Article {
    khabar::ingest::bundled_corpus()
        .into_iter()
        .find(|a| a.meta.origin.starts_with(prefix))
        .expect("bundled article")
}

fn reason_of(a: &Article, text_start: &str) -> (BlockKind, String) {
    let text_start = khabar::model::normalize_text(text_start);
    let text_start = text_start.as_str();
    let b = a
        .blocks
        .iter()
        .find(|b| a.block_text(b).starts_with(text_start))
        .unwrap_or_else(|| panic!("no block starting with {text_start:?}"));
    (b.kind, b.reason.clone())
}

#[test]
fn ndtv_article_000() {
    let a = article("000");
    assert_eq!(kinds(&a), "TPXXHYPHPHPXHPXXX");
    assert!(reason_of(&a, "विज्ञापन").1.contains("advertisement"));
    assert!(reason_of(&a, "Read Time").1.contains("reading-time"));
    assert_eq!(
        reason_of(&a, "नई दिल्ली:"),
        (BlockKind::Byline, "dateline".into())
    );
    let (k, r) = reason_of(&a, "Featured Video Of The Day");
    assert_eq!(k, BlockKind::Boilerplate);
    assert!(r.contains("video promo"), "{r}");
    // the BPSC story after the video promo is not part of the article
    let (k, r) = reason_of(&a, "BPSC Protest News");
    assert_eq!(k, BlockKind::Boilerplate);
    assert!(r.contains("end-of-article"), "{r}");
}

#[test]
fn article_001_with_read_also_links_and_comment_form() {
    let a = article("001");
    assert_eq!(kinds(&a), "XTPPPXPXPXXXX");
    assert!(reason_of(&a, "GlobalTop Story")
        .1
        .contains("site navigation"));
    assert!(reason_of(&a, "ये खबर भी पढ़ें").1.contains("read also"));
    assert!(reason_of(&a, "Related Articles").1.contains("related-news"));
    assert_eq!(reason_of(&a, "Leave a Reply").0, BlockKind::Boilerplate);
    assert_eq!(
        reason_of(&a, "Your email address").0,
        BlockKind::Boilerplate
    );
}

#[test]
fn dakshin_bharat_article_002() {
    let a = article("002");
    assert_eq!(kinds(&a), "THXXPXPPPPPPXXX");
    // the title repeated under the standfirst
    assert_eq!(a.blocks[2].reason, "repeats the title");
    assert_eq!(
        reason_of(&a, "Photo: kremlin website"),
        (BlockKind::Boilerplate, "photo credit".into())
    );
    assert!(reason_of(&a, "Dakshin Bharat at Google News")
        .1
        .contains("promo"));
    assert!(reason_of(&a, "About The Author").1.contains("author box"));
    assert_eq!(reason_of(&a, "बीजिंग/दक्षिण भारत").0, BlockKind::Body);
}

#[test]
fn punjab_kesari_article_003_with_sports_widget() {
    let a = article("003");
    assert_eq!(kinds(&a), "TYXPPPPXXXXXXXXXXXXXXX");
    assert_eq!(reason_of(&a, "Edited By Updated").0, BlockKind::Byline);
    assert!(reason_of(&a, "kim sends new year").1.contains("slug"));
    assert_eq!(reason_of(&a, "International Desk").0, BlockKind::Body);
    assert_eq!(reason_of(&a, "190/9").0, BlockKind::Boilerplate);
    assert_eq!(reason_of(&a, "Subscribe Now!").0, BlockKind::Boilerplate);
    assert_eq!(
        a.meta.published,
        chrono::NaiveDate::from_ymd_opt(2025, 12, 27)
    );
}

#[test]
fn lokmat_article_004_with_tags_and_related_news() {
    let a = article("004");
    assert_eq!(kinds(&a), "XTYPXPPPPPPPXXXXXXXXXXXXXX");
    assert!(reason_of(&a, "लाइव न्यूज़").1.contains("site navigation"));
    assert_eq!(reason_of(&a, "By शिवेन्द्र").0, BlockKind::Byline);
    assert!(reason_of(&a, "Open in App").1.contains("promo"));
    assert!(reason_of(&a, "टॅग्स").1.contains("tag list"));
    assert_eq!(reason_of(&a, "संबंधित खबरें").0, BlockKind::Boilerplate);
    assert_eq!(
        a.meta.published,
        chrono::NaiveDate::from_ymd_opt(2023, 9, 13)
    );
}

/// SHA-256 of the five articles as received (the files of `shared/corpus/`, copied byte for byte into
/// `assets/corpus/`): the bundled texts must stay exactly what the sources published.
const RECEIVED_SHA256: [(&str, &str); 5] = [
    (
        "000_17a1eeebe7b9355c.txt",
        "72cc55c5b65cb91e66ea232c5cad9c25e9e259fb02490463336027adb661d078",
    ),
    (
        "001_7ee61181a4a262d7.txt",
        "5284a753fa9cc7bfbf432ba84b87d609f98a86e1a9c98d95789d4fca06ea7d53",
    ),
    (
        "002_10fe313b376d7345.txt",
        "b92c6cafaaa5c72a6efcbeb9e579ee89d5e3fd32b008884eb99476fd6309a4b8",
    ),
    (
        "003_e4dc5e5af6f86eae.txt",
        "5ce4becae3ddf991150e45c14876d895bca27672b2f10e45205fb0954a494bfe",
    ),
    (
        "004_7a121beb77ee4d36.txt",
        "fc2622b3ae933e84b40cd9884c7f9ad6df2ab21eccf207d93c64ba111307b723",
    ),
];

#[test]
fn manifest_matches_the_received_corpus_and_text_is_unchanged() {
    use sha2::{Digest, Sha256};
    let bundled = khabar::ingest::bundled_corpus();
    assert_eq!(bundled.len(), 5);
    let origins: Vec<&str> = bundled.iter().map(|a| a.meta.origin.as_str()).collect();
    assert_eq!(
        origins,
        RECEIVED_SHA256.iter().map(|(f, _)| *f).collect::<Vec<_>>()
    );
    for (a, (file, sha)) in bundled.iter().zip(RECEIVED_SHA256) {
        let bytes = std::fs::read(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("assets/corpus")
                .join(file),
        )
        .expect("bundled corpus file");
        let digest: String = Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(digest, sha, "{file} is not the text as received");
        let raw = String::from_utf8(bytes).expect("UTF-8");
        assert_eq!(
            a.text,
            khabar::model::normalize_text(&raw),
            "{}",
            a.meta.origin
        );
        // the title block's text is the manifest title
        let t = a
            .blocks
            .iter()
            .find(|b| b.kind == BlockKind::Title)
            .expect("a title block");
        assert_eq!(a.block_text(t), a.meta.title);
        // blocks tile the text
        assert_eq!(a.blocks[0].range.start, 0);
        assert_eq!(a.blocks.last().unwrap().range.end, a.index.char_len());
        for w in a.blocks.windows(2) {
            assert_eq!(w[0].range.end, w[1].range.start);
        }
    }
    // ids are stable: derived from the text
    let again = khabar::ingest::bundled_corpus();
    let ids: Vec<_> = bundled.iter().map(|a| a.meta.id.clone()).collect();
    assert_eq!(
        ids,
        again.iter().map(|a| a.meta.id.clone()).collect::<Vec<_>>()
    );
    // dates only where the text states one
    let dated: Vec<bool> = bundled.iter().map(|a| a.meta.published.is_some()).collect();
    assert_eq!(dated, vec![false, false, false, true, true]);
}
