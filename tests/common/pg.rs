//! A real PostgreSQL server for a test: `initdb` and `pg_ctl` from Debian's `postgresql` package, in a temporary
//! directory, on a free 127.0.0.1 port, as an unprivileged user (PostgreSQL refuses to run as root, and CI runs as
//! root: then the server runs as `nobody`). Stopped on drop; a watchdog stops it within a second or two if the test
//! process dies without dropping it (killed, aborted).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

pub const ADMIN: &str = "admin";
pub const ADMIN_PASSWORD: &str = "admin-secret";

pub struct Pg {
    bin: PathBuf,
    pub dir: tempfile::TempDir,
    pub port: u16,
    /// Run the server's programs as this user (when the tests run as root).
    as_user: Option<(u32, u32)>,
}

/// The directory with `initdb` and `pg_ctl`: `PG_BIN`, else the newest `/usr/lib/postgresql/*/bin`.
pub fn bin_dir() -> Option<PathBuf> {
    if let Some(d) = std::env::var_os("PG_BIN").map(PathBuf::from) {
        return d.join("initdb").exists().then_some(d);
    }
    let mut found: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .flatten()
        .filter_map(|e| {
            let v: u32 = e.file_name().to_str()?.parse().ok()?;
            let bin = e.path().join("bin");
            bin.join("initdb").exists().then_some((v, bin))
        })
        .collect();
    found.sort();
    found.pop().map(|(_, b)| b)
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl Pg {
    /// Start a server, or None (with a message saying why the test is skipped) when no PostgreSQL is installed.
    pub fn start() -> Option<Pg> {
        Pg::start_with(false)
    }

    /// Like [`Pg::start`], with TLS on: a self-signed certificate for `localhost` (made with the `openssl` tool,
    /// which Debian's `postgresql` package brings), whose copy is at [`Pg::root_cert`].
    pub fn start_tls() -> Option<Pg> {
        Pg::start_with(true)
    }

    pub fn root_cert(&self) -> PathBuf {
        self.dir.path().join("root.crt")
    }

    fn start_with(tls: bool) -> Option<Pg> {
        let Some(bin) = bin_dir() else {
            eprintln!(
                "SKIPPED: no PostgreSQL binaries (install Debian's `postgresql` package, as .ci/run does, or set PG_BIN)"
            );
            return None;
        };
        let dir = tempfile::tempdir().unwrap();
        let as_user = if unsafe { libc::geteuid() } == 0 {
            // SAFETY: getpwnam returns a pointer into static storage or null; read at once.
            let pw = unsafe { libc::getpwnam(c"nobody".as_ptr()) };
            assert!(
                !pw.is_null(),
                "running as root, and there is no user nobody to run PostgreSQL as"
            );
            let (uid, gid) = unsafe { ((*pw).pw_uid, (*pw).pw_gid) };
            let c = std::ffi::CString::new(dir.path().as_os_str().as_encoded_bytes()).unwrap();
            assert_eq!(unsafe { libc::chown(c.as_ptr(), uid, gid) }, 0);
            Some((uid, gid))
        } else {
            None
        };
        let pg = Pg {
            bin,
            dir,
            port: free_port(),
            as_user,
        };
        let pwfile = pg.dir.path().join("pw");
        std::fs::write(&pwfile, ADMIN_PASSWORD).unwrap();
        pg.chown(&pwfile);
        let out = pg
            .cmd("initdb")
            .args(["-D"])
            .arg(pg.data())
            .args([
                "-U",
                ADMIN,
                "--auth=scram-sha-256",
                "-E",
                "UTF8",
                "--locale=C",
                "--no-sync",
            ])
            .arg(format!("--pwfile={}", pwfile.display()))
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "initdb: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        if tls {
            pg.make_certificate();
        }
        pg.start_server();
        pg.watchdog();
        Some(pg)
    }

    fn make_certificate(&self) {
        use std::os::unix::fs::PermissionsExt;
        let (key, crt) = (
            self.data().join("server.key"),
            self.data().join("server.crt"),
        );
        let out = Command::new("openssl")
            .args([
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "2",
                "-subj",
                "/CN=localhost",
            ])
            .args(["-addext", "subjectAltName=DNS:localhost", "-keyout"])
            .arg(&key)
            .arg("-out")
            .arg(&crt)
            .output()
            .expect("the openssl tool (installed with Debian's postgresql package)");
        assert!(
            out.status.success(),
            "openssl: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        std::fs::copy(&crt, self.root_cert()).unwrap();
        std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).unwrap();
        self.chown(&key);
        self.chown(&crt);
        let conf = self.data().join("postgresql.conf");
        let mut text = std::fs::read_to_string(&conf).unwrap();
        text += "\nssl = on\nssl_cert_file = 'server.crt'\nssl_key_file = 'server.key'\n";
        std::fs::write(&conf, text).unwrap();
    }

    fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    fn chown(&self, p: &Path) {
        if let Some((uid, gid)) = self.as_user {
            let c = std::ffi::CString::new(p.as_os_str().as_encoded_bytes()).unwrap();
            unsafe { libc::chown(c.as_ptr(), uid, gid) };
        }
    }

    fn cmd(&self, program: &str) -> Command {
        use std::os::unix::process::CommandExt;
        let mut c = Command::new(self.bin.join(program));
        if let Some((uid, gid)) = self.as_user {
            c.uid(uid).gid(gid);
        }
        c.current_dir(self.dir.path());
        c
    }

    /// Start (or restart after [`Pg::stop`]) the server.
    pub fn start_server(&self) {
        let log = self.dir.path().join("log");
        let out = self
            .cmd("pg_ctl")
            .arg("-D")
            .arg(self.data())
            .arg("-l")
            .arg(&log)
            .arg("-o")
            .arg(format!(
                "-p {} -c listen_addresses=127.0.0.1 -k {} -c fsync=off -c max_connections=60",
                self.port,
                self.dir.path().display()
            ))
            .args(["-w", "-t", "30", "start"])
            .stdout(Stdio::null())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "pg_ctl start: {}\n{}",
            String::from_utf8_lossy(&out.stderr),
            std::fs::read_to_string(&log).unwrap_or_default()
        );
    }

    /// Stop the server at once (connections are cut).
    pub fn stop(&self) {
        let _ = self
            .cmd("pg_ctl")
            .arg("-D")
            .arg(self.data())
            .args(["-m", "immediate", "-w", "stop"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }

    /// A shell that stops the server once this process is gone.
    fn watchdog(&self) {
        let pid = std::process::id();
        let script = format!(
            "while kill -0 {pid} 2>/dev/null; do sleep 1; done; \
             kill -INT $(head -1 '{}/postmaster.pid') 2>/dev/null",
            self.data().display()
        );
        let _ = Command::new("sh")
            .args(["-c", &script])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn();
    }

    /// A URL for `user` (with its password) on database `db`.
    pub fn url(&self, user: &str, password: &str, db: &str) -> String {
        format!(
            "postgres://{user}:{password}@127.0.0.1:{}/{db}?sslmode=disable",
            self.port
        )
    }

    /// The same without the password (what a project file keeps).
    pub fn url_without_password(&self, user: &str, db: &str) -> String {
        format!(
            "postgres://{user}@127.0.0.1:{}/{db}?sslmode=disable",
            self.port
        )
    }

    pub fn admin(&self) -> postgres::Client {
        postgres::Client::connect(
            &self.url(ADMIN, ADMIN_PASSWORD, "postgres"),
            postgres::NoTls,
        )
        .unwrap()
    }

    /// Run SQL as the administrator on `db`.
    pub fn admin_sql(&self, db: &str, sql: &str) {
        let mut c =
            postgres::Client::connect(&self.url(ADMIN, ADMIN_PASSWORD, db), postgres::NoTls)
                .unwrap();
        // One statement at a time: CREATE DATABASE cannot run in the implicit transaction of a multi-statement query.
        for stmt in sql.split(';').filter(|s| !s.trim().is_empty()) {
            c.batch_execute(stmt).unwrap();
        }
    }

    /// A database for a team project, with a lead (owner of the database) and coders, each password = name + "-pw".
    pub fn team(&self, db: &str, lead: &str, coders: &[&str]) {
        let mut sql = format!(
            "CREATE ROLE khabar_coder NOLOGIN; CREATE ROLE khabar_lead NOLOGIN; \
             CREATE ROLE {lead} LOGIN PASSWORD '{lead}-pw' IN ROLE khabar_lead, khabar_coder; \
             CREATE DATABASE {db} OWNER {lead};"
        );
        for c in coders {
            sql += &format!("CREATE ROLE {c} LOGIN PASSWORD '{c}-pw' IN ROLE khabar_coder;");
        }
        self.admin_sql("postgres", &sql);
    }

    /// A password file (mode 0600) with every role of [`Pg::team`] for this server.
    pub fn pgpass(&self, users: &[&str]) -> PathBuf {
        use std::os::unix::fs::PermissionsExt;
        let p = self.dir.path().join(format!("pgpass-{}", users.join("-")));
        let text: String = users
            .iter()
            .map(|u| format!("127.0.0.1:{}:*:{u}:{u}-pw\n", self.port))
            .collect();
        std::fs::write(&p, text).unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o600)).unwrap();
        p
    }
}

impl Drop for Pg {
    fn drop(&mut self) {
        let _ = self
            .cmd("pg_ctl")
            .arg("-D")
            .arg(self.data())
            .args(["-m", "fast", "-w", "stop"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }
}
