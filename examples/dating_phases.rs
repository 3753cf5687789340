//! Times the phases of dating a project's articles on one thread (reading, tagging, sentences and categories), for
//! profiling: `cargo run --release --example dating_phases PROJECT [N]`.
use std::time::Instant;

use khabar::project::Project;

fn main() {
    let mut args = std::env::args().skip(1);
    let path = std::path::PathBuf::from(args.next().expect("a project file"));
    let n: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(5_000);
    let project = Project::open_read_only(&path).unwrap();
    let t = Instant::now();
    let articles: Vec<_> = project
        .metas()
        .iter()
        .take(n)
        .map(|m| {
            let (text, blocks) = project.article_text_and_blocks(&m.id).unwrap();
            (m.id.clone(), m.published, text, blocks)
        })
        .collect();
    let bytes: usize = articles.iter().map(|a| a.2.len()).sum();
    println!(
        "read {} articles, {:.1} MB: {:.2} s",
        articles.len(),
        bytes as f64 / 1e6,
        t.elapsed().as_secs_f64()
    );
    let t = Instant::now();
    let mut candidates = 0;
    for (id, published, text, blocks) in &articles {
        candidates += khabar::timeline::events::dates_of(id, *published, text, blocks)
            .candidates
            .len();
    }
    let s = t.elapsed().as_secs_f64();
    println!(
        "dates_of: {candidates} candidates, {s:.2} s, {:.1} MB/s",
        bytes as f64 / 1e6 / s
    );
    // The tagger alone, over the same blocks.
    let t = Instant::now();
    let mut mentions = 0;
    let mut ranges = std::time::Duration::ZERO;
    for (_, published, text, blocks) in &articles {
        let r = Instant::now();
        let bytes = khabar::timeline::events::block_byte_ranges(text, blocks);
        ranges += r.elapsed();
        for (b, range) in blocks.iter().zip(bytes) {
            if matches!(
                b.kind,
                khabar::model::BlockKind::Body
                    | khabar::model::BlockKind::Heading
                    | khabar::model::BlockKind::Title
            ) {
                mentions += khabar::timeline::tagger::tag(&text[range], *published).len();
            }
        }
    }
    let s = t.elapsed().as_secs_f64();
    println!(
        "tag alone: {mentions} mentions, {s:.2} s ({:.2} s finding the blocks' bytes)",
        ranges.as_secs_f64()
    );
}
