//! `sanxiang verify-draw <url-or-file>`: recomputes a published random-inspection draw
//! (`GET /api/public/v1/draws/{id}`) from its public data alone — seed against the commitment,
//! snapshot against its hash, and the algorithm `sanxiang-draw-v1` against the published result.

use sanxiang_api_types::inspections::PublicDraw;
use sanxiang_domain::inspection::{verify_published, Published, VerifyReport, ALGORITHM};

/// Largest document read.
const MAX_BYTES: usize = 256 * 1024 * 1024;

/// Reads the draw from a file, or fetches it when `source` is an `http(s)://` URL.
pub fn load(source: &str) -> anyhow::Result<String> {
    if source.starts_with("http://") || source.starts_with("https://") {
        let url = source.to_owned();
        actix_web::rt::System::new().block_on(async move {
            let client = awc::Client::builder()
                .timeout(std::time::Duration::from_secs(60))
                .finish();
            let mut res = client
                .get(&url)
                .insert_header(("accept", "application/json"))
                .send()
                .await
                .map_err(|e| anyhow::anyhow!("GET {url}: {e}"))?;
            if !res.status().is_success() {
                anyhow::bail!("GET {url}: HTTP {}", res.status());
            }
            let body = res
                .body()
                .limit(MAX_BYTES)
                .await
                .map_err(|e| anyhow::anyhow!("GET {url}: {e}"))?;
            Ok(String::from_utf8(body.to_vec())?)
        })
    } else {
        Ok(std::fs::read_to_string(source)?)
    }
}

/// Parses and rechecks a draw document.
pub fn verify_json(text: &str) -> anyhow::Result<(PublicDraw, VerifyReport)> {
    let d: PublicDraw = serde_json::from_str(text)?;
    if d.algorithm != ALGORITHM {
        anyhow::bail!(
            "unknown algorithm `{}` (this tool knows {ALGORITHM})",
            d.algorithm
        );
    }
    let report = verify_published(&Published {
        commitment: &d.commitment,
        snapshot_hash: &d.snapshot_hash,
        snapshot: &d.snapshot,
        rules: &d.plan.rules,
        seed: d.seed.as_deref(),
        draw_date: d.draw_date,
        result: d.result.as_ref(),
    });
    Ok((d, report))
}

/// Runs the subcommand: prints what was checked; `Ok(false)` on a mismatch.
pub fn run(source: &str) -> anyhow::Result<bool> {
    let text = load(source)?;
    let (d, r) = verify_json(&text)?;
    println!("draw {} — {} ({})", d.id, d.plan.name, d.agency_name);
    println!(
        "pools: {} targets, {} inspectors, {} conflicts",
        d.snapshot.targets.len(),
        d.snapshot.inspectors.len(),
        d.snapshot.conflicts.len()
    );
    let mark = |b: Option<bool>| match b {
        Some(true) => "ok",
        Some(false) => "MISMATCH",
        None => "not yet published",
    };
    println!(
        "snapshot hash {}: {}",
        d.snapshot_hash,
        mark(Some(r.snapshot_hash_ok))
    );
    println!(
        "seed commitment {}: {}",
        d.commitment,
        mark(r.commitment_ok)
    );
    println!("result recomputed: {}", mark(r.result_ok));
    if let Some(out) = &r.recomputed {
        println!(
            "{} targets drawn on {}",
            out.selections.len(),
            d.draw_date.map(|x| x.to_string()).unwrap_or_default()
        );
    }
    if let Some(reason) = &d.cancel_reason {
        println!("cancelled: {reason}");
    }
    if let Some(diff) = &r.first_difference {
        println!("first difference: {diff}");
    }
    Ok(r.ok())
}
