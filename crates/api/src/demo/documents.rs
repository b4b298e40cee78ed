//! The demo's enforcement documents: the agency's document settings, then, on each demo penalty
//! case, the documents its current stage usually produces, generated through
//! `POST /api/v1/cases/{id}/documents` from the pre-filled forms the API offers (what an officer
//! does with the 生成 button).

use super::client::{text, Session};
use super::{Demo, PARTY};
use sanxiang_domain::case::Sanction;
use serde_json::{json, Value};

/// Issues the document `kind` of the case from its pre-filled form (the 生成 button) with the
/// officer's part, and `extra` on top (e.g. the sanction a 告知书 proposes before its notice,
/// 行政处罚法 art. 44; the service of a 送达回证): the acts these documents make come after.
pub(crate) async fn issue(
    d: &Demo<'_>,
    case: &Value,
    kind: &str,
    extra: Value,
) -> anyhow::Result<Value> {
    let id = text(case, "id")?;
    let docs = d
        .officer
        .get(&format!("/api/v1/cases/{id}/documents"))
        .await?;
    let prefill = docs["available"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|a| a["kind"] == kind)
        .map(|a| a["prefill"].clone())
        .unwrap_or_else(|| json!({}));
    let mut form = officer_part(d, &prefill);
    if let (Some(f), Some(e)) = (form.as_object_mut(), extra.as_object()) {
        for (k, v) in e {
            // One level deep: the service keeps the documents the form pre-fills.
            match (f.get_mut(k).and_then(Value::as_object_mut), v.as_object()) {
                (Some(inner), Some(add)) => {
                    for (k2, v2) in add {
                        inner.insert(k2.clone(), v2.clone());
                    }
                }
                _ => {
                    f.insert(k.clone(), v.clone());
                }
            }
        }
    }
    d.officer
        .post(
            &format!("/api/v1/cases/{id}/documents"),
            &json!({"kind": kind, "form": form}),
        )
        .await
}

/// A 告知书's own part: the sanction it proposes.
pub(crate) fn proposing(s: &Sanction) -> Value {
    json!({ "sanction": s })
}

/// A 送达回证's own part: served on `on` by hand to the party's representative (the form lists
/// what was served: the decision).
pub(crate) fn served(on: chrono::NaiveDate) -> Value {
    json!({"service": {"method": "direct", "recipient": "王示范", "served_on": on}})
}

/// The demo agency's document settings (administrator).
pub(crate) async fn settings(admin: &Session<'_>) -> anyhow::Result<()> {
    let cur = admin.get("/api/v1/document-settings").await?;
    if cur["version"].as_i64().unwrap_or(0) > 0 {
        return Ok(());
    }
    admin
        .put(
            "/api/v1/document-settings",
            &json!({"expected_version": 0, "settings": {
                "number_prefix": "桓财",
                "bank_account": {"bank": "中国工商银行桓仁支行（演示）", "account_name": "桓仁满族自治县财政局", "account_number": "0716 0000 0000 0000 000"},
                "reconsideration_organ": "桓仁满族自治县人民政府",
                "court": "桓仁满族自治县人民法院",
                "contact": "桓仁满族自治县桓仁镇示范路1号，电话 0414-0000000（演示）"
            }}),
        )
        .await?;
    Ok(())
}

/// What an officer writes beyond what the case holds (the form takes what its type needs).
fn officer_part(d: &Demo<'_>, prefill: &Value) -> Value {
    let mut form = prefill.clone();
    let set = |form: &mut Value, key: &str, v: Value| {
        if form
            .get(key)
            .is_none_or(|x| x.is_null() || x.as_array().is_some_and(|a| a.is_empty()))
        {
            form[key] = v;
        }
    };
    set(&mut form, "legal_representative", json!("王示范"));
    set(
        &mut form,
        "facts",
        json!("当事人未按规定保存会计凭证，经现场检查和询问查实。"),
    );
    set(
        &mut form,
        "violated",
        json!([{"law": "中华人民共和国会计法", "article": 23}]),
    );
    set(
        &mut form,
        "basis",
        json!([{"law": "中华人民共和国会计法", "article": 42, "paragraph": 1, "item": 3}]),
    );
    set(
        &mut form,
        "discretion",
        json!("首次违法，主动配合调查，按一般情节裁量。"),
    );
    set(
        &mut form,
        "text",
        json!("经审查，事实清楚，证据确凿，程序合法。"),
    );
    set(&mut form, "place", json!("当事人经营场所"));
    set(
        &mut form,
        "started_at",
        json!(format!("{}T09:00:00", d.day(20))),
    );
    set(
        &mut form,
        "ended_at",
        json!(format!("{}T10:00:00", d.day(20))),
    );
    set(
        &mut form,
        "persons_present",
        json!(["王示范（法定代表人）"]),
    );
    set(
        &mut form,
        "qa",
        json!([{"question": "你单位的会计凭证保存在哪里？", "answer": "部分凭证未能找到。"}]),
    );
    set(
        &mut form,
        "findings",
        json!("现场未见2025年度部分月份的会计凭证。"),
    );
    form
}

/// Generates the due documents of the demo penalty cases; answers how many were issued.
pub(crate) async fn seed(d: &Demo<'_>) -> anyhow::Result<usize> {
    let list = d
        .officer
        .get(&format!(
            "/api/v1/cases?kind=penalty&limit=100&party={}",
            percent_encoding::utf8_percent_encode(PARTY, percent_encoding::NON_ALPHANUMERIC)
        ))
        .await?;
    let mut issued = 0;
    for case in list["items"].as_array().into_iter().flatten() {
        let Some(id) = case["id"].as_str() else {
            continue;
        };
        let docs = d
            .officer
            .get(&format!("/api/v1/cases/{id}/documents"))
            .await?;
        for a in docs["available"].as_array().into_iter().flatten() {
            if a["due_now"] != true || a["issued"] == true {
                continue;
            }
            let body = json!({"kind": a["kind"], "form": officer_part(d, &a["prefill"])});
            // A document the case cannot have yet (e.g. no review opinion) is left for later.
            if d.officer
                .post(&format!("/api/v1/cases/{id}/documents"), &body)
                .await
                .is_ok()
            {
                issued += 1;
            }
        }
    }
    Ok(issued)
}
