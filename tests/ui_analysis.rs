//! The retrieval windows in the real app (kittest): the search window's scope options (loose matching, romanised
//! words, a date range, a code) give what the domain gives for them; the code co-occurrence matrix shows counts
//! computed independently here; a heat-map cell lists its passages; lists and matrices export to CSV (and the
//! passages to HTML) through the save prompt; blind coding counts only my passages in the lists and matrices.

mod common;

use std::collections::BTreeSet;

use egui::accesskit::Role;
use egui_kittest::kittest::Queryable;
use egui_kittest::Harness;
use khabar::annotate::{Change, CodeId, Edit, Record};
use khabar::model::{ArticleId, BlockKind};
use khabar::project::Project;
use khabar::search::normalize::Mode;
use khabar::search::{report, Scope, Search, SearchOptions};
use khabar::ui::commands::Command;
use khabar::ui::team::TeamAction;
use khabar::ui::{Action, KhabarApp};

/// Code chars `s..e` of an article's first body block as `coder`; returns the range coded.
fn annotate(
    p: &mut Project,
    article: &ArticleId,
    coder: &str,
    s: usize,
    e: usize,
    code: CodeId,
) -> std::ops::Range<usize> {
    let art = p.article(article).unwrap();
    let body = art
        .blocks
        .iter()
        .find(|b| b.kind == BlockKind::Body)
        .unwrap()
        .content
        .clone();
    let r = art.snap(body.start + s, body.start + e);
    let mut a = p
        .new_annotation(article, r.clone(), vec![code], String::new())
        .unwrap();
    a.creator = coder.into();
    p.apply(Edit::new(
        "test",
        vec![Change::create(Record::Annotation(a))],
    ))
    .unwrap();
    r
}

fn apply(harness: &mut Harness<'static, KhabarApp>, action: Action) {
    harness.state_mut().apply(&egui::Context::default(), action);
    harness.run();
}

/// Save the report the prompt holds to a file and return its bytes (the prompt's own Save button).
fn save_report(
    harness: &mut Harness<'static, KhabarApp>,
    dir: &std::path::Path,
    name: &str,
) -> Vec<u8> {
    let path = dir.join(name);
    let prompt = harness
        .state_mut()
        .prompt
        .as_mut()
        .expect("the export button asks where to save");
    assert!(
        prompt.text.ends_with(name.split('.').next_back().unwrap()),
        "the suggested file name has the report's extension: {}",
        prompt.text
    );
    prompt.text = path.display().to_string();
    harness.run();
    harness.get_by_label("Save").click();
    harness.run();
    std::fs::read(&path).expect("the report was written")
}

/// Two codes on the first two articles: overlapping passages, one passage alone, and another coder's passages.
fn coded_project() -> (Project, CodeId, CodeId) {
    let mut p = common::bundled_project();
    let (x, y) = (p.codes()[0].id, p.codes()[1].id);
    let a0 = p.metas()[0].id.clone();
    let a1 = p.metas()[1].id.clone();
    annotate(&mut p, &a0, "tester", 0, 20, x);
    annotate(&mut p, &a0, "tester", 10, 30, y);
    annotate(&mut p, &a0, "tester", 40, 50, x);
    annotate(&mut p, &a1, "tester", 0, 12, y);
    annotate(&mut p, &a1, "other", 5, 25, x);
    annotate(&mut p, &a0, "other", 60, 70, y);
    (p, x, y)
}

#[test]
fn the_cooccurrence_matrix_shows_independent_counts_and_exports_them_as_csv() {
    let (p, x, y) = coded_project();
    // Independently: ordered pairs of passages (one coded x, one coded y) in the same article sharing a char.
    let anns = p.all_annotations();
    let overlapping = |a: CodeId, b: CodeId| {
        let mut n = 0;
        for u in anns.iter().filter(|u| u.codes.contains(&a)) {
            for v in anns.iter().filter(|v| v.codes.contains(&b)) {
                if u.article == v.article && u.start < v.end && v.start < u.end {
                    n += 1;
                }
            }
        }
        n
    };
    let xy = overlapping(x, y);
    assert_eq!(
        xy, 2,
        "the premise: two x/y overlaps (one per coder pairing)"
    );
    let passages_x = anns.iter().filter(|a| a.codes.contains(&x)).count();
    let (xn, yn) = (
        p.code(x).unwrap().name.clone(),
        p.code(y).unwrap().name.clone(),
    );
    let mut harness = common::app_harness(p);
    harness.run();
    apply(&mut harness, Action::Command(Command::CodeMatrix));
    harness.get_by_label("Code co-occurrence").click();
    harness.run();
    harness.get_by_role_and_label(Role::Label, &format!("{xn} × {yn}: {xy} overlap(s)"));
    harness.get_by_role_and_label(Role::Label, &format!("{yn} × {xn}: {xy} overlap(s)"));
    harness.get_by_role_and_label(Role::Label, &format!("{xn}: {passages_x} passage(s)"));
    let m = harness.state().matrix.cooccurrence().unwrap().clone();
    let (i, j) = (
        m.codes.iter().position(|c| c.id == x).unwrap(),
        m.codes.iter().position(|c| c.id == y).unwrap(),
    );
    assert_eq!((m.overlap[i][j], m.overlap[i][i]), (xy, passages_x));

    let dir = tempfile::tempdir().unwrap();
    harness.get_by_label("Export CSV…").click();
    harness.run();
    let bytes = save_report(&mut harness, dir.path(), "cooc.csv");
    assert_eq!(bytes, report::cooccurrence_csv(&m));
    let text = String::from_utf8(bytes).unwrap();
    assert!(text.contains(&format!("{xn},{yn},{xy},")), "{text}");
}

#[test]
fn a_heat_map_cell_lists_its_passages_and_the_lists_export_to_csv_and_html() {
    let (p, x, _) = coded_project();
    let mut harness = common::app_harness(p);
    harness.run();
    apply(&mut harness, Action::Command(Command::CodeMatrix));
    let m = harness.state().matrix.matrix().unwrap().clone();
    let ci = m.codes.iter().position(|c| c.id == x).unwrap();
    let ai = 0;
    assert_eq!(
        m.counts[ci][ai], 2,
        "the premise: two passages of x in the first article"
    );
    // Click the cell (rows are codes, columns articles, 16 px cells 1 px apart).
    let map = harness.get_by_label("Code × article heat map").rect();
    let at = map.min + egui::vec2(ai as f32 * 17.0 + 8.0, ci as f32 * 17.0 + 8.0);
    common::click(&mut harness, at);
    harness.run();
    let cell = harness
        .state()
        .matrix
        .cell
        .as_ref()
        .expect("the cell lists its passages");
    let segs = cell.segments.as_ref().unwrap().clone();
    assert_eq!(cell.code, x);
    assert_eq!(segs.len(), 2);
    let p = harness.state().project.as_ref().unwrap();
    let mut want: Vec<(usize, usize)> = p
        .annotations_of(&m.articles[ai].id)
        .iter()
        .filter(|a| a.codes.contains(&x))
        .map(|a| (a.start, a.end))
        .collect();
    want.sort();
    let got: Vec<(usize, usize)> = segs.iter().map(|s| (s.start, s.end)).collect();
    assert_eq!(got, want);
    harness.get_by_label(&format!("“{}”", segs[0].quote));

    // The coded segments of x: CSV and HTML as the domain writes them.
    harness.state_mut().matrix.open = false;
    apply(&mut harness, Action::Command(Command::CodedSegments));
    harness.state_mut().segments.code = Some(x);
    harness.run();
    let listed = harness.state().segments.segments().to_vec();
    assert_eq!(listed.len(), 3);
    let dir = tempfile::tempdir().unwrap();
    harness.get_by_label("Export CSV…").click();
    harness.run();
    assert_eq!(
        save_report(&mut harness, dir.path(), "segments.csv"),
        report::segments_csv(&listed)
    );
    harness.get_by_label("Export HTML report…").click();
    harness.run();
    let html = String::from_utf8(save_report(&mut harness, dir.path(), "segments.html")).unwrap();
    for s in &listed {
        assert!(html.contains(&report::escape_html(&s.quote)));
    }
}

#[test]
fn blind_coding_counts_only_my_passages_in_the_segments_and_the_matrices() {
    let (p, x, y) = coded_project();
    let mine = |code: CodeId| {
        p.all_annotations()
            .iter()
            .filter(|a| a.creator == "tester" && a.codes.contains(&code))
            .count()
    };
    let (mine_x, mine_y) = (mine(x), mine(y));
    let all_x = p
        .all_annotations()
        .iter()
        .filter(|a| a.codes.contains(&x))
        .count();
    assert!(all_x > mine_x, "the premise: another coder coded x too");
    let mut harness = common::app_harness(p);
    harness.run();
    apply(&mut harness, Action::Command(Command::CodedSegments));
    harness.state_mut().segments.code = Some(x);
    harness.run();
    assert_eq!(harness.state().segments.segments().len(), all_x);

    apply(&mut harness, Action::Team(TeamAction::SetBlind(true)));
    harness.run();
    let segs = harness.state().segments.segments().to_vec();
    assert_eq!(segs.len(), mine_x);
    assert!(segs.iter().all(|s| s.creator == "tester"));
    apply(&mut harness, Action::Command(Command::CodeMatrix));
    harness.get_by_label("Counting only the coders shown (Team menu).");
    let m = harness.state().matrix.matrix().unwrap().clone();
    let row = |c: CodeId| m.codes.iter().position(|h| h.id == c).unwrap();
    assert_eq!(m.counts[row(x)].iter().sum::<usize>(), mine_x);
    assert_eq!(m.counts[row(y)].iter().sum::<usize>(), mine_y);
    harness.get_by_label("Code co-occurrence").click();
    harness.run();
    let c = harness.state().matrix.cooccurrence().unwrap().clone();
    let (i, j) = (
        c.codes.iter().position(|h| h.id == x).unwrap(),
        c.codes.iter().position(|h| h.id == y).unwrap(),
    );
    assert_eq!(
        (c.overlap[i][i], c.overlap[i][j]),
        (mine_x, 1),
        "only my x/y overlap"
    );

    apply(&mut harness, Action::Team(TeamAction::SetBlind(false)));
    harness.run();
    let c = harness.state().matrix.cooccurrence().unwrap().clone();
    assert_eq!(c.overlap[i][j], 2, "switched off: everyone counts again");
}

/// Click a text field like a mouse and type into it.
fn type_into(harness: &mut Harness<'static, KhabarApp>, field: &str, text: &str) {
    let at = harness.get_by_label(field).rect().center();
    common::click(harness, at);
    harness.run();
    harness.event(egui::Event::Text(text.to_owned()));
    harness.run();
}

/// What the domain finds for a query with these options (every row).
fn domain(p: &Project, q: &str, opts: SearchOptions) -> Vec<khabar::search::KwicRow> {
    Search::new(p, q, opts).unwrap().all(p).unwrap()
}

#[test]
fn the_search_windows_scope_options_give_what_the_domain_gives() {
    let mut p = common::bundled_project();
    let code = p.codes()[0].id;
    let last = p.metas().last().unwrap().id.clone();
    annotate(&mut p, &last, "tester", 0, 5, code);
    let dates: BTreeSet<_> = p.metas().iter().filter_map(|m| m.published).collect();
    let from = *dates.iter().nth(dates.len() / 2).unwrap();
    let query = "रूस";
    let all = domain(&p, query, SearchOptions::default());
    let loose = domain(
        &p,
        query,
        SearchOptions {
            mode: Mode::Loose,
            ..Default::default()
        },
    );
    let since = domain(
        &p,
        query,
        SearchOptions {
            scope: Scope {
                from: Some(from),
                ..Default::default()
            },
            ..Default::default()
        },
    );
    let with_code = domain(
        &p,
        query,
        SearchOptions {
            scope: Scope {
                codes: vec![code],
                ..Default::default()
            },
            ..Default::default()
        },
    );
    let romanised = domain(&p, "putin", SearchOptions::default());
    assert!(
        !all.is_empty()
            && since.len() < all.len()
            && with_code.len() < all.len()
            && !romanised.is_empty(),
        "the premise: each option changes the hits"
    );
    assert!(loose.len() >= all.len());

    let mut harness = common::app_harness(p);
    harness.run();
    apply(&mut harness, Action::Command(Command::FindInCorpus));
    let rows = |h: &mut Harness<'static, KhabarApp>| {
        let app = h.state_mut();
        let p = app.project.as_ref().unwrap();
        app.search.fetch_to(p, usize::MAX);
        app.search.rows().to_vec()
    };
    harness.get_by_label("Search query").type_text(query);
    harness.run();
    assert_eq!(rows(&mut harness), all);
    harness.get_by_label("Loose: दीन = दिन").click();
    harness.run();
    assert_eq!(rows(&mut harness), loose);
    harness.get_by_label("Loose: दीन = दिन").click();
    harness.run();

    type_into(&mut harness, "Published from", &from.to_string());
    harness.run();
    assert_eq!(harness.state().search.from, from.to_string());
    assert_eq!(rows(&mut harness).len(), since.len());
    assert_eq!(rows(&mut harness), since);
    harness.state_mut().search.from.clear();
    type_into(&mut harness, "Published to", "not a date");
    harness.run();
    assert!(harness
        .state()
        .search
        .error()
        .unwrap()
        .contains("not a date"));
    assert!(rows(&mut harness).is_empty());
    harness.state_mut().search.to.clear();

    harness.state_mut().search.with_code = Some(code);
    harness.run();
    assert_eq!(rows(&mut harness), with_code);
    harness.state_mut().search.with_code = None;

    harness.state_mut().search.query = "putin".into();
    harness.run();
    assert_eq!(rows(&mut harness), romanised);
    harness.get_by_label("Romanised words").click();
    harness.run();
    assert!(
        rows(&mut harness).is_empty(),
        "read as Latin, putin is not in the corpus"
    );
}

#[test]
fn coding_does_not_run_a_sorted_search_again_but_an_edit_of_the_text_does() {
    use khabar::search::SortKey;
    let p = common::bundled_project();
    let code = p.codes()[0].id;
    let mut harness = common::app_harness(p);
    harness.run();
    apply(&mut harness, Action::Command(Command::FindInCorpus));
    harness.state_mut().search.query = "पुतिन".into();
    harness.state_mut().search.sort = Some(SortKey::Left);
    harness.run();
    let rows = harness.state().search.rows().to_vec();
    assert!(rows.len() > 10);
    let fetched_at = harness.state().search.rows().as_ptr();
    // Coding a hit changes the project, not its texts: the sorted rows are kept, not fetched again.
    let first = rows[0].clone();
    let before = harness.state().project.as_ref().unwrap().annotation_count();
    apply(
        &mut harness,
        Action::CodeHits {
            rows: vec![first.clone()],
            code,
            widen: khabar::search::autocode::Widen::Word,
        },
    );
    assert_eq!(
        harness.state().project.as_ref().unwrap().annotation_count(),
        before + 1
    );
    assert_eq!(
        harness.state().search.rows().as_ptr(),
        fetched_at,
        "no second search"
    );
    assert_eq!(harness.state().search.rows(), &rows[..]);
    // A change of the articles' metadata is a change of what the rows show: the search runs again.
    let mut meta = harness
        .state()
        .project
        .as_ref()
        .unwrap()
        .meta(&first.article)
        .unwrap()
        .clone();
    meta.title = "नया शीर्षक".into();
    harness
        .state_mut()
        .project
        .as_mut()
        .unwrap()
        .set_meta(meta)
        .unwrap();
    harness.run();
    let again = harness.state().search.rows().to_vec();
    assert_eq!(again.len(), rows.len());
    assert!(again.iter().any(|r| r.title == "नया शीर्षक"));
}
