use std::sync::{Arc, Mutex};
use std::time::Instant;

use clap::Parser;
use khabar::cli::{self, Cli};
use khabar::ui::KhabarApp;

/// The GUI app plus start-up measurement (`--quit-after-first-frame`).
struct Shell {
    app: KhabarApp,
    started: Instant,
    frames: u32,
    quit_after_first_frame: bool,
    quit_after: Option<f64>,
    quit_when_dated: bool,
    /// The slowest frame (the app's own work) while dating, for `--quit-when-dated`.
    slowest_frame_ms: f64,
    /// What the timeline found and had not kept in the project yet when the window closed: kept once it is gone.
    keeping: Arc<Mutex<Vec<khabar::timeline::Keeping>>>,
    /// `--quit-when-dated`, once dated: the slowest frame while the dates found are written, drawn without pause
    /// (as when a user scrolls meanwhile).
    slowest_keeping_frame_ms: Option<f64>,
}

impl eframe::App for Shell {
    fn ui(&mut self, ui: &mut egui::Ui, frame: &mut eframe::Frame) {
        let frame_started = Instant::now();
        eframe::App::ui(&mut self.app, ui, frame);
        self.frames += 1;
        if self.quit_when_dated {
            if self.frames > 2 {
                let ms = frame_started.elapsed().as_secs_f64() * 1000.0;
                self.slowest_frame_ms = self.slowest_frame_ms.max(ms);
            }
            let dated = self.frames > 2
                && self.app.derived.timeline_progress.is_none()
                && !self.app.derived.timeline.current().is_empty();
            if dated {
                self.quit_when_dated = false;
                println!(
                    "dated_ms={:.1} slowest_frame_ms={:.1} frames={} peak_rss_kb={}",
                    self.started.elapsed().as_secs_f64() * 1000.0,
                    self.slowest_frame_ms,
                    self.frames,
                    peak_rss_kb().unwrap_or(0)
                );
                self.slowest_keeping_frame_ms = Some(0.0);
            }
            // No repaints of its own: the app looks at its threads' work at its own pace (as often as a user sees
            // it), and more frames would take the cores the dating runs on (a software renderer under Xvfb).
        }
        if let Some(slowest) = &mut self.slowest_keeping_frame_ms {
            *slowest = slowest.max(frame_started.elapsed().as_secs_f64() * 1000.0);
            if self.app.derived.timeline.is_keeping() {
                ui.ctx().request_repaint();
            } else {
                println!(
                    "kept_ms={:.1} slowest_keeping_frame_ms={:.1}",
                    self.started.elapsed().as_secs_f64() * 1000.0,
                    slowest
                );
                self.slowest_keeping_frame_ms = None;
                ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
            }
        }
        if let Some(secs) = self.quit_after {
            if self.started.elapsed().as_secs_f64() >= secs {
                self.quit_after = None;
                println!("peak_rss_kb={}", peak_rss_kb().unwrap_or(0));
                ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
            } else {
                ui.ctx()
                    .request_repaint_after(std::time::Duration::from_millis(100));
            }
        }
        if self.quit_after_first_frame {
            // The first frame has been presented once `ui` runs for the second time.
            if self.frames == 2 {
                println!(
                    "first_frame_ms={:.1} peak_rss_kb={}",
                    self.started.elapsed().as_secs_f64() * 1000.0,
                    peak_rss_kb().unwrap_or(0)
                );
                ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
            } else {
                ui.ctx().request_repaint();
            }
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        self.app.save(storage);
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        let mut timeline = std::mem::take(&mut self.app.derived.timeline);
        let keeping = timeline.stop();
        self.keeping
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .extend(keeping);
        // What it found is left for the end of the process to take back: at 100,000 articles freeing its 650,000
        // candidates kept the closed window on the screen for 1.1 s.
        std::mem::forget(timeline);
    }
}

/// How long a closed window's process goes on keeping the timeline's dates at most (at 100,000 articles it takes
/// seconds; what is not kept is found again at the next open).
const KEEPING_AFTER_CLOSE: std::time::Duration = std::time::Duration::from_secs(30);

/// Peak resident memory of this process (Linux: VmHWM in /proc/self/status).
fn peak_rss_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn main() {
    let started = Instant::now();
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("warn")).init();
    let mut cli = Cli::parse();
    if let Some(command) = cli.command.take() {
        std::process::exit(cli::run(cli, command));
    }
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Khabar")
            .with_app_id("khabar")
            .with_inner_size([1400.0, 900.0])
            .with_min_inner_size([640.0, 400.0])
            .with_drag_and_drop(true),
        ..Default::default()
    };
    let project = cli.project.clone();
    let quit_after_first_frame = cli.quit_after_first_frame;
    let quit_after = cli.quit_after;
    let quit_when_dated = cli.quit_when_dated;
    let keeping = Arc::new(Mutex::new(Vec::new()));
    let kept_after_close = keeping.clone();
    let result = eframe::run_native(
        "Khabar",
        options,
        Box::new(move |cc| {
            Ok(Box::new(Shell {
                app: KhabarApp::from_creation_context(cc, project),
                started,
                frames: 0,
                quit_after_first_frame,
                quit_after,
                quit_when_dated,
                slowest_frame_ms: 0.0,
                keeping,
                slowest_keeping_frame_ms: None,
            }))
        }),
    );
    let keeping = std::mem::take(&mut *kept_after_close.lock().unwrap_or_else(|e| e.into_inner()));
    let until = Instant::now() + KEEPING_AFTER_CLOSE;
    for k in keeping {
        if !k.finish(until.saturating_duration_since(Instant::now())) {
            log::warn!("the timeline's dates were not all kept in the project: they are found again next time");
        }
    }
    if let Err(e) = result {
        eprintln!("khabar: cannot open a window: {e}");
        eprintln!("khabar: Khabar needs a graphical session (X11 or Wayland) with OpenGL; the CLI works without one (khabar --help).");
        std::process::exit(1);
    }
}
