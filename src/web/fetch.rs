//! Getting pages over HTTP(S), bounded: connect and overall timeouts, at most a few redirects, a size cap, and only
//! `http`/`https` addresses. Each failure is one [`FetchError`] naming the URL and the problem.

use std::time::Duration;

use super::page::MAX_PAGE_BYTES;

/// How a fetch is bounded.
#[derive(Debug, Clone, Copy)]
pub struct FetchLimits {
    pub connect: Duration,
    /// The whole request: connecting, waiting, reading the body, every redirect.
    pub total: Duration,
    pub max_bytes: u64,
    pub max_redirects: u32,
}

impl Default for FetchLimits {
    fn default() -> Self {
        FetchLimits {
            connect: Duration::from_secs(10),
            total: Duration::from_secs(30),
            max_bytes: MAX_PAGE_BYTES as u64,
            max_redirects: 5,
        }
    }
}

/// A page as fetched.
#[derive(Debug, Clone)]
pub struct Fetched {
    /// The address asked for.
    pub url: String,
    /// Where the page was in the end (after redirects).
    pub final_url: String,
    pub bytes: Vec<u8>,
    pub content_type: Option<String>,
    /// The `charset` of the Content-Type header.
    pub charset: Option<String>,
    /// When the response came (RFC 3339, UTC).
    pub fetched_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FetchError {
    #[error("{url}: not a web address (only http:// and https:// URLs are fetched)")]
    NotWeb { url: String },
    #[error("{url}: timed out after {secs} s")]
    Timeout { url: String, secs: u64 },
    #[error("{url}: the page is larger than the limit of {limit} MiB")]
    TooLarge { url: String, limit: u64 },
    #[error("{url}: more than {max} redirects")]
    TooManyRedirects { url: String, max: u32 },
    #[error("{url}: the server answered {status}")]
    Status { url: String, status: u16 },
    #[error("{url}: not a web page or feed (the server says {content_type})")]
    NotText { url: String, content_type: String },
    #[error("{url}: {detail}")]
    Network { url: String, detail: String },
}

impl FetchError {
    pub fn url(&self) -> &str {
        match self {
            FetchError::NotWeb { url }
            | FetchError::Timeout { url, .. }
            | FetchError::TooLarge { url, .. }
            | FetchError::TooManyRedirects { url, .. }
            | FetchError::Status { url, .. }
            | FetchError::NotText { url, .. }
            | FetchError::Network { url, .. } => url,
        }
    }
}

/// Fetch one URL within `limits`.
pub fn fetch(url: &str, limits: &FetchLimits) -> Result<Fetched, FetchError> {
    let url = url.trim();
    if !super::meta::is_web_url(url) {
        return Err(FetchError::NotWeb {
            url: url.to_owned(),
        });
    }
    let owned = || url.to_owned();
    let loopback = {
        let rest = url.split_once("://").map_or("", |(_, r)| r);
        let host = rest.split(['/', '?', '#']).next().unwrap_or("");
        let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
        host.starts_with("127.") || host.starts_with("localhost") || host.starts_with("[::1]")
    };
    let mut config = ureq::Agent::config_builder()
        .timeout_connect(Some(limits.connect))
        .timeout_global(Some(limits.total))
        .max_redirects(limits.max_redirects)
        .max_redirects_will_error(true)
        .http_status_as_error(false)
        .user_agent(concat!("Khabar/", env!("CARGO_PKG_VERSION")));
    if loopback {
        // A proxy from the environment must not see requests to this machine.
        config = config.proxy(None);
    }
    let agent: ureq::Agent = config.build().into();
    let map_err = |e: ureq::Error| match e {
        ureq::Error::Timeout(_) => FetchError::Timeout {
            url: owned(),
            secs: limits.total.as_secs().max(1),
        },
        ureq::Error::BodyExceedsLimit(_) => FetchError::TooLarge {
            url: owned(),
            limit: limits.max_bytes / (1024 * 1024),
        },
        ureq::Error::TooManyRedirects => FetchError::TooManyRedirects {
            url: owned(),
            max: limits.max_redirects,
        },
        ureq::Error::HostNotFound => FetchError::Network {
            url: owned(),
            detail: "no such host".into(),
        },
        ureq::Error::ConnectionFailed => FetchError::Network {
            url: owned(),
            detail: "cannot connect to the server".into(),
        },
        ureq::Error::Io(e) if e.kind() == std::io::ErrorKind::ConnectionRefused => {
            FetchError::Network {
                url: owned(),
                detail: "the server refused the connection".into(),
            }
        }
        ureq::Error::Io(e) if e.kind() == std::io::ErrorKind::TimedOut => FetchError::Timeout {
            url: owned(),
            secs: limits.total.as_secs().max(1),
        },
        e => FetchError::Network {
            url: owned(),
            detail: e.to_string(),
        },
    };
    let mut response = agent.get(url).call().map_err(map_err)?;
    let status = response.status().as_u16();
    if !(200..300).contains(&status) {
        return Err(FetchError::Status {
            url: owned(),
            status,
        });
    }
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let content_type = header("content-type");
    if let Some(len) = header("content-length").and_then(|l| l.trim().parse::<u64>().ok()) {
        if len > limits.max_bytes {
            return Err(FetchError::TooLarge {
                url: owned(),
                limit: limits.max_bytes / (1024 * 1024),
            });
        }
    }
    if let Some(ct) = &content_type {
        let mime = ct
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        let textual = mime.is_empty()
            || mime.starts_with("text/")
            || mime.contains("html")
            || mime.contains("xml")
            || mime.contains("json");
        if !textual {
            return Err(FetchError::NotText {
                url: owned(),
                content_type: mime,
            });
        }
    }
    let final_url = {
        use ureq::ResponseExt;
        response.get_uri().to_string()
    };
    let bytes = response
        .body_mut()
        .with_config()
        .limit(limits.max_bytes)
        .read_to_vec()
        .map_err(map_err)?;
    Ok(Fetched {
        url: owned(),
        final_url,
        charset: content_type
            .as_deref()
            .and_then(super::charset::content_type_charset),
        content_type,
        bytes,
        fetched_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
    })
}

/// Why a URL could not be imported.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UrlImportError {
    #[error(transparent)]
    Fetch(#[from] FetchError),
    #[error("{url}: {err}")]
    Page { url: String, err: super::PageError },
}

impl UrlImportError {
    pub fn url(&self) -> &str {
        match self {
            UrlImportError::Fetch(e) => e.url(),
            UrlImportError::Page { url, .. } => url,
        }
    }
}

/// Fetch a page and read it into an article that keeps its URL and fetch time.
pub fn import_url(
    url: &str,
    limits: &FetchLimits,
) -> Result<crate::model::Article, UrlImportError> {
    let fetched = fetch(url, limits)?;
    article_from_fetched(&fetched)
}

/// A fetched page as an article (its URL, final address and fetch time recorded).
pub fn article_from_fetched(fetched: &Fetched) -> Result<crate::model::Article, UrlImportError> {
    let source = super::PageSource {
        url: Some(fetched.final_url.clone()),
        http_charset: fetched.charset.clone(),
        origin: fetched.url.clone(),
    };
    let mut article =
        super::read_page(&fetched.bytes, &source).map_err(|err| UrlImportError::Page {
            url: fetched.url.clone(),
            err,
        })?;
    let details = article.details.get_or_insert_with(Default::default);
    details.fetched_url = Some(fetched.url.clone());
    details.fetched_at = Some(fetched.fetched_at.clone());
    if let Some(cs) = &fetched.charset {
        details
            .provenance
            .insert("http_charset".into(), format!("Content-Type: charset={cs}"));
    }
    if fetched.final_url != fetched.url {
        details
            .provenance
            .insert("redirected_to".into(), fetched.final_url.clone());
    }
    Ok(article)
}
