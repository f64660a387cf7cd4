//! Sign-in rate limiting: a sliding one-minute window per key, in memory, and the addresses an
//! account has signed in from, so that guesses from elsewhere cannot lock its owner out.

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

    /// Takes one attempt for a key if it has any left, in one step, so parallel attempts are
    /// all counted (a check followed by a later `hit` lets a burst through). False when used up.
    pub fn try_take(&self, key: &str) -> bool {
        let now = Instant::now();
        let mut hits = self.hits.lock().unwrap_or_else(|p| p.into_inner());
        if hits.len() > 100_000 {
            hits.retain(|_, v| v.iter().any(|t| now.duration_since(*t) < WINDOW));
        }
        let v = hits.entry(key.to_string()).or_default();
        v.retain(|t| now.duration_since(*t) < WINDOW);
        if v.len() >= self.per_minute {
            return false;
        }
        v.push(now);
        true
    }

    /// Gives back the latest attempt taken for a key (a successful sign-in does not count).
    pub fn give_back(&self, key: &str) {
        let mut hits = self.hits.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(v) = hits.get_mut(key) {
            v.pop();
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

/// How long an address an account signed in from stays known to it.
const KNOWN_FOR: Duration = Duration::from_secs(30 * 24 * 3600);
/// Addresses remembered per account, and accounts remembered at most.
const KNOWN_PER_ACCOUNT: usize = 16;
const KNOWN_ACCOUNTS: usize = 100_000;

/// Addresses each account (by e-mail) has recently signed in from successfully.
#[derive(Default)]
pub struct KnownAddresses {
    seen: Mutex<HashMap<String, Vec<(String, Instant)>>>,
}

impl KnownAddresses {
    pub fn contains(&self, account: &str, address: &str) -> bool {
        let seen = self.seen.lock().unwrap_or_else(|p| p.into_inner());
        seen.get(account).is_some_and(|v| {
            v.iter()
                .any(|(a, t)| a == address && t.elapsed() < KNOWN_FOR)
        })
    }

    pub fn remember(&self, account: &str, address: &str) {
        let now = Instant::now();
        let mut seen = self.seen.lock().unwrap_or_else(|p| p.into_inner());
        if seen.len() >= KNOWN_ACCOUNTS && !seen.contains_key(account) {
            seen.retain(|_, v| v.iter().any(|(_, t)| now.duration_since(*t) < KNOWN_FOR));
            if seen.len() >= KNOWN_ACCOUNTS {
                return;
            }
        }
        let v = seen.entry(account.to_string()).or_default();
        v.retain(|(a, t)| a != address && now.duration_since(*t) < KNOWN_FOR);
        if v.len() >= KNOWN_PER_ACCOUNT {
            v.remove(0);
        }
        v.push((address.to_string(), now));
    }
}

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

    #[test]
    fn an_address_is_known_to_the_account_that_signed_in_from_it() {
        let k = KnownAddresses::default();
        k.remember("a@example.org", "198.51.100.7");
        assert!(k.contains("a@example.org", "198.51.100.7"));
        assert!(!k.contains("a@example.org", "203.0.113.5"));
        assert!(!k.contains("b@example.org", "198.51.100.7"));
    }

    #[test]
    fn taking_counts_every_attempt_and_a_success_gives_it_back() {
        let l = Limiter::new(2);
        assert!(l.try_take("k"));
        assert!(l.try_take("k"));
        assert!(!l.try_take("k"), "a third parallel attempt is refused");
        l.give_back("k");
        assert!(l.try_take("k"));
    }
}
