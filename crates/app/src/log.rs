//! The session log: sessions and check-ins, stored durably (group commit) with their audit rows.
//! A check-in that reports a warning sign is stored first and then judged by the safety gate,
//! so the answer the person gets is the same pause every other surface now shows.

use gradus_core::FieldError;
use gradus_core::day::Day;
use gradus_core::gate::{self, Pause, PlanStatus};
use gradus_core::log::{Log, LogEntryInput};
use gradus_store::{AccountId, LogEntryId, NewLogEntry, Timestamp};

use crate::App;
use crate::actor::{Action, Actor, Outcome};
use crate::clock::now;
use crate::error::{AppError, AppResult};
use crate::quota::Counted;
use crate::status::PlanView;
use crate::stored::doc;

/// A stored log entry with its id.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredEntry {
    pub id: LogEntryId,
    pub entry: LogEntryInput,
    /// When it was stored.
    pub stored_at: Timestamp,
}

/// What logging one entry did.
#[derive(Debug, Clone)]
pub struct Logged {
    pub id: LogEntryId,
    /// Set when the entry reported a warning sign: what to do, and that the plan is paused.
    pub pause: Option<Pause>,
}

/// An inclusive range of log dates.
#[derive(Debug, Clone, Copy, Default)]
pub struct DateRange {
    pub from: Option<Day>,
    pub to: Option<Day>,
}

impl DateRange {
    /// Parses `from` and `to` (YYYY-MM-DD), naming the field that is wrong.
    pub fn parse(from: Option<&str>, to: Option<&str>) -> AppResult<DateRange> {
        let day = |name: &str, v: Option<&str>| {
            v.map(|v| Day::parse(v).map_err(|m| AppError::field(name, m)))
                .transpose()
        };
        Ok(DateRange {
            from: day("from", from)?,
            to: day("to", to)?,
        })
    }
}

/// Checks one log entry and returns its day.
pub fn check_entry(entry: &LogEntryInput) -> AppResult<Day> {
    Log::parse(std::slice::from_ref(entry)).map_err(|e| {
        AppError::Invalid(
            e.0.into_iter()
                .map(|f| {
                    FieldError::new(
                        f.path.trim_start_matches("[0]").trim_start_matches('.'),
                        f.message,
                    )
                })
                .collect(),
        )
    })?;
    let date = match entry {
        LogEntryInput::Session(s) => &s.date,
        LogEntryInput::Checkin(c) => &c.date,
        LogEntryInput::Measure(m) => &m.date,
    };
    Day::parse(date).map_err(|m| AppError::field("date", m))
}

/// The earliest date an entry or a review may carry.
const EARLIEST: &str = "1900-01-01";

/// A log entry or a review may be at most one day after the member's today (a time zone
/// ahead, a late-evening entry), and not before 1900; anything else is a mistake, never stored
/// (contract §7).
pub fn not_after_tomorrow(field: &str, date: Day, today: Day) -> AppResult<()> {
    let earliest = Day::parse(EARLIEST).ok();
    if earliest.is_some_and(|e| date < e) {
        Err(AppError::field(
            field,
            format!("expected a date from {EARLIEST} on, found {date}"),
        ))
    } else if date > today.plus(1) {
        Err(AppError::field(
            field,
            format!(
                "expected a date no later than {} (tomorrow), found {date}",
                today.plus(1)
            ),
        ))
    } else {
        Ok(())
    }
}

/// An idempotency key is 1 to 255 visible ASCII characters (a UUID, typically).
fn check_idempotency_key(key: &str) -> AppResult<String> {
    let ok = !key.is_empty() && key.len() <= 255 && key.bytes().all(|b| b.is_ascii_graphic());
    if ok {
        Ok(key.to_string())
    } else {
        Err(AppError::field(
            "Idempotency-Key",
            "expected 1 to 255 visible ASCII characters, such as a UUID",
        ))
    }
}

fn reports_warning_signs(entry: &LogEntryInput) -> bool {
    matches!(entry, LogEntryInput::Checkin(c) if !c.new_red_flags.is_empty())
}

impl App {
    /// Stores one log entry of the signed-in member, acknowledged once committed.
    pub async fn log(&self, actor: Actor<'_>, entry: LogEntryInput) -> AppResult<Logged> {
        self.log_once(actor, entry, None).await
    }

    /// [`App::log`] with a client's idempotency key: a retry with the same key within 24 hours
    /// answers with the first write's id and stores nothing new.
    pub async fn log_once(
        &self,
        actor: Actor<'_>,
        entry: LogEntryInput,
        idempotency_key: Option<&str>,
    ) -> AppResult<Logged> {
        let member = actor.member()?;
        let idempotency_key = idempotency_key.map(check_idempotency_key).transpose()?;
        let date = check_entry(&entry)?;
        not_after_tomorrow("date", date, self.today_for(member))?;
        let at = now();
        self.within_quota(&member.id, Counted::LogEntries, at)
            .await?;
        let warning_signs = reports_warning_signs(&entry);
        let id = self
            .writer
            .write(NewLogEntry {
                member_id: member.id.clone(),
                date,
                body: serde_json::to_string(&entry)?,
                warning_signs,
                doc_version: gradus_core::DOCUMENT_VERSION,
                idempotency_key,
                now: at,
                audit: actor.event(Action::WriteLog, Some(&member.id), Outcome::Ok),
            })
            .await?;
        let pause = if warning_signs {
            self.pause_after_sign(actor, &member.id, &entry).await?
        } else {
            None
        };
        Ok(Logged { id, pause })
    }

    /// Stores a disability questionnaire (ODI or NDI) that a clinic asked and scored, in the
    /// member's log with the staff member's audit row: an assigned clinician or an admin of the
    /// member's organisation; anyone else gets `NotFound`. Reviews read it like any entry.
    pub async fn record_measure(
        &self,
        actor: Actor<'_>,
        member_id: &AccountId,
        measure: gradus_core::log::MeasureInput,
    ) -> AppResult<LogEntryId> {
        actor.staff().map_err(|_| AppError::NotFound)?;
        let m = self.visible_member(actor, member_id).await?;
        let entry = LogEntryInput::Measure(measure);
        let date = check_entry(&entry)?;
        not_after_tomorrow("date", date, self.today_for(&m))?;
        self.within_quota(&m.id, Counted::LogEntries, now()).await?;
        let id = self
            .writer
            .write(NewLogEntry {
                member_id: m.id.clone(),
                date,
                body: serde_json::to_string(&entry)?,
                warning_signs: false,
                doc_version: gradus_core::DOCUMENT_VERSION,
                idempotency_key: None,
                now: now(),
                audit: actor.event(Action::WriteLog, Some(&m.id), Outcome::Ok),
            })
            .await?;
        Ok(id)
    }

    /// The pause a just-stored warning sign causes. With a plan, the gate's own answer: none
    /// for a sign that is a note, not a stop (a minor fall without the fracture signs); with no
    /// plan (no intake, or triage stopped it), the sign judged on its own.
    async fn pause_after_sign(
        &self,
        actor: Actor<'_>,
        member_id: &AccountId,
        entry: &LogEntryInput,
    ) -> AppResult<Option<Pause>> {
        match self.plan_view_unaudited(actor, member_id).await? {
            PlanView::Plan {
                status: PlanStatus::Paused(p),
                ..
            } => Ok(Some(p)),
            PlanView::Plan { .. } => Ok(None),
            _ => gate::signs_without_intake(std::iter::once(entry), &self.settings)
                .map(Some)
                .ok_or_else(|| AppError::Internal("a warning sign that does not pause".into())),
        }
    }

    /// A member's log entries, oldest first (by date, then as stored).
    pub async fn read_log(
        &self,
        actor: Actor<'_>,
        member_id: &AccountId,
        range: DateRange,
    ) -> AppResult<Vec<StoredEntry>> {
        self.authorize(actor, member_id).await?;
        let out = self.log_entries(actor, member_id, range).await?;
        self.audit
            .record(actor.event(Action::ReadLog, Some(member_id), Outcome::Ok))
            .await;
        Ok(out)
    }

    /// The log, parsed, without auditing (for use cases that audit their own action).
    pub(crate) async fn log_entries(
        &self,
        actor: Actor<'_>,
        member_id: &AccountId,
        range: DateRange,
    ) -> AppResult<Vec<StoredEntry>> {
        let rows = self.store.log(member_id, range.from, range.to).await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            let entry = self
                .decode(
                    actor,
                    Action::ReadLog,
                    member_id,
                    doc("log entry", r.id, r.doc_version, &r.body),
                )
                .await?;
            out.push(StoredEntry {
                id: r.id,
                entry,
                stored_at: r.created_at,
            });
        }
        Ok(out)
    }
}
