//! The account page's "who has seen your data": the application's access report, one line per
//! person, in words a member reads at a glance.

use std::collections::BTreeMap;

use gradus_app::access::{AccessReport, Accessor};
use gradus_store::Account;

use super::labels;

/// One person (or tool) and what they did.
pub struct AccessLine {
    pub who: String,
    pub times: usize,
    /// "Mon 2 Nov"
    pub last: String,
    /// What they did, in words, most frequent first.
    pub what: String,
    /// Some of it was refused (they tried to see something they may not).
    pub refused: usize,
}

/// Groups the report by who acted; the person seen most recently first.
pub fn lines(app: &gradus_app::App, member: &Account, report: &AccessReport) -> Vec<AccessLine> {
    struct Acc {
        order: usize,
        times: usize,
        last: gradus_store::Timestamp,
        refused: usize,
        actions: BTreeMap<String, usize>,
    }
    let mut by: BTreeMap<String, Acc> = BTreeMap::new();
    // The report is newest first: the first event of a person is their latest.
    for (i, e) in report.by_others.iter().enumerate() {
        let who = match &e.by {
            Accessor::Staff { role, name } => format!("{name} ({role})"),
            Accessor::Operator { tool } => format!("The service's operator ({tool})"),
            Accessor::Unknown => "An account that no longer exists".to_string(),
        };
        let acc = by.entry(who).or_insert(Acc {
            order: i,
            times: 0,
            last: e.at,
            refused: 0,
            actions: BTreeMap::new(),
        });
        acc.times += 1;
        if e.outcome == "denied" {
            acc.refused += 1;
        }
        *acc.actions.entry(labels::humanize(&e.action)).or_default() += 1;
    }
    let mut out: Vec<(usize, AccessLine)> = by
        .into_iter()
        .map(|(who, acc)| {
            let mut actions: Vec<(String, usize)> = acc.actions.into_iter().collect();
            actions.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            let what = actions
                .iter()
                .map(|(a, n)| format!("{} ({n})", a.to_lowercase()))
                .collect::<Vec<_>>()
                .join(", ");
            (
                acc.order,
                AccessLine {
                    who,
                    times: acc.times,
                    last: labels::day_label(app.day_for(member, acc.last)),
                    what,
                    refused: acc.refused,
                },
            )
        })
        .collect();
    out.sort_by_key(|(order, _)| *order);
    out.into_iter().map(|(_, line)| line).collect()
}
