//! Reading a file or standard input, and loading the embedded library.

use std::io::Read;

use gradus_core::Library;

use crate::Failure;

pub fn read(path: &str) -> Result<String, Failure> {
    let mut text = String::new();
    if path == "-" {
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| Failure::Other(format!("reading standard input: {e}")))?;
    } else {
        text = std::fs::read_to_string(path)
            .map_err(|e| Failure::Other(format!("reading {path}: {e}")))?;
    }
    Ok(text)
}

pub fn library() -> Result<Library, Failure> {
    gradus_content::load().map_err(|e| Failure::Other(e.to_string()))
}

pub fn to_json<T: serde::Serialize>(value: &T) -> Result<String, Failure> {
    serde_json::to_string_pretty(value).map_err(|e| Failure::Other(e.to_string()))
}
