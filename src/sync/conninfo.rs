//! Where the server is and who logs in, from the standard places, as libpq reads them: a `postgres://` URL or
//! `key=value` string, then the `PGHOST`, `PGPORT`, `PGUSER`, `PGDATABASE`, `PGPASSWORD`, `PGSSLMODE`,
//! `PGSSLROOTCERT` variables, then the password file (`PGPASSFILE` or `~/.pgpass`). The password is held in memory
//! only: [`ConnInfo::display`] (what the project file and messages show) never contains it.

use std::fmt;
use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum ConnError {
    #[error("the server address {0:?} cannot be read: {1}")]
    Syntax(String, String),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SslMode {
    Disable,
    Prefer,
    /// Encrypted, the certificate not checked.
    Require,
    /// Encrypted, the certificate signed by a trusted authority (the host name not checked).
    VerifyCa,
    /// Encrypted, the certificate trusted and naming the host.
    VerifyFull,
}

impl SslMode {
    fn parse(s: &str) -> Option<SslMode> {
        Some(match s {
            "disable" | "allow" => SslMode::Disable,
            "prefer" => SslMode::Prefer,
            "require" => SslMode::Require,
            "verify-ca" => SslMode::VerifyCa,
            "verify-full" => SslMode::VerifyFull,
            _ => return None,
        })
    }
    pub fn as_str(self) -> &'static str {
        match self {
            SslMode::Disable => "disable",
            SslMode::Prefer => "prefer",
            SslMode::Require => "require",
            SslMode::VerifyCa => "verify-ca",
            SslMode::VerifyFull => "verify-full",
        }
    }
}

/// Connection settings. `Debug` leaves the password out.
#[derive(Clone, PartialEq, Eq)]
pub struct ConnInfo {
    pub host: String,
    pub port: u16,
    pub user: String,
    pub dbname: String,
    password: Option<String>,
    pub sslmode: SslMode,
    pub sslrootcert: Option<PathBuf>,
    pub connect_timeout: Option<u64>,
}

impl fmt::Debug for ConnInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ConnInfo({})", self.display())
    }
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            if let Some(v) = std::str::from_utf8(&b[i + 1..i + 3])
                .ok()
                .and_then(|h| u8::from_str_radix(h, 16).ok())
            {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn percent_encode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// The `key=value` pairs a connection string gives (URL or libpq form).
fn pairs(s: &str) -> Result<Vec<(String, String)>, ConnError> {
    let err = |m: &str| ConnError::Syntax(redact(s), m.to_owned());
    let mut out = Vec::new();
    if let Some(rest) = s
        .strip_prefix("postgres://")
        .or_else(|| s.strip_prefix("postgresql://"))
    {
        let (main, query) = rest.split_once('?').unwrap_or((rest, ""));
        let (authority, path) = main.split_once('/').unwrap_or((main, ""));
        let (userinfo, hostport) = match authority.rsplit_once('@') {
            Some((u, h)) => (Some(u), h),
            None => (None, authority),
        };
        if let Some(u) = userinfo {
            let (user, pass) = match u.split_once(':') {
                Some((a, b)) => (a, Some(b)),
                None => (u, None),
            };
            if !user.is_empty() {
                out.push(("user".into(), percent_decode(user)));
            }
            if let Some(p) = pass {
                out.push(("password".into(), percent_decode(p)));
            }
        }
        let (host, port) = if let Some(h) = hostport.strip_prefix('[') {
            let (h, rest) = h
                .split_once(']')
                .ok_or_else(|| err("unclosed [ in the host"))?;
            (h, rest.strip_prefix(':'))
        } else {
            match hostport.rsplit_once(':') {
                Some((h, p)) => (h, Some(p)),
                None => (hostport, None),
            }
        };
        if !host.is_empty() {
            out.push(("host".into(), percent_decode(host)));
        }
        if let Some(p) = port.filter(|p| !p.is_empty()) {
            out.push(("port".into(), p.to_owned()));
        }
        if !path.is_empty() {
            out.push(("dbname".into(), percent_decode(path)));
        }
        for kv in query.split('&').filter(|kv| !kv.is_empty()) {
            let (k, v) = kv
                .split_once('=')
                .ok_or_else(|| err("a parameter without '='"))?;
            out.push((percent_decode(k), percent_decode(v)));
        }
        return Ok(out);
    }
    // key=value pairs separated by spaces; values may be single-quoted with \' and \\ escapes.
    let mut chars = s.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        if chars.peek().is_none() {
            break;
        }
        let mut key = String::new();
        while let Some(&c) = chars.peek() {
            if c == '=' || c.is_whitespace() {
                break;
            }
            key.push(c);
            chars.next();
        }
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        if chars.next() != Some('=') {
            return Err(err(&format!(
                "{key:?} without '=' (expected a postgres:// URL or key=value pairs)"
            )));
        }
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        let mut value = String::new();
        if chars.peek() == Some(&'\'') {
            chars.next();
            loop {
                match chars.next() {
                    Some('\\') => value.extend(chars.next()),
                    Some('\'') => break,
                    Some(c) => value.push(c),
                    None => return Err(err("an unclosed quote")),
                }
            }
        } else {
            while let Some(&c) = chars.peek() {
                if c.is_whitespace() {
                    break;
                }
                value.push(c);
                chars.next();
            }
        }
        out.push((key, value));
    }
    Ok(out)
}

/// A connection string with any password replaced (for messages).
fn redact(s: &str) -> String {
    if let Some(at) = s.rfind('@') {
        if let Some(scheme_end) = s.find("://") {
            let userinfo = &s[scheme_end + 3..at];
            if let Some((user, _)) = userinfo.split_once(':') {
                return format!("{}{}:***{}", &s[..scheme_end + 3], user, &s[at..]);
            }
        }
    }
    if s.contains("password") {
        return "(a connection string with a password)".into();
    }
    s.to_owned()
}

impl ConnInfo {
    /// Settings from `server` (may be empty), completed from the environment and the password file.
    pub fn resolve(server: &str) -> Result<ConnInfo, ConnError> {
        Self::resolve_with(server, &|k| std::env::var(k).ok())
    }

    pub fn resolve_with(
        server: &str,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<ConnInfo, ConnError> {
        let given = pairs(server.trim())?;
        let get = |k: &str, var: &str| {
            given
                .iter()
                .rev()
                .find(|(gk, _)| gk == k)
                .map(|(_, v)| v.clone())
                .or_else(|| env(var))
                .filter(|v| !v.is_empty())
        };
        let err = |m: String| ConnError::Syntax(redact(server), m);
        for (k, _) in &given {
            if !matches!(
                k.as_str(),
                "host"
                    | "port"
                    | "user"
                    | "password"
                    | "dbname"
                    | "sslmode"
                    | "sslrootcert"
                    | "connect_timeout"
                    | "application_name"
            ) {
                return Err(err(format!("unknown parameter {k:?}")));
            }
        }
        let host = get("host", "PGHOST").unwrap_or_else(|| "localhost".into());
        let port = match get("port", "PGPORT") {
            Some(p) => p
                .parse()
                .map_err(|_| err(format!("port {p:?} is not a number")))?,
            None => 5432,
        };
        let user = get("user", "PGUSER")
            .or_else(|| env("USER"))
            .unwrap_or_else(|| "postgres".into());
        let dbname = get("dbname", "PGDATABASE").unwrap_or_else(|| user.clone());
        let sslmode = match get("sslmode", "PGSSLMODE") {
            Some(m) => SslMode::parse(&m).ok_or_else(|| {
                err(format!(
                    "sslmode {m:?} is not one of disable, prefer, require, verify-ca, verify-full"
                ))
            })?,
            None => SslMode::Prefer,
        };
        let sslrootcert = get("sslrootcert", "PGSSLROOTCERT").map(PathBuf::from);
        let connect_timeout =
            get("connect_timeout", "PGCONNECT_TIMEOUT").and_then(|t| t.parse().ok());
        let mut info = ConnInfo {
            host,
            port,
            user,
            dbname,
            password: get("password", "PGPASSWORD"),
            sslmode,
            sslrootcert,
            connect_timeout,
        };
        if info.password.is_none() {
            let file = env("PGPASSFILE")
                .map(PathBuf::from)
                .or_else(|| env("HOME").map(|h| PathBuf::from(h).join(".pgpass")));
            if let Some(file) = file {
                info.password = pgpass_lookup(&file, &info);
            }
        }
        Ok(info)
    }

    /// Use this password (typed into the GUI; kept in memory only).
    pub fn with_password(mut self, password: Option<String>) -> ConnInfo {
        if password.as_deref().is_some_and(|p| !p.is_empty()) {
            self.password = password;
        }
        self
    }

    pub fn has_password(&self) -> bool {
        self.password.is_some()
    }

    /// The settings as a URL without password: what the project file keeps and messages show.
    pub fn display(&self) -> String {
        let host = if self.host.contains(':') {
            format!("[{}]", self.host)
        } else {
            percent_encode(&self.host)
        };
        let mut s = format!(
            "postgres://{}@{}:{}/{}?sslmode={}",
            percent_encode(&self.user),
            host,
            self.port,
            percent_encode(&self.dbname),
            self.sslmode.as_str()
        );
        if let Some(c) = &self.sslrootcert {
            s += &format!("&sslrootcert={}", percent_encode(&c.to_string_lossy()));
        }
        s
    }

    /// The client's settings (TLS is chosen by [`super::server::connect`]).
    pub fn config(&self) -> postgres::Config {
        let mut c = postgres::Config::new();
        c.host(&self.host)
            .port(self.port)
            .user(&self.user)
            .dbname(&self.dbname)
            .application_name("khabar")
            .connect_timeout(std::time::Duration::from_secs(
                self.connect_timeout.unwrap_or(10),
            ))
            .ssl_mode(match self.sslmode {
                SslMode::Disable => postgres::config::SslMode::Disable,
                SslMode::Prefer => postgres::config::SslMode::Prefer,
                _ => postgres::config::SslMode::Require,
            });
        if let Some(p) = &self.password {
            c.password(p);
        }
        c
    }
}

/// The password for these settings in a libpq password file (`host:port:db:user:password`, `*` matching anything,
/// `\` escaping `:` and `\`). Like libpq, a file others may read is ignored.
fn pgpass_lookup(file: &std::path::Path, info: &ConnInfo) -> Option<String> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let meta = std::fs::metadata(file).ok()?;
        if meta.permissions().mode() & 0o077 != 0 {
            log::warn!(
                "{}: the password file is readable by others; it is ignored (chmod 0600 it)",
                file.display()
            );
            return None;
        }
    }
    let text = std::fs::read_to_string(file).ok()?;
    let port = info.port.to_string();
    for line in text.lines().take(10_000) {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let mut fields = Vec::new();
        let mut cur = String::new();
        let mut chars = line.chars();
        while let Some(c) = chars.next() {
            match c {
                '\\' => cur.extend(chars.next()),
                ':' if fields.len() < 4 => fields.push(std::mem::take(&mut cur)),
                c => cur.push(c),
            }
        }
        fields.push(cur);
        if fields.len() != 5 {
            continue;
        }
        let m = |pat: &str, v: &str| pat == "*" || pat == v;
        let host_ok =
            m(&fields[0], &info.host) || (fields[0] == "localhost" && info.host.starts_with('/'));
        if host_ok
            && m(&fields[1], &port)
            && m(&fields[2], &info.dbname)
            && m(&fields[3], &info.user)
        {
            return Some(fields[4].clone());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |k| {
            vars.iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn a_url_is_read_and_shown_without_its_password() {
        let e = env(&[]);
        let c = ConnInfo::resolve_with(
            "postgres://al%40ice:s3cr%3At@db.example:6543/team?sslmode=verify-full",
            &e,
        )
        .unwrap();
        assert_eq!(
            (c.user.as_str(), c.host.as_str(), c.port),
            ("al@ice", "db.example", 6543)
        );
        assert_eq!(c.dbname, "team");
        assert_eq!(c.sslmode, SslMode::VerifyFull);
        assert_eq!(c.password.as_deref(), Some("s3cr:t"));
        let shown = c.display();
        assert!(!shown.contains("s3cr"), "{shown}");
        assert!(!format!("{c:?}").contains("s3cr"));
        assert_eq!(
            ConnInfo::resolve_with(&shown, &e)
                .unwrap()
                .with_password(Some("s3cr:t".into())),
            c
        );
    }

    #[test]
    fn the_environment_and_the_password_file_fill_in() {
        let dir = tempfile::tempdir().unwrap();
        let pass = dir.path().join("pgpass");
        std::fs::write(
            &pass,
            "# comment\nother:*:*:*:no\n127.0.0.1:5999:*:bob:b\\:pw\n",
        )
        .unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&pass, std::fs::Permissions::from_mode(0o600)).unwrap();
        }
        let p = pass.to_string_lossy().into_owned();
        let vars = [
            ("PGHOST", "127.0.0.1"),
            ("PGPORT", "5999"),
            ("PGUSER", "bob"),
            ("PGPASSFILE", p.as_str()),
        ];
        let c = ConnInfo::resolve_with("dbname=team sslmode='disable'", &env(&vars)).unwrap();
        assert_eq!(c.host, "127.0.0.1");
        assert_eq!(c.port, 5999);
        assert_eq!(c.password.as_deref(), Some("b:pw"));
        assert_eq!(c.sslmode, SslMode::Disable);
        assert!(ConnInfo::resolve_with("dbname=x bogus=1", &env(&[])).is_err());
        let e = ConnInfo::resolve_with("postgres://u:hunter2@h/d?x", &env(&[])).unwrap_err();
        assert!(!e.to_string().contains("hunter2"), "{e}");
    }
}
