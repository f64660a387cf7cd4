//! Passwords are the application's (`gradus_app::password` hashes them with Argon2id,
//! `gradus_app::accounts` holds the rules); sign-in verifies through the same functions.

pub use gradus_app::password::{dummy_hash, verify};
