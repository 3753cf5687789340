//! Times the phases of importing 10,000 generated text files (the bench's `import` row), for profiling:
//! `cargo run --release --example import_phases [DIR]` (files are written to DIR once and reused).
use std::path::PathBuf;
use std::time::Instant;

use khabar::project::Project;

/// User + system CPU seconds of this process so far (from /proc; 0 elsewhere).
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map_or(vec![], |(_, rest)| rest.split_whitespace().collect());
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    // utime and stime are fields 14 and 15 of stat (11 and 12 after the command name), in 1/100 s.
    (ticks(11) + ticks(12)) / 100.0
}

fn main() {
    let dir = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| std::env::temp_dir().join("khabar-import-phases"));
    std::fs::create_dir_all(&dir).unwrap();
    let paths: Vec<PathBuf> = (0..10_000)
        .map(|i| dir.join(format!("a{i:05}.txt")))
        .collect();
    if !paths.iter().all(|p| p.exists()) {
        for (p, a) in paths.iter().zip(khabar::generate::articles(10_000, 43)) {
            std::fs::write(p, &a.text).unwrap();
        }
    }
    let target = dir.join("import.khabar");
    let _ = std::fs::remove_file(&target);
    let _ = std::fs::remove_file(dir.join("import.khabar-wal"));
    let mut project = Project::create(&target, &[]).unwrap();
    let cpu0 = cpu_seconds();
    let t = Instant::now();
    let r = khabar::ingest::import_paths(&paths, |id| project.meta(id).map(|m| m.title.clone()));
    let read = t.elapsed();
    let cpu_read = cpu_seconds();
    let added = project.add_articles(r.articles).unwrap();
    let total = t.elapsed();
    let cpu_total = cpu_seconds();
    assert_eq!(added, 10_000);
    println!(
        "read+classify {:.3} s (cpu {:.2}), store {:.3} s (cpu {:.2}), total {:.3} s (cpu {:.2})",
        read.as_secs_f64(),
        cpu_read - cpu0,
        (total - read).as_secs_f64(),
        cpu_total - cpu_read,
        total.as_secs_f64(),
        cpu_total - cpu0
    );
}
