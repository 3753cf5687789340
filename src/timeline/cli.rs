//! The command-line side of dating: `khabar dates` (argument struct and output; `cli` only dispatches).

use std::io::Write;

use super::mentions::{article_mentions, ArticleMention};
use crate::cli::printable;
use crate::project::Project;

#[derive(clap::Args, Debug)]
pub struct DatesArgs {
    /// Only this article (id or a unique prefix of it)
    #[arg(long)]
    pub article: Option<String>,
    /// One JSON array of all the expressions
    #[arg(long, conflicts_with = "jsonl")]
    pub json: bool,
    /// One JSON object per line
    #[arg(long)]
    pub jsonl: bool,
}

/// Every temporal expression of the project (or one article), in article order.
pub fn project_mentions(
    p: &Project,
    article: Option<&crate::model::ArticleId>,
) -> Result<Vec<ArticleMention>, String> {
    let mut out = Vec::new();
    for m in p.metas() {
        if article.is_some_and(|a| *a != m.id) {
            continue;
        }
        let (text, blocks) = p
            .article_text_and_blocks(&m.id)
            .map_err(|e| e.to_string())?;
        out.extend(article_mentions(&m.id, m.published, &text, &blocks));
    }
    Ok(out)
}

/// `khabar dates`: tab-separated rows (article, start, end, type, value, end value, how, block, role, text), a JSON
/// array (`--json`) or JSON lines (`--jsonl`).
pub fn dates(p: &Project, args: DatesArgs, out: &mut impl Write) -> Result<(), String> {
    let w = |e: std::io::Error| e.to_string();
    let article = match &args.article {
        Some(a) => Some(p.resolve_article(a).map_err(|e| e.to_string())?),
        None => None,
    };
    let mentions = project_mentions(p, article.as_ref())?;
    if args.json {
        let rows: Vec<serde_json::Value> = mentions.iter().map(ArticleMention::to_json).collect();
        serde_json::to_writer(&mut *out, &rows).map_err(|e| e.to_string())?;
        writeln!(out).map_err(w)?;
        return Ok(());
    }
    for m in &mentions {
        if args.jsonl {
            writeln!(out, "{}", m.to_json()).map_err(w)?;
        } else {
            writeln!(
                out,
                "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                m.article,
                m.start,
                m.end,
                m.timex_type.as_str(),
                m.value.as_deref().unwrap_or(""),
                m.end_value.as_deref().unwrap_or(""),
                m.how,
                m.block.key(),
                m.role.map(|r| r.as_str()).unwrap_or(""),
                printable(&m.text)
            )
            .map_err(w)?;
        }
    }
    Ok(())
}
