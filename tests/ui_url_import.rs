//! File › Import from URLs, driven through the real UI with kittest against a local HTTP server: three addresses,
//! one failing; the window lists the two new articles and the failure with its reason.

mod common;

use std::time::{Duration, Instant};

use common::http::{Route, Server};
use egui::accesskit::Role;
use egui_kittest::kittest::Queryable;

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/web")
            .join(name),
    )
    .unwrap()
}

#[test]
fn import_from_urls_lists_new_articles_and_each_failure_with_its_reason() {
    let html = "text/html; charset=utf-8";
    let s = Server::start(vec![
        ("/page.html", Route::Ok(html, fixture("khabar_news.html"))),
        ("/delhi.html", Route::Ok(html, fixture("delhi.html"))),
        ("/missing.html", Route::Status(404)),
    ]);
    let mut harness = common::app_harness(common::bundled_project());
    harness.run();
    let before = harness.state().project.as_ref().unwrap().metas().len();

    // File › Import from URLs…
    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label("Import from URLs…").click();
    harness.run();
    let field = harness.get_by_label("URLs to import");
    field.focus();
    let urls = [
        s.url("/page.html"),
        s.url("/missing.html"),
        s.url("/delhi.html"),
    ];
    field.type_text(&urls.join("\n"));
    harness.run();
    harness.get_by_label("Import 3 page(s)").click();
    harness.run();

    // The fetch runs off the UI thread: frames go on (with a progress bar) until it is done.
    let start = Instant::now();
    while harness.state().url_import.job.is_some() {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "the import did not finish"
        );
        std::thread::sleep(Duration::from_millis(50));
        harness.step();
    }
    harness.run();

    harness.get_by_label("2 new article(s)");
    // The new articles are links in the result list (their titles are in the corpus list too).
    harness.get_by_role_and_label(Role::Link, "मुंबई में भारी बारिश से जनजीवन ठप, स्कूल बंद");
    harness.get_by_role_and_label(Role::Link, "दिल्ली में प्रदूषण का स्तर फिर बढ़ा");
    harness.get_by_label("1 failed");
    harness.get_by_label(&format!(
        "{}: the server answered 404",
        s.url("/missing.html")
    ));
    let project = harness.state().project.as_ref().unwrap();
    assert_eq!(project.metas().len(), before + 2);
    let delhi = project
        .metas()
        .iter()
        .find(|m| m.title.starts_with("दिल्ली"))
        .unwrap();
    assert_eq!(delhi.url.as_deref(), Some(s.url("/delhi.html").as_str()));
    assert_eq!(
        delhi.published.map(|d| d.to_string()).as_deref(),
        Some("2023-10-20")
    );

    // A title in the list opens its article.
    harness
        .get_by_role_and_label(Role::Link, "दिल्ली में प्रदूषण का स्तर फिर बढ़ा")
        .click();
    harness.run();
    let delhi_id = harness
        .state()
        .project
        .as_ref()
        .unwrap()
        .metas()
        .iter()
        .find(|m| m.title.starts_with("दिल्ली"))
        .map(|m| m.id.clone());
    assert_eq!(harness.state().viewer.article, delhi_id);

    // Importing the same addresses again adds nothing and says so.
    harness.get_by_label("Import 3 page(s)").click();
    harness.run();
    let start = Instant::now();
    while harness.state().url_import.job.is_some() {
        assert!(start.elapsed() < Duration::from_secs(60));
        std::thread::sleep(Duration::from_millis(50));
        harness.step();
    }
    harness.run();
    harness.get_by_label("0 new article(s)");
    harness.get_by_label("2 already in the corpus");
}

#[test]
fn the_feeds_window_follows_a_feed_lists_new_items_and_imports_the_chosen_ones() {
    let html = "text/html; charset=utf-8";
    let s = Server::start(vec![
        ("/page.html", Route::Ok(html, fixture("khabar_news.html"))),
        ("/delhi.html", Route::Ok(html, fixture("delhi.html"))),
        ("/gone.html", Route::Status(410)),
    ]);
    let feed = String::from_utf8(fixture("feed.xml"))
        .unwrap()
        .replace("{BASE}", &s.url(""));
    s.set(
        "/feed.xml",
        Route::Ok("application/rss+xml", feed.into_bytes()),
    );
    let mut harness = common::app_harness(common::bundled_project());
    harness.run();
    let wait = |harness: &mut egui_kittest::Harness<'static, khabar::ui::KhabarApp>| {
        harness.run();
        let start = Instant::now();
        while harness.state().feeds.job.is_some() {
            assert!(
                start.elapsed() < Duration::from_secs(60),
                "the feed job did not finish"
            );
            std::thread::sleep(Duration::from_millis(50));
            harness.step();
        }
        harness.run();
    };
    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label("Feeds…").click();
    harness.run();
    let field = harness.get_by_label("Feed address");
    field.focus();
    field.type_text(&s.url("/feed.xml"));
    harness.run();
    harness.get_by_label("Follow").click();
    harness.run();
    harness.get_by_label(&s.url("/feed.xml"));
    harness.get_by_label("Refresh").click();
    wait(&mut harness);
    harness.get_by_label("3 new item(s)");
    // The feed's title is recorded at the refresh.
    harness.get_by_label(&format!("खबर समाचार - देश — {}", s.url("/feed.xml")));
    // Untick the Delhi item: only the two others come in (the Pune item from the feed's own text: its page is gone).
    harness
        .get_by_label_contains("दिल्ली में प्रदूषण का स्तर फिर बढ़ा")
        .click();
    harness.run();
    harness.get_by_label("Import 2 chosen").click();
    wait(&mut harness);
    harness.get_by_label("2 new article(s)");
    let titles: Vec<String> = harness
        .state()
        .project
        .as_ref()
        .unwrap()
        .metas()
        .iter()
        .map(|m| m.title.clone())
        .collect();
    assert!(titles.iter().any(|t| t.starts_with("मुंबई में भारी बारिश")));
    assert!(titles.iter().any(|t| t.starts_with("पुणे में भी बारिश")));
    assert!(!titles.iter().any(|t| t.starts_with("दिल्ली")));
    // The Delhi item is still offered; after a refresh, only it is new.
    harness.get_by_label("Refresh").click();
    wait(&mut harness);
    harness.get_by_label("1 new item(s)");
}
