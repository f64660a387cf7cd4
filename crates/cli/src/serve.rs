//! `gradus serve`: the server on SQLite by default, PostgreSQL by URL.

use crate::Failure;

/// Large allocations (a password hash takes 19 MiB for a moment) are mapped and returned to
/// the system when freed. glibc otherwise raises its mapping threshold after the first such free
/// and serves the next ones from heaps it never gives back: 30 sign-ups in a row grew the server
/// from 15 MiB to 385 MiB; with this it stays under 60 MiB and returns to 17 MiB.
fn return_large_allocations() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets a tuning parameter of the allocator; it is called once, before
    // the runtime starts any thread.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 1 << 20);
    }
}

pub fn run(listen: &str, database: &str, config: gradus_server::Config) -> Result<String, Failure> {
    return_large_allocations();
    let rt = tokio::runtime::Runtime::new().map_err(|e| Failure::Other(e.to_string()))?;
    rt.block_on(gradus_server::serve(listen, database, config))
        .map_err(Failure::Other)?;
    Ok(String::new())
}
