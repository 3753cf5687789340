//! A small HTTP/1.1 server on 127.0.0.1 for import tests: fixed routes (pages, feeds, redirects, a slow and a huge
//! response). It stops when dropped; every connection is handled on its own thread and closed after one response.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

#[derive(Clone)]
pub enum Route {
    /// Status 200 with this Content-Type and body.
    Ok(&'static str, Vec<u8>),
    /// A redirect (302) to this path or URL.
    Redirect(String),
    /// Headers at once, then the body only after this long.
    Slow(Duration, Vec<u8>),
    /// A body of this many bytes, sent without Content-Length (chunked is not needed: the connection closes).
    Huge(usize),
    Status(u16),
}

pub struct Server {
    pub port: u16,
    stop: Arc<AtomicBool>,
    routes: Arc<Mutex<HashMap<String, Route>>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Server {
    pub fn start(routes: Vec<(&str, Route)>) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a free port on 127.0.0.1");
        let port = listener.local_addr().unwrap().port();
        let stop = Arc::new(AtomicBool::new(false));
        let routes: Arc<Mutex<HashMap<String, Route>>> = Arc::new(Mutex::new(
            routes.into_iter().map(|(p, r)| (p.to_owned(), r)).collect(),
        ));
        let (s, r) = (stop.clone(), routes.clone());
        let thread = std::thread::spawn(move || {
            for stream in listener.incoming() {
                if s.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let r = r.clone();
                let s = s.clone();
                std::thread::spawn(move || serve(stream, &r, &s));
            }
        });
        Server {
            port,
            stop,
            routes,
            thread: Some(thread),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    pub fn set(&self, path: &str, route: Route) {
        self.routes.lock().unwrap().insert(path.to_owned(), route);
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn serve(mut stream: TcpStream, routes: &Mutex<HashMap<String, Route>>, stop: &AtomicBool) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let mut head = Vec::new();
    let mut buf = [0u8; 1024];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < 64 * 1024 {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => return,
            Ok(n) => head.extend_from_slice(&buf[..n]),
        }
    }
    let head = String::from_utf8_lossy(&head);
    let path = head.split_whitespace().nth(1).unwrap_or("/").to_owned();
    let route = routes.lock().unwrap().get(&path).cloned();
    let write = |stream: &mut TcpStream, status: &str, headers: &str, body: &[u8]| {
        let _ = stream.write_all(
            format!(
                "HTTP/1.1 {status}\r\n{headers}Content-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            )
            .as_bytes(),
        );
        let _ = stream.write_all(body);
    };
    match route {
        Some(Route::Ok(ct, body)) => write(
            &mut stream,
            "200 OK",
            &format!("Content-Type: {ct}\r\n"),
            &body,
        ),
        Some(Route::Redirect(to)) => write(
            &mut stream,
            "302 Found",
            &format!("Location: {to}\r\n"),
            b"",
        ),
        Some(Route::Slow(wait, body)) => {
            let _ = stream.write_all(
                format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    body.len()
                )
                .as_bytes(),
            );
            let deadline = std::time::Instant::now() + wait;
            while std::time::Instant::now() < deadline && !stop.load(Ordering::SeqCst) {
                std::thread::sleep(Duration::from_millis(50));
            }
            let _ = stream.write_all(&body);
        }
        Some(Route::Huge(n)) => {
            let _ = stream
                .write_all(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nConnection: close\r\n\r\n<html><body><p>");
            let chunk = vec![b'a'; 64 * 1024];
            let mut sent = 0;
            while sent < n && !stop.load(Ordering::SeqCst) {
                if stream.write_all(&chunk).is_err() {
                    break;
                }
                sent += chunk.len();
            }
        }
        Some(Route::Status(code)) => {
            write(&mut stream, &format!("{code} Status"), "", b"error page")
        }
        None => write(&mut stream, "404 Not Found", "", b"not found"),
    }
}
