//! `gradus admin …`: set a clinic up from the terminal (organisations, staff, assignments) and
//! `gradus audit`: read the audit trail.

use std::io::Read;

use gradus_store::{NewAccount, Role, Store};

use crate::Failure;

fn block<T>(f: impl std::future::Future<Output = Result<T, Failure>>) -> Result<T, Failure> {
    tokio::runtime::Runtime::new()
        .map_err(|e| Failure::Other(e.to_string()))?
        .block_on(f)
}

async fn open(database: &str) -> Result<gradus_store::SqlStore, Failure> {
    gradus_store::open(database)
        .await
        .map_err(|e| Failure::Other(format!("opening the database: {e}")))
}

fn store_err(e: gradus_store::StoreError) -> Failure {
    match e {
        gradus_store::StoreError::Conflict(what) => {
            Failure::Input(format!("{what} already exists"))
        }
        other => Failure::Other(other.to_string()),
    }
}

pub fn create_org(database: &str, name: &str) -> Result<String, Failure> {
    let name = name.trim();
    if name.is_empty() || name.len() > 200 {
        return Err(Failure::Input("NAME: expected 1–200 characters".into()));
    }
    block(async {
        let store = open(database).await?;
        let id = store.create_org(name).await.map_err(store_err)?;
        Ok(format!("Created organisation {name:?} (id {id})."))
    })
}

pub fn create_user(database: &str, org: &str, email: &str, role: &str) -> Result<String, Failure> {
    let role = Role::parse(role).ok_or_else(|| {
        Failure::Input(format!(
            "--role: expected clinician, admin or member, found {role:?}"
        ))
    })?;
    let mut password = String::new();
    std::io::stdin()
        .read_to_string(&mut password)
        .map_err(|e| Failure::Other(format!("reading the password from standard input: {e}")))?;
    let password = password.trim_end_matches(['\r', '\n']).to_string();
    if password.chars().count() < 10 {
        return Err(Failure::Input(
            "password (standard input): expected at least 10 characters".into(),
        ));
    }
    let email = gradus_server::routes::accounts::check_email(email).map_err(|_| {
        Failure::Input(format!(
            "--email: expected an email address, found {email:?}"
        ))
    })?;
    block(async {
        let store = open(database).await?;
        let org_id = store.org_by_name(org).await.map_err(store_err)?.ok_or_else(|| Failure::Input(format!("--org: no organisation named {org:?} (create it with `gradus admin create-org`)")))?;
        let hash = gradus_server::auth::password::hash(password)
            .await
            .map_err(|e| Failure::Other(e.to_string()))?;
        let a = store
            .create_account(NewAccount {
                email,
                name: None,
                password_hash: hash,
                role,
                org_id: Some(org_id),
                now: gradus_server::clock::now_ms(),
            })
            .await
            .map_err(store_err)?;
        Ok(format!(
            "Created {} {} in {org:?} (id {}).",
            role.as_str(),
            a.email,
            a.id
        ))
    })
}

pub fn assign(database: &str, clinician: &str, member: &str) -> Result<String, Failure> {
    block(async {
        let store = open(database).await?;
        let c = store
            .account_by_email(&clinician.to_lowercase())
            .await
            .map_err(store_err)?
            .ok_or_else(|| Failure::Input(format!("--clinician: no account {clinician:?}")))?;
        let m = store
            .account_by_email(&member.to_lowercase())
            .await
            .map_err(store_err)?
            .ok_or_else(|| Failure::Input(format!("--member: no account {member:?}")))?;
        if c.role != Role::Clinician {
            return Err(Failure::Input(format!(
                "--clinician: {clinician} is a {}, not a clinician",
                c.role.as_str()
            )));
        }
        if m.role != Role::Member {
            return Err(Failure::Input(format!(
                "--member: {member} is a {}, not a member",
                m.role.as_str()
            )));
        }
        let org = c.org_id.ok_or_else(|| {
            Failure::Input("--clinician: this clinician belongs to no organisation".into())
        })?;
        match m.org_id {
            None => store.set_org(&m.id, org).await.map_err(store_err)?,
            Some(o) if o != org => {
                return Err(Failure::Input(
                    "--member: this member belongs to another organisation".into(),
                ));
            }
            Some(_) => {}
        }
        store.assign(&c.id, &m.id).await.map_err(store_err)?;
        Ok(format!("Assigned {} to clinician {}.", m.email, c.email))
    })
}

pub fn audit(
    database: &str,
    member: Option<&str>,
    since: Option<&str>,
    json: bool,
) -> Result<String, Failure> {
    let since_ms = match since {
        Some(d) => Some(
            gradus_core::day::Day::parse(d)
                .map_err(|m| Failure::Input(format!("--since: {m}")))?
                .since(gradus_core::day::Day::from_unix_days(0))
                * 86_400_000,
        ),
        None => None,
    };
    block(async {
        let store = open(database).await?;
        let rows = store
            .audit_query(member, since_ms)
            .await
            .map_err(store_err)?;
        if json {
            return serde_json::to_string_pretty(&rows).map_err(|e| Failure::Other(e.to_string()));
        }
        let mut out = String::new();
        for r in &rows {
            let e = &r.event;
            let day = gradus_core::day::Day::from_unix_days(e.at.div_euclid(86_400_000));
            let secs = e.at.rem_euclid(86_400_000) / 1000;
            out.push_str(&format!(
                "{day} {:02}:{:02}:{:02}  {:<8} {:<32} actor={} member={} from={}\n",
                secs / 3600,
                secs / 60 % 60,
                secs % 60,
                e.outcome,
                e.action,
                e.actor_id.as_deref().unwrap_or("-"),
                e.member_id.as_deref().unwrap_or("-"),
                e.remote.as_deref().unwrap_or("-")
            ));
        }
        out.push_str(&format!("{} events.", rows.len()));
        Ok(out)
    })
}
