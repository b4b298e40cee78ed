//! The living demo: `serve --demo` seeds a month of work for the demo agency — cases of every
//! kind at every stage (some overdue, one in legal review, one waiting for collective
//! deliberation, decisions published and one withdrawn), evidence with photos, a random
//! inspection drawn into tasks, last year's annual report, a webhook endpoint and an API key.
//!
//! Everything is written through the public HTTP API, as the demo users would through the web
//! app: the seed logs in and calls the same handlers, so the gates apply and the record log,
//! its proofs, the change feed and the public API hold real entries. Field dates (`on`,
//! `served_on`…) lie in the month before `today`; the server's own clock stamps each act.
//!
//! Demo data is marked: case titles start with [`TITLE`] and party names end with [`PARTY`].
//! The seed runs once: when a case of a party named with [`PARTY`] exists it does nothing. It
//! is deterministic: the same requests with the same content in the same order every time
//! (only what the server generates — ids, case numbers, the draw's seed — differs).

mod acts;
mod cases;
mod client;
mod disclosure;
mod documents;
mod inspections;
mod penalty;
mod picture;
mod portal;
pub mod receiver;

use chrono::NaiveDate;
use client::{Api, Session};

/// Prefix of every demo case title.
pub const TITLE: &str = "【演示】";
/// Suffix of every demo party name (the marker the seed looks for).
pub const PARTY: &str = "（演示）";

/// What the seed needs: where the server listens and how to sign in.
pub struct DemoSeed {
    /// The server's base URL, e.g. `http://127.0.0.1:8080`.
    pub base: String,
    /// The demo users' password.
    pub demo_password: String,
    /// The `admin` password; without it the webhook endpoint and API key are left out.
    pub admin_password: Option<String>,
    /// Today on the server's clock (China): field dates count back from it.
    pub today: NaiveDate,
    /// Where the demo webhook endpoint points; none: no webhook endpoint.
    pub webhook_url: Option<String>,
}

/// What a seed did.
#[derive(Debug)]
pub enum Outcome {
    /// Demo cases exist already: nothing was done.
    AlreadySeeded,
    /// Seeded now.
    Seeded(Report),
}

/// What was seeded, and the parts that failed (each with its error); a failed part does not
/// stop the others.
#[derive(Debug, Default)]
pub struct Report {
    pub cases: usize,
    pub failed: Vec<String>,
}

/// The demo users, signed in, and the day the month of work ends.
pub(crate) struct Demo<'a> {
    pub officer: Session<'a>,
    pub officer2: Session<'a>,
    pub head: Session<'a>,
    pub reviewer: Session<'a>,
    pub editor: Session<'a>,
    pub today: NaiveDate,
}

impl Demo<'_> {
    /// The field date `n` days before today.
    pub fn day(&self, n: i64) -> NaiveDate {
        client::days_before(self.today, n)
    }
}

/// Seeds the demo once (see the module comment).
pub async fn seed(s: &DemoSeed) -> anyhow::Result<Outcome> {
    let api = Api::new(&s.base);
    let pw = s.demo_password.as_str();
    let officer = api.login("demo_officer", pw).await?;
    let marker = officer
        .get(&format!(
            "/api/v1/cases?limit=1&party={}",
            percent_encoding::utf8_percent_encode(PARTY, percent_encoding::NON_ALPHANUMERIC)
        ))
        .await?;
    if marker["items"].as_array().is_some_and(|a| !a.is_empty()) {
        return Ok(Outcome::AlreadySeeded);
    }
    let d = Demo {
        officer,
        officer2: api.login("demo_officer2", pw).await?,
        head: api.login("demo_approver", pw).await?,
        reviewer: api.login("demo_reviewer", pw).await?,
        editor: api.login("demo_editor", pw).await?,
        today: s.today,
    };
    let mut report = Report::default();
    let mut tally = |part: &str, r: anyhow::Result<usize>| match r {
        Ok(n) => report.cases += n,
        Err(e) => {
            tracing::warn!(part, error = %format!("{e:#}"), "demo seed: a part failed");
            report.failed.push(format!("{part}: {e:#}"));
        }
    };
    // The portal's endpoint first, so that it receives the publications that follow.
    match &s.admin_password {
        Some(p) => {
            let admin = api.login("admin", p).await;
            let r = match admin {
                Ok(a) => {
                    let r = documents::settings(&a).await;
                    tally("document settings", r.map(|()| 0));
                    portal::keys_and_hooks(&a, s.webhook_url.as_deref()).await
                }
                Err(e) => Err(e),
            };
            tally("API key and webhook", r.map(|()| 0));
        }
        None => tracing::info!(
            "demo seed: the admin password is unknown (SANXIANG_ADMIN_PASSWORD): no demo API key or webhook"
        ),
    }
    tally("penalty cases", penalty::seed(&d).await);
    tally(
        "enforcement documents",
        documents::seed(&d).await.map(|_| 0),
    );
    tally("simplified penalties", disclosure::seed(&d).await);
    tally("licences, fees, coercive measures", cases::seed(&d).await);
    tally("random inspection", inspections::seed(&d).await);
    tally("annual report", portal::annual_report(&d).await.map(|()| 0));
    Ok(Outcome::Seeded(report))
}

/// A party (organisation) for a demo case: a name marked as demo data and a credit code with
/// a right check character (GB 32100-2015), numbered `n`.
pub(crate) fn organisation(name: &str, n: u32) -> serde_json::Value {
    serde_json::json!({
        "kind": "organisation",
        "name": format!("{name}{PARTY}"),
        "id_type": "credit_code",
        "id_number": credit_code(n),
        "address": format!("桓仁满族自治县桓仁镇示范路{n}号"),
        "contact": "024-00000000",
        "legal_representative": "孙经理",
    })
}

/// A natural person for a demo case, with an identity number and an address: the 当场处罚决定书
/// names both (行政处罚法 art. 52).
pub(crate) fn person(name: &str) -> serde_json::Value {
    let n = name.bytes().map(u32::from).sum::<u32>() % 1000;
    serde_json::json!({
        "kind": "natural_person",
        "name": format!("{name}{PARTY}"),
        "id_type": "resident_id",
        "id_number": resident_id(n),
        "address": format!("桓仁满族自治县桓仁镇示范街{n}号"),
    })
}

/// A resident identity number (GB 11643-1999) of the county (210522), born 1980-01-01, with
/// sequence `n` and its check character.
pub(crate) fn resident_id(n: u32) -> String {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const CHECK: &[u8; 11] = b"10X98765432";
    let body = format!("21052219800101{:03}", n % 1000);
    let sum: u32 = body
        .bytes()
        .zip(WEIGHTS)
        .map(|(c, w)| u32::from(c - b'0') * w)
        .sum();
    let check = CHECK[(sum % 11) as usize] as char;
    format!("{body}{check}")
}

/// A case title marked as demo data.
pub(crate) fn title(t: &str) -> String {
    format!("{TITLE}{t}")
}

const CHARSET: &[u8] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS: [usize; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

/// A unified social credit code (GB 32100-2015) for the county (210522), numbered `n`.
pub(crate) fn credit_code(n: u32) -> String {
    let body = format!("91210522MA{n:07}");
    let sum: usize = body
        .bytes()
        .zip(WEIGHTS)
        .map(|(c, w)| CHARSET.iter().position(|x| *x == c).unwrap_or(0) * w)
        .sum();
    let check = CHARSET[(31 - sum % 31) % 31] as char;
    format!("{body}{check}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn resident_ids_parse() {
        for n in [0, 7, 999] {
            let id = super::resident_id(n);
            assert!(
                sanxiang_domain::party::ResidentId::parse(&id).is_ok(),
                "{id}"
            );
        }
    }

    #[test]
    fn credit_codes_have_18_characters_of_the_charset() {
        let c = super::credit_code(12);
        assert_eq!(c.len(), 18);
        assert!(c.bytes().all(|b| super::CHARSET.contains(&b)), "{c}");
        assert_ne!(c, super::credit_code(13));
    }
}
