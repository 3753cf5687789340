//! The `scale` group: a 100,000-article / 500,000-annotation project (generated, or the file named by
//! `KHABAR_BENCH_SCALE_PROJECT`): bytes read at open, first frame warm and with a cold page cache, memory, one
//! `khabar annotate`, a streamed W3C export, and dating the corpus in the window (first opens and reopens).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use khabar::project::Project;

use crate::{run_window, Report, BIN};

fn rchar() -> u64 {
    std::fs::read_to_string("/proc/thread-self/io")
        .ok()
        .and_then(|io| {
            io.lines()
                .find_map(|l| l.strip_prefix("rchar: "))
                .and_then(|v| v.trim().parse().ok())
        })
        .unwrap_or(0)
}

/// Drop the page cache (root only); false when it cannot.
fn drop_caches() -> bool {
    let _ = Command::new("sync").status();
    std::fs::write("/proc/sys/vm/drop_caches", "3").is_ok()
}

/// Peak memory of a command, by GNU time (`/usr/bin/time -f %M`), and its wall time.
fn timed(args: &[&str]) -> Option<(f64, f64)> {
    let t = Instant::now();
    let out = Command::new("/usr/bin/time")
        .args(["-f", "%M"])
        .arg(BIN)
        .args(args)
        .output()
        .ok()?;
    let secs = t.elapsed().as_secs_f64();
    let kb: f64 = String::from_utf8_lossy(&out.stderr)
        .lines()
        .last()?
        .trim()
        .parse()
        .ok()?;
    out.status.success().then_some((secs, kb / 1024.0))
}

/// Import `file` (an export of the scale project) into copies of `empty` (the same articles, no annotations):
/// time and peak memory of `khabar import-annotations`, three runs.
fn import_rows(
    report: &mut Report,
    dir: &Path,
    empty: Option<&Path>,
    file: &Path,
    name: &str,
    label: &str,
) {
    let Some(empty) = empty else {
        eprintln!("import rows skipped: a project named by KHABAR_BENCH_SCALE_PROJECT has no annotation-free twin");
        return;
    };
    let target = dir.join("scale-import.khabar");
    let (mut secs, mut mb) = (Vec::new(), Vec::new());
    for _ in 0..3 {
        std::fs::copy(empty, &target).unwrap();
        if let Some((s, m)) = timed(&[
            "--project",
            target.to_str().unwrap(),
            "import-annotations",
            file.to_str().unwrap(),
        ]) {
            secs.push(s);
            mb.push(m);
        }
        let _ = std::fs::remove_file(&target);
    }
    report.add(
        format!("Import {name} (streamed) into {label} minus its annotations"),
        secs,
        "s",
        None,
    );
    report.add(
        format!("Peak memory, import {name}, {label}"),
        mb,
        "MB",
        Some((200.0, true)),
    );
}

pub fn scale_scenarios(report: &mut Report, dir: &Path, display: Option<&str>) {
    // The generated project's articles without annotations, for the import rows.
    let mut empty: Option<PathBuf> = None;
    let path: PathBuf = match std::env::var_os("KHABAR_BENCH_SCALE_PROJECT") {
        Some(p) => PathBuf::from(p),
        None => {
            let e = dir.join("scale-empty.khabar");
            drop(khabar::generate::generate_project(&e, 100_000, 0, 17).unwrap());
            empty = Some(e);
            let p = dir.join("scale.khabar");
            let t = Instant::now();
            drop(khabar::generate::generate_project(&p, 100_000, 500_000, 17).unwrap());
            report.add(
                "Generate 100,000 articles + 500,000 annotations",
                vec![t.elapsed().as_secs_f64()],
                "s",
                None,
            );
            p
        }
    };
    let p = path.to_str().unwrap();
    let size = std::fs::metadata(&path).unwrap().len() as f64;
    let (articles, annotations) = {
        let before = rchar();
        let project = Project::open_read_only(&path).unwrap();
        let read = (rchar() - before) as f64;
        report.add(
            format!(
                "Bytes read at open, {} articles / {} annotations ({:.0} MB file), share of the file",
                project.metas().len(),
                project.annotation_count(),
                size / 1e6
            ),
            vec![read / size * 100.0],
            "%",
            Some((5.0, true)),
        );
        (project.metas().len(), project.annotation_count())
    };
    let label = format!(
        "{}k articles / {}k annotations",
        articles / 1000,
        annotations / 1000
    );
    if let Some(display) = display {
        let home = dir.join("scale-home");
        std::fs::create_dir_all(&home).unwrap();
        // The project as it is before any window opens it, for the dating rows (a project named by
        // KHABAR_BENCH_SCALE_PROJECT should hold no stored dates, or its "first open" reads them back).
        let pristine = dir.join("scale-pristine.khabar");
        std::fs::copy(&path, &pristine).unwrap();
        let (warm, rss) = crate::first_frames(display, &home, &path, 5);
        report.add(
            format!("Start to first frame, {label}, warm"),
            warm,
            "ms",
            Some((1000.0, true)),
        );
        report.add(
            format!("Peak memory at first frame, {label}"),
            rss,
            "MB",
            Some((400.0, true)),
        );
        let mut cold = Vec::new();
        for _ in 0..3 {
            if !drop_caches() {
                eprintln!(
                    "cannot drop the page cache (not root): the cold first-frame row is skipped"
                );
                break;
            }
            let v = run_window(display, &home, &path, &["--quit-after-first-frame"]);
            if let Some((_, f)) = v.iter().find(|(k, _)| k == "first_frame_ms") {
                cold.push(*f);
            }
        }
        if !cold.is_empty() {
            report.add(
                format!("Start to first frame, {label}, cold page cache"),
                cold,
                "ms",
                Some((5000.0, true)),
            );
        }
        // Dating: each first open on a fresh copy of the project as it was before these runs (the first-frame runs
        // above may have kept some dates), then reopens of the last copy, which read its dates back.
        let dating = dir.join("scale-dating.khabar");
        let (mut first, mut reopened, mut slowest, mut memory) = (vec![], vec![], vec![], vec![]);
        // When the dates found are in the project (they are written once the events are shown).
        let (mut kept, mut keeping_frames) = (vec![], vec![]);
        for run in 0..6 {
            if run < 3 {
                for end in ["-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{end}", dating.display()));
                }
                std::fs::copy(&pristine, &dating).unwrap();
                let _ = Command::new("sync").status();
            }
            let v = run_window(display, &home, &dating, &["--quit-when-dated"]);
            let get = |k: &str| v.iter().find(|(x, _)| x == k).map(|(_, v)| *v);
            if let (Some(ms), Some(frame), Some(kb)) =
                (get("dated_ms"), get("slowest_frame_ms"), get("peak_rss_kb"))
            {
                if run < 3 {
                    first.push(ms / 1000.0);
                    memory.push(kb / 1024.0);
                    if let (Some(ms), Some(frame)) =
                        (get("kept_ms"), get("slowest_keeping_frame_ms"))
                    {
                        kept.push(ms / 1000.0);
                        keeping_frames.push(frame);
                    }
                } else {
                    reopened.push(ms / 1000.0);
                }
                slowest.push(frame);
            }
        }
        let _ = std::fs::remove_file(&pristine);
        for (what, runs) in [("first open", first), ("reopened", reopened)] {
            if !runs.is_empty() {
                report.add(
                    format!("Timeline dated in the window, {label}, {what}"),
                    runs,
                    "s",
                    Some((10.0, true)),
                );
            }
        }
        if !kept.is_empty() {
            report.add(
                format!("Dates kept in the project, {label}, first open"),
                kept,
                "s",
                None,
            );
            report.add(
                format!("Slowest frame while keeping the dates, {label} (drawn without pause)"),
                keeping_frames,
                "ms",
                Some((16.0, true)),
            );
        }
        if !slowest.is_empty() {
            report.add(
                format!("Slowest frame while dating, {label}"),
                slowest,
                "ms",
                Some((16.0, true)),
            );
            report.add(
                format!("Peak memory once dated, {label}, first open"),
                memory,
                "MB",
                None,
            );
        }
    }
    // One annotate call: the article it annotates, not the project.
    let id = {
        let project = Project::open_read_only(&path).unwrap();
        project.metas()[articles / 2].id.0.clone()
    };
    let quote = {
        let project = Project::open_read_only(&path).unwrap();
        let (text, _) = project
            .article_text_and_blocks(&khabar::model::ArticleId(id.clone()))
            .unwrap();
        text.split_whitespace().nth(5).unwrap_or("").to_owned()
    };
    let mut annotate = Vec::new();
    for i in 0..11 {
        let t = Instant::now();
        let ok = Command::new(BIN)
            .args([
                "--project",
                p,
                "annotate",
                "--article",
                &id,
                "--quote",
                &quote,
            ])
            .args(["--note", &format!("bench {i} {}", std::process::id())])
            .output()
            .map(|o| o.status.success())
            .unwrap_or(false);
        if ok {
            annotate.push(t.elapsed().as_secs_f64() * 1000.0);
        }
    }
    report.add(
        format!("One `khabar annotate`, {label}"),
        annotate,
        "ms",
        Some((15.0, true)),
    );
    let out = dir.join("scale-export.jsonld");
    let (mut secs, mut mb) = (Vec::new(), Vec::new());
    for _ in 0..3 {
        if let Some((s, m)) = timed(&[
            "--project",
            p,
            "export",
            "--format",
            "w3c",
            "--out",
            out.to_str().unwrap(),
        ]) {
            secs.push(s);
            mb.push(m);
        }
    }
    report.add(
        format!("Export W3C (streamed), {label}"),
        secs,
        "s",
        Some((4.0, true)),
    );
    report.add(
        format!("Peak memory, export W3C, {label}"),
        mb,
        "MB",
        Some((200.0, true)),
    );
    import_rows(report, dir, empty.as_deref(), &out, "W3C", &label);
    // The other exports: memory bounded whatever the size ("any export"), no time target.
    for (format, ext, name) in [
        ("json", "json", "JSON"),
        ("csv", "csv", "CSV"),
        ("timeml", "tml", "TimeML (a tar of 100,000 documents)"),
    ] {
        // (Named for its format: an export refuses a file named like another format.)
        let out = dir.join(format!("scale-export.{ext}"));
        let (mut secs, mut mb) = (Vec::new(), Vec::new());
        for _ in 0..3 {
            if let Some((s, m)) = timed(&[
                "--project",
                p,
                "export",
                "--format",
                format,
                "--out",
                out.to_str().unwrap(),
            ]) {
                secs.push(s);
                mb.push(m);
            }
        }
        report.add(
            format!("Export {name} (streamed), {label}"),
            secs,
            "s",
            None,
        );
        report.add(
            format!("Peak memory, export {name}, {label}"),
            mb,
            "MB",
            Some((200.0, true)),
        );
        if format == "json" {
            import_rows(report, dir, empty.as_deref(), &out, name, &label);
        }
        let _ = std::fs::remove_file(&out);
    }
    let _ = std::fs::remove_file(&out);
    // Frames: scrolling the corpus list with the timeline open, and panning the timeline of all the events.
    crate::big_project_scenarios(report, &path);
}
