//! File › Team…: publish the project on a PostgreSQL server, join one, and sync continuously. The network runs on
//! two threads (one pushes and pulls when asked, one waits for `NOTIFY` from the server); the project file is only
//! ever written here on the UI thread, through [`Project::merge_incoming`], so it keeps its one writer.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::Arc;
use std::time::{Duration, Instant};

use egui::Ui;

use super::{Action, KhabarApp};
use crate::project::Project;
use crate::store::sync::{HistoryEntry, Incoming, Outgoing, TeamInfo};
use crate::sync::conninfo::ConnInfo;
use crate::sync::records::Kind;
use crate::sync::server::{self, SyncError};

/// What the status bar says about a team project.
#[derive(Clone, Debug, PartialEq)]
pub enum SyncStatus {
    Connecting,
    Synced,
    Pushing(usize),
    Offline {
        since: chrono::DateTime<chrono::Local>,
        why: String,
    },
}

impl SyncStatus {
    pub fn text(&self) -> String {
        match self {
            SyncStatus::Connecting => "Team: connecting…".into(),
            SyncStatus::Synced => "Team: synced".into(),
            SyncStatus::Pushing(n) => format!("Team: pushing {n}"),
            SyncStatus::Offline { since, .. } => {
                format!("Team: offline since {}", since.format("%H:%M"))
            }
        }
    }
}

/// One round of the worker: push these, then pull from `info.seen`.
struct Round {
    outbox: Vec<Outgoing>,
    info: TeamInfo,
}

enum Reply {
    Done {
        acked: Option<i64>,
        /// Changes the server refused, with why.
        refused: Vec<(Outgoing, String)>,
        /// Batches pulled, each with the sequence it reaches.
        batches: Vec<(Vec<Incoming>, i64)>,
        phase: i64,
    },
    Failed(String),
}

/// The continuous sync of the open team project.
pub struct SyncLink {
    to_worker: Sender<Round>,
    replies: Receiver<Reply>,
    stop: Arc<AtomicBool>,
    wake: Arc<AtomicBool>,
    pub status: SyncStatus,
    busy: bool,
    /// The project revision last sent (a new local edit makes another round).
    sent_revision: Option<u64>,
    last_round: Option<Instant>,
    instance: u64,
}

impl Drop for SyncLink {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

fn connect(server: &str, password: &Option<String>) -> Result<server::Server, SyncError> {
    server::connect(&ConnInfo::resolve(server)?.with_password(password.clone()))
}

impl SyncLink {
    pub fn start(
        ctx: &egui::Context,
        project: &Project,
        password: Option<String>,
    ) -> Option<SyncLink> {
        let info = project.store().team_info().ok()??;
        let (to_worker, rounds) = channel::<Round>();
        let (reply_tx, replies) = channel();
        let stop = Arc::new(AtomicBool::new(false));
        let wake = Arc::new(AtomicBool::new(true));
        {
            let ctx = ctx.clone();
            let password = password.clone();
            std::thread::spawn(move || {
                let mut srv: Option<server::Server> = None;
                while let Ok(round) = rounds.recv() {
                    let r = work(&mut srv, &round, &password);
                    if r.is_err() {
                        srv = None;
                    }
                    let reply = match r {
                        Ok(reply) => reply,
                        Err(e) => Reply::Failed(e.to_string()),
                    };
                    if reply_tx.send(reply).is_err() {
                        break;
                    }
                    ctx.request_repaint();
                }
            });
        }
        {
            let (ctx, stop, wake, server) =
                (ctx.clone(), stop.clone(), wake.clone(), info.server.clone());
            std::thread::spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    let listening = connect(&server, &password).and_then(|mut s| {
                        s.listen()?;
                        Ok(s)
                    });
                    let Ok(mut s) = listening else {
                        std::thread::sleep(Duration::from_secs(3));
                        continue;
                    };
                    while !stop.load(Ordering::Relaxed) {
                        match s.wait(Duration::from_millis(500)) {
                            Ok(true) => {
                                wake.store(true, Ordering::Relaxed);
                                ctx.request_repaint();
                            }
                            Ok(false) => {}
                            Err(_) => break,
                        }
                    }
                }
            });
        }
        Some(SyncLink {
            to_worker,
            replies,
            stop,
            wake,
            status: SyncStatus::Connecting,
            busy: false,
            sent_revision: None,
            last_round: None,
            instance: project.key().instance,
        })
    }

    /// Ask for a round at the next frame.
    pub fn sync_now(&self) {
        self.wake.store(true, Ordering::Relaxed);
    }

    /// Once a frame: take the worker's reply into the project, and start a round when there is something to do.
    /// Returns messages for the user.
    pub fn step(&mut self, ctx: &egui::Context, project: &mut Project) -> Vec<String> {
        let mut errors = Vec::new();
        if project.key().instance != self.instance {
            return errors;
        }
        while let Ok(reply) = self.replies.try_recv() {
            self.busy = false;
            match reply {
                Reply::Done {
                    acked,
                    refused,
                    batches,
                    phase,
                } => {
                    for (c, why) in &refused {
                        errors.push(format!(
                            "Team sync: the server refused a change to a {} ({why}); it shows the server's version again",
                            c.kind.as_str()
                        ));
                    }
                    let r = (|| -> crate::project::Result<()> {
                        if let Some(n) = acked {
                            project.store_mut().acknowledge(n)?;
                        }
                        if !refused.is_empty() {
                            let keys: Vec<_> = refused
                                .iter()
                                .map(|(c, _)| (c.kind, c.key.clone()))
                                .collect();
                            project.forget_records(&keys)?;
                            self.wake.store(true, Ordering::Relaxed);
                        }
                        for (batch, seen) in &batches {
                            project.merge_incoming(batch, *seen, phase)?;
                        }
                        Ok(())
                    })();
                    match r {
                        Ok(()) => {
                            let queued = project.store().outbox_len().unwrap_or(0);
                            self.status = if queued == 0 {
                                SyncStatus::Synced
                            } else {
                                // More than one round's worth: go on at once.
                                self.wake.store(true, Ordering::Relaxed);
                                SyncStatus::Pushing(queued)
                            };
                        }
                        Err(e) => errors.push(format!("Team sync: {e}")),
                    }
                }
                Reply::Failed(why) => {
                    let since = match &self.status {
                        SyncStatus::Offline { since, .. } => *since,
                        _ => chrono::Local::now(),
                    };
                    if !matches!(self.status, SyncStatus::Offline { .. }) {
                        errors.push(format!(
                            "Team sync: {why} (edits are kept and sent when the server is back)"
                        ));
                    }
                    self.status = SyncStatus::Offline { since, why };
                }
            }
        }
        let due = self.wake.load(Ordering::Relaxed)
            || self.sent_revision != Some(project.revision())
            || self.last_round.is_none_or(|t| {
                t.elapsed()
                    > if matches!(self.status, SyncStatus::Offline { .. }) {
                        Duration::from_secs(5)
                    } else {
                        Duration::from_secs(30)
                    }
            });
        if !self.busy && due && !project.is_read_only() {
            if let (Ok(Some(info)), Ok(outbox)) = (
                project.store().team_info(),
                project.store().outbox(server::BATCH),
            ) {
                self.wake.store(false, Ordering::Relaxed);
                if !outbox.is_empty() && !matches!(self.status, SyncStatus::Offline { .. }) {
                    self.status =
                        SyncStatus::Pushing(project.store().outbox_len().unwrap_or(outbox.len()));
                }
                if self.to_worker.send(Round { outbox, info }).is_ok() {
                    self.busy = true;
                    self.sent_revision = Some(project.revision());
                    self.last_round = Some(Instant::now());
                }
            }
        }
        // Retry while offline; otherwise the worker and the listener wake the UI.
        ctx.request_repaint_after(Duration::from_secs(1));
        errors
    }
}

fn work(
    srv: &mut Option<server::Server>,
    round: &Round,
    password: &Option<String>,
) -> Result<Reply, SyncError> {
    let s = match srv {
        Some(s) => s,
        None => srv.insert(connect(&round.info.server, password)?),
    };
    let remote = s.project()?;
    if remote.id != round.info.project {
        return Err(SyncError::Refused {
            server: s.info.display(),
            message: "this server holds another team project".into(),
        });
    }
    let refused = server::push_batch(s, &round.outbox)?;
    let acked = round.outbox.last().map(|c| c.n);
    if !refused.is_empty() {
        // The UI resets the refused records; the next round pulls from the start to rebuild them.
        return Ok(Reply::Done {
            acked,
            refused,
            batches: Vec::new(),
            phase: round.info.phase,
        });
    }
    let mut seen = if remote.phase != round.info.phase {
        0
    } else {
        round.info.seen
    };
    let mut batches = Vec::new();
    // Up to a few batches a round, so the UI takes them in slices.
    for _ in 0..4 {
        let (batch, last) = s.pull(seen, server::BATCH)?;
        if last == seen {
            break;
        }
        let own = format!(".{}", round.info.replica);
        batches.push((
            batch
                .into_iter()
                .filter(|c| !c.hlc.as_str().ends_with(&own))
                .collect(),
            last,
        ));
        seen = last;
    }
    if batches.is_empty() && remote.phase != round.info.phase {
        batches.push((Vec::new(), seen));
    }
    Ok(Reply::Done {
        acked,
        refused,
        batches,
        phase: remote.phase,
    })
}

/// What the Team window asks for.
#[derive(Debug, Clone, PartialEq)]
pub enum TeamServerAction {
    Publish {
        server: String,
        name: String,
    },
    Join {
        server: String,
        out: PathBuf,
    },
    /// (Re)connect with the password typed (or none: PGPASSWORD / ~/.pgpass).
    Connect,
    SyncNow,
    /// Restore an earlier value of a record's field (a new edit, shared like any other).
    Restore {
        kind: Kind,
        key: String,
        field: String,
        value: serde_json::Value,
    },
}

#[derive(Default)]
pub struct TeamServerWindow {
    pub open: bool,
    pub server: String,
    /// Typed in this window only; never written anywhere.
    pub password: String,
    pub name: String,
    pub join_out: String,
}

/// The Team window: publish/join for a project of one, status, sync and the selected annotation's history for a
/// team project.
pub fn team_window(ctx: &egui::Context, app: &mut KhabarApp) -> Vec<Action> {
    let mut actions = Vec::new();
    if !app.team_server.open {
        return actions;
    }
    let mut open = true;
    let info = app
        .project
        .as_ref()
        .and_then(|p| p.store().team_info().ok().flatten());
    let status = app.sync.as_ref().map(|l| l.status.clone());
    let history = match (&app.project, app.viewer.selected_annotation) {
        (Some(p), Some(id)) if info.is_some() => p
            .store()
            .history(Kind::Annotation, &id.to_string())
            .ok()
            .map(|h| (id, h, code_names(p))),
        _ => None,
    };
    let w = &mut app.team_server;
    egui::Window::new("Team")
        .open(&mut open)
        .default_width(560.0)
        .show(ctx, |ui| {
            if let Some(info) = &info {
                egui::Grid::new("team-info").num_columns(2).show(ui, |ui| {
                    ui.label("Server");
                    ui.monospace(&info.server);
                    ui.end_row();
                    ui.label("You are");
                    ui.label(&info.user);
                    ui.end_row();
                    ui.label("State");
                    ui.label(match &status {
                        Some(SyncStatus::Offline { why, .. }) => format!("{} — {why}", status.as_ref().unwrap().text()),
                        Some(s) => s.text(),
                        None => "not connected".into(),
                    });
                    ui.end_row();
                    ui.label("Merged up to");
                    ui.label(format!("server change {}", info.seen));
                    ui.end_row();
                });
                ui.horizontal(|ui| {
                    ui.label("Password");
                    ui.add(egui::TextEdit::singleline(&mut w.password).password(true).desired_width(160.0))
                        .on_hover_text("Kept in memory only; leave empty to use PGPASSWORD or ~/.pgpass");
                    if ui.button("Connect").clicked() {
                        actions.push(Action::TeamServer(TeamServerAction::Connect));
                    }
                    if ui.button("Sync now").clicked() {
                        actions.push(Action::TeamServer(TeamServerAction::SyncNow));
                    }
                });
                ui.separator();
                match &history {
                    Some((id, h, names)) => history_list(ui, *id, h, names, &mut actions),
                    None => {
                        ui.weak("Select an annotation to see its history (every value it had, and who wrote it).");
                    }
                }
            } else {
                ui.label("Share this project through a PostgreSQL database: every coder keeps a full offline copy that syncs with it.");
                ui.horizontal(|ui| {
                    ui.label("Server");
                    ui.add(egui::TextEdit::singleline(&mut w.server).hint_text("postgres://you@host/db?sslmode=require").desired_width(360.0));
                });
                ui.horizontal(|ui| {
                    ui.label("Password");
                    ui.add(egui::TextEdit::singleline(&mut w.password).password(true).desired_width(160.0))
                        .on_hover_text("Kept in memory only; leave empty to use PGPASSWORD or ~/.pgpass");
                });
                ui.separator();
                ui.horizontal(|ui| {
                    ui.label("Name on the server");
                    ui.text_edit_singleline(&mut w.name);
                    if ui.add_enabled(!w.server.trim().is_empty(), egui::Button::new("Publish this project"))
                        .on_hover_text("Create the team project on the server (an empty database) from this project")
                        .clicked()
                    {
                        actions.push(Action::TeamServer(TeamServerAction::Publish {
                            server: w.server.clone(),
                            name: w.name.clone(),
                        }));
                    }
                });
                ui.horizontal(|ui| {
                    ui.label("New copy at");
                    ui.add(egui::TextEdit::singleline(&mut w.join_out).hint_text("/path/to/copy.khabar"));
                    if ui.add_enabled(!w.server.trim().is_empty() && !w.join_out.trim().is_empty(), egui::Button::new("Join"))
                        .on_hover_text("Make a local copy of the team project on the server, and open it")
                        .clicked()
                    {
                        actions.push(Action::TeamServer(TeamServerAction::Join {
                            server: w.server.clone(),
                            out: PathBuf::from(w.join_out.trim()),
                        }));
                    }
                });
            }
        });
    app.team_server.open = open;
    actions
}

/// Code names by shared UUID (a history's `codes` values name codes so).
fn code_names(p: &Project) -> std::collections::HashMap<String, String> {
    p.codes()
        .iter()
        .filter_map(|c| {
            let (_, key) = p
                .store()
                .sync_key(&crate::annotate::Record::Code(c.clone()))
                .ok()?;
            Some((key, c.name.clone()))
        })
        .collect()
}

fn history_list(
    ui: &mut Ui,
    id: uuid::Uuid,
    h: &[HistoryEntry],
    names: &std::collections::HashMap<String, String>,
    actions: &mut Vec<Action>,
) {
    ui.strong("History of the selected annotation");
    egui::ScrollArea::vertical()
        .max_height(260.0)
        .show(ui, |ui| {
            egui::Grid::new("team-history")
                .striped(true)
                .num_columns(5)
                .show(ui, |ui| {
                    for e in h.iter().filter(|e| e.field != "modified") {
                        ui.label(
                            e.hlc
                                .time()
                                .map(|t| {
                                    t.with_timezone(&chrono::Local)
                                        .format("%Y-%m-%d %H:%M:%S")
                                        .to_string()
                                })
                                .unwrap_or_default(),
                        );
                        ui.label(if e.author.is_empty() {
                            "—"
                        } else {
                            &e.author
                        });
                        ui.label(match e.field.as_str() {
                            crate::sync::merge::DELETED => "deleted",
                            f => f,
                        });
                        let shown = match (&e.value, e.field.as_str()) {
                            (serde_json::Value::Array(codes), "codes") => codes
                                .iter()
                                .map(|c| {
                                    c.as_str()
                                        .and_then(|u| names.get(u))
                                        .cloned()
                                        .unwrap_or_else(|| "(a code not in this copy)".into())
                                })
                                .collect::<Vec<_>>()
                                .join(", "),
                            (serde_json::Value::String(s), _) => s.clone(),
                            (v, _) => v.to_string(),
                        };
                        ui.label(crate::project::short(&shown));
                        if e.current {
                            ui.weak("current");
                        } else if ui
                            .button("Restore")
                            .on_hover_text(
                                "Make this the value again (a new edit, shared with the team)",
                            )
                            .clicked()
                        {
                            actions.push(Action::TeamServer(TeamServerAction::Restore {
                                kind: Kind::Annotation,
                                key: id.to_string(),
                                field: e.field.clone(),
                                value: e.value.clone(),
                            }));
                        }
                        ui.end_row();
                    }
                });
        });
}

impl KhabarApp {
    /// Start (or restart) the continuous sync of the open project, if it is a team project.
    pub(super) fn start_sync(&mut self, ctx: &egui::Context) {
        self.sync = None;
        let password = Some(self.team_server.password.clone()).filter(|p| !p.is_empty());
        if let Some(p) = self.project.as_ref().filter(|p| !p.is_read_only()) {
            self.sync = SyncLink::start(ctx, p, password);
        }
    }

    /// Once a frame, before the views: the sync's news into the project.
    pub(super) fn step_sync(&mut self, ctx: &egui::Context) {
        let instance = self.project.as_ref().map(|p| p.key().instance);
        if self.sync_tried_for != instance {
            // Another project is open: its own sync (none for a project of one).
            self.sync_tried_for = instance;
            self.start_sync(ctx);
        }
        let (Some(link), Some(p)) = (self.sync.as_mut(), self.project.as_mut()) else {
            return;
        };
        for e in link.step(ctx, p) {
            self.error(e);
        }
    }

    pub(super) fn apply_team_server(&mut self, ctx: &egui::Context, action: TeamServerAction) {
        let password = Some(self.team_server.password.clone()).filter(|p| !p.is_empty());
        match action {
            TeamServerAction::Connect => {
                self.start_sync(ctx);
                self.message("Team: connecting…");
            }
            TeamServerAction::SyncNow => match &self.sync {
                Some(l) => l.sync_now(),
                None => self.start_sync(ctx),
            },
            TeamServerAction::Publish { server: url, name } => {
                let Some(p) = self.project.as_mut() else {
                    return;
                };
                let name = if name.trim().is_empty() {
                    p.path()
                        .file_stem()
                        .map(|s| s.to_string_lossy().into_owned())
                        .unwrap_or_default()
                } else {
                    name
                };
                let r = connect(&url, &password).and_then(|mut s| server::init(p, &mut s, &name));
                match r {
                    Ok(r) => {
                        self.message(format!("Published as “{name}”: {} changes sent", r.pushed));
                        self.start_sync(ctx);
                    }
                    Err(e) => self.error(format!("Publishing failed: {e}")),
                }
            }
            TeamServerAction::Join { server: url, out } => {
                let r = connect(&url, &password).and_then(|mut s| server::join(&mut s, &out));
                match r {
                    Ok((project, r)) => {
                        self.message(format!(
                            "Joined: {} changes merged into {}",
                            r.pulled,
                            out.display()
                        ));
                        self.set_project(project);
                        self.start_sync(ctx);
                    }
                    Err(e) => self.error(format!("Joining failed: {e}")),
                }
            }
            TeamServerAction::Restore {
                kind,
                key,
                field,
                value,
            } => {
                let Some(p) = self.project.as_mut() else {
                    return;
                };
                let edit = p.store().with_field(kind, &key, &field, &value);
                match edit {
                    Ok(Some((before, after))) => {
                        let label = format!("Restore {field}");
                        if let Err(e) = p.apply(crate::annotate::Edit::new(
                            label,
                            vec![crate::annotate::Change { before, after }],
                        )) {
                            self.error(e.to_string());
                        }
                    }
                    Ok(None) => self.error("That value cannot be restored (the record would not be valid); nothing was changed"),
                    Err(e) => self.error(e.to_string()),
                }
            }
        }
    }
}
