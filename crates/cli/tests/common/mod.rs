//! Helpers for the tests that run the real `gradus serve`: start it on a free port, and speak
//! just enough HTTP/1.1 to talk to it without pulling an HTTP client into the CLI crate.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// Starts `gradus serve` on an ephemeral port; returns the child and its address.
pub fn start(db: &str) -> (Child, String) {
    start_with(db, &[])
}

/// [`start`] with more arguments for `serve`.
pub fn start_with(db: &str, args: &[&str]) -> (Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_gradus"))
        .args(["serve", "--listen", "127.0.0.1:0", "--database", db])
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start gradus serve");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|r| r.split('/').next())
        .expect("address printed")
        .to_string();
    (child, addr)
}

/// One HTTP/1.1 request with a JSON body; returns (status, body).
pub fn http(
    addr: &str,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: &str,
) -> std::io::Result<(u16, String)> {
    let mut s = TcpStream::connect(addr)?;
    s.set_read_timeout(Some(Duration::from_secs(10)))?;
    let auth = token
        .map(|t| format!("Authorization: Bearer {t}\r\n"))
        .unwrap_or_default();
    write!(
        s,
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\n{auth}Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )?;
    let mut out = String::new();
    s.read_to_string(&mut out)?;
    let status = out
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let body = out
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    Ok((status, body))
}

/// One member writing as fast as threads can: far past a person's daily quota, on purpose.
pub const NO_QUOTA: [&str; 4] = [
    "--log-entries-per-day",
    "100000000",
    "--intakes-per-day",
    "100000000",
];

/// A field of a flat JSON answer, read without a JSON parser.
pub fn field<'a>(json: &'a str, key: &str) -> &'a str {
    let at = json.find(&format!("\"{key}\":")).expect(key) + key.len() + 3;
    let rest = json[at..].trim_start_matches('"');
    let end = rest.find(['"', ',', '}']).unwrap();
    &rest[..end]
}
