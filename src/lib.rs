//! Khabar: a desktop workbench for reading, coding and dating Hindi news.
//!
//! Domain modules (`model`, `annotate`, `store`, `project`, `ingest`, `fonts`) know nothing of egui; `ui` is the
//! thin egui layer on top, one file per panel; `cli` is the command line over the same domain code.

pub mod agreement;
pub mod annotate;
pub mod cli;
pub mod derived;
pub mod exchange;
pub mod fonts;
pub mod generate;
pub mod ingest;
pub mod model;
pub mod output;
pub mod parallel;
pub mod project;
pub mod search;
pub mod store;
pub mod sync;
pub mod timeline;
pub mod ui;
pub mod web;
