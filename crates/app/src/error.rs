//! One error type for every use case. Each surface translates it once: the API to problem+json,
//! the pages to an error page, the CLI to an exit status (2 for input, 1 for the rest).

use gradus_core::FieldError;
use gradus_store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// Input that does not fit the contract, with the field it concerns. Nothing was stored.
    #[error("invalid input: {}", .0.iter().map(|e| format!("{}: {}", e.path, e.message)).collect::<Vec<_>>().join("; "))]
    Invalid(Vec<FieldError>),
    /// Not there, or not the caller's to see (the two are indistinguishable on purpose).
    #[error("not found")]
    NotFound,
    /// Not signed in, or the credentials are wrong (the two are not told apart).
    #[error("unauthorized: {0}")]
    Unauthorized(&'static str),
    /// A role that can never do this.
    #[error("forbidden: {0}")]
    Forbidden(&'static str),
    /// The request conflicts with what is stored (a taken e-mail, a plan that is not a draft).
    #[error("conflict: {0}")]
    Conflict(String),
    /// A stored document that no longer reads as what was written. Reported, never skipped.
    #[error("corrupt stored {0}")]
    Corrupt(String),
    /// A member's quota for the day is used up (see `quota`). Nothing was stored.
    #[error("quota exceeded: {0}")]
    QuotaExceeded(String),
    /// The database or a background writer is not answering.
    #[error("unavailable: {0}")]
    Unavailable(String),
    #[error("internal error: {0}")]
    Internal(String),
}

pub type AppResult<T> = Result<T, AppError>;

impl AppError {
    pub fn field(path: &str, message: impl Into<String>) -> AppError {
        AppError::Invalid(vec![FieldError::new(path, message)])
    }

    /// True for errors the caller can fix by changing the input.
    pub fn is_input(&self) -> bool {
        matches!(self, AppError::Invalid(_) | AppError::Conflict(_))
    }
}

impl From<gradus_core::InputErrors> for AppError {
    fn from(e: gradus_core::InputErrors) -> Self {
        AppError::Invalid(e.0)
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Conflict(what) => AppError::Conflict(format!("{what} is already taken")),
            StoreError::NotFound(_) => AppError::NotFound,
            StoreError::Corrupt(what) => AppError::Corrupt(what),
            StoreError::Unavailable(m) => AppError::Unavailable(m),
            other => AppError::Internal(other.to_string()),
        }
    }
}

impl From<serde_json::Error> for AppError {
    fn from(e: serde_json::Error) -> Self {
        AppError::Internal(format!("encoding a document: {e}"))
    }
}
