//! Sign-in rate limiting: a sliding one-minute window per key (address and email), in memory.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub struct Limiter {
    per_minute: usize,
    hits: Mutex<HashMap<String, Vec<Instant>>>,
}

impl Limiter {
    pub fn new(per_minute: usize) -> Limiter {
        Limiter {
            per_minute,
            hits: Mutex::new(HashMap::new()),
        }
    }

    /// True when the key has used up its attempts for the last minute.
    pub fn exhausted(&self, key: &str) -> bool {
        let now = Instant::now();
        let mut hits = self.hits.lock().unwrap_or_else(|p| p.into_inner());
        match hits.get_mut(key) {
            Some(v) => {
                v.retain(|t| now.duration_since(*t) < WINDOW);
                v.len() >= self.per_minute
            }
            None => false,
        }
    }

    /// Records one attempt against a key.
    pub fn hit(&self, key: &str) {
        let now = Instant::now();
        let mut hits = self.hits.lock().unwrap_or_else(|p| p.into_inner());
        if hits.len() > 100_000 {
            hits.retain(|_, v| v.iter().any(|t| now.duration_since(*t) < WINDOW));
        }
        hits.entry(key.to_string()).or_default().push(now);
    }
}

const WINDOW: Duration = Duration::from_secs(60);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_after_the_limit() {
        let l = Limiter::new(3);
        for _ in 0..3 {
            assert!(!l.exhausted("a"));
            l.hit("a");
        }
        assert!(l.exhausted("a"));
        assert!(!l.exhausted("b"));
    }
}
