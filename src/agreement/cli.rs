//! The team-coding subcommands of the CLI: `merge`, `agreement`, `disagreements`, `adjudicate`, `coders`.

use std::io::Write;
use std::path::Path;

use super::adjudicate::Decision;
use super::disagree::CompareOptions;
use super::report::{
    fmt_interval, fmt_percent, fmt_value, AgreementOptions, AgreementReport, CodeAgreement,
};
use super::units::{Scope, UnitKind};
use super::{code_named, AgreementError};
use crate::cli::printable;
use crate::project::Project;

type Out<'a> = &'a mut dyn Write;

fn io(e: std::io::Error) -> String {
    e.to_string()
}

fn err(e: AgreementError) -> String {
    e.to_string()
}

#[derive(clap::Args, Debug)]
pub struct AgreementArgs {
    /// Two or more coders, comma-separated (annotation creators)
    #[arg(long, value_delimiter = ',', required = true)]
    pub coders: Vec<String>,
    /// Only this code
    #[arg(long)]
    pub code: Option<String>,
    /// Only these articles (ids or unique prefixes, comma-separated)
    #[arg(long, value_delimiter = ',')]
    pub articles: Option<Vec<String>>,
    /// grapheme (whole letters), char (code points) or word
    #[arg(long, default_value = "grapheme")]
    pub unit: UnitKind,
    /// body (body blocks) or all (the whole text)
    #[arg(long, default_value = "body")]
    pub scope: Scope,
    /// Segment-level agreement: the share of overlap (intersection / union) at which two segments agree
    #[arg(long, default_value_t = 0.9)]
    pub overlap: f64,
    /// Bootstrap replicates for the confidence intervals (0: none)
    #[arg(long, default_value_t = 1000)]
    pub bootstrap: usize,
    /// Seed of the bootstrap (the same seed gives the same intervals)
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// One JSON document instead of a table
    #[arg(long)]
    pub json: bool,
}

#[derive(clap::Args, Debug)]
pub struct CompareArgs {
    /// Exactly two coders, comma-separated: A,B
    #[arg(long, value_delimiter = ',', required = true)]
    pub coders: Vec<String>,
    /// Only this code
    #[arg(long)]
    pub code: Option<String>,
    /// Only these articles (ids or unique prefixes, comma-separated)
    #[arg(long, value_delimiter = ',')]
    pub articles: Option<Vec<String>>,
    /// body or all: annotations that touch no text in scope are left out
    #[arg(long, default_value = "body")]
    pub scope: Scope,
}

#[derive(clap::Args, Debug)]
pub struct DisagreementsArgs {
    #[command(flatten)]
    pub compare: CompareArgs,
    /// One JSON document instead of a list
    #[arg(long)]
    pub json: bool,
}

#[derive(clap::Args, Debug)]
pub struct AdjudicateArgs {
    #[command(flatten)]
    pub compare: CompareArgs,
    /// What to keep of every disagreement: a, b, both or neither
    #[arg(long)]
    pub accept: Decision,
    /// Name of the gold coder layer
    #[arg(long, default_value = "gold")]
    pub gold: String,
}

fn compare_options(p: &Project, a: CompareArgs) -> Result<CompareOptions, String> {
    if a.coders.len() != 2 {
        return Err(err(AgreementError::NotTwoCoders(a.coders.len())));
    }
    Ok(CompareOptions {
        code: match &a.code {
            Some(n) => Some(code_named(p, n).map_err(err)?),
            None => None,
        },
        coders: a.coders.iter().map(|c| c.trim().to_owned()).collect(),
        articles: a.articles,
        scope: a.scope,
    })
}

/// Warn about coders with no annotation at all: most likely a typo (the measures treat them as coding nothing).
fn warn_unknown_coders(p: &Project, coders: &[String]) {
    let known = super::coders(p);
    for c in coders {
        if !known.contains_key(c) {
            let names: Vec<&str> = known.keys().map(String::as_str).collect();
            eprintln!(
                "khabar: coder “{}” has no annotations in this project (coders: {}); counted as coding nothing",
                printable(c),
                printable(&names.join(", "))
            );
        }
    }
}

pub fn agreement(p: &Project, a: AgreementArgs, out: Out) -> Result<(), String> {
    let coders: Vec<String> = a.coders.iter().map(|c| c.trim().to_owned()).collect();
    warn_unknown_coders(p, &coders);
    let opts = AgreementOptions {
        code: match &a.code {
            Some(n) => Some(code_named(p, n).map_err(err)?),
            None => None,
        },
        articles: a.articles,
        unit: a.unit,
        scope: a.scope,
        overlap: a.overlap,
        bootstrap: a.bootstrap,
        seed: a.seed,
        ..AgreementOptions::new(coders)
    };
    let report = super::agreement(p, &opts).map_err(err)?;
    if a.json {
        let s = serde_json::to_string_pretty(&report).map_err(|e| e.to_string())?;
        writeln!(out, "{s}").map_err(io)?;
    } else {
        write_table(&report, out).map_err(io)?;
    }
    Ok(())
}

fn write_table(r: &AgreementReport, out: Out) -> std::io::Result<()> {
    let names: Vec<String> = r
        .coders
        .iter()
        .map(|c| format!("{} ({} annotations)", printable(&c.name), c.annotations))
        .collect();
    writeln!(out, "coders\t{}", names.join(", "))?;
    writeln!(
        out,
        "units\t{} {}s of {} text in {} article(s)",
        r.units, r.unit, r.scope, r.articles
    )?;
    for c in r.coders.iter().filter(|c| c.out_of_scope > 0) {
        writeln!(
            out,
            "note\t{} annotation(s) of {} touch no {} text and are not counted",
            c.out_of_scope,
            printable(&c.name),
            r.scope
        )?;
    }
    match &r.bootstrap {
        Some(b) => writeln!(
            out,
            "intervals\t{:.0}% bootstrap, {} replicates resampling {}, seed {}",
            b.level * 100.0,
            b.replicates,
            b.resampled,
            b.seed
        )?,
        None => writeln!(
            out,
            "intervals\tnone (fewer than two articles, or --bootstrap 0)"
        )?,
    }
    writeln!(out)?;
    let two = r.coders.len() == 2;
    let kappa_name = if two { "Cohen κ" } else { "Fleiss κ" };
    writeln!(
        out,
        "{:<24} {:>9} {:>9} {:>7} {:>7} {:>7} {:>17} {:>7} {:>17} {:>7} {:>9}",
        "code",
        "coded",
        "all",
        "%agree",
        "overlap",
        kappa_name,
        "κ 95% CI",
        "α",
        "α 95% CI",
        "αU",
        "segments"
    )?;
    let row = |c: &CodeAgreement, out: Out| -> std::io::Result<()> {
        let kappa = if two { c.cohen_kappa } else { c.fleiss_kappa };
        let seg = c.segments.first().and_then(|s| s.agreement);
        let name: String = printable(&c.name).chars().take(24).collect();
        writeln!(
            out,
            "{:<24} {:>9} {:>9} {:>7} {:>7} {:>7} {:>17} {:>7} {:>17} {:>7} {:>9}",
            name,
            c.tally.coded_by_any(),
            c.tally.coded_by_all(),
            fmt_percent(c.percent),
            fmt_percent(c.coded_overlap),
            fmt_value(kappa),
            fmt_interval(c.kappa_ci),
            fmt_value(c.alpha),
            fmt_interval(c.alpha_ci),
            fmt_value(c.alpha_u),
            fmt_percent(seg)
        )
    };
    for c in &r.codes {
        row(c, out)?;
    }
    row(&r.overall, out)?;
    writeln!(out)?;
    writeln!(
        out,
        "coded: units any coder coded; all: units every coder coded; overlap: all / coded"
    )?;
    writeln!(
        out,
        "segments: share of segments the other coder matched with ≥ {:.0}% overlap (MAXQDA's segment agreement{})",
        r.overlap_share * 100.0,
        if two { "" } else { ", first pair" }
    )?;
    writeln!(
        out,
        "—: undefined (no variation to correct for chance, or nothing coded)"
    )?;
    Ok(())
}

pub fn disagreements(p: &Project, a: DisagreementsArgs, out: Out) -> Result<(), String> {
    warn_unknown_coders(p, &a.compare.coders);
    let opts = compare_options(p, a.compare)?;
    let list = super::disagreements(p, &opts).map_err(err)?;
    if a.json {
        let v = serde_json::json!({ "coders": opts.coders, "disagreements": list });
        let s = serde_json::to_string_pretty(&v).map_err(|e| e.to_string())?;
        writeln!(out, "{s}").map_err(io)?;
        return Ok(());
    }
    let side = |v: &[super::disagree::Side]| -> String {
        if v.is_empty() {
            return "—".into();
        }
        v.iter()
            .map(|s| {
                let mut t = format!("{}–{}", s.start, s.end);
                if !s.notes.is_empty() {
                    t += &format!(" “{}”", s.notes.join(" | "));
                }
                t
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    writeln!(
        out,
        "#\tarticle\tcode\tkind\t{}\t{}\tquote",
        printable(&opts.coders[0]),
        printable(&opts.coders[1])
    )
    .map_err(io)?;
    for d in &list {
        let kind = match d.kind {
            super::DisagreementKind::OnlyA => format!("only {}", opts.coders[0]),
            super::DisagreementKind::OnlyB => format!("only {}", opts.coders[1]),
            super::DisagreementKind::Placed => "placed differently".into(),
        };
        writeln!(
            out,
            "{}\t{}\t{}\t{}\t{}\t{}\t{}",
            d.number,
            d.article,
            printable(&d.code_name),
            printable(&kind),
            printable(&side(&d.a)),
            printable(&side(&d.b)),
            printable(&d.quote)
        )
        .map_err(io)?;
    }
    eprintln!("{} disagreement(s)", list.len());
    Ok(())
}

pub fn adjudicate(p: &mut Project, a: AdjudicateArgs, out: Out) -> Result<(), String> {
    warn_unknown_coders(p, &a.compare.coders);
    let opts = compare_options(p, a.compare)?;
    let decision = a.accept;
    let r = super::adjudicate(p, &opts, &a.gold, |_| decision).map_err(err)?;
    writeln!(
        out,
        "gold\t{}\nagreed\t{}\ndisagreements\t{}\ncreated\t{}\nalready_in_gold\t{}",
        printable(&r.gold),
        r.agreed,
        r.disagreements,
        r.created,
        r.already_in_gold
    )
    .map_err(io)?;
    Ok(())
}

pub fn merge(p: &mut Project, other: &Path, out: Out) -> Result<(), String> {
    let theirs = Project::open_read_only(other).map_err(|e| e.to_string())?;
    let r = super::merge(p, &theirs).map_err(err)?;
    writeln!(out, "{}", printable(&r.summary())).map_err(io)?;
    for (coder, n) in &r.added {
        writeln!(out, "added\t{}\t{n}", printable(coder)).map_err(io)?;
    }
    writeln!(out, "already_present\t{}", r.already_present).map_err(io)?;
    for (article, n) in &r.missing_articles {
        writeln!(out, "missing_article\t{article}\t{n}").map_err(io)?;
    }
    for id in &r.conflicts {
        writeln!(out, "conflict\t{id}").map_err(io)?;
    }
    for c in &r.created_codes {
        writeln!(out, "created_code\t{}", printable(c)).map_err(io)?;
    }
    Ok(())
}

pub fn coders(p: &Project, out: Out) -> Result<(), String> {
    for (name, n) in super::coders(p) {
        writeln!(out, "{}\t{n}", printable(&name)).map_err(io)?;
    }
    Ok(())
}
