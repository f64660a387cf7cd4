//! `gradus serve`: the server on SQLite by default, PostgreSQL by URL.

use crate::Failure;

pub fn run(listen: &str, database: &str, config: gradus_server::Config) -> Result<String, Failure> {
    let rt = tokio::runtime::Runtime::new().map_err(|e| Failure::Other(e.to_string()))?;
    rt.block_on(gradus_server::serve(listen, database, config))
        .map_err(Failure::Other)?;
    Ok(String::new())
}
