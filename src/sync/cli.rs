//! `khabar team …` and `khabar sync`: the same domain calls as File › Team… in the GUI.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::conninfo::ConnInfo;
use super::server::{self, SyncError};
use crate::project::Project;

#[derive(clap::Subcommand, Debug)]
pub enum TeamCommand {
    /// Publish the project (--project) on a PostgreSQL database, which must hold no Khabar project yet
    Init {
        /// The server: a postgres:// URL or key=value string (PGHOST, PGUSER… and ~/.pgpass fill in the rest)
        #[arg(long, default_value = "")]
        server: String,
        /// The project's name on the server (default: the file name)
        #[arg(long)]
        name: Option<String>,
    },
    /// Make a local copy of the team project on a server
    Join {
        #[arg(long, default_value = "")]
        server: String,
        /// The new project file
        #[arg(long)]
        out: PathBuf,
    },
    /// The project's server, user, queued changes and what the server has
    Status,
    /// Start or end the blind phase (a lead only): coders cannot read each other's annotations meanwhile
    Blind {
        #[arg(value_parser = ["on", "off"])]
        state: String,
    },
}

fn s(e: impl std::fmt::Display) -> String {
    e.to_string()
}

/// Connect as the project's stored server says (its password from PGPASSWORD or the password file).
pub fn connect_for(project: &Project) -> Result<server::Server, SyncError> {
    let info = project
        .store()
        .team_info()?
        .ok_or_else(|| SyncError::NotTeam(project.path().display().to_string()))?;
    server::connect(&ConnInfo::resolve(&info.server)?)
}

pub fn team(path: &Path, command: TeamCommand, out: &mut impl Write) -> Result<(), String> {
    match command {
        TeamCommand::Init { server: url, name } => {
            let mut project = Project::open(path).map_err(s)?;
            let info = ConnInfo::resolve(&url).map_err(s)?;
            let mut srv = server::connect(&info).map_err(s)?;
            let name = name.unwrap_or_else(|| {
                path.file_stem()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_else(|| "Khabar project".into())
            });
            let r = server::init(&mut project, &mut srv, &name).map_err(s)?;
            writeln!(
                out,
                "published {} on {} as {:?}: {} articles, {} changes",
                path.display(),
                info.display(),
                name,
                project.metas().len(),
                r.pushed
            )
            .map_err(s)?;
        }
        TeamCommand::Join {
            server: url,
            out: file,
        } => {
            let info = ConnInfo::resolve(&url).map_err(s)?;
            let mut srv = server::connect(&info).map_err(s)?;
            let (project, r) = server::join(&mut srv, &file).map_err(s)?;
            writeln!(
                out,
                "joined {} as {}: {} articles, {} annotations, {} changes merged → {}",
                info.display(),
                info.user,
                project.metas().len(),
                project.annotation_count(),
                r.pulled,
                file.display()
            )
            .map_err(s)?;
        }
        TeamCommand::Status => {
            let project = Project::open_read_only(path).map_err(s)?;
            let Some(info) = project.store().team_info().map_err(s)? else {
                return Err(SyncError::NotTeam(path.display().to_string()).to_string());
            };
            let queued = project.store().outbox_len().map_err(s)?;
            writeln!(out, "project\t{}", path.display()).map_err(s)?;
            writeln!(out, "server\t{}", info.server).map_err(s)?;
            writeln!(out, "user\t{}", info.user).map_err(s)?;
            writeln!(out, "team project\t{}", info.project).map_err(s)?;
            writeln!(out, "queued\t{queued}").map_err(s)?;
            writeln!(out, "merged up to\t{}", info.seen).map_err(s)?;
            match connect_for(&project).and_then(|mut srv| srv.project()) {
                Ok(p) => {
                    writeln!(
                        out,
                        "on the server\t{} (name {:?}, lead {})",
                        p.latest, p.name, p.lead
                    )
                    .map_err(s)?;
                    writeln!(out, "blind phase\t{}", if p.blind { "on" } else { "off" })
                        .map_err(s)?;
                    let state = if queued == 0 && p.latest <= info.seen && p.phase == info.phase {
                        "synced".to_owned()
                    } else {
                        format!(
                            "{queued} to push, {} to pull",
                            (p.latest - info.seen).max(0)
                        )
                    };
                    writeln!(out, "state\t{state}").map_err(s)?;
                }
                Err(e) => writeln!(out, "state\toffline ({e})").map_err(s)?,
            }
        }
        TeamCommand::Blind { state } => {
            let project = Project::open_read_only(path).map_err(s)?;
            let mut srv = connect_for(&project).map_err(s)?;
            srv.set_blind(state == "on").map_err(s)?;
            writeln!(out, "blind phase {state}").map_err(s)?;
        }
    }
    Ok(())
}

pub fn sync(path: &Path, out: &mut impl Write) -> Result<(), String> {
    let mut project = Project::open(path).map_err(s)?;
    let mut srv = connect_for(&project).map_err(s)?;
    let r = server::sync_once(&mut project, &mut srv).map_err(s)?;
    for why in &r.refused {
        eprintln!("khabar: the server refused a change ({why}); this copy shows the server's version again");
    }
    writeln!(
        out,
        "synced {}: pushed {}, pulled {} ({} records changed), server sequence {}",
        path.display(),
        r.pushed,
        r.pulled,
        r.applied,
        r.seen
    )
    .map_err(s)
}
