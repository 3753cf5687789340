//! Web pages, URLs and feeds, offline: a local HTTP server on 127.0.0.1 serves the fixture pages, a feed, redirects,
//! a slow, a too-large and a wrongly labelled page. The CLI and the domain code are checked against it.

mod common;

use std::time::{Duration, Instant};

use common::cli::{khabar, ok, run, stderr};
use common::http::{Route, Server};
use khabar::model::BlockKind;
use khabar::web::fetch::{fetch, import_url, FetchError, FetchLimits, UrlImportError};

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/web")
            .join(name),
    )
    .unwrap()
}

const HTML: &str = "text/html; charset=utf-8";

fn server() -> Server {
    let s = Server::start(vec![
        ("/page.html", Route::Ok(HTML, fixture("khabar_news.html"))),
        ("/delhi.html", Route::Ok(HTML, fixture("delhi.html"))),
        ("/moved", Route::Redirect("/hop2".into())),
        ("/hop2", Route::Redirect("/page.html".into())),
        (
            "/slow.html",
            Route::Slow(Duration::from_secs(20), fixture("delhi.html")),
        ),
        ("/huge.html", Route::Huge(12 * 1024 * 1024)),
        (
            "/image.png",
            Route::Ok("image/png", b"\x89PNG....".to_vec()),
        ),
        ("/gone.html", Route::Status(410)),
    ]);
    // Redirects that never end.
    for i in 0..10 {
        s.set(
            &format!("/loop{i}"),
            Route::Redirect(format!("/loop{}", i + 1)),
        );
    }
    let feed = String::from_utf8(fixture("feed.xml"))
        .unwrap()
        .replace("{BASE}", &s.url(""));
    s.set(
        "/feed.xml",
        Route::Ok("application/rss+xml", feed.into_bytes()),
    );
    s
}

fn new_project(dir: &tempfile::TempDir, name: &str) -> std::path::PathBuf {
    let p = dir.path().join(name);
    ok(&khabar(&["new", p.to_str().unwrap()]));
    p
}

#[test]
fn a_saved_page_and_its_url_give_the_same_dated_article_with_boilerplate_marked() {
    let s = server();
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("page.html");
    std::fs::write(&page, fixture("khabar_news.html")).unwrap();

    let from_file = new_project(&dir, "file.khabar");
    let added_file = run(&from_file, &["import", page.to_str().unwrap()]);
    let from_url = new_project(&dir, "url.khabar");
    let added_url = run(&from_url, &["import", &s.url("/page.html")]);
    // Same text, so the same id and title.
    assert_eq!(added_file, added_url);
    let list_file = run(&from_file, &["articles"]);
    assert_eq!(list_file, run(&from_url, &["articles"]));
    assert!(
        list_file.contains("\t2023-10-19\tखबर समाचार\tमुंबई में भारी बारिश से जनजीवन ठप, स्कूल बंद"),
        "{list_file}"
    );

    for path in [&from_file, &from_url] {
        let p = khabar::project::Project::open_read_only(path).unwrap();
        let meta = p.metas()[0].clone();
        assert_eq!(
            meta.url.as_deref(),
            Some("https://news.example.in/india/mumbai-rain-schools-shut-2023-10-19")
        );
        let a = p.article(&meta.id).unwrap();
        let kind_of = |needle: &str| {
            let b = a
                .blocks
                .iter()
                .find(|b| a.block_text(b).contains(needle))
                .unwrap_or_else(|| panic!("{needle}"));
            (b.kind, b.reason.clone())
        };
        assert_eq!(kind_of("मुंबई में भारी बारिश से जनजीवन ठप").0, BlockKind::Title);
        assert_eq!(kind_of("Last Updated").0, BlockKind::Byline);
        assert_eq!(kind_of("घुटनों तक पानी").0, BlockKind::Body);
        assert_eq!(kind_of("स्कूल और कॉलेज बंद").0, BlockKind::Heading);
        for (needle, why) in [
            ("होम", "navigation"),
            ("Facebook", "share bar"),
            ("पुणे में भी बारिश", "related-news"),
            ("245/4", "score"),
            ("अपनी राय दें", "comments"),
            ("ये भी पढ़ें", "read also"),
            ("सर्वाधिकार", "footer"),
        ] {
            let (kind, reason) = kind_of(needle);
            assert_eq!(kind, BlockKind::Boilerplate, "{needle}: {reason}");
            assert!(reason.contains(why), "{needle}: {reason}");
        }
        // Nothing the page shows is dropped; nothing a script would write is there.
        assert!(a.text.contains("© 2023 खबर समाचार"));
        assert!(!a.text.contains("स्क्रिप्ट") && !a.text.contains("color: red"));
        let d = p
            .details(&meta.id)
            .unwrap()
            .expect("page details are stored");
        assert_eq!(d.author.as_deref(), Some("रीना शर्मा"));
        assert_eq!(
            d.modified.map(|d| d.to_string()).as_deref(),
            Some("2023-10-20")
        );
        assert_eq!(d.language.as_deref(), Some("hi"));
        assert_eq!(
            d.from_where("published"),
            Some("JSON-LD NewsArticle.datePublished")
        );
        assert_eq!(d.from_where("source"), Some("<meta> og:site_name"));
    }
    // The fetched copy keeps where and when it was fetched.
    let p = khabar::project::Project::open_read_only(&from_url).unwrap();
    let d = p.details(&p.metas()[0].id).unwrap().unwrap();
    assert_eq!(d.fetched_url.as_deref(), Some(s.url("/page.html").as_str()));
    assert!(d.fetched_at.is_some_and(|t| t.starts_with("20")));
    // The W3C export's target source is the article's URL.
    assert_eq!(
        khabar::exchange::w3c::article_source(&p.metas()[0]),
        "https://news.example.in/india/mumbai-rain-schools-shut-2023-10-19"
    );

    // The timeline resolves relative dates against the page's date with no user action: the page is of Thursday
    // 19 October 2023, so its "बुधवार" is the 18th and "पिछले साल" is 2022.
    let dates = run(&from_url, &["dates"]);
    let value_of = |word: &str| {
        dates
            .lines()
            .find(|l| l.ends_with(&format!("\t{word}")))
            .map(|l| l.split('\t').nth(4).unwrap().to_owned())
            .unwrap_or_else(|| panic!("{word} in {dates}"))
    };
    assert_eq!(value_of("बुधवार"), "2023-10-18");
    assert_eq!(value_of("पिछले साल"), "2022");
}

#[test]
fn each_failing_url_gets_its_own_error_while_the_others_import() {
    let s = server();
    let dir = tempfile::tempdir().unwrap();
    let p = new_project(&dir, "p.khabar");
    let out = khabar(&[
        "--project",
        p.to_str().unwrap(),
        "import",
        &s.url("/moved"),
        &s.url("/gone.html"),
        &s.url("/delhi.html"),
        &s.url("/loop0"),
        &s.url("/image.png"),
        "ftp://example.com/x.html",
    ]);
    assert!(!out.status.success());
    let err = stderr(&out);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(stdout.lines().count(), 2, "{stdout}");
    assert!(stdout.contains("मुंबई में भारी बारिश") && stdout.contains("दिल्ली में प्रदूषण"));
    assert!(
        err.contains(&format!("{}: the server answered 410", s.url("/gone.html"))),
        "{err}"
    );
    assert!(
        err.contains(&format!("{}: more than 5 redirects", s.url("/loop0"))),
        "{err}"
    );
    assert!(
        err.contains("not a web page or feed (the server says image/png)"),
        "{err}"
    );
    assert!(
        err.contains("ftp://example.com/x.html: not a web address"),
        "{err}"
    );
    // The redirected page keeps the address asked for and records where it ended.
    let project = khabar::project::Project::open_read_only(&p).unwrap();
    let d = project.details(&project.metas()[0].id).unwrap().unwrap();
    assert_eq!(d.fetched_url.as_deref(), Some(s.url("/moved").as_str()));
    assert_eq!(
        d.from_where("redirected_to"),
        Some(s.url("/page.html").as_str())
    );
    drop(project);
    // Importing the same URL again adds nothing.
    let again = khabar(&[
        "--project",
        p.to_str().unwrap(),
        "import",
        &s.url("/delhi.html"),
    ]);
    assert!(
        stderr(&again).contains("already in the corpus"),
        "{}",
        stderr(&again)
    );
}

#[test]
fn slow_and_huge_responses_end_in_an_error_within_the_limits() {
    let s = server();
    let limits = FetchLimits {
        connect: Duration::from_secs(2),
        total: Duration::from_secs(2),
        max_bytes: 4 * 1024 * 1024,
        max_redirects: 5,
    };
    let t = Instant::now();
    let e = fetch(&s.url("/slow.html"), &limits).unwrap_err();
    assert!(matches!(e, FetchError::Timeout { .. }), "{e}");
    assert!(t.elapsed() < Duration::from_secs(10), "{:?}", t.elapsed());
    let e = fetch(&s.url("/huge.html"), &limits).unwrap_err();
    assert!(matches!(e, FetchError::TooLarge { limit: 4, .. }), "{e}");
    assert!(e.to_string().contains("larger than the limit of 4 MiB"));
    // A port nobody listens on: refused at once.
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let e = fetch(&format!("http://127.0.0.1:{closed}/x"), &limits).unwrap_err();
    assert!(matches!(e, FetchError::Network { .. }), "{e}");
}

#[test]
fn the_charset_is_honoured_when_header_and_meta_disagree() {
    // windows-1252 bytes whose <meta> wrongly says UTF-8; the HTTP header is right.
    let legacy = b"<html><head><meta charset=\"utf-8\"><title>Caf\xe9</title></head><body><article><h1>Caf\xe9 \x93Hindi\x94</h1>\
<p>Na\xefve r\xe9sum\xe9 of the d\xe9bat, \x96 a long enough paragraph for the reader to keep as text.</p></article></body></html>"
        .to_vec();
    // A UTF-8 Hindi page that the server mislabels as ISO-8859-1.
    let mislabelled = fixture("delhi.html");
    let s = Server::start(vec![
        (
            "/legacy.html",
            Route::Ok("text/html; charset=windows-1252", legacy),
        ),
        (
            "/mislabelled.html",
            Route::Ok("text/html; charset=ISO-8859-1", mislabelled),
        ),
    ]);
    let limits = FetchLimits::default();
    let a = import_url(&s.url("/legacy.html"), &limits).unwrap();
    assert!(
        a.text.contains("Café “Hindi”") && a.text.contains("Naïve résumé"),
        "{}",
        a.text
    );
    assert!(a
        .details
        .as_ref()
        .unwrap()
        .charset
        .as_deref()
        .unwrap()
        .starts_with("windows-1252 (HTTP header)"));
    let a = import_url(&s.url("/mislabelled.html"), &limits).unwrap();
    assert!(
        a.text.contains("दिल्ली में प्रदूषण का स्तर फिर बढ़ा"),
        "{}",
        a.text
    );
    let cs = a.details.as_ref().unwrap().charset.clone().unwrap();
    assert!(
        cs.starts_with(
            "UTF-8 (the bytes are valid UTF-8 although the HTTP header says windows-1252"
        ),
        "{cs}"
    );
    // The date in the dateline ("प्रकाशित: 20 अक्टूबर 2023") is the publication date when no markup states one.
    assert_eq!(
        a.meta.published.map(|d| d.to_string()).as_deref(),
        Some("2023-10-20")
    );
    assert_eq!(
        a.details.as_ref().unwrap().from_where("published"),
        Some("the byline text")
    );
}

#[test]
fn hostile_pages_are_errors_not_hangs() {
    use khabar::web::{read_page, PageError, PageSource};
    let src = PageSource::default();
    let t = Instant::now();
    let deep = "<div>".repeat(100_000) + "text";
    assert_eq!(
        read_page(deep.as_bytes(), &src).unwrap_err(),
        PageError::TooDeep
    );
    let huge = vec![b'a'; 9 * 1024 * 1024];
    assert!(matches!(
        read_page(&huge, &src).unwrap_err(),
        PageError::TooLarge(_)
    ));
    assert_eq!(
        read_page(b"\x89PNG\r\n\x1a\n", &src).unwrap_err(),
        PageError::Binary
    );
    assert_eq!(
        read_page(b"<html><body><script>x()</script></body></html>", &src).unwrap_err(),
        PageError::Empty
    );
    // Broken markup still reads: unclosed tags, stray ends, a table soup.
    let broken = "<html><body><p>पहला पैरा<p>दूसरा <b>पैरा</i></table><li>सूची<div></span>अंत";
    let a = read_page(broken.as_bytes(), &src).unwrap();
    assert!(a.text.contains("पहला पैरा") && a.text.contains("अंत"));
    // Many elements: the markup alone decides, still quickly.
    let wide = "<p>एक छोटा पैरा।</p>".repeat(40_000);
    let a = read_page(wide.as_bytes(), &src).unwrap();
    assert_eq!(a.blocks.len(), 40_000);
    // javascript: and data: links are never a URL of an article.
    let js = "<html><head><link rel=canonical href=\"javascript:alert(1)\"></head><body><p>पाठ।</p></body></html>";
    assert_eq!(read_page(js.as_bytes(), &src).unwrap().meta.url, None);
    assert!(t.elapsed() < Duration::from_secs(60), "{:?}", t.elapsed());
}

#[test]
fn a_feed_offers_its_new_items_and_imports_them_once() {
    let s = server();
    let dir = tempfile::tempdir().unwrap();
    let p = new_project(&dir, "p.khabar");
    let added = run(&p, &["feed", "add", &s.url("/feed.xml")]);
    assert!(
        added.contains("following") && added.contains("3 item(s)"),
        "{added}"
    );
    assert!(run(&p, &["feed", "list"]).contains("खबर समाचार - देश"));
    // The page of the first item is already in the corpus: it is not offered.
    run(&p, &["import", &s.url("/page.html")]);
    let listed = run(&p, &["feed", "refresh"]);
    assert_eq!(listed.lines().count(), 2, "{listed}");
    assert!(
        listed.contains("दिल्ली में प्रदूषण") && listed.contains("पुणे में भी बारिश"),
        "{listed}"
    );
    let imported = run(&p, &["feed", "refresh", "--import"]);
    assert_eq!(imported.lines().count(), 2, "{imported}");
    // The Pune item's page is gone (410): its text comes from the feed, dated by the feed.
    let project = khabar::project::Project::open_read_only(&p).unwrap();
    let pune = project
        .metas()
        .iter()
        .find(|m| m.title.contains("पुणे"))
        .unwrap()
        .clone();
    assert_eq!(
        pune.published.map(|d| d.to_string()).as_deref(),
        Some("2023-10-21")
    );
    assert_eq!(pune.url.as_deref(), Some(s.url("/gone.html").as_str()));
    let a = project.article(&pune.id).unwrap();
    assert!(a.text.contains("कई सड़कें बंद रहीं"));
    drop(project);
    // Nothing new the second time.
    assert_eq!(run(&p, &["feed", "refresh"]).lines().count(), 0);
}

#[test]
fn import_url_reports_page_errors_with_the_url() {
    let s = Server::start(vec![(
        "/empty.html",
        Route::Ok(HTML, b"<html><body></body></html>".to_vec()),
    )]);
    let e = import_url(&s.url("/empty.html"), &FetchLimits::default()).unwrap_err();
    assert!(matches!(e, UrlImportError::Page { .. }));
    assert_eq!(
        e.to_string(),
        format!("{}: the page has no text", s.url("/empty.html"))
    );
}
